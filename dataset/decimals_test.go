package dataset

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// decimalTexts are the edges of the plain decimals: signs, points at
// either end, 19 and 20 digits, mantissas either side of 2⁵³, 19 digits
// after the point, and texts plainDecimal refuses.
var decimalTexts = []string{
	"", "-", "+", ".", "-.", "+.", "5.", ".5", "-.5", "-5.", "0", "-0", "-0.0", "0.1234", "-12.5678",
	"1.23456789", "-1.234567891", "123456.7", "1234567890123456789", "9007199254740991",
	"9007199254740992", "-9007199254740991", "900719925474099.1", "90071992547409.92",
	"12345678901234567890", "0000000000000000001", "00000000000000000001",
	".0000000000000000001", "0.0000000000000000001", "-.9999999999999999999", "1.2.3", "1e5",
	"+1", " 1", "1 ", "1-", "--1", "-+1", "1\x00", "\uff11", "1/2", "1:2", "12345678", "1234.5678",
	"0.12345678", "0.123456789012", "NA",
}

// checkDecimals runs decimals over texts (each in a field of its own, in
// reverse order, into the columns after the first) and checks every value it
// stores against plainDecimal bit for bit, and that it stops at a text
// plainDecimal refuses or at a '+' (which the assembly leaves to it).
func checkDecimals(t *testing.T, texts []string) {
	t.Helper()
	n := len(texts)
	fields := make([]string, n+1)
	dst := make([]float64, n+2)
	var at []int32
	for i, s := range texts {
		fields[n-i] = s
		at = append(at, int32(n-i), int32((i+1)%(n+2)))
	}
	for i := range dst {
		dst[i] = math.NaN()
	}
	done := decimals(dst, fields, at, &pow10)
	if done < 0 || done > n {
		t.Fatalf("decimals took %d of %d texts", done, n)
	}
	if !asmDecimals && done != 0 {
		t.Fatalf("portable decimals took %d texts, want 0", done)
	}
	for i, s := range texts[:done] {
		want, ok := plainDecimal(s)
		if !ok {
			t.Errorf("decimals took %q, which plainDecimal refuses", s)
			continue
		}
		if got := dst[at[2*i+1]]; math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("decimals(%q) = %v (%#x), want %v (%#x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
	if asmDecimals && done < n {
		if s := texts[done]; !strings.HasPrefix(s, "+") {
			if v, ok := plainDecimal(s); ok {
				t.Errorf("decimals stopped at %q, which plainDecimal reads as %v", s, v)
			}
		}
	}
	for i := done; i < n; i++ {
		if c := at[2*i+1]; !math.IsNaN(dst[c]) {
			t.Errorf("decimals wrote column %d of the text %q it did not take", c, texts[i])
		}
	}
}

// TestDecimals compares the assembly's plain decimals (where it exists)
// with plainDecimal's on the edges, one at a time and after runs of
// others, and on random texts of digits, points, signs and other bytes.
func TestDecimals(t *testing.T) {
	for _, s := range decimalTexts {
		checkDecimals(t, []string{s})
		checkDecimals(t, []string{"1.5", "-0.25", s, "7"})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123456789012345678901234567890123456789.-+e x"
	for range 20000 {
		texts := make([]string, 1+rng.IntN(12))
		for i := range texts {
			b := make([]byte, rng.IntN(24))
			for j := range b {
				b[j] = alphabet[rng.IntN(len(alphabet))]
			}
			if rng.IntN(2) == 0 { // mostly a plain decimal
				b = []byte(strings.Map(func(r rune) rune {
					if r == '-' || r == '+' || r == 'e' || r == ' ' || r == 'x' || r == '.' {
						return -1
					}
					return r
				}, string(b)))
				if k := rng.IntN(len(b) + 1); k < len(b) {
					b = append(b[:k], append([]byte{'.'}, b[k:]...)...)
				}
				if rng.IntN(2) == 0 {
					b = append([]byte{'-'}, b...)
				}
			}
			texts[i] = string(b)
		}
		checkDecimals(t, texts)
	}
}

// FuzzDecimals checks any text, alone and after a plain decimal, against
// plainDecimal.
func FuzzDecimals(f *testing.F) {
	for _, s := range decimalTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkDecimals(t, []string{s})
		checkDecimals(t, []string{"-3.25", s})
	})
}
