package dataset

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in          string
		num, finite bool
	}{
		{"0", true, true}, {"-0", true, true}, {"+1", true, true}, {"1.", true, true}, {".5", true, true},
		{"1e5", true, true}, {"1E+05", true, true}, {"2.5e-3", true, true}, {"0e999", true, true},
		{"9007199254740993", true, true}, {"123456789012345678901234567890", true, true},
		{"0.1000000000000000055511151231257827", true, true}, {"1e-400", true, true},
		{"4.9e-324", true, true}, {"1.7976931348623157e308", true, true}, {"1e23", true, true},
		{"1e400", true, false}, {"-1e400", true, false}, {"NaN", true, false}, {"-nan", true, false},
		{"inf", true, false}, {"+Inf", true, false}, {"-Infinity", true, false},
		{"", false, false}, {".", false, false}, {"-", false, false}, {"e5", false, false},
		{"1e", false, false}, {"1e+", false, false}, {"1.2.3", false, false}, {"0x10", false, false},
		{"1_000", false, false}, {"infinite", false, false}, {"nana", false, false}, {"1 2", false, false},
		{"abc", false, false}, {"--1", false, false},
	}
	for _, tc := range tests {
		f, num, finite := parseNumber(tc.in)
		if num != tc.num || finite != tc.finite {
			t.Errorf("parseNumber(%q): got number %v finite %v, want %v %v", tc.in, num, finite, tc.num, tc.finite)
			continue
		}
		if num && finite {
			want, _ := strconv.ParseFloat(tc.in, 64)
			if math.Float64bits(f) != math.Float64bits(want) {
				t.Errorf("parseNumber(%q): got %v, want %v (strconv.ParseFloat, bit for bit)", tc.in, f, want)
			}
		}
	}
}

// FuzzParseNumber checks every accepted finite number bit for bit against
// strconv.ParseFloat.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"0", "-1.5", "1e22", "1e-22", "9007199254740993", "123.456e-7", ".1", "7.", "-0.1234", "+.5", "0009007199254740991.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, num, finite := parseNumber(s)
		want, err := strconv.ParseFloat(s, 64)
		if p, ok := plainDecimal(s); ok && (err != nil || math.Float64bits(p) != math.Float64bits(want) || !num || !finite) {
			t.Fatalf("plainDecimal(%q): got %v, want %v (%v)", s, p, want, err)
		}
		if num && finite && (err != nil || math.Float64bits(v) != math.Float64bits(want)) {
			t.Fatalf("parseNumber(%q): got %v, want %v (%v)", s, v, want, err)
		}
		if num && !finite && err == nil && !math.IsInf(want, 0) && !math.IsNaN(want) {
			t.Fatalf("parseNumber(%q): got non-finite, want %v", s, want)
		}
	})
}

// TestParseNumberRandom checks parseNumber bit for bit against
// strconv.ParseFloat on random float64 values written in several ways, so
// that every path (Clinger, Eisel–Lemire, strconv) is taken many times.
func TestParseNumberRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	var b []byte
	for i := range 200000 {
		var x float64
		switch i % 4 {
		case 0: // any finite float64
			for x = math.Float64frombits(rng.Uint64()); math.IsNaN(x) || math.IsInf(x, 0); {
				x = math.Float64frombits(rng.Uint64())
			}
		case 1:
			x = rng.NormFloat64()
		case 2:
			x = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(80)-40))
		default:
			x = float64(rng.Int64N(1<<62)) / 1e4
		}
		for _, format := range []struct {
			fmt  byte
			prec int
		}{{'g', -1}, {'e', 16}, {'e', 18}, {'f', 4}, {'e', 25}, {'f', -1}} {
			b = strconv.AppendFloat(b[:0], x, format.fmt, format.prec, 64)
			want, err := strconv.ParseFloat(string(b), 64)
			got, num, finite := parseNumber(b)
			if err != nil || math.IsInf(want, 0) {
				if !num || finite {
					t.Fatalf("parseNumber(%q): got number %v finite %v, want a non-finite number", b, num, finite)
				}
				continue
			}
			if !num || !finite || math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("parseNumber(%q): got %v (number %v finite %v), want %v", b, got, num, finite, want)
			}
		}
	}
}

// TestPlainDecimal checks the fast path of parseNumber bit for bit against
// strconv.ParseFloat on random plain decimals (signs, leading and trailing
// zeros, no digits before or after the point, up to 22 digits, mantissas on
// both sides of 2⁵³), and that it takes every one of at most 19 digits below
// 2⁵³ and leaves the others, and texts with an exponent or other bytes, to
// the general path, through which parseNumber still agrees.
func TestPlainDecimal(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	var b []byte
	randDigits := func(n int) {
		for range n {
			b = append(b, byte('0'+rng.IntN(10)))
		}
	}
	took := 0
	for i := range 300000 {
		b = b[:0]
		b = append(b, [...]string{"", "", "-", "+"}[rng.IntN(4)]...)
		if rng.IntN(4) == 0 {
			b = append(b, strings.Repeat("0", rng.IntN(6))...) // leading zeros
		}
		ni, nf := rng.IntN(12), rng.IntN(12)
		if i%5 == 0 {
			ni, nf = rng.IntN(23), rng.IntN(23) // up to 2⁵³ and beyond
		}
		randDigits(ni)
		point := nf > 0 || rng.IntN(3) == 0
		if point {
			b = append(b, '.')
		}
		randDigits(nf)
		if i%7 == 0 {
			b = append(b, "0000"[:rng.IntN(5)]...) // trailing zeros
		}
		switch i % 50 {
		case 1:
			b = append(b, 'e')
			b = strconv.AppendInt(b, int64(rng.IntN(40)-20), 10)
		case 2:
			b = append(b, ".5"...)
		case 3:
			b = append(b, ' ')
		}
		s := string(b)
		want, err := strconv.ParseFloat(s, 64)
		got, ok := plainDecimal(s)
		gotB, okB := plainDecimal(b)
		if ok != okB || math.Float64bits(got) != math.Float64bits(gotB) {
			t.Fatalf("plainDecimal(%q): string %v %v, bytes %v %v", s, got, ok, gotB, okB)
		}
		if ok {
			took++
			if err != nil || math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("plainDecimal(%q): got %v, want %v (strconv.ParseFloat: %v)", s, got, want, err)
			}
		}
		nd := strings.Count(s, "") - 1 - strings.Count(s, "-") - strings.Count(s, "+") - strings.Count(s, ".")
		m, merr := strconv.ParseUint(strings.Map(func(r rune) rune {
			if '0' <= r && r <= '9' {
				return r
			}
			return -1
		}, s), 10, 64)
		plain := i%50 != 1 && i%50 != 3 && !(i%50 == 2 && point)
		if wantOK := plain && nd > 0 && nd <= 19 && merr == nil && m < 1<<53; ok != wantOK {
			t.Fatalf("plainDecimal(%q): took it %v, want %v", s, ok, wantOK)
		}
		v, num, finite := parseNumber(s)
		if (err == nil) != (num && finite) || err == nil && math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("parseNumber(%q): got %v (number %v finite %v), want %v (%v)", s, v, num, finite, want, err)
		}
	}
	if took < 200000 {
		t.Errorf("the fast path took %d of 300000 texts, want most", took)
	}
}

// TestPow128 checks entries of the Eisel–Lemire table against Go's
// internal/strconv/pow10tab.go.
func TestPow128(t *testing.T) {
	t.Parallel()
	tests := []struct {
		e      int
		hi, lo uint64
	}{
		{-348, 0xfa8fd5a0081c0288, 0x1732c869cd60e453},
		{-307, 0x8fd0c16206306bab, 0xa5d3b6d479f8e056},
		{-1, 0xcccccccccccccccc, 0xcccccccccccccccc},
		{0, 0x8000000000000000, 0},
		{22, 0x878678326eac9000, 0},
		{23, 0xa968163f0a57b400, 0},
		{347, 0xd13eb46469447567, 0x4b7195f2d2d1a9fb},
	}
	for _, tc := range tests {
		got := pow128()[tc.e-pow128Min]
		if got != [2]uint64{tc.hi, tc.lo} {
			t.Errorf("10^%d: got %#x, want {%#x %#x}", tc.e, got, tc.hi, tc.lo)
		}
	}
}

// TestDigits checks the eight-at-a-time digit reader against a byte loop
// at every length and offset, with non-digits on both sides.
func TestDigits(t *testing.T) {
	t.Parallel()
	for n := range 21 {
		for _, pre := range []string{"", "x", "-1", "1234567"} {
			for _, post := range []string{"", ",", ".5", "\xff9", "e1234567890"} {
				run := strings.Repeat("9876543210", 3)[:n]
				s := []byte(pre + run + post)
				i := len(pre)
				want := uint64(7) // the mantissa so far; arithmetic is modulo 2⁶⁴ in both
				for _, c := range run {
					want = want*10 + uint64(c-'0')
				}
				if got, end := digits(s, i, 7); got != want || end != i+n {
					t.Errorf("digits(%q, %d): got %d at %d, want %d at %d", s, i, got, end, want, i+n)
				}
			}
		}
	}
}
