package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/logreg"
)

// formulaFlags are fit's flags of an R model formula.
type formulaFlags struct {
	formula, offset, ref string
}

// refLevels parses -ref "race=white,factor(ftv)=1" into R's relevel map.
func refLevels(s string) (map[string]string, error) {
	if s == "" {
		return nil, nil
	}
	m := map[string]string{}
	for _, p := range strings.Split(s, ",") {
		v, l, ok := strings.Cut(p, "=")
		v = strings.TrimSpace(v)
		if !ok || v == "" || l == "" {
			return nil, fmt.Errorf("-ref %q: want VARIABLE=LEVEL, comma-separated", p)
		}
		m[v] = l
	}
	return m, nil
}

// fitFormula reads the training data of o and fits the model of the
// formula ff: its design as R's model.matrix, the offsets of offset() and
// -offset. It returns the fit's table (X, Y, names, lines, dropped rows and
// the response's levels), the result, the settings it was fitted with and
// the read and fit times.
func fitFormula(o *dataFlags, ff *formulaFlags, l2 float64, firth bool, stderr io.Writer) (*dataset.Table, *logreg.Result, *logreg.Settings, time.Duration, time.Duration, error) {
	start := time.Now()
	t, off, err := readFormula(o, ff, "fit")
	if err != nil {
		return nil, nil, nil, 0, 0, err
	}
	readTime := time.Since(start)
	set := o.settings(t, stderr, "")
	set.NoIntercept = o.noIntercept
	set.Offset = off
	set.L2, set.Firth = l2, firth
	start = time.Now()
	res, err := logreg.Fit(t.X, t.Y, set)
	if err != nil {
		return nil, nil, nil, 0, 0, fitError(o.data, t, err)
	}
	return t, res, set, readTime, time.Since(start), nil
}

// readFormula reads the training data of o and codes it by the formula of
// ff: the table (X, Y, weights, names, lines, dropped rows, the response's
// levels) and the offsets, nil without. It records the design's coding and
// terms in o, and sets o.noIntercept from the formula.
func readFormula(o *dataFlags, ff *formulaFlags, cmd string) (*dataset.Table, []float64, error) {
	src := ff.formula
	if ff.offset != "" {
		src += " + offset(`" + ff.offset + "`)"
	}
	fm, err := dataset.ParseFormula(src)
	if err != nil {
		return nil, nil, err
	}
	ref, err := refLevels(ff.ref)
	if err != nil {
		return nil, nil, usagef(cmd, "%v", err)
	}
	in, closeIn, err := openInput(o.data)
	if err != nil {
		return nil, nil, err
	}
	defer closeIn()
	name := fileName(o.data)
	fr, err := dataset.ReadFrame(in, name)
	if err != nil {
		return nil, nil, err
	}
	d, err := fm.Design(fr, dataset.DesignOptions{NAOmit: o.na == "omit", Ref: ref, Weights: o.weights})
	if err != nil {
		var fe *dataset.FormulaError
		if errors.As(err, &fe) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("%s: %s", name, message(err))
	}
	t := &dataset.Table{X: d.X, Y: d.Y, Weights: d.Weights, Names: d.Names, Dropped: d.Dropped, TargetLevels: d.ResponseLevels}
	t.Encoding.Target = dataset.Target{Name: d.Terms.Response, Kind: dataset.Numeric, Levels: d.ResponseLevels}
	t.Rows = make([]int, len(d.Rows))
	for i, r := range d.Rows {
		t.Rows[i] = fr.Rows[r]
	}
	o.coding = d.Coding
	o.terms = make([]string, len(d.Term))
	for j, ti := range d.Term {
		o.terms[j] = d.Terms.Labels[ti]
	}
	o.marginal = marginalTerms(d.Terms)
	o.noIntercept = !d.Intercept
	return t, d.Offset, nil
}

// formulaTable reads the data file path and codes it by the formula of the
// model m, with the response when target is true: the table (X, Y, lines,
// dropped rows, response levels) and the offsets, nil without.
func formulaTable(m *model, path string, target, omit bool) (*dataset.Table, []float64, error) {
	in, closeIn, err := openInput(path)
	if err != nil {
		return nil, nil, err
	}
	defer closeIn()
	name := fileName(path)
	fr, err := dataset.ReadFrame(in, name)
	if err != nil {
		return nil, nil, err
	}
	d, err := m.Formula().Apply(fr, dataset.DesignOptions{NAOmit: omit, Target: target})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s", name, message(err))
	}
	t := &dataset.Table{X: d.X, Y: d.Y, Names: d.Names, Dropped: d.Dropped, TargetLevels: d.ResponseLevels}
	t.Encoding.Target.Name = d.Terms.Response
	t.Rows = make([]int, len(d.Rows))
	for i, r := range d.Rows {
		t.Rows[i] = fr.Rows[r]
	}
	return t, d.Offset, nil
}

// predictFormula writes the predictions of the formula model m for the
// data file path, as predict does for a model of an encoding: the
// formula's offsets are added to the linear predictors.
func predictFormula(w io.Writer, m *model, path string, opt *predictOptions) error {
	t, off, err := formulaTable(m, path, false, opt.omit)
	if err != nil {
		return err
	}
	var b []byte
	if opt.omit {
		b = append(b, "line,"...)
	}
	b = append(b, strings.Join(predictColumns, ",")...)
	b = append(b, '\n')
	eta := make([]float64, len(t.Rows))
	m.result().LinearPredictorTo(eta, t.X)
	for i := range eta {
		if off != nil {
			eta[i] += off[i]
		}
		if !finite(eta[i]) {
			return fmt.Errorf("%s:%d: the linear predictor of the row is %v: the model's coefficients times its values overflow", fileName(path), t.Rows[i], eta[i])
		}
		if opt.omit {
			b = strconv.AppendInt(b, int64(t.Rows[i]), 10)
			b = append(b, ',')
		}
		b = appendPrediction(b, eta[i], opt.threshold)
	}
	_, err = w.Write(b)
	return err
}

// marginalTerms returns the labels of the terms whose variables are all in
// another term (age and race beside age:race), which R's drop1 does not
// drop (drop.scope): without its main effect an interaction codes the
// same model in other columns.
func marginalTerms(t *dataset.Terms) map[string]bool {
	m := map[string]bool{}
	for i, a := range t.Terms {
		for j, b := range t.Terms {
			if i != j && len(a) < len(b) && !slices.ContainsFunc(a, func(v int) bool { return !slices.Contains(b, v) }) {
				m[t.Labels[i]] = true
			}
		}
	}
	return m
}
