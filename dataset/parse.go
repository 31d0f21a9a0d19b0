package dataset

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// This file holds the CSV engine shared by [Read], [ReadFrame] and
// [Encoding.Apply]. The header is read first; the rest of the input is then
// read in pieces of whole records, which goroutines turn into blocks of
// cells (block.go) while the next pieces are read. The blocks are joined in
// input order, so the result does not depend on the number of goroutines.

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

// column is one used column: how to read it and, once read, what its cells
// hold.
type column struct {
	name  string
	field int // 0-based index in the record

	// fixed is the kind an Encoding imposes; "" infers it from the cells.
	fixed Kind
	// otherZero (fixed categorical only) codes a text absent from index as
	// 0 instead of failing with ErrUnseenLevel.
	otherZero bool

	// index and levels hold the levels of a fixed categorical column, and
	// those of an inferred text column once sorted by sortLevels.
	index  map[string]int32 // level -> code
	levels []string         // code -> level

	nNum, nText         int
	firstNum, firstText cellRef
}

// count adds to the counts and first cells of c those of st, its stats in
// a block where read rows were converted, and returns the numbers among
// them.
func (c *column) count(st *colStats, read int) (nNum int) {
	nNum = read - st.nText - st.nMiss
	c.nText += st.nText
	c.nNum += nNum
	if c.firstNum.line == 0 {
		c.firstNum = st.firstNum
	}
	if c.firstText.line == 0 {
		c.firstText = st.firstText
	}
	return nNum
}

// isText reports whether the column is read as text.
func (c *column) isText() bool {
	return c.fixed == Categorical || (c.fixed == "" && c.nText > 0)
}

// parser reads one CSV input.
type parser struct {
	file       string
	header     []string
	headerLine int
	fields     map[string]int // header name -> index

	r     io.Reader
	chunk int    // size of the pieces read
	buf   []byte // input read and not yet parsed, from a record start
	line  int    // line of buf[0]
	eof   bool   // r is exhausted
	rerr  error  // the error that ended r, other than io.EOF
}

// chunkSize is the size of the pieces of input that are parsed in
// parallel.
const chunkSize = 1 << 20

// newParser skips a UTF-8 byte order mark, reads the header and checks its
// names. The rest of the input is then read in pieces of about chunk bytes.
func newParser(r io.Reader, file string, chunk int) (*parser, error) {
	p := &parser{file: file, r: r, chunk: chunk, line: 1}
	p.buf = make([]byte, 0, min(chunk, 64<<10))
	p.fill()
	for len(p.buf) < 3 && !p.eof && p.rerr == nil {
		p.grow()
	}
	if bytes.HasPrefix(p.buf, []byte("\uFEFF")) {
		p.buf = p.buf[3:]
	}
	var rec rawRecord
	for {
		next, nextLine, recLine, st, serr := readRecord(p.buf, 0, p.line, p.eof, &rec)
		if st == recIncomplete && p.rerr == nil {
			p.grow()
			continue
		}
		switch {
		case p.rerr != nil && st != recOK:
			return nil, p.rerr
		case st == recNone:
			return nil, p.errorf(0, 0, "%w: empty input", ErrEmpty)
		case st == recSyntax:
			return nil, p.syntaxError(serr)
		}
		p.buf, p.line, p.headerLine = p.buf[next:], nextLine, recLine
		break
	}
	p.header = make([]string, rec.len())
	for j := range p.header {
		p.header[j] = string(rec.field(j))
	}
	seen := make(map[string]int, len(p.header))
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
	p.fields = seen
	return p, nil
}

// fill reads into the free capacity of p.buf until it is full or the input
// ends.
func (p *parser) fill() {
	for len(p.buf) < cap(p.buf) && !p.eof && p.rerr == nil {
		n, err := p.r.Read(p.buf[len(p.buf):cap(p.buf)])
		p.buf = p.buf[:len(p.buf)+n]
		switch {
		case err == io.EOF:
			p.eof = true
		case err != nil:
			p.rerr = err
		}
	}
}

// maxRecord bounds the bytes of one record, so that an input without line
// ends (/dev/zero, a stray quote in a huge file) is refused instead of
// read into memory whole.
const maxRecord = 64 << 20

// grow makes room in p.buf, which holds no whole record, and reads more. A
// record longer than maxRecord ends the input with an ErrSyntax error in
// p.rerr.
func (p *parser) grow() {
	if len(p.buf) >= maxRecord {
		p.rerr = p.errorf(p.line, 0, "%w: record longer than %d MiB (no end of line)", ErrSyntax, maxRecord>>20)
		return
	}
	b := make([]byte, len(p.buf), 2*cap(p.buf)+p.chunk)
	copy(b, p.buf)
	p.buf = b
	p.fill()
}

func (p *parser) errorf(line, col int, format string, args ...any) *ParseError {
	return &ParseError{File: p.file, Line: line, Column: col, Err: fmt.Errorf(format, args...)}
}

// syntaxError converts a quoting error into a ParseError that wraps
// ErrSyntax and csv.ErrQuote or csv.ErrBareQuote.
func (p *parser) syntaxError(e syntaxError) error {
	return &ParseError{File: p.file, Line: e.line, Column: e.col, Err: fmt.Errorf("%w: %w", ErrSyntax, e.err)}
}

// field returns the index of the named header column, or an ErrUnknownColumn
// error.
func (p *parser) field(name string) (int, error) {
	if j, ok := p.fields[name]; ok {
		return j, nil
	}
	hint := ""
	if len(p.header) == 1 {
		// One column whose name holds another separator: a file that
		// is not comma-separated.
		for _, sep := range []string{";", "\t", "|"} {
			if strings.Contains(p.header[0], sep) {
				hint = fmt.Sprintf("; the header has no comma but %q: the file must be comma-separated", sep)
				break
			}
		}
	}
	return 0, p.errorf(p.headerLine, 0, "%w %q (columns: %s)%s", ErrUnknownColumn, name, list(p.header), hint)
}

// rows reads every remaining record into a grid with one column per column
// of cols, in that order. It counts the dropped rows and sets the counts and
// first cells of cols.
func (p *parser) rows(cols []*column, policy missingPolicy) (g *grid, dropped int, err error) {
	return p.rowsSpec(newSpec(p, cols, policy))
}

// rowsSpec is rows for the columns, the missing-value policy and the kept
// fields of s.
func (p *parser) rowsSpec(s *spec) (g *grid, dropped int, err error) {
	cols := s.cols
	var blocks []*block
	if p.eof {
		// The whole input is in memory: read it here.
		if len(p.buf) > 0 {
			blocks = append(blocks, readBlock(s, p.buf, p.line, bytes.Count(p.buf, []byte{'\n'})+1))
		}
	} else {
		blocks = p.readParallel(s)
	}
	p.buf = nil
	g = &grid{m: len(cols), blocks: blocks}
	for _, b := range blocks {
		if b.err != nil {
			return nil, 0, b.err
		}
		g.n += b.n
		dropped += b.dropped
	}
	if p.rerr != nil {
		return nil, 0, p.rerr
	}
	for _, b := range blocks {
		for k, c := range cols {
			c.count(&b.stats[k], b.read)
		}
	}
	return g, dropped, nil
}

// piece is a run of whole records of the input, converted into a block by
// a worker.
type piece struct {
	buf  []byte // the buffer that holds data, for reuse
	data []byte
	line int // line of data[0]
	rows int // at most this many records
	blk  *block
	seq  int64         // readParallel: position in the input
	done chan struct{} // stream: closed once blk is set
}

// pieces reads the rest of the input and cuts it into pieces of whole
// records, which it hands to emit in input order: the buffer that holds
// the piece, free for reuse once the piece is converted, the piece, its
// first line and the most records it can hold. Pieces start small, so that
// a small input is still shared among goroutines, and double up to
// p.chunk; getBuf returns an empty buffer of capacity at least n for them.
// pieces stops at the end of the input, at a read error, left in p.rerr,
// or once emit returns false, and leaves p.buf nil.
func (p *parser) pieces(getBuf func(n int) []byte, emit func(buf, data []byte, line, rows int) bool) {
	size := min(p.chunk, 64<<10)
	p.buf = append(getBuf(max(size, 2*len(p.buf))), p.buf...)
	for {
		p.fill()
		cur := p.buf
		n := len(cur)
		if !p.eof {
			n = cutRecords(cur)
			if n < 0 && p.rerr == nil {
				p.grow() // no record ends in the buffer
				continue
			}
			n = max(n, 0)
		}
		if n > 0 {
			nl := bytes.Count(cur[:n], []byte{'\n'})
			line := p.line
			p.line += nl
			if !emit(cur, cur[:n:n], line, nl+1) {
				break
			}
		}
		if p.eof || p.rerr != nil {
			break
		}
		size = min(2*size, p.chunk)
		p.buf = append(getBuf(max(size, 2*(len(cur)-n))), cur[n:]...)
	}
	p.buf = nil
}

// readParallel reads the rest of the input in pieces of whole records and
// converts them on up to GOMAXPROCS goroutines while it reads. It stops
// reading after the first error. The blocks are in input order; a block
// after one with an error may be left empty.
func (p *parser) readParallel(s *spec) []*block {
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *piece, workers)
	free := make(chan []byte, workers+2)
	nbuf := 0
	var firstErr atomic.Int64 // sequence number of the first piece in error
	firstErr.Store(math.MaxInt64)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				if j.seq < firstErr.Load() {
					*j.blk = *readBlock(s, j.data, j.line, j.rows)
					for j.blk.err != nil {
						old := firstErr.Load()
						if j.seq >= old || firstErr.CompareAndSwap(old, j.seq) {
							break
						}
					}
				}
				free <- j.buf[:0]
			}
		})
	}
	// getBuf returns an empty buffer of capacity at least n.
	getBuf := func(n int) []byte {
		var b []byte
		if nbuf < cap(free) {
			nbuf++
		} else {
			b = <-free
		}
		if cap(b) < n {
			b = make([]byte, 0, n)
		}
		return b
	}
	blocks := make([]*block, 0, 16) // room for 16 MB in pieces of up to 1 MB
	p.pieces(getBuf, func(buf, data []byte, line, rows int) bool {
		b := new(block)
		jobs <- &piece{buf: buf, data: data, line: line, rows: rows, seq: int64(len(blocks)), blk: b}
		blocks = append(blocks, b)
		return firstErr.Load() == math.MaxInt64
	})
	close(jobs)
	wg.Wait()
	return blocks
}

// lateError marks a cell that does not fit the kind or the levels an
// Encoding fixes. With missingDrop it is reported only if the row is kept,
// since a dropped row of the training data never reached the Encoding.
type lateError struct{ error }

func isBlank(b byte) bool { return b == ' ' || b == '\t' }

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

// sortLevels gathers the levels of the inferred text column k of g from
// its blocks, drops those that no kept row uses (their rows were dropped),
// sorts the rest in byte order into c.levels and recodes the column.
func sortLevels(c *column, g *grid, k int) {
	used := make(map[string]bool)
	for _, b := range g.blocks {
		st := &b.stats[k]
		seen := make([]bool, len(st.levels))
		for _, v := range b.col(k) {
			if v == v {
				seen[int(v)] = true
			}
		}
		for code, l := range st.levels {
			if seen[code] {
				used[l] = true
			}
		}
	}
	kept := make([]string, 0, len(used))
	for l := range used {
		kept = append(kept, l)
	}
	slices.Sort(kept)
	index := levelIndex(kept)
	for _, b := range g.blocks {
		st := &b.stats[k]
		newCode := make([]float64, len(st.levels))
		for code, l := range st.levels {
			newCode[code] = float64(index[l])
		}
		col := b.col(k)
		for r, v := range col {
			if v == v {
				col[r] = newCode[int(v)]
			}
		}
		st.index, st.levels = nil, nil
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
