package dataset

import (
	"math"
	"slices"
	"strconv"
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
	for _, s := range []string{"0", "-1.5", "1e22", "1e-22", "9007199254740993", "123.456e-7", ".1", "7."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, num, finite := parseNumber(s)
		want, err := strconv.ParseFloat(s, 64)
		if num && finite && (err != nil || math.Float64bits(v) != math.Float64bits(want)) {
			t.Fatalf("parseNumber(%q): got %v, want %v (%v)", s, v, want, err)
		}
		if num && !finite && err == nil && !math.IsInf(want, 0) && !math.IsNaN(want) {
			t.Fatalf("parseNumber(%q): got non-finite, want %v", s, want)
		}
	})
}

func TestGrid(t *testing.T) {
	t.Parallel()
	for _, m := range []int{0, 1, 3, 7, 2000} {
		g := &grid{m: m}
		var want [][]float64
		for i := range 5000 {
			row := g.add()
			for j := range row {
				row[j] = float64(i*m + j)
			}
			if i%3 == 2 {
				g.drop()
				continue
			}
			want = append(want, slices.Clone(row))
		}
		if g.n != len(want) {
			t.Errorf("m=%d: got %d rows, want %d", m, g.n, len(want))
		}
		count := 0
		for i, row := range g.all() {
			if len(row) != m || !slices.Equal(row, want[i]) {
				t.Fatalf("m=%d row %d: got %v, want %v", m, i, row, want[i])
			}
			count++
		}
		if count != len(want) {
			t.Errorf("m=%d: iterated %d rows, want %d", m, count, len(want))
		}
	}
}
