package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// keepEncoding codes x (numeric) and g (levels a, b).
var keepEncoding = Encoding{
	Features: []Feature{{Name: "x", Kind: Numeric}, {Name: "g", Kind: Categorical, Levels: []string{"a", "b"}}},
	Target:   Target{Name: "y", Kind: Numeric, Levels: [2]string{"0", "1"}},
}

// keepInput has an id column with quoted, blank and empty cells, a
// record on two lines, a row with an unseen level (line 5), one with text
// in x (line 6), one with Inf (line 7) and one with a missing x (line 8).
const keepInput = "id,x,g,y\n" +
	"r1,1,a,0\n" +
	"\"r,2\",2.5,b,1\n" +
	"\"r \"\"3\"\"\",3,a,0\n" +
	"r4,4,c,1\n" +
	" r5 ,five,a,0\n" +
	",Inf,b,1\n" +
	"r7,NA,a,0\n" +
	"\"r\n8\",8,b,1\n"

// TestApplyKeep checks that ApplyOptions.Keep passes the cells of the
// kept columns through exactly as read, quoted or not, and that KeepBad
// keeps the rows whose features cannot be coded, with NaN rows in X and
// their errors in Bad, in Apply and in ApplyChunks with chunks of every
// size from 1 row.
func TestApplyKeep(t *testing.T) {
	t.Parallel()
	opt := ApplyOptions{Keep: []string{"id", "x"}, KeepBad: true, DropNA: true, Name: "in.csv"}
	wantID := []string{"r1", "r,2", `r "3"`, "r4", " r5 ", "", "r\n8"}
	wantX := []string{"1", "2.5", "3", "4", "five", "Inf", "8"}
	wantRows := []int{2, 3, 4, 5, 6, 7, 9}
	wantBad := []struct {
		row  int
		err  error
		text string
	}{
		{3, ErrUnseenLevel, "in.csv:5:3: "},
		{4, ErrNotNumeric, "in.csv:6:2: "},
		{5, ErrNotFinite, "in.csv:7:2: "},
	}
	check := func(t *testing.T, tab *Table, ids, xs []string, rows []int, bad []RowError) {
		t.Helper()
		if !slices.Equal(ids, wantID) || !slices.Equal(xs, wantX) || !slices.Equal(rows, wantRows) {
			t.Errorf("got kept %q %q rows %v, want %q %q %v", ids, xs, rows, wantID, wantX, wantRows)
		}
		if len(bad) != len(wantBad) {
			t.Fatalf("got %d bad rows %v, want %d", len(bad), bad, len(wantBad))
		}
		for i, w := range wantBad {
			if bad[i].Row != w.row || !errors.Is(bad[i].Err, w.err) || !strings.HasPrefix(bad[i].Err.Error(), w.text) {
				t.Errorf("bad row %d: got %d %v, want %d %v at %s", i, bad[i].Row, bad[i].Err, w.row, w.err, w.text)
			}
		}
		if tab.Dropped != 1 {
			t.Errorf("got %d dropped, want 1", tab.Dropped)
		}
	}
	tab, err := keepEncoding.Apply(strings.NewReader(keepInput), opt)
	if err != nil {
		t.Fatal(err)
	}
	check(t, tab, tab.Kept[0], tab.Kept[1], tab.Rows, tab.Bad)
	for i := range tab.Rows {
		isBad := slices.ContainsFunc(tab.Bad, func(e RowError) bool { return e.Row == i })
		for _, v := range tab.X.RawRow(i) {
			if math.IsNaN(v) != isBad {
				t.Errorf("row %d: got X %v, want NaN only on a bad row", i, tab.X.RawRow(i))
			}
		}
	}
	if got := tab.X.RawRow(1); got[0] != 2.5 || got[1] != 1 {
		t.Errorf("row 1: got %v, want [2.5 1]", got)
	}

	for rows := 1; rows <= 8; rows++ {
		var ids, xs []string
		var lines []int
		var bad []RowError
		var last *Table
		err := keepEncoding.ApplyChunks(strings.NewReader(keepInput), opt, rows, func(c *Table) error {
			for _, e := range c.Bad {
				bad = append(bad, RowError{Row: len(lines) + e.Row, Err: e.Err})
				if !math.IsNaN(c.X.At(e.Row, 0)) {
					t.Errorf("chunks of %d: bad row %d of X is %v, want NaN", rows, e.Row, c.X.RawRow(e.Row))
				}
			}
			ids = append(ids, c.Kept[0]...)
			xs = append(xs, c.Kept[1]...)
			lines = append(lines, c.Rows...)
			last = c
			return nil
		})
		if err != nil {
			t.Fatalf("chunks of %d: %v", rows, err)
		}
		check(t, last, ids, xs, lines, bad)
	}
}

// TestApplyKeepErrors checks that without KeepBad a cell that cannot be
// coded is still an error, that a kept column must exist and be named
// once, and that a kept cell that is missing does not count as missing.
func TestApplyKeepErrors(t *testing.T) {
	t.Parallel()
	_, err := keepEncoding.Apply(strings.NewReader(keepInput), ApplyOptions{Keep: []string{"id"}, DropNA: true, Name: "in.csv"})
	if !errors.Is(err, ErrUnseenLevel) || !strings.HasPrefix(err.Error(), "in.csv:5:3: ") {
		t.Errorf("without KeepBad: got %v, want the unseen level at in.csv:5:3", err)
	}
	_, err = keepEncoding.Apply(strings.NewReader(keepInput), ApplyOptions{Keep: []string{"nope"}})
	if !errors.Is(err, ErrUnknownColumn) {
		t.Errorf("unknown kept column: got %v, want ErrUnknownColumn", err)
	}
	_, err = keepEncoding.Apply(strings.NewReader(keepInput), ApplyOptions{Keep: []string{"id", "id"}})
	if !errors.Is(err, ErrOption) {
		t.Errorf("column kept twice: got %v, want ErrOption", err)
	}
	tab, err := keepEncoding.Apply(strings.NewReader("id,x,g\n,1,a\nNA,2,b\n"), ApplyOptions{Keep: []string{"id"}})
	if err != nil || !slices.Equal(tab.Kept[0], []string{"", "NA"}) {
		t.Errorf("missing kept cells: got %v, %v, want [\"\" NA]", tab, err)
	}
}

// FuzzApplyKeep checks that the kept cells are the fields encoding/csv
// reads from the same input, whenever both read it.
func FuzzApplyKeep(f *testing.F) {
	f.Add([]byte(keepInput))
	f.Add([]byte("a,b\n\"x\"\"y\",\"1\r\n2\"\r\n,\n"))
	f.Add([]byte("a\n\"\"\n \n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		want, err := csv.NewReader(bytes.NewReader(in)).ReadAll()
		if err != nil || len(want) < 2 {
			return
		}
		enc := Encoding{Target: Target{Name: "unused", Kind: Numeric}}
		for _, rows := range []int{1, 3} {
			var got [][]string
			err := enc.ApplyChunks(bytes.NewReader(in), ApplyOptions{Keep: want[0]}, rows, func(c *Table) error {
				for i := range c.Rows {
					rec := make([]string, len(c.Kept))
					for j := range c.Kept {
						rec[j] = c.Kept[j][i]
					}
					got = append(got, rec)
				}
				return nil
			})
			if err != nil {
				return // a header that dataset refuses (empty or repeated names, a byte order mark)
			}
			if !slices.EqualFunc(got, want[1:], slices.Equal) {
				t.Fatalf("got kept %q, want encoding/csv's %q", got, want[1:])
			}
		}
	})
}
