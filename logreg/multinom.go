package logreg

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/a1bed000/logreg/linalg"
)

// ErrEmptyLevel is wrapped by the *[DataError] of [FitMultinomial] for a
// response level that no observation with a positive weight takes.
var ErrEmptyLevel = errors.New("response level has no observation")

// MultinomialSettings configures [FitMultinomial]. The zero value, like a
// nil *MultinomialSettings, fits an intercept with the first level as the
// baseline, at most 25 iterations, tolerance 1e-8.
type MultinomialSettings struct {
	// Levels names the response levels: y[i] is an index into it. Nil
	// means K = 1 + max(y) levels named "0", "1", ….
	Levels []string
	// Baseline is the index of the baseline (reference) level, whose
	// linear predictor is 0. Zero means the first level.
	Baseline int

	// MaxIter, Tol, NoIntercept, L2, Names, Workers, Progress and MaxMemory
	// are those of [Settings], with the same zero values; L2 penalizes
	// every coefficient but the intercepts.
	MaxIter     int
	Tol         float64
	NoIntercept bool
	L2          float64
	Names       []string
	Workers     int
	Progress    func(Iteration)
	MaxMemory   int64

	// Weights are counts: row i stands for Weights[i] observations of level
	// y[i]. Nil means every weight is 1; rows of weight 0 take no part.
	Weights []float64
}

// MultinomialResult is a fitted baseline-category logit model,
//
//	log(π_l/π_b) = dᵀβ_l  for every level l but the baseline b.
type MultinomialResult struct {
	// Levels are the response levels, Baseline the index of the baseline.
	Levels   []string
	Baseline int
	// Responses are the levels of the blocks of coefficients, in order:
	// every level but the baseline.
	Responses []int
	// Names are the names of the design columns, "(Intercept)" first when
	// fitted.
	Names []string
	// Coef holds len(Responses) blocks of len(Names) estimates: block r is
	// β of level Responses[r] against the baseline.
	Coef []float64
	// Cov is the covariance of Coef, the inverse of the Fisher information
	// at Coef, I_jk = Σᵢ wᵢ·πᵢⱼ(δⱼₖ − πᵢₖ)·dᵢdᵢᵀ; nil for a ridge fit, on
	// separated data, and when the information is singular (a warning then
	// says so).
	Cov       *linalg.Dense
	Intercept bool

	Converged  bool
	Iterations int
	Trace      []Iteration

	// Separation, SeparationType, Status and Diverging are those of
	// [Result], over Coef: the data are separated when, along some
	// direction of the coefficients, no other level's linear predictor
	// ever gains on an observation's own level and somewhere one falls
	// behind it; the likelihood then keeps increasing along it and the
	// estimate does not exist. The separation is complete when every
	// observation's own level gains on every other one.
	Separation     bool
	SeparationType SeparationType
	Status         []CoefStatus
	Diverging      []int
	// SeparatedPairs are the pairs of levels whose observations alone are
	// separated (by the binary program on their rows), on separated data.
	SeparatedPairs []LevelPair

	L2              float64
	PenalizedLogLik float64 // ℓ(β) − (λ/2)·Σβ_j² for a ridge fit, else 0

	Warnings []string

	Deviance     float64 // −2·LogLik
	NullDeviance float64 // deviance of the intercepts-only model (of π = 1/K without intercept)
	LogLik       float64 // Σᵢ wᵢ·log πᵢ,yᵢ
	NullLogLik   float64

	NObs       int     // rows with a positive weight
	SumWeights float64 // the number of observations they stand for
	Boundary   int     // rows with a fitted probability within 10·ε of 0 or 1

	covErr error
}

// LevelPair is a pair of response levels and how their observations are
// separated.
type LevelPair struct {
	A, B int
	Type SeparationType
}

// CoefName returns the name of coefficient i, "level:column".
func (r *MultinomialResult) CoefName(i int) string {
	p := len(r.Names)
	return r.Levels[r.Responses[i/p]] + ":" + r.Names[i%p]
}

// NumCoef returns the number of coefficients.
func (r *MultinomialResult) NumCoef() int { return len(r.Coef) }

// AIC returns −2·LogLik + 2·len(Coef).
func (r *MultinomialResult) AIC() float64 { return -2*r.LogLik + 2*float64(len(r.Coef)) }

// BIC returns −2·LogLik + log(SumWeights)·len(Coef).
func (r *MultinomialResult) BIC() float64 {
	return -2*r.LogLik + math.Log(r.SumWeights)*float64(len(r.Coef))
}

// LRTest returns the likelihood-ratio test of the model against the null
// model: the statistic NullDeviance − Deviance, its degrees of freedom (the
// coefficients but the intercepts) and its χ² p-value.
func (r *MultinomialResult) LRTest() (stat float64, df int, p float64) {
	stat = r.NullDeviance - r.Deviance
	df = len(r.Coef)
	if r.Intercept {
		df -= len(r.Responses)
	}
	return stat, df, ChiSquareSurvival(stat, float64(df))
}

// MultinomialCoef is one row of a multinomial coefficient table.
type MultinomialCoef struct {
	Response string // the level the coefficient's logit compares with the baseline
	Coef
}

// MultinomialSummary is the Wald inference of a multinomial fit.
type MultinomialSummary struct {
	Level  float64 // confidence level of Low and High
	Coefs  []MultinomialCoef
	Result *MultinomialResult
}

// Summary returns Wald inference for every coefficient at confidence level
// level, as [Result.Summary]: se = √diag(I⁻¹), z = β/se, p = erfc(|z|/√2),
// β ± Φ⁻¹(1 − (1 − level)/2)·se. Without a covariance, se is +Inf, z 0, p 1.
// It panics if level is not in (0, 1).
func (r *MultinomialResult) Summary(level float64) *MultinomialSummary {
	if !(level > 0 && level < 1) {
		panic("logreg: confidence level outside (0, 1)")
	}
	q := NormalQuantile(1 - (1-level)/2)
	p := len(r.Names)
	out := make([]MultinomialCoef, len(r.Coef))
	for i, b := range r.Coef {
		c := Coef{Name: r.Names[i%p], Estimate: b, StdErr: math.Inf(1), P: 1, Low: math.Inf(-1), High: math.Inf(1)}
		if i < len(r.Status) {
			c.Status = r.Status[i]
		}
		if r.Cov != nil {
			if v := r.Cov.At(i, i); v > 0 {
				c.StdErr = math.Sqrt(v)
				c.Z = b / c.StdErr
				c.P = math.Erfc(math.Abs(c.Z) / math.Sqrt2)
				c.Low, c.High = b-q*c.StdErr, b+q*c.StdErr
			}
		}
		out[i] = MultinomialCoef{Response: r.Levels[r.Responses[i/p]], Coef: c}
	}
	return &MultinomialSummary{Level: level, Coefs: out, Result: r}
}

// String formats the summary as [Summary.String] does, with one coefficient
// table per level against the baseline, then the deviances, AIC, the
// likelihood-ratio test, the iterations and any warnings.
func (s *MultinomialSummary) String() string {
	var b strings.Builder
	r := s.Result
	width := len("(Intercept)")
	for _, c := range s.Coefs {
		width = max(width, len(c.Name))
	}
	lo := fmt.Sprintf("%.3g%%", 100*(1-s.Level)/2)
	hi := fmt.Sprintf("%.4g%%", 100*(1-(1-s.Level)/2))
	fmt.Fprintf(&b, "Baseline-category logits against %s:\n", r.Levels[r.Baseline])
	for i, c := range s.Coefs {
		if i%len(r.Names) == 0 {
			fmt.Fprintf(&b, "\n%s vs %s:\n", c.Response, r.Levels[r.Baseline])
			if r.L2 > 0 {
				fmt.Fprintf(&b, "%-*s %12s\n", width, "", "Estimate")
			} else {
				fmt.Fprintf(&b, "%-*s %12s %12s %8s %9s     %11s %11s\n", width, "", "Estimate", "Std. Error", "z value", "Pr(>|z|)", lo, hi)
			}
		}
		if r.L2 > 0 {
			fmt.Fprintf(&b, "%-*s %12.6g\n", width, c.Name, c.Estimate)
			continue
		}
		b.WriteString(c.tableRow(width))
	}
	if r.L2 > 0 {
		fmt.Fprintf(&b, "\nRidge penalty lambda = %g (intercepts not penalized): no standard errors or p-values,\n"+
			"they would not be valid Wald inference. Penalized log-likelihood: %.3f\n\n", r.L2, r.PenalizedLogLik)
	} else {
		b.WriteString("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n\n")
	}
	fmt.Fprintf(&b, "    Null deviance: %.3f\n", r.NullDeviance)
	fmt.Fprintf(&b, "Residual deviance: %.3f  (%d coefficients, %d rows, %.17g observations)\n", r.Deviance, len(r.Coef), r.NObs, r.SumWeights)
	fmt.Fprintf(&b, "AIC: %.3f  BIC: %.3f  log-likelihood: %.3f\n", r.AIC(), r.BIC(), r.LogLik)
	if !r.Separation && r.L2 == 0 {
		stat, df, p := r.LRTest()
		fmt.Fprintf(&b, "Likelihood-ratio test against the null model: %.3f on %d df, p %s\n", stat, df, FormatP(p))
	}
	fmt.Fprintf(&b, "\nNumber of Newton iterations: %d", r.Iterations)
	if !r.Converged {
		b.WriteString(" (not converged)")
	}
	b.WriteString("\n")
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "Warning: %s\n", w)
	}
	return b.String()
}

// FitMultinomial fits the baseline-category logit model of the levels y
// (indices into [MultinomialSettings].Levels) on the columns of x by
// Newton's method with the exact Hessian:
//
//	πᵢₗ = exp(ηᵢₗ)/Σₖ exp(ηᵢₖ),  ηᵢₗ = dᵢᵀβ_l,  η of the baseline 0
//	g_l  = Σᵢ wᵢ·(δ(yᵢ = l) − πᵢₗ)·dᵢ
//	I_lk = Σᵢ wᵢ·πᵢₗ(δₗₖ − πᵢₖ)·dᵢdᵢᵀ
//	β ← β + I⁻¹·g                     (Cholesky)
//
// with the probabilities and log-likelihood computed by log-sum-exp, in one
// fused pass over the rows per iteration on all cores (bit-for-bit the same
// for any number of workers). It starts at the intercepts-only estimate
// (β = 0 without intercept), halves a step whose deviance is not finite or
// increases, stops by R's test |dev − dev_old|/(|dev| + 0.1) < Tol and then
// takes one more Newton step. Cov is the inverse information at the
// estimate.
//
// Unpenalized fits are tested for separation exactly, by the linear
// program of [Fit] over the constraints dᵢᵀ(b_yᵢ − b_l) ≥ 0 for every row
// and every other level l (b of the baseline 0): the estimate exists exactly
// when b = 0 is the only solution. A separated fit is never converged; the
// warning names the infinite coefficients and the separated pairs of levels.
//
// FitMultinomial returns a *[DataError] for input of the wrong length,
// non-finite values, a level out of range, negative weights, weights that
// sum past 2⁵², a level without observations or a column out of scale; a
// *[RankError] for a rank-deficient design; a *[SizeError] for a model too
// large for MaxMemory; and an error wrapping [ErrNumerical] when the fit
// fails.
func FitMultinomial(x *linalg.Dense, y []int, s *MultinomialSettings) (*MultinomialResult, error) {
	if x == nil {
		return nil, fmt.Errorf("logreg: no design matrix (x is nil): %w", ErrLength)
	}
	var set MultinomialSettings
	if s != nil {
		set = *s
	}
	bs := Settings{MaxIter: set.MaxIter, Tol: set.Tol, NoIntercept: set.NoIntercept, L2: set.L2, MaxMemory: set.MaxMemory}
	bs, err := bs.withDefaults()
	if err != nil {
		return nil, err
	}
	set.MaxIter, set.Tol = bs.MaxIter, bs.Tol
	intercept := !set.NoIntercept
	names, err := coefNames(x, set.Names, intercept)
	if err != nil {
		return nil, err
	}
	levels, err := multinomLevels(y, set.Levels)
	if err != nil {
		return nil, err
	}
	K := len(levels)
	if set.Baseline < 0 || set.Baseline >= K {
		return nil, fmt.Errorf("logreg: Baseline %d is not a level index in [0, %d): %w", set.Baseline, K, ErrBadSettings)
	}
	v, err := validateMultinom(x, y, set.Weights, levels, names, intercept)
	if err != nil {
		return nil, err
	}
	m, p := K-1, len(names)
	if p > v.nobs && set.L2 == 0 {
		return nil, &RankError{Col: -1, Coefs: p, Obs: v.nobs}
	}
	n, _ := x.Dims()
	if err := checkSize(m*p, segments(n), false, set.MaxMemory); err != nil {
		return nil, err
	}
	blk := make([]int, K)
	res := &MultinomialResult{Levels: levels, Baseline: set.Baseline, Names: names, Intercept: intercept,
		NObs: v.nobs, SumWeights: v.sw, L2: set.L2}
	for l := range blk {
		blk[l] = -1
		if l != set.Baseline {
			blk[l] = len(res.Responses)
			res.Responses = append(res.Responses, l)
		}
	}
	// The null model: π_l = W_l/W with intercepts, 1/K without.
	for _, wl := range v.levelW {
		if intercept {
			res.NullLogLik += wl * math.Log(wl/v.sw)
		} else {
			res.NullLogLik -= wl * math.Log(float64(K))
		}
	}
	res.NullDeviance = -2 * res.NullLogLik

	f := newMfitter(x, y, set.Weights, blk, m, intercept, set.Workers)
	defer f.close()
	mn := &mnewton{set: &set, f: f, res: res, p: p, q: m * p}
	mn.init()
	if intercept {
		for r, l := range res.Responses {
			mn.beta[r*p] = math.Log(v.levelW[l] / v.levelW[set.Baseline])
		}
	}
	data := func(yield func(x *linalg.Dense, y, w []float64) error) error {
		return yield(x, nil, set.Weights)
	}
	if set.L2 == 0 {
		mn.afterStart = func() error {
			// The first diagonal block at the start, Dᵀ·diag(w·π(1 − π))·D,
			// is positive exactly where w is: R's rank test of the design.
			g := linalg.NewDense(p, p, append([]float64(nil), f.hb[:p*p]...))
			linalg.Symmetrize(g.RawData(), p)
			return checkRank(data, g, clearTol, intercept, names, v.nobs, rankTolFor(set.Tol))
		}
	}
	var verdict *lpVerdict
	sep := &multinomSep{x: x, y: y, w: set.Weights, blk: blk, m: m, c: f.c, intercept: intercept}
	if set.L2 == 0 {
		mn.separated = func() bool {
			if verdict == nil {
				verdict = sep.verdict()
			}
			return verdict.err == nil && verdict.typ != SeparationNone
		}
	}
	if err := mn.run(); err != nil {
		return nil, err
	}
	if err := finiteCoefs(mn.beta, multinomNames(res)); err != nil {
		return nil, err
	}
	res.Coef = append([]float64(nil), mn.beta...)

	// The final pass: deviance and information at the estimate, and the
	// extra step's largest change of a linear predictor.
	lastBoundary := f.boundary
	if res.Converged {
		f.step = mn.delta
	}
	f.eval(res.Coef)
	f.step = nil
	res.Deviance, res.Boundary = f.dev, f.boundary
	res.LogLik = -f.dev / 2
	if set.L2 > 0 {
		res.PenalizedLogLik = res.LogLik - set.L2*mn.ridgeNorm(res.Coef)/2
	}
	if res.Converged {
		it := Iteration{Iter: mn.iter, Deviance: f.dev, Objective: mn.objective(res.Coef, f.dev), StepNorm: math.Sqrt(linalg.Dot(mn.delta, mn.delta))}
		res.Trace = append(res.Trace, it)
		if set.Progress != nil {
			set.Progress(it)
		}
	}
	res.Iterations = len(res.Trace)
	if set.L2 == 0 {
		res.setMultinomCov(f, set.Tol)
	}
	res.Status = make([]CoefStatus, len(res.Coef))
	if set.L2 == 0 {
		// The certificate of [sepCheck.needsLP]: at the last iterate the
		// score is a positive combination of the constraint rows, with
		// weights wᵢ·πᵢₗ that the extra step δ changes by the factor
		// 1 + Δηᵢₗ − Σₖ πᵢₖΔηᵢₖ, positive when every |Δη| < ½.
		cert := res.Converged && lastBoundary == 0 && f.boundary == 0 && f.maxStep < certStep/2 && !mn.halvingErr
		if !cert {
			if verdict == nil {
				verdict = sep.verdict()
			}
			sep.record(res, verdict)
		}
		if res.Separation {
			res.Converged = false
			res.Cov = nil
		} else if res.Converged && res.Boundary > 0 {
			res.Warnings = append(res.Warnings, "fitted probabilities numerically 0 or 1 occurred")
		}
	}
	if !res.Converged && !res.Separation && !mn.halvingErr {
		res.Warnings = append(res.Warnings, fmt.Sprintf("algorithm did not converge in %d iterations", set.MaxIter))
	}
	if res.Cov == nil && res.covErr != nil && !res.Separation {
		res.Warnings = append(res.Warnings, fmt.Sprintf("no standard errors: the Fisher information at the estimate is singular (%v)", res.covErr))
	}
	return res, nil
}

// multinomNames returns the names of the coefficients, level:column.
func multinomNames(r *MultinomialResult) []string {
	out := make([]string, len(r.Responses)*len(r.Names))
	for i := range out {
		out[i] = r.CoefName(i)
	}
	return out
}

// multinomLevels returns the level names: levels, or "0" … strconv(max y)
// when nil.
func multinomLevels(y []int, levels []string) ([]string, error) {
	if levels != nil {
		if len(levels) < 2 {
			return nil, &DataError{Row: -1, Col: -1, What: "levels", Err: fmt.Errorf("%d levels, need at least 2: %w", len(levels), ErrBadSettings)}
		}
		return levels, nil
	}
	top := -1
	for _, v := range y {
		top = max(top, v)
	}
	if top < 1 {
		top = 1
	}
	if top >= len(y) {
		// More levels than rows: some level in [0, top] has no observation.
		// Name the first, as validateMultinom would, without allocating
		// top+1 names for a code such as 2⁴⁰.
		seen := make([]bool, len(y)+1)
		for _, v := range y {
			if v >= 0 && v < len(seen) {
				seen[v] = true
			}
		}
		l := slices.Index(seen, false)
		return nil, &DataError{Row: -1, Col: -1, What: "y", Err: fmt.Errorf("level %q: %w", strconv.Itoa(l), ErrEmptyLevel)}
	}
	out := make([]string, top+1)
	for l := range out {
		out[l] = strconv.Itoa(l)
	}
	return out, nil
}

// mvalidation is what validateMultinom learns of the rows.
type mvalidation struct {
	nobs   int
	sw     float64
	levelW []float64 // total weight of each level
}

// validateMultinom checks the rows: finite x within the scale limits of
// [Fit], levels in range, finite weights ≥ 0 summing to at most 2⁵², and
// every level observed.
func validateMultinom(x *linalg.Dense, y []int, w []float64, levels, names []string, intercept bool) (*mvalidation, error) {
	n, c := x.Dims()
	if len(y) != n {
		return nil, &DataError{Row: -1, Col: -1, What: "y", Err: fmt.Errorf("%d values for %d rows of x: %w", len(y), n, ErrLength)}
	}
	if w != nil && len(w) != n {
		return nil, &DataError{Row: -1, Col: -1, What: "weights", Err: fmt.Errorf("%d values for %d rows of x: %w", len(w), n, ErrLength)}
	}
	v := &mvalidation{levelW: make([]float64, len(levels))}
	colMax := make([]float64, c)
	xd := x.RawData()
	for i := 0; i < n; i++ {
		for j, xv := range xd[i*c : i*c+c] {
			if !isFinite(xv) {
				return nil, &DataError{Row: i, Col: j, What: "x", Err: fmt.Errorf("%v: %w", xv, ErrNotFinite)}
			}
			colMax[j] = max(colMax[j], math.Abs(xv))
		}
		if y[i] < 0 || y[i] >= len(levels) {
			return nil, &DataError{Row: i, Col: -1, What: "y", Err: fmt.Errorf("level %d is not in [0, %d): %w", y[i], len(levels), ErrResponse)}
		}
		wi := 1.0
		if w != nil {
			wi = w[i]
			if !isFinite(wi) {
				return nil, &DataError{Row: i, Col: -1, What: "weights", Err: fmt.Errorf("%v: %w", wi, ErrNotFinite)}
			}
			if wi < 0 {
				return nil, &DataError{Row: i, Col: -1, What: "weights", Err: fmt.Errorf("%v: %w", wi, ErrWeight)}
			}
		}
		if wi > 0 {
			v.nobs++
			v.sw += wi
			v.levelW[y[i]] += wi
		}
	}
	if v.nobs == 0 {
		return nil, &DataError{Row: -1, Col: -1, What: "weights", Err: ErrNoData}
	}
	if !(v.sw <= maxWeightSum) {
		return nil, &DataError{Row: -1, Col: -1, What: "weights", Err: fmt.Errorf("they sum to %.3g, more than 2^52: %w", v.sw, ErrWeightSum)}
	}
	for l, wl := range v.levelW {
		if wl == 0 {
			return nil, &DataError{Row: -1, Col: -1, What: "y", Err: fmt.Errorf("level %q: %w", levels[l], ErrEmptyLevel)}
		}
	}
	off := 0
	if intercept {
		off = 1
	}
	for j, mx := range colMax {
		if mx > maxScale || mx > 0 && mx < minScale {
			return nil, &DataError{Row: -1, Col: j, What: "x", Name: names[j+off],
				Err: fmt.Errorf("largest magnitude %g is outside [%g, %g]; rescale the column: %w", mx, minScale, maxScale, ErrScale)}
		}
	}
	return v, nil
}

// mnewton runs the Newton iterations of a multinomial fit: from the start,
// steps β ← β + I⁻¹g with step halving on the (penalized) deviance, until
// R's convergence test passes, then one more step with the information at
// hand (left in delta and added to beta).
type mnewton struct {
	set  *MultinomialSettings
	f    *mfitter
	res  *MultinomialResult
	p, q int

	afterStart func() error
	separated  func() bool

	beta, prev, delta []float64
	chol              linalg.Cholesky
	iter              int
	halvingErr        bool
}

func (mn *mnewton) init() {
	mn.beta = make([]float64, mn.q)
	mn.prev = make([]float64, mn.q)
	mn.delta = make([]float64, mn.q)
	mn.chol.Tol = stepCholTol
	mn.res.Trace = make([]Iteration, 0, mn.set.MaxIter+1)
}

// ridgeNorm returns Σβ_j² over the coefficients but the intercepts.
func (mn *mnewton) ridgeNorm(beta []float64) float64 {
	var s float64
	for i, b := range beta {
		if !mn.res.Intercept || i%mn.p != 0 {
			s += b * b
		}
	}
	return s
}

// objective is the deviance plus λ·Σβ_j².
func (mn *mnewton) objective(beta []float64, dev float64) float64 {
	if mn.set.L2 == 0 {
		return dev
	}
	return dev + mn.set.L2*mn.ridgeNorm(beta)
}

// step solves for the Newton step at the last pass into delta, with the
// ridge penalty added to the information and the score.
func (mn *mnewton) step() error {
	f, l2 := mn.f, mn.set.L2
	if l2 > 0 {
		hd, q := f.h.RawData(), mn.q
		for i := 0; i < q; i++ {
			if !mn.res.Intercept || i%mn.p != 0 {
				hd[i*q+i] += l2
				f.g[i] -= l2 * mn.beta[i]
			}
		}
	}
	if err := mn.chol.Factorize(f.h); err != nil {
		// Too ill-conditioned for an accurate Cholesky solve: by QR.
		return f.lsStep(mn.delta, mn.beta, l2, rankTolFor(mn.set.Tol))
	}
	mn.chol.SolveVecTo(mn.delta, f.g)
	return nil
}

func (mn *mnewton) run() error {
	set, f, res := mn.set, mn.f, mn.res
	beta, prev, delta := mn.beta, mn.prev, mn.delta
	f.eval(beta)
	if mn.afterStart != nil {
		if err := mn.afterStart(); err != nil {
			return err
		}
	}
	objOld := mn.objective(beta, f.dev)
	if !isFinite(objOld) {
		return fmt.Errorf("logreg: at the starting values: the deviance is %v: %w", objOld, ErrNumerical)
	}
	conv := false
	for {
		if err := mn.step(); err != nil {
			if f.boundary > 0 || mn.iter > 0 && mn.separated != nil && mn.separated() {
				return nil // weights underflowed: the caller looks for separation
			}
			return fmt.Errorf("logreg: iteration %d: %w: %w", mn.iter+1, ErrNumerical, err)
		}
		if conv {
			linalg.Axpy(1, delta, beta)
			res.Converged = true
			mn.iter++
			return nil
		}
		if mn.iter == set.MaxIter {
			return nil
		}
		copy(prev, beta)
		linalg.Axpy(1, delta, beta)
		mn.iter++
		f.eval(beta)
		obj := mn.objective(beta, f.dev)
		halvings := 0
		for !isFinite(obj) || obj-objOld > set.Tol*(math.Abs(obj)+0.1) {
			if halvings == maxHalvings {
				mn.halvingErr = true
				break
			}
			for j := range beta {
				beta[j] = (beta[j] + prev[j]) / 2
			}
			halvings++
			f.eval(beta)
			obj = mn.objective(beta, f.dev)
		}
		it := Iteration{Iter: mn.iter, Deviance: f.dev, Objective: obj, StepNorm: dist(beta, prev), Halvings: halvings}
		res.Trace = append(res.Trace, it)
		if set.Progress != nil {
			set.Progress(it)
		}
		if mn.halvingErr {
			res.Warnings = append(res.Warnings, fmt.Sprintf("step halving could not decrease the deviance at iteration %d", mn.iter))
			return nil
		}
		conv = math.Abs(obj-objOld)/(math.Abs(obj)+0.1) < set.Tol
		if !conv && f.boundary > 0 && mn.separated != nil && mn.separated() {
			return nil
		}
		objOld = obj
	}
}

// setMultinomCov sets Cov to the inverse of the information at the
// estimate, f.h from the last pass: by Cholesky of the equilibrated matrix
// E·I·E, E = diag(I)^−½, and when that is ill-conditioned (as for [Fit]),
// from the QR factor of a matrix whose Gram matrix is I ([mfitter.covQR]).
func (r *MultinomialResult) setMultinomCov(f *mfitter, tol float64) {
	q := f.q
	cov := linalg.NewDense(q, q, nil)
	if equilibratedInverse(cov, f.h.RawData()) {
		r.Cov = cov
		return
	}
	if err := f.covQR(cov, r.Coef, rankTolFor(tol)); err != nil {
		var npd *linalg.NotPositiveDefiniteError
		if errors.As(err, &npd) {
			r.covErr = fmt.Errorf("coefficient %s has relative residual %.3g", r.CoefName(npd.Col), math.Sqrt(npd.Pivot/npd.Diag))
		} else {
			r.covErr = err
		}
		return
	}
	for _, v := range cov.RawData() {
		if !isFinite(v) {
			r.covErr = errors.New("its inverse overflows")
			return
		}
	}
	r.Cov = cov
}

// Probabilities sets dst, resized to n×K, to the fitted probabilities of
// the levels (in the order of Levels) for the n rows of x, which has the
// columns of the fit's X:
//
//	πᵢₗ = exp(ηᵢₗ − Mᵢ) / Σₖ exp(ηᵢₖ − Mᵢ),  Mᵢ = maxₖ ηᵢₖ,
//
// η of the baseline 0, so that no exponential overflows. On separated data
// they are those of the coefficients where the fit stopped. It panics if
// x has the wrong number of columns.
func (r *MultinomialResult) Probabilities(dst, x *linalg.Dense) {
	n, c := x.Dims()
	p := len(r.Names)
	off := 0
	if r.Intercept {
		off = 1
	}
	if c+off != p {
		panic("logreg: dimension mismatch")
	}
	K := len(r.Levels)
	dst.Reset(n, K)
	for i := 0; i < n; i++ {
		xi := x.RawRow(i)
		row := dst.RawRow(i)
		row[r.Baseline] = 0
		top := 0.0
		for b, l := range r.Responses {
			beta := r.Coef[b*p : b*p+p]
			eta := linalg.Dot(beta[off:], xi)
			if off == 1 {
				eta += beta[0]
			}
			row[l] = eta
			top = max(top, eta)
		}
		var s float64
		for l := range row {
			row[l] = math.Exp(row[l] - top)
			s += row[l]
		}
		for l := range row {
			row[l] /= s
		}
	}
}
