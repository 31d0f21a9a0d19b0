package linalg

import (
	"fmt"
	"math"
)

// LU is the LU factorization of a square matrix by Gaussian elimination with
// partial pivoting,
//
//	P·A = L·U,
//
// P a permutation, L unit lower triangular and U upper triangular, together
// with an estimate of the 1-norm condition number κ₁(A) = ‖A‖₁·‖A⁻¹‖₁.
//
// The zero value is ready to use; factorizing another matrix of the same
// size reuses the storage and allocates nothing.
type LU struct {
	n     int
	lu    []float64 // n×n row-major: L strictly below the diagonal, U on and above
	piv   []int     // row k was swapped with row piv[k] at step k
	swaps int       // number of k with piv[k] != k
	anorm float64   // ‖A‖₁
	cond  float64   // estimate of κ₁(A)
	tried bool      // Factorize has been called
	ok    bool      // the last Factorize succeeded

	// Work space of the condition estimator.
	x, v, sgn []float64
}

// Factorize computes the LU factorization of the square matrix a, which is
// not modified. At step k the row i ≥ k with the largest |Aᵢₖ| is swapped
// into row k and
//
//	Lᵢₖ = Aᵢₖ / Aₖₖ,  Aᵢⱼ ← Aᵢⱼ − Lᵢₖ·Aₖⱼ   (i, j > k).
//
// It then estimates ‖A⁻¹‖₁ by Hager's method as refined by Higham (the
// estimator of LAPACK's dgecon), and κ₁(A) = ‖A‖₁·‖A⁻¹‖₁.
//
// Factorize panics if a is not square. It returns a [*SingularError] when a
// pivot is exactly zero or the estimate of ‖A⁻¹‖₁ overflows (Cond = +Inf),
// or when the reciprocal condition estimate 1/κ₁(A) is below n·ε,
// ε = 2⁻⁵²; and an error wrapping [ErrNotFinite] when a holds an Inf or a
// NaN, when the elimination or ‖A‖₁ overflows, or when ‖A⁻¹‖₁ overflows
// for a matrix so small in norm (‖A‖₁ below 2ⁿ/(ε·MaxFloat64) ≈ 2ⁿ·2.5e-293)
// that this does not imply singularity. After an error the receiver is not
// factorized.
func (f *LU) Factorize(a *Dense) error {
	n := a.rows
	if a.cols != n {
		panic("linalg: matrix is not square")
	}
	f.ok, f.tried = false, true
	f.n = n
	f.cond = math.NaN()
	if cap(f.lu) < n*n {
		f.lu = make([]float64, n*n)
	}
	f.lu = f.lu[:n*n]
	if cap(f.piv) < n {
		f.piv = make([]int, n)
		f.x = make([]float64, n)
		f.v = make([]float64, n)
		f.sgn = make([]float64, n)
	}
	f.piv, f.x, f.v, f.sgn = f.piv[:n], f.x[:n], f.v[:n], f.sgn[:n]
	lu := f.lu
	copy(lu, a.data)

	// ‖A‖₁ and the finiteness check in one pass. The column sums are
	// accumulated in f.x.
	colSum := f.x
	clear(colSum)
	for i := 0; i < n; i++ {
		row := lu[i*n : i*n+n]
		for j, v := range row {
			if v-v != 0 { // Inf or NaN
				return fmt.Errorf("%w: input element (%d, %d) is %v", ErrNotFinite, i, j, v)
			}
			colSum[j] += math.Abs(v)
		}
	}
	f.anorm = 0
	for _, s := range colSum {
		f.anorm = max(f.anorm, s)
	}

	f.swaps = 0
	for k := 0; k < n; k++ {
		p, best := k, math.Abs(lu[k*n+k])
		for i := k + 1; i < n; i++ {
			if v := math.Abs(lu[i*n+k]); v > best {
				p, best = i, v
			}
		}
		f.piv[k] = p
		if p != k {
			f.swaps++
			rk, rp := lu[k*n:k*n+n], lu[p*n:p*n+n]
			for j := range rk {
				rk[j], rp[j] = rp[j], rk[j]
			}
		}
		if best == 0 {
			f.cond = math.Inf(1)
			return &SingularError{Cond: f.cond, Col: k}
		}
		rk := lu[k*n+k+1 : k*n+n]
		inv := 1 / lu[k*n+k]
		for i := k + 1; i < n; i++ {
			l := lu[i*n+k] * inv
			lu[i*n+k] = l
			if l != 0 {
				Axpy(-l, rk, lu[i*n+k+1:i*n+n])
			}
		}
	}
	for i, v := range lu {
		if v-v != 0 { // Inf or NaN
			return fmt.Errorf("%w: factor element (%d, %d) overflowed", ErrNotFinite, i/n, i%n)
		}
	}

	// Condition estimate: the solves below need the factors in place.
	f.ok = true
	if math.IsInf(f.anorm, 0) {
		f.ok = false
		return fmt.Errorf("%w: the 1-norm of the matrix overflows", ErrNotFinite)
	}
	ainv := f.normInv1()
	f.cond = f.anorm * ainv
	if math.IsInf(ainv, 1) && f.anorm < math.Ldexp(1, min(n, 1000))/(eps*math.MaxFloat64) {
		// A solve overflowed. For a matrix this small in norm it may
		// be that A⁻¹ is merely not representable (A = 2⁻¹⁰⁷⁴·I);
		// otherwise, see below, A is singular to working precision.
		f.ok = false
		f.cond = math.NaN()
		return fmt.Errorf("%w: the 1-norm of the inverse overflows", ErrNotFinite)
	}
	// Otherwise an overflow in the estimator's solves means that for some
	// ‖x‖₁ ≤ n a computed |(A⁻¹x)ᵢ| or |(A⁻ᵀx)ᵢ| exceeded
	// MaxFloat64/(2ⁿ·max(1, ‖A‖₁)), the terms of the substitutions being
	// bounded by |Lᵢⱼ| ≤ 1 and |Uᵢⱼ| ≤ 2ⁿ⁻¹·‖A‖₁. Then κ₁(A) is at least
	// min(1, ‖A‖₁)·MaxFloat64/(n·2ⁿ) ≥ 1/(n·ε) by the test above: the
	// matrix is singular to working precision, reported with Cond = +Inf.
	if n > 0 && !((1/ainv)/f.anorm >= float64(n)*eps) {
		f.ok = false
		col, small := 0, math.Inf(1)
		for k := 0; k < n; k++ {
			if v := math.Abs(lu[k*n+k]); v < small {
				col, small = k, v
			}
		}
		return &SingularError{Cond: f.cond, Col: col}
	}
	return nil
}

// eps is the machine epsilon of float64, 2⁻⁵².
const eps = 0x1p-52

// normInv1 estimates ‖A⁻¹‖₁ from the factors by the Hager–Higham iteration
// of LAPACK's dlacn2: it maximizes ‖A⁻¹·x‖₁ over ‖x‖₁ = 1 by a few steps of
// a gradient method with solves by A and Aᵀ, then compares the result with the
// test vector xᵢ = (−1)ⁱ·(1 + i/(n−1)). It returns +Inf when a solve
// overflows.
func (f *LU) normInv1() float64 {
	n := f.n
	if n == 0 {
		return 0
	}
	x, v, sgn := f.x, f.v, f.sgn
	for i := range x {
		x[i] = 1 / float64(n)
	}
	f.SolveVecTo(x, x)
	if overflowed(x) {
		return math.Inf(1)
	}
	if n == 1 {
		return math.Abs(x[0])
	}
	est := asum(x)
	for i, xi := range x {
		sgn[i] = signOf(xi)
		x[i] = sgn[i]
	}
	f.solveTransVec(x)
	if overflowed(x) {
		return math.Inf(1)
	}
	j := argmaxAbs(x)
	for iter := 2; ; iter++ {
		clear(x)
		x[j] = 1
		f.SolveVecTo(x, x)
		if overflowed(x) {
			return math.Inf(1)
		}
		copy(v, x)
		estOld := est
		est = asum(v)
		same := true
		for i, xi := range x {
			if signOf(xi) != sgn[i] {
				same = false
				break
			}
		}
		if same {
			break
		}
		if est <= estOld {
			// Cycling. Unlike dlacn2, keep the larger of the two
			// estimates: both are ‖A⁻¹·x‖₁ for some ‖x‖₁ = 1.
			est = estOld
			break
		}
		for i, xi := range x {
			sgn[i] = signOf(xi)
			x[i] = sgn[i]
		}
		f.solveTransVec(x)
		if overflowed(x) {
			return math.Inf(1)
		}
		jLast := j
		j = argmaxAbs(x)
		if x[jLast] == math.Abs(x[j]) || iter >= 5 {
			break
		}
	}
	// Alternating test vector, which guards against the rare matrices on
	// which the iteration stalls.
	alt := 1.0
	for i := range x {
		x[i] = alt * (1 + float64(i)/float64(n-1))
		alt = -alt
	}
	f.SolveVecTo(x, x)
	if overflowed(x) {
		return math.Inf(1)
	}
	if t := 2 * asum(x) / float64(3*n); t > est {
		est = t
	}
	return est
}

func signOf(v float64) float64 {
	if v >= 0 {
		return 1
	}
	return -1
}

// overflowed reports whether x holds an Inf or a NaN.
func overflowed(x []float64) bool {
	s := asum(x)
	return math.IsInf(s, 0) || math.IsNaN(s)
}

// asum returns Σ|x[i]|.
func asum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += math.Abs(v)
	}
	return s
}

func argmaxAbs(x []float64) int {
	j, best := 0, math.Abs(x[0])
	for i, v := range x {
		if a := math.Abs(v); a > best {
			j, best = i, a
		}
	}
	return j
}

func (f *LU) mustBeFactorized() {
	if !f.ok {
		panic("linalg: not factorized")
	}
}

// Cond returns the estimate of the 1-norm condition number
//
//	κ₁(A) = ‖A‖₁·‖A⁻¹‖₁
//
// made by the last call to [LU.Factorize], whether or not it succeeded: +Inf
// after a zero pivot or an overflowing estimate, NaN after an [ErrNotFinite]
// error. The estimate is
// a lower bound, usually within a factor of 3 of the true value. Cond
// panics if Factorize was never called.
func (f *LU) Cond() float64 {
	if !f.tried {
		panic("linalg: not factorized")
	}
	return f.cond
}

// SolveVecTo solves A·x = b and stores x in dst:
//
//	L·y = P·b,  U·x = y.
//
// dst may alias b. It allocates nothing. It panics if f is not factorized or
// if len(dst) or len(b) differs from the order of A.
func (f *LU) SolveVecTo(dst, b []float64) {
	f.mustBeFactorized()
	n := f.n
	if len(dst) != n || len(b) != n {
		panic("linalg: dimension mismatch")
	}
	copy(dst, b)
	for k, p := range f.piv {
		dst[k], dst[p] = dst[p], dst[k]
	}
	lu := f.lu
	for i := 1; i < n; i++ {
		dst[i] -= Dot(lu[i*n:i*n+i], dst[:i])
	}
	for i := n - 1; i >= 0; i-- {
		ri := lu[i*n+i : i*n+n]
		dst[i] = (dst[i] - Dot(ri[1:], dst[i+1:])) / ri[0]
	}
}

// solveTransVec overwrites x with A⁻ᵀ·x:
//
//	Uᵀ·z = x,  Lᵀ·w = z,  x = Pᵀ·w.
func (f *LU) solveTransVec(x []float64) {
	n, lu := f.n, f.lu
	for k := 0; k < n; k++ {
		rk := lu[k*n+k : k*n+n]
		xk := x[k] / rk[0]
		x[k] = xk
		if xk != 0 {
			Axpy(-xk, rk[1:], x[k+1:])
		}
	}
	for k := n - 1; k > 0; k-- {
		if xk := x[k]; xk != 0 {
			Axpy(-xk, lu[k*n:k*n+k], x[:k])
		}
	}
	for k := n - 1; k >= 0; k-- {
		p := f.piv[k]
		x[k], x[p] = x[p], x[k]
	}
}

// SolveTo solves A·X = B for the n×m matrix X and stores it in dst, which is
// resized to the shape of b. dst may be b. It panics if f is not factorized or
// if b does not have n rows.
func (f *LU) SolveTo(dst, b *Dense) {
	f.mustBeFactorized()
	if b.rows != f.n {
		panic("linalg: dimension mismatch")
	}
	dst.CopyFrom(b)
	f.solveRows(dst)
}

// solveRows overwrites the n×m matrix x with A⁻¹·x.
func (f *LU) solveRows(x *Dense) {
	n, m, lu := f.n, x.cols, f.lu
	row := func(i int) []float64 { return x.data[i*m : i*m+m] }
	for k, p := range f.piv {
		if p != k {
			rk, rp := row(k), row(p)
			for j := range rk {
				rk[j], rp[j] = rp[j], rk[j]
			}
		}
	}
	for i := 1; i < n; i++ {
		xi := row(i)
		for k, l := range lu[i*n : i*n+i] {
			if l != 0 {
				Axpy(-l, row(k), xi)
			}
		}
	}
	for i := n - 1; i >= 0; i-- {
		ri := lu[i*n+i : i*n+n]
		xi := row(i)
		for k, u := range ri[1:] {
			if u != 0 {
				Axpy(-u, row(i+1+k), xi)
			}
		}
		Scale(1/ri[0], xi)
	}
}

// InverseTo stores A⁻¹ in dst, resizing it to n×n, by solving A·X = I.
// It panics if f is not factorized.
func (f *LU) InverseTo(dst *Dense) {
	f.mustBeFactorized()
	n := f.n
	dst.Reset(n, n)
	for i := 0; i < n; i++ {
		dst.data[i*n+i] = 1
	}
	f.solveRows(dst)
}

// LogDet returns the natural logarithm of |det A| and the sign of det A,
//
//	det A = (−1)ˢ·Πₖ Uₖₖ,  s the number of row interchanges,
//
// so that det A = sign·exp(logAbs) without overflow. It panics if f is not
// factorized.
func (f *LU) LogDet() (logAbs float64, sign float64) {
	f.mustBeFactorized()
	sign = 1
	if f.swaps%2 == 1 {
		sign = -1
	}
	n := f.n
	for k := 0; k < n; k++ {
		u := f.lu[k*n+k]
		if u < 0 {
			sign = -sign
		}
		logAbs += math.Log(math.Abs(u))
	}
	return logAbs, sign
}

// Inverse sets dst to the inverse of the square matrix a, resizing dst to
// the shape of a; a is not modified. It is [LU.Factorize] followed by
// [LU.InverseTo] with a fresh [LU], and returns the error of Factorize, in
// which case dst is left unchanged. It panics if a is not square.
func Inverse(dst, a *Dense) error {
	var f LU
	if err := f.Factorize(a); err != nil {
		return err
	}
	f.InverseTo(dst)
	return nil
}
