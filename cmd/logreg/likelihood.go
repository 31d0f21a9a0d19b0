package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// likFlags are fit's likelihood-inference options, with the data and the
// settings of the fit that -tests and -ci profile refit.
type likFlags struct {
	tests string // "", "drop1" or "sequential"
	ci    string // "wald" or "profile"
	exp   bool   // print the odds ratios in text
	// warned counts the warnings likelihood added.
	warned int
	x      *linalg.Dense
	y      []float64
	set    *logreg.Settings
	// marginal holds the terms drop1 leaves in (contained in another).
	marginal map[string]bool
}

// check refuses combinations that have no likelihood inference.
func (l *likFlags) check(l2 float64, firth, stream, multinomial bool, vcov string) error {
	if l.ci == "" {
		l.ci = "wald"
		if firth && !stream && !multinomial && vcov == "model" {
			l.ci = "profile"
		}
	}
	switch {
	case l.tests != "" && l.tests != "drop1" && l.tests != "sequential":
		return usagef("fit", "-tests must be drop1 or sequential, not %q", l.tests)
	case l.ci != "wald" && l.ci != "profile":
		return usagef("fit", "-ci must be wald or profile, not %q", l.ci)
	case (l.tests != "" || l.ci == "profile") && (stream || multinomial):
		return usagef("fit", "-tests and -ci profile cannot be combined with -stream or -family multinomial")
	case l.tests != "" && (l2 > 0 || firth):
		return usagef("fit", "-tests needs a maximum-likelihood fit (not -l2 or -firth)")
	case l.ci == "profile" && l2 > 0:
		return usagef("fit", "-ci profile cannot be combined with -l2")
	case l.exp && multinomial:
		return usagef("fit", "-exp cannot be combined with -family multinomial")
	case l.ci == "profile" && vcov != "model":
		return usagef("fit", "-ci profile cannot be combined with -vcov %s: profile intervals do not use a covariance", vcov)
	}
	return nil
}

// termJSON is one likelihood-ratio test of a term.
type termJSON struct {
	Term     string `json:"term"`
	DF       int    `json:"df"`
	Deviance num    `json:"deviance"`
	LRChisq  num    `json:"lr_chisq"`
	P        num    `json:"p"`
}

// lrJSON is the global likelihood-ratio test against the null model.
type lrJSON struct {
	Statistic num `json:"statistic"`
	DF        int `json:"df"`
	P         num `json:"p"`
}

// termIndex returns the term index of each design column (the intercept
// left out) and the term labels in order, from the term of each coefficient.
func termIndex(terms []string, intercept bool) ([]int, []string) {
	if intercept {
		terms = terms[1:]
	}
	idx := make([]int, len(terms))
	seen := map[string]int{}
	var labels []string
	for j, t := range terms {
		i, ok := seen[t]
		if !ok {
			i = len(labels)
			seen[t] = i
			labels = append(labels, t)
		}
		idx[j] = i
	}
	return idx, labels
}

// dropScope returns idx and labels without the terms of marginal: their
// columns get the index -1, which names no term, so that every fit keeps
// them.
func dropScope(idx []int, labels []string, marginal map[string]bool) ([]int, []string) {
	renum := make([]int, len(labels))
	var kept []string
	for t, lab := range labels {
		renum[t] = -1
		if !marginal[lab] {
			renum[t] = len(kept)
			kept = append(kept, lab)
		}
	}
	out := make([]int, len(idx))
	for j, t := range idx {
		out[j] = renum[t]
	}
	return out, kept
}

// likelihood adds -tests, -ci profile and the global test to the JSON
// output fj of the fit res.
func (l *likFlags) likelihood(fj *fitOutput, res *logreg.Result, terms []string, level float64) error {
	stat, df, p := logreg.LRTest(res)
	fj.LRTest = lrJSON{num(stat), df, num(p)}
	fj.CIMethod = l.ci
	if l.tests != "" {
		idx, labels := termIndex(terms, res.Intercept)
		test := logreg.Drop1
		if l.tests == "sequential" {
			test = logreg.Sequential
		} else if len(l.marginal) > 0 {
			idx, labels = dropScope(idx, labels, l.marginal)
		}
		tt, err := test(l.x, l.y, l.set, res, idx, labels)
		if err != nil {
			return fmt.Errorf("-tests %s: %w", l.tests, err)
		}
		out := []termJSON{}
		for _, t := range tt {
			out = append(out, termJSON{t.Term, t.DF, num(t.Deviance), num(t.LRChisq), num(t.P)})
		}
		fj.Terms = &out
	}
	if res.Firth && l.x != nil {
		return l.firth(fj, res, level)
	}
	if l.ci == "profile" {
		if !res.Separation && (!res.Converged || res.Cov == nil) {
			l.warned++
			fj.Warnings = append(fj.Warnings, "no profile-likelihood intervals: the fit has no finite converged estimate")
			for i := range fj.Coefficients {
				c := &fj.Coefficients[i]
				c.Low, c.High = num(math.NaN()), num(math.NaN())
				setOddsRatio(c)
			}
			return nil
		}
		ci, err := logreg.ProfileIntervals(l.x, l.y, l.set, res, level)
		if err != nil {
			return fmt.Errorf("-ci profile: %w", err)
		}
		for i := range fj.Coefficients {
			c := &fj.Coefficients[i]
			c.Low, c.High = num(ci[i].Lower), num(ci[i].Upper)
			for _, r := range []struct {
				v         float64
				why, side string
			}{
				{ci[i].Lower, ci[i].LowerReason, "lower"}, {ci[i].Upper, ci[i].UpperReason, "upper"},
			} {
				if math.IsInf(r.v, 0) {
					l.warned++
					fj.Warnings = append(fj.Warnings, fmt.Sprintf("the %s profile limit of %s is %g: %s", r.side, c.Name, r.v, r.why))
				}
			}
			setOddsRatio(c)
		}
	}
	return nil
}

// firth adds logistf's penalized likelihood-ratio inference of the Firth
// fit res to fj: chisq and p_plr per coefficient, the profile penalized
// limits with -ci profile, and the global penalized test as lr_test.
func (l *likFlags) firth(fj *fitOutput, res *logreg.Result, level float64) error {
	if res.Cov == nil {
		l.warned++
		fj.Warnings = append(fj.Warnings, "no penalized likelihood-ratio inference: the fit has no covariance")
		return nil
	}
	fi, err := logreg.FirthInferences(l.x, l.y, l.set, res, level)
	if err != nil {
		return fmt.Errorf("penalized likelihood-ratio inference: %w", err)
	}
	fj.LRTest = lrJSON{num(fi.GlobalChisq), fi.GlobalDF, num(fi.GlobalP)}
	for i := range fj.Coefficients {
		c := &fj.Coefficients[i]
		f := fi.Coefs[i]
		chi, p := num(f.Chisq), num(f.P)
		c.Chisq, c.PPLR = &chi, &p
		if l.ci != "profile" {
			continue
		}
		c.Low, c.High = num(f.Lower), num(f.Upper)
		for _, r := range []struct {
			v         float64
			why, side string
		}{{f.Lower, f.LowerReason, "lower"}, {f.Upper, f.UpperReason, "upper"}} {
			if math.IsInf(r.v, 0) {
				l.warned++
				fj.Warnings = append(fj.Warnings, fmt.Sprintf("the %s profile limit of %s is %g: %s", r.side, c.Name, r.v, r.why))
			}
		}
		setOddsRatio(c)
	}
	return nil
}

// setOddsRatio sets the odds ratio of c and its interval from the estimate
// and the interval.
func setOddsRatio(c *coefJSON) {
	or, lo, hi := num(math.Exp(float64(c.Estimate))), num(math.Exp(float64(c.Low))), num(math.Exp(float64(c.High)))
	switch c.Status {
	case "Inf":
		or = num(math.Inf(1))
	case "-Inf":
		or = 0
	}
	c.OddsRatio, c.ORLow, c.ORHigh = &or, &lo, &hi
	if c.Chisq == nil {
		nan := num(math.NaN())
		c.Chisq, c.PPLR = &nan, &nan
	}
}

// text formats the odds ratios (with -exp), the intervals of -ci profile
// and the tests of -tests of fj for fit's text output.
func (l *likFlags) text(fj *fitOutput, level float64) string {
	var b strings.Builder
	width := len("(Intercept)")
	for _, c := range fj.Coefficients {
		width = max(width, len(c.Name))
	}
	lo := fmt.Sprintf("%.3g %%", 100*(1-level)/2)
	hi := fmt.Sprintf("%.4g %%", 100*(1-(1-level)/2))
	method := "Wald"
	if l.ci == "profile" {
		method = "profile-likelihood"
		if fj.Penalty == "firth" {
			method = "profile penalized-likelihood"
		}
	}
	if l.ci == "profile" {
		fmt.Fprintf(&b, "\nExact %s intervals:\n%-*s %12s %12s %12s\n", method, width, "", "Estimate", lo, hi)
		for _, c := range fj.Coefficients {
			est := fmtG("%.6g", float64(c.Estimate))
			if c.Status == "Inf" || c.Status == "-Inf" {
				est = c.Status
			}
			fmt.Fprintf(&b, "%-*s %12s %12s %12s\n", width, c.Name, est, fmtLimit(float64(c.Low)), fmtLimit(float64(c.High)))
		}
	}
	if l.exp {
		fmt.Fprintf(&b, "\nOdds ratios (%s intervals):\n%-*s %12s %12s %12s\n", method, width, "", "exp(Est.)", lo, hi)
		for _, c := range fj.Coefficients {
			fmt.Fprintf(&b, "%-*s %12s %12s %12s\n", width, c.Name, fmtLimit(float64(*c.OddsRatio)), fmtLimit(float64(*c.ORLow)), fmtLimit(float64(*c.ORHigh)))
		}
	}
	if c := fj.Coefficients; len(c) > 0 && c[0].Chisq != nil && !math.IsNaN(float64(*c[0].Chisq)) {
		fmt.Fprintf(&b, "\nPenalized likelihood-ratio tests of each coefficient = 0 (logistf):\n%-*s %10s %10s\n", width, "", "Chisq", "Pr(>Chi)")
		for _, c := range fj.Coefficients {
			fmt.Fprintf(&b, "%-*s %10.5g %10s\n", width, c.Name, float64(*c.Chisq), logreg.FormatP(float64(*c.PPLR)))
		}
	}
	if fj.Terms != nil {
		head := "Deviance"
		kind := "each term dropped from the model (drop1)"
		if l.tests == "sequential" {
			head, kind = "Reduction", "terms added sequentially, first to last (anova)"
		}
		tw := len("Term")
		for _, t := range *fj.Terms {
			tw = max(tw, len(t.Term))
		}
		fmt.Fprintf(&b, "\nLikelihood-ratio tests, %s:\n%-*s %4s %12s %10s %10s\n", kind, tw, "", "Df", head, "LRT", "Pr(>Chi)")
		for _, t := range *fj.Terms {
			fmt.Fprintf(&b, "%-*s %4d %12.6g %10.5g %10s\n", tw, t.Term, t.DF, float64(t.Deviance), float64(t.LRChisq), logreg.FormatP(float64(t.P)))
		}
	}
	fmt.Fprintf(&b, "\nLikelihood-ratio test against the null model: chi-squared %.6g on %d df, p %s\n",
		float64(fj.LRTest.Statistic), fj.LRTest.DF, logreg.FormatP(float64(fj.LRTest.P)))
	for _, w := range fj.Warnings[len(fj.Warnings)-l.warned:] {
		fmt.Fprintf(&b, "Warning: %s\n", w)
	}
	return b.String()
}

// fmtLimit formats a limit, Inf and -Inf included (as R prints them).
func fmtLimit(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return fmtG("%.5g", v)
}
