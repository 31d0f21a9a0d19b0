package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
)

// checkSameFit checks that the streamed fit s has the numbers of the
// in-memory fit m: every estimate, standard error, z, p, interval
// bound, deviance and log-likelihood to tol (relative, absolute below 1),
// the counts, flags and warnings exactly.
func checkSameFit(t *testing.T, s, m *fitJSONOut, tol float64) {
	t.Helper()
	if len(s.Coefficients) != len(m.Coefficients) {
		t.Fatalf("got %d coefficients, want %d", len(s.Coefficients), len(m.Coefficients))
	}
	check := func(what string, got, want *float64) {
		t.Helper()
		switch {
		case (got == nil) != (want == nil):
			t.Errorf("%s: got %v, want %v", what, got, want)
		case got != nil && !closeTo(*got, *want, tol):
			t.Errorf("%s: got %v, want %v (tolerance %g)", what, *got, *want, tol)
		}
	}
	for i, c := range s.Coefficients {
		w := m.Coefficients[i]
		if c.Name != w.Name {
			t.Errorf("coefficient %d: got name %q, want %q", i, c.Name, w.Name)
		}
		check(c.Name+" estimate", c.Estimate, w.Estimate)
		check(c.Name+" std_error", c.StdErr, w.StdErr)
		check(c.Name+" z", c.Z, w.Z)
		check(c.Name+" p", c.P, w.P)
		check(c.Name+" ci_low", c.Low, w.Low)
		check(c.Name+" ci_high", c.High, w.High)
	}
	check("deviance", s.Deviance, m.Deviance)
	check("null_deviance", s.NullDeviance, m.NullDeviance)
	check("log_likelihood", s.LogLik, m.LogLik)
	check("penalized_log_likelihood", s.PenLogLik, m.PenLogLik)
	check("aic", s.AIC, m.AIC)
	if s.N != m.N || s.DFResidual != m.DFResidual || s.DFNull != m.DFNull || s.DroppedRows != m.DroppedRows ||
		s.Converged != m.Converged || s.Iterations != m.Iterations || s.Penalty != m.Penalty {
		t.Errorf("got n %d, df %d/%d, dropped %d, converged %v, %d iterations, penalty %q; want %d, %d/%d, %d, %v, %d, %q",
			s.N, s.DFResidual, s.DFNull, s.DroppedRows, s.Converged, s.Iterations, s.Penalty,
			m.N, m.DFResidual, m.DFNull, m.DroppedRows, m.Converged, m.Iterations, m.Penalty)
	}
	// The streamed fit diagnoses separation as the in-memory fit does.
	want := m.Warnings
	if !slices.Equal(s.Warnings, want) {
		t.Errorf("got warnings %q, want %q", s.Warnings, want)
	}
	checkTiming(t, s)
}

// TestFitStreamRefCases checks -stream, with the default chunks and with
// chunks of 3 rows, against the in-memory fit (every number to 1e-10,
// relative, absolute below 1) and against R's glm (estimates, standard
// errors, z and p as checkRCoefs does).
func TestFitStreamRefCases(t *testing.T) {
	t.Parallel()
	for _, c := range glmCases {
		for _, chunk := range [][]string{nil, {"-chunk-rows", "3"}} {
			t.Run(c.name+strings.Join(chunk, ""), func(t *testing.T) {
				t.Parallel()
				args := append([]string{"fit", "-data", refcase.Path(c.data), "-format", "json"}, c.args...)
				m := decodeFit(t, mustRun(t, "", args...).stdout)
				s := decodeFit(t, mustStream(t, "", append(append(args, "-stream"), chunk...)...).stdout)
				checkSameFit(t, s, m, 1e-10)
				checkRCoefs(t, s, refRecords(t, c.ref+".coef.csv"))
			})
		}
	}
}

// TestFitStreamOptions checks -stream against the in-memory fit, every
// number to 1e-10, with weights, dropped rows, a text target with
// -positive, no intercept, and a ridge penalty (whose estimates are also
// checked against scikit-learn's to 1e-8 relative).
func TestFitStreamOptions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// iris_vv with a weights column cycling 1, 2, 3, 0.5.
	lines := strings.Split(strings.TrimSpace(readFileString(t, irisCSV)), "\n")
	ws := []string{"1", "2", "3", "0.5"}
	var b strings.Builder
	b.WriteString(lines[0] + ",w\n")
	for i, l := range lines[1:] {
		b.WriteString(l + "," + ws[i%len(ws)] + "\n")
	}
	weighted := writeFile(t, dir, "weighted.csv", b.String())
	// birthwt with missing values in lwt and race.
	lines = strings.Split(strings.TrimSpace(readFileString(t, birthwtCSV)), "\n")
	b.Reset()
	for i, l := range lines {
		f := strings.Split(l, ",")
		switch {
		case i%17 == 5:
			f[2] = "NA"
		case i%23 == 7:
			f[3] = ""
		}
		b.WriteString(strings.Join(f, ",") + "\n")
	}
	missing := writeFile(t, dir, "missing.csv", b.String())
	textTarget := writeFile(t, dir, "text.csv", strings.NewReplacer(",0\n", ",no\n", ",1\n", ",yes\n").Replace(readFileString(t, irisCSV)))

	cases := []struct {
		name string
		args []string
	}{
		{"weights", []string{"-data", weighted, "-target", "virginica", "-weights", "w"}},
		{"drop missing", []string{"-data", missing, "-target", "low", "-na", "omit"}},
		{"text target", []string{"-data", textTarget, "-target", "virginica", "-positive", "yes"}},
		{"no intercept", []string{"-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-no-intercept"}},
		{"intercept only", []string{"-data", mtcarsCSV, "-target", "am", "-features", ""}},
		{"ridge", []string{"-data", irisCSV, "-target", "virginica", "-l2", "1"}},
	}
	for _, c := range cases {
		for _, chunk := range [][]string{nil, {"-chunk-rows", "7"}} {
			t.Run(c.name+strings.Join(chunk, ""), func(t *testing.T) {
				t.Parallel()
				args := append([]string{"fit", "-format", "json"}, c.args...)
				m := decodeFit(t, mustRun(t, "", args...).stdout)
				s := decodeFit(t, mustStream(t, "", append(append(args, "-stream"), chunk...)...).stdout)
				checkSameFit(t, s, m, 1e-10)
				if c.name == "drop missing" && s.DroppedRows == 0 {
					t.Errorf("got 0 dropped rows, want some")
				}
				if c.name != "ridge" {
					return
				}
				for i, want := range refRecords(t, "iris_vv.l2_1.coef.csv") {
					if w := parseFloat(t, want["estimate"]); !(relErr(*s.Coefficients[i].Estimate, w) <= 1e-8) {
						t.Errorf("%s: got %v, want scikit-learn's %v (relative tolerance 1e-8)", want["name"], *s.Coefficients[i].Estimate, w)
					}
				}
			})
		}
	}
}

// TestFitStreamStdin checks -stream -data - against the fit of the file.
func TestFitStreamStdin(t *testing.T) {
	t.Parallel()
	args := []string{"fit", "-target", "low", "-format", "json"}
	m := decodeFit(t, mustRun(t, "", append(args, "-data", birthwtCSV)...).stdout)
	s := decodeFit(t, mustStream(t, readFileString(t, birthwtCSV), append(args, "-data", "-", "-stream", "-chunk-rows", "10")...).stdout)
	checkSameFit(t, s, m, 1e-10)
}

// TestFitStreamText checks that the text output and the model file of
// -stream are those of the in-memory fit: the same text but for the call
// line, and the same model file but for the coefficients' last digits.
func TestFitStreamText(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	args := []string{"fit", "-data", birthwtCSV, "-target", "low"}
	mOut, sOut := filepath.Join(dir, "m.json"), filepath.Join(dir, "s.json")
	m := mustRun(t, "", append(args, "-out", mOut)...).stdout
	s := mustStream(t, "", append(args, "-stream", "-chunk-rows", "5", "-out", sOut)...).stdout
	_, mRest, _ := strings.Cut(m, "\n\n")
	_, sRest, _ := strings.Cut(s, "\n\n")
	if !strings.HasPrefix(s, "Call:\n  logreg fit -data "+birthwtCSV+" -target low -stream -chunk-rows 5 -out ") || sRest != mRest {
		t.Errorf("got\n%s\nwant the call line, then\n%s", s, mRest)
	}
	mm, err := readModel(mOut)
	if err != nil {
		t.Fatal(err)
	}
	sm, err := readModel(sOut)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range sm.Coefficients {
		if !closeTo(c.Estimate, mm.Coefficients[i].Estimate, 1e-10) {
			t.Errorf("model coefficient %s: got %v, want %v (tolerance 1e-10)", c.Name, c.Estimate, mm.Coefficients[i].Estimate)
		}
	}
	sc, mc := sm.Cov().RawData(), mm.Cov().RawData()
	for i := range mc {
		if !closeTo(sc[i], mc[i], 1e-10) {
			t.Errorf("model covariance entry %d: got %v, want %v (tolerance 1e-10)", i, sc[i], mc[i])
		}
	}
	if !reflect.DeepEqual(sm.Encoding, mm.Encoding) || sm.Provenance() != mm.Provenance() || !slices.Equal(sm.Names(), mm.Names()) || sm.Penalty() != mm.Penalty() {
		t.Errorf("model file: got encoding %+v, provenance %+v, names %q, want %+v, %+v, %q",
			sm.Encoding, sm.Provenance(), sm.Names(), mm.Encoding, mm.Provenance(), mm.Names())
	}
}

// TestFitStreamSeparated checks that a streamed fit of separated data
// reports the separation as the in-memory fit does.
func TestFitStreamSeparated(t *testing.T) {
	t.Parallel()
	data := writeFile(t, t.TempDir(), "sep.csv", "y,x\n0,1\n0,2\n0,3\n1,4\n1,5\n1,6\n")
	s := decodeFit(t, mustStream(t, "", "fit", "-data", data, "-target", "y", "-format", "json", "-stream").stdout)
	m := decodeFit(t, mustStream(t, "", "fit", "-data", data, "-target", "y", "-format", "json").stdout)
	if !s.Separation || s.Converged || !slices.Equal(s.Warnings, m.Warnings) {
		t.Errorf("got separation %v converged %v warnings %q, want true false %q", s.Separation, s.Converged, s.Warnings, m.Warnings)
	}
	text := mustStream(t, "", "fit", "-data", data, "-target", "y", "-stream").stdout
	if !strings.Contains(text, "completely separated") {
		t.Errorf("text output lacks the separation warning:\n%s", text)
	}
}

// TestFitStreamErrors checks that a bad input gives the same message and
// exit status with -stream as without, that no temporary file is left, and
// the usage errors of -stream.
func TestFitStreamErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := func(name, content string) string { return writeFile(t, dir, name, content) }
	cases := []struct {
		name string
		args []string
	}{
		{"bad quote", []string{"-data", file("bad.csv", "y,x\n1,2\n0,3\"x\n1,4\n"), "-target", "y"}},
		{"ragged row", []string{"-data", file("ragged.csv", "y,x,g\n1,2,a\n0,3,b\n1,4\n"), "-target", "y"}},
		{"missing value", []string{"-data", file("na.csv", "y,x,g\n1,2,a\n0,NA,b\n1,4,a\n0,1,b\n"), "-target", "y"}},
		{"mixed column", []string{"-data", file("mixed.csv", "y,x\n1,2\n0,3\n1,four\n0,5\n0,6\n"), "-target", "y"}},
		{"unknown column", []string{"-data", file("u.csv", "y,x\n1,2\n0,3\n"), "-target", "y", "-features", "x,z"}},
		{"bad target", []string{"-data", file("t.csv", "y,x\n1,2\n0,3\n2,4\n"), "-target", "y"}},
		{"late syntax error", []string{"-data", file("late.csv", "y,x\n1,2\n"+strings.Repeat("0,3\n1,4\n", 100000)+"1,\"5\n"), "-target", "y"}},
		{"aliased column", []string{"-data", file("dup.csv", "y,a,b\n1,1,2\n0,2,4\n1,3,6\n0,4,8\n0,1,2\n"), "-target", "y", "-features", "a,b"}},
		{"missing file", []string{"-data", filepath.Join(dir, "nope.csv"), "-target", "y"}},
		{"empty", []string{"-data", file("empty.csv", ""), "-target", "y"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := runBin(t, "", append([]string{"fit"}, c.args...)...)
			s := runStream(t, "", append([]string{"fit", "-stream"}, c.args...)...)
			if m.code != 1 || s.code != 1 || s.stderr != m.stderr || s.stdout != "" {
				t.Errorf("got exit %d, stderr %q, stdout %q, want exit 1 and the in-memory fit's %q",
					s.code, s.stderr, s.stdout, m.stderr)
			}
		})
	}
	t.Run("stdin", func(t *testing.T) {
		t.Parallel()
		in := "y,x\n1,2\n0,3\"x\n1,4\n"
		m := runBin(t, in, "fit", "-data", "-", "-target", "y")
		s := runStream(t, in, "fit", "-data", "-", "-target", "y", "-stream")
		if m.code != 1 || s.code != 1 || s.stderr != m.stderr || !strings.HasPrefix(s.stderr, "logreg: <stdin>:3:") {
			t.Errorf("got exit %d, stderr %q, want exit 1 and %q", s.code, s.stderr, m.stderr)
		}
	})

	t.Run("TMPDIR missing", func(t *testing.T) {
		t.Parallel()
		// The temporary files go to TMPDIR: a missing directory fails.
		cmd := exec.Command(binary, "fit", "-data", irisCSV, "-target", "virginica", "-stream")
		cmd.Env = append(os.Environ(), "TMPDIR="+filepath.Join(dir, "no-such-dir"))
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.HasPrefix(string(out), "logreg: creating a temporary file (set TMPDIR to choose where): ") {
			t.Errorf("got %v, output %q, want exit 1 and a message on the temporary file", err, out)
		}
	})

	usage := []struct {
		name string
		args []string
		want string
	}{
		{"firth", []string{"-stream", "-firth"}, "logreg fit: -stream and -firth cannot be combined"},
		{"chunk rows without stream", []string{"-chunk-rows", "10"}, "logreg fit: -chunk-rows needs -stream"},
		{"negative chunk rows", []string{"-stream", "-chunk-rows", "-1"}, "logreg fit: -chunk-rows must be >= 0, not -1"},
	}
	for _, c := range usage {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runStream(t, "", append([]string{"fit", "-data", irisCSV, "-target", "virginica"}, c.args...)...)
			if r.code != 2 || !strings.HasPrefix(r.stderr, c.want) || r.stdout != "" {
				t.Errorf("got exit %d, stderr %q, want exit 2 and %q", r.code, r.stderr, c.want)
			}
		})
	}
}

// BenchmarkRowFilePass reads 200000 coded rows of 10 columns back from the
// temporary file of -stream, one pass as an iteration of the fit reads
// them; MB/s counts the bytes of the file.
func BenchmarkRowFilePass(b *testing.B) {
	const n, p, chunk = 200000, 10, 8192
	f, done, err := createTemp("logreg-bench-*.bin")
	if err != nil {
		b.Fatal(err)
	}
	defer done()
	rf := newRowFile(f, p, true, chunk)
	rng := rand.New(rand.NewPCG(1, 2))
	for off := 0; off < n; off += chunk {
		m := min(chunk, n-off)
		t := &dataset.Table{X: linalg.NewDense(m, p, nil), Y: make([]float64, m), Weights: make([]float64, m)}
		for i, x := range t.X.RawData() {
			t.X.RawData()[i] = x + rng.NormFloat64()
		}
		for i := range m {
			t.Y[i], t.Weights[i] = float64(rng.IntN(2)), 1+rng.Float64()
		}
		if err := rf.write(t); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(n * rf.rowBytes()))
	b.ReportAllocs()
	sum := 0.0
	for b.Loop() {
		err := rf.chunks(func(x *linalg.Dense, y, w []float64) error {
			sum += x.At(0, 0) + y[0] + w[0]
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if math.IsNaN(sum) {
		b.Fatal("NaN in the rows read back")
	}
}

// TestRowFileRoundTrip checks that the temporary file of -stream gives back
// every value bit for bit, chunk by chunk, and that an error of yield stops
// the pass and comes back unchanged.
func TestRowFileRoundTrip(t *testing.T) {
	t.Parallel()
	const n, p, chunk = 40, 3, 7
	special := []float64{0, math.Copysign(0, -1), math.SmallestNonzeroFloat64, math.MaxFloat64, -1e-300, 1.0 / 3}
	for _, weights := range []bool{false, true} {
		f, done, err := createTemp("logreg-test-*.bin")
		if err != nil {
			t.Fatal(err)
		}
		defer done()
		rf := newRowFile(f, p, weights, chunk)
		rng := rand.New(rand.NewPCG(3, 4))
		var wantX, wantY, wantW []float64
		for off := 0; off < n; off += chunk {
			m := min(chunk, n-off)
			tab := &dataset.Table{X: linalg.NewDense(m, p, nil), Y: make([]float64, m)}
			if weights {
				tab.Weights = make([]float64, m)
			}
			for i := range tab.X.RawData() {
				tab.X.RawData()[i] = special[rng.IntN(len(special))] * rng.NormFloat64()
			}
			for i := range m {
				tab.Y[i] = rng.Float64()
				if weights {
					tab.Weights[i] = rng.ExpFloat64()
				}
			}
			wantX, wantY, wantW = append(wantX, tab.X.RawData()...), append(wantY, tab.Y...), append(wantW, tab.Weights...)
			if err := rf.write(tab); err != nil {
				t.Fatal(err)
			}
		}
		for pass := range 2 {
			var x, y, w []float64
			calls := 0
			err := rf.chunks(func(xc *linalg.Dense, yc, wc []float64) error {
				if r, c := xc.Dims(); r != min(chunk, n-calls*chunk) || c != p || len(yc) != r || weights != (wc != nil) {
					t.Errorf("chunk %d: got %d×%d, %d responses, weights %v", calls, r, c, len(yc), wc != nil)
				}
				x, y, w = append(x, xc.RawData()...), append(y, yc...), append(w, wc...)
				calls++
				return nil
			})
			same := func(a, b []float64) bool {
				return slices.EqualFunc(a, b, func(u, v float64) bool { return math.Float64bits(u) == math.Float64bits(v) })
			}
			if err != nil || !same(x, wantX) || !same(y, wantY) || !same(w, wantW) {
				t.Errorf("weights %v, pass %d: got %v, %v, %v, %v, want %v, %v, %v", weights, pass, x, y, w, err, wantX, wantY, wantW)
			}
		}
		stop := errors.New("stop")
		calls := 0
		err = rf.chunks(func(*linalg.Dense, []float64, []float64) error {
			calls++
			if calls == 2 {
				return stop
			}
			return nil
		})
		if err != stop || calls != 2 {
			t.Errorf("got %v after %d calls, want %v after 2", err, calls, stop)
		}
	}
}

// TestFitStreamGOMAXPROCS checks that the default chunks of -stream do not
// depend on the machine: on 200,000 rows (more than one default chunk at
// any GOMAXPROCS) the JSON output is the same to the bit with GOMAXPROCS 1
// and 64.
func TestFitStreamGOMAXPROCS(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("y,x1,x2\n")
	var s uint64 = 7
	for range 200_000 {
		s = s*6364136223846793005 + 1442695040888963407
		x1 := float64(int64(s>>40)%20000-10000) / 1000
		x2 := float64(int64(s>>20)%20000-10000) / 3000
		y := 0
		if float64(s>>11)/(1<<53) < 1/(1+math.Exp(-(0.3+0.8*x1-0.5*x2))) {
			y = 1
		}
		fmt.Fprintf(&b, "%d,%g,%g\n", y, x1, x2)
	}
	data := writeFile(t, t.TempDir(), "big.csv", b.String())
	var coefs []string
	for _, procs := range []string{"1", "64"} {
		tmp := t.TempDir()
		env := append(os.Environ(), "GOMAXPROCS="+procs, "TMPDIR="+tmp)
		r := mustSucceed(t, runEnv(t, env, "", "fit", "-data", data, "-target", "y", "-format", "json", "-stream"), nil)
		var out struct {
			Coefficients json.RawMessage `json:"coefficients"`
			Deviance     json.RawMessage `json:"deviance"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatal(err)
		}
		coefs = append(coefs, string(out.Coefficients)+string(out.Deviance))
	}
	if coefs[0] != coefs[1] {
		t.Errorf("GOMAXPROCS=1 gives\n%s\nGOMAXPROCS=64 gives\n%s\nwant the same", coefs[0], coefs[1])
	}
}
