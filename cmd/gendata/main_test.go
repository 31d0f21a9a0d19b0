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
	if err := write(w, n, p, 0, seed); err != nil {
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

// TestWriteMatchesSynthMultinomial checks that -classes K writes exactly
// bench.SynthMultinomial's data: every feature read back to the same
// float64 and y the level.
func TestWriteMatchesSynthMultinomial(t *testing.T) {
	t.Parallel()
	const n, p, K, seed = 200, 3, 4, 7
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	if err := write(w, n, p, K, seed); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != n+1 || lines[0] != "x1,x2,x3,y" {
		t.Fatalf("got %d lines, header %q, want %d lines, header x1,x2,x3,y", len(lines), lines[0], n+1)
	}
	x, y := bench.SynthMultinomial(n, p, K, seed)
	seen := make([]bool, K)
	for i, line := range lines[1:] {
		f := strings.Split(line, ",")
		for j := 0; j < p; j++ {
			if v, err := strconv.ParseFloat(f[j], 64); err != nil || v != x.At(i, j) {
				t.Errorf("row %d field %d: got %q, want %v", i, j, f[j], x.At(i, j))
			}
		}
		if want := strconv.Itoa(y[i]); f[p] != want {
			t.Errorf("row %d: got y %q, want %s", i, f[p], want)
		}
		seen[y[i]] = true
	}
	for l, ok := range seen {
		if !ok {
			t.Errorf("level %d never drawn in %d rows", l, n)
		}
	}
}
