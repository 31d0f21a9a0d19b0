package logreg

import (
	"math"
	"math/rand/v2"
	"testing"

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

// TestPredictOne checks predictOne against Sigmoid(rowEta(…)) bit for bit:
// for widths 0 to 21 with intercepts of 0.7, −0 and +0, on rows with
// linear predictors in the tails, NaN and infinite entries, and rows of −0
// whose products are all −0; and on a million linear predictors of one
// column, a quarter of them tiny, with signed zeros and |η| from 695
// to 710.
func TestPredictOne(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(49, 50))
	const n = 100
	negZero := math.Copysign(0, -1)
	for c := 0; c <= 21; c++ {
		for _, b0 := range []float64{0.7, negZero, 0} {
			x, b := dotRows(rng, n, c)
			tailRows(rng, x, b, n, c, b0)
			pos := make([]float64, c)
			for j := range pos {
				pos[j] = math.Abs(b[j]) + 1
			}
			for i := range n {
				row, coef := x[i*c:i*c+c], b
				if i%9 == 4 {
					for j := range row {
						row[j] = negZero
					}
					coef = pos
				}
				want := Sigmoid(rowEta(row, coef, b0))
				if got := predictOne(row, coef, b0); !sameFloat(got, want) {
					t.Fatalf("c=%d b0=%v row %d: got %v, want %v", c, b0, i, got, want)
				}
			}
		}
	}
	m := 1 << 20
	if testing.Short() {
		m = 1 << 16
	}
	one := []float64{1}
	for i := range m {
		z := 5 * rng.NormFloat64()
		switch i % 8 {
		case 0, 1:
			z *= 1e-6
		case 2:
			z = math.Copysign(0, z)
		case 3:
			z = math.Copysign(695+15*rng.Float64(), z) // the ends of the fast path
		}
		if got, want := predictOne([]float64{z}, one, 0), Sigmoid(z); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("z=%v: got %v, want %v", z, got, want)
		}
	}
}
