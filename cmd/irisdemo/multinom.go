package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// allLambda is the ridge penalty of the three-class fit that -classes all
// shows next to the maximum-likelihood one.
const allLambda = 1

// threeClass is the run of -classes all: the multinomial fits of the three
// species on all 150 rows.
type threeClass struct {
	levels, names []string
	x             *linalg.Dense
	y             []int
	ml, ridge     *logreg.MultinomialResult
	mlAcc, rAcc   accuracy
}

// newThreeClass fits the baseline-category logits of the three species
// (setosa the baseline) by maximum likelihood and with a ridge penalty.
func newThreeClass() (*threeClass, error) {
	f := dataset.Iris()
	sp := f.Column("species")
	tc := &threeClass{levels: sp.Levels, y: sp.Codes}
	var cols []*dataset.Column
	for i := range f.Columns {
		if c := &f.Columns[i]; c.Kind == dataset.Numeric {
			cols = append(cols, c)
			tc.names = append(tc.names, c.Name)
		}
	}
	n := len(tc.y)
	tc.x = linalg.NewDense(n, len(cols), nil)
	for i := 0; i < n; i++ {
		for j, c := range cols {
			tc.x.Set(i, j, c.Values[i])
		}
	}
	var err error
	if tc.ml, err = logreg.FitMultinomial(tc.x, tc.y, &logreg.MultinomialSettings{Levels: tc.levels, Names: tc.names}); err != nil {
		return nil, fmt.Errorf("maximum-likelihood fit: %w", err)
	}
	if tc.ridge, err = logreg.FitMultinomial(tc.x, tc.y, &logreg.MultinomialSettings{Levels: tc.levels, Names: tc.names, L2: allLambda}); err != nil {
		return nil, fmt.Errorf("ridge fit: %w", err)
	}
	tc.mlAcc, tc.rAcc = tc.score(tc.ml), tc.score(tc.ridge)
	return tc, nil
}

// score counts the rows whose most probable species is their own.
func (tc *threeClass) score(r *logreg.MultinomialResult) accuracy {
	var p linalg.Dense
	r.Probabilities(&p, tc.x)
	a := accuracy{total: len(tc.y)}
	for i, y := range tc.y {
		row := p.RawRow(i)
		best := 0
		for l, v := range row {
			if v > row[best] {
				best = l
			}
		}
		if best == y {
			a.correct++
		}
	}
	return a
}

// writeThreeClass writes the report of -classes all.
func writeThreeClass(w *bytes.Buffer, tc *threeClass) {
	ml := tc.ml
	fmt.Fprintf(w, "Iris, all three species (%s), 150 rows: multinomial logistic regression,\n", strings.Join(tc.levels, ", "))
	fmt.Fprintf(w, "the logits of %s and %s against %s.\n\n", tc.levels[1], tc.levels[2], tc.levels[0])
	w.WriteString("Maximum likelihood, Newton's method with the exact Hessian:\n")
	writeTrace(w, ml.Trace)
	w.WriteString("\n")
	if ml.Separation {
		var pairs, overlap []string
		sep := map[[2]int]bool{}
		for _, p := range ml.SeparatedPairs {
			pairs = append(pairs, fmt.Sprintf("%s from %s (%s)", tc.levels[p.A], tc.levels[p.B], p.Type))
			sep[[2]int{p.A, p.B}] = true
		}
		for a := range tc.levels {
			for b := a + 1; b < len(tc.levels); b++ {
				if !sep[[2]int{a, b}] {
					overlap = append(overlap, tc.levels[a]+" and "+tc.levels[b])
				}
			}
		}
		kind := ml.SeparationType.String()
		if len(overlap) > 0 {
			kind += " (no hyperplanes set every species apart: " + strings.Join(overlap, ", ") + " overlap)"
		}
		para(w, fmt.Sprintf("The three species are separated: some measurements put every row of a species on "+
			"its own side of a hyperplane (%s), so the likelihood keeps increasing as the coefficients grow and the "+
			"maximum-likelihood estimate does not exist. The exact test (a linear program over every row and every "+
			"other species) finds the separation %s; the fit stopped after %d iterations, not converged, with %d of %d coefficients "+
			"diverging (Inf or -Inf below). Its training accuracy, %s, says nothing about these numbers.",
			strings.Join(pairs, ", "), kind, ml.Iterations, len(ml.Diverging), len(ml.Coef), tc.mlAcc))
	}
	w.WriteString(ml.Summary(0.95).String())
	w.WriteString("\n")
	fmt.Fprintf(w, "Ridge (L2) fit, lambda = %g, intercepts not penalized: finite estimates.\n", float64(allLambda))
	w.WriteString(tc.ridge.Summary(0.95).String())
	fmt.Fprintf(w, "\nTraining accuracy (most probable species): maximum likelihood %s, ridge %s.\n", tc.mlAcc, tc.rAcc)
}
