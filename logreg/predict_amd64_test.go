//go:build !purego

package logreg

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/a1bed000/logreg/internal/cpu"
)

// TestEtaAVX2 checks the AVX2 linear predictors against rowEta bit for
// bit, for widths 0 to 21 (every remainder after the whole vectors of a
// row) and row counts that end inside a group of four, with linear
// predictors in the tails and NaN and infinite entries.
func TestEtaAVX2(t *testing.T) {
	if !cpu.AVX2 {
		t.Skip("no AVX2")
	}
	t.Parallel()
	rng := rand.New(rand.NewPCG(41, 42))
	for c := 0; c <= 21; c++ {
		for _, n := range []int{0, 1, 3, 4, 5, 8, 13, 203} {
			x, b := dotRows(rng, n, c)
			b0 := rng.NormFloat64()
			tailRows(rng, x, b, n, c, b0)
			got := make([]float64, n)
			done := etaVec(got, x, b, b0)
			if want := n &^ 3; n < 4 && done != 0 || n >= 4 && done != want {
				t.Fatalf("c=%d n=%d: done %d rows, want %d", c, n, done, want)
			}
			for i := range done {
				if want := rowEta(x[i*c:i*c+c], b, b0); !sameFloat(got[i], want) {
					t.Fatalf("c=%d n=%d row %d: got %v, want %v", c, n, i, got[i], want)
				}
			}
		}
	}
}

// TestSigmoidAVX2 checks the AVX2 probabilities against Sigmoid bit for
// bit: on many values of a fitted model's range (a fused multiply-add in
// either, which a compiler for GOAMD64=v3 makes of x·y + z unless the
// product is converted, changes a few in ten thousand), and on values at
// and beyond the ends of the fast path (|z| = 700, 708, 745, infinities,
// NaN) at every position of a vector, where it must stop at the first
// vector that holds one beyond.
func TestSigmoidAVX2(t *testing.T) {
	if !cpu.AVX2 {
		t.Skip("no AVX2")
	}
	t.Parallel()
	rng := rand.New(rand.NewPCG(43, 44))
	z := make([]float64, 1<<18)
	for i := range z {
		z[i] = 5 * rng.NormFloat64()
	}
	got := append([]float64(nil), z...)
	if done := sigmoidVec(got); done != len(z) {
		t.Fatalf("done %d values, want %d", done, len(z))
	}
	bad := 0
	for i := range z {
		if want := Sigmoid(z[i]); math.Float64bits(got[i]) != math.Float64bits(want) {
			if bad++; bad <= 5 {
				t.Errorf("σ(%v): got %v, want %v", z[i], got[i], want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d values differ", bad, len(z))
	}

	edge := []float64{699.99, 700, math.Nextafter(700, 701), 704, 708, 708.01, 745.2, 746, 1e300, math.Inf(1), math.NaN(), 0, 1e-300}
	for _, n := range []int{3, 4, 7, 8, 9, 16} {
		for pos := range n {
			for _, e := range edge {
				for _, sign := range []float64{1, -1} {
					z := make([]float64, n)
					for i := range z {
						z[i] = rng.NormFloat64()
					}
					z[pos] = sign * e
					got := append([]float64(nil), z...)
					done := sigmoidVec(got)
					want := n &^ 3
					if !(math.Abs(z[pos]) <= 700) && pos < want {
						want = pos &^ 3
					}
					if done != want {
						t.Fatalf("n=%d, %v at %d: done %d values, want %d", n, z[pos], pos, done, want)
					}
					for i := range done {
						if !sameFloat(got[i], Sigmoid(z[i])) {
							t.Fatalf("n=%d, %v at %d: σ(%v): got %v, want %v", n, z[pos], pos, z[i], got[i], Sigmoid(z[i]))
						}
					}
					for i := done; i < n; i++ {
						if !sameFloat(got[i], z[i]) {
							t.Fatalf("n=%d, %v at %d: value %d not done changed from %v to %v", n, z[pos], pos, i, z[i], got[i])
						}
					}
				}
			}
		}
	}
}
