package bench

import (
	"regexp"
	"strings"
	"testing"
)

// TestNpgramScript runs bench/npgram.py (when /usr/bin/python3 has numpy
// and threadpoolctl) on one small shape, at its default threads and limited
// to one, and checks that it names the BLAS numpy calls and the number of
// threads it ran, the limit applied, before the timings.
func TestNpgramScript(t *testing.T) {
	t.Parallel()
	needPython(t, "numpy, threadpoolctl")
	header := regexp.MustCompile(`^numpy [0-9.]+: \w+ \S+ \(.+\), threading \S+, architecture \S+, ([0-9]+) threads$`)
	row := regexp.MustCompile(`^n=2000 p=7 gemm [0-9.]+ ms [0-9.]+ GFLOP/s  syrk [0-9.]+ ms [0-9.]+ GFLOP/s  syrk alone [0-9.]+ ms [0-9.]+ GFLOP/s$`)
	for _, tc := range []struct {
		args    []string
		threads string // "" for any
	}{
		{nil, ""},
		{[]string{"--threads", "1"}, "1"},
	} {
		cmd := script(append([]string{"npgram.py", "--sizes", "2000x7"}, tc.args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("npgram.py %v: %v\n%s", tc.args, err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 2 {
			t.Fatalf("npgram.py %v: got %d lines, want the BLAS and one shape:\n%s", tc.args, len(lines), out)
		}
		m := header.FindStringSubmatch(lines[0])
		if m == nil {
			t.Errorf("npgram.py %v: first line %q, want the BLAS and its threads", tc.args, lines[0])
		} else if tc.threads != "" && m[1] != tc.threads {
			t.Errorf("npgram.py %v: %s threads, want %s", tc.args, m[1], tc.threads)
		}
		if !row.MatchString(lines[1]) {
			t.Errorf("npgram.py %v: second line %q, want the timings of n=2000 p=7", tc.args, lines[1])
		}
	}
}
