//go:build !plan9 && !js

package main

import (
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// ignoreSIGPIPE makes a write to a closed pipe (logreg predict | head)
// fail with EPIPE, which report takes for a normal end, instead of killing
// the process with SIGPIPE.
func ignoreSIGPIPE() { signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE) }

// isBrokenPipe reports whether err is a write to a pipe whose reader has
// gone.
func isBrokenPipe(err error) bool { return errors.Is(err, syscall.EPIPE) }

// terminating lists the signals after which the temporary files are
// removed.
var terminating = []os.Signal{os.Interrupt, syscall.SIGTERM}

// exitCode returns the status the shell reports for a process killed by
// sig: 128 + its number.
func exitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}
