package logreg

import "math"

// Prediction is the prediction of one row with its uncertainty, as R's
// predict.glm(se.fit = TRUE) gives it on the link and response scales.
type Prediction struct {
	Eta   float64 // the linear predictor η = d·β
	SEEta float64 // its standard error √(dᵀ·V·d)
	Prob  float64 // the probability μ = σ(η)
	// SEProb is the standard error of Prob by the delta method,
	// SEEta·μ(1 − μ).
	SEProb float64
	// Lower and Upper bound the interval through the link,
	// σ(η ∓ z·SEEta); they lie in [0, 1], unlike μ ∓ z·SEProb.
	Lower, Upper float64
}

// PredictSE returns the prediction of the design row x (of length
// [Model.Width]) with its standard errors from the model's covariance V:
//
//	d = [1 x] or x,  se_η = √(dᵀ·V·d),  se_μ = se_η·μ(1 − μ),
//	[lower, upper] = [σ(η − z·se_η), σ(η + z·se_η)]
//
// where z is the normal quantile of the interval, such as
// NormalQuantile(0.975) = 1.959964… for 95% ([NormalQuantile]). Eta and
// Prob are bit for bit those of [Model.LinearPredictor] and
// [Model.Predict]. PredictSE does not allocate.
//
// It panics if len(x) != m.Width() or if the model has no covariance
// (test with [Model.Cov] or [Model.HasCov]).
func (m *Model) PredictSE(x []float64, z float64) Prediction {
	if m.cov == nil {
		panic("logreg: model has no covariance")
	}
	eta := m.LinearPredictor(x)
	se := math.Sqrt(max(quadForm(m.cov, m.intercept, x), 0))
	mu := Sigmoid(eta)
	return Prediction{
		Eta: eta, SEEta: se, Prob: mu, SEProb: se * mu * (1 - mu),
		Lower: Sigmoid(eta - z*se), Upper: Sigmoid(eta + z*se),
	}
}

// HasCov reports whether the model has a covariance, which [Model.PredictSE]
// needs.
func (m *Model) HasCov() bool { return m.cov != nil }

// quadForm returns dᵀ·V·d, d = [1 x] (intercept) or x, over the upper
// triangle of the k×k row-major V:
//
//	Σ_i d_i·(d_i·V_ii + 2·Σ_{j>i} V_ij·d_j)
func quadForm(v []float64, intercept bool, x []float64) float64 {
	off := 0
	if intercept {
		off = 1
	}
	k := len(x) + off
	q := 0.0
	for i := range k {
		di := 1.0
		if i >= off {
			di = x[i-off]
		}
		if di == 0 {
			continue
		}
		row := v[i*k : i*k+k]
		s := 0.0
		for j := i + 1; j < k; j++ {
			s += row[j] * x[j-off]
		}
		q += di * (di*row[i] + 2*s)
	}
	return q
}
