package logreg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
)

// dotRows returns n seeded rows of c entries and coefficients b: normal
// values of mixed scales, with exact zeros, negative zeros and cancelling
// pairs so that the order of the sums shows in the last bits.
func dotRows(rng *rand.Rand, n, c int) (x, b []float64) {
	x, b = make([]float64, n*c), make([]float64, c)
	for j := range b {
		b[j] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
		if j%5 == 3 {
			b[j] = math.Copysign(0, -1)
		}
	}
	for i := range n {
		row := x[i*c : i*c+c]
		for j := range row {
			row[j] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
		}
		switch i % 7 {
		case 0:
			for j := range row {
				row[j] = math.Copysign(0, -1)
			}
		case 1:
			for j := range row {
				row[j] = 0
			}
			if c > 0 {
				row[rng.IntN(c)] = -1
			}
		case 2:
			if c >= 2 {
				row[0], row[c-1] = 1e16, -1e16*b[0]/b[c-1]
			}
		}
	}
	return x, b
}

// TestPredictOneRowAgrees checks that scoring one row (LinearPredictor,
// Predict, PredictSE) gives bit for bit what scoring a matrix
// (LinearPredictorTo, PredictTo, and Result's) gives, on random rows of
// models of widths 1 to 21, with and without an intercept.
func TestPredictOneRowAgrees(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(33, 34))
	for p := 1; p <= 21; p++ {
		for _, intercept := range []bool{true, false} {
			const n = 200
			xd, coef := dotRows(rng, n, p)
			enc := dataset.Encoding{Target: dataset.Target{Name: "y"}}
			var names []string
			if intercept {
				coef = append([]float64{rng.NormFloat64()}, coef...)
				names = append(names, InterceptName)
			}
			k := len(coef)
			cov := linalg.NewDense(k, k, nil)
			for j := range p {
				name := fmt.Sprintf("x%d", j)
				enc.Features = append(enc.Features, dataset.Feature{Name: name, Kind: dataset.Numeric})
				names = append(names, name)
			}
			for j := range k {
				cov.Set(j, j, 0.01)
			}
			r := &Result{Names: names, Coef: coef, Intercept: intercept, Cov: cov}
			m, err := NewModel(r, &enc, nil)
			if err != nil {
				t.Fatal(err)
			}
			x := linalg.NewDense(n, p, xd)
			eta, mu, rmu := make([]float64, n), make([]float64, n), make([]float64, n)
			m.LinearPredictorTo(eta, x)
			m.PredictTo(mu, x)
			r.PredictTo(rmu, x)
			for i := range n {
				row := x.RawRow(i)
				se := m.PredictSE(row, 1.96)
				got := []float64{m.LinearPredictor(row), se.Eta, m.Predict(row), se.Prob, rmu[i]}
				want := []float64{eta[i], eta[i], mu[i], mu[i], mu[i]}
				for l := range got {
					if math.Float64bits(got[l]) != math.Float64bits(want[l]) {
						t.Fatalf("p=%d intercept %v row %d: value %d: got %v, want %v", p, intercept, i, l, got[l], want[l])
					}
				}
			}
		}
	}
}

// TestPredictToBlocks checks that PredictTo and LinearPredictorTo on a
// design large enough to be cut into blocks of rows give, for every
// GOMAXPROCS, the values of scoring each row alone, and leave no goroutine
// behind.
func TestPredictToBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	const p = 11
	n := 5*predictBlock/p + 13
	xd, b := dotRows(rng, n, p)
	r := &Result{Coef: append([]float64{0.25}, b...), Intercept: true}
	x := linalg.NewDense(n, p, xd)
	want, wantEta := make([]float64, n), make([]float64, n)
	for i := range n {
		wantEta[i] = rowEta(x.RawRow(i), b, 0.25)
		want[i] = Sigmoid(wantEta[i])
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	before := runtime.NumGoroutine()
	for _, procs := range []int{1, 2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		got, eta := make([]float64, n), make([]float64, n)
		r.PredictTo(got, x)
		r.LinearPredictorTo(eta, x)
		for i := range n {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) || math.Float64bits(eta[i]) != math.Float64bits(wantEta[i]) {
				t.Fatalf("GOMAXPROCS %d, row %d: got %v (η %v), want %v (η %v)", procs, i, got[i], eta[i], want[i], wantEta[i])
			}
		}
		if g := runtime.NumGoroutine(); g > before {
			t.Errorf("GOMAXPROCS %d: %d goroutines after PredictTo, %d before", procs, g, before)
		}
	}
}
