package readme

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// session is one command of the README's command-line section and the
// output the README shows for it.
type session struct {
	cmd  string
	want []string
}

// cliSessions returns the "$ " commands of the README's first plain code
// block after the heading "## Command-line tool".
func cliSessions(t *testing.T) []session {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "## Command-line tool")
	if i < 0 {
		t.Fatal("README.md has no section Command-line tool")
	}
	s = s[i:]
	i = strings.Index(s, "```\n")
	if i < 0 {
		t.Fatal("no code block in Command-line tool")
	}
	s = s[i+4:]
	s = s[:strings.Index(s, "```")]
	var out []session
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if c, ok := strings.CutPrefix(line, "$ "); ok {
			out = append(out, session{cmd: c})
			continue
		}
		if len(out) == 0 {
			t.Fatalf("output line %q before any command", line)
		}
		out[len(out)-1].want = append(out[len(out)-1].want, line)
	}
	return out
}

// sameLine compares two output lines field by field, numbers to 1e-12
// relative (the last digits of a probability may differ between
// architectures that fuse multiply-adds).
func sameLine(got, want string) bool {
	if got == want {
		return true
	}
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	}
	g, w := split(got), split(want)
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		if g[i] == w[i] {
			continue
		}
		a, err1 := strconv.ParseFloat(g[i], 64)
		b, err2 := strconv.ParseFloat(w[i], 64)
		if err1 != nil || err2 != nil || math.Abs(a-b) > 1e-12*math.Abs(b) {
			return false
		}
	}
	return true
}

// TestCLIExample runs the README's command-line session as written, in a
// directory laid out as a fresh clone for the files it names, and compares
// what it prints with what the README shows.
func TestCLIExample(t *testing.T) {
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
	sessions := cliSessions(t)
	if len(sessions) < 3 {
		t.Fatalf("got %d commands, want the build, fit, predict and eval", len(sessions))
	}
	for _, s := range sessions {
		if strings.HasPrefix(s.cmd, "go build ") {
			// Build in the checkout, into the session's directory.
			args := strings.Fields(s.cmd)[1:]
			for i, a := range args {
				if a == "-o" && i+1 < len(args) {
					args[i+1] = filepath.Join(dir, args[i+1])
				}
			}
			build := exec.Command(goTool, args...)
			build.Dir = root(t)
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", s.cmd, err, out)
			}
			continue
		}
		// The files the commands name, where a clone has them.
		for _, f := range strings.Fields(s.cmd) {
			src := filepath.Join(root(t), f)
			if st, err := os.Stat(src); err == nil && st.Mode().IsRegular() && strings.Contains(f, "/") {
				b, err := os.ReadFile(src)
				if err != nil {
					t.Fatal(err)
				}
				os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755)
				if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		c := exec.Command(sh, "-c", s.cmd)
		c.Dir = dir
		var stdout, stderr bytes.Buffer
		c.Stdout, c.Stderr = &stdout, &stderr
		if err := c.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", s.cmd, err, stderr.String())
		}
		got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
		if stdout.Len() == 0 {
			got = nil
		}
		if len(got) != len(s.want) {
			t.Errorf("%s: got %d lines, the README shows %d:\n%s", s.cmd, len(got), len(s.want), stdout.String())
			continue
		}
		for i := range got {
			if !sameLine(got[i], s.want[i]) {
				t.Errorf("%s: line %d: got\n%s\nthe README shows\n%s", s.cmd, i+1, got[i], s.want[i])
			}
		}
	}
}
