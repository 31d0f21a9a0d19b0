package dataset

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
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
	"0.12345678", "0.123456789012", "NA", ".00:0", "0.1/34", "1:", "/1", ".//::",
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
	const alphabet = "0123456789012345678901234567890123456789.-+e x/:"
	for range 20000 {
		texts := make([]string, 1+rng.IntN(12))
		for i := range texts {
			b := make([]byte, rng.IntN(24))
			for j := range b {
				b[j] = alphabet[rng.IntN(len(alphabet))]
			}
			if rng.IntN(2) == 0 { // mostly a plain decimal
				b = []byte(strings.Map(func(r rune) rune {
					if r < '0' || r > '9' {
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

// TestRowEncoderIndices checks the invariants decimals relies on, since it
// does not check its indices: for encoders of 0 to 33 numeric features
// among categorical ones, with the fields in the features' order or in
// another with more columns, every field of numAt is below the number of
// fields, every column below the width, and every place of mapAt below
// the length of its batch in quickMap.
func TestRowEncoderIndices(t *testing.T) {
	for _, nNum := range []int{0, 1, 15, 16, 17, 32, 33} {
		for _, nCat := range []int{0, 2} {
			kinds := slices.Repeat([]Kind{Numeric}, nNum)
			if nCat > 0 { // one among the first, one last
				kinds = slices.Insert(kinds, min(1, len(kinds)), Categorical)
				kinds = append(kinds, Categorical)
			}
			var feats []Feature
			var names []string
			for j, k := range kinds {
				f := Feature{Name: fmt.Sprintf("x%d", j), Kind: k}
				if k == Categorical {
					f.Levels = []string{"a", "b", "c"}
				}
				feats = append(feats, f)
				names = append(names, f.Name)
			}
			enc := &Encoding{Features: feats, Target: Target{Name: "y", Kind: Numeric, Levels: [2]string{"0", "1"}}}
			cols := append(slices.Clone(names), "extra1", "extra2")
			slices.Reverse(cols)
			for _, opt := range []RowOptions{{}, {Columns: cols}} {
				r, err := enc.NewRowEncoder(opt)
				if err != nil {
					t.Fatal(err)
				}
				if len(r.numAt) != 2*len(r.nums) || len(r.mapAt) != 2*len(r.nums) || len(r.nums) != nNum {
					t.Fatalf("%d numeric features: %d nums, numAt %d, mapAt %d", nNum, len(r.nums), len(r.numAt), len(r.mapAt))
				}
				for i := range r.nums {
					f, c, b := r.numAt[2*i], r.numAt[2*i+1], r.mapAt[2*i]
					batch := min(len(r.nums)-i/mapBatch*mapBatch, mapBatch)
					if f < 0 || int(f) >= r.nCols || c < 0 || int(c) >= r.width || r.mapAt[2*i+1] != c || b < 0 || int(b) >= batch {
						t.Errorf("%d numeric features, columns %v: feature %d at field %d of %d, column %d of %d, place %d of a batch of %d",
							len(r.nums), opt.Columns != nil, i, f, r.nCols, c, r.width, b, batch)
					}
				}
			}
		}
	}
}
