package logreg

import (
	"math"

	"github.com/a1bed000/logreg/linalg"
)

// maxFirthNewton is the largest number of coefficients for which Firth's fit
// takes exact Newton steps; its Hessian needs O(k³) memory and O(n·k³ + k⁴)
// time per iteration. Larger models use Fisher scoring, which needs only the
// O(n·k²) hat values but converges linearly.
const maxFirthNewton = 64

// firthWork holds the buffers of Firth's exact Hessian.
type firthWork struct {
	ainv *linalg.Dense // I⁻¹
	m    []float64     // third moments T[a][b][c], a ≤ b ≤ c; then the matrices B_j
	b    []float64     // the k matrices M_j = ∂I/∂β_j, k×k each
	s    *linalg.Dense // Σ v''_i·q_i·d_i·d_iᵀ
	n    *linalg.Dense // the Newton matrix −∇²ℓ*
	d    []float64     // the design row
	chol linalg.Cholesky
}

// firthStep replaces the score f.g with Firth's modified score U* at f.beta
// and, for up to maxFirthNewton coefficients, sets delta to the exact Newton
// step (see firthNewton); it reports whether it did, or else the caller
// takes a Fisher scoring step I⁻¹·U*. chol holds the factor of I = f.h.
func (f *fitter) firthStep(chol *linalg.Cholesky, delta []float64) bool {
	if f.k > maxFirthNewton {
		f.firthScore(chol)
		return false
	}
	return f.firthNewton(chol, delta)
}

// firthNewton sets f.g to the modified score U* = ∇ℓ* at f.beta and delta
// to the Newton step for Firth's penalized log-likelihood
// ℓ*(β) = ℓ(β) + ½·log det I(β), solving −∇²ℓ*·δ = U*, in one pass over the
// rows; chol holds the factor of I = f.h. With v = w·μ(1−μ),
// v' = v·(1−2μ), v” = v·(1 − 6μ + 6μ²), q_i = d_iᵀ·I⁻¹·d_i and
// M_j = ∂I/∂β_j = Σ_i v'_i·x_ij·d_i·d_iᵀ,
//
//	U* = Σ_i (w_i·(y_i − μ_i) + v_i·q_i·(½ − μ_i))·d_i
//	−∇²ℓ* = I − ½·Σ_i v''_i·q_i·d_i·d_iᵀ + ½·[tr(I⁻¹·M_j·I⁻¹·M_l)]_jl.
//
// It reports false, with f.g set but delta left alone, when −∇²ℓ* is not
// positive definite (far from the optimum).
func (f *fitter) firthNewton(chol *linalg.Cholesky, delta []float64) bool {
	k, c := f.k, f.c
	fw := f.fw
	if fw == nil {
		fw = &firthWork{
			ainv: linalg.NewDense(k, k, nil),
			m:    make([]float64, k*k*k),
			b:    make([]float64, k*k*k),
			s:    linalg.NewDense(k, k, nil),
			n:    linalg.NewDense(k, k, nil),
			d:    make([]float64, k),
		}
		f.fw = fw
	}
	chol.InverseTo(fw.ainv)
	a := fw.ainv.RawData()
	clear(fw.m)
	s := fw.s.RawData()
	clear(s)
	off := 0
	if f.intercept {
		fw.d[0], off = 1, 1
	}
	d := fw.d
	xd := f.x.RawData()
	g := f.g
	clear(g)
	for i := 0; i < f.n; i++ {
		wi := f.weight(i)
		if wi == 0 {
			continue
		}
		copy(d[off:], xd[i*c:i*c+c])
		o := at(linalg.Dot(d, f.beta))
		v := wi * o.v
		v1 := v * (o.q - o.mu)     // v·(1 − 2μ)
		v2 := v * (1 - 6*o.mu*o.q) // v·(1 − 6μ + 6μ²) = v·(1 − 6μ(1−μ))
		var q float64              // dᵀ·I⁻¹·d
		for r := 0; r < k; r++ {
			q += d[r] * linalg.Dot(a[r*k:r*k+k], d)
		}
		// The modified score U* = Σ (w·(y − μ) + h·(½ − μ))·d, h = v·q.
		yi := f.y[i]
		linalg.Axpy(wi*(yi*o.q-(1-yi)*o.mu)+v*q*(0.5-o.mu), d, g)
		for r := 0; r < k; r++ {
			linalg.Axpy(v2*q*d[r], d[r:], s[r*k+r:r*k+k])
		}
		// The third moments Σ v'_i·d_a·d_b·d_c are symmetric in (a, b, c):
		// accumulate a ≤ b ≤ c only, a sixth of the k³ products.
		for a := 0; a < k; a++ {
			da := v1 * d[a]
			if da == 0 {
				continue
			}
			for b := a; b < k; b++ {
				o := (a*k + b) * k
				linalg.Axpy(da*d[b], d[b:], fw.m[o+b:o+k])
			}
		}
	}
	// M_j[r][t] = T[sort(j, r, t)]; then B_j = I⁻¹·M_j.
	tm := fw.m
	for j := 0; j < k; j++ {
		mj := fw.b[j*k*k : (j+1)*k*k] // M_j, temporarily in the B buffer
		for r := 0; r < k; r++ {
			for t := 0; t < k; t++ {
				i0, i1, i2 := sort3(j, r, t)
				mj[r*k+t] = tm[(i0*k+i1)*k+i2]
			}
		}
	}
	for j := 0; j < k; j++ {
		mj := fw.b[j*k*k : (j+1)*k*k]
		bj := fw.m[j*k*k : (j+1)*k*k]
		clear(bj)
		for r := 0; r < k; r++ {
			br := bj[r*k : r*k+k]
			for t := 0; t < k; t++ {
				linalg.Axpy(a[r*k+t], mj[t*k:t*k+k], br)
			}
		}
	}
	n := fw.n.RawData()
	h := f.h.RawData()
	for j := 0; j < k; j++ {
		bj := fw.m[j*k*k : (j+1)*k*k]
		for l := j; l < k; l++ {
			bl := fw.m[l*k*k : (l+1)*k*k]
			var tr float64 // tr(B_j·B_l) = Σ_ab B_j[a][b]·B_l[b][a]
			for r := 0; r < k; r++ {
				for t := 0; t < k; t++ {
					tr += bj[r*k+t] * bl[t*k+r]
				}
			}
			n[j*k+l] = h[j*k+l] - s[j*k+l]/2 + tr/2
		}
	}
	linalg.Symmetrize(n, k)
	for _, v := range n {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	if fw.chol.Factorize(fw.n) != nil {
		return false
	}
	fw.chol.SolveVecTo(delta, f.g)
	return true
}

// sort3 returns a, b, c in increasing order.
func sort3(a, b, c int) (int, int, int) {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b, c = c, b
	}
	if a > b {
		a, b = b, a
	}
	return a, b, c
}
