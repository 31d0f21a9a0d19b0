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
	// probabilities reach 0 or 1, whether the data are separated; yes ends
	// them.
	separated func(res *Result, delta, beta []float64) bool

	res                         *Result
	beta, prev, delta, prevStep []float64
	chol                        linalg.Cholesky
	iter                        int // iterations done, the extra step included
	halvingErr                  bool
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

// run iterates until convergence, MaxIter, a separation, or failed step
// halving; a pass's error ends it.
func (nw *newton) run() error {
	set, res := nw.set, nw.res
	beta, prev, delta, prevStep := nw.beta, nw.prev, nw.delta, nw.prevStep
	chol := &nw.chol
	if !set.Firth {
		chol.Tol = stepCholTol
	}
	damp := 1.0 // length of Firth's scoring steps, see firthStepLength

	// Iteration 1: (penalized) weighted least squares from the starting
	// values.
	if err := nw.rows.eval(nil); err != nil {
		return err
	}
	h, g, objOld, _ := nw.rows.sums()
	if nw.afterStart != nil {
		if err := nw.afterStart(h); err != nil {
			return err
		}
	}
	nw.addRidge(false)
	if err := chol.Factorize(h); err == nil {
		chol.SolveVecTo(beta, g)
	} else if set.Firth {
		return fmt.Errorf("logreg: at the starting values: %w: %w", ErrNumerical, err)
	} else if err := nw.rows.lsStep(beta, set.L2, rankTolFor(set.Tol)); err != nil {
		return fmt.Errorf("logreg: at the starting values: %w: %w", ErrNumerical, err)
	}
	nw.iter = 1
	for {
		if err := nw.rows.eval(beta); err != nil {
			return err
		}
		obj, factored := nw.objective()
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
			if err := nw.rows.eval(beta); err != nil {
				return err
			}
			obj, factored = nw.objective()
		}
		h, g, dev, boundary := nw.rows.sums()
		it := Iteration{Iter: nw.iter, Deviance: dev, Objective: obj, StepNorm: dist(beta, prev), Halvings: halvings}
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
		if !factored {
			nw.addRidge(true)
			if err := chol.Factorize(h); err != nil {
				if !set.Firth {
					err = nw.rows.lsStep(delta, set.L2, rankTolFor(set.Tol))
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
		if conv && (!set.Firth || firthDone(delta, prevStep, beta, set.Tol)) {
			linalg.Axpy(1, delta, beta)
			res.Converged = true
			nw.iter++
			return nil
		}
		if boundary > 0 && nw.separated != nil && nw.separated(res, delta, beta) {
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

// lastChange sets dst to β − prev, the last change of the coefficients, a
// candidate direction of separation.
func (nw *newton) lastChange(dst []float64) []float64 {
	copy(dst, nw.beta)
	linalg.Axpy(-1, nw.prev, dst)
	return dst
}

// stepNorm returns the norm of the last step solved for.
func (nw *newton) stepNorm() float64 { return math.Sqrt(linalg.Dot(nw.delta, nw.delta)) }
