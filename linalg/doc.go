// Package linalg is a small, hand-written dense linear algebra package for
// the logistic regression fitter in this module: row-major matrices, vector
// kernels, the weighted Gram product XᵀWX, Gaussian elimination with partial
// pivoting (solve, inverse, log-determinant) and Cholesky factorization.
//
// It uses the standard library only, no unsafe and no assembly, so it builds
// for every GOOS/GOARCH that Go supports.
//
// # AVX-512 kernels
//
// A binary built with GOEXPERIMENT=simd on amd64 (Go 1.26's experimental
// simd/archsimd package) runs [GramAddUpper], [RowDots] and
// [AddRowsScaled] with AVX-512 instructions when the processor has them,
// eight float64 values per instruction: the Gram product packs blocks of
// rows into panels of eight columns and keeps four-by-sixteen tiles of the
// result in registers. The sums are the same sums in the same order of rows,
// with fused multiply-adds, so results differ from the portable kernels'
// in the last bits; they do not depend on the number of goroutines either.
// Each kernel clears the upper halves of the vector registers before it
// returns (scalar SSE code after AVX-512 code runs several times slower
// otherwise). Without the experiment, or on other processors, the portable
// kernels run; nothing in a plain build depends on the experiment. Race
// builds (go test -race) always use the portable kernels: the race
// detector's checkptr instrumentation rejects archsimd's partial loads
// (LoadFloat64x8SlicePart, an upstream bug), so the build tags leave the
// AVX-512 files out of them.
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
