package main

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestAUC(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		y, s []float64
		want float64 // exact: counted by hand over positive–negative pairs
	}{
		{"perfect", []float64{0, 0, 1, 1}, []float64{0.1, 0.2, 0.3, 0.4}, 1},
		{"reversed", []float64{1, 1, 0, 0}, []float64{0.1, 0.2, 0.3, 0.4}, 0},
		{"all tied", []float64{1, 0, 1, 0}, []float64{0.5, 0.5, 0.5, 0.5}, 0.5},
		// Positives 0.8, 0.5, 0.2 against negatives 0.8, 0.2, pair by pair:
		// (0.8, 0.8) ½, (0.8, 0.2) 1, (0.5, 0.8) 0, (0.5, 0.2) 1,
		// (0.2, 0.8) 0, (0.2, 0.2) ½: 3 of 6 pairs.
		{"ties", []float64{1, 0, 1, 0, 1}, []float64{0.8, 0.8, 0.5, 0.2, 0.2}, 3.0 / 6},
		// One positive 0.7 against negatives 0.1, 0.7, 0.9: 1 + ½ + 0.
		{"one positive", []float64{0, 1, 0, 0}, []float64{0.1, 0.7, 0.7, 0.9}, 1.5 / 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			// Exact to rounding: tolerance 1e-15 absolute.
			if got := auc(c.y, c.s); !(math.Abs(got-c.want) <= 1e-15) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	if got := auc([]float64{1, 1}, []float64{0.2, 0.3}); !math.IsNaN(got) {
		t.Errorf("one class: got %v, want NaN", got)
	}
	// NaN scores sort below every number: they would rank as the lowest.
	if got := auc([]float64{0, 1, 1}, []float64{math.NaN(), 0.5, 0.7}); !math.IsNaN(got) {
		t.Errorf("a NaN score: got %v, want NaN", got)
	}
	if got := rocPoints([]float64{0, 1, 1}, []float64{math.NaN(), 0.5, 0.7}); got != nil {
		t.Errorf("ROC with a NaN score: got %v, want nil", got)
	}
}

// TestEvaluateNaN checks that a NaN linear predictor makes every measure
// NaN rather than counting its row as a negative.
func TestEvaluateNaN(t *testing.T) {
	t.Parallel()
	m := evaluate([]float64{0, 1, 1, 0}, []float64{math.NaN(), 3, math.NaN(), -2}, 0.5)
	for i, f := range m.scores.fields() {
		if !math.IsNaN(float64(*f)) {
			t.Errorf("%s: got %v, want NaN", scoreNames[i], float64(*f))
		}
	}
	if m.Confusion != (confusion{}) || m.N != 4 {
		t.Errorf("got n %d, confusion %+v, want 4 and none", m.N, m.Confusion)
	}
}

func TestROCPoints(t *testing.T) {
	t.Parallel()
	// Scores 0.9 (positive), 0.6 (positive, negative), 0.1 (negative):
	// (0, 0) → (0, ½) → (½, 1) → (1, 1).
	got := rocPoints([]float64{1, 1, 0, 0}, []float64{0.9, 0.6, 0.6, 0.1})
	want := [][2]float64{{0, 0}, {0, 0.5}, {0.5, 1}, {1, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := rocPoints([]float64{0, 0}, []float64{0.1, 0.2}); got != nil {
		t.Errorf("one class: got %v, want nil", got)
	}
}

func TestMeanSD(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	cases := []struct {
		name     string
		v        []float64
		mean, sd float64 // sample standard deviation, by hand
	}{
		{"four", []float64{1, 2, 3, 4}, 2.5, math.Sqrt(5.0 / 3)}, // squares 2.25+0.25+0.25+2.25 = 5
		{"NaN skipped", []float64{1, nan, 3}, 2, math.Sqrt2},
		{"one", []float64{7}, 7, nan},
		{"none", []float64{nan}, nan, nan},
	}
	same := func(a, b float64) bool { return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-15*math.Abs(b) }
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m, s := meanSD(c.v)
			if !same(m, c.mean) || !same(s, c.sd) {
				t.Errorf("got %v ± %v, want %v ± %v (relative tolerance 1e-15)", m, s, c.mean, c.sd)
			}
		})
	}
}

func TestNumJSON(t *testing.T) {
	t.Parallel()
	cases := []struct {
		v    float64
		want string
	}{
		{math.Inf(1), "null"},
		{math.Inf(-1), "null"},
		{math.NaN(), "null"},
		{0.1, "0.1"},
		{-42.637803813022, "-42.637803813022"},
		{1e-300, "1e-300"},
	}
	for _, c := range cases {
		b, err := json.Marshal(struct {
			V num `json:"v"`
		}{num(c.v)})
		if want := `{"v":` + c.want + `}`; err != nil || string(b) != want {
			t.Errorf("%v: got %s, %v, want %s", c.v, b, err, want)
		}
	}
	var back struct{ V num }
	if err := json.Unmarshal([]byte(`{"V": null}`), &back); err != nil || !math.IsNaN(float64(back.V)) {
		t.Errorf("null: got %v, %v, want NaN", back.V, err)
	}
}

// TestMetricsTextLarge checks that a huge log-loss (a confidently wrong
// model) prints in exponent form, not as hundreds of digits.
func TestMetricsTextLarge(t *testing.T) {
	t.Parallel()
	m := evaluate([]float64{0, 1}, []float64{1e300, -1e300}, 0.5)
	var b strings.Builder
	writeMetricsText(&b, &m, [2]string{"0", "1"})
	if !strings.Contains(b.String(), "log-loss:  1e+300\n") {
		t.Errorf("got\n%s\nwant a line log-loss:  1e+300", b.String())
	}
}
