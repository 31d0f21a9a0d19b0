package logreg

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// refPrec is the precision of the reference values, in bits.
const refPrec = bigPrec

// bigExpOf returns e^x to about refPrec bits.
func bigExpOf(x float64) *big.Float { return bigExp(newBig().SetFloat64(x)) }

// ulpErr returns |got − want| in units in the last place of want (a
// positive normal float64 value).
func ulpErr(got float64, want *big.Float) float64 {
	d := new(big.Float).SetPrec(refPrec).SetFloat64(got)
	d.Sub(d, want)
	exp := want.MantExp(nil) // want = m·2^exp, m in [0.5, 1)
	d.SetMantExp(d, 53-exp)
	e, _ := d.Float64()
	return math.Abs(e)
}

// TestExpTab recomputes the table of expNonPos: T = 2^(j/128) rounded and
// c = (2^(j/128) − T)/T rounded, from 2^(1/128) as seven square roots of 2
// in 300 bits.
func TestExpTab(t *testing.T) {
	t.Parallel()
	const prec = 300
	s := new(big.Float).SetPrec(prec).SetInt64(2)
	for range 7 {
		s.Sqrt(s)
	}
	p := new(big.Float).SetPrec(prec).SetInt64(1)
	for j := range expN {
		tj, _ := p.Float64()
		tb := new(big.Float).SetPrec(prec).SetFloat64(tj)
		d := new(big.Float).SetPrec(prec).Sub(p, tb)
		c, _ := d.Quo(d, tb).Float64()
		if got, want := expTab[2*j], math.Float64bits(c); got != want {
			t.Errorf("c[%d]: got %#x, want %#x", j, got, want)
		}
		if got, want := expTab[2*j+1], math.Float64bits(tj)-uint64(j)<<45; got != want {
			t.Errorf("T[%d]: got %#x, want %#x", j, got, want)
		}
		p.Mul(p, s)
	}
}

// expSample returns n seeded values of x ≤ 0: half of them −|η| for
// η ~ N(0, 3²), where linear predictors lie, the rest uniform on
// [−708, 0].
func expSample(n int) []float64 {
	rng := rand.New(rand.NewPCG(21, 22))
	xs := make([]float64, n)
	for i := range xs {
		if i%2 == 0 {
			xs[i] = -math.Abs(3 * rng.NormFloat64())
		} else {
			xs[i] = -708 * rng.Float64()
		}
	}
	return xs
}

// TestExpNonPos checks expNonPos against e^x to 256 bits: within 0.52
// units in the last place (math.Exp's own error on the same values is
// reported), and the special values as math.Exp.
func TestExpNonPos(t *testing.T) {
	t.Parallel()
	n := 20000
	if testing.Short() {
		n = 2000
	}
	worst, worstStd := 0.0, 0.0
	for _, x := range expSample(n) {
		want := bigExpOf(x)
		if e := ulpErr(expNonPos(x), want); e > worst {
			worst = e
			if e > 0.52 {
				t.Errorf("exp(%v): got %v, %.3f ulp from %v", x, expNonPos(x), e, want)
			}
		}
		worstStd = max(worstStd, ulpErr(math.Exp(x), want))
	}
	t.Logf("largest error on %d values: %.3f ulp (math.Exp: %.3f ulp)", n, worst, worstStd)
	for _, x := range []float64{0, math.Copysign(0, -1), -1e-300, -0x1p-60, -699.99, -700, -700.01, -707.99, -708, -708.0001, -745.1, -746, -800, math.Inf(-1), math.NaN()} {
		got, want := expNonPos(x), math.Exp(x)
		if x >= -708 {
			want, _ = bigExpOf(x).Float64()
		}
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("exp(%v): got %v, want %v", x, got, want)
		}
	}
}

// TestSigmoidAccuracy checks Sigmoid against σ(z) to 256 bits on
// z = ±|x|: within 2.2 units in the last place (the roundings of 1 + e
// and of the quotient add to expNonPos's), and no worse than the same
// formula with math.Exp (the form before expNonPos).
func TestSigmoidAccuracy(t *testing.T) {
	t.Parallel()
	n := 20000
	if testing.Short() {
		n = 2000
	}
	one := new(big.Float).SetPrec(refPrec).SetInt64(1)
	old := func(z float64) float64 {
		if z >= 0 {
			return 1 / (1 + math.Exp(-z))
		}
		e := math.Exp(z)
		return e / (1 + e)
	}
	worst, worstOld := 0.0, 0.0
	for i, x := range expSample(2 * n) {
		if x < -40 && i%8 != 0 {
			continue // σ is 1 or e^z there; keep a few
		}
		z := x
		if i%4 < 2 {
			z = -x
		}
		e := bigExpOf(x) // e^(−|z|)
		d := new(big.Float).SetPrec(refPrec).Add(one, e)
		num := e
		if z >= 0 {
			num = one
		}
		want := new(big.Float).SetPrec(refPrec).Quo(num, d)
		got := Sigmoid(z)
		if err := ulpErr(got, want); err > worst {
			worst = err
			if err > 2.2 {
				t.Errorf("Sigmoid(%v): got %v, %.3f ulp from %v", z, got, err, want)
			}
		}
		worstOld = max(worstOld, ulpErr(old(z), want))
	}
	if worst > worstOld {
		t.Errorf("largest error %.3f ulp, with math.Exp %.3f ulp", worst, worstOld)
	}
	t.Logf("largest error: %.3f ulp (with math.Exp: %.3f ulp)", worst, worstOld)
}

// TestSigmoidSpecial checks the values where the numerator's choice by the
// sign bit differs from z ≥ 0: −0 and NaN of either sign.
func TestSigmoidSpecial(t *testing.T) {
	t.Parallel()
	if got := Sigmoid(math.Copysign(0, -1)); got != 0.5 {
		t.Errorf("σ(−0): got %v, want 0.5", got)
	}
	for _, z := range []float64{math.NaN(), math.Copysign(math.NaN(), -1)} {
		if got := Sigmoid(z); !math.IsNaN(got) {
			t.Errorf("σ(%v): got %v, want NaN", z, got)
		}
	}
}
