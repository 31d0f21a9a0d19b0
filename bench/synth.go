// Package bench holds the project's benchmarks and the seeded synthetic data
// they run on. The same data are written as CSV by cmd/gendata, so that other
// logistic-regression fitters can be timed on identical input.
//
// Run the benchmarks with
//
//	go test -run '^$' -bench . ./bench
//
// They are skipped by a plain go test: only Test functions run, and those are
// small.
package bench

import (
	"math"
	"math/rand/v2"

	"github.com/a1bed000/logreg/linalg"
)

// Intercept is the intercept of the synthetic model.
const Intercept = -0.5

// Coef returns the coefficients β_1 … β_p of the synthetic model,
//
//	β_j ∝ (j mod 5) − 2,  scaled so that Σ β_j² = 2,
//
// so that the linear predictor has a standard deviation of √2 whatever p is:
// the fitted probabilities stay away from 0 and 1 and the fit converges in a
// handful of iterations, as in typical data.
func Coef(p int) []float64 {
	b := make([]float64, p)
	var ss float64
	for j := range b {
		b[j] = float64(j%5 - 2)
		ss += b[j] * b[j]
	}
	s := math.Sqrt(2 / ss)
	for j := range b {
		b[j] *= s
	}
	return b
}

// Gen draws rows of the synthetic model: x_ij independent standard normal,
// and y_i ~ Bernoulli(σ(Intercept + x_i·β)) with β = [Coef](p).
type Gen struct {
	rng  *rand.Rand
	beta []float64
}

// NewGen returns a generator of rows with p features, seeded with seed.
func NewGen(p int, seed uint64) *Gen {
	return &Gen{rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), beta: Coef(p)}
}

// Row fills x (of length p) with the next row's features and returns its
// response, 0 or 1. It panics if len(x) != p.
func (g *Gen) Row(x []float64) float64 {
	if len(x) != len(g.beta) {
		panic("bench: row length does not match p")
	}
	eta := Intercept
	for j := range x {
		x[j] = g.rng.NormFloat64()
		eta += x[j] * g.beta[j]
	}
	if g.rng.Float64()*(1+math.Exp(-eta)) < 1 {
		return 1
	}
	return 0
}

// Synth returns n rows of the synthetic model with p features, as drawn by
// [NewGen](p, seed).
func Synth(n, p int, seed uint64) (*linalg.Dense, []float64) {
	x := linalg.NewDense(n, p, nil)
	y := make([]float64, n)
	g := NewGen(p, seed)
	for i := range y {
		y[i] = g.Row(x.RawRow(i))
	}
	return x, y
}

// MultinomialCoef returns the coefficients of the synthetic multinomial
// model with p features and K levels: K−1 blocks of 1+p numbers, block l−1
// the intercept and slopes of level l against level 0,
//
//	α_l = −0.25·l,  β_lj ∝ ((j + l) mod 5) − 2,  scaled so that Σ_j β_lj² = 1
//
// (all 0 when every ((j + l) mod 5) − 2 is, as for p = 1, l = 2), so that the levels' linear predictors differ and no probability comes
// near 0 or 1. It panics if p < 1 or K < 2.
func MultinomialCoef(p, K int) []float64 {
	if p < 1 || K < 2 {
		panic("bench: multinomial model needs p >= 1 and K >= 2")
	}
	out := make([]float64, 0, (K-1)*(1+p))
	for l := 1; l < K; l++ {
		b := make([]float64, p)
		var ss float64
		for j := range b {
			b[j] = float64((j+l)%5 - 2)
			ss += b[j] * b[j]
		}
		s := 0.0
		if ss > 0 {
			s = 1 / math.Sqrt(ss)
		}
		out = append(out, -0.25*float64(l))
		for _, v := range b {
			out = append(out, v*s)
		}
	}
	return out
}

// MultinomialGen draws rows of the synthetic multinomial model: x_ij
// independent standard normal and y_i = l with probability
// exp(η_l)/Σ_k exp(η_k), η_0 = 0, η_l = α_l + x_i·β_l as [MultinomialCoef].
type MultinomialGen struct {
	rng  *rand.Rand
	coef []float64
	eta  []float64
}

// NewMultinomialGen returns a generator of rows with p features and K
// levels, seeded with seed. It panics if p < 1 or K < 2.
func NewMultinomialGen(p, K int, seed uint64) *MultinomialGen {
	return &MultinomialGen{rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), coef: MultinomialCoef(p, K), eta: make([]float64, K)}
}

// Row fills x (of length p) with the next row's features and returns its
// level, in [0, K). It panics if len(x) != p.
func (g *MultinomialGen) Row(x []float64) int {
	K := len(g.eta)
	p := len(g.coef)/(K-1) - 1
	if len(x) != p {
		panic("bench: row length does not match p")
	}
	for j := range x {
		x[j] = g.rng.NormFloat64()
	}
	top := 0.0
	g.eta[0] = 0
	for l := 1; l < K; l++ {
		b := g.coef[(l-1)*(1+p) : l*(1+p)]
		e := b[0]
		for j, v := range x {
			e += v * b[1+j]
		}
		g.eta[l] = e
		top = max(top, e)
	}
	var s float64
	for l, e := range g.eta {
		g.eta[l] = math.Exp(e - top)
		s += g.eta[l]
	}
	u := g.rng.Float64() * s
	for l, e := range g.eta {
		if u < e {
			return l
		}
		u -= e
	}
	return K - 1
}

// SynthMultinomial returns n rows of the synthetic multinomial model with
// p features and K levels, as drawn by [NewMultinomialGen](p, K, seed).
func SynthMultinomial(n, p, K int, seed uint64) (*linalg.Dense, []int) {
	x := linalg.NewDense(n, p, nil)
	y := make([]int, n)
	g := NewMultinomialGen(p, K, seed)
	for i := range y {
		y[i] = g.Row(x.RawRow(i))
	}
	return x, y
}
