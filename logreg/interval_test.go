package logreg_test

import (
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/logreg"
)

// pimaModel fits next/pima_tr and returns its model.
func pimaModel(t testing.TB) *logreg.Model {
	t.Helper()
	tab, err := dataset.ReadFile(refcase.Path("next/pima_tr.csv"), dataset.ReadOptions{Target: "type"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := logreg.Fit(tab.X, tab.Y, &logreg.Settings{Names: tab.Names})
	if err != nil {
		t.Fatal(err)
	}
	m, err := logreg.NewModel(res, &tab.Encoding, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPredictSEPima checks the link, its standard error, the response,
// its standard error and the 95% interval of the pima_tr model on
// pima_te against the exact reference (next/pima_te.predict.csv).
// Measured, relative: 3.6e-14 on the standard errors, 5.6e-14 on the
// limits, 1.4e-13 on a link near 0 (η = −0.025, an absolute 3.5e-15 that
// cancellation in d·β makes relative); go test -v logs each.
func TestPredictSEPima(t *testing.T) {
	t.Parallel()
	m := pimaModel(t)
	enc := m.Encoding()
	te, err := enc.ApplyFile(refcase.Path("next/pima_te.csv"), dataset.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := refcase.ReadTable("next/pima_te.predict.csv")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := te.X.Dims()
	if n != len(ref.Rows) {
		t.Fatalf("%d rows, want %d", n, len(ref.Rows))
	}
	z := logreg.NormalQuantile(0.975)
	const tol = 1e-12
	worst := map[string]float64{}
	for i, row := range ref.Rows {
		p := m.PredictSE(te.X.RawRow(i), z)
		if p.Eta != m.LinearPredictor(te.X.RawRow(i)) || p.Prob != m.Predict(te.X.RawRow(i)) {
			t.Errorf("row %d: Eta, Prob not those of LinearPredictor, Predict", i+1)
		}
		for _, q := range []struct {
			col string
			got float64
		}{{"link", p.Eta}, {"se_link", p.SEEta}, {"response", p.Prob}, {"se_response", p.SEProb}, {"lower", p.Lower}, {"upper", p.Upper}} {
			want, err := refcase.Float(row[ref.Col(q.col)])
			if err != nil {
				t.Fatal(err)
			}
			e := rel(q.got, want)
			worst[q.col] = max(worst[q.col], e)
			if e > tol {
				t.Errorf("row %d %s = %v, want %v (rel %.2g)", i+1, q.col, q.got, want, e)
			}
		}
	}
	for k, v := range worst {
		t.Logf("worst relative error of %s: %.2g", k, v)
	}
}

// TestPredictSEAllocs checks that PredictSE does not allocate.
func TestPredictSEAllocs(t *testing.T) {
	m := pimaModel(t)
	row := make([]float64, m.Width())
	row[1] = 100
	if a := testing.AllocsPerRun(100, func() { m.PredictSE(row, 1.96) }); a != 0 {
		t.Errorf("PredictSE: %v allocations, want 0", a)
	}
}

func rel(got, want float64) float64 {
	if got == want {
		return 0
	}
	d := got - want
	if d < 0 {
		d = -d
	}
	if want < 0 {
		want = -want
	}
	return d / want
}

// TestModelInfluence checks that Model.Influence is Result.Influence of
// the model's Result, bit for bit, and panics without a covariance.
func TestModelInfluence(t *testing.T) {
	t.Parallel()
	m := pimaModel(t)
	r := m.Result()
	row := []float64{3, 120, 70, 30, 32, 0.5, 30} // npreg … age
	for _, y := range []float64{0, 1} {
		if got, want := m.Influence(row, y, 1), r.Influence(row, y, 1); got != want {
			t.Errorf("y = %v: got %+v, want %+v", y, got, want)
		}
	}
}
