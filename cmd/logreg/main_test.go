package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// binary is the logreg executable built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
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

// runBin runs the binary with args and stdin, from the package directory.
func runBin(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
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

// mustRun runs the binary and fails the test unless it exits with 0.
func mustRun(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	r := runBin(t, stdin, args...)
	if r.code != 0 {
		t.Fatalf("logreg %q: exit %d, stderr:\n%s", args, r.code, r.stderr)
	}
	return r
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

// readCSVFile parses a CSV file of testdata into maps from the header's
// names to the cells of each row.
func readCSVFile(t *testing.T, path string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, string(b))
	var out []map[string]string
	for _, r := range rows {
		m := make(map[string]string)
		for j, h := range header {
			m[h] = r[j]
		}
		out = append(out, m)
	}
	return out
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

func TestDispatchRecoversPanic(t *testing.T) {
	t.Parallel()
	cmds := []command{{"boom", "", func([]string, io.Writer, io.Writer) error { panic("index out of range") }}}
	var out, errb bytes.Buffer
	code := dispatch(cmds, []string{"boom"}, &out, &errb)
	if want := "logreg: internal error: index out of range\n"; code != exitData || errb.String() != want {
		t.Errorf("got exit %d, stderr %q, want exit %d, stderr %q", code, errb.String(), exitData, want)
	}
}
