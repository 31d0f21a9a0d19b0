package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

type cvScores struct {
	Accuracy  *float64 `json:"accuracy"`
	Precision *float64 `json:"precision"`
	Recall    *float64 `json:"recall"`
	F1        *float64 `json:"f1"`
	LogLoss   *float64 `json:"log_loss"`
	Brier     *float64 `json:"brier"`
	AUC       *float64 `json:"auc"`
}

func (s *cvScores) list() []*float64 {
	return []*float64{s.Accuracy, s.Precision, s.Recall, s.F1, s.LogLoss, s.Brier, s.AUC}
}

type cvJSONOut struct {
	N       int    `json:"n"`
	K       int    `json:"k"`
	Seed    uint64 `json:"seed"`
	Penalty string `json:"penalty"`
	Lambdas []struct {
		Lambda float64  `json:"lambda"`
		Mean   cvScores `json:"mean"`
		SD     cvScores `json:"sd"`
	} `json:"lambdas"`
	BestLambda *float64 `json:"best_lambda"`
	Folds      []struct {
		Fold   int `json:"fold"`
		NTrain int `json:"n_train"`
		N      int `json:"n"`
		cvScores
	} `json:"folds"`
	Mean cvScores `json:"mean"`
	SD   cvScores `json:"sd"`
}

func decodeCV(t *testing.T, out string) *cvJSONOut {
	t.Helper()
	var c cvJSONOut
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("cv output is not JSON: %v\n%s", err, out)
	}
	return &c
}

// TestCVDeterministic runs cv twice with a seed and requires identical
// output, and a different output with another seed.
func TestCVDeterministic(t *testing.T) {
	t.Parallel()
	args := []string{"cv", "-data", birthwtCSV, "-target", "low", "-k", "5", "-format", "json", "-seed"}
	a := mustRun(t, "", append(args, "7")...).stdout
	b := mustRun(t, "", append(args, "7")...).stdout
	c := mustRun(t, "", append(args, "8")...).stdout
	if a != b {
		t.Errorf("two runs with seed 7 differ:\n%s\n%s", a, b)
	}
	if a == c {
		t.Error("seeds 7 and 8 gave the same output, want different folds")
	}
}

// TestCVFolds checks cv against the library: the folds are
// dataset.StratifiedKFold's for the seed, each fold's model is logreg.Fit
// on the other folds, and its log-loss (computed here from the predicted
// probabilities, −mean(y·log p + (1−y)·log(1−p))) matches to 1e-12
// relative; the mean and sample standard deviation are those of the folds.
func TestCVFolds(t *testing.T) {
	t.Parallel()
	const k, seed = 5, 3
	out := decodeCV(t, mustRun(t, "", "cv", "-data", birthwtCSV, "-target", "low",
		"-k", "5", "-seed", "3", "-format", "json").stdout)
	tab, err := dataset.ReadFile(birthwtCSV, dataset.ReadOptions{Target: "low"})
	if err != nil {
		t.Fatal(err)
	}
	folds := dataset.StratifiedKFold(tab.Y, k, seed)
	if out.N != 189 || out.K != k || out.Seed != seed || out.Penalty != "none" || len(out.Folds) != k || out.Lambdas != nil {
		t.Fatalf("got n %d k %d seed %d penalty %q, %d folds, lambdas %v; want 189 5 3 none, 5 folds, none",
			out.N, out.K, out.Seed, out.Penalty, len(out.Folds), out.Lambdas)
	}
	_, c := tab.X.Dims()
	for f, test := range folds {
		isTest := make(map[int]bool)
		for _, i := range test {
			isTest[i] = true
		}
		var xtr, xte, ytr, yte []float64
		for i := range tab.Y {
			if isTest[i] {
				xte = append(xte, tab.X.RawRow(i)...)
				yte = append(yte, tab.Y[i])
			} else {
				xtr = append(xtr, tab.X.RawRow(i)...)
				ytr = append(ytr, tab.Y[i])
			}
		}
		res, err := logreg.Fit(linalg.NewDense(len(ytr), c, xtr), ytr, nil)
		if err != nil {
			t.Fatal(err)
		}
		p := make([]float64, len(yte))
		res.PredictTo(p, linalg.NewDense(len(yte), c, xte))
		var ll float64
		for i, y := range yte {
			ll -= y*math.Log(p[i]) + (1-y)*math.Log(1-p[i])
		}
		ll /= float64(len(yte))
		got := out.Folds[f]
		if got.Fold != f+1 || got.N != len(test) || got.NTrain != 189-len(test) {
			t.Errorf("fold %d: got fold %d, n %d, n_train %d, want %d, %d, %d", f+1, got.Fold, got.N, got.NTrain, f+1, len(test), 189-len(test))
		}
		if got.LogLoss == nil || !(relErr(*got.LogLoss, ll) <= 1e-12) {
			t.Errorf("fold %d: got log-loss %v, want %v (relative tolerance 1e-12)", f+1, got.LogLoss, ll)
		}
	}
	for j := range out.Mean.list() {
		var v []float64
		for _, f := range out.Folds {
			v = append(v, *f.cvScores.list()[j])
		}
		var s float64
		for _, x := range v {
			s += x
		}
		mean := s / float64(len(v))
		var ss float64
		for _, x := range v {
			ss += (x - mean) * (x - mean)
		}
		sd := math.Sqrt(ss / float64(len(v)-1))
		if m, d := out.Mean.list()[j], out.SD.list()[j]; m == nil || d == nil || relErr(*m, mean) > 1e-12 || relErr(*d, sd) > 1e-12 {
			t.Errorf("score %d: got %v ± %v, want %v ± %v (relative tolerance 1e-12)", j, m, d, mean, sd)
		}
	}
}

// TestCVLambdas checks that -l2 a,b,c cross-validates every λ and picks
// the one with the lowest mean log-loss, whose folds are reported.
func TestCVLambdas(t *testing.T) {
	t.Parallel()
	args := []string{"cv", "-data", irisCSV, "-target", "virginica", "-k", "4", "-l2", "100,0.01,1,10"}
	out := decodeCV(t, mustRun(t, "", append(args, "-format", "json")...).stdout)
	if out.Penalty != "l2" || len(out.Lambdas) != 4 || out.BestLambda == nil {
		t.Fatalf("got penalty %q, %d lambdas, best %v; want l2, 4, a best", out.Penalty, len(out.Lambdas), out.BestLambda)
	}
	best := 0
	for i, l := range out.Lambdas {
		if *l.Mean.LogLoss < *out.Lambdas[best].Mean.LogLoss {
			best = i
		}
	}
	if want := []float64{100, 0.01, 1, 10}; out.Lambdas[0].Lambda != want[0] || out.Lambdas[3].Lambda != want[3] {
		t.Errorf("got lambdas %v..., want in the order given %v", out.Lambdas[0].Lambda, want)
	}
	if *out.BestLambda != out.Lambdas[best].Lambda || *out.Mean.LogLoss != *out.Lambdas[best].Mean.LogLoss {
		t.Errorf("got best lambda %v with mean log-loss %v, want %v with %v",
			*out.BestLambda, *out.Mean.LogLoss, out.Lambdas[best].Lambda, *out.Lambdas[best].Mean.LogLoss)
	}
	var s float64
	for _, f := range out.Folds {
		s += *f.LogLoss
	}
	if m := s / float64(len(out.Folds)); relErr(m, *out.Mean.LogLoss) > 1e-12 {
		t.Errorf("got folds' mean log-loss %v, want the best lambda's %v", m, *out.Mean.LogLoss)
	}
	text := mustRun(t, "", args...).stdout
	for _, w := range []string{"Best lambda:", "<- best", "Folds (lambda =", "mean", "sd"} {
		if !strings.Contains(text, w) {
			t.Errorf("text output lacks %q:\n%s", w, text)
		}
	}
}
