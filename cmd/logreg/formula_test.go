package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/logreg"
)

// TestFitFormula fits R's formulas of internal/refcase next/ with -formula
// (and -offset) and compares with R's glm: coefficients as checkRCoefs
// does, deviance, null deviance, AIC and log-likelihood to 1e-10 relative.
func TestFitFormula(t *testing.T) {
	t.Parallel()
	const rel = 1e-10
	for _, c := range []struct {
		ref, data string
		args      []string
	}{
		{"bw_fac_x_num", "birthwt.csv", []string{"-formula", "low ~ race * lwt"}},
		{"bw_transforms", "birthwt.csv", []string{"-formula", "low ~ log(lwt) + age + I(age^2) + smoke + ht"}},
		{"bw_poly", "birthwt.csv", []string{"-formula", "low ~ poly(age, 2) + lwt + smoke"}},
		{"birthwt_offset", "birthwt_offset.csv", []string{"-formula", "low ~ age + lwt + race + ht + ui + offset(off_smoke)"}},
		{"birthwt_offset", "birthwt_offset.csv", []string{"-formula", "low ~ age + lwt + race + ht + ui", "-offset", "off_smoke"}},
		{"pima_tr", "pima_tr.csv", []string{"-formula", "type ~ npreg + glu + bp + skin + bmi + ped + age"}},
		{"pima_te_calib_large", "pima_te.csv", []string{"-formula", "type ~ 1", "-offset", "lp"}},
		{"menarche", "menarche.csv", []string{"-formula", "prop ~ Age", "-weights", "Total"}},
	} {
		t.Run(c.ref, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"fit", "-data", refcase.Path("next/" + c.data), "-format", "json"}, c.args...)
			f := decodeFit(t, mustRun(t, "", args...).stdout)
			checkRCoefs(t, f, refRecords(t, "next/"+c.ref+".coef.csv"))
			sc := refRecords(t, "next/"+c.ref+".scalars.csv")[0]
			for _, q := range []struct {
				key string
				got *float64
			}{{"deviance", f.Deviance}, {"null_deviance", f.NullDeviance}, {"aic", f.AIC}, {"loglik", f.LogLik}} {
				w := parseFloat(t, sc[q.key])
				if q.got == nil || !(relErr(*q.got, w) <= rel) {
					t.Errorf("%s: got %v, want %v (relative tolerance %g)", q.key, q.got, w, rel)
				}
			}
			if w, _ := strconv.Atoi(sc["df_residual"]); f.DFResidual != w {
				t.Errorf("df_residual: got %d, want %d", f.DFResidual, w)
			}
		})
	}
}

// TestFitFormulaErrors checks fit's errors for bad formulas and flags.
func TestFitFormulaErrors(t *testing.T) {
	t.Parallel()
	data := refcase.Path("next/birthwt.csv")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-formula", "low ~ age + lgo(lwt)"}, 1, `formula:1:13: unknown function "lgo"`},
		{[]string{"-formula", "low ~ age + nope"}, 1, `formula:1:13: no column "nope" in the data`},
		{[]string{"-formula", "low ~ age", "-target", "low"}, 2, "-formula replaces -target and -features"},
		{[]string{"-target", "low", "-offset", "age"}, 2, "-offset needs -formula"},
		{[]string{"-formula", "low ~ race", "-ref", "race=red"}, 1, `reference level "red" is not a level of race`},
		{[]string{"-formula", "low ~ race", "-stream"}, 2, "-formula cannot be combined with -stream"},
	} {
		r := runBin(t, "", append([]string{"fit", "-data", data}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: got exit %d, stderr %q; want exit %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
	// -ref race=white makes white the baseline, as R's relevel.
	f := decodeFit(t, mustRun(t, "", "fit", "-data", data, "-format", "json", "-formula", "low ~ race", "-ref", "race=white").stdout)
	if len(f.Coefficients) != 3 || f.Coefficients[1].Name != "race=black" || f.Coefficients[2].Name != "race=other" {
		t.Errorf("got %v, want (Intercept) race=black race=other", f.Coefficients)
	}
}

// TestFormulaModel checks that fit -formula -out records the formula so
// that predict and eval code new data as the training data (poly's
// coefficients, the factor's levels and the offset included), bit for bit
// the library's prediction, and that a variable missing from the new data
// is an error naming it.
func TestFormulaModel(t *testing.T) {
	t.Parallel()
	const formula = "low ~ poly(age, 2) + race:lwt + factor(ftv > 0) + offset(smoke/2)"
	data := refcase.Path("next/birthwt.csv")
	model := filepath.Join(t.TempDir(), "m.json")
	mustRun(t, "", "fit", "-data", data, "-formula", formula, "-out", model)

	b, err := refcase.Read("next/birthwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	fr, err := dataset.ReadFrame(bytes.NewReader(b), "birthwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	fm, err := dataset.ParseFormula(formula)
	if err != nil {
		t.Fatal(err)
	}
	d, err := fm.Design(fr, dataset.DesignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := logreg.Fit(d.X, d.Y, &logreg.Settings{Names: d.Names, Offset: d.Offset})
	if err != nil {
		t.Fatal(err)
	}
	eta := make([]float64, len(d.Y))
	res.LinearPredictorTo(eta, d.X)
	var want strings.Builder
	want.WriteString("probability,predicted\n")
	for i, e := range eta {
		want.Write(appendPrediction(nil, e+d.Offset[i], 0.5))
	}
	// The new data: every column but low, in another order.
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	var in strings.Builder
	for _, l := range lines {
		f := strings.Split(l, ",")
		f = f[1:]
		slices.Reverse(f)
		in.WriteString(strings.Join(f, ",") + "\n")
	}
	if got := mustRun(t, in.String(), "predict", "-model", model, "-data", "-").stdout; got != want.String() {
		t.Errorf("predict: got\n%.300s\nwant\n%.300s", got, want.String())
	}
	ev := mustRun(t, "", "eval", "-model", model, "-data", data).stdout
	if !strings.Contains(ev, "189 rows used") {
		t.Errorf("eval: got %q", ev)
	}
	r := runBin(t, "age,lwt,race\n20,120,white\n", "predict", "-model", model, "-data", "-")
	if r.code != 1 || !strings.Contains(r.stderr, `no column "ftv" in the data`) {
		t.Errorf("got exit %d, stderr %q; want an error naming ftv", r.code, r.stderr)
	}
}

// TestFitTerms checks the "term" of each coefficient in fit's JSON: a
// factor is one term of several columns, with or without a formula.
func TestFitTerms(t *testing.T) {
	t.Parallel()
	data := refcase.Path("next/birthwt.csv")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-formula", "low ~ race * lwt + poly(age, 2)"}, "(Intercept) race race lwt poly(age, 2) poly(age, 2) race:lwt race:lwt"},
		{[]string{"-target", "low", "-features", "race,lwt"}, "(Intercept) race race lwt"},
		{[]string{"-target", "low", "-features", "race,lwt", "-no-intercept"}, "race race race lwt"},
	} {
		out := mustRun(t, "", append([]string{"fit", "-data", data, "-format", "json"}, c.args...)...).stdout
		var f struct {
			Schema       string `json:"schema"`
			Coefficients []struct {
				Term string `json:"term"`
			} `json:"coefficients"`
		}
		if err := json.Unmarshal([]byte(out), &f); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, co := range f.Coefficients {
			got = append(got, co.Term)
		}
		if strings.Join(got, " ") != c.want || f.Schema != "logreg-fit/2" {
			t.Errorf("%q: got terms %q, schema %s; want %q, logreg-fit/2", c.args, got, f.Schema, c.want)
		}
	}
}

// TestCVFormula checks cv -formula: the formula of -features' design gives
// the same output byte for byte, and a constant offset, absorbed by the
// intercept, leaves every score the same to rounding.
func TestCVFormula(t *testing.T) {
	t.Parallel()
	data := refcase.Path("next/birthwt.csv")
	cv := func(args ...string) string {
		return mustRun(t, "", append([]string{"cv", "-data", data, "-format", "json", "-timing=false"}, args...)...).stdout
	}
	plain := cv("-target", "low", "-features", "race,lwt")
	if got := cv("-formula", "low ~ race + lwt"); got != plain {
		t.Errorf("cv -formula: got\n%.400s\nwant\n%.400s", got, plain)
	}
	var a, b struct {
		Mean map[string]float64 `json:"mean"`
	}
	if err := json.Unmarshal([]byte(plain), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(cv("-formula", "low ~ race + lwt + offset(age*0 + 2)")), &b); err != nil {
		t.Fatal(err)
	}
	for k, v := range a.Mean {
		if e := relErr(b.Mean[k], v); !(e <= 1e-12) {
			t.Errorf("mean %s: got %v, want %v (rel %.2g)", k, b.Mean[k], v, e)
		}
	}
	if r := runBin(t, "", "cv", "-data", data, "-target", "low", "-offset", "age"); r.code != 2 || !strings.Contains(r.stderr, "-offset needs -formula") {
		t.Errorf("got exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestPredictFormulaR checks predict with a model of a formula against R's
// predict.glm on new data (testdata/pima_poly.R): poly()'s stored
// coefficients, a log, a factor of a comparison and an offset, applied to
// pima_te, to 1e-13 relative (achieved: 4e-15).
func TestPredictFormulaR(t *testing.T) {
	t.Parallel()
	model := filepath.Join(t.TempDir(), "m.json")
	mustRun(t, "", "fit", "-data", refcase.Path("next/pima_tr.csv"), "-tol", "1e-15", "-out", model,
		"-formula", "type ~ poly(glu, 2) + log(bmi) + factor(npreg > 2) + offset(ped)")
	got := strings.Split(strings.TrimSpace(mustRun(t, "", "predict", "-model", model, "-data", refcase.Path("next/pima_te.csv")).stdout), "\n")
	b, err := os.ReadFile("testdata/pima_poly.predict.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d", len(got), len(want))
	}
	worst := 0.0
	for i := 1; i < len(want); i++ {
		p, _, _ := strings.Cut(got[i], ",")
		g, w := parseFloat(t, p), parseFloat(t, want[i])
		worst = max(worst, relErr(g, w))
	}
	t.Logf("worst relative error of the probabilities: %.2g", worst)
	if worst > 1e-13 {
		t.Errorf("worst relative error %.2g, want at most 1e-13", worst)
	}
}
