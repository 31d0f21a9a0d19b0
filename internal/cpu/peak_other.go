//go:build !amd64 || purego

package cpu

// PeakFMA reports 0: this build has no assembly to measure the processor's
// peak rate with.
func PeakFMA(n int) float64 { return 0 }
