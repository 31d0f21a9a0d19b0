package logreg

import (
	"math"

	"github.com/a1bed000/logreg/linalg"
)

// firthDone reports whether Firth's iteration has converged. Its steps use
// the Fisher information, not the Hessian of ℓ*, so they converge linearly,
// at a rate r estimated as ‖δ_k‖/‖δ_{k−1}‖, and the change of the objective
// alone does not bound the error. The remaining error is about
// ‖δ‖·r/(1 − r); it must be below tol·(|β_j| + 1) in every coordinate.
func firthDone(delta, prevStep, beta []float64, tol float64) bool {
	r := math.Sqrt(linalg.Dot(delta, delta) / linalg.Dot(prevStep, prevStep))
	if !(r < 0.99) {
		return false
	}
	f := max(1, r/(1-r))
	for j, d := range delta {
		if f*math.Abs(d) > tol*(math.Abs(beta[j])+1) {
			return false
		}
	}
	return true
}

// firthStepLength returns the length α of a Fisher scoring step of Firth's
// fit, β ← β + α·δ, taken where exact Newton steps are not (large models,
// or an indefinite Hessian far from the optimum). Scoring converges
// linearly on ℓ*: where successive steps point the same way and shrink at a
// steady rate r, the remaining distance is about δ·r/(1 − r), so the step is
// extrapolated to δ/(1 − r) (Aitken's Δ² along the dominant direction; step
// halving on ℓ* guards against overshoot). Steps that reverse direction
// without shrinking oscillate around the optimum, where ℓ* changes by less
// than the tolerance and halving cannot see it: they are damped by *damp,
// halved each time it happens and doubled back toward 1 when it does not.
func firthStepLength(delta, prevStep []float64, damp *float64) float64 {
	dd, pp := linalg.Dot(delta, delta), linalg.Dot(prevStep, prevStep)
	cos := linalg.Dot(delta, prevStep) / math.Sqrt(dd*pp)
	if dd >= pp && cos < -0.5 {
		*damp = max(*damp/2, 0x1p-10)
		return *damp
	}
	*damp = min(1, *damp*2)
	if r := math.Sqrt(dd / pp); cos > 0.99 && r > 0.2 && r < 1 {
		return *damp / (1 - min(r, 0.9))
	}
	return *damp
}

// firthScore replaces the score f.g with Firth's modified score at f.beta,
//
//	U* = Dᵀ·(w·(y − μ) + h·(½ − μ)),  h_i = v_i·d_iᵀ·I⁻¹·d_i,
//
// where chol holds the factor L·Lᵀ of I = f.h, so that h_i = v_i·‖L⁻¹d_i‖².
// It is one more pass over the rows, O(n·k²).
func (f *fitter) firthScore(chol *linalg.Cholesky) {
	chol.LTo(f.lfac)
	f.run(jobFirth)
	copy(f.g, f.segs[0].g)
	for i := 1; i < f.nseg; i++ {
		linalg.Axpy(1, f.segs[i].g, f.g)
	}
}

// firth fills sg.g with the segment's part of Firth's modified score.
func (sg *segment) firth(f *fitter) {
	clear(sg.g)
	c, k := f.c, f.k
	xd := f.x.RawData()
	l := f.lfac.RawData()
	var b0 float64
	b := f.beta
	off := 0
	if f.intercept {
		b0, b = b[0], b[1:]
		off = 1
	}
	b = b[:c]
	z := sg.z[:k]
	g := sg.g[off:]
	g = g[:c]
	var sumU float64
	for i := sg.lo; i < sg.hi; i++ {
		row := xd[i*c : i*c+c]
		wi := f.weight(i)
		if wi == 0 {
			continue
		}
		o := at(b0 + linalg.Dot(row, b))
		vi := wi * o.v
		// z = L⁻¹·d_i by forward substitution, d_i = [1 row] or row.
		var h float64
		for j := 0; j < k; j++ {
			var dj float64
			if j < off {
				dj = 1
			} else {
				dj = row[j-off]
			}
			lr := l[j*k : j*k+j]
			s := dj - linalg.Dot(lr, z[:j])
			z[j] = s / l[j*k+j]
			h += z[j] * z[j]
		}
		h *= vi
		yi := f.y[i]
		u := wi*(yi*o.q-(1-yi)*o.mu) + h*(0.5-o.mu)
		sumU += u
		linalg.Axpy(u, row, g)
	}
	if f.intercept {
		sg.g[0] = sumU
	}
}
