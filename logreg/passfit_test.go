package logreg

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/a1bed000/logreg/linalg"
)

// accPass returns a Pass over the rows of x, y, w by an Accumulator, with
// the log-likelihood of 0/1 responses.
func accPass(x *linalg.Dense, y, w []float64, intercept bool) Pass {
	_, p := x.Dims()
	acc := NewAccumulator(p, intercept, nil)
	return func(beta []float64, dst *PassSums) error {
		acc.Reset(beta)
		if err := acc.Add(x, y, w); err != nil {
			return err
		}
		k := acc.k
		h := linalg.NewDense(k, k, nil)
		acc.InformationTo(h)
		copy(dst.Info, h.RawData())
		acc.ScoreTo(dst.Score)
		dst.Deviance, dst.LogLik = acc.Deviance(), -acc.Deviance()/2
		dst.Boundary, dst.NObs, dst.SW, dst.SWY = acc.Boundary(), acc.NObs(), acc.sw, acc.swy
		return nil
	}
}

// TestFitPasses checks FitPasses against Fit on the same rows: every
// coefficient, standard error, deviance and log-likelihood to 1e-10, the
// iterations alike; and its errors.
func TestFitPasses(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n, p := 500, 3
	x := linalg.NewDense(n, p, nil)
	y := make([]float64, n)
	w := make([]float64, n)
	for i := 0; i < n; i++ {
		eta := 0.3
		for j := 0; j < p; j++ {
			v := r.NormFloat64()
			x.Set(i, j, v)
			eta += float64(j+1) * 0.4 * v
		}
		if r.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
		w[i] = float64(i % 3)
	}
	for _, l2 := range []float64{0, 1.5} {
		m, err := Fit(x, y, &Settings{Weights: w, L2: l2})
		if err != nil {
			t.Fatal(err)
		}
		s, err := FitPasses(p, accPass(x, y, w, true), &Settings{L2: l2})
		if err != nil {
			t.Fatal(err)
		}
		rel := func(what string, a, b float64) {
			if math.Abs(a-b) > 1e-10*math.Max(1, math.Abs(b)) {
				t.Errorf("l2 %g: %s: got %v, want %v", l2, what, a, b)
			}
		}
		for j := range m.Coef {
			rel("coef", s.Coef[j], m.Coef[j])
			if m.Cov != nil {
				rel("cov", s.Cov.At(j, j), m.Cov.At(j, j))
			}
		}
		rel("deviance", s.Deviance, m.Deviance)
		rel("null deviance", s.NullDeviance, m.NullDeviance)
		rel("loglik", s.LogLik, m.LogLik)
		rel("null loglik", s.NullLogLik, m.NullLogLik)
		if s.Iterations != m.Iterations || s.NObs != m.NObs || s.Converged != m.Converged || (s.Cov == nil) != (m.Cov == nil) {
			t.Errorf("l2 %g: got %d iterations, nobs %d, converged %v; want %d, %d, %v", l2, s.Iterations, s.NObs, s.Converged, m.Iterations, m.NObs, m.Converged)
		}
		if s.Passes != s.Iterations+2 {
			t.Errorf("got %d passes for %d iterations", s.Passes, s.Iterations)
		}
	}
	// Two equal columns: the information is singular, which needs QR.
	xx := linalg.NewDense(n, 2, nil)
	for i := 0; i < n; i++ {
		xx.Set(i, 0, x.At(i, 0))
		xx.Set(i, 1, x.At(i, 0))
	}
	if _, err := FitPasses(2, accPass(xx, y, nil, true), nil); !errors.Is(err, ErrNoQR) {
		t.Errorf("collinear columns: got %v, want ErrNoQR", err)
	}
	if _, err := FitPasses(p, accPass(x, y, nil, true), &Settings{Firth: true}); !errors.Is(err, ErrBadSettings) {
		t.Errorf("Firth: got %v, want ErrBadSettings", err)
	}
	y0 := make([]float64, n)
	if _, err := FitPasses(p, accPass(x, y0, nil, true), nil); !errors.Is(err, ErrOneValue) {
		t.Errorf("one value: got %v, want ErrOneValue", err)
	}
}
