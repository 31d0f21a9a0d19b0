package logreg

import (
	"encoding/csv"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/linalg"
)

// irisTwo returns the rows of two iris species from testdata/iris.csv, with
// y = 1 for the second.
func irisTwo(t testing.TB, a, b string) (*linalg.Dense, []float64, []string) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "iris.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var data, y []float64
	for _, r := range recs[1:] {
		if r[4] != a && r[4] != b {
			continue
		}
		for _, s := range r[:4] {
			data = append(data, parseFloat(t, s))
		}
		if r[4] == b {
			y = append(y, 1)
		} else {
			y = append(y, 0)
		}
	}
	return linalg.NewDense(len(y), 4, data), y, recs[0][:4]
}

func TestSeparationIris(t *testing.T) {
	t.Parallel()
	x, y, names := irisTwo(t, "setosa", "versicolor")
	res, err := Fit(x, y, &Settings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Separation || res.SeparationType != SeparationComplete || res.Converged {
		t.Fatalf("Separation %v %v Converged %v, want true complete false", res.Separation, res.SeparationType, res.Converged)
	}
	if len(res.Diverging) == 0 {
		t.Fatal("no diverging coefficients named")
	}
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "completely separated") {
		t.Errorf("warnings %q, want a separation warning", res.Warnings)
	}
	// The direction found must really separate: every setosa below every
	// versicolor along the fitted linear predictor.
	eta := make([]float64, len(y))
	linalg.MulVecTo(eta, x, res.Coef, true)
	for i, e := range eta {
		if (y[i] == 1) != (e > 0) {
			t.Errorf("row %d: η = %g does not separate (y = %g)", i, e, y[i])
		}
	}
	// Versicolor against virginica overlaps: R warns of fitted probabilities
	// numerically 0 or 1, yet the estimate exists.
	x, y, names = irisTwo(t, "versicolor", "virginica")
	res, err = Fit(x, y, &Settings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	if res.Separation || !res.Converged {
		t.Errorf("versicolor/virginica: Separation %v Converged %v, want false true", res.Separation, res.Converged)
	}
}

func TestSeparationQuasi(t *testing.T) {
	t.Parallel()
	// y is 0 below 4 and 1 above; at x = 4 both occur.
	xs := []float64{1, 2, 3, 4, 4, 5, 6, 7}
	y := []float64{0, 0, 0, 0, 1, 1, 1, 1}
	res, err := Fit(linalg.NewDense(len(xs), 1, xs), y, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Separation || res.SeparationType != SeparationQuasiComplete || res.Converged {
		t.Fatalf("Separation %v %v Converged %v, want true quasi-complete false", res.Separation, res.SeparationType, res.Converged)
	}
	// Konis' program: b = (−1, 1/4), the hyperplane x = 4.
	if !slices.Equal(res.Diverging, []int{0, 1}) || !slices.Equal(res.Status, []CoefStatus{CoefMinusInf, CoefPlusInf}) {
		t.Errorf("Diverging %v Status %v, want [0 1] [-Inf Inf]", res.Diverging, res.Status)
	}
	// Overlap everywhere: no separation.
	y2 := []float64{0, 1, 0, 0, 1, 1, 0, 1}
	res, err = Fit(linalg.NewDense(len(xs), 1, xs), y2, nil)
	if err != nil || res.Separation || !res.Converged {
		t.Fatalf("overlapping data: err %v Separation %v Converged %v", err, res.Separation, res.Converged)
	}
}

func TestRankDeficient(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 50
	a, b := make([]float64, n), make([]float64, n)
	y := make([]float64, n)
	for i := range a {
		a[i], b[i] = rng.NormFloat64(), rng.NormFloat64()
		if rng.Float64() < Sigmoid(a[i]-b[i]) {
			y[i] = 1
		}
	}
	build := func(cols ...[]float64) *linalg.Dense {
		x := linalg.NewDense(n, len(cols), nil)
		for j, c := range cols {
			for i, v := range c {
				x.Set(i, j, v)
			}
		}
		return x
	}
	sum := make([]float64, n)
	ones := make([]float64, n)
	for i := range sum {
		sum[i] = 2*a[i] - 3*b[i]
		ones[i] = 7
	}
	var re *RankError
	for _, tc := range []struct {
		name      string
		x         *linalg.Dense
		names     []string
		intercept bool
		wantCol   int
		wantName  string
	}{
		{"collinear", build(a, b, sum), []string{"a", "b", "c"}, true, 3, "c"},
		{"constant", build(a, ones, b), []string{"a", "seven", "b"}, true, 2, "seven"},
		{"duplicate without intercept", build(a, b, a), nil, false, 2, "x3"},
	} {
		_, err := Fit(tc.x, y, &Settings{Names: tc.names, NoIntercept: !tc.intercept})
		if !errors.As(err, &re) || !errors.Is(err, ErrRank) {
			t.Errorf("%s: got %v, want a RankError", tc.name, err)
			continue
		}
		if re.Col != tc.wantCol || re.Name != tc.wantName {
			t.Errorf("%s: got column %d %q, want %d %q", tc.name, re.Col, re.Name, tc.wantCol, tc.wantName)
		}
		if !strings.Contains(err.Error(), tc.wantName) {
			t.Errorf("%s: message %q does not name %q", tc.name, err, tc.wantName)
		}
	}
	// Exact dependence in a larger design, where the Gram matrix's pivot
	// drowns in rounding (ratio ≈ 1e-14): the QR test must still find it.
	big := linalg.NewDense(100000, 30, nil)
	by := make([]float64, 100000)
	for i := 0; i < 100000; i++ {
		s := 0.0
		for j := 0; j < 29; j++ {
			v := rng.NormFloat64()*float64(j+1) + float64(j*j)
			big.Set(i, j, v)
			if j%3 == 0 {
				s += 1.37 * v
			}
		}
		big.Set(i, 29, s)
		by[i] = float64(i % 2)
	}
	_, err := Fit(big, by, nil)
	if !errors.As(err, &re) || re.Col != 30 {
		t.Errorf("large dependent design: got %v, want a RankError for coefficient 30", err)
	}
	// A nearly dependent column that R keeps (residual ratio 1e-5 > 1e-7)
	// is not an error.
	near := build(a, b, sum)
	for i := 0; i < n; i++ {
		near.Set(i, 2, sum[i]+1e-5*float64(i%7-3))
	}
	if _, err := Fit(near, y, nil); err != nil {
		t.Errorf("nearly dependent design: got %v, want no error", err)
	}
	// More coefficients than observations.
	wide := linalg.NewDense(3, 4, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 4})
	_, err = Fit(wide, []float64{0, 1, 0}, nil)
	if !errors.As(err, &re) || re.Coefs != 5 || re.Obs != 3 {
		t.Errorf("p ≥ n: got %v, want a RankError for 5 coefficients and 3 observations", err)
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	x := linalg.NewDense(3, 1, []float64{1, 2, 3})
	for _, tc := range []struct {
		name    string
		x       *linalg.Dense
		y, w    []float64
		want    error
		row     int
		message string
	}{
		{"y length", x, []float64{0, 1}, nil, ErrLength, -1, "logreg: y: 2 values for 3 rows"},
		{"w length", x, []float64{0, 1, 1}, []float64{1}, ErrLength, -1, "logreg: weights:"},
		{"NaN x", linalg.NewDense(3, 1, []float64{1, math.NaN(), 3}), []float64{0, 1, 0}, nil, ErrNotFinite, 1, "logreg: x[1, 0]: NaN"},
		{"Inf y", x, []float64{0, math.Inf(1), 0}, nil, ErrNotFinite, 1, "logreg: y[1]"},
		{"y > 1", x, []float64{0, 2, 0}, nil, ErrResponse, 1, "outside [0, 1]"},
		{"y < 0", x, []float64{0, -0.5, 0}, nil, ErrResponse, 1, "logreg: y[1]: -0.5"},
		{"negative weight", x, []float64{0, 1, 0}, []float64{1, -1, 1}, ErrWeight, 1, "logreg: weights[1]: -1"},
		{"zero weights", x, []float64{0, 1, 0}, []float64{0, 0, 0}, ErrNoData, -1, "no observation"},
		{"huge column", linalg.NewDense(3, 1, []float64{1e300, -2e300, 1}), []float64{0, 1, 0}, nil, ErrScale, -1, "logreg: x column 0 (x1): largest magnitude 2e+300"},
		{"tiny column", linalg.NewDense(3, 1, []float64{1e-300, -2e-300, 0}), []float64{0, 1, 0}, nil, ErrScale, -1, "rescale the column"},
	} {
		_, err := Fit(tc.x, tc.y, &Settings{Weights: tc.w})
		var de *DataError
		if !errors.Is(err, tc.want) || !errors.As(err, &de) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
			continue
		}
		if de.Row != tc.row || !strings.Contains(err.Error(), tc.message) {
			t.Errorf("%s: got row %d message %q, want row %d containing %q", tc.name, de.Row, err, tc.row, tc.message)
		}
	}
}

// TestBadInputBlocks checks that a large input, validated in blocks of rows
// on several goroutines, reports its first error in row order.
func TestBadInputBlocks(t *testing.T) {
	t.Parallel()
	const n, c = 200000, 4 // 800k entries: three blocks with three workers
	xd := make([]float64, n*c)
	for i := range xd {
		xd[i] = float64(i%7) - 3
	}
	y := make([]float64, n)
	for i := range y {
		y[i] = float64(i % 2)
	}
	xd[150000*c+2] = math.NaN() // third block
	y[180000] = 2               // third block, later row
	for _, tc := range []struct {
		name     string
		yRow     int // a second error in y, or -1
		row, col int
	}{
		{"last block", -1, 150000, 2},
		{"second block first", 90000, 90000, -1},
		{"first block first", 10, 10, -1},
	} {
		yy := append([]float64(nil), y...)
		if tc.yRow >= 0 {
			yy[tc.yRow] = -1
		}
		for _, workers := range []int{1, 3} {
			_, err := Fit(linalg.NewDense(n, c, xd), yy, &Settings{Workers: workers})
			var de *DataError
			if !errors.As(err, &de) || de.Row != tc.row || de.Col != tc.col {
				t.Errorf("%s, %d workers: got %v, want an error at row %d, column %d", tc.name, workers, err, tc.row, tc.col)
			}
		}
	}
}

// TestWeightsAsTrials checks R's binomial convention: a proportion y with
// weight m fits like m rows of 0/1 data.
func TestWeightsAsTrials(t *testing.T) {
	t.Parallel()
	// Dose-response: at dose d, s of m animals respond.
	dose := []float64{1, 2, 3, 4, 5}
	m := []float64{10, 12, 9, 11, 10}
	s := []float64{1, 3, 4, 8, 9}
	prop := make([]float64, len(dose))
	var long, ly []float64
	for i := range dose {
		prop[i] = s[i] / m[i]
		for j := 0; j < int(m[i]); j++ {
			long = append(long, dose[i])
			if j < int(s[i]) {
				ly = append(ly, 1)
			} else {
				ly = append(ly, 0)
			}
		}
	}
	agg, err := Fit(linalg.NewDense(len(dose), 1, dose), prop, &Settings{Weights: m})
	if err != nil {
		t.Fatal(err)
	}
	exp, err := Fit(linalg.NewDense(len(long), 1, long), ly, nil)
	if err != nil {
		t.Fatal(err)
	}
	for j := range agg.Coef {
		if e := relErr(agg.Coef[j], exp.Coef[j]); e > 1e-10 {
			t.Errorf("coef %d: got %.15g, want %.15g", j, agg.Coef[j], exp.Coef[j])
		}
		if e := relErr(agg.Cov.At(j, j), exp.Cov.At(j, j)); e > 1e-10 {
			t.Errorf("var %d: got %.15g, want %.15g", j, agg.Cov.At(j, j), exp.Cov.At(j, j))
		}
	}
	// The log-likelihoods differ by the binomial coefficients, the
	// deviances do not share a saturated model; AIC differences between
	// models are what must agree, so check the log-likelihood identity.
	var lc float64
	for i := range m {
		lc += lchoose(m[i], s[i])
	}
	if e := relErr(agg.LogLik, exp.LogLik+lc); e > 1e-12 {
		t.Errorf("log-likelihood: got %.15g, want %.15g", agg.LogLik, exp.LogLik+lc)
	}
}

// TestWorkersBitIdentical checks that the result does not depend on the
// number of goroutines.
func TestWorkersBitIdentical(t *testing.T) {
	t.Parallel()
	x, y := synthetic(20000, 6, 3)
	var first *Result
	for _, w := range []int{1, 2, 3, 8} {
		res, err := Fit(x, y, &Settings{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = res
			continue
		}
		if !slices.Equal(res.Coef, first.Coef) || res.Deviance != first.Deviance || !slices.Equal(res.Cov.RawData(), first.Cov.RawData()) {
			t.Errorf("workers %d: coefficients %v, want %v bit for bit", w, res.Coef, first.Coef)
		}
	}
}

// synthetic draws n rows from a known logistic model with p features.
func synthetic(n, p int, seed uint64) (*linalg.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	x := linalg.NewDense(n, p, nil)
	y := make([]float64, n)
	data := x.RawData()
	for i := 0; i < n; i++ {
		eta := 0.3
		for j := 0; j < p; j++ {
			v := rng.NormFloat64()
			data[i*p+j] = v
			eta += v * float64(j%3-1) * 0.5
		}
		if rng.Float64() < Sigmoid(eta) {
			y[i] = 1
		}
	}
	return x, y
}

// TestIterationAllocs keeps a Newton iteration free of allocations.
func TestIterationAllocs(t *testing.T) {
	x, y := synthetic(10000, 5, 7)
	for _, workers := range []int{1, 2} {
		f := newFitter(x, y, nil, true, workers)
		var ch linalg.Cholesky
		delta := make([]float64, f.k)
		f.pass(atStart)
		if err := ch.Factorize(f.h); err != nil {
			t.Fatal(err)
		}
		ch.SolveVecTo(f.beta, f.g)
		allocs := testing.AllocsPerRun(5, func() {
			f.pass(atBeta)
			if err := ch.Factorize(f.h); err != nil {
				t.Fatal(err)
			}
			ch.SolveVecTo(delta, f.g)
			linalg.Axpy(1, delta, f.beta)
		})
		f.close()
		if allocs != 0 {
			t.Errorf("workers %d: got %v allocations per iteration, want 0", workers, allocs)
		}
	}
}

func TestNoConvergence(t *testing.T) {
	t.Parallel()
	x, y, names := loadRefCase(t, refCases[0])
	res, err := Fit(x, y, &Settings{Names: names, MaxIter: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Converged || res.Iterations != 3 || len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "did not converge") {
		t.Errorf("Converged %v Iterations %d Warnings %q, want false 3 and a warning", res.Converged, res.Iterations, res.Warnings)
	}
}
