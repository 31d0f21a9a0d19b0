package dataset

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/a1bed000/logreg/linalg"
)

//go:embed iris.csv
var irisCSV string

// Iris returns Fisher's iris data, the 150-row table that scikit-learn ships:
// four Numeric columns sepal_length, sepal_width, petal_length and
// petal_width in centimetres, and the Categorical column species with levels
// setosa, versicolor and virginica, 50 rows each, in file order. Each call
// returns a new Frame that the caller may modify.
func Iris() *Frame {
	f, err := ReadFrame(strings.NewReader(irisCSV), "iris.csv")
	if err != nil {
		panic("dataset: embedded iris.csv: " + err.Error())
	}
	return f
}

// IrisTwoClass returns the rows of iris species a and b in file order as a
// two-class problem: x is the n×4 matrix of the four measurements, y is 1 for
// species b and 0 for species a, and names holds the measurements' column
// names. IrisTwoClass("versicolor", "virginica") is the 100-row problem that
// R fits as glm(virginica ~ ., binomial).
//
// IrisTwoClass returns an error naming the valid species if a or b is not
// one of them or if a == b.
func IrisTwoClass(a, b string) (x *linalg.Dense, y []float64, names []string, err error) {
	f := Iris()
	sp := f.Column("species")
	ia, ib := slices.Index(sp.Levels, a), slices.Index(sp.Levels, b)
	switch {
	case ia < 0:
		return nil, nil, nil, fmt.Errorf("dataset: unknown iris species %q (valid: %s)", a, strings.Join(sp.Levels, ", "))
	case ib < 0:
		return nil, nil, nil, fmt.Errorf("dataset: unknown iris species %q (valid: %s)", b, strings.Join(sp.Levels, ", "))
	case ia == ib:
		return nil, nil, nil, fmt.Errorf("dataset: iris species must differ, got %q twice", a)
	}
	var feats []*Column
	for i := range f.Columns {
		if c := &f.Columns[i]; c.Kind == Numeric {
			feats = append(feats, c)
			names = append(names, c.Name)
		}
	}
	var data []float64
	for i, code := range sp.Codes {
		if code != ia && code != ib {
			continue
		}
		for _, c := range feats {
			data = append(data, c.Values[i])
		}
		if code == ib {
			y = append(y, 1)
		} else {
			y = append(y, 0)
		}
	}
	return linalg.NewDense(len(y), len(feats), data), y, names, nil
}
