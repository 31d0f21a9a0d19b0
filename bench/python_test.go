package bench

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/linalg"
)

// python is the interpreter the scripts of bench are run with in tests.
const python = "/usr/bin/python3"

// needPython skips t in -short mode, or when python cannot import the
// modules (a comma-separated list, as in an import statement).
func needPython(t *testing.T, modules string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs Python")
	}
	if err := exec.Command(python, "-c", "import "+modules).Run(); err != nil {
		t.Skipf("no %s with %s: %v", python, modules, err)
	}
}

// script returns the command that runs the bench script with args,
// without the OpenBLAS settings that slow a current numpy (see
// bench/README.md).
func script(args ...string) *exec.Cmd {
	cmd := exec.Command(python, args...)
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "OPENBLAS_CORETYPE=") && !strings.HasPrefix(e, "OPENBLAS_L2_SIZE=") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	return cmd
}

// writeCSV writes the columns of x, named x1, x2, …, and the target y,
// whose text for row i is y(i), to the file name in a temporary directory
// of t, and returns its path.
func writeCSV(t *testing.T, name string, x *linalg.Dense, y func(i int) string) string {
	t.Helper()
	n, p := x.Dims()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for j := range p {
		fmt.Fprintf(w, "x%d,", j+1)
	}
	fmt.Fprintln(w, "y")
	for i := range n {
		for j := range p {
			fmt.Fprintf(w, "%s,", strconv.FormatFloat(x.At(i, j), 'g', -1, 64))
		}
		fmt.Fprintln(w, y(i))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return path
}
