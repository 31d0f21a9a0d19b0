package cpu

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestFlags compares the detection with the flags Linux reports in
// /proc/cpuinfo (which also account for the operating system's support).
func TestFlags(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" || purego {
		t.Skip("no /proc/cpuinfo flags to compare with, or no assembly")
	}
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip(err)
	}
	var flags []string
	for line := range strings.Lines(string(b)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "flags" {
			flags = strings.Fields(v)
			break
		}
	}
	has := func(f string) bool { return slices.Contains(flags, f) }
	if want := has("avx2") && has("fma"); AVX2 != want {
		t.Errorf("AVX2 = %v, want %v (flags avx2 %v, fma %v)", AVX2, want, has("avx2"), has("fma"))
	}
	if want := has("avx2") && has("fma") && has("avx512f"); AVX512 != want {
		t.Errorf("AVX512 = %v, want %v (flag avx512f %v)", AVX512, want, has("avx512f"))
	}
}

// TestPeakFMA checks the peak loop's flop count: 96 per round with AVX2
// (twelve four-lane fused multiply-adds), 192 with AVX-512 (eight lanes),
// none for no rounds, none without the assembly or AVX2.
func TestPeakFMA(t *testing.T) {
	want := 0.0
	switch {
	case purego || runtime.GOARCH != "amd64":
	case AVX512:
		want = 192 * 1000
	case AVX2:
		want = 96 * 1000
	}
	if got := PeakFMA(1000); got != want {
		t.Errorf("PeakFMA(1000) = %v, want %v", got, want)
	}
	for _, n := range []int{0, -1} {
		if got := PeakFMA(n); got != 0 {
			t.Errorf("PeakFMA(%d) = %v, want 0", n, got)
		}
	}
}
