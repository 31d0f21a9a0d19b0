package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
)

// modelFile is a model written by fit -out (birthwt, low on every other
// column) and kept as written: later versions of logreg must read it.
const modelFile = "testdata/birthwt.model.json"

// FuzzModel feeds arbitrary model files to the predict path: parsing never
// panics, an error is one line, a file that parses has finite
// coefficients that match its encoding and predicts a small CSV file
// without panicking (or fails with an error), and writing it again reads
// back to the same coefficients bit for bit. The seeds include a model
// written by fit and every prefix of it.
func FuzzModel(f *testing.F) {
	good, err := os.ReadFile(modelFile)
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
	f.Add([]byte(`[]`))
	const data = "y,x,g\nyes,1,a\nno,2.5,b\nyes,-3,c\nno,0,b\n"
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseModel(b, "model.json")
		if err != nil {
			if msg := err.Error(); msg == "" || strings.ContainsAny(msg, "\n\r") && !strings.ContainsAny(string(b), "\n\r") {
				t.Errorf("got error %q, want one line", msg)
			}
			return
		}
		for _, c := range m.Coefficients {
			if !finite(c.Estimate) {
				t.Fatalf("parsed a non-finite estimate %v", c.Estimate)
			}
		}
		if err := m.check(); err != nil {
			t.Fatalf("parsed a model that fails its check: %v", err)
		}
		for _, target := range []bool{false, true} {
			tab, err := m.Encoding.Apply(strings.NewReader(data), dataset.ApplyOptions{Target: target})
			if err != nil {
				continue
			}
			n, _ := tab.X.Dims()
			p := make([]float64, n)
			m.result().PredictTo(p, tab.X)
			if target {
				eta := linearPredictor(m.result(), tab.X)
				evaluate(tab.Y, eta, 0.5)
			}
		}
		var buf bytes.Buffer
		if err := writeJSON(&buf, m); err != nil {
			t.Fatalf("writing a model that parsed: %v", err)
		}
		back, err := parseModel(buf.Bytes(), "again.json")
		if err != nil {
			t.Fatalf("reading a written model: %v\n%s", err, buf.Bytes())
		}
		bits := func(m *model) []uint64 {
			var out []uint64
			for _, c := range m.Coefficients {
				out = append(out, math.Float64bits(c.Estimate))
			}
			return out
		}
		if !slices.Equal(bits(m), bits(back)) {
			t.Errorf("got coefficients %v after writing, want %v", back.Coefficients, m.Coefficients)
		}
	})
}

// BenchmarkEvaluate measures the eval measures, dominated by the sort of
// the AUC, on seeded scores with ties.
func BenchmarkEvaluate(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			y := make([]float64, n)
			eta := make([]float64, n)
			var s uint64 = 1
			for i := range y {
				s = s*6364136223846793005 + 1442695040888963407
				eta[i] = float64(int64(s>>40)%200-100) / 20 // 200 distinct values: many ties
				if s>>33&1 == 1 {
					y[i] = 1
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				evaluate(y, eta, 0.5)
			}
		})
	}
}

// TestModelFileKept checks that a model file written by an earlier fit
// still reads, with R's estimates (birthwt.coef.csv) to 1e-12 relative.
func TestModelFileKept(t *testing.T) {
	t.Parallel()
	m, err := readModel(modelFile)
	if err != nil {
		t.Fatal(err)
	}
	want, err := refcase.Coefs("birthwt.coef.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Coefficients) != len(want) {
		t.Fatalf("got %d coefficients, want %d", len(m.Coefficients), len(want))
	}
	const tol = 1e-12 // the fit's estimates against R's, which print 15 digits
	for i, c := range m.Coefficients {
		if refcase.RName(c.Name) != want[i].Name || !(relErr(c.Estimate, want[i].Estimate) <= tol) {
			t.Errorf("coefficient %d: got %s %v, want %s %v (relative tolerance %g)", i, c.Name, c.Estimate, want[i].Name, want[i].Estimate, tol)
		}
	}
}

// TestParseModelErrors checks that a model file with a field missing or
// null is refused by name, and that a JSON error gives its line, column
// and byte offset: every strict prefix of a written model is such an error.
func TestParseModelErrors(t *testing.T) {
	t.Parallel()
	good, err := os.ReadFile(modelFile)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) []byte {
		t.Helper()
		if !bytes.Contains(good, []byte(old)) {
			t.Fatalf("%s lacks %q", modelFile, old)
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
		{"CSV", []byte("name,estimate\n"), `^m\.json: not a logreg model file \(not a JSON object\)$`},
		{"trailing text", append(slices.Clone(good), "{}"...),
			`^m\.json:122:1: invalid JSON at byte offset \d+: invalid character '\{' after top-level value$`},
	}
	for _, c := range cases {
		_, err := parseModel(c.b, "m.json")
		if err == nil || !regexp.MustCompile(c.want).MatchString(err.Error()) {
			t.Errorf("%s: got error %v, want one matching %s", c.name, err, c.want)
		}
	}
	trimmed := len(bytes.TrimRight(good, "\n"))
	want := regexp.MustCompile(`^m\.json:(\d+):(\d+): invalid JSON at byte offset (\d+): unexpected end of JSON input$`)
	for n := 1; n < trimmed; n++ {
		_, err := parseModel(good[:n], "m.json")
		if err == nil || !want.MatchString(err.Error()) {
			t.Fatalf("prefix of %d bytes: got error %v, want one matching %s", n, err, want)
		}
		if off := want.FindStringSubmatch(err.Error())[3]; off != fmt.Sprint(n) {
			t.Fatalf("prefix of %d bytes: got byte %s, want %d", n, off, n)
		}
	}
	if _, err := parseModel(good[:trimmed], "m.json"); err != nil {
		t.Errorf("the model without its final newline: %v", err)
	}
}

// TestModelSizeBound checks that a model file is read up to
// maxModelBytes: -model /dev/zero fails with a message, not out of memory.
func TestModelSizeBound(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	for _, cmd := range []string{"predict", "eval"} {
		r := runBin(t, "", cmd, "-model", "/dev/zero", "-data", mtcarsCSV)
		if want := "logreg: /dev/zero: not a logreg model file: larger than 64 MiB\n"; r.code != 1 || r.stderr != want {
			t.Errorf("%s: got exit %d, stderr %q, want exit 1, %q", cmd, r.code, r.stderr, want)
		}
	}
}
