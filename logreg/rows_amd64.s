//go:build amd64 && !purego

#include "textflag.h"
#include "vec4_amd64.h"

// 1, also the unit weights
VEC4(rowsOne<>, $0x3ff0000000000000)

// the sign bit
VEC4(rowsSign<>, $0x8000000000000000)

// −∞
VEC4(rowsNegInf<>, $0xfff0000000000000)

// boundaryEps = 10·2⁻⁵²
VEC4(rowsEps<>, $0x3ce4000000000000)

// func modelRowsAVX2(v, r, eta, y, w []float64, start bool, dev float64) (sum float64, boundary, n int)
//
// The operations of modelRows, four rows at a time, from the start of eta
// to its last whole vector or to the first vector with a response other
// than 0 or 1, or an η or a weight that is infinite or NaN. Each vector's
// four deviance terms are added to the sum in turn, lanes 0 to 3. Unit
// weights (w nil) are a vector of ones read again for every row, which
// changes no product.
TEXT ·modelRowsAVX2(SB), NOSPLIT, $0-160
	MOVQ    v_base+0(FP), DI
	MOVQ    r_base+24(FP), SI
	MOVQ    eta_base+48(FP), DX
	MOVQ    eta_len+56(FP), CX
	MOVQ    y_base+72(FP), R8
	MOVQ    w_base+96(FP), R9
	MOVBLZX start+120(FP), R11
	VMOVSD  dev+128(FP), X11
	MOVQ    $32, R10                // the step of w
	TESTQ   R9, R9
	JNZ     weighted
	LEAQ    rowsOne<>(SB), R9
	XORQ    R10, R10

weighted:
	SHRQ    $2, CX
	XORQ    BX, BX                  // rows done
	VXORPD  Y15, Y15, Y15
	VMOVUPD rowsOne<>(SB), Y14
	VMOVUPD rowsSign<>(SB), Y13
	VXORPD  Y10, Y10, Y10           // boundary fits, by lane
	VMOVUPD rowsEps<>(SB), Y12
	TESTQ   CX, CX
	JZ      rowsdone

rowsloop:
	VMOVUPD   (DX), Y0              // η
	VMOVUPD   (R8), Y1              // y
	VMOVUPD   (R9), Y2              // w
	VCMPPD    $0x00, Y15, Y1, Y3    // y = 0
	VCMPPD    $0x00, Y14, Y1, Y4    // y = 1
	VORPD     Y4, Y3, Y3
	VORPD     Y13, Y0, Y4           // −|η|
	VCMPPD    $0x1e, rowsNegInf<>(SB), Y4, Y4 // −|η| > −∞: η finite
	VANDPD    Y4, Y3, Y3
	VORPD     Y13, Y2, Y4
	VCMPPD    $0x1e, rowsNegInf<>(SB), Y4, Y4 // w finite
	VANDPD    Y4, Y3, Y3
	VMOVMSKPD Y3, R12
	CMPL      R12, $15
	JNE       rowsdone

	// dt = log1p(e) + max(η, 0) − y·η, and 2·w·dt added lane by lane.
	VMOVUPD      (SI), Y4
	VMAXPD       Y15, Y0, Y5        // max(η, 0), +0 for η = −0
	VADDPD       Y5, Y4, Y5
	VMULPD       Y0, Y1, Y6
	VSUBPD       Y6, Y5, Y5         // dt
	VADDPD       Y2, Y2, Y6         // 2·w
	VMULPD       Y5, Y6, Y6         // 2·w·dt
	VADDSD       X6, X11, X11
	VPERMILPD    $1, X6, X7
	VADDSD       X7, X11, X11
	VEXTRACTF128 $1, Y6, X6
	VADDSD       X6, X11, X11
	VPERMILPD    $1, X6, X7
	VADDSD       X7, X11, X11

	// v = w·(small·inv), r = w·(y·q − (1 − y)·μ) (+ v·η at the start).
	VMOVUPD   (DI), Y3              // e
	VADDPD    Y14, Y3, Y4
	VDIVPD    Y4, Y14, Y4           // inv = 1/(1 + e)
	VMULPD    Y4, Y3, Y3            // small = e·inv
	VCMPPD    $0x1d, Y15, Y0, Y5    // η ≥ 0
	VBLENDVPD Y5, Y4, Y3, Y6        // μ: inv where η ≥ 0, else small
	VBLENDVPD Y5, Y3, Y4, Y5        // q: small where η ≥ 0, else inv
	VMULPD    Y4, Y3, Y7
	VMULPD    Y7, Y2, Y7            // v
	VMULPD    Y5, Y1, Y5            // y·q
	VSUBPD    Y1, Y14, Y8
	VMULPD    Y6, Y8, Y6            // (1 − y)·μ
	VSUBPD    Y6, Y5, Y5
	VMULPD    Y5, Y2, Y5            // r
	TESTQ     R11, R11
	JZ        rowsstored
	VMULPD    Y0, Y7, Y6
	VADDPD    Y6, Y5, Y5            // r + v·η

rowsstored:
	VMOVUPD   Y7, (DI)
	VMOVUPD   Y5, (SI)
	VCMPPD    $0x11, Y12, Y3, Y8    // small < boundaryEps
	VCMPPD    $0x1e, Y15, Y2, Y9    // w > 0
	VANDPD    Y9, Y8, Y8
	VPSUBQ    Y8, Y10, Y10          // a set lane is −1
	ADDQ      $32, DX
	ADDQ      $32, R8
	ADDQ      R10, R9
	ADDQ      $32, DI
	ADDQ      $32, SI
	ADDQ      $4, BX
	DECQ      CX
	JNZ       rowsloop

rowsdone:
	VMOVSD       X11, sum+136(FP)
	VEXTRACTI128 $1, Y10, X0
	VPADDQ       X0, X10, X10
	VPSHUFD      $0x4e, X10, X0
	VPADDQ       X0, X10, X10
	VMOVQ        X10, boundary+144(FP)
	MOVQ         BX, n+152(FP)
	VZEROUPPER
	RET
