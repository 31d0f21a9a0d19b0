package logreg_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// modelV1 is a model file written by logreg fit -out (birthwt, low on every
// other column) before the format moved into the library, kept as written:
// every later version must read it.
const modelV1 = "testdata/birthwt.v1.model.json"

// readModelBytes is logreg.ReadModel on b.
func readModelBytes(b []byte, name string) (*logreg.Model, error) {
	return logreg.ReadModel(bytes.NewReader(b), name)
}

// TestModelV1Loads checks that the version-1 file written by the command
// still reads, with R's estimates (birthwt.coef.csv) to 1e-12 relative, and
// no covariance (that file has none).
func TestModelV1Loads(t *testing.T) {
	t.Parallel()
	f, err := os.Open(modelV1)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := logreg.ReadModel(f, modelV1)
	if err != nil {
		t.Fatal(err)
	}
	want, err := refcase.Coefs("birthwt.coef.csv")
	if err != nil {
		t.Fatal(err)
	}
	names, coef := m.Names(), m.Coef()
	if len(coef) != len(want) {
		t.Fatalf("got %d coefficients, want %d", len(coef), len(want))
	}
	const tol = 1e-12 // the fit's estimates against R's, which print 15 digits
	for i, b := range coef {
		if refcase.RName(names[i]) != want[i].Name || !(math.Abs(b-want[i].Estimate) <= tol*math.Abs(want[i].Estimate)) {
			t.Errorf("coefficient %d: got %s %v, want %s %v (relative tolerance %g)", i, names[i], b, want[i].Name, want[i].Estimate, tol)
		}
	}
	tr := m.Training()
	if m.Cov() != nil || !m.Intercept() || m.Penalty().String() != "none" || tr.N != 189 || tr.Iterations != 5 || !tr.Converged || tr.SeparationType != logreg.SeparationNone {
		t.Errorf("got cov %v, intercept %v, penalty %v, training %+v, want nil, true, none, n 189, 5 iterations, converged", m.Cov(), m.Intercept(), m.Penalty(), tr)
	}
	if p := m.Provenance(); p.Data != "testdata/birthwt.csv" || p.Level != 0.95 || p.NA != "error" {
		t.Errorf("got provenance %+v, want data testdata/birthwt.csv, level 0.95, na error", p)
	}
}

// fitBirthwt fits birthwt's low on every other column with s.
func fitBirthwt(t testing.TB, s *logreg.Settings) (*dataset.Table, *logreg.Result) {
	t.Helper()
	tab, err := dataset.ReadFile(refcase.Path("birthwt.csv"), dataset.ReadOptions{Target: "low"})
	if err != nil {
		t.Fatal(err)
	}
	set := logreg.Settings{Names: tab.Names}
	if s != nil {
		set = *s
		set.Names = tab.Names
	}
	res, err := logreg.Fit(tab.X, tab.Y, &set)
	if err != nil {
		t.Fatal(err)
	}
	return tab, res
}

// TestModelRoundTrip fits birthwt (plain, ridge, Firth, and separated
// data), writes the model, reads it back and checks that everything
// returns bit for bit: the probabilities against Result.PredictTo on the
// training design, the coefficients and the covariance, the training
// summary; that a second write gives the same bytes; and that the Summary
// of Model.Result has the standard errors of the fit's.
func TestModelRoundTrip(t *testing.T) {
	t.Parallel()
	sep := "y,x,g\n0,1,a\n0,2,b\n0,3,a\n1,4,b\n1,5,a\n1,6,b\n"
	for _, c := range []struct {
		name string
		s    *logreg.Settings
		data string
	}{
		{"plain", nil, ""}, {"ridge", &logreg.Settings{L2: 1.5}, ""}, {"firth", &logreg.Settings{Firth: true}, ""},
		{"separated", nil, sep},
	} {
		var tab *dataset.Table
		var res *logreg.Result
		if c.data == "" {
			tab, res = fitBirthwt(t, c.s)
		} else {
			var err error
			tab, err = dataset.Read(strings.NewReader(c.data), dataset.ReadOptions{Target: "y"})
			if err != nil {
				t.Fatal(err)
			}
			res, err = logreg.Fit(tab.X, tab.Y, &logreg.Settings{Names: tab.Names})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Separation {
				t.Fatalf("%s: not separated", c.name)
			}
		}
		m, err := logreg.NewModel(res, &tab.Encoding, &logreg.ModelOptions{DroppedRows: 3, Provenance: logreg.Provenance{Data: "x.csv", Level: 0.9}})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := m.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := readModelBytes(buf.Bytes(), "m.json")
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.name, err, buf.Bytes())
		}
		n, _ := tab.X.Dims()
		want, got := make([]float64, n), make([]float64, n)
		res.PredictTo(want, tab.X)
		back.PredictTo(got, tab.X)
		row := make([]float64, back.Width())
		for i := range n {
			copy(row, tab.X.RawData()[i*back.Width():])
			if p := back.Predict(row); math.Float64bits(p) != math.Float64bits(want[i]) {
				t.Fatalf("%s: row %d: Predict got %v, want %v bit for bit", c.name, i, p, want[i])
			}
		}
		if !slices.Equal(bitsOf(got), bitsOf(want)) {
			t.Errorf("%s: PredictTo after a round trip differs from Result.PredictTo", c.name)
		}
		if !slices.Equal(bitsOf(back.Coef()), bitsOf(res.Coef)) || !slices.Equal(back.Names(), res.Names) {
			t.Errorf("%s: coefficients: got %v %v, want %v %v", c.name, back.Names(), back.Coef(), res.Names, res.Coef)
		}
		switch {
		case res.Cov == nil && back.Cov() != nil, res.Cov != nil && back.Cov() == nil:
			t.Errorf("%s: covariance: got %v, want %v", c.name, back.Cov(), res.Cov)
		case res.Cov != nil && !slices.Equal(bitsOf(back.Cov().RawData()), bitsOf(res.Cov.RawData())):
			t.Errorf("%s: covariance differs after a round trip", c.name)
		}
		tr := back.Training()
		wantStatus := res.Status
		if !res.Separation {
			wantStatus = nil
		}
		if tr.N != res.NObs || tr.DroppedRows != 3 || tr.Converged != res.Converged || tr.Iterations != res.Iterations ||
			tr.Separation != res.Separation || tr.SeparationType != res.SeparationType || !slices.Equal(tr.Status, wantStatus) ||
			!sameFloat(tr.Deviance, res.Deviance) || !sameFloat(tr.NullDeviance, res.NullDeviance) || !sameFloat(tr.LogLik, res.LogLik) ||
			!sameFloat(tr.PenalizedLogLik, res.PenalizedLogLik) || !sameFloat(tr.AIC, res.AIC()) || !slices.Equal(tr.Warnings, res.Warnings) {
			t.Errorf("%s: training: got %+v, want that of %+v", c.name, tr, res)
		}
		if back.Penalty() != (logreg.Penalty{L2: res.L2, Firth: res.Firth}) || back.Provenance() != m.Provenance() || !reflect.DeepEqual(back.Encoding(), tab.Encoding) {
			t.Errorf("%s: got penalty %v, provenance %+v, encoding %+v", c.name, back.Penalty(), back.Provenance(), back.Encoding())
		}
		var again bytes.Buffer
		back.WriteTo(&again)
		if again.String() != buf.String() {
			t.Errorf("%s: second write differs:\n%s\nwant\n%s", c.name, again.Bytes(), buf.Bytes())
		}
		if br := back.Result(); br.DFResidual != res.DFResidual || br.DFNull != res.DFNull {
			t.Errorf("%s: degrees of freedom: got %d and %d, want %d and %d", c.name, br.DFResidual, br.DFNull, res.DFResidual, res.DFNull)
		}
		s, ws := back.Result().Summary(0.95), res.Summary(0.95)
		for j := range ws.Coefs {
			if !sameFloat(s.Coefs[j].StdErr, ws.Coefs[j].StdErr) || s.Coefs[j].Status != ws.Coefs[j].Status {
				t.Errorf("%s: summary of %s: got se %v status %v, want %v %v", c.name, ws.Coefs[j].Name, s.Coefs[j].StdErr, s.Coefs[j].Status, ws.Coefs[j].StdErr, ws.Coefs[j].Status)
			}
		}
		_ = s.String()
	}
}

func bitsOf(v []float64) []uint64 {
	out := make([]uint64, len(v))
	for i, x := range v {
		out[i] = math.Float64bits(x)
	}
	return out
}

// sameFloat reports whether a and b are the same bits, or both NaN.
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

// TestNewModelErrors checks that NewModel refuses a Result that does not
// match its encoding.
func TestNewModelErrors(t *testing.T) {
	t.Parallel()
	tab, res := fitBirthwt(t, nil)
	bad := *res
	bad.Names = slices.Clone(res.Names)
	bad.Names[2] = "weight"
	if _, err := logreg.NewModel(&bad, &tab.Encoding, nil); err == nil || !strings.Contains(err.Error(), "do not match the encoding's design columns") {
		t.Errorf("renamed coefficient: got %v, want a mismatch", err)
	}
	bad = *res
	bad.Coef = slices.Clone(res.Coef)
	bad.Coef[1] = math.NaN()
	if _, err := logreg.NewModel(&bad, &tab.Encoding, nil); err == nil || err.Error() != "coefficient age is NaN" {
		t.Errorf("NaN coefficient: got %v, want coefficient age is NaN", err)
	}
	bad = *res
	bad.Cov = linalg.NewDense(2, 2, nil)
	if _, err := logreg.NewModel(&bad, &tab.Encoding, nil); err == nil {
		t.Errorf("2×2 covariance: got no error")
	}
	// A file whose covariance is no covariance: a negative variance (which
	// predict -se would print as a standard error of 0), an entry beyond
	// Cauchy–Schwarz's bound.
	m, err := logreg.NewModel(res, &tab.Encoding, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	k := len(res.Coef)
	for _, c := range []struct {
		i, j int
		v    float64
		want string
	}{
		{1, 1, -res.Cov.At(1, 1), "covariance entry [1][1] is -"},
		{0, 2, 2 * math.Sqrt(res.Cov.At(0, 0)*res.Cov.At(2, 2)), "covariance entry [0][2] is "},
	} {
		var f map[string]any
		if err := json.Unmarshal(buf.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		rows := f["covariance"].([]any)
		if len(rows) != k {
			t.Fatalf("covariance of %d rows, want %d", len(rows), k)
		}
		rows[c.i].([]any)[c.j] = c.v
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := readModelBytes(b, "m.json"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("covariance [%d][%d] = %v: got error %v, want one containing %q", c.i, c.j, c.v, err, c.want)
		}
	}
}

// TestResultJSON checks that encoding/json round-trips a Result, its
// covariance included, so that Summary works on the copy (it used to write
// "Cov":{} and panic).
func TestResultJSON(t *testing.T) {
	t.Parallel()
	_, res := fitBirthwt(t, nil)
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var back logreg.Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Cov == nil || !slices.Equal(bitsOf(back.Cov.RawData()), bitsOf(res.Cov.RawData())) {
		t.Fatalf("covariance after a JSON round trip: got %v, want %v", back.Cov, res.Cov)
	}
	if got, want := back.Summary(0.95).String(), res.Summary(0.95).String(); got != want {
		t.Errorf("summary after a JSON round trip: got\n%s\nwant\n%s", got, want)
	}
	var d linalg.Dense
	for _, in := range []string{`{"rows":2,"cols":2,"data":[1,2,3]}`, `{"rows":-1,"cols":0,"data":[]}`, `{"rows":4294967296,"cols":4294967296,"data":[]}`, `[1]`} {
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("Dense from %s: got no error", in)
		}
	}
}

// TestReadModelVersion checks that another version is refused by saying
// which one this build reads.
func TestReadModelVersion(t *testing.T) {
	t.Parallel()
	_, err := readModelBytes([]byte(`{"format": "logreg-model", "version": 3}`), "v3.json")
	if want := "v3.json: model file version 3 is not supported (this logreg reads versions 1 and 2)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestModelSizeBound checks that ReadModel reads at most MaxModelBytes.
func TestModelSizeBound(t *testing.T) {
	t.Parallel()
	_, err := logreg.ReadModel(zeros{}, "zero")
	if want := "zero: not a logreg model file: larger than 64 MiB"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// handModel is a model file written by hand, without training numbers.
const handModel = `{"format": "logreg-model", "version": 1, "intercept": false,
  "encoding": {"features": [{"name": "x", "kind": "numeric"}],
               "target": {"name": "y", "kind": "numeric", "levels": ["0", "1"]}},
  "coefficients": [{"name": "x", "estimate": 1}], "penalty": "none", "lambda": 0,
  "settings": {"data": "hand.csv", "na": "error", "no_intercept": true, "max_iter": 0, "tol": 0, "l2": 0, "firth": false, "level": 0.95},
  "training": {"n": 6, "dropped_rows": 0, "converged": true, "iterations": 0, "separation": false, "deviance": null,
               "null_deviance": null, "log_likelihood": null, "penalized_log_likelihood": null, "aic": null, "warnings": []}}`

// multinomialModel is a version 2 model file written by hand: three
// levels, baseline b, one numeric feature.
const multinomialModel = `{"format": "logreg-model", "version": 2, "family": "multinomial", "levels": ["a", "b", "c"], "baseline": "b",
  "intercept": true,
  "encoding": {"features": [{"name": "x", "kind": "numeric"}], "target": {"name": "y", "kind": "categorical", "levels": ["not a", "a"], "positive": "a"}},
  "coefficients": [{"response": "a", "name": "(Intercept)", "estimate": 0.5}, {"response": "a", "name": "x", "estimate": -1},
                   {"response": "c", "name": "(Intercept)", "estimate": -0.25}, {"response": "c", "name": "x", "estimate": 800}],
  "penalty": "none", "lambda": 0,
  "settings": {"data": "hand.csv", "na": "error", "no_intercept": false, "max_iter": 0, "tol": 0, "l2": 0, "firth": false, "level": 0.95},
  "training": {"n": 6, "dropped_rows": 0, "converged": true, "iterations": 0, "separation": false, "deviance": null,
               "null_deviance": null, "log_likelihood": null, "penalized_log_likelihood": null, "aic": null, "warnings": []}}`

// TestMultinomialModelByHand reads multinomialModel and checks its
// probabilities at x = 1 against exp(η_l)/Σexp(η_k) computed here, with η
// = (0.5 − 1, 0, −0.25 + 800) by level: c takes all but 1e-347 of it, and
// log-sum-exp keeps the others finite.
func TestMultinomialModelByHand(t *testing.T) {
	t.Parallel()
	m, err := readModelBytes([]byte(multinomialModel), "hand.json")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Levels(), []string{"a", "b", "c"}) || m.Baseline() != 1 || !slices.Equal(m.Responses(), []int{0, 2}) {
		t.Fatalf("got levels %q baseline %d responses %v", m.Levels(), m.Baseline(), m.Responses())
	}
	var p linalg.Dense
	m.ProbabilitiesTo(&p, linalg.NewDense(2, 1, []float64{1, 0}))
	eta := [][]float64{{-0.5, 0, 799.75}, {0.5, 0, -0.25}}
	for i, e := range eta {
		top := slices.Max(e)
		var s float64
		for _, v := range e {
			s += math.Exp(v - top)
		}
		for l, v := range e {
			want := math.Exp(v-top) / s
			if got := p.At(i, l); !(math.Abs(got-want) <= 1e-15*want) && got != want {
				t.Errorf("row %d level %d: got %v, want %v", i, l, got, want)
			}
		}
	}
}

// FuzzModel feeds arbitrary model files to ReadModel: parsing never
// panics, an error is one line, a file that parses has finite
// coefficients that match its encoding and predicts a small CSV file
// without panicking (or fails with an error), and writing it again reads
// back to the same coefficients bit for bit. The seeds include a model
// written by fit and every prefix of it.
func FuzzModel(f *testing.F) {
	good, err := os.ReadFile(modelV1)
	if err != nil {
		f.Fatal(err)
	}
	for n := range len(good) + 1 {
		f.Add(good[:n])
	}
	f.Add([]byte(handModel))
	f.Add([]byte(`{"format": "logreg-model", "version": 1, "intercept": true,
  "encoding": {"features": [{"name": "g", "kind": "categorical", "levels": ["a", "b", "c"]}, {"name": "x", "kind": "numeric"}],
               "target": {"name": "y", "kind": "categorical", "levels": ["no", "yes"]}},
  "coefficients": [{"name": "(Intercept)", "estimate": -0.5}, {"name": "g=b", "estimate": 1e-300},
                   {"name": "g=c", "estimate": 2.5}, {"name": "x", "estimate": 1.7976931348623157e308}]}`))
	f.Add([]byte(`{"format": "logreg-model", "version": 1, "encoding": {"features": [{"name": "x", "kind": "categorical", "levels": ["a"]}]},
  "coefficients": [{"name": "x", "estimate": 1}]}`))
	f.Add([]byte(`{"format": "logreg-model", "version": 2}`))
	f.Add([]byte(multinomialModel))
	f.Add([]byte(`[]`))
	const data = "y,x,g\nyes,1,a\nno,2.5,b\nyes,-3,c\nno,0,b\n"
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := readModelBytes(b, "model.json")
		if err != nil {
			if msg := err.Error(); msg == "" || strings.ContainsAny(msg, "\n\r") && !strings.ContainsAny(string(b), "\n\r") {
				t.Errorf("got error %q, want one line", msg)
			}
			return
		}
		for _, c := range m.Coef() {
			if math.IsNaN(c) || math.IsInf(c, 0) {
				t.Fatalf("parsed a non-finite estimate %v", c)
			}
		}
		enc := m.Encoding()
		for _, target := range []bool{false, true} {
			tab, err := enc.Apply(strings.NewReader(data), dataset.ApplyOptions{Target: target})
			if err != nil {
				continue
			}
			n, _ := tab.X.Dims()
			if m.Family() == "multinomial" {
				var p linalg.Dense
				m.ProbabilitiesTo(&p, tab.X)
				continue
			}
			p := make([]float64, n)
			m.PredictTo(p, tab.X)
		}
		if _, err := m.NewEncoder(dataset.RowOptions{}); err != nil {
			t.Fatalf("no encoder for a model that parsed: %v", err)
		}
		var buf bytes.Buffer
		if _, err := m.WriteTo(&buf); err != nil {
			t.Fatalf("writing a model that parsed: %v", err)
		}
		back, err := readModelBytes(buf.Bytes(), "again.json")
		if err != nil {
			t.Fatalf("reading a written model: %v\n%s", err, buf.Bytes())
		}
		if !slices.Equal(bitsOf(m.Coef()), bitsOf(back.Coef())) {
			t.Errorf("got coefficients %v after writing, want %v", back.Coef(), m.Coef())
		}
		var again bytes.Buffer
		back.WriteTo(&again)
		if again.String() != buf.String() {
			t.Errorf("second write differs")
		}
	})
}

// TestReadModelErrors checks that a model file with a field missing or
// null is refused by name, and that a JSON error gives its line, column
// and byte offset: every strict prefix of a written model is such an error.
func TestReadModelErrors(t *testing.T) {
	t.Parallel()
	good, err := os.ReadFile(modelV1)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) []byte {
		t.Helper()
		if !bytes.Contains(good, []byte(old)) {
			t.Fatalf("%s lacks %q", modelV1, old)
		}
		return bytes.Replace(good, []byte(old), []byte(new), 1)
	}
	cases := []struct {
		name string
		b    []byte
		want string // regular expression for the whole message
	}{
		{"null estimate", edit(`"estimate": -0.0295490270744`, `"estimate": null, "x": -0.0295490270744`),
			`^m\.json: invalid model file: coefficients\[1\]\.estimate is null$`},
		{"missing estimate", edit(`"estimate": -0.0295490270744`, `"x": -0.0295490270744`),
			`^m\.json: invalid model file: missing field coefficients\[1\]\.estimate$`},
		{"missing name", edit(`"name": "lwt",`+"\n      \"estimate\"", `"estimate"`),
			`^m\.json: invalid model file: missing field coefficients\[2\]\.name$`},
		{"missing intercept", edit(`"intercept": true,`, ``),
			`^m\.json: invalid model file: missing field intercept$`},
		{"null encoding", edit(`"encoding": {`, `"encoding": null, "old": {`),
			`^m\.json: invalid model file: encoding is null$`},
		{"missing training", edit(`"training"`, `"trained"`),
			`^m\.json: invalid model file: missing field training$`},
		{"one target level", edit(`"levels": [`+"\n        \"0\",", `"levels": [`),
			`^m\.json: invalid model file: encoding\.target\.levels has 1 elements, want 2$`},
		{"text estimate", edit(`"estimate": -0.029549027074474887`, `"estimate": "-0.03"`),
			`^m\.json:\d+:\d+: invalid model file: coefficients\.estimate is not a float64$`},
		{"huge estimate", edit(`"estimate": -0.029549027074474887`, `"estimate": 1e400`),
			`^m\.json:\d+:\d+: invalid model file: coefficients\.estimate is not a float64$`},
		{"bad byte", edit(`"version": 1,`, `"version": 1,,`),
			`^m\.json:3:16: invalid JSON at byte offset 45: invalid character ',' looking for beginning of object key string$`},
		{"empty", nil, `^m\.json: not a logreg model file \(not a JSON object\)$`},
		{"extra brace", []byte(`{"format": "x"}}`), `^m\.json:1:16: invalid JSON at byte offset 15: invalid character '\}' after top-level value$`},
		{"CSV", []byte("name,estimate\n"), `^m\.json: not a logreg model file \(not a JSON object\)$`},
		{"trailing text", append(slices.Clone(good), "{}"...),
			`^m\.json:122:1: invalid JSON at byte offset \d+: invalid character '\{' after top-level value$`},
	}
	for _, c := range cases {
		_, err := readModelBytes(c.b, "m.json")
		if err == nil || !regexp.MustCompile(c.want).MatchString(err.Error()) {
			t.Errorf("%s: got error %v, want one matching %s", c.name, err, c.want)
		}
	}
	trimmed := len(bytes.TrimRight(good, "\n"))
	want := regexp.MustCompile(`^m\.json:(\d+):(\d+): invalid JSON at byte offset (\d+): unexpected end of JSON input$`)
	for n := 1; n < trimmed; n++ {
		_, err := readModelBytes(good[:n], "m.json")
		if err == nil || !want.MatchString(err.Error()) {
			t.Fatalf("prefix of %d bytes: got error %v, want one matching %s", n, err, want)
		}
		if off := want.FindStringSubmatch(err.Error())[3]; off != fmt.Sprint(n) {
			t.Fatalf("prefix of %d bytes: got byte %s, want %d", n, off, n)
		}
	}
	if _, err := readModelBytes(good[:trimmed], "m.json"); err != nil {
		t.Errorf("the model without its final newline: %v", err)
	}
}

// TestZeroModelWrite checks that the zero Model, which has no coefficients,
// is not written as a model file that ReadModel then refuses.
func TestZeroModelWrite(t *testing.T) {
	t.Parallel()
	var m logreg.Model
	var b bytes.Buffer
	n, err := m.WriteTo(&b)
	if err == nil || !strings.Contains(err.Error(), "no coefficients") || n != 0 || b.Len() != 0 {
		t.Errorf("zero Model: wrote %d bytes (%d buffered), error %v, want nothing and an error saying it has no coefficients", n, b.Len(), err)
	}
}
