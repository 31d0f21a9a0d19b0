package logreg_test

import (
	"math"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/logreg"
)

// TestBirthwtLoaded reads birthwt, with its text column race, through the
// CSV loader and checks the fit against R's glm: the loader's factor coding
// and the fit together give R's numbers, to the tolerances of TestRefCases
// (measured: 2e-15 on the estimates, 2e-14 on the standard errors).
func TestBirthwtLoaded(t *testing.T) {
	t.Parallel()
	tab, err := dataset.ReadFile(refcase.Path("birthwt.csv"), dataset.ReadOptions{Target: "low"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := logreg.Fit(tab.X, tab.Y, &logreg.Settings{Names: tab.Names})
	if err != nil {
		t.Fatal(err)
	}
	want, err := refcase.Coefs("birthwt.coef.csv")
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Summary(0.95)
	if len(sum.Coefs) != len(want) {
		t.Fatalf("got %d coefficients %v, want %d", len(sum.Coefs), res.Names, len(want))
	}
	rel := func(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }
	for j, c := range sum.Coefs {
		w := want[j]
		if refcase.RName(c.Name) != w.Name {
			t.Errorf("coefficient %d: got %q, want %q", j, c.Name, w.Name)
		}
		if e := rel(c.Estimate, w.Estimate); e > 1e-10 {
			t.Errorf("%s estimate: got %.15g, want %.15g (rel %.2g)", c.Name, c.Estimate, w.Estimate, e)
		}
		if e := rel(c.StdErr, w.StdErr); e > 1e-10 {
			t.Errorf("%s std error: got %.15g, want %.15g (rel %.2g)", c.Name, c.StdErr, w.StdErr, e)
		}
	}
	sc, err := refcase.Scalars("birthwt.scalars.csv")
	if err != nil {
		t.Fatal(err)
	}
	dev, err := refcase.Float(sc["deviance"])
	if err != nil {
		t.Fatal(err)
	}
	if e := rel(res.Deviance, dev); e > 1e-10 {
		t.Errorf("deviance: got %.15g, want %.15g", res.Deviance, dev)
	}
}
