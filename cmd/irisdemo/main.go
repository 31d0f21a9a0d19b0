package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"strings"

	"github.com/a1bed000/logreg/dataset"
)

// config is the parsed command line.
type config struct {
	classes   [2]string // species coded 0 and 1
	seed      uint64    // seed of the stratified split
	testFrac  float64   // fraction of the rows held out for testing
	threshold float64   // probability at or above which a row is classified as 1
	all       bool      // fit on every row, with no test set
	svg       string    // file for the figure, "" for none
	three     bool      // -classes all: the three-class multinomial fit
}

// newFlagSet declares the command's flags, storing their values in cfg.
func newFlagSet(cfg *config, classes *string) *flag.FlagSet {
	fs := flag.NewFlagSet("irisdemo", flag.ContinueOnError)
	fs.StringVar(classes, "classes", "setosa,versicolor",
		"the two species `a,b` to tell apart, from setosa, versicolor and virginica; b is coded 1; all fits the three species")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed `n` of the stratified train/test split")
	fs.Float64Var(&cfg.testFrac, "test-frac", 0.25, "fraction `f` of the rows held out for testing, in (0, 1)")
	fs.Float64Var(&cfg.threshold, "threshold", 0.5, "classify a row as b when its fitted probability is at least `t`, in (0, 1)")
	fs.BoolVar(&cfg.all, "all", false, "fit on all rows of the two species, with no test set (cannot be combined with -test-frac or -seed)")
	fs.StringVar(&cfg.svg, "svg", "", "write the figure of the fitted curve to `file` (SVG)")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprint(w, "Usage: irisdemo [flags]\n\n")
		fmt.Fprint(w, "irisdemo fits a logistic regression to two species of Fisher's iris data,\n")
		fmt.Fprint(w, "prints the Newton-Raphson trace, the coefficients and the test accuracy,\n")
		fmt.Fprint(w, "and explains what happens when the two species are separable.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs
}

func main() {
	log.SetPrefix("irisdemo: ")
	log.SetFlags(0)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command with the arguments args (without the program name),
// writing the report to stdout and messages to stderr, and returns the exit
// status: 0 on success (and for -h), 1 when the fit or writing the figure
// fails, 2 for a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	logger := log.New(stderr, "irisdemo: ", 0)
	cfg, err := parseArgs(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, usage())
		return 0
	case err != nil:
		logger.Print(err)
		fmt.Fprint(stderr, usage())
		return 2
	}

	if cfg.three {
		tc, err := newThreeClass()
		if err != nil {
			logger.Print(err)
			return 1
		}
		var out bytes.Buffer
		writeThreeClass(&out, tc)
		if _, err := stdout.Write(out.Bytes()); err != nil {
			logger.Print(err)
			return 1
		}
		return 0
	}
	e, err := newExperiment(cfg)
	if err != nil {
		logger.Print(err)
		return 1
	}
	var out bytes.Buffer
	writeReport(&out, e)
	if _, err := stdout.Write(out.Bytes()); err != nil {
		logger.Print(err)
		return 1
	}
	if cfg.svg != "" {
		var fig bytes.Buffer
		writeSVG(&fig, e)
		if err := os.WriteFile(cfg.svg, fig.Bytes(), 0o666); err != nil {
			logger.Print(err)
			return 1
		}
	}
	return 0
}

// usageError is an invalid flag value that the flag package accepts.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usage returns the usage message.
func usage() string {
	var cfg config
	var classes string
	fs := newFlagSet(&cfg, &classes)
	var b strings.Builder
	fs.SetOutput(&b)
	fs.Usage()
	return b.String()
}

// parseArgs parses and checks the command line. It returns flag.ErrHelp for
// -h and a *usageError for anything else that is wrong, including the flag
// package's own errors (which it would otherwise print itself).
func parseArgs(args []string) (config, error) {
	var cfg config
	var classes string
	fs := newFlagSet(&cfg, &classes)
	fs.SetOutput(io.Discard) // run reports the error and prints the usage
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, &usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return cfg, &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	species := dataset.Iris().Column("species").Levels
	if strings.TrimSpace(strings.ToLower(classes)) == "all" {
		for _, f := range []string{"seed", "test-frac", "threshold", "all", "svg"} {
			if set[f] {
				return cfg, &usageError{fmt.Sprintf("-classes all fits the three species on every row: it cannot be combined with -%s", f)}
			}
		}
		cfg.three = true
		return cfg, nil
	}
	parts := strings.Split(classes, ",")
	if len(parts) != 2 {
		return cfg, &usageError{fmt.Sprintf("-classes %q: want two species separated by a comma, from %s", classes, strings.Join(species, ", "))}
	}
	for i, p := range parts {
		p = strings.ToLower(strings.TrimSpace(p))
		if !slices.Contains(species, p) {
			return cfg, &usageError{fmt.Sprintf("-classes: unknown species %q (want two of %s)", parts[i], strings.Join(species, ", "))}
		}
		cfg.classes[i] = p
	}
	if cfg.classes[0] == cfg.classes[1] {
		return cfg, &usageError{fmt.Sprintf("-classes: the two species must differ, got %q twice", cfg.classes[0])}
	}
	if !(cfg.testFrac > 0 && cfg.testFrac < 1) {
		return cfg, &usageError{fmt.Sprintf("-test-frac %v: want a fraction in (0, 1)", cfg.testFrac)}
	}
	if !(cfg.threshold > 0 && cfg.threshold < 1) {
		return cfg, &usageError{fmt.Sprintf("-threshold %v: want a probability in (0, 1)", cfg.threshold)}
	}
	if cfg.all && (set["test-frac"] || set["seed"]) {
		return cfg, &usageError{"-all fits on every row: it cannot be combined with -test-frac or -seed"}
	}
	return cfg, nil
}
