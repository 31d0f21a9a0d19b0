package logreg

import (
	"math"
	"testing"

	"github.com/a1bed000/logreg/linalg"
)

// firthAt evaluates Firth's penalized log-likelihood ℓ* and its modified
// score U* at beta.
func firthAt(t *testing.T, f *fitter, beta []float64) (float64, []float64) {
	t.Helper()
	copy(f.beta, beta)
	f.pass(atBeta)
	var ch linalg.Cholesky
	obj, ok := penalizedDeviance(&Settings{Firth: true}, f.h, f.dev, f.beta, f.intercept, &ch)
	if !ok {
		t.Fatal("information not positive definite")
	}
	f.firthScore(&ch)
	return -obj / 2, append([]float64(nil), f.g...)
}

// TestFirthDerivatives checks the modified score against central differences
// of ℓ*, and the exact Hessian of firthNewton against central differences
// of the modified score.
func TestFirthDerivatives(t *testing.T) {
	t.Parallel()
	x, y, _ := loadRefCase(t, refCases[1]) // mtcars: am ~ hp + wt
	n, _ := x.Dims()
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 + float64(i%2)
	}
	f := newFitter(x, y, w, true, 1)
	defer f.close()
	beta := []float64{10, 0.02, -4}
	k := len(beta)
	_, u := firthAt(t, f, beta)
	copy(f.beta, beta)
	f.pass(atBeta)
	var ch linalg.Cholesky
	if _, ok := penalizedDeviance(&Settings{Firth: true}, f.h, f.dev, f.beta, f.intercept, &ch); !ok {
		t.Fatal("information not positive definite")
	}
	f.firthScore(&ch)
	delta := make([]float64, k)
	if !f.firthNewton(&ch, delta) {
		t.Fatal("firthNewton declined")
	}
	// firthNewton computes U* itself, from I⁻¹ rather than from L⁻¹.
	for j := range u {
		if e := math.Abs(f.g[j] - u[j]); e > 1e-10*math.Max(1, math.Abs(u[j])) {
			t.Errorf("U*[%d] from firthNewton: got %.15g, want %.15g as firthScore", j, f.g[j], u[j])
		}
	}
	negH := f.fw.n
	bp := make([]float64, k)
	for j := 0; j < k; j++ {
		step := 1e-5 * math.Max(1, math.Abs(beta[j]))
		copy(bp, beta)
		bp[j] = beta[j] + step
		lp, up := firthAt(t, f, bp)
		bp[j] = beta[j] - step
		lm, um := firthAt(t, f, bp)
		if fd := (lp - lm) / (2 * step); math.Abs(fd-u[j]) > 1e-6*math.Max(1, math.Abs(u[j])) {
			t.Errorf("U*[%d]: got %.10g, finite difference %.10g", j, u[j], fd)
		}
		for l := 0; l < k; l++ {
			fd := -(up[l] - um[l]) / (2 * step)
			if got := negH.At(l, j); math.Abs(fd-got) > 1e-5*math.Max(1, math.Abs(got)) {
				t.Errorf("−∇²ℓ*[%d, %d]: got %.10g, finite difference %.10g", l, j, got, fd)
			}
		}
	}
}

// TestFirthIterations checks that exact Newton steps converge fast on
// separated data, where Fisher scoring needs hundreds of iterations.
func TestFirthIterations(t *testing.T) {
	t.Parallel()
	for _, pair := range [][2]string{{"setosa", "versicolor"}, {"setosa", "virginica"}, {"versicolor", "virginica"}} {
		x, y, names := irisTwo(t, pair[0], pair[1])
		res, err := Fit(x, y, &Settings{Names: names, Firth: true})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Converged || res.Iterations > 15 {
			t.Errorf("%v: Converged %v after %d iterations, want convergence in at most 15", pair, res.Converged, res.Iterations)
		}
	}
}
