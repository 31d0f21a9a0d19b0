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
	v, r     []float64 // per-chunk working weights and residuals
	z        []float64 // Firth's L⁻¹·d_i
}

// job is the work a parallel run does on each segment.
type job int

const (
	jobPass  job = iota // segment.compute
	jobFirth            // segment.firth
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

	segs []segment

	// Results of the last pass.
	h        *linalg.Dense // k×k Fisher information Dᵀ·diag(v)·D, symmetric
	g        []float64
	dev      float64
	boundary int

	mode passMode
	beta []float64 // where an atBeta pass evaluates

	// Penalties.
	l2    float64
	firth bool
	lfac  *linalg.Dense // Cholesky factor of f.h for Firth's hat values
	fw    *firthWork    // Firth's exact Hessian, allocated on first use

	job job

	// Parallel passes.
	workers int
	next    atomic.Int64
	wake    chan struct{}
	wg      sync.WaitGroup
}

// newFitter sizes a fitter for x. workers ≤ 0 means GOMAXPROCS.
func newFitter(x *linalg.Dense, y, w []float64, intercept bool, workers int) *fitter {
	n, c := x.Dims()
	k := c
	if intercept {
		k++
	}
	f := &fitter{x: x, y: y, w: w, intercept: intercept, n: n, c: c, k: k}
	s := (n + segRows - 1) / segRows
	s = max(1, min(s, maxSegs))
	f.segs = make([]segment, s)
	for i := range f.segs {
		sg := &f.segs[i]
		sg.lo, sg.hi = i*n/s, (i+1)*n/s
		sg.h = make([]float64, k*k)
		sg.g = make([]float64, k)
		sg.v = make([]float64, chunkRows)
		sg.r = make([]float64, chunkRows)
		sg.z = make([]float64, k)
	}
	f.lfac = linalg.NewDense(k, k, nil)
	f.h = linalg.NewDense(k, k, nil)
	f.g = make([]float64, k)
	f.beta = make([]float64, k)

	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	f.workers = min(workers, s)
	if f.workers > 1 {
		f.wake = make(chan struct{})
		for range f.workers - 1 {
			go f.worker()
		}
	}
	return f
}

// close stops the fitter's worker goroutines.
func (f *fitter) close() {
	if f.wake != nil {
		close(f.wake)
		f.wake = nil
	}
}

func (f *fitter) worker() {
	for range f.wake {
		f.drain()
		f.wg.Done()
	}
}

// drain computes segments until none is left.
func (f *fitter) drain() {
	for {
		i := int(f.next.Add(1) - 1)
		if i >= len(f.segs) {
			return
		}
		switch f.job {
		case jobPass:
			f.segs[i].compute(f)
		case jobFirth:
			f.segs[i].firth(f)
		}
	}
}

// run does job on every segment, in parallel when the fitter has workers.
func (f *fitter) run(j job) {
	f.job = j
	f.next.Store(0)
	if f.wake != nil {
		f.wg.Add(f.workers - 1)
		for range f.workers - 1 {
			f.wake <- struct{}{}
		}
		f.drain()
		f.wg.Wait()
	} else {
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
	for i := 1; i < len(f.segs); i++ {
		sg := &f.segs[i]
		for j := 0; j < k; j++ {
			hr := h[j*k+j : j*k+k]
			linalg.Axpy(1, sg.h[j*k+j:j*k+k], hr)
		}
		linalg.Axpy(1, sg.g, f.g)
		f.dev += sg.dev
		f.boundary += sg.boundary
	}
	linalg.Symmetrize(h, k)
}

// compute fills the segment's partial sums.
func (sg *segment) compute(f *fitter) {
	clear(sg.h)
	clear(sg.g)
	sg.dev, sg.boundary = 0, 0
	c, k := f.c, f.k
	xd := f.x.RawData()
	var b0 float64
	b := f.beta
	g := sg.g
	if f.intercept {
		b0, b = b[0], b[1:]
		g = g[1:]
	}
	b = b[:c]
	g = g[:c]
	var dev, sumR float64
	for lo := sg.lo; lo < sg.hi; lo += chunkRows {
		hi := min(lo+chunkRows, sg.hi)
		v, r := sg.v[:hi-lo], sg.r[:hi-lo]
		for i := lo; i < hi; i++ {
			row := xd[i*c : i*c+c]
			yi, wi := f.y[i], 1.0
			if f.w != nil {
				wi = f.w[i]
			}
			var eta float64
			if f.mode == atStart {
				mu0 := (wi*yi + 0.5) / (wi + 1)
				eta = math.Log(mu0 / (1 - mu0))
			} else {
				eta = b0 + linalg.Dot(row, b)
			}
			o := at(eta)
			vi := wi * o.v
			ri := wi * (yi*o.q - (1-yi)*o.mu)
			if f.mode == atStart {
				ri += vi * eta
			}
			d := yi*o.nlmu + (1-yi)*o.nlq
			if yi != 0 && yi != 1 {
				d += xlogx(yi) + xlogx(1-yi)
			}
			dev += 2 * wi * d
			if wi > 0 && (o.mu < boundaryEps || o.q < boundaryEps) {
				sg.boundary++
			}
			v[i-lo], r[i-lo] = vi, ri
			sumR += ri
			if ri != 0 {
				linalg.Axpy(ri, row, g)
			}
		}
		linalg.GramAddUpper(sg.h, k, xd[lo*c:hi*c], c, v, f.intercept)
	}
	if f.intercept {
		sg.g[0] = sumR
	}
	sg.dev = dev
}
