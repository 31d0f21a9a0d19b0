package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

const evalSynopsis = `logreg eval -model MODEL.json -data FILE [-target COL] [-threshold 0.5] [-na error|omit]
                   [-format text|json [-timing=false]] [-roc FILE.svg] [-calibration FILE.svg]`

const evalDescription = `Eval scores a model on labelled data coded as its training data: n,
accuracy, precision, recall and F1 with the confusion matrix at the
threshold, log-loss, Brier score and the ROC AUC (exact, tied
probabilities counting one half). -roc draws the ROC curve as a
standalone SVG image with the AUC in the legend. The Hosmer-Lemeshow
test compares observed and expected positives in 10 groups by deciles of
the predictions (as R's ResourceSelection::hoslem.test), df = groups - 2;
-calibration draws those groups' reliability diagram (observed rate
against mean predicted probability, with the diagonal and the counts).

The target must be 0/1 (or text coded as in training), each row counting
once: a model fitted to proportions with -weights is scored on 0/1 data,
a proportion such as 0.3 is an error, and the weights column is not read.

A multinomial model (fit -family multinomial) is scored on a target of
its levels, each row counting once (the weights column is not read): the
log-loss (mean −log of the probability of the true level), the accuracy of
the most probable level, the macro-averaged F1 (over the levels with a row
or a prediction), the Brier score Σ_l (p_l − δ(y = l))² averaged over the
rows, and the K×K confusion matrix. -threshold and -roc do not apply to it
(a usage error).
`

// evalSchema names the layout of eval's JSON output, documented in the
// manual (doc.go).
const evalSchema = "logreg-eval/1"

// evalOutput is the JSON output of eval. Every key is always written, a
// value that does not exist as null.
type evalOutput struct {
	Schema        string `json:"schema"`
	Data          string `json:"data"`
	Target        string `json:"target"`
	PositiveLevel string `json:"positive_level"`
	DroppedRows   int    `json:"dropped_rows"`
	metrics
	Timing *evalTiming `json:"timing"`
	HL     *hlJSON     `json:"hosmer_lemeshow"`
}

// hlJSON is the Hosmer–Lemeshow test of eval.
type hlJSON struct {
	Statistic num `json:"statistic"`
	DF        int `json:"df"`
	P         num `json:"p"`
}

// hlGroups is the number of groups of eval's Hosmer–Lemeshow test.
const hlGroups = 10

// evalTiming is the time eval took, null with -timing=false.
type evalTiming struct {
	Read  num `json:"read_seconds"`
	Score num `json:"score_seconds"`
}

func runEval(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", evalSynopsis, evalDescription, stderr)
	modelPath := fs.String("model", "", "the model `MODEL.json` written by logreg fit -out")
	data := fs.String("data", "", "a CSV `FILE` with the model's feature and target columns; - reads standard input")
	target := fs.String("target", "", "the target `COLUMN` (default: the model's target name), coded as in training")
	threshold := fs.Float64("threshold", 0.5, "probability `threshold` for predicting 1, in [0, 1]")
	naMode := fs.String("na", "error", "missing values in a used column: error or omit (drop the row)")
	format := fs.String("format", "text", "output `format`: text or json")
	roc := fs.String("roc", "", "draw the ROC curve to `FILE.svg`")
	calib := fs.String("calibration", "", "draw the reliability diagram of the Hosmer-Lemeshow groups to `FILE.svg`")
	timing := fs.Bool("timing", true, "report the read and scoring times in the JSON output; false writes \"timing\": null, so that outputs can be compared")
	if err := parseFlags(fs, "eval", args); err != nil {
		return err
	}
	switch {
	case *modelPath == "":
		return usagef("eval", "-model is required")
	case *data == "":
		return usagef("eval", "-data is required")
	case !(*threshold >= 0 && *threshold <= 1):
		return usagef("eval", "-threshold must be in [0, 1], not %v", *threshold)
	case *naMode != "error" && *naMode != "omit":
		return usagef("eval", "-na must be error or omit, not %q", *naMode)
	case *format != "text" && *format != "json":
		return usagef("eval", "-format must be text or json, not %q", *format)
	}
	if err := checkOutput("eval", "roc", *roc, *data, *modelPath); err != nil {
		return err
	}
	if err := checkOutput("eval", "calibration", *calib, *data, *modelPath); err != nil {
		return err
	}
	if *calib != "" && *calib == *roc {
		return usagef("eval", "-calibration and -roc name the same file")
	}
	m, err := readModel(*modelPath)
	if err != nil {
		return err
	}
	enc := m.Encoding
	if *target != "" {
		enc.Target.Name = *target
	}
	if m.multinomial() {
		set := false
		fs.Visit(func(f *flag.Flag) { set = set || f.Name == "threshold" || f.Name == "roc" })
		if set {
			return usagef("eval", "-threshold and -roc apply to a binomial model, and %s is multinomial", *modelPath)
		}
		return evalMultinomial(stdout, m, enc, *data, *naMode == "omit", *format, *timing)
	}
	// The measures take 0/1 responses of weight 1: the weights column of
	// a model fitted to proportions is not read, and a proportion is
	// refused as a target that is not 0 or 1.
	proportions := enc.Weights != "" && enc.Target.Kind == dataset.Numeric && enc.Target.Positive == ""
	enc.Weights = ""
	start := time.Now()
	var t *dataset.Table
	var off []float64
	if m.Formula() != nil {
		if *target != "" {
			return usagef("eval", "-target cannot rename the response of a model of a formula")
		}
		t, off, err = formulaTable(m, *data, true, *naMode == "omit")
	} else {
		t, err = enc.ApplyFile(*data, dataset.ApplyOptions{Target: true, DropNA: *naMode == "omit"})
	}
	if err != nil {
		if proportions && errors.Is(err, dataset.ErrTarget) {
			return fmt.Errorf("%w (eval scores 0/1 responses, not proportions)", err)
		}
		return err
	}
	readTime := time.Since(start)
	start = time.Now()
	eta := linearPredictor(m.result(), t.X)
	for i, o := range off {
		eta[i] += o
	}
	if err := finiteEta(fileName(*data), t, eta); err != nil {
		return err
	}
	met := evaluate(t.Y, eta, *threshold)
	// nil, and no test in the output: too few rows or distinct predictions
	// for hlGroups groups.
	hl, _ := logreg.HosmerLemeshow(probabilities(eta), t.Y, nil, hlGroups)
	scoreTime := time.Since(start)
	if *roc != "" {
		pts := rocPoints(t.Y, probabilities(eta))
		if pts == nil {
			return fmt.Errorf("%s: cannot draw a ROC curve: the data hold only one class of %s", fileName(*data), enc.Target.Name)
		}
		title := fmt.Sprintf("ROC curve: %s = %s on %s", enc.Target.Name, t.TargetLevels[1], fileName(*data))
		err := writeOutput(*roc, func(w io.Writer) error { return writeROC(w, pts, float64(met.AUC), title) })
		if err != nil {
			return fmt.Errorf("writing the ROC curve: %w", err)
		}
	}
	if *calib != "" {
		if hl == nil {
			return fmt.Errorf("%s: cannot draw a reliability diagram: the predictions take too few distinct values", fileName(*data))
		}
		title := fmt.Sprintf("Calibration: %s = %s on %s", enc.Target.Name, t.TargetLevels[1], fileName(*data))
		if err := writeOutput(*calib, func(w io.Writer) error { return writeCalibration(w, hl, title) }); err != nil {
			return fmt.Errorf("writing the reliability diagram: %w", err)
		}
	}
	if *format == "json" {
		out := &evalOutput{
			Schema: evalSchema, Data: fileName(*data), Target: enc.Target.Name, PositiveLevel: t.TargetLevels[1],
			DroppedRows: t.Dropped, metrics: met,
		}
		if hl != nil {
			out.HL = &hlJSON{num(hl.Statistic), hl.DF, num(hl.P)}
		}
		if *timing {
			out.Timing = &evalTiming{num(readTime.Seconds()), num(scoreTime.Seconds())}
		}
		return writeJSON(stdout, out)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "Data: %s: %d rows used, %d dropped for missing values\n", fileName(*data), len(t.Rows), t.Dropped)
	writeMetricsText(&b, &met, t.TargetLevels)
	if hl != nil {
		fmt.Fprintf(&b, "\nHosmer-Lemeshow: X² = %.4f on %d df, p = %s (%d groups by deciles of the predictions)\n",
			hl.Statistic, hl.DF, logreg.FormatP(hl.P), len(hl.Groups))
	} else {
		b.WriteString("\nHosmer-Lemeshow: not defined (the predictions take too few distinct values)\n")
	}
	_, err = stdout.Write(b.Bytes())
	return err
}

// linearPredictor returns η = D·β for the rows of x by the model's own
// logreg.Result.LinearPredictorTo, the computation PredictTo applies the
// sigmoid to.
func linearPredictor(r *logreg.Result, x *linalg.Dense) []float64 {
	n, _ := x.Dims()
	eta := make([]float64, n)
	r.LinearPredictorTo(eta, x)
	return eta
}

// finiteEta returns an error naming the line of the first row of t (read
// from the file name) whose linear predictor in eta is not finite: a
// coefficient times a value, or their sum, overflows, and no probability
// can be trusted.
func finiteEta(name string, t *dataset.Table, eta []float64) error {
	for i, e := range eta {
		if !finite(e) {
			return fmt.Errorf("%s:%d: the linear predictor of the row is %v: the model's coefficients times its values overflow", name, t.Rows[i], e)
		}
	}
	return nil
}
