package logreg

import "math"

// Influence holds the residuals and influence measures of one observation,
// with R's definitions (residuals.glm, hatvalues, cooks.distance, rstandard)
// for the binomial family, where an observation is a proportion y of w
// trials (w = 1 for binary data):
//
//	μ = σ(η),  v = w·μ(1 − μ)
//	response  = y − μ
//	pearson   = (y − μ)·√w / √(μ(1 − μ))
//	deviance  = sign(y − μ)·√(2w·[y·log(y/μ) + (1 − y)·log((1 − y)/(1 − μ))])
//	hat       = v·dᵀ·V·d,  V = I(β̂)⁻¹ the model's covariance
//	cooks     = pearson²·hat / (k·(1 − hat)²)
//	rstandard = residual / √(1 − hat)
//
// The leverages come from the information at the estimate, not from the
// weights of the previous iteration as R's do (R's differ by about 1e-9).
// An observation of weight 0 has zero residuals (but for Response), hat
// and Cook's distance, as in R.
type Influence struct {
	Fitted            float64 // μ
	ResidResponse     float64 // y − μ
	ResidPearson      float64
	ResidDeviance     float64
	Hat               float64 // the leverage, in [0, 1] on the fitted rows
	Cooks             float64 // Cook's distance
	RStandardDeviance float64 // the deviance residual over √(1 − hat)
	RStandardPearson  float64 // the Pearson residual over √(1 − hat)
}

// Influence returns the residuals and influence of the observation of
// design row x (of length [Model.Width]), response y in [0, 1] and prior
// weight w ≥ 0 (1 for binary data), as [Influence] defines them. It does
// not allocate. A response outside [0, 1] or a negative weight gives NaN
// fields; the caller checks its data.
//
// It panics if len(x) != m.Width() or if the model has no covariance.
func (m *Model) Influence(x []float64, y, w float64) Influence {
	if m.cov == nil {
		panic("logreg: model has no covariance")
	}
	return influence(m.LinearPredictor(x), m.cov, m.intercept, x, y, w)
}

// Influence is [Model.Influence] for the fit r on a design row x without
// the intercept's column. It panics if the length of x does not match r's
// coefficients or if r has no covariance.
func (r *Result) Influence(x []float64, y, w float64) Influence {
	if r.Cov == nil {
		panic("logreg: fit has no covariance")
	}
	b, b0 := r.Coef, 0.0
	if r.Intercept {
		b0, b = b[0], b[1:]
	}
	if len(x) != len(b) {
		panic("logreg: row length mismatch")
	}
	return influence(rowEta(x, b, b0), r.Cov.RawData(), r.Intercept, x, y, w)
}

func influence(eta float64, cov []float64, intercept bool, x []float64, y, w float64) Influence {
	if !(y >= 0 && y <= 1 && w >= 0) {
		n := math.NaN()
		return Influence{n, n, n, n, n, n, n, n}
	}
	o := at(eta)
	in := Influence{Fitted: o.mu, ResidResponse: y - o.mu}
	if y == 1 {
		in.ResidResponse = o.q
	}
	if w == 0 {
		return in
	}
	k := float64(len(x))
	if intercept {
		k++
	}
	r := in.ResidResponse
	in.ResidPearson = r * math.Sqrt(w/o.v)
	d := 2 * w * nll(y, o) // y = 0 or 1
	if y > 0 && y < 1 {
		// y·log(y/μ) + (1 − y)·log((1 − y)/(1 − μ)) through r = y − μ,
		// whose first-order terms cancel instead of whole logarithms.
		d = 2 * w * (y*math.Log1p(r/o.mu) + (1-y)*math.Log1p(-r/o.q))
	}
	in.ResidDeviance = math.Copysign(math.Sqrt(max(d, 0)), r)
	if r == 0 {
		in.ResidDeviance = 0
	}
	h := w * o.v * quadForm(cov, intercept, x)
	in.Hat = h
	in.Cooks = in.ResidPearson * in.ResidPearson * h / (k * (1 - h) * (1 - h))
	s := math.Sqrt(1 - h)
	in.RStandardDeviance = in.ResidDeviance / s
	in.RStandardPearson = in.ResidPearson / s
	return in
}
