package main

import (
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// fitJSONOut is fit's JSON output as a program reads it; a null number
// decodes as a nil pointer.
type fitJSONOut struct {
	Penalty        string   `json:"penalty"`
	Lambda         *float64 `json:"lambda"`
	Converged      bool     `json:"converged"`
	Iterations     int      `json:"iterations"`
	Separation     bool     `json:"separation"`
	SeparationType string   `json:"separation_type"`
	N              int      `json:"n"`
	DFResidual     int      `json:"df_residual"`
	DFNull         int      `json:"df_null"`
	Coefficients   []struct {
		Name     string   `json:"name"`
		Estimate *float64 `json:"estimate"`
		StdErr   *float64 `json:"std_error"`
		Z        *float64 `json:"z"`
		P        *float64 `json:"p"`
		Low      *float64 `json:"ci_low"`
		High     *float64 `json:"ci_high"`
		Status   string   `json:"status"`
	} `json:"coefficients"`
	LogLik       *float64 `json:"log_likelihood"`
	PenLogLik    *float64 `json:"penalized_log_likelihood"`
	Deviance     *float64 `json:"deviance"`
	NullDeviance *float64 `json:"null_deviance"`
	AIC          *float64 `json:"aic"`
	BIC          *float64 `json:"bic"`
	PseudoR2     *float64 `json:"pseudo_r2"`
	Warnings     []string `json:"warnings"`
	DroppedRows  int      `json:"dropped_rows"`
	Timing       struct {
		Read *float64 `json:"read_seconds"`
		Fit  *float64 `json:"fit_seconds"`
	} `json:"timing"`
}

// decodeFit decodes fit's JSON output and checks that every documented key
// is present.
func decodeFit(t *testing.T, out string) *fitJSONOut {
	t.Helper()
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &keys); err != nil {
		t.Fatalf("fit output is not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"penalty", "converged", "iterations", "separation", "separation_type", "n", "df_residual", "df_null",
		"coefficients", "log_likelihood", "deviance", "null_deviance", "aic", "bic", "pseudo_r2", "warnings",
		"dropped_rows", "timing"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("fit JSON has no key %q", k)
		}
	}
	var f fitJSONOut
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

// rName returns R's name of a design column: race=other is raceother.
func rName(name string) string { return strings.ReplaceAll(name, "=", "") }

// TestFitRefCases compares fit's JSON output with R's glm on every
// reference case: the coefficients as checkRCoefs does, deviance, null
// deviance, AIC and log-likelihood to 1e-10 relative (achieved: 1e-12).
func TestFitRefCases(t *testing.T) {
	t.Parallel()
	const rel = 1e-10 // deviance, null deviance, AIC and log-likelihood
	for _, c := range glmCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"fit", "-data", refcase.Path(c.data), "-format", "json"}, c.args...)
			f := decodeFit(t, mustRun(t, "", args...).stdout)
			coefs := refRecords(t, c.ref+".coef.csv")
			if len(f.Coefficients) != len(coefs) {
				t.Fatalf("got %d coefficients, want %d", len(f.Coefficients), len(coefs))
			}
			checkRCoefs(t, f, coefs)
			sc := refRecords(t, c.ref+".scalars.csv")[0]
			for _, q := range []struct {
				key string
				got *float64
			}{{"deviance", f.Deviance}, {"null_deviance", f.NullDeviance}, {"aic", f.AIC}, {"loglik", f.LogLik}} {
				w := parseFloat(t, sc[q.key])
				if q.got == nil || !(relErr(*q.got, w) <= rel) {
					t.Errorf("%s: got %v, want %v (relative tolerance %g)", q.key, q.got, w, rel)
				}
			}
			for _, q := range []struct {
				key string
				got int
			}{{"n", f.N}, {"df_residual", f.DFResidual}, {"df_null", f.DFNull}} {
				if w, _ := strconv.Atoi(sc[q.key]); q.got != w {
					t.Errorf("%s: got %d, want %d", q.key, q.got, w)
				}
			}
			if !f.Converged || f.Separation || f.Penalty != "none" || f.Lambda != nil || f.PenLogLik != nil {
				t.Errorf("got converged %v, separation %v, penalty %q, lambda %v, penalized loglik %v; want true, false, none, absent, absent",
					f.Converged, f.Separation, f.Penalty, f.Lambda, f.PenLogLik)
			}
			if len(f.Warnings) != 0 || f.DroppedRows != 0 {
				t.Errorf("got warnings %q, dropped rows %d, want none", f.Warnings, f.DroppedRows)
			}
			checkTiming(t, f)
		})
	}
}

// TestFitPenalized compares -l2 1 with scikit-learn (estimates to 1e-10
// relative, no inference) and -firth with R's logistf (estimates and
// standard errors to 1e-10 and 1e-8 relative).
func TestFitPenalized(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, ref, penalty string
		args               []string
		estTol             float64
		wantSE             bool
	}{
		{"ridge", "iris_vv.l2_1.coef.csv", "l2", []string{"-l2", "1"}, 1e-10, false},
		{"firth", "iris_vv.firth.coef.csv", "firth", []string{"-firth"}, 1e-10, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"fit", "-data", irisCSV, "-target", "virginica", "-format", "json"}, c.args...)
			f := decodeFit(t, mustRun(t, "", args...).stdout)
			if f.Penalty != c.penalty {
				t.Errorf("got penalty %q, want %q", f.Penalty, c.penalty)
			}
			if c.penalty == "l2" && (f.Lambda == nil || *f.Lambda != 1) {
				t.Errorf("got lambda %v, want 1", f.Lambda)
			}
			if c.penalty != "l2" && f.Lambda != nil {
				t.Errorf("got lambda %v, want null", *f.Lambda)
			}
			if f.PenLogLik == nil {
				t.Error("got no penalized_log_likelihood, want a number")
			}
			ref := refRecords(t, c.ref)
			if len(f.Coefficients) != len(ref) {
				t.Fatalf("got %d coefficients, want %d", len(f.Coefficients), len(ref))
			}
			for i, want := range ref {
				got := f.Coefficients[i]
				if got.Name != want["name"] {
					t.Errorf("got name %q, want %q", got.Name, want["name"])
				}
				if w := parseFloat(t, want["estimate"]); got.Estimate == nil || !(relErr(*got.Estimate, w) <= c.estTol) {
					t.Errorf("%s estimate: got %v, want %v (relative tolerance %g)", got.Name, got.Estimate, w, c.estTol)
				}
				if c.wantSE {
					w := parseFloat(t, want["std_error"])
					if got.StdErr == nil || !(relErr(*got.StdErr, w) <= 1e-8) {
						t.Errorf("%s std_error: got %v, want %v (relative tolerance 1e-8)", got.Name, got.StdErr, w)
					}
					if got.Z == nil || got.P == nil || got.Low == nil || got.High == nil {
						t.Errorf("%s: got null z, p or interval, want Wald inference", got.Name)
					}
					continue
				}
				if got.StdErr != nil || got.Z != nil || got.P != nil || got.Low != nil || got.High != nil {
					t.Errorf("%s: got std_error %v z %v p %v ci %v..%v, want all null for a ridge fit",
						got.Name, got.StdErr, got.Z, got.P, got.Low, got.High)
				}
			}
		})
	}
}

// TestFitSeparated checks that a separated fit exits 0, says so, and
// writes the standard errors it does not have as null.
func TestFitSeparated(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := writeFile(t, dir, "sep.csv", "y,x\n0,1\n0,2\n0,3\n1,4\n1,5\n1,6\n")
	f := decodeFit(t, mustRun(t, "", "fit", "-data", data, "-target", "y", "-format", "json").stdout)
	if !f.Separation || f.Converged || len(f.Warnings) == 0 {
		t.Errorf("got separation %v, converged %v, warnings %q, want true, false, a warning", f.Separation, f.Converged, f.Warnings)
	}
	for _, c := range f.Coefficients {
		if c.Estimate == nil || c.StdErr != nil || c.Z != nil || c.P != nil {
			t.Errorf("%s: got estimate %v, std_error %v, z %v, p %v, want a number and three nulls", c.Name, c.Estimate, c.StdErr, c.Z, c.P)
		}
	}
	text := mustRun(t, "", "fit", "-data", data, "-target", "y").stdout
	for _, want := range []string{"completely separated", "NOT converged", "No standard errors"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
}

// TestFitSeparationTypes checks the separation fields of the JSON output
// and the text table against detectseparation's answers on endometrial
// (HG ~ NV + PI + EH, quasi-complete, NV = Inf) and on a completely
// separated line, in memory and with -stream, and that data that are not
// separated say so.
func TestFitSeparationTypes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, target, features string }{
		{"endometrial", "HG", "NV,PI,EH"},
		{"sep_complete", "y", "x"},
	} {
		want, err := refcase.ReadTable("next/" + c.name + ".separation.csv")
		if err != nil {
			t.Fatal(err)
		}
		sum, err := refcase.Scalars("next/" + c.name + ".separation_summary.csv")
		if err != nil {
			t.Fatal(err)
		}
		args := []string{"fit", "-data", refcase.Path("next/" + c.name + ".csv"), "-target", c.target, "-features", c.features}
		for _, mode := range [][]string{nil, {"-stream"}} {
			a := append(slices.Clip(args), mode...)
			f := decodeFit(t, mustRun(t, "", append(a, "-format", "json")...).stdout)
			if !f.Separation || f.SeparationType != sum["type"] || f.Converged {
				t.Errorf("%s %v: got separation %v, separation_type %q, converged %v, want true, %q, false",
					c.name, mode, f.Separation, f.SeparationType, f.Converged, sum["type"])
			}
			text := mustRun(t, "", a...).stdout
			for j, r := range want.Records() {
				if j >= len(f.Coefficients) {
					t.Fatalf("%s %v: %d coefficients, want %d", c.name, mode, len(f.Coefficients), len(want.Rows))
				}
				got := f.Coefficients[j]
				if got.Name != r["name"] || got.Status != r["status"] {
					t.Errorf("%s %v: coefficient %d: got %s status %q, want %s %q", c.name, mode, j, got.Name, got.Status, r["name"], r["status"])
				}
				wantEst := r["status"]
				if wantEst == "finite" {
					wantEst = strconv.FormatFloat(*got.Estimate, 'g', 6, 64)
				} else if !slices.ContainsFunc(f.Warnings, func(w string) bool { return strings.Contains(w, r["name"]+" = "+r["status"]) }) {
					t.Errorf("%s %v: warnings %q do not name %s = %s", c.name, mode, f.Warnings, r["name"], r["status"])
				}
				if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(r["name"]) + ` +` + regexp.QuoteMeta(wantEst) + ` `).MatchString(text) {
					t.Errorf("%s %v: text table has no row %s with estimate %s:\n%s", c.name, mode, r["name"], wantEst, text)
				}
			}
		}
	}
	f := decodeFit(t, mustRun(t, "", "fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-format", "json").stdout)
	if f.Separation || f.SeparationType != "none" || !f.Converged {
		t.Errorf("mtcars: got separation %v, separation_type %q, converged %v, want false, none, true", f.Separation, f.SeparationType, f.Converged)
	}
	for _, c := range f.Coefficients {
		if c.Status != "finite" {
			t.Errorf("mtcars: %s status %q, want finite", c.Name, c.Status)
		}
	}
}

// TestFitSeparationTwoLevels checks a text column with two levels that
// alone separates completely, 3 failures at a and 30 successes at b: the
// fitted probability at a goes to 0 only as the intercept goes to −∞, so
// the JSON status is -Inf for the intercept (a 0 in Konis' optimum, which
// was reported finite) and Inf for g=b, in memory and with -stream.
func TestFitSeparationTwoLevels(t *testing.T) {
	t.Parallel()
	data := writeFile(t, t.TempDir(), "g.csv", "y,g\n0,a\n0,a\n0,a\n"+strings.Repeat("1,b\n", 30))
	for _, mode := range [][]string{nil, {"-stream"}} {
		f := decodeFit(t, mustRun(t, "", append([]string{"fit", "-data", data, "-target", "y", "-format", "json"}, mode...)...).stdout)
		if !f.Separation || f.SeparationType != "complete" || len(f.Coefficients) != 2 {
			t.Fatalf("%v: got separation %v %q, %d coefficients, want true complete 2", mode, f.Separation, f.SeparationType, len(f.Coefficients))
		}
		for i, want := range [][2]string{{"(Intercept)", "-Inf"}, {"g=b", "Inf"}} {
			if c := f.Coefficients[i]; c.Name != want[0] || c.Status != want[1] {
				t.Errorf("%v: coefficient %d: got %s status %q, want %s %q", mode, i, c.Name, c.Status, want[0], want[1])
			}
		}
	}
}

// TestFitText checks the text output against R's printed numbers for
// mtcars (glm summary: deviances 43.230 and 10.059, AIC 16.059) and the
// ridge output's lack of inference.
func TestFitText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		args    []string
		want    []string
		notWant []string
	}{
		{
			name: "mtcars",
			args: []string{"-data", mtcarsCSV, "-target", "am", "-features", "hp,wt"},
			want: []string{
				"Call:\n  logreg fit -data " + mtcarsCSV + " -target am -features hp,wt\n",
				"32 rows used, 0 dropped for missing values",
				"Penalty: none",
				"Std. Error", "Pr(>|z|)", "2.5 %", "97.5 %",
				"    Null deviance: 43.230  on 31  degrees of freedom\n",
				"Residual deviance: 10.059  on 29  degrees of freedom\n",
				"AIC: 16.059",
				"(converged)",
			},
			notWant: []string{"Warning"},
		},
		{
			name: "birthwt",
			args: []string{"-data", birthwtCSV, "-target", "low", "-level", "0.9"},
			want: []string{"race=other", "race=white", "5 %", "95 %", "Residual deviance: 201.285  on 179"},
		},
		{
			name:    "ridge",
			args:    []string{"-data", irisCSV, "-target", "virginica", "-l2", "1"},
			want:    []string{"Penalty: ridge (L2), lambda = 1", "No standard errors or p-values are reported", "Penalized log-likelihood"},
			notWant: []string{"Std. Error", "Pr(>|z|)"},
		},
		{
			name: "firth",
			args: []string{"-data", irisCSV, "-target", "virginica", "-firth"},
			want: []string{"Penalty: Firth's bias reduction", "Std. Error", "Penalized log-likelihood"},
		},
		{
			name: "quoted call",
			args: []string{"-data", mtcarsCSV, "-target", "am", "-features", "hp, wt"},
			want: []string{"-features 'hp, wt'\n"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out := mustRun(t, "", append([]string{"fit"}, c.args...)...).stdout
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestFitProgress checks that -v prints one numbered line per iteration on
// stderr and nothing else there.
func TestFitProgress(t *testing.T) {
	t.Parallel()
	r := mustRun(t, "", "fit", "-data", irisCSV, "-target", "virginica", "-format", "json", "-v")
	f := decodeFit(t, r.stdout)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	re := regexp.MustCompile(`^iteration (\d+): deviance \S+, objective \S+, step norm \S+, \d+ halvings, \S+ elapsed$`)
	for i, l := range lines {
		m := re.FindStringSubmatch(l)
		if m == nil || m[1] != strconv.Itoa(i+1) {
			t.Fatalf("line %d: got %q, want iteration %d", i+1, l, i+1)
		}
	}
	// The final Newton step after convergence is in the count of
	// iterations but not reported as progress.
	if n := len(lines); n != f.Iterations && n != f.Iterations-1 {
		t.Errorf("got %d progress lines, want %d or %d", n, f.Iterations-1, f.Iterations)
	}
}

// TestFitStdin reads the data from standard input and checks that the
// result is that of the file.
func TestFitStdin(t *testing.T) {
	t.Parallel()
	data := readFileString(t, mtcarsCSV)
	a := decodeFit(t, mustRun(t, data, "fit", "-data", "-", "-target", "am", "-features", "hp,wt", "-format", "json").stdout)
	b := decodeFit(t, mustRun(t, "", "fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-format", "json").stdout)
	var ga, gb []float64
	for i := range a.Coefficients {
		ga = append(ga, *a.Coefficients[i].Estimate)
		gb = append(gb, *b.Coefficients[i].Estimate)
	}
	if !slices.Equal(ga, gb) || len(ga) != 3 {
		t.Errorf("got %v from stdin, want %v", ga, gb)
	}
}

// TestFitIntercept checks -features "" (intercept only: the estimate is
// the log odds of the mean, 13 of 32 cars are manual in mtcars) and
// -no-intercept.
func TestFitIntercept(t *testing.T) {
	t.Parallel()
	f := decodeFit(t, mustRun(t, "", "fit", "-data", mtcarsCSV, "-target", "am", "-features", "", "-format", "json").stdout)
	want := math.Log(13.0 / 19.0)
	if len(f.Coefficients) != 1 || f.Coefficients[0].Name != "(Intercept)" || relErr(*f.Coefficients[0].Estimate, want) > 1e-10 {
		t.Errorf("got %+v, want one (Intercept) %v (relative tolerance 1e-10)", f.Coefficients, want)
	}
	f = decodeFit(t, mustRun(t, "", "fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-no-intercept", "-format", "json").stdout)
	var names []string
	for _, c := range f.Coefficients {
		names = append(names, c.Name)
	}
	if want := []string{"hp", "wt"}; !slices.Equal(names, want) || f.DFNull != 32 {
		t.Errorf("got names %q, df_null %d, want %q, 32", names, f.DFNull, want)
	}
}
