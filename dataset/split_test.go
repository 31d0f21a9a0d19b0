package dataset

import (
	"fmt"
	"slices"
	"testing"
)

// labels returns counts[0] rows of class 0, counts[1] rows of class 1, and so
// on, interleaved so that the classes are not in contiguous blocks.
func labels(counts ...int) []float64 {
	var y []float64
	left := slices.Clone(counts)
	for more := true; more; {
		more = false
		for c := range left {
			if left[c] > 0 {
				y = append(y, float64(c))
				left[c]--
				more = true
			}
		}
	}
	return y
}

func classCounts(y []float64, idx []int) map[float64]int {
	m := make(map[float64]int)
	for _, i := range idx {
		m[y[i]]++
	}
	return m
}

func checkPartition(t *testing.T, n int, parts ...[]int) {
	t.Helper()
	seen := make([]int, n)
	for _, p := range parts {
		if !slices.IsSorted(p) {
			t.Errorf("indices not ascending: %v", p)
		}
		for _, i := range p {
			if i < 0 || i >= n {
				t.Fatalf("index %d out of range [0, %d)", i, n)
			}
			seen[i]++
		}
	}
	for i, c := range seen {
		if c != 1 {
			t.Errorf("row %d: got %d occurrences, want 1", i, c)
		}
	}
}

func TestStratifiedSplit(t *testing.T) {
	t.Parallel()
	// Expected per-class test counts worked out by hand from the
	// largest-remainder rule in the documentation.
	tests := []struct {
		name     string
		y        []float64
		frac     float64
		wantTest map[float64]int
	}{
		{"iris-like 3x50 at 0.2", labels(50, 50, 50), 0.2, map[float64]int{0: 10, 1: 10, 2: 10}},
		{"90/10 at 0.25", labels(90, 10), 0.25, map[float64]int{0: 23, 1: 2}},  // 22.5, 2.5: tie to class 0
		{"7/3 at 0.5", labels(7, 3), 0.5, map[float64]int{0: 4, 1: 1}},         // 3.5, 1.5: tie to class 0
		{"6/4 at 0.3", labels(6, 4), 0.3, map[float64]int{0: 2, 1: 1}},         // 1.8, 1.2
		{"2 rows at 0.01", labels(1, 1), 0.01, map[float64]int{0: 1}},          // clamped to 1 test row
		{"2 rows at 0.99", labels(1, 1), 0.99, map[float64]int{0: 1}},          // clamped to n-1
		{"130/59 at 0.3", labels(130, 59), 0.3, map[float64]int{0: 39, 1: 18}}, // nTest 57: 39.206, 17.794
		{"single class", labels(20), 0.25, map[float64]int{0: 5}},              // one class
		{"weights-like values", []float64{0.5, 0.5, 1, 1, 0, 0}, 0.5, map[float64]int{0: 1, 0.5: 1, 1: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			train, test := StratifiedSplit(tc.y, tc.frac, 42)
			checkPartition(t, len(tc.y), train, test)
			got := classCounts(tc.y, test)
			for c := range got {
				if got[c] == 0 {
					delete(got, c)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.wantTest) {
				t.Errorf("test class counts: got %v, want %v", got, tc.wantTest)
			}
		})
	}
}

func TestStratifiedSplitDeterministic(t *testing.T) {
	t.Parallel()
	y := labels(60, 40)
	tr1, te1 := StratifiedSplit(y, 0.3, 7)
	tr2, te2 := StratifiedSplit(y, 0.3, 7)
	if !slices.Equal(tr1, tr2) || !slices.Equal(te1, te2) {
		t.Errorf("same seed: got %v and %v, want equal splits", te1, te2)
	}
	// Different seeds must give different test sets; with 30 of 100 rows
	// drawn, a collision among these seeds has negligible probability.
	distinct := map[string]bool{fmt.Sprint(te1): true}
	for seed := uint64(8); seed < 12; seed++ {
		_, te := StratifiedSplit(y, 0.3, seed)
		distinct[fmt.Sprint(te)] = true
	}
	if len(distinct) != 5 {
		t.Errorf("5 seeds: got %d distinct test sets, want 5", len(distinct))
	}
	// The input must not be modified.
	if !slices.Equal(y, labels(60, 40)) {
		t.Errorf("y was modified")
	}
}

func TestStratifiedSplitPanics(t *testing.T) {
	t.Parallel()
	nan := []float64{0, 1, 0}
	nan[1] = nan[1] * 0 / zero()
	tests := []struct {
		name string
		y    []float64
		frac float64
	}{
		{"frac 0", labels(5, 5), 0},
		{"frac 1", labels(5, 5), 1},
		{"frac negative", labels(5, 5), -0.1},
		{"frac NaN", labels(5, 5), nan[1]},
		{"one row", labels(1), 0.5},
		{"NaN response", nan, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				if recover() == nil {
					t.Errorf("got no panic, want one")
				}
			}()
			StratifiedSplit(tc.y, tc.frac, 1)
		})
	}
}

func zero() float64 { return 0 }

func TestStratifiedKFold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		counts []int
		k      int
	}{
		{"3x50 k=5", []int{50, 50, 50}, 5},
		{"90/10 k=10", []int{90, 10}, 10},
		{"7/3 k=3", []int{7, 3}, 3},
		{"class smaller than k", []int{10, 2}, 4},
		{"k=n", []int{3, 2}, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			y := labels(tc.counts...)
			folds := StratifiedKFold(y, tc.k, 3)
			if len(folds) != tc.k {
				t.Fatalf("folds: got %d, want %d", len(folds), tc.k)
			}
			checkPartition(t, len(y), folds...)
			n := len(y)
			for f, fold := range folds {
				if len(fold) < n/tc.k || len(fold) > (n+tc.k-1)/tc.k {
					t.Errorf("fold %d size: got %d, want %d or %d", f, len(fold), n/tc.k, (n+tc.k-1)/tc.k)
				}
				got := classCounts(y, fold)
				for c, nc := range tc.counts {
					lo, hi := nc/tc.k, (nc+tc.k-1)/tc.k
					if got[float64(c)] < lo || got[float64(c)] > hi {
						t.Errorf("fold %d class %d: got %d rows, want %d to %d", f, c, got[float64(c)], lo, hi)
					}
				}
			}
			again := StratifiedKFold(y, tc.k, 3)
			for f := range folds {
				if !slices.Equal(folds[f], again[f]) {
					t.Errorf("fold %d not reproducible: got %v, want %v", f, again[f], folds[f])
				}
			}
		})
	}
}

func TestStratifiedKFoldSeedMatters(t *testing.T) {
	t.Parallel()
	y := labels(50, 50)
	a := StratifiedKFold(y, 5, 1)
	b := StratifiedKFold(y, 5, 2)
	if fmt.Sprint(a) == fmt.Sprint(b) {
		t.Errorf("seeds 1 and 2: got identical folds, want different")
	}
}

func TestStratifiedKFoldPanics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		y    []float64
		k    int
	}{
		{"k=1", labels(5, 5), 1},
		{"k=0", labels(5, 5), 0},
		{"k>n", labels(2, 2), 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				if recover() == nil {
					t.Errorf("got no panic, want one")
				}
			}()
			StratifiedKFold(tc.y, tc.k, 1)
		})
	}
}
