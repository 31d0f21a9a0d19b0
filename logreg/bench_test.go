package logreg

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/a1bed000/logreg/bench"
	"github.com/a1bed000/logreg/linalg"
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

// BenchmarkFitSchedule times whole fits on the benchmarks' data
// (cmd/gendata -seed 1) with the subsampled schedule and with plain Newton
// steps, and reports the passes over the rows, those that formed the
// information over every row, and the equivalent number of such passes
// (subsampled ones counted by their fraction of the rows).
func BenchmarkFitSchedule(b *testing.B) {
	for _, sz := range []struct{ n, p int }{{1e5, 20}, {1e6, 10}, {1e6, 50}, {2e5, 200}} {
		x, y := bench.Synth(sz.n, sz.p, 1)
		for _, mode := range []struct {
			name string
			sub  float64
		}{{"schedule", 0}, {"plain", -1}} {
			b.Run(fmt.Sprintf("n=%d/p=%d/%s", sz.n, sz.p, mode.name), func(b *testing.B) {
				b.ReportAllocs()
				var res *Result
				for b.Loop() {
					var err error
					if res, err = Fit(x, y, &Settings{subsample: mode.sub}); err != nil {
						b.Fatal(err)
					}
				}
				frac := subsampleFraction(sz.n, sz.p+1, mode.sub)
				b.ReportMetric(float64(res.Passes), "passes")
				b.ReportMetric(float64(res.InfoPasses), "info-passes")
				b.ReportMetric(float64(res.InfoPasses)+frac*float64(subsampledPasses(res)), "equiv-info-passes")
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

// BenchmarkSeparation times, on the benchmarks' data (cmd/gendata -seed 1)
// with one more column, a whole fit and its linear programs alone (Konis'
// and the refinement of its coefficients at 0), on quasi-complete
// separation (a dummy on 1 row in 726, all successes) and complete
// separation of 0/1 columns (the last, 1 where the first feature is above
// −0.3, is y), and reports the fit's passes and the refinement's.
func BenchmarkSeparation(b *testing.B) {
	for _, n := range []int{1e5, 1e6} {
		const p0 = 20
		x0, y0 := bench.Synth(n, p0, 1)
		for _, kind := range []string{"quasi", "complete"} {
			p := p0 + 1
			data, y := make([]float64, n*p), make([]float64, n)
			for i := range n {
				r, d := x0.RawRow(i), data[i*p:i*p+p]
				copy(d, r)
				y[i] = y0[i]
				if kind == "quasi" {
					if i%726 == 0 {
						d[p0], y[i] = 1, 1
					}
					continue
				}
				for j := range p0 {
					d[j] = float64(b2i(r[j] > 0.5))
				}
				d[p0] = float64(b2i(r[0] > -0.3))
				y[i] = d[p0]
			}
			x := linalg.NewDense(n, p, data)
			b.Run(fmt.Sprintf("n=%d/p=%d/%s/fit", n, p, kind), func(b *testing.B) {
				b.ReportAllocs()
				var res *Result
				for b.Loop() {
					var err error
					if res, err = Fit(x, y, nil); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(res.Passes), "passes")
			})
			b.Run(fmt.Sprintf("n=%d/p=%d/%s/programs", n, p, kind), func(b *testing.B) {
				b.ReportAllocs()
				var s *sepCheck
				for b.Loop() {
					s = newSepCheck(p, true, nil)
					s.add(data, y, nil)
					v, err := s.runLP(func(yield func(x *linalg.Dense, y, w []float64) error) error { return yield(x, y, nil) })
					if err != nil || v.err != nil || v.typ == SeparationNone {
						b.Fatal(err, v.err, v.typ)
					}
				}
				b.ReportMetric(float64(s.refinePasses), "refine-passes")
				b.ReportMetric(float64(s.refinePivots), "refine-pivots")
			})
		}
	}
}

// BenchmarkModel evaluates the per-row model on a chunk of rows (chunkRows,
// in the cache) with unit and with given weights, at η of the spread of a
// fit's, in ns/row.
func BenchmarkModel(b *testing.B) {
	const n = chunkRows
	rng := rand.New(rand.NewPCG(47, 48))
	eta, y, w := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range eta {
		eta[i] = 2 * rng.NormFloat64()
		y[i] = float64(rng.IntN(2))
		w[i] = rng.Float64()
	}
	v, r := make([]float64, n), make([]float64, n)
	for _, bc := range []struct {
		name string
		w    []float64
	}{{"unit", nil}, {"weighted", w}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				model(v, r, eta, y, bc.w, false)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/row")
		})
	}
}
