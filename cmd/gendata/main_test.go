package main

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/bench"
)

// TestWriteMatchesSynth checks that the CSV holds exactly bench.Synth's data:
// the header, and every number read back to the same float64.
func TestWriteMatchesSynth(t *testing.T) {
	t.Parallel()
	const n, p, seed = 50, 3, 7
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	if err := write(w, n, p, seed); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != n+1 || lines[0] != "x1,x2,x3,y" {
		t.Fatalf("got %d lines, header %q, want %d lines, header x1,x2,x3,y", len(lines), lines[0], n+1)
	}
	x, y := bench.Synth(n, p, seed)
	for i, line := range lines[1:] {
		f := strings.Split(line, ",")
		for j := 0; j <= p; j++ {
			v, err := strconv.ParseFloat(f[j], 64)
			want := y[i]
			if j < p {
				want = x.At(i, j)
			}
			if err != nil || v != want {
				t.Errorf("row %d field %d: got %q, want %v", i, j, f[j], want)
			}
		}
	}
}
