package logreg

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/a1bed000/logreg/linalg"
)

// mfitter is the fused pass of a baseline-category logit fit: at
// coefficients β (m = K − 1 blocks of p, one per level but the baseline) it
// accumulates, in one pass over the rows, the score, the Fisher information
// and the deviance,
//
//	g_j  = Σᵢ wᵢ·(δ(yᵢ = j) − πᵢⱼ)·dᵢ
//	I_jk = Σᵢ wᵢ·πᵢⱼ·(δⱼₖ − πᵢₖ)·dᵢdᵢᵀ
//	dev  = −2·Σᵢ wᵢ·log πᵢ,yᵢ
//
// Each block I_jk is symmetric and I_kj = I_jk, so only the upper triangles
// of the m(m+1)/2 blocks j ≤ k are accumulated: a row costs
// m(m+1)/2·p(p+1)/2 multiply-adds. As [fitter], it cuts the rows into
// segments by their number alone and adds the segments' sums in order, so
// that the result does not depend on the number of workers; an iteration
// allocates nothing.
type mfitter struct {
	x         *linalg.Dense
	y         []int // level of each row
	w         []float64
	intercept bool
	n, c      int // rows and columns of X
	p, m, q   int // design columns, blocks, coefficients m·p
	blk       []int
	nb        int // blocks of the information stored: m(m+1)/2

	segs []mseg

	beta []float64 // where a pass evaluates
	step []float64 // if not nil, a pass also finds max |dᵢᵀ·step_j|

	// Results of the last pass.
	hb       []float64     // the nb blocks' upper triangles, p·p each
	h        *linalg.Dense // q×q information, symmetric
	g        []float64
	dev      float64
	boundary int
	maxStep  float64

	qrJob bool // a parallel run fills the segments' QR factors (qrRows)
	lsJob bool // with the right-hand side of the Newton step (lsStep)

	workers int
	next    atomic.Int64
	wake    chan struct{}
	wg      sync.WaitGroup
}

// mseg is a segment of rows with its partial sums and per-chunk buffers.
type mseg struct {
	lo, hi   int
	hb       []float64
	g        []float64
	dev      float64
	boundary int
	maxStep  float64
	eta      []float64 // (m+1)·chunkRows: the blocks' η, then the exponentials
	e        []float64 // (m+1)·chunkRows: exp(η_j − max), the baseline's last
	pi       []float64 // m·chunkRows: probabilities of the blocks' levels
	qi       []float64 // m·chunkRows: their complements 1 − π
	v        []float64 // chunkRows: weights of one block of the information
	r        []float64 // chunkRows: residuals of one block
	lse      []float64 // chunkRows: the row maxima M = max(0, η_j)
	qr       *linalg.RowQR
	qrow     []float64
	amat     []float64
}

// blockIndex returns the index of block (j, k), j ≤ k, among the stored
// upper blocks, row by row.
func blockIndex(j, k, m int) int { return j*m - j*(j-1)/2 + (k - j) }

func newMfitter(x *linalg.Dense, y []int, w []float64, blk []int, m int, intercept bool, workers int) *mfitter {
	n, c := x.Dims()
	p := c
	if intercept {
		p++
	}
	f := &mfitter{x: x, y: y, w: w, intercept: intercept, n: n, c: c, p: p, m: m, q: m * p, blk: blk, nb: m * (m + 1) / 2}
	f.beta = make([]float64, f.q)
	f.hb = make([]float64, f.nb*p*p)
	f.h = linalg.NewDense(f.q, f.q, nil)
	f.g = make([]float64, f.q)
	s := segments(n)
	f.segs = make([]mseg, s)
	for i := range f.segs {
		f.segs[i] = mseg{
			lo: i * n / s, hi: (i + 1) * n / s,
			hb:  make([]float64, f.nb*p*p),
			g:   make([]float64, f.q),
			eta: make([]float64, (m+1)*chunkRows),
			e:   make([]float64, (m+1)*chunkRows),
			pi:  make([]float64, m*chunkRows),
			qi:  make([]float64, m*chunkRows),
			v:   make([]float64, chunkRows),
			r:   make([]float64, chunkRows),
			lse: make([]float64, chunkRows),
		}
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	f.workers = min(workers, s)
	if f.workers > 1 {
		f.wake = make(chan struct{})
		for range f.workers - 1 {
			go f.worker(f.wake)
		}
	}
	return f
}

func (f *mfitter) close() {
	if f.wake != nil {
		close(f.wake)
		f.wake = nil
	}
}

// worker computes segments for each wake-up on wake, until close closes it;
// it is handed the channel because close clears the field.
func (f *mfitter) worker(wake <-chan struct{}) {
	for range wake {
		f.drain()
		f.wg.Done()
	}
}

func (f *mfitter) drain() {
	for {
		i := int(f.next.Add(1) - 1)
		if i >= len(f.segs) {
			return
		}
		if f.qrJob {
			f.segs[i].qrRows(f)
		} else {
			f.segs[i].compute(f)
		}
	}
}

// eval evaluates the model at beta: the information in f.h (and its blocks
// in f.hb), the score in f.g, the deviance in f.dev, the rows with a fitted
// probability within 10·ε of 0 or 1 in f.boundary and, when f.step is set,
// max |dᵢᵀ·step_j| in f.maxStep.
func (f *mfitter) eval(beta []float64) {
	copy(f.beta, beta)
	f.run()
	s0 := &f.segs[0]
	copy(f.hb, s0.hb)
	copy(f.g, s0.g)
	f.dev, f.boundary, f.maxStep = s0.dev, s0.boundary, s0.maxStep
	for i := 1; i < len(f.segs); i++ {
		sg := &f.segs[i]
		linalg.Axpy(1, sg.hb, f.hb)
		linalg.Axpy(1, sg.g, f.g)
		f.dev += sg.dev
		f.boundary += sg.boundary
		f.maxStep = max(f.maxStep, sg.maxStep)
	}
	f.assemble()
}

// run computes every segment, on the fitter's workers.
func (f *mfitter) run() {
	f.next.Store(0)
	if f.wake != nil {
		f.wg.Add(f.workers - 1)
		for range f.workers - 1 {
			f.wake <- struct{}{}
		}
	}
	f.drain()
	f.wg.Wait()
}

// covQR sets dst to the inverse information at beta from the triangular
// factor R of a matrix A with AᵀA = I, never forming I: with the
// Cholesky factor Lᵢ of row i's weight matrix diag(πᵢ) − πᵢπᵢᵀ (over the
// blocks' levels), the rows √wᵢ·(Lᵢ[:, c] ⊗ dᵢ), c = 1 … m, so that the
// error grows with the condition number of A, not of I (as R's summary.glm
// inverts its QR factor). The segments' factors are merged in order; tol
// is the rank tolerance of [linalg.RowQR.InverseGramTo]. It allocates.
func (f *mfitter) covQR(dst *linalg.Dense, beta []float64, tol float64) error {
	copy(f.beta, beta)
	f.qrJob = true
	f.run()
	f.qrJob = false
	var q linalg.RowQR
	q.Reset(f.q)
	for i := range f.segs {
		q.Merge(f.segs[i].qr)
	}
	return q.InverseGramTo(dst, tol)
}

// lsStep sets dst to the Newton step at beta, I⁻¹g with the ridge penalty
// l2 (intercepts free), as the solution of the least-squares problem
// whose normal equations are that system: covQR's rows with the
// right-hand side √wᵢ·Lᵢ⁻¹(e_yᵢ − πᵢ) (over the blocks' levels), and the
// ridge rows √λ·e_j with −√λ·β_j. It is for an information too
// ill-conditioned for Cholesky (nearly collinear columns); tol is the rank
// tolerance. It allocates.
func (f *mfitter) lsStep(dst, beta []float64, l2, tol float64) error {
	copy(f.beta, beta)
	f.qrJob, f.lsJob = true, true
	f.run()
	f.qrJob, f.lsJob = false, false
	var q linalg.RowQR
	q.Reset(f.q + 1)
	for i := range f.segs {
		q.Merge(f.segs[i].qr)
	}
	if l2 > 0 {
		row := make([]float64, f.q+1)
		sl := math.Sqrt(l2)
		for j := 0; j < f.q; j++ {
			if f.intercept && j%f.p == 0 {
				continue
			}
			clear(row)
			row[j], row[f.q] = 1, -beta[j]
			q.AddRow(row, sl)
		}
	}
	return q.SolveLastTo(dst, tol)
}

// qrRows adds the rows of covQR's matrix A for the segment's rows to its
// RowQR, which it resets first.
func (sg *mseg) qrRows(f *mfitter) {
	c, p, m, q := f.c, f.p, f.m, f.q
	cols := q
	if f.lsJob {
		cols++
	}
	if sg.qr == nil {
		sg.qr = new(linalg.RowQR)
		sg.amat = make([]float64, m*m)
	}
	if len(sg.qrow) != cols {
		sg.qrow = make([]float64, cols)
	}
	sg.qr.Reset(cols)
	var res []float64
	if f.lsJob {
		res = make([]float64, m)
	}
	xd := f.x.RawData()
	d := make([]float64, p)
	d[0] = 1
	a := sg.amat
	for lo := sg.lo; lo < sg.hi; lo += chunkRows {
		hi := min(lo+chunkRows, sg.hi)
		ys := f.y[lo:hi]
		var ws []float64
		if f.w != nil {
			ws = f.w[lo:hi]
		}
		sg.probs(f, xd[lo*c:hi*c], ys, ws)
		for i := range ys {
			wi := 1.0
			if ws != nil {
				wi = ws[i]
			}
			if wi == 0 {
				continue
			}
			copy(d[p-c:], xd[(lo+i)*c:(lo+i)*c+c])
			// a = diag(π) − ππᵀ, then its lower Cholesky factor in place.
			for j := 0; j < m; j++ {
				pj := sg.pi[j*chunkRows+i]
				for k := 0; k <= j; k++ {
					if k == j {
						a[j*m+j] = pj * sg.qi[j*chunkRows+i]
					} else {
						a[j*m+k] = -pj * sg.pi[k*chunkRows+i]
					}
				}
			}
			for j := 0; j < m; j++ {
				for k := 0; k < j; k++ {
					a[j*m+j] -= a[j*m+k] * a[j*m+k]
				}
				piv := math.Sqrt(max(a[j*m+j], 0))
				a[j*m+j] = piv
				for l := j + 1; l < m; l++ {
					for k := 0; k < j; k++ {
						a[l*m+j] -= a[l*m+k] * a[j*m+k]
					}
					if piv > 0 {
						a[l*m+j] /= piv
					} else {
						a[l*m+j] = 0
					}
				}
			}
			if f.lsJob {
				// res = L⁻¹(e_y − π) by forward substitution.
				by := f.blk[ys[i]]
				for j := 0; j < m; j++ {
					v := -sg.pi[j*chunkRows+i]
					if j == by {
						v = sg.qi[j*chunkRows+i]
					}
					for k := 0; k < j; k++ {
						v -= a[j*m+k] * res[k]
					}
					if a[j*m+j] > 0 {
						v /= a[j*m+j]
					} else {
						v = 0
					}
					res[j] = v
				}
			}
			sw := math.Sqrt(wi)
			for col := 0; col < m; col++ {
				r := sg.qrow
				clear(r[:col*p])
				for j := col; j < m; j++ {
					l := a[j*m+col]
					blk := r[j*p : j*p+p]
					for t, v := range d {
						blk[t] = l * v
					}
				}
				if f.lsJob {
					r[q] = res[col]
				}
				sg.qr.AddRow(r, sw)
			}
		}
	}
}

// assemble scatters the stored blocks into the full symmetric information.
func (f *mfitter) assemble() {
	p, m, q := f.p, f.m, f.q
	h := f.h.RawData()
	for j := 0; j < m; j++ {
		for k := j; k < m; k++ {
			b := f.hb[blockIndex(j, k, m)*p*p:][:p*p]
			for a := 0; a < p; a++ {
				row := h[(j*p+a)*q+k*p:][:p]
				lo := 0
				if j == k {
					lo = a
				}
				for c := lo; c < p; c++ {
					if a <= c {
						row[c] = b[a*p+c]
					} else {
						row[c] = b[c*p+a]
					}
				}
			}
		}
	}
	linalg.Symmetrize(h, q)
}

// compute fills the segment's partial sums, chunk by chunk: the linear
// predictors of every block, then per row the log-sum-exp, probabilities,
// deviance, residuals, and last the score and the information's blocks.
func (sg *mseg) compute(f *mfitter) {
	clear(sg.hb)
	clear(sg.g)
	sg.boundary = 0
	sg.maxStep = 0
	var dev float64
	c, p, m := f.c, f.p, f.m
	off := p - c
	xd := f.x.RawData()
	for lo := sg.lo; lo < sg.hi; lo += chunkRows {
		hi := min(lo+chunkRows, sg.hi)
		nr := hi - lo
		xs := xd[lo*c : hi*c]
		ys := f.y[lo:hi]
		var ws []float64
		if f.w != nil {
			ws = f.w[lo:hi]
		}
		if f.step != nil {
			// The last step's change of every linear predictor.
			t := sg.r[:nr]
			for j := 0; j < m; j++ {
				b := f.step[j*p : j*p+p]
				linalg.RowDots(t, xs, b[off:])
				for i := range t {
					if ws != nil && ws[i] == 0 {
						continue
					}
					v := t[i]
					if off == 1 {
						v += b[0]
					}
					sg.maxStep = max(sg.maxStep, math.Abs(v))
				}
			}
		}
		d, nb := sg.probs(f, xs, ys, ws)
		dev += d
		sg.boundary += nb
		for j := 0; j < m; j++ {
			pj := sg.pi[j*chunkRows : j*chunkRows+nr]
			r := sg.r[:nr]
			var sr float64
			for i, yi := range ys {
				wi := 1.0
				if ws != nil {
					wi = ws[i]
				}
				d := -pj[i]
				if f.blk[yi] == j {
					d = sg.qi[j*chunkRows+i]
				}
				r[i] = wi * d
				sr += r[i]
			}
			g := sg.g[j*p : j*p+p]
			if off == 1 {
				g[0] += sr
			}
			linalg.AddRowsScaled(g[off:], xs, r)
			for k := j; k < m; k++ {
				pk := sg.pi[k*chunkRows : k*chunkRows+nr]
				v := sg.v[:nr]
				for i := range v {
					wi := 1.0
					if ws != nil {
						wi = ws[i]
					}
					if k == j {
						v[i] = wi * pj[i] * sg.qi[j*chunkRows+i]
					} else {
						v[i] = -wi * pj[i] * pk[i]
					}
				}
				linalg.GramAddUpper(sg.hb[blockIndex(j, k, m)*p*p:][:p*p], p, xs, c, v, f.intercept)
			}
		}
	}
	sg.dev = dev
}

// probs evaluates the rows xs (levels ys, weights ws, nil for 1) of a
// chunk at f.beta: it leaves exp(η_j − M) in sg.e, the probabilities of the
// blocks' levels in sg.pi and their complements in sg.qi, and returns the
// deviance of the rows and the number with a positive weight and a fitted
// probability within 10·ε of 0 or 1.
func (sg *mseg) probs(f *mfitter, xs []float64, ys []int, ws []float64) (dev float64, boundary int) {
	c, p, m := f.c, f.p, f.m
	off := p - c
	nr := len(ys)
	// η_j for each block, and the row maxima M = max(0, η_j).
	mx := sg.lse[:nr]
	clear(mx)
	for j := 0; j < m; j++ {
		b := f.beta[j*p : j*p+p]
		eta := sg.eta[j*chunkRows : j*chunkRows+nr]
		linalg.RowDots(eta, xs, b[off:])
		b0 := 0.0
		if off == 1 {
			b0 = b[0]
		}
		for i := range eta {
			eta[i] += b0
			mx[i] = max(mx[i], eta[i])
		}
	}
	// exp(η_j − M) ≤ 1 for the blocks, exp(−M) for the baseline.
	for j := 0; j <= m; j++ {
		t := sg.eta[j*chunkRows : j*chunkRows+nr]
		if j == m {
			for i := range t {
				t[i] = -mx[i]
			}
		} else {
			for i := range t {
				t[i] -= mx[i]
			}
		}
		expNegAbs(sg.e[j*chunkRows:j*chunkRows+nr], t)
	}
	for i := 0; i < nr; i++ {
		wi := 1.0
		if ws != nil {
			wi = ws[i]
		}
		// One term of s = Σ exp(η − M) is exactly 1 (the largest, the
		// baseline's as index m); t, the sum of the others, gives
		// log s = log1p(t) and 1 − π without cancellation.
		top := m
		for j := 0; j < m; j++ {
			if sg.eta[j*chunkRows+i] == 0 {
				top = j
				break
			}
		}
		var t float64
		for j := 0; j <= m; j++ {
			if j != top {
				t += sg.e[j*chunkRows+i]
			}
		}
		s := 1 + t
		inv := 1 / s
		small := sg.e[m*chunkRows+i] * inv
		for j := 0; j < m; j++ {
			ej := sg.e[j*chunkRows+i]
			pj := ej * inv
			sg.pi[j*chunkRows+i] = pj
			if j == top {
				sg.qi[j*chunkRows+i] = t * inv
			} else {
				sg.qi[j*chunkRows+i] = (s - ej) * inv
			}
			small = min(small, pj)
		}
		if top != m {
			small = min(small, t*inv)
		}
		if wi == 0 {
			continue
		}
		if small < boundaryEps {
			boundary++
		}
		// −log π_y = log Σ exp(η − M) − (η_y − M).
		var ty float64
		if b := f.blk[ys[i]]; b >= 0 {
			ty = sg.eta[b*chunkRows+i]
		} else {
			ty = sg.eta[m*chunkRows+i]
		}
		dev += 2 * wi * (math.Log1p(t) - ty)
	}
	return dev, boundary
}
