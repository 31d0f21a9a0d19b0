package logreg

import (
	"errors"
	"fmt"
)

// Errors returned by [Fit] for bad input. They are wrapped in a *[DataError]
// that says where the bad value is.
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
)

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
	// columns‖ / ‖column Col‖; R's glm treats a ratio below 1e-7 as aliased.
	Ratio float64
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
	return fmt.Sprintf("logreg: coefficient %d%s is aliased: it is a linear combination of the earlier columns (relative residual %.3g): %v",
		e.Col, name, e.Ratio, ErrRank)
}

func (e *RankError) Unwrap() error { return ErrRank }
