package logreg

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"runtime"

	"github.com/a1bed000/logreg/linalg"
)

// Accumulator sums, over chunks of rows, what one Newton iteration needs at
// fixed coefficients β:
//
//	g = Dᵀ·w·(y − μ)                  (score)
//	I = Dᵀ·diag(w·μ·(1 − μ))·D        (Fisher information)
//	dev = −2·Σ w·[y·log μ + (1 − y)·log(1 − μ)] + saturated terms
//
// with μ = σ(D·β), D = [1 X] or X, and counts of the rows. These are sums
// over rows, so accumulators of disjoint shards of the data, filled on
// different machines if need be and shipped with [Accumulator.MarshalBinary],
// add up with [Accumulator.Merge] to the accumulator of all the rows: the
// Newton step I⁻¹·g from the merged sums is the step of an in-memory fit, up
// to rounding. [FitStream] runs whole fits this way; the package
// documentation describes the protocol.
//
// An accumulator reset with a nil β evaluates at R's starting values instead,
// μ₀ = (w·y + 0.5)/(w + 1) and η₀ = logit(μ₀), and its score is then the
// right-hand side of the first least-squares system, Dᵀ·(W·η₀ + w·(y − μ₀)),
// so that the first iterate is β₁ = I⁻¹·g.
//
// Add splits a chunk into segments by its number of rows alone and adds their
// sums in a fixed order, so the sums do not depend on Workers; they do depend
// on how the rows are cut into chunks, in the last bits.
type Accumulator struct {
	// Workers caps the goroutines Add uses. Zero means GOMAXPROCS.
	Workers int

	p, k      int
	intercept bool
	start     bool      // evaluating at the starting values
	beta      []float64 // the coefficients, unless start

	h        []float64 // upper triangle of I, k×k
	g        []float64
	dev      float64
	rows     int
	nobs     int
	boundary int
	sw, swy  float64

	f *fitter // the fused pass, created by the first Add

	// With sub, FitStream's subsampled passes: h is summed over the rows
	// of the subsample of subCut (by their index from the last Reset),
	// unscaled, and sv and svSub are Σv over every row and over them.
	subCut    uint64
	sub       bool
	sv, svSub float64

	// off, for FitStream, holds the offset of every row, indexed as rows
	// are counted from the last Reset; nil means none.
	off []float64
}

// NewAccumulator returns an empty accumulator for a design with p columns of
// X, plus the intercept column when intercept is true, that evaluates the
// model at beta (its length is the number of coefficients, p or p+1, and it
// is copied) or, when beta is nil, at R's starting values.
//
// It panics if p is negative, the design has no column, len(beta) does not
// match, beta holds a value that is not finite, or the k×k information would take more than [DefaultMaxMemory]
// (check a design's size first with [CheckSize]). The zero Accumulator is
// not usable: make one with NewAccumulator.
func NewAccumulator(p int, intercept bool, beta []float64) *Accumulator {
	k := p
	if intercept {
		k++
	}
	if p < 0 || k == 0 {
		panic("logreg: dimension mismatch")
	}
	if int64(k)*int64(k) > DefaultMaxMemory/8 {
		panic(fmt.Sprintf("logreg: an accumulator of %d coefficients: its information would take more than %d GiB", k, DefaultMaxMemory>>30))
	}
	for j, b := range beta {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			panic(fmt.Sprintf("logreg: coefficient %d of a new accumulator is %v", j, b))
		}
	}
	a := &Accumulator{p: p, k: k, intercept: intercept, h: make([]float64, k*k), g: make([]float64, k), beta: make([]float64, k)}
	a.Reset(beta)
	return a
}

// Reset empties the sums and sets the coefficients at which the next rows
// are evaluated: beta, copied, or R's starting values when beta is nil. It
// panics if beta is not nil and its length is not the number of
// coefficients.
func (a *Accumulator) Reset(beta []float64) {
	if beta != nil && len(beta) != a.k {
		panic("logreg: dimension mismatch")
	}
	a.start = beta == nil
	clear(a.beta)
	copy(a.beta, beta)
	clear(a.h)
	clear(a.g)
	a.dev, a.rows, a.nobs, a.boundary, a.sw, a.swy = 0, 0, 0, 0, 0, 0
	a.sv, a.svSub = 0, 0
}

// Add adds the rows of x, with responses y in [0, 1] and prior weights w (nil
// means 1, as [Settings].Weights), to the sums. Rows are counted from the
// first row added since the last [Accumulator.Reset], and errors name them
// so. It allocates only while the chunks grow past the largest seen so far.
//
// Add panics if x does not have p columns or the lengths of y or w differ
// from its number of rows. It returns a *[DataError] for a value that is not
// finite, a response outside [0, 1] or a negative weight, and then adds
// nothing.
func (a *Accumulator) Add(x *linalg.Dense, y, w []float64) error {
	n, c := x.Dims()
	if c != a.p || len(y) != n || w != nil && len(w) != n {
		panic("logreg: dimension mismatch")
	}
	for i, yi := range y {
		if !isFinite(yi) {
			return &DataError{Row: a.rows + i, Col: -1, What: "y", Err: fmt.Errorf("%v: %w", yi, ErrNotFinite)}
		}
		if yi < 0 || yi > 1 {
			return &DataError{Row: a.rows + i, Col: -1, What: "y", Err: fmt.Errorf("%v: %w", yi, ErrResponse)}
		}
	}
	for i, wi := range w {
		if !isFinite(wi) {
			return &DataError{Row: a.rows + i, Col: -1, What: "weights", Err: fmt.Errorf("%v: %w", wi, ErrNotFinite)}
		}
		if wi < 0 {
			return &DataError{Row: a.rows + i, Col: -1, What: "weights", Err: fmt.Errorf("%v: %w", wi, ErrWeight)}
		}
	}
	if n == 0 {
		return nil
	}
	if a.f == nil {
		a.f = newEngine(a.p, a.intercept, 0)
	}
	f := a.f
	f.workers = a.Workers
	if f.workers <= 0 {
		f.workers = runtime.GOMAXPROCS(0)
	}
	f.setData(x, y, w)
	f.off = nil
	if a.off != nil {
		if a.rows+n > len(a.off) {
			return fmt.Errorf("logreg: more rows than the %d offsets: %w", len(a.off), ErrBadSettings)
		}
		f.off = a.off[a.rows : a.rows+n]
	}
	f.subCut, f.rowBase, f.rawSub = a.subCut, a.rows, true
	f.setSubsample(a.sub)
	copy(f.beta, a.beta)
	mode := atBeta
	if a.start {
		mode = atStart
	}
	f.pass(mode)
	// A value of x that is not finite makes the diagonal entry of its
	// column not finite (w·x² with w ≥ 0, or 0·∞); only then is x scanned.
	k := a.k
	h := f.h.RawData()
	for j := 0; j < k; j++ {
		if !isFinite(h[j*k+j]) {
			return a.badX(x, j)
		}
	}
	for j := 0; j < k; j++ {
		linalg.Axpy(1, h[j*k+j:j*k+k], a.h[j*k+j:j*k+k])
	}
	linalg.Axpy(1, f.g, a.g)
	a.dev += f.dev
	a.boundary += f.boundary
	if f.sub {
		a.sv += f.sv
		a.svSub += f.svSub
	}
	a.rows += n
	for i := 0; i < f.nseg; i++ {
		sg := &f.segs[i]
		a.nobs += sg.nobs
		a.sw += sg.sw
		a.swy += sg.swy
	}
	return nil
}

// badX returns the error for a chunk whose information has a non-finite
// diagonal entry in column j of the design.
func (a *Accumulator) badX(x *linalg.Dense, j int) error {
	n, c := x.Dims()
	xd := x.RawData()
	for i := 0; i < n; i++ {
		for col, v := range xd[i*c : i*c+c] {
			if !isFinite(v) {
				return &DataError{Row: a.rows + i, Col: col, What: "x", Err: fmt.Errorf("%v: %w", v, ErrNotFinite)}
			}
		}
	}
	return fmt.Errorf("logreg: the information of coefficient %d overflows: %w", j, ErrNumerical)
}

// Merge adds the sums of b to a, as if b's rows had been added to a after
// a's own. It panics if b is nil, or if the accumulators have different
// designs or evaluate at different coefficients.
func (a *Accumulator) Merge(b *Accumulator) {
	if a.p != b.p || a.intercept != b.intercept {
		panic("logreg: dimension mismatch")
	}
	if a.start != b.start || !equalBits(a.beta, b.beta) {
		panic("logreg: accumulators at different coefficients")
	}
	k := a.k
	for j := 0; j < k; j++ {
		linalg.Axpy(1, b.h[j*k+j:j*k+k], a.h[j*k+j:j*k+k])
	}
	linalg.Axpy(1, b.g, a.g)
	a.dev += b.dev
	a.rows += b.rows
	a.nobs += b.nobs
	a.boundary += b.boundary
	a.sw += b.sw
	a.swy += b.swy
}

func equalBits(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// Beta returns a copy of the coefficients at which a evaluates, or nil when
// it evaluates at R's starting values.
func (a *Accumulator) Beta() []float64 {
	if a.start {
		return nil
	}
	return append([]float64(nil), a.beta...)
}

// ScoreTo sets dst to the score g (at the starting values, the right-hand
// side of the first least-squares system). It panics if len(dst) is not the
// number of coefficients.
func (a *Accumulator) ScoreTo(dst []float64) {
	if len(dst) != a.k {
		panic("logreg: dimension mismatch")
	}
	copy(dst, a.g)
}

// InformationTo sets dst, resized to k×k, to the Fisher information
// Dᵀ·diag(w·μ·(1 − μ))·D, symmetric.
func (a *Accumulator) InformationTo(dst *linalg.Dense) {
	dst.Reset(a.k, a.k)
	copy(dst.RawData(), a.h)
	linalg.Symmetrize(dst.RawData(), a.k)
}

// Deviance returns the deviance of the rows added.
func (a *Accumulator) Deviance() float64 { return a.dev }

// Rows returns the number of rows added.
func (a *Accumulator) Rows() int { return a.rows }

// NObs returns the number of rows added with a positive weight.
func (a *Accumulator) NObs() int { return a.nobs }

// Boundary returns the number of rows added whose fitted probability is
// within 10·ε of 0 or 1.
func (a *Accumulator) Boundary() int { return a.boundary }

// accMagic starts the binary form of an Accumulator; accVersion is its
// version, the digits before the newline.
const (
	accPrefix  = "logreg-acc-"
	accVersion = "2"
	accMagic   = accPrefix + accVersion + "\n"
)

// accCRC is the table of the checksum that ends the binary form.
var accCRC = crc32.MakeTable(crc32.Castagnoli)

// MarshalBinary encodes a, sums and coefficients, exactly, so that an
// accumulator filled on one machine can be merged on another. The encoding
// is the magic "logreg-acc-2\n", then little-endian 64-bit words: the
// number of columns p, the flags (1: intercept, 2: at the starting values),
// the rows, the rows of positive weight, the rows at the boundary, the
// deviance, Σw, Σw·y, the k coefficients, the k scores and the upper
// triangle of the information by rows; last, the CRC-32 (Castagnoli) of all
// that, little-endian, which [Accumulator.UnmarshalBinary] checks.
func (a *Accumulator) MarshalBinary() ([]byte, error) {
	b := []byte(accMagic)
	var flags uint64
	if a.intercept {
		flags |= 1
	}
	if a.start {
		flags |= 2
	}
	for _, v := range []uint64{uint64(a.p), flags, uint64(a.rows), uint64(a.nobs), uint64(a.boundary)} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	put := func(v float64) { b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v)) }
	put(a.dev)
	put(a.sw)
	put(a.swy)
	for _, s := range [][]float64{a.beta, a.g} {
		for _, v := range s {
			put(v)
		}
	}
	for j := 0; j < a.k; j++ {
		for _, v := range a.h[j*a.k+j : j*a.k+a.k] {
			put(v)
		}
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, accCRC)), nil
}

// errAccFormat is returned for data that are not an encoded Accumulator.
var errAccFormat = errors.New("logreg: not an encoded accumulator")

// errAccChecksum is returned for an encoding whose checksum does not match.
var errAccChecksum = errors.New("logreg: accumulator checksum mismatch: the data are damaged")

// UnmarshalBinary sets a to the accumulator encoded by
// [Accumulator.MarshalBinary]; a's Workers is kept. It returns an error if
// data are not such an encoding, are of another version of the format
// (version 1, which had no checksum, is refused: its damage could not be
// told), or do not match their checksum; a is then unchanged.
func (a *Accumulator) UnmarshalBinary(data []byte) error {
	if !bytes.HasPrefix(data, []byte(accPrefix)) {
		return errAccFormat
	}
	if !bytes.HasPrefix(data, []byte(accMagic)) {
		v, _, ok := bytes.Cut(data[len(accPrefix):min(len(data), len(accPrefix)+8)], []byte("\n"))
		if !ok || len(v) == 0 {
			return errAccFormat
		}
		return fmt.Errorf("logreg: an accumulator of format version %q; this version reads version %s (make it again with this logreg)", v, accVersion)
	}
	if len(data) < len(accMagic)+5*8+4 {
		return fmt.Errorf("logreg: an encoded accumulator of %d bytes, too short: %w", len(data), errAccChecksum)
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, accCRC) != sum {
		return errAccChecksum
	}
	d := body[len(accMagic):]
	u := func() uint64 {
		v := binary.LittleEndian.Uint64(d)
		d = d[8:]
		return v
	}
	p, flags, rows, nobs, boundary := u(), u(), u(), u(), u()
	if p > 1<<20 || flags > 3 || rows > math.MaxInt || nobs > rows || boundary > rows {
		return errAccFormat
	}
	k := int(p)
	if flags&1 != 0 {
		k++
	}
	if k == 0 || uint64(len(d)) != 8*uint64(3+2*k+k*(k+1)/2) {
		return errAccFormat
	}
	f := func() float64 { return math.Float64frombits(u()) }
	*a = Accumulator{Workers: a.Workers, p: int(p), k: k, intercept: flags&1 != 0, start: flags&2 != 0,
		rows: int(rows), nobs: int(nobs), boundary: int(boundary),
		h: make([]float64, k*k), g: make([]float64, k), beta: make([]float64, k)}
	a.dev, a.sw, a.swy = f(), f(), f()
	for _, s := range [][]float64{a.beta, a.g} {
		for i := range s {
			s[i] = f()
		}
	}
	for j := 0; j < k; j++ {
		for i := j; i < k; i++ {
			a.h[j*k+i] = f()
		}
	}
	return nil
}

// Chunks is a source of rows read in chunks: each call must call yield once
// for every chunk, with the same rows in the same order every time, and stop
// and return the error as soon as yield returns one. x must have the same
// number of columns in every chunk; w may be nil (unit weights). A chunk may
// be reused for the next once yield returns.
type Chunks func(yield func(x *linalg.Dense, y, w []float64) error) error

// FitStream fits the model of [Fit] to p columns of rows that data reads in
// chunks, one pass over them per iteration, in memory for the chunk plus
// O(p²): each pass fills an [Accumulator] at the current coefficients, and
// the step is computed from its sums. The iterations are those of Fit (the
// same start, convergence test, step halving and extra step), so the result
// equals Fit's on the same rows up to rounding, the last bits of the sums
// depending on the chunks; reading the rows takes iterations + 2 passes
// ([Result].Passes). On large data the steps after the first pass take
// the information of a subsample of the rows, as Fit's first steps do
// (the package documentation's Passes over the rows): the estimate is the
// same to 1e-10, the iterations may differ from Fit's.
//
// Settings are those of Fit, with these differences: Weights must be nil
// (each chunk carries its own) and Firth is not supported; Offset, when
// set, holds the offset of every row in the order data yields them (its
// length must be the number of rows, and the null model's responses are
// kept for its fit after the final pass). The rank check is
// Fit's, on the information of the first pass, with one more pass for a QR
// decomposition when that matrix is nearly singular. Separation is
// diagnosed as by Fit: the screen runs in the final pass and the linear
// program, when the fit shows a sign of separation, takes a pass over the
// rows per round of cutting planes. As in Fit, the program runs once when
// fitted probabilities first reach 0 or 1 and ends separated iterations
// there.
//
// The first pass checks the rows as Fit does, before they are added, so
// that the same rows give the same errors. FitStream returns the error data
// returns, the errors of [Accumulator.Add] and the errors of Fit, and an
// error wrapping ErrLength for a chunk whose x does not have p columns or
// whose y or w does not have its rows (where Add panics); a
// *[DataError] counts rows from the start of a pass. Every pass must read
// the rows of the first, in any order: one that reads another number of
// rows, or whose responses or weights sum to another total, ends the fit
// with an error wrapping [ErrDataChanged] (changes to x alone are not
// seen). Its [SizeError] limit
// allows for the 32 segments a large chunk is cut into.
func FitStream(p int, data Chunks, s *Settings) (*Result, error) {
	set, err := s.withDefaults()
	if err != nil {
		return nil, err
	}
	if set.Firth || set.Weights != nil {
		return nil, fmt.Errorf("logreg: a streamed fit takes no Firth and no Weights (chunks carry weights): %w", ErrBadSettings)
	}
	if set.Offset != nil {
		if err := checkOffset(set.Offset, len(set.Offset)); err != nil {
			return nil, err
		}
	}
	if p < 0 {
		panic("logreg: dimension mismatch")
	}
	if data, err = shapedChunks(p, data); err != nil {
		return nil, err
	}
	intercept := !set.NoIntercept
	names, err := coefNames(linalg.NewDense(0, p, nil), set.Names, intercept)
	if err != nil {
		return nil, err
	}
	// The segments of a chunk are not known before it comes: the limit
	// allows for the most.
	if err := checkSize(len(names), maxSegs, false, set.MaxMemory); err != nil {
		return nil, err
	}
	acc := NewAccumulator(p, intercept, nil)
	acc.Workers = set.Workers
	acc.off = set.Offset
	sr := &streamRows{acc: acc, data: data, h: linalg.NewDense(acc.k, acc.k, nil), g: make([]float64, acc.k)}
	// The pass at the starting values checks the rows as Fit does, chunk
	// by chunk, before they are added, so that the same rows give the same
	// errors.
	var val validation
	sr.add = func(x *linalg.Dense, y, w []float64) error {
		if acc.start {
			n, c := x.Dims()
			if c != p || len(y) != n || w != nil && len(w) != n {
				panic("logreg: dimension mismatch")
			}
			var v validation
			v.check(x, y, w, 0, n, acc.rows)
			if val.merge(&v); val.err != nil {
				return val.err
			}
			if val.doomed() {
				// The sums would overflow; finish reports why once
				// every row is checked.
				return nil
			}
		}
		return acc.Add(x, y, w)
	}
	k := acc.k
	res := &Result{Names: names, Intercept: intercept, L2: set.L2}
	res.Trace = make([]Iteration, 0, set.MaxIter+maxCheap+1)
	nw := newNewton(&set, sr, k, intercept, res, nil)
	var nobs int
	nw.afterStart = func(h *linalg.Dense) error {
		var err error
		if nobs, err = val.finish(names, intercept); err != nil {
			return err
		}
		if set.Offset != nil && acc.rows != len(set.Offset) {
			return fmt.Errorf("logreg: %d offsets for %d rows: %w", len(set.Offset), acc.rows, ErrBadSettings)
		}
		// The rows are known now: the iterations that follow take
		// subsampled steps as Fit's do (the pass at the starting values,
		// which checks every row, is over every row).
		if frac := subsampleFraction(acc.rows, k, set.subsample); frac > 0 {
			acc.subCut = uint64(frac * (1 << 53))
			nw.sub = sr
			nw.info = linalg.NewDense(k, k, nil)
		}
		if set.L2 > 0 {
			return nil
		}
		// As in Fit, the rank check screens the information at the
		// starting values, whose weights are positive exactly where w is.
		return checkRank(data, h, clearTol, intercept, names, nobs, rankTolFor(set.Tol))
	}
	var sw, swy float64
	sr.onStart = func() { sw, swy = acc.sw, acc.swy }
	var verdict *lpVerdict
	if set.L2 == 0 {
		// As in Fit, the linear program runs once when fitted probabilities
		// reach 0 or 1, and ends the iterations if the data are separated;
		// a pass gathers its objective first.
		nw.separated = func(*Result, []float64, []float64) bool {
			if verdict == nil {
				var err error
				if verdict, err = lpOver(p, intercept, data); err != nil {
					return false // the final diagnosis reports it
				}
			}
			return verdict.err == nil && verdict.typ != SeparationNone
		}
	}
	if err := nw.run(); err != nil {
		return nil, err
	}
	if err := finiteCoefs(nw.beta, names); err != nil {
		return nil, err
	}
	res.NObs = nobs
	beta, prev := nw.beta, nw.prev
	halvingErr, iter := nw.halvingErr, nw.iter
	stepNorm := nw.stepNorm()
	res.Coef = append([]float64(nil), beta...)

	// The final pass: deviance and log-likelihood at the estimate and of the
	// null model.
	etaNull := 0.0
	if intercept {
		m := swy / sw
		etaNull = math.Log(m) - math.Log1p(-m)
	}
	fin := newEngine(p, intercept, set.Workers)
	copy(fin.beta, beta)
	fin.etaNull = etaNull
	if set.L2 == 0 && !nw.infoSaved {
		fin.info = make([]float64, k*k)
	}
	// The same pass screens for separation as Fit does: the last change of
	// the coefficients and the coefficients themselves are the candidates.
	var sep *sepCheck
	if set.L2 == 0 {
		last := make([]float64, k)
		copy(last, beta)
		linalg.Axpy(-1, prev, last)
		sep = newSepCheck(p, intercept, nw.lastStep(), last, res.Coef)
	}
	// With an offset the null model is fitted after the pass, on the
	// responses and weights it keeps.
	var ys, ws []float64
	row := 0
	err = data(func(x *linalg.Dense, y, w []float64) error {
		n, c := x.Dims()
		if c != p {
			panic("logreg: dimension mismatch")
		}
		fin.setData(x, y, w)
		fin.off = offRows(set.Offset, row, n)
		row += n
		if set.Offset != nil {
			ys = append(ys, y...)
			if w == nil {
				w = ones(n)
			}
			ws = append(ws, w...)
		}
		fin.addFinal(res)
		if sep != nil {
			sep.add(x.RawData(), y, w)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if row != len(set.Offset) && set.Offset != nil {
		return nil, fmt.Errorf("logreg: %d offsets for %d rows: %w", len(set.Offset), row, ErrBadSettings)
	}
	if set.Offset != nil {
		res.NullDeviance, res.NullLogLik = nullModel(ys, ws, set.Offset, intercept)
	}
	res.finishPenalty(&set, nil)
	info := InfoNone
	if fin.info != nil {
		info = InfoFull
	}
	res.Passes, res.InfoPasses = nw.passes+1, nw.infoPasses
	if info == InfoFull {
		res.InfoPasses++
	}
	res.finishTrace(&set, iter, stepNorm, info)
	cov := fin.info
	if nw.infoSaved && set.L2 == 0 {
		cov = nw.info.RawData()
	}
	err = res.setCovariance(cov, func() (*linalg.RowQR, []float64, error) {
		res.Passes++
		res.InfoPasses++
		// One more pass, for the factor of the weighted design.
		q := new(linalg.RowQR)
		q.Reset(k)
		fin.qr = q
		first := true
		row := 0
		err := data(func(x *linalg.Dense, y, w []float64) error {
			n, _ := x.Dims()
			if n == 0 {
				return nil
			}
			if first {
				fin.shift = lsShift(fin.shift, x, p)
				first = false
			}
			fin.setData(x, y, w)
			fin.off = offRows(set.Offset, row, n)
			row += n
			fin.addQR()
			return nil
		})
		return q, fin.shift, err
	}, set.Tol)
	if err != nil {
		return nil, err
	}
	if sep == nil {
		res.Status = make([]CoefStatus, k)
	} else {
		// The linear program, when it runs, makes its own passes.
		if err := sep.diagnose(res, data, halvingErr, verdict); err != nil {
			return nil, err
		}
		finishSeparation(res)
	}
	res.finish(&set, halvingErr)
	return res, nil
}

// streamRows makes passes over chunks of rows through an Accumulator, for
// the Newton iterations of FitStream.
type streamRows struct {
	acc     *Accumulator
	data    Chunks
	add     func(x *linalg.Dense, y, w []float64) error
	h       *linalg.Dense
	g       []float64
	onStart func()        // called after the pass at the starting values
	ls      *fitter       // lsStep's engine, created on first use
	q       *linalg.RowQR // lsStep's factor
}

func (s *streamRows) eval(beta []float64) error {
	s.acc.Reset(beta)
	if err := s.data(s.add); err != nil {
		return err
	}
	s.acc.InformationTo(s.h)
	if a := s.acc; a.sub && a.svSub > 0 {
		linalg.Scale(a.sv/a.svSub, s.h.RawData())
	}
	s.acc.ScoreTo(s.g)
	if beta == nil && s.onStart != nil {
		s.onStart()
	}
	return nil
}

// lsStep is one more pass over the chunks for the step of the last pass by
// QR; see passer.
func (s *streamRows) lsStep(dst []float64, l2, tol float64) error {
	a := s.acc
	if s.ls == nil {
		s.ls = newEngine(a.p, a.intercept, a.Workers)
	}
	f := s.ls
	f.mode = atBeta
	if a.start {
		f.mode = atStart
	}
	copy(f.beta, a.beta)
	if s.q == nil {
		s.q = new(linalg.RowQR)
	}
	q := s.q
	q.Reset(a.k + 1)
	first := true
	row := 0
	err := s.data(func(x *linalg.Dense, y, w []float64) error {
		n, _ := x.Dims()
		if n == 0 {
			return nil
		}
		if first {
			f.shift = lsShift(f.shift, x, a.p)
			first = false
		}
		f.setData(x, y, w)
		f.off = offRows(a.off, row, n)
		row += n
		f.run(jobLS)
		for i := 0; i < f.nseg; i++ {
			q.Merge(f.segs[i].ls)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if first {
		f.shift = lsShift(f.shift, linalg.NewDense(0, a.p, nil), a.p)
	}
	return solveShifted(dst, q, a.k, a.intercept, l2, a.beta, a.start, f.shift, tol)
}

// setSubsample makes the following passes form the information over the
// subsample (on), as fitter.setSubsample.
func (s *streamRows) setSubsample(on bool) { s.acc.sub = on && s.acc.subCut != 0 }

func (s *streamRows) sums() (*linalg.Dense, []float64, float64, int) {
	return s.h, s.g, s.acc.dev, s.acc.boundary
}

// offRows returns the offsets of the n rows from lo, nil without an offset
// or when off is too short (the row count is checked after the pass).
func offRows(off []float64, lo, n int) []float64 {
	if off == nil || lo+n > len(off) {
		return nil
	}
	return off[lo : lo+n]
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}
