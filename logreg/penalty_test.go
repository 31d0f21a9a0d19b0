package logreg

import (
	"math"
	"testing"

	"github.com/a1bed000/logreg/linalg"
)

// TestRidgeReference checks the ridge fit against scikit-learn's
// newton-cholesky solution with λ = 1 (intercept unpenalized).
func TestRidgeReference(t *testing.T) {
	t.Parallel()
	x, y, names := loadRefCase(t, refCases[0])
	res, err := Fit(x, y, &Settings{Names: names, L2: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged {
		t.Fatalf("not converged: %q", res.Warnings)
	}
	want := loadCoefs(t, "iris_vv.l2_1.coef.csv")
	var worst float64
	for j, w := range want {
		e := relErr(res.Coef[j], w.Estimate)
		worst = max(worst, e)
		if e > estTol {
			t.Errorf("%s: got %.15g, want %.15g (rel %.2g)", w.Name, res.Coef[j], w.Estimate, e)
		}
	}
	t.Logf("worst relative error of the estimates: %.2g", worst)
	if res.Cov != nil {
		t.Error("a ridge fit reports a covariance; want nil (no Wald inference)")
	}
	// The penalized log-likelihood is ℓ − (λ/2)·Σβ_j², intercept excluded.
	var ss float64
	for _, b := range res.Coef[1:] {
		ss += b * b
	}
	if e := relErr(res.PenalizedLogLik, res.LogLik-ss/2); e > 1e-14 {
		t.Errorf("PenalizedLogLik: got %.15g, want %.15g", res.PenalizedLogLik, res.LogLik-ss/2)
	}
}

// TestFirthReference checks Firth's estimate and its standard errors
// against R's logistf on versicolor and virginica.
func TestFirthReference(t *testing.T) {
	t.Parallel()
	x, y, names := loadRefCase(t, refCases[0])
	res, err := Fit(x, y, &Settings{Names: names, Firth: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged {
		t.Fatalf("not converged: %q", res.Warnings)
	}
	sum := res.Summary(0.95)
	want := loadCoefs(t, "iris_vv.firth.coef.csv")
	ws := worst{}
	defer ws.log(t)
	for j, w := range want {
		if e := ws.add("estimate", relErr(sum.Coefs[j].Estimate, w.Estimate)); e > estTol {
			t.Errorf("%s estimate: got %.15g, want %.15g (rel %.2g)", w.Name, sum.Coefs[j].Estimate, w.Estimate, e)
		}
		if e := ws.add("std error", relErr(sum.Coefs[j].StdErr, w.StdErr)); e > seTol {
			t.Errorf("%s std error: got %.15g, want %.15g (rel %.2g)", w.Name, sum.Coefs[j].StdErr, w.StdErr, e)
		}
	}
}

// TestFirth2x2 checks Firth's estimate on a 2×2 table against its closed
// form: the log odds with 0.5 added to each cell.
func TestFirth2x2(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		a, b, c, d int // x=0: a failures, b successes; x=1: c failures, d successes
	}{
		{"balanced", 7, 3, 4, 9},
		{"zero cell", 5, 0, 2, 6}, // separated: no ML estimate
		{"two zeros", 4, 0, 0, 3}, // completely separated
	} {
		var xs, ys []float64
		add := func(n int, x, y float64) {
			for range n {
				xs = append(xs, x)
				ys = append(ys, y)
			}
		}
		add(tc.a, 0, 0)
		add(tc.b, 0, 1)
		add(tc.c, 1, 0)
		add(tc.d, 1, 1)
		a, b, c, d := float64(tc.a)+0.5, float64(tc.b)+0.5, float64(tc.c)+0.5, float64(tc.d)+0.5
		want0 := math.Log(b / a)
		want1 := math.Log(d*a) - math.Log(c*b)
		// The iterations stop far below their error bound Tol·(|β|+1):
		// measured 6e-16 whatever the tolerance.
		const rel = 1e-12
		for _, tol := range []float64{0, 1e-12} {
			res, err := Fit(linalg.NewDense(len(xs), 1, xs), ys, &Settings{Firth: true, Tol: tol})
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if !res.Converged || relErr(res.Coef[0], want0) > rel || relErr(res.Coef[1], want1) > rel {
				t.Errorf("%s, Tol %g: got %.12g %.12g (converged %v), want %.12g %.12g within %g", tc.name, tol, res.Coef[0], res.Coef[1], res.Converged, want0, want1, rel)
			}
		}
	}
}

// TestFirthSeparated checks that Firth's fit is finite and converged where
// the maximum-likelihood estimate does not exist.
func TestFirthSeparated(t *testing.T) {
	t.Parallel()
	x, y, names := irisTwo(t, "setosa", "versicolor")
	res, err := Fit(x, y, &Settings{Names: names, Firth: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged || res.Separation || res.Cov == nil {
		t.Fatalf("Converged %v Separation %v Cov %v, want true false non-nil", res.Converged, res.Separation, res.Cov != nil)
	}
	for j, b := range res.Coef {
		if math.IsNaN(b) || math.Abs(b) > 100 {
			t.Errorf("coefficient %s = %g, want finite and moderate", res.Names[j], b)
		}
	}
}

func TestPenaltySettings(t *testing.T) {
	t.Parallel()
	x := linalg.NewDense(4, 1, []float64{1, 2, 3, 4})
	y := []float64{0, 1, 0, 1}
	for _, s := range []Settings{{L2: -1}, {L2: math.NaN()}, {L2: 1, Firth: true}} {
		if _, err := Fit(x, y, &s); err == nil {
			t.Errorf("%+v: got no error", s)
		}
	}
}

// TestFirthEndometrial checks Firth's fit on the quasi-separated
// endometrial data (HG ~ NV + PI + EH, where NV has no finite
// maximum-likelihood estimate) against brglm2's, checked by an independent
// Newton iteration: estimates, standard errors, log-likelihood and
// penalized log-likelihood.
func TestFirthEndometrial(t *testing.T) {
	t.Parallel()
	rc := refCase{name: "next/endometrial", data: "next/endometrial.csv", target: "HG"}
	x, y, names := loadRefCase(t, rc)
	res, err := Fit(x, y, &Settings{Names: names, Firth: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged {
		t.Fatalf("not converged: %q", res.Warnings)
	}
	ws := worst{}
	defer ws.log(t)
	sum := res.Summary(0.95)
	for j, w := range loadCoefs(t, "next/endometrial.firth.coef.csv") {
		c := sum.Coefs[j]
		if c.Name != w.Name {
			t.Errorf("coefficient %d: got %s, want %s", j, c.Name, w.Name)
		}
		if e := ws.add("estimate", relErr(c.Estimate, w.Estimate)); e > estTol {
			t.Errorf("%s estimate: got %.15g, want %.15g (rel %.2g)", w.Name, c.Estimate, w.Estimate, e)
		}
		if e := ws.add("std error", relErr(c.StdErr, w.StdErr)); e > seTol {
			t.Errorf("%s std error: got %.15g, want %.15g (rel %.2g)", w.Name, c.StdErr, w.StdErr, e)
		}
	}
	sc := loadScalars(t, "next/endometrial.firth.scalars.csv")
	for _, v := range []struct {
		name string
		got  float64
	}{{"loglik", res.LogLik}, {"penalized_loglik", res.PenalizedLogLik}} {
		want := parseFloat(t, sc[v.name])
		if e := ws.add(v.name, relErr(v.got, want)); e > estTol {
			t.Errorf("%s: got %.15g, want %.15g (rel %.2g)", v.name, v.got, want, e)
		}
	}
}
