package logreg

import (
	"bytes"
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
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := formulaDesign(t, tc.data, tc.formula)
			res, err := Fit(d.X, d.Y, &Settings{Names: d.Names, NoIntercept: !d.Intercept, Tol: 1e-15})
			if err != nil {
				t.Fatal(err)
			}
			checkRefFit(t, refCase{name: "next/" + tc.name}, res)
		})
	}
}
