package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/logreg"
)

// inProcess fits the model the command line describes directly with the
// library and returns the fit and its fitted probabilities.
func inProcess(t *testing.T, path string, opt dataset.ReadOptions, set logreg.Settings) (*logreg.Result, []float64) {
	t.Helper()
	tab, err := dataset.ReadFile(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	set.Names = tab.Names
	res, err := logreg.Fit(tab.X, tab.Y, &set)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := tab.X.Dims()
	p := make([]float64, n)
	res.PredictTo(p, tab.X)
	return res, p
}

// modelOnDisk is the part of a model file the tests read.
type modelOnDisk struct {
	Format       string  `json:"format"`
	Version      int     `json:"version"`
	Penalty      string  `json:"penalty"`
	Lambda       float64 `json:"lambda"`
	Intercept    bool    `json:"intercept"`
	Coefficients []struct {
		Name     string  `json:"name"`
		Estimate float64 `json:"estimate"`
	} `json:"coefficients"`
	Encoding dataset.Encoding `json:"encoding"`
}

// TestRoundTrip fits with -out, predicts the training file with the model
// file, and requires the probabilities to equal bit for bit those of the
// library's own fit and PredictTo on the same data; the model file's and
// the JSON output's coefficients must equal the library's bit for bit too.
// One case predicts a copy of birthwt with its columns in another order and
// an extra column, which only a coding by name gets right.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, data, predictData string
		args                    []string
		opt                     dataset.ReadOptions
		set                     logreg.Settings
		penalty                 string
	}{
		{name: "mtcars", data: mtcarsCSV, args: []string{"-target", "am", "-features", "hp,wt"},
			opt: dataset.ReadOptions{Target: "am", Features: []string{"hp", "wt"}}, penalty: "none"},
		{name: "birthwt", data: birthwtCSV, args: []string{"-target", "low"},
			opt: dataset.ReadOptions{Target: "low"}, penalty: "none"},
		{name: "birthwt permuted", data: birthwtCSV, predictData: "permuted", args: []string{"-target", "low"},
			opt: dataset.ReadOptions{Target: "low"}, penalty: "none"},
		{name: "ridge", data: irisCSV, args: []string{"-target", "virginica", "-l2", "0.5"},
			opt: dataset.ReadOptions{Target: "virginica"}, set: logreg.Settings{L2: 0.5}, penalty: "l2"},
		{name: "firth", data: irisCSV, args: []string{"-target", "virginica", "-firth"},
			opt: dataset.ReadOptions{Target: "virginica"}, set: logreg.Settings{Firth: true}, penalty: "firth"},
		{name: "no intercept", data: mtcarsCSV, args: []string{"-target", "am", "-features", "wt", "-no-intercept"},
			opt: dataset.ReadOptions{Target: "am", Features: []string{"wt"}}, set: logreg.Settings{NoIntercept: true}, penalty: "none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			modelPath := filepath.Join(dir, "model.json")
			fitArgs := append([]string{"fit", "-data", c.data, "-format", "json", "-out", modelPath}, c.args...)
			f := decodeFit(t, mustRun(t, "", fitArgs...).stdout)
			res, want := inProcess(t, c.data, c.opt, c.set)

			b, err := os.ReadFile(modelPath)
			if err != nil {
				t.Fatal(err)
			}
			var m modelOnDisk
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			if m.Format != "logreg-model" || m.Version != 1 || m.Penalty != c.penalty || m.Lambda != c.set.L2 || m.Intercept == c.set.NoIntercept {
				t.Errorf("got format %q version %d penalty %q lambda %v intercept %v, want logreg-model 1 %q %v %v",
					m.Format, m.Version, m.Penalty, m.Lambda, m.Intercept, c.penalty, c.set.L2, !c.set.NoIntercept)
			}
			if len(m.Coefficients) != len(res.Coef) || len(f.Coefficients) != len(res.Coef) {
				t.Fatalf("got %d coefficients in the model, %d in the output, want %d", len(m.Coefficients), len(f.Coefficients), len(res.Coef))
			}
			for j, w := range res.Coef {
				if m.Coefficients[j].Name != res.Names[j] || math.Float64bits(m.Coefficients[j].Estimate) != math.Float64bits(w) {
					t.Errorf("model coefficient %d: got %s %v, want %s %v bit for bit", j, m.Coefficients[j].Name, m.Coefficients[j].Estimate, res.Names[j], w)
				}
				if math.Float64bits(*f.Coefficients[j].Estimate) != math.Float64bits(w) {
					t.Errorf("JSON estimate %d: got %v, want %v bit for bit", j, *f.Coefficients[j].Estimate, w)
				}
			}

			data := c.data
			if c.predictData == "permuted" {
				data = permuteColumns(t, dir, c.data)
			}
			header, rows := readCSV(t, mustRun(t, "", "predict", "-model", modelPath, "-data", data).stdout)
			if !slices.Equal(header, []string{"probability", "predicted"}) {
				t.Fatalf("got header %q, want probability,predicted", header)
			}
			if len(rows) != len(want) {
				t.Fatalf("got %d predictions, want %d", len(rows), len(want))
			}
			for i, r := range rows {
				p := parseFloat(t, r[0])
				if math.Float64bits(p) != math.Float64bits(want[i]) {
					t.Errorf("row %d: got probability %v, want %v bit for bit", i+1, p, want[i])
				}
				if wantClass := map[bool]string{true: "1", false: "0"}[want[i] >= 0.5]; r[1] != wantClass {
					t.Errorf("row %d: got predicted %s, want %s for probability %v", i+1, r[1], wantClass, want[i])
				}
			}
		})
	}
}

// permuteColumns writes a copy of a CSV file with its columns in reverse
// order and an extra column "id" in the middle.
func permuteColumns(t *testing.T, dir, path string) string {
	t.Helper()
	header, rows := readCSV(t, readFileString(t, path))
	var b strings.Builder
	write := func(rec []string, id string) {
		r := slices.Clone(rec)
		slices.Reverse(r)
		r = slices.Insert(r, len(r)/2, id)
		b.WriteString(strings.Join(r, ","))
		b.WriteString("\n")
	}
	write(header, "id")
	for i, r := range rows {
		write(r, strconv.Itoa(i))
	}
	return writeFile(t, dir, "permuted.csv", b.String())
}

// TestPredictOmit checks that with -na omit the rows with a missing
// feature are left out, the others keep their probabilities, and a line
// column gives each row's line in the input.
func TestPredictOmit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	modelPath := filepath.Join(dir, "model.json")
	mustRun(t, "", "fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-out", modelPath)
	_, want := inProcess(t, mtcarsCSV, dataset.ReadOptions{Target: "am", Features: []string{"hp", "wt"}}, logreg.Settings{})

	// Blank out hp on rows 2 and 5 and wt on row 7 (lines 3, 6, 8); the
	// target column is not read by predict, so NA there does not count.
	header, rows := readCSV(t, readFileString(t, mtcarsCSV))
	hp, wt, am := slices.Index(header, "hp"), slices.Index(header, "wt"), slices.Index(header, "am")
	rows[1][hp], rows[4][hp], rows[6][wt], rows[9][am] = "NA", "", "NA", "NA"
	var b strings.Builder
	b.WriteString(strings.Join(header, ",") + "\n")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	data := writeFile(t, dir, "na.csv", b.String())

	out := filepath.Join(dir, "pred.csv")
	mustRun(t, "", "predict", "-model", modelPath, "-data", data, "-na", "omit", "-out", out, "-threshold", "0.3")
	gotHeader, got := readCSV(t, readFileString(t, out))
	if !slices.Equal(gotHeader, []string{"line", "probability", "predicted"}) {
		t.Fatalf("got header %q, want line,probability,predicted", gotHeader)
	}
	var wantLines []string
	var wantP []float64
	for i := range rows {
		if i != 1 && i != 4 && i != 6 {
			wantLines = append(wantLines, strconv.Itoa(i+2))
			wantP = append(wantP, want[i])
		}
	}
	if len(got) != len(wantLines) {
		t.Fatalf("got %d rows, want %d", len(got), len(wantLines))
	}
	for i, r := range got {
		p := parseFloat(t, r[1])
		wantClass := "0"
		if wantP[i] >= 0.3 {
			wantClass = "1"
		}
		if r[0] != wantLines[i] || math.Float64bits(p) != math.Float64bits(wantP[i]) || r[2] != wantClass {
			t.Errorf("row %d: got %q, want line %s probability %v predicted %s", i+1, r, wantLines[i], wantP[i], wantClass)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("got leftover temporary file %s", e.Name())
		}
	}
}
