package logreg

import (
	"math"
	"testing"
)

// TestTraceObjective checks that the last trace entry, the extra Newton
// step, has the objective the iterations minimize, computed the same way:
// on proportions, the binomial log-likelihood is not −deviance/2, and a
// ridge fit's last entry once jumped from 1.83 to 13.5.
func TestTraceObjective(t *testing.T) {
	t.Parallel()
	x, y0 := synthetic(60, 2, 11)
	y := make([]float64, len(y0))
	w := make([]float64, len(y0))
	for i := range y {
		y[i] = 0.1 + 0.8*y0[i] - 0.05*float64(i%3) // proportions
		w[i] = float64(1 + i%4)
	}
	for _, s := range []Settings{{L2: 1}, {Firth: true}, {}} {
		s.Weights = w
		res, err := Fit(x, y, &s)
		if err != nil {
			t.Fatal(err)
		}
		checkTrace(t, res, &s)
		if s.Firth {
			continue
		}
		s.Weights = nil
		res, err = FitStream(2, chunked(x, y, w, []int{7}), &s)
		if err != nil {
			t.Fatal(err)
		}
		checkTrace(t, res, &s)
	}
}

func checkTrace(t *testing.T, res *Result, s *Settings) {
	t.Helper()
	if !res.Converged {
		t.Fatalf("L2 %g Firth %v: not converged: %q", s.L2, s.Firth, res.Warnings)
	}
	tr := res.Trace
	last, prev := tr[len(tr)-1], tr[len(tr)-2]
	want := res.Deviance
	switch {
	case s.L2 > 0:
		want += s.L2 * ridgeNorm(res.Coef, true)
	case s.Firth:
		want = res.Deviance - 2*(res.PenalizedLogLik-res.LogLik)
	}
	if e := relErr(last.Objective, want); e > 1e-14 {
		t.Errorf("L2 %g Firth %v: last objective %.15g, want %.15g", s.L2, s.Firth, last.Objective, want)
	}
	// The extra step changes the objective by less than the tolerance.
	if d := math.Abs(last.Objective-prev.Objective) / (math.Abs(last.Objective) + 0.1); d > 1e-8 {
		t.Errorf("L2 %g Firth %v: objective %.15g after %.15g, a relative change of %.2g", s.L2, s.Firth, last.Objective, prev.Objective, d)
	}
}
