package bench

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/a1bed000/logreg/internal/cpu"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// sizes is the shared size table of the benchmarks: rows n, features p.
var sizes = []struct{ n, p int }{
	{1e3, 5},
	{1e5, 20},
	{1e6, 10},
	{1e6, 50},
	{2e5, 200},
}

const seed = 1

// name is a sub-benchmark name such as "n=1e6/p=10".
func name(n, p int) string {
	e := 0
	m := n
	for m >= 10 && m%10 == 0 {
		m /= 10
		e++
	}
	return fmt.Sprintf("n=%de%d/p=%d", m, e, p)
}

var (
	cacheMu sync.Mutex
	cacheN  int
	cacheP  int
	cacheX  *linalg.Dense
	cacheY  []float64
)

// data returns Synth(n, p, seed), keeping the last data set so that the
// sub-benchmarks of one size share it.
func data(n, p int) (*linalg.Dense, []float64) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if cacheX == nil || cacheN != n || cacheP != p {
		cacheX, cacheY = nil, nil
		runtime.GC()
		cacheX, cacheY = Synth(n, p, seed)
		cacheN, cacheP = n, p
	}
	return cacheX, cacheY
}

// gramFlops is the flop count of the upper triangle of XᵀWX, one multiply
// and one add per entry and row.
func gramFlops(n, p int) float64 { return 2 * float64(n) * float64(p*(p+1)/2) }

// BenchmarkGram times the weighted Gram kernel XᵀWX (no intercept column)
// on one worker and on one per CPU: the rows are cut into one block per
// worker, each block is accumulated in chunks into a private matrix, and the
// partial sums are added. With AVX2 it also reports the rate as a percentage
// of the processor's peak rate of fused multiply-adds on as many goroutines
// (%peak), measured just before (see peakRate). The workers are counted
// explicitly: a benchmark that uses b.Loop reports its first -cpu value's run
// at the default GOMAXPROCS.
func BenchmarkGram(b *testing.B) {
	for _, sz := range sizes {
		for _, workers := range slices.Compact([]int{1, runtime.NumCPU()}) {
			b.Run(fmt.Sprintf("%s/workers=%d", name(sz.n, sz.p), workers), func(b *testing.B) {
				benchGram(b, sz.n, sz.p, workers, gramChunk)
			})
		}
	}
}

// BenchmarkGramWhole is BenchmarkGram with each worker's rows handed to the
// kernel in one call, as GramTo does, at the shapes of at least 50 columns:
// the kernel prefetches each block of rows while it sums the one before,
// but cannot see past the rows of its call, so that the first block of
// every call comes from memory unannounced (at p = 50 a 1024-row chunk is
// four blocks).
func BenchmarkGramWhole(b *testing.B) {
	for _, sz := range sizes {
		if sz.p < 50 {
			continue
		}
		for _, workers := range slices.Compact([]int{1, runtime.NumCPU()}) {
			b.Run(fmt.Sprintf("%s/workers=%d", name(sz.n, sz.p), workers), func(b *testing.B) {
				benchGram(b, sz.n, sz.p, workers, sz.n)
			})
		}
	}
}

// BenchmarkGramPaired measures the Gram kernel's rate as a fraction of
// the peak on a shared machine: each iteration runs BenchmarkGram's
// product once (1024-row chunks) and the peak loop of cpu.PeakFMA on as
// many goroutines for about as long, in alternating order, and %peak is
// the median over the iterations of the ratio of the two rates, so that
// the load of other processes, which slows both alike, cancels. GFLOP/s is
// the median rate of the products. Without AVX2 it reports nothing.
func BenchmarkGramPaired(b *testing.B) {
	if cpu.PeakFMA(1) == 0 {
		b.Skip("no peak loop (AVX2) on this processor")
	}
	for _, sz := range sizes {
		if sz.p < 50 {
			continue
		}
		for _, workers := range slices.Compact([]int{1, runtime.NumCPU()}) {
			b.Run(fmt.Sprintf("%s/workers=%d", name(sz.n, sz.p), workers), func(b *testing.B) {
				x, _ := data(sz.n, sz.p)
				w := make([]float64, sz.n)
				for i := range w {
					w[i] = 0.25 - float64(i%7)*0.01
				}
				parts := make([][]float64, workers)
				for i := range parts {
					parts[i] = make([]float64, sz.p*sz.p)
				}
				h := make([]float64, sz.p*sz.p)
				flops := gramFlops(sz.n, sz.p)
				// About as many rounds of the peak loop as the product's
				// flops, at a third of the peak.
				rounds := max(1, int(flops/float64(workers)/cpu.PeakFMA(1)/3))
				peakFlops := float64(workers) * cpu.PeakFMA(1) * float64(rounds)
				gram := func() float64 {
					start := time.Now()
					gramParallel(h, parts, x, w, gramChunk)
					return flops / time.Since(start).Seconds() / 1e9
				}
				peak := func() float64 {
					start := time.Now()
					var wg sync.WaitGroup
					for range workers {
						wg.Go(func() { cpu.PeakFMA(rounds) })
					}
					wg.Wait()
					return peakFlops / time.Since(start).Seconds() / 1e9
				}
				var rates, ratios []float64
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					var g, p float64
					if i%2 == 0 {
						g = gram()
						p = peak()
					} else {
						p = peak()
						g = gram()
					}
					rates, ratios = append(rates, g), append(ratios, g/p)
				}
				b.ReportMetric(median(rates), "GFLOP/s")
				b.ReportMetric(100*median(ratios), "%peak")
			})
		}
	}
}

// median returns the median of v, which it sorts.
func median(v []float64) float64 {
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// benchGram is BenchmarkGram at (n, p) with the given number of workers,
// each handing the kernel chunk rows at a time.
func benchGram(b *testing.B, n, p, workers, chunk int) {
	x, _ := data(n, p)
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.25 - float64(i%7)*0.01
	}
	parts := make([][]float64, workers)
	for i := range parts {
		parts[i] = make([]float64, p*p)
	}
	h := make([]float64, p*p)
	peak := peakRate(workers)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		gramParallel(h, parts, x, w, chunk)
	}
	rate := gramFlops(n, p) * float64(b.N) / b.Elapsed().Seconds() / 1e9
	b.ReportMetric(rate, "GFLOP/s")
	if peak > 0 {
		b.ReportMetric(100*rate/peak, "%peak")
	}
}

// BenchmarkGramCached times the Gram kernel as Newton's pass runs it: on
// chunks of fitChunk rows that the pass has just read for the linear
// predictor, so that they are in the cache, with the intercept column
// (fitChunk × p numbers, 205 KB at p = 200). Each worker accumulates its own
// chunk over and over into a private matrix; the rate and %peak are those
// of BenchmarkGram.
func BenchmarkGramCached(b *testing.B) {
	for _, p := range []int{20, 50, 200} {
		for _, workers := range slices.Compact([]int{1, runtime.NumCPU()}) {
			b.Run(fmt.Sprintf("p=%d/workers=%d", p, workers), func(b *testing.B) {
				const reps = 64
				k := p + 1
				xs, ws, hs := make([][]float64, workers), make([][]float64, workers), make([][]float64, workers)
				for t := range workers {
					x, _ := data(fitChunk, p)
					xs[t], ws[t], hs[t] = x.RawData(), make([]float64, fitChunk), make([]float64, k*k)
					for i := range ws[t] {
						ws[t][i] = 0.25 - float64(i%7)*0.01
					}
				}
				peak := peakRate(workers)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					var wg sync.WaitGroup
					for t := range workers {
						wg.Add(1)
						go func() {
							defer wg.Done()
							for range reps {
								linalg.GramAddUpper(hs[t], k, xs[t], p, ws[t], true)
							}
						}()
					}
					wg.Wait()
				}
				rate := gramFlops(fitChunk*reps*workers, k) * float64(b.N) / b.Elapsed().Seconds() / 1e9
				b.ReportMetric(rate, "GFLOP/s")
				if peak > 0 {
					b.ReportMetric(100*rate/peak, "%peak")
				}
			})
		}
	}
}

// peakRate returns the processor's attainable rate of double-precision
// fused multiply-adds on g goroutines at once, in GFLOP/s: the best of 20
// short runs of [cpu.PeakFMA] (as linalg's BenchmarkPeakFMA), or 0 without
// the assembly or AVX2.
func peakRate(g int) float64 {
	const rounds = 1 << 16
	if cpu.PeakFMA(1) == 0 {
		return 0
	}
	best := 0.0
	for range 20 {
		start := time.Now()
		var wg sync.WaitGroup
		for range g {
			wg.Go(func() { cpu.PeakFMA(rounds) })
		}
		wg.Wait()
		best = max(best, float64(g)*cpu.PeakFMA(1)*rounds/time.Since(start).Seconds()/1e9)
	}
	return best
}

// gramChunk is the number of rows the Gram benchmark hands to the kernel at
// a time.
const gramChunk = 1024

// fitChunk is the number of rows of a chunk of Newton's pass (logreg's
// chunkRows).
const fitChunk = 128

func gramParallel(h []float64, parts [][]float64, x *linalg.Dense, w []float64, chunk int) {
	n, p := x.Dims()
	xd := x.RawData()
	var wg sync.WaitGroup
	for t := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			part := parts[t]
			clear(part)
			lo, hi := t*n/len(parts), (t+1)*n/len(parts)
			for i := lo; i < hi; i += chunk {
				j := min(i+chunk, hi)
				linalg.GramAddUpper(part, p, xd[i*p:j*p], p, w[i:j], false)
			}
		}()
	}
	wg.Wait()
	clear(h)
	for _, part := range parts {
		linalg.Axpy(1, part, h)
	}
}

// BenchmarkIteration times one Newton iteration at coefficients near the
// estimate, through the public out-of-core API that shares Fit's fused
// pass: η, μ, weights, deviance, score and information over all rows on all
// cores, then the Cholesky solve for the step.
func BenchmarkIteration(b *testing.B) {
	for _, sz := range sizes {
		b.Run(name(sz.n, sz.p), func(b *testing.B) {
			x, y := data(sz.n, sz.p)
			beta := append([]float64{Intercept}, Coef(sz.p)...)
			acc := logreg.NewAccumulator(sz.p, true, beta)
			var info linalg.Dense
			var chol linalg.Cholesky
			g := make([]float64, sz.p+1)
			step := make([]float64, sz.p+1)
			if err := acc.Add(x, y, nil); err != nil { // sizes the accumulator
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				acc.Reset(beta)
				if err := acc.Add(x, y, nil); err != nil {
					b.Fatal(err)
				}
				acc.InformationTo(&info)
				acc.ScoreTo(g)
				if err := chol.Factorize(&info); err != nil {
					b.Fatal(err)
				}
				chol.SolveVecTo(step, g)
			}
		})
	}
}

// BenchmarkFit times a whole fit with the default settings (intercept, all
// cores) and reports the number of iterations.
func BenchmarkFit(b *testing.B) {
	for _, sz := range sizes {
		b.Run(name(sz.n, sz.p), func(b *testing.B) {
			x, y := data(sz.n, sz.p)
			b.ReportAllocs()
			b.ResetTimer()
			var res *logreg.Result
			for b.Loop() {
				var err error
				res, err = logreg.Fit(x, y, nil)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Iterations), "iters")
		})
	}
}
