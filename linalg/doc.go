// Package linalg is a small, hand-written dense linear algebra package for
// the logistic regression fitter in this module: row-major matrices, vector
// kernels, the weighted Gram product XᵀWX, Gaussian elimination with partial
// pivoting (solve, inverse, log-determinant) and Cholesky factorization.
//
// It uses the standard library only and no unsafe, and builds for every
// GOOS/GOARCH that Go supports.
//
// # Assembly kernels
//
// On amd64 [GramAddUpper], [RowDots] and [AddRowsScaled] run in assembly
// when the processor and the operating system support the vector registers
// (CPUID and XGETBV, read once): AVX-512 for the Gram product, eight float64
// values per instruction, and AVX2 with fused multiply-adds, four values,
// otherwise and for the other two. The Gram product scales a block of rows
// by the weights into a buffer on the stack and keeps tiles of the result
// (8×24 with AVX-512, 4×12 with AVX2) in registers while the block passes;
// each entry is still a sum over the rows in their order, so results differ
// from the portable kernels' in the last bits only (each product is fused
// with its addition) and do not depend on the number of goroutines. Every
// other GOARCH, and amd64 built with the purego tag (go build -tags purego),
// runs the portable Go kernels, the reference the tests compare the
// assembly with.
//
// # Conventions
//
// A [Dense] is row-major: element (i, j) is data[i*cols+j]. Results go into the
// receiver or into a first dst argument; inputs are never modified. Programmer
// errors (dimension mismatch, index out of range) panic with a message that
// starts with "linalg: ". Numerical failures (a singular or non positive
// definite matrix) are returned as errors.
//
// # Factorizations
//
// [LU] is Gaussian elimination with partial pivoting, P·A = L·U: solves,
// the inverse, the log-determinant and a 1-norm condition estimate (Hager
// and Higham, as LAPACK's dgecon). A singular or numerically singular matrix
// gives a *[SingularError] (errors.Is [ErrSingular]) that carries the
// condition estimate, never Inf or NaN results.
//
// [Cholesky] factors a symmetric positive definite matrix, A = L·Lᵀ, reading
// its upper triangle. It fails with a *[NotPositiveDefiniteError] (errors.Is
// [ErrNotPositiveDefinite]) naming the first column whose pivot is not
// positive relative to its diagonal: for a Gram matrix XᵀX, the first column
// of X that is a linear combination of the earlier ones.
//
// [RowQR] accumulates the triangular factor of a QR decomposition one row
// at a time, in O(k²) memory, and merges the factors of blocks of rows: for
// a rank test, a least-squares solve and the inverse of a Gram matrix that
// do not square the condition number.
//
// Re-factorizing a matrix of the same size allocates nothing.
//
// # Implicit intercept
//
// The kernels [MulVecTo], [MulTransVecTo] and [GramTo] take an intercept flag.
// When it is set they act as if X had a leading column of ones, [1 X], without
// ever building that matrix: a statistical design matrix is never copied to
// add a constant column.
package linalg
