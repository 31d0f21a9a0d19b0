//go:build !purego

#include "textflag.h"

// func decimals(dst []float64, fields []string, at []int32, pow *[23]float64) int
//
// For i = 0, 1, …, len(at)/2−1: the text fields[at[2i]] is a plain decimal
// as plainDecimal reads it (an optional '-', digits, an optional point and
// digits, 1 to 19 digits in all, a mantissa m below 2⁵³, k digits after
// the point) and dst[at[2i+1]] = ±m/10ᵏ, one rounded division. It stops at
// the first text it does not take (also '+', which plainDecimal takes) and
// returns its i. The caller has checked every index.
//
// Registers: DI dst, BX fields, R8 at, R9 i, R10 len(at)/2; for a text:
// SI its next byte, R12 its end, R13 its first digit, R15 its first digit
// after the point, DX the mantissa, R14 the sign bit; AX, CX, R11 scratch.
TEXT ·decimals(SB), NOSPLIT, $0-88
	MOVQ dst_base+0(FP), DI
	MOVQ fields_base+24(FP), BX
	MOVQ at_base+48(FP), R8
	MOVQ at_len+56(FP), R10
	SHRQ $1, R10
	XORQ R9, R9
	CMPQ R9, R10
	JGE  done

text:
	MOVLQSX (R8)(R9*8), AX // the field
	SHLQ    $4, AX
	MOVQ    (BX)(AX*1), SI
	MOVQ    8(BX)(AX*1), R12
	TESTQ   R12, R12
	JE      done
	ADDQ    SI, R12
	// The sign without a branch: the sign of data is not predictable.
	XORL    DX, DX
	XORL    R14, R14
	MOVBLZX (SI), AX
	CMPL    AX, $'-'
	SETEQ   R14B
	ADDQ    R14, SI
	SHLQ    $63, R14

	MOVQ SI, R13
	CMPQ SI, R12
	JAE  count

intpart:
	MOVBLZX (SI), AX
	SUBL    $'0', AX
	CMPL    AX, $9
	JA      point
	LEAQ    (DX)(DX*4), DX
	LEAQ    (AX)(DX*2), DX
	INCQ    SI
	CMPQ    SI, R12
	JB      intpart
	JMP     count

point:
	CMPL AX, $-2 // '.' − '0'
	JNE  done
	INCQ SI
	MOVQ SI, R15

quad:
	// Four digits at a time while four bytes remain and all are digits:
	// the pairs 10·d₁ + d₂ and 10·d₃ + d₄ by one product, then
	// 100·(d₁d₂) + d₃d₄ by another.
	LEAQ   4(SI), AX
	CMPQ   AX, R12
	JA     single
	MOVL   (SI), AX
	MOVL   AX, CX
	ANDL   $0xf0f0f0f0, CX
	LEAL   0x06060606(AX), R11
	ANDL   $0xf0f0f0f0, R11
	SHRL   $4, R11
	ORL    R11, CX
	CMPL   CX, $0x33333333
	JNE    single
	SUBL   $0x30303030, AX
	IMUL3L $0xa01, AX, AX
	SHRL   $8, AX
	ANDL   $0x00ff00ff, AX
	IMUL3L $0x640001, AX, AX
	SHRL   $16, AX
	IMUL3Q $10000, DX, DX
	ADDQ   AX, DX
	ADDQ   $4, SI
	CMPQ   SI, R12
	JB     quad
	JMP    fraction

single:
	CMPQ SI, R12
	JAE  fraction

fracpart:
	MOVBLZX (SI), AX
	SUBL    $'0', AX
	CMPL    AX, $9
	JA      done
	LEAQ    (DX)(DX*4), DX
	LEAQ    (AX)(DX*2), DX
	INCQ    SI
	CMPQ    SI, R12
	JB      fracpart

fraction:
	// The digits, AX: R12 − R13 less the point; after the point, CX:
	// R12 − R15.
	MOVQ R12, AX
	SUBQ R13, AX
	DECQ AX
	MOVQ R12, CX
	SUBQ R15, CX
	JMP  counted

count:
	// No point: R12 − R13 digits, none after a point.
	MOVQ R12, AX
	SUBQ R13, AX
	XORL CX, CX

counted:
	// 1 to 19 digits, a mantissa below 2⁵³.
	DECQ  AX
	CMPQ  AX, $18
	JA    done
	MOVQ  DX, AX
	SHRQ  $53, AX
	JNE   done
	MOVQ  pow+72(FP), R11
	XORPS X0, X0
	CVTSQ2SD DX, X0
	DIVSD (R11)(CX*8), X0
	MOVQ  X0, AX
	ORQ   R14, AX
	MOVLQSX 4(R8)(R9*8), CX // the column
	MOVQ  AX, (DI)(CX*8)
	INCQ  R9
	CMPQ  R9, R10
	JL    text

done:
	MOVQ R9, ret+80(FP)
	RET
