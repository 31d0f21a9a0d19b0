//go:build !purego

package logreg

// colMaxVec is colMaxRows with AVX2, the same maxima bit for bit; it
// reports done = false, and does nothing, without AVX2 or columns.
func colMaxVec(m, x []float64) (ok, done bool) {
	if !haveVec || len(m) == 0 {
		return false, false
	}
	if len(x)%len(m) != 0 {
		panic("logreg: dimension mismatch")
	}
	return colMaxAVX2(m, x), true
}

// colMaxAVX2 is colMaxVec with len(m) > 0 and len(x) a multiple of it.
//
//go:noescape
func colMaxAVX2(m, x []float64) bool
