package logreg

import (
	"github.com/a1bed000/logreg/linalg"
)

// The building blocks below are the article's derivation, one function per
// formula. [Fit] computes the same quantities in one fused pass over the rows
// without allocating; these are for study, testing and custom loops.
//
// In each, D is the design matrix: [1 X] when intercept is true, X otherwise,
// and w are prior weights (nil means all 1).

// LogLikelihood returns the log-likelihood of the coefficients beta,
//
//	ℓ(β) = Σ w_i·[y_i·log μ_i + (1 − y_i)·log(1 − μ_i)],  μ = σ(D·β),
//
// computed from the linear predictor with [Log1pExp], so it is finite even
// when μ_i rounds to 0 or 1. It panics if the lengths do not match.
func LogLikelihood(x *linalg.Dense, y, w, beta []float64, intercept bool) float64 {
	eta := linearPredictor(x, y, w, beta, intercept)
	var ll float64
	for i, e := range eta {
		o := at(e)
		ll -= weightAt(w, i) * (y[i]*o.nlmu + (1-y[i])*o.nlq)
	}
	return ll
}

// Gradient sets dst to the gradient of the log-likelihood (the score),
//
//	∇ℓ(β) = Dᵀ·w·(y − μ).
//
// It panics if the lengths do not match.
func Gradient(dst []float64, x *linalg.Dense, y, w, beta []float64, intercept bool) {
	eta := linearPredictor(x, y, w, beta, intercept)
	for i, e := range eta {
		eta[i] = weightAt(w, i) * (y[i] - Sigmoid(e))
	}
	linalg.MulTransVecTo(dst, x, eta, intercept)
}

// Hessian sets dst to the Hessian of the log-likelihood,
//
//	∇²ℓ(β) = −Dᵀ·diag(w·μ·(1 − μ))·D,
//
// which for the logistic model is minus the Fisher information and does not
// depend on y. dst is resized to k×k. It panics if the lengths do not match.
func Hessian(dst *linalg.Dense, x *linalg.Dense, w, beta []float64, intercept bool) {
	eta := linearPredictor(x, nil, w, beta, intercept)
	for i, e := range eta {
		eta[i] = weightAt(w, i) * at(e).v
	}
	linalg.GramTo(dst, x, eta, intercept)
	linalg.Scale(-1, dst.RawData())
}

// NewtonStep sets dst to the Newton–Raphson update
//
//	β_new = β − H⁻¹·g
//
// for the gradient g and Hessian H of a concave log-likelihood, solving the
// system with a Cholesky factorization of −H rather than inverting H.
// dst may alias beta. It returns an error wrapping
// [linalg.ErrNotPositiveDefinite] if −H is not positive definite.
func NewtonStep(dst, beta, grad []float64, hess *linalg.Dense) error {
	k := len(beta)
	if r, c := hess.Dims(); r != k || c != k || len(grad) != k || len(dst) != k {
		panic("logreg: dimension mismatch")
	}
	neg := linalg.NewDense(k, k, nil)
	neg.CopyFrom(hess)
	linalg.Scale(-1, neg.RawData())
	var ch linalg.Cholesky
	if err := ch.Factorize(neg); err != nil {
		return err
	}
	step := make([]float64, k)
	ch.SolveVecTo(step, grad) // (−H)⁻¹·g
	for j := range dst {
		dst[j] = beta[j] + step[j]
	}
	return nil
}

// linearPredictor returns η = D·β in a new slice, checking lengths.
func linearPredictor(x *linalg.Dense, y, w, beta []float64, intercept bool) []float64 {
	n, _ := x.Dims()
	if (y != nil && len(y) != n) || (w != nil && len(w) != n) {
		panic("logreg: dimension mismatch")
	}
	eta := make([]float64, n)
	linalg.MulVecTo(eta, x, beta, intercept)
	return eta
}

func weightAt(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}
