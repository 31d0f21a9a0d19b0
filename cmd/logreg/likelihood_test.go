package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// likOutput is the part of fit's JSON that -tests and -ci write.
type likOutput struct {
	CIMethod     string `json:"ci_method"`
	Coefficients []struct {
		Name      string   `json:"name"`
		Estimate  float64  `json:"estimate"`
		Low       *float64 `json:"ci_low"`
		High      *float64 `json:"ci_high"`
		OddsRatio *float64 `json:"odds_ratio"`
		ORLow     *float64 `json:"odds_ratio_ci_low"`
		ORHigh    *float64 `json:"odds_ratio_ci_high"`
	} `json:"coefficients"`
	LRTest struct {
		Statistic float64  `json:"statistic"`
		DF        int      `json:"df"`
		P         *float64 `json:"p"`
	} `json:"lr_test"`
	Terms *[]struct {
		Term     string  `json:"term"`
		DF       int     `json:"df"`
		Deviance float64 `json:"deviance"`
		LRChisq  float64 `json:"lr_chisq"`
		P        float64 `json:"p"`
	} `json:"terms"`
}

func decodeLik(t *testing.T, s string) *likOutput {
	t.Helper()
	var o likOutput
	if err := json.Unmarshal([]byte(s), &o); err != nil {
		t.Fatal(err)
	}
	return &o
}

// TestFitLikelihoodRef checks fit -tests and -ci profile against R's drop1,
// anova, the global test and the exact profile limits of internal/refcase
// next/ on birthwt, with the odds ratios.
func TestFitLikelihoodRef(t *testing.T) {
	t.Parallel()
	const formula = "low ~ age + lwt + race + smoke + ptl + ht + ui + ftv"
	data := refcase.Path("next/birthwt.csv")
	worst := 0.0
	check := func(what string, got, want, tol float64) {
		t.Helper()
		e := relErr(got, want)
		worst = max(worst, e)
		if !(e <= tol) {
			t.Errorf("%s = %.17g, want %.17g (rel %.2g)", what, got, want, e)
		}
	}
	lr := refRecords(t, "next/birthwt_full.lrtest.csv")[0]
	for _, c := range []struct{ tests, file, dev, chisq string }{
		{"drop1", "drop1", "deviance", "lrt"}, {"sequential", "anova", "deviance", "deviance"},
	} {
		args := []string{"fit", "-data", data, "-formula", formula, "-format", "json", "-tests", c.tests, "-ci", "profile"}
		o := decodeLik(t, mustRun(t, "", args...).stdout)
		if o.CIMethod != "profile" || o.Terms == nil {
			t.Fatalf("%q: ci_method %q, terms %v", args, o.CIMethod, o.Terms)
		}
		want := refRecords(t, "next/birthwt_full."+c.file+".csv")[1:]
		if len(*o.Terms) != len(want) {
			t.Fatalf("%s: %d terms, want %d", c.tests, len(*o.Terms), len(want))
		}
		for i, w := range want {
			g := (*o.Terms)[i]
			if g.Term != w["term"] || float64(g.DF) != parseFloat(t, w["df"]) {
				t.Errorf("%s %d: %s df %d, want %s df %s", c.tests, i, g.Term, g.DF, w["term"], w["df"])
			}
			check(c.tests+" "+g.Term+" deviance", g.Deviance, parseFloat(t, w[c.dev]), 2e-12)
			check(c.tests+" "+g.Term+" lr_chisq", g.LRChisq, parseFloat(t, w[c.chisq]), 2e-12)
			check(c.tests+" "+g.Term+" p", g.P, parseFloat(t, w["p"]), 2e-12)
		}
		check("lr_test statistic", o.LRTest.Statistic, parseFloat(t, lr["statistic"]), 2e-12)
		if o.LRTest.P == nil || o.LRTest.DF != 9 {
			t.Fatalf("lr_test %+v", o.LRTest)
		}
		check("lr_test p", *o.LRTest.P, parseFloat(t, lr["p"]), 2e-12)
		prof := refRecords(t, "next/birthwt_full.profile_ci.csv")
		for j, w := range prof {
			g := o.Coefficients[j]
			if g.Low == nil || g.High == nil || g.ORLow == nil || g.ORHigh == nil || g.OddsRatio == nil {
				t.Fatalf("%s: null limits", g.Name)
			}
			check(g.Name+" profile lower", *g.Low, parseFloat(t, w["profile_lower"]), 2e-11)
			check(g.Name+" profile upper", *g.High, parseFloat(t, w["profile_upper"]), 2e-11)
			check(g.Name+" odds ratio", *g.OddsRatio, parseFloat(t, w["or"]), 1e-13)
			check(g.Name+" or lower", *g.ORLow, parseFloat(t, w["or_profile_lower"]), 2e-11)
			check(g.Name+" or upper", *g.ORHigh, parseFloat(t, w["or_profile_upper"]), 2e-11)
		}
	}
	// The default: Wald limits, their odds ratios, no tests.
	o := decodeLik(t, mustRun(t, "", "fit", "-data", data, "-formula", formula, "-format", "json").stdout)
	if o.CIMethod != "wald" || o.Terms != nil {
		t.Errorf("default: ci_method %q, terms %v; want wald and null", o.CIMethod, o.Terms)
	}
	for j, w := range refRecords(t, "next/birthwt_full.profile_ci.csv") {
		g := o.Coefficients[j]
		check(g.Name+" wald lower", *g.Low, parseFloat(t, w["wald_lower"]), 1e-12)
		check(g.Name+" wald or lower", *g.ORLow, math.Exp(parseFloat(t, w["wald_lower"])), 1e-12)
	}
	t.Logf("worst relative error %.2g", worst)
}

// TestFitLikelihoodErrors checks that -tests and -ci refuse bad values and
// fits without likelihood inference.
func TestFitLikelihoodErrors(t *testing.T) {
	t.Parallel()
	data := refcase.Path("next/birthwt.csv")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-target", "low", "-tests", "anova"}, `-tests must be drop1 or sequential, not "anova"`},
		{[]string{"-target", "low", "-ci", "exact"}, `-ci must be wald or profile, not "exact"`},
		{[]string{"-target", "low", "-ci", "profile", "-stream"}, "cannot be combined with -stream"},
		{[]string{"-target", "low", "-tests", "drop1", "-firth"}, "-tests needs a maximum-likelihood fit"},
		{[]string{"-target", "low", "-ci", "profile", "-l2", "1"}, "-ci profile cannot be combined with -l2"},
		{[]string{"-target", "low", "-ci", "profile", "-vcov", "HC0"}, "-ci profile cannot be combined with -vcov HC0"},
	} {
		r := runBin(t, "", append([]string{"fit", "-data", data}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: got exit %d, stderr %q; want exit 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

// TestFitLikelihoodText checks the text output of -ci profile, -exp and
// -tests: the profile limits and odds ratios of birthwt_full (R: lwt's
// profile interval (-0.029784, -0.0024647), odds ratio 0.98469) and the
// drop1 table.
func TestFitLikelihoodText(t *testing.T) {
	t.Parallel()
	out := mustRun(t, "", "fit", "-data", refcase.Path("next/birthwt.csv"), "-formula",
		"low ~ age + lwt + race + smoke + ptl + ht + ui + ftv", "-ci", "profile", "-exp", "-tests", "drop1").stdout
	for _, want := range []string{
		"Exact profile-likelihood intervals:",
		"lwt           -0.0154243    -0.029784   -0.0024647\n",
		"Odds ratios (profile-likelihood intervals):",
		"lwt              0.98469      0.97066      0.99754\n",
		"Likelihood-ratio tests, each term dropped from the model (drop1):",
		"race     2      208.753      7.468     0.0239\n",
		"Likelihood-ratio test against the null model: chi-squared 33.3872 on 9 df, p 0.0001143\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestFitFirthLikelihoodRef checks that fit -firth reports logistf's
// penalized likelihood-ratio tests and, by default, its profile penalized
// limits and global test (internal/refcase next/endometrial), and Wald
// intervals with -ci wald.
func TestFitFirthLikelihoodRef(t *testing.T) {
	t.Parallel()
	args := []string{"fit", "-data", refcase.Path("next/endometrial.csv"), "-formula", "HG ~ NV + PI + EH", "-firth", "-format", "json"}
	var o struct {
		CIMethod     string `json:"ci_method"`
		Coefficients []struct {
			Name  string   `json:"name"`
			Low   *float64 `json:"ci_low"`
			High  *float64 `json:"ci_high"`
			Chisq *float64 `json:"chisq"`
			PPLR  *float64 `json:"p_plr"`
		} `json:"coefficients"`
		LRTest struct {
			Statistic float64 `json:"statistic"`
			DF        int     `json:"df"`
			P         float64 `json:"p"`
		} `json:"lr_test"`
	}
	for _, ci := range []string{"", "wald"} {
		a := args
		if ci != "" {
			a = append(a[:len(a):len(a)], "-ci", ci)
		}
		if err := json.Unmarshal([]byte(mustRun(t, "", a...).stdout), &o); err != nil {
			t.Fatal(err)
		}
		lo, hi := "pl_lower", "pl_upper"
		if ci == "wald" {
			lo, hi = "wald_lower", "wald_upper"
		}
		if want := map[string]string{"": "profile", "wald": "wald"}[ci]; o.CIMethod != want {
			t.Errorf("-ci %q: ci_method %q, want %q", ci, o.CIMethod, want)
		}
		for j, w := range refRecords(t, "next/endometrial.firth.coef.csv") {
			g := o.Coefficients[j]
			for _, q := range []struct {
				key string
				got *float64
			}{{"plr_chisq", g.Chisq}, {"p_plr", g.PPLR}, {lo, g.Low}, {hi, g.High}} {
				if want := parseFloat(t, w[q.key]); q.got == nil || !(relErr(*q.got, want) <= 1e-11) {
					t.Errorf("-ci %q: %s %s = %v, want %v", ci, g.Name, q.key, q.got, want)
				}
			}
		}
		sc := refRecords(t, "next/endometrial.firth.scalars.csv")[0]
		if relErr(o.LRTest.Statistic, parseFloat(t, sc["global_plr"])) > 1e-11 || o.LRTest.DF != 3 ||
			relErr(o.LRTest.P, parseFloat(t, sc["global_p"])) > 1e-11 {
			t.Errorf("lr_test %+v, want %s on 3 df, p %s", o.LRTest, sc["global_plr"], sc["global_p"])
		}
	}
}

// TestFitTestsNAOmit checks that with -na omit every sub-model is refitted
// on the full model's rows: birthwt with age, lwt and ftv missing on 5 rows
// (testdata/birthwt_na.csv, 184 rows used), against R 4.2.2's
// drop1(glm(low ~ age + lwt + race + smoke + ftv, binomial, epsilon =
// 1e-15), test = "LRT") and anova(, test = "Chisq").
func TestFitTestsNAOmit(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		tests  string
		dev, p []float64
	}{
		{"drop1", []float64{209.61568538181820, 214.19845194217856, 217.78974544326076, 218.31874516746146, 209.26372152006175},
			[]float64{0.5507266687103078429, 0.0262605121431773308, 0.0140513258700173532, 0.0026139393010244723, 0.9492376999359171119}},
		{"sequential", []float64{2.6307562673932238795, 5.2920039728692813696, 4.5376475898087278438, 9.1443767435235372432, 0.0040531161649823844},
			[]float64{0.1048117793639320866, 0.0214235536027460073, 0.1034337678878353289, 0.0024948360581015521, 0.9492376999359171119}},
	} {
		o := decodeLik(t, mustRun(t, "", "fit", "-data", "testdata/birthwt_na.csv", "-na", "omit", "-format", "json",
			"-formula", "low ~ age + lwt + race + smoke + ftv", "-tests", c.tests).stdout)
		if o.Terms == nil || len(*o.Terms) != len(c.dev) {
			t.Fatalf("%s: terms %v", c.tests, o.Terms)
		}
		for i, g := range *o.Terms {
			// Measured: 2.8e-11 on ftv's reduction of 0.004 (a difference
			// of two deviances near 209), 7.5e-13 on the p-values.
			if relErr(g.Deviance, c.dev[i]) > 1e-10 || relErr(g.P, c.p[i]) > 5e-12 {
				t.Errorf("%s %s: deviance %.17g p %.17g, want %.17g and %.17g", c.tests, g.Term, g.Deviance, g.P, c.dev[i], c.p[i])
			}
		}
	}
}

// TestFitLikelihoodUsage checks that fit's usage names the likelihood
// options.
func TestFitLikelihoodUsage(t *testing.T) {
	t.Parallel()
	r := runBin(t, "", "fit", "-h")
	for _, want := range []string{"[-tests drop1|sequential] [-ci wald|profile] [-exp]", "-tests drop1 tests each term"} {
		if !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("fit -h lacks %q", want)
		}
	}
}

// TestFitProfileSeparated checks fit -ci profile on quasi-completely
// separated data (endometrial, NV = +Inf): NV's upper limit and odds-ratio
// limit are null in JSON and Inf in text, with a warning naming the
// coefficient and the side, and the finite limits are R's roots over the
// infimum of the deviance (logreg/testdata/profile_separated.R).
func TestFitProfileSeparated(t *testing.T) {
	t.Parallel()
	args := []string{"fit", "-data", refcase.Path("next/endometrial.csv"), "-formula", "HG ~ NV + PI + EH", "-ci", "profile"}
	var o struct {
		likOutput
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "", append(args, "-format", "json")...).stdout), &o); err != nil {
		t.Fatal(err)
	}
	want := [][2]float64{{1.4327458245392568, 7.9547770253265551}, {1.284111790185237, math.Inf(1)},
		{-0.13707680051822355, 0.038184671657081434}, {-4.7859124278945302, -1.4363889887710408}}
	for j, w := range want {
		c := o.Coefficients[j]
		for side, got := range []*float64{c.Low, c.High} {
			if math.IsInf(w[side], 0) {
				if got != nil || c.ORHigh != nil {
					t.Errorf("%s limit %d: %v (odds ratio %v), want null", c.Name, side, got, c.ORHigh)
				}
				continue
			}
			if got == nil || relErr(*got, w[side]) > 1e-12 { // measured 3.5e-14
				t.Errorf("%s limit %d: %v, want %.17g", c.Name, side, got, w[side])
			}
		}
	}
	found := false
	for _, w := range o.Warnings {
		found = found || strings.Contains(w, "the upper profile limit of NV is +Inf")
	}
	if !found {
		t.Errorf("warnings %q lack the upper limit of NV", o.Warnings)
	}
	text := mustRun(t, "", args...).stdout
	for _, w := range []string{
		"NV                   Inf       1.2841          Inf\n",
		"PI            -0.0421834     -0.13708     0.038185\n",
		"Warning: the upper profile limit of NV is +Inf: the data are separated: the estimate of NV is +Inf\n",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("text output lacks %q:\n%s", w, text)
		}
	}
}

// TestFitDrop1Marginality checks that -tests drop1 leaves in the terms
// contained in an interaction, as R's drop1 (drop.scope) does: dropping
// age from low ~ age*race + lwt would fit the same model in other columns
// (or, coded with the full model's contrasts, another one). The numbers
// are R 4.2.2's drop1(glm(f, binomial, birthwt), test = "LRT").
func TestFitDrop1Marginality(t *testing.T) {
	t.Parallel()
	type term struct {
		term               string
		df                 int
		dev, lrChisq, pval float64
	}
	for _, c := range []struct {
		formula string
		want    []term
	}{
		{"low ~ age*race + lwt", []term{
			{"lwt", 1, 226.57945903849975, 5.7317158020931345, 0.016661196135692238},
			{"age:race", 2, 222.66063745513125, 1.8128942187246366, 0.40395689213012759},
		}},
		{"low ~ (age + lwt + race)^2", []term{
			{"age:lwt", 1, 219.93763670898403, 0.02961811833944239, 0.86335957891999815},
			{"age:race", 2, 221.36339034602551, 1.4553717553809236, 0.48302547778162708},
			{"lwt:race", 2, 220.77469868647017, 0.86668009582558625, 0.64833998765653023},
		}},
	} {
		o := decodeLik(t, mustRun(t, "", "fit", "-data", refcase.Path("next/birthwt.csv"), "-formula", c.formula, "-tests", "drop1", "-format", "json").stdout)
		if o.Terms == nil || len(*o.Terms) != len(c.want) {
			t.Errorf("%s: got terms %+v, want %d", c.formula, o.Terms, len(c.want))
			continue
		}
		for i, w := range c.want {
			g := (*o.Terms)[i]
			if g.Term != w.term || g.DF != w.df {
				t.Errorf("%s: term %d: got %s df %d, want %s df %d", c.formula, i, g.Term, g.DF, w.term, w.df)
			}
			// The LR statistic is a difference of deviances: its error
			// relative to the deviance is what the fits achieve.
			for _, v := range []struct {
				what           string
				got, want, tol float64
			}{
				{"deviance", g.Deviance, w.dev, 1e-14},
				{"lr_chisq", g.LRChisq, w.lrChisq, 1e-14 * w.dev / w.lrChisq},
				{"p", g.P, w.pval, 1e-14 * w.dev},
			} {
				if e := relErr(v.got, v.want); !(e <= v.tol) {
					t.Errorf("%s: %s %s = %.17g, want %.17g (rel %.2g)", c.formula, w.term, v.what, v.got, v.want, e)
				}
			}
		}
	}
}
