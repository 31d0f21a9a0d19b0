package dataset

import (
	"fmt"
	"strconv"
)

// DefaultMaxDesignBytes is the largest design matrix, in bytes, that
// [Read], [Encoding.Apply] and [Encoding.ApplyChunks] build when the
// options' MaxDesignBytes is 0: 4 GiB, such as 10 million rows of 50
// columns. A larger input fits in bounded memory with [ScanEncoding] and
// [Encoding.ApplyChunks], or with a larger MaxDesignBytes.
const DefaultMaxDesignBytes int64 = 4 << 30

// designLimit returns the bound on the design's bytes of option max: max,
// or DefaultMaxDesignBytes when it is 0.
func designLimit(max int64) int64 {
	if max == 0 {
		return DefaultMaxDesignBytes
	}
	return max
}

// checkDesign returns an ErrTooLarge error when a design matrix of rows
// rows and the design columns of feats, read from the columns cols, would
// take more than limit bytes as float64 values, before it is allocated;
// what is "" for a table, "chunks of " for the tables of ApplyChunks. It
// then calls check, if not nil, with the design's size, and returns its
// error. The error names the categorical feature with the most levels, the
// usual cause, on the header line.
func (p *parser) checkDesign(feats []Feature, cols []*column, what string, rows int, limit int64, check func(rows, cols int) error) error {
	ncol := len(designNames(feats))
	if rows == 0 || ncol == 0 {
		return nil
	}
	var e *ParseError
	if int64(ncol) > limit/8/int64(rows) {
		need := float64(rows) * float64(ncol) * 8
		e = p.errorf(0, 0, "%w: %s%d rows × %d columns need %s, over the limit of %s",
			ErrTooLarge, what, rows, ncol, bytesString(need), bytesString(float64(limit)))
	} else if check == nil {
		return nil
	} else if err := check(rows, ncol); err != nil {
		e = p.errorf(0, 0, "%w", err)
	} else {
		return nil
	}
	worst := -1
	for j, f := range feats {
		if f.Kind == Categorical && (worst < 0 || len(f.Levels) > len(feats[worst].Levels)) {
			worst = j
		}
	}
	if worst >= 0 {
		f := feats[worst]
		e.Line, e.Column = p.headerLine, cols[worst].field+1
		e.Err = fmt.Errorf("%w: column %q has %d levels, each a design column", e.Err, f.Name, len(f.Levels))
	}
	return e
}

// bytesString formats a number of bytes exactly and in GB or MB.
func bytesString(b float64) string {
	s := strconv.FormatFloat(b, 'f', -1, 64) + " bytes"
	switch {
	case b >= 1e9:
		return s + " (" + strconv.FormatFloat(b/1e9, 'f', 1, 64) + " GB)"
	case b >= 1e6:
		return s + " (" + strconv.FormatFloat(b/1e6, 'f', 1, 64) + " MB)"
	}
	return s
}
