package logreg_test

import (
	"bytes"
	"math"
	"slices"
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

// TestNoInterceptFitIsReparametrization fits birthwt's low ~ 0 + race + lwt
// on the coding of NoIntercept. With every level of race and no intercept
// the model is the intercept model low ~ race + lwt written with other
// coefficients, so the deviance is the same and the coefficients map
// exactly: race=black is the intercept, race=l the intercept plus race=l,
// lwt is lwt. R's deviance for both is 223.26 (to the two decimals of
// issue 10); the baseline-less coding this replaces gave 227.06.
func TestNoInterceptFitIsReparametrization(t *testing.T) {
	t.Parallel()
	data, err := refcase.Read("birthwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	read := func(noIntercept bool) *logreg.Result {
		tab, err := dataset.Read(bytes.NewReader(data), dataset.ReadOptions{Target: "low", Features: []string{"race", "lwt"}, NoIntercept: noIntercept})
		if err != nil {
			t.Fatal(err)
		}
		res, err := logreg.Fit(tab.X, tab.Y, &logreg.Settings{NoIntercept: noIntercept, Names: tab.Names})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Converged {
			t.Fatalf("no intercept %v: not converged", noIntercept)
		}
		return res
	}
	with, without := read(false), read(true)
	wantNames := []string{"race=black", "race=other", "race=white", "lwt"}
	if !slices.Equal(without.Names, wantNames) {
		t.Fatalf("names: got %v, want %v", without.Names, wantNames)
	}
	const tol = 1e-10 // relative; the two fits agree to about 3e-14
	rel := func(got, want float64) float64 { return math.Abs(got-want) / math.Max(math.Abs(want), 1e-300) }
	if d := rel(without.Deviance, with.Deviance); d > tol {
		t.Errorf("deviance: got %.15g, want %.15g (relative difference %.2g)", without.Deviance, with.Deviance, d)
	}
	if math.Abs(without.Deviance-223.26) > 0.005 {
		t.Errorf("deviance: got %.15g, want R's 223.26", without.Deviance)
	}
	// with: (Intercept), race=other, race=white, lwt.
	b := with.Coef
	want := []float64{b[0], b[0] + b[1], b[0] + b[2], b[3]}
	for j, w := range want {
		if d := rel(without.Coef[j], w); d > tol {
			t.Errorf("%s: got %.15g, want %.15g (relative difference %.2g)", wantNames[j], without.Coef[j], w, d)
		}
	}
}
