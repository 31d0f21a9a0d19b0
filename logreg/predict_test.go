package logreg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
)

// BenchmarkPredictRows scores 4096 rows of 12 columns and an intercept,
// which stay in the cache, on one goroutine: the linear predictors alone
// and the probabilities, in ns/row.
func BenchmarkPredictRows(b *testing.B) {
	const n, c = 4096, 12
	rng := rand.New(rand.NewPCG(45, 46))
	xd := make([]float64, n*c)
	for i := range xd {
		xd[i] = rng.NormFloat64()
	}
	r := &Result{Coef: make([]float64, c+1), Intercept: true}
	for j := range r.Coef {
		r.Coef[j] = 0.3 * rng.NormFloat64()
	}
	x := linalg.NewDense(n, c, xd)
	dst := make([]float64, n)
	for _, bc := range []struct {
		name  string
		score func([]float64, *linalg.Dense)
	}{{"eta", r.LinearPredictorTo}, {"prob", r.PredictTo}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.score(dst, x)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/row")
		})
	}
}

// rowModel returns a binomial model of p numeric columns with
// coefficients b and, when intercept is set, the intercept b0.
func rowModel(t *testing.T, b []float64, b0 float64, intercept bool) *Model {
	t.Helper()
	enc := dataset.Encoding{Target: dataset.Target{Name: "y"}}
	var names []string
	coef := slices.Clone(b)
	if intercept {
		coef = append([]float64{b0}, coef...)
		names = append(names, InterceptName)
	}
	for j := range b {
		name := fmt.Sprintf("x%d", j)
		enc.Features = append(enc.Features, dataset.Feature{Name: name, Kind: dataset.Numeric})
		names = append(names, name)
	}
	m, err := NewModel(&Result{Names: names, Coef: coef, Intercept: intercept}, &enc, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPredictRow checks Model.Predict, which writes out rowEta and
// Sigmoid, against Sigmoid(rowEta(…)) bit for bit: for widths 0 to 21
// with intercepts of 0.7, −0 and +0 and none, on rows with linear
// predictors in the tails, NaN and infinite entries, and rows of −0 whose
// products are all −0; and on a million linear predictors of one column,
// a quarter of them tiny, with signed zeros and |η| from 695 to 710.
func TestPredictRow(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(49, 50))
	const n = 100
	negZero := math.Copysign(0, -1)
	for c := 0; c <= 21; c++ {
		for _, b0 := range []float64{0.7, negZero, 0, math.NaN()} {
			intercept := !math.IsNaN(b0)
			if !intercept {
				b0 = 0
			}
			if c == 0 && !intercept {
				continue
			}
			x, b := dotRows(rng, n, c)
			tailRows(rng, x, b, n, c, b0)
			pos := make([]float64, c)
			for j := range pos {
				pos[j] = math.Abs(b[j]) + 1
			}
			m, mpos := rowModel(t, b, b0, intercept), rowModel(t, pos, b0, intercept)
			for i := range n {
				row, coef, mi := x[i*c:i*c+c], b, m
				if i%9 == 4 {
					for j := range row {
						row[j] = negZero
					}
					coef, mi = pos, mpos
				}
				want := Sigmoid(rowEta(row, coef, b0))
				if got := mi.Predict(row); !sameFloat(got, want) {
					t.Fatalf("c=%d b0=%v row %d: got %v, want %v", c, b0, i, got, want)
				}
			}
		}
	}
	k := 1 << 20
	if testing.Short() {
		k = 1 << 16
	}
	m := rowModel(t, []float64{1}, 0, false)
	for i := range k {
		z := 5 * rng.NormFloat64()
		switch i % 8 {
		case 0, 1:
			z *= 1e-6
		case 2:
			z = math.Copysign(0, z)
		case 3:
			z = math.Copysign(695+15*rng.Float64(), z) // the ends of the fast path
		}
		if got, want := m.Predict([]float64{z}), Sigmoid(z); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("z=%v: got %v, want %v", z, got, want)
		}
	}
}

// FuzzPredictAgrees checks that every binary prediction of a row agrees
// bit for bit (NaN with NaN): Model.Predict and LinearPredictor on the row,
// Model and Result PredictTo and LinearPredictorTo on a matrix of nine
// rows (two groups of four and one left over), and Sigmoid(rowEta), for
// widths 0 to 21 and coefficients and entries the fuzzer chooses.
func FuzzPredictAgrees(f *testing.F) {
	f.Add(uint8(12), 0.3, 1.5, -700.0, uint64(1))
	f.Add(uint8(3), math.Copysign(0, -1), math.Inf(1), 1e300, uint64(2))
	f.Add(uint8(0), 708.5, math.NaN(), 0.0, uint64(3))
	f.Fuzz(func(t *testing.T, w uint8, b0, u, v float64, seed uint64) {
		c := int(w % 22)
		if c == 0 && (math.IsNaN(b0) || math.IsInf(b0, 0)) {
			return
		}
		rng := rand.New(rand.NewPCG(seed, 51))
		const n = 9
		x, b := dotRows(rng, n, c)
		for j := range b {
			if rng.IntN(5) == 0 && !math.IsNaN(u) && !math.IsInf(u, 0) {
				b[j] = u
			}
		}
		for k := range x {
			switch rng.IntN(9) {
			case 0:
				x[k] = u
			case 1:
				x[k] = v
			}
		}
		if math.IsNaN(b0) || math.IsInf(b0, 0) {
			b0 = 0
		}
		m := rowModel(t, b, b0, true)
		r := m.Result()
		xm := linalg.NewDense(n, c, x)
		eta, mu, reta, rmu := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		m.LinearPredictorTo(eta, xm)
		m.PredictTo(mu, xm)
		r.LinearPredictorTo(reta, xm)
		r.PredictTo(rmu, xm)
		for i := range n {
			row := x[i*c : i*c+c]
			e := rowEta(row, b, b0)
			for _, g := range []float64{m.LinearPredictor(row), eta[i], reta[i]} {
				if !sameFloat(g, e) {
					t.Fatalf("row %d: η got %v, want %v", i, g, e)
				}
			}
			p := Sigmoid(e)
			for _, g := range []float64{m.Predict(row), mu[i], rmu[i]} {
				if !sameFloat(g, p) {
					t.Fatalf("row %d: σ got %v, want %v", i, g, p)
				}
			}
		}
	})
}
