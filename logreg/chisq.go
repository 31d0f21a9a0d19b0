package logreg

import "math"

// ChiSquareSurvival returns P(X > x) for X with a χ² distribution of df
// degrees of freedom: the regularized upper incomplete gamma function
// Q(df/2, x/2). It is accurate to a few units in the last place of the
// relative error, also deep in the tail (1e-300), and returns 1 for x ≤ 0
// and NaN for df ≤ 0 or a NaN argument.
func ChiSquareSurvival(x, df float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsNaN(df) || !(df > 0):
		return math.NaN()
	case x <= 0:
		return 1
	case math.IsInf(x, 1):
		return 0
	}
	return gammaQ(df/2, x/2)
}

// gammaQ returns the regularized upper incomplete gamma function Q(a, x),
// a > 0, x > 0: by the series of P(a, x) when x < a + 1, else by the
// continued fraction of Q evaluated by Lentz's method.
func gammaQ(a, x float64) float64 {
	lg, _ := math.Lgamma(a)
	pre := a*math.Log(x) - x - lg // log of x^a·e^−x/Γ(a)
	if x < a+1 {
		// P = x^a e^−x/Γ(a+1) · Σ_n x^n/((a+1)…(a+n)).
		term, sum := 1/a, 1/a
		for n := 1; n < 1000; n++ {
			term *= x / (a + float64(n))
			sum += term
			if math.Abs(term) < math.Abs(sum)*1e-17 {
				break
			}
		}
		return 1 - math.Exp(pre)*sum
	}
	// Q = x^a e^−x/Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − …)).
	const tiny = 1e-300
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i < 1000; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-16 {
			break
		}
	}
	return math.Exp(pre) * h
}
