//go:build amd64 && !purego

package logreg

import "github.com/a1bed000/logreg/internal/cpu"

// modelRowsSIMD is modelRows for the first len(eta)/4·4 rows with AVX2,
// four at a time, with the same operations (no fused multiply-adds) and
// the deviance terms added to dev one by one in the order of the rows, so
// the same results bit for bit. Four rows of which one has a response
// other than 0 or 1 (whose term needs xlogx), or an η or a weight that is
// infinite or NaN, take the portable path. So the kernel meets no NaN but
// a sum that is one already, and its results do not depend on which of
// two NaNs an operation returns, which Go leaves to the compiler (race
// builds order the operands of the deviance sum differently). It returns
// the sum, the number of boundary fits and the number of rows done.
func modelRowsSIMD(v, r, eta, y, w []float64, start bool, dev float64) (float64, int, int) {
	if !cpu.AVX2 {
		return dev, 0, 0
	}
	n := len(eta) &^ 3
	v, r, y = v[:n], r[:n], y[:n]
	var ws []float64 // nil, or w from row i to n
	boundary := 0
	for i := 0; i < n; {
		if w != nil {
			ws = w[i:n]
		}
		d, nb, k := modelRowsAVX2(v[i:], r[i:], eta[i:n], y[i:], ws, start, dev)
		dev, boundary, i = d, boundary+nb, i+k
		if i < n {
			if w != nil {
				ws = w[i : i+4]
			}
			d, nb := modelRows(v[i:i+4], r[i:i+4], eta[i:i+4], y[i:i+4], ws, start, dev)
			dev, boundary, i = d, boundary+nb, i+4
		}
	}
	return dev, boundary, n
}

// modelRowsAVX2 does modelRows for the rows of eta up to its last whole
// vector or to the first vector that modelRowsSIMD leaves to modelRows;
// len(v), len(r), len(y) ≥ len(eta), and w is nil or as long as eta.
//
//go:noescape
func modelRowsAVX2(v, r, eta, y, w []float64, start bool, dev float64) (sum float64, boundary, n int)
