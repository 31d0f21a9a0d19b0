//go:build amd64 && !purego

package logreg

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/a1bed000/logreg/internal/cpu"
)

// TestModelRowsAVX2 checks the AVX2 end of the per-row model against the
// portable loops bit for bit (v, r, the deviance and the boundary count)
// on the same rows: η of every sign and magnitude with signed zeros,
// infinities and NaNs, responses 0, 1 and proportions, unit, zero,
// positive, infinite and NaN weights, at the starting values or not, lengths 0 to 37 and
// starts that are not a multiple of four rows.
func TestModelRowsAVX2(t *testing.T) {
	if !cpu.AVX2 {
		t.Skip("no AVX2")
	}
	rng := rand.New(rand.NewPCG(13, 14))
	special := []float64{0, math.Copysign(0, -1), 1e-300, -1e-300, 36, -36, 40, -40, 708, -708, 709, -745.5, 800, math.Inf(1), math.Inf(-1), math.NaN()}
	const size = 40
	for trial := range 400 {
		n := trial % 38
		off := rng.IntN(3)
		fractional := trial%5 == 0
		weighted := trial%3 != 0
		start := trial%2 == 0
		eta, y, w := make([]float64, size), make([]float64, size), make([]float64, size)
		for i := range eta {
			eta[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(6)-3))
			if rng.IntN(8) == 0 {
				eta[i] = special[rng.IntN(len(special))]
			}
			y[i] = float64(rng.IntN(2))
			if fractional && rng.IntN(6) == 0 {
				y[i] = rng.Float64()
			}
			w[i] = rng.Float64() * 3
			switch rng.IntN(40) {
			case 0, 1, 2, 3, 4, 5, 6, 7:
				w[i] = 0
			case 8:
				w[i] = math.Inf(1)
			case 9:
				w[i] = math.NaN()
			}
		}
		eta, y, w = eta[off:off+n], y[off:off+n], w[off:off+n]
		if !weighted {
			w = nil
		}
		e, l := make([]float64, size), make([]float64, size)
		expNegAbs(e[:n], eta)
		log1pUnits(l[:n], e[:n])
		dev0 := float64(trial % 4) // a sum carried in from earlier rows
		gv, gr := append([]float64(nil), e[:n]...), append([]float64(nil), l[:n]...)
		gdev, gb, done := modelRowsSIMD(gv, gr, eta, y, w, start, dev0)
		if done != n&^3 {
			t.Fatalf("trial %d: modelRowsSIMD did %d rows, want %d", trial, done, n&^3)
		}
		tw := w
		if w != nil {
			tw = w[done:]
		}
		gdev, nb := modelRows(gv[done:], gr[done:], eta[done:], y[done:], tw, start, gdev)
		gb += nb
		wv, wr := append([]float64(nil), e[:n]...), append([]float64(nil), l[:n]...)
		wdev, wb := modelRows(wv, wr, eta, y, w, start, dev0)
		if math.Float64bits(gdev) != math.Float64bits(wdev) || gb != wb {
			t.Errorf("trial %d (n=%d): deviance and boundary fits: got %v, %d, want %v, %d", trial, n, gdev, gb, wdev, wb)
		}
		for i := range n {
			if math.Float64bits(gv[i]) != math.Float64bits(wv[i]) || math.Float64bits(gr[i]) != math.Float64bits(wr[i]) {
				t.Errorf("trial %d: row %d (η=%v, y=%v): got v, r = %v, %v, want %v, %v", trial, i, eta[i], y[i], gv[i], gr[i], wv[i], wr[i])
			}
		}
	}
}

// TestModelRowsAVX2Blocks checks that the kernel does every whole vector of
// rows whose responses are 0 or 1 and leaves the first one with a
// proportion, or an infinite or NaN η or weight, to Go.
func TestModelRowsAVX2Blocks(t *testing.T) {
	if !cpu.AVX2 {
		t.Skip("no AVX2")
	}
	const n = 23
	eta, y, v, r := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range eta {
		eta[i], y[i] = float64(i)-11, float64(i%2)
	}
	if _, _, done := modelRowsAVX2(v, r, eta, y, nil, false, 0); done != 20 {
		t.Errorf("0/1 responses: got %d rows done, want 20", done)
	}
	y[9] = 0.5
	if _, _, done := modelRowsAVX2(v, r, eta, y, nil, false, 0); done != 8 {
		t.Errorf("a proportion in row 9: got %d rows done, want 8", done)
	}
	y[9], eta[5] = 1, math.NaN()
	if _, _, done := modelRowsAVX2(v, r, eta, y, nil, false, 0); done != 4 {
		t.Errorf("a NaN η in row 5: got %d rows done, want 4", done)
	}
	eta[5], eta[13] = -6, math.Inf(-1)
	if _, _, done := modelRowsAVX2(v, r, eta, y, nil, false, 0); done != 12 {
		t.Errorf("an infinite η in row 13: got %d rows done, want 12", done)
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	eta[13], w[18] = 2, math.Inf(1)
	if _, _, done := modelRowsAVX2(v, r, eta, y, w, false, 0); done != 16 {
		t.Errorf("an infinite weight in row 18: got %d rows done, want 16", done)
	}
	w[18] = math.NaN()
	if _, _, done := modelRowsAVX2(v, r, eta, y, w, false, 0); done != 16 {
		t.Errorf("a NaN weight in row 18: got %d rows done, want 16", done)
	}
}
