package jsonpos

import (
	"encoding/json"
	"errors"
	"testing"
)

// TestLocate checks the positions of syntax errors (inside the text, at a
// real blank at its end, and at the end of the input, where the decoder
// reports a blank of its own) and of type errors, against positions
// counted by hand.
func TestLocate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in        string
		line, col int
		msg       string
	}{
		{"{\n  \"a\": x}", 2, 8, "invalid character 'x' looking for beginning of value"},
		{"{\"a\": tru", 1, 10, "unexpected end of JSON input"},
		{"{\"a\": tru ", 1, 10, "invalid character ' ' in literal true (expecting 'e')"},
		{"{\"a\":", 1, 6, "unexpected end of JSON input"},
		{"{\"a\": \"s\"}", 1, 9, ""},
	} {
		var v struct{ A float64 }
		err := json.Unmarshal([]byte(c.in), &v)
		line, col, _, msg, ok := Locate([]byte(c.in), err)
		if !ok || line != c.line || col != c.col || c.msg != "" && msg != c.msg {
			t.Errorf("%q: got %d:%d %q (%v), want %d:%d %q", c.in, line, col, msg, ok, c.line, c.col, c.msg)
		}
	}
	if _, _, _, _, ok := Locate(nil, errors.New("read error")); ok {
		t.Error("an error of another kind got a position")
	}
}
