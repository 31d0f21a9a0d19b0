package logreg

import (
	"errors"
	"fmt"
)

// Errors returned by [Fit] for bad input. Those about values are wrapped in
// a *[DataError] that says where the bad value is.
var (
	ErrLength      = errors.New("lengths do not match")
	ErrNotFinite   = errors.New("value is not finite")
	ErrResponse    = errors.New("response is outside [0, 1]")
	ErrWeight      = errors.New("weight is negative")
	ErrNoData      = errors.New("no observation has a positive weight")
	ErrNoCoef      = errors.New("the model has no coefficients")
	ErrRank        = errors.New("design matrix is rank deficient")
	ErrNumerical   = errors.New("Fisher information is not positive definite")
	ErrBadSettings = errors.New("invalid settings")
	ErrScale       = errors.New("column scale out of range")
	ErrWeightSum   = errors.New("total weight is too large") // the weights sum to more than 2⁵²
	// ErrOneValue is the sentinel of a *[OneValueError].
	ErrOneValue = errors.New("response has only one value")
	// ErrTooLarge is the sentinel of a *[SizeError].
	ErrTooLarge = errors.New("model is too large")
	// ErrDataChanged is returned by [FitStream] when a pass over the rows
	// does not read the rows of the first: another number of them, or
	// other sums of the responses or of the weights.
	ErrDataChanged = errors.New("the rows changed between passes")
)

// OneValueError reports a response that takes one value only, 0 or 1, on
// every observation with a positive weight: there is nothing to fit (every
// coefficient would diverge). errors.Is(err, ErrOneValue) is true.
type OneValueError struct {
	Value float64 // the value, 0 or 1
}

// Error returns "logreg: target has only the value v".
func (e *OneValueError) Error() string {
	return fmt.Sprintf("logreg: target has only the value %g", e.Value)
}

// Unwrap returns [ErrOneValue].
func (e *OneValueError) Unwrap() error { return ErrOneValue }

// SizeError reports a model whose working matrices of k×k entries would
// take more memory than [Settings].MaxMemory allows; nothing was allocated.
// errors.Is(err, ErrTooLarge) is true.
type SizeError struct {
	Coefs int     // the number of coefficients k
	Bytes float64 // the memory the fit would need for them
	Limit int64   // the limit in bytes
}

// Error returns a message with the number of coefficients, the memory
// they need and the limit.
func (e *SizeError) Error() string {
	return fmt.Sprintf("logreg: %d coefficients need %.3g GB of working matrices of %d×%d entries, more than the limit of %.3g GB (Settings.MaxMemory): %v",
		e.Coefs, e.Bytes/1e9, e.Coefs, e.Coefs, float64(e.Limit)/1e9, ErrTooLarge)
}

// Unwrap returns [ErrTooLarge].
func (e *SizeError) Unwrap() error { return ErrTooLarge }

// DataError reports a bad value in the input to [Fit]. Row and Col are
// 0-based; a negative value means the error is not about one row or column.
type DataError struct {
	Row, Col int
	What     string // the input: "x", "y", "weights", "names"
	Name     string // the column's name, when the error is about a column
	Err      error
}

func (e *DataError) Error() string {
	switch {
	case e.Row >= 0 && e.Col >= 0:
		return fmt.Sprintf("logreg: %s[%d, %d]: %v", e.What, e.Row, e.Col, e.Err)
	case e.Row >= 0:
		return fmt.Sprintf("logreg: %s[%d]: %v", e.What, e.Row, e.Err)
	case e.Col >= 0:
		return fmt.Sprintf("logreg: %s column %d (%s): %v", e.What, e.Col, e.Name, e.Err)
	default:
		return fmt.Sprintf("logreg: %s: %v", e.What, e.Err)
	}
}

func (e *DataError) Unwrap() error { return e.Err }

// RankError reports a design matrix whose columns are linearly dependent.
// Col is the 0-based index of the first aliased coefficient (counting the
// intercept, when fitted, as coefficient 0) and Name its name, when known.
// errors.Is(err, ErrRank) is true.
type RankError struct {
	Col  int
	Name string
	// Ratio is ‖residual of column Col after projection on the earlier
	// columns‖ / ‖column Col‖ in the weighted design; as R's glm.fit, a
	// ratio below min(1e-7, Tol/1000) (1e-11 by default, Tol of
	// [Settings]) is aliased.
	Ratio float64
	// Zero is set when column Col is zero on every observation with
	// positive weight, rather than a combination of earlier columns.
	Zero bool
	// Coefs and Obs are set when there are more coefficients than
	// observations with positive weight.
	Coefs, Obs int
}

func (e *RankError) Error() string {
	if e.Coefs > e.Obs {
		return fmt.Sprintf("logreg: %d coefficients but only %d observations: %v", e.Coefs, e.Obs, ErrRank)
	}
	name := ""
	if e.Name != "" {
		name = fmt.Sprintf(" (%s)", e.Name)
	}
	if e.Zero {
		return fmt.Sprintf("logreg: coefficient %d%s is aliased: its column is zero on every observation: %v", e.Col, name, ErrRank)
	}
	return fmt.Sprintf("logreg: coefficient %d%s is aliased: it is a linear combination of the earlier columns (relative residual %.3g): %v",
		e.Col, name, e.Ratio, ErrRank)
}

func (e *RankError) Unwrap() error { return ErrRank }
