package main

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/a1bed000/logreg/logreg"
)

// Every number in the report is printed with a fixed number of decimals,
// few enough that the last bits of floating-point arithmetic, which may
// differ between platforms, never show.

// writeReport writes the text report of e to w.
func writeReport(w *bytes.Buffer, e *experiment) {
	a, b := e.cfg.classes[0], e.cfg.classes[1]
	fmt.Fprintf(w, "Fisher's iris: %s (y = 0) against %s (y = 1), %d rows, %d measurements.\n",
		a, b, len(e.y), len(e.names))
	evalRows := "test"
	if e.cfg.all {
		fmt.Fprintf(w, "Fitted on all %d rows: there is no test set, so accuracy is measured on the training rows.\n", len(e.train))
		evalRows = "training"
	} else {
		fmt.Fprintf(w, "Stratified split with seed %d: %d training rows, %d test rows (test fraction %s).\n",
			e.cfg.seed, len(e.train), len(e.test), strconv.FormatFloat(e.cfg.testFrac, 'f', -1, 64))
	}

	fmt.Fprintf(w, "\nMaximum-likelihood fit by Newton-Raphson on the %d training rows.\n", len(e.train))
	fmt.Fprint(w, "The step norm is the length of the change of the coefficient vector\n")
	fmt.Fprint(w, "in that iteration (for iteration 1, its distance from zero).\n\n")
	writeTrace(w, e.ml.Trace)
	if e.ml.Converged {
		fmt.Fprintf(w, "Converged after %d iterations.\n", e.ml.Iterations)
	} else {
		fmt.Fprintf(w, "Not converged: stopped after %d iterations.\n", e.ml.Iterations)
	}
	thr := strconv.FormatFloat(e.cfg.threshold, 'f', -1, 64)

	if !e.ml.Separation {
		fmt.Fprintf(w, "\nThe two species are not separated in the training rows, so the\n")
		fmt.Fprintf(w, "maximum-likelihood estimate exists and Wald inference applies.\n\n")
		fmt.Fprint(w, e.ml.Summary(0.95).String())
		fmt.Fprintf(w, "\n%s accuracy at threshold %s: %s\n", capitalize(evalRows), thr, e.mlAcc)
		return
	}

	fmt.Fprint(w, "\nCoefficients where the iterations stopped (not estimates, see below):\n")
	width := nameWidth(e.ml.Names)
	for i, name := range e.ml.Names {
		fmt.Fprintf(w, "  %-*s %10.4f\n", width, name, e.ml.Coef[i])
	}
	fmt.Fprintf(w, "\n%s accuracy at threshold %s: %s\n\n", capitalize(evalRows), thr, e.mlAcc)

	kind, side := "completely", "on one side"
	if e.ml.SeparationType == logreg.SeparationQuasiComplete {
		kind, side = "quasi-completely", "on one side of it or on it"
	}
	steps := e.ml.Trace[len(e.ml.Trace)-1].StepNorm
	para(w, fmt.Sprintf("SEPARATION. In the training rows %s and %s are %s separated: "+
		"a plane in the space of the %d measurements has every %s %s and every %s on the other. "+
		"For such data the maximum-likelihood estimate does not exist: the likelihood keeps "+
		"increasing as the coefficients grow without bound along that direction. "+
		"So this fit is not converged and never will be: its deviance falls toward 0 while "+
		"the Newton steps do not shrink (step norm %.4f at the last iteration). "+
		"The diverging coefficients are %s. "+
		"The values above are where the iterations happened to stop, not estimates, "+
		"and they have no standard errors.",
		a, b, kind, len(e.names), a, side, b, steps, andList(e.ml.Names, e.ml.Diverging)))
	acc := fmt.Sprintf("The %s accuracy is %.1f%% (%d of %d)", evalRows, e.mlAcc.percent(), e.mlAcc.correct, e.mlAcc.total)
	if e.mlAcc.correct == e.mlAcc.total {
		acc = fmt.Sprintf("The %s accuracy is still %.1f%% (%d of %d): the boundary where the fit "+
			"stopped separates these rows too", evalRows, e.mlAcc.percent(), e.mlAcc.correct, e.mlAcc.total)
	}
	para(w, fmt.Sprintf("%s. But accuracy says nothing about the coefficients, and the fitted "+
		"probabilities are overconfident: on the training rows every one is within %.1e of its 0/1 label.",
		acc, maxGap(e)))
	para(w, "What to use instead: a penalized fit. Firth's bias-reduced logistic regression "+
		"(logreg.Settings{Firth: true}, as R's logistf) has finite estimates and standard errors "+
		"on separated data; a ridge penalty (logreg.Settings{L2: λ}) also keeps the coefficients finite.")

	f := e.firth
	status := "converged"
	if !f.Converged {
		status = fmt.Sprintf("NOT converged after %d iterations", f.Iterations)
	}
	fmt.Fprintf(w, "Firth's fit on the same %d training rows (%s):\n\n", len(e.train), status)
	fmt.Fprintf(w, "  %-*s %16s %16s %16s\n", width, "", "max. likelihood", "Firth", "Firth")
	fmt.Fprintf(w, "  %-*s %16s %16s %16s\n", width, "", "(diverging)", "estimate", "std. error")
	sum := f.Summary(0.95)
	for i, name := range f.Names {
		fmt.Fprintf(w, "  %-*s %16.4f %16.4f %16.4f\n", width, name, e.ml.Coef[i], f.Coef[i], sum.Coefs[i].StdErr)
	}
	fmt.Fprintf(w, "  %-*s %16s %16s\n", width, evalRows+" acc.",
		fmt.Sprintf("%.1f%%", e.mlAcc.percent()), fmt.Sprintf("%.1f%%", e.firthAcc.percent()))
	fmt.Fprint(w, "\nFirth's standard errors are from the inverse Fisher information at its\n")
	fmt.Fprint(w, "estimate, as logistf reports them. The figure (-svg) shows Firth's fit.\n")
	for _, msg := range f.Warnings {
		fmt.Fprintf(w, "Warning (Firth): %s\n", msg)
	}
}

// writeTrace writes the per-iteration trace of a fit.
func writeTrace(w *bytes.Buffer, trace []logreg.Iteration) {
	fmt.Fprintf(w, "%9s %14s %11s\n", "iteration", "deviance", "step norm")
	for _, it := range trace {
		fmt.Fprintf(w, "%9d %14.6f %11.6f", it.Iter, it.Deviance, it.StepNorm)
		if it.Halvings > 0 {
			fmt.Fprintf(w, "  (%d step halvings)", it.Halvings)
		}
		fmt.Fprintln(w)
	}
}

func (a accuracy) String() string {
	return fmt.Sprintf("%d of %d = %.1f%%", a.correct, a.total, a.percent())
}

// maxGap returns the largest distance between a fitted probability of the
// maximum-likelihood fit on a training row and the row's label.
func maxGap(e *experiment) float64 {
	x, y := rows(e.x, e.train), pick(e.y, e.train)
	p := make([]float64, len(y))
	e.ml.PredictTo(p, x)
	var g float64
	for i := range p {
		g = max(g, math.Abs(p[i]-y[i]))
	}
	return g
}

// andList returns the names idx as "a, b and c".
func andList(names []string, idx []int) string {
	var s []string
	for _, i := range idx {
		s = append(s, names[i])
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

func nameWidth(names []string) int {
	n := 0
	for _, s := range names {
		n = max(n, len(s))
	}
	return max(n, len("training acc."))
}

func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// para writes text as a paragraph wrapped at 78 columns, followed by a blank
// line.
func para(w *bytes.Buffer, text string) {
	col := 0
	for _, word := range strings.Fields(text) {
		n := len([]rune(word))
		switch {
		case col == 0:
		case col+1+n > 78:
			w.WriteByte('\n')
			col = 0
		default:
			w.WriteByte(' ')
			col++
		}
		w.WriteString(word)
		col += n
	}
	w.WriteString("\n\n")
}
