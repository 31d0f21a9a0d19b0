package dataset

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestReadFrame(t *testing.T) {
	t.Parallel()
	in := "n,g,empty,one\n1.5,b,,k\nNA,a,NA,k\n-2,,,k\n"
	f, err := ReadFrame(strings.NewReader(in), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Rows, []int{2, 3, 4}) {
		t.Errorf("Rows: got %v, want [2 3 4]", f.Rows)
	}
	n := f.Column("n")
	if n.Kind != Numeric || len(n.Values) != 3 || n.Values[0] != 1.5 || !math.IsNaN(n.Values[1]) || n.Values[2] != -2 || n.Codes != nil {
		t.Errorf("n: got %+v, want numeric [1.5 NaN -2]", n)
	}
	g := f.Column("g")
	if g.Kind != Categorical || !slices.Equal(g.Levels, []string{"a", "b"}) || !slices.Equal(g.Codes, []int{1, 0, -1}) || g.Values != nil {
		t.Errorf("g: got %+v, want levels [a b] codes [1 0 -1]", g)
	}
	e := f.Column("empty")
	if e.Kind != Numeric || !math.IsNaN(e.Values[0]) || !math.IsNaN(e.Values[1]) || !math.IsNaN(e.Values[2]) {
		t.Errorf("empty: got %+v, want numeric all NaN", e)
	}
	one := f.Column("one")
	if one.Kind != Categorical || !slices.Equal(one.Levels, []string{"k"}) || !slices.Equal(one.Codes, []int{0, 0, 0}) {
		t.Errorf("one: got %+v, want the single level k", one)
	}
	if c := f.Column("absent"); c != nil {
		t.Errorf("absent column: got %+v, want nil", c)
	}
}

func TestReadFrameErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        string
		want      error
		line, col int
	}{
		{"empty", "", ErrEmpty, 0, 0},
		{"no rows", "a,b\n", ErrEmpty, 0, 0},
		{"mixed", "a,b\n1,x\n2,y\n3,4\n", ErrMixed, 4, 2},
		{"not finite", "a,b\n1,x\nInf,y\n", ErrNotFinite, 3, 1},
		{"ragged", "a,b\n1,x\n2\n", ErrRagged, 3, 0},
		{"duplicate", "a,a\n1,2\n", ErrDuplicateHeader, 1, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, err := ReadFrame(strings.NewReader(tc.in), "f.csv")
			if f != nil {
				t.Errorf("frame: got %+v, want nil", f)
			}
			checkParseError(t, err, tc.want, "f.csv", tc.line, tc.col, "")
		})
	}
}
