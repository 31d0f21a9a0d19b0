package logreg

import (
	"fmt"
	"testing"
)

// BenchmarkFitPenalty compares a whole fit without penalty, with ridge and
// with Firth's penalty, whose exact Newton steps need an extra O(n·k³) pass.
func BenchmarkFitPenalty(b *testing.B) {
	for _, sz := range []struct{ n, p int }{{1000, 5}, {20000, 10}} {
		x, y := synthetic(sz.n, sz.p, 11)
		for _, pen := range []struct {
			name string
			s    Settings
		}{
			{"none", Settings{}},
			{"l2", Settings{L2: 1}},
			{"firth", Settings{Firth: true}},
		} {
			b.Run(fmt.Sprintf("n=%d/p=%d/%s", sz.n, sz.p, pen.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					s := pen.s
					if _, err := Fit(x, y, &s); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkFitMultinomial fits the baseline-category logit at
// (n, p, K) = (1e5, 20, 4).
func BenchmarkFitMultinomial(b *testing.B) {
	x, y := syntheticMultinom(100000, 20, 4, 1)
	b.ReportAllocs()
	var iters int
	for b.Loop() {
		res, err := FitMultinomial(x, y, nil)
		if err != nil || !res.Converged {
			b.Fatal(err)
		}
		iters = res.Iterations
	}
	b.ReportMetric(float64(iters), "iterations")
}
