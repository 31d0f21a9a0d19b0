package main

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/logreg"
)

// TestPredictSEPima checks predict -se with the pima_tr model on pima_te
// against the exact link, standard errors and 95% interval of
// next/pima_te.predict.csv (measured: 1.4e-13 relative, as the library's
// test), and that -level 0.9 narrows the interval to z = 1.6449.
func TestPredictSEPima(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := filepath.Join(dir, "pima.json")
	mustRun(t, "", "fit", "-data", refcase.Path("next/pima_tr.csv"), "-target", "type", "-out", model)
	te := refcase.Path("next/pima_te.csv")
	head, rows := readCSV(t, mustRun(t, "", "predict", "-model", model, "-data", te, "-se").stdout)
	want := []string{"probability", "predicted", "eta", "se_eta", "se_probability", "lower", "upper"}
	if !slices.Equal(head, want) {
		t.Fatalf("header %q, want %q", head, want)
	}
	ref, err := refcase.ReadTable("next/pima_te.predict.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(ref.Rows) {
		t.Fatalf("%d rows, want %d", len(rows), len(ref.Rows))
	}
	cols := map[string]string{"probability": "response", "eta": "link", "se_eta": "se_link", "se_probability": "se_response", "lower": "lower", "upper": "upper"}
	for i, row := range rows {
		for j, h := range head {
			rc, ok := cols[h]
			if !ok {
				continue
			}
			got, w := parseFloat(t, row[j]), parseFloat(t, ref.Rows[i][ref.Col(rc)])
			if e := relErr(got, w); e > 1e-12 {
				t.Errorf("row %d %s = %v, want %v (rel %.2g)", i+1, h, got, w, e)
			}
		}
	}
	_, rows90 := readCSV(t, mustRun(t, "", "predict", "-model", model, "-data", te, "-se", "-level", "0.9").stdout)
	z := logreg.NormalQuantile(0.95)
	eta, se := parseFloat(t, rows90[0][2]), parseFloat(t, rows90[0][3])
	if got, w := parseFloat(t, rows90[0][5]), logreg.Sigmoid(eta-z*se); math.Abs(got-w) > 1e-15 {
		t.Errorf("-level 0.9: lower %v, want %v", got, w)
	}
}

// TestPredictSEErrors checks -se's usage errors, the error for a model
// without a covariance, and the empty cells of -on-error na.
func TestPredictSEErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ridge := filepath.Join(dir, "ridge.json")
	model := filepath.Join(dir, "m.json")
	mustRun(t, "", "fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-l2", "1", "-out", ridge)
	mustRun(t, "", "fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-out", model)
	data := writeFile(t, dir, "new.csv", "hp,wt\n110,2.62\n93,x\n")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-model", model, "-level", "0.9"}, 2, "-level needs -se"},
		{[]string{"-model", model, "-se", "-level", "1"}, 2, "-level must be in (0, 1), not 1"},
		{[]string{"-model", model, "-se", "-keep", "se_eta"}, 2, `-keep: column "se_eta" would have the name of an output column`},
		{[]string{"-model", ridge, "-se"}, 1, "-se: the model has no covariance"},
	} {
		r := runBin(t, "", append([]string{"predict", "-data", data}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q, want %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
	_, rows := readCSV(t, mustRun(t, "", "predict", "-model", model, "-data", data, "-se", "-on-error", "na").stdout)
	if len(rows) != 2 || len(rows[1]) != 7 || strings.Join(rows[1], "") != "" || rows[0][3] == "" {
		t.Errorf("-on-error na: got %q, want a full row and one of 7 empty cells", rows)
	}
}
