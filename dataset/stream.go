package dataset

import (
	"io"
	"maps"
	"runtime"
	"slices"
	"sync"

	"github.com/a1bed000/logreg/linalg"
)

// This file reads an input in bounded memory: the pieces of input are
// converted into blocks by goroutines as in [Read], but each block is handed
// to the caller in input order as soon as it is ready and let go after, so
// that at most a few pieces are held at any time.

// ScanInfo describes the rows of an input that [ScanEncoding] read.
type ScanInfo struct {
	// Rows counts the rows kept: those a [Table] from [Read] would hold.
	Rows int
	// Dropped counts the rows dropped for missing values, as Table.Dropped.
	Dropped int
}

// ScanEncoding reads a CSV file with a header row, as [Read] does, and
// returns the [Encoding] that Read would put in Table.Encoding, without
// building the table: the kind of every used column, the levels of the
// text columns and the coding of the target are decided in one pass over
// the input, in memory for a few pieces of input and the distinct texts of
// the text columns, whatever the number of rows. [Encoding.ApplyChunks] on
// the same input, with the options' DropNA, then gives the rows of Read's
// table chunk by chunk.
//
// ScanEncoding applies the rules of Read and returns the error Read returns
// on the same input and options: a [*ParseError] wrapping one of the
// package's sentinel errors for any problem with the content of r or with
// opt, and an error of r unchanged when reading fails.
func ScanEncoding(r io.Reader, opt ReadOptions) (*Encoding, *ScanInfo, error) {
	return scanEncoding(r, opt, chunkSize)
}

// scanEncoding is ScanEncoding parsing pieces of about chunk bytes.
func scanEncoding(r io.Reader, opt ReadOptions, chunk int) (*Encoding, *ScanInfo, error) {
	p, pl, err := readPlan(r, opt, chunk)
	if err != nil {
		return nil, nil, err
	}
	cols := pl.cols
	sc := &scan{checks: readChecks(&pl, opt), cols: cols, used: make([]map[string]bool, len(cols))}
	if err := p.stream(newSpec(p, cols, pl.policy), sc.add); err != nil {
		return nil, nil, err
	}
	info := &ScanInfo{Rows: sc.n, Dropped: sc.dropped}
	if err := p.checkRows(sc.n, sc.dropped); err != nil {
		return nil, nil, err
	}
	if err := p.mixedError(cols); err != nil {
		return nil, nil, err
	}
	for k, c := range cols {
		if c.isText() {
			c.levels = append([]string{}, slices.Sorted(maps.Keys(sc.used[k]))...)
		}
	}
	enc, _, err := p.encoding(&pl, &sc.checks, opt)
	if err != nil {
		return nil, nil, err
	}
	return &enc, info, nil
}

// scan gathers, block by block, what [ScanEncoding] needs to know of the
// kept rows: the counts of the columns, the texts of each column, and the
// checks of the target and the weights. A column whose block holds both
// numbers and text is mixed, an error reported from the column counts, so
// its cells in that block are not looked at.
type scan struct {
	checks
	cols    []*column
	n       int // rows kept
	dropped int
	used    []map[string]bool // texts of kept rows, per column
}

// add takes in block b, the next in input order. A block in error is left
// out: its counts are those of the rows before the error, and the error
// ends the scan.
func (s *scan) add(b *block) error {
	if b.err != nil {
		return nil
	}
	s.n += b.n
	s.dropped += b.dropped
	for k, c := range s.cols {
		st := &b.stats[k]
		// A text weight is an error whatever the text.
		if nNum := c.count(st, b.read); st.nText > 0 && nNum == 0 && k != s.wk {
			s.addText(k, b, st.levels)
		}
	}
	s.checks.add(b)
	return nil
}

// addText notes the texts that the kept rows of b use in column k, whose
// cells are indexes into levels.
func (s *scan) addText(k int, b *block, levels []string) {
	seen := make([]bool, len(levels))
	for _, v := range b.col(k) {
		if v == v {
			seen[int(v)] = true
		}
	}
	if s.used[k] == nil {
		s.used[k] = make(map[string]bool)
	}
	for code, l := range levels {
		if seen[code] {
			s.used[k][l] = true
		}
	}
}

// ApplyChunks codes a CSV file as [Encoding.Apply] does, with the same rules
// and options, but in bounded memory: it reads the input once and calls fn
// with the coded rows in input order, in tables of rows rows, the last of
// which may hold fewer. Each table has X, Y, Weights and Rows for its rows,
// Kept and Bad with the options Keep and KeepBad, and Names; its Dropped
// counts the rows dropped for missing values in the input read so far, and
// in the last table, all of them. The table and its slices are reused for
// the next chunk: fn must not keep them. An input with
// no row left is an [ErrEmpty] error and fn is not called.
//
// A table of rows rows larger than opt.MaxDesignBytes is an [ErrTooLarge]
// error, returned before any input is read past the header.
//
// ApplyChunks stops at the first problem and returns it: an error that fn
// returns, unchanged, or an error that Apply returns on the same input, fn
// having seen only rows before the one in error. When an input holds
// several problems, ApplyChunks reports that of the earliest row, whereas
// Apply reports a malformed record before a value that breaks the rules of
// the target or of the weights.
//
// ApplyChunks panics if rows < 1.
func (e *Encoding) ApplyChunks(r io.Reader, opt ApplyOptions, rows int, fn func(t *Table) error) error {
	return e.applyChunks(r, opt, rows, chunkSize, fn)
}

// applyChunks is ApplyChunks parsing pieces of about chunk bytes.
func (e *Encoding) applyChunks(r io.Reader, opt ApplyOptions, rows, chunk int, fn func(t *Table) error) error {
	if rows < 1 {
		panic("dataset: ApplyChunks with rows < 1")
	}
	p, pl, err := e.applyPlan(r, opt, chunk)
	if err != nil {
		return err
	}
	if err := p.checkDesign(e.Features, pl.cols[:pl.nFeat], "chunks of ", rows, designLimit(opt.MaxDesignBytes)); err != nil {
		return err
	}
	c := newChunker(e, &pl, opt.Target, rows, fn)
	err = p.stream(pl.spec(p), func(b *block) error {
		if err := c.add(p, b); err != nil {
			return err
		}
		return b.err
	})
	if err != nil {
		return err
	}
	if err := p.checkRows(c.total, c.t.Dropped); err != nil {
		return err
	}
	return c.flush()
}

// chunker codes the rows of blocks into tables of a fixed number of rows.
type chunker struct {
	rowCoder // yk and wk −1 when not read
	cols     []*column
	rows     int // rows per table
	fn       func(*Table) error
	ck       checks // which of the target and the weights are checked
	t        *Table
	x        *linalg.Dense // rows×p, the storage of every table
	n        int           // rows in t so far
	total    int           // rows kept so far
	pending  bool          // t is full and not yet handed to fn
}

func newChunker(e *Encoding, pl *plan, target bool, rows int, fn func(*Table) error) *chunker {
	p := len(e.Names())
	c := &chunker{rowCoder: rowCoder{feats: e.Features, yk: -1, wk: pl.wk, nKeep: len(pl.keep)}, cols: pl.cols, rows: rows, fn: fn, ck: e.applyChecks(pl)}
	c.x = linalg.NewDense(rows, p, nil)
	c.t = &Table{X: c.x, Names: e.Names(), Encoding: e.clone(), Rows: make([]int, rows)}
	if len(pl.keep) > 0 {
		c.t.Kept = make([][]string, len(pl.keep))
		for j := range c.t.Kept {
			c.t.Kept[j] = make([]string, rows)
		}
	}
	if target {
		c.yk = pl.nFeat
		c.t.TargetLevels = e.Target.Levels
		c.t.Y = make([]float64, rows)
		c.code = numericCode(e.Target)
		if pl.wk >= 0 {
			c.t.Weights = make([]float64, rows)
		}
	}
	return c
}

// add codes the kept rows of block b, up to the first whose target or
// weight breaks the rules, whose error it returns, and hands each full table
// to fn once the row after it is known to be good.
func (c *chunker) add(p *parser, b *block) error {
	n, bad := c.checkBlock(p, b)
	c.t.Dropped += b.dropped
	np := c.x.RawData()
	_, pc := c.x.Dims()
	for r0 := 0; r0 < n; {
		if c.pending {
			if err := c.fn(c.t); err != nil {
				return err
			}
			c.pending, c.n = false, 0
			c.t.Bad = c.t.Bad[:0]
		}
		m := min(n-r0, c.rows-c.n)
		clear(np[c.n*pc : (c.n+m)*pc])
		c.fill(c.t, c.n, b, r0, m)
		for _, e := range b.bad {
			if e.Row >= r0 && e.Row < r0+m {
				c.t.Bad = append(c.t.Bad, RowError{Row: c.n + e.Row - r0, Err: e.Err})
			}
		}
		c.n += m
		c.total += m
		r0 += m
		c.pending = c.n == c.rows
	}
	return bad
}

// checkBlock returns the number of kept rows of b before the first whose
// target or weight breaks the rules, and the error of that row, or b.n and
// nil.
func (c *chunker) checkBlock(p *parser, b *block) (int, error) {
	ck := &c.ck
	ry, rw := -1, -1
	if ck.tk >= 0 {
		ry = badResponse(b.col(ck.tk), ck.props)
	}
	if ck.wk >= 0 {
		rw = firstNegative(b.col(ck.wk))
	}
	switch {
	case ry >= 0 && (rw < 0 || ry <= rw):
		return ry, p.responseError(b.line(ry), c.cols[ck.tk], b.col(ck.tk)[ry], ck.props)
	case rw >= 0:
		return rw, p.weightError(b.line(rw), c.cols[ck.wk], b.col(ck.wk)[rw])
	}
	return b.n, nil
}

// flush hands the last table, full or not, to fn.
func (c *chunker) flush() error {
	if c.n == 0 {
		return nil
	}
	t := c.t
	if c.n < c.rows {
		_, pc := c.x.Dims()
		t.X = linalg.NewDense(c.n, pc, c.x.RawData()[:c.n*pc])
		t.Rows = t.Rows[:c.n]
		if t.Y != nil {
			t.Y = t.Y[:c.n]
		}
		if t.Weights != nil {
			t.Weights = t.Weights[:c.n]
		}
		for j := range t.Kept {
			t.Kept[j] = t.Kept[j][:c.n]
		}
	}
	return c.fn(t)
}

// stream reads the rest of the input in pieces of whole records, converts
// them into blocks on up to GOMAXPROCS goroutines while it reads, and calls
// fn on the calling goroutine with each block in input order. fn also gets
// a block in error, whose rows are those before the error. stream stops at
// the first error fn returns, which it returns, or at the first block in
// error, whose error it returns; else it returns the error that ended
// reading, if any. At most about twice GOMAXPROCS pieces are held at once.
func (p *parser) stream(s *spec, fn func(b *block) error) error {
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *piece, workers)
	order := make(chan *piece, workers+1)
	free := make(chan []byte, 2*workers+4)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				j.blk = readBlock(s, j.data, j.line, j.rows)
				close(j.done)
			}
		})
	}
	getBuf := func(n int) []byte {
		select {
		case b := <-free:
			if cap(b) >= n {
				return b[:0]
			}
		default:
		}
		return make([]byte, 0, n)
	}
	go func() {
		defer close(jobs)
		defer close(order)
		p.pieces(getBuf, func(buf, data []byte, line, rows int) bool {
			j := &piece{buf: buf, data: data, line: line, rows: rows, done: make(chan struct{})}
			select {
			case order <- j:
			case <-stop:
				return false
			}
			jobs <- j
			select {
			case <-stop:
				return false
			default:
				return true
			}
		})
	}()
	var err error
	for j := range order {
		if err != nil {
			continue // let the reader finish
		}
		<-j.done
		b := j.blk
		select {
		case free <- j.buf:
		default:
		}
		j.blk = nil
		if err = fn(b); err == nil && b.err != nil {
			err = b.err
		}
		if err != nil {
			close(stop)
		}
	}
	wg.Wait()
	if err == nil {
		err = p.rerr
	}
	return err
}
