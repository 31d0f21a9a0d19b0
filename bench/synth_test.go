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
