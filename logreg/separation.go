package logreg

import (
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/a1bed000/logreg/linalg"
)

// SeparationType says whether and how the data of a fit are separated.
type SeparationType int

const (
	// SeparationNone: no direction separates; the maximum-likelihood
	// estimate exists.
	SeparationNone SeparationType = iota
	// SeparationComplete: a hyperplane puts every success strictly on one
	// side and every failure strictly on the other.
	SeparationComplete
	// SeparationQuasiComplete: a hyperplane separates with some
	// observations on it, and none separates strictly.
	SeparationQuasiComplete
)

// String returns "none", "complete" or "quasi-complete".
func (t SeparationType) String() string {
	switch t {
	case SeparationComplete:
		return "complete"
	case SeparationQuasiComplete:
		return "quasi-complete"
	}
	return "none"
}

// CoefStatus says whether the maximum-likelihood estimate of a coefficient
// is finite, or diverges to +∞ or −∞ on separated data.
type CoefStatus int

const (
	CoefFinite   CoefStatus = iota // the estimate is finite
	CoefPlusInf                    // the estimate is +∞
	CoefMinusInf                   // the estimate is −∞
)

// String returns "finite", "Inf" or "-Inf", as R's detectseparation
// prints the estimates.
func (s CoefStatus) String() string {
	switch s {
	case CoefPlusInf:
		return "Inf"
	case CoefMinusInf:
		return "-Inf"
	}
	return "finite"
}

// sepTol is the relative tolerance of the screen: a linear predictor d·x
// counts as zero when it is below sepTol times the sum of the magnitudes of
// its terms.
const sepTol = 1e-7

// lpTol is the relative tolerance of the linear program's checks: a row
// violates a constraint aᵢ·b ≥ 0 when aᵢ·b < −lpTol·Σ|a_ij·b_j|, and lies
// on the hyperplane when |aᵢ·b| is below that.
const lpTol = 1e-9

// certStep bounds the last Newton step's change of every fitted logit for
// the no-separation certificate (see sepCheck.needsLP); any bound below 1
// would do.
const certStep = 0.5

// sepCheck is the separation diagnosis of an unpenalized fit, over rows
// that may arrive in chunks.
//
// Its first pass (add) is a cheap screen. It tests candidate directions u
// (the last change of the coefficients, the coefficients themselves):
//
//	(2y − 1)·(D·u) ≥ 0
//
// for every observation with positive weight (= 0 for a proportion strictly
// between 0 and 1), with at least one strict inequality; such a direction is
// a certificate that the estimate does not exist. The same pass collects
// the objective of the linear program below, the columns' scales and
// max |D·δ| for the last Newton step δ; of a fit that certify clears of
// every other sign of separation, it tests the candidates alone, and sums
// gathers the objective and the scales if the program must run.
//
// The diagnosis itself is the linear program of Konis (2007), that R's
// detectseparation solves:
//
//	maximize Σᵢ ȳᵢ·dᵢᵀb  subject to  ȳᵢ·dᵢᵀb ≥ 0 for every i,  −1 ≤ b ≤ 1,
//
// ȳ = 2y − 1, over the rows with positive weight, a proportion strictly
// between 0 and 1 entering as a success and as a failure. b = 0 is feasible;
// the data are separated exactly when the optimum is positive, and then
// coefficient j diverges to sign(b_j)·∞ where b_j ≠ 0, and refine decides
// the others. It has one constraint per row, so it is solved by cutting
// planes: [linalg.Simplex] on the constraints collected so far, then a pass
// over the rows for the ones the solution violates, the most violated added,
// until none is. The optimum of the relaxation is then feasible, hence
// optimal. Separation is complete when some b puts every row strictly on its
// side; if the optimum leaves rows on its hyperplane, a second program,
// maximize τ subject to ȳᵢ·dᵢᵀb/‖dᵢ‖∞ ≥ τ, −1 ≤ b ≤ 1, 0 ≤ τ ≤ 1, decides it
// (τ > 0: complete).
type sepCheck struct {
	k, p      int
	intercept bool
	cands     []sepCand
	scale     []float64 // largest |D_ij| of each design column
	obj       []float64 // Σ ȳ·D_i over the program's constraint rows
	step      []float64 // the last Newton step δ, or nil
	maxStep   float64   // largest |D_i·δ|
	row       []float64
	pivots    int // steps of the simplex method, over Konis' and the margin program
	// refinePivots and refinePasses count the simplex steps of the
	// refinement's programs and its passes over the data (none when the
	// tight rows fit in tightCap numbers).
	refinePivots, refinePasses int
	tightCap                   int // see maxTightNumbers
	// bounded is set by certify: every |D_i·δ| is at most certStep/2, and
	// add gathers neither obj, scale nor maxStep; summed is set once sums
	// has.
	bounded, summed bool
	live            int // candidates not violated
}

type sepCand struct {
	u        []float64
	violated bool
	quasi    bool // some observation lies on the hyperplane D·u = 0
	strict   int
}

// newSepCheck returns the screen of a design with p columns of X (and an
// intercept column when intercept is true), for the last Newton step step
// (nil if there is none) and candidate directions cands, the first of which,
// if any, is the fit's last change of the coefficients (see pathSign).
func newSepCheck(p int, intercept bool, step []float64, cands ...[]float64) *sepCheck {
	k := p
	if intercept {
		k++
	}
	s := &sepCheck{k: k, p: p, intercept: intercept, scale: make([]float64, k), obj: make([]float64, k),
		step: step, row: make([]float64, k), tightCap: maxTightNumbers}
	for _, u := range cands {
		s.cands = append(s.cands, sepCand{u: u})
	}
	s.live = len(s.cands)
	return s
}

// certify prepares the screen of a fit that shows no sign of separation
// itself (converged, no failed step halving, no fitted probability at 0 or
// 1, a last step δ) when colMax, the largest |X_ij| of each column of X
// (over the rows, or more), bounds every change of a logit by half the
// certificate's:
//
//	|dᵢᵀδ| ≤ Σ_j max_i |D_ij|·|δ_j| ≤ certStep/2,
//
// the factor 2 more than covering the rounding of both sums. The
// certificate (needsLP) then depends on the rows through the candidates
// alone: add tests only them, and stops once each is violated, and the
// program's objective and the columns' scales, which only the linear
// program and its verdict use, come from a pass of their own (sums) if it
// runs.
func (s *sepCheck) certify(res *Result, halvingErr bool, colMax []float64) {
	if s.fitSign(res, halvingErr) {
		return
	}
	off := s.k - s.p
	bound := 0.0
	for j, u := range s.step {
		m := 1.0 // the intercept's column
		if j >= off {
			m = colMax[j-off]
		}
		bound += m * math.Abs(u)
	}
	s.bounded = bound <= certStep/2
}

// designRow sets s.row to the design row of x (1 first with an intercept).
func (s *sepCheck) designRow(x []float64) []float64 {
	d := s.row
	if s.intercept {
		d[0] = 1
		copy(d[1:], x)
	} else {
		copy(d, x)
	}
	return d
}

// add screens the rows of the row-major x (p columns) with responses y and
// prior weights w (nil means 1).
func (s *sepCheck) add(x []float64, y, w []float64) {
	p := s.p
	for i, yi := range y {
		if s.bounded && s.live == 0 {
			return
		}
		if w != nil && w[i] == 0 {
			continue
		}
		d := s.designRow(x[i*p : i*p+p])
		if !s.bounded {
			s.addSums(d, yi)
		}
		s.test(d, yi)
	}
}

// addSums adds design row d, of response y, to scale and obj, and unless
// bounded to maxStep.
func (s *sepCheck) addSums(d []float64, y float64) {
	for j, v := range d {
		s.scale[j] = max(s.scale[j], math.Abs(v))
	}
	if y > 0 {
		linalg.Axpy(1, d, s.obj)
	}
	if y < 1 {
		linalg.Axpy(-1, d, s.obj)
	}
	if s.step != nil && !s.bounded {
		s.maxStep = max(s.maxStep, math.Abs(linalg.Dot(d, s.step)))
	}
}

// test tests the candidates not yet violated on design row d of response y.
func (s *sepCheck) test(d []float64, y float64) {
	for ci := range s.cands {
		cd := &s.cands[ci]
		if cd.violated {
			continue
		}
		var t, mag float64
		for j, v := range d {
			t += v * cd.u[j]
			mag += math.Abs(v * cd.u[j])
		}
		switch {
		case math.Abs(t) <= sepTol*mag:
			cd.quasi = true
		case y == 1 && t > 0, y == 0 && t < 0:
			cd.strict++
		default:
			cd.violated = true
			s.live--
		}
	}
}

// sums gathers obj and scale over the rows of data, which add has left to
// it when bounded; it returns the error of data.
func (s *sepCheck) sums(data Chunks) error {
	if !s.bounded || s.summed {
		return nil
	}
	p := s.p
	err := data(func(x *linalg.Dense, y, w []float64) error {
		xd := x.RawData()
		for i, yi := range y {
			if w == nil || w[i] != 0 {
				s.addSums(s.designRow(xd[i*p:i*p+p]), yi)
			}
		}
		return nil
	})
	s.summed = err == nil
	return err
}

// survivor returns the first candidate that separates, or nil.
func (s *sepCheck) survivor() *sepCand {
	for i := range s.cands {
		if cd := &s.cands[i]; !cd.violated && cd.strict > 0 {
			return cd
		}
	}
	return nil
}

// needsLP reports whether the fit in res shows a sign of separation, so that
// the linear program must decide. Its absence is a certificate: at the
// point β of the last pass the score is g = Σᵢ λᵢ·ȳᵢ·dᵢ with every
// λᵢ = w·|y − μ| > 0 (no fitted probability at 0 or 1), and the last step
// δ = I⁻¹g, I = Σᵢ Wᵢ·dᵢdᵢᵀ, corrects the λᵢ to
//
//	λᵢ' = λᵢ·(1 − cᵢ·ȳᵢ·dᵢᵀδ),  0 ≤ cᵢ ≤ 1,  Σᵢ λᵢ'·ȳᵢ·dᵢ = g − I·δ = 0,
//
// positive when every |dᵢᵀδ| < 1: a strictly positive combination of the
// constraint rows that is zero, which by Stiemke's theorem of the
// alternative leaves b = 0 the only feasible point. On separated data the
// step of a converged fit still moves the separated rows' logits by about 1.
func (s *sepCheck) needsLP(res *Result, halvingErr bool) bool {
	return s.fitSign(res, halvingErr) || !(s.bounded || s.maxStep <= certStep) || s.survivor() != nil
}

// fitSign reports whether the fit in res shows a sign of separation that the
// rows cannot clear: see needsLP.
func (s *sepCheck) fitSign(res *Result, halvingErr bool) bool {
	return !res.Converged || halvingErr || res.Boundary > 0 || s.step == nil
}

// lpVerdict is the linear program's verdict on a data set. It does not
// depend on the coefficients, so a fit computes it once.
type lpVerdict struct {
	typ    SeparationType
	status []CoefStatus
	// both marks the coefficients that separating directions move both
	// ways; their status is decided by the fit's path (sepCheck.pathSign).
	both []bool
	err  error // the program failed (the data were read)
}

// lpOver is the verdict of the linear programs over the rows of data alone,
// with no screen: one pass over data gathers their objective, then
// [sepCheck.runLP] solves them. Only an error of data is returned.
func lpOver(p int, intercept bool, data Chunks) (*lpVerdict, error) {
	s := newSepCheck(p, intercept, nil)
	if err := data(func(x *linalg.Dense, y, w []float64) error {
		s.add(x.RawData(), y, w)
		return nil
	}); err != nil {
		return nil, err
	}
	return s.runLP(data)
}

// runLP solves the linear programs over data. Only an error of data is
// returned; the program's own failure is in the verdict.
func (s *sepCheck) runLP(data Chunks) (*lpVerdict, error) {
	if err := s.sums(data); err != nil {
		return nil, err
	}
	v := &lpVerdict{status: make([]CoefStatus, s.k), both: make([]bool, s.k)}
	typ, err := s.solve(data, v.status, v.both)
	if err != nil {
		var de dataErr
		if errors.As(err, &de) {
			return nil, de.err
		}
		v.err = err
		return v, nil
	}
	v.typ = typ
	return v, nil
}

// diagnose records in res the separation of the rows that data reads,
// screened by add: the linear program's verdict when the fit shows a sign
// (needsLP), else none. v is the verdict if it is known already, or nil.
// If the program fails, the screen's verdict stands, with a warning.
func (s *sepCheck) diagnose(res *Result, data Chunks, halvingErr bool, v *lpVerdict) error {
	res.Status = make([]CoefStatus, s.k)
	if !s.needsLP(res, halvingErr) {
		return nil
	}
	if err := s.sums(data); err != nil {
		return err
	}
	if v == nil {
		var err error
		if v, err = s.runLP(data); err != nil {
			return err
		}
	}
	typ := v.typ
	copy(res.Status, v.status)
	for j, b := range v.both {
		if b {
			res.Status[j] = s.pathSign(j, res.Coef)
		}
	}
	if v.err != nil {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the separation test did not finish (%v); the verdict is the screen's", v.err))
		clear(res.Status)
		typ = s.screenVerdict(res.Status)
	}
	if typ == SeparationNone {
		return nil
	}
	res.Separation, res.SeparationType = true, typ
	res.Diverging = nil
	var names []string
	for j, st := range res.Status {
		if st != CoefFinite {
			res.Diverging = append(res.Diverging, j)
			names = append(names, res.Names[j]+" = "+st.String())
		}
	}
	kind := "completely"
	if typ == SeparationQuasiComplete {
		kind = "quasi-completely"
	}
	res.Warnings = append(res.Warnings, fmt.Sprintf(
		"the data are %s separated: the maximum-likelihood estimate does not exist (%s); use a penalized fit (Firth or ridge)",
		kind, strings.Join(names, ", ")))
	return nil
}

// screenVerdict sets status from the screen's separating candidate, if any:
// the coefficients with a material component in it, scaled by their
// column's largest value.
func (s *sepCheck) screenVerdict(status []CoefStatus) SeparationType {
	cd := s.survivor()
	if cd == nil {
		return SeparationNone
	}
	top := 0.0
	for j, u := range cd.u {
		top = max(top, s.scale[j]*math.Abs(u))
	}
	for j, u := range cd.u {
		if s.scale[j]*math.Abs(u) > 1e-3*top {
			status[j] = CoefPlusInf
			if u < 0 {
				status[j] = CoefMinusInf
			}
		}
	}
	if cd.quasi {
		return SeparationQuasiComplete
	}
	return SeparationComplete
}

// dataErr carries an error of the data source through solve.
type dataErr struct{ err error }

func (e dataErr) Error() string { return e.err.Error() }

// solve runs the linear programs over data and sets status and both (see
// [lpVerdict]); it returns the type of separation.
func (s *sepCheck) solve(data Chunks, status []CoefStatus, both []bool) (SeparationType, error) {
	k := s.k
	lo, hi := make([]float64, k), make([]float64, k)
	for j := range k {
		lo[j], hi[j] = -1, 1
	}
	b := make([]float64, k)
	tight := newTightRows(k, s.tightCap)
	cuts, onPlane, err := s.cuttingPlanes(data, b, s.obj, lo, hi, tight, nil)
	if err != nil {
		return SeparationNone, err
	}
	sep, zero := false, false
	for j, v := range b {
		switch {
		case v > 0:
			status[j], sep = CoefPlusInf, true
		case v < 0:
			status[j], sep = CoefMinusInf, true
		default:
			zero = true
		}
	}
	if !sep {
		return SeparationNone, nil
	}
	if zero {
		if err := s.refine(data, b, tight, status, both); err != nil {
			return SeparationNone, err
		}
	}
	if onPlane == 0 {
		return SeparationComplete, nil
	}
	// The margin program, started from the rows on the first's hyperplane.
	k1 := k + 1
	mc, mlo, mhi := make([]float64, k1), make([]float64, k1), make([]float64, k1)
	copy(mlo, lo)
	copy(mhi, hi)
	mhi[k], mc[k] = 1, 1
	var start []float64
	for i := 0; i < len(cuts); i += k {
		a := cuts[i : i+k]
		var t, mag float64
		for j, e := range a {
			t += e * b[j]
			mag += math.Abs(e * b[j])
		}
		if t <= lpTol*mag {
			start = appendMarginRow(start, a)
		}
	}
	bt := make([]float64, k1)
	if _, _, err := s.cuttingPlanes(data, bt, mc, mlo, mhi, nil, start); err != nil {
		return SeparationNone, err
	}
	if bt[k] > lpTol {
		return SeparationComplete, nil
	}
	return SeparationQuasiComplete, nil
}

// appendMarginRow appends the margin program's row for constraint row a:
// a/‖a‖∞, then −1.
func appendMarginRow(dst, a []float64) []float64 {
	r := 0.0
	for _, v := range a {
		r = max(r, math.Abs(v))
	}
	if r == 0 {
		r = 1
	}
	for _, v := range a {
		dst = append(dst, v/r)
	}
	return append(dst, -1)
}

// maxCutRounds caps the passes of the cutting-plane method; each adds at
// least one constraint, so the cap is only reached on a failure.
const maxCutRounds = 500

// cuttingPlanes maximizes objᵀv over lo ≤ v ≤ hi subject to the constraint
// rows of data (the margin program's when tight is nil, Konis' otherwise),
// starting from the rows in start, and sets v to the optimum. It returns the
// constraints it collected and the number of rows on the optimum's
// hyperplane; tight holds the rows on it, or that it violates within the
// simplex method's tolerances, if they fit.
func (s *sepCheck) cuttingPlanes(data Chunks, v, obj, lo, hi []float64, tight *tightRows, start []float64) ([]float64, int, error) {
	n := len(v)
	margin := tight == nil
	rows := start
	budget := max(64, 16*n)
	var spx linalg.Simplex
	top := &violations{n: n}
	prev := make([]float64, n)
	for round := range maxCutRounds {
		_, err := spx.Solve(v, linalg.NewDense(len(rows)/n, n, rows), obj, lo, hi)
		s.pivots += spx.Iterations
		if err != nil {
			return nil, 0, err
		}
		top.reset(budget)
		if tight != nil {
			tight.reset()
		}
		onPlane, err := s.scan(data, v, margin, top, tight)
		if err != nil {
			return nil, 0, dataErr{err}
		}
		// A solution that the rows added last left unchanged violates
		// them only within the simplex method's tolerances.
		if len(top.key) == 0 || round > 0 && slices.Equal(v, prev) {
			return rows, onPlane, nil
		}
		copy(prev, v)
		rows = append(rows, top.rows...)
	}
	return nil, 0, fmt.Errorf("no optimum after %d passes", maxCutRounds)
}

// scan passes over data, keeps in top the constraint rows that v violates
// most, and returns the number of rows on the hyperplane of v. The rows on
// it or violated go to tight unless it is nil.
func (s *sepCheck) scan(data Chunks, v []float64, margin bool, top *violations, tight *tightRows) (int, error) {
	p, k := s.p, s.k
	onPlane := 0
	a := make([]float64, len(v))
	var b0, tau float64
	vb := v[:k]
	if s.intercept {
		b0, vb = v[0], v[1:k]
	}
	if margin {
		tau = v[k]
	}
	err := data(func(x *linalg.Dense, y, w []float64) error {
		xd := x.RawData()
		for i, yi := range y {
			if w != nil && w[i] == 0 {
				continue
			}
			row := xd[i*p : i*p+p]
			// η = d·b and the magnitude of its terms, then each
			// constraint row ±d (divided by ‖d‖∞ for the margin).
			eta, mag := b0, math.Abs(b0)
			for j, e := range row {
				tv := e * vb[j]
				eta += tv
				mag += math.Abs(tv)
			}
			r := 1.0
			if margin {
				r = 0
				if s.intercept {
					r = 1
				}
				for _, e := range row {
					r = max(r, math.Abs(e))
				}
				if r == 0 {
					r = 1
				}
				mag = mag/r + math.Abs(tau)
			}
			for _, sign := range [2]float64{1, -1} {
				if sign > 0 && yi <= 0 || sign < 0 && yi >= 1 {
					continue
				}
				t := sign * eta
				if margin {
					t = t/r - tau
				}
				if t > lpTol*mag {
					continue
				}
				if t >= -lpTol*mag {
					onPlane++
					if tight == nil || tight.over {
						continue
					}
				}
				d := s.designRow(row)
				for j, e := range d {
					a[j] = sign * e / r
				}
				if margin {
					a[k] = -1
				}
				if tight != nil {
					tight.add(a)
				}
				if t < -lpTol*mag {
					top.offer(-t/mag, a)
				}
			}
		}
		return nil
	})
	return onPlane, err
}

// violations keeps the (at most cap) constraint rows of largest key, in a
// min-heap on key whose entries point to the rows' slots.
type violations struct {
	n    int
	cap  int
	key  []float64
	slot []int     // row of entry i is rows[slot[i]*n : slot[i]*n+n]
	rows []float64 // the rows, in the order they were first kept
}

func (h *violations) reset(c int) {
	h.cap = c
	h.key, h.slot, h.rows = h.key[:0], h.slot[:0], h.rows[:0]
}

func (h *violations) offer(key float64, a []float64) {
	if len(h.key) < h.cap {
		h.key = append(h.key, key)
		h.slot = append(h.slot, len(h.slot))
		h.rows = append(h.rows, a...)
		heap.Fix(h, len(h.key)-1)
		return
	}
	if key <= h.key[0] {
		return
	}
	h.key[0] = key
	sl := h.slot[0]
	copy(h.rows[sl*h.n:sl*h.n+h.n], a)
	heap.Fix(h, 0)
}

func (h *violations) Len() int           { return len(h.key) }
func (h *violations) Less(i, j int) bool { return h.key[i] < h.key[j] }
func (h *violations) Swap(i, j int) {
	h.key[i], h.key[j] = h.key[j], h.key[i]
	h.slot[i], h.slot[j] = h.slot[j], h.slot[i]
}
func (h *violations) Push(any) { panic("unused") }
func (h *violations) Pop() any { panic("unused") }

// maxTightNumbers bounds the memory of the refinement: of the distinct
// constraint rows tight at the optimum of Konis' program, it keeps the
// first that hold at most 2²⁰ numbers (8 MiB, as much again for their
// keys). When there are more, its programs are solved on those first and
// then by passes over the data, which usually find no row violated.
const maxTightNumbers = 1 << 20

// tightRows is a set of distinct constraint rows, of which it keeps the
// first that hold at most cap numbers. Factor data repeat rows, so a set is often small where
// the rows are many.
type tightRows struct {
	k, cap int
	seen   map[string]struct{}
	rows   []float64
	over   bool // more distinct rows than cap allows: rows holds the first ones
	key    []byte
}

func newTightRows(k, cap int) *tightRows {
	return &tightRows{k: k, cap: cap, seen: map[string]struct{}{}}
}

func (t *tightRows) reset() {
	clear(t.seen)
	t.rows, t.over = t.rows[:0], false
}

// add adds row a (of length k) to the set.
func (t *tightRows) add(a []float64) {
	if t.over {
		return
	}
	t.key = t.key[:0]
	for _, v := range a {
		t.key = binary.LittleEndian.AppendUint64(t.key, math.Float64bits(v+0)) // −0 as 0
	}
	if _, ok := t.seen[string(t.key)]; ok {
		return
	}
	if len(t.rows)+t.k > t.cap {
		t.over = true
		return
	}
	t.seen[string(t.key)] = struct{}{}
	t.rows = append(t.rows, a...)
}

// refine completes the status of the coefficients with b_j = 0 at the
// optimum b of Konis' program, on separated data. Coefficient j diverges
// exactly when some separating direction, some b' in the cone
//
//	C = {b' : ȳᵢ·dᵢᵀb' ≥ 0 for every row i},
//
// has b'_j ≠ 0; the optimum is one such b', a vertex that need not show
// every coefficient that diverges (a 0/1 column that alone separates, with
// more successes than failures, gives b = (0, 1): the intercept is 0 in it,
// though the fitted probability of the rows at 0 goes to 0 only as the
// intercept goes to −∞). Near b the cone is b + ε·d for d in the tangent
// cone
//
//	T = {d : ȳᵢ·dᵢᵀd ≥ 0 for the rows i tight at b, ȳᵢ·dᵢᵀb = 0},
//
// so j with b_j = 0 diverges exactly when max d_j > 0 or min d_j < 0 over
// T ∩ [−1, 1]ᵏ. A few programs decide it for all such j at once
// (decideSigns), solved by cutting planes (cutRounds) over the distinct
// tight rows that tight kept; if it could not keep them all, their
// solutions are then checked and completed together over passes of data
// that visit the rows tight at b, and the decisions made again from them.
// If only one sign is possible, status[j] is that sign; if both are,
// both[j] is set and the fit's path decides (pathSign).
func (s *sepCheck) refine(data Chunks, b []float64, tight *tightRows, status []CoefStatus, both []bool) error {
	k := s.k
	lo, hi := make([]float64, k), make([]float64, k)
	for j := range k {
		lo[j], hi[j] = -1, 1
	}
	kept := func(visit func(a []float64)) error {
		for i := 0; i < len(tight.rows); i += k {
			visit(tight.rows[i : i+k])
		}
		return nil
	}
	pass := func(visit func(a []float64)) error {
		s.refinePasses++
		return s.tightScan(data, b, visit)
	}
	// solve solves the programs maximize cᵀd over T ∩ [−1, 1]ᵏ for each c
	// in objs and records the signs of their solutions, every one of them
	// a direction of T. Until final, the programs see only the rows kept
	// (all of T's when they all fit); a final one that was solved so and
	// then checked against passes over data is not solved again.
	pos, neg := make([]bool, k), make([]bool, k)
	var cache []*refineLP
	final := !tight.over
	solve := func(objs [][]float64) error {
		var lps, fresh []*refineLP
		for _, c := range objs {
			i := slices.IndexFunc(cache, func(lp *refineLP) bool { return slices.Equal(lp.obj, c) })
			if i >= 0 && final {
				lps = append(lps, cache[i])
				continue
			}
			lp := &refineLP{obj: c, v: make([]float64, k), prev: make([]float64, k), top: &violations{n: k}}
			lps, fresh = append(lps, lp), append(fresh, lp)
		}
		if err := s.cutRounds(fresh, kept, lo, hi); err != nil {
			return err
		}
		if final && tight.over {
			for _, lp := range fresh {
				lp.done = false
			}
			if err := s.cutRounds(fresh, pass, lo, hi); err != nil {
				return err
			}
		}
		cache = append(cache, fresh...)
		for _, lp := range lps {
			for j, v := range lp.v {
				pos[j] = pos[j] || v > 0
				neg[j] = neg[j] || v < 0
			}
		}
		return nil
	}
	if err := s.decideSigns(b, solve, pos, neg); err != nil {
		return err
	}
	if !final {
		// The programs of the kept rows, on from their solutions over
		// passes of data, all at once; then the same decisions again,
		// from their solutions, which new programs only if the passes
		// changed a sign.
		for _, lp := range cache {
			lp.done = false
		}
		if err := s.cutRounds(cache, pass, lo, hi); err != nil {
			return err
		}
		final = true
		clear(pos)
		clear(neg)
		if err := s.decideSigns(b, solve, pos, neg); err != nil {
			return err
		}
	}
	for j, v := range b {
		switch {
		case v != 0:
		case pos[j] && neg[j]:
			both[j] = true
		case pos[j]:
			status[j] = CoefPlusInf
		case neg[j]:
			status[j] = CoefMinusInf
		}
	}
	return nil
}

// decideSigns decides, with solve (see refine), which signs the
// coefficients with b_j = 0 can take in T, recorded in pos and neg.
//
// Which coefficients of J (at first those with b_j = 0) are finite: for an
// objective c with random components on J and 0 elsewhere, cᵀd = 0 for
// every d in T (both programs, c and −c, have the optimum 0) only if the
// projection of T on J is {0}, that is every j in J is finite, but for c in
// a set of measure 0. Otherwise the solutions show some j in J with
// d_j ≠ 0, which diverge; J loses them and the test repeats. A
// pseudo-random generator of fixed seed keeps the verdict reproducible
// (Fit and FitStream reach the same). Then, for each diverging j seen
// with one sign only, a program asks whether d_j can take the other.
func (s *sepCheck) decideSigns(b []float64, solve func([][]float64) error, pos, neg []bool) error {
	k := s.k
	var J []int
	for j, v := range b {
		if v == 0 {
			J = append(J, j)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	single := -1 // the j whose programs were maximize ±d_j
	for len(J) > 0 {
		if len(J) == 1 {
			single = J[0]
		}
		c := make([]float64, k)
		for _, j := range J {
			c[j] = 1 + rng.Float64()
			if rng.IntN(2) == 0 {
				c[j] = -c[j]
			}
		}
		mc := make([]float64, k)
		linalg.Axpy(-1, c, mc)
		if err := solve([][]float64{c, mc}); err != nil {
			return err
		}
		rest := J[:0:0]
		for _, j := range J {
			if !pos[j] && !neg[j] {
				rest = append(rest, j)
			}
		}
		if len(rest) == len(J) {
			break
		}
		J = rest
	}
	var objs [][]float64
	for j, v := range b {
		if v == 0 && pos[j] != neg[j] && j != single {
			c := make([]float64, k)
			c[j] = 1
			if pos[j] {
				c[j] = -1
			}
			objs = append(objs, c)
		}
	}
	if len(objs) == 0 {
		return nil
	}
	return solve(objs)
}

// cutRounds solves the programs lps that are not done by cutting planes
// over the constraint rows that rows visits: each round solves them on the
// rows they have collected, then one visit of the rows checks every
// distinct solution and gives each program its most violated rows. A
// program is done when no row violates its solution, or when the rows it
// added last left the solution unchanged.
func (s *sepCheck) cutRounds(lps []*refineLP, rows func(visit func(a []float64)) error, lo, hi []float64) error {
	k := s.k
	budget := max(64, 16*k)
	var spx linalg.Simplex
	for round := range maxCutRounds {
		// The programs not done, grouped by solution.
		var groups [][]*refineLP
		for _, lp := range lps {
			if lp.done {
				continue
			}
			_, err := spx.Solve(lp.v, linalg.NewDense(len(lp.rows)/k, k, lp.rows), lp.obj, lo, hi)
			s.refinePivots += spx.Iterations
			if err != nil {
				return err
			}
			if round > 0 && slices.Equal(lp.v, lp.prev) {
				lp.done = true
				continue
			}
			copy(lp.prev, lp.v)
			lp.top.reset(budget)
			g := slices.IndexFunc(groups, func(g []*refineLP) bool { return slices.Equal(g[0].v, lp.v) })
			if g < 0 {
				groups = append(groups, nil)
				g = len(groups) - 1
			}
			groups[g] = append(groups[g], lp)
		}
		if len(groups) == 0 {
			return nil
		}
		err := rows(func(a []float64) {
			for _, g := range groups {
				v := g[0].v
				var t, mag float64
				for j, e := range a {
					t += e * v[j]
					mag += math.Abs(e * v[j])
				}
				if t < -lpTol*mag {
					for _, lp := range g {
						lp.top.offer(-t/mag, a)
					}
				}
			}
		})
		if err != nil {
			return dataErr{err}
		}
		for _, g := range groups {
			for _, lp := range g {
				if len(lp.top.key) == 0 {
					lp.done = true
				}
				lp.rows = append(lp.rows, lp.top.rows...)
			}
		}
	}
	return fmt.Errorf("no optimum after %d passes", maxCutRounds)
}

// refineLP is one of refine's programs, maximize objᵀv over the tangent
// cone and the box, with the constraint rows collected so far.
type refineLP struct {
	obj, v, prev []float64
	rows         []float64
	top          *violations
	done         bool
}

// tightScan passes over data and visits the constraint rows tight at b (on
// its hyperplane or violated within the tolerances, as scan collects them).
func (s *sepCheck) tightScan(data Chunks, b []float64, visit func(a []float64)) error {
	p := s.p
	a := make([]float64, s.k)
	return data(func(x *linalg.Dense, y, w []float64) error {
		xd := x.RawData()
		for i, yi := range y {
			if w != nil && w[i] == 0 {
				continue
			}
			d := s.designRow(xd[i*p : i*p+p])
			var eta, mag float64
			for j, e := range d {
				eta += e * b[j]
				mag += math.Abs(e * b[j])
			}
			for _, sign := range [2]float64{1, -1} {
				if sign > 0 && yi <= 0 || sign < 0 && yi >= 1 || sign*eta > lpTol*mag {
					continue
				}
				for j, e := range d {
					a[j] = sign * e
				}
				visit(a)
			}
		}
		return nil
	})
}

// pathSign is the status of a coefficient that separating directions move
// both ways, as the fit's path moves it: the sign of its last change u_j
// (the first candidate of the screen) if that is material, else the sign of
// its estimate coef_j if that is, else +Inf. A component v_j of u or coef is
// material when scale_j·|v_j| > 10⁻³·max_l scale_l·|v_l|, scale_j the
// largest |D_ij| of column j, as in screenVerdict: on a path that leaves the
// coefficient where it is, its last change and estimate are rounding noise
// (1e-7 beside slopes of 24 that grow by 1 per iteration), whose sign Fit
// and FitStream need not share.
func (s *sepCheck) pathSign(j int, coef []float64) CoefStatus {
	vecs := [][]float64{coef}
	if len(s.cands) > 0 {
		vecs = [][]float64{s.cands[0].u, coef}
	}
	for _, u := range vecs {
		top := 0.0
		for l, v := range u {
			top = max(top, s.scale[l]*math.Abs(v))
		}
		if s.scale[j]*math.Abs(u[j]) > 1e-3*top {
			if u[j] < 0 {
				return CoefMinusInf
			}
			return CoefPlusInf
		}
	}
	return CoefPlusInf
}

// finishSeparation is the end of a fit's separation diagnosis: a separated
// fit is not converged and has no covariance (the estimate does not exist),
// and a converged fit with fitted probabilities at 0 or 1 gets R's warning.
func finishSeparation(res *Result) {
	if res.Separation {
		res.Converged = false
		res.Cov = nil
		return
	}
	if res.Converged && res.Boundary > 0 {
		res.Warnings = append(res.Warnings, "fitted probabilities numerically 0 or 1 occurred")
	}
}

// lastStep returns the step of a converged fit's extra iteration, δ = I⁻¹g
// with I and g from the last pass, or nil if the fit did not converge.
func (nw *newton) lastStep() []float64 {
	if !nw.res.Converged {
		return nil
	}
	return nw.delta
}
