package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
)

// evalMultinomialSchema names the layout of eval's JSON output for a
// multinomial model, documented in the manual (doc.go).
const evalMultinomialSchema = "logreg-eval-multinomial/1"

// evalMultinomialOutput is the JSON output of eval for a multinomial
// model. Every key is always written, a value that does not exist as null.
type evalMultinomialOutput struct {
	Schema      string   `json:"schema"`
	Family      string   `json:"family"`
	Data        string   `json:"data"`
	Target      string   `json:"target"`
	Levels      []string `json:"levels"`
	Baseline    string   `json:"baseline"`
	DroppedRows int      `json:"dropped_rows"`
	N           int      `json:"n"`
	multiScores
	Confusion []confCell  `json:"confusion"`
	Timing    *evalTiming `json:"timing"`
}

// evalMultinomial is eval of the multinomial model m on the file data: the
// target is read as text (kept as read) and matched to the model's levels,
// numbers by value; rows with a missing target or feature are dropped with
// omit, and an error otherwise.
func evalMultinomial(stdout io.Writer, m *model, enc dataset.Encoding, data string, omit bool, format string, timing bool) error {
	name := fileName(data)
	levels := m.Levels()
	enc.Weights = ""
	start := time.Now()
	t, err := enc.ApplyFile(data, dataset.ApplyOptions{Target: true, DropNA: omit, Keep: []string{enc.Target.Name}})
	if err != nil {
		return err
	}
	y := make([]int, len(t.Rows))
	for i, cell := range t.Kept[0] {
		if y[i] = targetLevel(cell, levels, enc.Target.Kind); y[i] < 0 {
			return fmt.Errorf("%s:%d: target %q is %q, not a level of the model (levels: %s)", name, t.Rows[i], enc.Target.Name, cell, strings.Join(levels, ", "))
		}
	}
	readTime := time.Since(start)
	start = time.Now()
	var p linalg.Dense
	m.ProbabilitiesTo(&p, t.X)
	for i := range len(t.Rows) {
		if slices.ContainsFunc(p.RawRow(i), func(v float64) bool { return !finite(v) }) {
			return fmt.Errorf("%s:%d: the probabilities of the row are not defined: the model's coefficients times its values overflow", name, t.Rows[i])
		}
	}
	if len(t.Rows) == 0 {
		return fmt.Errorf("%s: no rows to score", name)
	}
	sc, conf := multiEvaluate(&p, y)
	scoreTime := time.Since(start)
	out := &evalMultinomialOutput{
		Schema: evalMultinomialSchema, Family: "multinomial", Data: name, Target: enc.Target.Name,
		Levels: levels, Baseline: levels[m.Baseline()], DroppedRows: t.Dropped, N: len(t.Rows),
		multiScores: sc, Confusion: confCells(conf, levels),
	}
	if format == "json" {
		if timing {
			out.Timing = &evalTiming{num(readTime.Seconds()), num(scoreTime.Seconds())}
		}
		return writeJSON(stdout, out)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Data: %s: %d rows used, %d dropped for missing values\n", name, len(t.Rows), t.Dropped)
	fmt.Fprintf(&b, "Response: %s, %d levels (%s); multinomial logistic regression\n\n", out.Target, len(levels), strings.Join(levels, ", "))
	for i, v := range sc.fields() {
		fmt.Fprintf(&b, "%-10s %s\n", multiScoreNames[i], fmtG("%.6f", float64(*v)))
	}
	b.WriteString("\nConfusion matrix (rows: true level, columns: most probable level):\n")
	writeConfusion(&b, levels, conf)
	_, err = io.WriteString(stdout, b.String())
	return err
}

// targetLevel returns the index in levels of the target cell as read, -1
// when it is none of them. A numeric target's levels are its numbers in
// their shortest form, so a cell is matched by its value ("1.0" is "1").
func targetLevel(cell string, levels []string, kind dataset.Kind) int {
	if l := slices.Index(levels, cell); l >= 0 || kind != dataset.Numeric {
		return l
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(cell), 64)
	if err != nil {
		return -1
	}
	return slices.Index(levels, strconv.FormatFloat(v, 'g', -1, 64))
}

// writeConfusion writes the K×K confusion matrix conf of levels as a
// table, rows the true level.
func writeConfusion(b *strings.Builder, levels []string, conf [][]int) {
	w := len("true \\ predicted")
	for _, l := range levels {
		w = max(w, len(l))
	}
	fmt.Fprintf(b, "%-*s", w, "true \\ predicted")
	for _, l := range levels {
		fmt.Fprintf(b, " %*s", max(len(l), 6), l)
	}
	b.WriteString("\n")
	for a, l := range levels {
		fmt.Fprintf(b, "%-*s", w, l)
		for c, v := range conf[a] {
			fmt.Fprintf(b, " %*d", max(len(levels[c]), 6), v)
		}
		b.WriteString("\n")
	}
}
