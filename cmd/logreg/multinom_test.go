package main

import (
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
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

// TestMultiEvaluate checks the multiclass measures on four rows by hand.
func TestMultiEvaluate(t *testing.T) {
	t.Parallel()
	p := linalg.NewDense(4, 3, []float64{
		0.7, 0.2, 0.1, // y 0, predicted 0
		0.1, 0.6, 0.3, // y 1, predicted 1
		0.2, 0.5, 0.3, // y 2, predicted 1
		0.5, 0.25, 0.25, // y 0, predicted 0
	})
	s, conf := multiEvaluate(p, []int{0, 1, 2, 0})
	wantLL := -(math.Log(0.7) + math.Log(0.6) + math.Log(0.3) + math.Log(0.5)) / 4
	wantBrier := ((0.09 + 0.04 + 0.01) + (0.01 + 0.16 + 0.09) + (0.04 + 0.25 + 0.49) + (0.25 + 0.0625 + 0.0625)) / 4
	// F1: level 0 2/2 → 1; level 1 tp 1, fp 1 → 2/3; level 2 tp 0, fn 1 → 0.
	wantF1 := (1 + 2.0/3 + 0) / 3
	if relErr(float64(s.LogLoss), wantLL) > 1e-15 || float64(s.Accuracy) != 0.75 || relErr(float64(s.Brier), wantBrier) > 1e-15 || relErr(float64(s.MacroF1), wantF1) > 1e-15 {
		t.Errorf("got %+v, want log-loss %v accuracy 0.75 Brier %v macro F1 %v", s, wantLL, wantBrier, wantF1)
	}
	want := [][]int{{2, 0, 0}, {0, 1, 0}, {0, 1, 0}}
	for a := range want {
		if !slices.Equal(conf[a], want[a]) {
			t.Errorf("confusion row %d: got %v, want %v", a, conf[a], want[a])
		}
	}
}

// TestCVMultinomialIris: cv -family multinomial on iris with a ridge
// penalty: every row is tested once, the confusion matrix sums the folds',
// and fold 1's log-loss equals the library's fit on that fold's training
// rows scored on its test rows.
func TestCVMultinomialIris(t *testing.T) {
	t.Parallel()
	data := "../../logreg/testdata/iris.csv"
	r := mustRun(t, "", "cv", "-data", data, "-target", "species", "-family", "multinomial", "-l2", "1", "-k", "5", "-format", "json")
	var out multiCVOutput
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	total, tested := 0, 0
	for _, c := range out.Confusion {
		total += c.N
	}
	for _, f := range out.Folds {
		tested += f.N
	}
	if out.Family != "multinomial" || total != 150 || tested != 150 || len(out.Folds) != 5 || out.Penalty != "l2" {
		t.Fatalf("family %q, confusion total %d, tested %d, folds %d, penalty %q", out.Family, total, tested, len(out.Folds), out.Penalty)
	}

	fr := dataset.Iris()
	sp := fr.Column("species")
	x := linalg.NewDense(150, 4, nil)
	for j := range 4 {
		for i := range 150 {
			x.Set(i, j, fr.Columns[j].Values[i])
		}
	}
	yf := make([]float64, 150)
	for i, c := range sp.Codes {
		yf[i] = float64(c)
	}
	test := dataset.StratifiedKFold(yf, 5, 1)[0]
	var train []int
	for i := range 150 {
		if !slices.Contains(test, i) {
			train = append(train, i)
		}
	}
	sub := func(idx []int) (*linalg.Dense, []int) {
		m := linalg.NewDense(len(idx), 4, nil)
		y := make([]int, len(idx))
		for r, i := range idx {
			copy(m.RawRow(r), x.RawRow(i))
			y[r] = sp.Codes[i]
		}
		return m, y
	}
	xt, yt := sub(train)
	res, err := logreg.FitMultinomial(xt, yt, &logreg.MultinomialSettings{Levels: sp.Levels, L2: 1})
	if err != nil {
		t.Fatal(err)
	}
	xs, ys := sub(test)
	var p linalg.Dense
	res.Probabilities(&p, xs)
	var ll float64
	for i, y := range ys {
		ll -= math.Log(p.At(i, y))
	}
	ll /= float64(len(ys))
	if e := relErr(float64(out.Folds[0].LogLoss), ll); e > 1e-12 {
		t.Errorf("fold 1 log-loss %v, want %v (relative error %.2g)", float64(out.Folds[0].LogLoss), ll, e)
	}
	text := mustRun(t, "", "cv", "-data", data, "-target", "species", "-family", "multinomial", "-l2", "1", "-k", "5").stdout
	if !strings.Contains(text, "Confusion matrix over all folds") || !strings.Contains(text, "macro F1") {
		t.Errorf("text output:\n%s", text)
	}
}

// TestJSONSchemasMultinomial checks the JSON of fit and cv -family
// multinomial against the manual's key tables, in the settings that change
// which values exist (ridge, separation, -timing=false).
func TestJSONSchemasMultinomial(t *testing.T) {
	t.Parallel()
	schemas := docSchemas(t)
	for _, name := range []string{fitMultinomialSchema, cvMultinomialSchema, evalMultinomialSchema} {
		if len(schemas[name]) < 10 {
			t.Fatalf("doc.go documents %d keys of schema %s, want its table", len(schemas[name]), name)
		}
	}
	housing, iris := refcase.Path("next/housing.csv"), "../../logreg/testdata/iris.csv"
	model := filepath.Join(t.TempDir(), "m.json")
	mustRun(t, "", "fit", "-data", housing, "-target", "Sat", "-weights", "Freq", "-family", "multinomial", "-out", model)
	for _, r := range []struct {
		schema string
		args   []string
	}{
		{fitMultinomialSchema, []string{"fit", "-data", housing, "-target", "Sat", "-weights", "Freq", "-family", "multinomial"}},
		{fitMultinomialSchema, []string{"fit", "-data", iris, "-target", "species", "-family", "multinomial", "-timing=false"}},
		{fitMultinomialSchema, []string{"fit", "-data", iris, "-target", "species", "-family", "multinomial", "-l2", "1"}},
		{cvMultinomialSchema, []string{"cv", "-data", iris, "-target", "species", "-family", "multinomial", "-k", "3"}},
		{cvMultinomialSchema, []string{"cv", "-data", housing, "-target", "Sat", "-weights", "Freq", "-family", "multinomial", "-k", "3", "-l2", "0.5", "-timing=false"}},
		{evalMultinomialSchema, []string{"eval", "-model", model, "-data", housing}},
		{evalMultinomialSchema, []string{"eval", "-model", model, "-data", housing, "-timing=false"}},
	} {
		args := append(slices.Clone(r.args), "-format", "json")
		out := mustRun(t, "", args...).stdout
		checkSchema(t, args, out, r.schema, schemas[r.schema])
		var v map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatal(err)
		}
		if got := string(v["timing"]) == "null"; got != slices.Contains(args, "-timing=false") {
			t.Errorf("%q: got timing %s, want null exactly with -timing=false", args, v["timing"])
		}
	}
}
