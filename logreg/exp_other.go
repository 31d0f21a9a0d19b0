//go:build !amd64 || purego

package logreg

// expNegAbsSIMD does nothing: this build has only the portable exponential.
func expNegAbsSIMD(dst, eta []float64) int { return 0 }

// log1pUnitsSIMD does nothing: this build has only the portable logarithm.
func log1pUnitsSIMD(dst, e []float64) int { return 0 }
