package logreg

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	var progress []Iteration
	res, err := FitMultinomial(x, y, &MultinomialSettings{Levels: levels, Names: names, Weights: w,
		Progress: func(it Iteration) { progress = append(progress, it) }})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(progress, res.Trace) || res.Iterations != len(res.Trace) || res.Trace[len(res.Trace)-1].Deviance != res.Deviance {
		t.Errorf("Progress saw %v, Trace %v, Iterations %d", progress, res.Trace, res.Iterations)
	}
	for i := 1; i < len(res.Trace); i++ {
		// Beyond rounding (the extra step's change is at the last bits).
		if d := res.Trace[i].Deviance - res.Trace[i-1].Deviance; d > 1e-14*res.Trace[i].Deviance {
			t.Errorf("the deviance rose by %.3g at iteration %d: %v", d, res.Trace[i].Iter, res.Trace)
		}
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
		c := sum.Coefs[i]
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
	text := sum.String()
	for _, want := range []string{"Baseline-category logits against High:", "\nLow vs High:\n", "\nMedium vs High:\n",
		"InflLow          1.61263     0.167132    9.649    <2e-16 ***", "Residual deviance: 3470.084  (14 coefficients, 72 rows, 1681 observations)",
		"Likelihood-ratio test against the null model: 178.794 on 12 df, p <2e-16"} {
		if !strings.Contains(text, want) {
			t.Errorf("String lacks %q:\n%s", want, text)
		}
	}
}

// iris3 returns the 150 rows of testdata/iris.csv with the species as the
// levels setosa, versicolor, virginica.
func iris3(t testing.TB) (*linalg.Dense, []int, []string, []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "iris.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	names := strings.Split(lines[0], ",")[:4]
	levels := []string{"setosa", "versicolor", "virginica"}
	x := linalg.NewDense(len(lines)-1, 4, nil)
	var y []int
	for i, ln := range lines[1:] {
		f := strings.Split(ln, ",")
		for j := range 4 {
			x.Set(i, j, parseFloat(t, f[j]))
		}
		y = append(y, slices.Index(levels, f[4]))
	}
	return x, y, levels, names
}

// TestMultinomialIrisSeparated: setosa is completely separated from both
// other species, so the three-class estimate does not exist (the separation
// is quasi-complete: versicolor and virginica overlap). The fit says
// so, is not converged, names the diverging coefficients (every
// coefficient of both logits against setosa), and the separated pairs
// (setosa from each other species, not versicolor from virginica). With
// versicolor as the baseline only the setosa logit diverges. Ridge gives
// finite answers.
func TestMultinomialIrisSeparated(t *testing.T) {
	t.Parallel()
	x, y, levels, names := iris3(t)
	res, err := FitMultinomial(x, y, &MultinomialSettings{Levels: levels, Names: names})
	if err != nil {
		t.Fatal(err)
	}
	// Versicolor and virginica overlap, so no direction ranks every
	// observation's own species strictly first: quasi-complete.
	if !res.Separation || res.Converged || res.Cov != nil || res.SeparationType != SeparationQuasiComplete {
		t.Fatalf("Separation %v %v Converged %v Cov %v, want true quasi-complete false nil", res.Separation, res.SeparationType, res.Converged, res.Cov != nil)
	}
	wantPairs := []LevelPair{{A: 0, B: 1, Type: SeparationComplete}, {A: 0, B: 2, Type: SeparationComplete}}
	if !slices.Equal(res.SeparatedPairs, wantPairs) {
		t.Errorf("SeparatedPairs %v, want %v", res.SeparatedPairs, wantPairs)
	}
	if len(res.Diverging) == 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "quasi-completely separated") ||
		!strings.Contains(res.Warnings[0], "setosa from versicolor (complete), setosa from virginica (complete)") {
		t.Errorf("Diverging %v Warnings %q", res.Diverging, res.Warnings)
	}
	for _, j := range res.Diverging {
		if !strings.Contains(res.Warnings[0], res.CoefName(j)+" = "+res.Status[j].String()) {
			t.Errorf("warning does not name %s: %q", res.CoefName(j), res.Warnings[0])
		}
	}
	t.Logf("iterations %d, warning %q", res.Iterations, res.Warnings[0])

	// Versicolor as the baseline: the setosa logit diverges, virginica's
	// coefficients are finite.
	res, err = FitMultinomial(x, y, &MultinomialSettings{Levels: levels, Names: names, Baseline: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Separation || res.Converged {
		t.Fatalf("baseline versicolor: Separation %v Converged %v, want true false", res.Separation, res.Converged)
	}
	setosaInf := 0
	for i, st := range res.Status {
		if res.Responses[i/5] == 0 && st != CoefFinite {
			setosaInf++
		}
		if res.Responses[i/5] == 2 && st != CoefFinite {
			t.Errorf("baseline versicolor: %s is %v, want finite", res.CoefName(i), st)
		}
	}

	if setosaInf == 0 {
		t.Errorf("baseline versicolor: no setosa coefficient is infinite: %v", res.Status)
	}

	// Ridge: finite estimates, converged, no separation test.
	res, err = FitMultinomial(x, y, &MultinomialSettings{Levels: levels, Names: names, L2: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged || res.Separation || res.Cov != nil {
		t.Fatalf("ridge: Converged %v Separation %v Cov %v, want true false nil", res.Converged, res.Separation, res.Cov != nil)
	}
	for i, b := range res.Coef {
		if !isFinite(b) || math.Abs(b) > 20 {
			t.Errorf("ridge: %s = %v", res.CoefName(i), b)
		}
	}
	if text := res.Summary(0.95).String(); strings.Contains(text, "Std. Error") || !strings.Contains(text, "Ridge penalty lambda = 1") {
		t.Errorf("ridge: the summary shows standard errors or no penalty:\n%s", text)
	}
}

// syntheticMultinom returns n rows of c standard normal columns and levels
// drawn from a baseline-category logit model with K levels.
func syntheticMultinom(n, c, K int, seed uint64) (*linalg.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	x := linalg.NewDense(n, c, nil)
	xd := x.RawData()
	y := make([]int, n)
	eta := make([]float64, K)
	for i := 0; i < n; i++ {
		for j := 0; j < c; j++ {
			xd[i*c+j] = rng.NormFloat64()
		}
		s := 1.0
		for l := 1; l < K; l++ {
			e := 0.2 * float64(l)
			for j := 0; j < c; j++ {
				e += xd[i*c+j] * 0.4 * float64((j+l)%3-1)
			}
			eta[l] = math.Exp(e)
			s += eta[l]
		}
		u := rng.Float64() * s
		y[i] = 0
		acc := 1.0
		for l := 1; l < K && u > acc; l++ {
			acc += eta[l]
			y[i] = l
		}
	}
	return x, y
}

// TestMultinomialTwoLevels: with two levels the model is the binary
// logistic regression, fitted by Fit by another route (R's start, IRLS);
// the estimates, standard errors and likelihoods agree.
func TestMultinomialTwoLevels(t *testing.T) {
	t.Parallel()
	x, y, names := loadRefCase(t, refCases[2]) // birthwt
	yi := make([]int, len(y))
	for i, v := range y {
		yi[i] = int(v)
	}
	bin, err := Fit(x, y, &Settings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	mres, err := FitMultinomial(x, yi, &MultinomialSettings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	if !mres.Converged || mres.Separation {
		t.Fatalf("Converged %v Separation %v", mres.Converged, mres.Separation)
	}
	var worstB, worstSE float64
	for j, b := range bin.Coef {
		worstB = max(worstB, math.Abs(mres.Coef[j]-b)/math.Sqrt(bin.Cov.At(j, j)))
		worstSE = max(worstSE, relErr(math.Sqrt(mres.Cov.At(j, j)), math.Sqrt(bin.Cov.At(j, j))))
	}
	t.Logf("largest differences: estimate %.2g SE units, SE %.2g relative", worstB, worstSE)
	if worstB > 1e-13 || worstSE > 1e-13 {
		t.Errorf("estimates differ by %.2g SEs, SEs by %.2g, want ≤ 1e-13", worstB, worstSE)
	}
	for _, c := range [][2]float64{{mres.LogLik, bin.LogLik}, {mres.Deviance, bin.Deviance}, {mres.NullDeviance, bin.NullDeviance}, {mres.AIC(), bin.AIC()}} {
		if e := relErr(c[0], c[1]); e > 1e-13 {
			t.Errorf("got %.17g, want %.17g (binary)", c[0], c[1])
		}
	}

	// Ridge: the same objective, dev + λ·Σβ_j² without the intercept.
	bin, err = Fit(x, y, &Settings{Names: names, L2: 2})
	if err != nil {
		t.Fatal(err)
	}
	mres, err = FitMultinomial(x, yi, &MultinomialSettings{Names: names, L2: 2})
	if err != nil {
		t.Fatal(err)
	}
	worstB = 0
	for j, b := range bin.Coef {
		worstB = max(worstB, math.Abs(mres.Coef[j]-b)/max(1, math.Abs(b)))
	}
	t.Logf("ridge: largest difference %.2g", worstB)
	if worstB > 1e-13 || relErr(mres.PenalizedLogLik, bin.PenalizedLogLik) > 1e-13 {
		t.Errorf("ridge: estimates differ by %.2g, penalized log-likelihood %.17g vs %.17g", worstB, mres.PenalizedLogLik, bin.PenalizedLogLik)
	}
}

// TestMultinomialWeightsExpand: a weight of c is c rows. The housing fit
// with weights Freq equals the fit of the 1681 expanded rows.
func TestMultinomialWeightsExpand(t *testing.T) {
	t.Parallel()
	x, y, levels, names, w := housing(t)
	n, c := x.Dims()
	var xe []float64
	var ye []int
	for i := 0; i < n; i++ {
		for range int(w[i]) {
			xe = append(xe, x.RawRow(i)...)
			ye = append(ye, y[i])
		}
	}
	ex := linalg.NewDense(len(ye), c, xe)
	a, err := FitMultinomial(x, y, &MultinomialSettings{Levels: levels, Names: names, Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	b, err := FitMultinomial(ex, ye, &MultinomialSettings{Levels: levels, Names: names})
	if err != nil {
		t.Fatal(err)
	}
	var worstB, worstSE float64
	for j := range a.Coef {
		worstB = max(worstB, relErr(b.Coef[j], a.Coef[j]))
		worstSE = max(worstSE, relErr(math.Sqrt(b.Cov.At(j, j)), math.Sqrt(a.Cov.At(j, j))))
	}
	t.Logf("largest relative differences: estimate %.2g, SE %.2g", worstB, worstSE)
	if worstB > 1e-14 || worstSE > 5e-14 || relErr(b.LogLik, a.LogLik) > 1e-14 || b.SumWeights != a.SumWeights {
		t.Errorf("expanded rows: estimate %.2g SE %.2g loglik %v vs %v, n %v vs %v", worstB, worstSE, b.LogLik, a.LogLik, b.SumWeights, a.SumWeights)
	}
	if b.NObs != 1681 || a.NObs != 72 {
		t.Errorf("NObs %d and %d, want 1681 and 72", b.NObs, a.NObs)
	}
}

// TestMultinomialWorkers: the fit is bit-for-bit the same for any number of
// workers (the segments and the order of their sums do not depend on it).
func TestMultinomialWorkers(t *testing.T) {
	t.Parallel()
	x, y := syntheticMultinom(20000, 5, 4, 3)
	var first *MultinomialResult
	for _, workers := range []int{1, 2, 3, 8} {
		res, err := FitMultinomial(x, y, &MultinomialSettings{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Converged {
			t.Fatalf("workers %d: not converged", workers)
		}
		if first == nil {
			first = res
			continue
		}
		if !slices.Equal(res.Coef, first.Coef) || !slices.Equal(res.Cov.RawData(), first.Cov.RawData()) || res.LogLik != first.LogLik {
			t.Errorf("workers %d: the result differs from one worker's", workers)
		}
	}
}

// TestMultinomialIterationAllocs keeps a pass and a Newton step free of
// allocations.
func TestMultinomialIterationAllocs(t *testing.T) {
	x, y := syntheticMultinom(10000, 5, 4, 5)
	blk := []int{-1, 0, 1, 2}
	for _, workers := range []int{1, 2} {
		f := newMfitter(x, y, nil, blk, 3, true, workers)
		set := &MultinomialSettings{}
		res := &MultinomialResult{Intercept: true}
		mn := &mnewton{set: set, f: f, res: res, p: f.p, q: f.q}
		mn.init()
		f.eval(mn.beta)
		allocs := testing.AllocsPerRun(5, func() {
			if err := mn.step(); err != nil {
				t.Fatal(err)
			}
			linalg.Axpy(0.5, mn.delta, mn.beta)
			f.eval(mn.beta)
		})
		f.close()
		if allocs != 0 {
			t.Errorf("workers %d: got %v allocations per iteration, want 0", workers, allocs)
		}
	}
}

// TestMultinomialDerivatives checks the pass's score and information
// against central differences of its deviance: g = −½∇dev, I = ½∇²dev.
func TestMultinomialDerivatives(t *testing.T) {
	t.Parallel()
	x, y := syntheticMultinom(300, 2, 3, 11)
	w := make([]float64, len(y))
	for i := range w {
		w[i] = float64(i%3) + 0.5
	}
	blk := []int{0, -1, 1} // the baseline in the middle
	f := newMfitter(x, y, w, blk, 2, true, 1)
	defer f.close()
	q := f.q
	beta := make([]float64, q)
	for j := range beta {
		beta[j] = 0.3 * math.Sin(float64(j+1))
	}
	f.eval(beta)
	g := append([]float64(nil), f.g...)
	h := append([]float64(nil), f.h.RawData()...)
	dev := func(b []float64) float64 { f.eval(b); return f.dev }
	const eps = 1e-5
	bp := make([]float64, q)
	for j := 0; j < q; j++ {
		copy(bp, beta)
		bp[j] += eps
		dp := dev(bp)
		gp := append([]float64(nil), f.g...)
		bp[j] -= 2 * eps
		dm := dev(bp)
		gm := append([]float64(nil), f.g...)
		if got, want := g[j], -(dp-dm)/(4*eps); math.Abs(got-want) > 1e-6*max(1, math.Abs(want)) {
			t.Errorf("g[%d] = %.12g, central difference %.12g", j, got, want)
		}
		for k := 0; k < q; k++ {
			if got, want := h[k*q+j], -(gp[k]-gm[k])/(2*eps); math.Abs(got-want) > 1e-6*max(1, math.Abs(want)) {
				t.Errorf("I[%d,%d] = %.12g, central difference of g %.12g", k, j, got, want)
			}
		}
	}
}

// TestMultinomialErrors: bad input is a clear error, never a panic or NaN.
func TestMultinomialErrors(t *testing.T) {
	t.Parallel()
	x := linalg.NewDense(4, 1, []float64{1, 2, 3, 4})
	nan := linalg.NewDense(4, 1, []float64{1, math.NaN(), 3, 4})
	dup := linalg.NewDense(4, 2, []float64{1, 2, 2, 4, 3, 6, 4, 8})
	for _, c := range []struct {
		name string
		x    *linalg.Dense
		y    []int
		s    *MultinomialSettings
		want string
	}{
		{"length", x, []int{0, 1, 2}, nil, "3 values for 4 rows"},
		{"level range", x, []int{0, 1, 3, 0}, &MultinomialSettings{Levels: []string{"a", "b", "c"}}, "y[2]: level 3 is not in [0, 3)"},
		{"negative level", x, []int{0, -1, 1, 0}, nil, "y[1]: level -1"},
		{"empty level", x, []int{0, 2, 2, 0}, nil, `level "1": response level has no observation`},
		{"one level", x, []int{0, 0, 0, 0}, nil, `level "1": response level has no observation`},
		// A level code far above the number of rows leaves most levels empty:
		// refused before a list of huge level names is allocated.
		{"huge level", x, []int{0, 1, huge, 0}, nil, `level "2": response level has no observation`},
		{"huge level first", x, []int{huge, 2, 1, 0}, nil, `level "3": response level has no observation`},
		{"one level name", x, []int{0, 0, 0, 0}, &MultinomialSettings{Levels: []string{"a"}}, "1 levels, need at least 2"},
		{"baseline", x, []int{0, 1, 1, 0}, &MultinomialSettings{Baseline: 2}, "Baseline 2 is not a level index"},
		{"not finite", nan, []int{0, 1, 1, 0}, nil, "x[1, 0]: NaN"},
		{"weight", x, []int{0, 1, 1, 0}, &MultinomialSettings{Weights: []float64{1, -1, 1, 1}}, "weights[1]: -1: weight is negative"},
		{"weight sum", x, []int{0, 1, 1, 0}, &MultinomialSettings{Weights: []float64{1e300, 1, 1, 1}}, "more than 2^52"},
		{"rank", dup, []int{0, 1, 0, 1}, &MultinomialSettings{Names: []string{"a", "b"}}, "coefficient 2 (b) is aliased"},
		{"l2", x, []int{0, 1, 1, 0}, &MultinomialSettings{L2: -1}, "L2 -1 is not a finite"},
	} {
		_, err := FitMultinomial(c.x, c.y, c.s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestChiSquareSurvival checks the χ² tail against closed forms: df = 2 is
// exp(−x/2), df = 1 is erfc(√(x/2)), df = 4 is (1 + x/2)·exp(−x/2).
func TestChiSquareSurvival(t *testing.T) {
	t.Parallel()
	var worst float64
	for _, x := range []float64{1e-3, 0.1, 0.5, 1, 2, 3.5, 7, 20, 50, 150, 700, 1400} {
		for _, c := range []struct{ df, want float64 }{
			{2, math.Exp(-x / 2)},
			{1, math.Erfc(math.Sqrt(x / 2))},
			{4, (1 + x/2) * math.Exp(-x/2)},
		} {
			if c.want == 0 {
				continue
			}
			e := relErr(ChiSquareSurvival(x, c.df), c.want)
			worst = max(worst, e)
			if e > 1e-13 {
				t.Errorf("ChiSquareSurvival(%g, %g) = %.17g, want %.17g", x, c.df, ChiSquareSurvival(x, c.df), c.want)
			}
		}
	}
	t.Logf("largest relative error %.2g", worst)
	if !math.IsNaN(ChiSquareSurvival(1, 0)) || ChiSquareSurvival(-1, 3) != 1 || ChiSquareSurvival(math.Inf(1), 3) != 0 {
		t.Error("edge cases")
	}
}

// TestMultinomialCovQR: the covariance from the QR factor of the weighted
// rows √w·(L ⊗ d) equals the reference on housing, and on nearly collinear
// columns (where the information is too ill-conditioned for Cholesky, and
// the steps and the covariance take the QR route) a two-level fit's
// estimates and standard errors equal those of Fit, which solves and
// inverts R's QR factor of √v·D.
func TestMultinomialCovQR(t *testing.T) {
	t.Parallel()
	x, y, levels, names, w := housing(t)
	res, err := FitMultinomial(x, y, &MultinomialSettings{Levels: levels, Names: names, Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	blk := []int{-1, 0, 1}
	f := newMfitter(x, y, w, blk, 2, true, 2)
	defer f.close()
	cov := linalg.NewDense(f.q, f.q, nil)
	if err := f.covQR(cov, res.Coef, 1e-11); err != nil {
		t.Fatal(err)
	}
	vt, err := refcase.ReadTable("next/housing.multinom.vcov.csv")
	if err != nil {
		t.Fatal(err)
	}
	var worst float64
	for i, r := range vt.Rows {
		for j := range res.Coef {
			worst = max(worst, math.Abs(cov.At(i, j)-parseFloat(t, r[j+1]))/math.Sqrt(cov.At(i, i)*cov.At(j, j)))
		}
	}
	t.Logf("housing: QR covariance error %.2g relative to the SEs", worst)
	if worst > 1e-13 {
		t.Errorf("housing: QR covariance error %.2g, want ≤ 1e-13", worst)
	}

	// Two levels, columns u and u + 1e-6·z.
	rng := rand.New(rand.NewPCG(4, 5))
	n := 2000
	xc := linalg.NewDense(n, 2, nil)
	yb := make([]float64, n)
	yi := make([]int, n)
	for i := 0; i < n; i++ {
		u := rng.NormFloat64()
		xc.Set(i, 0, u)
		xc.Set(i, 1, u+1e-6*rng.NormFloat64())
		if rng.Float64() < Sigmoid(0.5*u) {
			yb[i], yi[i] = 1, 1
		}
	}
	bin, err := Fit(xc, yb, nil)
	if err != nil {
		t.Fatal(err)
	}
	mres, err := FitMultinomial(xc, yi, nil)
	if err != nil {
		t.Fatal(err)
	}
	if mres.Cov == nil || bin.Cov == nil {
		t.Fatalf("no covariance: multinomial %v, binary %v; warnings %q", mres.Cov != nil, bin.Cov != nil, mres.Warnings)
	}
	eq := linalg.NewDense(3, 3, nil)
	if equilibratedInverse(eq, f3(xc, mres.Coef)) {
		t.Fatal("the equilibrated information is well conditioned: the test does not reach the QR route")
	}
	worst = 0
	var worstB float64
	for j := range bin.Coef {
		se := math.Sqrt(bin.Cov.At(j, j))
		worst = max(worst, relErr(math.Sqrt(mres.Cov.At(j, j)), se))
		worstB = max(worstB, math.Abs(mres.Coef[j]-bin.Coef[j])/se)
	}
	if !mres.Converged || worstB > 1e-8 {
		t.Errorf("collinear: converged %v, estimates differ from Fit's by %.2g SEs, want ≤ 1e-8", mres.Converged, worstB)
	}
	t.Logf("collinear: SEs %v, largest relative difference from Fit's %.2g, estimates %.2g SEs", []float64{math.Sqrt(mres.Cov.At(1, 1)), math.Sqrt(mres.Cov.At(2, 2))}, worst, worstB)
	if worst > 1e-9 {
		t.Errorf("collinear: SEs differ from Fit's by %.2g, want ≤ 1e-9", worst)
	}
}

// f3 returns the information of a two-level model at beta, the binary
// Dᵀ·diag(μ(1 − μ))·D with an intercept.
func f3(x *linalg.Dense, beta []float64) []float64 {
	h := linalg.NewDense(3, 3, nil)
	Hessian(h, x, nil, beta, true)
	linalg.Scale(-1, h.RawData())
	return h.RawData()
}

// TestMultinomialProbabilities: the fitted probabilities sum to 1 on every
// row and reproduce the fit's log-likelihood, Σ w·log π_y.
func TestMultinomialProbabilities(t *testing.T) {
	t.Parallel()
	x, y, levels, names, w := housing(t)
	for _, base := range []int{0, 2} {
		res, err := FitMultinomial(x, y, &MultinomialSettings{Levels: levels, Names: names, Weights: w, Baseline: base})
		if err != nil {
			t.Fatal(err)
		}
		var pr linalg.Dense
		res.Probabilities(&pr, x)
		var ll float64
		for i := range y {
			row := pr.RawRow(i)
			s := 0.0
			for _, v := range row {
				s += v
			}
			if math.Abs(s-1) > 1e-15 {
				t.Errorf("row %d: probabilities sum to %v", i, s)
			}
			ll += w[i] * math.Log(row[y[i]])
		}
		if e := relErr(ll, res.LogLik); e > 1e-14 {
			t.Errorf("baseline %d: Σ w·log π_y = %.17g, LogLik %.17g", base, ll, res.LogLik)
		}
		if e := relErr(res.LogLik, -1735.0419331705609); e > 1e-14 {
			t.Errorf("baseline %d: LogLik %.17g, want the reference's", base, res.LogLik)
		}
	}
}

// TestMultinomialSeparationRandom: on 400 small data sets with ties and
// grouped rows, a two-level multinomial fit gives the separation verdict,
// type and coefficient statuses of the binary Fit (whose program is built
// from the rows ±dᵢ, not from the multinomial constraints); and three-level
// fits never fail with NaN, are never converged when separated, and are
// converged or say why when not.
func TestMultinomialSeparationRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(21, 22))
	compared, sep := 0, 0
	for trial := range 400 {
		K := 2 + trial%2
		p := 1 + rng.IntN(3)
		n := 6 + rng.IntN(25)
		data := make([]float64, n*p)
		y, w := make([]int, n), make([]float64, n)
		for i := range n {
			for j := range p {
				data[i*p+j] = float64(rng.IntN(5) - 2)
			}
			y[i] = rng.IntN(K)
			if rng.IntN(3) == 0 {
				// A level set by the first column: (quasi-)separation.
				y[i] = min(K-1, max(0, int(data[i*p])+1))
			}
			w[i] = float64(1 + rng.IntN(3))
			if rng.IntN(10) == 0 {
				w[i] = 0
			}
		}
		x := linalg.NewDense(n, p, data)
		res, err := FitMultinomial(x, y, &MultinomialSettings{Weights: w})
		if err != nil {
			if errors.Is(err, ErrRank) || errors.Is(err, ErrEmptyLevel) {
				continue
			}
			t.Fatalf("trial %d: %v", trial, err)
		}
		for _, b := range res.Coef {
			if !isFinite(b) {
				t.Fatalf("trial %d: coefficient %v", trial, b)
			}
		}
		if res.Separation {
			sep++
			if res.Converged || res.Cov != nil || len(res.Diverging) == 0 {
				t.Errorf("trial %d: separated but converged %v, covariance %v, diverging %v", trial, res.Converged, res.Cov != nil, res.Diverging)
			}
		} else if !res.Converged && len(res.Warnings) == 0 {
			t.Errorf("trial %d: not converged and no warning", trial)
		}
		if K != 2 {
			continue
		}
		yb := make([]float64, n)
		for i, v := range y {
			yb[i] = float64(v)
		}
		bin, err := Fit(x, yb, &Settings{Weights: w})
		if err != nil {
			t.Fatalf("trial %d: binary: %v", trial, err)
		}
		compared++
		if bin.Separation != res.Separation || bin.SeparationType != res.SeparationType || !slices.Equal(bin.Status, res.Status) {
			t.Errorf("trial %d: multinomial %v %v %v, binary %v %v %v", trial,
				res.Separation, res.SeparationType, res.Status, bin.Separation, bin.SeparationType, bin.Status)
		}
	}
	t.Logf("%d two-level fits compared with Fit; %d separated fits", compared, sep)
	if compared < 100 || sep < 50 {
		t.Errorf("only %d comparisons and %d separated fits", compared, sep)
	}
}

// FuzzFitMultinomial fits small data sets of up to four levels with
// weights (zero and huge among them), columns scaled over a wide range and
// an optional ridge penalty. It may not panic; a fit that succeeds has
// finite coefficients and deviances, a finite covariance when it has one,
// is not converged when separated, and says why when it has no covariance.
func FuzzFitMultinomial(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, uint8(1), uint8(3), uint8(128), false)
	f.Add([]byte{0, 0, 255, 1, 0, 3, 7, 1, 2, 9, 1, 0, 5, 4, 3, 2, 1, 0, 7, 7}, uint8(2), uint8(2), uint8(200), true)
	f.Add([]byte{9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}, uint8(0), uint8(4), uint8(60), false)
	f.Fuzz(func(t *testing.T, data []byte, cols, levels, scale uint8, ridge bool) {
		c := int(cols%3) + 1
		K := int(levels%3) + 2
		rec := c + 2
		n := len(data) / rec
		if n == 0 || n > 200 {
			return
		}
		x := linalg.NewDense(n, c, nil)
		y := make([]int, n)
		w := make([]float64, n)
		s0 := math.Ldexp(1, int(scale)-128)
		for i := 0; i < n; i++ {
			r := data[i*rec : (i+1)*rec]
			for j := 0; j < c; j++ {
				v := float64(int8(r[j])) / 8
				if j == 0 {
					v *= s0
				}
				x.Set(i, j, v)
			}
			y[i] = int(r[c]) % K
			switch r[c+1] % 8 {
			case 0:
				w[i] = 0
			case 1:
				w[i] = 1e200
			default:
				w[i] = float64(r[c+1] % 5)
			}
		}
		set := &MultinomialSettings{Weights: w, Levels: []string{"a", "b", "c", "d"}[:K], Baseline: int(levels/3) % K}
		if ridge {
			set.L2 = 0.5
		}
		res, err := FitMultinomial(x, y, set)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		for _, v := range append(append([]float64{}, res.Coef...), res.Deviance, res.NullDeviance, res.LogLik) {
			if !isFinite(v) {
				t.Fatalf("not finite: coef %v deviance %v null %v", res.Coef, res.Deviance, res.NullDeviance)
			}
		}
		if res.Cov != nil {
			for _, v := range res.Cov.RawData() {
				if !isFinite(v) {
					t.Fatalf("covariance %v", res.Cov.RawData())
				}
			}
		}
		if res.Separation && (res.Converged || res.Cov != nil) {
			t.Fatalf("separated but converged %v covariance %v", res.Converged, res.Cov != nil)
		}
		if res.Cov == nil && !ridge && !res.Separation && len(res.Warnings) == 0 {
			t.Fatalf("no covariance and no warning")
		}
	})
}

// TestMultinomialCloseEarly: a fitter closed before its workers ran stops
// them cleanly; under -race this catches workers that read the field close
// clears.
func TestMultinomialCloseEarly(t *testing.T) {
	t.Parallel()
	x, y := syntheticMultinom(20000, 2, 3, 8)
	for range 50 {
		f := newMfitter(x, y, nil, []int{-1, 0, 1}, 2, true, 4)
		f.close()
	}
}
