package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
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
// output (with -timing=false, the times being the only part that varies),
// and a different output with another seed.
func TestCVDeterministic(t *testing.T) {
	t.Parallel()
	args := []string{"cv", "-data", birthwtCSV, "-target", "low", "-k", "5", "-format", "json", "-timing=false", "-seed"}
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

// TestCVRareLevel runs cv on data where a level of g (zz), a numeric
// column (z, 0 elsewhere) and the baseline level of h (a) each occur in two
// rows only, a 0 and a 1, that fall in the test rows of one fold: that fold
// fits without the columns its training rows cannot estimate (g=zz or z, 0
// in every training row; h=b, which would add up with h=c and h=d to the
// intercept, h=b becoming the baseline) and predicts with coefficient 0
// for them, as R's glm leaves an aliased column out. Each fold's log-loss
// is checked against logreg.Fit on the training rows without those
// columns, to 1e-12 relative, and the folds warn of those columns only;
// with -no-intercept too, where g has a column for every level and h=b
// would add up with h=c and h=d to g's columns.
func TestCVRareLevel(t *testing.T) {
	t.Parallel()
	const n, k, seed = 90, 5, 2
	rng := rand.New(rand.NewPCG(5, 6))
	x, y := make([]float64, n), make([]float64, n)
	for i := range n {
		x[i] = math.Round(rng.NormFloat64()*1e4) / 1e4
		if rng.Float64() < 1/(1+math.Exp(-x[i])) {
			y[i] = 1
		}
	}
	folds := dataset.StratifiedKFold(y, k, seed)
	// pick returns a 0 row and a 1 row of the test rows of fold f.
	pick := func(f int) []int {
		var r []int
		for _, want := range []float64{0, 1} {
			for _, i := range folds[f] {
				if y[i] == want {
					r = append(r, i)
					break
				}
			}
		}
		return r
	}
	const gFold, zFold, hFold = 0, 1, 3
	g, z, h := make([]string, n), make([]float64, n), make([]string, n)
	for i := range n {
		g[i], h[i] = []string{"a", "b", "c"}[i%3], []string{"b", "c", "d"}[rng.IntN(3)]
	}
	for _, i := range pick(gFold) {
		g[i] = "zz"
	}
	for c, i := range pick(zFold) {
		z[i] = []float64{1.5, -0.7}[c]
	}
	for _, i := range pick(hFold) {
		h[i] = "a"
	}
	var b strings.Builder
	b.WriteString("x,g,z,h,y\n")
	for i := range n {
		fmt.Fprintf(&b, "%g,%s,%g,%s,%g\n", x[i], g[i], z[i], h[i], y[i])
	}
	data := writeFile(t, t.TempDir(), "rare.csv", b.String())
	for _, noIntercept := range []bool{false, true} {
		t.Run(fmt.Sprintf("no intercept %v", noIntercept), func(t *testing.T) {
			checkCVRare(t, data, folds, noIntercept, gFold, zFold, hFold)
		})
	}
}

// checkCVRare runs cv on data of TestCVRareLevel, with or without an
// intercept, and checks each fold.
func checkCVRare(t *testing.T, data string, folds [][]int, noIntercept bool, gFold, zFold, hFold int) {
	const k = 5
	args := []string{"cv", "-data", data, "-target", "y", "-k", "5", "-seed", "2", "-format", "json"}
	wantNames := []string{"x", "g=b", "g=c", "g=zz", "z", "h=b", "h=c", "h=d"}
	if noIntercept {
		args = append(args, "-no-intercept")
		wantNames = slices.Insert(wantNames, 1, "g=a")
	}
	r := mustRun(t, "", args...)
	out := decodeCV(t, r.stdout)
	var warn struct {
		Folds []struct {
			Warnings []string `json:"warnings"`
		} `json:"folds"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &warn); err != nil {
		t.Fatal(err)
	}
	tab, err := dataset.ReadFile(data, dataset.ReadOptions{Target: "y", NoIntercept: noIntercept})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tab.Names, wantNames) {
		t.Fatalf("names: got %v, want %v", tab.Names, wantNames)
	}
	if len(out.Folds) != k || len(warn.Folds) != k {
		t.Fatalf("got %d folds, want %d", len(out.Folds), k)
	}
	for f, test := range folds {
		var drop, wantWarn []string
		switch f {
		case gFold:
			drop, wantWarn = []string{"g=zz"}, []string{"level g=zz is absent from the training rows: its coefficient is taken as 0"}
		case zFold:
			drop, wantWarn = []string{"z"}, []string{"column z is 0 in every training row: its coefficient is taken as 0"}
		case hFold:
			drop, wantWarn = []string{"h=b"}, []string{"baseline level h=a is absent from the training rows: h=b is the baseline instead"}
		}
		var keep []int
		for j, name := range tab.Names {
			if !slices.Contains(drop, name) {
				keep = append(keep, j)
			}
		}
		var xtr, xte, ytr, yte []float64
		for i := range tab.Y {
			row := tab.X.RawRow(i)
			if slices.Contains(test, i) {
				for _, j := range keep {
					xte = append(xte, row[j])
				}
				yte = append(yte, tab.Y[i])
			} else {
				for _, j := range keep {
					xtr = append(xtr, row[j])
				}
				ytr = append(ytr, tab.Y[i])
			}
		}
		res, err := logreg.Fit(linalg.NewDense(len(ytr), len(keep), xtr), ytr, &logreg.Settings{NoIntercept: noIntercept})
		if err != nil {
			t.Fatalf("fold %d: %v", f+1, err)
		}
		p := make([]float64, len(yte))
		res.PredictTo(p, linalg.NewDense(len(yte), len(keep), xte))
		var ll float64
		for i, y := range yte {
			ll -= y*math.Log(p[i]) + (1-y)*math.Log(1-p[i])
		}
		ll /= float64(len(yte))
		if got := out.Folds[f].LogLoss; got == nil || !(relErr(*got, ll) <= 1e-12) {
			t.Errorf("fold %d: got log-loss %v, want %v (relative tolerance 1e-12)", f+1, got, ll)
		}
		var notes []string
		for _, w := range warn.Folds[f].Warnings {
			if strings.Contains(w, "training row") {
				notes = append(notes, w)
			}
		}
		if !slices.Equal(notes, wantWarn) {
			t.Errorf("fold %d: got notes %q, want %q", f+1, notes, wantWarn)
		}
	}
}
