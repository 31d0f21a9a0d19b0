package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// refError is the error a reference reading expects: a sentinel at a
// position, and for a syntax error the encoding/csv error.
type refError struct {
	err       error
	line, col int
	csvErr    error
}

// refFrame reads in as ReadFrame should, with encoding/csv as the
// tokenizer and the rules of the package documentation written out
// directly, record by record.
func refFrame(in []byte) (*Frame, *refError) {
	in = bytes.TrimPrefix(in, []byte("\uFEFF"))
	cr := csv.NewReader(bytes.NewReader(in))
	cr.FieldsPerRecord = -1
	syntax := func(err error) *refError {
		var ce *csv.ParseError
		if !errors.As(err, &ce) {
			panic(err)
		}
		if ce.Err == csv.ErrQuote {
			// When the input ends inside a quoted field, closing it at
			// the end lets its record be read, and the error is at the
			// field's opening quote.
			fixed := csv.NewReader(io.MultiReader(bytes.NewReader(in), strings.NewReader(`"`)))
			fixed.FieldsPerRecord = -1
			for {
				rec, err := fixed.Read()
				if err != nil {
					break
				}
				if line, _ := fixed.FieldPos(0); line == ce.StartLine {
					if _, err := fixed.Read(); err == io.EOF {
						line, col := fixed.FieldPos(len(rec) - 1)
						return &refError{ErrSyntax, line, col, ce.Err}
					}
					break
				}
			}
		}
		return &refError{ErrSyntax, ce.Line, ce.Column, ce.Err}
	}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &refError{err: ErrEmpty}
	}
	if err != nil {
		return nil, syntax(err)
	}
	headerLine, _ := cr.FieldPos(0)
	for j, h := range header {
		switch {
		case h == "":
			return nil, &refError{err: ErrEmptyHeader, line: headerLine, col: j + 1}
		case !utf8.ValidString(h):
			return nil, &refError{err: ErrInvalidUTF8, line: headerLine, col: j + 1}
		case slices.Contains(header[:j], h):
			return nil, &refError{err: ErrDuplicateHeader, line: headerLine, col: j + 1}
		}
	}
	type cell struct {
		v    float64
		text string
		kind int // 0 missing, 1 number, 2 text
	}
	var rows [][]cell
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, syntax(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, &refError{err: ErrRagged, line: line}
		}
		row := make([]cell, len(rec))
		for j, s := range rec {
			t := strings.Trim(s, " \t")
			if t == "" || t == "NA" {
				continue
			}
			v, num, finite := parseNumber(t)
			switch {
			case num && !finite:
				return nil, &refError{err: ErrNotFinite, line: line, col: j + 1}
			case num:
				row[j] = cell{v: v, kind: 1}
			case !utf8.ValidString(s):
				return nil, &refError{err: ErrInvalidUTF8, line: line, col: j + 1}
			default:
				row[j] = cell{text: s, kind: 2}
			}
		}
		rows = append(rows, row)
		lines = append(lines, line)
	}
	if len(rows) == 0 {
		return nil, &refError{err: ErrEmpty}
	}
	f := &Frame{Rows: lines}
	var mixed *refError
	for j, name := range header {
		var nNum, nText, firstNum, firstText int
		for i, row := range rows {
			switch row[j].kind {
			case 1:
				if nNum == 0 {
					firstNum = lines[i]
				}
				nNum++
			case 2:
				if nText == 0 {
					firstText = lines[i]
				}
				nText++
			}
		}
		if nNum > 0 && nText > 0 {
			e := &refError{err: ErrMixed, line: firstText, col: j + 1}
			if nText > nNum {
				e.line = firstNum
			}
			if mixed == nil || e.line < mixed.line {
				mixed = e
			}
			continue
		}
		c := Column{Name: name, Kind: Numeric}
		if nText == 0 {
			for _, row := range rows {
				v := row[j].v
				if row[j].kind == 0 {
					v = math.NaN()
				}
				c.Values = append(c.Values, v)
			}
		} else {
			c.Kind = Categorical
			for _, row := range rows {
				if row[j].kind == 2 && !slices.Contains(c.Levels, row[j].text) {
					c.Levels = append(c.Levels, row[j].text)
				}
			}
			slices.Sort(c.Levels)
			for _, row := range rows {
				c.Codes = append(c.Codes, slices.Index(c.Levels, row[j].text)) // -1 when missing
			}
		}
		f.Columns = append(f.Columns, c)
	}
	if mixed != nil {
		return nil, mixed
	}
	return f, nil
}

// sameFrame compares frames, NaNs included.
func sameFrame(a, b *Frame) bool {
	if len(a.Columns) != len(b.Columns) || !slices.Equal(a.Rows, b.Rows) {
		return false
	}
	for j := range a.Columns {
		x, y := a.Columns[j], b.Columns[j]
		if x.Name != y.Name || x.Kind != y.Kind || !slices.Equal(x.Levels, y.Levels) || !slices.Equal(x.Codes, y.Codes) ||
			len(x.Values) != len(y.Values) {
			return false
		}
		for i := range x.Values {
			if math.Float64bits(x.Values[i]) != math.Float64bits(y.Values[i]) {
				return false
			}
		}
	}
	return true
}

// chunkSizes are the piece sizes the tests read with, down to one byte so
// that every record boundary falls at a piece boundary somewhere.
var chunkSizes = []int{1, 2, 3, 5, 8, 13, 64, chunkSize}

// checkFrameCSV checks ReadFrame on in, read in pieces of every size,
// against refFrame.
func checkFrameCSV(t *testing.T, in []byte) {
	t.Helper()
	want, wantErr := refFrame(in)
	for _, chunk := range chunkSizes {
		got, err := readFrame(bytes.NewReader(in), "f", chunk)
		if wantErr != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, wantErr.err) || pe.Line != wantErr.line || pe.Column != wantErr.col ||
				(wantErr.csvErr != nil && !errors.Is(err, wantErr.csvErr)) {
				t.Fatalf("pieces of %d bytes, input %q: got error %v, want %v at %d:%d (%v)",
					chunk, in, err, wantErr.err, wantErr.line, wantErr.col, wantErr.csvErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("pieces of %d bytes, input %q: got error %v, want %+v", chunk, in, err, want)
		}
		if !sameFrame(got, want) {
			t.Fatalf("pieces of %d bytes, input %q: got %+v, want %+v", chunk, in, got, want)
		}
	}
}

// csvCases are inputs for the reader with the corners of RFC 4180 and of
// encoding/csv.
var csvCases = []string{
	"a,b\n1,2\n",
	"a,b\r\n1,2\r\n3,4",
	"a,b\n1,2\r",
	"a,b\n1,2\r\r\n",
	"a,b\n1,\r\n",
	"a,b\n\r\n\n1,2\n\r",
	"\uFEFFa,b\n1,x\n",
	"a,b\n\"1\",\"x\"\"y\"\n",
	"a,b\n\"1\n2\",x\n3,\"y\r\nz\"\n",
	"a,b\n\"\",\"\"\n",
	"a,b\n1,\"x\"\r\n",
	"a,b\n1,\"x\"",
	"a,b\n1,\"x\r",
	"a,b\n1,\"x\n\n",
	"a,b\n1,\"x\n\r",
	"a,b\n1,x\"y\n",
	"a,b\n1,\"x\"y\n",
	"a,b\n1,\"x\n2,3\n",
	"\"a\nb\",c\n1,2\n",
	"a,b\n1,2,3\n",
	"a,b\n1\n",
	"a,b\n1,\"2\",\n",
	"a,b\n 1 ,\t2\t\n",
	"a,b\n1e5,-.5\n+3.,NA\n",
	"a,b\n1,\rx\n",
	"a,b\nx\r,y\r\n",
	"a,b\n\"x\"\"\",\"\n\"\n",
	"a\n\n\n1\n\n",
	"a,b\n1,x\n2,\"x\",\n",
	"a,a\n",
	",b\n",
	"a,b\n1,\xff\n",
	"a,b\ninf,1\n",
	"a,b\n1,x\n2,3\n4,5\n",
}

func TestReadFrameAgainstCSV(t *testing.T) {
	t.Parallel()
	for _, in := range csvCases {
		checkFrameCSV(t, []byte(in))
	}
}

// FuzzReadFrameCSV checks the reader against encoding/csv and the cell
// rules on any input, read in pieces of every size.
func FuzzReadFrameCSV(f *testing.F) {
	for _, in := range csvCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkFrameCSV(t, in)
	})
}

// TestReadChunks checks that Read and Encoding.Apply give the same table
// or the same error whatever the size of the pieces read in parallel.
func TestReadChunks(t *testing.T) {
	t.Parallel()
	inputs := []struct {
		in  string
		opt ReadOptions
	}{
		{string(benchCSV(4000, 3, benchText)), ReadOptions{}},
		{string(benchCSV(4000, 3, benchQuoted)), ReadOptions{}},
		{string(benchCSV(4000, 3, benchLong)), ReadOptions{}},
		{"a,g,w,y\n1,u,2,0.5\n,v,1,1\n3,\"x\ny\",0,NA\n4,u,1,0\n\n5,v,3,1\r\n", ReadOptions{Weights: "w", DropNA: true}},
		{"a,g,y\n1,u,0\n2,v,1\n3,u,2\n", ReadOptions{}},
		{"a,g,y\n1,u,0\n2,v,1\n3,\"u\nv\"x,1\n", ReadOptions{}},
		{"a,g,y\n1,u,0\n2,v,1\nNaN,u,1\n", ReadOptions{}},
		{"a,g,y\n1,u,0\n2,v,1\n3,w,1\n4,5,0\n", ReadOptions{}},
	}
	for _, tc := range inputs {
		opt := tc.opt
		opt.Target = "y"
		want, wantErr := readTable(strings.NewReader(tc.in), opt, chunkSize)
		for _, chunk := range chunkSizes {
			got, err := readTable(strings.NewReader(tc.in), opt, chunk)
			if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) || !reflect.DeepEqual(got, want) {
				t.Fatalf("Read in pieces of %d bytes: got %+v, %v, want %+v, %v", chunk, got, err, want, wantErr)
			}
			if err != nil {
				continue
			}
			again, err := want.Encoding.apply(strings.NewReader(tc.in), ApplyOptions{Target: true, DropNA: opt.DropNA}, chunk)
			if err != nil || !slices.Equal(again.X.RawData(), want.X.RawData()) || !slices.Equal(again.Y, want.Y) ||
				!slices.Equal(again.Weights, want.Weights) || !slices.Equal(again.Rows, want.Rows) {
				t.Fatalf("Apply in pieces of %d bytes: got %+v, %v, want %+v", chunk, again, err, want)
			}
		}
	}
}
