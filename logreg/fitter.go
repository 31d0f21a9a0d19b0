package logreg

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/a1bed000/logreg/linalg"
)

const (
	// segRows is the smallest number of rows a segment holds; segments are
	// the unit of parallel work and of the fixed-order reduction.
	segRows = 2048
	// maxSegs caps the number of segments, so that their partial sums
	// cost O(maxSegs·k²) memory whatever n is.
	maxSegs = 32
	// chunkRows is the number of rows whose weights are computed before
	// they are folded into the segment's Gram matrix.
	chunkRows = 128
	// boundaryEps is R's threshold for a fitted probability that is
	// numerically 0 or 1: 10·ε.
	boundaryEps = 10 * 0x1p-52
)

// passMode says where a pass evaluates the model.
type passMode int

const (
	// atStart evaluates at R's starting values μ₀ = (w·y + 0.5)/(w + 1),
	// η₀ = logit(μ₀), and accumulates the right-hand side of the first
	// iteratively reweighted least-squares system, Dᵀ(W·η₀ + w·(y − μ₀)).
	atStart passMode = iota
	// atBeta evaluates at η = D·β and accumulates the score Dᵀ w·(y − μ).
	atBeta
)

// segment is a fixed block of rows with its private partial sums.
type segment struct {
	lo, hi   int
	h        []float64 // upper triangle of Dᵀ·diag(v)·D over the rows
	g        []float64 // Dᵀ·r over the rows
	dev      float64   // deviance over the rows
	boundary int       // rows with a fitted probability within 10·ε of 0 or 1
	nobs     int       // rows with a positive weight
	sw, swy  float64   // Σw and Σw·y over the rows
	// jobFinal: log-likelihood, and deviance and log-likelihood of the null
	// model.
	ll, devNull, llNull float64
	eta                 []float64     // per-chunk linear predictors
	v, r                []float64     // per-chunk working weights and residuals
	z                   []float64     // Firth's L⁻¹·d_i; jobQR's design row
	qr                  *linalg.RowQR // jobQR: the factor of the rows of √v·D
	ls                  *linalg.RowQR // jobLS: the factor of [√v·D  r/√v]
	lsRow               []float64     // jobLS: a row of that problem
	// A subsampled pass: rows of the subsample waiting to be added to h
	// (nsub of them, xsub their rows of X, vsub their weights), Σv over
	// every row and over the subsample, and at the starting values
	// diag, the diagonal of the information over every row.
	xsub, vsub []float64
	nsub       int
	sv, svSub  float64
	diag       []float64
}

// job is the work a parallel run does on each segment.
type job int

const (
	jobPass  job = iota // segment.compute
	jobFirth            // segment.firth
	jobFinal            // segment.final
	jobQR               // segment.qrRows
	jobLS               // segment.lsRows
)

// fitter holds everything one Newton iteration needs, allocated once, so that
// an iteration allocates nothing. Its sums do not depend on the number of
// workers: the rows are cut into segments by n alone and the partial sums are
// added in segment order.
type fitter struct {
	x         *linalg.Dense
	y, w      []float64 // w nil means unit weights
	intercept bool
	n, c, k   int

	segs []segment // the first nseg are in use
	nseg int

	// Results of the last pass.
	h        *linalg.Dense // k×k Fisher information Dᵀ·diag(v)·D, symmetric
	g        []float64
	dev      float64
	boundary int

	mode passMode
	beta []float64 // where an atBeta pass evaluates
	// subCut, when not 0, defines the fixed subsample of the rows: row i
	// belongs to it when inSubsample(i, subCut). sub makes the passes form
	// the information over it only, scaled by subScale = Σv / Σ_{subsample} v
	// so that it estimates the information over every row; the score, the
	// deviance and the boundary count are still over every row. After a
	// subsampled pass at the starting values, diag is the diagonal of the
	// information over every row (for the rank check).
	subCut   uint64
	sub      bool
	subScale float64
	diag     []float64
	// rowBase is the index of the first row of the data in the whole
	// (for an Accumulator's chunk), for inSubsample; rawSub leaves the
	// information of a subsampled pass unscaled, with sv and svSub, Σv
	// over every row and over the subsample, for the caller to scale.
	rowBase   int
	rawSub    bool
	sv, svSub float64
	etaNull   float64 // the null model's linear predictor, for jobFinal
	// off holds the offset of each row, added to every linear predictor
	// (the null model's too); nil means none.
	off []float64
	// info, if not nil, accumulates in jobFinal the upper triangle of the
	// information Dᵀ·diag(v)·D at f.beta, v = w·μ(1 − μ); qr accumulates
	// in jobQR the triangular factor of √v·D there. Both are for the
	// covariance.
	info []float64
	qr   *linalg.RowQR
	// ls accumulates in jobLS the factor of the least-squares problem of
	// a Newton step, for information too ill-conditioned for Cholesky,
	// with the columns of X shifted by shift (see lsStep).
	ls    *linalg.RowQR
	shift []float64

	// Firth's fit.
	lfac *linalg.Dense // Cholesky factor of f.h for Firth's hat values
	fw   *firthWork    // Firth's exact Hessian, allocated on first use

	job job

	// Parallel passes.
	workers int
	next    atomic.Int64
	wake    chan struct{}
	wg      sync.WaitGroup
}

// newFitter sizes a fitter for x and starts its worker goroutines, which
// [fitter.close] stops. workers ≤ 0 means GOMAXPROCS.
func newFitter(x *linalg.Dense, y, w []float64, intercept bool, workers int) *fitter {
	_, c := x.Dims()
	f := newEngine(c, intercept, workers)
	f.setData(x, y, w)
	f.workers = min(f.workers, f.nseg)
	if f.workers > 1 {
		f.wake = make(chan struct{})
		for range f.workers - 1 {
			go f.worker(f.wake)
		}
	}
	return f
}

// newEngine returns a fitter for designs with c columns of X and no data
// yet: [fitter.setData] gives it rows. Without worker goroutines started by
// newFitter, a parallel run starts goroutines for its own duration.
func newEngine(c int, intercept bool, workers int) *fitter {
	k := c
	if intercept {
		k++
	}
	f := &fitter{intercept: intercept, c: c, k: k}
	f.lfac = linalg.NewDense(k, k, nil)
	f.h = linalg.NewDense(k, k, nil)
	f.g = make([]float64, k)
	f.beta = make([]float64, k)
	f.diag = make([]float64, k)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	f.workers = workers
	return f
}

// setData points the fitter at the rows x, y, w (w nil for unit weights) and
// cuts them into segments by their number alone. It allocates only when the
// rows need more segments than the fitter has had so far.
func (f *fitter) setData(x *linalg.Dense, y, w []float64) {
	n, c := x.Dims()
	if c != f.c {
		panic("logreg: dimension mismatch")
	}
	f.x, f.y, f.w, f.n = x, y, w, n
	s := segments(n)
	for len(f.segs) < s {
		k := f.k
		f.segs = append(f.segs, segment{
			h:    make([]float64, k*k),
			g:    make([]float64, k),
			eta:  make([]float64, chunkRows),
			v:    make([]float64, chunkRows),
			r:    make([]float64, chunkRows),
			z:    make([]float64, k),
			diag: make([]float64, k),
		})
	}
	f.nseg = s
	for i := range f.segs[:s] {
		f.segs[i].lo, f.segs[i].hi = i*n/s, (i+1)*n/s
	}
}

// close stops the fitter's worker goroutines.
func (f *fitter) close() {
	if f.wake != nil {
		close(f.wake)
		f.wake = nil
	}
}

// worker computes segments for each wake-up on wake, until close closes it;
// it is handed the channel because close clears the field.
func (f *fitter) worker(wake <-chan struct{}) {
	for range wake {
		f.drain()
		f.wg.Done()
	}
}

// helper is a goroutine of one parallel run.
func (f *fitter) helper() {
	f.drain()
	f.wg.Done()
}

// drain computes segments until none is left.
func (f *fitter) drain() {
	for {
		i := int(f.next.Add(1) - 1)
		if i >= f.nseg {
			return
		}
		switch f.job {
		case jobPass:
			f.segs[i].compute(f)
		case jobFirth:
			f.segs[i].firth(f)
		case jobFinal:
			f.segs[i].final(f)
		case jobQR:
			f.segs[i].qrRows(f)
		case jobLS:
			f.segs[i].lsRows(f)
		}
	}
}

// eval is a pass at the starting values (beta nil) or at beta; see passer.
func (f *fitter) eval(beta []float64) error {
	if beta == nil {
		f.pass(atStart)
		return nil
	}
	copy(f.beta, beta)
	f.pass(atBeta)
	return nil
}

// sums returns the results of the last pass; see passer.
func (f *fitter) sums() (*linalg.Dense, []float64, float64, int) {
	return f.h, f.g, f.dev, f.boundary
}

// run does job on every segment, in parallel when the fitter has workers.
func (f *fitter) run(j job) {
	f.job = j
	f.next.Store(0)
	switch nw := min(f.workers, f.nseg); {
	case f.wake != nil:
		f.wg.Add(f.workers - 1)
		for range f.workers - 1 {
			f.wake <- struct{}{}
		}
		f.drain()
		f.wg.Wait()
	case nw > 1:
		f.wg.Add(nw - 1)
		for range nw - 1 {
			go f.helper()
		}
		f.drain()
		f.wg.Wait()
	default:
		f.drain()
	}
}

// pass evaluates the model at f.beta (or at the starting values) and leaves
// the Fisher information in f.h, the score (or first right-hand side) in f.g,
// the deviance in f.dev and the number of boundary fits in f.boundary.
func (f *fitter) pass(mode passMode) {
	f.mode = mode
	f.run(jobPass)
	k := f.k
	h := f.h.RawData()
	copy(h, f.segs[0].h)
	copy(f.g, f.segs[0].g)
	f.dev, f.boundary = f.segs[0].dev, f.segs[0].boundary
	for i := 1; i < f.nseg; i++ {
		sg := &f.segs[i]
		for j := 0; j < k; j++ {
			hr := h[j*k+j : j*k+k]
			linalg.Axpy(1, sg.h[j*k+j:j*k+k], hr)
		}
		linalg.Axpy(1, sg.g, f.g)
		f.dev += sg.dev
		f.boundary += sg.boundary
	}
	if f.sub {
		var sv, svSub float64
		clear(f.diag)
		for i := 0; i < f.nseg; i++ {
			sg := &f.segs[i]
			sv += sg.sv
			svSub += sg.svSub
			linalg.Axpy(1, sg.diag, f.diag)
		}
		f.sv, f.svSub, f.subScale = sv, svSub, 1
		if svSub > 0 && !f.rawSub {
			f.subScale = sv / svSub
		}
		linalg.Scale(f.subScale, h)
	}
	linalg.Symmetrize(h, k)
}

// setSubsample makes the following passes form the information over the
// fixed subsample of the rows (on) or over every row; without a subsample
// (subCut 0) every pass is over every row.
func (f *fitter) setSubsample(on bool) { f.sub = on && f.subCut != 0 }

// subsampled reports whether the last pass formed its information over the
// subsample.
func (f *fitter) subsampled() bool { return f.sub }

// inSubsample reports whether row i belongs to the subsample of cut: the
// top 53 bits of a fixed hash of i (splitmix64's finalizer) below cut, so a
// fraction cut/2⁵³ of the rows, chosen by their index alone, whatever the
// segments, chunks or workers.
func inSubsample(i int, cut uint64) bool {
	z := uint64(i) + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return z>>11 < cut
}

// addSub adds the rows lo, lo+1, … (xs of X, weights v) that belong to the
// subsample to the segment's pending rows, and those rows' part to Σv, and
// at the starting values every row to the diagonal of the information.
func (sg *segment) addSub(f *fitter, lo int, xs, v []float64) {
	c := f.c
	if len(sg.vsub) < chunkRows {
		// Allocated on first use, in the pass at the starting values.
		sg.xsub, sg.vsub = make([]float64, chunkRows*c), make([]float64, chunkRows)
	}
	diag := sg.diag
	if f.intercept {
		diag = diag[1:]
	}
	diag = diag[:c]
	for i, vi := range v {
		sg.sv += vi
		row := xs[i*c : i*c+c]
		if f.mode == atStart {
			for j, xj := range row {
				diag[j] += vi * xj * xj
			}
		}
		if !inSubsample(f.rowBase+lo+i, f.subCut) {
			continue
		}
		sg.svSub += vi
		copy(sg.xsub[sg.nsub*c:sg.nsub*c+c], row)
		sg.vsub[sg.nsub] = vi
		sg.nsub++
		if sg.nsub == chunkRows {
			sg.flushSub(f)
		}
	}
}

// flushSub adds the pending rows of the subsample to the segment's
// information.
func (sg *segment) flushSub(f *fitter) {
	if sg.nsub > 0 {
		linalg.GramAddUpper(sg.h, f.k, sg.xsub[:sg.nsub*f.c], f.c, sg.vsub[:sg.nsub], f.intercept)
	}
	sg.nsub = 0
}

// chunk returns the rows lo … hi−1 of the fitter's data: those of X
// (row-major), of y and of the prior weights (nil for unit weights).
func (f *fitter) chunk(lo, hi int) (xs, ys, ws []float64) {
	c := f.c
	xs, ys = f.x.RawData()[lo*c:hi*c], f.y[lo:hi]
	if f.w != nil {
		ws = f.w[lo:hi]
	}
	return xs, ys, ws
}

// etaTo sets eta to the linear predictors D·β + offset, β = f.beta, of the
// rows xs of X, the first of which is row lo.
func (f *fitter) etaTo(eta, xs []float64, lo int) {
	var b0 float64
	b := f.beta
	if f.intercept {
		b0, b = b[0], b[1:]
	}
	linalg.RowDots(eta, xs, b[:f.c])
	for i := range eta {
		eta[i] += b0
	}
	if f.off != nil {
		linalg.Axpy(1, f.off[lo:lo+len(eta)], eta)
	}
}

// startOffset subtracts v·offset from the right-hand side r of the first
// least-squares system of the rows from lo: the working response at the
// starting values is η₀ − offset + (y − μ₀)/(μ₀(1 − μ₀)), as R's glm.fit.
func (f *fitter) startOffset(r, v []float64, lo int) {
	if f.off == nil {
		return
	}
	o := f.off[lo : lo+len(r)]
	for i := range r {
		r[i] -= v[i] * o[i]
	}
}

// compute fills the segment's partial sums. It works through the rows in
// chunks: η for the chunk, then μ, the working weights, residuals and
// deviance terms, then the score and the information, so that each row of X
// is read from memory once and from cache twice more.
func (sg *segment) compute(f *fitter) {
	clear(sg.h)
	clear(sg.g)
	sg.boundary, sg.nobs = 0, 0
	sg.nsub, sg.sv, sg.svSub = 0, 0, 0
	clear(sg.diag)
	c, k := f.c, f.k
	g := sg.g
	if f.intercept {
		g = g[1:]
	}
	g = g[:c]
	var dev, sumR, sw, swy float64
	for lo := sg.lo; lo < sg.hi; lo += chunkRows {
		xs, ys, ws := f.chunk(lo, min(lo+chunkRows, sg.hi))
		eta, v, r := sg.eta[:len(ys)], sg.v[:len(ys)], sg.r[:len(ys)]
		if f.mode == atStart {
			startEta(eta, ys, ws)
		} else {
			f.etaTo(eta, xs, lo)
		}
		d, nb := model(v, r, eta, ys, ws, f.mode == atStart)
		if f.mode == atStart {
			f.startOffset(r, v, lo)
		}
		dev += d
		sg.boundary += nb
		if ws == nil {
			sg.nobs += len(ys)
			sw += float64(len(ys))
			for _, yi := range ys {
				swy += yi
			}
		} else {
			for i, wi := range ws {
				if wi > 0 {
					sg.nobs++
				}
				sw += wi
				swy += wi * ys[i]
			}
		}
		for _, ri := range r {
			sumR += ri
		}
		linalg.AddRowsScaled(g, xs, r)
		if f.sub {
			sg.addSub(f, lo, xs, v)
		} else {
			linalg.GramAddUpper(sg.h, k, xs, c, v, f.intercept)
		}
	}
	if f.sub {
		sg.flushSub(f)
		if f.intercept {
			sg.diag[0] = sg.sv
		}
	}
	if f.intercept {
		sg.g[0] = sumR
	}
	sg.dev, sg.sw, sg.swy = dev, sw, swy
}

// final evaluates the segment's rows at f.beta and the null model at
// f.etaNull: deviances, log-likelihoods and boundary fits, chunk by chunk
// with the exponential and logarithm of [model].
func (sg *segment) final(f *fitter) {
	on := at(f.etaNull)
	var dev, ll, devNull, llNull float64
	boundary := 0
	if f.info != nil {
		clear(sg.h)
	}
	for lo := sg.lo; lo < sg.hi; lo += chunkRows {
		xs, ys, ws := f.chunk(lo, min(lo+chunkRows, sg.hi))
		eta, e, l := sg.eta[:len(ys)], sg.v[:len(ys)], sg.r[:len(ys)]
		f.etaTo(eta, xs, lo)
		expNegAbs(e, eta)
		log1pUnits(l, e)
		for i, et := range eta {
			yi, wi := ys[i], 1.0
			if ws != nil {
				wi = ws[i]
			}
			if wi == 0 {
				continue
			}
			if f.off != nil {
				on = at(f.etaNull + f.off[lo+i])
			}
			// −log μ = log1p(e) + max(−η, 0), −log(1 − μ) = log1p(e) + max(η, 0).
			o := obs{nlmu: l[i] + max(-et, 0), nlq: l[i] + max(et, 0)}
			if e[i]/(1+e[i]) < boundaryEps {
				boundary++
			}
			if wi == 1 && (yi == 0 || yi == 1) {
				// A 0/1 response of unit weight, the common case, with
				// nll and binomLogLik reduced to a selection.
				m, mn := o.nlq, on.nlq
				if yi == 1 {
					m, mn = o.nlmu, on.nlmu
				}
				dev += 2 * m
				devNull += 2 * mn
				ll -= m
				llNull -= mn
				continue
			}
			ent := 0.0
			if yi != 0 && yi != 1 {
				ent = xlogx(yi) + xlogx(1-yi)
			}
			dev += 2 * wi * (nll(yi, o) + ent)
			devNull += 2 * wi * (nll(yi, on) + ent)
			ll += binomLogLik(wi, yi, o)
			llNull += binomLogLik(wi, yi, on)
		}
		if f.info != nil {
			workWeights(e, e, ws)
			linalg.GramAddUpper(sg.h, f.k, xs, f.c, e, f.intercept)
		}
	}
	sg.dev, sg.ll, sg.devNull, sg.llNull, sg.boundary = dev, ll, devNull, llNull, boundary
}

// workWeights sets v to the working weights w·μ(1 − μ) = w·e/(1 + e)² from
// e = exp(−|η|), as model computes them; v may be e. A nil w means unit
// weights.
func workWeights(v, e, w []float64) {
	e = e[:len(v)]
	for i, ei := range e {
		inv := 1 / (1 + ei)
		vi := ei * inv * inv
		if w != nil {
			vi *= w[i]
		}
		v[i] = vi
	}
}

// qrRows adds the segment's rows of √v·D at f.beta to its RowQR, which it
// resets first; with an intercept, D's columns of X are shifted by f.shift,
// as lsShift describes.
func (sg *segment) qrRows(f *fitter) {
	if sg.qr == nil {
		sg.qr = new(linalg.RowQR)
	}
	sg.qr.Reset(f.k)
	d := sg.z[:f.k]
	off := f.k - f.c
	if off == 1 {
		d[0] = 1
	}
	for lo := sg.lo; lo < sg.hi; lo += chunkRows {
		xs, ys, ws := f.chunk(lo, min(lo+chunkRows, sg.hi))
		eta, v := sg.eta[:len(ys)], sg.v[:len(ys)]
		f.etaTo(eta, xs, lo)
		expNegAbs(v, eta)
		workWeights(v, v, ws)
		for i, vi := range v {
			if vi == 0 {
				continue
			}
			copy(d[off:], xs[i*f.c:i*f.c+f.c])
			if off == 1 {
				linalg.Axpy(-1, f.shift, d[1:])
			}
			sg.qr.AddRow(d, math.Sqrt(vi))
		}
	}
}

// lsRows adds the segment's rows of the least-squares problem of the
// Newton step at f.beta (or at the starting values, as f.mode says) to its
// RowQR of k + 1 columns, which it resets first: the rows √v·d with the
// right-hand side r/√v, v and r the working weights and residuals of
// [model], so that the normal equations of the problem are I·δ = g, the
// system of the step; with an intercept, d's columns of X are shifted by
// f.shift.
func (sg *segment) lsRows(f *fitter) {
	k := f.k
	if sg.ls == nil {
		sg.ls = new(linalg.RowQR)
	}
	sg.ls.Reset(k + 1)
	if len(sg.lsRow) != k+1 {
		sg.lsRow = make([]float64, k+1)
	}
	row := sg.lsRow
	off := k - f.c
	if off == 1 {
		row[0] = 1
	}
	for lo := sg.lo; lo < sg.hi; lo += chunkRows {
		xs, ys, ws := f.chunk(lo, min(lo+chunkRows, sg.hi))
		eta, v, r := sg.eta[:len(ys)], sg.v[:len(ys)], sg.r[:len(ys)]
		if f.mode == atStart {
			startEta(eta, ys, ws)
		} else {
			f.etaTo(eta, xs, lo)
		}
		model(v, r, eta, ys, ws, f.mode == atStart)
		if f.mode == atStart {
			f.startOffset(r, v, lo)
		}
		for i, vi := range v {
			if !(vi > 0) {
				continue
			}
			sv := math.Sqrt(vi)
			copy(row[off:k], xs[i*f.c:i*f.c+f.c])
			if off == 1 {
				linalg.Axpy(-1, f.shift, row[1:k])
			}
			row[k] = r[i] / vi
			sg.ls.AddRow(row, sv)
		}
	}
}

// lsStep sets dst to the Newton step of the last pass (at the starting
// values, the first iterate itself) by a QR factorization of its
// least-squares problem, in one more pass over the rows in parallel and in
// segment order, with the ridge penalty l2 as k more rows √λ·e_j; tol is
// the rank tolerance. It is for information that Cholesky cannot factor
// accurately, and allocates on first use only.
func (f *fitter) lsStep(dst []float64, l2, tol float64) error {
	if f.ls == nil {
		f.ls = new(linalg.RowQR)
	}
	f.ls.Reset(f.k + 1)
	f.shift = lsShift(f.shift, f.x, f.c)
	f.run(jobLS)
	for i := 0; i < f.nseg; i++ {
		f.ls.Merge(f.segs[i].ls)
	}
	return solveShifted(dst, f.ls, f.k, f.intercept, l2, f.beta, f.mode == atStart, f.shift, tol)
}

// lsShift returns the shift of the columns of X in the least-squares
// problem of a step: the first row of x (dst reused when long enough). With
// an intercept, the problem in the columns X − 1·shiftᵀ is that of the
// coefficients (δ₀ + shiftᵀ·δ_x, δ_x), whose columns are no longer nearly
// parallel to the intercept's when X is far from 0 (a column x + 1e9), so
// that QR solves it to the accuracy of the data.
func lsShift(dst []float64, x *linalg.Dense, c int) []float64 {
	if cap(dst) < c {
		dst = make([]float64, c)
	}
	dst = dst[:c]
	if n, _ := x.Dims(); n > 0 {
		copy(dst, x.RawRow(0))
	}
	return dst
}

// solveShifted solves the least-squares problem q of a step, with the
// ridge rows of l2 added, and undoes the shift of the columns of X:
// δ₀ = δ₀' − shiftᵀ·δ_x.
func solveShifted(dst []float64, q *linalg.RowQR, k int, intercept bool, l2 float64, beta []float64, start bool, shift []float64, tol float64) error {
	addRidgeRows(q, k, intercept, l2, beta, start)
	if err := q.SolveLastTo(dst, tol); err != nil {
		return err
	}
	if intercept {
		dst[0] -= linalg.Dot(shift, dst[1:])
	}
	return nil
}

// addRidgeRows adds to the least-squares problem q of a Newton step the
// rows of the ridge penalty λ·Σ_{j≥1}β_j²: √λ·e_j with the right-hand side
// −√λ·β_j (0 at the starting values), whose normal equations add λ to the
// diagonal of the information and −λ·β_j to the score.
func addRidgeRows(q *linalg.RowQR, k int, intercept bool, l2 float64, beta []float64, start bool) {
	if l2 == 0 {
		return
	}
	sl := math.Sqrt(l2)
	var buf [16]float64
	row := buf[:0]
	if k+1 > len(buf) {
		row = make([]float64, k+1)
	}
	row = row[:k+1]
	off := 0
	if intercept {
		off = 1
	}
	for j := off; j < k; j++ {
		clear(row)
		row[j] = 1
		if !start {
			row[k] = -beta[j]
		}
		q.AddRow(row, sl)
	}
}

// addQR adds the rows of √v·D at f.beta to f.qr, in parallel and in
// segment order.
func (f *fitter) addQR() {
	f.run(jobQR)
	for i := 0; i < f.nseg; i++ {
		f.qr.Merge(f.segs[i].qr)
	}
}

// addFinal evaluates the fitter's rows at f.beta and the null model at
// f.etaNull, in parallel, and adds the deviances, log-likelihoods and
// boundary count to res, and, when f.info is set, the information to it.
func (f *fitter) addFinal(res *Result) {
	f.run(jobFinal)
	k := f.k
	for i := 0; i < f.nseg; i++ {
		sg := &f.segs[i]
		if f.info != nil {
			for j := 0; j < k; j++ {
				linalg.Axpy(1, sg.h[j*k+j:j*k+k], f.info[j*k+j:j*k+k])
			}
		}
		res.Deviance += sg.dev
		res.LogLik += sg.ll
		res.NullDeviance += sg.devNull
		res.NullLogLik += sg.llNull
		res.Boundary += sg.boundary
	}
}

// startEta sets eta to R's starting values η₀ = logit(μ₀),
// μ₀ = (w·y + 0.5)/(w + 1). A nil w means unit weights.
func startEta(eta, y, w []float64) {
	y = y[:len(eta)]
	logit := func(wi, yi float64) float64 {
		mu0 := (wi*yi + 0.5) / (wi + 1)
		return math.Log(mu0 / (1 - mu0))
	}
	// A 0/1 response of unit weight, the common case, has one of two
	// starting values.
	l0, l1 := logit(1, 0), logit(1, 1)
	for i := range eta {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		switch {
		case wi == 1 && y[i] == 0:
			eta[i] = l0
		case wi == 1 && y[i] == 1:
			eta[i] = l1
		default:
			eta[i] = logit(wi, y[i])
		}
	}
}

// model evaluates the rows of a chunk at their linear predictors eta: it sets
// v to the working weights w·μ(1 − μ) and r to the weighted residuals
// w·(y − μ) (plus v·η at the starting values, the right-hand side of the
// first least-squares system), and returns the deviance of the rows and the
// number with a positive weight and a fitted probability within 10·ε of 0 or
// 1. A nil w means unit weights.
//
// With e = exp(−|η|) ≤ 1, d = 1 + e, the probabilities are 1/d and e/d, and
// each deviance term is
//
//	−[y·log μ + (1 − y)·log(1 − μ)] = log1p(e) + max(η, 0) − y·η
//
// plus y·log y + (1 − y)·log(1 − y) for a proportion y, so a row costs one
// exponential, one logarithm and two divisions, the exponential and the
// logarithm polynomials for the ranges they meet here ([expNegAbs],
// [log1pUnits]).
func model(v, r, eta, y, w []float64, start bool) (dev float64, boundary int) {
	// Three passes rather than one: each row's exponential, logarithm and
	// divisions are long chains of dependent operations, and short loop
	// bodies let the processor overlap more rows (one AVX2 kernel for all
	// three took half as long again as the three kernels in turn).
	expNegAbs(v, eta) // v holds e = exp(−|η|) until modelRows
	log1pUnits(r, v)  // r holds log1p(e) until modelRows
	dev, boundary, n := modelRowsSIMD(v, r, eta, y, w, start, 0)
	eta = eta[n:]
	v, r, y = v[n:][:len(eta)], r[n:][:len(eta)], y[n:][:len(eta)]
	if w != nil {
		w = w[n:][:len(eta)]
	}
	dev, nb := modelRows(v, r, eta, y, w, start, dev)
	return dev, boundary + nb
}

// modelRows is the end of model for rows whose v holds e = exp(−|η|) and r
// holds log1p(e): it adds their deviance terms to dev, in the order of the
// rows, sets v and r to the working weights and residuals, and returns the
// sum and the number of boundary fits.
func modelRows(v, r, eta, y, w []float64, start bool, dev float64) (float64, int) {
	boundary := 0
	for i, et := range eta {
		yi, wi := y[i], 1.0
		if w != nil {
			wi = w[i]
		}
		dt := r[i] + max(et, 0) - float64(yi*et)
		if yi != 0 && yi != 1 {
			dt += xlogx(yi) + xlogx(1-yi)
		}
		dev += float64(2 * wi * dt)
	}
	for i, et := range eta {
		yi, wi := y[i], 1.0
		if w != nil {
			wi = w[i]
		}
		e := v[i]
		inv := 1 / (1 + e)
		small := e * inv
		mu, q := small, inv
		if et >= 0 {
			mu, q = inv, small
		}
		vi := wi * (small * inv)
		ri := float64(wi * (float64(yi*q) - float64((1-yi)*mu)))
		if start {
			ri += float64(vi * et)
		}
		if wi > 0 && small < boundaryEps {
			boundary++
		}
		v[i], r[i] = vi, ri
	}
	return dev, boundary
}

// log1pUnits sets dst[i] = log(1 + e[i]) for e[i] in [0, 1], within one
// unit in the last place, with each product rounded before it is added, as
// in expNegAbs1. Since e is exact, 1 + e = 2^k·(1 + f) with f = e
// (k = 0) or f = (e − 1)/2 (k = 1, e > √2 − 1) is exact too, and log(1 + f)
// is fdlibm's kernel: s = f/(2 + f), 2·atanh(s) with a degree-14 polynomial
// in s, |s| ≤ 0.1716, evaluated by Estrin's scheme.
func log1pUnits(dst, e []float64) {
	n := log1pUnitsSIMD(dst, e)
	dst, e = dst[n:len(e)], e[n:]
	for i, ei := range e {
		k, f := 0.0, ei
		if ei > math.Sqrt2-1 {
			k, f = 1, (ei-1)*0.5
		}
		s := f / (2 + f)
		z := s * s
		z2 := z * z
		r := float64(z * ((lg1 + float64(z*lg2)) + float64(z2*(lg3+float64(z*lg4))) + float64((z2*z2)*((lg5+float64(z*lg6))+float64(z2*lg7)))))
		hfsq := float64(0.5 * f * f)
		dst[i] = float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+r)) + float64(k*ln2Lo))) - f)
	}
}

// expNegAbs sets dst[i] = exp(−|eta[i]|), within two units in the last
// place. It reduces a = −|η| = k·ln2 + t, |t| ≤ ln2/2, with a Cody–Waite
// split of ln2, sums the Taylor series of e^t to degree 13 (the remainder is
// below 2⁻⁵⁶) and scales by 2^k through the exponent bits. Results that
// would be subnormal are left to math.Exp.
func expNegAbs(dst, eta []float64) {
	n := expNegAbsSIMD(dst, eta)
	dst, eta = dst[n:len(eta)], eta[n:]
	for i, et := range eta {
		dst[i] = expNegAbs1(et)
	}
}

// expNegAbs1 is expNegAbs of one value. Every product is rounded before it
// is added (the conversions to float64 keep compilers for GOAMD64=v3,
// arm64 and others from fusing them into multiply-adds), so the result is
// the same on every platform and equals the AVX2 kernel's.
func expNegAbs1(et float64) float64 {
	a := -math.Abs(et)
	if !(a >= -708) {
		return math.Exp(a)
	}
	kf := (float64(a*math.Log2E) + expRound) - expRound
	return math.Float64frombits(math.Float64bits(expPoly((a-float64(kf*ln2Hi))-float64(kf*ln2Lo))) + uint64(int64(kf))<<52)
}

// fdlibm's coefficients of 2·atanh(s) = log((1 + s)/(1 − s)), for
// log1pUnits.
const (
	lg1 = 6.666666666666735130e-01
	lg2 = 3.999999999940941908e-01
	lg3 = 2.857142874366239149e-01
	lg4 = 2.222219843214978396e-01
	lg5 = 1.818357216161805012e-01
	lg6 = 1.531383769920937332e-01
	lg7 = 1.479819860511658591e-01
)

const (
	ln2Hi    = 6.93147180369123816490e-01
	ln2Lo    = 1.90821492927058770002e-10
	expRound = 0x1.8p52 // adding and subtracting it rounds to an integer
)

// expPoly returns the Taylor polynomial of e^t of degree 13,
// 1 + (t + t²·P(t)), with P evaluated by Estrin's scheme: its chains of
// dependent operations are a third as long as Horner's, and the leading
// terms, added last, keep the error within 2 units in the last place for
// |t| ≤ ln2/2.
func expPoly(t float64) float64 {
	t2 := t * t
	t4 := t2 * t2
	p23 := 1.0/2 + float64(t*(1.0/6))
	p45 := 1.0/24 + float64(t*(1.0/120))
	p67 := 1.0/720 + float64(t*(1.0/5040))
	p89 := 1.0/40320 + float64(t*(1.0/362880))
	p1011 := 1.0/3628800 + float64(t*(1.0/39916800))
	p1213 := 1.0/479001600 + float64(t*(1.0/6227020800))
	q := (p23 + float64(t2*p45)) + float64(t4*((p67+float64(t2*p89))+float64(t4*(p1011+float64(t2*p1213)))))
	return 1 + (t + float64(t2*q))
}
