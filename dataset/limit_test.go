package dataset

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestReadManyLevelsTooLarge reads a 1.6 MB file whose text column has
// 100,000 levels, a design of 100,000 × 100,000 numbers (80 GB): Read must
// refuse it before allocating, naming the column and its level count, and
// allocate no more than a few times the file. The test is not parallel, so
// that the allocations counted are Read's.
func TestReadManyLevelsTooLarge(t *testing.T) {
	const n = 100_000
	path := filepath.Join(t.TempDir(), "levels.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("x,id,y\n")
	for i := range n {
		fmt.Fprintf(w, "%d,id%06d,%d\n", i%10, i, i%2)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = ReadFile(path, ReadOptions{Target: "y"})
	runtime.ReadMemStats(&after)
	// 100,000 rows × (1 + 99,999) columns × 8 bytes.
	checkParseError(t, err, ErrTooLarge, path, 1, 2,
		`design matrix too large: 100000 rows × 100000 columns need 80000000000 bytes (80.0 GB), over the limit of 4294967296 bytes (4.3 GB): column "id" has 100000 levels, each a design column`)
	if got := after.TotalAlloc - before.TotalAlloc; got > 128<<20 {
		t.Errorf("allocated %d bytes, want at most 128 MB", got)
	}
}

// TestMaxDesignBytes checks the bound at its edge in Read, Apply and
// ApplyChunks: a design of exactly MaxDesignBytes is read, one byte less
// is refused; with no text column the message gives the sizes only.
func TestMaxDesignBytes(t *testing.T) {
	t.Parallel()
	const in = "a,g,y\n1,u,0\n2,v,1\n3,w,0\n"
	const size = 3 * 3 * 8 // 3 rows × (a, g=v, g=w)
	if _, err := Read(strings.NewReader(in), ReadOptions{Target: "y", MaxDesignBytes: size}); err != nil {
		t.Errorf("Read at the limit: got %v, want nil", err)
	}
	_, err := Read(strings.NewReader(in), ReadOptions{Target: "y", MaxDesignBytes: size - 1, Name: "f"})
	checkParseError(t, err, ErrTooLarge, "f", 1, 2, `3 rows × 3 columns need 72 bytes, over the limit of 71 bytes: column "g" has 3 levels`)

	_, err = Read(strings.NewReader(in), ReadOptions{Target: "y", Features: []string{"a"}, MaxDesignBytes: 23, Name: "f"})
	checkParseError(t, err, ErrTooLarge, "f", 0, 0, "design matrix too large: 3 rows × 1 columns need 24 bytes, over the limit of 23 bytes")

	_, err = Read(strings.NewReader(in), ReadOptions{Target: "y", MaxDesignBytes: -1, Name: "f"})
	checkParseError(t, err, ErrOption, "f", 0, 0, "MaxDesignBytes is negative")

	tab, err := Read(strings.NewReader(in), ReadOptions{Target: "y"})
	if err != nil {
		t.Fatal(err)
	}
	enc := tab.Encoding
	if _, err := enc.Apply(strings.NewReader(in), ApplyOptions{MaxDesignBytes: size}); err != nil {
		t.Errorf("Apply at the limit: got %v, want nil", err)
	}
	_, err = enc.Apply(strings.NewReader(in), ApplyOptions{MaxDesignBytes: size - 1, Name: "f"})
	checkParseError(t, err, ErrTooLarge, "f", 1, 2, `column "g" has 3 levels`)
	_, err = enc.Apply(strings.NewReader(in), ApplyOptions{MaxDesignBytes: -1, Name: "f"})
	checkParseError(t, err, ErrOption, "f", 0, 0, "MaxDesignBytes is negative")

	// ApplyChunks bounds one chunk: 2 rows of 3 columns.
	fn := func(*Table) error { return nil }
	if err := enc.ApplyChunks(strings.NewReader(in), ApplyOptions{MaxDesignBytes: 48}, 2, fn); err != nil {
		t.Errorf("ApplyChunks at the limit: got %v, want nil", err)
	}
	err = enc.ApplyChunks(strings.NewReader(in), ApplyOptions{MaxDesignBytes: 47, Name: "f"}, 2, fn)
	checkParseError(t, err, ErrTooLarge, "f", 1, 2, "chunks of 2 rows × 3 columns need 48 bytes")
}

// TestCheckColumns checks that Read calls ReadOptions.CheckColumns with the
// design's size before building it, and reports its error on the header
// line at the text column with the most levels.
func TestCheckColumns(t *testing.T) {
	t.Parallel()
	const in = "a,g,y\n1,u,0\n2,v,1\n3,w,0\n"
	var rows, cols int
	tooWide := errors.New("too wide")
	_, err := Read(strings.NewReader(in), ReadOptions{Target: "y", Name: "f", CheckColumns: func(r, c int) error {
		rows, cols = r, c
		return tooWide
	}})
	if rows != 3 || cols != 3 {
		t.Errorf("CheckColumns got %d rows, %d columns, want 3, 3", rows, cols)
	}
	if !errors.Is(err, tooWide) {
		t.Fatalf("got %v, want the error of CheckColumns", err)
	}
	checkParseError(t, err, tooWide, "f", 1, 2, `too wide: column "g" has 3 levels, each a design column`)
	if _, err := Read(strings.NewReader(in), ReadOptions{Target: "y", CheckColumns: func(int, int) error { return nil }}); err != nil {
		t.Errorf("CheckColumns nil error: got %v, want nil", err)
	}
}
