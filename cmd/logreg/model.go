package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/logreg"
)

// The model file's identification. A reader refuses any other format, and
// any other version: a change of meaning gets a new version number.
const (
	modelFormat  = "logreg-model"
	modelVersion = 1
)

// model is the content of a model file: everything predict and eval need
// (the encoding of the data and the coefficients), and a record of how the
// model was trained. Its float64 fields are written by encoding/json in the
// shortest form that reads back to the same bits.
type model struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Encoding codes new data as the training data: feature columns with
	// their kinds, categorical levels (the first is the baseline) and the
	// coding of the target.
	Encoding     dataset.Encoding `json:"encoding"`
	Intercept    bool             `json:"intercept"`
	Coefficients []modelCoef      `json:"coefficients"`
	// Penalty is "none", "l2" or "firth"; Lambda is the ridge λ.
	Penalty  string        `json:"penalty"`
	Lambda   float64       `json:"lambda"`
	Settings modelSettings `json:"settings"`
	Training modelTraining `json:"training"`
}

type modelCoef struct {
	Name     string  `json:"name"`
	Estimate float64 `json:"estimate"`
}

// modelSettings records the options of the fit.
type modelSettings struct {
	Data        string  `json:"data"`
	Weights     string  `json:"weights,omitempty"`
	Positive    string  `json:"positive,omitempty"`
	NA          string  `json:"na"`
	NoIntercept bool    `json:"no_intercept"`
	MaxIter     int     `json:"max_iter"`
	Tol         float64 `json:"tol"`
	L2          float64 `json:"l2"`
	Firth       bool    `json:"firth"`
	Level       float64 `json:"level"`
}

// modelTraining summarizes the fit on the training data.
type modelTraining struct {
	N               int      `json:"n"`
	DroppedRows     int      `json:"dropped_rows"`
	Converged       bool     `json:"converged"`
	Iterations      int      `json:"iterations"`
	Separation      bool     `json:"separation"`
	Deviance        num      `json:"deviance"`
	NullDeviance    num      `json:"null_deviance"`
	LogLik          num      `json:"log_likelihood"`
	PenalizedLogLik num      `json:"penalized_log_likelihood"`
	AIC             num      `json:"aic"`
	Warnings        []string `json:"warnings"`
}

// newModel returns the model file content for a fit.
func newModel(t *dataset.Table, r *logreg.Result, o *dataFlags, level float64) (*model, error) {
	m := &model{
		Format:    modelFormat,
		Version:   modelVersion,
		Encoding:  t.Encoding,
		Intercept: r.Intercept,
		Penalty:   penaltyName(r),
		Lambda:    r.L2,
		Settings: modelSettings{
			Data: fileName(o.data), Weights: o.weights, Positive: o.positive, NA: o.na,
			NoIntercept: o.noIntercept, MaxIter: o.maxIter, Tol: o.tol,
			L2: r.L2, Firth: r.Firth, Level: level,
		},
		Training: modelTraining{
			N: r.NObs, DroppedRows: t.Dropped, Converged: r.Converged, Iterations: r.Iterations,
			Separation: r.Separation, Deviance: num(r.Deviance), NullDeviance: num(r.NullDeviance),
			LogLik: num(r.LogLik), PenalizedLogLik: num(r.PenalizedLogLik), AIC: num(r.AIC()),
			Warnings: append([]string{}, r.Warnings...),
		},
	}
	for i, b := range r.Coef {
		if !finite(b) {
			return nil, fmt.Errorf("coefficient %s is %v: no model written", r.Names[i], b)
		}
		m.Coefficients = append(m.Coefficients, modelCoef{r.Names[i], b})
	}
	return m, nil
}

// write saves m to path atomically.
func (m *model) write(path string) error {
	return writeFileAtomic(path, func(w io.Writer) error { return writeJSON(w, m) })
}

// readModel reads and checks a model file.
func readModel(path string) (*model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseModel(b, path)
}

// parseModel decodes and checks the content b of the model file path.
func parseModel(b []byte, path string) (*model, error) {
	var head struct {
		Format  *string `json:"format"`
		Version *int    `json:"version"`
	}
	if err := json.Unmarshal(b, &head); err != nil || head.Format == nil {
		return nil, fmt.Errorf("%s: not a logreg model file (no \"format\": %q)", path, modelFormat)
	}
	switch {
	case *head.Format != modelFormat:
		return nil, fmt.Errorf("%s: format %q is not %q", path, *head.Format, modelFormat)
	case head.Version == nil:
		return nil, fmt.Errorf("%s: model file without a version", path)
	case *head.Version != modelVersion:
		return nil, fmt.Errorf("%s: model file version %d is not supported (this logreg reads version %d)", path, *head.Version, modelVersion)
	}
	var m model
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: invalid model file: %w", path, err)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%s: invalid model file: %w", path, err)
	}
	return &m, nil
}

// check verifies that the coefficients match the encoding.
func (m *model) check() error {
	for _, f := range m.Encoding.Features {
		// dataset.Encoding.Names panics on a categorical feature without
		// levels, so such a file is refused here first.
		if f.Kind == dataset.Categorical && len(f.Levels) < 2 {
			return fmt.Errorf("categorical feature %q has %d levels, want at least 2", f.Name, len(f.Levels))
		}
	}
	want := m.Encoding.Names()
	if m.Intercept {
		want = append([]string{"(Intercept)"}, want...)
	}
	var names []string
	for _, c := range m.Coefficients {
		names = append(names, c.Name)
	}
	if len(names) == 0 {
		return errors.New("no coefficients")
	}
	if !slices.Equal(names, want) {
		return fmt.Errorf("coefficients %q do not match the encoding's design columns %q", names, want)
	}
	return nil
}

// result returns the model as a logreg.Result that predicts as the fit did.
func (m *model) result() *logreg.Result {
	r := &logreg.Result{Intercept: m.Intercept}
	for _, c := range m.Coefficients {
		r.Names = append(r.Names, c.Name)
		r.Coef = append(r.Coef, c.Estimate)
	}
	return r
}
