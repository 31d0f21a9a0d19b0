//go:build !purego

package logreg

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/a1bed000/logreg/internal/cpu"
)

// TestColMaxAVX2 checks the AVX2 column maxima against colMaxGo bit for
// bit, for widths 1 to 37 (every position in a block of 16 columns and
// past it) and row counts 0 to 100 (rows read whole and, near the end of x,
// with masks), on maxima that start at 0 and above, and that both report
// the NaN and infinite entries at every position.
func TestColMaxAVX2(t *testing.T) {
	if !cpu.AVX2 {
		t.Skip("no AVX2")
	}
	t.Parallel()
	rng := rand.New(rand.NewPCG(51, 52))
	for c := 1; c <= 37; c++ {
		for _, n := range []int{0, 1, 2, 3, 5, 8, 9, 17, 40, 100} {
			x := make([]float64, n*c)
			for i := range x {
				x[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
				if rng.IntN(9) == 0 {
					x[i] = math.Copysign(0, -1)
				}
			}
			start := make([]float64, c)
			for j := range start {
				if rng.IntN(3) == 0 {
					start[j] = rng.Float64()
				}
			}
			want, got := slices.Clone(start), slices.Clone(start)
			if !colMaxGo(want, x) {
				t.Fatalf("c=%d n=%d: colMaxGo reports an entry that is not finite", c, n)
			}
			ok, done := colMaxVec(got, x)
			if !done || !ok {
				t.Fatalf("c=%d n=%d: colMaxVec: ok %v, done %v, want true, true", c, n, ok, done)
			}
			for j := range want {
				if math.Float64bits(got[j]) != math.Float64bits(want[j]) {
					t.Fatalf("c=%d n=%d column %d: got %v, want %v", c, n, j, got[j], want[j])
				}
			}
			for i := range x {
				if n > 17 && i >= c && i < len(x)-2*c {
					continue // the first and last two rows of the larger
				}
				for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
					old := x[i]
					x[i] = bad
					vok, _ := colMaxVec(slices.Clone(start), x)
					gok := colMaxGo(slices.Clone(start), x)
					x[i] = old
					if vok || gok {
						t.Fatalf("c=%d n=%d: %v at %d: colMaxVec ok %v, colMaxGo ok %v, want false", c, n, bad, i, vok, gok)
					}
				}
			}
		}
	}
}
