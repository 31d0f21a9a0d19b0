package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The hand-computable example: the model p = σ(x) (no intercept, slope 1)
// on six rows
//
//	y  x   p
//	1  2   σ(2)  = 0.8808
//	1  0   σ(0)  = 0.5
//	1  0   σ(0)  = 0.5
//	0  0   σ(0)  = 0.5
//	0 -2   σ(-2) = 0.1192
//	0 -2   σ(-2) = 0.1192
//
// At threshold 0.5 (p ≥ 0.5 predicts 1): TP = 3, FN = 0, FP = 1, TN = 2, so
// accuracy 5/6, precision 3/4, recall 1, F1 = 2·3/(2·3 + 1 + 0) = 6/7.
// AUC: of the 9 positive–negative pairs, σ(2) beats all 3 negatives; each
// 0.5 positive ties the 0.5 negative (½) and beats both σ(−2) (2), so
// AUC = (3 + 2·2.5)/9 = 8/9. Log-loss: three rows lose log 2 and three lose
// log(1 + e^−2), so it is (log 2 + log(1 + e^−2))/2. Brier: three rows
// contribute 0.25 and three σ(−2)², so it is (0.25 + σ(−2)²)/2 with
// σ(−2) = 1/(1 + e²).
const (
	handModel = `{"format": "logreg-model", "version": 1, "intercept": false,
  "encoding": {"features": [{"name": "x", "kind": "numeric"}],
               "target": {"name": "y", "kind": "numeric", "levels": ["0", "1"]}},
  "coefficients": [{"name": "x", "estimate": 1}], "penalty": "none", "lambda": 0,
  "settings": {"data": "hand.csv", "na": "error", "no_intercept": true, "max_iter": 0, "tol": 0, "l2": 0, "firth": false, "level": 0.95},
  "training": {"n": 6, "dropped_rows": 0, "converged": true, "iterations": 0, "separation": false, "deviance": null,
               "null_deviance": null, "log_likelihood": null, "penalized_log_likelihood": null, "aic": null, "warnings": []}}`
	handData = "y,x\n1,2\n1,0\n1,0\n0,0\n0,-2\n0,-2\n"
)

type evalJSONOut struct {
	N         int     `json:"n"`
	Threshold float64 `json:"threshold"`
	cvScores
	Confusion struct {
		TP, FP, TN, FN int
	} `json:"confusion"`
}

func TestEvalHandExample(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := writeFile(t, dir, "model.json", handModel)
	data := writeFile(t, dir, "data.csv", handData)
	svg := filepath.Join(dir, "roc.svg")
	r := mustRun(t, "", "eval", "-model", model, "-data", data, "-format", "json", "-roc", svg)
	var e evalJSONOut
	if err := json.Unmarshal([]byte(r.stdout), &e); err != nil {
		t.Fatal(err)
	}
	s2 := 1 / (1 + math.Exp(2)) // σ(−2)
	const tol = 1e-14           // relative; closed forms with a few roundings
	for _, c := range []struct {
		name string
		got  *float64
		want float64
	}{
		{"accuracy", e.Accuracy, 5.0 / 6},
		{"precision", e.Precision, 3.0 / 4},
		{"recall", e.Recall, 1},
		{"f1", e.F1, 6.0 / 7},
		{"auc", e.AUC, 8.0 / 9},
		{"log_loss", e.LogLoss, (math.Log(2) + math.Log1p(math.Exp(-2))) / 2},
		{"brier", e.Brier, (0.25 + s2*s2) / 2},
	} {
		if c.got == nil || !(relErr(*c.got, c.want) <= tol) {
			t.Errorf("%s: got %v, want %v (relative tolerance %g)", c.name, c.got, c.want, tol)
		}
	}
	if c := e.Confusion; e.N != 6 || c.TP != 3 || c.FN != 0 || c.FP != 1 || c.TN != 2 {
		t.Errorf("got n %d, confusion %+v, want 6, TP 3 FN 0 FP 1 TN 2", e.N, c)
	}
	checkROC(t, svg, [][2]float64{{0, 0}, {0, 1.0 / 3}, {1.0 / 3, 1}, {1, 1}}, "AUC = 0.8889")

	// At threshold 1 nothing is predicted positive: precision is undefined
	// (null), recall and F1 are 0.
	r = mustRun(t, "", "eval", "-model", model, "-data", data, "-format", "json", "-threshold", "1")
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatal(err)
	}
	if got := string(raw["precision"]); got != "null" {
		t.Errorf("precision at threshold 1: got %s, want null", got)
	}
	if got := string(raw["recall"]) + " " + string(raw["f1"]); got != "0 0" {
		t.Errorf("recall and f1 at threshold 1: got %s, want 0 0", got)
	}

	text := mustRun(t, "", "eval", "-model", model, "-data", data, "-threshold", "1").stdout
	for _, want := range []string{"n: 6", "precision: NA", "ROC AUC:   0.888889", "Confusion matrix"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
}

// checkROC parses an SVG file with encoding/xml and checks that it is a
// standalone SVG document with axis labels, the chance diagonal, the curve
// through the points want (false positive rate, true positive rate) and
// the AUC in the legend.
func checkROC(t *testing.T, path string, want [][2]float64, aucText string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	var text strings.Builder
	var root *xml.StartElement
	var points string
	var diagonal map[string]string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			attrs := make(map[string]string)
			for _, a := range el.Attr {
				attrs[a.Name.Local] = a.Value
			}
			if root == nil {
				e := el.Copy()
				root = &e
			}
			if el.Name.Local == "polyline" && attrs["class"] == "roc" {
				points = attrs["points"]
			}
			if el.Name.Local == "line" && attrs["class"] == "chance" {
				diagonal = attrs
			}
		case xml.CharData:
			text.Write(el)
		}
	}
	if root == nil || root.Name.Local != "svg" || root.Name.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("got root %v, want svg in the SVG namespace", root)
	}
	hasViewBox := false
	for _, a := range root.Attr {
		hasViewBox = hasViewBox || a.Name.Local == "viewBox" && len(strings.Fields(a.Value)) == 4
	}
	if !hasViewBox {
		t.Error("got no viewBox of four numbers on the svg element")
	}
	for _, w := range []string{"False positive rate", "True positive rate", aucText} {
		if !strings.Contains(text.String(), w) {
			t.Errorf("SVG text lacks %q: %q", w, text.String())
		}
	}
	x0, y0 := plotXY(0, 0)
	x1, y1 := plotXY(1, 1)
	if diagonal == nil || diagonal["x1"] != ff(x0) || diagonal["y1"] != ff(y0) || diagonal["x2"] != ff(x1) || diagonal["y2"] != ff(y1) {
		t.Errorf("got diagonal %v, want from (%v, %v) to (%v, %v)", diagonal, x0, y0, x1, y1)
	}
	pts := strings.Fields(points)
	if len(pts) != len(want) {
		t.Fatalf("got curve points %q, want %d points", points, len(want))
	}
	for i, p := range pts {
		xs, ys, _ := strings.Cut(p, ",")
		x, _ := strconv.ParseFloat(xs, 64)
		y, _ := strconv.ParseFloat(ys, 64)
		wx, wy := plotXY(want[i][0], want[i][1])
		if math.Abs(x-wx) > 0.01 || math.Abs(y-wy) > 0.01 {
			t.Errorf("point %d: got (%v, %v), want (%v, %v) ± 0.01", i, x, y, wx, wy)
		}
	}
}

func ff(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// TestEvalTargetRename scores birthwt with its target column renamed, given
// by -target, and checks the same numbers as under the training name.
func TestEvalTargetRename(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := filepath.Join(dir, "m.json")
	mustRun(t, "", "fit", "-data", birthwtCSV, "-target", "low", "-out", model)
	a := mustRun(t, "", "eval", "-model", model, "-data", birthwtCSV, "-format", "json").stdout
	renamed := writeFile(t, dir, "renamed.csv", strings.Replace(readFileString(t, birthwtCSV), "low,", "lowbw,", 1))
	b := mustRun(t, "", "eval", "-model", model, "-data", renamed, "-target", "lowbw", "-format", "json").stdout
	var ea, eb evalJSONOut
	if err := json.Unmarshal([]byte(a), &ea); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(b), &eb); err != nil {
		t.Fatal(err)
	}
	if ea.N != 189 || *ea.AUC != *eb.AUC || *ea.LogLoss != *eb.LogLoss || ea.Confusion != eb.Confusion {
		t.Errorf("got %+v renamed, want %+v", eb, ea)
	}
}

// TestEvalProportionModel checks that a model fitted to proportions with
// weights is scored on 0/1 data without a weights column, that a weights
// column present is not read, and that the log-loss is that of the model's
// own coefficients, each row counting once.
func TestEvalProportionModel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	prop := writeFile(t, dir, "prop.csv", "y,x,w\n0.3,1,10\n0.5,2,10\n0.7,3,10\n0.2,1.5,10\n0.9,4,10\n")
	model := filepath.Join(dir, "prop.json")
	mustRun(t, "", "fit", "-data", prop, "-target", "y", "-weights", "w", "-out", model)
	ys, xs := []float64{0, 1, 0, 1, 1}, []float64{1, 2, 3, 1.5, 4}
	var bare, weighted strings.Builder
	bare.WriteString("y,x\n")
	weighted.WriteString("w,y,x\n")
	for i, y := range ys {
		fmt.Fprintf(&bare, "%g,%g\n", y, xs[i])
		fmt.Fprintf(&weighted, "%d,%g,%g\n", 3+i, y, xs[i])
	}
	r := mustRun(t, "", "eval", "-model", model, "-data", writeFile(t, dir, "bare.csv", bare.String()), "-format", "json")
	rw := mustRun(t, "", "eval", "-model", model, "-data", writeFile(t, dir, "weighted.csv", weighted.String()), "-format", "json")
	var e, ew evalJSONOut
	if err := json.Unmarshal([]byte(r.stdout), &e); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(rw.stdout), &ew); err != nil {
		t.Fatal(err)
	}
	m, err := readModel(model)
	if err != nil {
		t.Fatal(err)
	}
	b0, b1 := m.Coefficients[0].Estimate, m.Coefficients[1].Estimate
	var want float64
	for i, y := range ys {
		eta := b0 + b1*xs[i]
		if y == 1 {
			eta = -eta
		}
		want += math.Log1p(math.Exp(eta)) / float64(len(ys))
	}
	const tol = 1e-14 // relative: five terms
	if e.N != 5 || e.LogLoss == nil || !(relErr(*e.LogLoss, want) <= tol) {
		t.Errorf("got n %d, log-loss %v, want 5, %v (relative tolerance %g)", e.N, e.LogLoss, want, tol)
	}
	if ew.LogLoss == nil || *ew.LogLoss != *e.LogLoss || *ew.AUC != *e.AUC || ew.Confusion != e.Confusion {
		t.Errorf("with a weights column: got %+v, want %+v (weights not read)", ew, e)
	}
}
