package logreg

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
)

// TestStreamSeparation checks that a streamed fit diagnoses separation as
// Fit does: never converged, no covariance, the same diverging coefficients.
func TestStreamSeparation(t *testing.T) {
	t.Parallel()
	x, y, names := irisTwo(t, "setosa", "versicolor")
	mem, err := Fit(x, y, &Settings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	st, err := FitStream(4, chunked(x, y, nil, []int{7, 30}), &Settings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Separation || st.Converged || st.Cov != nil {
		t.Fatalf("stream: Separation %v Converged %v Cov %v, want true false nil", st.Separation, st.Converged, st.Cov != nil)
	}
	if !slices.Equal(st.Status, mem.Status) || st.SeparationType != mem.SeparationType {
		t.Errorf("stream: Status %v %v, want %v %v as Fit", st.Status, st.SeparationType, mem.Status, mem.SeparationType)
	}
	// Overlapping classes: no separation, converged, as Fit.
	x, y, names = irisTwo(t, "versicolor", "virginica")
	st, err = FitStream(4, chunked(x, y, nil, []int{13}), &Settings{Names: names})
	if err != nil || st.Separation || !st.Converged {
		t.Fatalf("versicolor/virginica: err %v Separation %v Converged %v, want nil false true", err, st.Separation, st.Converged)
	}
}

// loadNumeric reads the all-numeric reference data file name with target
// and features, in that order of columns.
func loadNumeric(t *testing.T, name, target string, features []string) (*linalg.Dense, []float64) {
	t.Helper()
	tab, err := refcase.ReadTable(name)
	if err != nil {
		t.Fatal(err)
	}
	var data, y []float64
	for _, r := range tab.Records() {
		for _, f := range features {
			data = append(data, parseFloat(t, r[f]))
		}
		y = append(y, parseFloat(t, r[target]))
	}
	return linalg.NewDense(len(y), len(features), data), y
}

// TestSeparationRefcases checks the diagnosis against detectseparation's
// linear program on endometrial (Heinze and Schemper's quasi-complete case,
// HG ~ NV + PI + EH: NV = Inf) and on a completely separated line, for Fit
// and FitStream: the status of every coefficient, the type, never
// converged, no covariance, and the infinite coefficients named.
func TestSeparationRefcases(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, target string
		features     []string
	}{
		{"endometrial", "HG", []string{"NV", "PI", "EH"}},
		{"sep_complete", "y", []string{"x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			x, y := loadNumeric(t, "next/"+tc.name+".csv", tc.target, tc.features)
			want, err := refcase.ReadTable("next/" + tc.name + ".separation.csv")
			if err != nil {
				t.Fatal(err)
			}
			sum, err := refcase.Scalars("next/" + tc.name + ".separation_summary.csv")
			if err != nil {
				t.Fatal(err)
			}
			mem, err := Fit(x, y, &Settings{Names: tc.features})
			if err != nil {
				t.Fatal(err)
			}
			st, err := FitStream(len(tc.features), chunked(x, y, nil, []int{11, 7}), &Settings{Names: tc.features})
			if err != nil {
				t.Fatal(err)
			}
			for _, res := range []*Result{mem, st} {
				if !res.Separation || res.SeparationType.String() != sum["type"] || res.Converged || res.Cov != nil {
					t.Errorf("got Separation %v %v Converged %v Cov %v, want true %s false nil",
						res.Separation, res.SeparationType, res.Converged, res.Cov != nil, sum["type"])
				}
				if res.NObs != int(parseFloat(t, sum["n"])) {
					t.Errorf("got n %d, want %s", res.NObs, sum["n"])
				}
				if len(res.Status) != len(want.Rows) {
					t.Fatalf("got %d statuses, want %d", len(res.Status), len(want.Rows))
				}
				inf := 0
				for j, r := range want.Records() {
					if res.Names[j] != r["name"] || res.Status[j].String() != r["status"] {
						t.Errorf("coefficient %d: got %s %v, want %s %s", j, res.Names[j], res.Status[j], r["name"], r["status"])
					}
					if r["status"] != "finite" {
						inf++
						if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], r["name"]+" = "+r["status"]) {
							t.Errorf("warnings %q do not name %s = %s", res.Warnings, r["name"], r["status"])
						}
					}
				}
				if len(res.Diverging) != inf || inf != int(parseFloat(t, sum["n_infinite"])) {
					t.Errorf("got Diverging %v, want %d coefficients", res.Diverging, inf)
				}
				// The summary's table prints the status for an infinite
				// estimate, the number for a finite one.
				text := res.Summary(0.95).String()
				for j, r := range want.Records() {
					var line string
					for l := range strings.Lines(text) {
						if f := strings.Fields(l); len(f) > 1 && f[0] == r["name"] {
							line = f[1]
						}
					}
					wantEst := r["status"]
					if wantEst == "finite" {
						wantEst = strconv.FormatFloat(res.Coef[j], 'g', 6, 64)
					}
					if line != wantEst {
						t.Errorf("summary: %s estimate printed %q, want %q", r["name"], line, wantEst)
					}
				}
			}
		})
	}
}

// checkSep fits x and y (weights w) in memory and streamed and checks the
// diagnosis of both against typ and status.
func checkSep(t *testing.T, x *linalg.Dense, y, w []float64, typ SeparationType, status []CoefStatus) {
	t.Helper()
	_, p := x.Dims()
	mem, err := Fit(x, y, &Settings{Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	st, err := FitStream(p, chunked(x, y, w, []int{5, 3}), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, res := range []*Result{mem, st} {
		how := [...]string{"Fit", "FitStream"}[i]
		if res.SeparationType != typ || res.Separation != (typ != SeparationNone) || !slices.Equal(res.Status, status) {
			t.Errorf("%s: got %v %v (Separation %v), want %v %v", how, res.SeparationType, res.Status, res.Separation, typ, status)
		}
		if res.Separation && (res.Converged || res.Cov != nil) {
			t.Errorf("%s: separated fit Converged %v Cov %v, want false nil", how, res.Converged, res.Cov != nil)
		}
	}
}

// TestSeparationFactorLevel checks a factor level with only successes, the
// case the screen missed: its dummy is +Inf, the rest finite.
func TestSeparationFactorLevel(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	var data, y []float64
	for i := range 60 {
		level := i % 3 // dummies for levels 1 and 2; level 2 only successes
		z := rng.NormFloat64()
		data = append(data, float64(b2i(level == 1)), float64(b2i(level == 2)), z)
		yi := 0.0
		if level == 2 || rng.Float64() < 1/(1+math.Exp(-z)) {
			yi = 1
		}
		y = append(y, yi)
	}
	x := linalg.NewDense(len(y), 3, data)
	checkSep(t, x, y, nil, SeparationQuasiComplete, []CoefStatus{CoefFinite, CoefFinite, CoefPlusInf, CoefFinite})
}

// TestSeparationHyperplane checks data separated by x₁ + x₂ = 0 with ties
// on it (a success and a failure at each of a few points of the line), 40
// random sets: b = (0, 1, 1) is the only direction, so both slopes are +Inf
// and the intercept finite.
func TestSeparationHyperplane(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 40 {
		var data, y []float64
		for range 30 + rng.IntN(50) {
			x1, x2 := rng.NormFloat64(), rng.NormFloat64()
			data = append(data, x1, x2)
			y = append(y, float64(b2i(x1+x2 > 0)))
		}
		for range 2 + rng.IntN(4) {
			x1 := rng.NormFloat64()
			data = append(data, x1, -x1, x1, -x1)
			y = append(y, 0, 1)
		}
		x := linalg.NewDense(len(y), 2, data)
		t.Run(strconv.Itoa(trial), func(t *testing.T) {
			checkSep(t, x, y, nil, SeparationQuasiComplete, []CoefStatus{CoefFinite, CoefPlusInf, CoefPlusInf})
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestSeparationGrouped checks grouped rows: a proportion strictly between
// 0 and 1 enters as a success and a failure (so it lies on the hyperplane),
// and a row of weight 0 takes no part. Konis' program for x = 1, 2 (y = 0),
// 3 (y = 0.5), 4, 5 (y = 1) has the optimum b = (−1, 1/3).
func TestSeparationGrouped(t *testing.T) {
	t.Parallel()
	x := linalg.NewDense(6, 1, []float64{1, 2, 3, 4, 5, 10})
	y := []float64{0, 0, 0.5, 1, 1, 0}
	w := []float64{3, 2, 4, 5, 1, 0}
	checkSep(t, x, y, w, SeparationQuasiComplete, []CoefStatus{CoefMinusInf, CoefPlusInf})
	// With the row of weight 0 counted the data would overlap.
	w[5] = 1
	checkSep(t, x, y, w, SeparationNone, []CoefStatus{CoefFinite, CoefFinite})
}

// TestSeparationNone checks data that are not separated: the reference
// cases, whose estimates TestRefCases pins, and iris versicolor against
// virginica, where fitted probabilities reach 1 and the linear program runs.
func TestSeparationNone(t *testing.T) {
	t.Parallel()
	for _, rc := range refCases {
		x, y, names := loadRefCase(t, rc)
		res, err := Fit(x, y, &Settings{Names: names})
		if err != nil {
			t.Fatal(err)
		}
		if res.Separation || res.SeparationType != SeparationNone || !res.Converged || res.Cov == nil ||
			!slices.Equal(res.Status, make([]CoefStatus, len(res.Coef))) || res.Diverging != nil {
			t.Errorf("%s: got Separation %v %v Converged %v Status %v Diverging %v, want none, converged, all finite",
				rc.name, res.Separation, res.SeparationType, res.Converged, res.Status, res.Diverging)
		}
	}
}

// TestSeparationStopsEarly checks that on completely separated data whose
// fit has fitted probabilities at 0 or 1 but no iterate that separates (many
// rows near the hyperplane), the linear program ends the iterations early.
func TestSeparationStopsEarly(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	const n, p = 5000, 3
	data := make([]float64, n*p)
	y := make([]float64, n)
	for i := range n {
		for j := range p {
			data[i*p+j] = rng.NormFloat64()
		}
		y[i] = float64(b2i(data[i*p]+0.5*data[i*p+1] > 0))
	}
	x := linalg.NewDense(n, p, data)
	mem, err := Fit(x, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := FitStream(p, chunked(x, y, nil, []int{1000}), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The screen alone lets the fit run 10 iterations (FitStream 25); the
	// program stops it at the first with fitted probabilities at 0 or 1.
	for _, res := range []*Result{mem, st} {
		if res.SeparationType != SeparationComplete || res.Iterations > 6 {
			t.Errorf("got %v after %d iterations, want complete after at most 6", res.SeparationType, res.Iterations)
		}
	}
	if !slices.Equal(mem.Status, st.Status) {
		t.Errorf("FitStream: Status %v, want %v as Fit", st.Status, mem.Status)
	}
}

// TestSeparationWide checks the diagnosis of a wide design, 50 random
// features and a 0/1 column that is 1 on 10 rows, all successes, among
// 10000 rows: the column is +Inf, the rest finite, and the simplex method
// needs a few hundred steps over all the cutting-plane rounds (without the
// perturbation of its degenerate start, tens of thousands).
func TestSeparationWide(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	const n, p = 10000, 50
	data := make([]float64, n*p)
	y := make([]float64, n)
	for i := range n {
		for j := range p - 1 {
			data[i*p+j] = rng.NormFloat64()
		}
		y[i] = float64(rng.IntN(2))
		if i%1000 == 3 {
			data[i*p+p-1], y[i] = 1, 1
		}
	}
	x := linalg.NewDense(n, p, data)
	s := newSepCheck(p, true, nil)
	s.add(data, y, nil)
	v, err := s.runLP(func(yield func(x *linalg.Dense, y, w []float64) error) error { return yield(x, y, nil) })
	if err != nil || v.err != nil {
		t.Fatal(err, v.err)
	}
	want := make([]CoefStatus, p+1)
	want[p] = CoefPlusInf
	if v.typ != SeparationQuasiComplete || !slices.Equal(v.status, want) {
		t.Errorf("got %v %v, want quasi-complete with only the last +Inf", v.typ, v.status)
	}
	if s.pivots > 3000 {
		t.Errorf("got %d simplex steps, want at most 3000", s.pivots)
	}
	t.Logf("%d simplex steps, %d in the refinement", s.pivots, s.refinePivots)
}

// TestSeparationRandom checks, on 600 small random data sets with ties and
// grouped rows (many of them separated), that the cutting planes reach the
// optimum of the whole linear program solved at once, that the verdict of
// Fit and FitStream is the program's, that the status of every coefficient
// is what the cone of separating directions says (checkCone), and that a
// fit the certificate declares not separated (no linear program run) is not
// separated.
func TestSeparationRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(13, 14))
	certified := 0
	separated := map[SeparationType]int{}
	for trial := range 600 {
		p := 1 + rng.IntN(3)
		n := 4 + rng.IntN(20)
		x, y, w := smallWeighted(rng, n, p, 0)
		data := x.RawData()
		res, err := Fit(x, y, &Settings{Weights: w})
		if err != nil {
			continue // rank-deficient designs are common here
		}
		// The whole program: every constraint row at once.
		k := p + 1
		s := newSepCheck(p, true, nil)
		s.add(data, y, w)
		var rows []float64
		for i := range n {
			if w[i] == 0 {
				continue
			}
			d := append([]float64{1}, data[i*p:i*p+p]...)
			if y[i] > 0 {
				rows = append(rows, d...)
			}
			if y[i] < 1 {
				for _, v := range d {
					rows = append(rows, -v)
				}
			}
		}
		lo, hi := make([]float64, k), make([]float64, k)
		for j := range k {
			lo[j], hi[j] = -1, 1
		}
		b := make([]float64, k)
		var spx linalg.Simplex
		want, err := spx.Solve(b, linalg.NewDense(len(rows)/k, k, rows), s.obj, lo, hi)
		if err != nil {
			t.Fatal(err)
		}
		whole := func(yield func(x *linalg.Dense, y, w []float64) error) error { return yield(x, y, w) }
		bc := make([]float64, k)
		if _, _, err := s.cuttingPlanes(whole, bc, s.obj, lo, hi, newTightRows(k, maxTightNumbers), nil); err != nil {
			t.Fatal(err)
		}
		if got := linalg.Dot(s.obj, bc); math.Abs(got-want) > 1e-12*max(1, want) {
			t.Fatalf("trial %d: cutting planes reach %v, the whole program %v", trial, got, want)
		}
		if res.Separation != (want > 0) {
			t.Fatalf("trial %d: Fit: Separation %v (%v), the program's optimum is %v", trial, res.Separation, res.SeparationType, want)
		}
		if want > 0 {
			// The margin program at once: complete when its τ > 0.
			var mrows []float64
			for i := 0; i < len(rows); i += k {
				mrows = appendMarginRow(mrows, rows[i:i+k])
			}
			mc, mlo, mhi := make([]float64, k+1), append(slices.Clone(lo), 0), append(slices.Clone(hi), 1)
			mc[k] = 1
			bt := make([]float64, k+1)
			if _, err := spx.Solve(bt, linalg.NewDense(len(mrows)/(k+1), k+1, mrows), mc, mlo, mhi); err != nil {
				t.Fatal(err)
			}
			wantType := SeparationQuasiComplete
			if bt[k] > lpTol {
				wantType = SeparationComplete
			}
			if res.SeparationType != wantType {
				t.Fatalf("trial %d: Fit: %v, the margin program's τ is %v", trial, res.SeparationType, bt[k])
			}
		}
		if want > 0 {
			checkCone(t, "trial "+strconv.Itoa(trial), rows, k, res.Status)
			checkTightCap(t, "trial "+strconv.Itoa(trial), s, whole)
		}
		st, err := FitStream(p, chunked(x, y, w, []int{3, 5}), nil)
		if err != nil {
			t.Fatal(err)
		}
		if st.SeparationType != res.SeparationType || !slices.Equal(st.Status, res.Status) {
			t.Fatalf("trial %d: FitStream %v %v, Fit %v %v", trial, st.SeparationType, st.Status, res.SeparationType, res.Status)
		}
		if res.Converged && res.Boundary == 0 {
			certified++
		}
		if res.Separation {
			separated[res.SeparationType]++
		}
	}
	if separated[SeparationComplete] < 20 || separated[SeparationQuasiComplete] < 20 {
		t.Errorf("separated data sets: %v, want at least 20 of each type", separated)
	}
	// Converged fits without fitted probabilities at 0 or 1 are where the
	// certificate, not the program, decides.
	if certified < 50 {
		t.Errorf("%d converged fits without fitted probabilities at 0 or 1, want at least 50 to test the certificate on", certified)
	}
}

// TestSeparationTwoLevels checks a 0/1 column that alone separates
// completely, with more successes (at 1) than failures (at 0): Konis'
// program has the optimum b = (0, 1), where the intercept is 0, yet the
// fitted probability of the rows at 0 goes to 0 only as the intercept goes
// to −∞. The only separating directions have b₀ ≤ 0 ≤ b₀ + b₁, so the
// intercept is −Inf and the slope +Inf, in Fit and FitStream, and from the
// tight rows kept in memory or read in passes.
func TestSeparationTwoLevels(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ n0, n1 int }{{4, 7}, {1, 2}, {3, 30}} {
		var data, y []float64
		for i := range c.n0 + c.n1 {
			g := float64(b2i(i >= c.n0))
			data, y = append(data, g), append(y, g)
		}
		x := linalg.NewDense(len(y), 1, data)
		checkSep(t, x, y, nil, SeparationComplete, []CoefStatus{CoefMinusInf, CoefPlusInf})
		for _, cap := range []int{maxTightNumbers, 0} {
			s := newSepCheck(1, true, nil)
			s.tightCap = cap
			s.add(data, y, nil)
			v, err := s.runLP(func(yield func(x *linalg.Dense, y, w []float64) error) error { return yield(x, y, nil) })
			if err != nil || v.err != nil {
				t.Fatal(err, v.err)
			}
			if want := []CoefStatus{CoefMinusInf, CoefPlusInf}; !slices.Equal(v.status, want) || slices.Contains(v.both, true) {
				t.Errorf("%d failures, %d successes, cap %d: got %v (both %v), want %v", c.n0, c.n1, cap, v.status, v.both, want)
			}
			if wantPasses := b2i(cap == 0) * 2; s.refinePasses != wantPasses {
				t.Errorf("cap %d: %d passes of the refinement, want %d", cap, s.refinePasses, wantPasses)
			}
		}
	}
}

// checkCone checks status against the cone of separating directions
// C = {b : a·b ≥ 0 for every constraint row a of rows} (k columns), by brute
// force: for each coefficient j, max b_j and min b_j over C ∩ [−1, 1]ᵏ by the
// whole program at once. A finite coefficient has max = min = 0; an
// infinite one a direction in C with its sign.
func checkCone(t *testing.T, what string, rows []float64, k int, status []CoefStatus) {
	t.Helper()
	hi, lo := coneRange(t, rows, k)
	for j, st := range status {
		ok := false
		switch st {
		case CoefFinite:
			ok = hi[j] == 0 && lo[j] == 0
		case CoefPlusInf:
			ok = hi[j] > 0
		case CoefMinusInf:
			ok = lo[j] < 0
		}
		if !ok {
			t.Errorf("%s: coefficient %d is %v, but over the separating directions it ranges over [%g, %g]", what, j, st, lo[j], hi[j])
		}
	}
}

// coneRange returns max b_j and min b_j over C ∩ [−1, 1]ᵏ for every j, C as
// in checkCone.
func coneRange(t *testing.T, rows []float64, k int) (hi, lo []float64) {
	t.Helper()
	blo, bhi := make([]float64, k), make([]float64, k)
	for j := range k {
		blo[j], bhi[j] = -1, 1
	}
	hi, lo = make([]float64, k), make([]float64, k)
	a := linalg.NewDense(len(rows)/k, k, rows)
	var spx linalg.Simplex
	for j := range k {
		for _, sign := range [2]float64{1, -1} {
			c, b := make([]float64, k), make([]float64, k)
			c[j] = sign
			v, err := spx.Solve(b, a, c, blo, bhi)
			if err != nil {
				t.Fatal(err)
			}
			if sign > 0 {
				hi[j] = v
			} else {
				lo[j] = -v
			}
		}
	}
	return hi, lo
}

// checkTightCap checks that the linear programs of s over data reach the
// same verdict with the tight rows kept in memory and read in passes.
func checkTightCap(t *testing.T, what string, s *sepCheck, data Chunks) {
	t.Helper()
	var vs [2]*lpVerdict
	for i, cap := range []int{maxTightNumbers, 0} {
		s.tightCap = cap
		v, err := s.runLP(data)
		if err != nil || v.err != nil {
			t.Fatal(err, v.err)
		}
		vs[i] = v
	}
	s.tightCap = maxTightNumbers
	if vs[0].typ != vs[1].typ || !slices.Equal(vs[0].status, vs[1].status) || !slices.Equal(vs[0].both, vs[1].both) {
		t.Errorf("%s: tight rows in memory: %v %v %v, in passes: %v %v %v", what,
			vs[0].typ, vs[0].status, vs[0].both, vs[1].typ, vs[1].status, vs[1].both)
	}
}

// TestSeparationCompleteCone checks 400 small completely separated data sets
// of factor-like columns (small integers, many repeated rows, classes of
// unequal sizes), separated by a random hyperplane: Fit and FitStream agree,
// every coefficient's status is what the cone of separating directions says
// (checkCone), and so in the sets where Konis' optimum has a 0 for a
// coefficient that diverges.
func TestSeparationCompleteCone(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(17, 18))
	refined := 0
	for trial := 0; trial < 400; {
		p := 1 + rng.IntN(3)
		k := p + 1
		u := make([]float64, k)
		for j := range u {
			u[j] = float64(rng.IntN(5) - 2)
		}
		var data, y, rows []float64
		for range 4 + rng.IntN(30) {
			d := []float64{1}
			for range p {
				d = append(d, float64(rng.IntN(3)))
			}
			eta := linalg.Dot(d, u)
			if eta == 0 || eta < 0 && rng.IntN(3) == 0 {
				continue // classes of unequal sizes
			}
			yi := float64(b2i(eta > 0))
			data, y = append(data, d[1:]...), append(y, yi)
			for j := range d {
				d[j] *= 2*yi - 1
			}
			rows = append(rows, d...)
		}
		if len(y) < k+2 {
			continue
		}
		x := linalg.NewDense(len(y), p, data)
		res, err := Fit(x, y, nil)
		if err != nil {
			continue // rank-deficient or one class only
		}
		trial++
		st, err := FitStream(p, chunked(x, y, nil, []int{2, 5}), nil)
		if err != nil {
			t.Fatal(err)
		}
		what := "trial " + strconv.Itoa(trial)
		if res.SeparationType != SeparationComplete || st.SeparationType != SeparationComplete || !slices.Equal(st.Status, res.Status) {
			t.Fatalf("%s: Fit %v %v, FitStream %v %v, want complete and equal", what, res.SeparationType, res.Status, st.SeparationType, st.Status)
		}
		checkCone(t, what, rows, k, res.Status)
		// Konis' program at once: does its optimum have a 0 where the
		// coefficient diverges?
		s := newSepCheck(p, true, nil)
		s.add(data, y, nil)
		blo, bhi := make([]float64, k), make([]float64, k)
		for j := range k {
			blo[j], bhi[j] = -1, 1
		}
		b := make([]float64, k)
		var spx linalg.Simplex
		if _, err := spx.Solve(b, linalg.NewDense(len(rows)/k, k, rows), s.obj, blo, bhi); err != nil {
			t.Fatal(err)
		}
		for j, v := range b {
			if v == 0 && res.Status[j] != CoefFinite {
				refined++
				break
			}
		}
		checkTightCap(t, what, s, chunked(x, y, nil, []int{3}))
	}
	if refined < 20 {
		t.Errorf("%d sets where Konis' optimum misses a diverging coefficient, want at least 20 to test the refinement on", refined)
	}
	t.Logf("%d of 400 sets with a diverging coefficient at 0 in Konis' optimum", refined)
}

// TestSeparationNoBoundary checks that a completely separated fit whose
// fitted probabilities approach 0 and 1 too slowly to reach them within R's
// 25 iterations (a 0/1 column equal to the response, with a noise column)
// is diagnosed after sepIter iterations rather than at MaxIter, in memory
// and streamed.
func TestSeparationNoBoundary(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 9))
	const n = 300
	data := make([]float64, 2*n)
	y := make([]float64, n)
	for i := range n {
		y[i] = float64(b2i(rng.IntN(2) == 1))
		data[2*i], data[2*i+1] = y[i], rng.NormFloat64()
	}
	x := linalg.NewDense(n, 2, data)
	mem, err := Fit(x, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := FitStream(2, chunked(x, y, nil, []int{64}), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range []*Result{mem, st} {
		if res.SeparationType != SeparationComplete || res.Converged || res.Iterations != sepIter {
			t.Errorf("got %v (converged %v) after %d iterations, want complete, not converged, after %d",
				res.SeparationType, res.Converged, res.Iterations, sepIter)
		}
		if res.Status[0] != CoefMinusInf || res.Status[1] != CoefPlusInf {
			t.Errorf("statuses %v, want -Inf and +Inf first", res.Status)
		}
	}
}

// TestSeparationCertified checks that the screen of a fit that certify
// bounds, which reads only the rows its candidates need and gathers the
// program's sums in a pass of their own when it must run, diagnoses as the
// whole screen does: on 600 small data sets, separated or not, with
// weights of 0 and proportions, in chunks, for steps whose bound is below
// certStep/2 or not, the same separation, statuses, diverging coefficients
// and warnings, and the same objective and scales where the program ran.
func TestSeparationCertified(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(21, 22))
	var bounded, boundedLP int
	for trial := range 600 {
		p := 1 + rng.IntN(3)
		n := 4 + rng.IntN(30)
		x, y, w := smallWeighted(rng, n, p, 0.5)
		fit, err := Fit(x, y, &Settings{Weights: w})
		if err != nil {
			continue
		}
		_, colMax, err := validate(x, y, w, fit.Names, true, 1)
		if err != nil {
			t.Fatal(err)
		}
		k := p + 1
		// A step around the certificate's bound, and candidates: the
		// estimate, which separates separated data, and a random change.
		step, change := make([]float64, k), make([]float64, k)
		scale := []float64{1e-9, 0.02, 0.1, 0.3}[rng.IntN(4)]
		for j := range k {
			step[j] = scale * rng.NormFloat64()
			change[j] = rng.NormFloat64()
		}
		data3 := chunked(x, y, w, []int{3})
		var got [2]*Result
		var checks [2]*sepCheck
		for m := range 2 {
			res := &Result{Names: fit.Names, Coef: fit.Coef, Converged: true}
			s := newSepCheck(p, true, step, change, fit.Coef)
			if m == 1 {
				s.certify(res, false, colMax)
			}
			data3(func(x *linalg.Dense, y, w []float64) error {
				s.add(x.RawData(), y, w)
				return nil
			})
			if err := s.diagnose(res, data3, false, nil); err != nil {
				t.Fatal(err)
			}
			got[m], checks[m] = res, s
		}
		what := "trial " + strconv.Itoa(trial)
		if a, b := got[0], got[1]; a.Separation != b.Separation || a.SeparationType != b.SeparationType ||
			!slices.Equal(a.Status, b.Status) || !slices.Equal(a.Diverging, b.Diverging) || !slices.Equal(a.Warnings, b.Warnings) {
			t.Fatalf("%s: certified %v %v %v %q, whole screen %v %v %v %q", what,
				b.SeparationType, b.Status, b.Diverging, b.Warnings, a.SeparationType, a.Status, a.Diverging, a.Warnings)
		}
		whole, cert := checks[0], checks[1]
		if !cert.bounded {
			continue
		}
		bounded++
		if !(whole.maxStep <= certStep/2) {
			t.Fatalf("%s: certified, but max |d·δ| = %v", what, whole.maxStep)
		}
		if cert.summed {
			boundedLP++
			if !slices.Equal(cert.obj, whole.obj) || !slices.Equal(cert.scale, whole.scale) {
				t.Fatalf("%s: certified sums %v %v, whole screen's %v %v", what, cert.obj, cert.scale, whole.obj, whole.scale)
			}
		}
	}
	if bounded < 100 || boundedLP < 20 {
		t.Errorf("%d certified screens, %d of which ran the program; want at least 100 and 20", bounded, boundedLP)
	}
}

// smallWeighted returns n rows of p entries drawn from −2 … 2, column j
// scaled by 1 + growth·j, and responses 0 or 1 of weight 1 but for one row
// in eight, a proportion 0.5 of weight 2, and one in eight of weight 0.
func smallWeighted(rng *rand.Rand, n, p int, growth float64) (*linalg.Dense, []float64, []float64) {
	data := make([]float64, n*p)
	y, w := make([]float64, n), make([]float64, n)
	for i := range n {
		for j := range p {
			data[i*p+j] = float64(rng.IntN(5)-2) * (1 + growth*float64(j))
		}
		y[i], w[i] = float64(rng.IntN(2)), 1
		switch rng.IntN(8) {
		case 0:
			y[i], w[i] = 0.5, 2
		case 1:
			w[i] = 0
		}
	}
	return linalg.NewDense(n, p, data), y, w
}
