//go:build !purego

package logreg

import "github.com/a1bed000/logreg/internal/cpu"

// predictVec sets dst[i] to rowEta of row i of x (len(b) entries a row)
// under b and b0, or to its [Sigmoid] when prob is set, with AVX2 four rows
// at a time and the same operations (no fused multiply-adds), so the same
// results bit for bit. It does the rows up to the last group of four, or
// with prob up to the first group that holds a linear predictor beyond
// Sigmoid's fast path (|η| > 700 or NaN), and returns their number.
func predictVec(dst, x, b []float64, b0 float64, prob bool) int {
	if !cpu.AVX2 || len(dst) < 4 {
		return 0
	}
	if len(x) < len(dst)*len(b) {
		panic("logreg: dimension mismatch")
	}
	return predictAVX2(dst, x, b, b0, prob)
}

//go:noescape
func predictAVX2(dst, x, b []float64, b0 float64, prob bool) int
