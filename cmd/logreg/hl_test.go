package main

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/logreg"
)

// TestEvalHosmerLemeshow checks eval's Hosmer–Lemeshow test of the
// pima_tr model on pima_te against logreg.HosmerLemeshow of the exact
// predictions of next/pima_te.predict.csv (to 1e-10: the groups are the
// same and the sums differ in the last bits), in the JSON and the text,
// and null on data whose predictions take two values.
func TestEvalHosmerLemeshow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := filepath.Join(dir, "pima.json")
	mustRun(t, "", "fit", "-data", refcase.Path("next/pima_tr.csv"), "-target", "type", "-out", model)
	te := refcase.Path("next/pima_te.csv")
	var got struct {
		HL *struct {
			Statistic float64 `json:"statistic"`
			DF        int     `json:"df"`
			P         float64 `json:"p"`
		} `json:"hosmer_lemeshow"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "", "eval", "-model", model, "-data", te, "-format", "json").stdout), &got); err != nil {
		t.Fatal(err)
	}
	ref, err := refcase.ReadTable("next/pima_te.predict.csv")
	if err != nil {
		t.Fatal(err)
	}
	data, err := refcase.ReadTable("next/pima_te.csv")
	if err != nil {
		t.Fatal(err)
	}
	p, y := make([]float64, len(ref.Rows)), make([]float64, len(ref.Rows))
	for i, r := range ref.Rows {
		p[i] = parseFloat(t, r[ref.Col("response")])
		if data.Rows[i][data.Col("type")] == "Yes" {
			y[i] = 1
		}
	}
	want, err := logreg.HosmerLemeshow(p, y, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got.HL == nil || relErr(got.HL.Statistic, want.Statistic) > 1e-10 || got.HL.DF != 8 || relErr(got.HL.P, want.P) > 1e-10 {
		t.Errorf("got %+v, want X² %v df 8 p %v", got.HL, want.Statistic, want.P)
	}
	text := mustRun(t, "", "eval", "-model", model, "-data", te).stdout
	if !strings.Contains(text, "Hosmer-Lemeshow: X² = 6.2992 on 8 df, p = 0.6138") {
		t.Errorf("text output lacks the Hosmer-Lemeshow line:\n%s", text)
	}
	two := writeFile(t, dir, "two.csv", "x,y\n0,0\n0,1\n1,0\n1,1\n0,0\n1,1\n")
	m2 := filepath.Join(dir, "two.json")
	mustRun(t, "", "fit", "-data", two, "-target", "y", "-out", m2)
	out := mustRun(t, "", "eval", "-model", m2, "-data", two, "-format", "json").stdout
	if !strings.Contains(out, `"hosmer_lemeshow": null`) {
		t.Errorf("two distinct predictions: want hosmer_lemeshow null, got\n%s", out)
	}
}

// TestEvalCalibrationSVG checks eval -calibration: a well-formed SVG whose
// ten points sit at the mean predicted probability and observed rate of
// the Hosmer–Lemeshow groups of the exact pima_te predictions, labelled
// with their counts, with the axis labels and the diagonal; and the error
// when the groups are not defined.
func TestEvalCalibrationSVG(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := filepath.Join(dir, "pima.json")
	mustRun(t, "", "fit", "-data", refcase.Path("next/pima_tr.csv"), "-target", "type", "-out", model)
	svg := filepath.Join(dir, "cal.svg")
	mustRun(t, "", "eval", "-model", model, "-data", refcase.Path("next/pima_te.csv"), "-calibration", svg)
	ref, _ := refcase.ReadTable("next/pima_te.predict.csv")
	data, _ := refcase.ReadTable("next/pima_te.csv")
	p, y := make([]float64, len(ref.Rows)), make([]float64, len(ref.Rows))
	for i, r := range ref.Rows {
		p[i] = parseFloat(t, r[ref.Col("response")])
		if data.Rows[i][data.Col("type")] == "Yes" {
			y[i] = 1
		}
	}
	want, err := logreg.HosmerLemeshow(p, y, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(strings.NewReader(readFileString(t, svg)))
	var pts [][2]float64
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			a := map[string]string{}
			for _, at := range el.Attr {
				a[at.Name.Local] = at.Value
			}
			if el.Name.Local == "circle" && a["class"] == "group" {
				pts = append(pts, [2]float64{parseFloat(t, a["cx"]), parseFloat(t, a["cy"])})
			}
		case xml.CharData:
			text.Write(el)
		}
	}
	if len(pts) != len(want.Groups) || len(pts) != 10 {
		t.Fatalf("%d points, want 10", len(pts))
	}
	for i, g := range want.Groups {
		x, yy := plotXY(g.MeanPredicted(), g.ObservedRate())
		if math.Abs(pts[i][0]-x) > 0.006 || math.Abs(pts[i][1]-yy) > 0.006 {
			t.Errorf("group %d at %v, want (%.2f, %.2f)", i, pts[i], x, yy)
		}
	}
	for _, s := range []string{"Mean predicted probability", "Observed rate of positives", "perfect calibration", "n = 34", "Hosmer-Lemeshow X² = 6.299, df 8"} {
		if !strings.Contains(text.String(), s) {
			t.Errorf("SVG text lacks %q", s)
		}
	}
	two := writeFile(t, dir, "two.csv", "x,y\n0,0\n0,1\n1,0\n1,1\n0,0\n1,1\n")
	m2 := filepath.Join(dir, "two.json")
	mustRun(t, "", "fit", "-data", two, "-target", "y", "-out", m2)
	r := runBin(t, "", "eval", "-model", m2, "-data", two, "-calibration", filepath.Join(dir, "c2.svg"))
	if r.code != 1 || !strings.Contains(r.stderr, "cannot draw a reliability diagram") {
		t.Errorf("two predictions: exit %d, stderr %q", r.code, r.stderr)
	}
}
