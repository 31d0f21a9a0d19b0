package logreg

import (
	"math"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// TestInfluenceMenarche checks the residuals, leverages, Cook's distances
// and standardized residuals of the grouped menarche fit (prop ~ Age,
// weights Total) against the exact reference, next/menarche.influence.csv.
// The tolerance is relative to the larger of the value and 1e-3 of the
// column's largest magnitude. Measured: 2.7e-14 on the leverages, 1.1e-14
// on the fitted values, 1.3e-12 on the residuals of row 14, whose y − μ is
// μ/200, so that the fitted value's agreement of 6e-15 becomes 200 times
// that in the residual (go test -v logs each column's worst).
func TestInfluenceMenarche(t *testing.T) {
	t.Parallel()
	rc := nextCases[0]
	x, y, names := loadRefCase(t, rc)
	w := loadWeights(t, rc)
	res, err := Fit(x, y, &Settings{Names: names, Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := refcase.ReadTable("next/menarche.influence.csv")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := x.Dims()
	if n != len(ref.Rows) {
		t.Fatalf("%d rows, want %d", n, len(ref.Rows))
	}
	got := make([]Influence, n)
	for i := range n {
		got[i] = res.Influence(x.RawRow(i), y[i], w[i])
	}
	cols := []struct {
		name string
		f    func(Influence) float64
	}{
		{"fitted", func(v Influence) float64 { return v.Fitted }},
		{"resid_deviance", func(v Influence) float64 { return v.ResidDeviance }},
		{"resid_pearson", func(v Influence) float64 { return v.ResidPearson }},
		{"resid_response", func(v Influence) float64 { return v.ResidResponse }},
		{"hat", func(v Influence) float64 { return v.Hat }},
		{"cooks", func(v Influence) float64 { return v.Cooks }},
		{"rstandard_deviance", func(v Influence) float64 { return v.RStandardDeviance }},
		{"rstandard_pearson", func(v Influence) float64 { return v.RStandardPearson }},
	}
	const tol = 5e-12
	wst := worst{}
	for _, c := range cols {
		j := ref.Col(c.name)
		if j < 0 {
			t.Fatalf("no column %s", c.name)
		}
		want := make([]float64, n)
		big := 0.0
		for i, row := range ref.Rows {
			want[i] = parseFloat(t, row[j])
			big = max(big, math.Abs(want[i]))
		}
		for i := range n {
			g := c.f(got[i])
			e := math.Abs(g-want[i]) / max(math.Abs(want[i]), 1e-3*big)
			if wst.add(c.name, e) > tol {
				t.Errorf("row %d %s = %v, want %v (rel %.2g)", i+1, c.name, g, want[i], e)
			}
		}
	}
	wst.log(t)
}

// TestInfluenceIdentities checks, on binary (pima_tr) and grouped
// (menarche) data, that the leverages sum to k (the trace of the hat
// matrix), the squared deviance residuals to the deviance, and that a row
// of weight 0 or a response outside [0, 1] gets zeros or NaNs.
func TestInfluenceIdentities(t *testing.T) {
	t.Parallel()
	for _, rc := range nextCases {
		x, y, names := loadRefCase(t, rc)
		var w []float64
		if rc.weights != "" {
			w = loadWeights(t, rc)
		}
		res, err := Fit(x, y, &Settings{Names: names, Weights: w})
		if err != nil {
			t.Fatal(err)
		}
		n, _ := x.Dims()
		var hat, dev float64
		for i := range n {
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			in := res.Influence(x.RawRow(i), y[i], wi)
			hat += in.Hat
			dev += in.ResidDeviance * in.ResidDeviance
		}
		if k := float64(len(res.Coef)); math.Abs(hat-k) > 1e-12*k {
			t.Errorf("%s: leverages sum to %v, want %v", rc.name, hat, k)
		}
		if e := relErr(dev, res.Deviance); e > 1e-12 {
			t.Errorf("%s: squared deviance residuals sum to %v, want the deviance %v", rc.name, dev, res.Deviance)
		}
		zero := res.Influence(x.RawRow(0), y[0], 0)
		if zero.Fitted == 0 || zero.Hat != 0 || zero.Cooks != 0 || zero.ResidPearson != 0 || zero.ResidDeviance != 0 {
			t.Errorf("%s: weight 0: got %+v", rc.name, zero)
		}
		if bad := res.Influence(x.RawRow(0), 2, 1); !math.IsNaN(bad.Hat) {
			t.Errorf("%s: y = 2: got %+v, want NaN", rc.name, bad)
		}
	}
}

// TestInfluenceAllocs checks that Influence does not allocate.
func TestInfluenceAllocs(t *testing.T) {
	rc := nextCases[1]
	x, y, names := loadRefCase(t, rc)
	res, err := Fit(x, y, &Settings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	row := x.RawRow(3)
	if a := testing.AllocsPerRun(100, func() { res.Influence(row, y[3], 1) }); a != 0 {
		t.Errorf("Influence: %v allocations, want 0", a)
	}
}
