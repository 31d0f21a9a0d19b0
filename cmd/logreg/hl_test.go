package main

import (
	"encoding/json"
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
