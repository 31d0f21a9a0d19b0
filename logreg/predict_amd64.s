//go:build !purego

#include "textflag.h"
#include "vec4_amd64.h"

// the sign bit
VEC4(prSign<>, $0x8000000000000000)

// −700
VEC4(prLim<>, $0xc085e00000000000)

// expInvLn2N
VEC4(prInvLn2N<>, $0x40671547652b82fe)

// expShift
VEC4(prShift<>, $0x4338000000000000)

// expNegLn2HiN
VEC4(prNegLn2HiN<>, $0xbf762e42fefa0000)

// expNegLn2LoN
VEC4(prNegLn2LoN<>, $0xbd0cf79abc9e3b3a)

// expC2
VEC4(prC2<>, $0x3fdffffffffffdbd)

// expC3
VEC4(prC3<>, $0x3fc555555555543c)

// expC4
VEC4(prC4<>, $0x3fa55555cf172b91)

// expC5
VEC4(prC5<>, $0x3f81111167a4d017)

// 1
VEC4(prOne<>, $0x3ff0000000000000)

// (N − 1)·16, the byte offset of a pair of expTab
VEC4(prIdx<>, $0x00000000000007f0)

// func etaAVX2(dst, x, b []float64, b0 float64) int
//
// The operations of rowEta, four rows at a time (x holds len(dst) rows of
// len(b) entries), up to the last group of four; it returns the number of
// rows done.
//
// Each row has its own accumulator whose lanes are rowEta's partial sums
// s_0, …, s_3: a column of a whole vector of four adds x·b to every lane,
// a column after the last whole vector adds x·b to lane 0 and 0·0 to the
// others, which leaves them as they are (a sum that starts at +0 is never
// −0). The horizontal sums of two rows' accumulators give their
// s_0 + s_1 and s_2 + s_3, rearranged into one vector of four rows.
TEXT ·etaAVX2(SB), NOSPLIT, $0-88
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	MOVQ         b_base+48(FP), DX
	MOVQ         b_len+56(FP), R9
	VBROADCASTSD b0+72(FP), Y15
	ANDQ         $~3, CX
	SHLQ         $3, R9                 // the row stride in bytes
	LEAQ         (R9)(R9*2), R10        // three rows
	XORQ         BX, BX
	CMPQ         BX, CX
	JAE          etadone

group:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	MOVQ   SI, R8                       // the column in row 0
	MOVQ   DX, R11                      // the column in b
	MOVQ   b_len+56(FP), R12
	SHRQ   $2, R12
	JZ     tail

quad:
	VMOVUPD (R11), Y4
	VMULPD  (R8), Y4, Y5
	VADDPD  Y5, Y0, Y0
	VMULPD  (R8)(R9*1), Y4, Y6
	VADDPD  Y6, Y1, Y1
	VMULPD  (R8)(R9*2), Y4, Y7
	VADDPD  Y7, Y2, Y2
	VMULPD  (R8)(R10*1), Y4, Y8
	VADDPD  Y8, Y3, Y3
	ADDQ    $32, R8
	ADDQ    $32, R11
	DECQ    R12
	JNZ     quad

tail:
	MOVQ b_len+56(FP), R12
	ANDQ $3, R12
	JZ   reduce

tailcol:
	VMOVSD (R11), X4                    // b, 0, 0, 0
	VMOVSD (R8), X5                     // x, 0, 0, 0
	VMULPD Y4, Y5, Y5
	VADDPD Y5, Y0, Y0
	VMOVSD (R8)(R9*1), X6
	VMULPD Y4, Y6, Y6
	VADDPD Y6, Y1, Y1
	VMOVSD (R8)(R9*2), X7
	VMULPD Y4, Y7, Y7
	VADDPD Y7, Y2, Y2
	VMOVSD (R8)(R10*1), X8
	VMULPD Y4, Y8, Y8
	VADDPD Y8, Y3, Y3
	ADDQ   $8, R8
	ADDQ   $8, R11
	DECQ   R12
	JNZ    tailcol

reduce:
	VHADDPD    Y1, Y0, Y4               // rows 0, 1: s01, s01, s23, s23
	VHADDPD    Y3, Y2, Y5               // rows 2, 3
	VPERM2F128 $0x20, Y5, Y4, Y0        // s_0 + s_1 of rows 0 to 3
	VPERM2F128 $0x31, Y5, Y4, Y1        // s_2 + s_3
	VADDPD     Y1, Y0, Y0
	VADDPD     Y15, Y0, Y0              // η
	VMOVUPD    Y0, (DI)
	ADDQ       $32, DI
	LEAQ       (SI)(R9*4), SI
	ADDQ       $4, BX
	CMPQ       BX, CX
	JB         group

etadone:
	MOVQ BX, ret+80(FP)
	VZEROUPPER
	RET

// func sigmoidAVX2(z []float64) int
//
// The operations of Sigmoid's fast path, in place, four values at a time,
// up to the last whole vector or to the first vector with a value beyond
// it (|z| > 700 or NaN); it returns the number of values done. The
// exponential gathers its table entries with four scalar indices.
TEXT ·sigmoidAVX2(SB), NOSPLIT, $0-32
	MOVQ    z_base+0(FP), DI
	MOVQ    z_len+8(FP), CX
	ANDQ    $~3, CX
	XORQ    BX, BX
	VMOVUPD prSign<>(SB), Y14
	VMOVUPD prOne<>(SB), Y15
	LEAQ    ·expTab(SB), R8
	CMPQ    BX, CX
	JAE     sigdone

sigloop:
	VMOVUPD   (DI), Y0                  // z
	VORPD     Y14, Y0, Y1               // a = −|z|
	VCMPPD    $0x1d, prLim<>(SB), Y1, Y2 // a ≥ −700, false for NaN
	VMOVMSKPD Y2, AX
	CMPL      AX, $15
	JNE       sigdone
	VMULPD    prInvLn2N<>(SB), Y1, Y2
	VADDPD    prShift<>(SB), Y2, Y2     // kd, whose bits are ki
	VSUBPD    prShift<>(SB), Y2, Y3     // kd − shift
	VMULPD    prNegLn2HiN<>(SB), Y3, Y4
	VADDPD    Y4, Y1, Y4
	VMULPD    prNegLn2LoN<>(SB), Y3, Y5
	VADDPD    Y5, Y4, Y4                // r
	VPSLLQ    $4, Y2, Y6
	VPAND     prIdx<>(SB), Y6, Y6       // 16·(ki mod N)
	VMOVQ     X6, AX
	VPEXTRQ   $1, X6, R11
	VEXTRACTI128 $1, Y6, X7
	VMOVQ     X7, R12
	VPEXTRQ   $1, X7, R13
	VMOVUPD   (R8)(AX*1), X8            // c, T of value 0
	VINSERTF128 $1, (R8)(R12*1), Y8, Y8 // and of value 2
	VMOVUPD   (R8)(R11*1), X9           // values 1 and 3
	VINSERTF128 $1, (R8)(R13*1), Y9, Y9
	VUNPCKLPD Y9, Y8, Y10               // c
	VUNPCKHPD Y9, Y8, Y11               // T less j·2⁴⁵
	VMULPD    Y4, Y4, Y5                // r²
	VADDPD    Y4, Y10, Y10              // c + r
	VMULPD    prC3<>(SB), Y4, Y6
	VADDPD    prC2<>(SB), Y6, Y6
	VMULPD    Y6, Y5, Y6
	VADDPD    Y6, Y10, Y10              // c + r + r²·(C2 + r·C3)
	VMULPD    prC5<>(SB), Y4, Y7
	VADDPD    prC4<>(SB), Y7, Y7
	VMULPD    Y5, Y5, Y5
	VMULPD    Y7, Y5, Y7
	VADDPD    Y7, Y10, Y10              // p, plus r⁴·(C4 + r·C5)
	VPSLLQ    $45, Y2, Y2
	VPADDQ    Y2, Y11, Y11              // s
	VMULPD    Y10, Y11, Y10
	VADDPD    Y10, Y11, Y10             // e = s + s·p
	VADDPD    Y15, Y10, Y13             // 1 + e
	VBLENDVPD Y0, Y10, Y15, Y12         // e where z's sign is set, else 1
	VDIVPD    Y13, Y12, Y12
	VMOVUPD   Y12, (DI)
	ADDQ      $32, DI
	ADDQ      $4, BX
	CMPQ      BX, CX
	JB        sigloop

sigdone:
	MOVQ BX, ret+24(FP)
	VZEROUPPER
	RET
