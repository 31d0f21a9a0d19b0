package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// This file holds what the tests of the package share: the binary they run
// end to end, the reading of files and numbers, and checks of fit's JSON
// output.

// helperEnv, set in the environment of the test binary, makes
// TestHelperInterruptedWrite run the logreg command line it holds (fields
// separated by newlines) with a write that stops before its rename.
const helperEnv = "LOGREG_TEST_HELPER"

// binary is the logreg executable built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		os.Exit(m.Run()) // a helper process runs one test, without the binary
	}
	dir, err := os.MkdirTemp("", "logreg-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "logreg")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building logreg: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is the outcome of one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

// runEnv runs the binary with args and stdin, from the package directory, in
// the environment env (nil: that of the test), and fails the test if it
// cannot start or prints a stack trace.
func runEnv(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running logreg %q: %v", args, err)
	}
	if s := errb.String(); strings.Contains(s, "goroutine ") || strings.Contains(s, "panic:") {
		t.Fatalf("logreg %q printed a stack trace:\n%s", args, s)
	}
	return result{out.String(), errb.String(), code}
}

// mustSucceed returns r, the result of running the binary with args, and
// fails the test unless its exit status is 0.
func mustSucceed(t *testing.T, r result, args []string) result {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("logreg %q: exit %d, stderr:\n%s", args, r.code, r.stderr)
	}
	return r
}

// runBin runs the binary with args and stdin, from the package directory.
func runBin(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return runEnv(t, nil, stdin, args...)
}

// mustRun runs the binary and fails the test unless it exits with 0.
func mustRun(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return mustSucceed(t, runBin(t, stdin, args...), args)
}

// runStream runs the binary with args and stdin, TMPDIR set to a new
// directory, and fails the test if a file is left in that directory.
func runStream(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	tmp := t.TempDir()
	r := runEnv(t, append(os.Environ(), "TMPDIR="+tmp), stdin, args...)
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("logreg %q left %d files in TMPDIR, want none (first: %s)", args, len(left), left[0].Name())
	}
	return r
}

// mustStream is runStream that fails the test unless the exit status is 0.
func mustStream(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return mustSucceed(t, runStream(t, stdin, args...), args)
}

// writeFile writes content to a file in a test's temporary directory and
// returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readFileString returns the content of the file at path.
func readFileString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readCSV parses CSV text into a header and records.
func readCSV(t *testing.T, text string) (header []string, rows [][]string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("parsing CSV: %v\n%s", err, text)
	}
	if len(recs) == 0 {
		t.Fatal("empty CSV")
	}
	return recs[0], recs[1:]
}

// The reference data sets, from internal/refcase, for -data.
var (
	birthwtCSV = refcase.Path("birthwt.csv")
	irisCSV    = refcase.Path("iris_vv.csv")
	mtcarsCSV  = refcase.Path("mtcars.csv")
)

// refRecords returns the rows of the reference file name of
// internal/refcase as maps from the header's names to the cells.
func refRecords(t *testing.T, name string) []map[string]string {
	t.Helper()
	tab, err := refcase.ReadTable(name)
	if err != nil {
		t.Fatal(err)
	}
	return tab.Records()
}

func parseFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// relErr returns |got − want| / |want| (|got − want| when want is 0).
func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

// closeTo reports whether got is within tol of want, relative to |want|
// when |want| >= 1 and absolute below.
func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*max(1, math.Abs(want))
}

// glmCases are the reference cases fitted by R's glm: the data in
// internal/refcase, the prefix of R's answers there (.coef.csv,
// .scalars.csv) and fit's options.
var glmCases = []struct {
	name, data, ref string
	args            []string
}{
	{"iris_vv", "iris_vv.csv", "iris_vv", []string{"-target", "virginica"}},
	{"mtcars", "mtcars.csv", "mtcars_am_hp_wt", []string{"-target", "am", "-features", "hp,wt"}},
	{"birthwt", "birthwt.csv", "birthwt", []string{"-target", "low"}},
}

// checkRCoefs checks the coefficients of fit's output f against R's, the
// rows of a reference .coef.csv file: names, estimates to 1e-10 relative,
// standard errors and z to 1e-8 relative and p to 1e-8 relative (the
// references are exact to about 1e-14; the fit stops within its
// convergence tolerance, and its standard errors come from the information
// one iteration before the estimate).
func checkRCoefs(t *testing.T, f *fitJSONOut, coefs []map[string]string) {
	t.Helper()
	if len(f.Coefficients) != len(coefs) {
		t.Fatalf("got %d coefficients, want R's %d", len(f.Coefficients), len(coefs))
	}
	for i, want := range coefs {
		got := f.Coefficients[i]
		if rName(got.Name) != want["name"] {
			t.Errorf("coefficient %d: got name %q, want R's %q", i, got.Name, want["name"])
		}
		for _, q := range []struct {
			key string
			got *float64
			tol float64
		}{
			{"estimate", got.Estimate, 1e-10},
			{"std_error", got.StdErr, 1e-8},
			{"z", got.Z, 1e-8},
			{"p", got.P, 1e-8},
		} {
			w := parseFloat(t, want[q.key])
			if q.got == nil {
				t.Errorf("%s %s: got null, want R's %v", got.Name, q.key, w)
				continue
			}
			if e := relErr(*q.got, w); !(e <= q.tol) {
				t.Errorf("%s %s: got %v, want R's %v (error %.3g, tolerance %g)", got.Name, q.key, *q.got, w, e, q.tol)
			}
		}
	}
}

// checkTiming checks that fit's output f gives its read and fit times as
// two numbers >= 0.
func checkTiming(t *testing.T, f *fitJSONOut) {
	t.Helper()
	if f.Timing.Read == nil || f.Timing.Fit == nil || *f.Timing.Read < 0 || *f.Timing.Fit < 0 {
		t.Errorf("got timing %v %v, want two numbers >= 0", f.Timing.Read, f.Timing.Fit)
	}
}
