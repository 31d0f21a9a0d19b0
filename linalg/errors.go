package linalg

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// ErrSingular is the sentinel for a matrix that is singular, exactly or to
// working precision. [LU.Factorize] returns it wrapped in a [*SingularError].
var ErrSingular = errors.New("linalg: matrix is singular")

// ErrNotPositiveDefinite is the sentinel for a symmetric matrix that is not
// positive definite to the working tolerance. [Cholesky.Factorize] returns it
// wrapped in a [*NotPositiveDefiniteError].
var ErrNotPositiveDefinite = errors.New("linalg: matrix is not positive definite")

// ErrNotFinite is the sentinel for a matrix that holds an Inf or a NaN, or
// whose factorization, norm or inverse overflows. [LU.Factorize] returns it
// wrapped in an error that says which.
var ErrNotFinite = errors.New("linalg: matrix has a non-finite element")

// SingularError reports a singular matrix met by [LU.Factorize].
//
// errors.Is(err, ErrSingular) is true for it.
type SingularError struct {
	// Cond is the estimate of the 1-norm condition number
	//
	//	κ₁(A) = ‖A‖₁·‖A⁻¹‖₁,
	//
	// +Inf when a pivot is exactly zero or the estimate overflows.
	Cond float64
	// Col is the 0-based column where elimination broke down: the column
	// of the zero pivot, or, for a matrix that is singular to working
	// precision, the column of the pivot of least magnitude.
	Col int
}

// Error returns a message with the column and the condition estimate.
func (e *SingularError) Error() string {
	if math.IsInf(e.Cond, 1) {
		return "linalg: matrix is singular: elimination broke down in column " + strconv.Itoa(e.Col)
	}
	return fmt.Sprintf("linalg: matrix is singular to working precision: condition estimate %.3g, smallest pivot in column %d", e.Cond, e.Col)
}

// Unwrap returns [ErrSingular].
func (e *SingularError) Unwrap() error { return ErrSingular }

// NotPositiveDefiniteError reports the first column at which
// [Cholesky.Factorize] failed. For a Gram matrix XᵀWX this is the first
// column of X that is, to the tolerance, a linear combination of the columns
// before it (an aliased column).
//
// errors.Is(err, ErrNotPositiveDefinite) is true for it.
type NotPositiveDefiniteError struct {
	// Col is the 0-based index of the failing column.
	Col int
	// Pivot is the pivot dⱼ = Aⱼⱼ − Σ_{k<j} Lⱼₖ² that failed the test.
	Pivot float64
	// Diag is the diagonal element Aⱼⱼ of the input.
	Diag float64
}

// Error returns a message with the column, the pivot and the diagonal.
func (e *NotPositiveDefiniteError) Error() string {
	return fmt.Sprintf("linalg: matrix is not positive definite: column %d has pivot %.3g for diagonal %.3g", e.Col, e.Pivot, e.Diag)
}

// Unwrap returns [ErrNotPositiveDefinite].
func (e *NotPositiveDefiniteError) Unwrap() error { return ErrNotPositiveDefinite }
