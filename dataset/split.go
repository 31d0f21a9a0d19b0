package dataset

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// splitStream is the second PCG seed word. It is fixed so that a split depends
// on the caller's seed alone.
const splitStream = 0x9e3779b97f4a7c15

// StratifiedSplit divides the rows of a data set with responses y into a
// training set and a test set that keep the class proportions of y. A class
// is a distinct value of y. The split is a pure function of y, testFrac and
// seed: it draws from a PCG generator seeded with seed, never from the clock.
//
// The test set holds
//
//	nTest = round(testFrac·n), clamped to [1, n−1],
//
// rows, shared among the classes by the largest-remainder rule: class c of
// size n_c first gets ⌊nTest·n_c/n⌋ test rows and the rows left over go to the
// classes with the largest fractional parts (ties to the smaller class
// value). Within a class the test rows are a uniform random subset. Both
// results hold 0-based row indices in ascending order; together they hold
// every row exactly once.
//
// StratifiedSplit panics if testFrac is not in the open interval (0, 1), if
// len(y) < 2 or if y holds a NaN.
func StratifiedSplit(y []float64, testFrac float64, seed uint64) (train, test []int) {
	if !(testFrac > 0 && testFrac < 1) {
		panic("dataset: test fraction must be in (0, 1)")
	}
	n := len(y)
	if n < 2 {
		panic("dataset: need at least two rows to split")
	}
	classes := groupClasses(y)
	rng := rand.New(rand.NewPCG(seed, splitStream))

	nTest := int(math.Round(testFrac * float64(n)))
	nTest = min(max(nTest, 1), n-1)

	// Largest-remainder allocation of nTest among the classes.
	quota := make([]int, len(classes))
	rem := make([]float64, len(classes))
	given := 0
	for c, idx := range classes {
		exact := float64(nTest) * float64(len(idx)) / float64(n)
		quota[c] = int(math.Floor(exact))
		rem[c] = exact - float64(quota[c])
		given += quota[c]
	}
	order := make([]int, len(classes))
	for c := range order {
		order[c] = c
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
	for _, c := range order[:nTest-given] {
		quota[c]++
	}

	train = make([]int, 0, n-nTest)
	test = make([]int, 0, nTest)
	for c, idx := range classes {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		test = append(test, idx[:quota[c]]...)
		train = append(train, idx[quota[c]:]...)
	}
	slices.Sort(train)
	slices.Sort(test)
	return train, test
}

// StratifiedKFold divides the rows of a data set with responses y into k
// folds for cross-validation and returns, for each fold, the 0-based indices
// of its test rows in ascending order; the training rows of fold f are all the
// others. A class is a distinct value of y.
//
// The rows of each class are shuffled with a PCG generator seeded with seed,
// the classes are laid end to end in ascending order of their value, and the
// t-th row of that sequence goes to fold t mod k. Every fold thus holds ⌊n/k⌋
// or ⌈n/k⌉ rows, and every class is spread over the folds as evenly as
// possible: a class with fewer than k rows is absent from some folds, which
// is allowed.
//
// StratifiedKFold panics if k < 2, if k > len(y) (a fold would be empty) or
// if y holds a NaN.
func StratifiedKFold(y []float64, k int, seed uint64) [][]int {
	if k < 2 {
		panic("dataset: need at least two folds")
	}
	if k > len(y) {
		panic("dataset: more folds than rows")
	}
	classes := groupClasses(y)
	rng := rand.New(rand.NewPCG(seed, splitStream))
	folds := make([][]int, k)
	for f := range folds {
		folds[f] = make([]int, 0, len(y)/k+1)
	}
	t := 0
	for _, idx := range classes {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx {
			folds[t%k] = append(folds[t%k], i)
			t++
		}
	}
	for _, f := range folds {
		slices.Sort(f)
	}
	return folds
}

// groupClasses returns the row indices of each distinct value of y, classes
// in ascending order of value and rows in ascending order within a class.
// It panics if y holds a NaN.
func groupClasses(y []float64) [][]int {
	pos := make(map[float64]int)
	var values []float64
	for _, v := range y {
		if math.IsNaN(v) {
			panic("dataset: NaN in responses")
		}
		if _, ok := pos[v]; !ok {
			pos[v] = len(values)
			values = append(values, v)
		}
	}
	slices.Sort(values)
	for c, v := range values {
		pos[v] = c
	}
	classes := make([][]int, len(values))
	for i, v := range y {
		c := pos[v]
		classes[c] = append(classes[c], i)
	}
	return classes
}
