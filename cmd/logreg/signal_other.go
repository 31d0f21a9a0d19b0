//go:build plan9 || js

package main

import "os"

// ignoreSIGPIPE does nothing: the system has no SIGPIPE.
func ignoreSIGPIPE() {}

// isBrokenPipe reports false: the system's error for a closed pipe has no
// portable name, so it is reported like any other write error.
func isBrokenPipe(err error) bool { return false }

// terminating lists the signals after which the temporary files are
// removed.
var terminating = []os.Signal{os.Interrupt}

// exitCode returns 1, the status of a process ended by an interrupt here.
func exitCode(os.Signal) int { return 1 }
