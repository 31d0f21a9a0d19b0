package logreg

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/a1bed000/logreg/linalg"
)

// ProfileInterval is the profile-likelihood confidence interval of one
// coefficient: the set of values b whose likelihood-ratio test of β_j = b is
// not rejected at the level, R's confint for a glm, found exactly rather
// than by interpolation.
type ProfileInterval struct {
	// Lower and Upper are the limits; an infinite one is ±Inf, with the
	// reason in LowerReason or UpperReason ("" for a finite limit).
	Lower, Upper             float64
	LowerReason, UpperReason string
	// Fits counts the constrained fits of the fallback that found the
	// limits the iteration did not (zero when it found both).
	Fits int
}

// OddsRatio returns exp(Lower) and exp(Upper), the interval of the odds
// ratio exp(β_j) (0 and +Inf for infinite limits).
func (p ProfileInterval) OddsRatio() (lo, hi float64) {
	return math.Exp(p.Lower), math.Exp(p.Upper)
}

// profile evaluates the constrained deviance D_j(b): the deviance of the
// fit with β_j held at b, by an offset b·d_j and the design without column
// j.
type profile struct {
	x      *linalg.Dense // the design without column j (nil when empty)
	col    []float64     // column j of [1 X] or X
	base   []float64     // the fit's own offset (zeros without)
	off    []float64     // base + b·col
	y, w   []float64
	set    Settings
	fits   int
	passes int  // the constrained fits' passes over the rows
	noCols bool // no column left: D_j(b) is the deviance of η = off
}

func newProfile(x *linalg.Dense, y []float64, s *Settings, j int) *profile {
	n, p := x.Dims()
	var set Settings
	if s != nil {
		set = *s
	}
	intercept := !set.NoIntercept
	pr := &profile{y: y, w: set.Weights, col: make([]float64, n), off: make([]float64, n)}
	pr.base = set.Offset
	if pr.base == nil {
		pr.base = make([]float64, n)
	}
	c := j
	if intercept {
		c = j - 1
	}
	if c < 0 {
		// The intercept: its column is ones and the rest is X.
		for i := range pr.col {
			pr.col[i] = 1
		}
		pr.x = x
		set.NoIntercept = true
		pr.noCols = p == 0
	} else {
		xr := linalg.NewDense(n, p-1, nil)
		for i := range n {
			row := x.RawRow(i)
			pr.col[i] = row[c]
			dst := xr.RawRow(i)
			copy(dst, row[:c])
			copy(dst[c:], row[c+1:])
		}
		pr.x = xr
		pr.noCols = p == 1 && set.NoIntercept
	}
	set.Offset = pr.off
	// The fit's final Newton step makes the deviance exact far beyond
	// this tolerance; a tighter one costs iterations and no accuracy.
	if set.Tol == 0 || set.Tol > 1e-9 {
		set.Tol = 1e-9
	}
	set.MaxIter = max(set.MaxIter, 100)
	set.Progress = nil
	set.Names = nil
	pr.set = set
	return pr
}

// dev returns D_j(b) and whether the constrained fit is separated.
func (pr *profile) dev(b float64) (float64, bool, error) {
	for i := range pr.off {
		pr.off[i] = pr.base[i] + b*pr.col[i]
	}
	pr.fits++
	if pr.noCols {
		return offsetDeviance(pr.y, pr.w, pr.off), false, nil
	}
	r, err := Fit(pr.x, pr.y, &pr.set)
	if err != nil {
		return 0, false, err
	}
	pr.passes += r.Passes
	return r.Deviance, r.Separation, nil
}

// offsetDeviance is the binomial deviance of η = off.
func offsetDeviance(y, w, off []float64) float64 {
	d := 0.0
	for i, yi := range y {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if wi == 0 {
			continue
		}
		// −2·[y·log μ + (1−y)·log(1−μ)] + 2·[y·log y + (1−y)·log(1−y)]
		e := off[i]
		lmu, l1mu := -softplus(-e), -softplus(e)
		s := yi*lmu + (1-yi)*l1mu
		if yi > 0 && yi < 1 {
			s -= yi*math.Log(yi) + (1-yi)*math.Log(1-yi)
		}
		d -= 2 * wi * s
	}
	return d
}

// softplus is log(1 + eˣ) without overflow.
func softplus(x float64) float64 { return max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// ProfileIntervals returns the exact profile-likelihood confidence interval
// at the level (such as 0.95) of every coefficient of the fit r of y on x
// with the settings s (those r was fitted with; nil for the defaults): for
// coefficient j the two roots b of
//
//	D_j(b) − D(β̂) = χ²₁(level),
//
// D_j(b) the deviance minimized with β_j held at b. Each limit is the
// solution β of Venzon and Moolgavkar's system
//
//	∂ℓ/∂β_i = 0 (i ≠ j),  D(β) − D(β̂) = χ²₁(level)
//
// found from the quadratic approximation β̂ ± z·se_j·V_{·j}/V_jj by steps
// that use the fit's covariance V for the inverse information (the inverse
// information at the iterate when convergence is slow), all limits
// together, so that a round of steps is one pass over the rows computing
// the deviance and the score at each unfinished limit. A limit is accepted
// when the deviance equation holds to 1e-10 relative, the nuisance score
// is below 1e-10·χ² in the deviance it would still gain and the next step
// of β_j is below 1e-12 relative (or stops shrinking, at the rounding of
// the deviance's sum over the rows), and is then corrected by that step:
// about 1e-12 relative in b. A limit whose iteration fails is found by the
// fallback, bracketing outward from the Wald limit and the Illinois variant
// of regula falsi on the signed root r(b) = sign(b − β̂_j)·√(D_j(b) − D(β̂)),
// each D_j(b) a constrained fit (the offset b·d_j and the design without
// column j) converged to Tol 1e-9 or the settings' smaller one. A limit
// beyond which the profile deviance never reaches the quantile (the
// constrained fits separate, or the deviance levels off) is ±Inf with a
// reason. The results are the same, bit for bit, for any
// [Settings].Workers.
//
// On separated data (r.Separation) D(β̂) is replaced by the infimum of the
// deviance, and the limit on the side of a coefficient's infinite estimate
// ([Result].Status) is ±Inf with a reason naming it; see profileSeparated.
//
// r must be a maximum-likelihood fit (not ridge or Firth) that converged or
// is separated; otherwise an error wrapping [ErrBadSettings] is returned, as
// for a level outside (0, 1) and for an r that is not a fit of y on x with s
// (other lengths, coefficients or observations).
func ProfileIntervals(x *linalg.Dense, y []float64, s *Settings, r *Result, level float64) ([]ProfileInterval, error) {
	out, _, err := profileIntervals(x, y, s, r, level)
	return out, err
}

// profileIntervals is [ProfileIntervals], with the count of its work.
func profileIntervals(x *linalg.Dense, y []float64, s *Settings, r *Result, level float64) ([]ProfileInterval, profileStats, error) {
	var st profileStats
	if !(level > 0 && level < 1) {
		return nil, st, fmt.Errorf("logreg: confidence level %g is not in (0, 1): %w", level, ErrBadSettings)
	}
	if r == nil || r.Firth || r.L2 != 0 {
		return nil, st, fmt.Errorf("logreg: profile intervals need a maximum-likelihood fit: %w", ErrBadSettings)
	}
	if err := checkFitOf(x, y, s, r); err != nil {
		return nil, st, err
	}
	z := NormalQuantile((1 + level) / 2)
	if r.Separation {
		out, err := profileSeparated(x, y, s, r, level, true)
		return out, st, err
	}
	if !r.Converged || r.Cov == nil {
		return nil, st, fmt.Errorf("logreg: profile intervals need a converged fit with a covariance: %w", ErrBadSettings)
	}
	var set Settings
	if s != nil {
		set = *s
	}
	k := len(r.Coef)
	lims := make([]vmLimit, 2*k)
	for m := range lims {
		lims[m] = vmLimit{j: m / 2, dir: float64(2*(m%2) - 1)}
	}
	profileVM(x, y, &set, r, z, lims, vmMemory, &st)
	out, err := finishLimits(x, y, s, r, z, lims, &st)
	return out, st, err
}

// finishLimits returns the intervals of the limits lims of [profileVM], the
// ones it did not find by the bracketed root-finding of findLimit.
func finishLimits(x *linalg.Dense, y []float64, s *Settings, r *Result, z float64, lims []vmLimit, st *profileStats) ([]ProfileInterval, error) {
	k := len(r.Coef)
	v := r.Cov.RawData()
	out := make([]ProfileInterval, k)
	for j := range k {
		var pr *profile
		for side, l := range lims[2*j : 2*j+2] {
			lim, why := &out[j].Lower, &out[j].LowerReason
			if side == 1 {
				lim, why = &out[j].Upper, &out[j].UpperReason
			}
			if l.done {
				*lim = l.value
				st.vm++
				continue
			}
			if pr == nil {
				pr = newProfile(x, y, s, j)
			}
			var err error
			*lim, *why, err = findLimit(pr.dev, r.Coef[j], math.Sqrt(v[j*k+j]), r.Deviance, z, l.dir)
			if err != nil {
				return nil, fmt.Errorf("logreg: profile of %s: %w", r.Names[j], err)
			}
			st.fall++
		}
		if pr != nil {
			out[j].Fits = pr.fits
			st.fits += pr.fits
			st.passes += pr.passes
		}
	}
	return out, nil
}

// findLimit finds the root of g(b) = √(dev(b) − dhat) − z on the side dir
// (±1) of the estimate est, dev the profile deviance (and whether its fit
// separates) and se the scale of the first step.
func findLimit(dev func(float64) (float64, bool, error), est, se, dhat, z float64, dir float64) (float64, string, error) {
	return findLimitFrom(dev, est, -z, z*se, dhat, z, dir)
}

// findLimitFrom is findLimit from a point est where g is ga < 0, with the
// first step h.
func findLimitFrom(dev func(float64) (float64, bool, error), est, ga, h, dhat, z float64, dir float64) (float64, string, error) {
	se := h / z
	g := func(b float64) (float64, bool, error) {
		d, sep, err := dev(b)
		if err != nil {
			return 0, false, err
		}
		return math.Sqrt(max(d-dhat, 0)) - z, sep, nil
	}
	// Bracket: [a, b] with g(a) < 0 ≤ g(b), a starting at the estimate.
	a := est
	b := est + dir*h
	gb, sep, err := g(b)
	if err != nil {
		return 0, "", err
	}
	for tries := 0; gb < 0; tries++ {
		if sep {
			return math.Inf(int(dir)), "the constrained fits separate: the profile deviance never reaches the quantile", nil
		}
		// Step by the secant of the (nearly linear) signed root, at
		// least doubling the distance.
		slope := (gb - ga) / (b - a)
		next := b + dir*2*math.Abs(b-est)
		if slope*dir > 0 {
			if s := b - gb/slope; dir*(s-b) > 0 {
				next = b + dir*max(1.1*dir*(s-b), math.Abs(b-est)/4)
			}
		} else if tries > 3 {
			return math.Inf(int(dir)), "the profile deviance levels off below the quantile", nil
		}
		if tries > 60 || math.IsInf(next, 0) {
			return math.Inf(int(dir)), "the profile deviance levels off below the quantile", nil
		}
		a, ga = b, gb
		b = next
		if gb, sep, err = g(b); err != nil {
			return 0, "", err
		}
	}
	// Illinois: regula falsi halving the weight of an end kept twice,
	// until the bracket or the correction of the iterate is below 1e-12
	// relative (the iterates converge superlinearly, so the last is far
	// closer).
	side := 0
	last := math.NaN()
	for range 200 {
		if gb == 0 {
			return b, "", nil
		}
		if math.Abs(b-a) <= 1e-13*max(math.Abs(a), math.Abs(b), 1e-3*se) {
			break
		}
		c := (a*gb - b*ga) / (gb - ga)
		if !(c > min(a, b) && c < max(a, b)) {
			c = (a + b) / 2
		}
		if math.Abs(c-last) <= 1e-12*max(math.Abs(c), 1e-3*se) {
			return c, "", nil
		}
		last = c
		gc, _, err := g(c)
		if err != nil {
			return 0, "", err
		}
		if gc < 0 {
			a, ga = c, gc
			if side == -1 {
				gb /= 2
			}
			side = -1
		} else {
			b, gb = c, gc
			if side == 1 {
				ga /= 2
			}
			side = 1
		}
	}
	// Interpolate within the final bracket.
	if gb != ga {
		return (a*gb - b*ga) / (gb - ga), "", nil
	}
	return b, "", nil
}

// TermTest is the likelihood-ratio test of one term of a model.
type TermTest struct {
	// Term is the term's label.
	Term string
	// DF is the number of its coefficients.
	DF int
	// Deviance is the deviance of the model without the term (drop1) or
	// the reduction of the deviance on adding it (sequential).
	Deviance float64
	// LRChisq is the likelihood-ratio statistic, its χ² and P its upper
	// tail probability with DF degrees of freedom.
	LRChisq, P float64
}

// LRTest is the likelihood-ratio test of a fit against its null model (the
// intercept alone, with the offset): the statistic NullDeviance − Deviance
// on DFNull − DFResidual degrees of freedom, and its p-value, NaN when the
// fit has no coefficient beyond the null model's (df 0: there is no test).
func LRTest(r *Result) (stat float64, df int, p float64) {
	stat = r.NullDeviance - r.Deviance
	df = r.DFNull - r.DFResidual
	if df <= 0 {
		return stat, df, math.NaN()
	}
	return stat, df, ChiSquareSurvival(stat, float64(df))
}

// checkFitOf returns an error wrapping ErrBadSettings unless r can be the
// fit of y on x with the settings s: y and the weights and offset of s of
// one value per row of x, r's coefficients those of x's columns with s's
// intercept, and r's observations the rows of positive weight.
func checkFitOf(x *linalg.Dense, y []float64, s *Settings, r *Result) error {
	if x == nil || r == nil {
		return fmt.Errorf("logreg: no design or no fit: %w", ErrBadSettings)
	}
	var set Settings
	if s != nil {
		set = *s
	}
	n, p := x.Dims()
	if len(y) != n || set.Weights != nil && len(set.Weights) != n || set.Offset != nil && len(set.Offset) != n {
		return fmt.Errorf("logreg: %d responses, %d weights and %d offsets for %d rows of x: %w: %w", len(y), len(set.Weights), len(set.Offset), n, ErrLength, ErrBadSettings)
	}
	k := p
	if !set.NoIntercept {
		k++
	}
	if len(r.Coef) != k || r.Intercept == set.NoIntercept {
		return fmt.Errorf("logreg: a fit of %d coefficients (intercept %v) is not one of %d columns (intercept %v): %w", len(r.Coef), r.Intercept, p, !set.NoIntercept, ErrBadSettings)
	}
	nobs := n
	if set.Weights != nil {
		nobs = 0
		for _, w := range set.Weights {
			if w > 0 {
				nobs++
			}
		}
	}
	if nobs != r.NObs {
		return fmt.Errorf("logreg: a fit of %d observations is not one of these %d: %w", r.NObs, nobs, ErrBadSettings)
	}
	return nil
}

// checkTerms returns an error unless term gives each of the p columns of
// the design a term below len(labels); a negative term (a column of no
// tested term) keeps the column in every fit.
func checkTerms(term []int, p int, labels []string) error {
	if len(term) != p {
		return fmt.Errorf("logreg: %d terms for %d columns: %w: %w", len(term), p, errNoTerms, ErrBadSettings)
	}
	for j, t := range term {
		if t >= len(labels) {
			return fmt.Errorf("logreg: term %d of column %d is past the %d labels: %w: %w", t, j, len(labels), errNoTerms, ErrBadSettings)
		}
	}
	return nil
}

// errNoTerms is returned for a term map that does not fit the design.
var errNoTerms = errors.New("the term of each column is needed")

// subFit returns the deviance of the fit on the columns of x whose keep is
// true, on the same rows with the same settings.
func subFit(x *linalg.Dense, y []float64, s *Settings, keep []bool) (float64, error) {
	n, p := x.Dims()
	m := 0
	for _, k := range keep {
		if k {
			m++
		}
	}
	var set Settings
	if s != nil {
		set = *s
	}
	set.Progress = nil
	set.Names = nil
	if m == 0 && set.NoIntercept {
		off := set.Offset
		if off == nil {
			off = make([]float64, n)
		}
		return offsetDeviance(y, set.Weights, off), nil
	}
	xr := linalg.NewDense(n, m, nil)
	for i := range n {
		row, dst := x.RawRow(i), xr.RawRow(i)
		c := 0
		for j := range p {
			if keep[j] {
				dst[c] = row[j]
				c++
			}
		}
	}
	r, err := Fit(xr, y, &set)
	if err != nil {
		return 0, err
	}
	return r.Deviance, nil
}

// Drop1 returns R's drop1(fit, test = "LRT") for the fit r of y on x with
// the settings s: for each term, the fit without its columns on the same
// rows, its deviance and the statistic D(without) − D(r). term gives the
// index into labels of the term of each column of x (as dataset's
// Design.Term and Terms.Labels); a column of negative term is in every fit.
// Drop1 returns an error wrapping ErrBadSettings when r is not a fit of y on
// x with s (other lengths, coefficients or observations) or a term is
// past the labels.
func Drop1(x *linalg.Dense, y []float64, s *Settings, r *Result, term []int, labels []string) ([]TermTest, error) {
	if err := checkFitOf(x, y, s, r); err != nil {
		return nil, err
	}
	_, p := x.Dims()
	if err := checkTerms(term, p, labels); err != nil {
		return nil, err
	}
	var out []TermTest
	keep := make([]bool, p)
	for t, lab := range labels {
		df := 0
		for j := range p {
			keep[j] = term[j] != t
			if !keep[j] {
				df++
			}
		}
		if df == 0 {
			continue
		}
		d, err := subFit(x, y, s, keep)
		if err != nil {
			return nil, fmt.Errorf("logreg: fit without %s: %w", lab, err)
		}
		lr := d - r.Deviance
		out = append(out, TermTest{Term: lab, DF: df, Deviance: d, LRChisq: lr, P: ChiSquareSurvival(lr, float64(df))})
	}
	return out, nil
}

// Sequential returns R's anova(fit, test = "Chisq") for the fit r of y on x
// with the settings s: the terms added one at a time in the order of
// labels, each with the reduction of the deviance it brings over the model
// of the terms before it (the first over the null model), all on the same
// rows. term is as for [Drop1].
func Sequential(x *linalg.Dense, y []float64, s *Settings, r *Result, term []int, labels []string) ([]TermTest, error) {
	if err := checkFitOf(x, y, s, r); err != nil {
		return nil, err
	}
	_, p := x.Dims()
	if err := checkTerms(term, p, labels); err != nil {
		return nil, err
	}
	var out []TermTest
	keep := make([]bool, p)
	prev := r.NullDeviance
	for t, lab := range labels {
		df := 0
		for j := range p {
			keep[j] = term[j] <= t
			if term[j] == t {
				df++
			}
		}
		if df == 0 {
			continue
		}
		d := r.Deviance
		if t < len(labels)-1 {
			var err error
			if d, err = subFit(x, y, s, keep); err != nil {
				return nil, fmt.Errorf("logreg: fit up to %s: %w", lab, err)
			}
		}
		lr := prev - d
		out = append(out, TermTest{Term: lab, DF: df, Deviance: lr, LRChisq: lr, P: ChiSquareSurvival(lr, float64(df))})
		prev = d
	}
	return out, nil
}

// batch evaluates the deviance and the score of the full model at several
// coefficient vectors in one pass over the rows: each chunk of rows is read
// once and used for every vector while it is in cache. The rows are cut
// into the fitter's segments (by their number alone) and the segments'
// sums are added in segment order, so the results do not depend on the
// number of workers. An evaluation allocates nothing.
type batch struct {
	x         *linalg.Dense
	y, w, off []float64
	intercept bool
	c, k      int
	m         int       // vectors in use
	beta      []float64 // m×k coefficient vectors, row-major
	dev       []float64 // the deviance at each vector
	g         []float64 // m×k scores, row-major
	segs      []batchSeg
	passes    int

	workers int
	next    atomic.Int64
	wake    chan struct{}
	wg      sync.WaitGroup
}

// batchSeg is a segment's rows and partial sums.
type batchSeg struct {
	lo, hi    int
	dev, g    []float64
	eta, v, r []float64
}

// newBatch sizes a batch for up to maxVec vectors and starts its workers,
// which close stops.
func newBatch(x *linalg.Dense, y, w, off []float64, intercept bool, maxVec, workers int) *batch {
	n, c := x.Dims()
	k := c
	if intercept {
		k++
	}
	b := &batch{x: x, y: y, w: w, off: off, intercept: intercept, c: c, k: k,
		beta: make([]float64, maxVec*k), dev: make([]float64, maxVec), g: make([]float64, maxVec*k)}
	s := segments(n)
	b.segs = make([]batchSeg, s)
	for i := range b.segs {
		b.segs[i] = batchSeg{lo: i * n / s, hi: (i + 1) * n / s,
			dev: make([]float64, maxVec), g: make([]float64, maxVec*k),
			eta: make([]float64, chunkRows), v: make([]float64, chunkRows), r: make([]float64, chunkRows)}
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	b.workers = min(workers, s)
	if b.workers > 1 {
		b.wake = make(chan struct{})
		for range b.workers - 1 {
			go func(wake <-chan struct{}) {
				for range wake {
					b.drain()
					b.wg.Done()
				}
			}(b.wake)
		}
	}
	return b
}

// close stops the batch's workers.
func (b *batch) close() {
	if b.wake != nil {
		close(b.wake)
		b.wake = nil
	}
}

// eval sets dev and g at the first m vectors of beta.
func (b *batch) eval(m int) {
	b.m = m
	b.passes++
	b.next.Store(0)
	if b.wake != nil {
		b.wg.Add(b.workers - 1)
		for range b.workers - 1 {
			b.wake <- struct{}{}
		}
	}
	b.drain()
	b.wg.Wait()
	k := b.k
	copy(b.dev[:m], b.segs[0].dev[:m])
	copy(b.g[:m*k], b.segs[0].g[:m*k])
	for i := 1; i < len(b.segs); i++ {
		sg := &b.segs[i]
		linalg.Axpy(1, sg.dev[:m], b.dev[:m])
		linalg.Axpy(1, sg.g[:m*k], b.g[:m*k])
	}
}

// drain computes segments until none is left.
func (b *batch) drain() {
	for {
		i := int(b.next.Add(1) - 1)
		if i >= len(b.segs) {
			return
		}
		b.segs[i].compute(b)
	}
}

// compute fills the segment's deviances and scores: for each chunk of rows,
// for each vector, η = D·β + offset, then the deviance terms and the
// residuals w·(y − μ) of [model], then Dᵀ·r.
func (sg *batchSeg) compute(b *batch) {
	m, c, k := b.m, b.c, b.k
	clear(sg.dev[:m])
	clear(sg.g[:m*k])
	for lo := sg.lo; lo < sg.hi; lo += chunkRows {
		hi := min(lo+chunkRows, sg.hi)
		xs, ys := b.x.RawData()[lo*c:hi*c], b.y[lo:hi]
		var ws []float64
		if b.w != nil {
			ws = b.w[lo:hi]
		}
		eta, v, r := sg.eta[:len(ys)], sg.v[:len(ys)], sg.r[:len(ys)]
		for j := range m {
			beta, g := b.beta[j*k:j*k+k], sg.g[j*k:j*k+k]
			b0 := 0.0
			if b.intercept {
				b0, beta, g = beta[0], beta[1:], g[1:]
			}
			linalg.RowDots(eta, xs, beta)
			for i := range eta {
				eta[i] += b0
			}
			if b.off != nil {
				linalg.Axpy(1, b.off[lo:hi], eta)
			}
			d, _ := model(v, r, eta, ys, ws, false)
			sg.dev[j] += d
			if b.intercept {
				s := 0.0
				for _, ri := range r {
					s += ri
				}
				sg.g[j*k] += s
			}
			linalg.AddRowsScaled(g, xs, r)
		}
	}
}

// vmLimit is one profile limit found by the Venzon–Moolgavkar iteration.
type vmLimit struct {
	j    int     // the coefficient
	dir  float64 // −1 for the lower limit, +1 for the upper
	beta []float64
	// cov approximates the inverse information near beta: the fit's
	// covariance, or the inverse of the information at an iterate when
	// the iteration with the fit's converges slowly, kept in the group's
	// slot of the limit.
	cov    []float64
	slot   int
	last   float64 // |t| of the previous step
	iter   int
	done   bool
	failed bool
	value  float64
}

// vmStep returns the Venzon–Moolgavkar step from l.beta, where the score is
// g and the deviance is D = D̂ + q + resid, towards the root of
//
//	g_{−j}(β) = 0,  D(β) − D̂ = q,
//
// with the covariance V = l.cov standing for the inverse information: the
// nuisance step is a − u·t, a = (I_{−j,−j})⁻¹·g_{−j}, u = (I_{−j,−j})⁻¹·I_{−j,j}
// = −V_{−j,j}/V_jj, and t, the step of β_j, is the root on the side dir of
// the quadratic model of the deviance along that path,
//
//	D − c − 2·s·t + t²/V_jj = D̂ + q,  c = g_{−j}ᵀ·a,  s = (V·g)_j/V_jj.
//
// A quadratic without a root (far from the limit) is taken with its
// discriminant at 0. It writes the step into delta and returns t and c.
func vmStep(delta []float64, l *vmLimit, g []float64, resid float64) (t, c float64) {
	k, j := len(g), l.j
	v := l.cov
	vjj := v[j*k+j]
	// w = V·g', g' = g with g'_j = 0; then a_i = w_i − V_ij·w_j/V_jj.
	var wj, vgj float64
	for i := range k {
		row := v[i*k : i*k+k]
		s := 0.0
		for h, gh := range g {
			if h != j {
				s += row[h] * gh
			}
		}
		delta[i] = s
		if i == j {
			wj = s
		}
	}
	vgj = wj + vjj*g[j]
	for i := range k {
		if i != j {
			delta[i] -= v[i*k+j] * wj / vjj
			c += g[i] * delta[i]
		}
	}
	delta[j] = 0
	s := vgj / vjj
	x := resid - c
	disc := max(s*s-x/vjj, 0)
	if l.dir*s < 0 {
		t = x / (s - l.dir*math.Sqrt(disc))
	} else {
		t = vjj * (s + l.dir*math.Sqrt(disc))
	}
	for i := range k {
		if i != j {
			delta[i] += v[i*k+j] * t / vjj
		}
	}
	delta[j] = t
	return t, c
}

// profileStats counts the work of [profileIntervals].
type profileStats struct {
	passes    int // passes over the rows: batched, information and fallback fits'
	refreshes int // information passes of the iteration
	fits      int // constrained fits of the fallback
	vm, fall  int // limits found by the iteration and by the fallback
}

const (
	// vmMaxIter caps the steps of one limit's iteration before it gives
	// way to the bracketed root-finding.
	vmMaxIter = 30
	// vmTol is the relative accuracy the iteration's convergence test
	// asks of the deviance equation and of the nuisance score (as the
	// deviance it would still gain).
	vmTol = 1e-10
	// vmStepTol is the relative size of the last step of β_j at which the
	// iteration stops.
	vmStepTol = 1e-12
	// vmMemory bounds the bytes of the work space of the limits iterated
	// together; more limits are iterated in groups.
	vmMemory = 256 << 20
)

// profileVM finds the limits of lims by the Venzon–Moolgavkar iteration of
// [vmStep], all limits stepping together: each round is one pass over the
// rows that evaluates the deviance and the score at every unfinished limit
// (and, in the first, at the estimate, for D̂ computed as the others are).
// When their work space would take more than mem bytes (many
// coefficients), the limits are iterated in groups that fit, one after
// the other.
// The covariance of the fit stands for the inverse information; a limit
// whose steps shrink by less than a factor 10 gets the inverse information
// at its iterate (one more pass). A limit is found when its deviance
// equation holds to vmTol·q relative, its nuisance score is below
// vmTol·q in the deviance it would gain, and its step of β_j is below
// vmStepTol relative or no longer shrinks; the limit is then the iterate
// corrected by that step.
// Limits whose iteration fails (a step to the other side of the estimate,
// values that are not finite, no convergence in vmMaxIter steps, an
// information that is not positive definite) are left undone.
func profileVM(x *linalg.Dense, y []float64, set *Settings, r *Result, z float64, lims []vmLimit, mem int, st *profileStats) {
	n, _ := x.Dims()
	k := len(r.Coef)
	vhat := r.Cov.RawData()
	// The limits go in groups whose work space fits in mem bytes: per
	// limit its coefficients, its scores in each segment and in the sum,
	// and the information it may need at its iterate.
	per := 8 * (k*(segments(n)+3) + k*k)
	group := max(1, min(len(lims), mem/per))
	vr := &vmRun{x: x, y: y, set: set, r: r, q: z * z, st: st,
		b:     newBatch(x, y, set.Weights, set.Offset, !set.NoIntercept, group+1, set.Workers),
		delta: make([]float64, k), own: make([][]float64, group)}
	defer vr.close()
	betas := make([]float64, group*k)
	active := make([]int, 0, group)
	for g0 := 0; g0 < len(lims); g0 += group {
		gl := lims[g0:min(g0+group, len(lims))]
		active = active[:0]
		for m := range gl {
			l := &gl[m]
			l.cov, l.beta, l.slot = vhat, betas[m*k:m*k+k], m
			// β̂ + t·V_{·j}/V_jj, t = ±z·se_j: the limit of the quadratic
			// approximation, with the nuisance coefficients at their
			// optimum there.
			j := l.j
			t := l.dir * z / math.Sqrt(vhat[j*k+j])
			for i := range k {
				l.beta[i] = r.Coef[i] + t*vhat[i*k+j]
			}
			active = append(active, m)
		}
		vr.rounds(gl, active, g0 == 0)
		for m := range gl {
			gl[m].beta, gl[m].cov = nil, nil
		}
	}
	st.passes += vr.b.passes
}

// vmRun is the state of profileVM's iteration.
type vmRun struct {
	x     *linalg.Dense
	y     []float64
	set   *Settings
	r     *Result
	q     float64 // χ²₁(level)
	dhat  float64 // D(β̂), as the batch computes it
	st    *profileStats
	b     *batch
	f     *fitter // for the information at an iterate, on first use
	ch    linalg.Cholesky
	delta []float64
	own   [][]float64 // each slot's inverse information, on first use
}

// close stops the goroutines of the run's batch and fitter.
func (vr *vmRun) close() {
	vr.b.close()
	if vr.f != nil {
		vr.f.close()
	}
}

// rounds iterates the limits lims, active their indices, until each is
// done or failed; the first round of the first group also evaluates the
// estimate, for dhat.
func (vr *vmRun) rounds(lims []vmLimit, active []int, first bool) {
	k := len(vr.r.Coef)
	vhat := vr.r.Cov.RawData()
	b, r, q, delta, st := vr.b, vr.r, vr.q, vr.delta, vr.st
	for round := 0; len(active) > 0; round++ {
		for a, m := range active {
			copy(b.beta[a*k:a*k+k], lims[m].beta)
		}
		nv := len(active)
		if first && round == 0 {
			copy(b.beta[nv*k:nv*k+k], r.Coef)
			nv++
		}
		b.eval(nv)
		if first && round == 0 {
			vr.dhat = b.dev[nv-1]
		}
		next := active[:0]
		for a, m := range active {
			l := &lims[m]
			d, g := b.dev[a], b.g[a*k:a*k+k]
			if !isFinite(d) || !allFinite(g) {
				l.failed = true
				continue
			}
			j := l.j
			se := math.Sqrt(vhat[j*k+j])
			resid := d - vr.dhat - q
			t, c := vmStep(delta, l, g, resid)
			bj := l.beta[j]
			if math.Abs(resid) <= vmTol*q && c <= vmTol*q {
				// The step is the remaining error of β_j to first order:
				// done when it is below vmStepTol relative, or when it no
				// longer shrinks (the rounding of the deviance's sum).
				if at := math.Abs(t); at <= vmStepTol*max(math.Abs(bj), se) || l.iter > 0 && at >= 0.5*l.last {
					l.done, l.value = true, bj+t
					continue
				}
			}
			if l.iter > 0 && math.Abs(t) > 0.1*l.last && math.Abs(t) > vmTol*max(math.Abs(bj), se) {
				// Slow: the information here, for this step and the next.
				if vr.f == nil {
					vr.f = newFitter(vr.x, vr.y, vr.set.Weights, !vr.set.NoIntercept, vr.set.Workers)
					vr.f.off = vr.set.Offset
				}
				vr.f.eval(l.beta)
				st.passes++
				st.refreshes++
				if err := vr.ch.Factorize(vr.f.h); err != nil {
					l.failed = true
					continue
				}
				if vr.own[l.slot] == nil {
					vr.own[l.slot] = make([]float64, k*k)
				}
				vr.ch.InverseTo(linalg.NewDense(k, k, vr.own[l.slot]))
				l.cov = vr.own[l.slot]
				t, _ = vmStep(delta, l, g, resid)
			}
			if !isFinite(t) || l.iter >= vmMaxIter || l.dir*(bj+t-r.Coef[j]) <= 0 {
				l.failed = true
				continue
			}
			linalg.Axpy(1, delta, l.beta)
			l.last = math.Abs(t)
			l.iter++
			next = append(next, m)
		}
		active = next
	}
}

// allFinite reports whether every element of v is finite.
func allFinite(v []float64) bool {
	for _, x := range v {
		if !isFinite(x) {
			return false
		}
	}
	return true
}

// restRows returns the rows (indices into y) that no separating direction
// of the design D = [1 X] or X fits perfectly in the limit: the rows with a
// positive weight left when the rows that Konis' linear program (see
// sepCheck) puts strictly on their side are removed, again on the rows
// left, until the program finds no separation. Every separating direction
// is zero on the rows returned, and the rows removed are fitted perfectly
// along a direction that does not move the others, so the infimum of the
// deviance is the minimum over the rows returned.
func restRows(x *linalg.Dense, y, w []float64, intercept bool) ([]int, error) {
	n, c := x.Dims()
	var rows []int
	for i := range n {
		if w == nil || w[i] > 0 {
			rows = append(rows, i)
		}
	}
	for len(rows) > 0 {
		xr, yr, wr, _ := subRows(x, y, w, nil, rows, nil)
		s := newSepCheck(c, intercept, nil)
		s.add(xr.RawData(), yr, wr)
		k := s.k
		b, lo, hi := make([]float64, k), make([]float64, k), make([]float64, k)
		for j := range k {
			lo[j], hi[j] = -1, 1
		}
		data := func(yield func(x *linalg.Dense, y, w []float64) error) error { return yield(xr, yr, wr) }
		if _, _, err := s.cuttingPlanes(data, b, s.obj, lo, hi, newTightRows(k, s.tightCap), nil); err != nil {
			return nil, err
		}
		keep := rows[:0:0]
		for i, row := range rows {
			d := s.designRow(xr.RawRow(i))
			var t, mag float64
			for j, v := range d {
				t += v * b[j]
				mag += math.Abs(v * b[j])
			}
			yi := yr[i]
			if yi == 1 && t > lpTol*mag || yi == 0 && t < -lpTol*mag {
				continue
			}
			keep = append(keep, row)
		}
		if len(keep) == len(rows) {
			break
		}
		rows = keep
	}
	return rows, nil
}

// subRows returns the rows of x, y, w and off (w and off may be nil) and,
// when cols is not nil, only those columns of x.
func subRows(x *linalg.Dense, y, w, off []float64, rows, cols []int) (*linalg.Dense, []float64, []float64, []float64) {
	_, c := x.Dims()
	if cols == nil {
		cols = make([]int, c)
		for j := range cols {
			cols[j] = j
		}
	}
	xr := linalg.NewDense(len(rows), len(cols), nil)
	yr := make([]float64, len(rows))
	var wr, or []float64
	if w != nil {
		wr = make([]float64, len(rows))
	}
	if off != nil {
		or = make([]float64, len(rows))
	}
	for i, row := range rows {
		src, dst := x.RawRow(row), xr.RawRow(i)
		for h, j := range cols {
			dst[h] = src[j]
		}
		yr[i] = y[row]
		if w != nil {
			wr[i] = w[row]
		}
		if off != nil {
			or[i] = off[row]
		}
	}
	return xr, yr, wr, or
}

// restFit is the fit of the rows of restRows: the minimum of the deviance
// over the design's columns on those rows, with the columns the fit finds
// aliased there (such as a column that is zero on them) dropped.
type restFit struct {
	w, off         []float64 // over every row of the data
	rows           []int
	intercept      bool
	cols           []int // the columns of X kept
	set            Settings
	coefOf         []int // the index in the fit's coefficients of each of the design's, or −1
	dev            float64
	coef, se       []float64 // the fit's estimates and standard errors
	res            *Result   // the fit (nil when nothing is left to fit)
	fits, passes   int
	rowsX          *linalg.Dense // the rows and kept columns of X
	rowsY, rowsW   []float64
	rowsBase, offs []float64 // the rows' offset, and work space for base + b·col
}

// newRestFit fits the rows rows of x, y with the settings set (its Weights
// and Offset over every row), dropping aliased columns, and keeps the design
// of that fit for [restFit.devAt].
func newRestFit(x *linalg.Dense, y []float64, set Settings, rows []int) (*restFit, error) {
	_, c := x.Dims()
	rf := &restFit{w: set.Weights, off: set.Offset, rows: rows, intercept: !set.NoIntercept}
	for j := range c {
		rf.cols = append(rf.cols, j)
	}
	set.Weights, set.Offset, set.Names, set.Progress = nil, nil, nil, nil
	rf.set = set
	for {
		rf.rowsX, rf.rowsY, rf.rowsW, rf.rowsBase = subRows(x, y, rf.w, rf.off, rows, rf.cols)
		if rf.rowsBase == nil {
			rf.rowsBase = make([]float64, len(rows))
		}
		rf.offs = make([]float64, len(rows))
		r, err := rf.fit(rf.rowsBase)
		var re *RankError
		if errors.As(err, &re) && re.Col >= 0 {
			if rf.intercept && re.Col == 0 {
				rf.intercept = false
			} else {
				h := re.Col
				if rf.intercept {
					h--
				}
				rf.cols = append(rf.cols[:h], rf.cols[h+1:]...)
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		rf.dev = r.Deviance
		k := c
		if !set.NoIntercept {
			k++
		}
		rf.coefOf = make([]int, k)
		for j := range rf.coefOf {
			rf.coefOf[j] = -1
		}
		at := 0
		if rf.intercept {
			rf.coefOf[0] = 0
			at = 1
		}
		shift := k - c
		for h, j := range rf.cols {
			rf.coefOf[j+shift] = h + at
		}
		if r != nil && r.Coef != nil {
			rf.res = r
			rf.coef = r.Coef
			rf.se = make([]float64, len(r.Coef))
			for h := range rf.se {
				rf.se[h] = math.NaN()
				if r.Cov != nil {
					rf.se[h] = math.Sqrt(r.Cov.At(h, h))
				}
			}
		}
		return rf, nil
	}
}

// settings returns the settings of the fit of the kept design on the rows
// with the offset off.
func (rf *restFit) settings(off []float64) Settings {
	set := rf.set
	set.NoIntercept = !rf.intercept
	set.Weights, set.Offset = rf.rowsW, off
	return set
}

// fit fits the kept design on the rows with the offset off (one per row),
// or returns the deviance of η = off when nothing is left to fit (a nil
// Result).
func (rf *restFit) fit(off []float64) (*Result, error) {
	rf.fits++
	if len(rf.rows) == 0 {
		return &Result{}, nil
	}
	if len(rf.cols) == 0 && !rf.intercept {
		return &Result{Deviance: offsetDeviance(rf.rowsY, rf.rowsW, off)}, nil
	}
	set := rf.settings(off)
	r, err := Fit(rf.rowsX, rf.rowsY, &set)
	if err != nil {
		return nil, err
	}
	rf.passes += r.Passes
	if r.Separation {
		return nil, fmt.Errorf("logreg: the rows that no separating direction fits are separated: %w", ErrNumerical)
	}
	return r, nil
}

// devAt returns the deviance of the rows with the offset base + b·col (col
// over every row of the data), for [findLimit].
func (rf *restFit) devAt(b float64, col []float64) (float64, bool, error) {
	for i, row := range rf.rows {
		rf.offs[i] = rf.rowsBase[i] + b*col[row]
	}
	r, err := rf.fit(rf.offs)
	if err != nil {
		return 0, false, err
	}
	return r.Deviance, false, nil
}

// profileSeparated is [ProfileIntervals] for a separated fit r: the roots of
//
//	D_j(b) − D_inf = χ²₁(level),
//
// D_inf the infimum of the deviance, the minimum over the rows that no
// separating direction fits perfectly ([restRows]), and D_j(b) the infimum
// with β_j held at b, likewise over the rows that the design without column
// j leaves (with the offset b·d_j). A coefficient whose estimate is ±Inf has
// that limit ±Inf, and its other limit is searched from where the fit
// stopped towards the finite side, by constrained fits. A finite
// coefficient's profile is that of the fit of the rows left (no separating
// direction moves it), so with viaRest its limits are that fit's
// [ProfileIntervals]; without, or when that fails, they are searched by
// constrained fits from its value there. Either limit may be infinite,
// when the constrained deviance stays below the quantile.
func profileSeparated(x *linalg.Dense, y []float64, s *Settings, r *Result, level float64, viaRest bool) ([]ProfileInterval, error) {
	z := NormalQuantile((1 + level) / 2)
	var set Settings
	if s != nil {
		set = *s
	}
	if set.Tol == 0 || set.Tol > 1e-9 {
		set.Tol = 1e-9
	}
	set.MaxIter = max(set.MaxIter, 100)
	intercept := !set.NoIntercept
	rows, err := restRows(x, y, set.Weights, intercept)
	if err != nil {
		return nil, fmt.Errorf("logreg: the rows the separation leaves: %w", err)
	}
	inf, err := newRestFit(x, y, set, rows)
	if err != nil {
		return nil, fmt.Errorf("logreg: the infimum of the deviance: %w", err)
	}
	// A finite coefficient's profile is the one of the fit of those rows
	// (see below), whose limits profileIntervals finds in a few passes;
	// the infinite ones, and the finite ones when that fails, take
	// constrained fits.
	var sub []ProfileInterval
	if f := inf.res; viaRest && f != nil && f.Converged && !f.Separation && f.Cov != nil {
		sset := inf.settings(inf.rowsBase)
		if sub, _, err = profileIntervals(inf.rowsX, inf.rowsY, &sset, f, level); err != nil {
			sub = nil
		}
	}
	k := len(r.Coef)
	out := make([]ProfileInterval, k)
	for j := range k {
		finite := r.Status[j] == CoefFinite
		switch {
		case finite && len(rows) == 0:
			why := "the data are completely separated: the deviance is 0 whatever the value"
			out[j] = ProfileInterval{Lower: math.Inf(-1), Upper: math.Inf(1), LowerReason: why, UpperReason: why}
			continue
		case finite && sub != nil && inf.coefOf[j] >= 0:
			out[j] = sub[inf.coefOf[j]]
			continue
		}
		pr := newProfile(x, y, s, j)
		jset := pr.set
		jset.Offset = pr.base
		if s == nil || s.Offset == nil {
			jset.Offset = nil
		}
		// No separating direction moves a finite coefficient, so the
		// design without its column has the same ones and leaves the same
		// rows; without an infinite one's, fewer directions may be left.
		jrows := rows
		if !finite && !pr.noCols {
			if jrows, err = restRows(pr.x, y, set.Weights, !jset.NoIntercept); err != nil {
				return nil, fmt.Errorf("logreg: profile of %s: the rows the separation leaves: %w", r.Names[j], err)
			}
		}
		var rf *restFit
		dev := func(b float64) (float64, bool, error) {
			if pr.noCols {
				return pr.dev(b)
			}
			return rf.devAt(b, pr.col)
		}
		if !pr.noCols {
			if rf, err = newRestFit(pr.x, y, jset, jrows); err != nil {
				return nil, fmt.Errorf("logreg: profile of %s: %w", r.Names[j], err)
			}
		}
		switch st := r.Status[j]; {
		case finite:
			h := inf.coefOf[j]
			if h < 0 || !(inf.se[h] > 0) {
				return nil, fmt.Errorf("logreg: profile of %s: the coefficient is not determined by the rows left by the separation: %w", r.Names[j], ErrNumerical)
			}
			for side, lim := range []*float64{&out[j].Lower, &out[j].Upper} {
				why := &out[j].LowerReason
				if side == 1 {
					why = &out[j].UpperReason
				}
				if *lim, *why, err = findLimit(dev, inf.coef[h], inf.se[h], inf.dev, z, float64(2*side-1)); err != nil {
					return nil, fmt.Errorf("logreg: profile of %s: %w", r.Names[j], err)
				}
			}
		default:
			dir := 1.0 // the side of the infinite limit
			sign := "+Inf"
			if st == CoefMinusInf {
				sign = "-Inf"
			}
			why := fmt.Sprintf("the data are separated: the estimate of %s is %s", r.Names[j], sign)
			if st == CoefMinusInf {
				dir = -1
				out[j].Lower, out[j].LowerReason = math.Inf(-1), why
			} else {
				out[j].Upper, out[j].UpperReason = math.Inf(1), why
			}
			// A start where the deviance is below the threshold, towards
			// the infinite side from where the fit stopped.
			a := r.Coef[j]
			ga := 0.0
			for tries := 0; ; tries++ {
				d, _, err := dev(a)
				if err != nil {
					return nil, fmt.Errorf("logreg: profile of %s: %w", r.Names[j], err)
				}
				if ga = math.Sqrt(max(d-inf.dev, 0)) - z; ga < 0 {
					break
				}
				if tries == 60 {
					return nil, fmt.Errorf("logreg: profile of %s: the deviance does not approach its infimum: %w", r.Names[j], ErrNumerical)
				}
				a += dir * max(1, math.Abs(a))
			}
			lim, lwhy := &out[j].Upper, &out[j].UpperReason
			if dir > 0 {
				lim, lwhy = &out[j].Lower, &out[j].LowerReason
			}
			if *lim, *lwhy, err = findLimitFrom(dev, a, ga, max(1, math.Abs(a))/4, inf.dev, z, -dir); err != nil {
				return nil, fmt.Errorf("logreg: profile of %s: %w", r.Names[j], err)
			}
		}
		if rf != nil {
			out[j].Fits = rf.fits
		} else {
			out[j].Fits = pr.fits
		}
	}
	return out, nil
}
