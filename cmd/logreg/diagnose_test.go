package main

import (
	"encoding/xml"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// TestDiagnoseMenarche checks diagnose on the grouped menarche fit
// (prop ~ Age, weights Total) against the exact residuals, leverages,
// Cook's distances and standardized residuals of
// next/menarche.influence.csv, relative to the larger of the value and
// 1e-3 of its column's largest (measured: 1.3e-12, on a residual that is
// μ/200, as the library's test), and on binary data (pima_tr) that the
// leverages sum to k.
func TestDiagnoseMenarche(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := filepath.Join(dir, "men.json")
	data := refcase.Path("next/menarche.csv")
	mustRun(t, "", "fit", "-data", data, "-target", "prop", "-weights", "Total", "-features", "Age", "-out", model)
	head, rows := readCSV(t, mustRun(t, "", "diagnose", "-model", model, "-data", data).stdout)
	want := strings.Split(strings.TrimSpace(diagnoseColumns), ",")
	if !slices.Equal(head, want) {
		t.Fatalf("header %q, want %q", head, want)
	}
	ref, err := refcase.ReadTable("next/menarche.influence.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(ref.Rows) {
		t.Fatalf("%d rows, want %d", len(rows), len(ref.Rows))
	}
	for j, h := range head[1:] {
		c := ref.Col(h)
		big := 0.0
		for _, r := range ref.Rows {
			big = max(big, math.Abs(parseFloat(t, r[c])))
		}
		for i, r := range rows {
			if parseFloat(t, r[0]) != parseFloat(t, ref.Rows[i][0])+1 { // the header is line 1
				t.Fatalf("row %d: line %s, want %s + 1", i+1, r[0], ref.Rows[i][0])
			}
			got, w := parseFloat(t, r[j+1]), parseFloat(t, ref.Rows[i][c])
			if e := math.Abs(got-w) / max(math.Abs(w), 1e-3*big); e > 5e-12 {
				t.Errorf("row %d %s = %v, want %v (rel %.2g)", i+1, h, got, w, e)
			}
		}
	}

	pima := filepath.Join(dir, "pima.json")
	pdata := refcase.Path("next/pima_tr.csv")
	mustRun(t, "", "fit", "-data", pdata, "-target", "type", "-out", pima)
	_, prow := readCSV(t, mustRun(t, "", "diagnose", "-model", pima, "-data", pdata).stdout)
	sum := 0.0
	for _, r := range prow {
		sum += parseFloat(t, r[5])
	}
	if len(prow) != 200 || math.Abs(sum-8) > 1e-11 {
		t.Errorf("pima_tr: %d rows, leverages sum to %v, want 200 and 8", len(prow), sum)
	}
}

// TestDiagnoseErrors checks diagnose's errors: usage, a model without a
// covariance, and data without the target.
func TestDiagnoseErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ridge := filepath.Join(dir, "ridge.json")
	model := filepath.Join(dir, "m.json")
	mustRun(t, "", "fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-l2", "1", "-out", ridge)
	mustRun(t, "", "fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-out", model)
	noTarget := writeFile(t, dir, "new.csv", "hp,wt\n110,2.62\n")
	// Fitted probabilities of exactly 1 and 0, where the Pearson residual
	// and the leverage are not finite.
	huge := writeFile(t, dir, "huge.csv", "am,hp,wt\n1,110,2.62\n0,1e308,2.8\n")
	hugeWt := writeFile(t, dir, "hugewt.csv", "am,hp,wt\n1,110,2.62\n1,110,1e308\n")
	three := writeFile(t, dir, "three.csv", "x,y\n1,a\n2,b\n3,c\n4,a\n5,b\n6,c\n7,b\n8,a\n9,c\n")
	multi := filepath.Join(dir, "multi.json")
	mustRun(t, "", "fit", "-data", three, "-target", "y", "-family", "multinomial", "-out", multi)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-data", mtcarsCSV}, 2, "-model is required"},
		{[]string{"-model", model, "-data", mtcarsCSV, "-na", "drop"}, 2, "-na must be error or omit"},
		{[]string{"-model", ridge, "-data", mtcarsCSV}, 1, "the model has no covariance"},
		{[]string{"-model", model, "-data", noTarget}, 1, `new.csv:1`},
		{[]string{"-model", multi, "-data", three}, 2, "diagnose applies to a binomial model, and " + multi + " is multinomial"},
		{[]string{"-model", model, "-data", huge}, 1, `huge.csv:3: the row's residuals and influence are not finite: its fitted probability 1 is numerically 0 or 1`},
		{[]string{"-model", model, "-data", hugeWt}, 1, `hugewt.csv:3: the row's residuals and influence are not finite: its fitted probability 0 is numerically 0 or 1`},
	} {
		r := runBin(t, "", append([]string{"diagnose"}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q, want %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}

// TestDiagnosePlots checks diagnose -plots: two well-formed SVG images
// with a point per row and labels on the rows of the three largest Cook's
// distances of the CSV output, and the axis labels.
func TestDiagnosePlots(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := filepath.Join(dir, "pima.json")
	data := refcase.Path("next/pima_tr.csv")
	mustRun(t, "", "fit", "-data", data, "-target", "type", "-out", model)
	plots := filepath.Join(dir, "plots")
	_, rows := readCSV(t, mustRun(t, "", "diagnose", "-model", model, "-data", data, "-plots", plots).stdout)
	slices.SortStableFunc(rows, func(a, b []string) int { return -cmpFloat(parseFloat(t, a[6]), parseFloat(t, b[6])) })
	var want []string
	for _, r := range rows[:3] {
		want = append(want, "line "+r[0])
	}
	slices.Sort(want)
	for _, c := range []struct{ file, xlab, ylab string }{
		{"residuals.svg", "Fitted probability", "Deviance residual"},
		{"leverage.svg", "Pearson residual", "Leverage (hat value)"},
	} {
		d := xml.NewDecoder(strings.NewReader(readFileString(t, filepath.Join(plots, c.file))))
		points, inLabel := 0, false
		var labels []string
		var text strings.Builder
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", c.file, err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				for _, a := range el.Attr {
					if a.Name.Local == "class" {
						points += b2i(a.Value == "point")
						inLabel = a.Value == "label"
					}
				}
			case xml.EndElement:
				inLabel = false
			case xml.CharData:
				if inLabel {
					labels = append(labels, string(el))
				}
				text.Write(el)
			}
		}
		slices.Sort(labels)
		if points != 200 || !slices.Equal(labels, want) {
			t.Errorf("%s: %d points, labels %q; want 200 and %q", c.file, points, labels, want)
		}
		if !strings.Contains(text.String(), c.xlab) || !strings.Contains(text.String(), c.ylab) {
			t.Errorf("%s lacks its axis labels %q, %q", c.file, c.xlab, c.ylab)
		}
	}
	notDir := writeFile(t, dir, "file", "x")
	if r := runBin(t, "", "diagnose", "-model", model, "-data", data, "-plots", notDir); r.code != 1 {
		t.Errorf("-plots onto a file: exit %d, want 1", r.code)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
