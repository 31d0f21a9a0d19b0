package linalg

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// hilbert returns the n×n Hilbert matrix Hᵢⱼ = 1/(i+j+1), 0-based.
func hilbert(n int) *Dense {
	h := NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			h.Set(i, j, 1/float64(i+j+1))
		}
	}
	return h
}

// hilbertInv returns the exact inverse of the n×n Hilbert matrix from the
// closed form (Choi, "Tricks or treats with the Hilbert matrix", 1983),
// 1-based:
//
//	(H⁻¹)ᵢⱼ = (−1)ⁱ⁺ʲ (i+j−1) C(n+i−1, n−j) C(n+j−1, n−i) C(i+j−2, i−1)²
//
// evaluated in exact integer arithmetic and rounded once to float64.
func hilbertInv(n int) *Dense {
	inv := NewDense(n, n, nil)
	binom := func(a, b int) *big.Int { return new(big.Int).Binomial(int64(a), int64(b)) }
	for i := 1; i <= n; i++ {
		for j := 1; j <= n; j++ {
			v := big.NewInt(int64(i + j - 1))
			v.Mul(v, binom(n+i-1, n-j))
			v.Mul(v, binom(n+j-1, n-i))
			c := binom(i+j-2, i-1)
			v.Mul(v, c)
			v.Mul(v, c)
			if (i+j)%2 == 1 {
				v.Neg(v)
			}
			fv, _ := new(big.Float).SetInt(v).Float64()
			inv.Set(i-1, j-1, fv)
		}
	}
	return inv
}

// The integer inverses of H₄ and H₅ as printed in the literature (for
// example Choi 1983, and the tables of Todd 1954).
var (
	hilb4Inv = []float64{
		16, -120, 240, -140,
		-120, 1200, -2700, 1680,
		240, -2700, 6480, -4200,
		-140, 1680, -4200, 2800,
	}
	hilb5Inv = []float64{
		25, -300, 1050, -1400, 630,
		-300, 4800, -18900, 26880, -12600,
		1050, -18900, 79380, -117600, 56700,
		-1400, 26880, -117600, 179200, -88200,
		630, -12600, 56700, -88200, 44100,
	}
)

func TestHilbertInvClosedForm(t *testing.T) {
	t.Parallel()
	// The closed form used below reproduces the printed tables exactly.
	for _, tc := range []struct {
		n    int
		want []float64
	}{{4, hilb4Inv}, {5, hilb5Inv}} {
		if d := maxAbsDiff(hilbertInv(tc.n), NewDense(tc.n, tc.n, tc.want)); d != 0 {
			t.Errorf("n=%d: closed form differs from the table by %v", tc.n, d)
		}
	}
}

func TestLUHilbert(t *testing.T) {
	t.Parallel()
	for n := 4; n <= 12; n++ {
		h := hilbert(n)
		exact := hilbertInv(n)
		// κ₁ of the exact Hilbert matrix, from the closed-form inverse.
		kappa := norm1(h) * norm1(exact)
		var f LU
		err := f.Factorize(h)
		if n >= 11 {
			// κ₁(H₁₁) ≈ 1.2e15 and κ₁(H₁₂) ≈ 4e16 exceed 1/(n·ε),
			// 4.1e14 and 3.8e14: singular to working precision.
			if kappa <= 1/(float64(n)*eps) {
				t.Fatalf("n=%d: κ₁ %v, want > 1/(n·ε)", n, kappa)
			}
			var se *SingularError
			if !errors.Is(err, ErrSingular) || !errors.As(err, &se) {
				t.Errorf("n=%d (κ₁ %.3g): got %v, want ErrSingular", n, kappa, err)
				continue
			}
			if !(se.Cond >= 1/(float64(n)*eps)) || se.Cond != f.Cond() {
				t.Errorf("n=%d: Cond: got %v (Cond() %v), want >= %v", n, se.Cond, f.Cond(), 1/(float64(n)*eps))
			}
			continue
		}
		if err != nil {
			t.Errorf("n=%d (κ₁ %.3g): got %v, want nil", n, kappa, err)
			continue
		}
		// The Hager–Higham estimate is a lower bound of κ₁ (up to the
		// rounding of the solves, relative κ₁·ε ≤ 1%), and on these
		// matrices within the customary factor 3.
		if c := f.Cond(); !(c >= kappa/3 && c <= kappa*1.01) {
			t.Errorf("n=%d: Cond: got %.4g, want in [%.4g, %.4g]", n, c, kappa/3, kappa*1.01)
		}
		// Forward error of the inverse: ‖X − H⁻¹‖₁/‖H⁻¹‖₁ ≤ n·κ₁·ε.
		var inv Dense
		f.InverseTo(&inv)
		diff := NewDense(n, n, nil)
		for i := range diff.data {
			diff.data[i] = inv.data[i] - exact.data[i]
		}
		tol := float64(n) * kappa * eps
		if rel := norm1(diff) / norm1(exact); rel > tol {
			t.Errorf("n=%d: relative error of the inverse: got %.3g, want <= %.3g", n, rel, tol)
		}
		// The residual is small whatever κ: ‖H·X − I‖₁ ≤ n·κ₁·ε too.
		if d := norm1(naiveMul(h, &inv)) - 1; math.Abs(d) > tol {
			t.Errorf("n=%d: ‖H·H⁻¹‖₁ − 1: got %.3g, want <= %.3g", n, d, tol)
		}
	}
}

func TestLUHilbert5Cond(t *testing.T) {
	t.Parallel()
	// κ₁(H₅) = (1 + 1/2 + … + 1/5)·413280 ≈ 9.4366e5 (Todd 1954).
	var f LU
	if err := f.Factorize(hilbert(5)); err != nil {
		t.Fatal(err)
	}
	if c := f.Cond(); !(c > 9.4e5/3 && c < 9.4e5*3) {
		t.Errorf("Cond(H₅): got %v, want 9.4e5 within a factor 3", c)
	}
}

func TestLURandom(t *testing.T) {
	t.Parallel()
	for n := 1; n <= 50; n++ {
		rng := rand.New(rand.NewPCG(uint64(n), 2))
		// A random normal matrix plus 2√n·I: well conditioned, and
		// pivoting still happens since the diagonal is not dominant.
		a := randDense(rng, n, n)
		for i := 0; i < n; i++ {
			a.Set(i, i, a.At(i, i)+2*math.Sqrt(float64(n)))
		}
		orig := NewDense(n, n, nil)
		orig.CopyFrom(a)
		var f LU
		if err := f.Factorize(a); err != nil {
			t.Fatalf("n=%d: Factorize: got %v, want nil", n, err)
		}
		if d := maxAbsDiff(a, orig); d != 0 {
			t.Fatalf("n=%d: input modified by %v", n, d)
		}
		b := make([]float64, n)
		for i := range b {
			b[i] = rng.NormFloat64()
		}
		x := make([]float64, n)
		f.SolveVecTo(x, b)
		// Backward error of partial pivoting on these: ≤ 4·n·ε.
		if r := relResidual(a, x, b); r > 4*float64(n)*eps {
			t.Errorf("n=%d: relative residual: got %v, want <= %v", n, r, 4*float64(n)*eps)
		}
		xb := append([]float64(nil), b...)
		f.SolveVecTo(xb, xb)
		for i := range x {
			if xb[i] != x[i] {
				t.Fatalf("n=%d: aliased solve: got %v, want %v", n, xb[i], x[i])
			}
		}
		var inv Dense
		f.InverseTo(&inv)
		// κ is O(1) here: ‖A·A⁻¹ − I‖max ≤ 1e-13.
		if d := maxAbsDiff(naiveMul(a, &inv), identity(n)); d > 1e-13 {
			t.Errorf("n=%d: ‖A·A⁻¹ − I‖max: got %v, want <= 1e-13", n, d)
		}
		// The estimate against κ₁ from the computed inverse.
		kappa := norm1(a) * norm1(&inv)
		if c := f.Cond(); !(c >= kappa/3 && c <= kappa*(1+1e-10)) {
			t.Errorf("n=%d: Cond: got %v, want in [%v, %v]", n, c, kappa/3, kappa)
		}
		// SolveTo agrees with SolveVecTo column by column, also in place.
		bm := randDense(rng, n, 2)
		var xm Dense
		f.SolveTo(&xm, bm)
		col := make([]float64, n)
		for j := 0; j < 2; j++ {
			for i := 0; i < n; i++ {
				col[i] = bm.At(i, j)
			}
			f.SolveVecTo(col, col)
			for i := 0; i < n; i++ {
				if d := math.Abs(col[i] - xm.At(i, j)); d > 1e-13*math.Abs(col[i])+1e-15 {
					t.Fatalf("n=%d: SolveTo(%d,%d): got %v, want %v", n, i, j, xm.At(i, j), col[i])
				}
			}
		}
		f.SolveTo(bm, bm)
		if d := maxAbsDiff(bm, &xm); d != 0 {
			t.Errorf("n=%d: in-place SolveTo differs by %v", n, d)
		}
		// Inverse, the convenience function, gives the same result.
		var inv2 Dense
		if err := Inverse(&inv2, a); err != nil {
			t.Fatalf("n=%d: Inverse: got %v", n, err)
		}
		if d := maxAbsDiff(&inv2, &inv); d != 0 {
			t.Errorf("n=%d: Inverse differs from InverseTo by %v", n, d)
		}
	}
}

func TestLUSingular(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 11))
	// rank1Noise returns u·vᵀ + 1e-17·E, E standard normal.
	rank1Noise := func(n int) []float64 {
		u, v := randDense(rng, n, 1), randDense(rng, 1, n)
		a := naiveMul(u, v)
		for i := range a.data {
			a.data[i] += 1e-17 * rng.NormFloat64()
		}
		return a.data
	}
	tests := []struct {
		name    string
		n       int
		a       []float64
		exact   bool // zero pivot: Cond = +Inf
		wantCol int  // checked when exact
	}{
		{"zero 1×1", 1, []float64{0}, true, 0},
		{"zero 3×3", 3, make([]float64, 9), true, 0},
		{"row 1 = 2·row 0", 2, []float64{1, 2, 2, 4}, true, 1},
		{"zero column 1", 3, []float64{1, 0, 2, 3, 0, 4, 5, 0, 7}, true, 1},
		{"zero last row", 3, []float64{1, 2, 3, 4, 5, 6, 0, 0, 0}, true, 2},
		{"equal columns 0 and 2", 3, []float64{1, 2, 1, 3, 5, 3, 4, 9, 4}, true, 2},
		// Rank 2 in exact arithmetic; rounding leaves a pivot of order ε.
		{"1..9", 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}, false, 0},
		{"rank 1 plus noise n=2", 2, rank1Noise(2), false, 0},
		{"rank 1 plus noise n=5", 5, rank1Noise(5), false, 0},
		{"rank 1 plus noise n=20", 20, rank1Noise(20), false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var f LU
			err := f.Factorize(NewDense(tc.n, tc.n, tc.a))
			if !errors.Is(err, ErrSingular) {
				t.Fatalf("errors.Is(err, ErrSingular): got false for %v (Cond %v)", err, f.Cond())
			}
			var se *SingularError
			if !errors.As(err, &se) {
				t.Fatalf("errors.As: got false for %T", err)
			}
			if tc.exact {
				if !math.IsInf(se.Cond, 1) || se.Col != tc.wantCol {
					t.Errorf("Cond, Col: got %v, %v, want +Inf, %v", se.Cond, se.Col, tc.wantCol)
				}
			} else if !(se.Cond >= 1/(float64(tc.n)*eps)) {
				t.Errorf("Cond: got %v, want >= %v", se.Cond, 1/(float64(tc.n)*eps))
			}
			if se.Col < 0 || se.Col >= tc.n {
				t.Errorf("Col: got %v, want in [0, %d)", se.Col, tc.n)
			}
			if f.Cond() != se.Cond && !(math.IsNaN(f.Cond()) && math.IsNaN(se.Cond)) {
				t.Errorf("Cond(): got %v, want %v", f.Cond(), se.Cond)
			}
			if ok, msg := panics(func() { f.LogDet() }); !ok || msg != "linalg: not factorized" {
				t.Errorf("LogDet after failure: got panic %v, want \"linalg: not factorized\"", msg)
			}
			var dst Dense
			if err := Inverse(&dst, NewDense(tc.n, tc.n, tc.a)); !errors.Is(err, ErrSingular) {
				t.Errorf("Inverse: got %v, want ErrSingular", err)
			}
		})
	}
}

func TestLUNotFinite(t *testing.T) {
	t.Parallel()
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name string
		a    []float64
	}{
		{"NaN", []float64{1, 0, nan, 1}},
		{"+Inf", []float64{inf, 0, 0, 1}},
		{"-Inf", []float64{1, 0, 0, -inf}},
		// 1e308 − (−1)·1e308 overflows in the elimination.
		{"overflow", []float64{1e308, 1e308, -1e308, 1e308}},
		// ‖A‖₁ = 2e308 is not representable.
		{"norm overflow", []float64{1e308, 0, 1e308, 1e308}},
		// κ = 1 but A⁻¹ = 1/(2⁻¹⁰⁷⁴·I) is not representable.
		{"inverse overflow", []float64{0x1p-1074, 0, 0, 0x1p-1074}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var f LU
			err := f.Factorize(NewDense(2, 2, tc.a))
			if !errors.Is(err, ErrNotFinite) || errors.Is(err, ErrSingular) {
				t.Errorf("got %v, want ErrNotFinite", err)
			}
			if !math.IsNaN(f.Cond()) {
				t.Errorf("Cond: got %v, want NaN", f.Cond())
			}
		})
	}
}

func TestLogDet(t *testing.T) {
	t.Parallel()
	// T = tridiag(−1, 2, −1) of order n has eigenvalues
	// λₖ = 2 − 2·cos(kπ/(n+1)), k = 1..n, and det T = n + 1.
	for _, n := range []int{1, 2, 5, 10, 40} {
		a := NewDense(n, n, nil)
		for i := 0; i < n; i++ {
			a.Set(i, i, 2)
			if i > 0 {
				a.Set(i, i-1, -1)
				a.Set(i-1, i, -1)
			}
		}
		var eig float64
		for k := 1; k <= n; k++ {
			eig += math.Log(2 - 2*math.Cos(float64(k)*math.Pi/float64(n+1)))
		}
		want := math.Log(float64(n + 1))
		// Σ log λₖ agrees with log(n+1): checks the closed forms.
		if math.Abs(eig-want) > 1e-12 {
			t.Fatalf("n=%d: Σ log λ: got %v, want %v", n, eig, want)
		}
		var c Cholesky
		if err := c.Factorize(a); err != nil {
			t.Fatalf("n=%d: Cholesky: %v", n, err)
		}
		var f LU
		if err := f.Factorize(a); err != nil {
			t.Fatalf("n=%d: LU: %v", n, err)
		}
		logAbs, sign := f.LogDet()
		// Tolerance 1e-13 absolute on log det, i.e. relative on det.
		if got := c.LogDet(); math.Abs(got-want) > 1e-13 {
			t.Errorf("n=%d: Cholesky LogDet: got %v, want %v", n, got, want)
		}
		if math.Abs(logAbs-want) > 1e-13 || sign != 1 {
			t.Errorf("n=%d: LU LogDet: got %v, %v, want %v, 1", n, logAbs, sign, want)
		}
	}
	// Signs: det of a transposition is −1, of diag(−2, 3, −4) is 24, of
	// diag(2, −3) with rows swapped ([[0, −3], [2, 0]]) is 6.
	for _, tc := range []struct {
		n        int
		a        []float64
		det      float64
		wantSign float64
	}{
		{2, []float64{0, 1, 1, 0}, 1, -1},
		{3, []float64{-2, 0, 0, 0, 3, 0, 0, 0, -4}, 24, 1},
		{2, []float64{0, -3, 2, 0}, 6, 1},
		{3, []float64{0, 0, 5, 0, 7, 0, 1, 0, 0}, 35, -1},
	} {
		var f LU
		if err := f.Factorize(NewDense(tc.n, tc.n, tc.a)); err != nil {
			t.Fatal(err)
		}
		logAbs, sign := f.LogDet()
		if math.Abs(logAbs-math.Log(tc.det)) > 1e-15 || sign != tc.wantSign {
			t.Errorf("%v: got %v, %v, want %v, %v", tc.a, logAbs, sign, math.Log(tc.det), tc.wantSign)
		}
	}
	// On random SPD matrices the two factorizations agree.
	for _, n := range []int{3, 8, 30} {
		a := randSPD(rand.New(rand.NewPCG(uint64(n), 5)), n)
		var c Cholesky
		var f LU
		if err := c.Factorize(a); err != nil {
			t.Fatal(err)
		}
		if err := f.Factorize(a); err != nil {
			t.Fatal(err)
		}
		logAbs, sign := f.LogDet()
		if got := c.LogDet(); math.Abs(got-logAbs) > 1e-12*math.Abs(logAbs) || sign != 1 {
			t.Errorf("n=%d: Cholesky %v, LU %v (sign %v): want equal within 1e-12 relative", n, got, logAbs, sign)
		}
	}
}

func TestLUPanics(t *testing.T) {
	t.Parallel()
	var fresh LU
	var ok2 LU
	if err := ok2.Factorize(NewDense(2, 2, []float64{2, 1, 1, 3})); err != nil {
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
		{"Cond unfactorized", func() { fresh.Cond() }, "linalg: not factorized"},
		{"not square", func() { new(LU).Factorize(NewDense(3, 2, nil)) }, "linalg: matrix is not square"},
		{"Inverse not square", func() { Inverse(&Dense{}, NewDense(1, 2, nil)) }, "linalg: matrix is not square"},
		{"short b", func() { ok2.SolveVecTo(make([]float64, 2), make([]float64, 1)) }, "linalg: dimension mismatch"},
		{"long dst", func() { ok2.SolveVecTo(make([]float64, 3), make([]float64, 2)) }, "linalg: dimension mismatch"},
		{"SolveTo rows", func() { ok2.SolveTo(&Dense{}, NewDense(3, 1, nil)) }, "linalg: dimension mismatch"},
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

// TestLUAllocs is not parallel: testing.AllocsPerRun refuses to run in a
// parallel test.
func TestLUAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	a := randDense(rng, 20, 20)
	b := make([]float64, 20)
	for i := range b {
		b[i] = rng.NormFloat64()
	}
	x := make([]float64, 20)
	var f LU
	if err := f.Factorize(a); err != nil {
		t.Fatal(err)
	}
	var inv Dense
	f.InverseTo(&inv)
	got := testing.AllocsPerRun(50, func() {
		if err := f.Factorize(a); err != nil {
			panic(err)
		}
		f.SolveVecTo(x, b)
		f.InverseTo(&inv)
		f.LogDet()
	})
	if got != 0 {
		t.Errorf("allocations per Factorize+SolveVecTo+InverseTo: got %v, want 0", got)
	}
}
