package linalg

import "math"

// RowQR accumulates the upper-triangular factor R of the QR decomposition
// A = Q·R of a tall matrix A that arrives one row at a time, by Givens
// rotations, in O(k²) memory whatever the number of rows. Q is not kept.
// Since RᵀR = AᵀA, R is the Cholesky factor of the Gram matrix, but computed
// without squaring the condition number, so that a column that is a linear
// combination of the earlier ones shows as |R_jj| at rounding level.
//
// The zero value is not usable; call [RowQR.Reset] first.
type RowQR struct {
	k     int
	r     []float64 // k×k row-major, upper triangle
	norm2 []float64 // squared column norms of A
	row   []float64
}

// Reset empties the factor for matrices with k columns, reusing storage.
func (q *RowQR) Reset(k int) {
	if k < 0 {
		panic("linalg: negative dimension")
	}
	q.k = k
	if cap(q.r) < k*k {
		q.r = make([]float64, k*k)
		q.norm2 = make([]float64, k)
		q.row = make([]float64, k)
	}
	q.r, q.norm2, q.row = q.r[:k*k], q.norm2[:k], q.row[:k]
	clear(q.r)
	clear(q.norm2)
}

// AddRow appends the row s·a to A, s a scale such as the square root of a
// weight. a is not modified. It panics if len(a) is not the column count.
//
// Each row costs about 3k² flops: the rotations
//
//	[ c  s] [R_j,j:]      c = R_jj/ρ, s = a_j/ρ, ρ = hypot(R_jj, a_j)
//	[−s  c] [a_j:  ]
//
// zero the row's entries one by one into R.
func (q *RowQR) AddRow(a []float64, s float64) {
	k := q.k
	if len(a) != k {
		panic("linalg: dimension mismatch")
	}
	x := q.row
	for j, v := range a {
		x[j] = s * v
		q.norm2[j] += x[j] * x[j]
	}
	q.rotateIn(x)
}

// rotateIn zeroes the row x into R by Givens rotations; x is overwritten.
func (q *RowQR) rotateIn(x []float64) {
	k := q.k
	for j := 0; j < k; j++ {
		if x[j] == 0 {
			continue
		}
		rr := q.r[j*k+j : j*k+k]
		xr := x[j:k]
		xr = xr[:len(rr)]
		rho := math.Hypot(rr[0], xr[0])
		c, sn := rr[0]/rho, xr[0]/rho
		for l := range rr {
			rl, xl := rr[l], xr[l]
			rr[l] = c*rl + sn*xl
			xr[l] = c*xl - sn*rl
		}
		rr[0] = rho
		xr[0] = 0
	}
}

// Merge adds the rows of b's matrix B to q's, so that q becomes the factor
// of the stacked matrix [A; B], by rotating the k rows of b's factor into
// q's: since RᵀR = BᵀB, they stand for all of B's rows. Merging the factors
// of blocks of rows in a fixed order gives the same result whatever work
// computed the blocks. b is not modified. It panics if b has another
// number of columns.
func (q *RowQR) Merge(b *RowQR) {
	k := q.k
	if b.k != k {
		panic("linalg: dimension mismatch")
	}
	for j := 0; j < k; j++ {
		q.norm2[j] += b.norm2[j]
	}
	x := q.row
	for j := 0; j < k; j++ {
		clear(x[:j])
		copy(x[j:], b.r[j*k+j:j*k+k])
		q.rotateIn(x)
	}
}

// SolveLastTo sets dst to the least-squares solution of A₁·x ≈ b, where
// the rows added are those of A = [A₁ b], their last element the
// right-hand side: with R = [R₁ r; 0 ρ], x solves R₁·x = r by back
// substitution, as R's dqrls solves a least-squares problem, with an error
// that grows with the condition number of A₁, not of A₁ᵀA₁. It returns a
// *[NotPositiveDefiniteError] for the first column j of A₁ with
// |R_jj| ≤ tol·‖a_j‖, and then leaves dst unchanged. It panics if len(dst)
// is not k − 1.
func (q *RowQR) SolveLastTo(dst []float64, tol float64) error {
	k := q.k
	if len(dst) != k-1 {
		panic("linalg: dimension mismatch")
	}
	if col, _ := q.FirstDependent(tol); col >= 0 && col < k-1 {
		d := q.r[col*k+col]
		return &NotPositiveDefiniteError{Col: col, Pivot: d * d, Diag: q.norm2[col]}
	}
	for i := k - 2; i >= 0; i-- {
		ri := q.r[i*k : i*k+k]
		dst[i] = (ri[k-1] - Dot(ri[i+1:k-1], dst[i+1:])) / ri[i]
	}
	return nil
}

// InverseRTo sets dst, resized to k×k, to R⁻¹, upper triangular, so that
// (AᵀA)⁻¹ = R⁻¹·R⁻ᵀ: for a caller that transforms the factor before
// forming that product. Its errors are those of [RowQR.InverseGramTo].
func (q *RowQR) InverseRTo(dst *Dense, tol float64) error {
	if err := q.singular(tol); err != nil {
		return err
	}
	k := q.k
	dst.Reset(k, k)
	upperInverse(dst.data, q.r, k)
	return nil
}

// singular returns the error of InverseGramTo for the first column j with
// |R_jj| ≤ tol·‖a_j‖, or nil.
func (q *RowQR) singular(tol float64) error {
	if col, _ := q.FirstDependent(tol); col >= 0 {
		d := q.r[col*q.k+col]
		return &NotPositiveDefiniteError{Col: col, Pivot: d * d, Diag: q.norm2[col]}
	}
	return nil
}

// InverseGramTo sets dst, resized to k×k, to the inverse of the Gram
// matrix of the rows added,
//
//	(AᵀA)⁻¹ = R⁻¹·R⁻ᵀ,
//
// by inverting R, never forming AᵀA: its error grows with the condition
// number of A, not of AᵀA, as R's chol2inv of a QR factor. The result is
// exactly symmetric. It returns a *[NotPositiveDefiniteError] for the first
// column j with |R_jj| ≤ tol·‖a_j‖ (the test of [RowQR.FirstDependent]),
// its Pivot R_jj² and Diag ‖a_j‖², and then leaves dst unchanged.
func (q *RowQR) InverseGramTo(dst *Dense, tol float64) error {
	if err := q.singular(tol); err != nil {
		return err
	}
	k := q.k
	dst.Reset(k, k)
	upperGramInverse(dst.data, q.r, k)
	return nil
}

// ColumnNorm returns ‖a_j‖, the norm of column j of the rows added.
func (q *RowQR) ColumnNorm(j int) float64 {
	if j < 0 || j >= q.k {
		panic("linalg: column index out of range")
	}
	return math.Sqrt(q.norm2[j])
}

// FirstDependent returns the first column j whose residual after projection
// on columns 0…j−1 is small relative to its norm,
//
//	|R_jj| ≤ tol·‖a_j‖,
//
// with that ratio, or −1 and 0 when there is none: the rank test of R's
// dqrdc2 with tol = 1e-7, as glm uses it, for columns taken in order. A
// column of zeros is dependent with ratio 0.
func (q *RowQR) FirstDependent(tol float64) (col int, ratio float64) {
	k := q.k
	for j := 0; j < k; j++ {
		nrm := math.Sqrt(q.norm2[j])
		d := math.Abs(q.r[j*k+j])
		if nrm == 0 {
			return j, 0
		}
		if d <= tol*nrm {
			return j, d / nrm
		}
	}
	return -1, 0
}
