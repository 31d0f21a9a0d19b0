package logreg

import (
	"math"
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
// blocks of rows on up to GOMAXPROCS goroutines, with the same results. It
// panics if the dimensions do not match.
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

// predictOne returns Sigmoid(rowEta(x, b, b0)) bit for bit: their
// operations written out in one function, which takes a third less time
// than the two calls (a call and its return move η and e^(−|η|) through
// memory and registers on the chain of dependent operations that bounds
// the time of one row). It differs from them only where that leaves the
// result as it is:
//
//   - the first four products start the partial sums instead of being
//     added to +0, so a sum can be −0 where rowEta's is +0, and η then
//     −0 where rowEta's is +0 (for b0 = −0), whose σ is 1/2 all the same;
//   - −|η| is min(η, −η), and round(a·N/ln2) is rounded by RoundToEven
//     instead of by adding and subtracting 1.5·2⁵² (the same integer,
//     whose sign only differs for a zero, where r and the result do not);
//   - the numerator, e for η < 0 and 1 otherwise, is e·m + (1 − m) for m
//     of 1 or 0, exact and without moving e to an integer register.
//
// len(b) must be len(x).
func predictOne(x, b []float64, b0 float64) float64 {
	n := len(x)
	b = b[:n]
	var s0, s1, s2, s3 float64
	i := 0
	if n >= 4 {
		s0, s1, s2, s3 = float64(x[0]*b[0]), float64(x[1]*b[1]), float64(x[2]*b[2]), float64(x[3]*b[3])
		i = 4
	}
	for ; i <= n-4; i += 4 {
		s0 += float64(x[i] * b[i])
		s1 += float64(x[i+1] * b[i+1])
		s2 += float64(x[i+2] * b[i+2])
		s3 += float64(x[i+3] * b[i+3])
	}
	for ; i < n; i++ {
		s0 += float64(x[i] * b[i])
	}
	z := (s0 + s1) + (s2 + s3) + b0
	a := min(z, -z)
	if !(a >= -700) {
		return Sigmoid(z) // expNonPos's other paths, and NaN
	}
	// expNonPos's fast path, its x = a.
	m := float64(a * expInvLn2N)
	ki := math.Float64bits(m + expShift)
	kd := math.RoundToEven(m)
	r := a + float64(kd*expNegLn2HiN) + float64(kd*expNegLn2LoN)
	j := 2 * (ki % expN)
	c := math.Float64frombits(expTab[j])
	r2 := r * r
	p := c + r + float64(r2*(expC2+float64(r*expC3))) + float64(r2*r2*(expC4+float64(r*expC5)))
	s := math.Float64frombits(expTab[j+1] + ki<<45)
	e := s + float64(s*p)
	neg := uint64(int64(math.Float64bits(z)) >> 63)
	one := math.Float64bits(1)
	return (float64(e*math.Float64frombits(one&neg)) + math.Float64frombits(one&^neg)) / (1 + e)
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
		if prob && !haveVec {
			for i := lo; i < hi; i++ {
				dst[i] = predictOne(data[i*c:i*c+c], b, b0)
			}
			return
		}
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
