package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestDispatchRecoversPanic(t *testing.T) {
	t.Parallel()
	cmds := []command{{"boom", "", func([]string, io.Writer, io.Writer) error { panic("index out of range") }}}
	var out, errb bytes.Buffer
	code := dispatch(cmds, []string{"boom"}, &out, &errb)
	if want := "logreg: internal error: index out of range\n"; code != exitData || errb.String() != want {
		t.Errorf("got exit %d, stderr %q, want exit %d, stderr %q", code, errb.String(), exitData, want)
	}
}

// TestMessage checks that message drops the package prefix that starts
// each error of a chain, and no other text.
func TestMessage(t *testing.T) {
	t.Parallel()
	inner := errors.New("logreg: the information of coefficient 2 (dataset: z) overflows")
	sentinel := errors.New("numerical failure")
	cases := []struct {
		err  error
		want string
	}{
		{errors.New("logreg: plain"), "plain"},
		{fmt.Errorf("logreg: iteration 3: %w: %w", sentinel, inner),
			"iteration 3: numerical failure: the information of coefficient 2 (dataset: z) overflows"},
		{fmt.Errorf("f.csv: %w", inner), "f.csv: the information of coefficient 2 (dataset: z) overflows"},
		{fmt.Errorf("%w: column \"logreg: x\"", errors.New("dataset: invalid encoding")), `invalid encoding: column "logreg: x"`},
		{errors.New("unknown column \"dataset: z\"\nnext"), `unknown column "dataset: z" next`},
	}
	for _, c := range cases {
		if got := message(c.err); got != c.want {
			t.Errorf("message(%q): got %q, want %q", c.err, got, c.want)
		}
	}
}
