package main

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestGolden compares the default run with testdata/default.golden byte for
// byte; go test ./cmd/irisdemo -update rewrites it.
func TestGolden(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run(nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status: got %d, want 0 (stderr %q)", code, stderr.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr: got %q, want nothing", stderr.String())
	}
	path := filepath.Join("testdata", "default.golden")
	if *update {
		if err := os.WriteFile(path, stdout.Bytes(), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := stdout.String(); got != string(want) {
		t.Errorf("default output differs from %s (run go test -update to rewrite it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestMessages checks what each kind of run must say, independently of the
// golden file.
func TestMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		want    []string // substrings of stdout
		notWant []string
	}{
		{
			name: "default is separated",
			args: nil,
			want: []string{
				"setosa (y = 0) against versicolor (y = 1)",
				"75 training rows, 25 test rows",
				"completely\nseparated",
				"maximum-likelihood\nestimate does not exist",
				"Not converged",
				"The diverging coefficients\nare (Intercept), sepal_length, sepal_width, petal_length and petal_width.",
				"Test accuracy at threshold 0.5: 25 of 25 = 100.0%",
				"The test accuracy is still 100.0% (25 of 25)",
				"Firth's fit on the same 75 training rows (converged):",
			},
			notWant: []string{"Std. Error", "NOT converged", "NaN", "Inf"},
		},
		{
			name:    "versicolor and virginica converge",
			args:    []string{"-classes", "versicolor,virginica"},
			want:    []string{"Converged after", "Std. Error", "Null deviance", "Test accuracy at threshold 0.5: "},
			notWant: []string{"SEPARATION", "Firth", "does not exist"},
		},
		{
			name: "all rows",
			args: []string{"-classes", "versicolor,virginica", "-all"},
			want: []string{"Fitted on all 100 rows", "Training accuracy at threshold 0.5: "},
		},
		{
			name: "setosa and virginica are separated too",
			args: []string{"-classes", " Virginica , setosa", "-seed", "7", "-test-frac", "0.2"},
			want: []string{"virginica (y = 0) against setosa (y = 1)", "80 training rows, 20 test rows", "SEPARATION", "Firth's fit"},
		},
		{
			name: "threshold is reported",
			args: []string{"-threshold", "0.9"},
			want: []string{"Test accuracy at threshold 0.9: "},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != 0 {
				t.Fatalf("exit status: got %d, want 0 (stderr %q)", code, stderr.String())
			}
			out := stdout.String()
			for _, s := range tc.want {
				if !strings.Contains(out, s) {
					t.Errorf("output does not contain %q:\n%s", s, out)
				}
			}
			for _, s := range tc.notWant {
				if strings.Contains(out, s) {
					t.Errorf("output contains %q:\n%s", s, out)
				}
			}
		})
	}
}

// TestVersicolorVirginica fits versicolor against virginica on all 100 rows,
// as -all does, and compares with R's glm (testdata/iris_vv.coef.csv).
// Tolerance: 1e-6 relative for estimates and standard errors.
func TestVersicolorVirginica(t *testing.T) {
	t.Parallel()
	const tol = 1e-6
	cfg, err := parseArgs([]string{"-classes", "versicolor,virginica", "-all"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := newExperiment(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.train) != 100 || len(e.test) != 0 {
		t.Fatalf("rows: got %d training and %d test, want 100 and 0", len(e.train), len(e.test))
	}
	if !e.ml.Converged || e.ml.Separation || e.firth != nil {
		t.Fatalf("got converged %v, separation %v, Firth fit %v; want a converged fit without separation",
			e.ml.Converged, e.ml.Separation, e.firth != nil)
	}
	ref := readRef(t, filepath.Join("testdata", "iris_vv.coef.csv"))
	if len(e.ml.Names) != len(ref) {
		t.Fatalf("coefficients: got %d, want %d", len(e.ml.Names), len(ref))
	}
	sum := e.ml.Summary(0.95)
	for i, r := range ref {
		c := sum.Coefs[i]
		if c.Name != r.name {
			t.Errorf("name %d: got %q, want %q", i, c.Name, r.name)
		}
		if d := relErr(c.Estimate, r.est); !(d <= tol) {
			t.Errorf("%s estimate: got %.15g, want %.15g (relative error %.2g > %g)", r.name, c.Estimate, r.est, d, tol)
		}
		if d := relErr(c.StdErr, r.se); !(d <= tol) {
			t.Errorf("%s std. error: got %.15g, want %.15g (relative error %.2g > %g)", r.name, c.StdErr, r.se, d, tol)
		}
	}
}

type refCoef struct {
	name    string
	est, se float64
}

func readRef(t *testing.T, path string) []refCoef {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []refCoef
	for _, r := range recs[1:] {
		est, err1 := strconv.ParseFloat(r[1], 64)
		se, err2 := strconv.ParseFloat(r[2], 64)
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		out = append(out, refCoef{r[0], est, se})
	}
	return out
}

func relErr(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }

// TestSVG writes the figure and checks that it is well-formed XML with an
// <svg> root that has a viewBox and one <circle> per data row.
func TestSVG(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		circles int
		title   string // substring of the <title>
	}{
		{"default, Firth's fit", nil, 100, "Firth's logistic fit"},
		{"versicolor virginica", []string{"-classes", "versicolor,virginica"}, 100, "maximum-likelihood logistic fit"},
		{"all rows", []string{"-classes", "versicolor,virginica", "-all"}, 100, "Fitted on all 100 rows"},
		{"threshold", []string{"-classes", "setosa,virginica", "-threshold", "0.2"}, 100, "separated"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "fig.svg")
			var stdout, stderr bytes.Buffer
			if code := run(append(tc.args, "-svg", path), &stdout, &stderr); code != 0 {
				t.Fatalf("exit status: got %d, want 0 (stderr %q)", code, stderr.String())
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			root, circles, title := scanSVG(t, data)
			if root.Name.Local != "svg" || root.Name.Space != "http://www.w3.org/2000/svg" {
				t.Errorf("root: got %v, want svg in the SVG namespace", root.Name)
			}
			var viewBox string
			for _, a := range root.Attr {
				if a.Name.Local == "viewBox" {
					viewBox = a.Value
				}
			}
			if len(strings.Fields(viewBox)) != 4 {
				t.Errorf("viewBox: got %q, want four numbers", viewBox)
			}
			if circles != tc.circles {
				t.Errorf("circles: got %d, want %d", circles, tc.circles)
			}
			if !strings.Contains(title, tc.title) {
				t.Errorf("title: got %q, want it to contain %q", title, tc.title)
			}
		})
	}
}

// scanSVG parses an SVG document with encoding/xml and returns its root
// element, the number of <circle> elements and the text of <title>.
func scanSVG(t *testing.T, data []byte) (root xml.StartElement, circles int, title string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	inTitle := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("invalid XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				root = tok.Copy()
			}
			depth++
			circles += btoi(tok.Name.Local == "circle")
			inTitle = tok.Name.Local == "title"
		case xml.EndElement:
			depth--
			inTitle = false
		case xml.CharData:
			if inTitle {
				title += string(tok)
			}
		}
	}
	if depth != 0 {
		t.Fatalf("unbalanced elements: depth %d at the end", depth)
	}
	return root, circles, title
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestUsageErrors checks that bad flags exit with status 2, a message and
// the usage on stderr, and nothing on stdout.
func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		msg  string // substring of stderr
	}{
		{"unknown flag", []string{"-nope"}, "flag provided but not defined: -nope"},
		{"seed not a number", []string{"-seed", "x"}, "invalid value"},
		{"negative seed", []string{"-seed", "-1"}, "invalid value"},
		{"test-frac 0", []string{"-test-frac", "0"}, "-test-frac 0: want a fraction in (0, 1)"},
		{"test-frac 1", []string{"-test-frac", "1"}, "-test-frac 1"},
		{"test-frac NaN", []string{"-test-frac", "NaN"}, "-test-frac NaN"},
		{"threshold 0", []string{"-threshold", "0"}, "-threshold 0: want a probability in (0, 1)"},
		{"threshold 1.5", []string{"-threshold", "1.5"}, "-threshold 1.5"},
		{"one species", []string{"-classes", "setosa"}, "want two species"},
		{"three species", []string{"-classes", "setosa,versicolor,virginica"}, "want two species"},
		{"unknown species", []string{"-classes", "setosa,rose"}, `unknown species "rose"`},
		{"same species", []string{"-classes", "setosa,setosa"}, "must differ"},
		{"argument", []string{"extra"}, `unexpected argument "extra"`},
		{"all and test-frac", []string{"-all", "-test-frac", "0.3"}, "cannot be combined"},
		{"all and seed", []string{"-all", "-seed", "2"}, "cannot be combined"},
		{"missing value", []string{"-svg"}, "flag needs an argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != 2 {
				t.Errorf("exit status: got %d, want 2", code)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout: got %q, want nothing", stdout.String())
			}
			msg := stderr.String()
			if !strings.HasPrefix(msg, "irisdemo: ") || !strings.Contains(msg, tc.msg) {
				t.Errorf("stderr: got %q, want an irisdemo: message containing %q", msg, tc.msg)
			}
			if !strings.Contains(msg, "Usage: irisdemo [flags]") || !strings.Contains(msg, "-test-frac") {
				t.Errorf("stderr: got %q, want the usage", msg)
			}
		})
	}
}

// TestHelp checks that -h prints the usage on stdout and exits 0.
func TestHelp(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"-h", "-help", "--help"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{arg}, &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit status: got %d, want 0", arg, code)
		}
		if !strings.HasPrefix(stdout.String(), "Usage: irisdemo [flags]") {
			t.Errorf("%s: stdout: got %q, want the usage", arg, stdout.String())
		}
		if stderr.Len() != 0 {
			t.Errorf("%s: stderr: got %q, want nothing", arg, stderr.String())
		}
	}
}

// TestRunErrors checks that failures after parsing exit with status 1.
func TestRunErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"svg in a missing directory", []string{"-svg", filepath.Join(t.TempDir(), "no", "such", "dir", "f.svg")}, "no such file"},
		{"too few training rows", []string{"-test-frac", "0.99"}, "irisdemo: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != 1 {
				t.Errorf("exit status: got %d, want 1 (stdout %q)", code, stdout.String())
			}
			if !strings.Contains(stderr.String(), tc.msg) {
				t.Errorf("stderr: got %q, want it to contain %q", stderr.String(), tc.msg)
			}
		})
	}
}

// TestNiceTicks checks the axis ticks on hand-worked ranges: the step is
// the smallest of 1, 2, 5 and 10 times a power of ten that is at least a
// eighth of the range.
func TestNiceTicks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lo, hi float64
		want   string
	}{
		{-6.3, 6.3, "-6 -4 -2 0 2 4 6"},
		{0.01, 0.99, "0.2 0.4 0.6 0.8"},
		{-31, 12, "-30 -20 -10 0 10"},
		{-0.5, 0.5, "-0.4 -0.2 0.0 0.2 0.4"},
		{2, 2.09, "2.00 2.02 2.04 2.06 2.08"},
	}
	for _, tc := range tests {
		ticks, dec := niceTicks(tc.lo, tc.hi)
		var s []string
		for _, v := range ticks {
			s = append(s, strconv.FormatFloat(v, 'f', dec, 64))
		}
		if got := strings.Join(s, " "); got != tc.want {
			t.Errorf("niceTicks(%v, %v): got %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}
