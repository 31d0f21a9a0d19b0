//go:build !purego

package logreg

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/a1bed000/logreg/internal/cpu"
)

// TestPredictAVX2 checks the AVX2 scoring kernel against rowEta and
// Sigmoid bit for bit, for widths 0 to 21 (every remainder after the
// whole vectors of a row), row counts that end inside a group of four,
// linear predictors in the tails and NaN and infinite entries; and that
// with probabilities it stops exactly at the first group of four with a
// linear predictor beyond Sigmoid's fast path.
func TestPredictAVX2(t *testing.T) {
	if !cpu.AVX2 {
		t.Skip("no AVX2")
	}
	t.Parallel()
	rng := rand.New(rand.NewPCG(41, 42))
	for c := 0; c <= 21; c++ {
		for _, n := range []int{0, 1, 3, 4, 5, 8, 13, 203} {
			x, b := dotRows(rng, n, c)
			b0 := rng.NormFloat64()
			if c%3 == 1 {
				b0 = math.Copysign(0, -1)
			}
			tailRows(rng, x, b, n, c, b0)
			for _, prob := range []bool{false, true} {
				got := make([]float64, n)
				for i := 0; i < n; {
					done := predictVec(got[i:], x[i*c:], b, b0, prob)
					// The group where it stopped.
					stop := i + done
					wantStop := n &^ 3
					for g := i; g < n&^3; g += 4 {
						if prob && !fastGroup(x[g*c:(g+4)*c], b, b0) {
							wantStop = g
							break
						}
					}
					if stop != wantStop {
						t.Fatalf("c=%d n=%d prob %v: from row %d, done up to %d, want %d", c, n, prob, i, stop, wantStop)
					}
					for j := i; j < stop; j++ {
						want := rowEta(x[j*c:j*c+c], b, b0)
						if prob {
							want = Sigmoid(want)
						}
						if !sameFloat(got[j], want) {
							t.Fatalf("c=%d n=%d prob %v row %d: got %v, want %v", c, n, prob, j, got[j], want)
						}
					}
					i = stop + 4
				}
			}
		}
	}
}

// fastGroup reports whether each row of x has a linear predictor that
// Sigmoid's exponential takes on its fast path, |η| ≤ 700.
func fastGroup(x, b []float64, b0 float64) bool {
	c := len(b)
	for i := range len(x) / max(c, 1) {
		if !(math.Abs(rowEta(x[i*c:i*c+c], b, b0)) <= 700) {
			return false
		}
	}
	return c > 0 || math.Abs(b0) <= 700
}

// TestSigmoidAVX2 checks the AVX2 kernel's probabilities against Sigmoid
// bit for bit on many linear predictors of a fitted model's range: a
// fused multiply-add in either (a compiler for GOAMD64=v3 fuses x·y + z
// unless the product is converted) changes a few in ten thousand.
func TestSigmoidAVX2(t *testing.T) {
	if !cpu.AVX2 {
		t.Skip("no AVX2")
	}
	t.Parallel()
	rng := rand.New(rand.NewPCG(43, 44))
	eta := make([]float64, 1<<18)
	for i := range eta {
		eta[i] = 5 * rng.NormFloat64()
	}
	got := make([]float64, len(eta))
	if done := predictVec(got, eta, []float64{1}, 0, true); done != len(eta) {
		t.Fatalf("done %d values, want %d", done, len(eta))
	}
	bad := 0
	for i, z := range eta {
		if want := Sigmoid(z); math.Float64bits(got[i]) != math.Float64bits(want) {
			if bad++; bad <= 5 {
				t.Errorf("σ(%v): got %v, want %v", z, got[i], want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d values differ", bad, len(eta))
	}
}
