package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

const irisAll = "../../logreg/testdata/iris.csv"

// fitMultinomialModel runs fit -family multinomial -out on args and returns
// the model file's path and the fit's JSON output.
func fitMultinomialModel(t *testing.T, args ...string) (string, *multinomialOutput) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.json")
	args = append([]string{"fit", "-family", "multinomial", "-out", path, "-format", "json", "-timing=false"}, args...)
	var out multinomialOutput
	if err := json.Unmarshal([]byte(mustRun(t, "", args...).stdout), &out); err != nil {
		t.Fatal(err)
	}
	return path, &out
}

// TestPredictMultinomial fits housing (Sat, weights Freq, baseline Low)
// with -out, checks that the file's coefficients are the fit's printed
// estimates bit for bit, and that predict writes p_LEVEL for every level
// and the most probable level, its probabilities bit for bit those of the
// model read by logreg.ReadModel (whose own are FitMultinomial's, checked
// in package logreg), summing to 1.
func TestPredictMultinomial(t *testing.T) {
	t.Parallel()
	data := refcase.Path("next/housing.csv")
	path, fit := fitMultinomialModel(t, "-data", data, "-target", "Sat", "-weights", "Freq", "-ref", "Low")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := logreg.ReadModel(f, path)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if m.Family() != "multinomial" || !slices.Equal(m.Levels(), []string{"High", "Low", "Medium"}) || m.Levels()[m.Baseline()] != "Low" {
		t.Fatalf("got family %s levels %q baseline %d, want multinomial [High Low Medium] Low", m.Family(), m.Levels(), m.Baseline())
	}
	coef := m.Coef()
	if len(coef) != len(fit.Coefficients) {
		t.Fatalf("got %d coefficients, want %d", len(coef), len(fit.Coefficients))
	}
	for j, c := range fit.Coefficients {
		if math.Float64bits(coef[j]) != math.Float64bits(float64(c.Estimate)) {
			t.Errorf("coefficient %s:%s: file %v, fit %v", c.Response, c.Name, coef[j], c.Estimate)
		}
	}
	out := mustRun(t, "", "predict", "-model", path, "-data", data, "-keep", "Sat").stdout
	header, rows := readCSV(t, out)
	if want := []string{"Sat", "p_High", "p_Low", "p_Medium", "predicted"}; !slices.Equal(header, want) {
		t.Fatalf("got header %q, want %q", header, want)
	}
	enc := m.Encoding()
	tab, err := enc.ApplyFile(data, dataset.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var p linalg.Dense
	m.ProbabilitiesTo(&p, tab.X)
	if len(rows) != len(tab.Rows) {
		t.Fatalf("got %d rows, want %d", len(rows), len(tab.Rows))
	}
	for i, row := range rows {
		want := p.RawRow(i)
		best, sum := 0, 0.0
		for l, w := range want {
			got := parseFloat(t, row[1+l])
			if math.Float64bits(got) != math.Float64bits(w) {
				t.Fatalf("row %d level %d: got %v, want %v", i, l, got, w)
			}
			if w > want[best] {
				best = l
			}
			sum += got
		}
		if row[4] != m.Levels()[best] || math.Abs(sum-1) > 4e-16 {
			t.Errorf("row %d: got predicted %s, sum %v; want %s, 1", i, row[4], sum, m.Levels()[best])
		}
	}
}

// TestPredictMultinomialOptions checks -na omit's line column, -on-error na
// (a row with an unseen level gets an empty cell per output column) and
// skip, -keep of a column named as a binary model's output, and the usage
// errors of -threshold and of -keep with an output
// column's name.
func TestPredictMultinomialOptions(t *testing.T) {
	t.Parallel()
	path, _ := fitMultinomialModel(t, "-data", irisAll, "-target", "species", "-l2", "1", "-features", "petal_length,sepal_width")
	dir := t.TempDir()
	in := writeFile(t, dir, "in.csv", "petal_length,sepal_width,p_setosa,probability\n1.4,3.5,x,a\nNA,3,y,b\nbig,3,z,c\n5,3,w,d\n")
	r := runBin(t, "", "predict", "-model", path, "-data", in, "-na", "omit", "-on-error", "na")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	header, rows := readCSV(t, r.stdout)
	if want := []string{"line", "p_setosa", "p_versicolor", "p_virginica", "predicted"}; !slices.Equal(header, want) {
		t.Fatalf("got header %q, want %q", header, want)
	}
	if len(rows) != 3 || rows[0][0] != "2" || rows[1][0] != "4" || rows[2][0] != "5" ||
		!slices.Equal(rows[1][1:], []string{"", "", "", ""}) || rows[0][4] != "setosa" || rows[2][4] != "virginica" {
		t.Errorf("got rows %q, want lines 2, 4 (empty cells), 5; setosa, virginica", rows)
	}
	if !strings.Contains(r.stderr, "1 row the model cannot score written with empty cells") {
		t.Errorf("got stderr %q", r.stderr)
	}
	r = runBin(t, "", "predict", "-model", path, "-data", in, "-na", "omit", "-on-error", "skip")
	if _, rows := readCSV(t, r.stdout); r.code != 0 || len(rows) != 2 {
		t.Errorf("-on-error skip: exit %d, %d rows, want 0, 2: %s", r.code, len(rows), r.stderr)
	}
	r = runBin(t, "", "predict", "-model", path, "-data", in, "-na", "omit", "-on-error", "skip", "-keep", "probability")
	if header, rows := readCSV(t, r.stdout); r.code != 0 || header[0] != "probability" || header[1] != "line" || rows[1][0] != "d" {
		t.Errorf("-keep probability (not an output column of a multinomial model): exit %d, header %q, rows %q: %s", r.code, header, rows, r.stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-threshold", "0.5"}, "-threshold applies to a binomial model"},
		{[]string{"-keep", "p_setosa"}, `-keep: column "p_setosa" would have the name of an output column`},
	} {
		r := runBin(t, "", append([]string{"predict", "-model", path, "-data", in}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

// TestEvalMultinomial checks eval of a multinomial model against its own
// predict output: the log-loss, accuracy, Brier score, macro F1 and
// confusion matrix computed here from predict's columns and the true
// levels, to 1e-15 relative (the same sums in the same order); and the
// errors: an unknown level names its line, -threshold and -roc are usage
// errors.
func TestEvalMultinomial(t *testing.T) {
	t.Parallel()
	path, _ := fitMultinomialModel(t, "-data", irisAll, "-target", "species", "-l2", "0.5")
	_, rows := readCSV(t, mustRun(t, "", "predict", "-model", path, "-data", irisAll, "-keep", "species").stdout)
	levels := []string{"setosa", "versicolor", "virginica"}
	var ll, brier float64
	correct := 0
	conf := make([][]int, 3)
	for l := range conf {
		conf[l] = make([]int, 3)
	}
	for _, row := range rows {
		y := slices.Index(levels, row[0])
		for l := range levels {
			p := parseFloat(t, row[1+l])
			d := p
			if l == y {
				d, ll = p-1, ll-math.Log(p)
			}
			brier += d * d
		}
		pred := slices.Index(levels, row[4])
		conf[y][pred]++
		if pred == y {
			correct++
		}
	}
	var f1 float64
	for l := range 3 {
		tp, fp, fn := conf[l][l], conf[0][l]+conf[1][l]+conf[2][l]-conf[l][l], conf[l][0]+conf[l][1]+conf[l][2]-conf[l][l]
		f1 += 2 * float64(tp) / float64(2*tp+fp+fn) / 3
	}
	n := float64(len(rows))
	var out evalMultinomialOutput
	if err := json.Unmarshal([]byte(mustRun(t, "", "eval", "-model", path, "-data", irisAll, "-format", "json").stdout), &out); err != nil {
		t.Fatal(err)
	}
	const tol = 1e-15
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"log_loss", float64(out.LogLoss), ll / n}, {"accuracy", float64(out.Accuracy), float64(correct) / n},
		{"brier", float64(out.Brier), brier / n}, {"macro_f1", float64(out.MacroF1), f1},
	} {
		if !(math.Abs(c.got-c.want) <= tol*c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if out.N != 150 || out.Target != "species" || out.Baseline != "setosa" || len(out.Confusion) != 9 {
		t.Fatalf("got n %d target %s baseline %s %d cells", out.N, out.Target, out.Baseline, len(out.Confusion))
	}
	for i, c := range out.Confusion {
		if a, b := i/3, i%3; c.True != levels[a] || c.Predicted != levels[b] || c.N != conf[a][b] {
			t.Errorf("confusion cell %d: got %+v, want %s %s %d", i, c, levels[a], levels[b], conf[a][b])
		}
	}
	text := mustRun(t, "", "eval", "-model", path, "-data", irisAll).stdout
	for _, want := range []string{"150 rows used", "accuracy   " + strconv.FormatFloat(float64(correct)/n, 'f', 6, 64), "true \\ predicted"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
	bad := writeFile(t, t.TempDir(), "bad.csv", "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n5.1,3.5,1.4,0.2,rose\n")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-data", bad}, 1, `bad.csv:3: target "species" is "rose", not a level of the model (levels: setosa, versicolor, virginica)`},
		{[]string{"-data", irisAll, "-threshold", "0.3"}, 2, "-threshold and -roc apply to a binomial model"},
		{[]string{"-data", irisAll, "-roc", filepath.Join(t.TempDir(), "r.svg")}, 2, "-threshold and -roc apply to a binomial model"},
	} {
		r := runBin(t, "", append([]string{"eval", "-model", path}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}

// TestEvalMultinomialNumericTarget: a numeric target's cells match the
// model's levels by value, 2.0 being level 2.
func TestEvalMultinomialNumericTarget(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	train := writeFile(t, dir, "train.csv", "y,x\n1,0.1\n2,0.5\n3,0.9\n1,0.3\n2,0.2\n3,0.6\n1,0.8\n2,0.7\n3,0.4\n")
	test := writeFile(t, dir, "test.csv", "y,x\n1.0,0.1\n2.0,0.5\n3e0,0.9\n")
	path, _ := fitMultinomialModel(t, "-data", train, "-target", "y")
	var out evalMultinomialOutput
	if err := json.Unmarshal([]byte(mustRun(t, "", "eval", "-model", path, "-data", test, "-format", "json").stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.N != 3 || !slices.Equal(out.Levels, []string{"1", "2", "3"}) {
		t.Errorf("got n %d levels %q, want 3 [1 2 3]", out.N, out.Levels)
	}
	var n [3]int
	for _, c := range out.Confusion {
		l, _ := strconv.Atoi(c.True)
		n[l-1] += c.N
	}
	if n != [3]int{1, 1, 1} {
		t.Errorf("got rows per true level %v, want [1 1 1]", n)
	}
}
