package logreg

import (
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
)

// refCase is one model of internal/refcase/data/README.md: a data file,
// its target, and R's answers.
type refCase struct {
	name    string // file prefix of the answers
	data    string
	target  string
	drop    []string // columns not in the model
	weights string   // the column of prior weights, if any
}

var refCases = []refCase{
	{name: "iris_vv", data: "iris_vv.csv", target: "virginica"},
	{name: "mtcars_am_hp_wt", data: "mtcars.csv", target: "am", drop: []string{"mpg"}},
	{name: "birthwt", data: "birthwt.csv", target: "low"},
}

func parseFloat(t testing.TB, s string) float64 {
	t.Helper()
	v, err := refcase.Float(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// nextCases are models of internal/refcase/data/next/README.md that the
// columns of their data give directly: grouped proportions with weights,
// a text target, and Firth's fit on quasi-separated data.
var nextCases = []refCase{
	{name: "next/menarche", data: "next/menarche.csv", target: "prop", drop: []string{"Menarche", "Total"}, weights: "Total"},
	{name: "next/pima_tr", data: "next/pima_tr.csv", target: "type"},
}

// loadWeights returns the column rc.weights of rc's data.
func loadWeights(t testing.TB, rc refCase) []float64 {
	t.Helper()
	tab, err := refcase.ReadTable(rc.data)
	if err != nil {
		t.Fatal(err)
	}
	j := tab.Col(rc.weights)
	if j < 0 {
		t.Fatalf("%s: no column %s", rc.data, rc.weights)
	}
	w := make([]float64, len(tab.Rows))
	for i, r := range tab.Rows {
		w[i] = parseFloat(t, r[j])
	}
	return w
}

// loadRefCase builds X, y and the column names. A text column is coded as R
// codes a factor: levels sorted, the first is the baseline, the others are
// 0/1 columns named col=level; a text target is 1 at its second level.
func loadRefCase(t testing.TB, rc refCase) (*linalg.Dense, []float64, []string) {
	t.Helper()
	tab, err := refcase.ReadTable(rc.data)
	if err != nil {
		t.Fatal(err)
	}
	head, rows := tab.Header, tab.Rows
	var y []float64
	var cols [][]float64
	var names []string
	for j, h := range head {
		if slices.Contains(rc.drop, h) {
			continue
		}
		if h == rc.target {
			if _, err := strconv.ParseFloat(rows[0][j], 64); err != nil {
				var levels []string
				for _, r := range rows {
					if !slices.Contains(levels, r[j]) {
						levels = append(levels, r[j])
					}
				}
				slices.Sort(levels)
				for _, r := range rows {
					y = append(y, float64(slices.Index(levels, r[j])))
				}
				continue
			}
			for _, r := range rows {
				y = append(y, parseFloat(t, r[j]))
			}
			continue
		}
		if _, err := strconv.ParseFloat(rows[0][j], 64); err == nil {
			col := make([]float64, len(rows))
			for i, r := range rows {
				col[i] = parseFloat(t, r[j])
			}
			cols = append(cols, col)
			names = append(names, h)
			continue
		}
		var levels []string
		for _, r := range rows {
			if !slices.Contains(levels, r[j]) {
				levels = append(levels, r[j])
			}
		}
		slices.Sort(levels)
		for _, l := range levels[1:] {
			col := make([]float64, len(rows))
			for i, r := range rows {
				if r[j] == l {
					col[i] = 1
				}
			}
			cols = append(cols, col)
			names = append(names, h+"="+l)
		}
	}
	x := linalg.NewDense(len(rows), len(cols), nil)
	for j, col := range cols {
		for i, v := range col {
			x.Set(i, j, v)
		}
	}
	return x, y, names
}

func loadCoefs(t testing.TB, file string) []refcase.Coef {
	t.Helper()
	c, err := refcase.Coefs(file)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func loadScalars(t testing.TB, file string) map[string]string {
	t.Helper()
	m, err := refcase.Scalars(file)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Max(math.Abs(want), math.SmallestNonzeroFloat64)
}

// worst keeps the largest relative error of each kind seen by a test, for
// its log.
type worst map[string]float64

func (w worst) add(kind string, e float64) float64 {
	w[kind] = max(w[kind], e)
	return e
}

func (w worst) log(t *testing.T) {
	t.Helper()
	keys := make([]string, 0, len(w))
	for k := range w {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		t.Logf("worst relative error of %s: %.2g", k, w[k])
	}
}

// Tolerances of the tests against the reference cases, relative. The code
// achieves 2e-14 on estimates and deviances, 1e-13 on standard errors and z,
// 5e-13 on p-values with |z| < 3, and on Firth's fit 7e-12 (the worst of
// each are logged by go test -v); these leave a margin for other
// processors and the AVX-512 build, whose sums differ in the last bits.
const (
	estTol = 1e-10 // estimates, deviances, log-likelihoods, penalized fits
	seTol  = 1e-10 // standard errors and z
	// pTol is the relative tolerance of a p-value per unit of its
	// conditioning 1 + z²: a relative error ε in z moves p = erfc(|z|/√2)
	// by about ε·z² relative (measured: 2.7e-11 at z = 27.7, p = 1e-168).
	pTol = 1e-10
)

// TestRefCases checks every estimate, standard error, z, p, deviance, null
// deviance, AIC and the iteration count of Fit and of FitStream against R's
// glm on real data.
func TestRefCases(t *testing.T) {
	t.Parallel()
	for _, rc := range append(refCases, nextCases...) {
		t.Run(rc.name, func(t *testing.T) {
			t.Parallel()
			x, y, names := loadRefCase(t, rc)
			var w []float64
			if rc.weights != "" {
				w = loadWeights(t, rc)
			}
			res, err := Fit(x, y, &Settings{Names: names, Weights: w})
			if err != nil {
				t.Fatal(err)
			}
			checkRefFit(t, rc, res)
			_, p := x.Dims()
			res, err = FitStream(p, chunked(x, y, w, []int{13, 1}), &Settings{Names: names})
			if err != nil {
				t.Fatal(err)
			}
			checkRefFit(t, rc, res)
		})
	}
}

// checkRefFit compares res with the answers of rc.
func checkRefFit(t *testing.T, rc refCase, res *Result) {
	t.Helper()
	if !res.Converged || res.Separation {
		t.Fatalf("Converged %v Separation %v, want true false (warnings %q)", res.Converged, res.Separation, res.Warnings)
	}
	sum := res.Summary(0.95)
	want := loadCoefs(t, rc.name+".coef.csv")
	if len(want) != len(res.Coef) {
		t.Fatalf("got %d coefficients, want %d", len(res.Coef), len(want))
	}
	w := worst{}
	defer w.log(t)
	for j, ref := range want {
		c := sum.Coefs[j]
		if refcase.RName(c.Name) != ref.Name {
			t.Errorf("coefficient %d: got name %s, want %s", j, c.Name, ref.Name)
		}
		if e := w.add("estimate", relErr(c.Estimate, ref.Estimate)); e > estTol {
			t.Errorf("%s estimate: got %.15g, want %.15g (rel %.2g)", ref.Name, c.Estimate, ref.Estimate, e)
		}
		if e := w.add("std error", relErr(c.StdErr, ref.StdErr)); e > seTol {
			t.Errorf("%s std error: got %.15g, want %.15g (rel %.2g)", ref.Name, c.StdErr, ref.StdErr, e)
		}
		if e := w.add("z", relErr(c.Z, ref.Z)); e > seTol {
			t.Errorf("%s z: got %.15g, want %.15g (rel %.2g)", ref.Name, c.Z, ref.Z, e)
		}
		if e := w.add("p", relErr(c.P, ref.P)); e > pTol*(1+ref.Z*ref.Z) {
			t.Errorf("%s p: got %.15g, want %.15g (rel %.2g)", ref.Name, c.P, ref.P, e)
		}
	}
	sc := loadScalars(t, rc.name+".scalars.csv")
	for _, v := range []struct {
		name string
		got  float64
	}{
		{"deviance", res.Deviance},
		{"null_deviance", res.NullDeviance},
		{"aic", res.AIC()},
		{"loglik", res.LogLik},
	} {
		want := parseFloat(t, sc[v.name])
		if e := w.add(v.name, relErr(v.got, want)); e > estTol {
			t.Errorf("%s: got %.15g, want %.15g (rel %.2g)", v.name, v.got, want, e)
		}
	}
	for _, v := range []struct {
		name string
		got  int
	}{{"df_residual", res.DFResidual}, {"df_null", res.DFNull}, {"n", res.NObs}} {
		if want := int(parseFloat(t, sc[v.name])); v.got != want {
			t.Errorf("%s: got %d, want %d", v.name, v.got, want)
		}
	}
	// A subsampled fit's iterations include its cheaper steps.
	if it, ok := sc["iter"]; ok && subsampledPasses(res) == 0 {
		if rIter := int(parseFloat(t, it)); res.Iterations > rIter+1 {
			t.Errorf("iterations: got %d, want at most R's %d + 1", res.Iterations, rIter)
		}
	}
}

// TestRefCasesDerived fits models of next/birthwt.csv whose columns are
// computed from the data, as R's formula computes them: log(lwt) and
// I(age^2) beside age (nearly collinear), and the interaction race * lwt.
func TestRefCasesDerived(t *testing.T) {
	t.Parallel()
	tab, err := refcase.ReadTable("next/birthwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs := tab.Records()
	num := func(r map[string]string, h string) float64 { return parseFloat(t, r[h]) }
	for _, tc := range []struct {
		name  string
		names []string
		row   func(r map[string]string) []float64
	}{
		{"next/bw_transforms", []string{"log(lwt)", "age", "I(age^2)", "smoke", "ht"}, func(r map[string]string) []float64 {
			age := num(r, "age")
			return []float64{math.Log(num(r, "lwt")), age, age * age, num(r, "smoke"), num(r, "ht")}
		}},
		{"next/bw_fac_x_num", []string{"raceother", "racewhite", "lwt", "raceother:lwt", "racewhite:lwt"}, func(r map[string]string) []float64 {
			var o, w float64
			switch r["race"] {
			case "other":
				o = 1
			case "white":
				w = 1
			}
			lwt := num(r, "lwt")
			return []float64{o, w, lwt, o * lwt, w * lwt}
		}},
	} {
		var data, y []float64
		for _, r := range recs {
			data = append(data, tc.row(r)...)
			y = append(y, num(r, "low"))
		}
		x := linalg.NewDense(len(y), len(tc.names), data)
		rc := refCase{name: tc.name}
		res, err := Fit(x, y, &Settings{Names: tc.names})
		if err != nil {
			t.Fatal(err)
		}
		t.Run(tc.name, func(t *testing.T) { checkRefFit(t, rc, res) })
		res, err = FitStream(len(tc.names), chunked(x, y, nil, []int{50}), &Settings{Names: tc.names})
		if err != nil {
			t.Fatal(err)
		}
		t.Run(tc.name+"/stream", func(t *testing.T) { checkRefFit(t, rc, res) })
	}
}
