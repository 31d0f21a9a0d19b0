package dataset

import (
	"bytes"
	"encoding/csv"
	"fmt"
)

// This file holds the general CSV record reader: a port of encoding/csv's
// Reader.Read (comma separator, no comments, strict quotes) over a byte
// slice, with the same fields, the same line counting and the same error
// positions. The fast path in block.go handles records without quotes and
// falls back to readRecord for any other.

// rawRecord holds the fields of one record: their unescaped bytes end to
// end and where each field ends.
type rawRecord struct {
	buf  []byte
	ends []int
}

func (r *rawRecord) reset() {
	r.buf = r.buf[:0]
	r.ends = r.ends[:0]
}

func (r *rawRecord) endField() { r.ends = append(r.ends, len(r.buf)) }

// len returns the number of fields.
func (r *rawRecord) len() int { return len(r.ends) }

// field returns the bytes of field j, sharing the record's storage.
func (r *rawRecord) field(j int) []byte {
	start := 0
	if j > 0 {
		start = r.ends[j-1]
	}
	return r.buf[start:r.ends[j]:r.ends[j]]
}

// recStatus is the outcome of readRecord.
type recStatus int

const (
	recOK         recStatus = iota // a record was read
	recNone                        // only empty lines were left
	recIncomplete                  // the input ends inside a record and more may come
	recSyntax                      // a quoting error
)

// syntaxError is a quoting error at a line and a 1-based byte column, as
// encoding/csv reports it, except that a quoted field that the input ends
// in is reported at its opening quote; err is or wraps csv.ErrQuote or
// csv.ErrBareQuote.
type syntaxError struct {
	line, col int
	err       error
}

// errUnclosed is the error of a quoted field that is still open where the
// input ends.
var errUnclosed = fmt.Errorf("%w: quoted field not closed before the end of the input", csv.ErrQuote)

// lineAt returns the line of b that starts at i as encoding/csv reads it:
// its content without the line end ("\n" or "\r\n", and at the end of the
// input a final "\r"), whether a '\n' ends it, and the position after it.
// ok is false when no '\n' follows and more input may come.
func lineAt(b []byte, i int, atEOF bool) (content []byte, nl bool, next int, ok bool) {
	j := bytes.IndexByte(b[i:], '\n')
	if j < 0 {
		if !atEOF {
			return nil, false, i, false
		}
		c := b[i:]
		if n := len(c); n > 0 && c[n-1] == '\r' {
			c = c[:n-1]
		}
		return c, false, len(b), true
	}
	c := b[i : i+j]
	if n := len(c); n > 0 && c[n-1] == '\r' {
		c = c[:n-1]
	}
	return c, true, i + j + 1, true
}

// readRecord reads the record of b that starts at i, on line line, after
// skipping empty lines, into rec. atEOF says whether b ends the input. It
// returns the position and the line after the record and the line where
// the record starts. With recIncomplete nothing is consumed; with
// recSyntax, serr tells where the quoting fails.
func readRecord(b []byte, i, line int, atEOF bool, rec *rawRecord) (next, nextLine, recLine int, st recStatus, serr syntaxError) {
	var l []byte // the rest of the current line, without its end
	var nl bool  // whether a '\n' ends the current line
	for {
		if i == len(b) {
			if atEOF {
				return i, line, 0, recNone, serr
			}
			return i, line, 0, recIncomplete, serr
		}
		c, hasNL, nx, ok := lineAt(b, i, atEOF)
		if !ok {
			return i, line, 0, recIncomplete, serr
		}
		i = nx
		if len(c) == 0 { // an empty line
			if hasNL {
				line++
			}
			continue
		}
		l, nl = c, hasNL
		break
	}
	recLine = line
	col := 1 // 1-based byte column of the start of l
	rec.reset()
	fail := func(ln, c int, err error) (int, int, int, recStatus, syntaxError) {
		return i, line, recLine, recSyntax, syntaxError{ln, c, err}
	}
fields:
	for {
		if len(l) == 0 || l[0] != '"' {
			j := bytes.IndexByte(l, ',')
			f := l
			if j >= 0 {
				f = l[:j]
			}
			if q := bytes.IndexByte(f, '"'); q >= 0 {
				return fail(line, col+q, csv.ErrBareQuote)
			}
			rec.buf = append(rec.buf, f...)
			rec.endField()
			if j < 0 {
				break fields
			}
			l = l[j+1:]
			col += j + 1
			continue
		}
		// A quoted field, which may span lines.
		qLine, qCol := line, col
		l = l[1:]
		col++
		for {
			if q := bytes.IndexByte(l, '"'); q >= 0 {
				rec.buf = append(rec.buf, l[:q]...)
				l = l[q+1:]
				col += q + 1
				switch {
				case len(l) > 0 && l[0] == '"': // "" stands for "
					rec.buf = append(rec.buf, '"')
					l = l[1:]
					col++
				case len(l) > 0 && l[0] == ',':
					l = l[1:]
					col++
					rec.endField()
					continue fields
				case len(l) == 0:
					rec.endField()
					break fields
				default:
					return fail(line, col-1, csv.ErrQuote)
				}
				continue
			}
			if len(l) == 0 && !nl {
				// The input ends inside the quotes: the error is where
				// they open, since the rest of the input is the field.
				return fail(qLine, qCol, errUnclosed)
			}
			rec.buf = append(rec.buf, l...)
			col += len(l)
			if nl {
				rec.buf = append(rec.buf, '\n')
				col++
			}
			if i == len(b) {
				if !atEOF {
					return i, line, 0, recIncomplete, serr
				}
				l, nl = nil, false
				continue
			}
			c, hasNL, nx, ok := lineAt(b, i, atEOF)
			if !ok {
				return i, line, 0, recIncomplete, serr
			}
			i = nx
			if len(c) > 0 || hasNL {
				line++
				col = 1
			}
			l, nl = c, hasNL
		}
	}
	if nl {
		line++
	}
	return i, line, recLine, recOK, serr
}

// cutRecords returns the length of the longest prefix of b that ends with
// a '\n' outside double quotes, counting quotes from b[0], or -1 if there
// is none. When b starts a record and its quoting is valid, the prefix is
// a sequence of whole records; where quoting is not valid, reading the
// prefix finds the error before its end.
func cutRecords(b []byte) int {
	q := bytes.Count(b, []byte{'"'})
	end := len(b)
	for {
		l := bytes.LastIndexByte(b[:end], '\n')
		if l < 0 {
			return -1
		}
		if q > 0 {
			q -= bytes.Count(b[l:end], []byte{'"'})
		}
		if q%2 == 0 {
			return l + 1
		}
		end = l
	}
}
