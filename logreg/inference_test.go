package logreg

import (
	"bytes"
	"errors"
	"math"
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
	sx := linalg.NewDense(4, 1, []float64{1, 2, 3, 4})
	sy := []float64{0, 0, 1, 1}
	sep, err := Fit(sx, sy, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func() error{
		"level":      func() error { _, err := ProfileIntervals(d.X, d.Y, nil, ml, 1.5); return err },
		"firth fit":  func() error { _, err := ProfileIntervals(d.X, d.Y, fs, fr, 0.95); return err },
		"separated":  func() error { _, err := ProfileIntervals(sx, sy, nil, sep, 0.95); return err },
		"ml fit":     func() error { _, err := FirthInferences(d.X, d.Y, nil, ml, 0.95); return err },
		"firth 0":    func() error { _, err := FirthInferences(d.X, d.Y, fs, fr, 0); return err },
		"drop1 term": func() error { _, err := Drop1(d.X, d.Y, nil, ml, []int{0}, []string{"hp"}); return err },
		"anova term": func() error { _, err := Sequential(d.X, d.Y, nil, ml, []int{0, 1, 2}, []string{"hp"}); return err },
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
// at (n, p) = (1e5, 20) and reports the constrained fits they took and
// their cost relative to one fit ("fits/op", "x-fit").
func BenchmarkProfileIntervals(b *testing.B) {
	x, y := synthetic(100000, 20, 7)
	b.ReportAllocs()
	start := time.Now()
	r, err := Fit(x, y, nil)
	if err != nil {
		b.Fatal(err)
	}
	one := time.Since(start)
	b.ResetTimer()
	fits := 0
	for range b.N {
		ci, err := ProfileIntervals(x, y, nil, r, 0.95)
		if err != nil {
			b.Fatal(err)
		}
		fits = 0
		for _, c := range ci {
			fits += c.Fits
		}
	}
	b.ReportMetric(float64(fits), "fits/op")
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(one), "x-fit")
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
