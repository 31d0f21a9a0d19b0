package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// streamCase is an input with the options to read it.
type streamCase struct {
	name string
	in   []byte
	opt  ReadOptions
}

// streamCases returns the inputs on which ScanEncoding and ApplyChunks are
// checked against Read: the reference data sets, generated numeric and text
// files, and small files for each coding rule.
func streamCases(t *testing.T) []streamCase {
	t.Helper()
	file := func(path string) []byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ref := func(name string) []byte {
		b, err := refcase.Read(name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return []streamCase{
		{"birthwt", ref("birthwt.csv"), ReadOptions{Target: "low"}},
		{"birthwt features", ref("birthwt.csv"), ReadOptions{Target: "low", Features: []string{"race", "lwt", "smoke"}}},
		{"iris_vv", ref("iris_vv.csv"), ReadOptions{Target: "virginica"}},
		{"iris positive", file("iris.csv"), ReadOptions{Target: "species", Positive: "virginica"}},
		{"iris species feature", file("iris.csv"), ReadOptions{Target: "sepal_length", Positive: "5.1"}},
		{"numeric", benchCSV(300<<10, 6, benchLong), ReadOptions{Target: "y"}},
		{"text", benchCSV(300<<10, 3, benchText), ReadOptions{Target: "y"}},
		{"quoted", benchCSV(100<<10, 3, benchQuoted), ReadOptions{Target: "y"}},
		{"intercept only", benchCSV(20<<10, 3, benchText), ReadOptions{Target: "y", Features: []string{}}},
		{"drop NA, weights", []byte("a,g,w,y\n1,u,2,0.5\n,v,1,1\n3,\"x\ny\",0,NA\n4,u,1,0\n\n5,v,3,1\r\n6,z,1,NA\n"),
			ReadOptions{Target: "y", Weights: "w", DropNA: true}},
		{"text target", []byte("x,y\n1,yes\n2,no\n3,yes\n4,no\n"), ReadOptions{Target: "y"}},
		{"text target positive", []byte("x,y\n1,yes\n2,no\n3,maybe\n4,no\n"), ReadOptions{Target: "y", Positive: "yes"}},
		{"numeric positive", []byte("x,y\n1,2\n2,3\n3,2\n4,3\n"), ReadOptions{Target: "y", Positive: "3"}},
		{"numeric positive, three values", []byte("x,y\n1,2\n2,3\n3,4\n4,3\n"), ReadOptions{Target: "y", Positive: "3"}},
		{"level only in dropped row", []byte("g,a,y\nu,1,0\nw,,1\nv,2,1\nu,3,0\n"), ReadOptions{Target: "y", DropNA: true}},
		{"blank lines and BOM", []byte("\uFEFF\n\nx,g,y\r\n\r\n1, a,0\r\n2,b ,1\r\n\r\n3, a,1\r\n"), ReadOptions{Target: "y"}},
	}
}

// TestScanEncodingMatchesRead checks that ScanEncoding returns the encoding
// and counts of Read's table, and that ApplyChunks' tables put end to end
// equal Read's X, Y, Weights and Rows exactly, for pieces of input down to
// one byte and chunks of 1, 7 and 1000 rows.
func TestScanEncodingMatchesRead(t *testing.T) {
	t.Parallel()
	for _, tc := range streamCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want, err := Read(bytes.NewReader(tc.in), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			n, p := want.X.Dims()
			pieces := []int{chunkSize, 64, 5}
			if len(tc.in) < 20<<10 {
				pieces = chunkSizes
			}
			for _, piece := range pieces {
				enc, info, err := scanEncoding(bytes.NewReader(tc.in), tc.opt, piece)
				if err != nil {
					t.Fatalf("pieces of %d bytes: got error %v, want nil", piece, err)
				}
				if !reflect.DeepEqual(*enc, want.Encoding) {
					t.Errorf("pieces of %d bytes: got encoding %+v, want %+v", piece, *enc, want.Encoding)
				}
				if info.Rows != n || info.Dropped != want.Dropped {
					t.Errorf("pieces of %d bytes: got %d rows, %d dropped, want %d, %d", piece, info.Rows, info.Dropped, n, want.Dropped)
				}
				for _, rows := range []int{1, 7, 1000} {
					var x, y, w []float64
					var lines []int
					calls, dropped := 0, -1
					err := enc.applyChunks(bytes.NewReader(tc.in), ApplyOptions{Target: true, DropNA: tc.opt.DropNA}, rows, piece,
						func(c *Table) error {
							r, q := c.X.Dims()
							if q != p || len(c.Y) != r || len(c.Rows) != r || (c.Weights != nil) != (want.Weights != nil) ||
								c.Weights != nil && len(c.Weights) != r {
								t.Fatalf("chunk %d: got X %d×%d, %d responses, %d weights, %d lines", calls, r, q, len(c.Y), len(c.Weights), len(c.Rows))
							}
							if !slices.Equal(c.Names, want.Names) || c.TargetLevels != want.TargetLevels {
								t.Fatalf("chunk %d: got names %q, levels %q, want %q, %q", calls, c.Names, c.TargetLevels, want.Names, want.TargetLevels)
							}
							if calls > 0 && len(lines)%rows != 0 {
								t.Fatalf("chunk %d follows a chunk of %d rows, want %d", calls, len(lines)%rows, rows)
							}
							x = append(x, c.X.RawData()...)
							y = append(y, c.Y...)
							w = append(w, c.Weights...)
							lines = append(lines, c.Rows...)
							calls++
							dropped = c.Dropped
							return nil
						})
					if err != nil {
						t.Fatalf("pieces of %d bytes, chunks of %d rows: got error %v", piece, rows, err)
					}
					if calls != (n+rows-1)/rows {
						t.Errorf("chunks of %d rows: got %d calls, want %d", rows, calls, (n+rows-1)/rows)
					}
					if !slices.Equal(x, want.X.RawData()) || !slices.Equal(y, want.Y) || !slices.Equal(w, want.Weights) ||
						!slices.Equal(lines, want.Rows) {
						t.Errorf("pieces of %d bytes, chunks of %d rows: got X %v Y %v weights %v rows %v, want %v, %v, %v, %v",
							piece, rows, x, y, w, lines, want.X.RawData(), want.Y, want.Weights, want.Rows)
					}
					if dropped != want.Dropped {
						t.Errorf("chunks of %d rows: last chunk counts %d dropped rows, want %d", rows, dropped, want.Dropped)
					}
				}
			}
		})
	}
}

// TestScanEncodingErrors checks that ScanEncoding returns Read's error,
// message and position, on inputs with one problem or several.
func TestScanEncodingErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		opt  ReadOptions
		want error
	}{
		{in: "", want: ErrEmpty},
		{in: "\n\n\r\n", want: ErrEmpty},
		{in: "a,y\n", want: ErrEmpty},
		{in: "a,y,a\n1,0,2\n", want: ErrDuplicateHeader},
		{in: "a,,y\n1,2,0\n", want: ErrEmptyHeader},
		{in: "a,y\n1,0\n2\n", want: ErrRagged},
		{in: "a,y,z\n1,0\n", opt: ReadOptions{Features: []string{"a"}}, want: ErrRagged},
		{in: "a,y\n1,0\n2x\"y,1\n", want: ErrSyntax},
		{in: "a,y\n1,0\n\"2,1\n", want: ErrSyntax},
		{in: "a\xff,y\n1,0\n", want: ErrInvalidUTF8},
		{in: "a,y\nu,0\n\xfe,1\n", want: ErrInvalidUTF8},
		{in: "a,y\n1,0\n", opt: ReadOptions{Target: "-"}, want: ErrOption},
		{in: "a,y\n1,0\n", opt: ReadOptions{Target: "z"}, want: ErrUnknownColumn},
		{in: "a,y\n1,0\n", opt: ReadOptions{Features: []string{"b"}}, want: ErrUnknownColumn},
		{in: "a,y\n1,0\n", opt: ReadOptions{Weights: "w"}, want: ErrUnknownColumn},
		{in: "a,y\n1,0\n", opt: ReadOptions{Features: []string{"a", "y"}}, want: ErrOption},
		{in: "a,w,y\n1,1,0\n", opt: ReadOptions{Features: []string{"w"}, Weights: "w"}, want: ErrOption},
		{in: "a,y\n1,0\n", opt: ReadOptions{Weights: "y"}, want: ErrOption},
		{in: "a,y\n1,0\n", opt: ReadOptions{Features: []string{"a", "a"}}, want: ErrOption},
		{in: "a,y\n1,0\n,1\n", want: ErrMissing},
		{in: "a,w,y\n1,1,0\n2,NA,1\n", opt: ReadOptions{Weights: "w"}, want: ErrMissing},
		{in: "a,y\n1,0\nNaN,1\n", want: ErrNotFinite},
		{in: "a,y\n1,0\n1e400,1\n", want: ErrNotFinite},
		{in: "a,b,y\n1,2,0\nNaN,,1\n", opt: ReadOptions{DropNA: true}, want: ErrNotFinite},
		{in: "a,b,y\n1,2,0\n\"x\ny\",NaN,1\n", want: ErrNotFinite},
		{in: "a,y\n1,0\n2,1\nx,0\n3,1\n", want: ErrMixed},
		{in: "a,y\nu,0\nv,1\n5,0\nw,1\n", want: ErrMixed},
		{in: "a,y\nx,0\n1,1\n", want: ErrMixed},
		{in: "a,b,y\n1,1,0\n2,q,1\n3,4,0\np,5,1\n", want: ErrMixed},
		{in: "a,y\n1,0\n2,1\n3,yes\n", want: ErrMixed},
		{in: "g,y\nu,0\nu,1\n", want: ErrSingleLevel},
		{in: "g,a,y\nu,1,0\nv,,1\nu,2,1\n", opt: ReadOptions{DropNA: true}, want: ErrSingleLevel},
		{in: "g,g=v,y\nu,1,0\nv,2,1\n", want: ErrDuplicateHeader},
		{in: "a,y\n1,0\n2,2\n", want: ErrTarget},
		{in: "a,y\n1,-1\n2,1\n", want: ErrTarget},
		{in: "a,y\n1,0\n2,0.5\n", want: ErrTarget},
		{in: "a,w,y\n1,2,0.5\n2,2,1.5\n", opt: ReadOptions{Weights: "w"}, want: ErrTarget},
		{in: "a,y\n1,a\n2,b\n3,c\n", want: ErrTarget},
		{in: "a,y\n1,no\n2,no\n", want: ErrTarget},
		{in: "a,y\n1,no\n2,yes\n", opt: ReadOptions{Positive: "Yes"}, want: ErrTarget},
		{in: "a,y\n1,1\n2,2\n", opt: ReadOptions{Positive: "3"}, want: ErrTarget},
		{in: "a,y\n1,1\n2,2\n", opt: ReadOptions{Positive: "two"}, want: ErrTarget},
		{in: "a,y\n1,no\n,yes\n2,maybe\n", opt: ReadOptions{Positive: "yes", DropNA: true}, want: ErrTarget},
		{in: "a,w,y\n1,1,0\n2,-0.5,1\n", opt: ReadOptions{Weights: "w"}, want: ErrWeight},
		{in: "a,w,y\n1,x,0\n2,y,1\n", opt: ReadOptions{Weights: "w"}, want: ErrNotNumeric},
		{in: "a,y\n,0\n2,NA\n", opt: ReadOptions{DropNA: true}, want: ErrEmpty},
		// Several problems: Read's order of checks decides.
		{in: "a,y\n1,2\n2,0\n3,\"x\n", want: ErrSyntax},
		{in: "a,y\n1,2\n2,0\nx,1\n3,0\n4,1\n", want: ErrMixed},
		{in: "a,w,y\n1,-1,2\n2,1,0\n", opt: ReadOptions{Weights: "w"}, want: ErrTarget},
		{in: "g,w,y\nu,-1,0\nu,1,1\n", opt: ReadOptions{Weights: "w"}, want: ErrWeight},
		{in: "g,h,y\nu,a,0\nu,a,1\n", want: ErrSingleLevel},
		{in: "a,y\nx,2\n1,0\n", want: ErrMixed},
		{in: "a,y\n1,0\n2,1\n3,0\n4,5\n5,\n", want: ErrMissing},
	}
	for i, tc := range tests {
		opt := tc.opt
		switch opt.Target {
		case "":
			opt.Target = "y"
		case "-":
			opt.Target = ""
		}
		opt.Name = "d.csv"
		_, wantErr := Read(strings.NewReader(tc.in), opt)
		if !errors.Is(wantErr, tc.want) {
			t.Fatalf("case %d: Read gives %v, want %v (the test is wrong)", i, wantErr, tc.want)
		}
		var wantPE *ParseError
		errors.As(wantErr, &wantPE)
		for _, piece := range chunkSizes {
			enc, info, err := scanEncoding(strings.NewReader(tc.in), opt, piece)
			var pe *ParseError
			if enc != nil || info != nil || !errors.As(err, &pe) || !errors.Is(err, tc.want) || err.Error() != wantErr.Error() ||
				pe.Line != wantPE.Line || pe.Column != wantPE.Column {
				t.Errorf("input %q, pieces of %d bytes: got %v, %v, %v, want Read's error %v", tc.in, piece, enc, info, err, wantErr)
			}
		}
	}
}

// failReader returns its data, then err.
type failReader struct {
	data []byte
	err  error
}

func (r *failReader) Read(b []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(b, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestStreamPassesReaderErrors checks that an error of the reader is
// returned unchanged, at the start and in the middle of a large input.
func TestStreamPassesReaderErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	data := benchCSV(3<<20, 3, benchShort)
	enc, _, err := ScanEncoding(bytes.NewReader(data), ReadOptions{Target: "y"})
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{0, 10, 2 << 20} {
		_, _, err := ScanEncoding(&failReader{data[:cut], boom}, ReadOptions{Target: "y"})
		if err != boom {
			t.Errorf("ScanEncoding, error after %d bytes: got %v, want %v", cut, err, boom)
		}
		err = enc.ApplyChunks(&failReader{data[:cut], boom}, ApplyOptions{Target: true}, 100, func(*Table) error { return nil })
		if err != boom {
			t.Errorf("ApplyChunks, error after %d bytes: got %v, want %v", cut, err, boom)
		}
	}
}

// TestApplyChunksErrors checks that ApplyChunks returns Apply's error on
// inputs with one problem, the earliest problem on inputs with several,
// having handed fn only rows before it, and fn's own error unchanged.
func TestApplyChunksErrors(t *testing.T) {
	t.Parallel()
	enc := &Encoding{
		Features: []Feature{{Name: "a", Kind: Numeric}, {Name: "g", Kind: Categorical, Levels: []string{"u", "v"}}},
		Target:   Target{Name: "y", Kind: Numeric, Levels: [2]string{"0", "1"}},
	}
	wc := enc.clone()
	wenc := &wc
	wenc.Weights = "w"
	head := "a,g,y\n1,u,0\n2,v,1\n3,u,1\n"
	whead := "a,g,w,y\n1,u,1,0\n2,v,1,1\n3,u,1,1\n"
	tests := []struct {
		enc      *Encoding
		in       string
		dropNA   bool
		want     error
		line     int // line of the error, when Apply reports another
		rowsSeen int // rows fn sees in chunks of 2 before the error
	}{
		{enc: enc, in: "", want: ErrEmpty},
		{enc: enc, in: "a,g,y\n", want: ErrEmpty},
		{enc: enc, in: "a,y\n1,0\n", want: ErrUnknownColumn},
		{enc: enc, in: head + "4,w,0\n", want: ErrUnseenLevel, rowsSeen: 2},
		{enc: enc, in: head + "x,u,0\n", want: ErrNotNumeric, rowsSeen: 2},
		{enc: enc, in: head + "4,u,2\n", want: ErrTarget, rowsSeen: 2},
		{enc: enc, in: head + "4,u,\n", want: ErrMissing, rowsSeen: 2},
		{enc: enc, in: head + "4,u,0,5\n", want: ErrRagged, rowsSeen: 2},
		{enc: enc, in: head + "4,\"u,0\n", want: ErrSyntax, rowsSeen: 2},
		{enc: enc, in: head + "Inf,u,0\n", want: ErrNotFinite, rowsSeen: 2},
		{enc: enc, in: "a,g,y\n,w,0\n", dropNA: true, want: ErrEmpty},
		{enc: wenc, in: whead + "4,u,-1,0\n", want: ErrWeight, rowsSeen: 2},
		{enc: wenc, in: whead + "4,u,2,1.5\n", want: ErrTarget, rowsSeen: 2},
		{enc: &Encoding{Features: []Feature{{Name: "a", Kind: "bogus"}}}, in: head, want: ErrEncoding},
		// Several problems: the earliest row's comes first.
		{enc: enc, in: head + "4,u,2\n5,w,0\n", want: ErrTarget, line: 5, rowsSeen: 2},
		{enc: wenc, in: whead + "4,u,-1,0\n5,u,1,1\n6,u,1\"\n", want: ErrWeight, line: 5, rowsSeen: 2},
	}
	for i, tc := range tests {
		opt := ApplyOptions{Target: true, DropNA: tc.dropNA, Name: "d.csv"}
		_, wantErr := tc.enc.Apply(strings.NewReader(tc.in), opt)
		if !errors.Is(wantErr, tc.want) && tc.line == 0 {
			t.Fatalf("case %d: Apply gives %v, want %v (the test is wrong)", i, wantErr, tc.want)
		}
		for _, piece := range chunkSizes {
			seen := 0
			err := tc.enc.applyChunks(strings.NewReader(tc.in), opt, 2, piece, func(c *Table) error {
				seen += len(c.Rows)
				return nil
			})
			if !errors.Is(err, tc.want) {
				t.Errorf("case %d, pieces of %d bytes: got %v, want %v", i, piece, err, tc.want)
				continue
			}
			var pe *ParseError
			switch {
			case tc.line > 0:
				if !errors.As(err, &pe) || pe.Line != tc.line {
					t.Errorf("case %d, pieces of %d bytes: got %v, want an error on line %d", i, piece, err, tc.line)
				}
			case err.Error() != wantErr.Error():
				t.Errorf("case %d, pieces of %d bytes: got %v, want Apply's %v", i, piece, err, wantErr)
			}
			if seen != tc.rowsSeen {
				t.Errorf("case %d, pieces of %d bytes: fn saw %d rows, want %d", i, piece, seen, tc.rowsSeen)
			}
		}
	}

	// fn's error stops the read and comes back unchanged.
	stop := errors.New("stop")
	data := benchCSV(3<<20, 3, benchShort)
	tenc, _, err := ScanEncoding(bytes.NewReader(data), ReadOptions{Target: "y"})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	err = tenc.ApplyChunks(bytes.NewReader(data), ApplyOptions{Target: true}, 1000, func(*Table) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 3 {
		t.Errorf("got %v after %d calls, want %v after 3", err, calls, stop)
	}
}

func TestApplyChunksPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if r := recover(); r != "dataset: ApplyChunks with rows < 1" {
			t.Errorf("got panic %v, want dataset: ApplyChunks with rows < 1", r)
		}
	}()
	enc := &Encoding{Target: Target{Name: "y", Kind: Numeric}}
	enc.ApplyChunks(strings.NewReader("y\n1\n"), ApplyOptions{}, 0, func(*Table) error { return nil })
}

// TestApplyChunksWithoutTarget checks that without a target the tables have
// no Y and no weights and the design equals Apply's.
func TestApplyChunksWithoutTarget(t *testing.T) {
	t.Parallel()
	tab, _ := birthwt(t)
	in, err := refcase.Read("birthwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	want, err := tab.Encoding.Apply(bytes.NewReader(in), ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var x []float64
	err = tab.Encoding.ApplyChunks(bytes.NewReader(in), ApplyOptions{}, 50, func(c *Table) error {
		if c.Y != nil || c.Weights != nil {
			t.Errorf("got Y %v, weights %v, want nil", c.Y, c.Weights)
		}
		x = append(x, c.X.RawData()...)
		return nil
	})
	if err != nil || !slices.Equal(x, want.X.RawData()) {
		t.Errorf("got %v, %v, want %v", x, err, want.X.RawData())
	}
}

// FuzzScanEncoding checks that on any input ScanEncoding gives Read's
// encoding or error, and ApplyChunks Read's rows.
func FuzzScanEncoding(f *testing.F) {
	for _, s := range []string{
		"a,y\n1,0\n2,1\n",
		"\uFEFFa,g,y\r\n1,u,0\r\n2,v,1\r\n",
		"a,g,w,y\n1,\"x,y\",2,0.5\n,v,1,1\n3,x,0,NA\n",
		"a,y\n1,0\nNaN,1\n",
		"y,a\nno,1e3\nyes,-4\n",
		"g,y\nb,0\nB,1\na,0\n_,1\n",
		"a,y\n1,2\n2,0\n3,\"x\n",
	} {
		f.Add([]byte(s), false, 3)
		f.Add([]byte(s), true, 1)
	}
	f.Fuzz(func(t *testing.T, in []byte, dropNA bool, rows int) {
		rows = 1 + min(max(rows, 0), 100)
		opt := ReadOptions{Target: "y", DropNA: dropNA, Name: "f"}
		if bytes.Contains(in, []byte(",w,")) {
			opt.Weights = "w"
		}
		tab, err := Read(bytes.NewReader(in), opt)
		enc, info, serr := scanEncoding(bytes.NewReader(in), opt, 3)
		if (err == nil) != (serr == nil) || err != nil && err.Error() != serr.Error() {
			t.Fatalf("got error %v, want %v", serr, err)
		}
		if err != nil {
			return
		}
		if !reflect.DeepEqual(*enc, tab.Encoding) || info.Rows != len(tab.Rows) || info.Dropped != tab.Dropped {
			t.Fatalf("got %+v, %+v, want %+v, %d rows, %d dropped", *enc, *info, tab.Encoding, len(tab.Rows), tab.Dropped)
		}
		var x, y []float64
		err = enc.applyChunks(bytes.NewReader(in), ApplyOptions{Target: true, DropNA: dropNA}, rows, 3, func(c *Table) error {
			x = append(x, c.X.RawData()...)
			y = append(y, c.Y...)
			return nil
		})
		if err != nil || !slices.Equal(x, tab.X.RawData()) || !slices.Equal(y, tab.Y) {
			t.Fatalf("ApplyChunks: got %v, %v, %v, want %v, %v", x, y, err, tab.X.RawData(), tab.Y)
		}
	})
}

// BenchmarkScanEncoding and BenchmarkApplyChunks read 10 MB of CSV with
// ten numeric columns; MB/s counts input bytes.
func BenchmarkScanEncoding(b *testing.B) {
	data := benchCSV(10<<20, 10, benchLong)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ScanEncoding(bytes.NewReader(data), ReadOptions{Target: "y"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkApplyChunks(b *testing.B) {
	data := benchCSV(10<<20, 10, benchLong)
	enc, _, err := ScanEncoding(bytes.NewReader(data), ReadOptions{Target: "y"})
	if err != nil {
		b.Fatal(err)
	}
	for _, rows := range []int{1000, 100000} {
		b.Run(fmt.Sprint(rows), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				err := enc.ApplyChunks(bytes.NewReader(data), ApplyOptions{Target: true}, rows, func(*Table) error { return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
