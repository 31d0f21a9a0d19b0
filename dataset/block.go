package dataset

import (
	"bytes"
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// This file turns one piece of input, a run of whole records, into a
// block: the cells of the columns in use, column by column, as float64
// values. A number is stored as itself, a text cell as the index of its
// level, a missing cell as NaN (a NaN cell in the input is an error, so NaN
// is free to mark missing cells). Blocks are independent, so that pieces
// can be read in parallel; they are joined in input order at the end.

// spec says which fields a read uses and how; it is shared, read-only, by
// every block of one read.
type spec struct {
	p      *parser
	cols   []*column
	policy missingPolicy
	nf     int   // fields per record: the header's
	slot   []int // field -> index in cols, -1 when unused
	// numFast[k] allows column k to take the number fast path: every column
	// but a categorical one of an Encoding, whose numbers are levels.
	numFast []bool
	// keepSlot maps a field to its index among the nKeep kept fields, −1
	// when it is not kept; nil when none is.
	keepSlot []int
	nKeep    int
	// badFeat > 0 keeps a row whose cell in one of the first badFeat
	// columns, the features, cannot be coded (ApplyOptions.KeepBad).
	badFeat int
}

func newSpec(p *parser, cols []*column, policy missingPolicy) *spec {
	s := &spec{p: p, cols: cols, policy: policy, nf: len(p.header),
		slot: make([]int, len(p.header)), numFast: make([]bool, len(cols))}
	for j := range s.slot {
		s.slot[j] = -1
	}
	for k, c := range cols {
		s.slot[c.field] = k
		s.numFast[k] = c.fixed != Categorical
	}
	return s
}

// colStats is what a block learns about the cells of one column.
type colStats struct {
	nText, nMiss        int
	firstNum, firstText cellRef // line 0 when none
	// index and levels hold the texts of an inferred column in the order of
	// their first appearance in the block; cells hold indexes into levels.
	index  map[string]int32
	levels []string
}

// block holds the rows read from one piece of input.
type block struct {
	n, capN int       // rows kept, rows allocated
	cells   []float64 // column k is cells[k*capN : k*capN+n]
	first   int       // line of row 0 when lines is nil
	lines   []int     // line of each row; nil while row r is on line first+r
	dropped int       // rows dropped for missing values
	read    int       // rows whose cells were converted, dropped or not
	stats   []colStats
	// kept holds the kept fields of the rows, row by row, end to end;
	// keptEnd[i] is where field i ends. keptText gathers them while the
	// block is read.
	kept     string
	keptEnd  []int
	keptText []byte
	bad      []RowError // rows kept with a cell that cannot be coded, Row indexing the block
	err      error      // the first error in the piece; the block is unusable
}

// col returns column k of b.
func (b *block) col(k int) []float64 {
	return b.cells[k*b.capN : k*b.capN+b.n : k*b.capN+b.n]
}

// line returns the line where row r starts.
func (b *block) line(r int) int {
	if b.lines == nil {
		return b.first + r
	}
	return b.lines[r]
}

// setLine records that row r starts on line l.
func (b *block) setLine(r, l int) {
	switch {
	case b.lines != nil:
		b.lines[r] = l
	case r == 0:
		b.first = l
	case l != b.first+r:
		b.lines = make([]int, b.capN)
		for i := range r {
			b.lines[i] = b.first + i
		}
		b.lines[r] = l
	}
}

// shrink copies b into exact storage when more than an eighth is unused.
func (b *block) shrink() {
	if b.capN-b.n <= b.capN/8 {
		return
	}
	m := len(b.cells) / max(b.capN, 1)
	cells := make([]float64, m*b.n)
	for k := range m {
		copy(cells[k*b.n:], b.col(k))
	}
	b.cells, b.capN = cells, b.n
	if b.lines != nil {
		b.lines = b.lines[:b.n:b.n]
	}
}

// keptField returns kept field i of b, the field of kept column j of row r
// being field r·(kept columns) + j.
func (b *block) keptField(i int) string {
	start := 0
	if i > 0 {
		start = b.keptEnd[i-1]
	}
	return b.kept[start:b.keptEnd[i]]
}

// pend is a cell left for the general conversion: column k, its bytes.
type pend struct {
	k int
	s []byte
}

func comparePend(a, b pend) int { return cmp.Compare(a.k, b.k) }

// blockReader reads the records of one piece into a block.
type blockReader struct {
	s       *spec
	b       *block
	rec     rawRecord
	pending []pend
	keep    [][]byte // the kept fields of the current record
}

// readBlock reads data, whole records from line onwards ending the input
// or followed by a record, into a block of at most maxRows rows. It stops
// at the first error, which it leaves in the block.
func readBlock(s *spec, data []byte, line, maxRows int) *block {
	m := len(s.cols)
	b := &block{capN: maxRows, cells: make([]float64, m*maxRows), stats: make([]colStats, m)}
	r := &blockReader{s: s, b: b}
	if s.nKeep > 0 {
		r.keep = make([][]byte, s.nKeep)
	}
	r.read(data, line)
	if b.err == nil {
		b.shrink()
	}
	b.kept, b.keptText = string(b.keptText), nil // one string for all the kept fields
	return b
}

// read reads the records of d, which starts on line line, until the end
// of d or the first error.
func (r *blockReader) read(d []byte, line int) {
	i := 0
	for i < len(d) && r.b.err == nil {
		switch c := d[i]; {
		case c == '\n': // an empty line
			line++
			i++
			continue
		case c == '\r' && i+1 == len(d): // a final "\r" is dropped
			return
		case c == '\r' && d[i+1] == '\n':
			line++
			i += 2
			continue
		}
		if next, ok := r.fast(d, i, line); ok {
			i = next
			line++
			continue
		}
		next, nextLine, recLine, st, serr := readRecord(d, i, line, true, &r.rec)
		switch st {
		case recNone:
			return
		case recSyntax:
			r.b.err = r.s.p.syntaxError(serr)
			return
		}
		r.slow(recLine)
		i, line = next, nextLine
	}
}

// fast reads the record at d[i:], on line line, when it lies on one line
// and its quotes, if any, only enclose whole fields that hold none. It
// stores numbers as it meets them and leaves other cells of used columns to
// r.finish. It returns false, having read nothing that counts, when the
// record needs readRecord.
func (r *blockReader) fast(d []byte, i, line int) (next int, ok bool) {
	s, b := r.s, r.b
	row, capN := b.n, b.capN
	cells := b.cells
	r.pending = r.pending[:0]
	f := 0
	for {
		k, kept := -1, -1
		if f < s.nf {
			k = s.slot[f]
			if s.keepSlot != nil {
				kept = s.keepSlot[f]
			}
		}
		if k >= 0 && s.numFast[k] {
			v, j, st := scanNumber(d, i)
			if st == numFinite {
				end := -1
				switch {
				case j == len(d):
					end = j
				case d[j] == ',':
					end = j + 1
				case d[j] == '\n':
					end = j + 1
				case d[j] == '\r' && j+1 == len(d):
					end = j + 1
				case d[j] == '\r' && d[j+1] == '\n':
					end = j + 2
				}
				if end >= 0 {
					if kept >= 0 {
						r.keep[kept] = d[i:j]
					}
					cells[k*capN+row] = v
					if st := &b.stats[k]; st.firstNum.line == 0 {
						st.firstNum = cellRef{line, string(d[i:j])}
					}
					f++
					if j < len(d) && d[j] == ',' {
						i = end
						continue
					}
					i = end
					break
				}
			}
		}
		if i < len(d) && d[i] == '"' {
			// A quoted field within one line and without "" is read here.
			q := bytes.IndexByte(d[i+1:], '"') + i + 1 // the closing quote
			if q == i || bytes.IndexByte(d[i+1:q], '\n') >= 0 {
				return 0, false
			}
			j, last := q+1, true
			switch {
			case j == len(d):
			case d[j] == ',':
				j, last = j+1, false
			case d[j] == '\n' || (d[j] == '\r' && j+1 == len(d)):
				j++
			case d[j] == '\r' && d[j+1] == '\n':
				j += 2
			default: // "" or text after the quote
				return 0, false
			}
			if k >= 0 {
				r.pending = append(r.pending, pend{k, d[i+1 : q : q]})
			}
			if kept >= 0 {
				r.keep[kept] = d[i+1 : q : q]
			}
			f++
			i = j
			if last {
				break
			}
			continue
		}
		j := i
		for j < len(d) {
			if c := d[j]; c == ',' || c == '\n' || c == '"' {
				break
			}
			j++
		}
		if j < len(d) && d[j] == '"' {
			return 0, false
		}
		e := j
		last := j == len(d) || d[j] == '\n'
		if last && e > i && d[e-1] == '\r' {
			e--
		}
		if k >= 0 {
			r.pending = append(r.pending, pend{k, d[i:e:e]})
		}
		if kept >= 0 {
			r.keep[kept] = d[i:e:e]
		}
		f++
		if last {
			i = min(j+1, len(d))
			break
		}
		i = j + 1
	}
	if f != s.nf {
		b.err = s.p.errorf(line, 0, "%w: %d fields, header has %d", ErrRagged, f, s.nf)
		return i, true
	}
	// Cells are converted in column order, as errors are reported. They
	// are in field order, which is column order unless the options list
	// the features in another order.
	if p := r.pending; !slices.IsSortedFunc(p, comparePend) {
		slices.SortFunc(p, comparePend)
	}
	r.finish(line)
	return i, true
}

// slow converts the cells of the record in r.rec, which starts on line.
func (r *blockReader) slow(line int) {
	s := r.s
	if n := r.rec.len(); n != s.nf {
		r.b.err = s.p.errorf(line, 0, "%w: %d fields, header has %d", ErrRagged, n, s.nf)
		return
	}
	r.pending = r.pending[:0]
	for k, c := range s.cols {
		r.pending = append(r.pending, pend{k, r.rec.field(c.field)})
	}
	for f, j := range s.keepSlot {
		if j >= 0 {
			r.keep[j] = r.rec.field(f)
		}
	}
	r.finish(line)
}

// finish converts the pending cells of the current row, in column order,
// applies the missing-value policy and keeps or drops the row.
func (r *blockReader) finish(line int) {
	s, b := r.s, r.b
	incomplete := false
	var late error // a cell that does not fit the Encoding, fatal unless the row is dropped
	var bad error  // a feature cell that cannot be coded, in a row kept with KeepBad
	for _, pc := range r.pending {
		v, err := r.cell(pc.k, pc.s, line)
		if err != nil {
			e, isLate := err.(lateError)
			switch {
			case pc.k < s.badFeat:
				if bad == nil {
					bad = err
					if isLate {
						bad = e.error
					}
				}
				v = 0
			case isLate && s.policy == missingDrop:
				if late == nil {
					late = e.error
				}
				v = 0
			case isLate:
				b.err = e.error
				return
			default:
				b.err = err
				return
			}
		}
		if v != v { // missing
			switch s.policy {
			case missingError:
				c := s.cols[pc.k]
				b.err = s.p.errorf(line, c.field+1, "%w in column %q", ErrMissing, c.name)
				return
			case missingDrop:
				incomplete = true
			}
		}
		b.cells[pc.k*b.capN+b.n] = v
	}
	b.read++
	if incomplete {
		b.dropped++
		return
	}
	if late != nil {
		b.err = late
		return
	}
	if bad != nil {
		b.bad = append(b.bad, RowError{Row: b.n, Err: bad})
	}
	for _, f := range r.keep {
		b.keptText = append(b.keptText, f...)
		b.keptEnd = append(b.keptEnd, len(b.keptText))
	}
	b.setLine(b.n, line)
	b.n++
}

// cell converts one cell of column k: a number, a level code, or NaN when
// the cell is missing. It counts texts and missing cells and notes the first
// number and the first text.
func (r *blockReader) cell(k int, s []byte, line int) (float64, error) {
	c, st, p := r.s.cols[k], &r.b.stats[k], r.s.p
	t := s
	if len(t) > 0 && (isBlank(t[0]) || isBlank(t[len(t)-1])) {
		t = trimBlanks(t)
	}
	if len(t) == 0 || string(t) == "NA" {
		st.nMiss++
		return math.NaN(), nil
	}
	if c.fixed == Categorical {
		code, ok := c.index[string(s)]
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
		if st.firstNum.line == 0 {
			st.firstNum = cellRef{line, string(s)}
		}
		return f, nil
	}
	if st.nText == 0 {
		st.firstText = cellRef{line, string(s)}
	}
	st.nText++
	code, ok := st.index[string(s)]
	if !ok {
		if st.index == nil {
			st.index = make(map[string]int32)
		}
		if !utf8.Valid(s) {
			return 0, p.errorf(line, c.field+1, "%w in column %q: %q", ErrInvalidUTF8, c.name, s)
		}
		code = int32(len(st.levels))
		l := string(s)
		st.index[l] = code
		st.levels = append(st.levels, l)
	}
	return float64(code), nil
}

// trimBlanks removes surrounding spaces and tabs.
func trimBlanks(t []byte) []byte {
	for len(t) > 0 && isBlank(t[0]) {
		t = t[1:]
	}
	for len(t) > 0 && isBlank(t[len(t)-1]) {
		t = t[:len(t)-1]
	}
	return t
}

// grid is the table of cells of one read: its blocks in input order.
type grid struct {
	m, n   int // columns, rows
	blocks []*block
}

// drain calls fill with each block and the index of its first row, on up
// to GOMAXPROCS goroutines taking the blocks in order, and lets each block
// go once filled, so that the garbage collector may reuse its memory. fill
// must be safe to call at once for different blocks.
func (g *grid) drain(fill func(off int, b *block)) {
	blocks := g.blocks
	g.blocks = nil
	offs := make([]int, len(blocks))
	for i := 1; i < len(blocks); i++ {
		offs[i] = offs[i-1] + blocks[i-1].n
	}
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1) - 1)
			if i >= len(blocks) {
				return
			}
			b := blocks[i]
			fill(offs[i], b)
			blocks[i] = nil
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(blocks))
	if workers <= 1 {
		work()
		return
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(work)
	}
	wg.Wait()
}
