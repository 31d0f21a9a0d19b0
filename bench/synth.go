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
