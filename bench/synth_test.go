package bench

import (
	"math"
	"testing"

	"github.com/a1bed000/logreg/logreg"
)

// TestSynthModel checks that the synthetic data follow the stated model: a
// fit recovers the intercept and every coefficient within 4 standard errors
// (for a fixed seed, a failure would mean a wrong generator, not bad luck),
// and that Coef has Σβ_j² = 2.
func TestSynthModel(t *testing.T) {
	t.Parallel()
	for _, p := range []int{1, 3, 7} {
		b := Coef(p)
		var ss float64
		for _, v := range b {
			ss += v * v
		}
		if math.Abs(ss-2) > 1e-12 {
			t.Errorf("p=%d: Σβ² got %v, want 2", p, ss)
		}
		x, y := Synth(20000, p, 3)
		res, err := logreg.Fit(x, y, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := append([]float64{Intercept}, b...)
		for j, w := range want {
			se := math.Sqrt(res.Cov.At(j, j))
			if d := math.Abs(res.Coef[j] - w); d > 4*se {
				t.Errorf("p=%d: coefficient %d got %v, want %v ± 4·%v", p, j, res.Coef[j], w, se)
			}
		}
	}
}

// TestSynthMultinomialModel checks that the synthetic multinomial data
// follow their stated model: FitMultinomial recovers every intercept and
// slope of MultinomialCoef within 4 standard errors (for a fixed seed, a
// failure would mean a wrong generator), and each block has Σβ² = 1.
func TestSynthMultinomialModel(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ p, K int }{{1, 2}, {3, 3}, {6, 4}} {
		want := MultinomialCoef(c.p, c.K)
		for l := range c.K - 1 {
			var ss float64
			for _, v := range want[l*(1+c.p)+1 : (l+1)*(1+c.p)] {
				ss += v * v
			}
			if math.Abs(ss-1) > 1e-12 {
				t.Errorf("p=%d K=%d level %d: Σβ² got %v, want 1", c.p, c.K, l+1, ss)
			}
		}
		x, y := SynthMultinomial(20000, c.p, c.K, 3)
		res, err := logreg.FitMultinomial(x, y, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Levels) != c.K || !res.Converged {
			t.Fatalf("p=%d K=%d: got %d levels, converged %v", c.p, c.K, len(res.Levels), res.Converged)
		}
		for j, w := range want {
			se := math.Sqrt(res.Cov.At(j, j))
			if d := math.Abs(res.Coef[j] - w); d > 4*se {
				t.Errorf("p=%d K=%d: coefficient %s got %v, want %v ± 4·%v", c.p, c.K, res.CoefName(j), res.Coef[j], w, se)
			}
		}
	}
}
