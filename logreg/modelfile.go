package logreg

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/jsonnum"
	"github.com/a1bed000/logreg/internal/jsonpos"
)

// The model file's identification. A reader refuses any other format, and
// any other version: a change of meaning gets a new version number.
const (
	// ModelFormat is the value of a model file's "format" key.
	ModelFormat = "logreg-model"
	// ModelVersion is the version of the binomial model files
	// [Model.WriteTo] writes.
	ModelVersion = 1
	// ModelVersionMultinomial is the version of the multinomial model
	// files [Model.WriteTo] writes: version 1 with the keys "family"
	// ("multinomial"), "levels" and "baseline", and a "response" on every
	// coefficient. Its own number makes a reader of version 1 only refuse
	// such a file instead of misreading its coefficients. [ReadModel]
	// reads both versions.
	ModelVersionMultinomial = 2
)

// MaxModelBytes bounds the size of a model file that [ReadModel] reads: a
// model of a million design columns without covariance takes about 60 MB.
const MaxModelBytes = 64 << 20

// modelFile is the content of a model file. Its float64 fields are written
// by encoding/json in the shortest form that reads back to the same bits. A
// reader requires every field not tagged omitempty (requireFields): a field
// added to version 1 must be omitempty so that the files already written
// still read. Family, Levels, Baseline and fileCoef.Response are those of
// version 2, required there (checkVersion2) and refused in version 1.
type modelFile struct {
	Format       string           `json:"format"`
	Version      int              `json:"version"`
	Family       string           `json:"family,omitempty"`
	Levels       []string         `json:"levels,omitempty"`
	Baseline     *string          `json:"baseline,omitempty"`
	Encoding     dataset.Encoding `json:"encoding"`
	Intercept    bool             `json:"intercept"`
	Coefficients []fileCoef       `json:"coefficients"`
	Penalty      string           `json:"penalty"`
	Lambda       float64          `json:"lambda"`
	Settings     Provenance       `json:"settings"`
	Training     fileTraining     `json:"training"`
	// Covariance holds the rows of the k×k covariance; absent when the
	// model has none.
	Covariance [][]float64 `json:"covariance,omitempty"`
	// Formula is the coding of a formula's design; absent for a design of
	// the encoding.
	Formula *dataset.Coding `json:"formula,omitempty"`
}

type fileCoef struct {
	Response *string `json:"response,omitempty"`
	Name     string  `json:"name"`
	Estimate float64 `json:"estimate"`
}

type fileTraining struct {
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
	// SeparationType is "complete" or "quasi-complete"; absent when the
	// data are not separated.
	SeparationType string `json:"separation_type,omitempty"`
	// Status gives each coefficient's status ("finite", "Inf", "-Inf");
	// absent when all are finite.
	Status []string `json:"status,omitempty"`
}

// num is the JSON number of model files: null where not finite.
type num = jsonnum.Num

// WriteTo writes the model to w as indented JSON followed by a newline, in
// the format [ReadModel] reads (version [ModelVersion] for a binomial
// model, [ModelVersionMultinomial] for a multinomial one), and returns the
// number of bytes written. Every float64 is written in the shortest form
// that reads back to the same bits. The zero Model, which has no
// coefficients, is not written: WriteTo returns an error.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	if len(m.coef) == 0 {
		return 0, errors.New("logreg: the model has no coefficients (a zero Model, not made by NewModel or ReadModel)")
	}
	f := modelFile{
		Format: ModelFormat, Version: ModelVersion,
		Encoding: m.Encoding(), Intercept: m.intercept,
		Penalty: m.penalty.String(), Lambda: m.penalty.L2,
		Settings: m.prov, Formula: m.Formula(),
	}
	if f.Encoding.Features == nil {
		f.Encoding.Features = []dataset.Feature{} // the reader requires the key
	}
	t := m.training
	f.Training = fileTraining{
		N: t.N, DroppedRows: t.DroppedRows, Converged: t.Converged, Iterations: t.Iterations,
		Separation: t.Separation, Deviance: num(t.Deviance), NullDeviance: num(t.NullDeviance),
		LogLik: num(t.LogLik), PenalizedLogLik: num(t.PenalizedLogLik), AIC: num(t.AIC),
		Warnings: append([]string{}, t.Warnings...),
	}
	if t.SeparationType != SeparationNone {
		f.Training.SeparationType = t.SeparationType.String()
	}
	for _, s := range t.Status {
		f.Training.Status = append(f.Training.Status, s.String())
	}
	if m.levels != nil {
		f.Version, f.Family, f.Levels = ModelVersionMultinomial, "multinomial", m.Levels()
		f.Baseline = &m.levels[m.baseline]
	}
	p := len(m.names)
	for j, b := range m.coef {
		c := fileCoef{Name: m.names[j%p], Estimate: b}
		if m.levels != nil {
			c.Response = &m.levels[m.responses[j/p]]
		}
		f.Coefficients = append(f.Coefficients, c)
	}
	if k := len(m.coef); m.cov != nil {
		for i := range k {
			f.Covariance = append(f.Covariance, m.cov[i*k:i*k+k])
		}
	}
	b, err := json.MarshalIndent(&f, "", "  ")
	if err != nil {
		return 0, err
	}
	b = append(b, '\n')
	n, err := w.Write(b)
	return int64(n), err
}

// ReadModel reads a model file written by [Model.WriteTo] from r, of at most
// [MaxModelBytes], and checks all of it: the format and version, every
// field present (null only for a training number the fit did not define),
// the encoding consistent, the coefficient names those of its design
// columns, coefficients and covariance finite. name names the file in
// errors ("" means "<input>"); a JSON error gives its line, column and
// 0-based byte offset, "model.json:3:16: invalid JSON at byte offset 45:
// ...".
func ReadModel(r io.Reader, name string) (*Model, error) {
	name = cmp.Or(name, "<input>")
	b, err := io.ReadAll(io.LimitReader(r, MaxModelBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxModelBytes {
		return nil, fmt.Errorf("%s: not a logreg model file: larger than %d MiB", name, MaxModelBytes>>20)
	}
	return parseModel(b, name)
}

// parseModel decodes and checks the content b of the model file path.
func parseModel(b []byte, path string) (*Model, error) {
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return nil, fmt.Errorf("%s: not a logreg model file (not a JSON object)", path)
	}
	var head map[string]json.RawMessage
	if err := json.Unmarshal(b, &head); err != nil {
		if se := (*json.SyntaxError)(nil); errors.As(err, &se) {
			line, col, off, msg, _ := jsonpos.Locate(b, err)
			return nil, fmt.Errorf("%s:%d:%d: invalid JSON at byte offset %d: %s", path, line, col, off, msg)
		}
		return nil, fmt.Errorf("%s: not a logreg model file (not a JSON object)", path)
	}
	var format string
	if json.Unmarshal(head["format"], &format) != nil || head["format"] == nil {
		return nil, fmt.Errorf("%s: not a logreg model file (no \"format\": %q)", path, ModelFormat)
	}
	var version int
	switch {
	case format != ModelFormat:
		return nil, fmt.Errorf("%s: format %q is not %q", path, format, ModelFormat)
	case head["version"] == nil:
		return nil, fmt.Errorf("%s: model file without a version", path)
	case json.Unmarshal(head["version"], &version) != nil:
		return nil, fmt.Errorf("%s: model file version %s is not an integer", path, head["version"])
	case version != ModelVersion && version != ModelVersionMultinomial:
		return nil, fmt.Errorf("%s: model file version %d is not supported (this logreg reads versions %d and %d)", path, version, ModelVersion, ModelVersionMultinomial)
	}
	if err := requireFields(b, reflect.TypeFor[modelFile](), ""); err != nil {
		return nil, fmt.Errorf("%s: invalid model file: %w", path, err)
	}
	var f modelFile
	if err := json.Unmarshal(b, &f); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			line, col, _, _, _ := jsonpos.Locate(b, err)
			return nil, fmt.Errorf("%s:%d:%d: invalid model file: %s is not a %s", path, line, col, cmp.Or(te.Field, "the file"), te.Type)
		}
		return nil, fmt.Errorf("%s: invalid model file: %w", path, err)
	}
	if err := f.checkVersion(); err != nil {
		return nil, fmt.Errorf("%s: invalid model file: %w", path, err)
	}
	m, err := f.model()
	if err != nil {
		return nil, fmt.Errorf("%s: invalid model file: %w", path, err)
	}
	return m, nil
}

// checkVersion checks that the keys of version 2 are all present in a
// version 2 file and absent from a version 1 file.
func (f *modelFile) checkVersion() error {
	if f.Version == ModelVersion {
		switch {
		case f.Family != "" || f.Levels != nil || f.Baseline != nil:
			return errors.New("family, levels or baseline in a version 1 file (a multinomial model is version 2)")
		}
		for j, c := range f.Coefficients {
			if c.Response != nil {
				return fmt.Errorf("coefficients[%d].response in a version 1 file (a multinomial model is version 2)", j)
			}
		}
		return nil
	}
	switch {
	case f.Family == "":
		return errors.New("missing field family")
	case f.Family != "multinomial":
		return fmt.Errorf("family %q is not multinomial", f.Family)
	case f.Levels == nil:
		return errors.New("missing field levels")
	case f.Baseline == nil:
		return errors.New("missing field baseline")
	}
	for j, c := range f.Coefficients {
		if c.Response == nil {
			return fmt.Errorf("missing field coefficients[%d].response", j)
		}
	}
	return nil
}

// setLevels sets the levels, baseline, responses and design names of the
// multinomial model m from the file: the coefficients come in one block
// per level but the baseline, in the order of the levels, each block with
// the same names.
func (f *modelFile) setLevels(m *Model) error {
	for i, l := range f.Levels {
		if slices.Contains(f.Levels[:i], l) {
			return fmt.Errorf("level %q listed twice", l)
		}
	}
	m.levels = f.Levels
	m.baseline = slices.Index(f.Levels, *f.Baseline)
	if m.baseline < 0 {
		return fmt.Errorf("baseline %q is not one of the levels %q", *f.Baseline, f.Levels)
	}
	for l := range f.Levels {
		if l != m.baseline {
			m.responses = append(m.responses, l)
		}
	}
	K := len(f.Levels)
	if K < 2 || len(f.Coefficients)%(K-1) != 0 {
		return fmt.Errorf("%d coefficients for %d levels", len(f.Coefficients), K)
	}
	p := len(f.Coefficients) / (K - 1)
	for j, c := range f.Coefficients {
		if want := f.Levels[m.responses[j/p]]; *c.Response != want {
			return fmt.Errorf("coefficients[%d].response %q, want %q (one block of %d per level but the baseline, in order)", j, *c.Response, want, p)
		}
		if j < p {
			m.names = append(m.names, c.Name)
		} else if c.Name != m.names[j%p] {
			return fmt.Errorf("coefficients[%d].name %q, want %q (the names of the first block)", j, c.Name, m.names[j%p])
		}
	}
	return nil
}

// model returns the Model of the file's content, checked.
func (f *modelFile) model() (*Model, error) {
	m := &Model{enc: f.Encoding, intercept: f.Intercept, prov: f.Settings, formula: f.Formula}
	switch f.Penalty {
	case "none":
	case "l2":
		m.penalty.L2 = f.Lambda
		if !(f.Lambda > 0) {
			return nil, fmt.Errorf("penalty l2 with lambda %v, want > 0", f.Lambda)
		}
	case "firth":
		m.penalty.Firth = true
	default:
		return nil, fmt.Errorf("penalty %q is not none, l2 or firth", f.Penalty)
	}
	if f.Penalty != "l2" && f.Lambda != 0 {
		return nil, fmt.Errorf("penalty %s with lambda %v, want 0", f.Penalty, f.Lambda)
	}
	t := &f.Training
	m.training = Training{
		N: t.N, DroppedRows: t.DroppedRows, Converged: t.Converged, Iterations: t.Iterations,
		Separation: t.Separation, Deviance: float64(t.Deviance), NullDeviance: float64(t.NullDeviance),
		LogLik: float64(t.LogLik), PenalizedLogLik: float64(t.PenalizedLogLik), AIC: float64(t.AIC),
		Warnings: t.Warnings,
	}
	switch t.SeparationType {
	case "":
	case "complete":
		m.training.SeparationType = SeparationComplete
	case "quasi-complete":
		m.training.SeparationType = SeparationQuasiComplete
	default:
		return nil, fmt.Errorf("training.separation_type %q is not complete or quasi-complete", t.SeparationType)
	}
	if t.SeparationType != "" && !t.Separation {
		return nil, fmt.Errorf("training.separation_type %q without separation", t.SeparationType)
	}
	for j, s := range t.Status {
		switch s {
		case "finite":
			m.training.Status = append(m.training.Status, CoefFinite)
		case "Inf":
			m.training.Status = append(m.training.Status, CoefPlusInf)
		case "-Inf":
			m.training.Status = append(m.training.Status, CoefMinusInf)
		default:
			return nil, fmt.Errorf("training.status[%d] %q is not finite, Inf or -Inf", j, s)
		}
	}
	if t.N < 0 || t.DroppedRows < 0 || t.Iterations < 0 {
		return nil, errors.New("negative count in training")
	}
	if f.Version == ModelVersionMultinomial {
		if err := f.setLevels(m); err != nil {
			return nil, err
		}
		if m.penalty.Firth {
			return nil, errors.New("penalty firth in a multinomial model")
		}
	}
	for _, c := range f.Coefficients {
		if m.levels == nil {
			m.names = append(m.names, c.Name)
		}
		m.coef = append(m.coef, c.Estimate)
	}
	if f.Covariance != nil {
		k := len(f.Coefficients)
		if len(f.Covariance) != k {
			return nil, fmt.Errorf("covariance has %d rows for %d coefficients", len(f.Covariance), k)
		}
		m.cov = make([]float64, 0, k*k)
		for i, row := range f.Covariance {
			if len(row) != k {
				return nil, fmt.Errorf("covariance[%d] has %d entries for %d coefficients", i, len(row), k)
			}
			m.cov = append(m.cov, row...)
		}
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	return m, nil
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
