package logreg

import (
	"fmt"
	"math"

	"github.com/a1bed000/logreg/linalg"
)

// passer is what the Newton iterations need from the data: one pass over
// the rows, at R's starting values (beta nil) or at beta, after which sums
// returns the Fisher information, the score (at the starting values, the
// right-hand side of the first least-squares system), the deviance and the
// number of fitted probabilities within 10·ε of 0 or 1. The in-memory
// [fitter] and the streamed [Accumulator] both are one; g may be modified
// by the caller until the next pass.
type passer interface {
	eval(beta []float64) error
	sums() (h *linalg.Dense, g []float64, dev float64, boundary int)
	// lsStep sets dst to the step of the last pass, I⁻¹·g (with the
	// ridge penalty l2), by a QR factorization of its weighted
	// least-squares problem in one more pass over the rows, for an
	// information too ill-conditioned for Cholesky (a column such as
	// x + 1e9); tol is the rank tolerance.
	lsStep(dst []float64, l2, tol float64) error
}

// newton runs the iterations shared by [Fit] and [FitStream]: the first
// (penalized) least-squares step from the starting values, then Newton
// steps with step halving on the objective, until R's convergence test
// passes, and then one more step with the information already computed.
type newton struct {
	set       *Settings
	rows      passer
	intercept bool
	k         int

	// afterStart, if not nil, is called with the information at the
	// starting values (the rank check).
	afterStart func(h *linalg.Dense) error
	// firth, when Firth's fit is asked for, computes its steps, which need
	// the rows at hand.
	firth *fitter
	// separated, if not nil, is asked during the iterations, when fitted
	// probabilities reach 0 or 1 or a fit has not converged after
	// sepIter iterations, whether the data are separated; yes ends them.
	separated func(res *Result, delta, beta []float64) bool

	// sub, if not nil, makes the fit subsampled (see run), and info is
	// then a k×k matrix.
	sub subsampler

	res                         *Result
	beta, prev, delta, prevStep []float64
	// info holds the information a subsampled fit keeps for the
	// covariance, when infoSaved; see run.
	info      *linalg.Dense
	infoSaved bool
	// passes counts the passes over the rows, infoPasses those that
	// formed the information over every row.
	passes, infoPasses int
	chol               linalg.Cholesky
	iter               int // iterations done, the extra step included
	halvingErr         bool
}

func newNewton(set *Settings, rows passer, k int, intercept bool, res *Result, beta []float64) *newton {
	if beta == nil {
		beta = make([]float64, k)
	}
	return &newton{
		set: set, rows: rows, k: k, intercept: intercept, res: res, beta: beta,
		prev: make([]float64, k), delta: make([]float64, k), prevStep: make([]float64, k),
	}
}

// addRidge adds the ridge penalty to the last pass: λ to the diagonal of the
// information (but the intercept's), and, when atBeta, −λ·β_j to the score.
func (nw *newton) addRidge(atBeta bool) {
	l2 := nw.set.L2
	if l2 == 0 {
		return
	}
	h, g, _, _ := nw.rows.sums()
	hd, k := h.RawData(), nw.k
	off := 0
	if nw.intercept {
		off = 1
	}
	for j := off; j < k; j++ {
		hd[j*k+j] += l2
		if atBeta {
			g[j] -= l2 * nw.beta[j]
		}
	}
}

// objective returns the quantity the fit minimizes at the last pass and
// whether nw.chol now holds the factor of the information (Firth's fit
// factors it for its log-determinant).
func (nw *newton) objective() (float64, bool) {
	h, _, dev, _ := nw.rows.sums()
	return penalizedDeviance(nw.set, h, dev, nw.beta, nw.intercept, &nw.chol)
}

// penalizedDeviance returns the objective of a fit at beta, from the
// information h and deviance dev there: dev, dev + λ·Σ_{j≥1}β_j² (ridge) or
// dev − log det h (Firth, which factors h into chol and reports it).
func penalizedDeviance(set *Settings, h *linalg.Dense, dev float64, beta []float64, intercept bool, chol *linalg.Cholesky) (float64, bool) {
	switch {
	case set.Firth:
		if err := chol.Factorize(h); err != nil {
			return math.Inf(1), false
		}
		return dev - chol.LogDet(), true
	case set.L2 > 0:
		return dev + set.L2*ridgeNorm(beta, intercept), false
	}
	return dev, false
}

// ridgeNorm returns Σ_{j≥1} β_j², the intercept excluded.
func ridgeNorm(beta []float64, intercept bool) float64 {
	if intercept {
		beta = beta[1:]
	}
	return linalg.Dot(beta, beta)
}

// stepCholTol is the pivot tolerance of the Cholesky factorization of a
// Newton step (but Firth's): a pivot ratio below it, a column whose
// residual after projection on the earlier ones is below 1e-5 of its norm,
// makes the solve lose more than ten digits, and the step is solved by QR
// instead (passer.lsStep).
const stepCholTol = 1e-10

// subsampler is a passer whose passes can form the information over a
// fixed subsample of the rows instead of every row (the score, deviance
// and boundary count stay over every row); see [newton.run].
type subsampler interface {
	setSubsample(on bool)
}

// The schedule of a subsampled fit (see run).
const (
	// maxCheap is the largest number of consecutive steps with subsampled
	// information.
	maxCheap = 10
	// cheapRate is the largest ratio of successive Newton decrements g·δ
	// for which steps with subsampled information go on: a ratio above it
	// means they no longer gain a digit per step.
	cheapRate = 0.25
	// sepIter is the iteration after which a fit that has not converged
	// asks whether the data are separated. On separated data Newton's steps
	// grow the fitted logits by about one per iteration, so fitted
	// probabilities reach 0 or 1 (|η| > 36) only after R's 25 iterations;
	// a fit that converges takes fewer than 10 but on hard problems.
	sepIter = 10
)

// run iterates until convergence, MaxIter, a separation, or failed step
// halving; a pass's error ends it.
//
// With a subsampler (nw.sub), the first passes form the information over
// the subsample only (each costs the score and deviance over every row and
// a fraction of the information), whose steps δ = Ĩ⁻¹g converge linearly to
// the same estimate, the score being exact; then full Newton steps square
// the error. The subsampled steps stop when the predicted decrease of the
// objective, g·δ, falls below Tol·(|obj| + 0.1), when it shrinks by less
// than cheapRate per step, after maxCheap of them, or at fitted
// probabilities of 0 or 1 (full steps follow). A subsampled step whose
// objective is not finite or rises makes the fit start again from the
// starting values with plain Newton steps, so that it is a plain fit
// after a few cheap passes, whose trace entries stay (the first entry of
// the new start is marked Fallback, and iterations are counted from 1
// again); an information Cholesky cannot factor makes the pass be done
// again over every row. A
// subsampled fit converges when a full pass meets R's test and its step
// predicts a decrease below keepTol·(|obj| + 0.1): the step is then taken
// and the information of that pass, at coefficients that differ from the
// estimate by a step that small, is the one of the covariance (nw.info),
// so the final pass need not form it. If the step of a converged pass is
// not that small, the next one is taken; if that does not help either
// (rounding), the fit ends as a plain one does.
func (nw *newton) run() error {
	set, res := nw.set, nw.res
	beta, prev, delta, prevStep := nw.beta, nw.prev, nw.delta, nw.prevStep
	chol := &nw.chol
	if !set.Firth {
		chol.Tol = stepCholTol
	}
	damp := 1.0 // length of Firth's scoring steps, see firthStepLength
	cheap := nw.sub != nil
	nw.setCheap(cheap)

	// Iteration 1: (penalized) weighted least squares from the starting
	// values.
	checked := false
	var objOld float64
	start := func() error {
		for {
			if err := nw.eval(nil, cheap); err != nil {
				return err
			}
			h, g, dev, _ := nw.rows.sums()
			objOld = dev
			if !checked && nw.afterStart != nil {
				if err := nw.afterStart(h); err != nil {
					return err
				}
			}
			checked = true
			nw.addRidge(false)
			err := chol.Factorize(h)
			switch {
			case err == nil:
				chol.SolveVecTo(beta, g)
			case cheap:
				cheap = false
				nw.setCheap(false)
				continue
			case set.Firth:
				return fmt.Errorf("logreg: at the starting values: %w: %w", ErrNumerical, err)
			default:
				if err := nw.lsStep(beta); err != nil {
					return fmt.Errorf("logreg: at the starting values: %w: %w", ErrNumerical, err)
				}
			}
			return nil
		}
	}
	late := nw.sub == nil // afterStart may set nw.sub (FitStream)
	if err := start(); err != nil {
		return err
	}
	if late && nw.sub != nil {
		cheap = true
	}
	nw.iter = 1
	cheapSteps := 0
	lamOld := math.Inf(1)
	convFull := false // the last full pass met R's test
	for {
		if err := nw.eval(beta, cheap); err != nil {
			return err
		}
		obj, factored := nw.objective()
		fallback := false
		if cheap && (!isFinite(obj) || nw.iter > 1 && obj-objOld > set.Tol*(math.Abs(obj)+0.1)) {
			// A step with subsampled information failed: plain Newton
			// from the starting values, as if the subsampled steps had
			// not been taken.
			cheap, fallback = false, true
			nw.setCheap(false)
			clear(prev)
			clear(prevStep)
			nw.iter = 1
			if err := start(); err != nil {
				return err
			}
			if err := nw.eval(beta, false); err != nil {
				return err
			}
			obj, factored = nw.objective()
		}
		solved := false
		if cheap {
			nw.addRidge(true)
			if chol.Factorize(nw.h()) == nil {
				solved = true
			} else {
				// Information Cholesky cannot factor: this pass again,
				// over every row.
				cheap = false
				nw.setCheap(false)
				if err := nw.eval(beta, false); err != nil {
					return err
				}
				obj, factored = nw.objective()
			}
		}
		halvings := 0
		// The deviance at the starting values is not that of a coefficient
		// vector, so the first iteration may increase it (as R's glm.fit
		// allows); later ones may not.
		for !isFinite(obj) || nw.iter > 1 && obj-objOld > set.Tol*(math.Abs(obj)+0.1) {
			if halvings == maxHalvings {
				nw.halvingErr = true
				break
			}
			for j := range beta {
				beta[j] = (beta[j] + prev[j]) / 2
			}
			halvings++
			if err := nw.eval(beta, false); err != nil {
				return err
			}
			obj, factored = nw.objective()
		}
		h, g, dev, boundary := nw.rows.sums()
		info := InfoFull
		if cheap {
			info = InfoSubsample
		}
		it := Iteration{Iter: nw.iter, Deviance: dev, Objective: obj, StepNorm: dist(beta, prev), Halvings: halvings, Info: info, Fallback: fallback}
		res.Trace = append(res.Trace, it)
		if set.Progress != nil {
			set.Progress(it)
		}
		if nw.halvingErr {
			res.Warnings = append(res.Warnings, fmt.Sprintf("step halving could not decrease the deviance at iteration %d", nw.iter))
			return nil
		}
		conv := math.Abs(obj-objOld)/(math.Abs(obj)+0.1) < set.Tol
		viaQR := false
		if !factored && !solved {
			nw.addRidge(true)
			if err := chol.Factorize(h); err != nil {
				if !set.Firth {
					err = nw.lsStep(delta)
					viaQR = err == nil
				}
				switch {
				case viaQR:
				case boundary > 0:
					return nil // weights underflowed: the caller looks for separation
				default:
					return fmt.Errorf("logreg: iteration %d: %w: %w", nw.iter, ErrNumerical, err)
				}
			}
		}
		scoring := set.Firth
		if set.Firth {
			scoring = !nw.firth.firthStep(chol, delta) // g ← U*
		}
		if !viaQR && (!set.Firth || scoring) {
			chol.SolveVecTo(delta, g)
		}
		lam := linalg.Dot(g, delta) // the predicted decrease of the objective
		if cheap {
			cheapSteps++
			if conv || lam <= set.Tol*(math.Abs(obj)+0.1) || lam > cheapRate*lamOld || cheapSteps == maxCheap || boundary > 0 {
				cheap = false
				nw.setCheap(false)
			}
			lamOld = lam
			conv = false
		}
		if conv && (!set.Firth || firthDone(delta, prevStep, beta, set.Tol)) {
			switch {
			case nw.sub == nil:
			case lam <= keepTol(set.Tol)*(math.Abs(obj)+0.1):
				copy(nw.info.RawData(), h.RawData())
				nw.infoSaved = true
			case convFull:
			default:
				conv = false
			}
			if conv {
				linalg.Axpy(1, delta, beta)
				res.Converged = true
				nw.iter++
				return nil
			}
			convFull = true
		} else if !cheap {
			convFull = false
		}
		if (boundary > 0 || nw.iter >= sepIter) && nw.separated != nil && nw.separated(res, delta, beta) {
			return nil
		}
		if nw.iter == set.MaxIter {
			return nil
		}
		alpha := 1.0
		if scoring && nw.iter > 1 {
			alpha = firthStepLength(delta, prevStep, &damp)
		}
		copy(prev, beta)
		copy(prevStep, delta)
		linalg.Axpy(alpha, delta, beta)
		objOld = obj
		nw.iter++
	}
}

// keepTol returns the largest predicted decrease of the objective, relative
// to |obj| + 0.1, of the step of a pass whose information a subsampled fit
// keeps for the covariance, for the convergence tolerance tol: (tol/100)²,
// 1e-20 by default. The step δ then moves a fitted logit by
// |dᵢᵀδ| ≤ √(g·δ)·√(hᵢ/vᵢ) (leverage hᵢ, weight vᵢ), about 1e-10·√k when
// the deviance per row and hᵢ·n/k are about 1, and the information by a
// relative amount as small.
func keepTol(tol float64) float64 { return (tol / 100) * (tol / 100) }

// eval is a pass of nw.rows, with subsampled information when cheap,
// counted.
func (nw *newton) eval(beta []float64, cheap bool) error {
	nw.setCheap(cheap)
	nw.passes++
	if !cheap {
		nw.infoPasses++
	}
	return nw.rows.eval(beta)
}

// lsStep is nw.rows.lsStep with the fit's ridge and rank tolerance, counted
// as a pass that forms the information.
func (nw *newton) lsStep(dst []float64) error {
	nw.passes++
	nw.infoPasses++
	return nw.rows.lsStep(dst, nw.set.L2, rankTolFor(nw.set.Tol))
}

// setCheap makes the passes subsampled or not, when nw.sub is set.
func (nw *newton) setCheap(on bool) {
	if nw.sub != nil {
		nw.sub.setSubsample(on)
	}
}

// h returns the information of the last pass.
func (nw *newton) h() *linalg.Dense {
	h, _, _, _ := nw.rows.sums()
	return h
}

// lastChange sets dst to β − prev, the last change of the coefficients, a
// candidate direction of separation.
func (nw *newton) lastChange(dst []float64) []float64 {
	copy(dst, nw.beta)
	linalg.Axpy(-1, nw.prev, dst)
	return dst
}

// stepNorm returns the norm of the last step solved for.
func (nw *newton) stepNorm() float64 { return math.Sqrt(linalg.Dot(nw.delta, nw.delta)) }
