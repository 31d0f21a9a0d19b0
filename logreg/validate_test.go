package logreg

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
)

// fitBoth runs Fit and FitStream (in chunks of 3 rows) on the same rows.
func fitBoth(x *linalg.Dense, y, w []float64, s Settings) (fitErr, streamErr error) {
	_, c := x.Dims()
	sw := s
	sw.Weights = w
	_, fitErr = Fit(x, y, &sw)
	_, streamErr = FitStream(c, chunked(x, y, w, []int{3}), &s)
	return fitErr, streamErr
}

// TestValidationShared checks that Fit and FitStream refuse the same bad
// rows with the same error.
func TestValidationShared(t *testing.T) {
	t.Parallel()
	good := func() (*linalg.Dense, []float64, []float64) {
		x := linalg.NewDense(8, 2, []float64{1, 2, 2, 1, 3, 5, 4, 4, 5, 1, 6, 7, 7, 2, 8, 3})
		return x, []float64{0, 1, 0, 1, 1, 0, 1, 0}, []float64{1, 1, 2, 1, 1, 3, 1, 1}
	}
	for _, tc := range []struct {
		name  string
		bad   func(x *linalg.Dense, y, w []float64) []float64 // returns the weights to use
		want  error
		words string
	}{
		{"x not finite after a bad y in the same chunk", func(x *linalg.Dense, y, w []float64) []float64 {
			x.Set(5, 1, math.NaN())
			y[4] = 2
			return w
		}, ErrResponse, "y[4]"},
		{"x not finite", func(x *linalg.Dense, y, w []float64) []float64 { x.Set(5, 1, math.Inf(1)); return w }, ErrNotFinite, "x[5, 1]"},
		{"negative weight", func(x *linalg.Dense, y, w []float64) []float64 { w[6] = -1; return w }, ErrWeight, "weights[6]"},
		{"column scale", func(x *linalg.Dense, y, w []float64) []float64 { x.Set(2, 0, 1e200); return w }, ErrScale, "x column 0 (x1)"},
		{"no positive weight", func(x *linalg.Dense, y, w []float64) []float64 { return make([]float64, 8) }, ErrNoData, "no observation"},
		{"weights that sum past 2^52", func(x *linalg.Dense, y, w []float64) []float64 {
			for i := range w {
				w[i] = 1e200
			}
			return w
		}, ErrWeightSum, "sum to 8e+200,"},
		{"only ones", func(x *linalg.Dense, y, w []float64) []float64 {
			for i := range y {
				y[i] = 1
			}
			return w
		}, ErrOneValue, "target has only the value 1"},
		{"only zeros where the weight is positive", func(x *linalg.Dense, y, w []float64) []float64 {
			for i := range y {
				y[i] = 0
			}
			y[3], w[3] = 1, 0
			return w
		}, ErrOneValue, "target has only the value 0"},
	} {
		x, y, w := good()
		w = tc.bad(x, y, w)
		fitErr, streamErr := fitBoth(x, y, w, Settings{})
		if !errors.Is(fitErr, tc.want) || !strings.Contains(fmt.Sprint(fitErr), tc.words) {
			t.Errorf("%s: Fit: got %v, want %v with %q", tc.name, fitErr, tc.want, tc.words)
		}
		if fmt.Sprint(streamErr) != fmt.Sprint(fitErr) {
			t.Errorf("%s: FitStream: got %v, want Fit's %v", tc.name, streamErr, fitErr)
		}
	}
	x, y, _ := good()
	var ov *OneValueError
	if _, err := Fit(x, make([]float64, 8), nil); !errors.As(err, &ov) || ov.Value != 0 {
		t.Errorf("y all 0: got %v, want a OneValueError for 0", err)
	}
	if _, err := Fit(x, y, nil); err != nil {
		t.Errorf("good rows: %v", err)
	}
}

// TestSizeLimit checks that a model too large for its k×k matrices is
// refused before they are allocated: 20,000 columns with a ridge penalty
// would need 35 GB.
func TestSizeLimit(t *testing.T) {
	const c = 20000
	x := linalg.NewDense(2, c, nil)
	for j := 0; j < c; j++ {
		x.Set(0, j, float64(j%7))
		x.Set(1, j, float64(j%5))
	}
	y := []float64{0, 1}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Fit(x, y, &Settings{L2: 1})
	runtime.ReadMemStats(&after)
	var se *SizeError
	if !errors.As(err, &se) || !errors.Is(err, ErrTooLarge) || se.Coefs != c+1 || se.Limit != DefaultMaxMemory {
		t.Fatalf("got %v, want a SizeError for %d coefficients", err, c+1)
	}
	if !strings.Contains(err.Error(), "20001 coefficients need 35.2 GB") {
		t.Errorf("message %q does not give the count and the bytes", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Errorf("allocated %d bytes before refusing, want less than 16 MiB", got)
	}
	if _, err := FitStream(c, chunked(x, y, nil, []int{2}), &Settings{L2: 1}); !errors.As(err, &se) {
		t.Errorf("FitStream: got %v, want a SizeError", err)
	}
	// A limit of the caller's: 1 MiB is too little for 201 coefficients.
	xs, ys := synthetic(300, 200, 4)
	if _, err := Fit(xs, ys, &Settings{L2: 1, MaxMemory: 1 << 20}); !errors.As(err, &se) || se.Limit != 1<<20 {
		t.Errorf("MaxMemory 1 MiB: got %v, want a SizeError", err)
	}
	if _, err := Fit(xs, ys, &Settings{L2: 1, MaxMemory: -1}); !errors.Is(err, ErrBadSettings) {
		t.Errorf("MaxMemory −1: got %v, want %v", err, ErrBadSettings)
	}
}

// TestFiniteCoefs checks that a coefficient that is not finite fails the
// fit, naming it.
func TestFiniteCoefs(t *testing.T) {
	t.Parallel()
	err := finiteCoefs([]float64{1, math.NaN()}, []string{"(Intercept)", "dose"})
	if !errors.Is(err, ErrNumerical) || !strings.Contains(err.Error(), "coefficient dose is NaN") {
		t.Errorf("got %v, want a failed fit naming dose", err)
	}
	if err := finiteCoefs([]float64{1, 2}, []string{"a", "b"}); err != nil {
		t.Errorf("finite coefficients: got %v", err)
	}
}

// TestRankTinyTol checks that a convergence tolerance far below rounding,
// whose R rank tolerance min(1e-7, Tol/1000) would be 1e-303, still finds
// an exactly aliased column, in Fit and FitStream, while x + 1e9 still fits.
func TestRankTinyTol(t *testing.T) {
	t.Parallel()
	const n = 7
	x := linalg.NewDense(n, 2, nil)
	shifted := linalg.NewDense(n, 1, nil)
	a := []float64{1, 2, 3, 4, 5, 2.5, 1.5}
	y := []float64{1, 0, 1, 0, 1, 0, 1}
	for i, v := range a {
		x.Set(i, 0, v)
		x.Set(i, 1, 2*v)
		shifted.Set(i, 0, v+1e9)
	}
	fitErr, streamErr := fitBoth(x, y, nil, Settings{Tol: 1e-300})
	for _, err := range []error{fitErr, streamErr} {
		var re *RankError
		if !errors.As(err, &re) || re.Col != 2 {
			t.Errorf("b = 2a with Tol 1e-300: got %v, want a *RankError at column 2", err)
		}
	}
	if _, err := Fit(shifted, y, &Settings{Tol: 1e-15}); err != nil {
		t.Errorf("x + 1e9 with Tol 1e-15: got %v, want a fit", err)
	}
}

// TestRankZeroColumn checks that a column of zeros is named as such rather
// than as a combination of earlier columns (there are none without an
// intercept).
func TestRankZeroColumn(t *testing.T) {
	t.Parallel()
	x := linalg.NewDense(4, 2, []float64{0, 1, 0, 2, 0, 3, 0, 4})
	_, err := Fit(x, []float64{0, 1, 0, 1}, &Settings{NoIntercept: true, Names: []string{"z", "x"}})
	var re *RankError
	if !errors.As(err, &re) || re.Col != 0 || !re.Zero {
		t.Fatalf("got %v, want a *RankError at column 0 with Zero set", err)
	}
	if want := "logreg: coefficient 0 (z) is aliased: its column is zero on every observation"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %q, want prefix %q", err, want)
	}
}

// TestHugeOffset checks that an offset so large that no coefficients give a
// finite deviance (1e308 on a row of y = 0) fails the fit with ErrNumerical
// rather than returning an infinite deviance and coefficients of 1e298 as a
// result.
func TestHugeOffset(t *testing.T) {
	t.Parallel()
	x := linalg.NewDense(8, 1, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	y := []float64{0, 1, 0, 1, 1, 0, 1, 1}
	off := make([]float64, 8)
	off[0] = 1e308
	r, err := Fit(x, y, &Settings{Offset: off})
	if !errors.Is(err, ErrNumerical) || !strings.Contains(err.Error(), "deviance") {
		t.Errorf("offset 1e308: got %v (result %+v), want an error wrapping ErrNumerical naming the deviance", err, r)
	}
	off[0] = 3
	if r, err := Fit(x, y, &Settings{Offset: off}); err != nil || !r.Converged {
		t.Errorf("offset 3: got %v, %+v, want a converged fit", err, r)
	}
}

// TestStoppedWarning checks the warning of a fit that stops before MaxIter
// without converging (an offset of 800 on a row of y = 0 underflows the
// weights at the first iterate, as R's glm.fit also fails there): it names
// the iteration it stopped at, not MaxIter.
func TestStoppedWarning(t *testing.T) {
	t.Parallel()
	x := linalg.NewDense(8, 1, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	y := []float64{0, 1, 0, 1, 1, 0, 1, 1}
	off := make([]float64, 8)
	off[0] = 800
	r, err := Fit(x, y, &Settings{Offset: off})
	if err != nil {
		t.Fatal(err)
	}
	if r.Converged || r.Iterations >= 25 {
		t.Fatalf("converged %v in %d iterations: the case no longer stops early", r.Converged, r.Iterations)
	}
	want := fmt.Sprintf("algorithm did not converge: it stopped at iteration %d", r.Iterations)
	found := false
	for _, w := range r.Warnings {
		if strings.Contains(w, "in 25 iterations") {
			t.Errorf("warning %q after %d iterations", w, r.Iterations)
		}
		found = found || strings.HasPrefix(w, want)
	}
	if !found {
		t.Errorf("warnings %q, want one starting %q", r.Warnings, want)
	}
}

// TestNilArguments checks that a nil design or fit is an error, not a
// panic.
func TestNilArguments(t *testing.T) {
	t.Parallel()
	if _, err := Fit(nil, []float64{0, 1}, nil); !errors.Is(err, ErrLength) {
		t.Errorf("Fit(nil): got %v, want an error wrapping ErrLength", err)
	}
	if _, err := FitMultinomial(nil, []int{0, 1}, nil); !errors.Is(err, ErrLength) {
		t.Errorf("FitMultinomial(nil): got %v, want an error wrapping ErrLength", err)
	}
	if _, err := NewModel(nil, &dataset.Encoding{}, nil); err == nil {
		t.Error("NewModel(nil, …): no error")
	}
	if _, err := NewModel(&Result{}, nil, nil); err == nil {
		t.Error("NewModel(r, nil, …): no error")
	}
	if _, err := NewMultinomialModel(nil, &dataset.Encoding{}, nil); err == nil {
		t.Error("NewMultinomialModel(nil, …): no error")
	}
}

// checkRef is validation.check as one loop over the entries in order, the
// definition the blocks of check must reproduce.
func (v *validation) checkRef(x *linalg.Dense, y, w []float64, lo, hi, base int) {
	_, c := x.Dims()
	xd := x.RawData()
	if v.colMax == nil {
		v.colMax = make([]float64, c)
	}
	for i := lo; i < hi; i++ {
		for j, xv := range xd[i*c : i*c+c] {
			if !isFinite(xv) {
				v.err = &DataError{Row: base + i, Col: j, What: "x", Err: fmt.Errorf("%v: %w", xv, ErrNotFinite)}
				return
			}
			v.colMax[j] = max(v.colMax[j], math.Abs(xv))
		}
		if !isFinite(y[i]) {
			v.err = &DataError{Row: base + i, Col: -1, What: "y", Err: fmt.Errorf("%v: %w", y[i], ErrNotFinite)}
			return
		}
		if y[i] < 0 || y[i] > 1 {
			v.err = &DataError{Row: base + i, Col: -1, What: "y", Err: fmt.Errorf("%v: %w", y[i], ErrResponse)}
			return
		}
		wi := 1.0
		if w != nil {
			wi = w[i]
			if !isFinite(wi) {
				v.err = &DataError{Row: base + i, Col: -1, What: "weights", Err: fmt.Errorf("%v: %w", wi, ErrNotFinite)}
				return
			}
			if wi < 0 {
				v.err = &DataError{Row: base + i, Col: -1, What: "weights", Err: fmt.Errorf("%v: %w", wi, ErrWeight)}
				return
			}
		}
		if wi > 0 {
			v.nobs++
			v.sw += wi
			v.has0 = v.has0 || y[i] < 1
			v.has1 = v.has1 || y[i] > 0
		}
	}
}

// TestValidationCheck checks validation.check against checkRef: the same
// first error (row, column, message) and, without one, the same counts,
// total weight and column maxima bit for bit, for widths of 0 to 2100
// columns (blocks of many rows and of a few), row ranges that start and end
// inside blocks, and up to three bad values of x, y or the weights at once,
// in the same block or not.
func TestValidationCheck(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(61, 62))
	bad := []float64{math.NaN(), math.Inf(1), math.Inf(-1), -0.5, 1.5, -1e-300}
	for trial := range 300 {
		c := []int{0, 1, 3, 10, 17, 300, 2100}[trial%7]
		n := 1 + rng.IntN(3*checkBlock/max(c, 1)+2) // up to three blocks
		xd := make([]float64, n*c)
		for i := range xd {
			xd[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3))
		}
		y := make([]float64, n)
		for i := range y {
			y[i] = []float64{0, 1, 0.25, math.Copysign(0, -1)}[rng.IntN(4)]
		}
		var w []float64
		if rng.IntN(2) == 0 {
			w = make([]float64, n)
			for i := range w {
				w[i] = []float64{0, 1, 2.5, 1e-3}[rng.IntN(4)]
			}
		}
		for range rng.IntN(4) {
			v := bad[rng.IntN(len(bad))]
			switch i := rng.IntN(n); rng.IntN(3) {
			case 0:
				if c > 0 && (math.IsNaN(v) || math.IsInf(v, 0)) {
					xd[i*c+rng.IntN(c)] = v
				}
			case 1:
				y[i] = v
			default:
				if w != nil {
					w[i] = v
				}
			}
		}
		x := linalg.NewDense(n, c, xd)
		lo := rng.IntN(n)
		hi := lo + rng.IntN(n-lo+1)
		var got, want validation
		got.check(x, y, w, lo, hi, 7)
		want.checkRef(x, y, w, lo, hi, 7)
		if fmt.Sprint(got.err) != fmt.Sprint(want.err) {
			t.Fatalf("trial %d (c=%d, rows %d to %d): got %v, want %v", trial, c, lo, hi, got.err, want.err)
		}
		var gd, wd *DataError
		if errors.As(got.err, &gd) != errors.As(want.err, &wd) || gd != nil && (gd.Row != wd.Row || gd.Col != wd.Col || gd.What != wd.What) {
			t.Fatalf("trial %d: got %#v, want %#v", trial, gd, wd)
		}
		for _, e := range []error{ErrNotFinite, ErrResponse, ErrWeight} {
			if errors.Is(got.err, e) != errors.Is(want.err, e) {
				t.Fatalf("trial %d: got %v, want %v", trial, got.err, want.err)
			}
		}
		if want.err != nil {
			continue
		}
		if got.nobs != want.nobs || math.Float64bits(got.sw) != math.Float64bits(want.sw) || got.has0 != want.has0 || got.has1 != want.has1 {
			t.Fatalf("trial %d: got %d %v %v %v, want %d %v %v %v", trial, got.nobs, got.sw, got.has0, got.has1, want.nobs, want.sw, want.has0, want.has1)
		}
		for j := range want.colMax {
			if math.Float64bits(got.colMax[j]) != math.Float64bits(want.colMax[j]) {
				t.Fatalf("trial %d column %d: got %v, want %v", trial, j, got.colMax[j], want.colMax[j])
			}
		}
	}
}
