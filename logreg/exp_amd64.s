//go:build amd64 && !purego

#include "textflag.h"
#include "vec4_amd64.h"

VEC4(expLog2e<>, $0x3ff71547652b82fe)
VEC4(expRound<>, $0x4338000000000000)
VEC4(expLn2Hi<>, $0x3fe62e42fee00000)
VEC4(expLn2Lo<>, $0x3dea39ef35793c76)
VEC4(expLim<>, $0xc086200000000000)
VEC4(expOne<>, $0x3ff0000000000000)
VEC4(expC2<>, $0x3fe0000000000000)
VEC4(expC3<>, $0x3fc5555555555555)
VEC4(expC4<>, $0x3fa5555555555555)
VEC4(expC5<>, $0x3f81111111111111)
VEC4(expC6<>, $0x3f56c16c16c16c17)
VEC4(expC7<>, $0x3f2a01a01a01a01a)
VEC4(expC8<>, $0x3efa01a01a01a01a)
VEC4(expC9<>, $0x3ec71de3a556c734)
VEC4(expC10<>, $0x3e927e4fb7789f5c)
VEC4(expC11<>, $0x3e5ae64567f544e4)
VEC4(expC12<>, $0x3e21eed8eff8d898)
VEC4(expC13<>, $0x3de6124613a86d09)
VEC4(expSign<>, $0x8000000000000000)

// func expNegAbsAVX2(dst, eta []float64) int
//
// The operations of expNegAbs, four values at a time, from the start of eta
// to its last whole vector or to the first vector with a value that
// expNegAbs leaves to math.Exp; it returns the number of values done.
TEXT ·expNegAbsAVX2(SB), NOSPLIT, $0-56
	MOVQ         dst_base+0(FP), DI
	MOVQ         eta_base+24(FP), SI
	MOVQ         eta_len+32(FP), CX
	SHRQ         $2, CX
	XORQ         BX, BX
	VMOVUPD      expSign<>(SB), Y15
	VMOVUPD      expLim<>(SB), Y14
	VMOVUPD      expLog2e<>(SB), Y13
	VMOVUPD      expRound<>(SB), Y12
	TESTQ        CX, CX
	JZ           expdone

exploop:
	VMOVUPD   (SI), Y0
	VORPD     Y15, Y0, Y0          // a = −|η|
	VCMPPD    $0x1d, Y14, Y0, Y1   // a ≥ −708, false for NaN
	VMOVMSKPD Y1, AX
	CMPL      AX, $15
	JNE       expdone
	VMULPD    Y13, Y0, Y1
	VADDPD    Y12, Y1, Y1          // y = a·log2e + round
	VSUBPD    Y12, Y1, Y2          // kf = y − round
	VMULPD    expLn2Hi<>(SB), Y2, Y3
	VSUBPD    Y3, Y0, Y3
	VMULPD    expLn2Lo<>(SB), Y2, Y4
	VSUBPD    Y4, Y3, Y3           // t = (a − kf·ln2Hi) − kf·ln2Lo
	VMULPD    Y3, Y3, Y4           // t²
	VMULPD    Y4, Y4, Y5           // t⁴
	VMULPD    expC3<>(SB), Y3, Y6
	VADDPD    expC2<>(SB), Y6, Y6  // p23
	VMULPD    expC5<>(SB), Y3, Y7
	VADDPD    expC4<>(SB), Y7, Y7  // p45
	VMULPD    expC7<>(SB), Y3, Y8
	VADDPD    expC6<>(SB), Y8, Y8  // p67
	VMULPD    expC9<>(SB), Y3, Y9
	VADDPD    expC8<>(SB), Y9, Y9  // p89
	VMULPD    expC11<>(SB), Y3, Y10
	VADDPD    expC10<>(SB), Y10, Y10 // p1011
	VMULPD    expC13<>(SB), Y3, Y11
	VADDPD    expC12<>(SB), Y11, Y11 // p1213
	VMULPD    Y11, Y4, Y11
	VADDPD    Y11, Y10, Y10        // p1011 + t²·p1213
	VMULPD    Y10, Y5, Y10
	VMULPD    Y9, Y4, Y9
	VADDPD    Y9, Y8, Y8           // p67 + t²·p89
	VADDPD    Y10, Y8, Y8
	VMULPD    Y8, Y5, Y8
	VMULPD    Y7, Y4, Y7
	VADDPD    Y7, Y6, Y6           // p23 + t²·p45
	VADDPD    Y8, Y6, Y6           // q
	VMULPD    Y6, Y4, Y6
	VADDPD    Y6, Y3, Y6
	VADDPD    expOne<>(SB), Y6, Y6 // 1 + (t + t²·q)
	VPSLLQ    $52, Y1, Y1          // k·2⁵² from the low bits of y
	VPADDQ    Y1, Y6, Y6
	VMOVUPD   Y6, (DI)
	ADDQ      $32, SI
	ADDQ      $32, DI
	ADDQ      $4, BX
	DECQ      CX
	JNZ       exploop

expdone:
	MOVQ BX, ret+48(FP)
	VZEROUPPER
	RET

VEC4(logCut<>, $0x3fda827999fcef32)
VEC4(logHalf<>, $0x3fe0000000000000)
VEC4(logTwo<>, $0x4000000000000000)
VEC4(logLg1<>, $0x3fe5555555555593)
VEC4(logLg2<>, $0x3fd999999997fa04)
VEC4(logLg3<>, $0x3fd2492494229359)
VEC4(logLg4<>, $0x3fcc71c51d8e78af)
VEC4(logLg5<>, $0x3fc7466496cb03de)
VEC4(logLg6<>, $0x3fc39a09d078c69f)
VEC4(logLg7<>, $0x3fc2f112df3e5244)

// func log1pUnitsAVX2(dst, e []float64)
//
// The operations of log1pUnits, four values at a time, for the whole
// vectors of e; the choice of k and f is a blend.
TEXT ·log1pUnitsAVX2(SB), NOSPLIT, $0-48
	MOVQ  dst_base+0(FP), DI
	MOVQ  e_base+24(FP), SI
	MOVQ  e_len+32(FP), CX
	SHRQ  $2, CX
	TESTQ CX, CX
	JZ    logdone

logloop:
	VMOVUPD   (SI), Y0
	VCMPPD    $0x1e, logCut<>(SB), Y0, Y1 // k = 1: e > √2 − 1
	VSUBPD    expOne<>(SB), Y0, Y2
	VMULPD    logHalf<>(SB), Y2, Y2
	VBLENDVPD Y1, Y2, Y0, Y2              // f
	VADDPD    logTwo<>(SB), Y2, Y3
	VDIVPD    Y3, Y2, Y3                  // s = f/(2 + f)
	VMULPD    Y3, Y3, Y4                  // z
	VMULPD    Y4, Y4, Y5                  // z²
	VMULPD    logLg2<>(SB), Y4, Y6
	VADDPD    logLg1<>(SB), Y6, Y6
	VMULPD    logLg4<>(SB), Y4, Y7
	VADDPD    logLg3<>(SB), Y7, Y7
	VMULPD    Y7, Y5, Y7
	VADDPD    Y7, Y6, Y6                  // (lg1 + z·lg2) + z²·(lg3 + z·lg4)
	VMULPD    logLg6<>(SB), Y4, Y8
	VADDPD    logLg5<>(SB), Y8, Y8
	VMULPD    logLg7<>(SB), Y5, Y9
	VADDPD    Y9, Y8, Y8                  // (lg5 + z·lg6) + z²·lg7
	VMULPD    Y5, Y5, Y9
	VMULPD    Y8, Y9, Y8
	VADDPD    Y8, Y6, Y6
	VMULPD    Y6, Y4, Y6                  // r
	VMULPD    logHalf<>(SB), Y2, Y7
	VMULPD    Y2, Y7, Y7                  // hfsq = 0.5·f·f
	VADDPD    Y6, Y7, Y8
	VMULPD    Y8, Y3, Y8                  // s·(hfsq + r)
	VANDPD    expLn2Lo<>(SB), Y1, Y9      // k·ln2Lo
	VADDPD    Y9, Y8, Y8
	VSUBPD    Y8, Y7, Y8
	VSUBPD    Y2, Y8, Y8
	VANDPD    expLn2Hi<>(SB), Y1, Y9      // k·ln2Hi
	VSUBPD    Y8, Y9, Y9
	VMOVUPD   Y9, (DI)
	ADDQ      $32, SI
	ADDQ      $32, DI
	DECQ      CX
	JNZ       logloop

logdone:
	VZEROUPPER
	RET
