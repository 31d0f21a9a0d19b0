//go:build !goexperiment.simd || !amd64 || race

// This file is also the race build's with GOEXPERIMENT=simd: see
// gram_simd.go.

package linalg

// gramAddUpperSIMD does nothing and reports false: this build has only the
// portable kernel.
func gramAddUpperSIMD(h []float64, k int, x []float64, c int, w []float64, intercept bool, rows int) bool {
	return false
}

// rowDotsSIMD does nothing and reports false.
func rowDotsSIMD(dst, x, b []float64) bool { return false }

// addRowsScaledSIMD does nothing and reports false.
func addRowsScaledSIMD(dst, x, v []float64) bool { return false }
