package dataset

import (
	"errors"
	"strings"
	"testing"
)

func TestParseErrorFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		e    ParseError
		want string
	}{
		{ParseError{File: "f.csv", Line: 3, Column: 2, Err: ErrMissing}, "f.csv:3:2: missing value"},
		{ParseError{File: "f.csv", Line: 3, Err: ErrRagged}, "f.csv:3: wrong number of fields"},
		{ParseError{File: "f.csv", Err: ErrEmpty}, "f.csv: no data"},
		{ParseError{Line: 1, Column: 1, Err: ErrEmptyHeader}, "<input>:1:1: empty column name"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
		if !errors.Is(&tc.e, tc.e.Err) {
			t.Errorf("errors.Is(%v, %v): got false, want true", &tc.e, tc.e.Err)
		}
	}
	_, err := Read(strings.NewReader(""), ReadOptions{Target: "y"})
	if got, want := err.Error(), "<input>: no data: empty input"; got != want {
		t.Errorf("unnamed input: got %q, want %q", got, want)
	}
}
