//go:build !amd64 || purego

package linalg

// cpuLevel is levelGo: this build has only the portable kernels.
var cpuLevel = levelGo

func gramAddUpperAsm(lv int, h []float64, k int, x []float64, c int, w []float64, intercept bool, rows int) bool {
	return false
}

func rowDotsAsm(lv int, dst, x, b []float64) bool { return false }

func addRowsScaledAsm(lv int, dst, x, v []float64) bool { return false }
