package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"

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
// shortest form that reads back to the same bits. A reader requires every
// field not tagged omitempty (parseModel): a field added to version 1 must
// be omitempty so that the files already written still read.
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
	return writeOutput(path, func(w io.Writer) error { return writeJSON(w, m) })
}

// maxModelBytes bounds the size of a model file that readModel reads: a
// model of a million design columns takes about 60 MB.
const maxModelBytes = 64 << 20

// readModel reads and checks a model file of at most maxModelBytes.
func readModel(path string) (*model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxModelBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxModelBytes {
		return nil, fmt.Errorf("%s: not a logreg model file: larger than %d MiB", path, maxModelBytes>>20)
	}
	return parseModel(b, path)
}

// parseModel decodes and checks the content b of the model file path. Every
// field that fit writes must be present (a field tagged omitempty may be
// left out), and none may be null but the training numbers that are not
// defined on every fit (type num). A JSON error names its line, column and
// 0-based byte offset in the file.
func parseModel(b []byte, path string) (*model, error) {
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return nil, fmt.Errorf("%s: not a logreg model file (not a JSON object)", path)
	}
	var head map[string]json.RawMessage
	if err := json.Unmarshal(b, &head); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// Offset counts the bytes read, the offending one included; at
			// the end of the input the decoder may complain of a blank.
			off, msg := se.Offset-1, se.Error()
			if se.Offset >= int64(len(b)) {
				off, msg = int64(len(b)), "unexpected end of JSON input"
			}
			line, col := lineCol(b, off)
			return nil, fmt.Errorf("%s:%d:%d: invalid JSON at byte offset %d: %s", path, line, col, off, msg)
		}
		return nil, fmt.Errorf("%s: not a logreg model file (not a JSON object)", path)
	}
	var format string
	if json.Unmarshal(head["format"], &format) != nil || head["format"] == nil {
		return nil, fmt.Errorf("%s: not a logreg model file (no \"format\": %q)", path, modelFormat)
	}
	var version int
	switch {
	case format != modelFormat:
		return nil, fmt.Errorf("%s: format %q is not %q", path, format, modelFormat)
	case head["version"] == nil:
		return nil, fmt.Errorf("%s: model file without a version", path)
	case json.Unmarshal(head["version"], &version) != nil:
		return nil, fmt.Errorf("%s: model file version %s is not an integer", path, head["version"])
	case version != modelVersion:
		return nil, fmt.Errorf("%s: model file version %d is not supported (this logreg reads version %d)", path, version, modelVersion)
	}
	if err := requireFields(b, reflect.TypeFor[model](), ""); err != nil {
		return nil, fmt.Errorf("%s: invalid model file: %w", path, err)
	}
	var m model
	if err := json.Unmarshal(b, &m); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			line, col := lineCol(b, te.Offset-1)
			return nil, fmt.Errorf("%s:%d:%d: invalid model file: %s is not a %s", path, line, col, cmp.Or(te.Field, "the file"), te.Type)
		}
		return nil, fmt.Errorf("%s: invalid model file: %w", path, err)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%s: invalid model file: %w", path, err)
	}
	return &m, nil
}

// lineCol returns the 1-based line and column (in bytes) of the byte at
// offset off of b, or just past the end.
func lineCol(b []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(b)))
	before := b[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

var numType = reflect.TypeFor[num]()

// requireFields checks that the JSON value b has every field of type t
// that is not tagged omitempty, recursively through structs, slices and
// arrays, and that no value is null but those of type num. path names b in
// the error, as "coefficients[1].estimate".
func requireFields(b json.RawMessage, t reflect.Type, path string) error {
	if t == numType {
		return nil
	}
	name := cmp.Or(path, "the file")
	if string(bytes.TrimSpace(b)) == "null" {
		return fmt.Errorf("%s is null", name)
	}
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil {
			return fmt.Errorf("%s is not an object", name)
		}
		for i := range t.NumField() {
			f := t.Field(i)
			key, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if key == "" || key == "-" {
				continue
			}
			sub := key
			if path != "" {
				sub = path + "." + key
			}
			v, ok := obj[key]
			if !ok {
				if strings.Contains(opts, "omitempty") {
					continue
				}
				return fmt.Errorf("missing field %s", sub)
			}
			if err := requireFields(v, f.Type, sub); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		var elems []json.RawMessage
		if err := json.Unmarshal(b, &elems); err != nil {
			return fmt.Errorf("%s is not an array", name)
		}
		if t.Kind() == reflect.Array && len(elems) != t.Len() {
			return fmt.Errorf("%s has %d elements, want %d", name, len(elems), t.Len())
		}
		for i, e := range elems {
			if err := requireFields(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
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
