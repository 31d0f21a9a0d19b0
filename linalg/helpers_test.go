package linalg

import (
	"math"
	"math/rand/v2"
)

// huge is 2^(w−2) for the width w of int: a dimension or count far beyond
// any that fits in memory, whose square wraps to 0.
const huge = math.MaxInt/2 + 1

// randDense returns an r×c matrix of standard normal deviates.
func randDense(rng *rand.Rand, r, c int) *Dense {
	m := NewDense(r, c, nil)
	for i := range m.data {
		m.data[i] = rng.NormFloat64()
	}
	return m
}

// randSPD returns the n×n Gram matrix of a random (n+5)×n matrix plus the
// identity: symmetric positive definite and well conditioned.
func randSPD(rng *rand.Rand, n int) *Dense {
	x := randDense(rng, n+5, n)
	a := NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for k := 0; k < n+5; k++ {
				s += x.At(k, i) * x.At(k, j)
			}
			if i == j {
				s++
			}
			a.Set(i, j, s)
		}
	}
	return a
}

// naiveMul returns a·b by the textbook triple loop.
func naiveMul(a, b *Dense) *Dense {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ac != br {
		panic("naiveMul: dimension mismatch")
	}
	m := NewDense(ar, bc, nil)
	for i := 0; i < ar; i++ {
		for j := 0; j < bc; j++ {
			var s float64
			for k := 0; k < ac; k++ {
				s += a.At(i, k) * b.At(k, j)
			}
			m.Set(i, j, s)
		}
	}
	return m
}

// transpose returns aᵀ.
func transpose(a *Dense) *Dense {
	r, c := a.Dims()
	t := NewDense(c, r, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			t.Set(j, i, a.At(i, j))
		}
	}
	return t
}

// norm1 returns the 1-norm (largest absolute column sum) of a.
func norm1(a *Dense) float64 {
	r, c := a.Dims()
	var best float64
	for j := 0; j < c; j++ {
		var s float64
		for i := 0; i < r; i++ {
			s += math.Abs(a.At(i, j))
		}
		best = max(best, s)
	}
	return best
}

// vecNorm1 returns Σ|x[i]|.
func vecNorm1(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += math.Abs(v)
	}
	return s
}

// maxAbsDiff returns the largest |a[i,j] − b[i,j]|; it panics on a shape
// mismatch.
func maxAbsDiff(a, b *Dense) float64 {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		panic("maxAbsDiff: dimension mismatch")
	}
	var d float64
	for i := range a.data {
		d = max(d, math.Abs(a.data[i]-b.data[i]))
	}
	return d
}

// identity returns the n×n identity matrix.
func identity(n int) *Dense {
	m := NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		m.Set(i, i, 1)
	}
	return m
}

// relResidual returns ‖A·x − b‖₁ / (‖A‖₁·‖x‖₁), computed naively.
func relResidual(a *Dense, x, b []float64) float64 {
	n, _ := a.Dims()
	var r float64
	for i := 0; i < n; i++ {
		s := -b[i]
		for j := 0; j < n; j++ {
			s += a.At(i, j) * x[j]
		}
		r += math.Abs(s)
	}
	den := norm1(a) * vecNorm1(x)
	if den == 0 {
		return r
	}
	return r / den
}

// panics reports whether f panics, and the panic value.
func panics(f func()) (ok bool, msg any) {
	defer func() {
		if r := recover(); r != nil {
			ok, msg = true, r
		}
	}()
	f()
	return false, nil
}
