package logreg

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/a1bed000/logreg/linalg"
)

// refCase is one model of testdata/README.md: a data file, its target, and
// R's answers.
type refCase struct {
	name   string // file prefix of the answers
	data   string
	target string
	drop   []string // columns not in the model
}

var refCases = []refCase{
	{name: "iris_vv", data: "iris_vv.csv", target: "virginica"},
	{name: "mtcars_am_hp_wt", data: "mtcars.csv", target: "am", drop: []string{"mpg"}},
	{name: "birthwt", data: "birthwt.csv", target: "low"},
}

func readCSV(t testing.TB, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func parseFloat(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// loadRefCase builds X, y and the column names. A text column is coded as R
// codes a factor: levels sorted, the first is the baseline, the others are
// 0/1 columns named col=level.
func loadRefCase(t testing.TB, rc refCase) (*linalg.Dense, []float64, []string) {
	t.Helper()
	recs := readCSV(t, rc.data)
	head, rows := recs[0], recs[1:]
	var y []float64
	var cols [][]float64
	var names []string
	for j, h := range head {
		if slices.Contains(rc.drop, h) {
			continue
		}
		if h == rc.target {
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

type refCoef struct {
	name          string
	est, se, z, p float64
	hasSE, hasZ   bool
}

func loadCoefs(t testing.TB, file string) []refCoef {
	t.Helper()
	recs := readCSV(t, file)
	var out []refCoef
	for _, r := range recs[1:] {
		c := refCoef{name: r[0], est: parseFloat(t, r[1])}
		if len(r) > 2 {
			c.se, c.hasSE = parseFloat(t, r[2]), true
		}
		if len(r) > 4 {
			c.z, c.p, c.hasZ = parseFloat(t, r[3]), parseFloat(t, r[4]), true
		}
		out = append(out, c)
	}
	return out
}

func loadScalars(t testing.TB, file string) map[string]string {
	t.Helper()
	recs := readCSV(t, file)
	m := map[string]string{}
	for j, h := range recs[0] {
		m[h] = recs[1][j]
	}
	return m
}

// rNames maps this project's dummy names (race=other) to R's (raceother).
func rName(s string) string {
	out := []byte{}
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Max(math.Abs(want), math.SmallestNonzeroFloat64)
}

// TestRefCases checks every estimate, standard error, z, p, deviance, null
// deviance, AIC and the iteration count against R's glm on real data.
func TestRefCases(t *testing.T) {
	t.Parallel()
	const relTol, pTol = 1e-6, 1e-6
	for _, rc := range refCases {
		t.Run(rc.name, func(t *testing.T) {
			t.Parallel()
			x, y, names := loadRefCase(t, rc)
			res, err := Fit(x, y, &Settings{Names: names})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Converged || res.Separation {
				t.Fatalf("Converged %v Separation %v, want true false (warnings %q)", res.Converged, res.Separation, res.Warnings)
			}
			sum := res.Summary(0.95)
			want := loadCoefs(t, rc.name+".coef.csv")
			if len(want) != len(res.Coef) {
				t.Fatalf("got %d coefficients, want %d", len(res.Coef), len(want))
			}
			for j, w := range want {
				c := sum.Coefs[j]
				if rName(c.Name) != w.name {
					t.Errorf("coefficient %d: got name %s, want %s", j, c.Name, w.name)
				}
				if e := relErr(c.Estimate, w.est); e > relTol {
					t.Errorf("%s estimate: got %.15g, want %.15g (rel %.2g)", w.name, c.Estimate, w.est, e)
				}
				if e := relErr(c.StdErr, w.se); e > relTol {
					t.Errorf("%s std error: got %.15g, want %.15g (rel %.2g)", w.name, c.StdErr, w.se, e)
				}
				if e := relErr(c.Z, w.z); e > relTol {
					t.Errorf("%s z: got %.15g, want %.15g (rel %.2g)", w.name, c.Z, w.z, e)
				}
				if e := math.Abs(c.P - w.p); e > pTol {
					t.Errorf("%s p: got %.15g, want %.15g (abs %.2g)", w.name, c.P, w.p, e)
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
				if e := relErr(v.got, want); e > relTol {
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
			if rIter := int(parseFloat(t, sc["iter"])); res.Iterations > rIter+1 {
				t.Errorf("iterations: got %d, want at most R's %d + 1", res.Iterations, rIter)
			}
		})
	}
}
