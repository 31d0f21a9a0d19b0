package linalg

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/a1bed000/logreg/internal/cpu"
)

// gramSizes are the (rows, columns) shapes of the Gram benchmarks.
var gramSizes = []struct{ n, p int }{
	{1_000, 5},
	{100_000, 20},
}

// BenchmarkGram measures GramTo, weighted, with and without the implicit
// intercept. GFLOP/s counts n·p(p+1)/2 multiply-adds of the upper triangle
// of XᵀWX as two flops each.
func BenchmarkGram(b *testing.B) {
	for _, s := range gramSizes {
		for _, intercept := range []bool{false, true} {
			b.Run(fmt.Sprintf("n=%d/p=%d/intercept=%v", s.n, s.p, intercept), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, uint64(s.p)))
				x := randDense(rng, s.n, s.p)
				w := make([]float64, s.n)
				for i := range w {
					w[i] = rng.Float64()
				}
				var g Dense
				GramTo(&g, x, w, intercept)
				b.ReportAllocs()
				for b.Loop() {
					GramTo(&g, x, w, intercept)
				}
				flops := float64(s.n) * float64(s.p*(s.p+1)/2) * 2
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// solveSizes are the orders of the factorization benchmarks.
var solveSizes = []int{5, 20, 100}

// BenchmarkCholesky measures Factorize followed by one SolveVecTo.
func BenchmarkCholesky(b *testing.B) {
	for _, n := range solveSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(2, uint64(n)))
			a := randSPD(rng, n)
			rhs := randVec(rng, n)
			x := make([]float64, n)
			var c Cholesky
			b.ReportAllocs()
			for b.Loop() {
				if err := c.Factorize(a); err != nil {
					b.Fatal(err)
				}
				c.SolveVecTo(x, rhs)
			}
		})
	}
}

// BenchmarkLU measures Factorize, with its condition estimate, followed by
// one SolveVecTo.
func BenchmarkLU(b *testing.B) {
	for _, n := range solveSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, uint64(n)))
			a := randSPD(rng, n)
			rhs := randVec(rng, n)
			x := make([]float64, n)
			var f LU
			b.ReportAllocs()
			for b.Loop() {
				if err := f.Factorize(a); err != nil {
					b.Fatal(err)
				}
				f.SolveVecTo(x, rhs)
			}
		})
	}
}

// BenchmarkInverse measures InverseTo of the factors, as used for a
// covariance matrix.
func BenchmarkInverse(b *testing.B) {
	for _, n := range solveSizes {
		rng := rand.New(rand.NewPCG(4, uint64(n)))
		a := randSPD(rng, n)
		var c Cholesky
		var f LU
		if err := c.Factorize(a); err != nil {
			b.Fatal(err)
		}
		if err := f.Factorize(a); err != nil {
			b.Fatal(err)
		}
		var dst Dense
		b.Run(fmt.Sprintf("Cholesky/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.InverseTo(&dst)
			}
		})
		b.Run(fmt.Sprintf("LU/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f.InverseTo(&dst)
			}
		})
	}
}

// BenchmarkPeakFMA measures the processor's attainable rate of
// double-precision fused multiply-adds (two flops per lane) on 1 goroutine
// and on one per CPU at once: the peak the Gram kernel's GFLOP/s is compared
// with. The goroutines are counted explicitly: a benchmark that uses b.Loop
// reports its first -cpu value's run at the default GOMAXPROCS. It needs the
// assembly and AVX2.
func BenchmarkPeakFMA(b *testing.B) {
	const rounds = 1 << 20
	perRound := cpu.PeakFMA(1)
	if perRound == 0 {
		b.Skip("no assembly peak loop in this build or on this processor")
	}
	for _, g := range slices.Compact([]int{1, runtime.NumCPU()}) {
		b.Run(fmt.Sprintf("goroutines=%d", g), func(b *testing.B) {
			var flops float64
			b.ReportAllocs()
			for b.Loop() {
				var wg sync.WaitGroup
				for range g {
					wg.Go(func() { cpu.PeakFMA(rounds) })
				}
				wg.Wait()
				flops += float64(g) * rounds * perRound
			}
			b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
