package readme

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// engineBlocks returns the ```sh blocks of the README's section "## Beyond
// one machine": the fit in SQLite, the map-reduce setup, its loop with GNU
// parallel and the loop without.
func engineBlocks(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "## Beyond one machine")
	if i < 0 {
		t.Fatal("README.md has no section Beyond one machine")
	}
	s = s[i+1:]
	if j := strings.Index(s, "\n## "); j >= 0 {
		s = s[:j]
	}
	var out []string
	for {
		i := strings.Index(s, "```sh\n")
		if i < 0 {
			break
		}
		s = s[i+len("```sh\n"):]
		j := strings.Index(s, "```")
		if j < 0 {
			t.Fatal("a ```sh block of README.md is not closed")
		}
		out = append(out, s[:j])
		s = s[j:]
	}
	if len(out) != 4 {
		t.Fatalf("got %d sh blocks in Beyond one machine, want the fit in SQLite, the setup, the loop with GNU parallel and the loop without", len(out))
	}
	return out
}

// coefTable returns the lines of a fit's text output from "Coefficients:"
// to the deviances.
func coefTable(t *testing.T, out string) string {
	t.Helper()
	i := strings.Index(out, "Coefficients:")
	j := strings.Index(out, "Number of Newton iterations")
	if i < 0 || j < i {
		t.Fatalf("no coefficient table in\n%s", out)
	}
	return out[i:j]
}

// clone returns a directory laid out as a fresh clone for the README's
// engine blocks, with bin/logreg built from the checkout, and a function
// that runs a block there (its go build line done already).
func clone(t *testing.T) (string, func(t *testing.T, block string) string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	if testing.Short() {
		t.Skip("builds a program")
	}
	dir := t.TempDir()
	data := "internal/refcase/data/birthwt.csv"
	b, err := os.ReadFile(filepath.Join(root(t), data))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, filepath.Dir(data)), 0o755)
	if err := os.WriteFile(filepath.Join(dir, data), b, 0o644); err != nil {
		t.Fatal(err)
	}
	build := exec.Command(goTool, "build", "-o", filepath.Join(dir, "bin/logreg"), "./cmd/logreg")
	build.Dir = root(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir, func(t *testing.T, block string) string {
		t.Helper()
		var lines []string
		for _, l := range strings.Split(block, "\n") {
			if !strings.HasPrefix(l, "go build -o bin/logreg ./cmd/logreg") {
				lines = append(lines, l)
			}
		}
		script := strings.Join(lines, "\n")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		c := exec.CommandContext(ctx, sh, "-e", "-c", script)
		c.Dir = dir
		var stdout, stderr bytes.Buffer
		c.Stdout, c.Stderr = &stdout, &stderr
		if err := c.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", script, err, stderr.String())
		}
		return stdout.String()
	}
}

// inMemory is the fit that the README's engine blocks reproduce.
const inMemory = "bin/logreg fit -data internal/refcase/data/birthwt.csv -target low -features age,lwt,race,smoke,ht,ui"

// TestSQLiteExample runs the README's fit inside SQLite as written, in a
// directory laid out as a fresh clone, and checks that it prints the
// in-memory fit's coefficients and statistics.
func TestSQLiteExample(t *testing.T) {
	blocks := engineBlocks(t)
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 is not installed: the README's fit inside SQLite is not run")
	}
	if out, err := exec.Command(bin, ":memory:", "SELECT exp(0) + ln(1)").CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "1.0" {
		t.Skipf("sqlite3 has no math functions (%q): the README's fit inside SQLite is not run", out)
	}
	_, run := clone(t)
	want := coefTable(t, run(t, inMemory))
	if got := coefTable(t, run(t, blocks[0])); got != want {
		t.Errorf("the fit inside SQLite:\n%s\nthe in-memory fit:\n%s", got, want)
	}
}

// TestMapReduceLoop runs the README's map-reduce loop as written, in a
// directory laid out as a fresh clone, without GNU parallel and, where it
// is installed, with it, and checks that the summary it writes is the
// in-memory fit's.
func TestMapReduceLoop(t *testing.T) {
	blocks := engineBlocks(t)
	dir, run := clone(t)
	want := coefTable(t, run(t, inMemory))
	check := func(t *testing.T, loop string) {
		run(t, blocks[1])
		if shards, _ := filepath.Glob(filepath.Join(dir, "shards/*.csv")); len(shards) != 4 {
			t.Fatalf("the setup made %d shards, want 4", len(shards))
		}
		os.Remove(filepath.Join(dir, "summary.txt"))
		run(t, loop)
		got, err := os.ReadFile(filepath.Join(dir, "summary.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if g := coefTable(t, string(got)); g != want {
			t.Errorf("the loop's summary:\n%s\nthe in-memory fit:\n%s", g, want)
		}
		if _, err := os.Stat(filepath.Join(dir, "bw.json")); err != nil {
			t.Errorf("the loop wrote no model: %v", err)
		}
	}
	t.Run("sh", func(t *testing.T) { check(t, blocks[3]) })
	t.Run("parallel", func(t *testing.T) {
		if _, err := exec.LookPath("parallel"); err != nil {
			t.Skip("GNU parallel is not installed: the README's loop with parallel is not run (the same loop without it is)")
		}
		check(t, blocks[2])
	})
}
