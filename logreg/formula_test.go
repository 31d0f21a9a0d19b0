package logreg

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
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
