package logreg

import (
	"fmt"
	"testing"

	"github.com/a1bed000/logreg/bench"
)

// BenchmarkRobust times, on the benchmarks' data (cmd/gendata -seed 1) at
// 1e6 rows, the pass of RobustCovariance (HC0, and CL with 1000 clusters)
// and the per-row loops of prediction with standard errors and of the
// influence measures, with the rows per second.
func BenchmarkRobust(b *testing.B) {
	for _, sz := range []struct{ n, p int }{{1e6, 10}} {
		x, y := bench.Synth(sz.n, sz.p, 1)
		res, err := Fit(x, y, nil)
		if err != nil {
			b.Fatal(err)
		}
		cl := make([]int, sz.n)
		for i := range cl {
			cl[i] = i % 1000
		}
		rows := func(b *testing.B) {
			b.ReportMetric(float64(sz.n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		}
		for _, typ := range []CovType{CovHC0, CovCL} {
			b.Run(fmt.Sprintf("n=%d/p=%d/%v", sz.n, sz.p, typ), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := res.RobustCovariance(x, y, &RobustOptions{Type: typ, Cluster: cl}); err != nil {
						b.Fatal(err)
					}
				}
				rows(b)
			})
		}
		b.Run(fmt.Sprintf("n=%d/p=%d/influence", sz.n, sz.p), func(b *testing.B) {
			b.ReportAllocs()
			s := 0.0
			for b.Loop() {
				for i := range sz.n {
					s += res.Influence(x.RawRow(i), y[i], 1).Cooks
				}
			}
			rows(b)
			_ = s
		})
	}
}
