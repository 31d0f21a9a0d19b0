package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
)

// checkParseError checks that err is a *ParseError at line:col wrapping want,
// whose message starts with the position prefix and contains the fragment.
func checkParseError(t *testing.T, err error, want error, file string, line, col int, fragment string) {
	t.Helper()
	if err == nil {
		t.Fatalf("error: got nil, want %v", want)
	}
	if !errors.Is(err, want) {
		t.Errorf("errors.Is(%v): got false, want true for %v", err, want)
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error type: got %T, want *ParseError", err)
	}
	if pe.Line != line || pe.Column != col {
		t.Errorf("position: got %d:%d, want %d:%d (%v)", pe.Line, pe.Column, line, col, err)
	}
	var prefix string
	switch {
	case line == 0:
		prefix = file + ": "
	case col == 0:
		prefix = fmt.Sprintf("%s:%d: ", file, line)
	default:
		prefix = fmt.Sprintf("%s:%d:%d: ", file, line, col)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, fragment) {
		t.Errorf("message: got %q, want prefix %q and fragment %q", msg, prefix, fragment)
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        string
		opt       ReadOptions
		want      error
		line, col int
		fragment  string
	}{
		// Structure.
		{name: "empty input", in: "", want: ErrEmpty, fragment: "empty input"},
		{name: "only a BOM", in: "\uFEFF", want: ErrEmpty, fragment: "empty input"},
		{name: "only blank lines", in: "\n\n\r\n", want: ErrEmpty, fragment: "empty input"},
		{name: "header without rows", in: "a,y\n", want: ErrEmpty, fragment: "header but no rows"},
		{name: "header and blank lines", in: "a,y\n\n\n", want: ErrEmpty, fragment: "header but no rows"},
		{name: "duplicate header", in: "a,y,a\n1,0,2\n", want: ErrDuplicateHeader, line: 1, col: 3, fragment: `"a" (also column 1)`},
		{name: "empty header name", in: "a,,y\n1,2,0\n", want: ErrEmptyHeader, line: 1, col: 2},
		{name: "header after blank lines", in: "\n\na,a,y\n", want: ErrDuplicateHeader, line: 3, col: 2},
		{name: "short row", in: "a,y\n1,0\n2\n", want: ErrRagged, line: 3, fragment: "1 fields, header has 2"},
		{name: "long row", in: "a,y\n1,0,5\n", want: ErrRagged, line: 2, fragment: "3 fields, header has 2"},
		{name: "ragged row in unused column", in: "a,y,z\n1,0\n", opt: ReadOptions{Features: []string{"a"}}, want: ErrRagged, line: 2},
		{name: "bare quote", in: "a,y\n1,0\n2x\"y,1\n", want: ErrSyntax, line: 3, col: 3, fragment: `bare "`},
		{name: "unterminated quote", in: "a,y\n1,0\n\"2,1\n", want: ErrSyntax, line: 3, col: 1, fragment: "extraneous or missing"},
		{name: "unterminated quote in a long input", in: "a,y\n" + strings.Repeat("1,0\n", 9) + "1,\"0\n" + strings.Repeat("1,0\n", 99_990),
			want: ErrSyntax, line: 11, col: 3, fragment: "quoted field not closed before the end of the input"},
		{name: "unterminated quote in the header", in: "a,\"y\n1,0\n", want: ErrSyntax, line: 1, col: 3, fragment: "not closed"},
		{name: "text after closing quote", in: "a,y\n\"1\"x,0\n", want: ErrSyntax, line: 2, col: 3},
		{name: "invalid UTF-8 in header", in: "a\xff,y\n1,0\n", want: ErrInvalidUTF8, line: 1, col: 1},
		{name: "invalid UTF-8 in text cell", in: "a,y\nu,0\n\xfe,1\n", want: ErrInvalidUTF8, line: 3, col: 1},

		// Options.
		{name: "no target", in: "a,y\n1,0\n", opt: ReadOptions{Target: "-"}, want: ErrOption, fragment: "no target column"},
		{name: "unknown target", in: "a,y\n1,0\n", opt: ReadOptions{Target: "z"}, want: ErrUnknownColumn, line: 1, fragment: `"z" (columns: a, y)`},
		{name: "semicolons", in: "a;y\n1;0\n", opt: ReadOptions{Target: "y"}, want: ErrUnknownColumn, line: 1, fragment: `"y" (columns: a;y); the header has no comma but ";": the file must be comma-separated`},
		{name: "tabs", in: "a\ty\n1\t0\n", opt: ReadOptions{Target: "y"}, want: ErrUnknownColumn, line: 1, fragment: `the header has no comma but "\t"`},
		{name: "unknown feature", in: "a,y\n1,0\n", opt: ReadOptions{Features: []string{"b"}}, want: ErrUnknownColumn, line: 1, fragment: `"b"`},
		{name: "unknown weights", in: "a,y\n1,0\n", opt: ReadOptions{Weights: "w"}, want: ErrUnknownColumn, line: 1, fragment: `"w"`},
		{name: "target among features", in: "a,y\n1,0\n", opt: ReadOptions{Features: []string{"a", "y"}}, want: ErrOption, fragment: `target "y" is also listed as a feature`},
		{name: "weights among features", in: "a,w,y\n1,1,0\n", opt: ReadOptions{Features: []string{"w"}, Weights: "w"}, want: ErrOption, fragment: "weights column"},
		{name: "weights is target", in: "a,y\n1,0\n", opt: ReadOptions{Weights: "y"}, want: ErrOption},
		{name: "feature twice", in: "a,y\n1,0\n", opt: ReadOptions{Features: []string{"a", "a"}}, want: ErrOption, fragment: `"a" is listed twice`},

		// Cells.
		{name: "empty cell", in: "a,y\n1,0\n,1\n", want: ErrMissing, line: 3, col: 1, fragment: `column "a"`},
		{name: "NA cell", in: "a,b,y\n1,2,0\n3,NA,1\n", want: ErrMissing, line: 3, col: 2, fragment: `column "b"`},
		{name: "blank cell", in: "a,y\n1,0\n  ,1\n", want: ErrMissing, line: 3, col: 1},
		{name: "missing target", in: "a,y\n1,0\n2,\n", want: ErrMissing, line: 3, col: 2, fragment: `column "y"`},
		{name: "missing weight", in: "a,w,y\n1,1,0\n2,NA,1\n", opt: ReadOptions{Weights: "w"}, want: ErrMissing, line: 3, col: 2},
		{name: "NaN", in: "a,y\n1,0\nNaN,1\n", want: ErrNotFinite, line: 3, col: 1, fragment: `"NaN" in column "a"`},
		{name: "nan", in: "a,y\n1,0\nnan,1\n", want: ErrNotFinite, line: 3, col: 1},
		{name: "Inf", in: "a,y\n1,0\nInf,1\n", want: ErrNotFinite, line: 3, col: 1},
		{name: "+Inf", in: "a,y\n1,0\n+Inf,1\n", want: ErrNotFinite, line: 3, col: 1},
		{name: "-inf", in: "a,y\n-inf,0\n1,1\n", want: ErrNotFinite, line: 2, col: 1},
		{name: "Infinity", in: "a,y\n1,0\n-Infinity,1\n", want: ErrNotFinite, line: 3, col: 1},
		{name: "overflow", in: "a,y\n1,0\n1e400,1\n", want: ErrNotFinite, line: 3, col: 1, fragment: `"1e400"`},
		{name: "NaN in text column", in: "a,y\nu,0\nNaN,1\n", want: ErrNotFinite, line: 3, col: 1},
		{name: "NaN target", in: "a,y\n1,0\n2,NaN\n", want: ErrNotFinite, line: 3, col: 2},
		{name: "NaN in row later dropped", in: "a,b,y\n1,2,0\nNaN,,1\n", opt: ReadOptions{DropNA: true}, want: ErrNotFinite, line: 3, col: 1},
		{name: "quoted multi-line record", in: "a,b,y\n1,2,0\n\"x\ny\",NaN,1\n", want: ErrNotFinite, line: 3, col: 2},

		// Column kinds.
		{name: "text among numbers", in: "a,y\n1,0\n2,1\nx,0\n3,1\n", want: ErrMixed, line: 4, col: 1, fragment: `text "x" among numbers (1 text, 3 numeric cells)`},
		{name: "number among text", in: "a,y\nu,0\nv,1\n5,0\nw,1\n", want: ErrMixed, line: 4, col: 1, fragment: `number "5" among text (1 numeric, 3 text cells)`},
		{name: "tie blames text", in: "a,y\nx,0\n1,1\n", want: ErrMixed, line: 2, col: 1, fragment: `text "x"`},
		{name: "earliest of two mixed columns", in: "a,b,y\n1,1,0\n2,q,1\n3,4,0\np,5,1\n", want: ErrMixed, line: 3, col: 2},
		{name: "hexadecimal is text", in: "a,y\n1,0\n0x1p3,1\n2,0\n", want: ErrMixed, line: 3, col: 1, fragment: `"0x1p3"`},
		{name: "underscore is text", in: "a,y\n1,0\n1_000,1\n2,0\n", want: ErrMixed, line: 3, col: 1},
		{name: "mixed target", in: "a,y\n1,0\n2,1\n3,yes\n", want: ErrMixed, line: 4, col: 2},
		{name: "single-level text feature", in: "g,y\nu,0\nu,1\n", want: ErrSingleLevel, line: 1, col: 1, fragment: `column "g" has a single level "u"`},
		{name: "single level after dropping", in: "g,a,y\nu,1,0\nv,,1\nu,2,1\n", opt: ReadOptions{DropNA: true}, want: ErrSingleLevel, line: 1, col: 1},
		{name: "design name collision", in: "g,g=v,y\nu,1,0\nv,2,1\n", want: ErrDuplicateHeader, line: 1, fragment: `"g=v" in the design matrix`},

		// Target.
		{name: "target 2", in: "a,y\n1,0\n2,2\n", want: ErrTarget, line: 3, col: 2, fragment: `value 2 in column "y" is not 0 or 1`},
		{name: "target -1", in: "a,y\n1,-1\n2,1\n", want: ErrTarget, line: 2, col: 2},
		{name: "proportion without weights", in: "a,y\n1,0\n2,0.5\n", want: ErrTarget, line: 3, col: 2, fragment: "not 0 or 1"},
		{name: "target above 1 with weights", in: "a,w,y\n1,2,0.5\n2,2,1.5\n", opt: ReadOptions{Weights: "w"}, want: ErrTarget, line: 3, col: 3, fragment: "not in [0, 1]"},
		{name: "three text values", in: "a,y\n1,a\n2,b\n3,c\n", want: ErrTarget, fragment: `column "y" has 3 values (a, b, c)`},
		{name: "one text value", in: "a,y\n1,no\n2,no\n", want: ErrTarget, fragment: `target "y" has only the value "no"`},
		{name: "one text value, positive", in: "a,y\n1,no\n2,no\n", opt: ReadOptions{Positive: "no"}, want: ErrTarget, fragment: `target "y" has only the value "no"`},
		{name: "one text value, other positive", in: "a,y\n1,no\n2,no\n", opt: ReadOptions{Positive: "yes"}, want: ErrTarget, fragment: `target "y" has only the value "no"`},
		{name: "one text value in kept rows", in: "a,y\n1,no\nNA,yes\n", opt: ReadOptions{DropNA: true}, want: ErrTarget, fragment: `target "y" has only the value "no"`},
		{name: "one number, positive", in: "a,y\n1,2\n2,2\n", opt: ReadOptions{Positive: "2"}, want: ErrTarget, fragment: `target "y" has only the value 2`},
		{name: "one number, other positive", in: "a,y\n1,0\n2,0\n", opt: ReadOptions{Positive: "1"}, want: ErrTarget, fragment: `target "y" has only the value 0 (positive value "1" not found)`},
		{name: "positive text absent", in: "a,y\n1,no\n2,yes\n", opt: ReadOptions{Positive: "Yes"}, want: ErrTarget, fragment: `positive value "Yes" not found in column "y" (values: no, yes)`},
		{name: "positive number absent", in: "a,y\n1,1\n2,2\n", opt: ReadOptions{Positive: "3"}, want: ErrTarget, fragment: `positive value "3" not found`},
		{name: "positive text on numeric target", in: "a,y\n1,1\n2,2\n", opt: ReadOptions{Positive: "two"}, want: ErrTarget},
		{name: "positive only in dropped row", in: "a,y\n1,no\n,yes\n2,maybe\n", opt: ReadOptions{Positive: "yes", DropNA: true}, want: ErrTarget},

		// Weights.
		{name: "negative weight", in: "a,w,y\n1,1,0\n2,-0.5,1\n", opt: ReadOptions{Weights: "w"}, want: ErrWeight, line: 3, col: 2, fragment: "negative weight -0.5"},
		{name: "text weight", in: "a,w,y\n1,x,0\n2,y,1\n", opt: ReadOptions{Weights: "w"}, want: ErrNotNumeric, line: 2, col: 2, fragment: `text "x" in weights column "w"`},

		// Dropping.
		{name: "every row dropped", in: "a,y\n,0\n2,NA\n", opt: ReadOptions{DropNA: true}, want: ErrEmpty, fragment: "all 2 rows have missing values"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opt := tc.opt
			switch opt.Target {
			case "":
				opt.Target = "y"
			case "-":
				opt.Target = ""
			}
			opt.Name = "d.csv"
			tab, err := Read(strings.NewReader(tc.in), opt)
			if tab != nil {
				t.Errorf("table: got %v, want nil", tab)
			}
			checkParseError(t, err, tc.want, "d.csv", tc.line, tc.col, tc.fragment)
		})
	}
}

func TestReadSyntaxWrapsCSVError(t *testing.T) {
	t.Parallel()
	_, err := Read(strings.NewReader("a,y\n1,0\n2x\"y,1\n"), ReadOptions{Target: "y"})
	if !errors.Is(err, csv.ErrBareQuote) {
		t.Errorf("errors.Is(%v, csv.ErrBareQuote): got false, want true", err)
	}
}

func TestReadPassesReaderErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader("a,y\n1,0\n"), iotest.ErrReader(boom))
	_, err := Read(r, ReadOptions{Target: "y"})
	if !errors.Is(err, boom) {
		t.Errorf("error: got %v, want %v", err, boom)
	}
}

// zeros is an endless input of NUL bytes, as /dev/zero.
type zeros struct{}

func (zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

// TestReadLongRecord checks that an input without line ends is refused
// once a record passes maxRecord bytes, in the header or in a later row, by
// Read and by the streaming readers, naming the line where the record
// starts.
func TestReadLongRecord(t *testing.T) {
	t.Parallel()
	head := "y,x\n1,2\n0,3\n"
	for _, c := range []struct {
		name string
		in   func() io.Reader
		line int
	}{
		{"header", func() io.Reader { return zeros{} }, 1},
		{"row", func() io.Reader { return io.MultiReader(strings.NewReader(head), zeros{}) }, 4},
	} {
		opt := ReadOptions{Target: "y", Name: "z.csv"}
		_, err := Read(c.in(), opt)
		checkParseError(t, err, ErrSyntax, "z.csv", c.line, 0, "record longer than 64 MiB")
		_, _, err = ScanEncoding(c.in(), opt)
		checkParseError(t, err, ErrSyntax, "z.csv", c.line, 0, "record longer than 64 MiB")
	}
	enc := &Encoding{Features: []Feature{{Name: "x", Kind: Numeric}}, Target: Target{Name: "y", Kind: Numeric, Levels: [2]string{"0", "1"}}}
	err := enc.ApplyChunks(io.MultiReader(strings.NewReader(head), zeros{}), ApplyOptions{Target: true, Name: "z.csv"}, 1,
		func(*Table) error { return nil })
	checkParseError(t, err, ErrSyntax, "z.csv", 4, 0, "record longer than 64 MiB")
}

// want describes an expected table: X row by row.
type want struct {
	x       [][]float64
	y, w    []float64
	names   []string
	rows    []int
	dropped int
	levels  [2]string
}

func checkTable(t *testing.T, tab *Table, w want) {
	t.Helper()
	r, c := tab.X.Dims()
	if r != len(w.x) || (r > 0 && c != len(w.x[0])) {
		t.Fatalf("X dims: got %d×%d, want %d rows of %d", r, c, len(w.x), len(w.names))
	}
	for i, row := range w.x {
		if got := tab.X.RawRow(i); !slices.Equal(got, row) {
			t.Errorf("X row %d: got %v, want %v", i, got, row)
		}
	}
	if !slices.Equal(tab.Y, w.y) {
		t.Errorf("Y: got %v, want %v", tab.Y, w.y)
	}
	if !slices.Equal(tab.Weights, w.w) || (w.w == nil) != (tab.Weights == nil) {
		t.Errorf("Weights: got %v, want %v", tab.Weights, w.w)
	}
	if !slices.Equal(tab.Names, w.names) {
		t.Errorf("Names: got %q, want %q", tab.Names, w.names)
	}
	if !slices.Equal(tab.Rows, w.rows) {
		t.Errorf("Rows: got %v, want %v", tab.Rows, w.rows)
	}
	if tab.Dropped != w.dropped {
		t.Errorf("Dropped: got %d, want %d", tab.Dropped, w.dropped)
	}
	if tab.TargetLevels != w.levels {
		t.Errorf("TargetLevels: got %q, want %q", tab.TargetLevels, w.levels)
	}
	if tab.TargetLevels != tab.Encoding.Target.Levels {
		t.Errorf("Encoding.Target.Levels: got %q, want %q", tab.Encoding.Target.Levels, tab.TargetLevels)
	}
	if got := tab.Encoding.Names(); !slices.Equal(got, tab.Names) {
		t.Errorf("Encoding.Names: got %q, want %q", got, tab.Names)
	}
}

func TestReadAccepts(t *testing.T) {
	t.Parallel()
	num := [2]string{"0", "1"}
	tests := []struct {
		name string
		in   string
		opt  ReadOptions
		want want
	}{
		{"plain", "a,b,y\n1,2,0\n3,4,1\n", ReadOptions{},
			want{x: [][]float64{{1, 2}, {3, 4}}, y: []float64{0, 1}, names: []string{"a", "b"}, rows: []int{2, 3}, levels: num}},
		{"BOM, CRLF, no final newline", "\uFEFFa,b,y\r\n1,2,0\r\n3,4,1", ReadOptions{},
			want{x: [][]float64{{1, 2}, {3, 4}}, y: []float64{0, 1}, names: []string{"a", "b"}, rows: []int{2, 3}, levels: num}},
		{"trailing blank lines", "a,y\n1,0\n2,1\n\n\r\n", ReadOptions{},
			want{x: [][]float64{{1}, {2}}, y: []float64{0, 1}, names: []string{"a"}, rows: []int{2, 3}, levels: num}},
		{"blank lines between rows", "a,y\n\n1,0\n\n2,1\n", ReadOptions{},
			want{x: [][]float64{{1}, {2}}, y: []float64{0, 1}, names: []string{"a"}, rows: []int{3, 5}, levels: num}},
		{"quoted fields", "\"a\",\"g\",y\n\"1.5\",\"x, \"\"q\"\"\",0\n2,\"line\nbreak\",1\n3,\"x, \"\"q\"\"\",0\n", ReadOptions{},
			want{x: [][]float64{{1.5, 1}, {2, 0}, {3, 1}}, y: []float64{0, 1, 0}, names: []string{"a", "g=x, \"q\""}, rows: []int{2, 3, 5}, levels: num}},
		{"number formats and blanks", "a,y\n 1 ,0\n-2.5e1,1\n+.5,0\n7.,1\n1E-2\t,0\n", ReadOptions{},
			want{x: [][]float64{{1}, {-25}, {0.5}, {7}, {0.01}}, y: []float64{0, 1, 0, 1, 0}, names: []string{"a"}, rows: []int{2, 3, 4, 5, 6}, levels: num}},
		{"text keeps blanks, dummies in place", "a,g,b,y\n1,u,5,0\n2, u,6,1\n3,b,7,0\n", ReadOptions{},
			want{x: [][]float64{{1, 0, 1, 5}, {2, 0, 0, 6}, {3, 1, 0, 7}}, y: []float64{0, 1, 0},
				names: []string{"a", "g=b", "g=u", "b"}, rows: []int{2, 3, 4}, levels: num}},
		{"levels in byte order", "g,y\nb,0\nB,1\na,0\n_,1\n", ReadOptions{},
			want{x: [][]float64{{0, 0, 1}, {0, 0, 0}, {0, 1, 0}, {1, 0, 0}}, y: []float64{0, 1, 0, 1},
				names: []string{"g=_", "g=a", "g=b"}, rows: []int{2, 3, 4, 5}, levels: num}},
		{"features chosen and ordered", "a,b,c,y\n1,2,3,0\n4,5,6,1\n", ReadOptions{Features: []string{"c", "a"}},
			want{x: [][]float64{{3, 1}, {6, 4}}, y: []float64{0, 1}, names: []string{"c", "a"}, rows: []int{2, 3}, levels: num}},
		{"unused columns are not checked", "a,junk,y\n1,x,0\n2,,1\n3,NaN,0\n", ReadOptions{Features: []string{"a"}},
			want{x: [][]float64{{1}, {2}, {3}}, y: []float64{0, 1, 0}, names: []string{"a"}, rows: []int{2, 3, 4}, levels: num}},
		{"no features", "a,y\n1,0\n2,1\n", ReadOptions{Features: []string{}},
			want{x: [][]float64{{}, {}}, y: []float64{0, 1}, rows: []int{2, 3}, levels: num}},
		{"constant numeric feature", "a,y\n1,0\n1,1\n", ReadOptions{},
			want{x: [][]float64{{1}, {1}}, y: []float64{0, 1}, names: []string{"a"}, rows: []int{2, 3}, levels: num}},
		{"text target", "a,y\n1,no\n2,yes\n3,no\n", ReadOptions{},
			want{x: [][]float64{{1}, {2}, {3}}, y: []float64{0, 1, 0}, names: []string{"a"}, rows: []int{2, 3, 4}, levels: [2]string{"no", "yes"}}},
		{"text target, positive first level", "a,y\n1,no\n2,yes\n3,no\n", ReadOptions{Positive: "no"},
			want{x: [][]float64{{1}, {2}, {3}}, y: []float64{1, 0, 1}, names: []string{"a"}, rows: []int{2, 3, 4}, levels: [2]string{"yes", "no"}}},
		{"text target, three values", "a,y\n1,a\n2,b\n3,c\n", ReadOptions{Positive: "b"},
			want{x: [][]float64{{1}, {2}, {3}}, y: []float64{0, 1, 0}, names: []string{"a"}, rows: []int{2, 3, 4}, levels: [2]string{"not b", "b"}}},
		{"numeric target, positive", "a,y\n1,1\n2,2\n3,1\n", ReadOptions{Positive: "2"},
			want{x: [][]float64{{1}, {2}, {3}}, y: []float64{0, 1, 0}, names: []string{"a"}, rows: []int{2, 3, 4}, levels: [2]string{"1", "2"}}},
		{"numeric target, positive as 2.0", "a,y\n1,1\n2,2\n3,1\n", ReadOptions{Positive: "2.0"},
			want{x: [][]float64{{1}, {2}, {3}}, y: []float64{0, 1, 0}, names: []string{"a"}, rows: []int{2, 3, 4}, levels: [2]string{"1", "2.0"}}},
		{"numeric target, three values", "a,y\n1,1\n2,2\n3,3\n", ReadOptions{Positive: "3"},
			want{x: [][]float64{{1}, {2}, {3}}, y: []float64{0, 0, 1}, names: []string{"a"}, rows: []int{2, 3, 4}, levels: [2]string{"not 3", "3"}}},
		{"proportions with weights", "a,w,y\n1,2,0.5\n2,0,1\n3,1.5,0\n", ReadOptions{Weights: "w"},
			want{x: [][]float64{{1}, {2}, {3}}, y: []float64{0.5, 1, 0}, w: []float64{2, 0, 1.5}, names: []string{"a"}, rows: []int{2, 3, 4}, levels: num}},
		{"drop incomplete rows, prune levels", "a,b,g,y\n1,2,u,0\n,3,v,1\nNA,4,w,0\n5,6,v,1\n7,8,u,\n9,10,u,0\n", ReadOptions{DropNA: true},
			want{x: [][]float64{{1, 2, 0}, {5, 6, 1}, {9, 10, 0}}, y: []float64{0, 1, 0}, names: []string{"a", "b", "g=v"}, rows: []int{2, 5, 7}, dropped: 3, levels: num}},
		{"missing in unused column", "a,z,y\n1,,0\n2,NA,1\n", ReadOptions{Features: []string{"a"}},
			want{x: [][]float64{{1}, {2}}, y: []float64{0, 1}, names: []string{"a"}, rows: []int{2, 3}, levels: num}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opt := tc.opt
			opt.Target = "y"
			tab, err := Read(strings.NewReader(tc.in), opt)
			if err != nil {
				t.Fatalf("error: got %v, want nil", err)
			}
			checkTable(t, tab, tc.want)
		})
	}
}

// TestReadBirthwt checks R's treatment coding of the text column race
// against the raw file read independently with encoding/csv.
func TestReadBirthwt(t *testing.T) {
	t.Parallel()
	tab, err := ReadFile(refcase.Path("birthwt.csv"), ReadOptions{Target: "low"})
	if err != nil {
		t.Fatal(err)
	}
	// R: glm(low ~ age + lwt + race + smoke + ptl + ht + ui + ftv), baseline black.
	wantNames := []string{"age", "lwt", "race=other", "race=white", "smoke", "ptl", "ht", "ui", "ftv"}
	if !slices.Equal(tab.Names, wantNames) {
		t.Errorf("names: got %q, want %q", tab.Names, wantNames)
	}
	wantRace := Feature{Name: "race", Kind: Categorical, Levels: []string{"black", "other", "white"}}
	if f := tab.Encoding.Features[2]; f.Name != wantRace.Name || f.Kind != wantRace.Kind || !slices.Equal(f.Levels, wantRace.Levels) {
		t.Errorf("race encoding: got %+v, want %+v", f, wantRace)
	}
	raw := readRaw(t, refcase.Path("birthwt.csv"))
	if r, c := tab.X.Dims(); r != 189 || c != 9 || len(raw) != 190 {
		t.Fatalf("dims: got %d×%d from %d records, want 189×9 from 190", r, c, len(raw))
	}
	for i, rec := range raw[1:] {
		num := func(k int) float64 {
			v, err := strconv.ParseFloat(rec[k], 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		b2f := func(b bool) float64 {
			if b {
				return 1
			}
			return 0
		}
		want := []float64{num(1), num(2), b2f(rec[3] == "other"), b2f(rec[3] == "white"), num(4), num(5), num(6), num(7), num(8)}
		if got := tab.X.RawRow(i); !slices.Equal(got, want) {
			t.Errorf("row %d: got %v, want %v", i, got, want)
		}
		if tab.Y[i] != num(0) || tab.Rows[i] != i+2 {
			t.Errorf("row %d: got y %v at line %d, want %v at line %d", i, tab.Y[i], tab.Rows[i], num(0), i+2)
		}
	}
}

func readRaw(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestReadFile(t *testing.T) {
	t.Parallel()
	_, err := ReadFile("testdata/no-such-file.csv", ReadOptions{Target: "y"})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v, want os.ErrNotExist", err)
	}
	bw := refcase.Path("birthwt.csv")
	_, err = ReadFile(bw, ReadOptions{Target: "nope"})
	checkParseError(t, err, ErrUnknownColumn, bw, 1, 0, `"nope"`)
	_, err = ReadFile(bw, ReadOptions{Target: "nope", Name: "bw"})
	checkParseError(t, err, ErrUnknownColumn, "bw", 1, 0, `"nope"`)
}

// TestReadInputUnchanged checks that Read does not keep the input.
func TestReadInputUnchanged(t *testing.T) {
	t.Parallel()
	in := []byte("a,g,y\n1,u,0\n2,v,1\n")
	orig := slices.Clone(in)
	tab, err := Read(bytes.NewReader(in), ReadOptions{Target: "y"})
	if err != nil {
		t.Fatal(err)
	}
	clear(in)
	if !bytes.Equal(orig, []byte("a,g,y\n1,u,0\n2,v,1\n")) || tab.Encoding.Features[1].Levels[1] != "v" {
		t.Errorf("levels after clearing input: got %q, want [u v]", tab.Encoding.Features[1].Levels)
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"a,y\n1,0\n2,1\n",
		"\uFEFFa,g,y\r\n1,u,0\r\n2,v,1\r\n",
		"a,g,w,y\n1,\"x,y\",2,0.5\n,v,1,1\n3,x,0,NA\n",
		"a,y\n1,0\nNaN,1\n",
		"a,y\n\"1\n2\",0\n",
		"y,a\nno,1e3\nyes,-4\n",
		"a,y,y\n1,0,1\n",
		"g,y\nb,0\nB,1\na,0\n_,1\n",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, in []byte, dropNA bool) {
		opt := ReadOptions{Target: "y", DropNA: dropNA, Name: "f"}
		if bytes.Contains(in, []byte(",w,")) {
			opt.Weights = "w"
		}
		tab, err := Read(bytes.NewReader(in), opt)
		// Reading in pieces of a few bytes, in parallel, changes nothing.
		pieces, perr := readTable(bytes.NewReader(in), opt, 3)
		if (err == nil) != (perr == nil) || (err != nil && err.Error() != perr.Error()) || !reflect.DeepEqual(tab, pieces) {
			t.Fatalf("in pieces: got %+v, %v, want %+v, %v", pieces, perr, tab, err)
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "f:") {
				t.Fatalf("error: got %T %q, want a *ParseError for f", err, err)
			}
			return
		}
		n, p := tab.X.Dims()
		if n == 0 || len(tab.Y) != n || len(tab.Rows) != n || len(tab.Names) != p {
			t.Fatalf("sizes: got X %d×%d, %d responses, %d rows, %d names", n, p, len(tab.Y), len(tab.Rows), len(tab.Names))
		}
		for _, v := range tab.X.RawData() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("X holds %v", v)
			}
		}
		for _, v := range tab.Y {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("Y holds %v", v)
			}
		}
		for _, v := range tab.Weights {
			if !(v >= 0) || math.IsInf(v, 0) {
				t.Fatalf("Weights hold %v", v)
			}
		}
		// Applying the encoding to the same input reproduces the table,
		// weights included.
		again, err := tab.Encoding.Apply(bytes.NewReader(in), ApplyOptions{Target: true, DropNA: dropNA})
		if err != nil {
			t.Fatalf("Apply on the training input: %v", err)
		}
		if !slices.Equal(again.Rows, tab.Rows) || !slices.Equal(again.Y, tab.Y) || !slices.Equal(again.Weights, tab.Weights) {
			t.Fatalf("Apply: got rows %v Y %v weights %v, want %v, %v and %v",
				again.Rows, again.Y, again.Weights, tab.Rows, tab.Y, tab.Weights)
		}
		for i, line := range tab.Rows {
			k, found := slices.BinarySearch(again.Rows, line)
			if !found {
				t.Fatalf("Apply: line %d missing from rows %v", line, again.Rows)
			}
			if got, want := again.X.RawRow(k), tab.X.RawRow(i); !slices.Equal(got, want) {
				t.Fatalf("Apply, line %d: got %v, want %v", line, got, want)
			}
		}
	})
}

// The kinds of benchmark data.
const (
	benchShort  = iota // numbers with four decimals
	benchLong          // numbers in shortest form, as cmd/gendata writes them
	benchText          // numbers with four decimals and a text column
	benchQuoted        // as benchText, the text quoted and holding a comma
)

// benchCSV returns a seeded CSV of about size bytes: cols numeric features
// (standard normal, times 100 with four decimals), a text column with five
// levels for benchText and benchQuoted, and a 0/1 target.
func benchCSV(size, cols, kind int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	for j := range cols {
		fmt.Fprintf(&b, "x%d,", j)
	}
	if kind == benchText || kind == benchQuoted {
		b.WriteString("group,")
	}
	b.WriteString("y\n")
	levels := []string{"alpha", "beta", "gamma", "delta", "epsilon"}
	var line []byte
	for b.Len() < size {
		line = line[:0]
		for range cols {
			if kind == benchLong {
				line = strconv.AppendFloat(line, rng.NormFloat64(), 'g', -1, 64)
			} else {
				line = strconv.AppendFloat(line, rng.NormFloat64()*100, 'f', 4, 64)
			}
			line = append(line, ',')
		}
		switch kind {
		case benchText:
			line = append(line, levels[rng.IntN(len(levels))]...)
			line = append(line, ',')
		case benchQuoted:
			line = append(line, '"')
			line = append(line, levels[rng.IntN(len(levels))]...)
			line = append(line, ", a\","...)
		}
		line = append(line, byte('0'+rng.IntN(2)), '\n')
		b.Write(line)
	}
	return b.Bytes()
}

// BenchmarkRead reads CSV data of several kinds and sizes with ten numeric
// columns; MB/s counts input bytes.
func BenchmarkRead(b *testing.B) {
	for _, bc := range []struct {
		name       string
		size, kind int
	}{
		{"numeric/1MB", 1 << 20, benchShort},
		{"numeric/10MB", 10 << 20, benchShort},
		{"long/10MB", 10 << 20, benchLong},
		{"text/10MB", 10 << 20, benchText},
		{"quoted/10MB", 10 << 20, benchQuoted},
	} {
		b.Run(bc.name, func(b *testing.B) {
			data := benchCSV(bc.size, 10, bc.kind)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read(bytes.NewReader(data), ReadOptions{Target: "y"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// wideCSV returns a CSV of rows rows and cols columns: x1…x(cols−1), then
// the 0/1 target y, every cell one digit.
func wideCSV(rows, cols int) []byte {
	var b bytes.Buffer
	for j := 1; j < cols; j++ {
		fmt.Fprintf(&b, "x%d,", j)
	}
	b.WriteString("y\n")
	for i := range rows {
		for j := 1; j < cols; j++ {
			b.WriteByte(byte('0' + (i*j)%7))
			b.WriteByte(',')
		}
		b.WriteByte(byte('0' + i%2))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// TestReadWide reads a file of 80,000 columns with the features listed in
// reverse order and checks that every value lands in its column, for Read
// and for Apply. (BenchmarkReadWide measures that the time per column does
// not grow with the number of columns; reading was once quadratic in it.)
func TestReadWide(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a file of 80,000 columns")
	}
	const rows, cols = 10, 80_000
	data := wideCSV(rows, cols)
	feats := make([]string, 0, cols-1)
	for j := cols - 1; j >= 1; j-- {
		feats = append(feats, fmt.Sprintf("x%d", j))
	}
	tab, err := Read(bytes.NewReader(data), ReadOptions{Target: "y", Features: feats})
	if err != nil {
		t.Fatal(err)
	}
	applied, err := tab.Encoding.Apply(bytes.NewReader(data), ApplyOptions{Target: true})
	if err != nil {
		t.Fatal(err)
	}
	for name, x := range map[string]*linalg.Dense{"Read": tab.X, "Apply": applied.X} {
		if r, c := x.Dims(); r != rows || c != cols-1 {
			t.Fatalf("%s: got %d×%d, want %d×%d", name, r, c, rows, cols-1)
		}
		for i := range rows {
			for k, f := range feats {
				j := cols - 1 - k // feats[k] is x_j
				if want := float64((i * j) % 7); x.At(i, k) != want {
					t.Fatalf("%s: row %d, %s: got %v, want %v", name, i, f, x.At(i, k), want)
				}
			}
		}
	}
}

func BenchmarkReadWide(b *testing.B) {
	for _, cols := range []int{10_000, 20_000, 40_000, 80_000} {
		b.Run(fmt.Sprintf("cols=%d", cols), func(b *testing.B) {
			data := wideCSV(10, cols)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read(bytes.NewReader(data), ReadOptions{Target: "y"}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(cols), "ns/column")
		})
	}
}
