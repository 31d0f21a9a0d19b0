package logreg

import (
	"math"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/linalg"
)

// TestNormalQuantile pins the quantile to published values (Python's
// statistics.NormalDist, R's qnorm).
func TestNormalQuantile(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ p, want float64 }{
		{0.975, 1.959963984540054},
		{0.995, 2.5758293035489004},
		{1e-10, -6.361340902404056},
		{0.5, 0},
		{0.999999, 4.753424308817089},
		{1e-300, -37.0470962993612},
		{0.3, -0.5244005127080407},
		{0.9, 1.2815515655446008},
	} {
		if got := NormalQuantile(tc.p); math.Abs(got-tc.want) > 1e-14*math.Max(1, math.Abs(tc.want)) {
			t.Errorf("NormalQuantile(%g): got %.17g, want %.17g", tc.p, got, tc.want)
		}
	}
}

// TestSummaryTail checks p-values deep in the tail, where a naive
// 2·(1 − Φ(|z|)) is 0: p = erfc(|z|/√2) from C's libm.
func TestSummaryTail(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ z, p float64 }{
		{37, 1.1451142445050278e-299},
		{-8, 1.2441921148543639e-15},
	} {
		r := &Result{Names: []string{"b"}, Coef: []float64{tc.z}, Cov: linalg.NewDense(1, 1, []float64{1})}
		c := r.Summary(0.95).Coefs[0]
		if relErr(c.P, tc.p) > 1e-13 {
			t.Errorf("z = %g: got p %.17g, want %.17g", tc.z, c.P, tc.p)
		}
		if e := math.Abs(c.High - (tc.z + 1.959963984540054)); e > 1e-14*math.Abs(tc.z) {
			t.Errorf("z = %g: got upper bound %.17g, want %.17g", tc.z, c.High, tc.z+1.959963984540054)
		}
	}
}

// TestSummaryString checks the R-style table of a real fit.
func TestSummaryString(t *testing.T) {
	t.Parallel()
	x, y, names := loadRefCase(t, refCases[1])
	res, err := Fit(x, y, &Settings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary(0.9).String()
	for _, want := range []string{
		"Estimate", "Std. Error", "z value", "Pr(>|z|)", "5%", "95%",
		"(Intercept)", "18.8663", "7.44356", "2.535", "0.01126 *",
		"wt", "-8.08348", "0.008434 **",
		"Null deviance: 43.230  on 31  degrees of freedom",
		"Residual deviance: 10.059  on 29  degrees of freedom",
		"AIC: 16.059",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "Warning") {
		t.Errorf("summary of a clean fit has a warning:\n%s", s)
	}
}

// TestNoSentinels checks that a confidence level of 0 and thresholds
// outside [0, 1] are refused, not read as defaults, and that a threshold of
// 0 means 0.
func TestNoSentinels(t *testing.T) {
	t.Parallel()
	x := linalg.NewDense(3, 1, []float64{-5, 0, 5})
	r := &Result{Names: []string{"(Intercept)", "x"}, Coef: []float64{0, 1}, Intercept: true}
	panicsWith := func(name, want string, f func()) {
		t.Helper()
		defer func() {
			if got := recover(); got != want {
				t.Errorf("%s: got panic %v, want %q", name, got, want)
			}
		}()
		f()
	}
	dst := make([]float64, 3)
	panicsWith("Summary(0)", "logreg: confidence level outside (0, 1)", func() { r.Summary(0) })
	panicsWith("threshold −0.1", "logreg: threshold outside [0, 1]", func() { r.ClassifyTo(dst, x, -0.1) })
	panicsWith("threshold NaN", "logreg: threshold outside [0, 1]", func() { r.ClassifyTo(dst, x, math.NaN()) })
	r.ClassifyTo(dst, x, 0)
	if dst[0] != 1 || dst[1] != 1 || dst[2] != 1 {
		t.Errorf("threshold 0: got %v, want every row 1", dst)
	}
	r.ClassifyTo(dst, x, 0.5)
	if dst[0] != 0 || dst[1] != 1 || dst[2] != 1 {
		t.Errorf("threshold 0.5: got %v, want [0 1 1]", dst)
	}
}

// TestSummaryStringNoCovariance checks that a coefficient table without a
// covariance (complete separation) prints NA in the Wald columns, not the
// placeholders +Inf, 0 and 1 of Coef.
func TestSummaryStringNoCovariance(t *testing.T) {
	t.Parallel()
	x := linalg.NewDense(6, 1, []float64{1, 2, 3, 4, 5, 6})
	res, err := Fit(x, []float64{0, 0, 0, 1, 1, 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cov != nil || !res.Separation {
		t.Fatalf("got Cov %v Separation %v, want nil, true", res.Cov, res.Separation)
	}
	text := res.Summary(0.95).String()
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "x1 ") {
			if f := strings.Fields(line); len(f) != 7 || f[1] != "Inf" || f[2] != "NA" || f[3] != "NA" || f[4] != "NA" || f[5] != "NA" || f[6] != "NA" {
				t.Errorf("got row %q, want x1 Inf NA NA NA NA NA", line)
			}
			return
		}
	}
	t.Errorf("no row x1 in\n%s", text)
}
