//go:build !purego

package logreg

import "github.com/a1bed000/logreg/internal/cpu"

// haveVec reports whether etaVec and sigmoidVec score with AVX2.
var haveVec = cpu.AVX2

// etaVec sets dst[i] to rowEta of row i of x (len(b) entries a row) under
// b and b0, with AVX2 four rows at a time and the same operations (no
// fused multiply-adds), so the same results bit for bit. It does the rows
// up to the last group of four and returns their number.
func etaVec(dst, x, b []float64, b0 float64) int {
	if !haveVec || len(dst) < 4 {
		return 0
	}
	if len(x) < len(dst)*len(b) {
		panic("logreg: dimension mismatch")
	}
	return etaAVX2(dst, x, b, b0)
}

// sigmoidVec sets z[i] to [Sigmoid](z[i]) with AVX2, four values at a time
// with the same operations, so the same results bit for bit. It does the
// values up to the last whole vector of four, or to the first vector that
// holds a value beyond Sigmoid's fast path (|z| > 700 or NaN), and returns
// their number.
func sigmoidVec(z []float64) int {
	if !haveVec {
		return 0
	}
	return sigmoidAVX2(z)
}

//go:noescape
func etaAVX2(dst, x, b []float64, b0 float64) int

//go:noescape
func sigmoidAVX2(z []float64) int
