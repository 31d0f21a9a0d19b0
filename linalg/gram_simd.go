//go:build goexperiment.simd && amd64 && !race

// The AVX-512 kernels are left out of race builds: the race detector's
// checkptr instrumentation rejects archsimd's LoadFloat64x8SlicePart (an
// upstream bug in Go 1.26's experimental package), so race builds run the
// portable kernels of gram_nosimd.go.

package linalg

import (
	"simd/archsimd"
	"sync"
)

// haveSIMD reports whether the AVX-512 kernels of this file run on this
// machine: the binary was built with GOEXPERIMENT=simd and the processor has
// AVX-512.
var haveSIMD = archsimd.X86.AVX512()

// simdRows is the number of rows of x that gramAddUpperSIMD packs at a time
// and passes through each tile of h while the tile stays in registers.
const simdRows = 128

// gramPacks holds the packed blocks of gramAddUpperSIMD, one per goroutine
// at a time, so that the kernel allocates nothing once warm.
var gramPacks = sync.Pool{New: func() any { return new(gramPack) }}

// gramPack is a block of rows of x in panels of eight columns, zero padded:
// element (i, 8q+l) of the block is at (q·rows + i)·8 + l. x holds the rows,
// wx the rows scaled by their weights.
type gramPack struct {
	x, wx []float64
}

// gramAddUpperSIMD is GramAddUpper's kernel with AVX-512. A block of rows of
// x is packed into panels of eight columns (and once more scaled by the
// weights); tiles of four rows by sixteen columns of h then stay in
// registers while the block passes through them, eight columns per fused
// multiply-add. Every entry of h is still the sum over the rows in their
// order, but each multiply-add is rounded once, so the last bits differ from
// the portable kernel's. Entries below the diagonal are left as they were.
// With at most eight columns, gramSmallSIMD keeps the whole matrix in
// registers instead. It reports false, doing nothing, when the processor
// lacks AVX-512 or w is nil.
func gramAddUpperSIMD(h []float64, k int, x []float64, c int, w []float64, intercept bool, rows int) bool {
	if !haveSIMD || c == 0 || w == nil {
		return false
	}
	off := 0
	if intercept {
		off = 1
	}
	if c <= 8 {
		gramSmallSIMD(h, k, x, c, w, intercept)
		archsimd.ClearAVXUpperBits()
		return true
	}
	np := (c + 7) / 8
	pk := gramPacks.Get().(*gramPack)
	if need := simdRows * np * 8; len(pk.x) < need {
		pk.x = make([]float64, need)
		pk.wx = make([]float64, need)
	}
	for lo := 0; lo < rows; lo += simdRows {
		r := min(simdRows, rows-lo)
		px, pw := pk.x[:r*np*8], pk.wx[:r*np*8]
		pack(px, pw, x[lo*c:(lo+r)*c], c, w[lo:lo+r], np)
		if intercept {
			interceptRow(h[:k], pw, w[lo:lo+r], c, r)
		}
		for jb := 0; jb < c; jb += 4 {
			pu := px[jb/8*r*8 : (jb/8+1)*r*8]
			for mb := jb &^ 7; mb < c; mb += 16 {
				pa := pw[mb/8*r*8 : (mb/8+1)*r*8]
				if mb+8 < c {
					pb := pw[(mb/8+1)*r*8 : (mb/8+2)*r*8]
					tile2(h, k, off, c, pu, pa, pb, jb, mb)
				} else {
					tile1(h, k, off, c, pu, pa, jb, mb)
				}
			}
		}
	}
	gramPacks.Put(pk)
	// Leave no dirty upper halves of the vector registers behind: the
	// scalar SSE code that follows would run several times slower.
	archsimd.ClearAVXUpperBits()
	return true
}

// pack writes the rows of x (c columns) into px and, scaled by w, into pw,
// in np panels of eight columns padded with zeros.
func pack(px, pw, x []float64, c int, w []float64, np int) {
	r := len(w)
	for i, wi := range w {
		row := x[i*c : i*c+c]
		wv := archsimd.BroadcastFloat64x8(wi)
		for q := range np {
			v := archsimd.LoadFloat64x8SlicePart(row[8*q:])
			o := (q*r + i) * 8
			v.Store((*[8]float64)(px[o : o+8]))
			v.Mul(wv).Store((*[8]float64)(pw[o : o+8]))
		}
	}
}

// interceptRow adds Σw to h[0] and Σ w_i·x_i to h[1:1+c], the intercept's
// row of the Gram matrix, from the weighted panels pw of r rows.
func interceptRow(h, pw, w []float64, c, r int) {
	sw := 0.0
	for _, wi := range w {
		sw += wi
	}
	h[0] += sw
	hr := h[1 : 1+c]
	for q := 0; 8*q < c; q++ {
		acc := archsimd.LoadFloat64x8SlicePart(hr[8*q:])
		p := pw[q*r*8 : (q+1)*r*8]
		for i := 0; i < r; i++ {
			acc = acc.Add(archsimd.LoadFloat64x8((*[8]float64)(p[8*i : 8*i+8])))
		}
		acc.StoreSlicePart(hr[8*q:])
	}
}

// hrow returns row j of the Gram matrix of x from column m as stored in h,
// from row and column off, or nil if j is past the last column c.
func hrow(h []float64, k, off, c, j, m int) []float64 {
	if j >= c {
		return nil
	}
	return h[(j+off)*k+off+m : (j+off)*k+k]
}

// tile2 adds to the rows jb … jb+3 of the Gram matrix, columns mb … mb+15,
// the packed rows: pu is the unweighted panel that holds columns jb … jb+3,
// pa and pb the weighted panels of columns mb … mb+7 and mb+8 … mb+15. The
// tile stays in registers; the entries past column c or below the diagonal
// are computed but not stored.
func tile2(h []float64, k, off, c int, pu, pa, pb []float64, jb, mb int) {
	a0 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb, mb))
	a1 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb+1, mb))
	a2 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb+2, mb))
	a3 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb+3, mb))
	b0 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb, mb+8))
	b1 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb+1, mb+8))
	b2 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb+2, mb+8))
	b3 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb+3, mb+8))
	a0, a1, a2, a3, b0, b1, b2, b3 = tileRows2(pa, pb, pu[jb%8:], a0, a1, a2, a3, b0, b1, b2, b3)
	tileStore(hrow(h, k, off, c, jb, mb), a0, jb-mb)
	tileStore(hrow(h, k, off, c, jb+1, mb), a1, jb+1-mb)
	tileStore(hrow(h, k, off, c, jb+2, mb), a2, jb+2-mb)
	tileStore(hrow(h, k, off, c, jb+3, mb), a3, jb+3-mb)
	tileStore(hrow(h, k, off, c, jb, mb+8), b0, jb-mb-8)
	tileStore(hrow(h, k, off, c, jb+1, mb+8), b1, jb+1-mb-8)
	tileStore(hrow(h, k, off, c, jb+2, mb+8), b2, jb+2-mb-8)
	tileStore(hrow(h, k, off, c, jb+3, mb+8), b3, jb+3-mb-8)
}

// tile1 is tile2 for the columns mb … mb+7 alone.
func tile1(h []float64, k, off, c int, pu, pa []float64, jb, mb int) {
	a0 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb, mb))
	a1 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb+1, mb))
	a2 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb+2, mb))
	a3 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, jb+3, mb))
	a0, a1, a2, a3 = tileRows1(pa, pu[jb%8:], a0, a1, a2, a3)
	tileStore(hrow(h, k, off, c, jb, mb), a0, jb-mb)
	tileStore(hrow(h, k, off, c, jb+1, mb), a1, jb+1-mb)
	tileStore(hrow(h, k, off, c, jb+2, mb), a2, jb+2-mb)
	tileStore(hrow(h, k, off, c, jb+3, mb), a3, jb+3-mb)
}

// tileRows2 adds the packed rows to a four-by-sixteen tile held in a0 … a3
// and b0 … b3: pa and pb hold the columns of the tile, eight per row, pu
// from the tile's first row's column on, eight per row, its rows. It is a
// function of its own so that the compiler keeps the tile in registers.
//
//go:noinline
func tileRows2(pa, pb, pu []float64, a0, a1, a2, a3, b0, b1, b2, b3 archsimd.Float64x8) (_, _, _, _, _, _, _, _ archsimd.Float64x8) {
	for len(pa) >= 8 && len(pb) >= 8 && len(pu) >= 4 {
		xa := archsimd.LoadFloat64x8((*[8]float64)(pa))
		xb := archsimd.LoadFloat64x8((*[8]float64)(pb))
		u := (*[4]float64)(pu)
		u0 := archsimd.BroadcastFloat64x8(u[0])
		u1 := archsimd.BroadcastFloat64x8(u[1])
		u2 := archsimd.BroadcastFloat64x8(u[2])
		u3 := archsimd.BroadcastFloat64x8(u[3])
		a0 = xa.MulAdd(u0, a0)
		b0 = xb.MulAdd(u0, b0)
		a1 = xa.MulAdd(u1, a1)
		b1 = xb.MulAdd(u1, b1)
		a2 = xa.MulAdd(u2, a2)
		b2 = xb.MulAdd(u2, b2)
		a3 = xa.MulAdd(u3, a3)
		b3 = xb.MulAdd(u3, b3)
		pa, pb = pa[8:], pb[8:]
		pu = pu[min(8, len(pu)):]
	}
	return a0, a1, a2, a3, b0, b1, b2, b3
}

// tileRows1 is tileRows2 for a four-by-eight tile.
//
//go:noinline
func tileRows1(pa, pu []float64, a0, a1, a2, a3 archsimd.Float64x8) (_, _, _, _ archsimd.Float64x8) {
	for len(pa) >= 8 && len(pu) >= 4 {
		xa := archsimd.LoadFloat64x8((*[8]float64)(pa))
		u := (*[4]float64)(pu)
		a0 = xa.MulAdd(archsimd.BroadcastFloat64x8(u[0]), a0)
		a1 = xa.MulAdd(archsimd.BroadcastFloat64x8(u[1]), a1)
		a2 = xa.MulAdd(archsimd.BroadcastFloat64x8(u[2]), a2)
		a3 = xa.MulAdd(archsimd.BroadcastFloat64x8(u[3]), a3)
		pa = pa[8:]
		pu = pu[min(8, len(pu)):]
	}
	return a0, a1, a2, a3
}

// tileStore stores acc into s, a row of h from a tile's first column, d the
// row's column of the diagonal relative to that column: lanes left of d lie
// below the diagonal and keep their values, lanes past the end of s are
// not stored. A nil s (a row past the last column) stores nothing.
func tileStore(s []float64, acc archsimd.Float64x8, d int) {
	if s == nil || d >= 8 {
		return
	}
	if d > 0 {
		mask := archsimd.Mask64x8FromBits(0xff << uint(d))
		acc = acc.Merge(archsimd.LoadFloat64x8SlicePart(s), mask)
	}
	acc.StoreSlicePart(s)
}

// rowDotsSIMD is RowDots with AVX-512: eight columns per fused multiply-add
// and a final sum of the eight lanes, so the last bits differ from the
// portable Dot's. It reports false when the processor lacks AVX-512.
func rowDotsSIMD(dst, x, b []float64) bool {
	if !haveSIMD {
		return false
	}
	c := len(b)
	full := c &^ 7
	tail := archsimd.LoadFloat64x8SlicePart(b[full:])
	for i := range dst {
		row := x[i*c : i*c+c]
		var acc archsimd.Float64x8
		for m := 0; m < full; m += 8 {
			acc = archsimd.LoadFloat64x8((*[8]float64)(row[m:m+8])).MulAdd(archsimd.LoadFloat64x8((*[8]float64)(b[m:m+8])), acc)
		}
		if full < c {
			// The lanes past the row load as zeros.
			acc = archsimd.LoadFloat64x8SlicePart(row[full:]).MulAdd(tail, acc)
		}
		s4 := acc.GetLo().Add(acc.GetHi())
		s2 := s4.GetLo().Add(s4.GetHi())
		dst[i] = s2.GetElem(0) + s2.GetElem(1)
	}
	archsimd.ClearAVXUpperBits()
	return true
}

// addRowsScaledSIMD is AddRowsScaled with AVX-512: dst stays in registers,
// four blocks of eight columns at a time, while the rows pass. It reports
// false when the processor lacks AVX-512.
func addRowsScaledSIMD(dst, x, v []float64) bool {
	if !haveSIMD {
		return false
	}
	c := len(dst)
	for mb := 0; mb < c; mb += 32 {
		d := dst[mb:]
		a0 := archsimd.LoadFloat64x8SlicePart(d)
		a1 := archsimd.LoadFloat64x8SlicePart(d[min(8, len(d)):])
		a2 := archsimd.LoadFloat64x8SlicePart(d[min(16, len(d)):])
		a3 := archsimd.LoadFloat64x8SlicePart(d[min(24, len(d)):])
		for i, vi := range v {
			// Columns past the row are read from the next row (or
			// zeros at the end of x) and not stored.
			row := x[i*c+mb:]
			s := archsimd.BroadcastFloat64x8(vi)
			a0 = load8(row, 0).MulAdd(s, a0)
			if c-mb > 8 {
				a1 = load8(row, 8).MulAdd(s, a1)
			}
			if c-mb > 16 {
				a2 = load8(row, 16).MulAdd(s, a2)
			}
			if c-mb > 24 {
				a3 = load8(row, 24).MulAdd(s, a3)
			}
		}
		a0.StoreSlicePart(d)
		a1.StoreSlicePart(d[min(8, len(d)):])
		a2.StoreSlicePart(d[min(16, len(d)):])
		a3.StoreSlicePart(d[min(24, len(d)):])
	}
	archsimd.ClearAVXUpperBits()
	return true
}

// load8 returns s[i:i+8], with zeros past the end of s.
func load8(s []float64, i int) archsimd.Float64x8 {
	if i+8 <= len(s) {
		return archsimd.LoadFloat64x8((*[8]float64)(s[i : i+8]))
	}
	return archsimd.LoadFloat64x8SlicePart(s[min(i, len(s)):])
}

// gramSmallSIMD is gramAddUpperSIMD for at most eight columns: each row of x
// is one vector, and the whole Gram matrix (a vector per row, plus the
// intercept's row) stays in registers while the rows pass; no packing.
func gramSmallSIMD(h []float64, k int, x []float64, c int, w []float64, intercept bool) {
	off := 0
	if intercept {
		off = 1
	}
	// Accumulators past the last column repeat its broadcasts and are not
	// stored.
	o1, o2, o3 := min(1, c-1), min(2, c-1), min(3, c-1)
	o4, o5, o6, o7 := min(4, c-1), min(5, c-1), min(6, c-1), min(7, c-1)
	a0 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, 0, 0))
	a1 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, 1, 0))
	a2 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, 2, 0))
	a3 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, 3, 0))
	a4 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, 4, 0))
	a5 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, 5, 0))
	a6 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, 6, 0))
	a7 := archsimd.LoadFloat64x8SlicePart(hrow(h, k, off, c, 7, 0))
	var ai archsimd.Float64x8 // Σ w_i·x_i, the intercept's row
	sw := 0.0
	for i, wi := range w {
		r := x[i*c : i*c+c]
		var xv archsimd.Float64x8
		if i*c+8 <= len(x) {
			// Lanes past column c hold the next row and are not stored.
			xv = archsimd.LoadFloat64x8((*[8]float64)(x[i*c : i*c+8]))
		} else {
			xv = archsimd.LoadFloat64x8SlicePart(r)
		}
		wx := xv.Mul(archsimd.BroadcastFloat64x8(wi))
		sw += wi
		ai = ai.Add(wx)
		a0 = wx.MulAdd(archsimd.BroadcastFloat64x8(r[0]), a0)
		a1 = wx.MulAdd(archsimd.BroadcastFloat64x8(r[o1]), a1)
		a2 = wx.MulAdd(archsimd.BroadcastFloat64x8(r[o2]), a2)
		a3 = wx.MulAdd(archsimd.BroadcastFloat64x8(r[o3]), a3)
		a4 = wx.MulAdd(archsimd.BroadcastFloat64x8(r[o4]), a4)
		a5 = wx.MulAdd(archsimd.BroadcastFloat64x8(r[o5]), a5)
		a6 = wx.MulAdd(archsimd.BroadcastFloat64x8(r[o6]), a6)
		a7 = wx.MulAdd(archsimd.BroadcastFloat64x8(r[o7]), a7)
	}
	if intercept {
		h[0] += sw
		tileStore(h[1:k], ai.Add(archsimd.LoadFloat64x8SlicePart(h[1:k])), 0)
	}
	tileStore(hrow(h, k, off, c, 0, 0), a0, 0)
	tileStore(hrow(h, k, off, c, 1, 0), a1, 1)
	tileStore(hrow(h, k, off, c, 2, 0), a2, 2)
	tileStore(hrow(h, k, off, c, 3, 0), a3, 3)
	tileStore(hrow(h, k, off, c, 4, 0), a4, 4)
	tileStore(hrow(h, k, off, c, 5, 0), a5, 5)
	tileStore(hrow(h, k, off, c, 6, 0), a6, 6)
	tileStore(hrow(h, k, off, c, 7, 0), a7, 7)
}
