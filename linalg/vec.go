package linalg

// Dot returns the dot product Σ x[i]·y[i]. It panics if the lengths differ.
func Dot(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("linalg: length mismatch")
	}
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// Axpy sets y to alpha·x + y. It panics if the lengths differ.
func Axpy(alpha float64, x, y []float64) {
	if len(x) != len(y) {
		panic("linalg: length mismatch")
	}
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

// Scale sets x to alpha·x.
func Scale(alpha float64, x []float64) {
	for i := range x {
		x[i] *= alpha
	}
}

// designCols returns the number of columns of the design [1 X] (intercept)
// or X.
func designCols(x *Dense, intercept bool) int {
	if intercept {
		return x.cols + 1
	}
	return x.cols
}

// MulVecTo sets dst to the product of the design matrix and b:
//
//	dst = X·b            (intercept false, len(b) = cols)
//	dst = b[0] + X·b[1:] (intercept true,  len(b) = cols+1)
//
// It panics if len(dst) != rows or len(b) does not match the design.
func MulVecTo(dst []float64, x *Dense, b []float64, intercept bool) {
	if len(dst) != x.rows || len(b) != designCols(x, intercept) {
		panic("linalg: dimension mismatch")
	}
	var b0 float64
	if intercept {
		b0, b = b[0], b[1:]
	}
	RowDots(dst, x.data, b)
	if b0 != 0 {
		for i := range dst {
			dst[i] += b0
		}
	}
}

// RowDots sets dst[i] to the dot product of b with row i of the row-major x,
// whose rows have len(b) columns: dst = X·b. It is the kernel behind
// [MulVecTo], exported so that callers can work through blocks of rows.
// It panics if len(x) != len(dst)·len(b).
func RowDots(dst, x, b []float64) {
	c := len(b)
	if len(x) != len(dst)*c {
		panic("linalg: dimension mismatch")
	}
	rowDotsLevel(cpuLevel, dst, x, b)
}

// Kernel levels: the portable Go, and the assembly for AVX2 with FMA and
// for AVX-512 (amd64 without the purego build tag). cpuLevel is the
// processor's; tests pass each level up to it to compare the kernels.
const (
	levelGo = iota
	levelAVX2
	levelAVX512
)

// rowDotsLevel is RowDots at kernel level lv.
func rowDotsLevel(lv int, dst, x, b []float64) {
	if rowDotsAsm(lv, dst, x, b) {
		return
	}
	c := len(b)
	if c >= 8 {
		for i := range dst {
			dst[i] = Dot(x[i*c:i*c+c], b)
		}
		return
	}
	// Short rows: one sum per row, without Dot's call and unrolling.
	for i := range dst {
		row := x[i*c : i*c+c]
		s := 0.0
		for j, v := range row {
			s += v * b[j]
		}
		dst[i] = s
	}
}

// MulTransVecTo sets dst to the transposed design matrix times v:
//
//	dst = Xᵀ·v                   (intercept false, len(dst) = cols)
//	dst = [Σ v[i], (Xᵀ·v)...]    (intercept true,  len(dst) = cols+1)
//
// It panics if len(v) != rows or len(dst) does not match the design.
func MulTransVecTo(dst []float64, x *Dense, v []float64, intercept bool) {
	if len(v) != x.rows || len(dst) != designCols(x, intercept) {
		panic("linalg: dimension mismatch")
	}
	clear(dst)
	d := dst
	if intercept {
		var s float64
		for _, vi := range v {
			s += vi
		}
		dst[0] = s
		d = dst[1:]
	}
	AddRowsScaled(d, x.data, v)
}

// AddRowsScaled adds v[i] times row i of the row-major x, whose rows have
// len(dst) columns, to dst: dst += Xᵀ·v. It is the kernel behind
// [MulTransVecTo], exported so that callers can work through blocks of rows.
// It panics if len(x) != len(v)·len(dst).
func AddRowsScaled(dst, x, v []float64) {
	c := len(dst)
	if len(x) != len(v)*c {
		panic("linalg: dimension mismatch")
	}
	addRowsScaledLevel(cpuLevel, dst, x, v)
}

// addRowsScaledLevel is AddRowsScaled at kernel level lv.
func addRowsScaledLevel(lv int, dst, x, v []float64) {
	if addRowsScaledAsm(lv, dst, x, v) {
		return
	}
	c := len(dst)
	for i, vi := range v {
		if vi != 0 {
			Axpy(vi, x[i*c:i*c+c], dst)
		}
	}
}

// GramTo sets dst to the weighted Gram matrix of the design,
//
//	dst = Dᵀ·diag(w)·D,  D = X or D = [1 X],
//
// computing the upper triangle and mirroring it. dst is resized to k×k, k the
// number of design columns. A nil w means unit weights.
//
// It panics if w is not nil and len(w) != rows.
func GramTo(dst *Dense, x *Dense, w []float64, intercept bool) {
	if w != nil && len(w) != x.rows {
		panic("linalg: dimension mismatch")
	}
	k := designCols(x, intercept)
	dst.Reset(k, k)
	if x.cols == 0 && w == nil {
		// GramAddUpper cannot count rows without columns or weights; with
		// unit weights the intercept's element is the number of rows.
		if intercept {
			dst.data[0] = float64(x.rows)
		}
		return
	}
	GramAddUpper(dst.data, k, x.data, x.cols, w, intercept)
	Symmetrize(dst.data, k)
}

// Symmetrize copies the upper triangle of the k×k row-major matrix h into its
// lower triangle.
func Symmetrize(h []float64, k int) {
	for i := 0; i < k; i++ {
		for j := 0; j < i; j++ {
			h[i*k+j] = h[j*k+i]
		}
	}
}

// GramAddUpper adds the upper triangle of Dᵀ·diag(w)·D to the k×k row-major
// matrix h, where the rows of X are the row-major slice x with c columns
// (len(x)/c rows), D is X or [1 X] (intercept) and k its number of columns.
// A nil w means unit weights. The lower triangle of h is not touched.
//
// It is the kernel behind [GramTo], exported so that callers that fuse other
// per-row work with it can accumulate blocks of rows into their own buffers.
// It panics if len(x) is not a multiple of c, if k does not match, if h is
// shorter than k·k or if w is not nil and its length is not the row count;
// and if c is 0 and w is nil, since the number of rows is then unknown.
func GramAddUpper(h []float64, k int, x []float64, c int, w []float64, intercept bool) {
	off := 0
	if intercept {
		off = 1
	}
	if k != c+off || len(h) < k*k {
		panic("linalg: dimension mismatch")
	}
	if c == 0 && w == nil {
		panic("linalg: no columns and no weights: the number of rows is unknown")
	}
	rows := 0
	if c > 0 {
		if len(x)%c != 0 {
			panic("linalg: dimension mismatch")
		}
		rows = len(x) / c
	} else {
		rows = len(w)
	}
	if w != nil && len(w) != rows {
		panic("linalg: dimension mismatch")
	}
	gramAddUpperLevel(cpuLevel, h, k, x, c, w, intercept, rows)
}

// gramAddUpperLevel is GramAddUpper at kernel level lv, for rows rows of x.
func gramAddUpperLevel(lv int, h []float64, k int, x []float64, c int, w []float64, intercept bool, rows int) {
	if gramAddUpperAsm(lv, h, k, x, c, w, intercept, rows) {
		return
	}
	off := 0
	if intercept {
		off = 1
	}
	// Blocks of rows that stay in the L2 cache, and for a large matrix
	// panels of the rows of h that stay in the L1 cache while a block of x
	// passes through them. The sums for each entry of h are formed in the
	// same order whatever the blocking.
	rb, bj := rows, max(c, 1)
	if k*k > gramPanel {
		rb = max(4, gramBlock/k/4*4)
		bj = max(1, gramPanel/k)
	}
	for lo := 0; lo < rows; lo += rb {
		hi := min(lo+rb, rows)
		var wb []float64
		if w != nil {
			wb = w[lo:hi]
		}
		for j0 := 0; j0 < max(c, 1); j0 += bj {
			gramPanelAdd(h, k, x[lo*c:hi*c], c, wb, intercept && j0 == 0, off, hi-lo, j0, min(j0+bj, c))
		}
	}
}

const (
	// gramPanel is the number of entries of h above which GramAddUpper
	// works in panels of rows of h (32 KiB, an L1 cache).
	gramPanel = 4096
	// gramBlock is the number of entries of x in a block of rows of a
	// panelled GramAddUpper (256 KiB of an L2 cache).
	gramBlock = 32768
)

// gramPanelAdd adds to the rows j0+off … j1+off−1 of h (and to row 0 when
// first is set) the rows of x, four at a time, as GramAddUpper describes.
func gramPanelAdd(h []float64, k int, x []float64, c int, w []float64, first bool, off, rows, j0, j1 int) {
	weight := func(i int) float64 {
		if w == nil {
			return 1
		}
		return w[i]
	}
	i := 0
	// Four rows at a time: each row of h is loaded and stored once per four
	// rows of x.
	for ; i+4 <= rows; i += 4 {
		w0, w1, w2, w3 := weight(i), weight(i+1), weight(i+2), weight(i+3)
		r0 := x[i*c : i*c+c]
		r1 := x[(i+1)*c : (i+1)*c+c]
		r2 := x[(i+2)*c : (i+2)*c+c]
		r3 := x[(i+3)*c : (i+3)*c+c]
		if first {
			h[0] += (w0 + w1) + (w2 + w3)
			h0 := h[1:k]
			r1, r2, r3 := r1[:len(h0)], r2[:len(h0)], r3[:len(h0)]
			for j, v := range r0[:len(h0)] {
				h0[j] += w0*v + w1*r1[j] + w2*r2[j] + w3*r3[j]
			}
		}
		for j := j0; j < j1; j++ {
			a0, a1, a2, a3 := w0*r0[j], w1*r1[j], w2*r2[j], w3*r3[j]
			hr := h[(j+off)*k+j+off : (j+off)*k+k]
			s0, s1, s2, s3 := r0[j:], r1[j:], r2[j:], r3[j:]
			s0, s1, s2, s3 = s0[:len(hr)], s1[:len(hr)], s2[:len(hr)], s3[:len(hr)]
			for m := range hr {
				hr[m] += a0*s0[m] + a1*s1[m] + a2*s2[m] + a3*s3[m]
			}
		}
	}
	for ; i < rows; i++ {
		wi := weight(i)
		r := x[i*c : i*c+c]
		if first {
			h[0] += wi
			Axpy(wi, r, h[1:k])
		}
		for j := j0; j < j1; j++ {
			a := wi * r[j]
			hr := h[(j+off)*k+j+off : (j+off)*k+k]
			s := r[j:]
			s = s[:len(hr)]
			for m := range hr {
				hr[m] += a * s[m]
			}
		}
	}
}
