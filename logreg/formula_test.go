package logreg

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/linalg"
)

// formulaDesign reads a data file of internal/refcase and codes it by a
// formula.
func formulaDesign(t *testing.T, data, formula string) *dataset.Design {
	t.Helper()
	b, err := refcase.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	f, err := dataset.ReadFrame(bytes.NewReader(b), data)
	if err != nil {
		t.Fatal(err)
	}
	fm, err := dataset.ParseFormula(formula)
	if err != nil {
		t.Fatal(err)
	}
	d, err := fm.Design(f, dataset.DesignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRefCasesFormula fits R's formulas of internal/refcase next/ through
// the formula's design: factor × numeric, transformations and orthogonal
// polynomials, against R's glm.
func TestRefCasesFormula(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, data, formula string }{
		{"bw_fac_x_num", "next/birthwt.csv", "low ~ race * lwt"},
		{"bw_transforms", "next/birthwt.csv", "low ~ log(lwt) + age + I(age^2) + smoke + ht"},
		{"bw_poly", "next/birthwt.csv", "low ~ poly(age, 2) + lwt + smoke"},
		{"birthwt_offset", "next/birthwt_offset.csv", "low ~ age + lwt + race + ht + ui + offset(off_smoke)"},
		{"pima_te_calib_large", "next/pima_te.csv", "type ~ 1 + offset(lp)"},
		{"pima_tr", "next/pima_tr.csv", "type ~ npreg + glu + bp + skin + bmi + ped + age"},
		{"birthwt_full", "next/birthwt.csv", "low ~ age + lwt + race + smoke + ptl + ht + ui + ftv"},
		{"mtcars_am_hp_wt", "next/mtcars.csv", "am ~ hp + wt"},
		{"birthwt_full", "next/birthwt.csv", "low ~ . "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := formulaDesign(t, tc.data, tc.formula)
			res, err := Fit(d.X, d.Y, &Settings{Names: d.Names, NoIntercept: !d.Intercept, Offset: d.Offset, Tol: 1e-15})
			if err != nil {
				t.Fatal(err)
			}
			checkRefFit(t, refCase{name: "next/" + tc.name}, res)
			_, p := d.X.Dims()
			res, err = FitStream(p, chunked(d.X, d.Y, nil, []int{13, 1}), &Settings{Names: d.Names, NoIntercept: !d.Intercept, Offset: d.Offset, Tol: 1e-15})
			if err != nil {
				t.Fatal(err)
			}
			checkRefFit(t, refCase{name: "next/" + tc.name}, res)
		})
	}
}

// TestOffset checks the offset's properties that hold exactly: a constant
// offset c moves the intercept by −c and changes nothing else; without an
// intercept the null deviance is the deviance at η = offset; Firth's fit and
// offsets of the wrong length are refused, streamed or not.
func TestOffset(t *testing.T) {
	t.Parallel()
	d := formulaDesign(t, "next/birthwt.csv", "low ~ age + lwt + race")
	n, _ := d.X.Dims()
	base, err := Fit(d.X, d.Y, &Settings{Names: d.Names, Tol: 1e-15})
	if err != nil {
		t.Fatal(err)
	}
	off := make([]float64, n)
	for i := range off {
		off[i] = 0.75
	}
	res, err := Fit(d.X, d.Y, &Settings{Names: d.Names, Tol: 1e-15, Offset: off})
	if err != nil {
		t.Fatal(err)
	}
	if e := relErr(res.Coef[0], base.Coef[0]-0.75); e > 1e-12 {
		t.Errorf("intercept: got %.15g, want %.15g (rel %.2g)", res.Coef[0], base.Coef[0]-0.75, e)
	}
	for j := 1; j < len(res.Coef); j++ {
		if e := relErr(res.Coef[j], base.Coef[j]); e > 1e-11 {
			t.Errorf("%s: got %.15g, want %.15g (rel %.2g)", d.Names[j-1], res.Coef[j], base.Coef[j], e)
		}
	}
	for _, v := range [][2]float64{{res.Deviance, base.Deviance}, {res.NullDeviance, base.NullDeviance}, {res.AIC(), base.AIC()}} {
		if e := relErr(v[0], v[1]); e > 1e-13 {
			t.Errorf("got %.15g, want %.15g (rel %.2g)", v[0], v[1], e)
		}
	}
	// Without an intercept: the null model is η = offset.
	for i := range off {
		off[i] = float64(i%7)/3 - 1
	}
	res, err = Fit(d.X, d.Y, &Settings{Names: d.Names, Tol: 1e-15, Offset: off, NoIntercept: true})
	if err != nil {
		t.Fatal(err)
	}
	want := 0.0
	for i, o := range off {
		mu := Sigmoid(o)
		if d.Y[i] == 1 {
			want -= 2 * math.Log(mu)
		} else {
			want -= 2 * math.Log1p(-mu)
		}
	}
	if e := relErr(res.NullDeviance, want); e > 1e-13 {
		t.Errorf("null deviance without intercept: got %.15g, want %.15g (rel %.2g)", res.NullDeviance, want, e)
	}
	for _, tc := range []struct {
		name string
		s    Settings
	}{
		{"short", Settings{Offset: off[1:]}},
		{"nan", Settings{Offset: append([]float64{math.NaN()}, off[1:]...)}},
		{"firth", Settings{Offset: off, Firth: true}},
	} {
		if _, err := Fit(d.X, d.Y, &tc.s); !errors.Is(err, ErrBadSettings) {
			t.Errorf("%s: got %v, want ErrBadSettings", tc.name, err)
		}
	}
	_, p := d.X.Dims()
	for _, o := range [][]float64{off[1:], append(off, 0)} {
		if _, err := FitStream(p, chunked(d.X, d.Y, nil, []int{13}), &Settings{Offset: o}); !errors.Is(err, ErrBadSettings) {
			t.Errorf("stream with %d offsets for %d rows: got %v, want ErrBadSettings", len(o), n, err)
		}
	}
}

// TestModelFormula checks that a model of a formula's design saves its
// coding (factor levels, poly's coefficients, the offset) and codes new
// data bit for bit as the training data, and that a variable missing from
// new data is an error naming it.
func TestModelFormula(t *testing.T) {
	t.Parallel()
	const formula = "low ~ poly(age, 2) + race:lwt + factor(ftv) + log(lwt) + offset(smoke/2)"
	b, err := refcase.Read("next/birthwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	fr, err := dataset.ReadFrame(bytes.NewReader(b), "birthwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	fm, err := dataset.ParseFormula(formula)
	if err != nil {
		t.Fatal(err)
	}
	d, err := fm.Design(fr, dataset.DesignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Fit(d.X, d.Y, &Settings{Names: d.Names, Offset: d.Offset})
	if err != nil {
		t.Fatal(err)
	}
	enc := &dataset.Encoding{Target: dataset.Target{Name: "low", Kind: dataset.Numeric, Levels: [2]string{"0", "1"}}}
	m, err := NewModel(res, enc, &ModelOptions{Formula: d.Coding})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := ReadModel(&buf, "m.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m2.NewEncoder(dataset.RowOptions{}); !errors.Is(err, dataset.ErrOption) {
		t.Errorf("NewEncoder: got %v, want ErrOption", err)
	}
	// New data: the training rows in another column order, without low.
	var csv bytes.Buffer
	csv.WriteString("smoke,lwt,ftv,race,age\n")
	for i := range fr.Rows {
		col := func(name string) string {
			c := fr.Column(name)
			if c.Kind == dataset.Categorical {
				return c.Levels[c.Codes[i]]
			}
			return strconv.FormatFloat(c.Values[i], 'g', -1, 64)
		}
		fmt.Fprintf(&csv, "%s,%s,%s,%s,%s\n", col("smoke"), col("lwt"), col("ftv"), col("race"), col("age"))
	}
	nf, err := dataset.ReadFrame(bytes.NewReader(csv.Bytes()), "new.csv")
	if err != nil {
		t.Fatal(err)
	}
	nd, err := m2.Formula().Apply(nf, dataset.DesignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(nd.X.RawData(), d.X.RawData()) || !slices.Equal(nd.Offset, d.Offset) {
		t.Error("the model's coding does not reproduce the training design bit for bit")
	}
	eta := make([]float64, len(nd.Offset))
	m2.LinearPredictorTo(eta, nd.X)
	want := make([]float64, len(eta))
	res.LinearPredictorTo(want, d.X)
	for i := range eta {
		if eta[i]+nd.Offset[i] != want[i]+d.Offset[i] {
			t.Fatalf("row %d: got η %v, want %v", i, eta[i]+nd.Offset[i], want[i]+d.Offset[i])
		}
	}
	// A variable missing from new data is an error naming it.
	short, _ := dataset.ReadFrame(strings.NewReader("age,lwt,race,ftv\n20,120,white,0\n"), "short.csv")
	if _, err := m2.Formula().Apply(short, dataset.DesignOptions{}); err == nil || !strings.Contains(err.Error(), `no column "smoke"`) {
		t.Errorf("got %v, want an error naming smoke", err)
	}
}

// TestOffsetWeights checks a weighted fit with an offset against the same
// fit to the rows repeated as many times as their weight: estimates,
// deviance and the null deviance of the intercept + offset model agree.
func TestOffsetWeights(t *testing.T) {
	t.Parallel()
	d := formulaDesign(t, "next/birthwt_offset.csv", "low ~ age + lwt + race + offset(off_smoke)")
	n, p := d.X.Dims()
	w := make([]float64, n)
	var xs, ys, os []float64
	for i := range n {
		w[i] = float64(1 + i%3)
		for range int(w[i]) {
			xs = append(xs, d.X.RawRow(i)...)
			ys = append(ys, d.Y[i])
			os = append(os, d.Offset[i])
		}
	}
	res, err := Fit(d.X, d.Y, &Settings{Weights: w, Offset: d.Offset, Tol: 1e-15})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Fit(linalg.NewDense(len(ys), p, xs), ys, &Settings{Offset: os, Tol: 1e-15})
	if err != nil {
		t.Fatal(err)
	}
	for j := range res.Coef {
		if e := relErr(res.Coef[j], rep.Coef[j]); e > 1e-10 {
			t.Errorf("coefficient %d: got %.15g, want %.15g (rel %.2g)", j, res.Coef[j], rep.Coef[j], e)
		}
	}
	for _, v := range [][2]float64{{res.Deviance, rep.Deviance}, {res.NullDeviance, rep.NullDeviance}} {
		if e := relErr(v[0], v[1]); e > 1e-12 {
			t.Errorf("got %.15g, want %.15g (rel %.2g)", v[0], v[1], e)
		}
	}
}

// TestFormulasR fits the formulas of testdata/formulas.csv, R 4.2.2's glm
// on birthwt (testdata/formulas.R): factor × factor, ":" without a main
// effect, raw polynomials, factor() of numeric codes and of a comparison,
// a mixed formula, two factors without an intercept, (a + b + c)^2 minus a
// term, poly() in an interaction, and a weighted fit with an offset.
func TestFormulasR(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/formulas.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ name, est, se, dev, null string }
	var order []string
	byFormula := map[string][]row{}
	weighted := map[string]bool{}
	for _, r := range recs[1:] {
		if _, ok := byFormula[r[0]]; !ok {
			order = append(order, r[0])
		}
		byFormula[r[0]] = append(byFormula[r[0]], row{r[2], r[3], r[4], r[5], r[6]})
		weighted[r[0]] = r[1] == "TRUE"
	}
	if len(order) != 9 {
		t.Fatalf("got %d formulas, want 9", len(order))
	}
	for _, rf := range order {
		formula := strings.Replace(rf, "offset(off)", "offset(lwt/100 - 1)", 1)
		d := formulaDesign(t, "next/birthwt.csv", formula)
		var w []float64
		if weighted[rf] {
			n, _ := d.X.Dims()
			w = make([]float64, n)
			for i := range w {
				w[i] = float64(1 + i%3)
			}
		}
		res, err := Fit(d.X, d.Y, &Settings{Names: d.Names, NoIntercept: !d.Intercept, Offset: d.Offset, Weights: w, Tol: 1e-15})
		if err != nil {
			t.Errorf("%s: %v", formula, err)
			continue
		}
		want := byFormula[rf]
		if len(want) != len(res.Coef) {
			t.Errorf("%s: got %d coefficients %q, want %d", formula, len(res.Coef), res.Names, len(want))
			continue
		}
		var worstEst, worstSE float64
		for j, r := range want {
			// RName drops the "=" of race=other, not that of raw = TRUE.
			got := strings.ReplaceAll(refcase.RName(strings.ReplaceAll(res.Names[j], " = ", "\x00")), "\x00", " = ")
			if got != r.name {
				t.Errorf("%s: coefficient %d: got %s, want %s", formula, j, got, r.name)
			}
			est, se := parseFloat(t, r.est), parseFloat(t, r.se)
			worstEst = max(worstEst, relErr(res.Coef[j], est))
			worstSE = max(worstSE, relErr(math.Sqrt(res.Cov.At(j, j)), se))
		}
		dev := relErr(res.Deviance, parseFloat(t, want[0].dev))
		null := relErr(res.NullDeviance, parseFloat(t, want[0].null))
		t.Logf("%s: estimates %.2g, std errors %.2g, deviance %.2g, null deviance %.2g", formula, worstEst, worstSE, dev, null)
		if worstEst > 1e-11 || worstSE > 1e-10 || dev > 1e-12 || null > 1e-12 {
			t.Errorf("%s: relative errors: estimates %.2g, std errors %.2g, deviance %.2g, null deviance %.2g", formula, worstEst, worstSE, dev, null)
		}
	}
}

// TestOffsetLarge checks offsets with subsampled passes (forced by the
// subsample setting), in memory and streamed: the offset o + c moves only
// the intercept of the fit with o, by −c.
func TestOffsetLarge(t *testing.T) {
	t.Parallel()
	const n, p = 20000, 3
	x := linalg.NewDense(n, p, nil)
	y := make([]float64, n)
	off := make([]float64, n)
	shifted := make([]float64, n)
	s := uint64(12345)
	rnd := func() float64 { // a small LCG, for reproducible data
		s = s*6364136223846793005 + 1442695040888963407
		return float64(s>>11) / (1 << 53)
	}
	for i := range n {
		row := x.RawRow(i)
		eta := 0.3
		for j := range row {
			row[j] = rnd()*2 - 1
			eta += float64(j+1) * 0.4 * row[j]
		}
		off[i] = rnd() - 0.5
		shifted[i] = off[i] + 1.25
		if rnd() < Sigmoid(eta+off[i]) {
			y[i] = 1
		}
	}
	for _, stream := range []bool{false, true} {
		fit := func(o []float64) *Result {
			t.Helper()
			var res *Result
			var err error
			if stream {
				res, err = FitStream(p, chunked(x, y, nil, []int{4096}), &Settings{Offset: o, subsample: 0.25})
			} else {
				res, err = Fit(x, y, &Settings{Offset: o, subsample: 0.25})
			}
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		a, b := fit(off), fit(shifted)
		if e := math.Abs(b.Coef[0] - (a.Coef[0] - 1.25)); e > 1e-10 {
			t.Errorf("stream %v: intercept: got %.15g, want %.15g", stream, b.Coef[0], a.Coef[0]-1.25)
		}
		for j := 1; j <= p; j++ {
			if e := relErr(b.Coef[j], a.Coef[j]); e > 1e-10 {
				t.Errorf("stream %v: coefficient %d: got %.15g, want %.15g (rel %.2g)", stream, j, b.Coef[j], a.Coef[j], e)
			}
		}
		if e := relErr(b.Deviance, a.Deviance); e > 1e-12 {
			t.Errorf("stream %v: deviance %.15g, want %.15g", stream, b.Deviance, a.Deviance)
		}
		if e := relErr(b.NullDeviance, a.NullDeviance); e > 1e-12 {
			t.Errorf("stream %v: null deviance %.15g, want %.15g", stream, b.NullDeviance, a.NullDeviance)
		}
		if subsampledPasses(a) == 0 {
			t.Errorf("stream %v: no subsampled pass: the test does not reach them", stream)
		}
		t.Logf("stream %v: coefficients %.6g, iterations %d, subsampled passes %d", stream, a.Coef, a.Iterations, subsampledPasses(a))
	}
}
