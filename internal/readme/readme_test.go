// Package readme tests that the README's example program compiles and runs
// against this module as written.
package readme

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// root returns the module's root directory.
func root(t *testing.T) string {
	t.Helper()
	_, src, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(src), "..", "..")
}

// goBlocks returns the ```go blocks of the README.
func goBlocks(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	var out []string
	for {
		i := strings.Index(s, "```go\n")
		if i < 0 {
			break
		}
		s = s[i+len("```go\n"):]
		j := strings.Index(s, "```")
		if j < 0 {
			t.Fatal("a ```go block of README.md is not closed")
		}
		out = append(out, s[:j])
		s = s[j:]
	}
	if len(out) == 0 {
		t.Fatal("README.md has no ```go block")
	}
	return out
}

// TestAPIExample builds each of the README's programs in a module of its
// own that replaces this module by the checkout, offline, runs it and
// checks what it prints.
func TestAPIExample(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	if testing.Short() {
		t.Skip("builds a program")
	}
	// What each program must print.
	wants := [][]string{
		{"(Intercept)", "petal_width", "P(virginica | first row) = ", "Firth's petal_width: "},
		{"P(churn) = ", `refused: field "plan": unseen level "gold"`},
	}
	blocks := goBlocks(t)
	if len(blocks) != len(wants) {
		t.Fatalf("README.md has %d go programs, the test knows %d", len(blocks), len(wants))
	}
	for i, src := range blocks {
		dir := t.TempDir()
		mod := "module readmecheck\n\ngo 1.26\n\nrequire github.com/a1bed000/logreg v0.0.0\n\nreplace github.com/a1bed000/logreg => " + root(t) + "\n"
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(goTool, "run", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go run of the README's program %d: %v\n%s", i+1, err, out)
		}
		for _, want := range wants[i] {
			if !strings.Contains(string(out), want) {
				t.Errorf("program %d: output lacks %q:\n%s", i+1, want, out)
			}
		}
	}
}
