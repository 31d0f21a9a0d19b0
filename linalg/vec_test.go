package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// randVec returns n standard normal deviates.
func randVec(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

// closeRel reports whether |got − want| ≤ tol·scale.
func closeRel(got, want, tol, scale float64) bool {
	return math.Abs(got-want) <= tol*max(scale, 1)
}

func TestDotAxpyScale(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 13; n++ {
		x, y := randVec(rng, n), randVec(rng, n)
		var want, scale float64
		for i := range x {
			want += x[i] * y[i]
			scale += math.Abs(x[i] * y[i])
		}
		// Summation order differs: tol n·ε relative to Σ|xᵢyᵢ|.
		if got := Dot(x, y); !closeRel(got, want, float64(n)*eps, scale) {
			t.Errorf("Dot n=%d: got %v, want %v", n, got, want)
		}
		y2 := append([]float64(nil), y...)
		Axpy(-1.5, x, y2)
		for i := range y2 {
			// One multiply-add, possibly fused: tol 2ε.
			if want := y[i] - 1.5*x[i]; !closeRel(y2[i], want, 2*eps, math.Abs(y[i])+math.Abs(1.5*x[i])) {
				t.Errorf("Axpy n=%d [%d]: got %v, want %v", n, i, y2[i], want)
			}
		}
		x2 := append([]float64(nil), x...)
		Scale(0.25, x2) // a power of 2: exact
		for i := range x2 {
			if x2[i] != x[i]/4 {
				t.Errorf("Scale n=%d [%d]: got %v, want %v", n, i, x2[i], x[i]/4)
			}
		}
	}
}

// design returns the design matrix D = X or [1 X] built explicitly.
func design(x *Dense, intercept bool) *Dense {
	r, c := x.Dims()
	if !intercept {
		d := NewDense(r, c, nil)
		d.CopyFrom(x)
		return d
	}
	d := NewDense(r, c+1, nil)
	for i := 0; i < r; i++ {
		d.Set(i, 0, 1)
		for j := 0; j < c; j++ {
			d.Set(i, j+1, x.At(i, j))
		}
	}
	return d
}

func TestDesignKernels(t *testing.T) {
	t.Parallel()
	for _, rows := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 33} {
		for _, cols := range []int{0, 1, 2, 3, 5} {
			for _, intercept := range []bool{false, true} {
				for _, weighted := range []bool{false, true} {
					name := fmt.Sprintf("rows=%d cols=%d intercept=%v weighted=%v", rows, cols, intercept, weighted)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						testDesignKernels(t, rows, cols, intercept, weighted)
					})
				}
			}
		}
	}
}

func testDesignKernels(t *testing.T, rows, cols int, intercept, weighted bool) {
	rng := rand.New(rand.NewPCG(uint64(rows), uint64(cols)))
	x := randDense(rng, rows, cols)
	d := design(x, intercept)
	_, k := d.Dims()
	// All three kernels sum at most max(rows, k) products: tol 2·max·ε
	// relative to the sum of absolute products.
	tol := 2 * float64(max(rows, k)+1) * eps

	// MulVecTo.
	b := randVec(rng, k)
	got := make([]float64, rows)
	MulVecTo(got, x, b, intercept)
	for i := 0; i < rows; i++ {
		var want, scale float64
		for j := 0; j < k; j++ {
			want += d.At(i, j) * b[j]
			scale += math.Abs(d.At(i, j) * b[j])
		}
		if !closeRel(got[i], want, tol, scale) {
			t.Errorf("MulVecTo [%d]: got %v, want %v", i, got[i], want)
		}
	}

	// MulTransVecTo, into a dst holding garbage.
	v := randVec(rng, rows)
	gotT := make([]float64, k)
	for j := range gotT {
		gotT[j] = math.NaN()
	}
	MulTransVecTo(gotT, x, v, intercept)
	for j := 0; j < k; j++ {
		var want, scale float64
		for i := 0; i < rows; i++ {
			want += d.At(i, j) * v[i]
			scale += math.Abs(d.At(i, j) * v[i])
		}
		if !closeRel(gotT[j], want, tol, scale) {
			t.Errorf("MulTransVecTo [%d]: got %v, want %v", j, gotT[j], want)
		}
	}

	// GramTo into a dst of another shape holding garbage.
	var w []float64
	if weighted {
		w = make([]float64, rows)
		for i := range w {
			w[i] = rng.Float64()
		}
	}
	g := NewDense(2, 7, nil)
	for i := range g.RawData() {
		g.RawData()[i] = math.NaN()
	}
	GramTo(g, x, w, intercept)
	if gr, gc := g.Dims(); gr != k || gc != k {
		t.Fatalf("GramTo dims: got %d×%d, want %d×%d", gr, gc, k, k)
	}
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			var want, scale float64
			for r := 0; r < rows; r++ {
				wr := 1.0
				if w != nil {
					wr = w[r]
				}
				want += d.At(r, i) * wr * d.At(r, j)
				scale += math.Abs(d.At(r, i) * wr * d.At(r, j))
			}
			if !closeRel(g.At(i, j), want, tol, scale) {
				t.Errorf("GramTo (%d,%d): got %v, want %v", i, j, g.At(i, j), want)
			}
			if g.At(i, j) != g.At(j, i) {
				t.Errorf("GramTo not symmetric at (%d,%d)", i, j)
			}
		}
	}

	// GramAddUpper over two row blocks adds up to the whole.
	if rows > 0 {
		h := make([]float64, k*k)
		mid := rows / 3
		xd := x.RawData()
		var w0, w1 []float64
		if w != nil {
			w0, w1 = w[:mid], w[mid:]
		} else if cols == 0 {
			// With no columns the row count comes from w.
			w0, w1 = ones(mid), ones(rows-mid)
		}
		GramAddUpper(h, k, xd[:mid*cols], cols, w0, intercept)
		GramAddUpper(h, k, xd[mid*cols:], cols, w1, intercept)
		Symmetrize(h, k)
		for i := range h {
			if !closeRel(h[i], g.RawData()[i], tol, math.Abs(g.RawData()[i])*float64(rows)) {
				t.Errorf("GramAddUpper blocks [%d]: got %v, want %v", i, h[i], g.RawData()[i])
			}
		}
	}
}

// ones returns n ones.
func ones(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 1
	}
	return v
}

// TestRowKernels checks RowDots and AddRowsScaled against sums formed one
// term at a time, for column counts around the vector widths, with infinite
// values in rows that are not used, which must not leak into the results:
// each kernel level this processor runs, and the exported functions.
func TestRowKernels(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	for lv := levelGo - 1; lv <= cpuLevel; lv++ {
		name := "exported"
		rowDots, addRowsScaled := RowDots, AddRowsScaled
		if lv >= levelGo {
			name = levelNames[lv]
			rowDots = func(dst, x, b []float64) { rowDotsLevel(lv, dst, x, b) }
			addRowsScaled = func(dst, x, v []float64) { addRowsScaledLevel(lv, dst, x, v) }
		}
		testRowKernels(t, rng, name, rowDots, addRowsScaled)
	}
}

func testRowKernels(t *testing.T, rng *rand.Rand, name string, rowDots, addRowsScaled func(dst, x, v []float64)) {
	// 300 rows: more than a block of addRowsScaledAsm.
	for _, rows := range []int{0, 1, 2, 7, 130, 300} {
		for _, c := range []int{1, 2, 3, 4, 5, 7, 8, 9, 13, 15, 16, 17, 24, 31, 32, 33, 40, 70} {
			// Rows beyond the first rows are infinite: the kernels get
			// x[:rows·c] of a longer slice.
			all := randVec(rng, (rows+2)*c)
			for i := rows * c; i < len(all); i++ {
				all[i] = math.Inf(1)
			}
			x := all[:rows*c]
			b := randVec(rng, c)
			v := randVec(rng, rows)
			if rows > 1 {
				v[1] = 0
			}
			dots := make([]float64, rows)
			rowDots(dots, x, b)
			for i := range rows {
				want, scale := 0.0, 0.0
				for j := range c {
					want += x[i*c+j] * b[j]
					scale += math.Abs(x[i*c+j] * b[j])
				}
				if !closeRel(dots[i], want, float64(c)*eps, scale) {
					t.Errorf("%s RowDots rows=%d c=%d: row %d got %v, want %v", name, rows, c, i, dots[i], want)
				}
			}
			const mark = 3.0
			sum := make([]float64, c)
			for j := range sum {
				sum[j] = mark
			}
			addRowsScaled(sum, x, v)
			for j := range c {
				want, scale := mark, mark
				for i := range rows {
					want += v[i] * x[i*c+j]
					scale += math.Abs(v[i] * x[i*c+j])
				}
				if !closeRel(sum[j], want, float64(rows+1)*eps, scale) {
					t.Errorf("%s AddRowsScaled rows=%d c=%d: column %d got %v, want %v", name, rows, c, j, sum[j], want)
				}
			}
		}
	}
}

func TestSymmetrize(t *testing.T) {
	t.Parallel()
	h := []float64{1, 2, 3, -1, 4, 5, -1, -1, 6}
	Symmetrize(h, 3)
	want := []float64{1, 2, 3, 2, 4, 5, 3, 5, 6}
	for i := range h {
		if h[i] != want[i] {
			t.Fatalf("got %v, want %v", h, want)
		}
	}
}

func TestVecPanics(t *testing.T) {
	t.Parallel()
	x := NewDense(5, 2, nil)
	tests := []struct {
		name string
		f    func()
	}{
		{"Dot", func() { Dot(make([]float64, 2), make([]float64, 3)) }},
		{"Axpy", func() { Axpy(1, make([]float64, 3), make([]float64, 2)) }},
		{"MulVecTo dst", func() { MulVecTo(make([]float64, 4), x, make([]float64, 2), false) }},
		{"MulVecTo b", func() { MulVecTo(make([]float64, 5), x, make([]float64, 2), true) }},
		{"MulTransVecTo v", func() { MulTransVecTo(make([]float64, 2), x, make([]float64, 4), false) }},
		{"MulTransVecTo dst", func() { MulTransVecTo(make([]float64, 2), x, make([]float64, 5), true) }},
		{"GramTo w", func() { GramTo(&Dense{}, x, make([]float64, 4), false) }},
		{"RowDots", func() { RowDots(make([]float64, 4), x.RawData(), make([]float64, 2)) }},
		{"AddRowsScaled", func() { AddRowsScaled(make([]float64, 2), x.RawData(), make([]float64, 4)) }},
		{"GramAddUpper k", func() { GramAddUpper(make([]float64, 4), 2, x.RawData(), 2, nil, true) }},
		{"GramAddUpper h", func() { GramAddUpper(make([]float64, 3), 2, x.RawData(), 2, nil, false) }},
		{"GramAddUpper ragged x", func() { GramAddUpper(make([]float64, 4), 2, x.RawData()[:9], 2, nil, false) }},
		{"GramAddUpper w", func() { GramAddUpper(make([]float64, 4), 2, x.RawData(), 2, make([]float64, 4), false) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, msg := panics(tc.f)
			want := "linalg: dimension mismatch"
			if tc.name == "Dot" || tc.name == "Axpy" {
				want = "linalg: length mismatch"
			}
			if !ok || msg != want {
				t.Errorf("got panic %v (%v), want %q", ok, msg, want)
			}
		})
	}
}
