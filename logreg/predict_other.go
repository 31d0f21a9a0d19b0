//go:build !amd64 || purego

package logreg

// haveVec is false: etaVec and sigmoidVec do nothing.
const haveVec = false

// etaVec does nothing: this build scores rows with the portable loop.
func etaVec(dst, x, b []float64, b0 float64) int { return 0 }

// sigmoidVec does nothing: this build has only the portable Sigmoid.
func sigmoidVec(z []float64) int { return 0 }
