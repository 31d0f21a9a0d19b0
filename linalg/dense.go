package linalg

import (
	"math"
	"reflect"
)

// Dense is a dense row-major matrix of float64 values.
//
// The zero value is an empty 0×0 matrix; [Dense.Reset] sizes it.
type Dense struct {
	rows, cols int
	data       []float64
}

// NewDense returns an r×c matrix backed by data, which is used directly, not
// copied; element (i, j) is data[i*c+j]. If data is nil a zeroed slice is
// allocated.
//
// NewDense panics if r or c is negative, if r·c overflows an int or if
// len(data) != r*c.
func NewDense(r, c int, data []float64) *Dense {
	checkDims(r, c)
	if data == nil {
		data = make([]float64, r*c)
	}
	if len(data) != r*c {
		panic("linalg: data length does not match dimensions")
	}
	return &Dense{rows: r, cols: c, data: data}
}

// checkDims panics if r or c is negative or r·c overflows an int, which
// would size the matrix's storage by the wrapped product.
func checkDims(r, c int) {
	if r < 0 || c < 0 {
		panic("linalg: negative dimension")
	}
	if c != 0 && r > math.MaxInt/c {
		panic("linalg: dimensions overflow")
	}
}

// Dims returns the number of rows and columns of m.
func (m *Dense) Dims() (r, c int) { return m.rows, m.cols }

// At returns element (i, j). It panics if i or j is out of range.
func (m *Dense) At(i, j int) float64 {
	m.check(i, j)
	return m.data[i*m.cols+j]
}

// Set sets element (i, j) to v. It panics if i or j is out of range.
func (m *Dense) Set(i, j int, v float64) {
	m.check(i, j)
	m.data[i*m.cols+j] = v
}

func (m *Dense) check(i, j int) {
	if uint(i) >= uint(m.rows) || uint(j) >= uint(m.cols) {
		panic("linalg: index out of range")
	}
}

// RawRow returns row i as a slice that shares storage with m.
// It panics if i is out of range.
func (m *Dense) RawRow(i int) []float64 {
	if uint(i) >= uint(m.rows) {
		panic("linalg: row index out of range")
	}
	return m.data[i*m.cols : (i+1)*m.cols : (i+1)*m.cols]
}

// RawData returns the row-major backing slice of m, shared with m.
func (m *Dense) RawData() []float64 { return m.data }

// Reset resizes m to r×c and sets every element to zero, reusing the backing
// storage when it is large enough. It panics if r or c is negative or if
// r·c overflows an int.
func (m *Dense) Reset(r, c int) {
	checkDims(r, c)
	n := r * c
	if cap(m.data) < n {
		m.data = make([]float64, n)
	} else {
		m.data = m.data[:n]
		clear(m.data)
	}
	m.rows, m.cols = r, c
}

// CopyFrom makes m an exact copy of a, reusing m's storage when possible.
func (m *Dense) CopyFrom(a *Dense) {
	if m == a {
		return
	}
	n := a.rows * a.cols
	if cap(m.data) < n {
		m.data = make([]float64, n)
	}
	m.data = m.data[:n]
	copy(m.data, a.data)
	m.rows, m.cols = a.rows, a.cols
}

// Mul sets m to the matrix product a·b. It panics if the inner dimensions
// differ or if the storage m would write overlaps that of a or b (m is a
// or b, or their backing slices share elements), since the product would
// then overwrite its own operands.
func (m *Dense) Mul(a, b *Dense) {
	if a.cols != b.rows {
		panic("linalg: dimension mismatch")
	}
	n := a.rows * b.cols
	if m == a || m == b || cap(m.data) >= n && (overlaps(m.data[:n], a.data) || overlaps(m.data[:n], b.data)) {
		panic("linalg: receiver aliases an operand")
	}
	m.Reset(a.rows, b.cols)
	for i := 0; i < a.rows; i++ {
		ar := a.data[i*a.cols : (i+1)*a.cols]
		mr := m.data[i*m.cols : (i+1)*m.cols]
		for k, v := range ar {
			if v == 0 {
				continue
			}
			Axpy(v, b.data[k*b.cols:(k+1)*b.cols], mr)
		}
	}
}

// overlaps reports whether the slices x and y share an element: whether
// the address ranges of their elements intersect. The addresses come from
// reflect, and are only compared.
func overlaps(x, y []float64) bool {
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	const size = 8 // bytes per float64
	x0, y0 := reflect.ValueOf(x).Pointer(), reflect.ValueOf(y).Pointer()
	return x0 < y0+uintptr(len(y))*size && y0 < x0+uintptr(len(x))*size
}
