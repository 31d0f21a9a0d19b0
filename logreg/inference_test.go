package logreg

import (
	"math"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

func refFloat(t *testing.T, m map[string]string, key string) float64 {
	t.Helper()
	v, err := refcase.Float(m[key])
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	return v
}

// TestProfileIntervalsRef pins the exact profile-likelihood limits to the
// reference roots of internal/refcase next/ (exact to 1e-10), with their
// odds ratios.
func TestProfileIntervalsRef(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, data, formula string }{
		{"birthwt_full", "next/birthwt.csv", "low ~ age + lwt + race + smoke + ptl + ht + ui + ftv"},
		{"mtcars_am_hp_wt", "next/mtcars.csv", "am ~ hp + wt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := formulaDesign(t, tc.data, tc.formula)
			set := &Settings{Names: d.Names}
			r, err := Fit(d.X, d.Y, set)
			if err != nil {
				t.Fatal(err)
			}
			ci, err := ProfileIntervals(d.X, d.Y, set, r, 0.95)
			if err != nil {
				t.Fatal(err)
			}
			tab, err := refcase.ReadTable("next/" + tc.name + ".profile_ci.csv")
			if err != nil {
				t.Fatal(err)
			}
			recs := tab.Records()
			if len(recs) != len(ci) {
				t.Fatalf("%d intervals, want %d", len(ci), len(recs))
			}
			worst := 0.0
			for j, m := range recs {
				if got := refcase.RName(r.Names[j]); got != m["name"] {
					t.Fatalf("coefficient %d is %s, want %s", j, got, m["name"])
				}
				orLo, orHi := ci[j].OddsRatio()
				for _, c := range []struct {
					key string
					got float64
				}{
					{"profile_lower", ci[j].Lower}, {"profile_upper", ci[j].Upper},
					{"or_profile_lower", orLo}, {"or_profile_upper", orHi},
				} {
					want := refFloat(t, m, c.key)
					rel := math.Abs(c.got-want) / math.Abs(want)
					worst = max(worst, rel)
					if rel > 2e-11 { // measured 4.1e-12
						t.Errorf("%s %s = %.17g, want %.17g (rel %.2g)", m["name"], c.key, c.got, want, rel)
					}
				}
				if ci[j].LowerReason != "" || ci[j].UpperReason != "" {
					t.Errorf("%s: reasons %q %q for finite limits", m["name"], ci[j].LowerReason, ci[j].UpperReason)
				}
			}
			t.Logf("worst relative error %.2g, fits %d", worst, ci[0].Fits)
		})
	}
}
