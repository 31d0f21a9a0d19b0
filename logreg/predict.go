package logreg

import (
	"github.com/a1bed000/logreg/linalg"
)

// LinearPredictorTo sets dst to the linear predictor η = D·β (the log-odds)
// for the rows of x, which must have the columns the model was fitted on.
// It panics if the dimensions do not match.
func (r *Result) LinearPredictorTo(dst []float64, x *linalg.Dense) {
	linalg.MulVecTo(dst, x, r.Coef, r.Intercept)
}

// PredictTo sets dst to the fitted probabilities σ(D·β) for the rows of x,
// which must have the columns the model was fitted on. It panics if the
// dimensions do not match.
func (r *Result) PredictTo(dst []float64, x *linalg.Dense) {
	r.LinearPredictorTo(dst, x)
	for i, e := range dst {
		dst[i] = Sigmoid(e)
	}
}

// ClassifyTo sets dst[i] to 1 when the fitted probability of row i of x is
// at least threshold and to 0 otherwise; 0.5 is the usual threshold, 0
// classifies every row as 1. It panics if threshold is not in [0, 1] or the
// dimensions do not match.
func (r *Result) ClassifyTo(dst []float64, x *linalg.Dense, threshold float64) {
	if !(threshold >= 0 && threshold <= 1) {
		panic("logreg: threshold outside [0, 1]")
	}
	r.PredictTo(dst, x)
	for i, p := range dst {
		if p >= threshold {
			dst[i] = 1
		} else {
			dst[i] = 0
		}
	}
}
