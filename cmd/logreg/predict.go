package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

const predictSynopsis = `logreg predict -model MODEL.json -data FILE [-out FILE.csv] [-threshold 0.5] [-na error|omit]
                      [-keep COL,COL] [-on-error fail|skip|na] [-se [-level 0.95]]`

const predictDescription = `Predict codes FILE exactly as the training data of the model and writes a
CSV file with one row per input row, in input order:

	probability,predicted

probability is the fitted probability that the target takes the value the
model codes 1, written in the shortest form that reads back to the same
float64; predicted is 1 when probability >= threshold and 0 otherwise.
With -na omit, rows with a missing value in a feature column are left out
and a first column line gives the 1-based line of the input where each
written row starts, so rows can be matched:

	line,probability,predicted

-se adds the uncertainty of each prediction from the model's covariance
(package logreg's Model.PredictSE), as R's predict.glm(se.fit = TRUE):

	probability,predicted,eta,se_eta,se_probability,lower,upper

eta is the linear predictor (the log-odds), se_eta its standard error
sqrt(x'Vx), se_probability = se_eta·p(1 − p) (the delta method) and
lower, upper the -level interval through the link, plogis(eta ∓ z·se_eta),
z the normal quantile. A model without a covariance (a ridge fit,
separated data) is an error with -se.

-keep id,region puts those input columns first, as read, so that the
predictions join back to the input: id,region,probability,predicted.

A multinomial model (fit -family multinomial) writes one probability
column per level of the target, in the model's order, then the most
probable level (the first of equal ones):

	p_LEVEL1,p_LEVEL2,...,predicted

-threshold does not apply to it (a usage error).

The input is read, coded and written in chunks, in memory independent of
its length. A category not seen in training or a bad value (text or a
non-finite number in a numeric column, a linear predictor that overflows)
is an error naming FILE:LINE:COLUMN with -on-error fail (the default):
the status is 1, and standard output may hold the predictions of some of
the rows before it (with -out the file is left as it was). -on-error skip
leaves such rows out, -on-error na writes them with empty probability and
predicted; both say on standard error how many rows they touched. A
missing feature column, a malformed record, or a missing value with -na
error, is always an error.
`

// predictMaxProcs bounds the threads predict reads its input with. The
// rows are scored and written by one goroutine, which more readers would
// not speed up, and each reader holds pieces of input and their cells (a
// few MB): with more, memory would grow with the machine.
const predictMaxProcs = 4

// predictChunkBytes bounds the design matrix of one chunk of predict.
const predictChunkBytes = 1 << 20

// predictChunkRows returns the rows of a chunk of predict for p design
// columns: about predictChunkBytes of design, at most 8192 rows.
func predictChunkRows(p int) int {
	return max(1, min(8192, predictChunkBytes/(8*max(p, 1))))
}

// onError is what predict does with a row it cannot score.
type onError string

const (
	onErrorFail onError = "fail" // stop with the row's error
	onErrorSkip onError = "skip" // leave the row out
	onErrorNA   onError = "na"   // write the row with empty cells
)

// predictOptions are the settings of one predict run.
type predictOptions struct {
	threshold float64
	omit      bool     // -na omit: a line column
	keep      []string // input columns copied first
	onError   onError
	chunkRows int     // rows per chunk; 0: predictChunkRows
	se        bool    // -se: the columns of seColumns
	z         float64 // with se, the normal quantile of the interval
}

// seColumns are the columns -se adds after predictColumns.
var seColumns = []string{"eta", "se_eta", "se_probability", "lower", "upper"}

// predictColumns are the output columns after the kept ones and the line
// column. Options that add columns (a standard error) add them here, after
// predicted, so that the columns already read keep their names and places.
var predictColumns = []string{"probability", "predicted"}

func runPredict(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("predict", predictSynopsis, predictDescription, stderr)
	modelPath := fs.String("model", "", "the model `MODEL.json` written by logreg fit -out")
	data := fs.String("data", "", "a CSV `FILE` with the model's feature columns; - reads standard input")
	out := fs.String("out", "", "write the predictions to `FILE.csv` (atomically) instead of standard output")
	threshold := fs.Float64("threshold", 0.5, "probability `threshold` for predicted = 1, in [0, 1]")
	naMode := fs.String("na", "error", "missing values in a feature column: error or omit (drop the row)")
	keep := fs.String("keep", "", "comma-separated input `COLUMNS` copied, as read, to the first output columns")
	onErr := fs.String("on-error", "fail", "a row with an unseen level or a bad value: fail, skip (leave it out) or na (empty cells)")
	se := fs.Bool("se", false, "add the columns eta, se_eta, se_probability, lower and upper (from the model's covariance)")
	level := fs.Float64("level", 0.95, "with -se, the confidence `level` of lower and upper, in (0, 1)")
	if err := parseFlags(fs, "predict", args); err != nil {
		return err
	}
	opt := predictOptions{threshold: *threshold, omit: *naMode == "omit", onError: onError(*onErr), se: *se}
	thresholdSet, levelSet := false, false
	fs.Visit(func(f *flag.Flag) {
		thresholdSet = thresholdSet || f.Name == "threshold"
		levelSet = levelSet || f.Name == "level"
	})
	if *se {
		opt.z = logreg.NormalQuantile(1 - (1-*level)/2)
	}
	switch {
	case levelSet && !*se:
		return usagef("predict", "-level needs -se")
	case !(*level > 0 && *level < 1):
		return usagef("predict", "-level must be in (0, 1), not %v", *level)
	case *modelPath == "":
		return usagef("predict", "-model is required")
	case *data == "":
		return usagef("predict", "-data is required")
	case !(*threshold >= 0 && *threshold <= 1):
		return usagef("predict", "-threshold must be in [0, 1], not %v", *threshold)
	case *naMode != "error" && *naMode != "omit":
		return usagef("predict", "-na must be error or omit, not %q", *naMode)
	case opt.onError != onErrorFail && opt.onError != onErrorSkip && opt.onError != onErrorNA:
		return usagef("predict", "-on-error must be fail, skip or na, not %q", *onErr)
	}
	if *keep != "" {
		for _, k := range strings.Split(*keep, ",") {
			k = strings.TrimSpace(k) // as -features
			switch {
			case k == "":
				return usagef("predict", "-keep: empty column name in %q", *keep)
			case slices.Contains(opt.keep, k):
				return usagef("predict", "-keep: column %q listed twice", k)
			case k == "line" && opt.omit:
				return usagef("predict", "-keep: column %q would have the name of an output column", k)
			}
			opt.keep = append(opt.keep, k)
		}
	}
	if err := checkOutput("predict", "out", *out, *data, *modelPath); err != nil {
		return err
	}
	m, err := readModel(*modelPath)
	if err != nil {
		return err
	}
	cols := predictColumns
	if m.multinomial() {
		if thresholdSet {
			return usagef("predict", "-threshold applies to a binomial model, and %s is multinomial", *modelPath)
		}
		if *se {
			return usagef("predict", "-se applies to a binomial model, and %s is multinomial", *modelPath)
		}
		cols = multinomialColumns(m.Levels())
	}
	if *se {
		if !m.HasCov() {
			return fmt.Errorf("%s: -se: the model has no covariance (a ridge fit or separated data)", *modelPath)
		}
		cols = append(slices.Clone(cols), seColumns...)
	}
	for _, k := range opt.keep {
		if slices.Contains(cols, k) {
			return usagef("predict", "-keep: column %q would have the name of an output column", k)
		}
	}
	if runtime.GOMAXPROCS(0) > predictMaxProcs {
		runtime.GOMAXPROCS(predictMaxProcs)
	}
	in, closeIn, err := openInput(*data)
	if err != nil {
		return err
	}
	defer closeIn()
	var rep predictReport
	write := func(w io.Writer) error {
		rep, err = predict(w, m, in, fileName(*data), &opt)
		return err
	}
	if m.Formula() != nil {
		if opt.keep != nil || opt.onError != onErrorFail {
			return usagef("predict", "-keep and -on-error are not available for a model of a formula yet")
		}
		closeIn()
		write = func(w io.Writer) error { return predictFormula(w, m, *data, &opt) }
	}
	if *out == "" {
		err = writeBuffered(stdout, write)
	} else {
		err = writeOutput(*out, write)
	}
	if err == nil && rep.touched > 0 {
		what := "left out"
		if opt.onError == onErrorNA {
			what = "written with empty cells"
		}
		rows := "rows"
		if rep.touched == 1 {
			rows = "row"
		}
		fmt.Fprintf(stderr, "logreg predict: %d %s the model cannot score %s (first: %s)\n", rep.touched, rows, what, message(rep.first))
	}
	return err
}

// openInput opens the data file path, standard input for "-".
func openInput(path string) (io.Reader, func(), error) {
	if path == "-" {
		return os.Stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// predictReport says what predict did with the rows it could not score.
type predictReport struct {
	touched int   // rows left out or written with empty cells
	first   error // the error of the first of them
}

// multinomialColumns are the output columns of a multinomial model of the
// levels levels, after the kept ones and the line column.
func multinomialColumns(levels []string) []string {
	var cols []string
	for _, l := range levels {
		cols = append(cols, "p_"+l)
	}
	return append(cols, "predicted")
}

// predict codes the CSV input in, named name, with the model's encoding, in
// chunks, and writes the header and a row of predictions per input row to
// w as each chunk is scored.
func predict(w io.Writer, m *model, in io.Reader, name string, opt *predictOptions) (predictReport, error) {
	var rep predictReport
	multi := m.multinomial()
	var res *logreg.Result
	cols, empty := predictColumns, ",\n"
	if multi {
		cols = multinomialColumns(m.Levels())
	} else {
		res = m.result()
	}
	if opt.se {
		cols = append(slices.Clone(cols), seColumns...)
	}
	empty = strings.Repeat(",", len(cols)-1) + "\n"
	rows := opt.chunkRows
	if rows == 0 {
		rows = predictChunkRows(len(m.Coefficients))
	}
	var b []byte
	for _, k := range opt.keep {
		b = appendCSV(b, k)
		b = append(b, ',')
	}
	if opt.omit {
		b = append(b, "line,"...)
	}
	for j, c := range cols {
		if j > 0 {
			b = append(b, ',')
		}
		b = appendCSV(b, c)
	}
	b = append(b, '\n')
	header := b // written with the first chunk, once the input's header is known good
	b = nil
	var eta []float64
	var probs linalg.Dense
	levels := m.Levels()
	aopt := dataset.ApplyOptions{DropNA: opt.omit, Name: name, Keep: opt.keep, KeepBad: opt.onError != onErrorFail}
	err := m.Encoding.ApplyChunks(in, aopt, rows, func(t *dataset.Table) error {
		if header != nil {
			if _, err := w.Write(header); err != nil {
				return err
			}
			header = nil
		}
		n := len(t.Rows)
		if multi {
			m.ProbabilitiesTo(&probs, t.X)
		} else {
			eta = slices.Grow(eta[:0], n)[:n]
			res.LinearPredictorTo(eta, t.X)
		}
		bad := t.Bad
		for i := range n {
			var rowErr error
			if len(bad) > 0 && bad[0].Row == i {
				rowErr, bad = bad[0].Err, bad[1:]
			} else if multi {
				if slices.ContainsFunc(probs.RawRow(i), func(v float64) bool { return !finite(v) }) {
					rowErr = fmt.Errorf("%s:%d: the probabilities of the row are not defined: the model's coefficients times its values overflow", name, t.Rows[i])
				}
			} else if !finite(eta[i]) {
				rowErr = fmt.Errorf("%s:%d: the linear predictor of the row is %v: the model's coefficients times its values overflow", name, t.Rows[i], eta[i])
			}
			if rowErr != nil {
				if opt.onError == onErrorFail {
					return rowErr
				}
				if rep.touched == 0 {
					rep.first = rowErr
				}
				rep.touched++
				if opt.onError == onErrorSkip {
					continue
				}
			}
			b = b[:0]
			for _, k := range t.Kept {
				b = appendCSV(b, k[i])
				b = append(b, ',')
			}
			if opt.omit {
				b = strconv.AppendInt(b, int64(t.Rows[i]), 10)
				b = append(b, ',')
			}
			switch {
			case rowErr != nil:
				b = append(b, empty...)
			case multi:
				b = appendLevels(b, probs.RawRow(i), levels)
			case opt.se:
				b = appendPredictionSE(b, m.PredictSE(t.X.RawRow(i), opt.z), opt.threshold)
			default:
				b = appendPrediction(b, eta[i], opt.threshold)
			}
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
	return rep, err
}

// appendPrediction appends the cells of a row of linear predictor eta,
// probability and predicted, and the line end.
func appendPrediction(b []byte, eta, threshold float64) []byte {
	p := logreg.Sigmoid(eta)
	b = strconv.AppendFloat(b, p, 'g', -1, 64)
	if p >= threshold {
		return append(b, ",1\n"...)
	}
	return append(b, ",0\n"...)
}

// appendLevels appends the cells of a row of level probabilities p, each
// probability then the most probable of levels (the first of equal
// ones), and the line end.
func appendLevels(b []byte, p []float64, levels []string) []byte {
	best := 0
	for l, v := range p {
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
		b = append(b, ',')
		if v > p[best] {
			best = l
		}
	}
	b = appendCSV(b, levels[best])
	return append(b, '\n')
}

// appendPredictionSE appends the cells of a row of prediction p with -se:
// probability, predicted, eta, se_eta, se_probability, lower, upper, and
// the line end.
func appendPredictionSE(b []byte, p logreg.Prediction, threshold float64) []byte {
	b = strconv.AppendFloat(b, p.Prob, 'g', -1, 64)
	if p.Prob >= threshold {
		b = append(b, ",1"...)
	} else {
		b = append(b, ",0"...)
	}
	for _, v := range [...]float64{p.Eta, p.SEEta, p.SEProb, p.Lower, p.Upper} {
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	return append(b, '\n')
}

// appendCSV appends s as a CSV field, quoted as encoding/csv's Writer
// quotes it: when it holds a comma, a quote or a line break, starts with a
// space character, or is the text \. (an end of data to some readers).
func appendCSV(b []byte, s string) []byte {
	if s == "" {
		return b
	}
	r, _ := utf8.DecodeRuneInString(s)
	if s != `\.` && !strings.ContainsAny(s, ",\"\r\n") && !unicode.IsSpace(r) {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}
