package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/logreg"
)

// multinomialData is a training file read for a multinomial fit: the design
// of dataset.ReadFile and the level of each of its rows.
type multinomialData struct {
	t      *dataset.Table
	y      []int
	levels []string
}

// readMultinomial reads the file of o for a multinomial fit. The target's
// levels (sorted texts, or numbers in increasing order) come from a frame
// of the file; the design from dataset.ReadFile with the first level as the
// positive value, which accepts a target of any number of values, so that
// features, weights and missing values are read and checked as for a
// binary fit. Rows are matched by their line.
func readMultinomial(o *dataFlags) (*multinomialData, error) {
	if o.data == "-" {
		return nil, usagef("fit", "-family multinomial reads its data twice and needs a file, not standard input")
	}
	f, err := os.Open(o.data)
	if err != nil {
		return nil, err
	}
	fr, err := dataset.ReadFrame(f, o.data)
	f.Close()
	if err != nil {
		return nil, err
	}
	col := fr.Column(o.target)
	if col == nil {
		// ReadFile names the missing column as for a binary fit.
		_, err := dataset.ReadFile(o.data, o.readOptions())
		if err == nil {
			err = fmt.Errorf("%s: no column %q", o.data, o.target)
		}
		return nil, err
	}
	var levels []string
	codes := make([]int, len(fr.Rows))
	if col.Kind == dataset.Categorical {
		levels = col.Levels
		copy(codes, col.Codes)
	} else {
		var vals []float64
		for _, v := range col.Values {
			if !math.IsNaN(v) && !slices.Contains(vals, v) {
				vals = append(vals, v)
			}
		}
		slices.Sort(vals)
		for _, v := range vals {
			levels = append(levels, strconv.FormatFloat(v, 'g', -1, 64))
		}
		for i, v := range col.Values {
			codes[i] = slices.Index(vals, v)
		}
	}
	if len(levels) < 2 {
		one := ""
		if len(levels) == 1 {
			one = levels[0]
		}
		return nil, fmt.Errorf("%s: invalid target: target %q has only the value %q", fileName(o.data), o.target, one)
	}
	opt := o.readOptions()
	opt.Positive = levels[0]
	t, err := dataset.ReadFile(o.data, opt)
	if err != nil {
		return nil, err
	}
	row := make(map[int]int, len(fr.Rows))
	for i, l := range fr.Rows {
		row[l] = i
	}
	y := make([]int, len(t.Rows))
	for i, l := range t.Rows {
		fi, ok := row[l]
		if !ok || codes[fi] < 0 {
			return nil, fmt.Errorf("%s:%d: the target of this row was not read", fileName(o.data), l)
		}
		y[i] = codes[fi]
	}
	return &multinomialData{t: t, y: y, levels: levels}, nil
}

// runFitMultinomial is fit -family multinomial: the baseline-category logit
// of every level of the target against the baseline ref ("" for the first).
// The model is saved to out unless out is "".
//
// With timing false, the JSON output has "timing": null.
func runFitMultinomial(stdout, stderr io.Writer, args []string, o *dataFlags, ref string, l2, level float64, format, out string, timing bool) error {
	start := time.Now()
	d, err := readMultinomial(o)
	if err != nil {
		return err
	}
	readTime := time.Since(start)
	base := 0
	if ref != "" {
		if base = slices.Index(d.levels, ref); base < 0 {
			return fmt.Errorf("%s: invalid target: -ref %q is not a value of target %q (values: %s)", fileName(o.data), ref, o.target, strings.Join(d.levels, ", "))
		}
	}
	bs := o.settings(d.t, stderr, "")
	set := &logreg.MultinomialSettings{
		Levels: d.levels, Baseline: base, MaxIter: bs.MaxIter, Tol: bs.Tol, NoIntercept: bs.NoIntercept,
		L2: l2, Names: bs.Names, Weights: bs.Weights, Progress: bs.Progress,
	}
	start = time.Now()
	res, err := logreg.FitMultinomial(d.t.X, d.y, set)
	if err != nil {
		return fitError(o.data, d.t, err)
	}
	fitTime := time.Since(start)
	if out != "" {
		m, err := newMultinomialModel(d.t, res, o, level)
		if err != nil {
			return err
		}
		if err := m.write(out); err != nil {
			return fmt.Errorf("writing the model: %w", err)
		}
	}
	if format == "json" {
		var tj *timingJSON
		if timing {
			tj = &timingJSON{num(readTime.Seconds()), num(fitTime.Seconds())}
		}
		return writeJSON(stdout, multinomialJSON(o, d, res, level, tj))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Call:\n  %s\n\n", callLine("fit", args))
	fmt.Fprintf(&b, "Data: %s: %d rows used, %d dropped for missing values\n", fileName(o.data), len(d.t.Rows), d.t.Dropped)
	fmt.Fprintf(&b, "Response: %s, %d levels (%s), baseline %s\n\n", o.target, len(d.levels), strings.Join(d.levels, ", "), d.levels[base])
	b.WriteString(res.Summary(level).String())
	_, err = io.WriteString(stdout, b.String())
	return err
}

// mcoefJSON is a coefficient of a multinomial fit: the level whose logit
// against the baseline it belongs to, and the fields of a binary one.
type mcoefJSON struct {
	Response string `json:"response"`
	coefJSON
}

type levelPairJSON struct {
	Levels [2]string `json:"levels"`
	Type   string    `json:"type"`
}

// fitMultinomialSchema names the layout of fit -family multinomial's JSON
// output, documented in the manual (doc.go).
const fitMultinomialSchema = "logreg-fit-multinomial/1"

type multinomialOutput struct {
	Schema          string          `json:"schema"`
	Family          string          `json:"family"`
	Penalty         string          `json:"penalty"`
	Lambda          num             `json:"lambda"`
	Converged       bool            `json:"converged"`
	Iterations      int             `json:"iterations"`
	Separation      bool            `json:"separation"`
	SeparationType  string          `json:"separation_type"`
	SeparatedLevels []levelPairJSON `json:"separated_levels"`
	N               int             `json:"n"`
	Observations    num             `json:"observations"`
	Target          string          `json:"target"`
	Levels          []string        `json:"levels"`
	Baseline        string          `json:"baseline"`
	Level           num             `json:"level"`
	Coefficients    []mcoefJSON     `json:"coefficients"`
	LogLik          num             `json:"log_likelihood"`
	PenalizedLogLik num             `json:"penalized_log_likelihood"`
	Deviance        num             `json:"deviance"`
	NullDeviance    num             `json:"null_deviance"`
	AIC             num             `json:"aic"`
	BIC             num             `json:"bic"`
	LRStatistic     num             `json:"lr_statistic"`
	LRDF            int             `json:"lr_df"`
	LRP             num             `json:"lr_p"`
	Warnings        []string        `json:"warnings"`
	DroppedRows     int             `json:"dropped_rows"`
	Timing          *timingJSON     `json:"timing"`
}

// multinomialJSON returns the JSON output of the fit r to d; timing nil
// writes "timing": null, lambda and penalized_log_likelihood are null
// without a penalty.
func multinomialJSON(o *dataFlags, d *multinomialData, r *logreg.MultinomialResult, level float64, timing *timingJSON) *multinomialOutput {
	out := &multinomialOutput{
		Schema: fitMultinomialSchema, Family: "multinomial", Penalty: "none",
		Lambda: num(math.NaN()), PenalizedLogLik: num(math.NaN()),
		Converged: r.Converged, Iterations: r.Iterations,
		Separation: r.Separation, SeparationType: r.SeparationType.String(),
		SeparatedLevels: []levelPairJSON{},
		N:               r.NObs, Observations: num(r.SumWeights),
		Target: o.target, Levels: r.Levels, Baseline: r.Levels[r.Baseline], Level: num(level),
		LogLik: num(r.LogLik), Deviance: num(r.Deviance), NullDeviance: num(r.NullDeviance),
		AIC: num(r.AIC()), BIC: num(r.BIC()),
		Warnings:    append([]string{}, r.Warnings...),
		DroppedRows: d.t.Dropped,
		Timing:      timing,
	}
	stat, df, p := r.LRTest()
	out.LRStatistic, out.LRDF, out.LRP = num(stat), df, num(p)
	if r.Separation || r.L2 > 0 {
		out.LRStatistic, out.LRP = num(math.NaN()), num(math.NaN())
	}
	if r.L2 > 0 {
		out.Penalty, out.Lambda, out.PenalizedLogLik = "l2", num(r.L2), num(r.PenalizedLogLik)
	}
	for _, pr := range r.SeparatedPairs {
		out.SeparatedLevels = append(out.SeparatedLevels, levelPairJSON{Levels: [2]string{r.Levels[pr.A], r.Levels[pr.B]}, Type: pr.Type.String()})
	}
	for _, c := range r.Summary(level).Coefs {
		if r.Cov == nil || r.L2 > 0 {
			c.StdErr, c.Z, c.P, c.Low, c.High = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
		}
		out.Coefficients = append(out.Coefficients, mcoefJSON{Response: c.Response, coefJSON: coefJSON{
			Name: c.Name, Estimate: num(c.Estimate), StdErr: num(c.StdErr),
			Z: num(c.Z), P: num(c.P), Low: num(c.Low), High: num(c.High), Status: c.Status.String(),
		}})
	}
	return out
}

// manyValuesHint adds to the error of a target with more than two values
// the two ways to fit it.
func manyValuesHint(err error) error {
	if errors.Is(err, dataset.ErrTarget) && strings.HasSuffix(err.Error(), "; set the positive value") {
		return fmt.Errorf("%w (-positive VALUE), or fit every level with -family multinomial", err)
	}
	return err
}
