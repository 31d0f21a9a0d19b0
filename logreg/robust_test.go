package logreg

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
)

// loadColumns returns the named numeric columns of a reference data file
// as a design matrix, in the order given.
func loadColumns(t testing.TB, file string, cols ...string) *linalg.Dense {
	t.Helper()
	tab, err := refcase.ReadTable(file)
	if err != nil {
		t.Fatal(err)
	}
	x := linalg.NewDense(len(tab.Rows), len(cols), nil)
	for j, h := range cols {
		c := tab.Col(h)
		if c < 0 {
			t.Fatalf("%s: no column %s", file, h)
		}
		for i, r := range tab.Rows {
			x.Set(i, j, parseFloat(t, r[c]))
		}
	}
	return x
}

// loadMatrix reads a k×k matrix with a header of names and a name column.
func loadMatrix(t testing.TB, file string) *linalg.Dense {
	t.Helper()
	tab, err := refcase.ReadTable(file)
	if err != nil {
		t.Fatal(err)
	}
	k := len(tab.Rows)
	m := linalg.NewDense(k, k, nil)
	for i, r := range tab.Rows {
		for j := range k {
			m.Set(i, j, parseFloat(t, r[j+1]))
		}
	}
	return m
}

// infertFit fits the infert_robust model and returns it with its design,
// response and the stratum of each row coded 0, 1, ….
func infertFit(t testing.TB) (*Result, *linalg.Dense, []float64, []int) {
	t.Helper()
	const file = "next/infert.csv"
	x := loadColumns(t, file, "spontaneous", "induced", "age", "parity")
	yc := loadColumns(t, file, "case", "stratum")
	n, _ := x.Dims()
	y := make([]float64, n)
	cl := make([]int, n)
	codes := map[float64]int{}
	for i := range n {
		y[i] = yc.At(i, 0)
		s := yc.At(i, 1)
		if _, ok := codes[s]; !ok {
			codes[s] = len(codes)
		}
		cl[i] = codes[s]
	}
	res, err := Fit(x, y, &Settings{Names: []string{"spontaneous", "induced", "age", "parity"}})
	if err != nil {
		t.Fatal(err)
	}
	return res, x, y, cl
}

// Tolerance of the robust covariances against the reference, relative to
// the largest element of the matrix's row and column (so that an element
// that cancels to near zero is not held to more digits than its terms
// have). Measured: 2.2e-13 on HC0, 1.3e-13 on CL (go test -v logs the
// worst); standard errors and z are within 1.1e-13, p within 1.3e-12.
const robustTol = 1e-12

// TestRobustCovInfert checks HC0, HC1, CL and CL-HC1 against the exact
// sandwich of the infert_robust reference (cluster = stratum), and the
// standard errors, z and p of its .robust_se.csv.
func TestRobustCovInfert(t *testing.T) {
	t.Parallel()
	res, x, y, cl := infertFit(t)
	info := loadScalars(t, "next/infert_robust.robust_info.csv")
	n, k, g := parseFloat(t, info["n"]), parseFloat(t, info["k"]), parseFloat(t, info["clusters"])
	hc0 := loadMatrix(t, "next/infert_robust.vcov_hc0.csv")
	hc1 := linalg.NewDense(int(k), int(k), nil)
	hc1.CopyFrom(hc0)
	for i, v := range hc1.RawData() {
		hc1.RawData()[i] = v * n / (n - k)
	}
	cases := []struct {
		typ      CovType
		want     *linalg.Dense
		clusters int
		adjust   float64
		se       string // the column of .robust_se.csv, if any
	}{
		{CovModel, res.Cov, 0, 1, "std_error"},
		{CovHC0, hc0, 0, 1, "hc0"},
		{CovHC1, hc1, 0, n / (n - k), ""},
		{CovCL, loadMatrix(t, "next/infert_robust.vcov_cl.csv"), int(g), parseFloat(t, info["adj_cluster"]), "cl"},
		{CovCLHC1, loadMatrix(t, "next/infert_robust.vcov_cl_hc1.csv"), int(g), parseFloat(t, info["adj_cluster"]) * parseFloat(t, info["adj_hc1"]), "cl_hc1"},
	}
	se, err := refcase.ReadTable("next/infert_robust.robust_se.csv")
	if err != nil {
		t.Fatal(err)
	}
	wst := worst{}
	for _, c := range cases {
		got, err := res.RobustCovariance(x, y, &RobustOptions{Type: c.typ, Cluster: cl})
		if err != nil {
			t.Fatalf("%v: %v", c.typ, err)
		}
		if got.N != int(n) || got.Clusters != c.clusters || relErr(got.Adjust, c.adjust) > 1e-15 {
			t.Errorf("%v: n %d, clusters %d, adjust %v, want %v, %d, %v", c.typ, got.N, got.Clusters, got.Adjust, n, c.clusters, c.adjust)
		}
		kk := int(k)
		for i := range kk {
			for j := range kk {
				scale := math.Sqrt(c.want.At(i, i) * c.want.At(j, j))
				e := math.Abs(got.Cov.At(i, j)-c.want.At(i, j)) / scale
				if wst.add(c.typ.String(), e) > robustTol {
					t.Errorf("%v[%d,%d] = %v, want %v", c.typ, i, j, got.Cov.At(i, j), c.want.At(i, j))
				}
			}
		}
		if c.se == "" {
			continue
		}
		rr := *res
		rr.Cov = got.Cov
		sum := rr.Summary(0.95)
		for i, row := range se.Rows {
			for _, q := range []struct {
				col string
				got float64
				tol float64
			}{
				{"se_" + c.se, sum.Coefs[i].StdErr, seTol},
				{"z_" + c.se, sum.Coefs[i].Z, seTol},
				{"p_" + c.se, sum.Coefs[i].P, pTol * (1 + sum.Coefs[i].Z*sum.Coefs[i].Z)},
			} {
				col := strings.Replace(q.col, "se_std_error", "std_error", 1)
				j := se.Col(col)
				if j < 0 {
					continue
				}
				want := parseFloat(t, row[j])
				if e := wst.add(q.col[:2]+" "+c.typ.String(), relErr(q.got, want)); e > q.tol {
					t.Errorf("%s %s = %v, want %v (rel %.2g)", row[0], col, q.got, want, e)
				}
			}
		}
	}
	wst.log(t)
}

// TestRobustCovErrors checks the errors of RobustCovariance.
func TestRobustCovErrors(t *testing.T) {
	t.Parallel()
	res, x, y, cl := infertFit(t)
	n := len(y)
	one := make([]int, n)
	bad := append([]int(nil), cl...)
	bad[3] = -1
	big := append([]int(nil), cl...)
	big[0] = n
	ridge := *res
	ridge.Cov = nil
	firth := *res
	firth.Firth = true
	for _, c := range []struct {
		name string
		r    *Result
		opt  *RobustOptions
		want string
	}{
		{"no cluster", res, &RobustOptions{Type: CovCL}, "CL needs cluster ids"},
		{"one cluster", res, &RobustOptions{Type: CovCLHC1, Cluster: one}, "at least two clusters, got 1"},
		{"negative", res, &RobustOptions{Type: CovCL, Cluster: bad}, "cluster code -1 of row 3 outside [0, 248)"},
		{"too large", res, &RobustOptions{Type: CovCL, Cluster: big}, "cluster code 248 of row 0 outside"},
		{"no cov", &ridge, &RobustOptions{Type: CovHC0}, "has no covariance"},
		{"firth", &firth, &RobustOptions{Type: CovHC1}, "Firth fit are not supported"},
		{"unknown", res, &RobustOptions{Type: CovType(9)}, "unknown covariance CovType(9)"},
	} {
		_, err := c.r.RobustCovariance(x, y, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
	// Data that are not the fit's kind of data: a covariance of NaN, or rows
	// silently dropped, are not an answer.
	yNaN := append([]float64(nil), y...)
	yNaN[5] = math.NaN()
	yOut := append([]float64(nil), y...)
	yOut[5] = 7
	xInf := linalg.NewDense(n, 0, nil)
	xInf.CopyFrom(x)
	xInf.Set(4, 1, math.Inf(1))
	wNaN := make([]float64, n)
	wNeg := make([]float64, n)
	for i := range n {
		wNaN[i], wNeg[i] = 1, 1
	}
	wNaN[2], wNeg[2] = math.NaN(), -5
	for _, c := range []struct {
		name string
		x    *linalg.Dense
		y, w []float64
		want string
	}{
		{"y NaN", x, yNaN, nil, "y[5]: NaN: value is not finite"},
		{"y 7", x, yOut, nil, "y[5]: 7: response is outside [0, 1]"},
		{"x Inf", xInf, y, nil, "x[4, 1]: +Inf: value is not finite"},
		{"weight NaN", x, y, wNaN, "weights[2]: NaN: value is not finite"},
		{"weight negative", x, y, wNeg, "weights[2]: -5: weight is negative"},
	} {
		for _, typ := range []CovType{CovHC0, CovCL} {
			_, err := res.RobustCovariance(c.x, c.y, &RobustOptions{Type: typ, Weights: c.w, Cluster: cl})
			var de *DataError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s, %v: got %v, want a *DataError containing %q", c.name, typ, err, c.want)
			}
		}
	}
	// n ≤ k for HC1.
	x2 := linalg.NewDense(3, 1, []float64{1, 2, 3})
	r2 := &Result{Coef: []float64{0.1, 0.2}, Intercept: true, Cov: linalg.NewDense(2, 2, []float64{1, 0, 0, 1})}
	if _, err := r2.RobustCovariance(x2, []float64{0, 1, 0}, &RobustOptions{Type: CovHC1, Weights: []float64{1, 1, 0}}); err == nil ||
		!strings.Contains(err.Error(), "HC1 needs more observations (2) than coefficients (2)") {
		t.Errorf("n ≤ k: got %v", err)
	}
}

// TestParseCovType checks that every name round-trips and others fail.
func TestParseCovType(t *testing.T) {
	t.Parallel()
	for c := CovModel; c <= CovCLHC1; c++ {
		got, err := ParseCovType(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCovType(%q) = %v, %v", c.String(), got, err)
		}
	}
	if _, err := ParseCovType("hc0"); err == nil {
		t.Error("ParseCovType(hc0): no error")
	}
}

// TestRobustCovWeights checks the prior weights: HC0 of a row of weight m
// is CL (before its G/(G − 1)) of m copies of the row forming one cluster,
// since both add m²·(y − μ)²·ddᵀ to the meat.
func TestRobustCovWeights(t *testing.T) {
	t.Parallel()
	_, x, y, _ := infertFit(t)
	n, c := x.Dims()
	w := make([]float64, n)
	var xe []float64
	var ye []float64
	var ce []int
	for i := range n {
		w[i] = float64(1 + i%3)
		for range int(w[i]) {
			xe = append(xe, x.RawRow(i)...)
			ye = append(ye, y[i])
			ce = append(ce, i)
		}
	}
	rw, err := Fit(x, y, &Settings{Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	hc0, err := rw.RobustCovariance(x, y, &RobustOptions{Type: CovHC0, Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	cle, err := rw.RobustCovariance(linalg.NewDense(len(ye), c, xe), ye, &RobustOptions{Type: CovCL, Cluster: ce})
	if err != nil {
		t.Fatal(err)
	}
	adj := cle.Adjust
	for i, v := range hc0.Cov.RawData() {
		if e := relErr(cle.Cov.RawData()[i]/adj, v); e > 1e-12 {
			t.Errorf("element %d: HC0 with weights %v, CL of the expanded rows %v", i, v, cle.Cov.RawData()[i]/adj)
		}
	}
}

// TestRobustCovAllocs checks that the pass over the rows does not allocate
// per row: the count is the same for 248 rows and for 248·8.
func TestRobustCovAllocs(t *testing.T) {
	res, x, y, cl := infertFit(t)
	n, c := x.Dims()
	big := make([]float64, 0, 8*n*c)
	var yb []float64
	var cb []int
	for range 8 {
		big = append(big, x.RawData()...)
		yb = append(yb, y...)
		cb = append(cb, cl...)
	}
	xb := linalg.NewDense(8*n, c, big)
	for _, typ := range []CovType{CovHC0, CovCL} {
		small := testing.AllocsPerRun(5, func() { res.RobustCovariance(x, y, &RobustOptions{Type: typ, Cluster: cl}) })
		large := testing.AllocsPerRun(5, func() { res.RobustCovariance(xb, yb, &RobustOptions{Type: typ, Cluster: cb}) })
		if small != large {
			t.Errorf("%v: %v allocations on %d rows, %v on %d", typ, small, n, large, 8*n)
		}
	}
}

// TestRobustCovSaturated checks that the sandwich of a saturated fit (two
// grouped rows, two coefficients: every score zero but for rounding) is
// exactly zero, and that Summary then gives no standard error.
func TestRobustCovSaturated(t *testing.T) {
	t.Parallel()
	x := linalg.NewDense(2, 1, []float64{1, 2})
	y, w := []float64{0.3, 0.6}, []float64{10, 10}
	r, err := Fit(x, y, &Settings{Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []CovType{CovHC0} { // HC1 divides by n − k = 0
		rc, err := r.RobustCovariance(x, y, &RobustOptions{Type: typ, Weights: w})
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range rc.Cov.RawData() {
			if v != 0 {
				t.Errorf("%v: entry %d is %g, want 0", typ, i, v)
			}
		}
		s := *r
		s.Cov = rc.Cov
		for _, c := range s.Summary(0.95).Coefs {
			if !math.IsInf(c.StdErr, 1) {
				t.Errorf("%v: %s has standard error %g, want none (+Inf)", typ, c.Name, c.StdErr)
			}
		}
	}
}
