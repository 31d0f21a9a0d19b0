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

// goBlock returns the first ```go block of the README.
func goBlock(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "```go\n")
	if i < 0 {
		t.Fatal("README.md has no ```go block")
	}
	s = s[i+len("```go\n"):]
	j := strings.Index(s, "```")
	if j < 0 {
		t.Fatal("README.md's ```go block is not closed")
	}
	return s[:j]
}

// TestAPIExample builds the README's program in a module of its own that
// replaces this module by the checkout, offline, and runs it.
func TestAPIExample(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	if testing.Short() {
		t.Skip("builds a program")
	}
	dir := t.TempDir()
	mod := "module readmecheck\n\ngo 1.26\n\nrequire github.com/a1bed000/logreg v0.0.0\n\nreplace github.com/a1bed000/logreg => " + root(t) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(goBlock(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run of the README's program: %v\n%s", err, out)
	}
	for _, want := range []string{"(Intercept)", "petal_width", "P(virginica | first row) = ", "Firth's petal_width: "} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
