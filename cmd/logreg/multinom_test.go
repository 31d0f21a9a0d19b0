package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

type multinomJSONOut struct {
	Family          string `json:"family"`
	Converged       bool   `json:"converged"`
	Separation      bool   `json:"separation"`
	SeparationType  string `json:"separation_type"`
	SeparatedLevels []struct {
		Levels [2]string `json:"levels"`
		Type   string    `json:"type"`
	} `json:"separated_levels"`
	N            int      `json:"n"`
	Observations float64  `json:"observations"`
	Levels       []string `json:"levels"`
	Baseline     string   `json:"baseline"`
	Coefficients []struct {
		Response string   `json:"response"`
		Name     string   `json:"name"`
		Estimate float64  `json:"estimate"`
		StdErr   *float64 `json:"std_error"`
		Status   string   `json:"status"`
	} `json:"coefficients"`
	LogLik       float64  `json:"log_likelihood"`
	Deviance     float64  `json:"deviance"`
	NullDeviance float64  `json:"null_deviance"`
	AIC          float64  `json:"aic"`
	LRStatistic  *float64 `json:"lr_statistic"`
	LRDF         int      `json:"lr_df"`
	LRP          *float64 `json:"lr_p"`
	Warnings     []string `json:"warnings"`
}

// TestFitMultinomialHousing: fit -family multinomial on housing matches the
// reference estimates and standard errors, in JSON (family, baseline, a
// response per coefficient) and in text (one table per level).
func TestFitMultinomialHousing(t *testing.T) {
	t.Parallel()
	data := refcase.Path("next/housing.csv")
	args := []string{"fit", "-data", data, "-target", "Sat", "-weights", "Freq", "-family", "multinomial", "-format", "json"}
	r := mustRun(t, "", args...)
	var out multinomJSONOut
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.Family != "multinomial" || out.Baseline != "High" || !out.Converged || out.Separation || out.N != 72 || out.Observations != 1681 {
		t.Errorf("family %q baseline %q converged %v separation %v n %d observations %v", out.Family, out.Baseline, out.Converged, out.Separation, out.N, out.Observations)
	}
	ref := refRecords(t, "next/housing.multinom.coef.csv")
	if len(ref) != len(out.Coefficients) {
		t.Fatalf("got %d coefficients, want %d", len(out.Coefficients), len(ref))
	}
	for i, rc := range ref {
		c := out.Coefficients[i]
		// R writes InflLow where this tool writes Infl=Low.
		if c.Response != rc["response"] || strings.ReplaceAll(c.Name, "=", "") != rc["name"] {
			t.Fatalf("coefficient %d is %s:%s, want %s:%s", i, c.Response, c.Name, rc["response"], rc["name"])
		}
		if e := relErr(c.Estimate, parseFloat(t, rc["estimate"])); e > 1e-14 {
			t.Errorf("%s:%s estimate %v, want %s", c.Response, c.Name, c.Estimate, rc["estimate"])
		}
		if c.StdErr == nil || relErr(*c.StdErr, parseFloat(t, rc["std_error"])) > 1e-14 {
			t.Errorf("%s:%s std_error %v, want %s", c.Response, c.Name, c.StdErr, rc["std_error"])
		}
	}
	sc, err := refcase.Scalars("next/housing.multinom.scalars.csv")
	if err != nil {
		t.Fatal(err)
	}
	if relErr(out.Deviance, parseFloat(t, sc["deviance"])) > 1e-14 || relErr(out.AIC, parseFloat(t, sc["aic"])) > 1e-14 ||
		out.LRP == nil || relErr(*out.LRP, parseFloat(t, sc["lr_p"])) > 1e-12 || out.LRDF != 12 {
		t.Errorf("deviance %v aic %v lr_p %v lr_df %d", out.Deviance, out.AIC, out.LRP, out.LRDF)
	}

	text := mustRun(t, "", args[:len(args)-2]...).stdout
	for _, want := range []string{"Response: Sat, 3 levels (High, Low, Medium), baseline High", "\nLow vs High:\n", "\nMedium vs High:\n",
		"Infl=Low          1.61263     0.167132    9.649    <2e-16 ***"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}

	// -ref chooses the baseline.
	r = mustRun(t, "", append(args, "-ref", "Low")...)
	out = multinomJSONOut{}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.Baseline != "Low" || out.Coefficients[0].Response != "High" || math.Abs(out.Coefficients[0].Estimate-1.2200835696444616) > 1e-12 {
		t.Errorf("-ref Low: baseline %q, first coefficient %s:%s = %v, want High:(Intercept) = 1.2200835696444616",
			out.Baseline, out.Coefficients[0].Response, out.Coefficients[0].Name, out.Coefficients[0].Estimate)
	}
}

// TestFitMultinomialIris: the three species are separated; the JSON says so,
// with the separated pairs, infinite statuses and no standard errors, and
// is not converged. -l2 gives finite estimates.
func TestFitMultinomialIris(t *testing.T) {
	t.Parallel()
	r := mustRun(t, "", "fit", "-data", "../../logreg/testdata/iris.csv", "-target", "species", "-family", "multinomial", "-format", "json")
	var out multinomJSONOut
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if !out.Separation || out.Converged || out.SeparationType != "quasi-complete" || len(out.SeparatedLevels) != 2 ||
		out.SeparatedLevels[0].Levels != [2]string{"setosa", "versicolor"} || out.SeparatedLevels[1].Levels != [2]string{"setosa", "virginica"} ||
		out.LRP != nil || len(out.Warnings) != 1 || !strings.Contains(out.Warnings[0], "separated") {
		t.Errorf("separation %v %q converged %v pairs %+v lr_p %v warnings %q", out.Separation, out.SeparationType, out.Converged, out.SeparatedLevels, out.LRP, out.Warnings)
	}
	for _, c := range out.Coefficients {
		if c.StdErr != nil || c.Status == "finite" {
			t.Errorf("%s:%s std_error %v status %s, want null and infinite", c.Response, c.Name, c.StdErr, c.Status)
		}
	}
	r = mustRun(t, "", "fit", "-data", "../../logreg/testdata/iris.csv", "-target", "species", "-family", "multinomial", "-l2", "1")
	if !strings.Contains(r.stdout, "Ridge penalty lambda = 1") || strings.Contains(r.stdout, "Warning") || !strings.Contains(r.stdout, "(Intercept)") {
		t.Errorf("-l2 1:\n%s", r.stdout)
	}
}

// TestFitMultinomialErrors: a target with more than two values without
// -family multinomial is an error that suggests it and -positive; the
// flags that a multinomial fit lacks are refused.
func TestFitMultinomialErrors(t *testing.T) {
	t.Parallel()
	data := refcase.Path("next/housing.csv")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"fit", "-data", data, "-target", "Sat"}, 1, `invalid target: column "Sat" has 3 values (High, Low, Medium); set the positive value (-positive VALUE), or fit every level with -family multinomial`},
		{[]string{"fit", "-data", data, "-target", "Sat", "-family", "poisson"}, 2, "-family must be binomial or multinomial"},
		{[]string{"fit", "-data", data, "-target", "Sat", "-ref", "Low"}, 2, "-ref needs -family multinomial"},
		{[]string{"fit", "-data", data, "-target", "Sat", "-family", "multinomial", "-firth"}, 2, "cannot be combined"},
		{[]string{"fit", "-data", data, "-target", "Sat", "-family", "multinomial", "-ref", "Huge"}, 1, `-ref "Huge" is not a value of target "Sat" (values: High, Low, Medium)`},
		{[]string{"fit", "-data", "-", "-target", "Sat", "-family", "multinomial"}, 2, "needs a file, not standard input"},
		{[]string{"fit", "-data", data, "-target", "Nope", "-family", "multinomial"}, 1, `"Nope"`},
	} {
		r := runBin(t, "", c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}
