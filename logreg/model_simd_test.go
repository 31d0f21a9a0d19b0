//go:build goexperiment.simd && amd64 && !race

package logreg

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestModelSIMD checks the AVX-512 exponential and logarithm against the
// portable ones bit for bit, and the AVX-512 model against model's rows.
func TestModelSIMD(t *testing.T) {
	if !haveSIMD {
		t.Skip("no AVX-512")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	n := 1000
	eta := make([]float64, n)
	for i := range eta {
		eta[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(6)-3))
	}
	eta[5], eta[6], eta[17] = 0, math.Copysign(0, -1), -800
	got := make([]float64, n)
	if expNegAbsSIMD(got, eta) != n&^7 {
		t.Fatal("expNegAbsSIMD did not do the leading blocks")
	}
	for i := range n &^ 7 {
		if want := expNegAbs1(eta[i]); got[i] != want {
			t.Fatalf("exp(−|%v|): got %v, want %v", eta[i], got[i], want)
		}
	}
	e := append([]float64(nil), got...)
	l := make([]float64, n)
	log1pUnitsSIMD(l, e)
	want := make([]float64, n)
	for i := range n &^ 7 {
		log1pUnits(want[i:i+1], e[i:i+1])
		if l[i] != want[i] {
			t.Fatalf("log1p(%v): got %v, want %v", e[i], l[i], want[i])
		}
	}

	// The model: rows one at a time take the portable path.
	y := make([]float64, n)
	for i := range y {
		y[i] = float64(rng.IntN(2))
	}
	y[900] = 0.5 // the blocks from here on are left to the portable path
	w := make([]float64, n)
	for i := range w {
		w[i] = float64(rng.IntN(4)) // some zero weights
	}
	for _, tc := range []struct {
		start bool
		w     []float64
	}{{false, nil}, {true, nil}, {false, w}, {true, w}} {
		start := tc.start
		v, r := make([]float64, n), make([]float64, n)
		dev, boundary := model(v, r, eta, y, tc.w, start)
		wantDev, wantBoundary := 0.0, 0
		for i := range n {
			var v1, r1 [1]float64
			var w1 []float64
			if tc.w != nil {
				w1 = tc.w[i : i+1]
			}
			d, b := model(v1[:], r1[:], eta[i:i+1], y[i:i+1], w1, start)
			wantDev += d
			wantBoundary += b
			if v[i] != v1[0] || r[i] != r1[0] {
				t.Fatalf("start %v, weights %v, row %d (η %v, y %v): got v %v r %v, want %v %v", start, tc.w != nil, i, eta[i], y[i], v[i], r[i], v1[0], r1[0])
			}
		}
		if math.Abs(dev-wantDev) > 1e-12*wantDev || boundary != wantBoundary {
			t.Errorf("start %v, weights %v: got deviance %v, %d boundary fits, want %v, %d", start, tc.w != nil, dev, boundary, wantDev, wantBoundary)
		}
	}
}
