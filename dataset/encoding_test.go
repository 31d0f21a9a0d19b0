package dataset

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// writeCSV writes records as CSV text.
func writeCSV(t *testing.T, recs [][]string) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// permute returns recs with columns in the order given by header names.
func permute(recs [][]string, order []string) [][]string {
	pos := make([]int, len(order))
	for k, name := range order {
		pos[k] = slices.Index(recs[0], name)
	}
	out := make([][]string, len(recs))
	for i, rec := range recs {
		for _, j := range pos {
			out[i] = append(out[i], rec[j])
		}
	}
	return out
}

func birthwt(t *testing.T) (*Table, [][]string) {
	t.Helper()
	tab, err := ReadFile(refcase.Path("birthwt.csv"), ReadOptions{Target: "low"})
	if err != nil {
		t.Fatal(err)
	}
	return tab, readRaw(t, refcase.Path("birthwt.csv"))
}

func TestEncodingJSONRoundTrip(t *testing.T) {
	t.Parallel()
	tab, raw := birthwt(t)
	b, err := json.Marshal(&tab.Encoding)
	if err != nil {
		t.Fatal(err)
	}
	var enc Encoding
	if err := json.Unmarshal(b, &enc); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(enc, tab.Encoding) {
		t.Fatalf("JSON round trip: got %+v, want %+v", enc, tab.Encoding)
	}
	// The same data with its columns in another order and an extra column.
	for i := range raw {
		raw[i] = append(raw[i], "extra")
	}
	shuffled := permute(raw, []string{"ftv", "race", "extra", "low", "age", "ui", "ht", "ptl", "smoke", "lwt"})
	got, err := enc.Apply(strings.NewReader(writeCSV(t, shuffled)), ApplyOptions{Target: true, Name: "s.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.X.RawData(), tab.X.RawData()) {
		t.Errorf("X: got %v, want %v", got.X.RawData(), tab.X.RawData())
	}
	if gr, gc := got.X.Dims(); gr != 189 || gc != 9 {
		t.Errorf("dims: got %d×%d, want 189×9", gr, gc)
	}
	if !slices.Equal(got.Y, tab.Y) || !slices.Equal(got.Names, tab.Names) || !slices.Equal(got.Rows, tab.Rows) {
		t.Errorf("Y, Names, Rows: got %v %v %v, want %v %v %v", got.Y, got.Names, got.Rows, tab.Y, tab.Names, tab.Rows)
	}
	if got.TargetLevels != tab.TargetLevels || !reflect.DeepEqual(got.Encoding, tab.Encoding) {
		t.Errorf("encoding: got %+v, want %+v", got.Encoding, tab.Encoding)
	}
}

func TestEncodingApplyWithoutTarget(t *testing.T) {
	t.Parallel()
	tab, raw := birthwt(t)
	noTarget := permute(raw, []string{"age", "lwt", "race", "smoke", "ptl", "ht", "ui", "ftv"})
	got, err := tab.Encoding.Apply(strings.NewReader(writeCSV(t, noTarget)), ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Y != nil || !slices.Equal(got.X.RawData(), tab.X.RawData()) {
		t.Errorf("got Y %v and X equal %v, want nil Y and equal X", got.Y, slices.Equal(got.X.RawData(), tab.X.RawData()))
	}
	// A single row with one level of race is fine for prediction.
	one := "age,lwt,race,smoke,ptl,ht,ui,ftv\n30,120,white,1,0,0,0,2\n"
	got, err = tab.Encoding.Apply(strings.NewReader(one), ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{30, 120, 0, 1, 1, 0, 0, 0, 2}; !slices.Equal(got.X.RawRow(0), want) {
		t.Errorf("row: got %v, want %v", got.X.RawRow(0), want)
	}
}

func TestEncodingApplyErrors(t *testing.T) {
	t.Parallel()
	tab, _ := birthwt(t)
	const head = "low,age,lwt,race,smoke,ptl,ht,ui,ftv\n0,19,182,black,0,0,0,1,0\n"
	tests := []struct {
		name      string
		in        string
		opt       ApplyOptions
		want      error
		line, col int
		fragment  string
	}{
		{"unseen level", head + "0,33,155,asian,0,0,0,0,3\n", ApplyOptions{}, ErrUnseenLevel, 3, 4,
			`"asian" in column "race" (levels: black, other, white)`},
		{"number in categorical column", head + "0,33,155,2,0,0,0,0,3\n", ApplyOptions{}, ErrUnseenLevel, 3, 4, `"2"`},
		{"missing column", "low,age,lwt,smoke,ptl,ht,ui,ftv\n0,19,182,0,0,0,1,0\n", ApplyOptions{}, ErrUnknownColumn, 1, 0, `"race"`},
		{"missing target column", "age,lwt,race,smoke,ptl,ht,ui,ftv\n19,182,black,0,0,0,1,0\n", ApplyOptions{Target: true}, ErrUnknownColumn, 1, 0, `"low"`},
		{"text in numeric column", head + "0,thirty,155,white,0,0,0,0,3\n", ApplyOptions{}, ErrNotNumeric, 3, 2, `text "thirty" in numeric column "age"`},
		{"missing value", head + "0,33,,white,0,0,0,0,3\n", ApplyOptions{}, ErrMissing, 3, 3, `column "lwt"`},
		{"missing level", head + "0,33,155,NA,0,0,0,0,3\n", ApplyOptions{}, ErrMissing, 3, 4, `column "race"`},
		{"not finite", head + "0,33,Inf,white,0,0,0,0,3\n", ApplyOptions{}, ErrNotFinite, 3, 3, `"Inf"`},
		{"bad target", head + "2,33,155,white,0,0,0,0,3\n", ApplyOptions{Target: true}, ErrTarget, 3, 1, "not 0 or 1"},
		{"text target", head + "yes,33,155,white,0,0,0,0,3\n", ApplyOptions{Target: true}, ErrNotNumeric, 3, 1, `"yes"`},
		{"ragged", head + "0,33,155\n", ApplyOptions{}, ErrRagged, 3, 0, "3 fields"},
		{"no rows", "age,lwt,race,smoke,ptl,ht,ui,ftv\n", ApplyOptions{}, ErrEmpty, 0, 0, "header but no rows"},
		{"all dropped", head[:strings.IndexByte(head, '\n')+1] + "0,,1,white,0,0,0,0,3\n", ApplyOptions{DropNA: true}, ErrEmpty, 0, 0, "all 1 rows"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opt := tc.opt
			opt.Name = "new.csv"
			got, err := tab.Encoding.Apply(strings.NewReader(tc.in), opt)
			if got != nil {
				t.Errorf("table: got %v, want nil", got)
			}
			checkParseError(t, err, tc.want, "new.csv", tc.line, tc.col, tc.fragment)
		})
	}
}

func TestEncodingApplyDropNA(t *testing.T) {
	t.Parallel()
	tab, _ := birthwt(t)
	in := "low,age,lwt,race,smoke,ptl,ht,ui,ftv\n0,19,182,black,0,0,0,1,0\nNA,20,,other,1,0,0,0,1\n1,21,108,white,1,0,0,1,2\n"
	got, err := tab.Encoding.Apply(strings.NewReader(in), ApplyOptions{DropNA: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{19, 182, 0, 0, 0, 0, 0, 1, 0, 21, 108, 0, 1, 1, 0, 0, 1, 2}
	if !slices.Equal(got.X.RawData(), want) || got.Dropped != 1 || !slices.Equal(got.Rows, []int{2, 4}) {
		t.Errorf("got X %v dropped %d rows %v, want %v dropped 1 rows [2 4]", got.X.RawData(), got.Dropped, got.Rows, want)
	}
	// A row dropped for a missing cell is not checked against the levels,
	// as it never reached the training data either.
	in = "low,age,lwt,race,smoke,ptl,ht,ui,ftv\n0,19,182,black,0,0,0,1,0\n0,20,,asian,1,0,0,0,1\n"
	if got, err = tab.Encoding.Apply(strings.NewReader(in), ApplyOptions{DropNA: true}); err != nil || got.Dropped != 1 {
		t.Errorf("unseen level in a dropped row: got %v dropped, error %v, want 1 and nil", got.Dropped, err)
	}
	in = "low,age,lwt,race,smoke,ptl,ht,ui,ftv\n0,19,182,black,0,0,0,1,0\n0,20,100,asian,1,0,0,0,1\n"
	_, err = tab.Encoding.Apply(strings.NewReader(in), ApplyOptions{DropNA: true, Name: "n"})
	checkParseError(t, err, ErrUnseenLevel, "n", 3, 4, `"asian"`)
	// Only the columns read count: the missing target does not drop a row
	// when the target is not read, and does when it is.
	in = "low,age,lwt,race,smoke,ptl,ht,ui,ftv\n0,19,182,black,0,0,0,1,0\nNA,20,100,other,1,0,0,0,1\n"
	if got, err = tab.Encoding.Apply(strings.NewReader(in), ApplyOptions{DropNA: true}); err != nil || got.Dropped != 0 {
		t.Errorf("without target: got %v dropped, error %v, want 0 and nil", got.Dropped, err)
	}
	if got, err = tab.Encoding.Apply(strings.NewReader(in), ApplyOptions{DropNA: true, Target: true}); err != nil || got.Dropped != 1 {
		t.Errorf("with target: got %v dropped, error %v, want 1 and nil", got.Dropped, err)
	}
}

func TestEncodingApplyTextTarget(t *testing.T) {
	t.Parallel()
	train := "x,y\n1,no\n2,yes\n3,maybe\n"
	tests := []struct {
		name     string
		positive string
		in       string
		want     []float64
		wantErr  error
	}{
		{"positive codes others 0", "yes", "x,y\n1,yes\n2,no\n3,never\n", []float64{1, 0, 0}, nil},
		{"two levels", "", "x,y\n1,yes\n2,no\n", []float64{1, 0}, nil},
		{"two levels, unseen", "", "x,y\n1,yes\n2,maybe\n", nil, ErrUnseenLevel},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			data := train
			if tc.positive == "" {
				data = "x,y\n1,no\n2,yes\n"
			}
			tab, err := Read(strings.NewReader(data), ReadOptions{Target: "y", Positive: tc.positive})
			if err != nil {
				t.Fatal(err)
			}
			got, err := tab.Encoding.Apply(strings.NewReader(tc.in), ApplyOptions{Target: true})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error: got %v, want %v", err, tc.wantErr)
			}
			if err == nil && !slices.Equal(got.Y, tc.want) {
				t.Errorf("Y: got %v, want %v", got.Y, tc.want)
			}
		})
	}
}

func TestEncodingApplyNumericPositive(t *testing.T) {
	t.Parallel()
	tab, err := Read(strings.NewReader("x,y\n1,1\n2,2\n3,3\n"), ReadOptions{Target: "y", Positive: "2"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := tab.Encoding.Apply(strings.NewReader("x,y\n1,2\n2,7\n"), ApplyOptions{Target: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{1, 0}; !slices.Equal(got.Y, want) {
		t.Errorf("Y: got %v, want %v", got.Y, want)
	}
}

func TestEncodingInvalid(t *testing.T) {
	t.Parallel()
	num := Feature{Name: "a", Kind: Numeric}
	tg := Target{Name: "y", Kind: Numeric, Levels: [2]string{"0", "1"}}
	tests := []struct {
		name string
		enc  Encoding
	}{
		{"empty feature name", Encoding{Features: []Feature{{Kind: Numeric}}, Target: tg}},
		{"feature twice", Encoding{Features: []Feature{num, num}, Target: tg}},
		{"bad kind", Encoding{Features: []Feature{{Name: "a", Kind: "ordinal"}}, Target: tg}},
		{"one level", Encoding{Features: []Feature{{Name: "a", Kind: Categorical, Levels: []string{"u"}}}, Target: tg}},
		{"repeated level", Encoding{Features: []Feature{{Name: "a", Kind: Categorical, Levels: []string{"u", "v", "u"}}}, Target: tg}},
		{"no target", Encoding{Features: []Feature{num}}},
		{"target is a feature", Encoding{Features: []Feature{num}, Target: Target{Name: "a", Kind: Numeric}}},
		{"bad target kind", Encoding{Features: []Feature{num}, Target: Target{Name: "y"}}},
		{"non-numeric positive", Encoding{Features: []Feature{num}, Target: Target{Name: "y", Kind: Numeric, Positive: "yes"}}},
		{"equal target levels", Encoding{Features: []Feature{num}, Target: Target{Name: "y", Kind: Categorical, Levels: [2]string{"u", "u"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := tc.enc.Apply(strings.NewReader("a,y\n1,0\n"), ApplyOptions{Target: true})
			if !errors.Is(err, ErrEncoding) {
				t.Errorf("error: got %v, want %v", err, ErrEncoding)
			}
		})
	}
}

func TestEncodingApplyNoColumns(t *testing.T) {
	t.Parallel()
	var enc Encoding
	got, err := enc.Apply(strings.NewReader("a\n1\n2\n"), ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r, c := got.X.Dims(); r != 2 || c != 0 || !slices.Equal(got.Rows, []int{2, 3}) {
		t.Errorf("got %d×%d rows %v, want 2×0 rows [2 3]", r, c, got.Rows)
	}
}

// TestEncodingApplyWeights checks that a model trained on proportions with
// a weights column can code new data: the weights are read with the target.
func TestEncodingApplyWeights(t *testing.T) {
	t.Parallel()
	train := "dose,n,p\n1,10,0.1\n2,20,0.45\n3,10,0.9\n"
	tab, err := Read(strings.NewReader(train), ReadOptions{Target: "p", Weights: "n"})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Encoding.Weights != "n" {
		t.Fatalf("Encoding.Weights: got %q, want %q", tab.Encoding.Weights, "n")
	}
	b, err := json.Marshal(&tab.Encoding)
	if err != nil {
		t.Fatal(err)
	}
	var enc Encoding
	if err := json.Unmarshal(b, &enc); err != nil || !reflect.DeepEqual(enc, tab.Encoding) {
		t.Fatalf("JSON round trip: got %+v (%v), want %+v", enc, err, tab.Encoding)
	}
	// An encoding without weights leaves no trace in JSON.
	noW, _ := Read(strings.NewReader(train), ReadOptions{Target: "p", Features: []string{"dose", "n"}, Positive: "0.9"})
	if b, _ := json.Marshal(&noW.Encoding); bytes.Contains(b, []byte("weights")) {
		t.Errorf("JSON without weights: got %s, want no weights key", b)
	}

	tests := []struct {
		name      string
		in        string
		opt       ApplyOptions
		x, y, w   []float64
		want      error
		line, col int
	}{
		{name: "proportions and weights", in: "p,n,dose\n0.25,4,1.5\n1,2,2.5\n", opt: ApplyOptions{Target: true},
			x: []float64{1.5, 2.5}, y: []float64{0.25, 1}, w: []float64{4, 2}},
		{name: "without target, weights unread", in: "dose\n1.5\n", x: []float64{1.5}},
		{name: "missing weight dropped", in: "p,n,dose\n0.25,,1.5\n1,2,2.5\n", opt: ApplyOptions{Target: true, DropNA: true},
			x: []float64{2.5}, y: []float64{1}, w: []float64{2}},
		{name: "no weights column", in: "p,dose\n0.25,1.5\n", opt: ApplyOptions{Target: true}, want: ErrUnknownColumn, line: 1},
		{name: "negative weight", in: "p,n,dose\n0.25,4,1.5\n1,-2,2.5\n", opt: ApplyOptions{Target: true}, want: ErrWeight, line: 3, col: 2},
		{name: "text weight", in: "p,n,dose\n0.25,four,1.5\n", opt: ApplyOptions{Target: true}, want: ErrNotNumeric, line: 2, col: 2},
		{name: "missing weight", in: "p,n,dose\n0.25,NA,1.5\n", opt: ApplyOptions{Target: true}, want: ErrMissing, line: 2, col: 2},
		{name: "proportion above 1", in: "p,n,dose\n1.5,4,1.5\n", opt: ApplyOptions{Target: true}, want: ErrTarget, line: 2, col: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opt := tc.opt
			opt.Name = "new.csv"
			got, err := enc.Apply(strings.NewReader(tc.in), opt)
			if tc.want != nil {
				checkParseError(t, err, tc.want, "new.csv", tc.line, tc.col, "")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.X.RawData(), tc.x) || !slices.Equal(got.Y, tc.y) || !slices.Equal(got.Weights, tc.w) {
				t.Errorf("got X %v Y %v weights %v, want %v, %v and %v", got.X.RawData(), got.Y, got.Weights, tc.x, tc.y, tc.w)
			}
		})
	}
}

func TestEncodingInvalidWeights(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"a", "y"} {
		enc := Encoding{Features: []Feature{{Name: "a", Kind: Numeric}}, Target: Target{Name: "y", Kind: Numeric}, Weights: w}
		if _, err := enc.Apply(strings.NewReader("a,y\n1,0\n"), ApplyOptions{Target: true}); !errors.Is(err, ErrEncoding) {
			t.Errorf("weights %q: got %v, want %v", w, err, ErrEncoding)
		}
	}
}

// TestNamesInvalidEncoding checks that Names does not panic on a
// categorical feature without levels, as a hand-edited model file can hold.
func TestNamesInvalidEncoding(t *testing.T) {
	t.Parallel()
	e := &Encoding{Features: []Feature{{Name: "a", Kind: Numeric}, {Name: "c", Kind: Categorical}}}
	if got := e.Names(); len(got) != 1 || got[0] != "a" {
		t.Errorf("got %q, want [a]", got)
	}
}
