package logreg

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/a1bed000/logreg/bench"
	"github.com/a1bed000/logreg/linalg"
)

// subsampledPasses returns the number of passes of res that formed their
// information over the subsample.
func subsampledPasses(res *Result) int {
	n := res.Passes - res.InfoPasses
	if tr := res.Trace; len(tr) > 0 && tr[len(tr)-1].Info == InfoNone {
		n-- // the final evaluation
	}
	return n
}

// compareFits checks that got (a subsampled fit) has the estimates of want
// (plain Newton) to estTol relative and its variances to varTol.
func compareFits(t *testing.T, name string, got, want *Result, estTol, varTol float64) {
	t.Helper()
	if got.Converged != want.Converged || got.Separation != want.Separation {
		t.Fatalf("%s: converged %v separation %v, want %v %v (warnings %q)", name, got.Converged, got.Separation, want.Converged, want.Separation, got.Warnings)
	}
	for j := range want.Coef {
		if e := relErr(got.Coef[j], want.Coef[j]); e > estTol {
			t.Errorf("%s: coefficient %d: got %.17g, want %.17g (rel %.1e)", name, j, got.Coef[j], want.Coef[j], e)
		}
		if want.Cov == nil {
			continue
		}
		if e := relErr(got.Cov.At(j, j), want.Cov.At(j, j)); e > varTol {
			t.Errorf("%s: variance %d: got %.17g, want %.17g (rel %.1e)", name, j, got.Cov.At(j, j), want.Cov.At(j, j), e)
		}
	}
	if e := relErr(got.Deviance, want.Deviance); e > estTol {
		t.Errorf("%s: deviance %.17g, want %.17g", name, got.Deviance, want.Deviance)
	}
}

// TestScheduleBench checks the schedule where its size rule turns it on,
// on the benchmarks' data at (1e5, 20): the estimate of plain Newton to
// 1e-10 (achieved: 1e-14), variances to 1e-8 (achieved: 2e-11), with 2
// passes that form the full information (plain Newton: 6), and honest
// trace entries.
func TestScheduleBench(t *testing.T) {
	t.Parallel()
	x, y := bench.Synth(1e5, 20, 1)
	plain, err := Fit(x, y, &Settings{subsample: -1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Fit(x, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	compareFits(t, "bench", res, plain, 1e-10, 1e-8)
	if plain.InfoPasses != 6 || plain.Passes != 6 {
		t.Errorf("plain Newton: %d passes, %d with the information, want 6 and 6", plain.Passes, plain.InfoPasses)
	}
	if res.InfoPasses != 2 || subsampledPasses(res) > 6 {
		t.Errorf("subsampled: %d passes, %d with the information, want 2 and at most 6 subsampled", res.Passes, res.InfoPasses)
	}
	var kinds []InfoKind
	for _, it := range res.Trace {
		kinds = append(kinds, it.Info)
	}
	n := len(kinds)
	if kinds[0] != InfoSubsample || kinds[n-3] != InfoFull || kinds[n-2] != InfoFull || kinds[n-1] != InfoNone {
		t.Errorf("trace information %v, want subsample first and full, full, none last", kinds)
	}
	// The passes are those the trace shows: the start and one per entry
	// but the last, the final evaluation.
	if res.Passes != len(res.Trace)+1 {
		t.Errorf("%d passes for %d trace entries", res.Passes, len(res.Trace))
	}
}

// TestScheduleRefCases runs the schedule, forced onto small data with
// large subsamples, against R's answers at the tolerances of TestRefCases.
func TestScheduleRefCases(t *testing.T) {
	t.Parallel()
	for _, rc := range append(refCases, nextCases...) {
		x, y, names := loadRefCase(t, rc)
		var w []float64
		if rc.weights != "" {
			w = loadWeights(t, rc)
		}
		plain, err := Fit(x, y, &Settings{Names: names, Weights: w})
		if err != nil {
			t.Fatal(err)
		}
		for _, frac := range []float64{0.3, 0.6} {
			res, err := Fit(x, y, &Settings{Names: names, Weights: w, subsample: frac})
			if err != nil {
				t.Fatal(err)
			}
			if subsampledPasses(res) == 0 {
				t.Errorf("%s, subsample %g: no subsampled pass", rc.name, frac)
			}
			checkRefFit(t, rc, res)
			compareFits(t, rc.name, res, plain, 1e-12, 1e-10)
		}
	}
}

// TestScheduleWorkers checks that a subsampled fit does not depend on the
// number of goroutines, bit for bit, trace included.
func TestScheduleWorkers(t *testing.T) {
	t.Parallel()
	x, y := synthetic(30000, 9, 3)
	var first *Result
	for _, w := range []int{1, 2, 3, 8} {
		res, err := Fit(x, y, &Settings{Workers: w, subsample: 0.07})
		if err != nil {
			t.Fatal(err)
		}
		if subsampledPasses(res) == 0 {
			t.Fatalf("no subsampled pass")
		}
		if first == nil {
			first = res
			continue
		}
		if !slices.Equal(res.Coef, first.Coef) || res.Deviance != first.Deviance || !slices.Equal(res.Cov.RawData(), first.Cov.RawData()) ||
			!slices.Equal(res.Trace, first.Trace) {
			t.Errorf("workers %d: coefficients %v, want %v bit for bit", w, res.Coef, first.Coef)
		}
	}
}

// TestSubsampledPassAllocs keeps a subsampled iteration free of
// allocations.
func TestSubsampledPassAllocs(t *testing.T) {
	x, y := synthetic(10000, 5, 7)
	for _, workers := range []int{1, 2} {
		f := newFitter(x, y, nil, true, workers)
		f.subCut = 1 << 49
		f.setSubsample(true)
		var ch linalg.Cholesky
		delta := make([]float64, f.k)
		f.pass(atStart)
		if err := ch.Factorize(f.h); err != nil {
			t.Fatal(err)
		}
		ch.SolveVecTo(f.beta, f.g)
		allocs := testing.AllocsPerRun(5, func() {
			f.pass(atBeta)
			if err := ch.Factorize(f.h); err != nil {
				t.Fatal(err)
			}
			ch.SolveVecTo(delta, f.g)
			linalg.Axpy(1, delta, f.beta)
		})
		f.close()
		if allocs != 0 {
			t.Errorf("workers %d: got %v allocations per iteration, want 0", workers, allocs)
		}
	}
}

// TestSubsampledInformation checks the information of a subsampled pass:
// the sum over the rows inSubsample chooses, scaled by Σv/Σ_sub v, with
// score and deviance over every row.
func TestSubsampledInformation(t *testing.T) {
	t.Parallel()
	x, y := synthetic(5000, 3, 9)
	f := newFitter(x, y, nil, true, 2)
	defer f.close()
	f.beta = []float64{0.2, -0.1, 0.3, 0.05}
	f.pass(atBeta)
	g, dev := slices.Clone(f.g), f.dev
	f.subCut = 1 << 50 // 1/8
	f.setSubsample(true)
	f.pass(atBeta)
	if !slices.Equal(g, f.g) || dev != f.dev {
		t.Errorf("score %v deviance %v, want %v %v", f.g, f.dev, g, dev)
	}
	want := linalg.NewDense(4, 4, nil)
	var sv, svSub float64
	m := 0
	for i := 0; i < 5000; i++ {
		row := append([]float64{1}, x.RawRow(i)...)
		mu := Sigmoid(linalg.Dot(row, f.beta))
		v := mu * (1 - mu)
		sv += v
		if !inSubsample(i, f.subCut) {
			continue
		}
		m++
		svSub += v
		for a := range 4 {
			for b := range 4 {
				want.Set(a, b, want.At(a, b)+v*row[a]*row[b])
			}
		}
	}
	if m < 500 || m > 750 {
		t.Errorf("%d rows of 5000 in a subsample of 1/8", m)
	}
	for a := range 4 {
		for b := range 4 {
			if w := want.At(a, b) * sv / svSub; math.Abs(f.h.At(a, b)-w) > 1e-12*math.Abs(w)+1e-12 {
				t.Errorf("information (%d, %d): got %.15g, want %.15g", a, b, f.h.At(a, b), w)
			}
		}
	}
}

// TestScheduleFallback fits hard data with the schedule: a badly scaled
// column (about 1e6) and a rare binary feature whose rows the subsample
// all but misses (one of about 80), so that the subsampled information
// underestimates its part sevenfold and the step overshoots: the deviance
// rises, the fit starts again with plain Newton, and its iterations and
// estimate are plain Newton's.
func TestScheduleFallback(t *testing.T) {
	t.Parallel()
	const n = 40000
	frac := 0.1
	cut := uint64(frac * (1 << 53))
	rng := rand.New(rand.NewPCG(5, 6))
	x := linalg.NewDense(n, 8, nil)
	y := make([]float64, n)
	inSub := 0
	for i := 0; i < n; i++ {
		r := x.RawRow(i)
		for j := range r {
			r[j] = rng.NormFloat64()
		}
		r[0] *= 1e6
		r[1] = 0
		if i%500 == 0 && !inSubsample(i, cut) || inSub == 0 && inSubsample(i, cut) {
			r[1] = 1
			if inSubsample(i, cut) {
				inSub++
			}
		}
		eta := 1e-6*r[0] + 3*r[1] + r[2] - r[3]
		if rng.Float64() < Sigmoid(eta) {
			y[i] = 1
		}
	}
	plain, err := Fit(x, y, &Settings{subsample: -1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Fit(x, y, &Settings{subsample: frac})
	if err != nil {
		t.Fatal(err)
	}
	compareFits(t, "hard", res, plain, 1e-10, 1e-8)
	i := slices.IndexFunc(res.Trace, func(it Iteration) bool { return it.Fallback })
	if i <= 0 || subsampledPasses(res) == 0 {
		t.Fatalf("no fallback to full Newton after subsampled steps: trace %+v", res.Trace)
	}
	// From the fallback on, the trace is plain Newton's.
	again := res.Trace[i:]
	if len(again) != len(plain.Trace) {
		t.Fatalf("%d iterations after the fallback, want plain Newton's %d", len(again), len(plain.Trace))
	}
	for j, it := range again {
		want := plain.Trace[j]
		want.Fallback = j == 0
		if j == len(again)-1 {
			// The covariance may come from the pass before.
			want.Info = it.Info
		}
		if it.Iter != want.Iter || relErr(it.Deviance, want.Deviance) > 1e-12 || it.Halvings != want.Halvings || it.Info != want.Info || it.Fallback != want.Fallback {
			t.Errorf("iteration %d after the fallback: %+v, want %+v", j, it, want)
		}
	}
}

// TestScheduleSeparation checks that separation is diagnosed during
// subsampled iterations as during plain ones: the linear program runs
// when fitted probabilities reach 0 or 1.
func TestScheduleSeparation(t *testing.T) {
	t.Parallel()
	x, y := synthetic(30000, 8, 12)
	for i := range y {
		y[i] = 0
		if x.At(i, 0)+0.5*x.At(i, 1) > 0.1 {
			y[i] = 1
		}
	}
	plain, err := Fit(x, y, &Settings{subsample: -1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Fit(x, y, &Settings{subsample: 1.0 / 16})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Separation || res.SeparationType != plain.SeparationType || !slices.Equal(res.Status, plain.Status) {
		t.Errorf("separation %v %v %v, want true %v %v", res.Separation, res.SeparationType, res.Status, plain.SeparationType, plain.Status)
	}
	if res.Converged || res.Iterations > plain.Iterations+2 {
		t.Errorf("converged %v after %d iterations, want false after at most %d", res.Converged, res.Iterations, plain.Iterations+2)
	}
}

// TestScheduleRank checks the rank check on the information of a
// subsample: a column that is zero on the subsample's rows is not aliased
// (the screen proves nothing, the QR decides), and an aliased column is
// reported as plain Newton reports it.
func TestScheduleRank(t *testing.T) {
	t.Parallel()
	frac := 0.1
	cut := uint64(frac * (1 << 53))
	x, y := synthetic(20000, 9, 2)
	for i := 0; i < 20000; i++ {
		if inSubsample(i, cut) {
			x.Set(i, 4, 0)
		}
	}
	plain, err := Fit(x, y, &Settings{subsample: -1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Fit(x, y, &Settings{subsample: frac})
	if err != nil {
		t.Fatal(err)
	}
	compareFits(t, "zero on the subsample", res, plain, 1e-10, 1e-8)
	for i := 0; i < 20000; i++ {
		x.Set(i, 5, x.At(i, 1)-2*x.At(i, 2))
	}
	_, errPlain := Fit(x, y, &Settings{subsample: -1})
	_, err = Fit(x, y, &Settings{subsample: frac})
	var re, rp *RankError
	if !errors.As(err, &re) || !errors.As(errPlain, &rp) || re.Col != rp.Col {
		t.Errorf("got %v, want %v", err, errPlain)
	}
}

// TestScheduleVariants runs the schedule with prior weights (a quarter of
// them 0), without an intercept, with a ridge penalty, and with Progress,
// against plain Newton.
func TestScheduleVariants(t *testing.T) {
	t.Parallel()
	x, y := synthetic(30000, 9, 8)
	rng := rand.New(rand.NewPCG(3, 4))
	w := make([]float64, len(y))
	for i := range w {
		w[i] = float64(rng.IntN(4))
	}
	for _, tc := range []struct {
		name string
		set  Settings
	}{
		{"weights", Settings{Weights: w}},
		{"no intercept", Settings{NoIntercept: true}},
		{"ridge", Settings{L2: 30}},
		{"ridge weights", Settings{L2: 3, Weights: w}},
	} {
		plainSet, set := tc.set, tc.set
		plainSet.subsample, set.subsample = -1, 0.07
		plain, err := Fit(x, y, &plainSet)
		if err != nil {
			t.Fatal(err)
		}
		var seen []Iteration
		set.Progress = func(it Iteration) { seen = append(seen, it) }
		res, err := Fit(x, y, &set)
		if err != nil {
			t.Fatal(err)
		}
		if subsampledPasses(res) == 0 {
			t.Errorf("%s: no subsampled pass", tc.name)
		}
		compareFits(t, tc.name, res, plain, 1e-10, 1e-8)
		if !slices.Equal(seen, res.Trace) {
			t.Errorf("%s: Progress saw %v, want the trace %v", tc.name, seen, res.Trace)
		}
		if e := relErr(res.PenalizedLogLik, plain.PenalizedLogLik); e > 1e-10 {
			t.Errorf("%s: penalized log-likelihood %.17g, want %.17g", tc.name, res.PenalizedLogLik, plain.PenalizedLogLik)
		}
	}
}

// TestScheduleNearSeparation fits data that are nearly separated (a
// coefficient of 12 on a standard normal column, fitted probabilities
// within 1e-20 of 0 and 1) with a badly scaled column, where steps with
// subsampled information meet fitted probabilities of 0 or 1 and full
// Newton takes over: the estimate and variances are plain Newton's, and
// the fit is not reported separated.
func TestScheduleNearSeparation(t *testing.T) {
	t.Parallel()
	const n = 40000
	rng := rand.New(rand.NewPCG(7, 8))
	x := linalg.NewDense(n, 8, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		r := x.RawRow(i)
		for j := range r {
			r[j] = rng.NormFloat64()
		}
		r[0] *= 1e7
		eta := 1e-7*r[0] + 12*r[2] - r[3]
		if rng.Float64() < Sigmoid(eta) {
			y[i] = 1
		}
	}
	plain, err := Fit(x, y, &Settings{subsample: -1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Fit(x, y, &Settings{subsample: 1.0 / 16})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("plain: %d passes, %d with the information; schedule: %d, %d", plain.Passes, plain.InfoPasses, res.Passes, res.InfoPasses)
	compareFits(t, "near separation", res, plain, 1e-10, 1e-8)
	if !res.Converged || res.Separation || res.Boundary == 0 {
		t.Errorf("converged %v separation %v boundary %d, want true false > 0", res.Converged, res.Separation, res.Boundary)
	}
	if subsampledPasses(res) == 0 || res.InfoPasses >= plain.InfoPasses {
		t.Errorf("%d subsampled passes, %d with the information (plain Newton %d)", subsampledPasses(res), res.InfoPasses, plain.InfoPasses)
	}
}

// TestScheduleStream checks FitStream's schedule: after the pass at the
// starting values, over every row, its steps take the information of the
// subsample of the rows by their index in the pass, whatever the chunks;
// the estimate and variances are plain Newton's, with fewer information
// passes, and the same for any chunk sizes to rounding.
func TestScheduleStream(t *testing.T) {
	t.Parallel()
	x, y := bench.Synth(70000, 12, 2)
	plain, err := Fit(x, y, &Settings{subsample: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, sizes := range [][]int{{1 << 30}, {4097, 3}, {20000}} {
		res, err := FitStream(12, chunked(x, y, nil, sizes), nil)
		if err != nil {
			t.Fatal(err)
		}
		if subsampledPasses(res) == 0 || res.InfoPasses > 3 || res.Trace[0].Info != InfoSubsample {
			t.Errorf("chunks %v: %d passes, %d with the information, trace %+v", sizes, res.Passes, res.InfoPasses, res.Trace)
		}
		t.Logf("chunks %v: %d passes, %d with the information (plain Newton %d)", sizes, res.Passes, res.InfoPasses, plain.InfoPasses)
		compareFits(t, "stream", res, plain, 1e-10, 1e-8)
	}
	var first *Result
	for _, w := range []int{1, 3} {
		res, err := FitStream(12, chunked(x, y, nil, []int{30000}), &Settings{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = res
		} else if !slices.Equal(res.Coef, first.Coef) || !slices.Equal(res.Cov.RawData(), first.Cov.RawData()) || !slices.Equal(res.Trace, first.Trace) {
			t.Errorf("workers %d: coefficients %v, want %v bit for bit", w, res.Coef, first.Coef)
		}
	}
	s, err := FitStream(12, chunked(x, y, nil, []int{999}), &Settings{subsample: -1})
	if err != nil {
		t.Fatal(err)
	}
	if subsampledPasses(s) != 0 || s.InfoPasses != plain.InfoPasses {
		t.Errorf("plain stream: %d passes, %d with the information, want %d", s.Passes, s.InfoPasses, plain.InfoPasses)
	}
}
