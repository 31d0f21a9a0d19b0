package logreg

import (
	"fmt"
	"math"
	"strings"
)

// sepTol is the relative tolerance of the separation test: a linear
// predictor d·x counts as zero when it is below sepTol times the sum of the
// magnitudes of its terms.
const sepTol = 1e-7

// sepCheck tests, over rows that may arrive in chunks, whether candidate
// directions u separate the observations:
//
//	(2y − 1)·(D·u) ≥ 0
//
// for every observation with positive weight (= 0 for a proportion strictly
// between 0 and 1), with at least one strict inequality. Such a direction is
// a certificate that the maximum-likelihood estimate does not exist: the
// likelihood increases without bound along it. It also keeps the largest
// magnitude of each column, to tell which coefficients diverge, as long as
// some candidate is not violated.
type sepCheck struct {
	intercept bool
	cands     []sepCand
	scale     []float64 // largest |D_ij| of each design column
}

type sepCand struct {
	u        []float64
	violated bool
	quasi    bool // some observation lies on the hyperplane D·u = 0
	strict   int
}

func newSepCheck(k int, intercept bool, cands ...[]float64) *sepCheck {
	s := &sepCheck{intercept: intercept, scale: make([]float64, k)}
	if intercept {
		s.scale[0] = 1
	}
	for _, u := range cands {
		s.cands = append(s.cands, sepCand{u: u})
	}
	return s
}

// add tests the rows of the row-major x (c columns) with responses y and
// prior weights w (nil means 1).
func (s *sepCheck) add(x []float64, c int, y, w []float64) {
	off := 0
	if s.intercept {
		off = 1
	}
	alive := 0
	for _, cd := range s.cands {
		if !cd.violated {
			alive++
		}
	}
	for i, yi := range y {
		if alive == 0 {
			// No candidate separates: the column scales, which only
			// name the diverging coefficients, are not needed.
			return
		}
		if w != nil && w[i] == 0 {
			continue
		}
		row := x[i*c : i*c+c]
		for j, xv := range row {
			s.scale[j+off] = max(s.scale[j+off], math.Abs(xv))
		}
		for ci := range s.cands {
			cd := &s.cands[ci]
			if cd.violated {
				continue
			}
			var u0 float64
			v := cd.u
			if s.intercept {
				u0, v = v[0], v[1:]
			}
			t, mag := u0, math.Abs(u0)
			for j, xv := range row {
				t += xv * v[j]
				mag += math.Abs(xv * v[j])
			}
			switch {
			case math.Abs(t) <= sepTol*mag:
				cd.quasi = true
			case yi == 1 && t > 0, yi == 0 && t < 0:
				cd.strict++
			default:
				cd.violated = true
				alive--
			}
		}
	}
}

// record marks res as separated when a candidate separates, with the
// diverging coefficients and a warning, and reports whether one did.
func (s *sepCheck) record(res *Result) bool {
	for _, cd := range s.cands {
		if cd.violated || cd.strict == 0 {
			continue
		}
		res.Separation, res.Quasi = true, cd.quasi
		res.Diverging = s.diverging(cd.u)
		var names []string
		for _, j := range res.Diverging {
			names = append(names, res.Names[j])
		}
		kind := "completely"
		if cd.quasi {
			kind = "quasi-completely"
		}
		res.Warnings = append(res.Warnings, fmt.Sprintf(
			"the data are %s separated: the maximum-likelihood estimate does not exist and %s diverge; use a penalized fit (Firth or ridge)",
			kind, strings.Join(names, ", ")))
		return true
	}
	return false
}

// diverging returns the indices of the coefficients with a material
// component in the direction u, each scaled by its column's largest value.
func (s *sepCheck) diverging(u []float64) []int {
	top := 0.0
	mag := make([]float64, len(u))
	for j := range u {
		mag[j] = s.scale[j] * math.Abs(u[j])
		top = max(top, mag[j])
	}
	var out []int
	for j, m := range mag {
		if m > 1e-3*top {
			out = append(out, j)
		}
	}
	return out
}

// checkSeparation tests the candidate directions of divergence over the
// fitter's rows and records a separation in res. It reports whether one was
// found.
func (f *fitter) checkSeparation(res *Result, cands ...[]float64) bool {
	s := newSepCheck(f.k, f.intercept, cands...)
	s.add(f.x.RawData(), f.c, f.y, f.w)
	return s.record(res)
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
