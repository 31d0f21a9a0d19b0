package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes.
const (
	exitOK    = 0
	exitData  = 1 // bad data, a failed fit, an unreadable model file
	exitUsage = 2 // unknown command, bad flag
)

// usageError is a mistake on the command line: it exits with status 2.
type usageError struct {
	cmd string // the command whose flags were wrong, "" for none
	msg string
}

func (e *usageError) Error() string { return e.msg }

// usagef returns a *usageError for command cmd.
func usagef(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"fit", "fit a logistic regression to a CSV file", runFit},
	{"predict", "predict probabilities for new data with a saved model", runPredict},
	{"eval", "evaluate a saved model on labelled data", runEval},
	{"cv", "estimate out-of-sample performance by stratified k-fold cross-validation", runCV},
	{"diagnose", "write the residuals, leverages and Cook's distances of a model's training data", runDiagnose},
	{"mr-scan", "map-reduce fit: the kinds and levels of a shard's columns", runMRScan},
	{"mr-init", "map-reduce fit: merge the scans into the first state", runMRInit},
	{"mr-map", "map-reduce fit: a pass's sums over a shard at the state's coefficients", runMRMap},
	{"mr-reduce", "map-reduce fit: merge a pass's sums and take the Newton step", runMRReduce},
}

func main() {
	ignoreSIGPIPE()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return dispatch(commands, args, stdout, stderr)
}

// dispatch runs the command of cmds that args name. A panic is reported as
// an internal error, never as a stack trace.
func dispatch(cmds []command, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "logreg: internal error: %s\n", oneLine(fmt.Sprint(r)))
			code = exitData
		}
	}()
	if len(args) == 0 {
		mainUsage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		mainUsage(stdout)
		return exitOK
	}
	for _, c := range cmds {
		if c.name == name {
			return report(c.run(args[1:], stdout, stderr), stderr)
		}
	}
	fmt.Fprintf(stderr, "logreg: unknown command %q\n", name)
	fmt.Fprintf(stderr, "run 'logreg -h' for the list of commands\n")
	return exitUsage
}

// report prints err, if any, and returns the exit status it calls for.
func report(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case isBrokenPipe(err):
		return exitOK // the reader of the output has gone: nothing to say
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errFlagParse):
		return exitUsage // the flag package has printed the message and usage
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "logreg %s: %s\n", ue.cmd, oneLine(ue.msg))
		fmt.Fprintf(stderr, "run 'logreg %s -h' for usage\n", ue.cmd)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "logreg: %s\n", message(err))
		return exitData
	}
}

// message returns the text of a data error on one line, without the
// "logreg: " and "dataset: " prefixes that the library packages put at the
// start of their errors. Only the prefix that starts the text of an error
// of the chain is removed, wherever that error's text sits in the message,
// so that a column named "dataset: z" keeps its name.
func message(err error) string {
	s := err.Error()
	var strip func(e error)
	strip = func(e error) {
		if e == nil {
			return
		}
		m := e.Error()
		for _, p := range []string{"logreg: ", "dataset: "} {
			if strings.HasPrefix(m, p) {
				s = strings.Replace(s, m, m[len(p):], 1)
				break
			}
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			strip(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, w := range u.Unwrap() {
				strip(w)
			}
		}
	}
	strip(err)
	return oneLine(s)
}

// oneLine replaces line breaks by spaces.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// errFlagParse reports a flag that the flag package rejected; it has printed
// the message and the usage already.
var errFlagParse = errors.New("bad flag")

// newFlagSet returns a flag set for command name whose usage prints synopsis,
// then description and the flags, to stderr.
func newFlagSet(name, synopsis, description string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("logreg "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n\n%s\nFlags:\n", synopsis, description)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args with fs and rejects arguments left after the flags.
func parseFlags(fs *flag.FlagSet, cmd string, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errFlagParse
	}
	if fs.NArg() > 0 {
		return usagef(cmd, "unexpected argument %q (every input is given by a flag)", fs.Arg(0))
	}
	return nil
}

func mainUsage(w io.Writer) {
	fmt.Fprintf(w, "logreg fits logistic regressions to CSV files, as R's glm(family = binomial).\n\n")
	fmt.Fprintf(w, "Usage:\n\n\tlogreg COMMAND [flags]\n\nCommands:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'logreg COMMAND -h' for the flags of a command.\n")
	fmt.Fprintf(w, "Exit status: 0 success, 1 bad data or a failed fit, 2 usage error.\n")
}
