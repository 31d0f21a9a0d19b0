package logreg

import (
	"errors"
	"fmt"
	"math"

	"github.com/a1bed000/logreg/linalg"
)

// PassSums is what one pass over the rows computes at coefficients β, or
// at R's starting values: the sums of an [Accumulator], computed wherever
// the rows are (an SQL engine, a cluster), for [FitPasses].
type PassSums struct {
	// Info is the Fisher information Dᵀ·diag(w·μ·(1 − μ))·D, k×k in row
	// order; only its upper triangle is read.
	Info []float64
	// Score is Dᵀ·w·(y − μ), or at the starting values the right-hand
	// side of the first least-squares system, Dᵀ·(W·η₀ + w·(y − μ₀)).
	Score []float64
	// Deviance is that of the rows at β (saturated terms included).
	Deviance float64
	// LogLik is Σ w·[y·log μ + (1 − y)·log(1 − μ)] at β.
	LogLik float64
	// Boundary counts the rows of positive weight whose fitted
	// probability is within 10·ε of 0 or 1.
	Boundary int
	// NObs counts the rows of positive weight.
	NObs int
	// SW and SWY are Σw and Σw·y.
	SW, SWY float64
}

// Pass fills dst (whose Info and Score have k·k and k elements, cleared)
// with the sums over every row at beta, or at R's starting values
// μ₀ = (w·y + 0.5)/(w + 1) when beta is nil.
type Pass func(beta []float64, dst *PassSums) error

// ErrNoQR is returned by [FitPasses] when a step needs the QR
// decomposition of the weighted design, which a pass of sums cannot give:
// the information is too ill-conditioned for its Cholesky factor.
var ErrNoQR = errors.New("the information is too ill-conditioned for Cholesky and a pass of sums has no QR step (a column nearly collinear with others, or badly scaled)")

// FitPasses fits the model of [Fit] to p columns of rows that only pass
// can reach, one pass per iteration: the iterations are Fit's (the same
// start, convergence test, step halving and extra step), so the estimate
// equals Fit's on the same rows up to rounding. Two more passes give the
// information, deviance and log-likelihood at the estimate and those of the
// null model (the intercept at logit(Σwy/Σw), or every coefficient 0).
//
// Settings are those of Fit, but Weights (the pass weighs the rows) and
// Firth are not supported. What needs the rows themselves is not done: no
// rank check by QR (a nearly singular information is [ErrNoQR]) and no
// separation diagnosis; a fit with fitted probabilities numerically 0 or 1
// gets a warning saying the data may be separated, and its coefficients are
// then those at the last iteration, without any claim that they are finite.
func FitPasses(p int, pass Pass, s *Settings) (*Result, error) {
	set, err := s.withDefaults()
	if err != nil {
		return nil, err
	}
	if set.Firth || set.Weights != nil {
		return nil, fmt.Errorf("logreg: a fit by passes takes no Firth and no Weights (the pass weighs the rows): %w", ErrBadSettings)
	}
	if p < 0 {
		panic("logreg: dimension mismatch")
	}
	intercept := !set.NoIntercept
	names, err := coefNames(linalg.NewDense(0, p, nil), set.Names, intercept)
	if err != nil {
		return nil, err
	}
	k := len(names)
	sp := &sumsPasser{pass: pass, k: k, h: linalg.NewDense(k, k, nil),
		ps: PassSums{Info: make([]float64, k*k), Score: make([]float64, k)}}
	res := &Result{Names: names, Intercept: intercept, L2: set.L2}
	res.Trace = make([]Iteration, 0, set.MaxIter+1)
	nw := newNewton(&set, sp, k, intercept, res, nil)
	var nobs int
	var sw, swy float64
	nw.afterStart = func(*linalg.Dense) error {
		nobs, sw, swy = sp.ps.NObs, sp.ps.SW, sp.ps.SWY
		if nobs == 0 {
			return fmt.Errorf("logreg: %w", ErrNoData)
		}
		if !(swy > 0 && swy < sw) {
			return fmt.Errorf("logreg: %w", ErrOneValue)
		}
		return nil
	}
	if err := nw.run(); err != nil {
		return nil, err
	}
	if err := finiteCoefs(nw.beta, names); err != nil {
		return nil, err
	}
	res.NObs = nobs
	res.Coef = append([]float64(nil), nw.beta...)
	stepNorm := nw.stepNorm()

	// The final passes: at the estimate, and the null model.
	if err := sp.eval(res.Coef); err != nil {
		return nil, err
	}
	res.Deviance, res.LogLik, res.Boundary = sp.ps.Deviance, sp.ps.LogLik, sp.ps.Boundary
	info := append([]float64(nil), sp.h.RawData()...)
	null := make([]float64, k)
	if intercept {
		m := swy / sw
		null[0] = math.Log(m) - math.Log1p(-m)
	}
	if err := sp.eval(null); err != nil {
		return nil, err
	}
	res.NullDeviance, res.NullLogLik = sp.ps.Deviance, sp.ps.LogLik
	res.finishPenalty(&set, nil)
	res.Passes, res.InfoPasses = nw.passes+2, nw.infoPasses+1
	res.finishTrace(&set, nw.iter, stepNorm, InfoFull)
	if set.L2 > 0 {
		info = nil
	}
	if info != nil {
		cov := linalg.NewDense(k, k, nil)
		switch cond, ok := choleskyInverse(cov, info); {
		case !ok:
			res.covErr = errors.New("its Cholesky factorization fails")
		case cond*0x1p-52 <= covWarnErr:
			res.Cov = cov
		default:
			// Fit inverts this one from a QR factorization of the
			// weighted design, which sums cannot give.
			res.Cov = cov
			res.Warnings = append(res.Warnings, fmt.Sprintf("the standard errors are the Cholesky inverse of an ill-conditioned information (condition number %.2g): their relative error may reach %.1g", cond, cond*0x1p-52))
		}
	}
	res.Status = make([]CoefStatus, k)
	if res.Boundary > 0 && set.L2 == 0 {
		res.Warnings = append(res.Warnings, "fitted probabilities numerically 0 or 1 occurred; the data may be separated, which a fit by passes of sums does not diagnose")
	}
	res.finish(&set, nw.halvingErr)
	return res, nil
}

// sumsPasser is the passer of FitPasses.
type sumsPasser struct {
	pass Pass
	k    int
	ps   PassSums
	h    *linalg.Dense
	g    []float64
}

func (s *sumsPasser) eval(beta []float64) error {
	info, score := s.ps.Info, s.ps.Score
	clear(info)
	clear(score)
	s.ps = PassSums{Info: info, Score: score}
	if err := s.pass(beta, &s.ps); err != nil {
		return err
	}
	if len(s.ps.Info) != s.k*s.k || len(s.ps.Score) != s.k {
		panic("logreg: dimension mismatch")
	}
	s.h.Reset(s.k, s.k)
	copy(s.h.RawData(), s.ps.Info)
	linalg.Symmetrize(s.h.RawData(), s.k)
	if s.g == nil {
		s.g = make([]float64, s.k)
	}
	copy(s.g, s.ps.Score)
	return nil
}

func (s *sumsPasser) sums() (*linalg.Dense, []float64, float64, int) {
	return s.h, s.g, s.ps.Deviance, s.ps.Boundary
}

func (s *sumsPasser) lsStep([]float64, float64, float64) error { return ErrNoQR }

// covWarnErr is the relative error of the standard errors of FitPasses,
// cond·ε, above which the fit warns: Fit inverts an information whose
// condition number exceeds covCondMax from a QR factorization instead,
// which a pass of sums cannot give.
const covWarnErr = 1e-8

// choleskyInverse sets cov to the inverse of the symmetric matrix whose
// upper triangle is info, as equilibratedInverse does, and returns the
// 1-norm condition number of the equilibrated matrix, or false if it is not
// positive definite.
func choleskyInverse(cov *linalg.Dense, info []float64) (float64, bool) {
	k, _ := cov.Dims()
	e := make([]float64, k)
	for j := range e {
		d := info[j*k+j]
		if !(d > 0) || !isFinite(d) {
			return 0, false
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
		return 0, false
	}
	ch.InverseTo(cov)
	cond := norm1(s) * norm1(cov)
	cd := cov.RawData()
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			cd[i*k+j] *= e[i] * e[j]
		}
	}
	for _, v := range cd {
		if !isFinite(v) {
			return 0, false
		}
	}
	return cond, true
}
