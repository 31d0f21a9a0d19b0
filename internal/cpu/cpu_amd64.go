//go:build !purego

package cpu

func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax, edx uint32)

func init() {
	if maxLeaf, _, _, _ := cpuid(0, 0); maxLeaf < 7 {
		return
	}
	const osxsave, avx, fma = 1 << 27, 1 << 28, 1 << 12
	if _, _, c1, _ := cpuid(1, 0); c1&(osxsave|avx|fma) != osxsave|avx|fma {
		return
	}
	// XCR0: bits 1 and 2 the XMM and YMM state, 5 to 7 the opmask and
	// ZMM state.
	xcr0, _ := xgetbv()
	_, b7, _, _ := cpuid(7, 0)
	const avx2, avx512f = 1 << 5, 1 << 16
	if xcr0&0x6 != 0x6 || b7&avx2 == 0 {
		return
	}
	AVX2 = true
	AVX512 = b7&avx512f != 0 && xcr0&0xe0 == 0xe0
}

// PeakFMA runs n rounds of twelve independent fused multiply-adds on the
// widest vectors of float64 the processor has (eight lanes with AVX-512,
// four with AVX2), in registers only, and returns the flops done (two per
// lane), or 0 without AVX2: the processor's attainable rate, against which
// benchmarks measure the Gram kernel's.
func PeakFMA(n int) float64 {
	switch {
	case n < 1 || !AVX2:
		return 0
	case AVX512:
		fmaLoop512(n)
		return 192 * float64(n)
	}
	fmaLoop(n)
	return 96 * float64(n)
}

func fmaLoop(n int)

func fmaLoop512(n int)
