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
// needed. It is the bounded-variable primal simplex method in revised form:
// one slack sᵢ = aᵢ·x ≥ 0 per row of A; at each vertex k variables are
// nonbasic, each fixing one equation (xⱼ = its value, or aᵢ·x = sᵢ), and
// the k×k matrix M of those equations gives the vertex x = M⁻¹·(nonbasic
// values) and the reduced costs M⁻ᵀ·c afresh by LU at every step, so that
// rounding does not accumulate over the pivots; a step costs O(k³ + m·k).
// Variables start nonbasic at 0 (strictly inside their bounds, free to move
// either way) and the slacks basic at 0.
//
// Before it starts, Solve scales each row of A to a largest magnitude of 1
// (which changes no constraint aᵢ·x ≥ 0) and then each column to a largest
// magnitude of 1, with the bounds and the objective scaled to match (the
// same program in the variables sⱼ·xⱼ), so that the tolerances below are
// relative to the data's scale.
//
// A start at x = 0 is as degenerate as can be: every slack is basic at its
// bound, and the steps from it have length 0. Solve therefore first solves
// the perturbed program aᵢ·x ≥ −εᵢ, with distinct εᵢ of about 1e-8 (the
// rows are scaled to 1), whose start is not degenerate. Its optimal basis
// has the same reduced costs in the program itself, so its vertex there,
// computed afresh, is optimal when it is feasible (as it is unless a
// perturbation of 1e-8 changes the geometry); if it is not, or the
// perturbed run takes more than half of MaxIter, Solve starts again on the
// program itself. It chooses the entering variable by Dantzig's rule (the
// largest reduced cost) and, among tied leaving ones, the largest pivot;
// after 50 consecutive steps of length 0 it follows Bland's rule (the
// eligible variable of least index, entering and leaving) until a step
// moves, which cannot cycle: the objective rises strictly between two runs
// of degenerate steps, and Bland's rule ends each run. A slack
// within 1e-11 of 0, relative to the magnitude Σⱼ|aᵢⱼ·xⱼ| of its terms, is
// set to 0 exactly, and a variable within 1e-12 of a bound or of 0,
// relative to its largest finite bound, is set to it; a change of a basic
// variable below 1e-9 of the direction's largest component is not a pivot;
// a reduced cost below 1e-10 of the objective's largest is zero.
//
// The zero value is ready to use; a Simplex reuses its buffers.
type Simplex struct {
	// MaxIter caps the number of pivots and bound flips. Zero means
	// 50·(m + k) + 1000.
	MaxIter int

	// Iterations is the number of pivots and bound flips of the last Solve.
	Iterations int

	a, lower, upper, nbVal, x, dx, u, colScale, slack, eps []float64
	nonb, pos                                              []int
	m                                                      Dense
	lu                                                     LU
}

const (
	simplexSlackTol = 1e-11
	simplexSnapTol  = 1e-12
	simplexPivotTol = 1e-9
	simplexCostTol  = 1e-10
	simplexPerturb  = 1e-8
	// blandAfter is the number of consecutive degenerate steps after
	// which the pivots follow Bland's rule, until a step has length > 0.
	blandAfter = 50
)

// Solve sets dst to an optimal vertex of the program and returns its
// objective value cᵀx. Rows of a that are zero are ignored. Entries of hi
// may be +Inf and of lo −Inf.
//
// Solve panics if the lengths of dst, c, lo and hi differ from the number
// of columns of a, or if some lo[j] > 0 or hi[j] < 0. It returns
// [ErrIterationLimit] after MaxIter steps, [ErrUnbounded] for an unbounded
// program, an error wrapping [ErrNotFinite] if a, c or the bounds hold a
// NaN (or a or c an Inf), and an error wrapping [ErrSingular] if a vertex's
// equations are singular to working precision.
func (s *Simplex) Solve(dst []float64, a *Dense, c, lo, hi []float64) (float64, error) {
	m0, k := a.Dims()
	if len(dst) != k || len(c) != k || len(lo) != k || len(hi) != k {
		panic("linalg: dimension mismatch")
	}
	for j := range k {
		if math.IsNaN(lo[j]) || math.IsNaN(hi[j]) || !isFiniteF(c[j]) {
			return 0, ErrNotFinite
		}
		if lo[j] > 0 || hi[j] < 0 {
			panic("linalg: simplex bounds exclude 0")
		}
	}
	if k == 0 {
		// No variable: every row is zero and the empty x is optimal.
		s.Iterations = 0
		return 0, nil
	}
	ad := a.RawData()

	// Scale rows, then columns; zero rows are dropped.
	s.colScale = resize(s.colScale, k)
	cs := s.colScale
	clear(cs)
	s.a = resize(s.a, m0*k)
	t := s.a[:0]
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
	s.lower, s.upper = resize(s.lower, k), resize(s.upper, k)
	s.nbVal, s.x, s.dx, s.u = resize(s.nbVal, k), resize(s.x, k), resize(s.dx, k), resize(s.u, k)
	s.slack = resize(s.slack, m)
	s.nonb, s.pos = resizeInt(s.nonb, k), resizeInt(s.pos, nv)
	lower, upper, nbVal, x, dx, u, slack, nonb, pos := s.lower, s.upper, s.nbVal, s.x, s.dx, s.u, s.slack, s.nonb, s.pos
	costMax := 0.0
	for j := range k {
		lower[j], upper[j] = lo[j]*cs[j], hi[j]*cs[j]
		costMax = max(costMax, math.Abs(c[j]/cs[j]))
	}
	start := func() {
		for j := range k {
			nbVal[j] = 0
			nonb[j] = j
			pos[j] = j
		}
		for i := range m {
			pos[k+i] = -1
		}
	}
	start()
	// The first run perturbs the constraints to aᵢ·x ≥ −εᵢ, distinct
	// εᵢ ≈ 1e-8 (the rows are scaled), so that the start is not degenerate.
	s.eps = resize(s.eps, m)
	for i := range m {
		s.eps[i] = simplexPerturb * (1 + math.Mod(float64(i)*0.6180339887498949, 1))
	}
	costTol := simplexCostTol * costMax
	bound := func(v int) (float64, float64) {
		if v < k {
			return lower[v], upper[v]
		}
		return 0, math.Inf(1)
	}

	maxIter := s.MaxIter
	if maxIter <= 0 {
		maxIter = 50*nv + 1000
	}
	s.Iterations = 0
	degenerate := 0 // consecutive steps of length 0
	perturbed := true
	for {
		if err := s.vertex(k, m, c); err != nil {
			return 0, err
		}
		if perturbed && s.Iterations == maxIter/2 {
			// Give up the perturbation: start again on the program itself.
			perturbed = false
			clear(s.eps)
			start()
			continue
		}
		// Dantzig's rule (the largest reduced cost), or Bland's (the
		// eligible variable of least index) after a run of degenerate steps.
		bland := degenerate >= blandAfter
		q := -1
		for j := range k {
			v := nonb[j]
			l, h := bound(v)
			if (u[j] > costTol && nbVal[j] < h) || (u[j] < -costTol && nbVal[j] > l) {
				if q < 0 || bland && v < nonb[q] || !bland && math.Abs(u[j]) > math.Abs(u[q]) {
					q = j
				}
			}
		}
		if q < 0 && perturbed {
			// The optimal basis of the perturbed program has the same
			// reduced costs in the program itself; its vertex there is
			// optimal if it is feasible, else the program is solved anew.
			perturbed = false
			clear(s.eps)
			if err := s.vertex(k, m, c); err != nil {
				return 0, err
			}
			if !s.feasible(k, m) {
				start()
			}
			continue
		}
		if q < 0 {
			break
		}
		if s.Iterations == maxIter {
			return 0, ErrIterationLimit
		}
		s.Iterations++
		sigma := 1.0
		if u[q] < 0 {
			sigma = -1
		}
		// The direction: dx = σ·M⁻¹·e_q moves nonbasic q alone.
		clear(dx)
		dx[q] = sigma
		s.lu.SolveVecTo(dx, dx)
		dmax := 0.0
		for _, v := range dx {
			dmax = max(dmax, math.Abs(v))
		}
		pivTol := simplexPivotTol * dmax
		vq := nonb[q]
		lq, hq := bound(vq)
		step := hq - nbVal[q]
		if sigma < 0 {
			step = nbVal[q] - lq
		}
		leave, leaveE := -1, 0.0
		ratio := func(v int, val, e float64) {
			if math.Abs(e) <= pivTol {
				return
			}
			l, h := bound(v)
			var lim float64
			if e > 0 {
				if math.IsInf(h, 1) {
					return
				}
				lim = (h - val) / e
			} else {
				if math.IsInf(l, -1) {
					return
				}
				lim = (val - l) / -e
			}
			lim = max(lim, 0)
			if lim < step || lim == step && (leave < 0 || bland && v < leave || !bland && math.Abs(e) > leaveE) {
				step, leave, leaveE = lim, v, math.Abs(e)
			}
		}
		for v := range k {
			if pos[v] < 0 {
				ratio(v, x[v], dx[v])
			}
		}
		for i := range m {
			if pos[k+i] < 0 {
				ratio(k+i, slack[i], Dot(t[i*k:i*k+k], dx))
			}
		}
		if math.IsInf(step, 1) {
			return 0, ErrUnbounded
		}
		if step == 0 {
			degenerate++
		} else {
			degenerate = 0
		}
		if leave < 0 {
			// Bound flip: the entering variable reaches its other bound.
			if sigma > 0 {
				nbVal[q] = hq
			} else {
				nbVal[q] = lq
			}
			continue
		}
		// The leaving variable becomes nonbasic at the bound it reaches.
		e := 0.0
		if leave < k {
			e = dx[leave]
		} else {
			e = Dot(t[(leave-k)*k:(leave-k)*k+k], dx)
		}
		l, h := bound(leave)
		at := l
		if e > 0 {
			at = h
		}
		pos[vq], pos[leave] = -1, q
		nonb[q], nbVal[q] = leave, at
	}

	var obj float64
	for j := range dst {
		dst[j] = x[j] / cs[j]
		obj += c[j] * dst[j]
	}
	return obj, nil
}

// vertex computes, from the nonbasic variables and their values, the vertex
// x (scaled), the slacks, and the reduced costs u = M⁻ᵀ·c of the nonbasic
// variables, with M the matrix of their equations.
func (s *Simplex) vertex(k, m int, c []float64) error {
	s.m.Reset(k, k)
	md := s.m.RawData()
	clear(md)
	for j, v := range s.nonb {
		row := md[j*k : j*k+k]
		if v < k {
			row[v] = 1
		} else {
			copy(row, s.a[(v-k)*k:(v-k)*k+k])
		}
	}
	if err := s.lu.Factorize(&s.m); err != nil {
		return err
	}
	x := s.x
	for j, v := range s.nonb {
		x[j] = s.nbVal[j]
		if v >= k {
			x[j] -= s.eps[v-k] // aᵢ·x = sᵢ − εᵢ
		}
	}
	s.lu.SolveVecTo(x, x)
	for j := range k {
		if s.pos[j] >= 0 {
			x[j] = s.nbVal[s.pos[j]] // exactly
			continue
		}
		tol := 0.0
		for _, b := range [2]float64{s.lower[j], s.upper[j]} {
			if isFiniteF(b) {
				tol = max(tol, simplexSnapTol*math.Abs(b))
			}
		}
		switch {
		case math.Abs(x[j]-s.lower[j]) <= tol:
			x[j] = s.lower[j]
		case math.Abs(x[j]-s.upper[j]) <= tol:
			x[j] = s.upper[j]
		case math.Abs(x[j]) <= tol:
			x[j] = 0
		}
	}
	for i := range m {
		if s.pos[k+i] >= 0 {
			s.slack[i] = s.nbVal[s.pos[k+i]]
			continue
		}
		row := s.a[i*k : i*k+k]
		v, mag := s.eps[i], s.eps[i]
		for j, e := range row {
			v += e * x[j]
			mag += math.Abs(e * x[j])
		}
		if math.Abs(v) <= simplexSlackTol*mag {
			v = 0
		}
		s.slack[i] = v
	}
	// Reduced costs in the scaled variables: c'ⱼ = cⱼ/sⱼ.
	for j := range k {
		s.u[j] = c[j] / s.colScale[j]
	}
	s.lu.solveTransVec(s.u)
	return nil
}

// feasible reports whether the vertex computed last satisfies the bounds
// and the constraints (after the snapping of vertex).
func (s *Simplex) feasible(k, m int) bool {
	for j := range k {
		if s.x[j] < s.lower[j] || s.x[j] > s.upper[j] {
			return false
		}
	}
	for i := range m {
		if s.slack[i] < 0 {
			return false
		}
	}
	return true
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
