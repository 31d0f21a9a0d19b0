package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestGramAddUpper checks GramAddUpper against the
// definition h[a][b] = Σ_i w_i·D[i][a]·D[i][b], summed naively, over shapes
// that exercise every edge of the 2×4 tiling and of the row blocks.
func TestGramAddUpper(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	type shape struct{ rows, c int }
	var shapes []shape
	for _, rows := range []int{0, 1, 3, 4, 5, 17, 130, 1000, 3000} {
		for _, c := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 23, 24, 25, 31, 70} {
			shapes = append(shapes, shape{rows, c})
		}
	}
	// Many blocks of columns, and rows that end inside a block.
	// (the assembly's blocks hold 16384/c rows).
	shapes = append(shapes, shape{130, 200}, shape{67, 203}, shape{1000, 203})
	for _, sh := range shapes {
		rows, c := sh.rows, sh.c
		for _, intercept := range []bool{false, true} {
			for _, weighted := range []bool{false, true} {
				k := c
				if intercept {
					k++
				}
				if k == 0 || c == 0 && !weighted {
					continue
				}
				x := randVec(rng, rows*c)
				var w []float64
				if weighted {
					w = make([]float64, rows)
					for i := range w {
						w[i] = rng.Float64()
					}
				}
				d := func(i, a int) float64 {
					if intercept {
						if a == 0 {
							return 1
						}
						a--
					}
					return x[i*c+a]
				}
				want := make([]float64, k*k)
				scale := make([]float64, k*k)
				for i := 0; i < rows; i++ {
					wi := 1.0
					if w != nil {
						wi = w[i]
					}
					for a := 0; a < k; a++ {
						for b := a; b < k; b++ {
							want[a*k+b] += wi * d(i, a) * d(i, b)
							scale[a*k+b] += math.Abs(wi * d(i, a) * d(i, b))
						}
					}
				}
				const mark = 7.0 // h starts at mark; lower triangle must stay so
				name := fmt.Sprintf("rows=%d/c=%d/intercept=%v/weighted=%v", rows, c, intercept, weighted)
				type kernel struct {
					name string
					add  func(h []float64)
				}
				kernels := []kernel{{"GramAddUpper", func(h []float64) { GramAddUpper(h, k, x, c, w, intercept) }}}
				for _, lv := range testLevels() {
					kernels = append(kernels, kernel{levelNames[lv], func(h []float64) { gramAddUpperLevel(lv, h, k, x, c, w, intercept, rows) }})
				}
				results := make(map[string][]float64)
				for _, kern := range kernels {
					h := make([]float64, k*k)
					for i := range h {
						h[i] = mark
					}
					kern.add(h)
					results[kern.name] = h
					for a := 0; a < k; a++ {
						for b := 0; b < k; b++ {
							got := h[a*k+b]
							if b < a {
								if got != mark {
									t.Errorf("%s %s: h[%d][%d] = %v in the lower triangle, want it untouched", kern.name, name, a, b, got)
								}
								continue
							}
							// Summation order differs: tol rows·ε relative to Σ|terms|.
							if wnt := mark + want[a*k+b]; !closeRel(got, wnt, float64(rows+2)*eps, scale[a*k+b]+mark) {
								t.Errorf("%s %s: h[%d][%d] got %v, want %v", kern.name, name, a, b, got, wnt)
							}
						}
					}
				}
				// The assembly's tiles are gramTileFMA's sums, in the same
				// order: the same bits.
				for _, pair := range [][2]string{{"avx2", "fma4"}, {"avx512", "fma8"}} {
					a, b := results[pair[0]], results[pair[1]]
					if a == nil || b == nil {
						continue
					}
					for i := range a {
						if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
							t.Errorf("%s: %s h[%d] = %v, %s %v, want the same bits", name, pair[0], i, a[i], pair[1], b[i])
							break
						}
					}
				}
			}
		}
	}
}

// levelNames names the kernel levels in test messages.
var levelNames = []string{levelGo: "go", levelAVX2: "avx2", levelAVX512: "avx512", levelFMA4: "fma4", levelFMA8: "fma8"}

func TestGramAddUpperPanics(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"k", func() { GramAddUpper(make([]float64, 9), 3, make([]float64, 4), 2, nil, false) }},
		{"h short", func() { GramAddUpper(make([]float64, 3), 2, make([]float64, 4), 2, nil, false) }},
		{"ragged x", func() { GramAddUpper(make([]float64, 4), 2, make([]float64, 5), 2, nil, false) }},
		{"w length", func() { GramAddUpper(make([]float64, 4), 2, make([]float64, 4), 2, make([]float64, 3), false) }},
	} {
		func() {
			defer func() {
				if r := recover(); r != "linalg: dimension mismatch" {
					t.Errorf("%s: got panic %v, want linalg: dimension mismatch", tc.name, r)
				}
			}()
			tc.f()
		}()
	}
	// No columns and unit weights: the rows cannot be counted, and adding
	// nothing would be silently wrong.
	func() {
		defer func() {
			if r := recover(); r != "linalg: no columns and no weights: the number of rows is unknown" {
				t.Errorf("no columns, nil w: got panic %v, want the unknown row count", r)
			}
		}()
		GramAddUpper(make([]float64, 1), 1, nil, 0, nil, true)
	}()
	// With weights, the intercept's element is their sum.
	h := make([]float64, 1)
	GramAddUpper(h, 1, nil, 0, []float64{1, 2, 3.5}, true)
	if h[0] != 6.5 {
		t.Errorf("no columns: got %v, want 6.5", h[0])
	}
	var g Dense
	GramTo(&g, NewDense(4, 0, nil), nil, true)
	if g.At(0, 0) != 4 {
		t.Errorf("GramTo with no columns: got %v, want 4", g.At(0, 0))
	}
}

// BenchmarkGramKernel measures GramAddUpper's kernels, each level this
// processor runs, on one core, weighted; the metric counts one multiply and one
// add per entry of the upper triangle and row.
func BenchmarkGramKernel(b *testing.B) {
	for _, c := range []int{3, 5, 8, 10, 12, 16, 20, 50, 200} {
		rows := max(4096, 1<<20/c) / 16 * 16
		rng := rand.New(rand.NewPCG(1, uint64(c)))
		x, w := randVec(rng, rows*c), randVec(rng, rows)
		h := make([]float64, c*c)
		flops := float64(rows) * float64(c*(c+1))
		for lv := levelGo; lv <= cpuLevel; lv++ {
			b.Run(fmt.Sprintf("c=%d/%s", c, levelNames[lv]), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					gramAddUpperLevel(lv, h, c, x, c, w, false, rows)
				}
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
