//go:build amd64 && !purego

package logreg

import "github.com/a1bed000/logreg/internal/cpu"

// expNegAbsSIMD is expNegAbs for the first len(eta)/4·4 values with AVX2,
// four at a time, with the same operations (no fused multiply-adds), so the
// same results bit for bit; four values of which one would be subnormal
// take the portable path. It returns the number of values done.
func expNegAbsSIMD(dst, eta []float64) int {
	if !cpu.AVX2 {
		return 0
	}
	n := len(eta) &^ 3
	dst = dst[:len(eta)]
	for i := 0; i < n; {
		i += expNegAbsAVX2(dst[i:], eta[i:n])
		if i < n {
			for j := i; j < i+4; j++ {
				dst[j] = expNegAbs1(eta[j])
			}
			i += 4
		}
	}
	return n
}

// log1pUnitsSIMD is log1pUnits for the first len(e)/4·4 values with AVX2,
// four at a time, with the same operations, so the same results bit for
// bit. It returns the number of values done.
func log1pUnitsSIMD(dst, e []float64) int {
	if !cpu.AVX2 {
		return 0
	}
	n := len(e) &^ 3
	log1pUnitsAVX2(dst[:n], e[:n])
	return n
}

//go:noescape
func log1pUnitsAVX2(dst, e []float64)

// expNegAbsAVX2 writes dst[i] for the values eta[i] it does, len(dst) ≥
// len(eta).
//
//go:noescape
func expNegAbsAVX2(dst, eta []float64) int
