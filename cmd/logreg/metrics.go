package main

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/a1bed000/logreg/logreg"
)

// scores are the performance measures of a binary classifier; NaN marks a
// measure that is not defined on the data (precision with no predicted
// positive, AUC with one class only).
type scores struct {
	Accuracy  num `json:"accuracy"`
	Precision num `json:"precision"`
	Recall    num `json:"recall"`
	F1        num `json:"f1"`
	LogLoss   num `json:"log_loss"`
	Brier     num `json:"brier"`
	AUC       num `json:"auc"`
}

// scoreNames are the names of the fields of scores, in order, for text
// output.
var scoreNames = []string{"accuracy", "precision", "recall", "F1", "log-loss", "Brier", "ROC AUC"}

// fields returns pointers to the fields of s in the order of scoreNames.
func (s *scores) fields() []*num {
	return []*num{&s.Accuracy, &s.Precision, &s.Recall, &s.F1, &s.LogLoss, &s.Brier, &s.AUC}
}

// confusion is the confusion matrix at a threshold: observed 1 or 0 against
// predicted 1 or 0.
type confusion struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	TN int `json:"tn"`
	FN int `json:"fn"`
}

// metrics are the scores of a model on n labelled rows.
type metrics struct {
	N         int `json:"n"`
	Threshold num `json:"threshold"`
	scores
	Confusion confusion `json:"confusion"`
}

// ratio returns a/b, NaN when b is 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// evaluate scores the linear predictors eta of a model against the 0/1
// responses y. With p = σ(η), a row is predicted 1 when p ≥ threshold;
//
//	log-loss = −(1/n)·Σ [y·log p + (1 − y)·log(1 − p)]
//	Brier    = (1/n)·Σ (p − y)²
//
// with the log-loss computed from η (log(1 + e^(∓η))), so that it stays
// finite when p rounds to 0 or 1; the AUC is [auc] of p. When an η is NaN
// every measure is NaN and the confusion matrix is empty: no row can be
// classified.
func evaluate(y, eta []float64, threshold float64) metrics {
	n := len(y)
	m := metrics{N: n, Threshold: num(threshold)}
	if slices.ContainsFunc(eta, math.IsNaN) {
		for _, f := range m.scores.fields() {
			*f = num(math.NaN())
		}
		return m
	}
	p := probabilities(eta)
	var logLoss, brier float64
	for i, e := range eta {
		pos := p[i] >= threshold
		if y[i] == 1 {
			logLoss += logreg.Log1pExp(-e)
			if pos {
				m.Confusion.TP++
			} else {
				m.Confusion.FN++
			}
		} else {
			logLoss += logreg.Log1pExp(e)
			if pos {
				m.Confusion.FP++
			} else {
				m.Confusion.TN++
			}
		}
		d := p[i] - y[i]
		brier += d * d
	}
	c := m.Confusion
	m.Accuracy = num(ratio(c.TP+c.TN, n))
	m.Precision = num(ratio(c.TP, c.TP+c.FP))
	m.Recall = num(ratio(c.TP, c.TP+c.FN))
	m.F1 = num(ratio(2*c.TP, 2*c.TP+c.FP+c.FN))
	m.LogLoss = num(logLoss / float64(n))
	m.Brier = num(brier / float64(n))
	m.AUC = num(auc(y, p))
	return m
}

// probabilities returns σ(η) for each linear predictor, as
// logreg.Result.PredictTo computes it.
func probabilities(eta []float64) []float64 {
	p := make([]float64, len(eta))
	for i, e := range eta {
		p[i] = logreg.Sigmoid(e)
	}
	return p
}

// auc returns the area under the ROC curve of the scores s for the 0/1
// responses y, exactly, by the Mann–Whitney statistic with midranks for
// ties:
//
//	AUC = (R₁ − n₁(n₁ + 1)/2) / (n₁·n₀)
//
// where R₁ is the sum of the ranks of the positive rows among all scores,
// tied scores sharing the mean of their ranks. It is the probability that a
// random positive row scores above a random negative one, ties counting
// one half. It returns NaN when a class is absent or a score is NaN.
func auc(y, s []float64) float64 {
	if slices.ContainsFunc(s, math.IsNaN) {
		return math.NaN()
	}
	idx := order(s)
	var r1 float64
	n1 := 0
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && s[idx[j]] == s[idx[i]] {
			j++
		}
		mid := float64(i+1+j) / 2 // mean of the ranks i+1 … j
		for _, k := range idx[i:j] {
			if y[k] == 1 {
				r1 += mid
				n1++
			}
		}
		i = j
	}
	n0 := len(y) - n1
	if n1 == 0 || n0 == 0 {
		return math.NaN()
	}
	f1 := float64(n1)
	return (r1 - f1*(f1+1)/2) / (f1 * float64(n0))
}

// order returns the indices of s in ascending order of value; the order
// of equal values is unspecified (callers treat them as one group).
func order(s []float64) []int {
	idx := make([]int, len(s))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(s[a], s[b]) })
	return idx
}

// rocPoints returns the vertices of the ROC curve of the scores s for the
// 0/1 responses y, from (0, 0) to (1, 1): one point (false positive rate,
// true positive rate) per distinct score, taken in descending order, so
// that tied scores give a diagonal segment. It returns nil when a class is
// absent or a score is NaN.
func rocPoints(y, s []float64) [][2]float64 {
	if slices.ContainsFunc(s, math.IsNaN) {
		return nil
	}
	idx := order(s)
	slices.Reverse(idx)
	n1 := 0
	for _, v := range y {
		if v == 1 {
			n1++
		}
	}
	n0 := len(y) - n1
	if n1 == 0 || n0 == 0 {
		return nil
	}
	pts := [][2]float64{{0, 0}}
	tp, fp := 0, 0
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && s[idx[j]] == s[idx[i]] {
			if y[idx[j]] == 1 {
				tp++
			} else {
				fp++
			}
			j++
		}
		pts = append(pts, [2]float64{float64(fp) / float64(n0), float64(tp) / float64(n1)})
		i = j
	}
	return pts
}

// meanSD returns the mean and the sample standard deviation (divisor
// m − 1) of the m finite values of v: NaN for the mean when m = 0 and for
// the deviation when m < 2.
func meanSD(v []float64) (mean, sd float64) {
	var s float64
	m := 0
	for _, x := range v {
		if finite(x) {
			s += x
			m++
		}
	}
	if m == 0 {
		return math.NaN(), math.NaN()
	}
	mean = s / float64(m)
	if m < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, x := range v {
		if finite(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	return mean, math.Sqrt(ss / float64(m-1))
}

// writeMetricsText prints m for people; levels are the target values coded
// 0 and 1.
func writeMetricsText(w io.Writer, m *metrics, levels [2]string) {
	fmt.Fprintf(w, "n: %d   threshold: %g   positive class: %s\n\n", m.N, float64(m.Threshold), levels[1])
	for i, f := range m.scores.fields() {
		format := "%.6f"
		if v := float64(*f); math.Abs(v) >= 1e6 {
			format = "%.6g" // a log-loss of a confidently wrong model, say
		}
		fmt.Fprintf(w, "%-10s %s\n", scoreNames[i]+":", fmtG(format, float64(*f)))
	}
	c := m.Confusion
	width := max(len(levels[0]), len(levels[1]), len("observed"))
	fmt.Fprintf(w, "\nConfusion matrix (rows observed, columns predicted):\n")
	fmt.Fprintf(w, "%-*s %12s %12s\n", width, "observed", levels[0], levels[1])
	fmt.Fprintf(w, "%-*s %12d %12d\n", width, levels[0], c.TN, c.FP)
	fmt.Fprintf(w, "%-*s %12d %12d\n", width, levels[1], c.FN, c.TP)
}
