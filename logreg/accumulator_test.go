package logreg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkPass times one pass of the fitter over the rows at fixed
// coefficients (η, μ, weights, deviance, score and information), the work of
// one Newton iteration but the Cholesky solve, on all cores. minms is the
// fastest pass, which is less disturbed by other load on the machine than the
// mean.
func BenchmarkPass(b *testing.B) {
	for _, sz := range []struct{ n, p int }{{1e5, 20}, {1e6, 10}, {1e6, 50}, {2e5, 200}} {
		b.Run(fmt.Sprintf("n=%d/p=%d", sz.n, sz.p), func(b *testing.B) {
			x, y := synthetic(sz.n, sz.p, 1)
			f := newFitter(x, y, nil, true, 0)
			defer f.close()
			for j := range f.beta {
				f.beta[j] = 0.1 * float64(j%3-1)
			}
			best := time.Hour
			b.ReportAllocs()
			for b.Loop() {
				t := time.Now()
				f.pass(atBeta)
				best = min(best, time.Since(t))
			}
			b.ReportMetric(float64(best.Microseconds())/1e3, "minms")
		})
	}
}

// TestExpNonPos checks the exponential of the fitter's inner loop against
// math.Exp: within 2 units in the last place on [−708, 0], and the special
// values.
func TestExpNonPos(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 9))
	for i := 0; i < 200000; i++ {
		a := -rng.Float64() * 708
		if i%2 == 0 {
			a = -rng.Float64() // where most linear predictors lie
		}
		got, want := expNonPos(a), math.Exp(a)
		if ulp := math.Abs(got-want) / (math.Nextafter(want, 2) - want); ulp > 2 {
			t.Fatalf("expNonPos(%v): got %v, want %v (%.1f ulp)", a, got, want, ulp)
		}
	}
	for _, tc := range []struct{ a, want float64 }{
		{0, 1}, {math.Copysign(0, -1), 1}, {-745.2, math.Exp(-745.2)}, {-800, 0}, {math.Inf(-1), 0},
	} {
		if got := expNonPos(tc.a); got != tc.want {
			t.Errorf("expNonPos(%v): got %v, want %v", tc.a, got, tc.want)
		}
	}
	if got := expNonPos(math.NaN()); !math.IsNaN(got) {
		t.Errorf("expNonPos(NaN): got %v, want NaN", got)
	}
}
