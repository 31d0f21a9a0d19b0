//go:build !purego

package linalg

import (
	"math"

	"github.com/a1bed000/logreg/internal/cpu"
)

// cpuLevel is the fastest kernel level of this processor.
var cpuLevel = func() int {
	switch {
	case cpu.AVX512:
		return levelAVX512
	case cpu.AVX2:
		return levelAVX2
	}
	return levelGo
}()

// gramTileAVX2 adds to the 4×(4·nv) tile of dst (rows ds apart) the
// products of the first four entries of the r rows of u (us apart) with the
// first nv vectors of four entries of the r rows of v (vs apart, the
// vectors of a row vp apart):
//
//	dst[l·ds+4q+j] += Σ_i u[i·us+l]·v[i·vs+q·vp+j]
//
// in the order of the rows, each product fused with its addition; nv is 1,
// 2 or 3. callTile checks the lengths.
//
//go:noescape
func gramTileAVX2(dst []float64, ds int, u []float64, us int, v []float64, vs, vp int, r, nv int)

// gramTilesAVX2 is nt calls of gramTileAVX2 with nv = 3 on the tiles of
// dst that follow each other, 12 columns apart, and the vectors of v that
// follow each other, 3·vp apart, in one call. callTiles checks the lengths.
//
//go:noescape
func gramTilesAVX2(dst []float64, ds int, u []float64, us int, v []float64, vs, vp int, r, nt int)

// gramDiagAVX2 is gramTileAVX2 with nv = 3 on a tile of h that starts on
// its diagonal: entry (l, m) is stored only for m ≥ l, the others (below the
// diagonal) left untouched. Its row i also prefetches the cache line of
// pf[i·pfs], a part of the next block of x, so that the block's copy reads
// it from the cache. callDiag checks the lengths.
//
//go:noescape
func gramDiagAVX2(dst []float64, ds int, u []float64, us int, v []float64, vs, vp int, r int, pf []float64, pfs int)

// gramTileAVX512 is gramTileAVX2 with an 8×(8·nv) tile.
//
//go:noescape
func gramTileAVX512(dst []float64, ds int, u []float64, us int, v []float64, vs int, r, nv int)

// gramBuf is the number of entries of gramAddUpperAsm's buffer, on the
// stack (128 KiB, the most the compiler places there): a block of weighted
// rows, in the L2 cache with the block of x. Calls whose blocks can have
// gramSmallRows rows (or all their rows) in gramBufSmall entries use a
// buffer of that size (32 KiB), so that the goroutines of fits with few
// columns do not grow their stacks to a quarter megabyte.
const (
	gramBuf       = 16384
	gramBufSmall  = 4096
	gramSmallRows = 128
)

// unitWeights holds unit weights for gramAddUpperAsm's blocks.
var unitWeights = func() *[gramBuf / 8]float64 {
	var o [gramBuf / 8]float64
	for i := range o {
		o[i] = 1
	}
	return &o
}()

// gramAddUpperAsm is GramAddUpper's kernel at level lv, or reports false
// for the portable one. A block of rows is scaled by the weights into v,
// padded with zeros to cp columns, a multiple of the vector length L (with
// AVX2 in panels of four columns, so that the tiles read it in sequence;
// with AVX-512 row by row), in a buffer aligned to a cache line; tiles of h
// of L rows by up to 3·L columns then stay in registers while the block
// passes, entries of the rows of x broadcast (from a padded copy for the
// last L columns) and the vectors of v loaded. Each entry of h gains its sum
// over the block in the order of the rows, every product fused with its
// addition (with AVX2 a tile that starts on the diagonal is summed in place,
// its entries below the diagonal not stored, and prefetches a part of the
// next block; other tiles that cross the diagonal or the last column are
// summed from zero and then added). The intercept's row is the weighted
// column sums, from addRowsScaledAsm.
func gramAddUpperAsm(lv int, h []float64, k int, x []float64, c int, w []float64, intercept bool, rows int) bool {
	if lv == levelGo || c == 0 || rows == 0 {
		return false
	}
	vl := vecLen(lv)
	mr := vl
	cp := (c + vl - 1) / vl * vl
	if min(rows, gramSmallRows)*(cp+mr) <= gramBufSmall {
		gramAsmSmall(lv, h, k, x, c, w, intercept, rows, cp)
		return true
	}
	if gramBuf/(cp+mr) < 8 {
		// Too many columns for a useful block.
		return false
	}
	gramAsmLarge(lv, h, k, x, c, w, intercept, rows, cp)
	return true
}

//go:noinline
func gramAsmSmall(lv int, h []float64, k int, x []float64, c int, w []float64, intercept bool, rows, cp int) {
	var buf [gramBufSmall + 7]float64
	gramBlocks(lv, aligned(buf[:]), h, k, x, c, w, intercept, rows, cp)
}

//go:noinline
func gramAsmLarge(lv int, h []float64, k int, x []float64, c int, w []float64, intercept bool, rows, cp int) {
	var buf [gramBuf + 7]float64
	gramBlocks(lv, aligned(buf[:]), h, k, x, c, w, intercept, rows, cp)
}

// aligned returns the part of buf, all but 7 of its entries, that starts
// on a 64-byte boundary: the vectors of the packed block (four entries at
// multiples of four) then never straddle two cache lines.
func aligned(buf []float64) []float64 {
	o := int(-addrOf(buf)/8) & 7
	return buf[o : len(buf)-7+o]
}

// addrOf is the address of s's first entry.
//
//go:noescape
func addrOf(s []float64) uintptr

// gramBlocks is gramAddUpperAsm with the buffer buf, cp the padded columns.
func gramBlocks(lv int, buf, h []float64, k int, x []float64, c int, w []float64, intercept bool, rows, cp int) {
	vl := vecLen(lv)
	mr, nr := vl, 3*vl
	rb := min(rows, len(buf)/(cp+mr), len(unitWeights))
	var t [8 * 24]float64              // an edge tile
	nd := max(1, diagTiles(c, cp, vl)) // diagonal tiles per block (with AVX2)
	off := 0
	if intercept {
		off = 1
	}
	for lo := 0; lo < rows; lo += rb {
		r := min(rb, rows-lo)
		xb := x[lo*c : (lo+r)*c]
		wb := unitWeights[:r]
		if w != nil {
			wb = w[lo : lo+r]
		}
		// With AVX2 the weighted block is stored in panels of four
		// columns, r·4 entries each, so that the tiles read their vectors
		// in sequence; with AVX-512 row by row.
		v, up := buf[:r*cp], buf[r*cp:r*(cp+mr)]
		vs, vp := cp, vl
		if vl == 4 {
			vs, vp = 4, 4*r
			packPanels(v, xb, wb, c, c)
		} else {
			packRows(v, xb, wb, c, c, cp)
		}
		// The diagonal tiles prefetch the next block, in equal parts.
		next := x[(lo+r)*c : min(lo+r+rb, rows)*c]
		pfPart := (len(next) + nd - 1) / nd
		d := 0
		if intercept {
			if w == nil {
				h[0] += float64(r)
			} else {
				s := 0.0
				for _, wi := range wb {
					s += wi
				}
				h[0] += s
			}
			addRowsScaledLevel(lv, h[1:1+c], xb, wb)
		}
		for jb := 0; jb < c; jb += mr {
			u, us := xb[jb:], c
			if jb+mr > c {
				u, us = up, mr
				packRows(u, xb[jb:], unitWeights[:r], c-jb, c, mr)
			}
			for mb, width := jb, 0; mb < c; mb += width {
				nv := tileVectors((cp - mb) / vl)
				width = nv * vl
				if mb == jb && nv == 3 && mb+width <= c && (lv == levelAVX2 || lv == levelFMA4) {
					pf, pfs := u, 0
					if s := min(d*pfPart, len(next)); s < len(next) {
						pf = next[s:min(s+pfPart, len(next))]
						pfs = len(pf) / r
					}
					d++
					callDiag(lv, h[(jb+off)*k+jb+off:], k, u, us, v[mb/vl*vp:], vs, vp, r, pf, pfs)
					continue
				}
				if jb+mr <= c && mb+width <= c && mb >= jb+mr-1 {
					// The whole tiles that follow in one call.
					nt := 1
					if nv == 3 {
						nt = (c - mb) / nr
						if (cp-mb)/vl-3*nt == 1 {
							nt--
						}
					}
					callTiles(lv, h[(jb+off)*k+mb+off:], k, u, us, v[mb/vl*vp:], vs, vp, r, nv, nt)
					width = nt * nv * vl
					continue
				}
				clear(t[:])
				callTile(lv, t[:], nr, u, us, v[mb/vl*vp:], vs, vp, r, nv)
				for l := 0; l < mr && jb+l < c; l++ {
					j := jb + l
					hr := h[(j+off)*k+off : (j+off)*k+off+c]
					tr := t[l*nr : l*nr+width]
					for m := max(mb, j); m < min(mb+width, c); m++ {
						hr[m] += tr[m-mb]
					}
				}
			}
		}
	}
}

// diagTiles is the number of rows of tiles of the c columns, padded to cp,
// that start with a diagonal tile of three vectors of vl entries, as
// gramBlocks tiles them.
func diagTiles(c, cp, vl int) int {
	n := 0
	for jb := 0; jb+3*vl <= c; jb += vl {
		if tileVectors((cp-jb)/vl) == 3 {
			n++
		}
	}
	return n
}

// tileVectors is the width in vectors of the next tile of a row of h
// with left vectors to go: three, but two when four are left, two tiles
// of two rather than three and one, in whose one vector's four sums each
// product would wait on the last.
func tileVectors(left int) int {
	if left == 4 {
		return 2
	}
	return min(3, left)
}

// packRows sets the rows of dst, ds entries apart, to the first c entries
// of the rows of x, xs apart, scaled by w, and pads them with zeros; ds is
// a multiple of four and at least c.
func packRows(dst, x, w []float64, c, xs, ds int) {
	r := len(w)
	if r > 0 && (c < 1 || xs < c || ds < c || ds%4 != 0 || len(x) < (r-1)*xs+c || len(dst) < r*ds) {
		panic("linalg: internal error: packing out of bounds")
	}
	packRowsAVX2(dst, x, w, c, xs, ds)
}

//go:noescape
func packRowsAVX2(dst, x, w []float64, c, xs, ds int)

// packPanels sets dst to the first c entries of the len(w) rows of x, xs
// apart, scaled by w and padded with zeros to a multiple of four, in panels
// of four columns: entry (i, 4q+j) at dst[q·4·len(w)+4i+j].
func packPanels(dst, x, w []float64, c, xs int) {
	r := len(w)
	if r > 0 && (c < 1 || xs < c || len(x) < (r-1)*xs+c || len(dst) < r*((c+3)/4*4)) {
		panic("linalg: internal error: packing out of bounds")
	}
	packPanelsAVX2(dst, x, w, c, xs)
}

//go:noescape
func packPanelsAVX2(dst, x, w []float64, c, xs int)

// callTile runs the tile kernel of level lv after checking that every
// entry it reads and writes lies inside its slices.
func callTile(lv int, dst []float64, ds int, u []float64, us int, v []float64, vs, vp int, r, nv int) {
	vl := vecLen(lv)
	if r < 1 || nv < 1 || nv > 3 || ds < nv*vl || len(dst) < (vl-1)*ds+nv*vl || us < vl || len(u) < (r-1)*us+vl ||
		vs < vl || vp < vl || len(v) < (r-1)*vs+(nv-1)*vp+vl || lv == levelAVX512 && vp != vl {
		panic("linalg: internal error: tile out of bounds")
	}
	switch lv {
	case levelAVX512:
		gramTileAVX512(dst, ds, u, us, v, vs, r, nv)
	case levelAVX2:
		gramTileAVX2(dst, ds, u, us, v, vs, vp, r, nv)
	default:
		gramTileFMA(dst, ds, u, us, v, vs, vp, r, nv*vl, vl)
	}
}

// callDiag runs the AVX2 level's diagonal tile (gramDiagAVX2) after
// checking that every entry it reads and writes lies inside its slices;
// levelFMA4 computes it with gramTileFMA on a copy of the tile.
func callDiag(lv int, dst []float64, ds int, u []float64, us int, v []float64, vs, vp int, r int, pf []float64, pfs int) {
	const mr, nc = 4, 12
	if r < 1 || ds < nc || len(dst) < (mr-1)*ds+nc || us < mr || len(u) < (r-1)*us+mr ||
		vs < mr || vp < mr || len(v) < (r-1)*vs+2*vp+mr || pfs < 0 || len(pf) <= (r-1)*pfs {
		panic("linalg: internal error: diagonal tile out of bounds")
	}
	if lv == levelAVX2 {
		gramDiagAVX2(dst, ds, u, us, v, vs, vp, r, pf, pfs)
		return
	}
	var t [mr * nc]float64
	for l := range mr {
		copy(t[l*nc:(l+1)*nc], dst[l*ds:l*ds+nc])
	}
	gramTileFMA(t[:], nc, u, us, v, vs, vp, r, nc, mr)
	for l := range mr {
		copy(dst[l*ds+l:l*ds+nc], t[l*nc+l:(l+1)*nc])
	}
}

// callTiles runs nt tiles of level lv side by side, the columns of each
// following the last's (nt > 1 only with nv = 3), after checking that every
// entry they read and write lies inside its slices.
func callTiles(lv int, dst []float64, ds int, u []float64, us int, v []float64, vs, vp int, r, nv, nt int) {
	if nt == 1 {
		callTile(lv, dst, ds, u, us, v, vs, vp, r, nv)
		return
	}
	vl := vecLen(lv)
	width := nt * 3 * vl
	if r < 1 || nv != 3 || nt < 1 || ds < width || len(dst) < (vl-1)*ds+width || us < vl || len(u) < (r-1)*us+vl ||
		vs < vl || vp < vl || len(v) < (r-1)*vs+(3*nt-1)*vp+vl {
		panic("linalg: internal error: tiles out of bounds")
	}
	if lv == levelAVX2 {
		gramTilesAVX2(dst, ds, u, us, v, vs, vp, r, nt)
		return
	}
	for t := range nt {
		callTile(lv, dst[t*3*vl:], ds, u, us, v[t*3*vp:], vs, vp, r, nv)
	}
}

// The levels levelFMA4 and levelFMA8, for tests, run gramAddUpperAsm with
// the tiles of AVX2 and AVX-512 computed by gramTileFMA, which must give the
// assembly's results bit for bit; the packing and row sums stay in AVX2.
const (
	levelFMA4 = levelAVX512 + 1 + iota
	levelFMA8
)

// vecLen is the vector length of level lv's Gram tiles.
func vecLen(lv int) int {
	if lv == levelAVX512 || lv == levelFMA8 {
		return 8
	}
	return 4
}

// gramTileFMA is the tile kernels' definition, mr rows by nc columns, the
// columns of v in vectors of mr entries, vp apart:
//
//	dst[l·ds+m] = fma(u[i·us+l], v[i·vs+(m/mr)·vp+m%mr], dst[l·ds+m]), i = 0, 1, …, r−1
func gramTileFMA(dst []float64, ds int, u []float64, us int, v []float64, vs, vp int, r, nc, mr int) {
	for l := range mr {
		d := dst[l*ds : l*ds+nc]
		for i := range r {
			ui := u[i*us+l]
			for m := range d {
				d[m] = math.FMA(ui, v[i*vs+m/mr*vp+m%mr], d[m])
			}
		}
	}
}

// rowDotsAsm is RowDots at level lv with AVX2 (AVX-512 adds nothing to a
// kernel that reads each entry of x once), or reports false for the
// portable kernel. Each row's sum is formed in four interleaved partial sums
// of four lanes, every product fused with its addition, then added in a
// fixed order.
func rowDotsAsm(lv int, dst, x, b []float64) bool {
	if lv == levelGo || len(b) == 0 {
		return false
	}
	if len(x) != len(dst)*len(b) {
		panic("linalg: dimension mismatch")
	}
	rowDotsAVX2(dst, x, b)
	return true
}

// addRowsScaledRows is the number of rows that addRowsScaledAsm passes at a
// time, so that they stay in the L2 cache while each block of columns of
// dst passes through them.
const addRowsScaledRows = 256

// addRowsScaledAsm is AddRowsScaled at level lv with AVX2, or reports false
// for the portable kernel. Blocks of sixteen columns of dst stay in
// registers while the rows pass; each entry of dst gains the products in the
// order of the rows, each fused with its addition. Rows of weight 0 are
// added too (the portable kernel skips them), which differs only for
// infinite or NaN entries of x.
func addRowsScaledAsm(lv int, dst, x, v []float64) bool {
	c := len(dst)
	if lv == levelGo || c == 0 {
		return false
	}
	if len(x) != len(v)*c {
		panic("linalg: dimension mismatch")
	}
	for lo := 0; lo < len(v); lo += addRowsScaledRows {
		hi := min(lo+addRowsScaledRows, len(v))
		addRowsScaledAVX2(dst, x[lo*c:hi*c], v[lo:hi])
	}
	return true
}

//go:noescape
func rowDotsAVX2(dst, x, b []float64)

//go:noescape
func addRowsScaledAVX2(dst, x, v []float64)
