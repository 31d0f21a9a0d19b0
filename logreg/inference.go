package logreg

import (
	"errors"
	"fmt"
	"math"

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
	// Fits counts the constrained fits that found the two limits.
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
// D_j(b) the deviance minimized with β_j held at b (a fit with the offset
// b·d_j and without column j). The roots are found on the signed root
// r(b) = sign(b − β̂_j)·√(D_j(b) − D(β̂)), which is nearly linear in b, by
// bracketing outward from the Wald limits and the Illinois variant of
// regula falsi, to a relative accuracy of about 1e-12 in b (each
// constrained fit converged to Tol 1e-9 or the settings' smaller one, and
// made exact by the fit's final Newton step). A limit beyond which the
// profile deviance never reaches the quantile (the constrained fits
// separate, or the deviance levels off) is ±Inf with a reason.
//
// r must be a maximum-likelihood fit (not ridge or Firth) that converged
// without separation; otherwise an error wrapping [ErrBadSettings] is
// returned, as for a level outside (0, 1).
func ProfileIntervals(x *linalg.Dense, y []float64, s *Settings, r *Result, level float64) ([]ProfileInterval, error) {
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("logreg: confidence level %g is not in (0, 1): %w", level, ErrBadSettings)
	}
	if r == nil || r.Firth || r.L2 != 0 {
		return nil, fmt.Errorf("logreg: profile intervals need a maximum-likelihood fit: %w", ErrBadSettings)
	}
	if r.Separation || !r.Converged || r.Cov == nil {
		return nil, fmt.Errorf("logreg: profile intervals need a converged fit with finite estimates: %w", ErrBadSettings)
	}
	z := NormalQuantile((1 + level) / 2)
	k := len(r.Coef)
	out := make([]ProfileInterval, k)
	for j := range k {
		pr := newProfile(x, y, s, j)
		se := math.Sqrt(r.Cov.At(j, j))
		var err error
		out[j].Lower, out[j].LowerReason, err = findLimit(pr.dev, r.Coef[j], se, r.Deviance, z, -1)
		if err != nil {
			return nil, fmt.Errorf("logreg: profile of %s: %w", r.Names[j], err)
		}
		out[j].Upper, out[j].UpperReason, err = findLimit(pr.dev, r.Coef[j], se, r.Deviance, z, 1)
		if err != nil {
			return nil, fmt.Errorf("logreg: profile of %s: %w", r.Names[j], err)
		}
		out[j].Fits = pr.fits
	}
	return out, nil
}

// findLimit finds the root of g(b) = √(dev(b) − dhat) − z on the side dir
// (±1) of the estimate est, dev the profile deviance (and whether its fit
// separates) and se the scale of the first step.
func findLimit(dev func(float64) (float64, bool, error), est, se, dhat, z float64, dir float64) (float64, string, error) {
	g := func(b float64) (float64, bool, error) {
		d, sep, err := dev(b)
		if err != nil {
			return 0, false, err
		}
		return math.Sqrt(max(d-dhat, 0)) - z, sep, nil
	}
	// Bracket: [a, b] with g(a) < 0 ≤ g(b), a starting at the estimate.
	a, ga := est, -z
	h := z * se
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
// on DFNull − DFResidual degrees of freedom, and its p-value.
func LRTest(r *Result) (stat float64, df int, p float64) {
	stat = r.NullDeviance - r.Deviance
	df = r.DFNull - r.DFResidual
	if df <= 0 {
		return stat, df, math.NaN()
	}
	return stat, df, ChiSquareSurvival(stat, float64(df))
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
// Design.Term and Terms.Labels).
func Drop1(x *linalg.Dense, y []float64, s *Settings, r *Result, term []int, labels []string) ([]TermTest, error) {
	_, p := x.Dims()
	if len(term) != p {
		return nil, fmt.Errorf("logreg: %d terms for %d columns: %w: %w", len(term), p, errNoTerms, ErrBadSettings)
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
	_, p := x.Dims()
	if len(term) != p {
		return nil, fmt.Errorf("logreg: %d terms for %d columns: %w: %w", len(term), p, errNoTerms, ErrBadSettings)
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
