package logreg

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// CalibrationGroup is one group of a [HosmerLemeshow] test: the rows
// whose predicted probability lies in (Low, High] ([Low, High] for the
// first group).
type CalibrationGroup struct {
	Low, High float64 // the group's limits, quantiles of the predictions
	N         float64 // the rows (the sum of their weights)
	Observed  float64 // Σ w·y, the observed positives
	Expected  float64 // Σ w·p, the expected positives
}

// MeanPredicted returns the group's mean predicted probability,
// Expected/N.
func (g CalibrationGroup) MeanPredicted() float64 { return g.Expected / g.N }

// ObservedRate returns the group's observed rate of positives,
// Observed/N.
func (g CalibrationGroup) ObservedRate() float64 { return g.Observed / g.N }

// HLTest is the result of a Hosmer–Lemeshow goodness-of-fit test.
type HLTest struct {
	Statistic float64 // Σ_g (O_g − E_g)² / (E_g·(1 − E_g/N_g))
	DF        int     // the number of groups − 2
	P         float64 // P(χ²_DF > Statistic)
	Groups    []CalibrationGroup
}

// HosmerLemeshow returns the Hosmer–Lemeshow test of the predicted
// probabilities p against the responses y (0/1, or proportions with
// weights w; nil w means unit weights) in g groups, as R's
// ResourceSelection::hoslem.test forms them: the limits are the quantiles
// of p at 0, 1/g, …, 1 (R's type 7), a row falls in the group (b_{j−1},
// b_j], the first group also holding b_0, and equal limits (many tied
// predictions) merge their groups, so that there may be fewer than g.
// With O, E and N a group's observed and expected positives and rows,
//
//	X² = Σ_g (O − E)²/E + ((N − O) − (N − E))²/(N − E),  df = groups − 2
//
// Rows of weight 0 do not count; the quantiles are those of the rows of
// positive weight, each counted once whatever its weight. HosmerLemeshow returns an error if g < 3,
// if the lengths differ, if a value is outside its range (p and y in
// [0, 1], w ≥ 0, all finite), if g is not below the number n of rows of
// positive weight (more groups would leave some empty), or if fewer than
// three groups remain.
func HosmerLemeshow(p, y, w []float64, g int) (*HLTest, error) {
	if g < 3 {
		return nil, fmt.Errorf("logreg: Hosmer–Lemeshow needs at least 3 groups, not %d", g)
	}
	if len(y) != len(p) || w != nil && len(w) != len(p) {
		return nil, errors.New("logreg: Hosmer–Lemeshow: predictions, responses and weights of different lengths")
	}
	var sorted []float64
	for i, pi := range p {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if !(pi >= 0 && pi <= 1) || !(y[i] >= 0 && y[i] <= 1) || !(wi >= 0) || math.IsInf(wi, 0) {
			return nil, fmt.Errorf("logreg: Hosmer–Lemeshow: row %d: prediction %v, response %v, weight %v out of range", i, pi, y[i], wi)
		}
		if wi > 0 {
			sorted = append(sorted, pi)
		}
	}
	if len(sorted) == 0 {
		return nil, errors.New("logreg: Hosmer–Lemeshow: no rows of positive weight")
	}
	slices.Sort(sorted)
	n := len(sorted)
	if g >= n {
		// The limits of more than n − 1 groups are less than one row apart
		// in the sorted predictions, so that some group holds no row.
		return nil, fmt.Errorf("logreg: Hosmer–Lemeshow: %d groups for %d rows of positive weight: at most n − 1", g, n)
	}
	var breaks []float64
	for j := 0; j <= g; j++ {
		// R's quantile type 7: x[h] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]), h = (n − 1)·q.
		h := float64(n-1) * float64(j) / float64(g)
		lo := int(math.Floor(h))
		q := sorted[lo]
		if lo+1 < n {
			q += (h - float64(lo)) * (sorted[lo+1] - sorted[lo])
		}
		if j == g {
			q = sorted[n-1]
		}
		if len(breaks) == 0 || q > breaks[len(breaks)-1] {
			breaks = append(breaks, q)
		}
	}
	if len(breaks)-1 < 3 {
		return nil, fmt.Errorf("logreg: Hosmer–Lemeshow: the predictions take too few distinct values for %d groups (%d groups remain)", g, max(len(breaks)-1, 1))
	}
	t := &HLTest{Groups: make([]CalibrationGroup, len(breaks)-1)}
	for j := range t.Groups {
		t.Groups[j].Low, t.Groups[j].High = breaks[j], breaks[j+1]
	}
	for i, pi := range p {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if wi == 0 {
			continue
		}
		// The first j with pi ≤ breaks[j+1].
		j, _ := slices.BinarySearch(breaks[1:], pi)
		j = min(j, len(t.Groups)-1)
		gr := &t.Groups[j]
		gr.N += wi
		gr.Observed += wi * y[i]
		gr.Expected += wi * pi
	}
	for _, gr := range t.Groups {
		if gr.N == 0 {
			continue
		}
		d := gr.Observed - gr.Expected
		if gr.Expected > 0 {
			t.Statistic += d * d / gr.Expected
		}
		if gr.N-gr.Expected > 0 {
			t.Statistic += d * d / (gr.N - gr.Expected)
		}
	}
	t.DF = len(t.Groups) - 2
	t.P = ChiSquareSurvival(t.Statistic, float64(t.DF))
	return t, nil
}
