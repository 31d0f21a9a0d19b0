package logreg

import (
	"runtime"
	"sync"

	"github.com/a1bed000/logreg/linalg"
)

// LinearPredictorTo sets dst to the linear predictor η = D·β (the log-odds)
// for the rows of x, which must have the columns the model was fitted on.
// Each row's η is [linalg.Dot] of the row and the coefficients plus the
// intercept, the computation of [Model.LinearPredictor]. It panics if the
// dimensions do not match.
func (r *Result) LinearPredictorTo(dst []float64, x *linalg.Dense) {
	predictRows(dst, x, r.Coef, r.Intercept, false)
}

// PredictTo sets dst to the fitted probabilities σ(D·β) for the rows of x,
// which must have the columns the model was fitted on: [Sigmoid] of
// [Result.LinearPredictorTo], bit for bit. Large inputs are scored in
// blocks of rows on up to GOMAXPROCS goroutines, and on amd64 with AVX2
// four rows at a time, with the same results. It panics if the dimensions
// do not match.
func (r *Result) PredictTo(dst []float64, x *linalg.Dense) {
	predictRows(dst, x, r.Coef, r.Intercept, true)
}

// ClassifyTo sets dst[i] to 1 when the fitted probability of row i of x is
// at least threshold and to 0 otherwise; 0.5 is the usual threshold, 0
// classifies every row as 1. It panics if threshold is not in [0, 1] or the
// dimensions do not match.
func (r *Result) ClassifyTo(dst []float64, x *linalg.Dense, threshold float64) {
	if !(threshold >= 0 && threshold <= 1) {
		panic("logreg: threshold outside [0, 1]")
	}
	r.PredictTo(dst, x)
	for i, p := range dst {
		if p >= threshold {
			dst[i] = 1
		} else {
			dst[i] = 0
		}
	}
}

// rowEta returns the linear predictor of the design row x, β₀ + x·b with
// b0 = β₀ (0 without an intercept), in four partial sums as [linalg.Dot]
// forms them:
//
//	s_l = Σ_i x[4i+l]·b[4i+l],  s_0 also gains the last len(x) mod 4,
//	η = ((s_0 + s_1) + (s_2 + s_3)) + b0
//
// It is the one computation behind every binary prediction, of one row or
// of a matrix, so that they agree bit for bit; each product is rounded
// before it is added (no fused multiply-add, as in [expNonPos]). len(b)
// must be len(x).
func rowEta(x, b []float64, b0 float64) float64 {
	n := len(x)
	b = b[:n]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i <= n-4; i += 4 {
		s0 += float64(x[i] * b[i])
		s1 += float64(x[i+1] * b[i+1])
		s2 += float64(x[i+2] * b[i+2])
		s3 += float64(x[i+3] * b[i+3])
	}
	for ; i < n; i++ {
		s0 += float64(x[i] * b[i])
	}
	return (s0 + s1) + (s2 + s3) + b0
}

// etaRows sets d[i] to rowEta of row i of x (len(b) entries a row).
func etaRows(d, x, b []float64, b0 float64) {
	c := len(b)
	for i := etaVec(d, x, b, b0); i < len(d); i++ {
		d[i] = rowEta(x[i*c:i*c+c], b, b0)
	}
}

// sigmoidTo sets z[i] to Sigmoid(z[i]).
func sigmoidTo(z []float64) {
	for i := 0; i < len(z); {
		i += sigmoidVec(z[i:])
		// The values sigmoidVec leaves, four at a time: a vector that
		// holds one beyond its fast path, the last len(z) mod 4, or all
		// without the vector kernel.
		for end := min(i+4, len(z)); i < end; i++ {
			z[i] = Sigmoid(z[i])
		}
	}
}

// predictChunk is the number of rows whose linear predictors predictRows
// forms before it takes their Sigmoid in place, few enough to stay in the
// first-level cache.
const predictChunk = 256

// predictBlock is the number of entries of x per goroutine of predictRows,
// below which it scores on the calling goroutine alone.
const predictBlock = 1 << 16

// predictRows sets dst[i] to the linear predictor of row i of x under coef
// (with an intercept first when intercept is set), or to its [Sigmoid]
// when prob is set. Each row is independent of the others, so the blocks
// of rows that large inputs are cut into, one goroutine each, give the
// same results for any number of them. It panics if the dimensions do not
// match.
func predictRows(dst []float64, x *linalg.Dense, coef []float64, intercept, prob bool) {
	n, c := x.Dims()
	b, b0 := coef, 0.0
	if intercept && len(b) > 0 {
		b0, b = b[0], b[1:]
	}
	if len(dst) != n || len(b) != c || intercept && len(coef) == 0 {
		panic("logreg: dimension mismatch")
	}
	data := x.RawData()[:n*c]
	score := func(lo, hi int) {
		for ; lo < hi; lo += predictChunk {
			d := dst[lo:min(lo+predictChunk, hi)]
			etaRows(d, data[lo*c:], b, b0)
			if prob {
				sigmoidTo(d)
			}
		}
	}
	nb := 1
	if w := runtime.GOMAXPROCS(0); w > 1 && n*c >= 2*predictBlock {
		nb = min(w, n*c/predictBlock)
	}
	if nb == 1 {
		score(0, n)
		return
	}
	var wg sync.WaitGroup
	for k := range nb - 1 {
		wg.Go(func() { score(k*n/nb, (k+1)*n/nb) })
	}
	score((nb-1)*n/nb, n)
	wg.Wait()
}
