//go:build !amd64 || purego

package linalg

// Kernel levels only the amd64 assembly has.
const (
	levelFMA4 = levelAVX512 + 1 + iota
	levelFMA8
)

// testLevels returns the portable level, the only one of this build.
func testLevels() []int { return []int{levelGo} }
