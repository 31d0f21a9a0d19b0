//go:build unix && !aix && !solaris

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFitStreamPipe checks -stream on inputs that cannot be read twice, a
// named pipe and /dev/stdin, against the in-memory fit of the file.
func TestFitStreamPipe(t *testing.T) {
	t.Parallel()
	content := readFileString(t, birthwtCSV)
	args := []string{"fit", "-target", "low", "-format", "json"}
	m := decodeFit(t, mustRun(t, "", append(args, "-data", birthwtCSV)...).stdout)

	fifo := filepath.Join(t.TempDir(), "data.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return // the test fails on the fit's side
		}
		f.WriteString(content)
		f.Close()
	}()
	s := decodeFit(t, mustStream(t, "", append(args, "-data", fifo, "-stream", "-chunk-rows", "10")...).stdout)
	checkSameFit(t, s, m, 1e-10)

	// The binary's standard input is a pipe from the test.
	s = decodeFit(t, mustStream(t, content, append(args, "-data", "/dev/stdin", "-stream")...).stdout)
	checkSameFit(t, s, m, 1e-10)
}

// TestFitStreamChunkRowsCapped checks that -chunk-rows larger than the data
// costs no more memory than the data: with an address space of 2 GB,
// -chunk-rows 100000000 (7 GB of chunks for birthwt's 9 columns, before the
// cap) fits.
func TestFitStreamChunkRowsCapped(t *testing.T) {
	t.Parallel()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh for ulimit")
	}
	args := []string{"fit", "-data", birthwtCSV, "-target", "low", "-format", "json"}
	m := decodeFit(t, mustRun(t, "", args...).stdout)
	cmd := exec.Command(sh, append([]string{"-c", `ulimit -v 2000000 && exec "$@"`, "sh", binary}, append(args, "-stream", "-chunk-rows", "100000000")...)...)
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	var errb strings.Builder
	cmd.Stderr = &errb
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("got %v, stderr:\n%.500s", err, errb.String())
	}
	checkSameFit(t, decodeFit(t, string(out)), m, 1e-10)
}
