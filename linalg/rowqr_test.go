package linalg

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRowQRGram checks RᵀR = AᵀA on random data.
func TestRowQRGram(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	const n, k = 200, 6
	a := NewDense(n, k, nil)
	var q RowQR
	q.Reset(k)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			a.Set(i, j, rng.NormFloat64()+float64(j))
		}
		q.AddRow(a.RawRow(i), 1)
	}
	var g Dense
	GramTo(&g, a, nil, false)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			var s float64
			for l := 0; l < k; l++ {
				s += q.r[l*k+i] * q.r[l*k+j]
			}
			if e := math.Abs(s - g.At(i, j)); e > 1e-12*g.At(i, i) {
				t.Errorf("(RᵀR)[%d,%d]: got %g, want %g", i, j, s, g.At(i, j))
			}
		}
	}
	if col, _ := q.FirstDependent(1e-7); col != -1 {
		t.Errorf("full-rank matrix: got dependent column %d, want -1", col)
	}
}

// TestRowQRDependent checks that an exactly dependent column is found where
// the Gram matrix's Cholesky pivot is lost in rounding.
func TestRowQRDependent(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	const n, k = 100000, 12
	var q RowQR
	q.Reset(k)
	row := make([]float64, k)
	for i := 0; i < n; i++ {
		row[0] = 1
		s := 0.0
		for j := 1; j < k-1; j++ {
			row[j] = rng.NormFloat64()*float64(j) + float64(j*j)
			if j%3 == 0 {
				s += 1.37 * row[j]
			}
		}
		row[k-1] = s
		q.AddRow(row, 1)
	}
	col, ratio := q.FirstDependent(1e-7)
	if col != k-1 || ratio > 1e-12 {
		t.Errorf("got column %d ratio %g, want %d and a ratio at rounding level", col, ratio, k-1)
	}
}
