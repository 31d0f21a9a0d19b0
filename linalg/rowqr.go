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
