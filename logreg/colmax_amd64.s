//go:build !purego

#include "textflag.h"

// The lane numbers of the four vectors of a block of 16 columns.
DATA cmLanes<>+0(SB)/8, $0
DATA cmLanes<>+8(SB)/8, $1
DATA cmLanes<>+16(SB)/8, $2
DATA cmLanes<>+24(SB)/8, $3
DATA cmLanes<>+32(SB)/8, $4
DATA cmLanes<>+40(SB)/8, $5
DATA cmLanes<>+48(SB)/8, $6
DATA cmLanes<>+56(SB)/8, $7
DATA cmLanes<>+64(SB)/8, $8
DATA cmLanes<>+72(SB)/8, $9
DATA cmLanes<>+80(SB)/8, $10
DATA cmLanes<>+88(SB)/8, $11
DATA cmLanes<>+96(SB)/8, $12
DATA cmLanes<>+104(SB)/8, $13
DATA cmLanes<>+112(SB)/8, $14
DATA cmLanes<>+120(SB)/8, $15
GLOBL cmLanes<>(SB), RODATA|NOPTR, $128

// all bits but the sign
DATA cmAbs<>+0(SB)/8, $0x7fffffffffffffff
GLOBL cmAbs<>(SB), RODATA|NOPTR, $8

// math.MaxFloat64
DATA cmMax<>+0(SB)/8, $0x7fefffffffffffff
GLOBL cmMax<>(SB), RODATA|NOPTR, $8

// CMROW takes a row's four vectors, made magnitudes with the lanes past the
// last column zero, in Y0–Y3: the maxima in Y8–Y11, the lanes not at most
// MaxFloat64 (NaN, ±Inf) gathered in Y14.
#define CMROW \
	VMAXPD Y8, Y0, Y8 \
	VMAXPD Y9, Y1, Y9 \
	VMAXPD Y10, Y2, Y10 \
	VMAXPD Y11, Y3, Y11 \
	VCMPPD $0x16, Y13, Y0, Y0 \
	VCMPPD $0x16, Y13, Y1, Y1 \
	VCMPPD $0x16, Y13, Y2, Y2 \
	VCMPPD $0x16, Y13, Y3, Y3 \
	VORPD  Y0, Y1, Y1 \
	VORPD  Y2, Y3, Y3 \
	VORPD  Y1, Y14, Y14 \
	VORPD  Y3, Y14, Y14

// CMMASK sets Y to the lane mask of vector q (lanes 4q… of the block that
// are columns: c − first in Y12 above the lane's number).
#define CMMASK(q, Y) \
	VPCMPGTQ cmLanes<>+(32*q)(SB), Y12, Y

// func colMaxAVX2(m, x []float64) bool
//
// Blocks of 16 columns: their maxima in Y8–Y11 while the rows pass. A row
// is four vectors of x ANDed with masks in Y4–Y7 that clear the sign and
// the lanes past the last column, which then read the next row; the rows
// too near the end of x for that are loaded with masks (VMASKMOVPD for
// every row took 2.5 times as long on the AMD EPYC measured, so only
// there).
TEXT ·colMaxAVX2(SB), NOSPLIT, $0-49
	MOVQ m_base+0(FP), DI
	MOVQ m_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), AX
	LEAQ -128(SI)(AX*8), R14 // the last row start with 16 entries of x after it
	XORQ DX, DX
	DIVQ CX                  // AX = rows
	MOVQ AX, R8
	LEAQ (CX*8), R9          // a row's bytes
	VBROADCASTSD cmMax<>(SB), Y13
	VXORPD Y14, Y14, Y14
	XORQ BX, BX              // the block's first column

block:
	MOVQ CX, R10
	SUBQ BX, R10
	MOVQ R10, X0
	VPBROADCASTQ X0, Y12
	CMMASK(0, Y4)
	CMMASK(1, Y5)
	CMMASK(2, Y6)
	CMMASK(3, Y7)
	LEAQ (DI)(BX*8), R11
	VMASKMOVPD 0(R11), Y4, Y8
	VMASKMOVPD 32(R11), Y5, Y9
	VMASKMOVPD 64(R11), Y6, Y10
	VMASKMOVPD 96(R11), Y7, Y11
	VBROADCASTSD cmAbs<>(SB), Y0
	VANDPD Y0, Y4, Y4
	VANDPD Y0, Y5, Y5
	VANDPD Y0, Y6, Y6
	VANDPD Y0, Y7, Y7
	LEAQ (SI)(BX*8), R12
	MOVQ R8, R13
	TESTQ R13, R13
	JZ   store

row:
	CMPQ R12, R14
	JA   tail
	VANDPD 0(R12), Y4, Y0
	VANDPD 32(R12), Y5, Y1
	VANDPD 64(R12), Y6, Y2
	VANDPD 96(R12), Y7, Y3
	CMROW
	ADDQ R9, R12
	DECQ R13
	JNZ  row
	JMP  store

tail:
	CMMASK(0, Y0)
	CMMASK(1, Y1)
	CMMASK(2, Y2)
	CMMASK(3, Y3)
	VMASKMOVPD 0(R12), Y0, Y0
	VMASKMOVPD 32(R12), Y1, Y1
	VMASKMOVPD 64(R12), Y2, Y2
	VMASKMOVPD 96(R12), Y3, Y3
	VANDPD Y4, Y0, Y0
	VANDPD Y5, Y1, Y1
	VANDPD Y6, Y2, Y2
	VANDPD Y7, Y3, Y3
	CMROW
	ADDQ R9, R12
	DECQ R13
	JNZ  tail

store:
	CMMASK(0, Y0)
	CMMASK(1, Y1)
	CMMASK(2, Y2)
	CMMASK(3, Y3)
	VMASKMOVPD Y8, Y0, 0(R11)
	VMASKMOVPD Y9, Y1, 32(R11)
	VMASKMOVPD Y10, Y2, 64(R11)
	VMASKMOVPD Y11, Y3, 96(R11)
	ADDQ $16, BX
	CMPQ BX, CX
	JLT  block

	VPTEST Y14, Y14
	SETEQ ret+48(FP)
	VZEROUPPER
	RET
