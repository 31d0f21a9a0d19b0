//go:build !amd64 || purego

package logreg

// colMaxVec does nothing: this build has only the portable loop.
func colMaxVec(m, x []float64) (ok, done bool) { return false, false }
