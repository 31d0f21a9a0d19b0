package linalg

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// wikiA is the worked example of the Wikipedia article "Cholesky
// decomposition": A = L·Lᵀ with wikiL, det A = (2·1·3)² = 36, and A⁻¹ from
// the adjugate, (A⁻¹)₀₀ = (37·98 − 43²)/36 = 1777/36 and so on.
var (
	wikiA    = []float64{4, 12, -16, 12, 37, -43, -16, -43, 98}
	wikiL    = []float64{2, 0, 0, 6, 1, 0, -8, 5, 3}
	wikiAInv = []float64{
		1777.0 / 36, -122.0 / 9, 19.0 / 9,
		-122.0 / 9, 34.0 / 9, -5.0 / 9,
		19.0 / 9, -5.0 / 9, 1.0 / 9,
	}
)

func TestCholeskyKnown(t *testing.T) {
	t.Parallel()
	var c Cholesky
	if err := c.Factorize(NewDense(3, 3, wikiA)); err != nil {
		t.Fatalf("Factorize: got %v, want nil", err)
	}
	if got := c.Size(); got != 3 {
		t.Errorf("Size: got %v, want 3", got)
	}
	var l Dense
	c.LTo(&l)
	// Every step is exact in floating point: tolerance 0.
	if d := maxAbsDiff(&l, NewDense(3, 3, wikiL)); d != 0 {
		t.Errorf("L: got %v, want %v", l.RawData(), wikiL)
	}
	if got, want := c.LogDet(), math.Log(36); math.Abs(got-want) > 1e-15*want {
		t.Errorf("LogDet: got %v, want %v (tol 1e-15 relative)", got, want)
	}
	var inv Dense
	c.InverseTo(&inv)
	// Relative to the largest entry, 1777/36 ≈ 49.
	if d := maxAbsDiff(&inv, NewDense(3, 3, wikiAInv)); d > 1e-13 {
		t.Errorf("inverse: got %v, want %v (tol 1e-13)", inv.RawData(), wikiAInv)
	}
	// A·x = b with x = (1, −2, 3): b = A·x computed by hand.
	b := []float64{4 - 24 - 48, 12 - 74 - 129, -16 + 86 + 294}
	x := make([]float64, 3)
	c.SolveVecTo(x, b)
	for i, want := range []float64{1, -2, 3} {
		if math.Abs(x[i]-want) > 1e-12 {
			t.Errorf("x[%d]: got %v, want %v (tol 1e-12)", i, x[i], want)
		}
	}
}

func TestCholeskyReadsUpperOnly(t *testing.T) {
	t.Parallel()
	a := NewDense(3, 3, append([]float64(nil), wikiA...))
	// Garbage, NaN included, below the diagonal must not matter.
	a.Set(1, 0, math.NaN())
	a.Set(2, 0, 1e300)
	a.Set(2, 1, -7)
	var c Cholesky
	if err := c.Factorize(a); err != nil {
		t.Fatalf("Factorize: got %v, want nil", err)
	}
	var l Dense
	c.LTo(&l)
	if d := maxAbsDiff(&l, NewDense(3, 3, wikiL)); d != 0 {
		t.Errorf("L: got %v, want %v", l.RawData(), wikiL)
	}
	if a.At(1, 0) == a.At(1, 0) || a.At(2, 1) != -7 {
		t.Errorf("input modified: got %v", a.RawData())
	}
}

func TestCholeskyRandom(t *testing.T) {
	t.Parallel()
	eps := 0x1p-52
	for _, n := range []int{1, 2, 3, 4, 5, 7, 10, 17, 32, 50} {
		rng := rand.New(rand.NewPCG(uint64(n), 1))
		a := randSPD(rng, n)
		orig := NewDense(n, n, nil)
		orig.CopyFrom(a)
		var c Cholesky
		if err := c.Factorize(a); err != nil {
			t.Fatalf("n=%d: Factorize: got %v, want nil", n, err)
		}
		if d := maxAbsDiff(a, orig); d != 0 {
			t.Errorf("n=%d: input modified by %v", n, d)
		}
		// Backward error of Cholesky: ‖L·Lᵀ − A‖ ≤ c·n·eps·‖A‖; c = 4.
		var l Dense
		c.LTo(&l)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if l.At(i, j) != 0 {
					t.Fatalf("n=%d: L(%d,%d) = %v above the diagonal", n, i, j, l.At(i, j))
				}
			}
		}
		llt := naiveMul(&l, transpose(&l))
		tol := 4 * float64(n) * eps * norm1(a)
		if d := maxAbsDiff(llt, a); d > tol {
			t.Errorf("n=%d: ‖L·Lᵀ − A‖max: got %v, want <= %v", n, d, tol)
		}
		// Solve: relative residual ≤ 4·n·eps.
		b := make([]float64, n)
		for i := range b {
			b[i] = rng.NormFloat64()
		}
		x := make([]float64, n)
		c.SolveVecTo(x, b)
		if r := relResidual(a, x, b); r > 4*float64(n)*eps {
			t.Errorf("n=%d: relative residual: got %v, want <= %v", n, r, 4*float64(n)*eps)
		}
		// Aliased dst and b give the same answer.
		xb := append([]float64(nil), b...)
		c.SolveVecTo(xb, xb)
		for i := range x {
			if xb[i] != x[i] {
				t.Fatalf("n=%d: aliased solve: got %v, want %v", n, xb[i], x[i])
			}
		}
		// Matrix solve agrees column by column with the vector solve.
		bm := randDense(rng, n, 3)
		var xm Dense
		c.SolveTo(&xm, bm)
		col := make([]float64, n)
		for j := 0; j < 3; j++ {
			for i := 0; i < n; i++ {
				col[i] = bm.At(i, j)
			}
			c.SolveVecTo(col, col)
			for i := 0; i < n; i++ {
				if d := math.Abs(col[i] - xm.At(i, j)); d > 1e-12*math.Abs(col[i])+1e-15 {
					t.Fatalf("n=%d: SolveTo(%d,%d): got %v, want %v", n, i, j, xm.At(i, j), col[i])
				}
			}
		}
		// In place: dst == b.
		bm2 := NewDense(n, 3, nil)
		bm2.CopyFrom(bm)
		c.SolveTo(bm2, bm2)
		if d := maxAbsDiff(bm2, &xm); d != 0 {
			t.Errorf("n=%d: in-place SolveTo differs by %v", n, d)
		}
		// A·A⁻¹ = I; κ(A) is small for these matrices, tol 1e-12.
		var inv Dense
		c.InverseTo(&inv)
		for i := 0; i < n; i++ {
			for j := 0; j < i; j++ {
				if inv.At(i, j) != inv.At(j, i) {
					t.Fatalf("n=%d: inverse not symmetric at (%d,%d)", n, i, j)
				}
			}
		}
		if d := maxAbsDiff(naiveMul(a, &inv), identity(n)); d > 1e-12 {
			t.Errorf("n=%d: ‖A·A⁻¹ − I‖max: got %v, want <= 1e-12", n, d)
		}
	}
}

// TestCholeskyGramAliasing checks the failing column reported for Gram
// matrices of designs with an aliased column.
func TestCholeskyGramAliasing(t *testing.T) {
	t.Parallel()
	const rows = 60
	rng := rand.New(rand.NewPCG(7, 7))
	base := randDense(rng, rows, 5)
	tests := []struct {
		name      string
		edit      func(x *Dense) // edits the 60×5 design
		intercept bool
		wantCol   int
		wantDiag0 bool // Diag == 0
	}{
		{"col3=col1+col2", func(x *Dense) {
			for i := 0; i < rows; i++ {
				x.Set(i, 3, x.At(i, 1)+x.At(i, 2))
			}
		}, false, 3, false},
		{"col4=2*col0-col2", func(x *Dense) {
			for i := 0; i < rows; i++ {
				x.Set(i, 4, 2*x.At(i, 0)-x.At(i, 2))
			}
		}, false, 4, false},
		{"zero col2", func(x *Dense) {
			for i := 0; i < rows; i++ {
				x.Set(i, 2, 0)
			}
		}, false, 2, true},
		{"zero col0", func(x *Dense) {
			for i := 0; i < rows; i++ {
				x.Set(i, 0, 0)
			}
		}, false, 0, true},
		// With the intercept the design is [1 X], so X's column 2 is
		// design column 3.
		{"constant col2 with intercept", func(x *Dense) {
			for i := 0; i < rows; i++ {
				x.Set(i, 2, 5)
			}
		}, true, 3, false},
		{"zero col1 with intercept", func(x *Dense) {
			for i := 0; i < rows; i++ {
				x.Set(i, 1, 0)
			}
		}, true, 2, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			x := NewDense(rows, 5, nil)
			x.CopyFrom(base)
			tc.edit(x)
			w := make([]float64, rows)
			for i := range w {
				w[i] = 0.05 + 0.2*float64(i%5) // IRLS-like weights in (0, 0.25]
			}
			var g Dense
			GramTo(&g, x, w, tc.intercept)
			var c Cholesky
			err := c.Factorize(&g)
			if !errors.Is(err, ErrNotPositiveDefinite) {
				t.Fatalf("errors.Is(err, ErrNotPositiveDefinite): got false for %v", err)
			}
			var npd *NotPositiveDefiniteError
			if !errors.As(err, &npd) {
				t.Fatalf("errors.As: got false for %T", err)
			}
			if npd.Col != tc.wantCol {
				t.Errorf("Col: got %v, want %v", npd.Col, tc.wantCol)
			}
			if tc.wantDiag0 && npd.Diag != 0 {
				t.Errorf("Diag: got %v, want 0", npd.Diag)
			}
			if !tc.wantDiag0 && !(npd.Pivot <= DefaultCholTol*npd.Diag) {
				t.Errorf("Pivot/Diag: got %v, want <= %v", npd.Pivot/npd.Diag, DefaultCholTol)
			}
			if ok, msg := panics(func() { c.LogDet() }); !ok || msg != "linalg: not factorized" {
				t.Errorf("LogDet after failure: got panic %v, want \"linalg: not factorized\"", msg)
			}
			// The full-rank design factorizes.
			GramTo(&g, base, w, tc.intercept)
			if err := c.Factorize(&g); err != nil {
				t.Errorf("full-rank design: got %v, want nil", err)
			}
		})
	}
}

func TestCholeskyNotPositiveDefinite(t *testing.T) {
	t.Parallel()
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name    string
		a       []float64
		tol     float64
		wantCol int
	}{
		{"negative diagonal", []float64{1, 0, 0, -1}, 0, 1},
		{"indefinite", []float64{1, 2, 2, 1}, 0, 1},
		{"zero", []float64{0}, 0, 0},
		{"NaN diagonal", []float64{1, 0, 0, nan}, 0, 1},
		{"NaN off diagonal", []float64{1, nan, 0, 1}, 0, 1},
		{"Inf diagonal", []float64{inf, 0, 0, 1}, 0, 0},
		{"Inf off diagonal", []float64{1, inf, 0, 1}, 0, 1},
		// d₁/A₁₁ = 1 − 0.99999² ≈ 2e-5 passes the default but not 1e-4.
		{"near singular with Tol 1e-4", []float64{1, 0.99999, 0.99999, 1}, 1e-4, 1},
		// d₁ = (1 + 2⁻⁴⁸) − 1 = 2⁻⁴⁸ ≈ 3.6e-15 > 0 is below DefaultCholTol.
		{"near singular", []float64{1, 1, 1, 1 + 0x1p-48}, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n := int(math.Sqrt(float64(len(tc.a))))
			c := Cholesky{Tol: tc.tol}
			err := c.Factorize(NewDense(n, n, tc.a))
			var npd *NotPositiveDefiniteError
			if !errors.As(err, &npd) {
				t.Fatalf("got %v, want *NotPositiveDefiniteError", err)
			}
			if npd.Col != tc.wantCol {
				t.Errorf("Col: got %v, want %v", npd.Col, tc.wantCol)
			}
		})
	}
	// A negative Tol keeps every positive pivot.
	c := Cholesky{Tol: -1}
	if err := c.Factorize(NewDense(2, 2, []float64{1, 1, 1, 1 + 0x1p-48})); err != nil {
		t.Errorf("Tol -1: got %v, want nil", err)
	}
}

func TestCholeskyPanics(t *testing.T) {
	t.Parallel()
	var fresh Cholesky
	var ok3 Cholesky
	if err := ok3.Factorize(NewDense(3, 3, wikiA)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"SolveVecTo unfactorized", func() { fresh.SolveVecTo(make([]float64, 1), make([]float64, 1)) }, "linalg: not factorized"},
		{"SolveTo unfactorized", func() { fresh.SolveTo(&Dense{}, NewDense(1, 1, nil)) }, "linalg: not factorized"},
		{"InverseTo unfactorized", func() { fresh.InverseTo(&Dense{}) }, "linalg: not factorized"},
		{"LogDet unfactorized", func() { fresh.LogDet() }, "linalg: not factorized"},
		{"Size unfactorized", func() { fresh.Size() }, "linalg: not factorized"},
		{"LTo unfactorized", func() { fresh.LTo(&Dense{}) }, "linalg: not factorized"},
		{"not square", func() { new(Cholesky).Factorize(NewDense(2, 3, nil)) }, "linalg: matrix is not square"},
		{"short b", func() { ok3.SolveVecTo(make([]float64, 3), make([]float64, 2)) }, "linalg: dimension mismatch"},
		{"short dst", func() { ok3.SolveVecTo(make([]float64, 2), make([]float64, 3)) }, "linalg: dimension mismatch"},
		{"SolveTo rows", func() { ok3.SolveTo(&Dense{}, NewDense(2, 3, nil)) }, "linalg: dimension mismatch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, msg := panics(tc.f)
			if !ok || msg != tc.want {
				t.Errorf("got panic %v (%v), want %q", ok, msg, tc.want)
			}
		})
	}
}

// TestCholeskyAllocs is not parallel: testing.AllocsPerRun refuses to run in
// a parallel test.
func TestCholeskyAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	a := randSPD(rng, 20)
	b := make([]float64, 20)
	for i := range b {
		b[i] = rng.NormFloat64()
	}
	x := make([]float64, 20)
	var c Cholesky
	if err := c.Factorize(a); err != nil {
		t.Fatal(err)
	}
	var inv Dense
	c.InverseTo(&inv)
	got := testing.AllocsPerRun(50, func() {
		if err := c.Factorize(a); err != nil {
			panic(err)
		}
		c.SolveVecTo(x, b)
		c.InverseTo(&inv)
	})
	if got != 0 {
		t.Errorf("allocations per Factorize+SolveVecTo+InverseTo: got %v, want 0", got)
	}
}
