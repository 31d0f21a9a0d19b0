package logreg

import (
	"math"
	"testing"

	"github.com/a1bed000/logreg/linalg"
)

func TestSigmoid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		z, want float64
	}{
		{0, 0.5},
		{-1000, 0},
		{1000, 1},
		{710, 1}, // e^710 overflows: the article's formula gives NaN here
		{-745, 5e-324},
		{math.Inf(1), 1},
		{math.Inf(-1), 0},
		{2, 0.8807970779778823},      // 1/(1+e^-2), from the closed form
		{-30, 9.357622968839299e-14}, // e^-30/(1+e^-30)
	} {
		if got := Sigmoid(tc.z); math.Abs(got-tc.want) > 1e-16*math.Max(1, math.Abs(tc.want)) && relErr(got, tc.want) > 1e-15 {
			t.Errorf("Sigmoid(%g): got %.17g, want %.17g", tc.z, got, tc.want)
		}
	}
	// Symmetry σ(−z) = 1 − σ(z) and agreement with the naive formula where it
	// is safe.
	for z := -30.0; z <= 30; z += 0.37 {
		naive := math.Exp(z) / (1 + math.Exp(z))
		if e := relErr(Sigmoid(z), naive); e > 1e-14 {
			t.Errorf("Sigmoid(%g): got %.17g, want %.17g", z, Sigmoid(z), naive)
		}
		// 1 − σ(z) is rounded to a multiple of ε/2 near 1: allow one ε.
		if e := math.Abs(Sigmoid(-z) - (1 - Sigmoid(z))); e > 0x1p-52 {
			t.Errorf("σ(−%g) − (1 − σ(%g)) = %g, want 0", z, z, e)
		}
	}
}

func TestLog1pExp(t *testing.T) {
	t.Parallel()
	for z := -60.0; z <= 60; z += 0.53 {
		// log(1+e^z) = z + log(1+e^−z) for z > 0 is exact in exact
		// arithmetic; use whichever naive side does not overflow.
		var want float64
		if z < 0 {
			want = math.Log1p(math.Exp(z))
		} else {
			want = z + math.Log1p(math.Exp(-z))
		}
		if e := relErr(Log1pExp(z), want); e > 1e-15 {
			t.Errorf("Log1pExp(%g): got %.17g, want %.17g (rel %.2g)", z, Log1pExp(z), want, e)
		}
	}
	if got := Log1pExp(1000); got != 1000 {
		t.Errorf("Log1pExp(1000): got %g, want 1000", got)
	}
	if got := Log1pExp(-1000); got != 0 {
		t.Errorf("Log1pExp(-1000): got %g, want 0", got)
	}
}

// TestDerivatives checks the analytic gradient and Hessian against central
// finite differences of the log-likelihood and of the gradient.
func TestDerivatives(t *testing.T) {
	t.Parallel()
	x, y, _ := loadRefCase(t, refCases[2]) // birthwt: 10 coefficients
	n, c := x.Dims()
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.5 + float64(i%3) // unequal weights
	}
	beta := make([]float64, c+1)
	for j := range beta {
		beta[j] = 0.01 * float64(j%4-1)
	}
	for _, intercept := range []bool{true, false} {
		b := beta
		if !intercept {
			b = beta[1:]
		}
		k := len(b)
		g := make([]float64, k)
		Gradient(g, x, y, w, b, intercept)
		var h linalg.Dense
		Hessian(&h, x, w, b, intercept)
		bp := make([]float64, k)
		gp, gm := make([]float64, k), make([]float64, k)
		for j := 0; j < k; j++ {
			step := 1e-5 * math.Max(1, math.Abs(b[j]))
			copy(bp, b)
			bp[j] = b[j] + step
			lp := LogLikelihood(x, y, w, bp, intercept)
			Gradient(gp, x, y, w, bp, intercept)
			bp[j] = b[j] - step
			lm := LogLikelihood(x, y, w, bp, intercept)
			Gradient(gm, x, y, w, bp, intercept)
			fd := (lp - lm) / (2 * step)
			if e := math.Abs(fd - g[j]); e > 1e-6*math.Max(1, math.Abs(g[j])) {
				t.Errorf("intercept %v: gradient[%d]: got %.10g, finite difference %.10g", intercept, j, g[j], fd)
			}
			for l := 0; l < k; l++ {
				fd := (gp[l] - gm[l]) / (2 * step)
				if e := math.Abs(fd - h.At(l, j)); e > 1e-6*math.Max(1, math.Abs(h.At(l, j))) {
					t.Errorf("intercept %v: Hessian[%d, %d]: got %.10g, finite difference %.10g", intercept, l, j, h.At(l, j), fd)
				}
			}
		}
	}
}

// TestNewtonStepIterates checks that the article's loop, built from the
// exported blocks, reaches Fit's estimate.
func TestNewtonStepIterates(t *testing.T) {
	t.Parallel()
	x, y, names := loadRefCase(t, refCases[1])
	res, err := Fit(x, y, &Settings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	beta := make([]float64, len(res.Coef))
	g := make([]float64, len(beta))
	var h linalg.Dense
	for range 30 {
		Gradient(g, x, y, nil, beta, true)
		Hessian(&h, x, nil, beta, true)
		if err := NewtonStep(beta, beta, g, &h); err != nil {
			t.Fatal(err)
		}
	}
	for j := range beta {
		if e := relErr(beta[j], res.Coef[j]); e > 1e-10 {
			t.Errorf("coefficient %d: got %.15g, want %.15g", j, beta[j], res.Coef[j])
		}
	}
	if ll := LogLikelihood(x, y, nil, beta, true); relErr(ll, res.LogLik) > 1e-12 {
		t.Errorf("log-likelihood: got %.15g, want %.15g", ll, res.LogLik)
	}
	// A Hessian that is not negative definite is an error, not garbage.
	bad := linalg.NewDense(2, 2, []float64{1, 0, 0, 1})
	if err := NewtonStep(make([]float64, 2), []float64{0, 0}, []float64{1, 1}, bad); err == nil {
		t.Error("NewtonStep with a positive definite Hessian: got no error")
	}
}

// FuzzFit fits arbitrary small data sets: Fit must never panic, and when it
// returns no error no number it returns may be NaN.
func FuzzFit(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, uint8(2), false)
	f.Add([]byte{0, 0, 0, 0, 255, 255, 255, 255, 1, 0, 1, 0}, uint8(1), true)
	f.Fuzz(func(t *testing.T, data []byte, cols uint8, firth bool) {
		c := int(cols%4) + 1
		n := len(data) / (c + 1)
		if n == 0 {
			return
		}
		x := linalg.NewDense(n, c, nil)
		y := make([]float64, n)
		for i := 0; i < n; i++ {
			rec := data[i*(c+1) : (i+1)*(c+1)]
			for j := 0; j < c; j++ {
				x.Set(i, j, float64(int8(rec[j]))/8)
			}
			y[i] = float64(rec[c] & 1)
		}
		res, err := Fit(x, y, &Settings{Firth: firth})
		if err != nil {
			return
		}
		for j, b := range res.Coef {
			if math.IsNaN(b) {
				t.Fatalf("coefficient %d is NaN", j)
			}
		}
		for _, v := range []float64{res.Deviance, res.NullDeviance, res.LogLik, res.AIC()} {
			if math.IsNaN(v) {
				t.Fatalf("NaN in the result: %+v", res)
			}
		}
		for _, c := range res.Summary(0.95).Coefs {
			if math.IsNaN(c.StdErr) || math.IsNaN(c.Z) || math.IsNaN(c.P) {
				t.Fatalf("NaN in the summary: %+v", c)
			}
		}
	})
}
