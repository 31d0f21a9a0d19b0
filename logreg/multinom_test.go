package logreg

import (
	"math"
	"slices"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
)

// factorTable codes the columns of a reference table as R codes factors in
// a formula: the text column target gives the levels (sorted) of y; each
// text column in cols gives 0/1 columns for its sorted levels but the
// first, named as R names them (ColLevel); numeric columns are used as they
// are; the column weights, if not "", gives the weights.
func factorTable(t testing.TB, file, target string, cols []string, weights string) (x *linalg.Dense, y []int, levels, names []string, w []float64) {
	t.Helper()
	tab, err := refcase.ReadTable(file)
	if err != nil {
		t.Fatal(err)
	}
	col := func(h string) int {
		j := tab.Col(h)
		if j < 0 {
			t.Fatalf("%s: no column %s", file, h)
		}
		return j
	}
	levelsOf := func(j int) []string {
		var ls []string
		for _, r := range tab.Rows {
			if !slices.Contains(ls, r[j]) {
				ls = append(ls, r[j])
			}
		}
		slices.Sort(ls)
		return ls
	}
	jt := col(target)
	levels = levelsOf(jt)
	n := len(tab.Rows)
	var data [][]float64
	for _, h := range cols {
		j := col(h)
		if _, err := refcase.Float(tab.Rows[0][j]); err == nil {
			v := make([]float64, n)
			for i, r := range tab.Rows {
				v[i] = parseFloat(t, r[j])
			}
			data = append(data, v)
			names = append(names, h)
			continue
		}
		for _, l := range levelsOf(j)[1:] {
			v := make([]float64, n)
			for i, r := range tab.Rows {
				if r[j] == l {
					v[i] = 1
				}
			}
			data = append(data, v)
			names = append(names, h+l)
		}
	}
	x = linalg.NewDense(n, len(data), nil)
	for i, r := range tab.Rows {
		y = append(y, slices.Index(levels, r[jt]))
		for j := range data {
			x.Set(i, j, data[j][i])
		}
	}
	if weights != "" {
		jw := col(weights)
		for _, r := range tab.Rows {
			w = append(w, parseFloat(t, r[jw]))
		}
	}
	return x, y, levels, names, w
}

func housing(t testing.TB) (*linalg.Dense, []int, []string, []string, []float64) {
	return factorTable(t, "next/housing.csv", "Sat", []string{"Infl", "Type", "Cont"}, "Freq")
}

// TestMultinomialHousing pins the fit of Sat ~ Infl + Type + Cont with
// weights Freq to the exact Newton MLE of the reference (statsmodels on the
// expanded rows agrees to 1e-13): estimates, standard errors, z, p, the
// covariance, the likelihoods, AIC and the likelihood-ratio test.
func TestMultinomialHousing(t *testing.T) {
	t.Parallel()
	x, y, levels, names, w := housing(t)
	res, err := FitMultinomial(x, y, &MultinomialSettings{Levels: levels, Names: names, Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged || res.Separation || len(res.Warnings) > 0 {
		t.Fatalf("Converged %v Separation %v Warnings %q, want true false none", res.Converged, res.Separation, res.Warnings)
	}
	ref, err := refcase.Coefs("next/housing.multinom.coef.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ref) != len(res.Coef) {
		t.Fatalf("got %d coefficients, want %d", len(res.Coef), len(ref))
	}
	sum := res.Summary(0.95)
	var worstB, worstSE, worstZ, worstP float64
	for i, rc := range ref {
		c := sum[i]
		if c.Response != rc.Fields["response"] || c.Name != rc.Name {
			t.Fatalf("coefficient %d is %s:%s, want %s:%s", i, c.Response, c.Name, rc.Fields["response"], rc.Name)
		}
		worstB = max(worstB, relErr(c.Estimate, rc.Estimate))
		worstSE = max(worstSE, relErr(c.StdErr, rc.StdErr))
		worstZ = max(worstZ, relErr(c.Z, rc.Z))
		worstP = max(worstP, relErr(c.P, rc.P))
	}
	t.Logf("largest relative errors: estimate %.2g, SE %.2g, z %.2g, p %.2g", worstB, worstSE, worstZ, worstP)
	if worstB > 1e-14 || worstSE > 1e-14 || worstZ > 1e-14 || worstP > 1e-12 {
		t.Errorf("relative errors estimate %.2g SE %.2g z %.2g p %.2g, want ≤ 1e-14 (p 1e-12)", worstB, worstSE, worstZ, worstP)
	}
	vt, err := refcase.ReadTable("next/housing.multinom.vcov.csv")
	if err != nil {
		t.Fatal(err)
	}
	var worstV float64
	for i, r := range vt.Rows {
		if r[0] != res.CoefName(i) {
			t.Fatalf("vcov row %d is %s, want %s", i, r[0], res.CoefName(i))
		}
		for j := range res.Coef {
			want := parseFloat(t, r[j+1])
			worstV = max(worstV, math.Abs(res.Cov.At(i, j)-want)/math.Sqrt(res.Cov.At(i, i)*res.Cov.At(j, j)))
		}
	}
	if worstV > 2e-14 {
		t.Errorf("covariance: largest error %.2g relative to the SEs, want ≤ 2e-14", worstV)
	}
	sc, err := refcase.Scalars("next/housing.multinom.scalars.csv")
	if err != nil {
		t.Fatal(err)
	}
	stat, df, p := res.LRTest()
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"loglik", res.LogLik, parseFloat(t, sc["loglik"]), 1e-14},
		{"deviance", res.Deviance, parseFloat(t, sc["deviance"]), 1e-14},
		{"null_loglik", res.NullLogLik, parseFloat(t, sc["null_loglik"]), 1e-14},
		{"null_deviance", res.NullDeviance, parseFloat(t, sc["null_deviance"]), 1e-14},
		{"lr_statistic", stat, parseFloat(t, sc["lr_statistic"]), 1e-12},
		{"lr_df", float64(df), parseFloat(t, sc["lr_df"]), 0},
		{"lr_p", p, parseFloat(t, sc["lr_p"]), 1e-12},
		{"aic", res.AIC(), parseFloat(t, sc["aic"]), 1e-14},
		{"n", res.SumWeights, parseFloat(t, sc["n"]), 0},
		{"n_par", float64(res.NumCoef()), parseFloat(t, sc["n_par"]), 0},
	} {
		if e := relErr(c.got, c.want); e > c.tol {
			t.Errorf("%s: got %.17g, want %.17g (relative error %.2g > %.2g)", c.name, c.got, c.want, e, c.tol)
		}
	}
	t.Logf("covariance error %.2g; iterations %d; LR p %.17g", worstV, res.Iterations, p)
}
