//go:build !purego

package linalg

import (
	"math"
	"testing"
)

// testLevels returns the kernel levels this processor runs, and with AVX2
// the tiles of both assembly kernels computed in Go (levelFMA4, levelFMA8):
// the Gram kernel's blocking for AVX-512 is tested on any processor with
// AVX2, and the assembly against its definition bit for bit.
func testLevels() []int {
	var lv []int
	for l := levelGo; l <= cpuLevel; l++ {
		lv = append(lv, l)
	}
	if cpuLevel >= levelAVX2 {
		lv = append(lv, levelFMA4, levelFMA8)
	}
	return lv
}

// TestCallDiagPrefetchBounds checks that the diagonal tile refuses a
// prefetch range that its rows would step past: the lines it prefetches
// must be those of x.
func TestCallDiagPrefetchBounds(t *testing.T) {
	t.Parallel()
	if cpuLevel < levelAVX2 {
		t.Skip("no AVX2")
	}
	const r = 5
	dst, u, v := make([]float64, 4*12), make([]float64, r*4), make([]float64, r*12)
	for i := range u {
		u[i] = float64(i)
	}
	for i := range v {
		v[i] = float64(i)
	}
	pf := make([]float64, 40)
	callDiag(levelAVX2, dst, 12, u, 4, v, 12, 4, r, pf, 9) // entries 0 … 36
	want := make([]float64, 4*12)
	for l := range 4 {
		for m := l; m < 12; m++ {
			for i := range r {
				want[l*12+m] = math.FMA(u[i*4+l], v[i*12+m], want[l*12+m])
			}
		}
	}
	for i := range dst {
		if dst[i] != want[i] {
			t.Fatalf("dst[%d] = %v, want %v", i, dst[i], want[i])
		}
	}
	for _, tc := range []struct {
		name string
		pf   []float64
		pfs  int
	}{{"past the end", pf, 10}, {"empty", nil, 0}, {"negative stride", pf, -1}} {
		func() {
			defer func() {
				if r := recover(); r != "linalg: internal error: diagonal tile out of bounds" {
					t.Errorf("%s: got panic %v, want the bounds error", tc.name, r)
				}
			}()
			callDiag(levelAVX2, dst, 12, u, 4, v, 12, 4, r, tc.pf, tc.pfs)
		}()
	}
}

// TestAligned checks that the Gram kernel's buffer starts on a cache line
// whatever the alignment of the array behind it.
func TestAligned(t *testing.T) {
	t.Parallel()
	var buf [64 + 8]float64
	for o := range 8 {
		b := aligned(buf[o : o+64])
		if a := addrOf(b); a%64 != 0 || len(b) != 57 {
			t.Errorf("offset %d: address %#x, length %d, want a multiple of 64 and 57", o, a, len(b))
		}
		if k := int(addrOf(b)-addrOf(buf[o:])) / 8; k < 0 || k > 7 || &b[0] != &buf[o+k] {
			t.Errorf("offset %d: starts %d entries in, want a part of the buffer", o, k)
		}
	}
}

// TestPackPanels checks the AVX2 block layout: entry (i, 4q+j) of the
// weighted block at q·4·r+4i+j, the columns past c zero.
func TestPackPanels(t *testing.T) {
	t.Parallel()
	if cpuLevel < levelAVX2 {
		t.Skip("no AVX2")
	}
	for _, c := range []int{1, 3, 4, 5, 8, 50} {
		for _, r := range []int{1, 3, 4, 7, 9} {
			testPackPanels(t, c, r)
		}
	}
}

// testPackPanels is TestPackPanels with c columns and r rows.
func testPackPanels(t *testing.T, c, r int) {
	const xs = 53
	x, w := make([]float64, (r-1)*xs+c), make([]float64, r)
	for i := range x {
		x[i] = float64(i) + 0.25
	}
	for i := range w {
		w[i] = 1 / float64(i+2)
	}
	cp := (c + 3) / 4 * 4
	dst := make([]float64, r*cp)
	for i := range dst {
		dst[i] = math.NaN()
	}
	packPanels(dst, x, w, c, xs)
	for i := range r {
		for m := range cp {
			want := 0.0
			if m < c {
				want = x[i*xs+m] * w[i]
			}
			if got := dst[m/4*4*r+4*i+m%4]; got != want {
				t.Errorf("c=%d, r=%d: entry (%d, %d) = %v, want %v", c, r, i, m, got, want)
			}
		}
	}
}

// TestTileVectors checks that a row of tiles never ends in a tile of one
// vector after one of three.
func TestTileVectors(t *testing.T) {
	t.Parallel()
	for left, want := range []int{0, 1, 2, 3, 2, 3, 3, 3} {
		if got := tileVectors(left); got != want {
			t.Errorf("tileVectors(%d) = %d, want %d", left, got, want)
		}
	}
}

// TestDiagTiles checks the count of diagonal tiles among which the next
// block's prefetch is shared: the row of tiles with four vectors left
// starts with a tile of two, not a diagonal tile, and prefetches nothing.
func TestDiagTiles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ c, cp, want int }{{11, 12, 0}, {12, 12, 1}, {16, 16, 1}, {20, 20, 2}, {50, 52, 9}, {200, 200, 47}} {
		if got := diagTiles(tc.c, tc.cp, 4); got != tc.want {
			t.Errorf("diagTiles(%d, %d, 4) = %d, want %d", tc.c, tc.cp, got, tc.want)
		}
	}
}

// TestGramWideRow checks the Gram kernels on one row with the most columns
// whose block fits the small buffer, and a few more: every level gives the
// portable kernel's sums (exact here, one product each) where the buffer,
// less its alignment, once left a block of 0 rows and the kernel panicked.
func TestGramWideRow(t *testing.T) {
	t.Parallel()
	for _, c := range []int{4076, 4080, 4084, 4085, 4088, 4092, 4093} {
		x := make([]float64, c)
		for j := range x {
			x[j] = float64(j%13) - 6
		}
		want := make([]float64, c*c)
		gramAddUpperLevel(levelGo, want, c, x, c, nil, false, 1)
		for _, lv := range testLevels() {
			h := make([]float64, c*c)
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("c = %d, level %s: panic %v", c, levelNames[lv], p)
					}
				}()
				gramAddUpperLevel(lv, h, c, x, c, nil, false, 1)
			}()
			for i := range h {
				if h[i] != want[i] {
					t.Errorf("c = %d, level %s: h[%d] = %v, want %v", c, levelNames[lv], i, h[i], want[i])
					break
				}
			}
		}
	}
}
