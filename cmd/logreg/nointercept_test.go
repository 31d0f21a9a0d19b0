package main

import (
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// TestFitNoInterceptFactor fits birthwt's low ~ 0 + race + lwt: race gets
// a column for every level, as R codes it, so the model is low ~ race + lwt
// written without an intercept and has its deviance (R: 223.26; coding race
// with a baseline and no intercept gave 227.06). The in-memory fit, the
// streamed fit and predict with the saved model agree.
func TestFitNoInterceptFactor(t *testing.T) {
	t.Parallel()
	data := refcase.Path("birthwt.csv")
	dir := t.TempDir()
	modelPath := filepath.Join(dir, "m.json")
	args := []string{"fit", "-data", data, "-target", "low", "-features", "race,lwt", "-format", "json"}
	with := decodeFit(t, mustRun(t, "", args...).stdout)
	args = append(args, "-no-intercept")
	without := decodeFit(t, mustRun(t, "", append(args, "-out", modelPath)...).stdout)
	streamed := decodeFit(t, mustStream(t, "", append(args, "-stream")...).stdout)

	var names []string
	for _, c := range without.Coefficients {
		names = append(names, c.Name)
	}
	if want := []string{"race=black", "race=other", "race=white", "lwt"}; !slices.Equal(names, want) {
		t.Fatalf("names: got %v, want %v", names, want)
	}
	if d := relErr(*without.Deviance, *with.Deviance); d > 1e-10 {
		t.Errorf("deviance: got %.15g, want the intercept model's %.15g", *without.Deviance, *with.Deviance)
	}
	if math.Abs(*without.Deviance-223.26) > 0.005 {
		t.Errorf("deviance: got %.15g, want R's 223.26", *without.Deviance)
	}
	if d := relErr(*streamed.Deviance, *without.Deviance); d > 1e-10 {
		t.Errorf("streamed deviance: got %.15g, want %.15g", *streamed.Deviance, *without.Deviance)
	}
	b := func(f *fitJSONOut, j int) float64 { return *f.Coefficients[j].Estimate }
	// with: (Intercept), race=other, race=white, lwt.
	want := []float64{b(with, 0), b(with, 0) + b(with, 1), b(with, 0) + b(with, 2), b(with, 3)}
	for j, w := range want {
		if d := relErr(b(without, j), w); d > 1e-10 {
			t.Errorf("%s: got %.15g, want %.15g", names[j], b(without, j), w)
		}
	}

	// predict codes race with every level too: its probabilities are the
	// intercept model's.
	_, rows := readCSV(t, mustRun(t, "", "predict", "-model", modelPath, "-data", data).stdout)
	recs := refRecords(t, "birthwt.csv")
	level := map[string]int{"black": 0, "other": 1, "white": 2}
	for i, r := range rows {
		eta := want[level[recs[i]["race"]]] + want[3]*parseFloat(t, recs[i]["lwt"])
		if p, w := parseFloat(t, r[0]), 1/(1+math.Exp(-eta)); relErr(p, w) > 1e-10 {
			t.Errorf("row %d: got probability %v, want %v", i+1, p, w)
		}
	}
}
