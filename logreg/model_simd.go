//go:build goexperiment.simd && amd64 && !race

// As linalg's kernels, the AVX-512 model is left out of race builds, whose
// checkptr instrumentation rejects archsimd's partial loads (an upstream
// bug); they run model_nosimd.go.

package logreg

import (
	"math"
	"math/bits"
	"simd/archsimd"
)

// haveSIMD reports whether the AVX-512 variants of the per-row model run:
// the binary was built with GOEXPERIMENT=simd and the processor has AVX-512.
var haveSIMD = archsimd.X86.AVX512()

func load8(s []float64) archsimd.Float64x8 {
	return archsimd.LoadFloat64x8((*[8]float64)(s[:8]))
}

func splat(v float64) archsimd.Float64x8 { return archsimd.BroadcastFloat64x8(v) }

// expNegAbsSIMD is expNegAbs for the first len(eta)/8·8 rows, eight at a
// time, with the same operations (no fused multiply-adds), so the same
// results bit for bit. It returns the number of rows done.
func expNegAbsSIMD(dst, eta []float64) int {
	if !haveSIMD {
		return 0
	}
	n := len(eta) &^ 7
	dst = dst[:len(eta)]
	zero := splat(0)
	lim := splat(-708)
	log2e, round := splat(math.Log2E), splat(expRound)
	hi, lo := splat(ln2Hi), splat(ln2Lo)
	for i := 0; i < n; i += 8 {
		x := load8(eta[i:])
		a := x.Min(zero.Sub(x)) // −|η|
		if a.Less(lim).ToBits() != 0 {
			// Subnormal results are left to math.Exp.
			for j := i; j < i+8; j++ {
				dst[j] = math.Exp(-math.Abs(eta[j]))
			}
			continue
		}
		kf := a.Mul(log2e).Add(round).Sub(round)
		t := a.Sub(kf.Mul(hi)).Sub(kf.Mul(lo))
		expPolySIMD(t).Scale(kf).Store((*[8]float64)(dst[i : i+8]))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// expPolySIMD is expPoly on eight values, with the same operations.
func expPolySIMD(t archsimd.Float64x8) archsimd.Float64x8 {
	t2 := t.Mul(t)
	t4 := t2.Mul(t2)
	p23 := splat(1.0 / 2).Add(t.Mul(splat(1.0 / 6)))
	p45 := splat(1.0 / 24).Add(t.Mul(splat(1.0 / 120)))
	p67 := splat(1.0 / 720).Add(t.Mul(splat(1.0 / 5040)))
	p89 := splat(1.0 / 40320).Add(t.Mul(splat(1.0 / 362880)))
	p1011 := splat(1.0 / 3628800).Add(t.Mul(splat(1.0 / 39916800)))
	p1213 := splat(1.0 / 479001600).Add(t.Mul(splat(1.0 / 6227020800)))
	q := p23.Add(t2.Mul(p45)).Add(t4.Mul(p67.Add(t2.Mul(p89)).Add(t4.Mul(p1011.Add(t2.Mul(p1213))))))
	return splat(1).Add(t.Add(t2.Mul(q)))
}

// log1pUnitsSIMD is log1pUnits for the first len(e)/8·8 values, eight at a
// time, with the same operations, so the same results bit for bit. It
// returns the number of values done.
func log1pUnitsSIMD(dst, e []float64) int {
	if !haveSIMD {
		return 0
	}
	n := len(e) &^ 7
	dst = dst[:len(e)]
	cut, one, two, half := splat(math.Sqrt2-1), splat(1), splat(2), splat(0.5)
	zero := splat(0)
	for i := 0; i < n; i += 8 {
		ei := load8(e[i:])
		big := ei.Greater(cut)
		// x.Merge(y, m) is x where m is set and y elsewhere.
		k := one.Merge(zero, big)
		f := ei.Sub(one).Mul(half).Merge(ei, big)
		s := f.Div(two.Add(f))
		z := s.Mul(s)
		z2 := z.Mul(z)
		r := z.Mul(splat(lg1).Add(z.Mul(splat(lg2))).
			Add(z2.Mul(splat(lg3).Add(z.Mul(splat(lg4))))).
			Add(z2.Mul(z2).Mul(splat(lg5).Add(z.Mul(splat(lg6))).Add(z2.Mul(splat(lg7))))))
		hfsq := half.Mul(f).Mul(f)
		v := k.Mul(splat(ln2Hi)).Sub(hfsq.Sub(s.Mul(hfsq.Add(r)).Add(k.Mul(splat(ln2Lo)))).Sub(f))
		v.Store((*[8]float64)(dst[i : i+8]))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// modelSIMD is model over the leading blocks of eight rows whose responses
// are all 0 or 1 (w nil means unit weights): it fills v and r, and returns
// the deviance and the number of boundary fits of those rows, and their
// number. Its deviance is summed in eight lanes, so its last bits differ
// from model's.
func modelSIMD(v, r, eta, y, w []float64, start bool) (dev float64, boundary, n int) {
	if !haveSIMD {
		return 0, 0, 0
	}
	m := len(eta) &^ 7
	v, r, y = v[:len(eta)], r[:len(eta)], y[:len(eta)]
	if w != nil {
		w = w[:len(eta)]
	}
	zero, one, two := splat(0), splat(1), splat(2)
	eps := splat(boundaryEps)
	for n < m {
		yv := load8(y[n:])
		if yv.Equal(zero).Or(yv.Equal(one)).ToBits() != 0xff {
			break
		}
		n += 8
	}
	if n == 0 {
		archsimd.ClearAVXUpperBits()
		return 0, 0, 0
	}
	expNegAbsSIMD(v[:n], eta[:n])
	log1pUnitsSIMD(r[:n], v[:n])
	var acc archsimd.Float64x8
	for i := 0; i < n; i += 8 {
		et, yv := load8(eta[i:]), load8(y[i:])
		e, l := load8(v[i:]), load8(r[i:])
		// log1p(e) + max(η, 0) − y·η
		dt := l.Add(et.Max(zero)).Sub(yv.Mul(et))
		inv := one.Div(one.Add(e))
		small := e.Mul(inv)
		pos := et.GreaterEqual(zero)
		mu := inv.Merge(small, pos)
		q := small.Merge(inv, pos)
		vi := small.Mul(inv)
		ri := yv.Mul(q).Sub(one.Sub(yv).Mul(mu))
		tiny := small.Less(eps)
		if w != nil {
			wv := load8(w[i:])
			dt = wv.Mul(dt)
			vi = wv.Mul(vi)
			ri = wv.Mul(ri)
			tiny = tiny.And(wv.Greater(zero))
		}
		acc = acc.Add(two.Mul(dt))
		if start {
			ri = ri.Add(vi.Mul(et))
		}
		boundary += bits.OnesCount8(tiny.ToBits())
		vi.Store((*[8]float64)(v[i : i+8]))
		ri.Store((*[8]float64)(r[i : i+8]))
	}
	s4 := acc.GetLo().Add(acc.GetHi())
	s2 := s4.GetLo().Add(s4.GetHi())
	dev = s2.GetElem(0) + s2.GetElem(1)
	archsimd.ClearAVXUpperBits()
	return dev, boundary, n
}
