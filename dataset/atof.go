package dataset

import (
	"encoding/binary"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
	"sync"
)

// This file converts decimal text to float64 without going through a
// string: the value is always the correctly rounded one that
// strconv.ParseFloat returns, found by the cheapest exact method.

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// parseNumber reports whether t is a decimal floating-point number
//
//	[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
//
// or a spelling of a non-finite one ([+-]? inf, infinity or nan in any
// case), and if so whether it is finite and what its value is. A number too
// large for a float64 counts as non-finite. Hexadecimal floats and
// underscores, which strconv.ParseFloat would accept, are text. The value is
// strconv.ParseFloat's, bit for bit; see [scanNumber].
func parseNumber[T string | []byte](t T) (f float64, num, finite bool) {
	if f, ok := plainDecimal(t); ok {
		return f, true, true
	}
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	if rest := t[i:]; len(rest) >= 3 && (rest[0]|0x20 == 'i' || rest[0]|0x20 == 'n') {
		if r := string(rest); strings.EqualFold(r, "inf") || strings.EqualFold(r, "infinity") || strings.EqualFold(r, "nan") {
			return 0, true, false
		}
		return 0, false, false
	}
	f, end, st := scanNumber([]byte(t), 0)
	switch {
	case end != len(t) || st == numNot:
		return 0, false, false
	case st == numRange:
		return 0, true, false
	}
	return f, true, true
}

// plainDecimal returns the value of t and true when t is a plain decimal
//
//	[+-]? digits [. digits?]  or  [+-]? . digits
//
// of at most 19 digits in all, whose digits m (without the point) are
// below 2⁵³: with k digits after the point, both m and 10^k (k ≤ 19) are
// exact float64 values and m / 10^k is one correctly rounded division,
// the value strconv.ParseFloat returns (Clinger's fast path). Anything else
// (an exponent, more digits, other bytes) returns false, for the general
// path of [parseNumber]. It is the common case of data files, in one pass
// over the bytes of t without converting it.
func plainDecimal[T string | []byte](t T) (float64, bool) {
	if len(t) == 0 {
		return 0, false
	}
	c := t[0]
	neg := c == '-'
	i := 0
	if (c-'+')&^2 == 0 { // '+' or '-'
		i = 1
	}
	start := i
	var m uint64
	for ; i < len(t); i++ { // the integer part, often short
		d := t[i] - '0'
		if d >= 10 {
			break
		}
		m = m*10 + uint64(d)
	}
	nd, k := i-start, 0 // digits, and digits after the point
	if i < len(t) {
		if t[i] != '.' {
			return 0, false
		}
		i++
		frac := i
		// The digits after the point: eight and then four at a time where
		// the bytes are all digits (as [digits] does), then one by one.
		for len(t)-i >= 8 {
			u := t[i : i+8]
			x := uint64(u[0]) | uint64(u[1])<<8 | uint64(u[2])<<16 | uint64(u[3])<<24 |
				uint64(u[4])<<32 | uint64(u[5])<<40 | uint64(u[6])<<48 | uint64(u[7])<<56
			if (x&0xF0F0F0F0F0F0F0F0)|(((x+0x0606060606060606)&0xF0F0F0F0F0F0F0F0)>>4) != 0x3333333333333333 {
				break
			}
			v := x - 0x3030303030303030
			v = (v * (10<<8 + 1) >> 8) & 0x00FF00FF00FF00FF
			v = (v * (100<<16 + 1) >> 16) & 0x0000FFFF0000FFFF
			m = m*1e8 + v*(10000<<32+1)>>32
			i += 8
		}
		if len(t)-i >= 4 {
			u := t[i : i+4]
			x := uint32(u[0]) | uint32(u[1])<<8 | uint32(u[2])<<16 | uint32(u[3])<<24
			if (x&0xF0F0F0F0)|(((x+0x06060606)&0xF0F0F0F0)>>4) == 0x33333333 {
				// The pairs 10·d₁ + d₂ and 10·d₃ + d₄, then
				// 100·(d₁d₂) + d₃d₄.
				v := x - 0x30303030
				v = (v*10 + v>>8) & 0x00FF00FF
				m = m*1e4 + uint64((v*100+v>>16)&0xFFFF)
				i += 4
			}
		}
		for ; i < len(t); i++ {
			d := t[i] - '0'
			if d >= 10 {
				return 0, false
			}
			m = m*10 + uint64(d)
		}
		k = i - frac
		nd += k
	}
	if nd == 0 || nd > 19 || m >= 1<<53 {
		return 0, false
	}
	// The sign without a branch: the sign of data is not predictable.
	var sign uint64
	if neg {
		sign = 1 << 63
	}
	return math.Float64frombits(math.Float64bits(float64(m)/pow10[k]) | sign), true
}

// Outcomes of scanNumber.
const (
	numNot    = iota // not a number
	numFinite        // a finite number
	numRange         // a number too large for a float64
)

// scanNumber reads the longest prefix of t[i:] that fits the grammar of
// [parseNumber], stopping at the first byte that does not, and returns its
// value, the position after it and whether it is a number: at least one
// digit, and digits after an exponent mark.
//
// With the decimal mantissa m (at most 19 digits) and exponent e, the value
// m·10^e is computed exactly in one of three ways. When m < 2⁵³ and
// |e| <= 22, both m and 10^|e| are exact float64 values and
//
//	m·10^e  or  m / 10^−e
//
// is a single correctly rounded operation (Clinger's fast path). Otherwise
// the Eisel–Lemire algorithm multiplies m by a 128-bit approximation of
// 10^e and rounds, unless the product is too close to a halfway point; then,
// and for longer mantissas, strconv.ParseFloat decides.
func scanNumber(t []byte, i int) (f float64, end, status int) {
	start := i
	neg := false
	if i < len(t) {
		// Without branches: the sign of data is not predictable.
		c := t[i]
		neg = c == '-'
		skip := 0
		if (c-'+')&^2 == 0 { // '+' or '-'
			skip = 1
		}
		i += skip
	}
	mant, j := digits(t, i, 0)
	nd := j - i
	exp := 0
	i = j
	if i < len(t) && t[i] == '.' {
		mant, j = digits(t, i+1, mant)
		exp = -(j - i - 1)
		nd += j - i - 1
		i = j
	}
	if nd == 0 {
		return 0, i, numNot
	}
	if i < len(t) && t[i]|0x20 == 'e' {
		i++
		eneg := false
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			eneg = t[i] == '-'
			i++
		}
		e, ed := 0, 0
		for ; i < len(t) && isDigit(t[i]); i++ {
			ed++
			if e < 10000 {
				e = e*10 + int(t[i]-'0')
			}
		}
		if ed == 0 {
			return 0, i, numNot
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	if nd <= 19 {
		if mant < 1<<53 && exp >= -22 && exp <= 22 {
			f = float64(mant)
			if exp > 0 {
				f *= pow10[exp]
			} else if exp < 0 {
				f /= pow10[-exp]
			}
			var sign uint64
			if neg {
				sign = 1 << 63
			}
			return math.Float64frombits(math.Float64bits(f) | sign), i, numFinite
		}
		if f, ok := eiselLemire(mant, exp, neg); ok {
			return f, i, numFinite
		}
	}
	f, err := strconv.ParseFloat(string(t[start:i]), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, i, numRange
	}
	return f, i, numFinite
}

// pow10 holds the powers of ten that are exact float64 values.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// pow10u holds the powers of ten up to 10⁸ as integers.
var pow10u = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8}

// digits reads the run of decimal digits at t[i:] into mant, as
// mant·10^k + run for a run of k digits, and returns the new mantissa and
// the position after the run. The mantissa wraps around beyond 19 digits
// in all. Eight bytes are examined at a time: a byte b is a digit when
//
//	b & 0xF0 == 0x30  and  (b + 6) & 0xF0 == 0x30
//
// and up to eight digits d₁…d₈, first in the lowest byte, combine into
// their value in three multiplications that pair neighbours (10·d₁ + d₂,
// then 100·(d₁d₂) + d₃d₄, then 10⁴·(d₁…d₄) + d₅…d₈).
func digits(t []byte, i int, mant uint64) (uint64, int) {
	for i+8 <= len(t) {
		x := binary.LittleEndian.Uint64(t[i:])
		// A carry out of a byte >= 0xFA can only spoil the bytes after a
		// non-digit, which are not used.
		nonDigit := ((x & 0xF0F0F0F0F0F0F0F0) | (((x + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) ^ 0x3333333333333333
		n := bits.TrailingZeros64(nonDigit) >> 3 // 8 when all are digits
		if n == 0 {
			return mant, i
		}
		// The n digits move to the top bytes; the bytes below become
		// leading zeros.
		v := (x - 0x3030303030303030) << (64 - 8*uint(n))
		v = (v & 0x0F0F0F0F0F0F0F0F) * (10<<8 + 1) >> 8
		v = (v & 0x00FF00FF00FF00FF) * (100<<16 + 1) >> 16
		v = (v & 0x0000FFFF0000FFFF) * (10000<<32 + 1) >> 32
		mant = mant*pow10u[n] + v
		i += n
		if n < 8 {
			return mant, i
		}
	}
	for ; i < len(t) && isDigit(t[i]); i++ {
		mant = mant*10 + uint64(t[i]-'0')
	}
	return mant, i
}

// The powers of ten of the Eisel–Lemire algorithm: 10^e for e in
// [pow128Min, pow128Max] as a 128-bit mantissa in [2¹²⁷, 2¹²⁸), rounded
// down, that is ⌊10^e · 2^(127−⌊log₂ 10^e⌋)⌋.
const (
	pow128Min = -348
	pow128Max = 347
)

var pow128 = sync.OnceValue(func() *[pow128Max - pow128Min + 1][2]uint64 {
	var tab [pow128Max - pow128Min + 1][2]uint64
	ten := big.NewInt(10)
	mask := new(big.Int).SetUint64(math.MaxUint64)
	v, hi, lo := new(big.Int), new(big.Int), new(big.Int)
	for e := pow128Min; e <= pow128Max; e++ {
		if e >= 0 {
			v.Exp(ten, big.NewInt(int64(e)), nil)
			if l := v.BitLen(); l > 128 {
				v.Rsh(v, uint(l-128))
			} else {
				v.Lsh(v, uint(128-l))
			}
		} else {
			d := new(big.Int).Exp(ten, big.NewInt(int64(-e)), nil)
			v.Lsh(big.NewInt(1), uint(127+d.BitLen()))
			v.Quo(v, d)
		}
		hi.Rsh(v, 64)
		lo.And(v, mask)
		tab[e-pow128Min] = [2]uint64{hi.Uint64(), lo.Uint64()}
	}
	return &tab
})

// eiselLemire returns man·10^exp10 correctly rounded, or ok false when the
// algorithm cannot decide (a product near a halfway point, or a result out
// of the normal range). It follows strconv's eiselLemire64; the comments
// name the sections of https://nigeltao.github.io/blog/2020/eisel-lemire.html.
func eiselLemire(man uint64, exp10 int, neg bool) (f float64, ok bool) {
	// Exp10 Range.
	if man == 0 {
		if neg {
			f = math.Copysign(0, -1)
		}
		return f, true
	}
	if exp10 < pow128Min || exp10 > pow128Max {
		return 0, false
	}
	pow := &pow128()[exp10-pow128Min]

	// Normalization.
	clz := bits.LeadingZeros64(man)
	man <<= uint(clz)
	const bias = 1023
	exp2 := 1 + (exp10*108853)>>15 // 1 + ⌊exp10·log₂ 10⌋ for |exp10| <= 500
	retExp2 := uint64(exp2+63+bias) - uint64(clz)

	// Multiplication.
	xHi, xLo := bits.Mul64(man, pow[0])

	// Wider Approximation.
	if xHi&0x1FF == 0x1FF && xLo+man < man {
		yHi, yLo := bits.Mul64(man, pow[1])
		mergedHi, mergedLo := xHi, xLo+yHi
		if mergedLo < xLo {
			mergedHi++
		}
		if mergedHi&0x1FF == 0x1FF && mergedLo+1 == 0 && yLo+man < man {
			return 0, false
		}
		xHi, xLo = mergedHi, mergedLo
	}

	// Shifting to 54 Bits.
	msb := xHi >> 63
	retMantissa := xHi >> (msb + 9)
	retExp2 -= 1 ^ msb

	// Half-way Ambiguity.
	if xLo == 0 && xHi&0x1FF == 0 && retMantissa&3 == 1 {
		return 0, false
	}

	// From 54 to 53 Bits.
	retMantissa += retMantissa & 1
	retMantissa >>= 1
	if retMantissa>>53 > 0 {
		retMantissa >>= 1
		retExp2++
	}
	// Subnormal (retExp2 0 or wrapped around) or infinite (>= 0x7FF).
	if retExp2-1 >= 0x7FF-1 {
		return 0, false
	}
	retBits := retExp2<<52 | retMantissa&(1<<52-1)
	if neg {
		retBits |= 1 << 63
	}
	return math.Float64frombits(retBits), true
}
