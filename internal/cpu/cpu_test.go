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
