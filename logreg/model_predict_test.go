package logreg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
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

// tailRows sets some of the n rows of x (c entries each, coefficients b
// and intercept b0) to give a linear predictor where the exponential of
// Sigmoid leaves its fast path or falls back to math.Exp (|η| near 700, 708,
// 745 and beyond), and others to hold NaN or an infinity, at changing
// positions within groups of four rows.
func tailRows(rng *rand.Rand, x, b []float64, n, c int, b0 float64) {
	if c == 0 {
		return
	}
	targets := []float64{699.99, 700, 700.01, 704, 707.99, 708.01, 720, 745.2, 746, 1e3, 1e300}
	j := slices.IndexFunc(b, func(v float64) bool { return v != 0 })
	for i := 3; i < n; i += 5 + rng.IntN(7) {
		row := x[i*c : i*c+c]
		switch k := rng.IntN(len(targets) + 3); {
		case k < len(targets) && j >= 0:
			for l := range row {
				row[l] = 0
			}
			t := targets[k]
			if rng.IntN(2) == 0 {
				t = -t
			}
			row[j] = (t - b0) / b[j]
		case k == len(targets):
			row[rng.IntN(c)] = math.NaN()
		case k == len(targets)+1:
			row[rng.IntN(c)] = math.Inf(1)
		default:
			row[rng.IntN(c)] = math.Inf(-1)
		}
	}
}

// sameFloat reports whether a and b have the same bits or are both NaN
// (whose payload depends on the order of the operands).
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

// TestPredictOneRowAgrees checks that scoring one row (LinearPredictor,
// Predict, PredictSE) gives bit for bit what scoring a matrix
// (LinearPredictorTo, PredictTo, and Result's) gives, on random rows of
// models of widths 1 to 21, with and without an intercept, with linear
// predictors in the tails and NaN and infinite entries.
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
			b0 := 0.0
			if intercept {
				b0 = coef[0]
			}
			tailRows(rng, xd, coef[len(coef)-p:], n, p, b0)
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
					if !sameFloat(got[l], want[l]) {
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
	tailRows(rng, xd, b, n, p, 0.25)
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
			if !sameFloat(got[i], want[i]) || !sameFloat(eta[i], wantEta[i]) {
				t.Fatalf("GOMAXPROCS %d, row %d: got %v (η %v), want %v (η %v)", procs, i, got[i], eta[i], want[i], wantEta[i])
			}
		}
		if g := runtime.NumGoroutine(); g > before {
			t.Errorf("GOMAXPROCS %d: %d goroutines after PredictTo, %d before", procs, g, before)
		}
	}
}
