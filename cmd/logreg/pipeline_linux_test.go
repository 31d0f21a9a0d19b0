package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestPredictMemoryFlat runs predict -keep id on a file of 8e5 rows
// (30 MB) on 4 threads and requires its peak memory (the maximum resident
// set size the kernel reports) to stay under 64 MiB: a streaming predict
// holds a few chunks whatever the length of the file (about 40 MB here,
// as on 2e6 rows), where holding the file took about 170 bytes a row,
// 136 MB.
func TestPredictMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 40 MB of data")
	}
	t.Parallel()
	dir := t.TempDir()
	modelPath := fitModel(t, dir, birthwtCSV, "-target", "low", "-features", "age,lwt,race,smoke")
	write := func(name string, n int) string {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		fmt.Fprintln(w, "id,age,lwt,race,smoke")
		races := []string{"black", "other", "white"}
		for i := range n {
			fmt.Fprintf(w, "%d,%d,%d,%s,%d\n", i, 15+i%30, 90+i%150, races[i%3], i%2)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return path
	}
	peak := func(data string) int64 {
		cmd := exec.Command(binary, "predict", "-model", modelPath, "-data", data, "-keep", "id", "-out", filepath.Join(dir, "p.csv"))
		cmd.Env = append(os.Environ(), "GOMAXPROCS=4")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("predict: %v\n%s", err, out)
		}
		return int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) // KiB
	}
	got := peak(write("large.csv", 800000))
	t.Logf("peak RSS: %d KiB for 8e5 rows", got)
	if got > 64<<10 {
		t.Errorf("peak RSS %d KiB for 8e5 rows, want under 64 MiB", got)
	}
}

// TestFitTooManyLevels fits, and cross-validates, a file of 7,000 rows
// whose text column has 7,000 levels: the fit's 7,001 × 7,001 working
// matrices would exceed the default memory limit, and the refusal must come
// before the 390 MB design matrix is built, naming the column. The peak
// memory (the kernel's maximum resident set size) shows it.
func TestFitTooManyLevels(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "levels.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "y,x,f")
	for i := range 7000 {
		fmt.Fprintf(w, "%d,%d,l%d\n", i%2, i%13, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, args := range [][]string{
		{"fit", "-data", path, "-target", "y"},
		{"cv", "-data", path, "-target", "y", "-k", "2"},
	} {
		cmd := exec.Command(binary, args...)
		out, err := cmd.CombinedOutput()
		if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 1 {
			t.Fatalf("logreg %q: got %v, want exit 1\n%s", args, err, out)
		}
		want := `levels.csv:1:3: 7001 coefficients need `
		if s := string(out); !strings.Contains(s, want) || !strings.Contains(s, `column "f" has 7000 levels`) {
			t.Errorf("logreg %q: got %q, want %q… naming column f", args, s, want)
		}
		if rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss; rss > 100<<10 {
			t.Errorf("logreg %q: peak RSS %d KiB, want under 100 MiB (the design was built)", args, rss)
		}
	}
}
