package main

import (
	"bufio"
	"io"
	"strconv"

	"github.com/a1bed000/logreg/dataset"
)

const predictSynopsis = `logreg predict -model MODEL.json -data FILE [-out FILE.csv] [-threshold 0.5] [-na error|omit]`

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

A category not seen in training, a missing feature column, or (with
-na error) a missing value is an error that names the line and column; a
row whose linear predictor overflows (is not finite) is an error that
names the line.
`

func runPredict(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("predict", predictSynopsis, predictDescription, stderr)
	modelPath := fs.String("model", "", "the model `MODEL.json` written by logreg fit -out")
	data := fs.String("data", "", "a CSV `FILE` with the model's feature columns; - reads standard input")
	out := fs.String("out", "", "write the predictions to `FILE.csv` (atomically) instead of standard output")
	threshold := fs.Float64("threshold", 0.5, "probability `threshold` for predicted = 1, in [0, 1]")
	naMode := fs.String("na", "error", "missing values in a feature column: error or omit (drop the row)")
	if err := parseFlags(fs, "predict", args); err != nil {
		return err
	}
	switch {
	case *modelPath == "":
		return usagef("predict", "-model is required")
	case *data == "":
		return usagef("predict", "-data is required")
	case !(*threshold >= 0 && *threshold <= 1):
		return usagef("predict", "-threshold must be in [0, 1], not %v", *threshold)
	case *naMode != "error" && *naMode != "omit":
		return usagef("predict", "-na must be error or omit, not %q", *naMode)
	}
	if err := checkOutput("predict", "out", *out, *data, *modelPath); err != nil {
		return err
	}
	m, err := readModel(*modelPath)
	if err != nil {
		return err
	}
	omit := *naMode == "omit"
	t, err := m.Encoding.ApplyFile(*data, dataset.ApplyOptions{DropNA: omit})
	if err != nil {
		return err
	}
	eta := linearPredictor(m.result(), t.X)
	if err := finiteEta(fileName(*data), t, eta); err != nil {
		return err
	}
	p := probabilities(eta)

	write := func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		if omit {
			bw.WriteString("line,")
		}
		bw.WriteString("probability,predicted\n")
		var buf []byte
		for i, pi := range p {
			buf = buf[:0]
			if omit {
				buf = strconv.AppendInt(buf, int64(t.Rows[i]), 10)
				buf = append(buf, ',')
			}
			buf = strconv.AppendFloat(buf, pi, 'g', -1, 64)
			if pi >= *threshold {
				buf = append(buf, ",1\n"...)
			} else {
				buf = append(buf, ",0\n"...)
			}
			bw.Write(buf)
		}
		return bw.Flush()
	}
	if *out == "" {
		return write(stdout)
	}
	return writeOutput(*out, write)
}
