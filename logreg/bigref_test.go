package logreg

import (
	"math/big"
	"testing"

	"github.com/a1bed000/logreg/linalg"
)

// bigPrec is the precision in bits of the reference fits of bigFit: far
// beyond float64's 53, so that its answers, rounded to float64, are the
// exact maximum-likelihood estimate and inverse information of the data as
// given.
const bigPrec = 256

func newBig() *big.Float { return new(big.Float).SetPrec(bigPrec) }

// bigExp returns e^x to about bigPrec bits: x is halved m times until
// |x|/2^m < 1/2, the Taylor series summed there, and the result squared m
// times.
func bigExp(x *big.Float) *big.Float {
	if x.Sign() < 0 {
		return newBig().Quo(newBig().SetInt64(1), bigExp(newBig().Neg(x)))
	}
	m := max(0, x.MantExp(nil)+1)
	r := newBig().SetMantExp(x, -m)
	sum, term := newBig().SetInt64(1), newBig().SetInt64(1)
	eps := newBig().SetMantExp(newBig().SetInt64(1), -bigPrec-8)
	for i := int64(1); term.Cmp(eps) > 0; i++ {
		term.Mul(term, r)
		term.Quo(term, newBig().SetInt64(i))
		sum.Add(sum, term)
	}
	for range m {
		sum.Mul(sum, sum)
	}
	return sum
}

// bigSolve solves a·x = b by Gaussian elimination with partial pivoting;
// a and b are overwritten.
func bigSolve(a [][]*big.Float, b []*big.Float) []*big.Float {
	k := len(b)
	for c := 0; c < k; c++ {
		p := c
		for i := c + 1; i < k; i++ {
			if newBig().Abs(a[i][c]).Cmp(newBig().Abs(a[p][c])) > 0 {
				p = i
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for i := c + 1; i < k; i++ {
			f := newBig().Quo(a[i][c], a[c][c])
			for j := c; j < k; j++ {
				a[i][j].Sub(a[i][j], newBig().Mul(f, a[c][j]))
			}
			b[i].Sub(b[i], newBig().Mul(f, b[c]))
		}
	}
	x := make([]*big.Float, k)
	for i := k - 1; i >= 0; i-- {
		s := newBig().Set(b[i])
		for j := i + 1; j < k; j++ {
			s.Sub(s, newBig().Mul(a[i][j], x[j]))
		}
		x[i] = s.Quo(s, a[i][i])
	}
	return x
}

// bigFit returns the maximum-likelihood estimate of the logistic regression
// of y on x (with an intercept when intercept is set; w nil means unit
// weights) and the inverse Fisher information at it, both computed by
// Newton's method in bigPrec-bit arithmetic from the float64 data, which are
// exact, and rounded to float64 at the end.
func bigFit(t *testing.T, x *linalg.Dense, y, w []float64, intercept bool) (beta []float64, cov *linalg.Dense) {
	t.Helper()
	n, c := x.Dims()
	k := c
	off := 0
	if intercept {
		k, off = c+1, 1
	}
	row := func(i int) []*big.Float {
		d := make([]*big.Float, k)
		if intercept {
			d[0] = newBig().SetInt64(1)
		}
		for j := 0; j < c; j++ {
			d[j+off] = newBig().SetFloat64(x.At(i, j))
		}
		return d
	}
	rows := make([][]*big.Float, n)
	for i := range rows {
		rows[i] = row(i)
	}
	b := make([]*big.Float, k)
	for j := range b {
		b[j] = newBig()
	}
	// info returns the information at b and the score.
	info := func() ([][]*big.Float, []*big.Float) {
		h := make([][]*big.Float, k)
		for j := range h {
			h[j] = make([]*big.Float, k)
			for l := range h[j] {
				h[j][l] = newBig()
			}
		}
		g := make([]*big.Float, k)
		for j := range g {
			g[j] = newBig()
		}
		one := newBig().SetInt64(1)
		for i, d := range rows {
			wi := newBig().SetInt64(1)
			if w != nil {
				wi.SetFloat64(w[i])
			}
			if wi.Sign() == 0 {
				continue
			}
			eta := newBig()
			for j := range d {
				eta.Add(eta, newBig().Mul(d[j], b[j]))
			}
			mu := newBig().Quo(one, newBig().Add(one, bigExp(newBig().Neg(eta))))
			v := newBig().Mul(wi, newBig().Mul(mu, newBig().Sub(one, mu)))
			r := newBig().Mul(wi, newBig().Sub(newBig().SetFloat64(y[i]), mu))
			for j := range d {
				g[j].Add(g[j], newBig().Mul(r, d[j]))
				vd := newBig().Mul(v, d[j])
				for l := range d {
					h[j][l].Add(h[j][l], newBig().Mul(vd, d[l]))
				}
			}
		}
		return h, g
	}
	tiny := newBig().SetMantExp(newBig().SetInt64(1), -bigPrec+64)
	for it := 0; ; it++ {
		if it == 200 {
			t.Fatal("bigFit: Newton's method did not converge")
		}
		h, g := info()
		d := bigSolve(h, g)
		done := true
		for j := range b {
			scale := newBig().Abs(b[j])
			if scale.Cmp(newBig().SetInt64(1)) < 0 {
				scale.SetInt64(1)
			}
			if newBig().Abs(d[j]).Cmp(newBig().Mul(tiny, scale)) > 0 {
				done = false
			}
			b[j].Add(b[j], d[j])
		}
		if done {
			break
		}
	}
	h, _ := info()
	cov = linalg.NewDense(k, k, nil)
	for l := 0; l < k; l++ {
		hc := make([][]*big.Float, k)
		for j := range hc {
			hc[j] = make([]*big.Float, k)
			for m := range hc[j] {
				hc[j][m] = newBig().Set(h[j][m])
			}
		}
		e := make([]*big.Float, k)
		for j := range e {
			e[j] = newBig()
		}
		e[l].SetInt64(1)
		col := bigSolve(hc, e)
		for j := range col {
			v, _ := col[j].Float64()
			cov.Set(j, l, v)
		}
	}
	beta = make([]float64, k)
	for j := range b {
		beta[j], _ = b[j].Float64()
	}
	return beta, cov
}
