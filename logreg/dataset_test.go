package logreg_test

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/logreg"
)

// TestBirthwtLoaded reads birthwt, with its text column race, through the
// CSV loader and checks the fit against R's glm: the loader's factor coding
// and the fit together give R's numbers.
func TestBirthwtLoaded(t *testing.T) {
	t.Parallel()
	tab, err := dataset.ReadFile(filepath.Join("testdata", "birthwt.csv"), dataset.ReadOptions{Target: "low"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := logreg.Fit(tab.X, tab.Y, &logreg.Settings{Names: tab.Names})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]float64{ // R 4.2 glm, testdata/birthwt.coef.csv
		"(Intercept)": {1.75288300685517, 1.25494736694534},
		"age":         {-0.0295490270744754, 0.0370314173609363},
		"lwt":         {-0.0154242839798523, 0.0069193810622405},
		"raceother":   {-0.391763871971847, 0.537613089106239},
		"racewhite":   {-1.27225979775438, 0.527363702925799},
		"smoke":       {0.93884570157826, 0.402154076565973},
		"ptl":         {0.543337031124541, 0.34540543056545},
		"ht":          {1.86330287037884, 0.697540058996846},
		"ui":          {0.767648145771579, 0.45932147808857},
		"ftv":         {0.0653018347794342, 0.172395825924323},
	}
	sum := res.Summary(0.95)
	if len(sum.Coefs) != len(want) {
		t.Fatalf("got %d coefficients %v, want %d", len(sum.Coefs), res.Names, len(want))
	}
	for _, c := range sum.Coefs {
		w, ok := want[strings.ReplaceAll(c.Name, "=", "")]
		if !ok {
			t.Errorf("unexpected coefficient %q", c.Name)
			continue
		}
		if e := math.Abs(c.Estimate-w[0]) / math.Abs(w[0]); e > 1e-6 {
			t.Errorf("%s estimate: got %.15g, want %.15g", c.Name, c.Estimate, w[0])
		}
		if e := math.Abs(c.StdErr-w[1]) / w[1]; e > 1e-6 {
			t.Errorf("%s std error: got %.15g, want %.15g", c.Name, c.StdErr, w[1])
		}
	}
	if e := math.Abs(res.Deviance-201.284795055881) / 201.284795055881; e > 1e-6 {
		t.Errorf("deviance: got %.15g, want 201.284795055881", res.Deviance)
	}
}
