//go:build !goexperiment.simd || !amd64 || race

package logreg

// In this build the per-row model has only its portable form, but on amd64
// for the exponential and the logarithm (exp_amd64.go) and the weights,
// residuals and deviance terms (rows_amd64.go).

func modelSIMD(v, r, eta, y, w []float64, start bool) (dev float64, boundary, n int) {
	return 0, 0, 0
}
