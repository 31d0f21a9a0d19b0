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
// [FitPassesRows] diagnoses separation where the rows can be read.
func FitPasses(p int, pass Pass, s *Settings) (*Result, error) {
	return FitPassesRows(p, pass, nil, s)
}

// PassRows reads, for the separation diagnosis of [FitPassesRows], the
// rows that a [Pass] sums over.
type PassRows struct {
	// Rows reads the rows: the p columns of the design without the
	// intercept, the responses and the prior weights (nil: 1). Each call
	// must yield the same rows, in any order: the diagnosis does not
	// depend on it.
	Rows Chunks
	// MaxStep, if not nil, returns maxᵢ |dᵢᵀδ| over the rows of positive
	// weight, dᵢ the design row (1 first with an intercept), computed where
	// the rows are. It lets a converged fit whose last step certifies that
	// the data are not separated skip reading the rows; nil: they are read.
	MaxStep func(delta []float64) (float64, error)
}

// FitPassesRows is [FitPasses] with the separation diagnosis of
// [FitStream] when rows is not nil and the fit is not penalized: when
// fitted probabilities first reach 0 or 1 during the iterations, a read of
// the rows gathers the linear program's objective and the program reads
// them once per round of cutting planes, its verdict ending the iterations
// if the data are separated; at the estimate, the screen reads them once
// more, and the program runs if the fit shows any sign of separation. A
// converged fit with no fitted probability at 0 or 1 whose last step δ has
// MaxStep(δ) below 1/2 (by a margin of 10⁻⁶ for the engine's rounding) is
// certified not separated without reading the rows (sepCheck.needsLP). The
// result is then that of FitStream on the same rows: the statuses, the
// type of separation and the warnings. The errors of rows.Rows and
// rows.MaxStep are returned.
func FitPassesRows(p int, pass Pass, rows *PassRows, s *Settings) (*Result, error) {
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
	diagnose := rows != nil && set.L2 == 0
	if diagnose {
		rows = &PassRows{Rows: checkedChunks(p, rows.Rows), MaxStep: rows.MaxStep}
	}
	var verdict *lpVerdict
	var rowsErr error
	if diagnose {
		// As in FitStream, the linear program runs once when fitted
		// probabilities reach 0 or 1, and ends the iterations if the data
		// are separated; a read of the rows gathers its objective first.
		nw.separated = func(*Result, []float64, []float64) bool {
			if verdict == nil {
				if verdict, rowsErr = lpOver(p, intercept, rows.Rows); rowsErr != nil {
					return true
				}
			}
			return verdict.err == nil && verdict.typ != SeparationNone
		}
	}
	if err := nw.run(); err != nil {
		return nil, err
	}
	if rowsErr != nil {
		return nil, rowsErr
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
	var covWarning string
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
			covWarning = fmt.Sprintf("the standard errors are the Cholesky inverse of an ill-conditioned information (condition number %.2g): their relative error may reach %.1g", cond, cond*0x1p-52)
		}
	}
	res.Status = make([]CoefStatus, k)
	switch {
	case diagnose:
		if err := passDiagnose(res, nw, p, rows, verdict); err != nil {
			return nil, err
		}
		if !res.Separation && covWarning != "" {
			res.Warnings = append(res.Warnings, covWarning)
		}
		finishSeparation(res)
	default:
		if covWarning != "" {
			res.Warnings = append(res.Warnings, covWarning)
		}
		if res.Boundary > 0 && set.L2 == 0 {
			res.Warnings = append(res.Warnings, "fitted probabilities numerically 0 or 1 occurred; the data may be separated, which a fit by passes of sums does not diagnose")
		}
	}
	res.finish(&set, nw.halvingErr)
	return res, nil
}

// checkedChunks returns data, which panics when a chunk has other than p
// columns or its responses and weights another length.
func checkedChunks(p int, data Chunks) Chunks {
	return func(yield func(x *linalg.Dense, y, w []float64) error) error {
		return data(func(x *linalg.Dense, y, w []float64) error {
			if n, c := x.Dims(); c != p || len(y) != n || w != nil && len(w) != n {
				panic("logreg: dimension mismatch")
			}
			return yield(x, y, w)
		})
	}
}

// maxStepMargin is the relative margin by which a MaxStep computed where
// the rows are must be below certStep to certify the fit: the engine sums
// the terms of dᵢᵀδ in its own order.
const maxStepMargin = 1e-6

// passDiagnose is the separation diagnosis of FitPassesRows at the estimate
// in res: the certificate of MaxStep, or the screen over the rows and the
// linear program when the fit shows a sign.
func passDiagnose(res *Result, nw *newton, p int, rows *PassRows, verdict *lpVerdict) error {
	step := nw.lastStep()
	if rows.MaxStep != nil && step != nil && res.Converged && !nw.halvingErr && res.Boundary == 0 {
		m, err := rows.MaxStep(step)
		if err != nil {
			return err
		}
		if m <= certStep*(1-maxStepMargin) {
			// Where the certificate holds, the program finds no
			// separation, and the screen's candidates cannot separate.
			return nil
		}
	}
	sc := newSepCheck(p, res.Intercept, step, nw.lastChange(make([]float64, len(res.Coef))), res.Coef)
	err := rows.Rows(func(x *linalg.Dense, y, w []float64) error {
		sc.add(x.RawData(), y, w)
		return nil
	})
	if err != nil {
		return err
	}
	return sc.diagnose(res, rows.Rows, nw.halvingErr, verdict)
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
