// Package jsonpos locates the errors of encoding/json in the text that was
// decoded, as the line and column that messages about files give.
package jsonpos

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// Locate returns where in b, the text whose decoding failed with err, the
// error lies, with its message: a syntax error at the offending byte, or
// past the last byte at the end of the input (where the decoder may
// complain of a blank it added itself: "tru" reads as "invalid character
// ' ' in literal true"), and a value of the wrong type at its last byte.
// Line and column count from 1; off is the byte offset. ok is false for
// any other error, which has no position.
func Locate(b []byte, err error) (line, col int, off int64, msg string, ok bool) {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off, msg = se.Offset-1, se.Error()
		end := len(b) == 0 || b[len(b)-1] != ' '
		if msg == "unexpected end of JSON input" || se.Offset > int64(len(b)) ||
			se.Offset == int64(len(b)) && end && strings.HasPrefix(msg, "invalid character ' '") {
			off, msg = int64(len(b)), "unexpected end of JSON input"
		}
	case errors.As(err, &te):
		off, msg = te.Offset-1, te.Error()
	default:
		return 0, 0, 0, "", false
	}
	line, col = LineCol(b, off)
	return line, col, off, msg, true
}

// LineCol returns the line and column, counted from 1, of byte off of b
// (clamped to [0, len(b)]).
func LineCol(b []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(b)))
	before := b[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
