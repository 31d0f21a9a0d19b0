package logreg

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/a1bed000/logreg/linalg"
)

// Settings configures [Fit]. The zero value, like a nil *Settings, gives R's
// glm defaults: an intercept, 25 iterations at most, tolerance 1e-8.
type Settings struct {
	// MaxIter is the largest number of Newton iterations (updates of the
	// coefficients). Zero means 25, R's default.
	MaxIter int

	// Tol is the convergence tolerance on the relative change of the
	// deviance between iterations, as R's glm.control epsilon:
	//
	//	|dev − dev_old| / (|dev| + 0.1) < Tol
	//
	// Zero means 1e-8. It also sets R's rank tolerance, min(1e-7, Tol/1000):
	// a column whose residual after projection on the earlier columns is
	// below that fraction of its norm is aliased (see [RankError]). Once it
	// is met, Fit takes one more Newton step with
	// the Fisher information it has already computed, which squares the
	// remaining error: estimates and standard errors are then exact to far
	// more digits than R prints, for one iteration more than R's own run.
	Tol float64

	// NoIntercept drops the intercept. The zero value fits one, as the
	// implicit leading column of ones of the design [1 X]; X is never copied.
	NoIntercept bool

	// Weights are prior weights: with R's binomial convention, observation
	// i stands for Weights[i] trials of which a proportion y[i] succeeded.
	// Nil means every weight is 1. Rows with weight 0 take no part in the
	// fit and are not counted as observations.
	Weights []float64

	// Offset holds a known term of each row's linear predictor, R's
	// glm(offset = ): η = D·β + Offset. The deviance, the log-likelihood,
	// the AIC and the inference are then R's; the null model is the
	// intercept fitted with the offset (η = Offset without an intercept),
	// as R's null deviance. Nil means no offset. Its length must be the
	// number of rows and its values finite. Firth's fit takes no offset.
	Offset []float64

	// L2 is the ridge penalty λ ≥ 0: Fit then minimizes
	//
	//	−ℓ(β) + (λ/2)·Σ_{j≥1} β_j²
	//
	// where the intercept β_0 is never penalized. Zero means no penalty.
	// A ridge fit reports no standard errors or p-values: they would not be
	// valid Wald inference.
	L2 float64

	// Firth selects Firth's bias-reduced estimate, the maximizer of the
	// Jeffreys-penalized log-likelihood
	//
	//	ℓ*(β) = ℓ(β) + ½·log det I(β),
	//
	// whose gradient is the modified score U*(β) = Dᵀ·(w·(y − μ) + h·(½ − μ)),
	// h the diagonal of the weighted hat matrix. It is found by Newton
	// steps with the exact Hessian of ℓ* (for up to 64 coefficients; larger
	// models, or points where that Hessian is not negative definite, take
	// Fisher scoring steps I⁻¹·U*), with step halving on ℓ*. It is finite
	// on separated data. Standard errors are from the
	// inverse Fisher information at the estimate, as R's logistf reports
	// them. Firth and L2 cannot be combined.
	Firth bool

	// Names are the names of the columns of X, used in messages, warnings
	// and summaries. Nil means x1, x2, ….
	Names []string

	// Workers caps the number of goroutines a fit uses. Zero means
	// GOMAXPROCS. The result is bit-for-bit the same for every value.
	Workers int

	// Progress, if not nil, is called after each iteration with its trace
	// entry, so that a long fit need not be silent.
	Progress func(Iteration)

	// subsample, for tests, overrides the size rule of subsampled
	// iterations (subsampleFraction): a fraction of the rows in (0, 1), or
	// negative for none.
	subsample float64

	// MaxMemory is the largest number of bytes the fit's working matrices
	// of k×k entries (k the number of coefficients) may take: the partial
	// sums of up to 32 segments of rows, the information, its factors and
	// the covariance, and Firth's k³ buffers. A larger model is refused with
	// a *[SizeError] before anything is allocated. Zero means
	// [DefaultMaxMemory].
	MaxMemory int64
}

// DefaultMaxMemory is the memory limit of a fit's k×k working matrices when
// [Settings].MaxMemory is zero: 4 GiB, about 2,200 coefficients on data of
// 65,536 rows or more, and 22,000 on data of at most 2048 rows.
const DefaultMaxMemory = 4 << 30

// CheckSize returns the *[SizeError] that [Fit] would return, before it
// allocates anything, for a design of n rows and k coefficients (the
// intercept included) with the settings s (nil: the defaults), or nil when
// the fit's k×k working matrices fit in [Settings].MaxMemory. A reader can
// call it before it builds a design matrix that the fit would refuse. It
// returns an error wrapping [ErrBadSettings] for invalid settings.
func CheckSize(n, k int, s *Settings) error {
	set, err := s.withDefaults()
	if err != nil {
		return err
	}
	return checkSize(k, segments(n), set.Firth, set.MaxMemory)
}

// checkSize returns a *SizeError when a fit with k coefficients whose rows
// make segs segments would need more than limit bytes (0 means
// DefaultMaxMemory) for its k×k matrices: three per segment (partial sums
// and two QR factors) and eight more, and with Firth's exact Newton steps
// two of k³ entries.
func checkSize(k, segs int, firth bool, limit int64) error {
	if limit == 0 {
		limit = DefaultMaxMemory
	}
	kf := float64(k)
	need := 8 * kf * kf * float64(3*segs+8)
	if firth && k <= maxFirthNewton {
		need += 16 * kf * kf * kf
	}
	if need > float64(limit) {
		return &SizeError{Coefs: k, Bytes: need, Limit: limit}
	}
	return nil
}

// segments returns the number of segments the fitter cuts n rows into.
func segments(n int) int { return max(1, min((n+segRows-1)/segRows, maxSegs)) }

// Iteration is one entry of a fit's trace.
type Iteration struct {
	Iter     int     // 1-based iteration number
	Deviance float64 // deviance at the coefficients this iteration produced
	// Objective is the quantity the fit minimizes: the deviance, plus
	// λ·Σβ_j² for a ridge fit, or minus log det I(β) for Firth's.
	Objective float64
	// StepNorm is the Euclidean norm of the change of the coefficients in
	// this iteration (for the first, of the coefficients themselves).
	StepNorm float64
	Halvings int // step halvings needed to decrease the deviance
	// Info is the information the pass at these coefficients formed for
	// the next step: over every row, over the fixed subsample of the rows
	// (a large fit's first iterations, see the package documentation), or
	// none (the last entry of a fit whose covariance comes from the
	// information of the pass before).
	Info InfoKind
	// Fallback marks the first iteration of a fit that starts again after
	// a step with subsampled information failed to decrease the objective:
	// from R's starting values, with full Newton steps, numbered from 1
	// again. The entries before it are the abandoned subsampled steps.
	Fallback bool
}

// InfoKind says over which rows a pass formed the Fisher information.
type InfoKind uint8

const (
	InfoFull      InfoKind = iota // every row
	InfoSubsample                 // the fixed subsample of the rows
	InfoNone                      // no information: score and deviance only
)

func (k InfoKind) String() string {
	switch k {
	case InfoFull:
		return "full"
	case InfoSubsample:
		return "subsample"
	case InfoNone:
		return "none"
	}
	return fmt.Sprintf("InfoKind(%d)", uint8(k))
}

// Result is a fitted logistic regression model. encoding/json round-trips a
// Result whose numbers are finite (it cannot write NaN or ±Inf), but not its
// data's encoding: [Model] is the serialization of a fit.
type Result struct {
	// Names are the coefficient names, "(Intercept)" first when fitted.
	Names []string
	// Coef are the estimates, in the order of Names.
	Coef []float64
	// Cov is the estimated covariance of Coef, the inverse of the Fisher
	// information I = Dᵀ·diag(w·μ(1−μ))·D at Coef (on large data, at the
	// iterate one Newton step before Coef, a step that moves no fitted
	// logit by more than about 1e-10·√k: see the package documentation's
	// Passes over the rows). It is computed from the
	// equilibrated information E·I·E, E = diag(I)^−½, so that the scale of
	// a column does not matter, or, when that matrix is ill-conditioned
	// (nearly collinear columns), from the QR factorization of the weighted
	// design √(w·μ(1−μ))·D, as R's summary.glm does, which does not square
	// the condition number. It is nil for a ridge fit, for separated data
	// (the estimate then does not exist), and when the information is
	// singular to R's rank tolerance, which a warning then says.
	Cov *linalg.Dense
	// Intercept says whether Coef[0] is an intercept.
	Intercept bool

	Converged  bool
	Iterations int
	Trace      []Iteration
	// Passes counts the passes over the rows of the iterations, their
	// least-squares QR steps and the final evaluation (with the QR
	// factorization of the covariance, when it needs one), and InfoPasses
	// those of them that formed the information over every row, the
	// costly part: O(n·k²) against O(n·k) for the others. The rank check's
	// QR decomposition and the separation diagnosis are not counted.
	Passes, InfoPasses int

	// Separation is set when the data are (quasi-)completely separated:
	// a direction d ≠ 0 exists with (2y−1)·D·d ≥ 0 for every observation,
	// so the maximum-likelihood estimate does not exist. Such a fit is
	// never converged and has no covariance. SeparationType says which
	// kind, as R's detectseparation does, and Status gives each
	// coefficient's estimate as finite, +Inf or −Inf (in the order of
	// Coef; all finite when the data are not separated): finite when no
	// separating direction d moves the coefficient (d_j = 0 for all),
	// +Inf when some raises it and none lowers it, −Inf the reverse; where
	// directions move it both ways, the sign is one of them, chosen as
	// "Failures" in the package documentation says. Diverging lists the indices of the infinite
	// ones. Penalized fits are not tested (their estimates are finite).
	Separation     bool
	SeparationType SeparationType
	Status         []CoefStatus
	Diverging      []int

	// L2 and Firth record the penalty used, as in [Settings].
	L2    float64
	Firth bool
	// PenalizedLogLik is the penalized log-likelihood at the estimate,
	// ℓ(β) − (λ/2)·Σβ_j² or ℓ(β) + ½·log det I(β); zero without penalty.
	PenalizedLogLik float64

	// Warnings are plain-language notes on the fit (separation, no
	// convergence, fitted probabilities numerically 0 or 1).
	Warnings []string

	Deviance     float64 // −2·log-likelihood relative to the saturated model
	NullDeviance float64 // deviance of the intercept-only model (or of η = 0)
	LogLik       float64 // log-likelihood, R's binomial convention
	NullLogLik   float64 // log-likelihood of the null model

	NObs       int // observations with positive weight
	DFResidual int // NObs − len(Coef)
	DFNull     int // NObs − 1 with an intercept, NObs without
	// Boundary counts observations whose fitted probability is within 10·ε
	// of 0 or 1 (where R warns "fitted probabilities numerically 0 or 1").
	Boundary int

	covErr    error   // why Cov is nil, for the warning of a fit that is not separated
	objective float64 // the objective at the estimate, for the trace
}

// AIC returns Akaike's information criterion, −2·LogLik + 2·len(Coef).
func (r *Result) AIC() float64 { return -2*r.LogLik + 2*float64(len(r.Coef)) }

// BIC returns the Bayesian information criterion,
// −2·LogLik + log(NObs)·len(Coef).
func (r *Result) BIC() float64 {
	return -2*r.LogLik + math.Log(float64(r.NObs))*float64(len(r.Coef))
}

// PseudoR2 returns McFadden's pseudo-R², 1 − LogLik/NullLogLik.
func (r *Result) PseudoR2() float64 {
	if r.NullLogLik == 0 {
		return 0
	}
	return 1 - r.LogLik/r.NullLogLik
}

const maxHalvings = 30

// Fit fits the logistic regression of y on the columns of x by
// Newton–Raphson (iteratively reweighted least squares), as R's
// glm(family = binomial):
//
//	μ = σ(D·β),  D = [1 X] or X
//	g = Dᵀ·w·(y − μ)                  (score)
//	I = Dᵀ·diag(w·μ·(1 − μ))·D        (Fisher information, −Hessian)
//	β ← β + I⁻¹·g                     (solved by Cholesky, never inverted)
//
// When I is too ill-conditioned for an accurate Cholesky solve (a pivot
// ratio below 1e-10: a column whose residual after projection on the
// earlier ones is below 1e-5 of its norm, such as x + 1e9, which R's rank
// tolerance still accepts), the step is solved as R's glm.fit solves it, by
// a QR factorization of the weighted least-squares problem [√v·D | r/√v],
// v = w·μ(1 − μ), r = w·(y − μ), in one more pass over the rows, with the
// columns of X shifted by their first row so that an offset such as 1e9
// costs no accuracy.
//
// It starts from R's μ₀ = (w·y + 0.5)/(w + 1), halves a step whose deviance
// is not finite or increases, and stops as described at [Settings].Tol. On
// large data its first steps use the information of a fixed subsample of
// the rows, for the same estimate in fewer costly passes, as the package
// documentation describes ([Result].Passes and InfoPasses count them).
// The covariance of the estimate is the inverse Fisher information at the
// estimate, as [Result].Cov describes.
//
// Fit returns a *[DataError] for input of the wrong length, non-finite values,
// y outside [0, 1], negative weights, weights that sum to more than 2⁵² or a
// column whose scale is out of range; a *[OneValueError] when y takes one
// value only (where the weight is positive); a *[RankError] when the design
// matrix does not have full column rank; a *[SizeError] when the model is too
// large for [Settings].MaxMemory; and an error wrapping [ErrNumerical] when
// the fit fails (a coefficient or the deviance that is not finite, as for
// an offset of 1e308). Separated data and a fit
// that does not converge are not errors: the Result says so in Separation
// (with SeparationType and the Status of each coefficient), Converged and
// Warnings.
func Fit(x *linalg.Dense, y []float64, s *Settings) (*Result, error) {
	return fit(context.Background(), x, y, s)
}

// fit is [FitContext].
func fit(ctx context.Context, x *linalg.Dense, y []float64, s *Settings) (*Result, error) {
	if x == nil {
		return nil, fmt.Errorf("logreg: no design matrix (x is nil): %w", ErrLength)
	}
	set, err := s.withDefaults()
	if err != nil {
		return nil, err
	}
	intercept := !set.NoIntercept
	names, err := coefNames(x, set.Names, intercept)
	if err != nil {
		return nil, err
	}
	nobs, colMax, err := validate(x, y, set.Weights, names, intercept, set.Workers)
	if err != nil {
		return nil, err
	}
	if k := len(names); k > nobs && set.L2 == 0 {
		return nil, &RankError{Col: -1, Coefs: k, Obs: nobs}
	}
	n, _ := x.Dims()
	if err := checkSize(len(names), segments(n), set.Firth, set.MaxMemory); err != nil {
		return nil, err
	}

	if set.Offset != nil {
		if err := checkOffset(set.Offset, n); err != nil {
			return nil, err
		}
		if set.Firth {
			return nil, fmt.Errorf("logreg: Firth's fit takes no offset: %w", ErrBadSettings)
		}
	}
	f := newFitter(x, y, set.Weights, intercept, set.Workers)
	f.off = set.Offset
	defer f.close()
	res := &Result{Names: names, Intercept: intercept, NObs: nobs, L2: set.L2, Firth: set.Firth}
	// Room for the subsampled steps of a fit that starts again, MaxIter
	// more and the extra step.
	res.Trace = make([]Iteration, 0, set.MaxIter+maxCheap+1)
	penalized := set.L2 > 0 || set.Firth
	nw := newNewton(&set, ctxPass(ctx, f), f.k, intercept, res, nil)
	if set.L2 == 0 {
		// The rank check screens the information at the starting values,
		// Dᵀ·diag(w·μ₀(1 − μ₀))·D, whose weights are positive exactly where
		// w is (R's glm tests the same weighted design in its first
		// iteration). A ridge penalty makes the problem well posed whatever
		// the rank.
		nw.afterStart = func(h *linalg.Dense) error {
			whole := ctxChunks(ctx, func(yield func(x *linalg.Dense, y, w []float64) error) error {
				return yield(x, y, set.Weights)
			})
			return checkRank(whole, h, f.rankScreenTol(), intercept, names, nobs, rankTolFor(set.Tol))
		}
	}
	if set.Firth {
		nw.firth = f
	} else if frac := subsampleFraction(n, f.k, set.subsample); frac > 0 {
		f.subCut = uint64(frac * (1 << 53))
		nw.sub = f
		nw.info = linalg.NewDense(f.k, f.k, nil)
	}
	whole := ctxChunks(ctx, func(yield func(x *linalg.Dense, y, w []float64) error) error {
		return yield(x, y, set.Weights)
	})
	var verdict *lpVerdict
	if !penalized {
		// When fitted probabilities first reach 0 or 1 during the
		// iterations, the linear program runs (once: its verdict depends on
		// the data alone) and ends them if the data are separated.
		nw.separated = func(*Result, []float64, []float64) bool {
			if verdict == nil {
				s := newSepCheck(f.c, intercept, nil)
				s.add(f.x.RawData(), f.y, f.w)
				v, err := s.runLP(whole)
				if err != nil {
					return false // ctx is done (whole fails for no other reason): the next pass says so
				}
				verdict = v
			}
			return verdict.err == nil && verdict.typ != SeparationNone
		}
	}
	if err := nw.run(); err != nil {
		return nil, err
	}
	if err := finiteCoefs(nw.beta, names); err != nil {
		return nil, err
	}

	if err := cancelled(ctx); err != nil {
		return nil, err
	}
	res.Coef = append([]float64(nil), nw.beta...)
	info := InfoNone
	if set.L2 == 0 && !nw.infoSaved {
		f.info = make([]float64, f.k*f.k)
		info = InfoFull
	}
	f.final(res)
	if !isFinite(res.Deviance) {
		// An offset so large that μ is 0 or 1 on a row of the other response
		// whatever the coefficients (1e308): no estimate exists.
		return nil, fmt.Errorf("logreg: the fit failed: the deviance at the estimate is %v: %w", res.Deviance, ErrNumerical)
	}
	res.Passes, res.InfoPasses = nw.passes+1, nw.infoPasses
	if info == InfoFull {
		res.InfoPasses++
	}
	res.finishPenalty(&set, f.info)
	res.finishTrace(&set, nw.iter, nw.stepNorm(), info)
	cov := f.info
	if nw.infoSaved && set.L2 == 0 {
		cov = nw.info.RawData()
	}
	res.setCovariance(cov, func() (*linalg.RowQR, []float64, error) {
		res.Passes++
		res.InfoPasses++
		f.qr = new(linalg.RowQR)
		f.qr.Reset(f.k)
		copy(f.beta, res.Coef)
		f.shift = lsShift(f.shift, x, f.c)
		f.addQR()
		return f.qr, f.shift, nil
	}, set.Tol)
	if penalized {
		res.Status = make([]CoefStatus, len(res.Coef))
	} else {
		// Any fit may have stopped on separated data: the deviance of a
		// diverging fit also stops changing. The screen is a pass over
		// the rows, with the last change of the coefficients and the
		// coefficients themselves as candidates; the linear program runs
		// when the fit shows any sign of separation. Where the columns'
		// magnitudes bound the last step's changes of the logits
		// (certify), the pass ends once no candidate separates.
		s := newSepCheck(f.c, intercept, nw.lastStep(), nw.lastChange(make([]float64, f.k)), res.Coef)
		s.certify(res, nw.halvingErr, colMax)
		s.add(f.x.RawData(), f.y, f.w)
		if err := s.diagnose(res, whole, nw.halvingErr, verdict); err != nil {
			return nil, err
		}
		finishSeparation(res)
	}
	res.finish(&set, nw.halvingErr)
	return res, nil
}

// finiteCoefs returns an error naming the first coefficient of beta that
// is not finite: such a fit has failed.
func finiteCoefs(beta []float64, names []string) error {
	for j, b := range beta {
		if !isFinite(b) {
			return fmt.Errorf("logreg: the fit failed: coefficient %s is %v: %w", names[j], b, ErrNumerical)
		}
	}
	return nil
}

// finishPenalty sets the objective at the estimate, with the function the
// iterations use ([penalizedDeviance]), from the deviance and, for Firth's
// fit, the upper triangle of the information there, info; and for a
// penalized fit PenalizedLogLik = LogLik − (objective − Deviance)/2.
func (r *Result) finishPenalty(set *Settings, info []float64) {
	var h *linalg.Dense
	if set.Firth {
		k := len(r.Coef)
		h = linalg.NewDense(k, k, info)
	}
	var chol linalg.Cholesky
	r.objective, _ = penalizedDeviance(set, h, r.Deviance, r.Coef, r.Intercept, &chol)
	if set.L2 > 0 || set.Firth {
		r.PenalizedLogLik = r.LogLik - (r.objective-r.Deviance)/2
	}
}

// finishTrace ends the trace of a converged fit with its extra Newton step
// (the step whose deviance the final pass computed, with the information
// that pass formed) and reports it to Progress.
func (r *Result) finishTrace(set *Settings, iter int, stepNorm float64, info InfoKind) {
	if r.Converged {
		it := Iteration{Iter: iter, Deviance: r.Deviance, Objective: r.objective, StepNorm: stepNorm, Info: info}
		r.Trace = append(r.Trace, it)
		if set.Progress != nil {
			set.Progress(it)
		}
	}
	r.Iterations = len(r.Trace)
}

// covCondMax is the largest 1-norm condition number of the equilibrated
// information for which its Cholesky inverse is the covariance: its
// relative error is then below about covCondMax·ε. Worse conditioned
// information (nearly collinear columns) is inverted from a QR
// factorization of the weighted design instead.
const covCondMax = 1e4

// setCovariance sets Cov to the inverse of the Fisher information at the
// estimate, I = Dᵀ·diag(v)·D with v = w·μ(1 − μ), whose upper triangle is
// info. It inverts the equilibrated matrix S = E·I·E, E = diag(I)^−½, by
// Cholesky,
//
//	I⁻¹ = E·S⁻¹·E,
//
// so that the scale of a column (a price in cents) does not matter, and,
// when S is ill-conditioned (κ₁(S) > covCondMax), takes the triangular
// factor of √v·D from qr instead, as R's summary.glm does,
//
//	I = RᵀR,  I⁻¹ = R⁻¹·R⁻ᵀ,
//
// whose error grows with the condition number of √v·D, not with its
// square. With an intercept, that factor is of the design with its columns
// of X shifted by the vector m qr returns (see lsShift), and the
// covariance is W·Wᵀ, W = J·R⁻¹, J = [1 −mᵀ; 0 I], the Jacobian of
// (β₀, β_x) in the shifted coefficients (β₀ + mᵀ·β_x, β_x): the product of
// factors keeps the accuracy of R⁻¹ that J·(R⁻¹R⁻ᵀ)·Jᵀ would lose to
// cancellation when columns of X are nearly collinear.
//
// A nil info (a ridge fit, which has no Wald inference) leaves Cov nil; so
// does an information that is singular to R's rank tolerance
// min(1e-7, tol/1000), and [Result.finish] then says why in a warning. It
// returns the error of qr.
func (r *Result) setCovariance(info []float64, qr func() (*linalg.RowQR, []float64, error), tol float64) error {
	if info == nil {
		return nil
	}
	k := len(r.Coef)
	cov := linalg.NewDense(k, k, nil)
	if equilibratedInverse(cov, info) {
		r.Cov = cov
		return nil
	}
	q, shift, err := qr()
	if err != nil {
		return err
	}
	if err := q.InverseRTo(cov, rankTolFor(tol)); err != nil {
		var npd *linalg.NotPositiveDefiniteError
		if errors.As(err, &npd) {
			r.covErr = fmt.Errorf("coefficient %s has relative residual %.3g in the weighted design", r.Names[npd.Col], math.Sqrt(npd.Pivot/npd.Diag))
		} else {
			r.covErr = err
		}
		return nil
	}
	unshiftCov(cov, shift, r.Intercept)
	for _, v := range cov.RawData() {
		if !isFinite(v) {
			r.covErr = errors.New("its inverse overflows")
			return nil
		}
	}
	r.Cov = cov
	return nil
}

// unshiftCov replaces w, the inverse R⁻¹ of the QR factor of the (shifted)
// weighted design, by the covariance W·Wᵀ, W = J·R⁻¹: with an intercept,
// J = [1 −mᵀ; 0 I] subtracts mᵀ times the rows of X's coefficients from
// the intercept's row; without one, J = I.
func unshiftCov(w *linalg.Dense, m []float64, intercept bool) {
	k, _ := w.Dims()
	d := w.RawData()
	if intercept {
		r0 := d[:k]
		for j := 1; j < k; j++ {
			if m[j-1] != 0 {
				linalg.Axpy(-m[j-1], d[j*k+j:j*k+k], r0[j:])
			}
		}
	}
	// Rows i ≥ 1 of W are zero left of column i, row 0 is full: for
	// i ≤ j, (W·Wᵀ)_ij sums over the columns from j on.
	wc := append([]float64(nil), d...)
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			d[i*k+j] = linalg.Dot(wc[i*k+j:i*k+k], wc[j*k+j:j*k+k])
		}
	}
	linalg.Symmetrize(d, k)
}

// equilibratedInverse sets cov to the inverse of the symmetric matrix whose
// upper triangle is info, by Cholesky of E·info·E, E = diag(info)^−½, and
// reports whether that matrix was positive definite with a 1-norm condition
// number of at most covCondMax.
func equilibratedInverse(cov *linalg.Dense, info []float64) bool {
	k, _ := cov.Dims()
	e := make([]float64, k)
	for j := range e {
		d := info[j*k+j]
		if !(d > 0) || !isFinite(d) {
			return false
		}
		e[j] = 1 / math.Sqrt(d)
	}
	s := linalg.NewDense(k, k, nil)
	sd := s.RawData()
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			sd[i*k+j] = e[i] * info[i*k+j] * e[j]
		}
	}
	linalg.Symmetrize(sd, k)
	var ch linalg.Cholesky
	if ch.Factorize(s) != nil {
		return false
	}
	ch.InverseTo(cov)
	if norm1(s)*norm1(cov) > covCondMax {
		return false
	}
	cd := cov.RawData()
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			cd[i*k+j] *= e[i] * e[j]
		}
	}
	return true
}

// norm1 returns the 1-norm of a, its largest absolute column sum.
func norm1(a *linalg.Dense) float64 {
	r, c := a.Dims()
	var m float64
	for j := 0; j < c; j++ {
		var s float64
		for i := 0; i < r; i++ {
			s += math.Abs(a.At(i, j))
		}
		m = max(m, s)
	}
	return m
}

// finish adds the warning of a fit that did not converge (for a reason other
// than separation or failed step halving, which have their own) and the
// degrees of freedom.
func (r *Result) finish(set *Settings, halvingErr bool) {
	switch {
	case r.Converged || r.Separation || halvingErr:
	case len(r.Trace) < set.MaxIter:
		// The iterations stop early, without separation, only where the
		// weights μ(1 − μ) underflow and the information cannot be factored.
		r.Warnings = append(r.Warnings, fmt.Sprintf("algorithm did not converge: it stopped at iteration %d, where fitted probabilities are numerically 0 or 1 and the Fisher information is singular", len(r.Trace)))
	default:
		r.Warnings = append(r.Warnings, fmt.Sprintf("algorithm did not converge in %d iterations", set.MaxIter))
	}
	if r.Cov == nil && r.covErr != nil && !r.Separation {
		r.Warnings = append(r.Warnings, fmt.Sprintf("no standard errors: the Fisher information at the estimate is singular (%v)", r.covErr))
	}
	r.DFResidual = r.NObs - len(r.Coef)
	r.DFNull = r.NObs
	if r.Intercept {
		r.DFNull--
	}
}

// withDefaults returns a copy of the settings (nil: the zero value) with
// the defaults filled in, or an error wrapping ErrBadSettings.
func (s *Settings) withDefaults() (Settings, error) {
	var set Settings
	if s != nil {
		set = *s
	}
	if set.MaxIter == 0 {
		set.MaxIter = 25
		if set.Firth {
			set.MaxIter = 100
		}
	}
	if set.Tol == 0 {
		set.Tol = 1e-8
	}
	if set.MaxMemory < 0 {
		return set, fmt.Errorf("logreg: MaxMemory %d is negative: %w", set.MaxMemory, ErrBadSettings)
	}
	if set.MaxIter < 0 || !(set.Tol > 0) || math.IsInf(set.Tol, 0) {
		return set, fmt.Errorf("logreg: MaxIter %d, Tol %g: %w", set.MaxIter, set.Tol, ErrBadSettings)
	}
	if !(set.L2 >= 0) || math.IsInf(set.L2, 0) {
		return set, fmt.Errorf("logreg: L2 %g is not a finite λ ≥ 0: %w", set.L2, ErrBadSettings)
	}
	if set.L2 > 0 && set.Firth {
		return set, fmt.Errorf("logreg: L2 and Firth cannot be combined: %w", ErrBadSettings)
	}
	return set, nil
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func dist(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s)
}

// coefNames returns the coefficient names.
func coefNames(x *linalg.Dense, names []string, intercept bool) ([]string, error) {
	_, c := x.Dims()
	if names != nil && len(names) != c {
		return nil, &DataError{Row: -1, Col: -1, What: "names", Err: fmt.Errorf("%d names for %d columns: %w", len(names), c, ErrLength)}
	}
	var out []string
	if intercept {
		out = append(out, "(Intercept)")
	}
	for j := 0; j < c; j++ {
		if names != nil {
			out = append(out, names[j])
		} else {
			out = append(out, fmt.Sprintf("x%d", j+1))
		}
	}
	if len(out) == 0 {
		return nil, &DataError{Row: -1, Col: -1, What: "x", Err: ErrNoCoef}
	}
	return out, nil
}

// validate checks the input and returns the number of observations with
// positive weight and the largest magnitude of each column of x. Large
// inputs are checked in blocks of rows on up to workers goroutines (≤ 0
// means GOMAXPROCS); the error reported is the first in row order whatever
// the number of blocks.
func validate(x *linalg.Dense, y, w []float64, names []string, intercept bool, workers int) (int, []float64, error) {
	n, c := x.Dims()
	if len(y) != n {
		return 0, nil, &DataError{Row: -1, Col: -1, What: "y", Err: fmt.Errorf("%d values for %d rows of x: %w", len(y), n, ErrLength)}
	}
	if w != nil && len(w) != n {
		return 0, nil, &DataError{Row: -1, Col: -1, What: "weights", Err: fmt.Errorf("%d values for %d rows of x: %w", len(w), n, ErrLength)}
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	nb := 1
	if n*max(c, 1) >= validateBlock {
		nb = min(workers, n*max(c, 1)/validateBlock)
	}
	parts := make([]validation, nb)
	var wg sync.WaitGroup
	for b := range parts {
		lo, hi := b*n/nb, (b+1)*n/nb
		if b == nb-1 {
			parts[b].check(x, y, w, lo, hi, 0)
			continue
		}
		wg.Go(func() { parts[b].check(x, y, w, lo, hi, 0) })
	}
	wg.Wait()
	var all validation
	for i := range parts {
		all.merge(&parts[i])
	}
	nobs, err := all.finish(names, intercept)
	return nobs, all.colMax, err
}

// validateBlock is the number of entries of x below which validate checks
// the rows on one goroutine.
const validateBlock = 1 << 18

// maxWeightSum is the largest total prior weight: up to 2⁵², every count of
// trials and successes is an exact float64 integer and R's starting values
// (w·y + 0.5)/(w + 1) lie strictly inside (0, 1).
const maxWeightSum = 0x1p52

// validation is the check of rows that [Fit] and [FitStream] share, made
// block by block (in parallel, or chunk by chunk) and merged in row order:
// the first error in row order, and the number of observations with
// positive weight, their total weight, whether y takes a value below 1 and
// one above 0 among them, and the largest magnitude of each column.
type validation struct {
	nobs       int
	sw         float64
	has0, has1 bool
	colMax     []float64
	err        error
}

// check checks the rows lo … hi−1 of x, y and w (nil for unit weights),
// numbered from base in errors. It tests blocks of rows with loops that
// only look for a sign of an error (colMaxRows, validation.addRows); a
// block that shows one is checked again row by row for the first error.
func (v *validation) check(x *linalg.Dense, y, w []float64, lo, hi, base int) {
	_, c := x.Dims()
	xd := x.RawData()
	if v.colMax == nil {
		v.colMax = make([]float64, c)
	}
	rows := max(1, checkBlock/max(c, 1))
	for b := lo; b < hi; b += rows {
		e := min(b+rows, hi)
		if !colMaxRows(v.colMax, xd[b*c:e*c]) || !v.addRows(y, w, b, e) {
			for i := b; i < e && v.err == nil; i++ {
				v.err = rowError(xd[i*c:i*c+c], y[i], w, i, base)
			}
			return
		}
	}
}

// checkBlock is the number of entries of x in a block of check's rows.
const checkBlock = 16384

// colMaxRows sets m[j] to the largest of m[j] and the magnitudes |x_ij| of
// the rows of the row-major x, of len(m) columns, and reports whether they
// are all finite (if not, m may have taken some of them). With AVX2 it is
// colMaxVec; the portable loop is colMaxGo.
func colMaxRows(m, x []float64) bool {
	if ok, done := colMaxVec(m, x); done {
		return ok
	}
	return colMaxGo(m, x)
}

// colMaxGo is colMaxRows in Go:
//
//	for each row, for each j: a = |x_ij|; bad if !(a ≤ MaxFloat64); if a > m[j] { m[j] = a }
func colMaxGo(m, x []float64) bool {
	c := len(m)
	if c == 0 {
		return true
	}
	bad := false
	for ; len(x) >= c; x = x[c:] {
		row := x[:len(m)]
		for j, v := range row {
			a := math.Abs(v)
			// False for NaN and ±Inf alone.
			bad = bad || !(a <= math.MaxFloat64)
			if a > m[j] {
				m[j] = a
			}
		}
	}
	return !bad
}

// addRows counts the rows lo … hi−1 of y and w (nil for unit weights)
// into v, and reports whether their responses are in [0, 1] and their
// weights finite and at least 0 (if not, v is left as it was). Unit weights
// add hi − lo to v.sw at once where that is the sum of as many 1s.
func (v *validation) addRows(y, w []float64, lo, hi int) bool {
	nobs, sw, has0, has1 := v.nobs, v.sw, v.has0, v.has1
	if w == nil {
		for _, yi := range y[lo:hi] {
			if !(yi >= 0 && yi <= 1) {
				return false
			}
			has0 = has0 || yi < 1
			has1 = has1 || yi > 0
		}
		nobs += hi - lo
		if n := float64(hi - lo); sw == math.Trunc(sw) && sw+n <= 1<<53 {
			sw += n // every partial sum of the 1s is an exact integer
		} else {
			for range hi - lo {
				sw++
			}
		}
	} else {
		w = w[lo:hi]
		for i, yi := range y[lo:hi] {
			wi := w[i]
			if !(yi >= 0 && yi <= 1) || !(wi >= 0 && wi <= math.MaxFloat64) {
				return false
			}
			if wi > 0 {
				nobs++
				sw += wi
				has0 = has0 || yi < 1
				has1 = has1 || yi > 0
			}
		}
	}
	v.nobs, v.sw, v.has0, v.has1 = nobs, sw, has0, has1
	return true
}

// rowError returns the first error of row i (numbered base + i) whose
// entries of x are row, its response y and its weight w[i] (w nil for 1):
// a value of x that is not finite, then y not finite or outside [0, 1],
// then a weight not finite or negative; nil if it has none.
func rowError(row []float64, y float64, w []float64, i, base int) error {
	for j, xv := range row {
		if !isFinite(xv) {
			return &DataError{Row: base + i, Col: j, What: "x", Err: fmt.Errorf("%v: %w", xv, ErrNotFinite)}
		}
	}
	if !isFinite(y) {
		return &DataError{Row: base + i, Col: -1, What: "y", Err: fmt.Errorf("%v: %w", y, ErrNotFinite)}
	}
	if y < 0 || y > 1 {
		return &DataError{Row: base + i, Col: -1, What: "y", Err: fmt.Errorf("%v: %w", y, ErrResponse)}
	}
	if w == nil {
		return nil
	}
	if wi := w[i]; !isFinite(wi) {
		return &DataError{Row: base + i, Col: -1, What: "weights", Err: fmt.Errorf("%v: %w", wi, ErrNotFinite)}
	} else if wi < 0 {
		return &DataError{Row: base + i, Col: -1, What: "weights", Err: fmt.Errorf("%v: %w", wi, ErrWeight)}
	}
	return nil
}

// merge adds the rows of o, which follow v's, to v.
func (v *validation) merge(o *validation) {
	if v.err != nil {
		return
	}
	if o.err != nil {
		v.err = o.err
		return
	}
	v.nobs += o.nobs
	v.sw += o.sw
	v.has0 = v.has0 || o.has0
	v.has1 = v.has1 || o.has1
	if v.colMax == nil {
		v.colMax = make([]float64, len(o.colMax))
	}
	for j, m := range o.colMax {
		v.colMax[j] = max(v.colMax[j], m)
	}
}

// doomed reports whether finish will fail whatever rows follow, for sums
// that only grow: weights past 2⁵² or a column past maxScale.
func (v *validation) doomed() bool {
	if v.err != nil || !(v.sw <= maxWeightSum) {
		return true
	}
	for _, m := range v.colMax {
		if m > maxScale {
			return true
		}
	}
	return false
}

// finish returns the number of observations with positive weight, or the
// first error of the rows or of them as a whole: no observation, weights
// that sum to more than 2⁵², a response with one value only, or a column
// whose scale would make the sums of squares overflow or underflow.
func (v *validation) finish(names []string, intercept bool) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	if v.nobs == 0 {
		return 0, &DataError{Row: -1, Col: -1, What: "weights", Err: ErrNoData}
	}
	if !(v.sw <= maxWeightSum) {
		return 0, &DataError{Row: -1, Col: -1, What: "weights", Err: fmt.Errorf("they sum to %.3g, more than 2^52: %w", v.sw, ErrWeightSum)}
	}
	if !v.has0 || !v.has1 {
		val := 0.0
		if v.has1 {
			val = 1
		}
		return 0, &OneValueError{Value: val}
	}
	// Sums of squares of the columns must neither overflow nor underflow.
	off := 0
	if intercept {
		off = 1
	}
	for j, m := range v.colMax {
		if m > maxScale || m > 0 && m < minScale {
			return 0, &DataError{Row: -1, Col: j, What: "x", Name: names[j+off],
				Err: fmt.Errorf("largest magnitude %g is outside [%g, %g]; rescale the column: %w", m, minScale, maxScale, ErrScale)}
		}
	}
	return v.nobs, nil
}

// The range of column magnitudes whose squares, summed over up to 1e10
// rows, stay normal float64 numbers.
const (
	maxScale = 1e140
	minScale = 1e-140
)

// rankTolFor returns R's tolerance for an aliased column in glm's QR
// decomposition for the convergence tolerance tol, min(1e-7, tol/1000)
// (1e-11 by default), as glm.fit passes it to its QR: the norm of the
// column's residual after projection on the earlier columns, relative to
// the column's norm.
func rankTolFor(tol float64) float64 { return min(1e-7, tol/1000) }

// rankNoise times √n is the smallest rank tolerance checkRank uses for n
// rows: a few times the rounding noise of the residual ratio of an exactly
// dependent column after a QR decomposition of n rows (about ε·√n).
const rankNoise = 32 * 0x1p-52

// clearTol is the squared residual ratio above which a Cholesky pivot of the
// Gram matrix proves full rank: far above the rounding noise of forming the
// Gram matrix (about 1e-14 for exactly dependent columns).
const clearTol = 1e-9

// checkRank returns a *RankError if the design has fewer observations than
// coefficients or its weighted columns are linearly dependent, by R's test.
// gram is a Gram matrix Dᵀ·diag(v)·D of the design with v > 0 exactly where
// the prior weight w > 0, or of a subset of its rows, whose Cholesky pivot
// ratios at least clear prove full rank (clearTol for every row; see
// fitter.rankScreenTol; 1 or more: no proof). The common, clearly full-rank
// case costs a Cholesky factorization of it; only when a pivot is small does checkRank
// decide with a QR decomposition of the √w-weighted design, accumulated row
// by row in one more pass over data.
func checkRank(data Chunks, gram *linalg.Dense, clear float64, intercept bool, names []string, nobs int, tol float64) error {
	k := len(names)
	if k > nobs {
		return &RankError{Col: -1, Coefs: k, Obs: nobs}
	}
	var ch linalg.Cholesky
	ch.Tol = clear
	if clear < 1 && ch.Factorize(gram) == nil {
		return nil
	}
	var q linalg.RowQR
	q.Reset(k)
	row := make([]float64, k)
	off := 0
	if intercept {
		row[0], off = 1, 1
	}
	err := data(func(x *linalg.Dense, y, w []float64) error {
		n, c := x.Dims()
		xd := x.RawData()
		for i := 0; i < n; i++ {
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			if wi == 0 {
				continue
			}
			copy(row[off:], xd[i*c:i*c+c])
			q.AddRow(row, math.Sqrt(wi))
		}
		return nil
	})
	if err != nil {
		return err
	}
	// A tolerance below the rounding noise of the QR decomposition of nobs
	// rows (R's min(1e-7, tol/1000) is 1e-303 for tol = 1e-300) would let
	// exactly dependent columns through.
	tol = max(tol, rankNoise*math.Sqrt(float64(nobs)))
	if col, ratio := q.FirstDependent(tol); col >= 0 {
		return &RankError{Col: col, Name: names[col], Ratio: ratio, Zero: q.ColumnNorm(col) == 0}
	}
	return nil
}

// subsampleFraction returns the fraction of the n rows in the subsample of
// a fit with k coefficients, or 0 for plain Newton: none below
// subsampleMinRows rows or 8 coefficients (a row's k²/2 multiply-adds of
// the information are then not much more than its exponential, logarithm,
// η and score, which every pass computes), else 1/16 of the rows but at
// least 64·k of them, and none when that is more than a quarter of the
// rows, where the steps with subsampled information would save too little.
// A nonzero override (Settings.subsample, for tests) is returned instead,
// negative as 0.
func subsampleFraction(n, k int, override float64) float64 {
	switch {
	case override < 0:
		return 0
	case override > 0:
		return override
	case n < subsampleMinRows || k < 8:
		return 0
	}
	frac := max(1.0/16, 64*float64(k)/float64(n))
	if frac > 0.25 {
		return 0
	}
	return frac
}

// subsampleMinRows is the number of rows below which a fit takes plain
// Newton steps: passes are then fast, and subsampled ones save little.
const subsampleMinRows = 1 << 16

// rankScreenTol returns the pivot tolerance of checkRank's Cholesky screen
// of the information of the last pass. Over every row it is clearTol. Over
// the subsample, S ≼ G (G the information over every row) makes every
// pivot of G at least the corresponding pivot of S, so a pivot ratio of S
// of at least clearTol·max_j G_jj/S_jj proves those of G at least clearTol;
// the diagonal of G is that of the pass (fitter.diag). A column without
// weight in the subsample gives 1, no proof: checkRank then decides by QR.
func (f *fitter) rankScreenTol() float64 {
	if !f.subsampled() {
		return clearTol
	}
	k := f.k
	h := f.h.RawData()
	ratio := 0.0
	for j := 0; j < k; j++ {
		s := h[j*k+j] / f.subScale
		if !(s > 0) {
			return 1
		}
		ratio = max(ratio, f.diag[j]/s)
	}
	return min(1, clearTol*ratio)
}

// final evaluates the fit at res.Coef: deviance, log-likelihood, boundary
// fits, and the same for the null model, in one parallel pass.
func (f *fitter) final(res *Result) {
	// The null model: the weighted mean with an intercept, 1/2 without.
	etaNull := 0.0
	if f.intercept {
		var sw, swy float64
		for i, yi := range f.y {
			wi := f.weight(i)
			sw += wi
			swy += wi * yi
		}
		m := swy / sw
		etaNull = math.Log(m) - math.Log1p(-m)
		if f.off != nil {
			etaNull = nullIntercept(f.y, f.w, f.off, etaNull)
		}
	}
	copy(f.beta, res.Coef)
	f.etaNull = etaNull
	res.Deviance, res.LogLik, res.NullDeviance, res.NullLogLik, res.Boundary = 0, 0, 0, 0, 0
	f.addFinal(res)
}

// checkOffset checks an offset's length and values.
func checkOffset(off []float64, n int) error {
	if len(off) != n {
		return fmt.Errorf("logreg: %d offsets for %d rows: %w", len(off), n, ErrBadSettings)
	}
	for i, v := range off {
		if !isFinite(v) {
			return fmt.Errorf("logreg: offset of row %d is %v, not a finite number: %w", i+1, v, ErrBadSettings)
		}
	}
	return nil
}

// nullIntercept returns the intercept a of the null model with an offset,
// the root of the score Σ w·(y − σ(a + offset)), by Newton's method from a
// (the logit of the weighted mean), safeguarded by bisection on the
// bracket the monotone score gives. w nil means unit weights.
func nullIntercept(y, w, off []float64, a float64) float64 {
	score := func(a float64) (g, h float64) {
		for i, yi := range y {
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			if wi == 0 {
				continue
			}
			mu := Sigmoid(a + off[i])
			g += wi * (yi - mu)
			h += wi * mu * (1 - mu)
		}
		return g, h
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	for range 200 {
		g, h := score(a)
		if g == 0 {
			return a
		}
		if g > 0 {
			lo = a
		} else {
			hi = a
		}
		next := a + g/h
		if !(next > lo && next < hi) || h == 0 {
			switch {
			case math.IsInf(lo, -1):
				next = min(a, hi) - 1 - 2*math.Abs(a)
			case math.IsInf(hi, 1):
				next = max(a, lo) + 1 + 2*math.Abs(a)
			default:
				next = lo + (hi-lo)/2
			}
		}
		if math.Abs(next-a) <= 1e-15*(1+math.Abs(a)) {
			return next
		}
		a = next
	}
	return a
}

// nullModel returns the deviance and log-likelihood of the null model with
// an offset: η = a + offset, a fitted by [nullIntercept], with an
// intercept, η = offset without. w nil means unit weights.
func nullModel(y, w, off []float64, intercept bool) (dev, ll float64) {
	a := 0.0
	if intercept {
		var sw, swy float64
		for i, yi := range y {
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			sw += wi
			swy += wi * yi
		}
		m := swy / sw
		a = nullIntercept(y, w, off, math.Log(m)-math.Log1p(-m))
	}
	for i, yi := range y {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if wi == 0 {
			continue
		}
		o := at(a + off[i])
		ent := 0.0
		if yi != 0 && yi != 1 {
			ent = xlogx(yi) + xlogx(1-yi)
		}
		dev += 2 * wi * (nll(yi, o) + ent)
		ll += binomLogLik(wi, yi, o)
	}
	return dev, ll
}

func (f *fitter) weight(i int) float64 {
	if f.w == nil {
		return 1
	}
	return f.w[i]
}

// binomLogLik is observation i's term of R's binomial log-likelihood:
// log dbinom(round(w·y), round(w), μ).
func binomLogLik(w, y float64, o obs) float64 {
	if w == 1 && (y == 0 || y == 1) {
		return -nll(y, o)
	}
	m := math.RoundToEven(w)
	s := math.RoundToEven(w * y)
	if m == 0 {
		return 0
	}
	ll := lchoose(m, s)
	if s > 0 {
		ll -= s * o.nlmu
	}
	if m > s {
		ll -= (m - s) * o.nlq
	}
	return ll
}

// nll returns −[y·log μ + (1 − y)·log(1 − μ)], with 0·log 0 = 0 so that a
// fitted probability of exactly 0 or 1 costs nothing where it is right.
func nll(y float64, o obs) float64 {
	var s float64
	if y > 0 {
		s += y * o.nlmu
	}
	if y < 1 {
		s += (1 - y) * o.nlq
	}
	return s
}

func lchoose(n, k float64) float64 {
	a, _ := math.Lgamma(n + 1)
	b, _ := math.Lgamma(k + 1)
	c, _ := math.Lgamma(n - k + 1)
	return a - b - c
}
