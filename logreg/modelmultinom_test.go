package logreg_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// readLevels reads the CSV file path with target as the first of levels
// coded 1 (as the logreg command reads a multinomial target), and returns
// the table and the index in levels of each of its rows' target.
func readLevels(t testing.TB, path, target, weights string, levels []string) (*dataset.Table, []int) {
	t.Helper()
	tab, err := dataset.ReadFile(path, dataset.ReadOptions{Target: target, Weights: weights, Positive: levels[0]})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(recs[0], target)
	y := make([]int, len(tab.Rows))
	for i, line := range tab.Rows {
		if y[i] = slices.Index(levels, recs[line-1][col]); y[i] < 0 {
			t.Fatalf("%s:%d: level %q not in %q", path, line, recs[line-1][col], levels)
		}
	}
	return tab, y
}

// TestMultinomialModelRoundTrip fits housing (Sat on Infl, Type, Cont,
// weights Freq: plain, and ridge with another baseline) and three-class
// iris (separated), writes the model, reads it back, and checks that the
// probabilities of the read model equal FitMultinomial's own bit for bit on
// the training design, as do the coefficients, covariance and training
// numbers; that the file is version 2 with a response on every
// coefficient; and that a second write gives the same bytes.
func TestMultinomialModelRoundTrip(t *testing.T) {
	t.Parallel()
	housing := []string{"Low", "Medium", "High"}
	iris := []string{"setosa", "versicolor", "virginica"}
	for _, c := range []struct {
		name, path, target, weights string
		levels                      []string
		set                         logreg.MultinomialSettings
	}{
		{"housing", refcase.Path("next/housing.csv"), "Sat", "Freq", housing, logreg.MultinomialSettings{}},
		{"housing ridge ref", refcase.Path("next/housing.csv"), "Sat", "Freq", housing, logreg.MultinomialSettings{L2: 2, Baseline: 2}},
		{"iris separated", "testdata/iris.csv", "species", "", iris, logreg.MultinomialSettings{}},
	} {
		tab, y := readLevels(t, c.path, c.target, c.weights, c.levels)
		set := c.set
		set.Levels, set.Names, set.Weights = c.levels, tab.Names, tab.Weights
		res, err := logreg.FitMultinomial(tab.X, y, &set)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if (res.Cov == nil) != (c.set.L2 > 0 || res.Separation) || res.Separation != strings.HasPrefix(c.name, "iris") {
			t.Fatalf("%s: got cov %v, separation %v", c.name, res.Cov != nil, res.Separation)
		}
		m, err := logreg.NewMultinomialModel(res, &tab.Encoding, &logreg.ModelOptions{DroppedRows: tab.Dropped})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var buf bytes.Buffer
		if _, err := m.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		first := slices.Clone(buf.Bytes())
		if !bytes.Contains(first, []byte(`"version": 2,`)) || !bytes.Contains(first, []byte(`"family": "multinomial"`)) ||
			bytes.Count(first, []byte(`"response": `)) != len(res.Coef) {
			t.Errorf("%s: file lacks version 2, family or a response per coefficient:\n%s", c.name, first)
		}
		back, err := readModelBytes(first, c.name)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var want, got linalg.Dense
		res.Probabilities(&want, tab.X)
		back.ProbabilitiesTo(&got, tab.X)
		if !slices.Equal(bitsOf(got.RawData()), bitsOf(want.RawData())) {
			t.Errorf("%s: probabilities of the read model differ from the fit's", c.name)
		}
		r := back.MultinomialResult()
		if !slices.Equal(bitsOf(r.Coef), bitsOf(res.Coef)) || !slices.Equal(r.Names, res.Names) ||
			!slices.Equal(r.Levels, res.Levels) || r.Baseline != res.Baseline || !slices.Equal(r.Responses, res.Responses) ||
			!slices.Equal(r.Status, res.Status) || !slices.Equal(r.Diverging, res.Diverging) {
			t.Errorf("%s: got coef %v names %q levels %q baseline %d responses %v status %v, want %v %q %q %d %v %v",
				c.name, r.Coef, r.Names, r.Levels, r.Baseline, r.Responses, r.Status, res.Coef, res.Names, res.Levels, res.Baseline, res.Responses, res.Status)
		}
		if (r.Cov == nil) != (res.Cov == nil) || r.Cov != nil && !slices.Equal(bitsOf(r.Cov.RawData()), bitsOf(res.Cov.RawData())) {
			t.Errorf("%s: covariance differs after the round trip", c.name)
		}
		if r.Separation != res.Separation || r.SeparationType != res.SeparationType || r.Converged != res.Converged ||
			math.Float64bits(r.Deviance) != math.Float64bits(res.Deviance) || math.Float64bits(r.NullDeviance) != math.Float64bits(res.NullDeviance) ||
			r.L2 != res.L2 || !slices.Equal(r.Warnings, res.Warnings) || r.NObs != res.NObs {
			t.Errorf("%s: training summary differs: got %+v", c.name, r)
		}
		if back.Family() != "multinomial" || back.Width() != len(tab.Names) {
			t.Errorf("%s: got family %s width %d", c.name, back.Family(), back.Width())
		}
		buf.Reset()
		if _, err := back.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), first) {
			t.Errorf("%s: a second write differs:\n%s\nwant\n%s", c.name, buf.Bytes(), first)
		}
	}
}

// TestMultinomialModelHousingReference checks the deviance of the
// probabilities of a read housing model, −2·Σ Freq·log π(Sat), against
// the reference's (statsmodels' and R's exact MLE; the parameterization
// differs, the likelihood does not) to 1e-12 relative, as the model's
// training deviance.
func TestMultinomialModelHousingReference(t *testing.T) {
	t.Parallel()
	levels := []string{"Low", "Medium", "High"}
	tab, y := readLevels(t, refcase.Path("next/housing.csv"), "Sat", "Freq", levels)
	res, err := logreg.FitMultinomial(tab.X, y, &logreg.MultinomialSettings{Levels: levels, Names: tab.Names, Weights: tab.Weights})
	if err != nil {
		t.Fatal(err)
	}
	m, err := logreg.NewMultinomialModel(res, &tab.Encoding, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := readModelBytes(buf.Bytes(), "housing.json")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := refcase.Scalars("next/housing.multinom.scalars.csv")
	if err != nil {
		t.Fatal(err)
	}
	want, err := strconv.ParseFloat(sc["deviance"], 64)
	if err != nil {
		t.Fatal(err)
	}
	var p linalg.Dense
	back.ProbabilitiesTo(&p, tab.X)
	var dev float64
	for i, l := range y {
		dev -= 2 * tab.Weights[i] * math.Log(p.At(i, l))
	}
	const tol = 1e-12 // sums of 72 rows' logs; the reference's own gap to statsmodels is 1e-13
	for _, got := range []float64{dev, back.Training().Deviance} {
		if !(math.Abs(got-want) <= tol*want) {
			t.Errorf("deviance: got %v, want %v (relative tolerance %g)", got, want, tol)
		}
	}
}

// TestMultinomialModelErrors checks that a version 2 file with a missing
// or inconsistent key, and a version 1 file with one of version 2, are
// refused with the key named, and that binary prediction panics.
func TestMultinomialModelErrors(t *testing.T) {
	t.Parallel()
	tab, y := readLevels(t, "testdata/iris.csv", "species", "", []string{"setosa", "versicolor", "virginica"})
	res, err := logreg.FitMultinomial(tab.X, y, &logreg.MultinomialSettings{Levels: []string{"setosa", "versicolor", "virginica"}, Names: tab.Names, L2: 1})
	if err != nil {
		t.Fatal(err)
	}
	m, err := logreg.NewMultinomialModel(res, &tab.Encoding, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	m.WriteTo(&buf)
	good := buf.String()
	for _, c := range []struct{ old, new, want string }{
		{`"version": 2`, `"version": 1`, "family, levels or baseline in a version 1 file"},
		{`"family": "multinomial",`, ``, "missing field family"},
		{`"family": "multinomial"`, `"family": "poisson"`, `family "poisson" is not multinomial`},
		{`"baseline": "setosa"`, `"baseline": "rose"`, `baseline "rose" is not one of the levels`},
		{`"response": "virginica"`, `"response": "setosa"`, `coefficients[5].response "setosa", want "virginica"`},
		{`"response": "versicolor",`, ``, "missing field coefficients[0].response"},
		{`"setosa",
    "versicolor",`, `"setosa",
    "setosa",`, `level "setosa" listed twice`},
	} {
		bad := strings.Replace(good, c.old, c.new, 1)
		if bad == good {
			t.Fatalf("%q not in the file:\n%s", c.old, good)
		}
		_, err := readModelBytes([]byte(bad), "m.json")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "m.json: invalid model file: ") {
			t.Errorf("%s → %s: got %v, want an error with %q", c.old, c.new, err, c.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Predict of a multinomial model: no panic")
		}
	}()
	m.Predict(make([]float64, m.Width()))
}

// TestModelV1WritesSame checks that a binomial model is still written as
// version 1 byte for byte: the version-1 files kept in testdata (this
// package's and the command's) read and write back to the same bytes.
func TestModelV1WritesSame(t *testing.T) {
	t.Parallel()
	for _, path := range []string{modelV1, "../cmd/logreg/testdata/birthwt.model.json"} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := readModelBytes(b, path)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := m.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		if m.Family() != "binomial" || m.Levels() != nil || !bytes.Equal(buf.Bytes(), b) {
			t.Errorf("%s: family %s, levels %q; written again it differs:\n%s", path, m.Family(), m.Levels(), buf.Bytes())
		}
	}
}
