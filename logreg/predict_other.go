//go:build !amd64 || purego

package logreg

// predictVec does nothing: this build scores rows with the portable loop.
func predictVec(dst, x, b []float64, b0 float64, prob bool) int { return 0 }
