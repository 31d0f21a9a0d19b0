package logreg

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
)

func refFloat(t *testing.T, m map[string]string, key string) float64 {
	t.Helper()
	v, err := refcase.Float(m[key])
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	return v
}

// TestProfileIntervalsRef pins the exact profile-likelihood limits to the
// reference roots of internal/refcase next/ (exact to 1e-10), with their
// odds ratios.
func TestProfileIntervalsRef(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, data, formula string }{
		{"birthwt_full", "next/birthwt.csv", "low ~ age + lwt + race + smoke + ptl + ht + ui + ftv"},
		{"mtcars_am_hp_wt", "next/mtcars.csv", "am ~ hp + wt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := formulaDesign(t, tc.data, tc.formula)
			set := &Settings{Names: d.Names}
			r, err := Fit(d.X, d.Y, set)
			if err != nil {
				t.Fatal(err)
			}
			ci, err := ProfileIntervals(d.X, d.Y, set, r, 0.95)
			if err != nil {
				t.Fatal(err)
			}
			tab, err := refcase.ReadTable("next/" + tc.name + ".profile_ci.csv")
			if err != nil {
				t.Fatal(err)
			}
			recs := tab.Records()
			if len(recs) != len(ci) {
				t.Fatalf("%d intervals, want %d", len(ci), len(recs))
			}
			worst := 0.0
			for j, m := range recs {
				if got := refcase.RName(r.Names[j]); got != m["name"] {
					t.Fatalf("coefficient %d is %s, want %s", j, got, m["name"])
				}
				orLo, orHi := ci[j].OddsRatio()
				for _, c := range []struct {
					key string
					got float64
				}{
					{"profile_lower", ci[j].Lower}, {"profile_upper", ci[j].Upper},
					{"or_profile_lower", orLo}, {"or_profile_upper", orHi},
				} {
					want := refFloat(t, m, c.key)
					rel := math.Abs(c.got-want) / math.Abs(want)
					worst = max(worst, rel)
					if rel > 2e-11 { // measured 4.1e-12
						t.Errorf("%s %s = %.17g, want %.17g (rel %.2g)", m["name"], c.key, c.got, want, rel)
					}
				}
				if ci[j].LowerReason != "" || ci[j].UpperReason != "" {
					t.Errorf("%s: reasons %q %q for finite limits", m["name"], ci[j].LowerReason, ci[j].UpperReason)
				}
			}
			t.Logf("worst relative error %.2g, fits %d", worst, ci[0].Fits)
		})
	}
}

// TestTermTestsRef pins drop1, the sequential analysis of deviance and the
// global likelihood-ratio test to R's drop1, anova and the null-model test
// on birthwt (race, a factor, is one term of 2 coefficients).
func TestTermTestsRef(t *testing.T) {
	t.Parallel()
	d := formulaDesign(t, "next/birthwt.csv", "low ~ age + lwt + race + smoke + ptl + ht + ui + ftv")
	set := &Settings{Names: d.Names}
	r, err := Fit(d.X, d.Y, set)
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	check := func(what string, got, want float64) {
		t.Helper()
		rel := math.Abs(got-want) / math.Abs(want)
		worst = max(worst, rel)
		if rel > 2e-12 { // measured 4e-13
			t.Errorf("%s = %.17g, want %.17g (rel %.2g)", what, got, want, rel)
		}
	}
	for _, tc := range []struct {
		file, dev, lr string
		tests         func() ([]TermTest, error)
	}{
		{"drop1", "deviance", "lrt", func() ([]TermTest, error) { return Drop1(d.X, d.Y, set, r, d.Term, d.Terms.Labels) }},
		{"anova", "deviance", "deviance", func() ([]TermTest, error) {
			return Sequential(d.X, d.Y, set, r, d.Term, d.Terms.Labels)
		}},
	} {
		tests, err := tc.tests()
		if err != nil {
			t.Fatal(err)
		}
		tab, err := refcase.ReadTable("next/birthwt_full." + tc.file + ".csv")
		if err != nil {
			t.Fatal(err)
		}
		recs := tab.Records()[1:]
		if len(recs) != len(tests) {
			t.Fatalf("%s: %d tests, want %d", tc.file, len(tests), len(recs))
		}
		for i, m := range recs {
			g := tests[i]
			if g.Term != m["term"] || float64(g.DF) != refFloat(t, m, "df") {
				t.Errorf("%s %d: %s df %d, want %s df %s", tc.file, i, g.Term, g.DF, m["term"], m["df"])
			}
			check(tc.file+" "+g.Term+" deviance", g.Deviance, refFloat(t, m, tc.dev))
			check(tc.file+" "+g.Term+" chisq", g.LRChisq, refFloat(t, m, tc.lr))
			check(tc.file+" "+g.Term+" p", g.P, refFloat(t, m, "p"))
		}
	}
	lr, err := refcase.Scalars("next/birthwt_full.lrtest.csv")
	if err != nil {
		t.Fatal(err)
	}
	stat, df, p := LRTest(r)
	check("lrtest statistic", stat, refFloat(t, lr, "statistic"))
	check("lrtest p", p, refFloat(t, lr, "p"))
	if float64(df) != refFloat(t, lr, "df") {
		t.Errorf("lrtest df %d, want %s", df, lr["df"])
	}
	t.Logf("worst relative error %.2g", worst)
}

// TestFirthInferencesRef pins logistf's penalized likelihood-ratio tests,
// profile penalized-likelihood limits and global test on endometrial
// (quasi-completely separated: NV's maximum-likelihood estimate is
// infinite) to internal/refcase next/.
func TestFirthInferencesRef(t *testing.T) {
	t.Parallel()
	d := formulaDesign(t, "next/endometrial.csv", "HG ~ NV + PI + EH")
	set := &Settings{Names: d.Names, Firth: true}
	r, err := Fit(d.X, d.Y, set)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := FirthInferences(d.X, d.Y, set, r, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := refcase.ReadTable("next/endometrial.firth.coef.csv")
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	check := func(what string, got, want float64) {
		t.Helper()
		rel := math.Abs(got-want) / math.Abs(want)
		worst = max(worst, rel)
		if rel > 2e-12 { // measured 1.8e-13
			t.Errorf("%s = %.17g, want %.17g (rel %.2g)", what, got, want, rel)
		}
	}
	for j, m := range tab.Records() {
		c := fi.Coefs[j]
		check(m["name"]+" plr_chisq", c.Chisq, refFloat(t, m, "plr_chisq"))
		check(m["name"]+" p_plr", c.P, refFloat(t, m, "p_plr"))
		check(m["name"]+" pl_lower", c.Lower, refFloat(t, m, "pl_lower"))
		check(m["name"]+" pl_upper", c.Upper, refFloat(t, m, "pl_upper"))
	}
	sc, err := refcase.Scalars("next/endometrial.firth.scalars.csv")
	if err != nil {
		t.Fatal(err)
	}
	check("null_penalized_loglik", fi.NullPenalizedLogLik, refFloat(t, sc, "null_penalized_loglik"))
	check("global_plr", fi.GlobalChisq, refFloat(t, sc, "global_plr"))
	check("global_p", fi.GlobalP, refFloat(t, sc, "global_p"))
	if fi.GlobalDF != 3 {
		t.Errorf("global df %d, want 3", fi.GlobalDF)
	}
	t.Logf("worst relative error %.2g", worst)
}

// TestInferenceErrors checks that the likelihood inference refuses fits it
// does not apply to and bad arguments with ErrBadSettings.
func TestInferenceErrors(t *testing.T) {
	t.Parallel()
	d := formulaDesign(t, "next/mtcars.csv", "am ~ hp + wt")
	ml, err := Fit(d.X, d.Y, nil)
	if err != nil {
		t.Fatal(err)
	}
	fs := &Settings{Firth: true}
	fr, err := Fit(d.X, d.Y, fs)
	if err != nil {
		t.Fatal(err)
	}
	short := &Settings{MaxIter: 1}
	unconv, err := Fit(d.X, d.Y, short)
	if err != nil || unconv.Converged {
		t.Fatalf("a fit of one iteration: %v, converged %v", err, unconv != nil && unconv.Converged)
	}
	n, _ := d.X.Dims()
	wide := linalg.NewDense(n, 3, nil)
	half := linalg.NewDense(n/2, 2, nil)
	for i := range n {
		copy(wide.RawRow(i), d.X.RawRow(i))
		wide.Set(i, 2, float64(i%3))
		if i < n/2 {
			copy(half.RawRow(i), d.X.RawRow(i))
		}
	}
	for name, f := range map[string]func() error{
		"level":       func() error { _, err := ProfileIntervals(d.X, d.Y, nil, ml, 1.5); return err },
		"firth fit":   func() error { _, err := ProfileIntervals(d.X, d.Y, fs, fr, 0.95); return err },
		"unconverged": func() error { _, err := ProfileIntervals(d.X, d.Y, short, unconv, 0.95); return err },
		"ml fit":      func() error { _, err := FirthInferences(d.X, d.Y, nil, ml, 0.95); return err },
		"firth 0":     func() error { _, err := FirthInferences(d.X, d.Y, fs, fr, 0); return err },
		"drop1 term":  func() error { _, err := Drop1(d.X, d.Y, nil, ml, []int{0}, []string{"hp"}); return err },
		"anova term":  func() error { _, err := Sequential(d.X, d.Y, nil, ml, []int{0, 1, 2}, []string{"hp"}); return err },
		// The fit r of other data, or of other settings, than the call's.
		"profile y":     func() error { _, err := ProfileIntervals(d.X, d.Y[:10], nil, ml, 0.95); return err },
		"profile noint": func() error { _, err := ProfileIntervals(d.X, d.Y, &Settings{NoIntercept: true}, ml, 0.95); return err },
		"profile width": func() error { _, err := ProfileIntervals(wide, d.Y, nil, ml, 0.95); return err },
		"profile rows":  func() error { _, err := ProfileIntervals(half, d.Y[:len(d.Y)/2], nil, ml, 0.95); return err },
		"profile nil x": func() error { _, err := ProfileIntervals(nil, d.Y, nil, ml, 0.95); return err },
		"drop1 nil fit": func() error { _, err := Drop1(d.X, d.Y, nil, nil, []int{0, 1}, []string{"hp", "wt"}); return err },
		"drop1 y":       func() error { _, err := Drop1(d.X, d.Y[:10], nil, ml, []int{0, 1}, []string{"hp", "wt"}); return err },
		"drop1 range":   func() error { _, err := Drop1(d.X, d.Y, nil, ml, []int{0, 5}, []string{"hp", "wt"}); return err },
		"anova range":   func() error { _, err := Sequential(d.X, d.Y, nil, ml, []int{0, 5}, []string{"hp", "wt"}); return err },
		"anova noint": func() error {
			_, err := Sequential(d.X, d.Y, &Settings{NoIntercept: true}, ml, []int{0, 1}, []string{"hp", "wt"})
			return err
		},
	} {
		if err := f(); !errors.Is(err, ErrBadSettings) {
			t.Errorf("%s: got %v, want ErrBadSettings", name, err)
		}
	}
	// A model with one coefficient: the profile of the intercept alone and
	// drop1 of the only term fall back to the deviance of η = offset.
	one := linalg.NewDense(len(d.Y), 1, make([]float64, len(d.Y)))
	for i := range d.Y {
		one.Set(i, 0, d.X.At(i, 1))
	}
	set := &Settings{NoIntercept: true}
	r, err := Fit(one, d.Y, set)
	if err != nil {
		t.Fatal(err)
	}
	dr, err := Drop1(one, d.Y, set, r, []int{0}, []string{"wt"})
	if err != nil {
		t.Fatal(err)
	}
	if want := float64(len(d.Y)) * 2 * math.Ln2; math.Abs(dr[0].Deviance-want) > 1e-12*want {
		t.Errorf("deviance without the only term %.17g, want n·2·log 2 = %.17g", dr[0].Deviance, want)
	}
	ci, err := ProfileIntervals(one, d.Y, set, r, 0.95)
	if err != nil || !(ci[0].Lower < r.Coef[0] && r.Coef[0] < ci[0].Upper) {
		t.Errorf("profile of the only coefficient: %+v, %v (estimate %g)", ci, err, r.Coef[0])
	}
}

// BenchmarkProfileIntervals times the profile limits of every coefficient
// at (n, p) = (1e5, 20) against one fit of the same data, timed in the same
// benchmark: "x-fit" is their ratio (the target is 8 at most),
// "passes/op" the passes over the rows the limits took (batched rounds,
// information passes and the fallback's), "fits/op" the fallback's
// constrained fits.
func BenchmarkProfileIntervals(b *testing.B) {
	x, y := synthetic(100000, 20, 7)
	b.ReportAllocs()
	var r *Result
	one := time.Duration(math.MaxInt64)
	for range 3 {
		start := time.Now()
		var err error
		if r, err = Fit(x, y, nil); err != nil {
			b.Fatal(err)
		}
		one = min(one, time.Since(start))
	}
	b.ResetTimer()
	var st profileStats
	for b.Loop() {
		var err error
		if _, st, err = profileIntervals(x, y, nil, r, 0.95); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.passes), "passes/op")
	b.ReportMetric(float64(st.fits), "fits/op")
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(one), "x-fit")
}

// TestProfileVMFallback checks the limits of the batched Venzon–Moolgavkar
// iteration against the bracketed root-finding on cold constrained fits,
// an independent method, on data of several sizes: both find the root of
// D_j(b) − D̂ = χ² to about 1e-12 relative. It also checks that every
// limit came from the iteration, in few passes over the rows.
func TestProfileVMFallback(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n, p      int
		maxPasses int
	}{{300, 3, 8}, {5000, 6, 5}, {40000, 8, 5}} {
		x, y := synthetic(tc.n, tc.p, 11)
		r, err := Fit(x, y, nil)
		if err != nil {
			t.Fatal(err)
		}
		ci, st, err := profileIntervals(x, y, nil, r, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		if st.fall != 0 || st.passes > tc.maxPasses {
			t.Errorf("n %d: %+v, want every limit from the iteration in %d passes at most", tc.n, st, tc.maxPasses)
		}
		z := NormalQuantile(0.975)
		worst := 0.0
		for j := range r.Coef {
			pr := newProfile(x, y, nil, j)
			se := math.Sqrt(r.Cov.At(j, j))
			for side, got := range []float64{ci[j].Lower, ci[j].Upper} {
				want, why, err := findLimit(pr.dev, r.Coef[j], se, r.Deviance, z, float64(2*side-1))
				if err != nil || why != "" {
					t.Fatalf("n %d coefficient %d: fallback %v %q", tc.n, j, err, why)
				}
				rel := math.Abs(got-want) / max(math.Abs(want), se)
				worst = max(worst, rel)
				if rel > 5e-11 { // measured 6.9e-12
					t.Errorf("n %d coefficient %d side %d: %.17g, want %.17g (rel %.2g)", tc.n, j, side, got, want, rel)
				}
			}
		}
		t.Logf("n %d p %d: worst relative difference %.2g, %+v", tc.n, tc.p, worst, st)
	}
}

// TestProfileFallback checks that limits the iteration leaves undone are
// found by the fallback, constrained fits and bracketed root-finding, at
// the iteration's values (birthwt, every third limit undone).
func TestProfileFallback(t *testing.T) {
	t.Parallel()
	d := formulaDesign(t, "next/birthwt.csv", "low ~ age + lwt + race + smoke + ptl + ht + ui + ftv")
	r, err := Fit(d.X, d.Y, nil)
	if err != nil {
		t.Fatal(err)
	}
	vm, _, err := profileIntervals(d.X, d.Y, nil, r, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	lims := make([]vmLimit, 2*len(vm))
	for m := range lims {
		lims[m] = vmLimit{j: m / 2, dir: float64(2*(m%2) - 1), done: m%3 != 0, value: [2]float64{vm[m/2].Lower, vm[m/2].Upper}[m%2]}
	}
	var st profileStats
	got, err := finishLimits(d.X, d.Y, nil, r, NormalQuantile(0.975), lims, &st)
	if err != nil {
		t.Fatal(err)
	}
	if want := (len(lims) + 2) / 3; st.fall != want || st.vm != len(lims)-want || st.fits == 0 {
		t.Errorf("%+v, want %d limits from the fallback", st, want)
	}
	worst := 0.0
	for m, l := range lims {
		g, w := [2]float64{got[l.j].Lower, got[l.j].Upper}[m%2], l.value
		rel := math.Abs(g-w) / math.Abs(w)
		worst = max(worst, rel)
		if rel > 1e-12 || l.done && g != w { // measured 1.2e-13
			t.Errorf("limit %d: %.17g, want %.17g (rel %.2g)", m, g, w, rel)
		}
		if !l.done && got[l.j].Fits == 0 {
			t.Errorf("limit %d: no constrained fits counted", m)
		}
	}
	t.Logf("worst relative difference %.2g, %+v", worst, st)
}

// TestProfileGroups checks that limits iterated in groups (a small memory
// bound) are those iterated together, bit for bit.
func TestProfileGroups(t *testing.T) {
	t.Parallel()
	x, y := synthetic(5000, 6, 13)
	r, err := Fit(x, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	z := NormalQuantile(0.975)
	k := len(r.Coef)
	var got [2][]vmLimit
	var st [2]profileStats
	for i, mem := range []int{vmMemory, 3 * 8 * (k*(segments(5000)+3) + k*k)} {
		got[i] = make([]vmLimit, 2*k)
		for m := range got[i] {
			got[i][m] = vmLimit{j: m / 2, dir: float64(2*(m%2) - 1)}
		}
		profileVM(x, y, &Settings{}, r, z, got[i], mem, &st[i])
	}
	for m := range got[0] {
		a, b := got[0][m], got[1][m]
		if !a.done || !b.done || math.Float64bits(a.value) != math.Float64bits(b.value) {
			t.Errorf("limit %d: together %v (done %v), in groups of 3 %v (done %v)", m, a.value, a.done, b.value, b.done)
		}
	}
	if st[1].passes <= st[0].passes {
		t.Errorf("passes: together %d, in groups %d; want more in groups", st[0].passes, st[1].passes)
	}
}

// TestProfileWorkers checks that the profile limits are the same, bit for
// bit, for 1 and 3 workers, on rows that make many segments.
func TestProfileWorkers(t *testing.T) {
	t.Parallel()
	x, y := synthetic(30000, 5, 3)
	var got [2][]ProfileInterval
	for i, w := range []int{1, 3} {
		set := &Settings{Workers: w}
		r, err := Fit(x, y, set)
		if err != nil {
			t.Fatal(err)
		}
		if got[i], err = ProfileIntervals(x, y, set, r, 0.9); err != nil {
			t.Fatal(err)
		}
	}
	for j := range got[0] {
		a, b := got[0][j], got[1][j]
		if math.Float64bits(a.Lower) != math.Float64bits(b.Lower) || math.Float64bits(a.Upper) != math.Float64bits(b.Upper) {
			t.Errorf("coefficient %d: 1 worker %v, 3 workers %v", j, a, b)
		}
	}
}

// TestBatchAllocs keeps an evaluation of the batched deviance and score
// free of allocations, and checks it against the fitter's pass.
func TestBatchAllocs(t *testing.T) {
	x, y := synthetic(10000, 4, 5)
	for _, workers := range []int{1, 2} {
		b := newBatch(x, y, nil, nil, true, 3, workers)
		for i := range b.beta {
			b.beta[i] = 0.1 * float64(i%7-3)
		}
		if a := testing.AllocsPerRun(10, func() { b.eval(3) }); a != 0 {
			t.Errorf("workers %d: %v allocations per evaluation, want 0", workers, a)
		}
		f := newFitter(x, y, nil, true, workers)
		for m := range 3 {
			f.eval(b.beta[m*5 : m*5+5])
			if rel := math.Abs(b.dev[m]-f.dev) / f.dev; rel > 1e-13 {
				t.Errorf("deviance %d: %.17g, fitter %.17g", m, b.dev[m], f.dev)
			}
			for i, gi := range f.g {
				if d := math.Abs(b.g[m*5+i] - gi); d > 1e-9*(1+math.Abs(gi)) {
					t.Errorf("score %d %d: %.17g, fitter %.17g", m, i, b.g[m*5+i], gi)
				}
			}
		}
		f.close()
		b.close()
	}
}

// TestProfileSeparated checks the profile limits of separated fits against
// R 4.2.2 (testdata/profile_separated.R: Newton's method on the deviance
// with the diverging coefficient held at 40, uniroot at tol 1e-14): on
// endometrial (quasi-complete, NV = +Inf) NV's upper limit is +Inf with a
// reason naming it, its lower limit and both limits of the finite
// coefficients the roots of D_j(b) − D_inf = χ², D_inf the deviance of the
// rows with NV = 0; on sep_complete (complete, D_inf = 0) the intercept's
// lower limit and x's upper are infinite. It also checks the roots by a
// second method, constrained fits of every row with NV held at 40, and
// that D_NV stays below the threshold, decreasing, above the lower limit.
func TestProfileSeparated(t *testing.T) {
	t.Parallel()
	inf := math.Inf(1)
	for _, tc := range []struct {
		data, formula string
		want          [][2]float64
	}{
		{"next/endometrial.csv", "HG ~ NV + PI + EH", [][2]float64{
			{1.4327458245392568, 7.9547770253265551}, {1.284111790185237, inf},
			{-0.13707680051822355, 0.038184671657081434}, {-4.7859124278945302, -1.4363889887710408}}},
		{"next/sep_complete.csv", "y ~ x", [][2]float64{{-inf, -12.972243710670151}, {0.8410623590987536, inf}}},
	} {
		d := formulaDesign(t, tc.data, tc.formula)
		set := &Settings{Names: d.Names}
		r, err := Fit(d.X, d.Y, set)
		if err != nil {
			t.Fatal(err)
		}
		ci, err := ProfileIntervals(d.X, d.Y, set, r, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		// The finite coefficients also by constrained fits.
		direct, err := profileSeparated(d.X, d.Y, set, r, 0.95, false)
		if err != nil {
			t.Fatal(err)
		}
		ci = append(ci, direct...)
		worst := 0.0
		for i, w := range append(tc.want, tc.want...) {
			j := i % len(tc.want)
			for side, got := range []float64{ci[i].Lower, ci[i].Upper} {
				why := []string{ci[i].LowerReason, ci[i].UpperReason}[side]
				if math.IsInf(w[side], 0) {
					st := "+Inf"
					if w[side] < 0 {
						st = "-Inf"
					}
					if got != w[side] || !strings.Contains(why, r.Names[j]+" is "+st) {
						t.Errorf("%s %s limit %d = %v (%q), want %v with a reason naming it", tc.data, r.Names[j], side, got, why, w[side])
					}
					continue
				}
				rel := math.Abs(got-w[side]) / math.Abs(w[side])
				worst = max(worst, rel)
				if rel > 1e-12 || why != "" { // measured 8.8e-14
					t.Errorf("%s %s limit %d = %.17g (%q), want %.17g (rel %.2g)", tc.data, r.Names[j], side, got, why, w[side], rel)
				}
			}
		}
		t.Logf("%s: worst relative error %.2g", tc.data, worst)
	}

	// The second method on endometrial: every row, NV held at 40.
	d := formulaDesign(t, "next/endometrial.csv", "HG ~ NV + PI + EH")
	r, err := Fit(d.X, d.Y, nil)
	if err != nil {
		t.Fatal(err)
	}
	ci, err := ProfileIntervals(d.X, d.Y, nil, r, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	n := len(d.Y)
	q := math.Pow(NormalQuantile(0.975), 2)
	// constrained is the deviance with coefficient j (of 1, NV, PI, EH)
	// held at b and NV at nv (ignored when j is NV), the others fitted.
	constrained := func(j int, b, nv float64) float64 {
		t.Helper()
		off := make([]float64, n)
		var cols []int
		for c := 1; c < 4; c++ {
			if c != j && c != 1 {
				cols = append(cols, c-1)
			}
		}
		x := linalg.NewDense(n, len(cols), nil)
		for i := range n {
			row := d.X.RawRow(i)
			if j != 1 {
				off[i] = nv * row[0]
			}
			if j == 0 {
				off[i] += b
			} else {
				off[i] += b * row[j-1]
			}
			for h, c := range cols {
				x.Set(i, h, row[c])
			}
		}
		set := &Settings{Offset: off, NoIntercept: j == 0, Tol: 1e-12}
		if len(cols) == 0 {
			return offsetDeviance(d.Y, nil, off)
		}
		cr, err := Fit(x, d.Y, set)
		if err != nil || cr.Separation {
			t.Fatalf("constrained fit %d at %g: %v (separation %v)", j, b, err, cr != nil && cr.Separation)
		}
		return cr.Deviance
	}
	dinf := constrained(0, 4.3045177830578201, 40) // the intercept at its value at the infimum
	if want := 55.393260357181113; math.Abs(dinf-want) > 1e-12*want {
		t.Errorf("infimum of the deviance %.17g, want %.17g", dinf, want)
	}
	worst := 0.0
	for j := range 4 {
		for side, b := range []float64{ci[j].Lower, ci[j].Upper} {
			if math.IsInf(b, 0) {
				continue
			}
			e := math.Abs(constrained(j, b, 40)-dinf-q) / q
			worst = max(worst, e)
			if e > 1e-12 { // measured 3.9e-13
				t.Errorf("%s limit %d: |D_j − D_inf − χ²|/χ² = %.3g at %.17g", r.Names[j], side, e, b)
			}
		}
	}
	t.Logf("second method: worst relative residual of the deviance equation %.2g", worst)
	prev := q
	for _, b := range []float64{ci[1].Lower + 0.5, ci[1].Lower + 2, 10, 20, 40} {
		e := constrained(1, b, 0) - dinf
		if !(e < prev) || e < -1e-9 {
			t.Errorf("D_NV(%g) − D_inf = %.6g: want it below %.6g, decreasing, not below 0", b, e, prev)
		}
		prev = e
	}
}

// TestProfileIntervalsOffsetWeights checks the profile limits of a fit
// with an offset (birthwt_offset) and of a grouped fit with prior weights
// (menarche) against R 4.2.2: uniroot (tol 1e-13) on the deviance of
// glm.fit(epsilon = 1e-15) with the coefficient moved into the offset.
func TestProfileIntervalsOffsetWeights(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		data, formula, weights string
		want                   map[int][2]float64
	}{
		{"next/birthwt_offset.csv", "low ~ age + lwt + race + ht + ui + offset(off_smoke)", "", map[int][2]float64{
			0: {-0.40115851330673613, 4.40548660985236218}, 2: {-0.0309093470246582513, -0.0038579198965620906}}},
		{"next/menarche.csv", "prop ~ Age", "Total", map[int][2]float64{
			0: {-22.786557463992917, -19.763782270767916}, 1: {1.5200991662474164, 1.7513234011132726}}},
	} {
		b, err := refcase.Read(tc.data)
		if err != nil {
			t.Fatal(err)
		}
		f, err := dataset.ReadFrame(bytes.NewReader(b), tc.data)
		if err != nil {
			t.Fatal(err)
		}
		fm, err := dataset.ParseFormula(tc.formula)
		if err != nil {
			t.Fatal(err)
		}
		d, err := fm.Design(f, dataset.DesignOptions{Weights: tc.weights})
		if err != nil {
			t.Fatal(err)
		}
		set := &Settings{Offset: d.Offset, Weights: d.Weights}
		r, err := Fit(d.X, d.Y, set)
		if err != nil {
			t.Fatal(err)
		}
		ci, err := ProfileIntervals(d.X, d.Y, set, r, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		for j, w := range tc.want {
			for s, got := range []float64{ci[j].Lower, ci[j].Upper} {
				// Measured: 5.1e-14 at worst.
				if rel := math.Abs(got-w[s]) / math.Abs(w[s]); rel > 5e-13 {
					t.Errorf("%s %s limit %d = %.17g, want %.17g (rel %.2g)", tc.data, r.Names[j], s, got, w[s], rel)
				}
			}
		}
	}
}
