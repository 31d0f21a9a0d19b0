package linalg

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// fuzzMatrix builds a square matrix of order 1..6 from fuzz bytes: the first
// byte gives the order; then, when raw is false, each byte is a small integer
// (singular and near-singular matrices are common), and when raw is true
// each 8 bytes are the bits of a float64 (every magnitude, Inf and NaN).
func fuzzMatrix(data []byte, raw bool) *Dense {
	if len(data) == 0 {
		return nil
	}
	n := 1 + int(data[0])%6
	data = data[1:]
	a := NewDense(n, n, nil)
	for i := range a.data {
		if raw {
			var buf [8]byte
			if len(data) > 0 {
				m := copy(buf[:], data)
				data = data[m:]
			}
			a.data[i] = math.Float64frombits(binary.LittleEndian.Uint64(buf[:]))
		} else if i < len(data) {
			a.data[i] = float64(int8(data[i])) / 8
		}
	}
	return a
}

// solveCheckable reports whether a solve with b = A·1 can be checked in
// floating point: no entry near overflow and ‖A‖₁ far from underflow.
func solveCheckable(a *Dense) bool {
	var big float64
	for _, v := range a.data {
		big = max(big, math.Abs(v))
	}
	return big <= 1e300 && norm1(a) >= 1e-290
}

func FuzzSolve(f *testing.F) {
	f.Add([]byte{2, 1, 2, 3, 4}, false)
	f.Add([]byte{1, 1, 2, 2, 4}, false)
	f.Add([]byte{5, 8, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 8}, false)
	f.Add([]byte{3, 200, 7, 9, 13, 100, 45, 3, 77, 1, 0, 250, 128, 127, 1, 2, 3}, false)
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f}, true)
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 1, 2, 3}, true)
	f.Fuzz(func(t *testing.T, data []byte, raw bool) {
		a := fuzzMatrix(data, raw)
		if a == nil {
			return
		}
		n, _ := a.Dims()
		orig := NewDense(n, n, nil)
		orig.CopyFrom(a)

		// Backward error bound of Gaussian elimination with partial
		// pivoting, growth factor at most 2ⁿ⁻¹, plus the rounding of b
		// and of the residual: 8·n·2ⁿ·ε.
		tol := 8 * float64(n) * math.Ldexp(1, n) * eps

		var lu LU
		err := lu.Factorize(a)
		if d := maxAbsDiff(a, orig); d != 0 && !math.IsNaN(d) {
			t.Fatalf("LU modified its input")
		}
		switch {
		case err == nil:
			if c := lu.Cond(); !(c >= 0.5) || math.IsInf(c, 0) {
				t.Fatalf("Cond: got %v, want finite >= 1", c)
			}
			if logAbs, sign := lu.LogDet(); math.IsNaN(logAbs) || (sign != 1 && sign != -1) {
				t.Fatalf("LogDet: got %v, %v", logAbs, sign)
			}
			checkSolve(t, "LU", a, lu.SolveVecTo, tol, lu.Cond())
		case errors.Is(err, ErrSingular):
			var se *SingularError
			if !errors.As(err, &se) || se.Col < 0 || se.Col >= n || !(se.Cond >= 1/(float64(n)*eps)) {
				t.Fatalf("singular: got %#v", err)
			}
		case errors.Is(err, ErrNotFinite):
		default:
			t.Fatalf("LU: unexpected error %v", err)
		}

		// Cholesky of the symmetric matrix given by the upper triangle.
		var ch Cholesky
		err = ch.Factorize(a)
		var npd *NotPositiveDefiniteError
		switch {
		case err == nil:
			s := NewDense(n, n, nil)
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					s.Set(i, j, a.At(i, j))
					s.Set(j, i, a.At(i, j))
				}
			}
			if ld := ch.LogDet(); math.IsNaN(ld) {
				t.Fatalf("Cholesky LogDet: got NaN")
			}
			checkSolve(t, "Cholesky", s, ch.SolveVecTo, tol, math.NaN())
		case errors.As(err, &npd):
			if npd.Col < 0 || npd.Col >= n {
				t.Fatalf("Cholesky Col: got %v, want in [0, %d)", npd.Col, n)
			}
		default:
			t.Fatalf("Cholesky: unexpected error %v", err)
		}
	})
}

// checkSolve solves A·x = A·1 with solve and checks that x is finite, that
// the relative residual ‖A·x − b‖₁/(‖A‖₁·‖x‖₁) is at most tol and, when
// cond < 1e8, that the forward error ‖x − 1‖∞ is at most 10·cond·tol.
func checkSolve(t *testing.T, name string, a *Dense, solve func(dst, b []float64), tol, cond float64) {
	t.Helper()
	if !solveCheckable(a) {
		return
	}
	n, _ := a.Dims()
	b := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			b[i] += a.At(i, j)
		}
	}
	x := make([]float64, n)
	solve(x, b)
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s: x[%d] = %v for A = %v", name, i, v, a.RawData())
		}
	}
	if r := relResidual(a, x, b); r > tol {
		t.Fatalf("%s: relative residual: got %v, want <= %v for A = %v", name, r, tol, a.RawData())
	}
	if cond < 1e8 {
		var fe float64
		for _, v := range x {
			fe = max(fe, math.Abs(v-1))
		}
		if fe > 10*cond*tol {
			t.Fatalf("%s: forward error: got %v, want <= %v (cond %v) for A = %v", name, fe, 10*cond*tol, cond, a.RawData())
		}
	}
}
