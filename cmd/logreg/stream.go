package main

import (
	"bufio"
	bin "encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// With -chunk-rows 0, a chunk holds about chunkBytes of float64 data, and
// at least minChunkRows rows, so that logreg's accumulator, which splits a
// chunk into segments of a few thousand rows, keeps several cores busy. The
// size depends on the number of design columns only, never on the machine:
// the sums over rows are added chunk by chunk, so the chunk size is part of
// the result's last bits, which are then the same everywhere.
const (
	chunkBytes   = 4 << 20
	minChunkRows = 16384
)

// defaultChunkRows returns the rows of a chunk for p design columns with
// -chunk-rows 0.
func defaultChunkRows(p int) int {
	return max(chunkBytes/(8*(p+2)), minChunkRows)
}

// streamed is the outcome of a fit with -stream.
type streamed struct {
	// t describes the training data without holding them: Names,
	// Encoding, TargetLevels and Dropped are set, X, Y and Rows are not.
	t         *dataset.Table
	rows      int // rows used
	res       *logreg.Result
	read, fit time.Duration
}

// fitStreamed fits the model of o to its data file in memory independent
// of the number of rows. Pass 1 decides the coding of the columns
// (dataset.ScanEncoding); pass 2 codes the rows (Encoding.ApplyChunks) and
// writes them as float64 to a temporary file, which logreg.FitStream then
// reads in chunks of chunkRows rows (0: about chunkBytes of data), once per
// iteration; chunkRows is capped at the rows there are. An input that
// cannot be read twice (standard input, a pipe, a device) is copied to a
// temporary file during pass 1 for pass 2, and the copy is let go after
// pass 2. The temporary files are
// removed as soon as they are created where the system allows it, else
// when they are closed.
func fitStreamed(o *dataFlags, chunkRows int, l2 float64, stderr io.Writer) (*streamed, error) {
	start := time.Now()
	opt := o.readOptions()
	opt.Name = fileName(o.data)

	// Pass 1: the encoding, and for standard input a copy of the data.
	var in io.ReadSeeker
	var copyW *bufio.Writer
	var src io.Reader
	var closeIn func() // closes the input, or the copy, which is then removed
	data, closeData := os.Stdin, func() {}
	if o.data != "-" {
		f, err := os.Open(o.data)
		if err != nil {
			return nil, err
		}
		data, closeData = f, func() { f.Close() }
	}
	if st, err := data.Stat(); err == nil && st.Mode().IsRegular() && o.data != "-" {
		src, in, closeIn = data, data, closeData
	} else {
		f, done, err := createTemp("logreg-input-*.csv")
		if err != nil {
			closeData()
			return nil, err
		}
		copyW = bufio.NewWriterSize(f, 1<<20)
		src, in, closeIn = io.TeeReader(data, copyW), f, func() { closeData(); done() }
	}
	defer func() {
		if closeIn != nil {
			closeIn()
		}
	}()
	enc, info, err := dataset.ScanEncoding(src, opt)
	if err != nil {
		return nil, err
	}
	if copyW != nil {
		if err := copyW.Flush(); err != nil {
			return nil, fmt.Errorf("copying standard input: %w", err)
		}
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}

	// Pass 2: the coded rows, to a temporary file.
	names := enc.Names()
	p := len(names)
	if chunkRows == 0 {
		chunkRows = defaultChunkRows(p)
	}
	chunkRows = min(chunkRows, max(info.Rows, 1))
	f, done, err := createTemp("logreg-rows-*.bin")
	if err != nil {
		return nil, err
	}
	defer done()
	rf := newRowFile(f, p, enc.Weights != "", chunkRows)
	err = enc.ApplyChunks(in, dataset.ApplyOptions{Target: true, DropNA: opt.DropNA, Name: opt.Name}, chunkRows, rf.write)
	if err != nil {
		return nil, err
	}
	closeIn()
	closeIn = nil
	if rf.n != info.Rows {
		return nil, fmt.Errorf("%s: the input changed while it was read (%d rows, then %d)", opt.Name, info.Rows, rf.n)
	}
	s := &streamed{
		t:    &dataset.Table{Names: names, Encoding: *enc, Dropped: info.Dropped, TargetLevels: enc.Target.Levels},
		rows: rf.n,
	}
	s.read = time.Since(start)

	set := o.settings(s.t, stderr, "")
	set.L2 = l2
	start = time.Now()
	res, err := logreg.FitStream(p, rf.chunks, set)
	if err != nil {
		var de *logreg.DataError
		if errors.As(err, &de) && de.Row >= 0 {
			return nil, fmt.Errorf("%s: row %d of the rows used: %s", opt.Name, de.Row+1, message(de.Err))
		}
		return nil, fitError(o.data, s.t, err)
	}
	s.fit = time.Since(start)
	s.res = res
	return s, nil
}

// createTemp creates a temporary file in os.TempDir() and removes its name
// at once where the system allows it, so that nothing is left behind even
// if the process is killed; done closes the file and removes the name if it
// is still there.
func createTemp(pattern string) (f *os.File, done func(), err error) {
	f, err = os.CreateTemp("", pattern)
	if err != nil {
		return nil, nil, fmt.Errorf("creating a temporary file (set TMPDIR to choose where): %w", err)
	}
	name := f.Name()
	removed := os.Remove(name) == nil
	return f, func() {
		f.Close()
		if !removed {
			os.Remove(name)
		}
	}, nil
}

// rowFile stores coded rows as little-endian float64 in a file, in chunks
// of up to chunk rows: the chunk's rows of X, then its responses, then its
// weights when there are weights.
type rowFile struct {
	f       *os.File
	p       int  // design columns
	weights bool // whether rows have a weight
	chunk   int  // rows per chunk
	n       int  // rows written
	buf     []byte
	bufs    [2]*chunk // for reading
}

func newRowFile(f *os.File, p int, weights bool, chunk int) *rowFile {
	return &rowFile{f: f, p: p, weights: weights, chunk: chunk}
}

// rowBytes returns the bytes of one row.
func (rf *rowFile) rowBytes() int {
	if rf.weights {
		return 8 * (rf.p + 2)
	}
	return 8 * (rf.p + 1)
}

// write appends the rows of a table of at most rf.chunk rows; every table
// but the last must have rf.chunk rows.
func (rf *rowFile) write(t *dataset.Table) error {
	m := len(t.Y)
	if m > rf.chunk || rf.n%rf.chunk != 0 {
		panic("logreg: chunk of the wrong size")
	}
	b := rf.buf[:0]
	for _, v := range t.X.RawData() {
		b = bin.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	for _, v := range t.Y {
		b = bin.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	if rf.weights {
		for _, v := range t.Weights {
			b = bin.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	rf.buf = b
	if _, err := rf.f.Write(b); err != nil {
		return fmt.Errorf("writing the temporary file (set TMPDIR to choose where): %w", err)
	}
	rf.n += m
	return nil
}

// chunk is one chunk of rows read back from a rowFile.
type chunk struct {
	buf     []byte
	x, y, w []float64
	xd      *linalg.Dense // over x, when the chunk is full
	m       int           // rows
	err     error
}

// chunks is a logreg.Chunks over the rows written: it reads them back in
// the chunks they were written in. A goroutine reads and decodes the next
// chunk while yield works on the current one, into two sets of buffers
// used in turn.
func (rf *rowFile) chunks(yield func(x *linalg.Dense, y, w []float64) error) error {
	if rf.bufs[0] == nil {
		m := min(rf.chunk, rf.n)
		for i := range rf.bufs {
			c := &chunk{buf: make([]byte, m*rf.rowBytes()), x: make([]float64, m*rf.p), y: make([]float64, m)}
			if rf.weights {
				c.w = make([]float64, m)
			}
			c.xd = linalg.NewDense(m, rf.p, c.x)
			rf.bufs[i] = c
		}
	}
	free := make(chan *chunk, len(rf.bufs))
	for _, c := range rf.bufs {
		free <- c
	}
	ready := make(chan *chunk, len(rf.bufs))
	stop := make(chan struct{})
	go func() {
		defer close(ready)
		for off := 0; off < rf.n; off += rf.chunk {
			var c *chunk
			select {
			case c = <-free:
			case <-stop:
				return
			}
			c.m = min(rf.chunk, rf.n-off)
			c.err = rf.read(c, off)
			ready <- c
			if c.err != nil {
				return
			}
		}
	}()
	var err error
	for c := range ready {
		if err != nil {
			continue
		}
		if err = c.err; err != nil {
			break
		}
		xd, w := c.xd, c.w
		if r, _ := xd.Dims(); r != c.m {
			xd = linalg.NewDense(c.m, rf.p, c.x[:c.m*rf.p])
		}
		if w != nil {
			w = w[:c.m]
		}
		if err = yield(xd, c.y[:c.m], w); err != nil {
			close(stop)
		}
		free <- c
	}
	return err
}

// read reads and decodes into c its c.m rows from row off.
func (rf *rowFile) read(c *chunk, off int) error {
	size := rf.rowBytes()
	b := c.buf[:c.m*size]
	if k, err := rf.f.ReadAt(b, int64(off)*int64(size)); k < len(b) {
		return fmt.Errorf("reading the temporary file: %w", err)
	}
	x := c.x[:c.m*rf.p]
	decode(x, b)
	decode(c.y[:c.m], b[8*len(x):])
	if rf.weights {
		decode(c.w[:c.m], b[8*(len(x)+c.m):])
	}
	return nil
}

// decode fills dst from the little-endian float64 at the start of b.
func decode(dst []float64, b []byte) {
	b = b[:8*len(dst)]
	for i := range dst {
		dst[i] = math.Float64frombits(bin.LittleEndian.Uint64(b[8*i:]))
	}
}
