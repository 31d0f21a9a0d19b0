package logreg

import (
	"fmt"
	"math"
	"strings"
)

// Coef is one row of a coefficient table.
type Coef struct {
	Name     string
	Estimate float64
	StdErr   float64 // +Inf when the covariance could not be computed
	Z        float64 // Wald statistic Estimate/StdErr
	P        float64 // two-sided normal p-value of Z
	Low      float64 // lower bound of the Wald confidence interval
	High     float64 // upper bound
	// Status says whether the estimate is finite or, on separated data,
	// +∞ or −∞ ([Result].Status); Estimate is then where the fit stopped.
	Status CoefStatus
}

// Summary is the inference of a fit, as R's summary.glm prints it.
type Summary struct {
	Level float64 // confidence level of Low and High
	Coefs []Coef
	*Result
}

// Summary returns Wald inference for the coefficients at confidence level
// level, such as 0.95:
//
//	se = √diag(I⁻¹),  z = β/se,  p = erfc(|z|/√2),
//	CI = β ± Φ⁻¹(1 − (1 − level)/2)·se
//
// with the exact normal quantile. p is computed with math.Erfc, so that a
// tail probability as small as 1e-300 is returned, not rounded to 0. When
// the covariance is not available (separated data), se is +Inf, z is 0, p
// is 1 and the interval is the real line; each Coef carries the status of
// [Result].Status, and String prints an infinite estimate as Inf or -Inf.
//
// Summary panics if level is not in (0, 1).
func (r *Result) Summary(level float64) *Summary {
	if !(level > 0 && level < 1) {
		panic("logreg: confidence level outside (0, 1)")
	}
	q := NormalQuantile(1 - (1-level)/2)
	s := &Summary{Level: level, Result: r}
	for j, b := range r.Coef {
		c := Coef{Name: r.Names[j], Estimate: b, StdErr: math.Inf(1), P: 1, Low: math.Inf(-1), High: math.Inf(1)}
		if j < len(r.Status) {
			c.Status = r.Status[j]
		}
		if r.Cov != nil {
			if v := r.Cov.At(j, j); v > 0 {
				c.StdErr = math.Sqrt(v)
				c.Z = b / c.StdErr
				c.P = math.Erfc(math.Abs(c.Z) / math.Sqrt2)
				c.Low, c.High = b-q*c.StdErr, b+q*c.StdErr
			}
		}
		s.Coefs = append(s.Coefs, c)
	}
	return s
}

// tableRow formats c as a row of a coefficient table with names width
// wide: the Wald columns are NA when there is no standard error (no
// covariance: a separated fit, or an information that could not be
// inverted).
func (c *Coef) tableRow(width int) string {
	if math.IsInf(c.StdErr, 1) {
		return fmt.Sprintf("%-*s %12s %12s %8s %9s %-3s %11s %11s\n",
			width, c.Name, c.FormatEstimate("%.6g"), "NA", "NA", "NA", "", "NA", "NA")
	}
	return fmt.Sprintf("%-*s %12s %12.6g %8.3f %9s %-3s %11.5g %11.5g\n",
		width, c.Name, c.FormatEstimate("%.6g"), c.StdErr, c.Z, FormatP(c.P), SignifCode(c.P), c.Low, c.High)
}

// FormatEstimate formats the estimate with the verb format, or as "Inf" or
// "-Inf" when its status is infinite (on separated data).
func (c *Coef) FormatEstimate(format string) string {
	if c.Status != CoefFinite {
		return c.Status.String()
	}
	return fmt.Sprintf(format, c.Estimate)
}

// NormalQuantile returns Φ⁻¹(p), the p-quantile of the standard normal
// distribution, accurate to a few units in the last place in both tails. It
// returns −Inf at 0, +Inf at 1 and NaN outside [0, 1].
//
// It starts from −√2·erfcinv(2p), which loses digits in the tails (relative
// error 2e-9 at p = 1e-10), and polishes it by Newton's method on
// Φ(x) = p, with Φ from math.Erfc on the side of the tail x is in.
func NormalQuantile(p float64) float64 {
	switch {
	case math.IsNaN(p) || p < 0 || p > 1:
		return math.NaN()
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	}
	x := -math.Sqrt2 * math.Erfcinv(2*p)
	if math.IsInf(x, 0) {
		// erfcinv gives up below about 1e-300; start from the tail
		// asymptote Φ(x) ≈ φ(x)/|x| instead.
		q := min(p, 1-p)
		l := -2 * math.Log(q)
		x = math.Sqrt(l - math.Log(l) - math.Log(2*math.Pi))
		if p < 0.5 {
			x = -x
		}
	}
	for range 6 {
		var f float64
		if x < 0 {
			f = math.Erfc(-x/math.Sqrt2)/2 - p // Φ(x) − p
		} else {
			f = (1 - p) - math.Erfc(x/math.Sqrt2)/2 // (1 − p) − (1 − Φ(x)); 1 − p is exact for p ≥ ½
		}
		pdf := math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
		if pdf == 0 {
			break
		}
		x -= f / pdf
	}
	return x
}

// SignifCode returns R's significance code for a p-value: "***" below
// 0.001, "**" below 0.01, "*" below 0.05, "." below 0.1, and "" otherwise
// (also for NaN).
func SignifCode(p float64) string {
	switch {
	case p < 0.001:
		return "***"
	case p < 0.01:
		return "**"
	case p < 0.05:
		return "*"
	case p < 0.1:
		return "."
	default:
		return ""
	}
}

// FormatP formats a p-value as R's format.pval does with four significant
// digits: values below 2e-16 print as "<2e-16", NaN as "NA".
func FormatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "NA"
	case p < 2e-16:
		return "<2e-16"
	}
	return fmt.Sprintf("%.4g", p)
}

// String formats the summary like R's print.summary.glm: the coefficient
// table with significance codes and confidence intervals, the deviances,
// AIC and the number of iterations, then any warnings.
func (s *Summary) String() string {
	var b strings.Builder
	r := s.Result
	width := len("(Intercept)")
	for _, c := range s.Coefs {
		width = max(width, len(c.Name))
	}
	lo := fmt.Sprintf("%.3g%%", 100*(1-s.Level)/2)
	hi := fmt.Sprintf("%.4g%%", 100*(1-(1-s.Level)/2))
	b.WriteString("Coefficients:\n")
	fmt.Fprintf(&b, "%-*s %12s %12s %8s %9s     %11s %11s\n", width, "", "Estimate", "Std. Error", "z value", "Pr(>|z|)", lo, hi)
	for _, c := range s.Coefs {
		b.WriteString(c.tableRow(width))
	}
	b.WriteString("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n\n")
	b.WriteString("(Dispersion parameter for binomial family taken to be 1)\n\n")
	fmt.Fprintf(&b, "    Null deviance: %.3f  on %d  degrees of freedom\n", r.NullDeviance, r.DFNull)
	// A deviance is never negative but by rounding (a saturated fit).
	fmt.Fprintf(&b, "Residual deviance: %.3f  on %d  degrees of freedom\n", max(r.Deviance, 0), r.DFResidual)
	fmt.Fprintf(&b, "AIC: %.3f  BIC: %.3f  log-likelihood: %.3f  McFadden R²: %.4f\n", r.AIC(), r.BIC(), r.LogLik, r.PseudoR2())
	fmt.Fprintf(&b, "\nNumber of Newton iterations: %d", r.Iterations)
	if !r.Converged {
		b.WriteString(" (not converged)")
	}
	b.WriteString("\n")
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "Warning: %s\n", w)
	}
	return b.String()
}
