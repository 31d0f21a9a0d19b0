//go:build !purego

#include "textflag.h"

// One row of an AVX-512 tile: the broadcast u entry at off(SI) times the
// vectors Z24 … Z26 of v, added to the tile's accumulators.
#define ZFMA3(off, b, a0, a1, a2) \
	VBROADCASTSD off(SI), b \
	VFMADD231PD  Z24, b, a0 \
	VFMADD231PD  Z25, b, a1 \
	VFMADD231PD  Z26, b, a2

#define ZFMA2(off, b, a0, a1) \
	VBROADCASTSD off(SI), b \
	VFMADD231PD  Z24, b, a0 \
	VFMADD231PD  Z25, b, a1

#define ZFMA1(off, b, a0) \
	VBROADCASTSD off(SI), b \
	VFMADD231PD  Z24, b, a0

// The AVX2 tile of three vectors a row: its twelve accumulators Y0 … Y11
// loaded from and stored to dst (BX, rows R8 apart, R9 = 3·R8), and one
// row of u and v added to them: the three vectors of v at DI, vp bytes
// apart, times each of the four entries of u at SI, broadcast.
#define TILE3LOAD \
	VMOVUPD (BX), Y0 \
	VMOVUPD 32(BX), Y1 \
	VMOVUPD 64(BX), Y2 \
	VMOVUPD (BX)(R8*1), Y3 \
	VMOVUPD 32(BX)(R8*1), Y4 \
	VMOVUPD 64(BX)(R8*1), Y5 \
	VMOVUPD (BX)(R8*2), Y6 \
	VMOVUPD 32(BX)(R8*2), Y7 \
	VMOVUPD 64(BX)(R8*2), Y8 \
	VMOVUPD (BX)(R9*1), Y9 \
	VMOVUPD 32(BX)(R9*1), Y10 \
	VMOVUPD 64(BX)(R9*1), Y11

#define TILE3STORE \
	VMOVUPD Y0, (BX) \
	VMOVUPD Y1, 32(BX) \
	VMOVUPD Y2, 64(BX) \
	VMOVUPD Y3, (BX)(R8*1) \
	VMOVUPD Y4, 32(BX)(R8*1) \
	VMOVUPD Y5, 64(BX)(R8*1) \
	VMOVUPD Y6, (BX)(R8*2) \
	VMOVUPD Y7, 32(BX)(R8*2) \
	VMOVUPD Y8, 64(BX)(R8*2) \
	VMOVUPD Y9, (BX)(R9*1) \
	VMOVUPD Y10, 32(BX)(R9*1) \
	VMOVUPD Y11, 64(BX)(R9*1)

#define TILE3ROW(vp) \
	VMOVUPD      (DI), Y12 \
	VMOVUPD      (DI)(vp*1), Y13 \
	VMOVUPD      (DI)(vp*2), Y14 \
	VBROADCASTSD (SI), Y15 \
	VFMADD231PD  Y12, Y15, Y0 \
	VFMADD231PD  Y13, Y15, Y1 \
	VFMADD231PD  Y14, Y15, Y2 \
	VBROADCASTSD 8(SI), Y15 \
	VFMADD231PD  Y12, Y15, Y3 \
	VFMADD231PD  Y13, Y15, Y4 \
	VFMADD231PD  Y14, Y15, Y5 \
	VBROADCASTSD 16(SI), Y15 \
	VFMADD231PD  Y12, Y15, Y6 \
	VFMADD231PD  Y13, Y15, Y7 \
	VFMADD231PD  Y14, Y15, Y8 \
	VBROADCASTSD 24(SI), Y15 \
	VFMADD231PD  Y12, Y15, Y9 \
	VFMADD231PD  Y13, Y15, Y10 \
	VFMADD231PD  Y14, Y15, Y11

// The Gram tiles. Registers: BX the tile of dst, R8 its row stride in bytes
// (R9 = 3·R8, R10 = 5·R8, R11 = 7·R8), SI the current row of u, R12 its
// stride, DI the current row of v, R13 its stride, CX the rows left.

// AVX2: a 4×(4·nv) tile, accumulator (l, q) in register Y(3l+q).

// func gramTileAVX2(dst []float64, ds int, u []float64, us int, v []float64, vs, vp int, r, nv int)
TEXT ·gramTileAVX2(SB), NOSPLIT, $0-120
	MOVQ dst_base+0(FP), BX
	MOVQ ds+24(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	LEAQ (R8)(R8*4), R10
	LEAQ (R9)(R8*4), R11
	MOVQ u_base+32(FP), SI
	MOVQ us+56(FP), R12
	SHLQ $3, R12
	MOVQ v_base+64(FP), DI
	MOVQ vs+88(FP), R13
	SHLQ $3, R13
	MOVQ vp+96(FP), R14
	SHLQ $3, R14
	MOVQ r+104(FP), CX
	MOVQ nv+112(FP), DX
	CMPQ DX, $2
	JL   avx2one
	JE   avx2two

	// Three vectors per row.
	TILE3LOAD

avx2three:
	TILE3ROW(R14)
	ADDQ         R12, SI
	ADDQ         R13, DI
	DECQ         CX
	JNZ          avx2three

	TILE3STORE
	VZEROUPPER
	RET

avx2two:
	VMOVUPD (BX), Y0
	VMOVUPD 32(BX), Y1
	VMOVUPD (BX)(R8*1), Y3
	VMOVUPD 32(BX)(R8*1), Y4
	VMOVUPD (BX)(R8*2), Y6
	VMOVUPD 32(BX)(R8*2), Y7
	VMOVUPD (BX)(R9*1), Y9
	VMOVUPD 32(BX)(R9*1), Y10

avx2twoloop:
	VMOVUPD      (DI), Y12
	VMOVUPD      (DI)(R14*1), Y13
	VBROADCASTSD (SI), Y15
	VFMADD231PD  Y12, Y15, Y0
	VFMADD231PD  Y13, Y15, Y1
	VBROADCASTSD 8(SI), Y14
	VFMADD231PD  Y12, Y14, Y3
	VFMADD231PD  Y13, Y14, Y4
	VBROADCASTSD 16(SI), Y15
	VFMADD231PD  Y12, Y15, Y6
	VFMADD231PD  Y13, Y15, Y7
	VBROADCASTSD 24(SI), Y14
	VFMADD231PD  Y12, Y14, Y9
	VFMADD231PD  Y13, Y14, Y10
	ADDQ         R12, SI
	ADDQ         R13, DI
	DECQ         CX
	JNZ          avx2twoloop

	VMOVUPD Y0, (BX)
	VMOVUPD Y1, 32(BX)
	VMOVUPD Y3, (BX)(R8*1)
	VMOVUPD Y4, 32(BX)(R8*1)
	VMOVUPD Y6, (BX)(R8*2)
	VMOVUPD Y7, 32(BX)(R8*2)
	VMOVUPD Y9, (BX)(R9*1)
	VMOVUPD Y10, 32(BX)(R9*1)
	VZEROUPPER
	RET

avx2one:
	VMOVUPD (BX), Y0
	VMOVUPD (BX)(R8*1), Y3
	VMOVUPD (BX)(R8*2), Y6
	VMOVUPD (BX)(R9*1), Y9

avx2oneloop:
	VMOVUPD      (DI), Y12
	VBROADCASTSD (SI), Y15
	VFMADD231PD  Y12, Y15, Y0
	VBROADCASTSD 8(SI), Y14
	VFMADD231PD  Y12, Y14, Y3
	VBROADCASTSD 16(SI), Y13
	VFMADD231PD  Y12, Y13, Y6
	VBROADCASTSD 24(SI), Y11
	VFMADD231PD  Y12, Y11, Y9
	ADDQ         R12, SI
	ADDQ         R13, DI
	DECQ         CX
	JNZ          avx2oneloop

	VMOVUPD Y0, (BX)
	VMOVUPD Y3, (BX)(R8*1)
	VMOVUPD Y6, (BX)(R8*2)
	VMOVUPD Y9, (BX)(R9*1)
	VZEROUPPER
	RET

// gramTilesAVX2 is nt three-vector tiles side by side, each summed as
// gramTileAVX2's: R14 the first column of v of the current tile, DX the
// tiles left.

// func gramTilesAVX2(dst []float64, ds int, u []float64, us int, v []float64, vs, vp int, r, nt int)
TEXT ·gramTilesAVX2(SB), NOSPLIT, $0-120
	MOVQ dst_base+0(FP), BX
	MOVQ ds+24(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	MOVQ us+56(FP), R12
	SHLQ $3, R12
	MOVQ v_base+64(FP), R14
	MOVQ vs+88(FP), R13
	SHLQ $3, R13
	MOVQ vp+96(FP), R10
	SHLQ $3, R10
	LEAQ (R10)(R10*2), R11
	MOVQ nt+112(FP), DX

tilesnext:
	MOVQ    u_base+32(FP), SI
	MOVQ    R14, DI
	MOVQ    r+104(FP), CX
	TILE3LOAD

tilesloop:
	TILE3ROW(R10)
	ADDQ         R12, SI
	ADDQ         R13, DI
	DECQ         CX
	JNZ          tilesloop

	TILE3STORE
	ADDQ    $96, BX
	ADDQ    R11, R14
	DECQ    DX
	JNZ     tilesnext
	VZEROUPPER
	RET

// diagMask, read from entry 3−l, gives the lanes l…3 of a vector: the
// entries of row l of a diagonal tile's first vector on or above the
// diagonal.
DATA diagMask<>+0(SB)/8, $0
DATA diagMask<>+8(SB)/8, $0
DATA diagMask<>+16(SB)/8, $0
DATA diagMask<>+24(SB)/8, $0xffffffffffffffff
DATA diagMask<>+32(SB)/8, $0xffffffffffffffff
DATA diagMask<>+40(SB)/8, $0xffffffffffffffff
DATA diagMask<>+48(SB)/8, $0xffffffffffffffff
GLOBL diagMask<>(SB), RODATA|NOPTR, $56

// gramDiagAVX2 is gramTileAVX2 with nv = 3 on a tile whose first four
// columns are those of its rows: the entries below the diagonal are summed
// too but not stored. Row i also prefetches the cache line of entry i·pfs
// of pf (AX, the stride in bytes in DX).

// func gramDiagAVX2(dst []float64, ds int, u []float64, us int, v []float64, vs, vp int, r int, pf []float64, pfs int)
TEXT ·gramDiagAVX2(SB), NOSPLIT, $0-144
	MOVQ dst_base+0(FP), BX
	MOVQ ds+24(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	MOVQ u_base+32(FP), SI
	MOVQ us+56(FP), R12
	SHLQ $3, R12
	MOVQ v_base+64(FP), DI
	MOVQ vs+88(FP), R13
	SHLQ $3, R13
	MOVQ vp+96(FP), R14
	SHLQ $3, R14
	MOVQ r+104(FP), CX
	MOVQ pf_base+112(FP), AX
	MOVQ pfs+136(FP), DX
	SHLQ $3, DX

	TILE3LOAD

diagloop:
	PREFETCHT0   (AX)
	ADDQ         DX, AX
	TILE3ROW(R14)
	ADDQ         R12, SI
	ADDQ         R13, DI
	DECQ         CX
	JNZ          diagloop

	LEAQ       diagMask<>(SB), AX
	VMOVUPD    16(AX), Y12
	VMOVUPD    8(AX), Y13
	VMOVUPD    (AX), Y14
	VMOVUPD    Y0, (BX)
	VMOVUPD    Y1, 32(BX)
	VMOVUPD    Y2, 64(BX)
	VMASKMOVPD Y3, Y12, (BX)(R8*1)
	VMOVUPD    Y4, 32(BX)(R8*1)
	VMOVUPD    Y5, 64(BX)(R8*1)
	VMASKMOVPD Y6, Y13, (BX)(R8*2)
	VMOVUPD    Y7, 32(BX)(R8*2)
	VMOVUPD    Y8, 64(BX)(R8*2)
	VMASKMOVPD Y9, Y14, (BX)(R9*1)
	VMOVUPD    Y10, 32(BX)(R9*1)
	VMOVUPD    Y11, 64(BX)(R9*1)
	VZEROUPPER
	RET

// AVX-512: an 8×(8·nv) tile, accumulator (l, q) in register Z(3l+q).

// func gramTileAVX512(dst []float64, ds int, u []float64, us int, v []float64, vs int, r, nv int)
TEXT ·gramTileAVX512(SB), NOSPLIT, $0-112
	MOVQ dst_base+0(FP), BX
	MOVQ ds+24(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	LEAQ (R8)(R8*4), R10
	LEAQ (R9)(R8*4), R11
	MOVQ u_base+32(FP), SI
	MOVQ us+56(FP), R12
	SHLQ $3, R12
	MOVQ v_base+64(FP), DI
	MOVQ vs+88(FP), R13
	SHLQ $3, R13
	MOVQ r+96(FP), CX
	MOVQ nv+104(FP), DX
	CMPQ DX, $2
	JL   zone
	JE   ztwo

	VMOVUPD (BX), Z0
	VMOVUPD 64(BX), Z1
	VMOVUPD 128(BX), Z2
	VMOVUPD (BX)(R8*1), Z3
	VMOVUPD 64(BX)(R8*1), Z4
	VMOVUPD 128(BX)(R8*1), Z5
	VMOVUPD (BX)(R8*2), Z6
	VMOVUPD 64(BX)(R8*2), Z7
	VMOVUPD 128(BX)(R8*2), Z8
	VMOVUPD (BX)(R9*1), Z9
	VMOVUPD 64(BX)(R9*1), Z10
	VMOVUPD 128(BX)(R9*1), Z11
	VMOVUPD (BX)(R8*4), Z12
	VMOVUPD 64(BX)(R8*4), Z13
	VMOVUPD 128(BX)(R8*4), Z14
	VMOVUPD (BX)(R10*1), Z15
	VMOVUPD 64(BX)(R10*1), Z16
	VMOVUPD 128(BX)(R10*1), Z17
	VMOVUPD (BX)(R9*2), Z18
	VMOVUPD 64(BX)(R9*2), Z19
	VMOVUPD 128(BX)(R9*2), Z20
	VMOVUPD (BX)(R11*1), Z21
	VMOVUPD 64(BX)(R11*1), Z22
	VMOVUPD 128(BX)(R11*1), Z23

zthree:
	VMOVUPD (DI), Z24
	VMOVUPD 64(DI), Z25
	VMOVUPD 128(DI), Z26
	ZFMA3(0, Z27, Z0, Z1, Z2)
	ZFMA3(8, Z28, Z3, Z4, Z5)
	ZFMA3(16, Z29, Z6, Z7, Z8)
	ZFMA3(24, Z30, Z9, Z10, Z11)
	ZFMA3(32, Z27, Z12, Z13, Z14)
	ZFMA3(40, Z28, Z15, Z16, Z17)
	ZFMA3(48, Z29, Z18, Z19, Z20)
	ZFMA3(56, Z30, Z21, Z22, Z23)
	ADDQ R12, SI
	ADDQ R13, DI
	DECQ CX
	JNZ  zthree

	VMOVUPD Z0, (BX)
	VMOVUPD Z1, 64(BX)
	VMOVUPD Z2, 128(BX)
	VMOVUPD Z3, (BX)(R8*1)
	VMOVUPD Z4, 64(BX)(R8*1)
	VMOVUPD Z5, 128(BX)(R8*1)
	VMOVUPD Z6, (BX)(R8*2)
	VMOVUPD Z7, 64(BX)(R8*2)
	VMOVUPD Z8, 128(BX)(R8*2)
	VMOVUPD Z9, (BX)(R9*1)
	VMOVUPD Z10, 64(BX)(R9*1)
	VMOVUPD Z11, 128(BX)(R9*1)
	VMOVUPD Z12, (BX)(R8*4)
	VMOVUPD Z13, 64(BX)(R8*4)
	VMOVUPD Z14, 128(BX)(R8*4)
	VMOVUPD Z15, (BX)(R10*1)
	VMOVUPD Z16, 64(BX)(R10*1)
	VMOVUPD Z17, 128(BX)(R10*1)
	VMOVUPD Z18, (BX)(R9*2)
	VMOVUPD Z19, 64(BX)(R9*2)
	VMOVUPD Z20, 128(BX)(R9*2)
	VMOVUPD Z21, (BX)(R11*1)
	VMOVUPD Z22, 64(BX)(R11*1)
	VMOVUPD Z23, 128(BX)(R11*1)
	VZEROUPPER
	RET

ztwo:
	VMOVUPD (BX), Z0
	VMOVUPD 64(BX), Z1
	VMOVUPD (BX)(R8*1), Z3
	VMOVUPD 64(BX)(R8*1), Z4
	VMOVUPD (BX)(R8*2), Z6
	VMOVUPD 64(BX)(R8*2), Z7
	VMOVUPD (BX)(R9*1), Z9
	VMOVUPD 64(BX)(R9*1), Z10
	VMOVUPD (BX)(R8*4), Z12
	VMOVUPD 64(BX)(R8*4), Z13
	VMOVUPD (BX)(R10*1), Z15
	VMOVUPD 64(BX)(R10*1), Z16
	VMOVUPD (BX)(R9*2), Z18
	VMOVUPD 64(BX)(R9*2), Z19
	VMOVUPD (BX)(R11*1), Z21
	VMOVUPD 64(BX)(R11*1), Z22

ztwoloop:
	VMOVUPD (DI), Z24
	VMOVUPD 64(DI), Z25
	ZFMA2(0, Z27, Z0, Z1)
	ZFMA2(8, Z28, Z3, Z4)
	ZFMA2(16, Z29, Z6, Z7)
	ZFMA2(24, Z30, Z9, Z10)
	ZFMA2(32, Z27, Z12, Z13)
	ZFMA2(40, Z28, Z15, Z16)
	ZFMA2(48, Z29, Z18, Z19)
	ZFMA2(56, Z30, Z21, Z22)
	ADDQ R12, SI
	ADDQ R13, DI
	DECQ CX
	JNZ  ztwoloop

	VMOVUPD Z0, (BX)
	VMOVUPD Z1, 64(BX)
	VMOVUPD Z3, (BX)(R8*1)
	VMOVUPD Z4, 64(BX)(R8*1)
	VMOVUPD Z6, (BX)(R8*2)
	VMOVUPD Z7, 64(BX)(R8*2)
	VMOVUPD Z9, (BX)(R9*1)
	VMOVUPD Z10, 64(BX)(R9*1)
	VMOVUPD Z12, (BX)(R8*4)
	VMOVUPD Z13, 64(BX)(R8*4)
	VMOVUPD Z15, (BX)(R10*1)
	VMOVUPD Z16, 64(BX)(R10*1)
	VMOVUPD Z18, (BX)(R9*2)
	VMOVUPD Z19, 64(BX)(R9*2)
	VMOVUPD Z21, (BX)(R11*1)
	VMOVUPD Z22, 64(BX)(R11*1)
	VZEROUPPER
	RET

zone:
	VMOVUPD (BX), Z0
	VMOVUPD (BX)(R8*1), Z3
	VMOVUPD (BX)(R8*2), Z6
	VMOVUPD (BX)(R9*1), Z9
	VMOVUPD (BX)(R8*4), Z12
	VMOVUPD (BX)(R10*1), Z15
	VMOVUPD (BX)(R9*2), Z18
	VMOVUPD (BX)(R11*1), Z21

zoneloop:
	VMOVUPD (DI), Z24
	ZFMA1(0, Z27, Z0)
	ZFMA1(8, Z28, Z3)
	ZFMA1(16, Z29, Z6)
	ZFMA1(24, Z30, Z9)
	ZFMA1(32, Z27, Z12)
	ZFMA1(40, Z28, Z15)
	ZFMA1(48, Z29, Z18)
	ZFMA1(56, Z30, Z21)
	ADDQ R12, SI
	ADDQ R13, DI
	DECQ CX
	JNZ  zoneloop

	VMOVUPD Z0, (BX)
	VMOVUPD Z3, (BX)(R8*1)
	VMOVUPD Z6, (BX)(R8*2)
	VMOVUPD Z9, (BX)(R9*1)
	VMOVUPD Z12, (BX)(R8*4)
	VMOVUPD Z15, (BX)(R10*1)
	VMOVUPD Z18, (BX)(R9*2)
	VMOVUPD Z21, (BX)(R11*1)
	VZEROUPPER
	RET

// packMask, read from entry 4−t, gives the lanes of the t entries of a
// row's partial last vector.
DATA packMask<>+0(SB)/8, $0xffffffffffffffff
DATA packMask<>+8(SB)/8, $0xffffffffffffffff
DATA packMask<>+16(SB)/8, $0xffffffffffffffff
DATA packMask<>+24(SB)/8, $0xffffffffffffffff
DATA packMask<>+32(SB)/8, $0
DATA packMask<>+40(SB)/8, $0
DATA packMask<>+48(SB)/8, $0
DATA packMask<>+56(SB)/8, $0
GLOBL packMask<>(SB), RODATA|NOPTR, $64

// PACKARGS loads the arguments dst, x, w, c and xs of packRowsAVX2 and
// packPanelsAVX2 (DI, SI, R9, CX = len(w), R10, R8) and splits each row's
// c entries into R12 whole vectors and R13 entries of a partial one, whose
// lanes Y15 masks.
#define PACKARGS \
	MOVQ    dst_base+0(FP), DI \
	MOVQ    x_base+24(FP), SI \
	MOVQ    w_base+48(FP), R9 \
	MOVQ    w_len+56(FP), CX \
	MOVQ    c+72(FP), R10 \
	MOVQ    xs+80(FP), R8 \
	MOVQ    R10, R12 \
	SHRQ    $2, R12 \
	MOVQ    R10, R13 \
	ANDQ    $3, R13 \
	MOVQ    $4, DX \
	SUBQ    R13, DX \
	LEAQ    packMask<>(SB), AX \
	VMOVUPD (AX)(DX*8), Y15

// func packRowsAVX2(dst, x, w []float64, c, xs, ds int)
TEXT ·packRowsAVX2(SB), NOSPLIT, $0-96
	PACKARGS
	MOVQ ds+88(FP), R11
	VXORPD  Y14, Y14, Y14
	SHLQ    $3, R8         // bytes per row of x
	SHLQ    $3, R11        // bytes per row of dst
	TESTQ   CX, CX
	JZ      packdone

packrow:
	VBROADCASTSD (R9), Y13
	MOVQ         R12, DX
	XORQ         BX, BX

packfull:
	TESTQ   DX, DX
	JZ      packtail
	VMULPD  (SI)(BX*1), Y13, Y0
	VMOVUPD Y0, (DI)(BX*1)
	ADDQ    $32, BX
	DECQ    DX
	JMP     packfull

packtail:
	TESTQ      R13, R13
	JZ         packpad
	VMASKMOVPD (SI)(BX*1), Y15, Y0
	VMULPD     Y13, Y0, Y0
	VMOVUPD    Y0, (DI)(BX*1)
	ADDQ       $32, BX

packpad:
	CMPQ    BX, R11
	JGE     packnext
	VMOVUPD Y14, (DI)(BX*1)
	ADDQ    $32, BX
	JMP     packpad

packnext:
	ADDQ R8, SI
	ADDQ R11, DI
	ADDQ $8, R9
	DECQ CX
	JNZ  packrow

packdone:
	VZEROUPPER
	RET

// func rowDotsAVX2(dst, x, b []float64)
TEXT ·rowDotsAVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ b_base+48(FP), R8
	MOVQ b_len+56(FP), DX
	MOVQ DX, R13
	ANDQ $3, R13
	MOVQ $4, AX
	SUBQ R13, AX
	LEAQ packMask<>(SB), BX
	VMOVUPD (BX)(AX*8), Y15  // lanes of the partial vector
	MOVQ DX, R10
	SHLQ $3, R10             // bytes per row
	MOVQ DX, R11
	ANDQ $-16, R11
	SHLQ $3, R11             // bytes in blocks of sixteen
	MOVQ DX, R12
	ANDQ $-4, R12
	SHLQ $3, R12             // bytes in whole vectors
	TESTQ CX, CX
	JZ    dotsdone

dotsrow:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	XORQ   BX, BX

dots16:
	CMPQ        BX, R11
	JGE         dots4
	VMOVUPD     (SI)(BX*1), Y4
	VMOVUPD     32(SI)(BX*1), Y5
	VMOVUPD     64(SI)(BX*1), Y6
	VMOVUPD     96(SI)(BX*1), Y7
	VFMADD231PD (R8)(BX*1), Y4, Y0
	VFMADD231PD 32(R8)(BX*1), Y5, Y1
	VFMADD231PD 64(R8)(BX*1), Y6, Y2
	VFMADD231PD 96(R8)(BX*1), Y7, Y3
	ADDQ        $128, BX
	JMP         dots16

dots4:
	CMPQ        BX, R12
	JGE         dotstail
	VMOVUPD     (SI)(BX*1), Y4
	VFMADD231PD (R8)(BX*1), Y4, Y0
	ADDQ        $32, BX
	JMP         dots4

dotstail:
	TESTQ       R13, R13
	JZ          dotssum
	VMASKMOVPD  (SI)(BX*1), Y15, Y4
	VMASKMOVPD  (R8)(BX*1), Y15, Y5
	VFMADD231PD Y5, Y4, Y1

dotssum:
	VADDPD       Y1, Y0, Y0
	VADDPD       Y3, Y2, Y2
	VADDPD       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VPERMILPD    $1, X0, X1
	VADDSD       X1, X0, X0
	VMOVSD       X0, (DI)
	ADDQ         $8, DI
	ADDQ         R10, SI
	DECQ         CX
	JNZ          dotsrow

dotsdone:
	VZEROUPPER
	RET

// func addRowsScaledAVX2(dst, x, v []float64)
TEXT ·addRowsScaledAVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), DX
	MOVQ x_base+24(FP), SI
	MOVQ v_base+48(FP), R8
	MOVQ v_len+56(FP), CX
	MOVQ DX, R13
	ANDQ $3, R13
	MOVQ $4, AX
	SUBQ R13, AX
	LEAQ packMask<>(SB), BX
	VMOVUPD (BX)(AX*8), Y15
	MOVQ DX, R10
	SHLQ $3, R10             // bytes per row
	MOVQ DX, R11
	ANDQ $-16, R11
	SHLQ $3, R11
	MOVQ DX, R12
	ANDQ $-4, R12
	SHLQ $3, R12
	TESTQ CX, CX
	JZ    addsdone
	XORQ  BX, BX             // byte offset of the columns

adds16:
	CMPQ    BX, R11
	JGE     adds4
	VMOVUPD (DI)(BX*1), Y0
	VMOVUPD 32(DI)(BX*1), Y1
	VMOVUPD 64(DI)(BX*1), Y2
	VMOVUPD 96(DI)(BX*1), Y3
	LEAQ    (SI)(BX*1), AX
	MOVQ    R8, R9
	MOVQ    CX, DX

adds16row:
	VBROADCASTSD (R9), Y4
	VFMADD231PD  (AX), Y4, Y0
	VFMADD231PD  32(AX), Y4, Y1
	VFMADD231PD  64(AX), Y4, Y2
	VFMADD231PD  96(AX), Y4, Y3
	ADDQ         R10, AX
	ADDQ         $8, R9
	DECQ         DX
	JNZ          adds16row
	VMOVUPD      Y0, (DI)(BX*1)
	VMOVUPD      Y1, 32(DI)(BX*1)
	VMOVUPD      Y2, 64(DI)(BX*1)
	VMOVUPD      Y3, 96(DI)(BX*1)
	ADDQ         $128, BX
	JMP          adds16

adds4:
	CMPQ    BX, R12
	JGE     addstail
	VMOVUPD (DI)(BX*1), Y0
	LEAQ    (SI)(BX*1), AX
	MOVQ    R8, R9
	MOVQ    CX, DX

adds4row:
	VBROADCASTSD (R9), Y4
	VFMADD231PD  (AX), Y4, Y0
	ADDQ         R10, AX
	ADDQ         $8, R9
	DECQ         DX
	JNZ          adds4row
	VMOVUPD      Y0, (DI)(BX*1)
	ADDQ         $32, BX
	JMP          adds4

addstail:
	TESTQ      R13, R13
	JZ         addsdone
	VMASKMOVPD (DI)(BX*1), Y15, Y0
	LEAQ       (SI)(BX*1), AX
	MOVQ       R8, R9
	MOVQ       CX, DX

addstailrow:
	VBROADCASTSD (R9), Y4
	VMASKMOVPD   (AX), Y15, Y5
	VFMADD231PD  Y5, Y4, Y0
	ADDQ         R10, AX
	ADDQ         $8, R9
	DECQ         DX
	JNZ          addstailrow
	VMASKMOVPD   Y0, Y15, (DI)(BX*1)

addsdone:
	VZEROUPPER
	RET

// func addrOf(s []float64) uintptr
TEXT ·addrOf(SB), NOSPLIT, $0-32
	MOVQ s_base+0(FP), AX
	MOVQ AX, ret+24(FP)
	RET

// packPanelsAVX2 weights and stores four rows at a time, so that each
// panel receives four whole vectors in sequence (two cache lines), then
// the rows left one at a time.

// func packPanelsAVX2(dst, x, w []float64, c, xs int)
TEXT ·packPanelsAVX2(SB), NOSPLIT, $0-88
	PACKARGS
	MOVQ    CX, R11
	SHLQ    $5, R11        // bytes per panel
	SHLQ    $3, R8         // bytes per row of x
	LEAQ    (R8)(R8*2), R14

pp4row:
	CMPQ         CX, $4
	JL           pprow
	VBROADCASTSD (R9), Y10
	VBROADCASTSD 8(R9), Y11
	VBROADCASTSD 16(R9), Y12
	VBROADCASTSD 24(R9), Y13
	MOVQ         R12, DX
	XORQ         BX, BX    // byte offset in the rows of x
	MOVQ         DI, AX    // the rows' vectors in the current panel

pp4full:
	TESTQ   DX, DX
	JZ      pp4tail
	LEAQ    (SI)(BX*1), R10
	VMULPD  (R10), Y10, Y0
	VMULPD  (R10)(R8*1), Y11, Y1
	VMULPD  (R10)(R8*2), Y12, Y2
	VMULPD  (R10)(R14*1), Y13, Y3
	VMOVUPD Y0, (AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VMOVUPD Y3, 96(AX)
	ADDQ    $32, BX
	ADDQ    R11, AX
	DECQ    DX
	JMP     pp4full

pp4tail:
	TESTQ      R13, R13
	JZ         pp4next
	LEAQ       (SI)(BX*1), R10
	VMASKMOVPD (R10), Y15, Y0
	VMASKMOVPD (R10)(R8*1), Y15, Y1
	VMASKMOVPD (R10)(R8*2), Y15, Y2
	VMASKMOVPD (R10)(R14*1), Y15, Y3
	VMULPD     Y10, Y0, Y0
	VMULPD     Y11, Y1, Y1
	VMULPD     Y12, Y2, Y2
	VMULPD     Y13, Y3, Y3
	VMOVUPD    Y0, (AX)
	VMOVUPD    Y1, 32(AX)
	VMOVUPD    Y2, 64(AX)
	VMOVUPD    Y3, 96(AX)

pp4next:
	LEAQ (SI)(R8*4), SI
	ADDQ $128, DI
	ADDQ $32, R9
	SUBQ $4, CX
	JMP  pp4row

pprow:
	TESTQ        CX, CX
	JZ           ppdone
	VBROADCASTSD (R9), Y13
	MOVQ         R12, DX
	XORQ         BX, BX    // byte offset in the row of x
	MOVQ         DI, AX    // the row's vector in the current panel

ppfull:
	TESTQ   DX, DX
	JZ      pptail
	VMULPD  (SI)(BX*1), Y13, Y0
	VMOVUPD Y0, (AX)
	ADDQ    $32, BX
	ADDQ    R11, AX
	DECQ    DX
	JMP     ppfull

pptail:
	TESTQ      R13, R13
	JZ         ppnext
	VMASKMOVPD (SI)(BX*1), Y15, Y0
	VMULPD     Y13, Y0, Y0
	VMOVUPD    Y0, (AX)

ppnext:
	ADDQ R8, SI
	ADDQ $32, DI
	ADDQ $8, R9
	DECQ CX
	JMP  pprow

ppdone:
	VZEROUPPER
	RET
