package logreg

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/a1bed000/logreg/linalg"
)

// BenchmarkPass times one pass of the fitter over the rows at fixed
// coefficients (η, μ, weights, deviance, score and information), the work of
// one Newton iteration but the Cholesky solve, on all cores. minms is the
// fastest pass, which is less disturbed by other load on the machine than the
// mean.
func BenchmarkPass(b *testing.B) {
	for _, sz := range []struct{ n, p int }{{1e5, 20}, {1e6, 10}, {1e6, 50}, {2e5, 200}} {
		b.Run(fmt.Sprintf("n=%d/p=%d", sz.n, sz.p), func(b *testing.B) {
			x, y := synthetic(sz.n, sz.p, 1)
			f := newFitter(x, y, nil, true, 0)
			defer f.close()
			for j := range f.beta {
				f.beta[j] = 0.1 * float64(j%3-1)
			}
			best := time.Hour
			b.ReportAllocs()
			for b.Loop() {
				t := time.Now()
				f.pass(atBeta)
				best = min(best, time.Since(t))
			}
			b.ReportMetric(float64(best.Microseconds())/1e3, "minms")
		})
	}
}

// TestExpNegAbs checks the exponential of the fitter's inner loop against
// math.Exp: within 2 units in the last place on [−708, 0], and the special
// values.
func TestExpNegAbs(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 9))
	eta := make([]float64, 200000)
	for i := range eta {
		eta[i] = rng.Float64() * 708
		if i%2 == 0 {
			eta[i] = rng.NormFloat64() // where most linear predictors lie
		}
	}
	got := make([]float64, len(eta))
	expNegAbs(got, eta)
	for i, et := range eta {
		want := math.Exp(-math.Abs(et))
		if ulp := math.Abs(got[i]-want) / (math.Nextafter(want, 2) - want); ulp > 2 {
			t.Fatalf("exp(−|%v|): got %v, want %v (%.1f ulp)", et, got[i], want, ulp)
		}
	}
	special := []float64{0, math.Copysign(0, -1), 745.2, -745.2, 800, math.Inf(1), math.Inf(-1), math.NaN()}
	got = got[:len(special)]
	expNegAbs(got, special)
	for i, et := range special {
		want := math.Exp(-math.Abs(et))
		if got[i] != want && !(math.IsNaN(want) && math.IsNaN(got[i])) {
			t.Errorf("exp(−|%v|): got %v, want %v", et, got[i], want)
		}
	}
}

// chunked returns a Chunks that yields the rows of x, y and w (w may be nil)
// in chunks of the given sizes, cycled until the rows run out.
func chunked(x *linalg.Dense, y, w []float64, sizes []int) Chunks {
	n, c := x.Dims()
	xd := x.RawData()
	return func(yield func(x *linalg.Dense, y, w []float64) error) error {
		for lo, i := 0, 0; lo < n; i++ {
			hi := min(n, lo+sizes[i%len(sizes)])
			var wc []float64
			if w != nil {
				wc = w[lo:hi]
			}
			if err := yield(linalg.NewDense(hi-lo, c, xd[lo*c:hi*c]), y[lo:hi], wc); err != nil {
				return err
			}
			lo = hi
		}
		return nil
	}
}

// huge is 2^(w−2) for the width w of int: a count far beyond any that fits
// in memory.
const huge = math.MaxInt/2 + 1

// relDiff returns |a − b| / max(|b|, 1).
func relDiff(a, b float64) float64 { return math.Abs(a-b) / max(math.Abs(b), 1) }

// TestFitStreamMatchesFit checks that a streamed fit equals the in-memory
// fit, whose numbers TestRefCases pins to R's, to 1e-10 relative in every
// reported number, on the reference data and on synthetic data cut into
// uneven chunks, with and without weights, intercept and ridge penalty.
func TestFitStreamMatchesFit(t *testing.T) {
	t.Parallel()
	type tc struct {
		name  string
		x     *linalg.Dense
		y     []float64
		set   Settings
		sizes []int
	}
	const tol = 1e-10
	var cases []tc
	for _, rc := range refCases {
		x, y, names := loadRefCase(t, rc)
		cases = append(cases, tc{name: rc.name, x: x, y: y, set: Settings{Names: names}, sizes: []int{7, 1, 30}})
	}
	x, y := synthetic(30011, 8, 11)
	rng := rand.New(rand.NewPCG(12, 13))
	w := make([]float64, len(y))
	for i := range w {
		w[i] = float64(rng.IntN(4)) // a quarter of the rows have weight 0
	}
	cases = append(cases,
		tc{name: "synthetic", x: x, y: y, sizes: []int{1000, 4097, 3, 20000}},
		tc{name: "synthetic one chunk", x: x, y: y, sizes: []int{1 << 30}},
		tc{name: "synthetic weighted", x: x, y: y, set: Settings{Weights: w}, sizes: []int{5000, 77}},
		tc{name: "synthetic no intercept", x: x, y: y, set: Settings{NoIntercept: true}, sizes: []int{9999}},
		tc{name: "synthetic ridge", x: x, y: y, set: Settings{L2: 3}, sizes: []int{2500, 17}},
	)
	for _, c := range cases {
		want, err := Fit(c.x, c.y, &c.set)
		if err != nil {
			t.Fatalf("%s: Fit: %v", c.name, err)
		}
		sset := c.set
		sset.Weights = nil
		_, p := c.x.Dims()
		got, err := FitStream(p, chunked(c.x, c.y, c.set.Weights, c.sizes), &sset)
		if err != nil {
			t.Fatalf("%s: FitStream: %v", c.name, err)
		}
		if !slices.Equal(got.Names, want.Names) || got.Converged != want.Converged || got.Iterations != want.Iterations ||
			got.NObs != want.NObs || got.DFResidual != want.DFResidual || got.DFNull != want.DFNull || got.Boundary != want.Boundary {
			t.Errorf("%s: names %v converged %v iterations %d nobs %d df %d/%d boundary %d, want %v %v %d %d %d/%d %d", c.name,
				got.Names, got.Converged, got.Iterations, got.NObs, got.DFResidual, got.DFNull, got.Boundary,
				want.Names, want.Converged, want.Iterations, want.NObs, want.DFResidual, want.DFNull, want.Boundary)
		}
		for j := range want.Coef {
			if d := relDiff(got.Coef[j], want.Coef[j]); d > tol {
				t.Errorf("%s: coefficient %d got %v, want %v (rel %.1e, tol %.0e)", c.name, j, got.Coef[j], want.Coef[j], d, tol)
			}
		}
		if (got.Cov == nil) != (want.Cov == nil) {
			t.Fatalf("%s: covariance %v, want %v", c.name, got.Cov, want.Cov)
		}
		if want.Cov != nil {
			for i, v := range want.Cov.RawData() {
				if d := relDiff(got.Cov.RawData()[i], v); d > tol {
					t.Errorf("%s: covariance [%d] got %v, want %v (rel %.1e, tol %.0e)", c.name, i, got.Cov.RawData()[i], v, d, tol)
				}
			}
		}
		for _, v := range []struct {
			what      string
			got, want float64
		}{
			{"deviance", got.Deviance, want.Deviance},
			{"null deviance", got.NullDeviance, want.NullDeviance},
			{"log-likelihood", got.LogLik, want.LogLik},
			{"null log-likelihood", got.NullLogLik, want.NullLogLik},
			{"penalized log-likelihood", got.PenalizedLogLik, want.PenalizedLogLik},
			{"AIC", got.AIC(), want.AIC()},
		} {
			if d := relDiff(v.got, v.want); d > tol {
				t.Errorf("%s: %s got %v, want %v (rel %.1e, tol %.0e)", c.name, v.what, v.got, v.want, d, tol)
			}
		}
	}
}

// TestAccumulatorMerge checks that accumulators of shards, merged, equal one
// accumulator of all the rows (to 1e-13 relative to the sums of magnitudes:
// only the order of additions differs), that the binary form round-trips
// exactly, and that the sums agree with the building blocks Gradient and
// Hessian, which compute them one formula at a time.
func TestAccumulatorMerge(t *testing.T) {
	t.Parallel()
	const n, p = 9001, 6
	x, y := synthetic(n, p, 21)
	beta := []float64{0.2, -0.5, 0.1, 0, 0.3, -0.2, 0.4}
	whole := NewAccumulator(p, true, beta)
	if err := whole.Add(x, y, nil); err != nil {
		t.Fatal(err)
	}
	merged := NewAccumulator(p, true, beta)
	xd := x.RawData()
	for _, cut := range [][2]int{{0, 1}, {1, 4000}, {4000, 4000}, {4000, 9001}} {
		lo, hi := cut[0], cut[1]
		shard := NewAccumulator(p, true, beta)
		shard.Workers = 1
		if err := shard.Add(linalg.NewDense(hi-lo, p, xd[lo*p:hi*p]), y[lo:hi], nil); err != nil {
			t.Fatal(err)
		}
		// Ship the shard as bytes, as between machines.
		b, err := shard.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back Accumulator
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if b2, _ := back.MarshalBinary(); !slices.Equal(b, b2) {
			t.Errorf("shard %v: binary form does not round-trip", cut)
		}
		merged.Merge(&back)
	}
	if merged.Rows() != n || merged.NObs() != n || whole.Rows() != n {
		t.Errorf("rows %d nobs %d whole %d, want %d", merged.Rows(), merged.NObs(), whole.Rows(), n)
	}
	var hm, hw, hb linalg.Dense
	merged.InformationTo(&hm)
	whole.InformationTo(&hw)
	Hessian(&hb, x, nil, beta, true)
	gm, gw, gb := make([]float64, p+1), make([]float64, p+1), make([]float64, p+1)
	merged.ScoreTo(gm)
	whole.ScoreTo(gw)
	Gradient(gb, x, y, nil, beta, true)
	const tol = 1e-13
	for i, v := range hw.RawData() {
		scale := math.Abs(hb.RawData()[i]) + float64(n)
		if d := math.Abs(hm.RawData()[i] - v); d > tol*scale {
			t.Errorf("information [%d]: merged %v, whole %v", i, hm.RawData()[i], v)
		}
		// Hessian is the second derivative of ℓ: minus the information.
		if d := math.Abs(-hb.RawData()[i] - v); d > tol*scale {
			t.Errorf("information [%d]: got %v, want %v from Hessian", i, v, -hb.RawData()[i])
		}
	}
	for j := range gw {
		if d := math.Abs(gm[j] - gw[j]); d > tol*float64(n) {
			t.Errorf("score [%d]: merged %v, whole %v", j, gm[j], gw[j])
		}
		if d := math.Abs(gb[j] - gw[j]); d > tol*float64(n) {
			t.Errorf("score [%d]: got %v, want %v from Gradient", j, gw[j], gb[j])
		}
	}
	wantDev := -2 * LogLikelihood(x, y, nil, beta, true)
	if d := relDiff(whole.Deviance(), wantDev); d > tol {
		t.Errorf("deviance: got %v, want %v", whole.Deviance(), wantDev)
	}
	if d := relDiff(merged.Deviance(), whole.Deviance()); d > tol {
		t.Errorf("deviance: merged %v, whole %v", merged.Deviance(), whole.Deviance())
	}
}

// TestAccumulatorWorkers checks that the sums do not depend on Workers.
func TestAccumulatorWorkers(t *testing.T) {
	t.Parallel()
	x, y := synthetic(50000, 5, 4)
	var first []byte
	for _, w := range []int{1, 2, 3, 7} {
		a := NewAccumulator(5, true, nil)
		a.Workers = w
		if err := a.Add(x, y, nil); err != nil {
			t.Fatal(err)
		}
		b, _ := a.MarshalBinary()
		if first == nil {
			first = b
		} else if !slices.Equal(b, first) {
			t.Errorf("workers %d: sums differ from workers 1", w)
		}
	}
}

// TestAccumulatorErrors checks the errors for bad rows, numbered from the
// first row added, and that a bad chunk adds nothing.
func TestAccumulatorErrors(t *testing.T) {
	t.Parallel()
	good := linalg.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	for _, tc := range []struct {
		name     string
		x        []float64
		y, w     []float64
		row, col int
		what     string
		err      error
	}{
		{"x NaN", []float64{1, 2, 3, math.NaN(), 5, 6}, []float64{0, 1, 0}, nil, 4, 1, "x", ErrNotFinite},
		{"x Inf", []float64{math.Inf(-1), 2, 3, 4, 5, 6}, []float64{0, 1, 0}, []float64{0, 1, 1}, 3, 0, "x", ErrNotFinite},
		{"y", []float64{1, 2, 3, 4, 5, 6}, []float64{0, 1.5, 0}, nil, 4, -1, "y", ErrResponse},
		{"y NaN", []float64{1, 2, 3, 4, 5, 6}, []float64{0, 1, math.NaN()}, nil, 5, -1, "y", ErrNotFinite},
		{"w", []float64{1, 2, 3, 4, 5, 6}, []float64{0, 1, 0}, []float64{1, 1, -1}, 5, -1, "weights", ErrWeight},
	} {
		for _, beta := range [][]float64{nil, {0.1, 0.2, 0.3}} {
			a := NewAccumulator(2, true, beta)
			if err := a.Add(good, []float64{0, 1, 1}, nil); err != nil {
				t.Fatal(err)
			}
			before, _ := a.MarshalBinary()
			err := a.Add(linalg.NewDense(3, 2, tc.x), tc.y, tc.w)
			var de *DataError
			if !errors.As(err, &de) || !errors.Is(err, tc.err) || de.Row != tc.row || de.Col != tc.col || de.What != tc.what {
				t.Errorf("%s (beta %v): got %v, want %s[%d, %d]: %v", tc.name, beta, err, tc.what, tc.row, tc.col, tc.err)
			}
			if after, _ := a.MarshalBinary(); !slices.Equal(before, after) {
				t.Errorf("%s (beta %v): a bad chunk changed the sums", tc.name, beta)
			}
		}
	}
	var a Accumulator
	if err := a.UnmarshalBinary([]byte("logreg-acc-2\nshort")); err == nil {
		t.Errorf("UnmarshalBinary of a truncated encoding: got nil, want an error")
	}
	b := NewAccumulator(2, true, []float64{0, 0, 1})
	c := NewAccumulator(2, true, []float64{0, 0, 2})
	func() {
		defer func() {
			if r := recover(); r != "logreg: accumulators at different coefficients" {
				t.Errorf("Merge at different coefficients: got panic %v, want logreg: accumulators at different coefficients", r)
			}
		}()
		b.Merge(c)
	}()
}

// TestFitStreamErrors checks the settings FitStream rejects and that errors
// of the data source come back.
func TestFitStreamErrors(t *testing.T) {
	t.Parallel()
	x, y := synthetic(100, 2, 5)
	src := chunked(x, y, nil, []int{30})
	for _, s := range []Settings{{Firth: true}, {Weights: make([]float64, 100)}, {L2: -1}, {MaxIter: -1}} {
		if _, err := FitStream(2, src, &s); !errors.Is(err, ErrBadSettings) {
			t.Errorf("settings %+v: got %v, want %v", s, err, ErrBadSettings)
		}
	}
	boom := errors.New("disk on fire")
	calls := 0
	_, err := FitStream(2, func(yield func(*linalg.Dense, []float64, []float64) error) error {
		calls++
		if calls == 3 {
			return boom
		}
		return src(yield)
	}, nil)
	if !errors.Is(err, boom) {
		t.Errorf("failing source: got %v, want %v", err, boom)
	}
	dup := linalg.NewDense(100, 3, nil)
	for i := 0; i < 100; i++ {
		dup.Set(i, 0, x.At(i, 0))
		dup.Set(i, 1, x.At(i, 1))
		dup.Set(i, 2, x.At(i, 0)+x.At(i, 1))
	}
	// Exactly and nearly aliased columns (residual ratio about 1e-15, below
	// R's 1e-11): the same RankError as Fit's.
	near := linalg.NewDense(100, 3, nil)
	for i := 0; i < 100; i++ {
		near.Set(i, 0, x.At(i, 0))
		near.Set(i, 1, x.At(i, 1))
		near.Set(i, 2, x.At(i, 0)-2*x.At(i, 1)+1e-13*float64(i%3))
	}
	for _, d := range []*linalg.Dense{dup, near} {
		_, want := Fit(d, y, nil)
		var wantRE *RankError
		if !errors.As(want, &wantRE) {
			t.Fatalf("Fit: got %v, want a RankError", want)
		}
		_, err := FitStream(3, chunked(d, y, nil, []int{64}), nil)
		var re *RankError
		if !errors.As(err, &re) || *re != *wantRE {
			t.Errorf("aliased column: got %v, want %v", err, want)
		}
	}
}

// TestLog1pUnits checks the logarithm of the fitter's inner loop against
// math.Log1p on [0, 1]: within 1 unit in the last place, exact at 0 and for
// tiny arguments.
func TestLog1pUnits(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(10, 11))
	e := []float64{0, 5e-324, 1e-300, 1, math.Sqrt2 - 1, math.Nextafter(math.Sqrt2-1, 1), 0.5, math.Nextafter(0.5, 0)}
	exact := 3 // the first ones must be exact
	for len(e) < 200000 {
		v := rng.Float64()
		if len(e)%3 == 0 {
			v = math.Exp(-rng.Float64() * 745) // tiny values, as exp(−|η|)
		}
		e = append(e, v)
	}
	got := make([]float64, len(e))
	log1pUnits(got, e)
	for i, v := range e {
		want := math.Log1p(v)
		ulp := math.Abs(got[i]-want) / (math.Nextafter(want, 2) - want)
		if ulp > 1 || i < exact && got[i] != want {
			t.Fatalf("log1p(%v): got %v, want %v (%.1f ulp)", v, got[i], want, ulp)
		}
	}
}

// TestAccumulatorDamaged checks that an encoding with any byte flipped or
// cut short is refused, never read as other sums and never a panic, and
// leaves the receiver as it was; and that version 1, which had no
// checksum, is refused by its version.
func TestAccumulatorDamaged(t *testing.T) {
	t.Parallel()
	x, y := synthetic(40, 2, 3)
	a := NewAccumulator(2, true, []float64{0.1, -0.2, 0.3})
	if err := a.Add(x, y, nil); err != nil {
		t.Fatal(err)
	}
	good, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if want := len("logreg-acc-2\n") + 8*(5+3+2*3+6) + 4; len(good) != want {
		t.Fatalf("encoding of %d bytes, want %d", len(good), want)
	}
	other := NewAccumulator(1, false, nil)
	keep, _ := other.MarshalBinary()
	check := func(what string, data []byte) {
		t.Helper()
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			return other.UnmarshalBinary(data)
		}()
		if err == nil || strings.HasPrefix(err.Error(), "panic") {
			t.Errorf("%s: got %v, want an error", what, err)
		}
		if now, _ := other.MarshalBinary(); !slices.Equal(now, keep) {
			t.Errorf("%s: a refused encoding changed the receiver", what)
		}
	}
	for i := range good {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			bad := slices.Clone(good)
			bad[i] ^= mask
			check(fmt.Sprintf("byte %d ^ %#x", i, mask), bad)
		}
	}
	for n := range len(good) {
		check(fmt.Sprintf("cut to %d bytes", n), good[:n])
	}
	// A byte in the payload flipped: the checksum names the damage.
	bad := slices.Clone(good)
	bad[len(bad)/2] ^= 1
	if err := other.UnmarshalBinary(bad); !errors.Is(err, errAccChecksum) || !strings.Contains(err.Error(), "checksum mismatch: the data are damaged") {
		t.Errorf("a flipped byte: got %v, want %v", err, errAccChecksum)
	}
	// Version 1: the same layout without the checksum.
	v1 := append([]byte("logreg-acc-1\n"), good[len("logreg-acc-2\n"):len(good)-4]...)
	want := `logreg: an accumulator of format version "1"; this version reads version 2 (make it again with this logreg)`
	if err := other.UnmarshalBinary(v1); err == nil || err.Error() != want {
		t.Errorf("version 1: got %v, want %s", err, want)
	}
	var back Accumulator
	if err := back.UnmarshalBinary(good); err != nil {
		t.Fatal(err)
	}
	if b, _ := back.MarshalBinary(); !slices.Equal(b, good) {
		t.Errorf("round trip: the encoding changed")
	}
}

// FuzzAccumulatorUnmarshal checks that UnmarshalBinary never panics and
// that what it accepts encodes back to the same bytes.
func FuzzAccumulatorUnmarshal(f *testing.F) {
	x, y := synthetic(20, 2, 5)
	for _, beta := range [][]float64{nil, {0.5, -1, 2}} {
		a := NewAccumulator(2, true, beta)
		if err := a.Add(x, y, nil); err != nil {
			f.Fatal(err)
		}
		b, _ := a.MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte("logreg-acc-1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Accumulator
		if err := a.UnmarshalBinary(data); err != nil {
			return
		}
		if b, _ := a.MarshalBinary(); !slices.Equal(b, data) {
			t.Errorf("accepted %x, encodes back as %x", data, b)
		}
	})
}

// TestAccumulatorTooLarge checks that an accumulator whose information
// would not fit in DefaultMaxMemory panics with a message saying so, before
// allocating, instead of a fatal out-of-memory.
func TestAccumulatorTooLarge(t *testing.T) {
	t.Parallel()
	for _, p := range []int{1 << 20, 1 << 30} {
		func() {
			defer func() {
				r, _ := recover().(string)
				if !strings.Contains(r, "its information would take more than") {
					t.Errorf("p = %d: got panic %q, want one about the size", p, r)
				}
			}()
			NewAccumulator(p, true, nil)
		}()
	}
	// A small one is made as before.
	if a := NewAccumulator(2, true, nil); a == nil {
		t.Fatal("no accumulator")
	}
}

// TestAccumulatorNotFinite checks that an accumulator is not made at
// coefficients that are not finite, whose sums would all be NaN: it panics
// with a message naming the coefficient.
func TestAccumulatorNotFinite(t *testing.T) {
	t.Parallel()
	for _, b := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		func() {
			defer func() {
				r, _ := recover().(string)
				if !strings.Contains(r, "coefficient 1 of a new accumulator is") {
					t.Errorf("β₁ = %v: got panic %q, want one naming the coefficient", b, r)
				}
			}()
			NewAccumulator(2, true, []float64{0.5, b, 0})
		}()
	}
}

// TestFitStreamDataChanged checks that a source whose passes do not read
// the same rows ends the fit with ErrDataChanged naming the pass and the
// totals: a row more from the third pass on, or one response changed; and
// that one reading the same weighted rows in another order each pass (so
// that the sums differ in the last bits) still fits, to the in-memory fit.
func TestFitStreamDataChanged(t *testing.T) {
	t.Parallel()
	x, y := synthetic(3001, 4, 21)
	n, p := x.Dims()
	rng := rand.New(rand.NewPCG(22, 23))
	w := make([]float64, n)
	for i := range w {
		w[i] = rng.Float64() * 3
	}
	changing := func(change func(pass int, y []float64) (rows int)) Chunks {
		pass := 0
		return func(yield func(x *linalg.Dense, y, w []float64) error) error {
			pass++
			yc := slices.Clone(y)
			rows := change(pass, yc)
			return chunked(linalg.NewDense(rows, p, x.RawData()[:rows*p]), yc[:rows], w[:rows], []int{500})(yield)
		}
	}
	for _, c := range []struct {
		name string
		data Chunks
		want string
	}{
		{"a row more", changing(func(pass int, y []float64) int {
			if pass >= 3 {
				return n
			}
			return n - 1
		}), "pass 3 over the rows read 3001 rows"},
		{"a response", changing(func(pass int, y []float64) int {
			if pass == 2 {
				y[17] = 1 - y[17]
			}
			return n
		}), "pass 2 over the rows read 3001 rows"},
	} {
		_, err := FitStream(p, c.data, nil)
		if !errors.Is(err, ErrDataChanged) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want ErrDataChanged with %q", c.name, err, c.want)
		}
	}
	// The same rows in another order each pass.
	pass := 0
	perm := func(yield func(x *linalg.Dense, y, w []float64) error) error {
		pass++
		order := rand.New(rand.NewPCG(uint64(pass), 1)).Perm(n)
		px, py, pw := linalg.NewDense(n, p, nil), make([]float64, n), make([]float64, n)
		for i, r := range order {
			copy(px.RawData()[i*p:i*p+p], x.RawData()[r*p:r*p+p])
			py[i], pw[i] = y[r], w[r]
		}
		return chunked(px, py, pw, []int{333})(yield)
	}
	got, err := FitStream(p, perm, nil)
	if err != nil {
		t.Fatalf("rows in another order each pass: %v", err)
	}
	want, err := Fit(x, y, &Settings{Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	for j := range want.Coef {
		if d := relDiff(got.Coef[j], want.Coef[j]); d > 1e-10 {
			t.Errorf("coefficient %d: streamed %v, in memory %v", j, got.Coef[j], want.Coef[j])
		}
	}
	if pass < 3 {
		t.Errorf("%d passes, want several", pass)
	}
}
