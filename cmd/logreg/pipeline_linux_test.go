package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
		return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB
	}
	got := peak(write("large.csv", 800000))
	t.Logf("peak RSS: %d KiB for 8e5 rows", got)
	if got > 64<<10 {
		t.Errorf("peak RSS %d KiB for 8e5 rows, want under 64 MiB", got)
	}
}
