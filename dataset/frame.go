package dataset

import (
	"io"
	"math"
)

// Frame is a CSV file read column by column with the kinds of [Read] but no
// model coding: every column is kept, missing cells are allowed, and a text
// column keeps all its levels. It suits data exploration and the built-in
// data sets.
type Frame struct {
	// Columns holds the columns in header order.
	Columns []Column
	// Rows holds the 1-based line of the input where each row starts.
	Rows []int
}

// Column is one column of a [Frame].
type Column struct {
	Name string
	// Kind is Numeric or Categorical. A column with no present cell is
	// Numeric.
	Kind Kind
	// Values holds a Numeric column's numbers, NaN where a cell is missing;
	// nil for a Categorical column.
	Values []float64
	// Levels holds a Categorical column's distinct texts in byte order;
	// nil for a Numeric column.
	Levels []string
	// Codes holds, for a Categorical column, the index in Levels of each
	// row's text, -1 where a cell is missing; nil for a Numeric column.
	Codes []int
}

// Column returns the column with the given name, or nil if there is none.
func (f *Frame) Column(name string) *Column {
	for i := range f.Columns {
		if f.Columns[i].Name == name {
			return &f.Columns[i]
		}
	}
	return nil
}

// ReadFrame reads a CSV file with a header row into a [Frame]. The rules of
// [Read] apply, except that a missing cell is kept and a text column may
// have a single level. name is the file name used in error messages.
//
// ReadFrame returns a [*ParseError] for malformed content and an error of r
// unchanged when reading fails.
func ReadFrame(r io.Reader, name string) (*Frame, error) {
	return readFrame(r, name, chunkSize)
}

// readFrame is ReadFrame parsing pieces of about chunk bytes.
func readFrame(r io.Reader, name string, chunk int) (*Frame, error) {
	p, err := newParser(r, name, chunk)
	if err != nil {
		return nil, err
	}
	cols := make([]*column, len(p.header))
	for j, h := range p.header {
		cols[j] = &column{name: h, field: j}
	}
	g, _, err := p.rows(cols, missingKeep)
	if err != nil {
		return nil, err
	}
	if err := p.checkRows(g.n, 0); err != nil {
		return nil, err
	}
	if err := p.mixedError(cols); err != nil {
		return nil, err
	}
	n, m := g.n, len(cols)
	f := &Frame{Columns: make([]Column, m), Rows: make([]int, n)}
	for j, c := range cols {
		out := &f.Columns[j]
		out.Name = c.name
		if !c.isText() {
			out.Kind = Numeric
			out.Values = make([]float64, n)
			continue
		}
		sortLevels(c, g, j)
		out.Kind = Categorical
		out.Levels = c.levels
		out.Codes = make([]int, n)
	}
	g.drain(func(off int, b *block) {
		for j := range f.Columns {
			out := &f.Columns[j]
			if out.Kind == Numeric {
				copy(out.Values[off:], b.col(j))
				continue
			}
			codes := out.Codes[off : off+b.n]
			for r, v := range b.col(j) {
				if math.IsNaN(v) {
					codes[r] = -1
				} else {
					codes[r] = int(v)
				}
			}
		}
		for r := range b.n {
			f.Rows[off+r] = b.line(r)
		}
	})
	return f, nil
}
