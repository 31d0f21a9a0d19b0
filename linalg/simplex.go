package linalg

import (
	"errors"
	"math"
)

// ErrIterationLimit is returned by [Simplex.Solve] when it reaches its
// iteration limit before an optimal vertex.
var ErrIterationLimit = errors.New("linalg: simplex iteration limit reached")

// ErrUnbounded is returned by [Simplex.Solve] for a linear program whose
// objective has no upper bound on the feasible set.
var ErrUnbounded = errors.New("linalg: linear program is unbounded")

// Simplex solves small dense linear programs with homogeneous constraints
// and bounded variables,
//
//	maximize cᵀx  subject to  A·x ≥ 0,  lo ≤ x ≤ hi,
//
// where lo ≤ 0 ≤ hi, so that x = 0 is feasible and no first phase is
// needed. It is the bounded-variable primal simplex method on a condensed
// tableau: one slack sᵢ = aᵢ·x ≥ 0 per row of A, the m basic variables
// written as T·(the k nonbasic ones), so that memory is m×k and a pivot (a
// Jordan exchange) costs O(m·k). Variables start nonbasic at 0 (strictly
// inside their bounds, free to move either way) and the slacks basic at 0.
//
// Before it starts, Solve scales each row of A to a largest magnitude of 1
// (which changes no constraint aᵢ·x ≥ 0) and then each column to a largest
// magnitude of 1, with the bounds and the objective scaled to match (the
// same program in the variables sⱼ·xⱼ), so that the tolerances below are
// relative to the data's scale.
//
// A start at x = 0 is as degenerate as can be: every slack is basic at its
// bound. Solve chooses the entering and the leaving variable by Bland's
// rule (the eligible variable of least index), which cannot cycle. Values
// are recomputed from the nonbasic values after every step, and a basic
// value within 1e-11 of a bound or of zero, relative to the magnitude of
// the terms it is the sum of, is set to it exactly; a tableau entry below
// 1e-9 of its column's largest is not a pivot; a reduced cost below 1e-10
// of the objective's largest is zero.
//
// The zero value is ready to use; a Simplex reuses its buffers.
type Simplex struct {
	// MaxIter caps the number of pivots and bound flips. Zero means
	// 50·(m + k) + 1000.
	MaxIter int

	// Iterations is the number of pivots and bound flips of the last Solve.
	Iterations int

	t, d, lower, upper, nbVal, bVal, colScale []float64
	basis, nonb                               []int
}

const (
	simplexSnapTol  = 1e-11
	simplexPivotTol = 1e-9
	simplexCostTol  = 1e-10
)

// Solve sets dst to an optimal vertex of the program and returns its
// objective value cᵀx. Rows of a that are zero are ignored. Entries of hi
// may be +Inf and of lo −Inf.
//
// Solve panics if the lengths of dst, c, lo and hi differ from the number
// of columns of a, or if some lo[j] > 0 or hi[j] < 0. It returns
// [ErrIterationLimit] after MaxIter steps, [ErrUnbounded] for an unbounded
// program, and an error wrapping [ErrNotFinite] if a, c or the bounds hold a
// NaN (or a holds an Inf).
func (s *Simplex) Solve(dst []float64, a *Dense, c, lo, hi []float64) (float64, error) {
	m0, k := a.Dims()
	if len(dst) != k || len(c) != k || len(lo) != k || len(hi) != k {
		panic("linalg: dimension mismatch")
	}
	for j := range k {
		if math.IsNaN(lo[j]) || math.IsNaN(hi[j]) || math.IsNaN(c[j]) || math.IsInf(c[j], 0) {
			return 0, ErrNotFinite
		}
		if lo[j] > 0 || hi[j] < 0 {
			panic("linalg: simplex bounds exclude 0")
		}
	}
	ad := a.RawData()

	// Scale rows, then columns, into the tableau; zero rows are dropped.
	s.colScale = resize(s.colScale, k)
	cs := s.colScale
	clear(cs)
	s.t = resize(s.t, m0*k)
	t := s.t[:0]
	for i := range m0 {
		row := ad[i*k : i*k+k]
		r := 0.0
		for _, v := range row {
			if !isFiniteF(v) {
				return 0, ErrNotFinite
			}
			r = max(r, math.Abs(v))
		}
		if r == 0 {
			continue
		}
		for _, v := range row {
			t = append(t, v/r)
		}
		for j, v := range t[len(t)-k:] {
			cs[j] = max(cs[j], math.Abs(v))
		}
	}
	m := len(t) / k
	for j := range cs {
		if cs[j] == 0 {
			cs[j] = 1
		}
	}
	for i := range m {
		row := t[i*k : i*k+k]
		for j := range row {
			row[j] /= cs[j]
		}
	}

	nv := k + m
	s.lower, s.upper = resize(s.lower, nv), resize(s.upper, nv)
	s.d, s.nbVal, s.bVal = resize(s.d, k), resize(s.nbVal, k), resize(s.bVal, m)
	s.nonb, s.basis = resizeInt(s.nonb, k), resizeInt(s.basis, m)
	lower, upper, d, nbVal, bVal, nonb, basis := s.lower, s.upper, s.d, s.nbVal, s.bVal, s.nonb, s.basis
	costMax := 0.0
	for j := range k {
		lower[j], upper[j] = lo[j]*cs[j], hi[j]*cs[j]
		d[j] = c[j] / cs[j]
		costMax = max(costMax, math.Abs(d[j]))
		nbVal[j] = 0
		nonb[j] = j
	}
	for i := range m {
		lower[k+i], upper[k+i] = 0, math.Inf(1)
		bVal[i] = 0
		basis[i] = k + i
	}
	costTol := simplexCostTol * costMax

	maxIter := s.MaxIter
	if maxIter <= 0 {
		maxIter = 50*nv + 1000
	}
	s.Iterations = 0
	for {
		// Bland's rule: the eligible nonbasic variable of least index.
		q := -1
		for j := range k {
			v := nonb[j]
			if (d[j] > costTol && nbVal[j] < upper[v]) || (d[j] < -costTol && nbVal[j] > lower[v]) {
				if q < 0 || v < nonb[q] {
					q = j
				}
			}
		}
		if q < 0 {
			break
		}
		if s.Iterations == maxIter {
			return 0, ErrIterationLimit
		}
		s.Iterations++
		sigma := 1.0
		if d[q] < 0 {
			sigma = -1
		}
		vq := nonb[q]
		step := upper[vq] - nbVal[q]
		if sigma < 0 {
			step = nbVal[q] - lower[vq]
		}
		colMax := 0.0
		for i := range m {
			colMax = max(colMax, math.Abs(t[i*k+q]))
		}
		pivTol := simplexPivotTol * max(1, colMax)
		leave := -1
		for i := range m {
			e := sigma * t[i*k+q]
			if math.Abs(e) <= pivTol {
				continue
			}
			v := basis[i]
			var lim float64
			if e > 0 {
				if math.IsInf(upper[v], 1) {
					continue
				}
				lim = (upper[v] - bVal[i]) / e
			} else {
				if math.IsInf(lower[v], -1) {
					continue
				}
				lim = (bVal[i] - lower[v]) / -e
			}
			lim = max(lim, 0)
			if lim < step || lim == step && (leave < 0 || v < basis[leave]) {
				step, leave = lim, i
			}
		}
		if math.IsInf(step, 1) {
			return 0, ErrUnbounded
		}
		if leave < 0 {
			// Bound flip: the entering variable reaches its other bound.
			if sigma > 0 {
				nbVal[q] = upper[vq]
			} else {
				nbVal[q] = lower[vq]
			}
		} else {
			// The leaving variable stops at the bound it reaches.
			e := sigma * t[leave*k+q]
			vl := basis[leave]
			at := lower[vl]
			if e > 0 {
				at = upper[vl]
			}
			entering := nbVal[q] + sigma*step
			s.exchange(m, k, leave, q)
			basis[leave], nonb[q] = vq, vl
			nbVal[q] = at
			bVal[leave] = entering
		}
		s.recompute(m, k)
	}

	var obj float64
	for j := range dst {
		dst[j] = 0
	}
	for j, v := range nonb {
		if v < k {
			dst[v] = nbVal[j]
		}
	}
	for i, v := range basis {
		if v < k {
			dst[v] = bVal[i]
		}
	}
	for j := range dst {
		dst[j] /= cs[j]
		obj += c[j] * dst[j]
	}
	return obj, nil
}

// exchange pivots the tableau on entry (r, q): the basic variable of row r
// and the nonbasic variable of column q trade places, in T and in the
// reduced costs d.
func (s *Simplex) exchange(m, k, r, q int) {
	t, d := s.t, s.d
	rowR := t[r*k : r*k+k]
	p := rowR[q]
	for j := range rowR {
		rowR[j] = -rowR[j] / p
	}
	rowR[q] = 1 / p
	for i := range m {
		if i == r {
			continue
		}
		row := t[i*k : i*k+k]
		f := row[q]
		if f == 0 {
			continue
		}
		for j, v := range rowR {
			row[j] += f * v
		}
		row[q] = f / p
	}
	f := d[q]
	for j, v := range rowR {
		d[j] += f * v
	}
	d[q] = f / p
}

// recompute sets the basic values to T·(nonbasic values), snapping each to
// a bound or to zero when it is within the tolerance of it.
func (s *Simplex) recompute(m, k int) {
	t, nbVal := s.t, s.nbVal
	for i := range m {
		row := t[i*k : i*k+k]
		var v, mag float64
		for j, e := range row {
			v += e * nbVal[j]
			mag += math.Abs(e * nbVal[j])
		}
		tol := simplexSnapTol * mag
		b := s.basis[i]
		switch {
		case math.Abs(v-s.lower[b]) <= tol:
			v = s.lower[b]
		case math.Abs(v-s.upper[b]) <= tol:
			v = s.upper[b]
		case math.Abs(v) <= tol:
			v = 0
		}
		s.bVal[i] = v
	}
}

func isFiniteF(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func resize(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	return b[:n]
}

func resizeInt(b []int, n int) []int {
	if cap(b) < n {
		return make([]int, n)
	}
	return b[:n]
}
