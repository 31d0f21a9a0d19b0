package dataset

import (
	"bytes"
	"runtime/metrics"
	"testing"
)

// forcedGCs returns the number of garbage collections forced by the
// program so far (runtime.GC, debug.FreeOSMemory).
func forcedGCs() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestReadForcesNoGC reads an input whose cells take more than 64 MiB and
// checks that Read leaves the garbage collector alone: forcing a collection
// or returning memory to the operating system is the application's policy.
// The test is not parallel, so that no other test forces a collection
// meanwhile.
func TestReadForcesNoGC(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a 17 MB input")
	}
	const rows, cols = 1_100_000, 8 // 8.8e6 cells, 70 MB as float64
	var b bytes.Buffer
	b.Grow(2 * cols * (rows + 1))
	b.WriteString("y,a,b,c,d,e,f,g\n")
	for i := range rows {
		b.WriteString([]string{"0,1,2,3,4,5,6,7\n", "1,7,6,5,4,3,2,1\n"}[i%2])
	}
	before := forcedGCs()
	tab, err := Read(&b, ReadOptions{Target: "y"})
	if err != nil {
		t.Fatal(err)
	}
	if n, p := tab.X.Dims(); n != rows || p != cols-1 {
		t.Fatalf("dims: got %d×%d, want %d×%d", n, p, rows, cols-1)
	}
	if got := forcedGCs() - before; got != 0 {
		t.Errorf("forced garbage collections during Read: got %d, want 0", got)
	}
}
