package logreg

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestHosmerLemeshowPairs checks the test on 20 distinct predictions
// k/21, whose type-7 deciles fall strictly between the 2nd and 3rd, 4th
// and 5th, … values, so that the ten groups are the consecutive pairs: the
// statistic is then the sum over pairs written out, df = 8, and the
// groups' limits and counts are those pairs'. The order of the rows does
// not matter.
func TestHosmerLemeshowPairs(t *testing.T) {
	t.Parallel()
	ys := []float64{0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1}
	p := make([]float64, 20)
	want := 0.0
	for k := range p {
		p[k] = float64(k+1) / 21
	}
	for j := 0; j < 20; j += 2 {
		o, e := ys[j]+ys[j+1], p[j]+p[j+1]
		want += (o-e)*(o-e)/e + (o-e)*(o-e)/(2-e)
	}
	perm := rand.New(rand.NewPCG(1, 2)).Perm(20)
	pp, yp := make([]float64, 20), make([]float64, 20)
	for i, k := range perm {
		pp[i], yp[i] = p[k], ys[k]
	}
	for _, c := range []struct{ p, y []float64 }{{p, ys}, {pp, yp}} {
		hl, err := HosmerLemeshow(c.p, c.y, nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		if relErr(hl.Statistic, want) > 1e-14 || hl.DF != 8 || len(hl.Groups) != 10 {
			t.Errorf("got X² %v df %d groups %d, want %v, 8, 10", hl.Statistic, hl.DF, len(hl.Groups), want)
		}
		if e := relErr(hl.P, ChiSquareSurvival(want, 8)); e > 1e-14 {
			t.Errorf("p %v, want %v", hl.P, ChiSquareSurvival(want, 8))
		}
		for j, g := range hl.Groups {
			if g.N != 2 || g.Observed != ys[2*j]+ys[2*j+1] || !(g.Low <= p[2*j] && p[2*j+1] <= g.High) {
				t.Errorf("group %d: %+v, want the pair %v, %v", j, g, p[2*j], p[2*j+1])
			}
		}
		if g := hl.Groups[0]; math.Abs(g.MeanPredicted()-(p[0]+p[1])/2) > 1e-16 || g.ObservedRate() != 0 {
			t.Errorf("group 0: mean predicted %v, observed rate %v", g.MeanPredicted(), g.ObservedRate())
		}
	}
	// Weights: a weight of 0 leaves the row out; the others scale O, E, N.
	w := make([]float64, 21)
	p21, y21 := append(append([]float64{}, p...), 0.5), append(append([]float64{}, ys...), 1)
	for i := range w {
		w[i] = 3
	}
	w[20] = 0
	hl, err := HosmerLemeshow(p21, y21, w, 10)
	if err != nil || relErr(hl.Statistic, 3*want) > 1e-14 {
		t.Errorf("weights 3: got %v, %v, want X² %v", hl, err, 3*want)
	}
}

// TestHosmerLemeshowErrors checks the errors.
func TestHosmerLemeshowErrors(t *testing.T) {
	t.Parallel()
	p := []float64{0.1, 0.2, 0.3, 0.4, 0.5}
	y := []float64{0, 1, 0, 1, 1}
	for _, c := range []struct {
		p, y, w []float64
		g       int
		want    string
	}{
		{p, y, nil, 2, "at least 3 groups, not 2"},
		{p, y[:3], nil, 10, "different lengths"},
		{[]float64{0.1, 1.2, 0.3}, y[:3], nil, 10, "row 1: prediction 1.2"},
		{p, y, []float64{1, 1, -1, 1, 1}, 10, "row 2"},
		{[]float64{0.5, 0.5, 0.5, 0.5}, y[:4], nil, 3, "too few distinct values for 3 groups (1 groups remain)"},
		// More groups than rows would leave groups empty (R's hoslem.test
		// then returns NaN), and huge ones would loop for hours.
		{p, y, nil, 5, "5 groups for 5 rows of positive weight"},
		{p, y, nil, huge, strconv.Itoa(huge) + " groups for 5 rows"},
		{p, y, []float64{1, 1, 0, 1, 1}, 4, "4 groups for 4 rows"},
		{p, y, []float64{0, 0, 0, 0, 0}, 10, "no rows of positive weight"},
	} {
		_, err := HosmerLemeshow(c.p, c.y, c.w, c.g)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error containing %q", err, c.want)
		}
	}
}
