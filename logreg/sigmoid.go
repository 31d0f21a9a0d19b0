package logreg

import "math"

// Sigmoid returns the logistic function
//
//	σ(z) = 1 / (1 + e^(−z))
//
// evaluated without overflow for every float64: e^z is never formed for a
// large positive z, so σ(1000) is 1 and σ(−1000) is 0 rather than NaN.
// Sigmoid(NaN) is NaN.
func Sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// Log1pExp returns log(1 + e^z) without overflow or loss of precision:
//
//	log(1 + e^z) = e^z              z ≤ −37
//	             = log1p(e^z)       −37 < z ≤ 18
//	             = z + e^(−z)       18 < z ≤ 33.3
//	             = z                z > 33.3
//
// It is −log σ(−z) and −log(1 − σ(z)), the per-observation loss of the
// logistic model.
func Log1pExp(z float64) float64 {
	switch {
	case z <= -37:
		return math.Exp(z)
	case z <= 18:
		return math.Log1p(math.Exp(z))
	case z <= 33.3:
		return z + math.Exp(-z)
	default:
		return z
	}
}

// obs holds the quantities of one observation at linear predictor η.
//
// mu is σ(η), q is 1 − σ(η) computed without cancellation, v is
// σ(η)(1 − σ(η)), and nlmu, nlq are −log σ(η) and −log(1 − σ(η)).
type obs struct {
	mu, q, v, nlmu, nlq float64
}

// at evaluates an observation at η with one exponential and one logarithm.
func at(eta float64) obs {
	e := math.Exp(-math.Abs(eta)) // in (0, 1]
	d := 1 + e
	l := math.Log1p(e)
	small, large := e/d, 1/d
	o := obs{v: e / (d * d)}
	if eta >= 0 {
		o.mu, o.q = large, small
		o.nlmu, o.nlq = l, eta+l
	} else {
		o.mu, o.q = small, large
		o.nlmu, o.nlq = l-eta, l
	}
	return o
}

// xlogx returns x·log(x), with 0·log(0) = 0.
func xlogx(x float64) float64 {
	if x == 0 {
		return 0
	}
	return x * math.Log(x)
}
