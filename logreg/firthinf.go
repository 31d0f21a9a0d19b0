package logreg

import (
	"fmt"
	"math"

	"github.com/a1bed000/logreg/linalg"
)

// FirthTest is the penalized likelihood-ratio inference of one coefficient
// of a Firth fit, as R's logistf reports it.
type FirthTest struct {
	// Chisq is 2·[ℓ*(β̂) − max over β_j = 0 of ℓ*], the Jeffreys penalty
	// of ℓ* always from the full design, and P its χ²₁ upper tail.
	Chisq, P float64
	// Lower and Upper are the profile penalized-likelihood limits: the
	// roots b of 2·[ℓ*(β̂) − max over β_j = b of ℓ*] = χ²₁(level); ±Inf,
	// with LowerReason or UpperReason, where the profile never reaches
	// the quantile.
	Lower, Upper             float64
	LowerReason, UpperReason string
}

// FirthInference holds logistf's penalized likelihood-ratio inference of a
// Firth fit.
type FirthInference struct {
	// Coefs holds each coefficient's test and interval, in the order of
	// the fit's Coef.
	Coefs []FirthTest
	// GlobalChisq is the global penalized likelihood-ratio statistic, all
	// coefficients but the intercept held at 0, on GlobalDF degrees of
	// freedom, with its p-value GlobalP; NullPenalizedLogLik is ℓ* there.
	GlobalChisq, GlobalP float64
	GlobalDF             int
	NullPenalizedLogLik  float64
}

// firthData is the full design [1 X] or X with y and the weights, for fits
// of the Jeffreys-penalized likelihood with some coefficients held fixed.
type firthData struct {
	d          []float64 // n×k row major
	y, w       []float64
	n, k       int
	info, inv  []float64
	mu, v, eta []float64
}

func newFirthData(x *linalg.Dense, y []float64, s *Settings) *firthData {
	n, p := x.Dims()
	intercept := s == nil || !s.NoIntercept
	k := p
	if intercept {
		k++
	}
	f := &firthData{d: make([]float64, n*k), y: y, n: n, k: k,
		info: make([]float64, k*k), inv: make([]float64, k*k),
		mu: make([]float64, n), v: make([]float64, n), eta: make([]float64, n)}
	if s != nil {
		f.w = s.Weights
	}
	for i := range n {
		row := f.d[i*k : i*k+k]
		c := 0
		if intercept {
			row[0], c = 1, 1
		}
		copy(row[c:], x.RawRow(i))
	}
	return f
}

func (f *firthData) weight(i int) float64 {
	if f.w == nil {
		return 1
	}
	return f.w[i]
}

// eval sets μ and the information at beta and returns ℓ*(beta) = ℓ +
// ½·log det I, or false when I is not positive definite.
func (f *firthData) eval(beta []float64) (float64, bool) {
	k := f.k
	ll := 0.0
	for i := range f.n {
		row := f.d[i*k : i*k+k]
		e := 0.0
		for j, b := range beta {
			e += row[j] * b
		}
		f.eta[i] = e
		f.mu[i] = Sigmoid(e)
		w := f.weight(i)
		f.v[i] = w * f.mu[i] * (1 - f.mu[i])
		if w > 0 {
			ll -= w * (f.y[i]*softplus(-e) + (1-f.y[i])*softplus(e))
		}
	}
	clear(f.info)
	for i := range f.n {
		row, vi := f.d[i*k:i*k+k], f.v[i]
		for a := range k {
			ra := vi * row[a]
			for b := a; b < k; b++ {
				f.info[a*k+b] += ra * row[b]
			}
		}
	}
	for a := range k {
		for b := a + 1; b < k; b++ {
			f.info[b*k+a] = f.info[a*k+b]
		}
	}
	logdet, ok := invertSPD(f.inv, f.info, k)
	if !ok {
		return math.Inf(-1), false
	}
	return ll + logdet/2, true
}

// invertSPD writes the inverse of the k×k symmetric positive definite a
// into dst by Cholesky and returns log det a, or false if a is not
// positive definite.
func invertSPD(dst, a []float64, k int) (float64, bool) {
	l := make([]float64, k*k)
	logdet := 0.0
	for j := range k {
		s := a[j*k+j]
		for c := range j {
			s -= l[j*k+c] * l[j*k+c]
		}
		if !(s > 0) {
			return 0, false
		}
		d := math.Sqrt(s)
		l[j*k+j] = d
		logdet += 2 * math.Log(d)
		for i := j + 1; i < k; i++ {
			t := a[i*k+j]
			for c := range j {
				t -= l[i*k+c] * l[j*k+c]
			}
			l[i*k+j] = t / d
		}
	}
	// Solve L·Lᵀ·X = I column by column.
	col := make([]float64, k)
	for c := range k {
		clear(col)
		col[c] = 1
		for i := range k {
			s := col[i]
			for m := range i {
				s -= l[i*k+m] * col[m]
			}
			col[i] = s / l[i*k+i]
		}
		for i := k - 1; i >= 0; i-- {
			s := col[i]
			for m := i + 1; m < k; m++ {
				s -= l[m*k+i] * col[m]
			}
			col[i] = s / l[i*k+i]
		}
		for i := range k {
			dst[i*k+c] = col[i]
		}
	}
	return logdet, true
}

// fit maximizes ℓ* over the coefficients not fixed, from beta (updated in
// place), by logistf's iteration: the modified score U* with the hat values
// of the full design, a Fisher-scoring step on the free coefficients with
// the inverse of their block of the information, halved until ℓ* does not
// decrease. It returns ℓ* at the maximum.
func (f *firthData) fit(beta []float64, fixed []bool) (float64, error) {
	k := f.k
	var free []int
	for j := range k {
		if !fixed[j] {
			free = append(free, j)
		}
	}
	m := len(free)
	sub, subInv := make([]float64, m*m), make([]float64, m*m)
	u, delta, trial := make([]float64, k), make([]float64, m), make([]float64, k)
	lstar, ok := f.eval(beta)
	if !ok {
		return 0, fmt.Errorf("logreg: singular information in the penalized fit: %w", ErrNumerical)
	}
	for range 500 {
		if m == 0 {
			return lstar, nil
		}
		// Modified score with the full design's hat values.
		clear(u)
		for i := range f.n {
			row := f.d[i*k : i*k+k]
			h := 0.0
			for a := range k {
				s := 0.0
				for b := range k {
					s += f.inv[a*k+b] * row[b]
				}
				h += row[a] * s
			}
			h *= f.v[i]
			r := f.weight(i)*(f.y[i]-f.mu[i]) + h*(0.5-f.mu[i])
			for a := range k {
				u[a] += row[a] * r
			}
		}
		for a, ja := range free {
			for b, jb := range free {
				sub[a*m+b] = f.info[ja*k+jb]
			}
		}
		if _, ok := invertSPD(subInv, sub, m); !ok {
			return 0, fmt.Errorf("logreg: singular information in the penalized fit: %w", ErrNumerical)
		}
		size, scale := 0.0, 0.0
		for a := range m {
			s := 0.0
			for b, jb := range free {
				s += subInv[a*m+b] * u[jb]
			}
			delta[a] = s
			size = max(size, math.Abs(s))
			scale = max(scale, math.Abs(beta[free[a]]))
		}
		if size <= 1e-13*max(scale, 1) {
			return lstar, nil
		}
		t := 1.0
		for h := 0; ; h++ {
			copy(trial, beta)
			for a, j := range free {
				trial[j] += t * delta[a]
			}
			ls, ok := f.eval(trial)
			if ok && ls >= lstar-1e-13*math.Abs(lstar) {
				copy(beta, trial)
				lstar = ls
				break
			}
			if h == maxHalvings {
				f.eval(beta)
				return lstar, nil
			}
			t /= 2
		}
	}
	return 0, fmt.Errorf("logreg: the penalized fit did not converge: %w", ErrNumerical)
}

// FirthInferences returns logistf's penalized likelihood-ratio tests and
// profile penalized-likelihood limits at the level for the Firth fit r of
// y on x with the settings s (those r was fitted with, Firth true), and the
// global test with every coefficient but the intercept held at 0. Each
// constrained maximum of ℓ* = ℓ + ½·log det I keeps the penalty of the full
// design, as logistf does. It returns an error wrapping [ErrBadSettings]
// when r is not a Firth fit with a covariance, or the level is not in
// (0, 1).
func FirthInferences(x *linalg.Dense, y []float64, s *Settings, r *Result, level float64) (*FirthInference, error) {
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("logreg: confidence level %g is not in (0, 1): %w", level, ErrBadSettings)
	}
	if r == nil || !r.Firth || r.Cov == nil {
		return nil, fmt.Errorf("logreg: penalized likelihood-ratio inference needs a Firth fit with a covariance: %w", ErrBadSettings)
	}
	f := newFirthData(x, y, s)
	k := f.k
	if k != len(r.Coef) {
		return nil, fmt.Errorf("logreg: %d coefficients for a design of %d: %w", len(r.Coef), k, ErrBadSettings)
	}
	beta := append([]float64(nil), r.Coef...)
	fixed := make([]bool, k)
	lhat, err := f.fit(beta, fixed)
	if err != nil {
		return nil, err
	}
	est := append([]float64(nil), beta...)
	out := &FirthInference{Coefs: make([]FirthTest, k)}
	z := NormalQuantile((1 + level) / 2)
	for j := range k {
		fixed[j] = true
		prof := func(b float64) (float64, bool, error) {
			copy(beta, est)
			beta[j] = b
			l, err := f.fit(beta, fixed)
			return -2 * l, false, err
		}
		d0, _, err := prof(0)
		if err != nil {
			return nil, fmt.Errorf("logreg: penalized test of %s: %w", r.Names[j], err)
		}
		c := &out.Coefs[j]
		c.Chisq = max(d0+2*lhat, 0)
		c.P = ChiSquareSurvival(c.Chisq, 1)
		se := math.Sqrt(r.Cov.At(j, j))
		if c.Lower, c.LowerReason, err = findLimit(prof, est[j], se, -2*lhat, z, -1); err != nil {
			return nil, fmt.Errorf("logreg: penalized profile of %s: %w", r.Names[j], err)
		}
		if c.Upper, c.UpperReason, err = findLimit(prof, est[j], se, -2*lhat, z, 1); err != nil {
			return nil, fmt.Errorf("logreg: penalized profile of %s: %w", r.Names[j], err)
		}
		fixed[j] = false
	}
	// The global test: every slope at 0.
	copy(beta, est)
	for j := range k {
		fixed[j] = !(r.Intercept && j == 0)
		if fixed[j] {
			beta[j] = 0
		}
	}
	l0, err := f.fit(beta, fixed)
	if err != nil {
		return nil, fmt.Errorf("logreg: global penalized test: %w", err)
	}
	out.NullPenalizedLogLik = l0
	out.GlobalDF = k
	if r.Intercept {
		out.GlobalDF--
	}
	out.GlobalChisq = max(2*(lhat-l0), 0)
	out.GlobalP = ChiSquareSurvival(out.GlobalChisq, float64(out.GlobalDF))
	return out, nil
}
