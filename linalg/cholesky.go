package linalg

import "math"

// DefaultCholTol is the relative pivot tolerance that [Cholesky] uses when
// its Tol field is zero. It is R's QR rank tolerance 1e-7 squared: for a Gram
// matrix A = XᵀX the ratio dⱼ/Aⱼⱼ tested by [Cholesky.Factorize] is the
// squared ratio of the norm of column j of X after projection on the earlier
// columns to its norm.
const DefaultCholTol = 1e-14

// Cholesky is the Cholesky factorization of a symmetric positive definite
// matrix,
//
//	A = L·Lᵀ,  L lower triangular with a positive diagonal.
//
// The zero value is ready to use; factorizing another matrix of the same
// size reuses the storage and allocates nothing.
type Cholesky struct {
	// Tol is the relative pivot threshold: Factorize fails at column j when
	//
	//	dⱼ = Aⱼⱼ − Σ_{k<j} Lⱼₖ²  ≤  Tol·Aⱼⱼ,
	//
	// or when Aⱼⱼ ≤ 0, dⱼ ≤ 0 or either is not finite (an Inf or a NaN
	// anywhere in the upper triangle reaches some pivot). Zero means
	// [DefaultCholTol]; a negative value only rejects non-positive pivots.
	Tol float64

	n  int
	u  []float64 // n×n row-major, upper triangle holds U = Lᵀ
	ok bool
}

// Factorize computes the Cholesky factorization of the symmetric matrix a,
// reading only its upper triangle (the diagonal and the elements above it);
// the lower triangle is ignored. a is not modified. With U = Lᵀ, row j of U
// is
//
//	dⱼ   = Aⱼⱼ − Σ_{k<j} Uₖⱼ²
//	Uⱼⱼ  = √dⱼ
//	Uⱼᵢ  = (Aⱼᵢ − Σ_{k<j} Uₖⱼ·Uₖᵢ) / Uⱼⱼ,  i > j.
//
// Factorize panics if a is not square. It returns a
// [*NotPositiveDefiniteError] naming the first column j whose pivot fails the
// test described at [Cholesky.Tol]; the receiver is then not factorized.
func (c *Cholesky) Factorize(a *Dense) error {
	n := a.rows
	if a.cols != n {
		panic("linalg: matrix is not square")
	}
	c.ok = false
	c.n = n
	if cap(c.u) < n*n {
		c.u = make([]float64, n*n)
	}
	u := c.u[:n*n]
	c.u = u
	copy(u, a.data)
	tol := c.Tol
	if tol == 0 {
		tol = DefaultCholTol
	}
	// Right-looking: after step j the trailing upper triangle holds
	// A − Σ_{k≤j} uₖuₖᵀ, so every update is an axpy on a row.
	for j := 0; j < n; j++ {
		rj := u[j*n+j : j*n+n]
		d := rj[0]
		ajj := a.data[j*n+j]
		if !(ajj > 0) || !(d > 0) || d <= tol*ajj || math.IsInf(d, 0) || math.IsInf(ajj, 0) {
			return &NotPositiveDefiniteError{Col: j, Pivot: d, Diag: ajj}
		}
		r := math.Sqrt(d)
		rj[0] = r
		rest := rj[1:]
		Scale(1/r, rest)
		for i, v := range rest {
			if v == 0 {
				continue
			}
			ii := j + 1 + i
			Axpy(-v, rest[i:], u[ii*n+ii:ii*n+n])
		}
	}
	// Clear the lower triangle copied from a so that u holds U only.
	for i := 1; i < n; i++ {
		clear(u[i*n : i*n+i])
	}
	c.ok = true
	return nil
}

func (c *Cholesky) mustBeFactorized() {
	if !c.ok {
		panic("linalg: not factorized")
	}
}

// Size returns the order n of the factorized matrix. It panics if c is not
// factorized.
func (c *Cholesky) Size() int {
	c.mustBeFactorized()
	return c.n
}

// SolveVecTo solves A·x = b and stores x in dst by a forward and a back
// substitution,
//
//	Lᵀ·x = y,  L·y = b.
//
// dst may alias b. It allocates nothing. It panics if c is not factorized or
// if len(dst) or len(b) differs from the order of A.
func (c *Cholesky) SolveVecTo(dst, b []float64) {
	c.mustBeFactorized()
	n := c.n
	if len(dst) != n || len(b) != n {
		panic("linalg: dimension mismatch")
	}
	copy(dst, b)
	u := c.u
	// L·y = b, L = Uᵀ: column k of L is row k of U.
	for k := 0; k < n; k++ {
		rk := u[k*n+k : k*n+n]
		yk := dst[k] / rk[0]
		dst[k] = yk
		if yk != 0 {
			Axpy(-yk, rk[1:], dst[k+1:])
		}
	}
	// U·x = y.
	for i := n - 1; i >= 0; i-- {
		ri := u[i*n+i : i*n+n]
		dst[i] = (dst[i] - Dot(ri[1:], dst[i+1:])) / ri[0]
	}
}

// SolveTo solves A·X = B for the n×m matrix X and stores it in dst, which is
// resized to the shape of b. dst may be b. It panics if c is not factorized or
// if b does not have n rows.
func (c *Cholesky) SolveTo(dst, b *Dense) {
	c.mustBeFactorized()
	n := c.n
	if b.rows != n {
		panic("linalg: dimension mismatch")
	}
	dst.CopyFrom(b)
	c.solveRows(dst)
}

// solveRows overwrites the n×m matrix x with A⁻¹·x.
func (c *Cholesky) solveRows(x *Dense) {
	n, m, u := c.n, x.cols, c.u
	for k := 0; k < n; k++ {
		rk := u[k*n+k : k*n+n]
		xk := x.data[k*m : k*m+m]
		Scale(1/rk[0], xk)
		for i, v := range rk[1:] {
			if v != 0 {
				ii := k + 1 + i
				Axpy(-v, xk, x.data[ii*m:ii*m+m])
			}
		}
	}
	for i := n - 1; i >= 0; i-- {
		ri := u[i*n+i : i*n+n]
		xi := x.data[i*m : i*m+m]
		for k, v := range ri[1:] {
			if v != 0 {
				kk := i + 1 + k
				Axpy(-v, x.data[kk*m:kk*m+m], xi)
			}
		}
		Scale(1/ri[0], xi)
	}
}

// InverseTo stores A⁻¹ in dst, resizing it to n×n. It forms
//
//	A⁻¹ = U⁻¹·U⁻ᵀ,  U = Lᵀ,
//
// so the result is exactly symmetric. It panics if c is not factorized.
func (c *Cholesky) InverseTo(dst *Dense) {
	c.mustBeFactorized()
	dst.Reset(c.n, c.n)
	upperGramInverse(dst.data, c.u, c.n)
}

// upperGramInverse sets the n×n row-major x to (UᵀU)⁻¹ = U⁻¹·U⁻ᵀ for the
// upper-triangular u with a nonzero diagonal, exactly symmetric. x must be
// zero on entry.
func upperGramInverse(x, u []float64, n int) {
	upperInverse(x, u, n)
	// (U⁻¹U⁻ᵀ)ᵢⱼ = Σ_{k≥j} Xᵢₖ·Xⱼₖ for i ≤ j, overwriting X in place: entry
	// (i, j) is no longer read once rows < i and entries (i, < j) are done.
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			x[i*n+j] = Dot(x[i*n+j:i*n+n], x[j*n+j:j*n+n])
		}
	}
	Symmetrize(x, n)
}

// upperInverse sets the n×n row-major x, zero on entry, to U⁻¹ for the
// upper-triangular u with a nonzero diagonal.
func upperInverse(x, u []float64, n int) {
	// X = U⁻¹, upper triangular, row i from the rows below it:
	// Xᵢ = (eᵢ − Σ_{k>i} Uᵢₖ·Xₖ) / Uᵢᵢ.
	for i := n - 1; i >= 0; i-- {
		ri := u[i*n+i : i*n+n]
		inv := 1 / ri[0]
		xi := x[i*n : i*n+n]
		xi[i] = inv
		for k, v := range ri[1:] {
			if v != 0 {
				kk := i + 1 + k
				Axpy(-v*inv, x[kk*n+kk:kk*n+n], xi[kk:])
			}
		}
	}
}

// LogDet returns the natural logarithm of the determinant of A,
//
//	log det A = 2·Σⱼ log Lⱼⱼ.
//
// It panics if c is not factorized.
func (c *Cholesky) LogDet() float64 {
	c.mustBeFactorized()
	var s float64
	for j := 0; j < c.n; j++ {
		s += math.Log(c.u[j*c.n+j])
	}
	return 2 * s
}

// LTo stores the lower-triangular factor L in dst, resizing it to n×n; the
// elements above the diagonal are zero. It panics if c is not factorized.
func (c *Cholesky) LTo(dst *Dense) {
	c.mustBeFactorized()
	n := c.n
	dst.Reset(n, n)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			dst.data[j*n+i] = c.u[i*n+j]
		}
	}
}
