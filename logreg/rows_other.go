//go:build !amd64 || purego

package logreg

// modelRowsSIMD does nothing: this build has only the portable loops.
func modelRowsSIMD(v, r, eta, y, w []float64, start bool, dev float64) (float64, int, int) {
	return dev, 0, 0
}
