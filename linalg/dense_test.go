package linalg

import (
	"math/rand/v2"
	"testing"
)

func TestDense(t *testing.T) {
	t.Parallel()
	data := []float64{1, 2, 3, 4, 5, 6}
	m := NewDense(2, 3, data)
	if r, c := m.Dims(); r != 2 || c != 3 {
		t.Fatalf("Dims: got %d×%d, want 2×3", r, c)
	}
	if got := m.At(1, 0); got != 4 {
		t.Errorf("At(1,0): got %v, want 4", got)
	}
	m.Set(0, 2, 9)
	if data[2] != 9 {
		t.Errorf("Set does not write through to data: got %v, want 9", data[2])
	}
	row := m.RawRow(1)
	if len(row) != 3 || cap(row) != 3 || row[0] != 4 {
		t.Errorf("RawRow(1): got %v (cap %d), want [4 5 6] (cap 3)", row, cap(row))
	}
	if &m.RawData()[0] != &data[0] {
		t.Errorf("RawData does not share storage")
	}
	if z := NewDense(2, 2, nil); z.At(1, 1) != 0 || len(z.RawData()) != 4 {
		t.Errorf("NewDense(nil): got %v, want 4 zeros", z.RawData())
	}

	// Reset reuses storage when large enough and zeroes.
	m.Reset(3, 2)
	if r, c := m.Dims(); r != 3 || c != 2 || &m.RawData()[0] != &data[0] {
		t.Errorf("Reset(3,2): got %d×%d, storage reused %v", r, c, &m.RawData()[0] == &data[0])
	}
	for _, v := range m.RawData() {
		if v != 0 {
			t.Fatalf("Reset: got %v, want zeros", m.RawData())
		}
	}
	m.Reset(4, 4)
	if r, c := m.Dims(); r != 4 || c != 4 || len(m.RawData()) != 16 {
		t.Errorf("Reset(4,4): got %d×%d len %d", r, c, len(m.RawData()))
	}

	// CopyFrom copies, not aliases.
	src := NewDense(2, 2, []float64{1, 2, 3, 4})
	var dst Dense
	dst.CopyFrom(src)
	src.Set(0, 0, 7)
	if r, c := dst.Dims(); r != 2 || c != 2 || dst.At(0, 0) != 1 || dst.At(1, 1) != 4 {
		t.Errorf("CopyFrom: got %v, want [1 2 3 4]", dst.RawData())
	}
	dst.CopyFrom(&dst) // self copy is a no-op
	if dst.At(1, 0) != 3 {
		t.Errorf("self CopyFrom: got %v", dst.RawData())
	}

	// Zero value is an empty matrix.
	var z Dense
	if r, c := z.Dims(); r != 0 || c != 0 {
		t.Errorf("zero Dense: got %d×%d, want 0×0", r, c)
	}
}

func TestDenseMul(t *testing.T) {
	t.Parallel()
	// A hand-computed product.
	a := NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b := NewDense(3, 2, []float64{7, 8, 9, 10, 11, 12})
	var m Dense
	m.Mul(a, b)
	want := []float64{58, 64, 139, 154}
	if r, c := m.Dims(); r != 2 || c != 2 {
		t.Fatalf("Mul dims: got %d×%d, want 2×2", r, c)
	}
	for i, v := range want {
		if m.RawData()[i] != v {
			t.Fatalf("Mul: got %v, want %v", m.RawData(), want)
		}
	}
	// Operands side by side in one array do not overlap the receiver.
	buf := make([]float64, 12)
	copy(buf, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	p := NewDense(2, 2, buf[8:])
	p.Mul(NewDense(2, 2, buf[:4]), NewDense(2, 2, buf[4:8]))
	if got := p.RawData(); got[0] != 19 || got[1] != 22 || got[2] != 43 || got[3] != 50 {
		t.Errorf("Mul beside its operands: got %v, want [19 22 43 50]", got)
	}
	// Random shapes against the triple loop; a dst with leftovers.
	rng := rand.New(rand.NewPCG(9, 9))
	for _, s := range [][3]int{{1, 1, 1}, {3, 0, 2}, {5, 7, 3}, {8, 4, 9}} {
		a, b := randDense(rng, s[0], s[1]), randDense(rng, s[1], s[2])
		m := randDense(rng, 3, 3)
		m.Mul(a, b)
		// Inner dimension ≤ 7 products: tol 1e-14.
		if d := maxAbsDiff(m, naiveMul(a, b)); d > 1e-14 {
			t.Errorf("Mul %v: max diff got %v, want <= 1e-14", s, d)
		}
	}
}

func TestDensePanics(t *testing.T) {
	t.Parallel()
	m := NewDense(2, 3, nil)
	sq := NewDense(2, 2, nil)
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"NewDense negative", func() { NewDense(-1, 2, nil) }, "linalg: negative dimension"},
		{"NewDense length", func() { NewDense(2, 2, make([]float64, 3)) }, "linalg: data length does not match dimensions"},
		{"At row", func() { m.At(2, 0) }, "linalg: index out of range"},
		{"At col", func() { m.At(0, 3) }, "linalg: index out of range"},
		{"At negative", func() { m.At(-1, 0) }, "linalg: index out of range"},
		{"Set", func() { m.Set(0, -1, 1) }, "linalg: index out of range"},
		{"RawRow", func() { m.RawRow(2) }, "linalg: row index out of range"},
		{"Reset", func() { m.Reset(1, -1) }, "linalg: negative dimension"},
		// huge·huge wraps to 0 elements: a matrix with no storage behind it.
		{"NewDense overflow", func() { NewDense(huge, huge, nil) }, "linalg: dimensions overflow"},
		{"NewDense overflow data", func() { NewDense(huge, huge, []float64{}) }, "linalg: dimensions overflow"},
		{"Reset overflow", func() { m.Reset(huge, huge) }, "linalg: dimensions overflow"},
		{"Mul inner", func() { new(Dense).Mul(m, m) }, "linalg: dimension mismatch"},
		{"Mul alias", func() { sq.Mul(sq, sq) }, "linalg: receiver aliases an operand"},
		{"Mul shared storage", func() {
			buf := make([]float64, 8)
			NewDense(2, 2, buf[4:]).Mul(NewDense(2, 2, buf[:4]), NewDense(2, 2, buf[4:]))
		}, "linalg: receiver aliases an operand"},
		{"Mul overlapping storage", func() {
			buf := make([]float64, 7)
			NewDense(2, 2, buf[3:7]).Mul(NewDense(2, 2, buf[:4:4]), NewDense(2, 2, make([]float64, 4)))
		}, "linalg: receiver aliases an operand"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, msg := panics(tc.f)
			if !ok || msg != tc.want {
				t.Errorf("got panic %v (%v), want %q", ok, msg, tc.want)
			}
		})
	}
}
