package logreg

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/linalg"
)

// TestBigFitReference checks the high-precision reference fit against R's
// answers on the reference cases, so that the tests below may trust it.
func TestBigFitReference(t *testing.T) {
	t.Parallel()
	for _, rc := range refCases {
		x, y, _ := loadRefCase(t, rc)
		beta, cov := bigFit(t, x, y, nil, true)
		w := worst{}
		for j, ref := range loadCoefs(t, rc.name+".coef.csv") {
			if e := w.add("estimate", relErr(beta[j], ref.Estimate)); e > 1e-13 {
				t.Errorf("%s %s estimate: got %.17g, want %.15g", rc.name, ref.Name, beta[j], ref.Estimate)
			}
			if e := w.add("std error", relErr(math.Sqrt(cov.At(j, j)), ref.StdErr)); e > 1e-13 {
				t.Errorf("%s %s std error: got %.17g, want %.15g", rc.name, ref.Name, math.Sqrt(cov.At(j, j)), ref.StdErr)
			}
		}
		t.Logf("%s: %v", rc.name, w)
	}
}

// checkCov compares the estimates and standard errors of res with the exact
// ones and returns the largest relative errors.
func checkCov(t *testing.T, res *Result, beta []float64, cov *linalg.Dense, estTol, seTol float64) (estErr, seErr float64) {
	t.Helper()
	if res.Cov == nil {
		t.Fatalf("no covariance (warnings %q)", res.Warnings)
	}
	for j := range beta {
		e := relErr(res.Coef[j], beta[j])
		estErr = max(estErr, e)
		if e > estTol {
			t.Errorf("%s estimate: got %.17g, want %.17g (rel %.2g)", res.Names[j], res.Coef[j], beta[j], e)
		}
		got, want := math.Sqrt(res.Cov.At(j, j)), math.Sqrt(cov.At(j, j))
		e = relErr(got, want)
		seErr = max(seErr, e)
		if e > seTol {
			t.Errorf("%s std error: got %.17g, want %.17g (rel %.2g)", res.Names[j], got, want, e)
		}
	}
	return estErr, seErr
}

// TestCovarianceCollinear fits nearly collinear columns, x2 = x1 + δ·z,
// against the exact answer: at δ = 1e-6 the information's condition number
// is about 1e13, and its inverse formed from the information itself would
// be 4e-5 off (measured); from the QR factor of the weighted design it is
// exact to the conditioning of the design.
func TestCovarianceCollinear(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 200
	for _, tc := range []struct{ delta, estTol, seTol float64 }{
		{1e-3, 1e-12, 1e-12}, // measured 8e-14 and 4e-14
		{1e-6, 1e-9, 1e-9},   // measured 6e-11 and 4e-11
	} {
		x := linalg.NewDense(n, 3, nil)
		y := make([]float64, n)
		for i := 0; i < n; i++ {
			a, z, b := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
			x.Set(i, 0, a)
			x.Set(i, 1, a+tc.delta*z)
			x.Set(i, 2, b)
			if rng.Float64() < Sigmoid(0.5+a+0.3*z-b) {
				y[i] = 1
			}
		}
		beta, cov := bigFit(t, x, y, nil, true)
		res, err := Fit(x, y, nil)
		if err != nil {
			t.Fatal(err)
		}
		ee, se := checkCov(t, res, beta, cov, tc.estTol, tc.seTol)
		t.Logf("δ %g: worst relative error of the estimates %.2g, of the standard errors %.2g", tc.delta, ee, se)
		res, err = FitStream(3, chunked(x, y, nil, []int{7, 50}), nil)
		if err != nil {
			t.Fatal(err)
		}
		ee, se = checkCov(t, res, beta, cov, tc.estTol, tc.seTol)
		t.Logf("δ %g, FitStream: worst relative error of the estimates %.2g, of the standard errors %.2g", tc.delta, ee, se)
	}
}

// TestCovarianceScaled multiplies mtcars' hp by 1e8 (and by 2⁻³⁰): the
// estimate and standard error of hp scale by the inverse, the others do not
// change, and every standard error stays finite and exact.
func TestCovarianceScaled(t *testing.T) {
	t.Parallel()
	rc := refCases[1]
	ref := loadCoefs(t, rc.name+".coef.csv")
	for _, scale := range []float64{1e8, 2e8, 0x1p-30} {
		x, y, names := loadRefCase(t, rc)
		n, _ := x.Dims()
		for i := 0; i < n; i++ {
			x.Set(i, 0, x.At(i, 0)*scale)
		}
		fits := map[string]func() (*Result, error){
			"Fit":       func() (*Result, error) { return Fit(x, y, &Settings{Names: names}) },
			"FitStream": func() (*Result, error) { return FitStream(2, chunked(x, y, nil, []int{5}), &Settings{Names: names}) },
		}
		for name, fit := range fits {
			res, err := fit()
			if err != nil {
				t.Fatalf("%s ×%g: %v", name, scale, err)
			}
			sum := res.Summary(0.95)
			w := worst{}
			for j, c := range sum.Coefs {
				est, se := ref[j].Estimate, ref[j].StdErr
				if c.Name == "hp" {
					est, se = est/scale, se/scale
				}
				if e := w.add("estimate", relErr(c.Estimate, est)); e > estTol {
					t.Errorf("%s ×%g %s estimate: got %.15g, want %.15g", name, scale, c.Name, c.Estimate, est)
				}
				if e := w.add("std error", relErr(c.StdErr, se)); e > seTol {
					t.Errorf("%s ×%g %s std error: got %.15g, want %.15g", name, scale, c.Name, c.StdErr, se)
				}
			}
			t.Logf("%s ×%g: %v", name, scale, w)
		}
	}
}

// TestCovarianceSingular checks that a fit without a covariance that is
// not separated says why in a warning.
func TestCovarianceSingular(t *testing.T) {
	t.Parallel()
	r := &Result{Names: []string{"(Intercept)", "a", "b"}, Coef: make([]float64, 3), Intercept: true}
	// b = 2·a: the information is singular, and so is the QR factor.
	rows := [][]float64{{1, 1, 2}, {1, 2, 4}, {1, 3, 6}, {1, 5, 10}}
	info := make([]float64, 9)
	var q linalg.RowQR
	q.Reset(3)
	for _, d := range rows {
		q.AddRow(d, 0.5)
		for i := range 3 {
			for j := range 3 {
				info[i*3+j] += 0.25 * d[i] * d[j]
			}
		}
	}
	if err := r.setCovariance(info, func() (*linalg.RowQR, []float64, error) { return &q, []float64{0, 0}, nil }, 1e-8); err != nil {
		t.Fatal(err)
	}
	r.finish(&Settings{MaxIter: 25}, false)
	if r.Cov != nil {
		t.Fatalf("got a covariance %v, want none", r.Cov.RawData())
	}
	if len(r.Warnings) != 2 || !strings.Contains(r.Warnings[1], "no standard errors") || !strings.Contains(r.Warnings[1], "coefficient b") {
		t.Errorf("got warnings %q, want one that says the covariance of b is not available", r.Warnings)
	}
}

// TestShiftedColumn fits a column x + 1e9, whose residual after projection
// on the intercept is 1.2e-9 of its norm: above R's rank tolerance
// min(1e-7, Tol/1000) = 1e-11, so it is fitted, as R fits it, with Newton
// steps solved by QR of the least-squares problem with X shifted by its
// first row (the information's condition number, 1e36, is beyond
// Cholesky), and the covariance from the same shifted QR. Measured against
// the exact answer: 4e-9 on the estimates, 9e-10 on the standard errors.
// With Tol = 1e-2 the rank tolerance is 1e-7 and the column is aliased.
func TestShiftedColumn(t *testing.T) {
	t.Parallel()
	x, y := synthetic(200, 2, 3)
	n, _ := x.Dims()
	for i := 0; i < n; i++ {
		x.Set(i, 1, x.At(i, 1)+1e9)
	}
	beta, cov := bigFit(t, x, y, nil, true)
	res, err := Fit(x, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged {
		t.Errorf("not converged: %q", res.Warnings)
	}
	ee, se := checkCov(t, res, beta, cov, 1e-7, 2e-8)
	t.Logf("Fit: worst relative error of the estimates %.2g, of the standard errors %.2g", ee, se)
	res, err = FitStream(2, chunked(x, y, nil, []int{64}), nil)
	if err != nil {
		t.Fatal(err)
	}
	ee, se = checkCov(t, res, beta, cov, 1e-7, 2e-8)
	t.Logf("FitStream: worst relative error of the estimates %.2g, of the standard errors %.2g", ee, se)
	var re *RankError
	if _, err := Fit(x, y, &Settings{Tol: 1e-2}); !errors.As(err, &re) || re.Col != 2 {
		t.Errorf("Tol 1e-2: got %v, want a RankError for coefficient 2", err)
	}
}

// TestLSStepAllocs keeps the QR step of ill-conditioned fits free of
// allocations once its buffers exist, as the Cholesky step is.
func TestLSStepAllocs(t *testing.T) {
	x, y := synthetic(5000, 3, 8)
	n, _ := x.Dims()
	for i := 0; i < n; i++ {
		x.Set(i, 2, x.At(i, 2)+1e9)
	}
	for _, workers := range []int{1, 2} {
		f := newFitter(x, y, nil, true, workers)
		delta := make([]float64, f.k)
		f.pass(atBeta)
		if err := f.lsStep(delta, 0.5, 1e-11); err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(5, func() {
			if err := f.lsStep(delta, 0.5, 1e-11); err != nil {
				t.Fatal(err)
			}
		})
		f.close()
		if allocs != 0 {
			t.Errorf("workers %d: got %v allocations per QR step, want 0", workers, allocs)
		}
	}
}

// TestLSStepMatchesCholesky checks the QR step against the Cholesky solve
// of the same system on a well-conditioned design, at the starting values
// and at a β, with and without a ridge penalty and an intercept.
func TestLSStepMatchesCholesky(t *testing.T) {
	t.Parallel()
	x, y := synthetic(3000, 3, 9)
	for _, intercept := range []bool{true, false} {
		for _, l2 := range []float64{0, 2} {
			f := newFitter(x, y, nil, intercept, 1)
			k := f.k
			beta := make([]float64, k)
			for j := range beta {
				beta[j] = 0.1 * float64(j+1)
			}
			for _, mode := range []passMode{atStart, atBeta} {
				copy(f.beta, beta)
				f.pass(mode)
				h, g := f.h, f.g
				off := k - f.c
				for j := off; j < k; j++ {
					h.Set(j, j, h.At(j, j)+l2)
					if mode == atBeta {
						g[j] -= l2 * beta[j]
					}
				}
				var ch linalg.Cholesky
				if err := ch.Factorize(h); err != nil {
					t.Fatal(err)
				}
				want := make([]float64, k)
				ch.SolveVecTo(want, g)
				got := make([]float64, k)
				if err := f.lsStep(got, l2, 1e-11); err != nil {
					t.Fatal(err)
				}
				for j := range want {
					if e := math.Abs(got[j]-want[j]) / max(math.Abs(want[j]), 1e-3); e > 1e-12 {
						t.Errorf("intercept %v L2 %g mode %d: step[%d] got %.17g, want %.17g", intercept, l2, mode, j, got[j], want[j])
					}
				}
			}
			f.close()
		}
	}
}
