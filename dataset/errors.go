package dataset

import (
	"errors"
	"strconv"
)

// Sentinel errors. Every error about the content of a CSV file is a
// [*ParseError] that wraps one of these, so that errors.Is(err, ErrMissing)
// tells the kind of failure and the message tells where it is.
var (
	// ErrEmpty: the input has no header, no data rows, or no rows left
	// after dropping incomplete ones.
	ErrEmpty = errors.New("no data")
	// ErrSyntax: the CSV text is malformed (a bad quote). The csv package's
	// own error (csv.ErrQuote, csv.ErrBareQuote) is wrapped as well.
	ErrSyntax = errors.New("csv syntax error")
	// ErrRagged: a row has a different number of fields than the header.
	ErrRagged = errors.New("wrong number of fields")
	// ErrDuplicateHeader: two header cells have the same name, or two design
	// columns would get the same name.
	ErrDuplicateHeader = errors.New("duplicate column name")
	// ErrEmptyHeader: a header cell is empty.
	ErrEmptyHeader = errors.New("empty column name")
	// ErrUnknownColumn: a column named in the options or in an [Encoding]
	// is not in the header.
	ErrUnknownColumn = errors.New("unknown column")
	// ErrOption: the options contradict each other (the target is also a
	// feature, a feature is listed twice, no target).
	ErrOption = errors.New("invalid options")
	// ErrMissing: a cell of a used column is missing (empty or NA).
	ErrMissing = errors.New("missing value")
	// ErrNotFinite: a cell spells a non-finite number (NaN, Inf, -inf,
	// Infinity, any case) or a number too large for a float64.
	ErrNotFinite = errors.New("non-finite number")
	// ErrMixed: a column holds both numbers and text.
	ErrMixed = errors.New("mixes numbers and text")
	// ErrNotNumeric: a column that must be numeric (weights, or a numeric
	// feature of an [Encoding]) holds text.
	ErrNotNumeric = errors.New("not a number")
	// ErrTarget: the target column cannot be coded as 0/1.
	ErrTarget = errors.New("invalid target")
	// ErrWeight: a weight is negative.
	ErrWeight = errors.New("invalid weight")
	// ErrSingleLevel: a text feature has only one distinct value.
	ErrSingleLevel = errors.New("single level")
	// ErrUnseenLevel: a text cell holds a level that the [Encoding] does not
	// know.
	ErrUnseenLevel = errors.New("unseen level")
	// ErrInvalidUTF8: a column name or a text cell is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrTooLarge: the design matrix would take more memory than the
	// options allow (MaxDesignBytes, [DefaultMaxDesignBytes] by default).
	ErrTooLarge = errors.New("design matrix too large")
)

// ParseError is the error returned for a CSV input that cannot be read into a
// table. It carries the position of the offending cell.
//
// Line is the 1-based line of the input where the record starts (a quoted
// field may span lines); 0 means the error concerns the whole input. Column
// is the 1-based field number within the record, counting the header's
// columns from the left; 0 means the error concerns the whole line. For a
// CSV syntax error ([ErrSyntax]) Line and Column are instead the line and
// the 1-based byte position in it of the bad quote, as encoding/csv reports
// them, except that a quoted field still open where the input ends is
// reported at its opening quote.
type ParseError struct {
	File   string // the name given in the options; "" prints as <input>
	Line   int    // 1-based line, 0 for the whole input
	Column int    // 1-based field number, 0 for the whole line
	Err    error  // wraps one of the sentinel errors
}

// Error returns "FILE:LINE:COLUMN: message", dropping the column when it is 0
// and the line when it is 0.
func (e *ParseError) Error() string {
	name := e.File
	if name == "" {
		name = "<input>"
	}
	b := make([]byte, 0, len(name)+64)
	b = append(b, name...)
	if e.Line > 0 {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(e.Line), 10)
		if e.Column > 0 {
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(e.Column), 10)
		}
	}
	b = append(b, ": "...)
	if e.Err != nil {
		b = append(b, e.Err.Error()...)
	}
	return string(b)
}

// Unwrap returns the underlying error, so that errors.Is sees the sentinel.
func (e *ParseError) Unwrap() error { return e.Err }
