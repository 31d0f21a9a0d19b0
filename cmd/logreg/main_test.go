package main

import (
	"bytes"
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
