package main

import (
	"fmt"
	"io"
	"os"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/logreg"
)

// model is a model file read or about to be written: a [logreg.Model],
// which owns the format, with its encoding and coefficients at hand.
type model struct {
	*logreg.Model
	Encoding     dataset.Encoding
	Coefficients []modelCoef
}

type modelCoef struct {
	Name     string
	Estimate float64
}

// wrapModel returns m with its encoding and coefficients at hand; the
// coefficients of a multinomial model are named level:column.
func wrapModel(m *logreg.Model) *model {
	w := &model{Model: m, Encoding: m.Encoding()}
	names, coef := m.Names(), m.Coef()
	levels, resp := m.Levels(), m.Responses()
	for j, b := range coef {
		name := names[j%len(names)]
		if levels != nil {
			name = levels[resp[j/len(names)]] + ":" + name
		}
		w.Coefficients = append(w.Coefficients, modelCoef{name, b})
	}
	return w
}

// multinomial reports whether m is a multinomial model.
func (m *model) multinomial() bool { return m.Family() == "multinomial" }

// newModel returns the model of the fit r to t with the flags o.
func newModel(t *dataset.Table, r *logreg.Result, o *dataFlags, level float64) (*model, error) {
	for i, b := range r.Coef {
		if !finite(b) {
			return nil, fmt.Errorf("coefficient %s is %v: no model written", r.Names[i], b)
		}
	}
	m, err := logreg.NewModel(r, &t.Encoding, &logreg.ModelOptions{
		DroppedRows: t.Dropped,
		Formula:     o.coding,
		Provenance: logreg.Provenance{
			Data: fileName(o.data), Weights: o.weights, Positive: o.positive, NA: o.na,
			NoIntercept: o.noIntercept, MaxIter: o.maxIter, Tol: o.tol,
			L2: r.L2, Firth: r.Firth, Level: level,
		},
	})
	if err != nil {
		return nil, err
	}
	return wrapModel(m), nil
}

// newMultinomialModel returns the model of the multinomial fit r to t with
// the flags o.
func newMultinomialModel(t *dataset.Table, r *logreg.MultinomialResult, o *dataFlags, level float64) (*model, error) {
	for i, b := range r.Coef {
		if !finite(b) {
			return nil, fmt.Errorf("coefficient %s is %v: no model written", r.CoefName(i), b)
		}
	}
	m, err := logreg.NewMultinomialModel(r, &t.Encoding, &logreg.ModelOptions{
		DroppedRows: t.Dropped,
		Provenance: logreg.Provenance{
			Data: fileName(o.data), Weights: o.weights, NA: o.na,
			NoIntercept: o.noIntercept, MaxIter: o.maxIter, Tol: o.tol, L2: r.L2, Level: level,
		},
	})
	if err != nil {
		return nil, err
	}
	return wrapModel(m), nil
}

// write saves m to path atomically.
func (m *model) write(path string) error {
	return writeOutput(path, func(w io.Writer) error {
		_, err := m.WriteTo(w)
		return err
	})
}

// readModel reads and checks the model file path (logreg.ReadModel).
func readModel(path string) (*model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := logreg.ReadModel(f, path)
	if err != nil {
		return nil, err
	}
	return wrapModel(m), nil
}

// result returns the model as a logreg.Result that predicts as the fit did.
func (m *model) result() *logreg.Result { return m.Model.Result() }
