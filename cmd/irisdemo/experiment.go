package main

import (
	"fmt"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// experiment is one run of the demonstration: the data, the split, the
// maximum-likelihood fit and, when the training rows are separated, Firth's
// fit on the same rows.
type experiment struct {
	cfg   config
	names []string      // the four measurements
	x     *linalg.Dense // every row of the two species
	y     []float64     // 1 for cfg.classes[1]

	train, test []int // row indices; with -all, test is empty

	ml    *logreg.Result
	firth *logreg.Result // nil unless ml.Separation

	// Accuracy of each fit on the test rows (on the training rows with
	// -all).
	mlAcc, firthAcc accuracy
}

// accuracy counts correctly classified rows.
type accuracy struct{ correct, total int }

func (a accuracy) percent() float64 { return 100 * float64(a.correct) / float64(a.total) }

// newExperiment loads the data, splits it and fits the models.
func newExperiment(cfg config) (*experiment, error) {
	x, y, names, err := dataset.IrisTwoClass(cfg.classes[0], cfg.classes[1])
	if err != nil {
		return nil, err
	}
	e := &experiment{cfg: cfg, names: names, x: x, y: y}
	if cfg.all {
		e.train = make([]int, len(y))
		for i := range e.train {
			e.train[i] = i
		}
	} else {
		e.train, e.test = dataset.StratifiedSplit(y, cfg.testFrac, cfg.seed)
	}
	xTrain, yTrain := rows(x, e.train), pick(y, e.train)
	xEval, yEval := xTrain, yTrain
	if len(e.test) > 0 {
		xEval, yEval = rows(x, e.test), pick(y, e.test)
	}

	e.ml, err = logreg.Fit(xTrain, yTrain, &logreg.Settings{Names: names})
	if err != nil {
		return nil, fmt.Errorf("maximum-likelihood fit: %w", err)
	}
	e.mlAcc = score(e.ml, xEval, yEval, cfg.threshold)
	if e.ml.Separation {
		e.firth, err = logreg.Fit(xTrain, yTrain, &logreg.Settings{Names: names, Firth: true})
		if err != nil {
			return nil, fmt.Errorf("Firth's fit: %w", err)
		}
		e.firthAcc = score(e.firth, xEval, yEval, cfg.threshold)
	}
	return e, nil
}

// plotted returns the fit the figure shows: Firth's when the data are
// separated (the maximum-likelihood linear predictor grows without bound),
// the maximum-likelihood fit otherwise.
func (e *experiment) plotted() *logreg.Result {
	if e.firth != nil {
		return e.firth
	}
	return e.ml
}

// rows returns a new matrix holding the rows idx of x, in that order.
func rows(x *linalg.Dense, idx []int) *linalg.Dense {
	_, c := x.Dims()
	data := make([]float64, 0, len(idx)*c)
	for _, i := range idx {
		data = append(data, x.RawRow(i)...)
	}
	return linalg.NewDense(len(idx), c, data)
}

// pick returns the elements idx of v, in that order.
func pick(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}

// score classifies the rows of x with res at threshold t and counts those
// that match y.
func score(res *logreg.Result, x *linalg.Dense, y []float64, t float64) accuracy {
	class := make([]float64, len(y))
	res.ClassifyTo(class, x, t)
	a := accuracy{total: len(y)}
	for i := range y {
		if class[i] == y[i] {
			a.correct++
		}
	}
	return a
}

// eta returns the linear predictor of res for row i of x,
//
//	η = β₀ + Σ_j x_ij·β_j.
func eta(res *logreg.Result, x *linalg.Dense, i int) float64 {
	b := res.Coef
	var s float64
	if res.Intercept {
		s, b = b[0], b[1:]
	}
	for j, v := range x.RawRow(i) {
		s += v * b[j]
	}
	return s
}
