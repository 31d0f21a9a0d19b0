package logreg

import (
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
