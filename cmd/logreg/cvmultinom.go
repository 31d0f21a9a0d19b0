package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// multiScores are the measures of a multinomial fit on test rows, each row
// counting once: the mean log-loss −log p_y, the accuracy of the most
// probable level, the macro-averaged F1 (over the levels with a row or a
// prediction) and the Brier score Σ_l (p_l − δ(y = l))², averaged.
type multiScores struct {
	LogLoss  num `json:"log_loss"`
	Accuracy num `json:"accuracy"`
	MacroF1  num `json:"macro_f1"`
	Brier    num `json:"brier"`
}

func (s *multiScores) fields() []*num { return []*num{&s.LogLoss, &s.Accuracy, &s.MacroF1, &s.Brier} }

var multiScoreNames = []string{"log-loss", "accuracy", "macro F1", "Brier"}

// multiEvaluate scores the probabilities p (n×K) of the levels y, and
// returns the confusion matrix, rows the true level, columns the
// predicted one.
func multiEvaluate(p *linalg.Dense, y []int) (multiScores, [][]int) {
	n, K := p.Dims()
	conf := make([][]int, K)
	for l := range conf {
		conf[l] = make([]int, K)
	}
	var ll, brier float64
	correct := 0
	for i, yi := range y {
		row := p.RawRow(i)
		best := 0
		for l, v := range row {
			if v > row[best] {
				best = l
			}
			d := v
			if l == yi {
				d = v - 1
			}
			brier += d * d
		}
		ll -= math.Log(max(row[yi], math.SmallestNonzeroFloat64))
		conf[yi][best]++
		if best == yi {
			correct++
		}
	}
	var f1 float64
	used := 0
	for l := range K {
		tp, fp, fn := conf[l][l], 0, 0
		for k := range K {
			if k != l {
				fp += conf[k][l]
				fn += conf[l][k]
			}
		}
		if tp+fp+fn == 0 {
			continue
		}
		used++
		f1 += 2 * float64(tp) / float64(2*tp+fp+fn)
	}
	s := multiScores{LogLoss: num(ll / float64(n)), Accuracy: num(float64(correct) / float64(n)), Brier: num(brier / float64(n)), MacroF1: num(math.NaN())}
	if used > 0 {
		s.MacroF1 = num(f1 / float64(used))
	}
	return s, conf
}

// confCell is one cell of a confusion matrix in the JSON output: the rows
// of true level True predicted as Predicted.
type confCell struct {
	True      string `json:"true"`
	Predicted string `json:"predicted"`
	N         int    `json:"n"`
}

// confCells lists the K×K cells of conf, row by row.
func confCells(conf [][]int, levels []string) []confCell {
	var out []confCell
	for a, row := range conf {
		for b, v := range row {
			out = append(out, confCell{True: levels[a], Predicted: levels[b], N: v})
		}
	}
	return out
}

type multiFoldOutput struct {
	Fold       int      `json:"fold"`
	NTrain     int      `json:"n_train"`
	N          int      `json:"n"`
	Converged  bool     `json:"converged"`
	Separation bool     `json:"separation"`
	Iterations int      `json:"iterations"`
	Warnings   []string `json:"warnings"`
	multiScores
	Confusion []confCell `json:"confusion"`
}

// cvMultinomialSchema names the layout of cv -family multinomial's JSON
// output, documented in the manual (doc.go).
const cvMultinomialSchema = "logreg-cv-multinomial/1"

type multiCVOutput struct {
	Schema    string            `json:"schema"`
	Family    string            `json:"family"`
	Data      string            `json:"data"`
	Target    string            `json:"target"`
	Levels    []string          `json:"levels"`
	Baseline  string            `json:"baseline"`
	N         int               `json:"n"`
	Dropped   int               `json:"dropped_rows"`
	K         int               `json:"k"`
	Seed      uint64            `json:"seed"`
	Penalty   string            `json:"penalty"`
	Lambda    num               `json:"lambda"`
	Folds     []multiFoldOutput `json:"folds"`
	Mean      multiScores       `json:"mean"`
	SD        multiScores       `json:"sd"`
	Confusion []confCell        `json:"confusion"`
	Timing    *cvTiming         `json:"timing"`
}

// runCVMultinomial is cv -family multinomial: stratified k-fold
// cross-validation of the baseline-category logit fit, with ridge penalty
// lambda. With timing false, the JSON output has "timing": null.
func runCVMultinomial(stdout, stderr io.Writer, args []string, o *dataFlags, ref string, k int, seed uint64, lambda float64, format string, timing bool) error {
	start := time.Now()
	d, err := readMultinomial(o)
	if err != nil {
		return err
	}
	t, name := d.t, fileName(o.data)
	n, _ := t.X.Dims()
	if k > n {
		return fmt.Errorf("%s: %d folds but only %d rows", name, k, n)
	}
	base := 0
	if ref != "" {
		if base = slices.Index(d.levels, ref); base < 0 {
			return fmt.Errorf("%s: invalid target: -ref %q is not a value of target %q (values: %s)", name, ref, o.target, strings.Join(d.levels, ", "))
		}
	}
	yf := make([]float64, n)
	for i, v := range d.y {
		yf[i] = float64(v)
	}
	folds := dataset.StratifiedKFold(yf, k, seed)
	readTime := time.Since(start)
	start = time.Now()
	out := &multiCVOutput{Schema: cvMultinomialSchema, Family: "multinomial", Lambda: num(math.NaN()), Data: name, Target: o.target, Levels: d.levels, Baseline: d.levels[base],
		N: n, Dropped: t.Dropped, K: k, Seed: seed, Penalty: "none"}
	if lambda > 0 {
		out.Penalty, out.Lambda = "l2", num(lambda)
	}
	total := make([][]int, len(d.levels))
	for l := range total {
		total[l] = make([]int, len(d.levels))
	}
	inTest := make([]bool, n)
	for f, test := range folds {
		clear(inTest)
		for _, i := range test {
			inTest[i] = true
		}
		var train []int
		for i := range n {
			if !inTest[i] {
				train = append(train, i)
			}
		}
		sub, ts := subset(t, train), subset(t, test)
		keep, notes := estimable(sub)
		if keep != nil {
			sub, ts = columns(sub, keep), columns(ts, keep)
		}
		bs := o.settings(sub, stderr, fmt.Sprintf("fold %d/%d: ", f+1, len(folds)))
		set := &logreg.MultinomialSettings{Levels: d.levels, Baseline: base, MaxIter: bs.MaxIter, Tol: bs.Tol,
			NoIntercept: bs.NoIntercept, L2: lambda, Names: bs.Names, Weights: bs.Weights, Progress: bs.Progress}
		res, err := logreg.FitMultinomial(sub.X, pickInts(d.y, train), set)
		if err != nil {
			return fmt.Errorf("fold %d of %d: %w", f+1, len(folds), fitError(o.data, sub, err))
		}
		var p linalg.Dense
		res.Probabilities(&p, ts.X)
		sc, conf := multiEvaluate(&p, pickInts(d.y, test))
		for a := range conf {
			for b := range conf[a] {
				total[a][b] += conf[a][b]
			}
		}
		out.Folds = append(out.Folds, multiFoldOutput{Fold: f + 1, NTrain: len(train), N: len(test), Converged: res.Converged,
			Separation: res.Separation, Iterations: res.Iterations, Warnings: append(append([]string{}, notes...), res.Warnings...), multiScores: sc, Confusion: confCells(conf, d.levels)})
	}
	out.Confusion = confCells(total, d.levels)
	mf, sf := out.Mean.fields(), out.SD.fields()
	for j := range mf {
		v := make([]float64, len(out.Folds))
		for i := range out.Folds {
			v[i] = float64(*out.Folds[i].multiScores.fields()[j])
		}
		m, s := meanSD(v)
		*mf[j], *sf[j] = num(m), num(s)
	}
	if timing {
		out.Timing = &cvTiming{Read: num(readTime.Seconds()), CV: num(time.Since(start).Seconds())}
	}
	if format == "json" {
		return writeJSON(stdout, out)
	}
	_, err = io.WriteString(stdout, multiCVText(callLine("cv", args), out, total))
	return err
}

func pickInts(y []int, idx []int) []int {
	out := make([]int, len(idx))
	for i, j := range idx {
		out[i] = y[j]
	}
	return out
}

// multiCVText formats a multinomial cross-validation for people.
func multiCVText(call string, out *multiCVOutput, conf [][]int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Call:\n  %s\n\n", call)
	fmt.Fprintf(&b, "Data: %s: %d rows used, %d dropped for missing values\n", out.Data, out.N, out.Dropped)
	fmt.Fprintf(&b, "Response: %s, %d levels (%s), baseline %s; multinomial logistic regression\n",
		out.Target, len(out.Levels), strings.Join(out.Levels, ", "), out.Baseline)
	fmt.Fprintf(&b, "Stratified %d-fold cross-validation, seed %d\n", out.K, out.Seed)
	if out.Penalty == "l2" {
		fmt.Fprintf(&b, "Penalty: ridge (L2), lambda = %g, intercepts not penalized\n", float64(out.Lambda))
	} else {
		b.WriteString("Penalty: none (maximum likelihood)\n")
	}
	b.WriteString("\nFolds:\n")
	fmt.Fprintf(&b, "%4s %7s %6s", "fold", "n_train", "n_test")
	for _, s := range multiScoreNames {
		fmt.Fprintf(&b, " %10s", s)
	}
	b.WriteString("  note\n")
	for _, f := range out.Folds {
		fmt.Fprintf(&b, "%4d %7d %6d", f.Fold, f.NTrain, f.N)
		for _, v := range f.multiScores.fields() {
			fmt.Fprintf(&b, " %10s", fmtG("%.4f", float64(*v)))
		}
		note := ""
		if f.Separation {
			note = "separated"
		} else if !f.Converged {
			note = "not converged"
		}
		fmt.Fprintf(&b, "  %s\n", note)
	}
	for _, row := range []struct {
		name string
		s    multiScores
	}{{"mean", out.Mean}, {"sd", out.SD}} {
		fmt.Fprintf(&b, "%-19s", row.name)
		for _, v := range row.s.fields() {
			fmt.Fprintf(&b, " %10s", fmtG("%.4f", float64(*v)))
		}
		b.WriteString("\n")
	}
	b.WriteString("\nConfusion matrix over all folds (rows: true level, columns: predicted):\n")
	writeConfusion(&b, out.Levels, conf)
	for _, f := range out.Folds {
		for _, wn := range f.Warnings {
			fmt.Fprintf(&b, "Warning (fold %d): %s\n", f.Fold, wn)
		}
	}
	return b.String()
}
