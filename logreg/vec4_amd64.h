// VEC4 defines sym as four float64 lanes of the bits v, for 256-bit loads.
#define VEC4(sym, v) \
	DATA sym+0(SB)/8, v \
	DATA sym+8(SB)/8, v \
	DATA sym+16(SB)/8, v \
	DATA sym+24(SB)/8, v \
	GLOBL sym(SB), RODATA|NOPTR, $32
