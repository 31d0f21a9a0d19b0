//go:build amd64 && !purego

package logreg

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/a1bed000/logreg/internal/cpu"
)

// TestExpNegAbsAVX2 checks the AVX2 exponential against the portable one bit
// for bit, over magnitudes from 1e-3 to 1e3 with signed zeros and values
// whose results are subnormal or zero (left to math.Exp) at every position
// of a vector, and lengths that end inside one.
func TestExpNegAbsAVX2(t *testing.T) {
	if !cpu.AVX2 {
		t.Skip("no AVX2")
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{0, 1, 3, 4, 5, 8, 127, 1000} {
		eta := make([]float64, n)
		for i := range eta {
			eta[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3))
		}
		for i := 0; i+1 < n; i += 37 {
			eta[i], eta[i+1] = -800, math.Copysign(0, -1)
		}
		if n > 10 {
			eta[9], eta[10] = 745.5, -708.0000001
		}
		got := make([]float64, n)
		done := expNegAbsSIMD(got, eta)
		if done != n&^3 {
			t.Fatalf("n=%d: expNegAbsSIMD did %d values, want %d", n, done, n&^3)
		}
		want := make([]float64, n)
		for i := range done {
			expNegAbs(want[i:i+1], eta[i:i+1])
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Errorf("n=%d: exp(−|%v|): got %v, want %v", n, eta[i], got[i], want[i])
			}
		}
	}
}

// TestLog1pUnitsAVX2 checks the AVX2 log(1 + e) against the portable one bit
// for bit over [0, 1]: uniform values, tiny and subnormal ones, and both
// sides of the switch at √2 − 1.
func TestLog1pUnitsAVX2(t *testing.T) {
	if !cpu.AVX2 {
		t.Skip("no AVX2")
	}
	rng := rand.New(rand.NewPCG(11, 12))
	cut := math.Sqrt2 - 1
	special := []float64{0, 1, cut, math.Nextafter(cut, 0), math.Nextafter(cut, 1), 5e-324, 1e-300, 1e-17, 0.5}
	for _, n := range []int{0, 3, 4, 7, 1001} {
		e := make([]float64, n)
		for i := range e {
			e[i] = rng.Float64()
			if i%3 == 0 {
				e[i] = math.Exp(-rng.Float64() * 700)
			}
			if i%11 == 0 {
				e[i] = special[(i/11)%len(special)]
			}
		}
		got := make([]float64, n)
		done := log1pUnitsSIMD(got, e)
		if done != n&^3 {
			t.Fatalf("n=%d: log1pUnitsSIMD did %d values, want %d", n, done, n&^3)
		}
		want := make([]float64, 1)
		for i := range done {
			log1pUnits(want, e[i:i+1])
			if math.Float64bits(got[i]) != math.Float64bits(want[0]) {
				t.Errorf("n=%d: log1p(%v): got %v, want %v", n, e[i], got[i], want[0])
			}
		}
	}
}
