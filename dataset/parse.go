package dataset

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file holds the single-pass CSV engine shared by [Read], [ReadFrame]
// and [Encoding.Apply]. The cells of the columns in use are stored as they
// are read in a row-major float64 grid: a number as itself, a text cell as
// the index of its level, a missing cell as NaN (a NaN cell in the input is
// an error, so NaN is free to mark missing cells). The kind of a column is
// known only at the end, when the grid is copied once into the design
// matrix. The grid grows by chunks, so it is never copied while it grows.

// missingPolicy says what a missing cell of a used column does.
type missingPolicy int

const (
	missingError missingPolicy = iota // the cell is an error
	missingDrop                       // the row is dropped
	missingKeep                       // the cell is kept as NaN
)

// cellRef is the position and text of a cell, kept for error messages.
type cellRef struct {
	line  int
	value string
}

// column is the parse state of one used column.
type column struct {
	name  string
	field int // 0-based index in the record

	// fixed is the kind an Encoding imposes; "" infers it from the cells.
	fixed Kind
	// otherZero (fixed categorical only) codes a text absent from index as
	// 0 instead of failing with ErrUnseenLevel.
	otherZero bool

	index  map[string]int32 // level -> code
	levels []string         // code -> level

	nNum, nText         int
	firstNum, firstText cellRef
}

// isText reports whether the column is read as text.
func (c *column) isText() bool {
	return c.fixed == Categorical || (c.fixed == "" && c.nText > 0)
}

// parser reads one CSV input.
type parser struct {
	file       string
	cr         *csv.Reader
	header     []string
	headerLine int
}

// newParser skips a UTF-8 byte order mark, reads the header and checks its
// names.
func newParser(r io.Reader, file string) (*parser, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); string(b) == "\uFEFF" {
		br.Discard(3)
	}
	p := &parser{file: file, cr: csv.NewReader(br)}
	p.cr.FieldsPerRecord = -1
	p.cr.ReuseRecord = true
	rec, err := p.cr.Read()
	if err == io.EOF {
		return nil, p.errorf(0, 0, "%w: empty input", ErrEmpty)
	}
	if err != nil {
		return nil, p.wrap(err)
	}
	p.headerLine, _ = p.cr.FieldPos(0)
	p.header = slices.Clone(rec)
	seen := make(map[string]int, len(rec))
	for j, h := range p.header {
		switch {
		case h == "":
			return nil, p.errorf(p.headerLine, j+1, "%w", ErrEmptyHeader)
		case !utf8.ValidString(h):
			return nil, p.errorf(p.headerLine, j+1, "%w in column name %q", ErrInvalidUTF8, h)
		}
		if k, dup := seen[h]; dup {
			return nil, p.errorf(p.headerLine, j+1, "%w %q (also column %d)", ErrDuplicateHeader, h, k+1)
		}
		seen[h] = j
	}
	return p, nil
}

func (p *parser) errorf(line, col int, format string, args ...any) *ParseError {
	return &ParseError{File: p.file, Line: line, Column: col, Err: fmt.Errorf(format, args...)}
}

// wrap converts an encoding/csv syntax error into a ParseError; I/O errors
// of the underlying reader are returned unchanged.
func (p *parser) wrap(err error) error {
	var ce *csv.ParseError
	if errors.As(err, &ce) {
		return &ParseError{File: p.file, Line: ce.Line, Column: ce.Column,
			Err: fmt.Errorf("%w: %w", ErrSyntax, ce.Err)}
	}
	return err
}

// field returns the index of the named header column, or an ErrUnknownColumn
// error.
func (p *parser) field(name string) (int, error) {
	if j := slices.Index(p.header, name); j >= 0 {
		return j, nil
	}
	return 0, p.errorf(p.headerLine, 0, "%w %q (columns: %s)", ErrUnknownColumn, name, list(p.header))
}

// rows reads every record into a grid with one cell per column of cols, in
// that order, and returns the 1-based line where each kept record starts.
func (p *parser) rows(cols []*column, policy missingPolicy) (g *grid, lines []int, dropped int, err error) {
	nf := len(p.header)
	for _, c := range cols {
		if c.index == nil {
			c.index = make(map[string]int32)
		}
	}
	g = &grid{m: len(cols)}
	for {
		rec, err := p.cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, 0, p.wrap(err)
		}
		line, _ := p.cr.FieldPos(0)
		if len(rec) != nf {
			return nil, nil, 0, p.errorf(line, 0, "%w: %d fields, header has %d", ErrRagged, len(rec), nf)
		}
		row := g.add()
		incomplete := false
		var late error // a cell that does not fit the Encoding, fatal unless the row is dropped
		for k, c := range cols {
			v, err := p.cell(c, rec[c.field], line)
			if err != nil {
				if e, ok := err.(lateError); ok && policy == missingDrop {
					if late == nil {
						late = e.error
					}
					v = 0
				} else if ok {
					return nil, nil, 0, e.error
				} else {
					return nil, nil, 0, err
				}
			}
			if v != v { // missing
				switch policy {
				case missingError:
					return nil, nil, 0, p.errorf(line, c.field+1, "%w in column %q", ErrMissing, c.name)
				case missingDrop:
					incomplete = true
				}
			}
			row[k] = v
		}
		if incomplete {
			g.drop()
			dropped++
			continue
		}
		if late != nil {
			return nil, nil, 0, late
		}
		lines = append(lines, line)
	}
	return g, lines, dropped, nil
}

// grid is a row-major table of n rows of m float64 cells, stored in chunks
// of whole rows so that it grows without copying. Chunks start small and
// double up to maxChunk cells.
type grid struct {
	m, n   int
	chunks [][]float64
}

const (
	firstChunk = 1 << 10
	maxChunk   = 1 << 17
)

// add appends a row and returns it for filling.
func (g *grid) add() []float64 {
	k := len(g.chunks) - 1
	if k < 0 || len(g.chunks[k])+g.m > cap(g.chunks[k]) {
		size := min(firstChunk<<min(len(g.chunks), 20), maxChunk)
		g.chunks = append(g.chunks, make([]float64, 0, max(size/max(g.m, 1), 1)*g.m))
		k++
	}
	c := g.chunks[k][:len(g.chunks[k])+g.m]
	g.chunks[k] = c
	g.n++
	return c[len(c)-g.m:]
}

// drop removes the last row.
func (g *grid) drop() {
	k := len(g.chunks) - 1
	g.chunks[k] = g.chunks[k][:len(g.chunks[k])-g.m]
	g.n--
}

// all yields each row index and row, sharing the grid's storage.
func (g *grid) all() iter.Seq2[int, []float64] {
	return func(yield func(int, []float64) bool) {
		if g.m == 0 {
			for i := range g.n {
				if !yield(i, nil) {
					return
				}
			}
			return
		}
		i := 0
		for _, c := range g.chunks {
			for o := 0; o+g.m <= len(c); o += g.m {
				if !yield(i, c[o:o+g.m:o+g.m]) {
					return
				}
				i++
			}
		}
	}
}

// cell converts one cell of column c: a number, a level code, or NaN when the
// cell is missing.
func (p *parser) cell(c *column, s string, line int) (float64, error) {
	t := s
	if t != "" && (isBlank(t[0]) || isBlank(t[len(t)-1])) {
		t = strings.Trim(t, " \t")
	}
	if t == "" || t == "NA" {
		return math.NaN(), nil
	}
	if c.fixed == Categorical {
		code, ok := c.index[s]
		if !ok {
			if c.otherZero {
				return 0, nil
			}
			return 0, lateError{p.errorf(line, c.field+1, "%w %q in column %q (levels: %s)", ErrUnseenLevel, s, c.name, list(c.levels))}
		}
		return float64(code), nil
	}
	f, num, finite := parseNumber(t)
	if num && !finite {
		return 0, p.errorf(line, c.field+1, "%w %q in column %q", ErrNotFinite, s, c.name)
	}
	if c.fixed == Numeric {
		if !num {
			return 0, lateError{p.errorf(line, c.field+1, "%w: text %q in numeric column %q", ErrNotNumeric, s, c.name)}
		}
		return f, nil
	}
	if num {
		if c.nNum == 0 {
			c.firstNum = cellRef{line, strings.Clone(s)}
		}
		c.nNum++
		return f, nil
	}
	if c.nText == 0 {
		c.firstText = cellRef{line, strings.Clone(s)}
	}
	c.nText++
	code, ok := c.index[s]
	if !ok {
		if !utf8.ValidString(s) {
			return 0, p.errorf(line, c.field+1, "%w in column %q: %q", ErrInvalidUTF8, c.name, s)
		}
		code = int32(len(c.levels))
		s = strings.Clone(s)
		c.index[s] = code
		c.levels = append(c.levels, s)
	}
	return float64(code), nil
}

// lateError marks a cell that does not fit the kind or the levels an
// Encoding fixes. With missingDrop it is reported only if the row is kept,
// since a dropped row of the training data never reached the Encoding.
type lateError struct{ error }

func isBlank(b byte) bool { return b == ' ' || b == '\t' }

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// parseNumber reports whether t is a decimal floating-point number
//
//	[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
//
// or a spelling of a non-finite one ([+-]? inf, infinity or nan in any
// case), and if so whether it is finite and what its value is. A number too
// large for a float64 counts as non-finite. Hexadecimal floats and
// underscores, which strconv.ParseFloat would accept, are text.
//
// The value is strconv.ParseFloat's, correctly rounded. Most numbers take
// Clinger's fast path instead: when the decimal mantissa m < 2⁵³ and the
// exponent |e| <= 22, both m and 10^|e| are exact float64 values and
//
//	m·10^e  or  m / 10^−e
//
// is a single correctly rounded operation.
func parseNumber(t string) (f float64, num, finite bool) {
	i := 0
	neg := false
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		neg = t[i] == '-'
		i++
	}
	if rest := t[i:]; len(rest) >= 3 && (rest[0]|0x20 == 'i' || rest[0]|0x20 == 'n') {
		if strings.EqualFold(rest, "inf") || strings.EqualFold(rest, "infinity") || strings.EqualFold(rest, "nan") {
			return 0, true, false
		}
		return 0, false, false
	}
	var mant uint64
	exp, digits := 0, 0
	slow := false
	for ; i < len(t) && isDigit(t[i]); i++ {
		digits++
		if mant < 1e18 {
			mant = mant*10 + uint64(t[i]-'0')
		} else {
			slow = true
		}
	}
	if i < len(t) && t[i] == '.' {
		for i++; i < len(t) && isDigit(t[i]); i++ {
			digits++
			if mant < 1e18 {
				mant = mant*10 + uint64(t[i]-'0')
				exp--
			} else {
				slow = true
			}
		}
	}
	if digits == 0 {
		return 0, false, false
	}
	if i < len(t) && t[i]|0x20 == 'e' {
		i++
		eneg := false
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			eneg = t[i] == '-'
			i++
		}
		e, ed := 0, 0
		for ; i < len(t) && isDigit(t[i]); i++ {
			ed++
			if e < 10000 {
				e = e*10 + int(t[i]-'0')
			}
		}
		if ed == 0 {
			return 0, false, false
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	if i != len(t) {
		return 0, false, false
	}
	if !slow && mant < 1<<53 {
		f = float64(mant)
		switch {
		case mant == 0 || exp == 0:
		case exp > 0 && exp <= 22:
			f *= pow10[exp]
		case exp < 0 && exp >= -22:
			f /= pow10[-exp]
		default:
			slow = true
		}
		if !slow {
			if neg {
				f = -f
			}
			return f, true, true
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, true, false // out of range
	}
	return f, true, true
}

// pow10 holds the powers of ten that are exact float64 values.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// mixedError returns an ErrMixed error for the inferred column of cols that
// holds both numbers and text and whose offending cell comes first, or nil.
// The offending cell is the first cell of the minority kind: the first text
// cell when text is rarer than numbers or as common, else the first number.
func (p *parser) mixedError(cols []*column) error {
	var best *ParseError
	bestLine := 0
	for _, c := range cols {
		if c.fixed != "" || c.nNum == 0 || c.nText == 0 {
			continue
		}
		var e *ParseError
		if c.nText <= c.nNum {
			e = p.errorf(c.firstText.line, c.field+1, "column %q %w: text %q among numbers (%d text, %d numeric cells)",
				c.name, ErrMixed, c.firstText.value, c.nText, c.nNum)
		} else {
			e = p.errorf(c.firstNum.line, c.field+1, "column %q %w: number %q among text (%d numeric, %d text cells)",
				c.name, ErrMixed, c.firstNum.value, c.nNum, c.nText)
		}
		if best == nil || e.Line < bestLine {
			best, bestLine = e, e.Line
		}
	}
	if best == nil {
		return nil
	}
	return best
}

// sortLevels drops the levels of an inferred text column that no row of g
// uses (their rows were dropped), sorts the rest in byte order and recodes
// column j of g accordingly.
func sortLevels(c *column, g *grid, j int) {
	used := make([]bool, len(c.levels))
	for _, row := range g.all() {
		if v := row[j]; v == v {
			used[int(v)] = true
		}
	}
	kept := make([]string, 0, len(c.levels))
	for code, l := range c.levels {
		if used[code] {
			kept = append(kept, l)
		}
	}
	slices.Sort(kept)
	index := levelIndex(kept)
	newCode := make([]float64, len(c.levels))
	for code, l := range c.levels {
		newCode[code] = float64(index[l])
	}
	for _, row := range g.all() {
		if v := row[j]; v == v {
			row[j] = newCode[int(v)]
		}
	}
	c.levels, c.index = kept, index
}

// list joins names for a message, quoting none and eliding after ten.
func list(names []string) string {
	const most = 10
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:most], ", ") + fmt.Sprintf(", … (%d in all)", len(names))
}
