// Package cpu reports the vector instructions of the processor that the
// operating system supports, for the assembly kernels of linalg and logreg.
// Without assembly (other GOARCHes, the purego build tag) it reports none.
package cpu

var (
	// AVX2 reports AVX2 and FMA, with the YMM registers saved by the
	// operating system.
	AVX2 bool
	// AVX512 reports AVX2 and the AVX-512 foundation, with the opmask
	// and ZMM registers saved by the operating system.
	AVX512 bool
)
