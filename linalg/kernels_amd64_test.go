//go:build !purego

package linalg

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
