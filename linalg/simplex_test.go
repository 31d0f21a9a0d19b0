package linalg

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// bruteLP returns the optimum of max cᵀx, A·x ≥ 0, lo ≤ x ≤ hi (finite
// bounds) by enumerating every vertex: each choice of k of the constraint
// hyperplanes whose intersection is a feasible point.
func bruteLP(a *Dense, c, lo, hi []float64) float64 {
	m, k := a.Dims()
	// Hyperplanes: rows of A (value 0), then x_j = lo_j and x_j = hi_j.
	nh := m + 2*k
	plane := func(h int) ([]float64, float64) {
		row := make([]float64, k)
		switch {
		case h < m:
			copy(row, a.RawRow(h))
			return row, 0
		case h < m+k:
			row[h-m] = 1
			return row, lo[h-m]
		default:
			row[h-m-k] = 1
			return row, hi[h-m-k]
		}
	}
	best := math.Inf(-1)
	idx := make([]int, k)
	var rec func(pos, from int)
	rec = func(pos, from int) {
		if pos == k {
			sys := NewDense(k, k, nil)
			rhs := make([]float64, k)
			for r, h := range idx {
				row, b := plane(h)
				copy(sys.RawRow(r), row)
				rhs[r] = b
			}
			var lu LU
			if lu.Factorize(sys) != nil {
				return
			}
			x := make([]float64, k)
			lu.SolveVecTo(x, rhs)
			for j, v := range x {
				if v < lo[j]-1e-9 || v > hi[j]+1e-9 {
					return
				}
			}
			for i := range m {
				if Dot(a.RawRow(i), x) < -1e-9 {
					return
				}
			}
			best = max(best, Dot(c, x))
			return
		}
		for h := from; h < nh; h++ {
			idx[pos] = h
			rec(pos+1, h+1)
		}
	}
	rec(0, 0)
	return best
}

// TestSimplexBrute checks Solve against vertex enumeration on random
// programs with small integer data, which makes ties and degenerate
// vertices common: the optimum to 1e-12 and a feasible solution.
func TestSimplexBrute(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	var s Simplex
	for trial := range 400 {
		k := 1 + rng.IntN(4)
		m := rng.IntN(9)
		a := NewDense(m, k, nil)
		for i := range a.data {
			a.data[i] = float64(rng.IntN(7) - 3)
		}
		c, lo, hi := make([]float64, k), make([]float64, k), make([]float64, k)
		for j := range k {
			c[j] = float64(rng.IntN(11) - 5)
			lo[j] = -float64(rng.IntN(3))
			hi[j] = float64(rng.IntN(3))
		}
		x := make([]float64, k)
		got, err := s.Solve(x, a, c, lo, hi)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		want := bruteLP(a, c, lo, hi)
		if math.Abs(got-want) > 1e-12*max(1, math.Abs(want)) {
			t.Fatalf("trial %d: A %v c %v lo %v hi %v: got %v (x %v), want %v", trial, a.data, c, lo, hi, got, x, want)
		}
		for j, v := range x {
			if v < lo[j] || v > hi[j] {
				t.Fatalf("trial %d: x[%d] = %v outside [%v, %v]", trial, j, v, lo[j], hi[j])
			}
		}
		for i := range m {
			if r := Dot(a.RawRow(i), x); r < -1e-12 {
				t.Fatalf("trial %d: row %d: aᵢ·x = %v < 0", trial, i, r)
			}
		}
	}
}

// TestSimplexBeale runs Beale's example, on which the simplex method with
// Dantzig's largest-coefficient rule cycles forever; Bland's rule reaches
// the optimum 5/4 at x = (1, 0, 1, 0).
func TestSimplexBeale(t *testing.T) {
	t.Parallel()
	a := NewDense(2, 4, []float64{
		-0.25, 8, 1, -9,
		-0.5, 12, 0.5, -3,
	})
	c := []float64{0.75, -20, 0.5, -6}
	inf := math.Inf(1)
	lo := []float64{0, 0, 0, 0}
	hi := []float64{inf, inf, 1, inf}
	x := make([]float64, 4)
	var s Simplex
	got, err := s.Solve(x, a, c, lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1, 0, 1, 0}
	if math.Abs(got-1.25) > 1e-15 {
		t.Errorf("got objective %v, want 1.25", got)
	}
	for j := range x {
		if math.Abs(x[j]-want[j]) > 1e-15 {
			t.Errorf("got x %v, want %v", x, want)
			break
		}
	}
}

// TestSimplexScaling checks that a column on a scale of 1e9 and rows on
// scales from 1e-6 to 1e6 give the solution of the unscaled program: the
// same program in other units.
func TestSimplexScaling(t *testing.T) {
	t.Parallel()
	// Konis' program for x = 1..30, y = x > 15: maximize Σȳ(b₀ + b₁x)
	// subject to ȳ(b₀ + b₁x) ≥ 0, −1 ≤ b ≤ 1; the optimum is b = (−1, 1/15).
	for _, unit := range []float64{1, 1e9, 1e-9} {
		a := NewDense(30, 2, nil)
		c := make([]float64, 2)
		for i := range 30 {
			x := float64(i+1) * unit
			ybar := -1.0
			if i >= 15 {
				ybar = 1
			}
			rs := math.Pow(10, float64(i%13-6))
			a.Set(i, 0, ybar*rs)
			a.Set(i, 1, ybar*x*rs)
			c[0] += ybar
			c[1] += ybar * x
		}
		b := make([]float64, 2)
		var s Simplex
		obj, err := s.Solve(b, a, c, []float64{-1, -1}, []float64{1, 1})
		if err != nil {
			t.Fatal(err)
		}
		// With unit 1e-9 the slope's bound 1 is the one that binds instead.
		want := []float64{-1, 1.0 / 15 / unit}
		if unit < 1 {
			want = []float64{-15.5 * unit, 1} // any b₀ in [−16, −15]·unit is optimal
		}
		if math.Abs(b[0]-want[0]) > 1e-12*math.Abs(want[0]) && unit >= 1 ||
			math.Abs(b[1]-want[1]) > 1e-12*math.Abs(want[1]) {
			t.Errorf("unit %g: got b %v (objective %v), want %v", unit, b, obj, want)
		}
		if unit < 1 && !(b[0] >= -16*unit*(1+1e-12) && b[0] <= -15*unit*(1-1e-12)) {
			t.Errorf("unit %g: got b₀ %v, want in [%v, %v]", unit, b[0], -16*unit, -15*unit)
		}
	}
}

// TestSimplexZero checks that a program whose only feasible point is 0
// returns exactly 0 after degenerate pivots, and that zero rows are ignored.
func TestSimplexZero(t *testing.T) {
	t.Parallel()
	// x₁ ≥ 0, −x₁ ≥ 0, x₂ − x₁ ≥ 0, x₁ − x₂ ≥ 0 and a zero row.
	a := NewDense(5, 2, []float64{1, 0, -1, 0, -1, 1, 1, -1, 0, 0})
	x := make([]float64, 2)
	var s Simplex
	obj, err := s.Solve(x, a, []float64{3, 1}, []float64{-1, -1}, []float64{1, 1})
	if err != nil || obj != 0 || x[0] != 0 || x[1] != 0 {
		t.Errorf("got x %v objective %v err %v, want exactly 0, 0, nil", x, obj, err)
	}
	// A program of no variable: its rows are all zero, and the empty x is
	// optimal with objective 0 (the column scaling divided by 0 columns).
	for _, m := range []int{0, 3} {
		s.Iterations = 7
		obj, err := s.Solve(nil, NewDense(m, 0, nil), nil, nil, nil)
		if err != nil || obj != 0 || s.Iterations != 0 {
			t.Errorf("%d×0: got objective %v, %d iterations, err %v, want 0, 0, nil", m, obj, s.Iterations, err)
		}
	}
}

func TestSimplexErrors(t *testing.T) {
	t.Parallel()
	var s Simplex
	inf := math.Inf(1)
	x := make([]float64, 1)
	if _, err := s.Solve(x, NewDense(0, 1, nil), []float64{1}, []float64{0}, []float64{inf}); !errors.Is(err, ErrUnbounded) {
		t.Errorf("unbounded: got %v, want ErrUnbounded", err)
	}
	if _, err := s.Solve(x, NewDense(1, 1, []float64{math.NaN()}), []float64{1}, []float64{0}, []float64{1}); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: got %v, want ErrNotFinite", err)
	}
	s.MaxIter = 1
	a := NewDense(2, 2, []float64{1, -1, -1, 1})
	if _, err := s.Solve(make([]float64, 2), a, []float64{1, 1}, []float64{-1, -1}, []float64{1, 1}); !errors.Is(err, ErrIterationLimit) {
		t.Errorf("MaxIter 1: got %v, want ErrIterationLimit", err)
	}
	if ok, _ := panics(func() { s.Solve(x, NewDense(1, 2, nil), []float64{1}, []float64{0}, []float64{1}) }); !ok {
		t.Error("no panic on a dimension mismatch")
	}
	if ok, _ := panics(func() { s.Solve(x, NewDense(1, 1, nil), []float64{1}, []float64{0.5}, []float64{1}) }); !ok {
		t.Error("no panic on bounds that exclude 0")
	}
}

// TestSimplexDegenerate checks a program as degenerate as the separation
// test's, Konis' program for 3000 rows of data with an intercept, 38 random
// features and a 0/1 column that is 1 on 30 rows, all successes: b = e₃₉ is
// the only direction that separates, every row but those 30 lies on its
// hyperplane, and every step from the unperturbed start has length 0. It
// must end at exactly e₃₉, within a few hundred steps.
func TestSimplexDegenerate(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 10))
	const m, k = 3000, 40
	a := NewDense(m, k, nil)
	c := make([]float64, k)
	for i := range m {
		row := a.RawRow(i)
		row[0] = 1
		for j := 1; j < k-1; j++ {
			row[j] = rng.NormFloat64()
		}
		ybar := 1.0
		if i%100 == 0 {
			row[k-1] = 1
		} else if rng.IntN(2) == 0 {
			ybar = -1
		}
		Scale(ybar, row)
		Axpy(1, row, c)
	}
	lo, hi := make([]float64, k), make([]float64, k)
	for j := range k {
		lo[j], hi[j] = -1, 1
	}
	x := make([]float64, k)
	var s Simplex
	obj, err := s.Solve(x, a, c, lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	for j, v := range x {
		if want := float64(b2f(j == k-1)); v != want {
			t.Fatalf("got x %v objective %v, want exactly e₃₉", x, obj)
		}
	}
	if s.Iterations > 500 {
		t.Errorf("got %d iterations, want at most 500", s.Iterations)
	}
	t.Logf("%d iterations", s.Iterations)
}

func b2f(b bool) int {
	if b {
		return 1
	}
	return 0
}
