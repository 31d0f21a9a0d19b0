package logreg

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
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

// reversed returns the rows of x, y in reverse order, as one chunk: a
// source that reads them in another order than the passes.
func reversed(x *linalg.Dense, y []float64) Chunks {
	n, p := x.Dims()
	rx := linalg.NewDense(n, p, nil)
	ry := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			rx.Set(n-1-i, j, x.At(i, j))
		}
		ry[n-1-i] = y[i]
	}
	return chunked(rx, ry, nil, []int{7, 3})
}

// maxStep returns the MaxStep of the rows of x, with an intercept.
func maxStep(x *linalg.Dense) func([]float64) (float64, error) {
	n, p := x.Dims()
	return func(d []float64) (float64, error) {
		m := 0.0
		for i := 0; i < n; i++ {
			t := d[0]
			for j := 0; j < p; j++ {
				t += x.At(i, j) * d[j+1]
			}
			m = max(m, math.Abs(t))
		}
		return m, nil
	}
}

// TestFitPassesRows checks the separation diagnosis of FitPassesRows
// against detectseparation's linear program on endometrial (quasi-complete,
// NV = Inf) and on a completely separated line, and against Fit: the
// statuses, the type, the warnings, not converged, no covariance, the
// finite coefficients to 1e-10; rows read in another order than the passes.
func TestFitPassesRows(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, target string
		features     []string
	}{
		{"endometrial", "HG", []string{"NV", "PI", "EH"}},
		{"sep_complete", "y", []string{"x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			x, y := loadNumeric(t, "next/"+tc.name+".csv", tc.target, tc.features)
			p := len(tc.features)
			want, err := refcase.ReadTable("next/" + tc.name + ".separation.csv")
			if err != nil {
				t.Fatal(err)
			}
			sum, err := refcase.Scalars("next/" + tc.name + ".separation_summary.csv")
			if err != nil {
				t.Fatal(err)
			}
			mem, err := Fit(x, y, &Settings{Names: tc.features})
			if err != nil {
				t.Fatal(err)
			}
			rows := &PassRows{Rows: reversed(x, y), MaxStep: maxStep(x)}
			res, err := FitPassesRows(p, accPass(x, y, nil, true), rows, &Settings{Names: tc.features})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Separation || res.SeparationType.String() != sum["type"] || res.Converged || res.Cov != nil {
				t.Errorf("got Separation %v %v Converged %v Cov %v, want true %s false nil",
					res.Separation, res.SeparationType, res.Converged, res.Cov != nil, sum["type"])
			}
			for j, r := range want.Records() {
				if res.Status[j].String() != r["status"] {
					t.Errorf("%s: got %v, want %s", r["name"], res.Status[j], r["status"])
				}
				if r["status"] == "finite" && relDiff(res.Coef[j], mem.Coef[j]) > 1e-10 {
					t.Errorf("%s: got %v, want Fit's %v", r["name"], res.Coef[j], mem.Coef[j])
				}
			}
			if !slices.Equal(res.Status, mem.Status) || res.SeparationType != mem.SeparationType ||
				!slices.Equal(res.Diverging, mem.Diverging) || !slices.Equal(res.Warnings, mem.Warnings) || res.Iterations != mem.Iterations {
				t.Errorf("got %v %v %v %q after %d iterations, want Fit's %v %v %v %q after %d",
					res.Status, res.SeparationType, res.Diverging, res.Warnings, res.Iterations,
					mem.Status, mem.SeparationType, mem.Diverging, mem.Warnings, mem.Iterations)
			}
		})
	}
}

// TestFitPassesRowsCertificate checks that a converged fit without fitted
// probabilities at 0 or 1 is certified by MaxStep without reading the
// rows, and reads them once for the screen when MaxStep is nil or above
// the bound; and that the errors of the rows and of MaxStep are returned.
func TestFitPassesRowsCertificate(t *testing.T) {
	t.Parallel()
	x, y := loadNumeric(t, "birthwt.csv", "low", []string{"age", "lwt", "smoke", "ht", "ui"})
	_, p := x.Dims()
	mem, err := Fit(x, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		maxStep   func([]float64) (float64, error)
		wantReads int
	}{
		{"certified", maxStep(x), 0},
		{"no MaxStep", nil, 1},
		{"above the bound", func([]float64) (float64, error) { return 0.5, nil }, 1},
	} {
		reads := 0
		data := chunked(x, y, nil, []int{50})
		rows := &PassRows{MaxStep: tc.maxStep, Rows: func(yield func(x *linalg.Dense, y, w []float64) error) error {
			reads++
			return data(yield)
		}}
		res, err := FitPassesRows(p, accPass(x, y, nil, true), rows, nil)
		if err != nil {
			t.Fatal(err)
		}
		if reads != tc.wantReads || res.Separation || !res.Converged || len(res.Warnings) != 0 || !slices.Equal(res.Status, mem.Status) {
			t.Errorf("%s: got %d reads, Separation %v, Converged %v, warnings %q; want %d, false, true, none",
				tc.name, reads, res.Separation, res.Converged, res.Warnings, tc.wantReads)
		}
	}
	boom := errors.New("boom")
	for _, rows := range []*PassRows{
		{Rows: func(func(x *linalg.Dense, y, w []float64) error) error { return boom }},
		{Rows: chunked(x, y, nil, []int{50}), MaxStep: func([]float64) (float64, error) { return 0, boom }},
	} {
		if _, err := FitPassesRows(p, accPass(x, y, nil, true), rows, nil); !errors.Is(err, boom) {
			t.Errorf("got %v, want the source's error", err)
		}
	}
}
