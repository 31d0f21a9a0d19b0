package main

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/a1bed000/logreg/dataset"
)

const diagnoseSynopsis = `logreg diagnose -model MODEL.json -data FILE [-out FILE.csv] [-na error|omit] [-plots DIR]`

const diagnoseDescription = `Diagnose writes the residuals and influence of each row of FILE, coded as
the model's training data with its target (and weights, for grouped data),
as CSV, one row per input row in input order:

	line,fitted,resid_deviance,resid_pearson,resid_response,hat,cooks,rstandard_deviance,rstandard_pearson

line is the 1-based line of the input where the row starts; the others
are R's residuals(type = "deviance", "pearson", "response"), hatvalues,
cooks.distance and rstandard(type = "deviance", "pearson") of the glm, the
leverages from the information at the estimate (the model's covariance).
They are those of the fit on the training data: give diagnose the file the
model was fitted to. A row of weight 0 has zero residuals (but for
resid_response), hat and Cook's distance. A model without a covariance (a
ridge fit, separated data) is an error.

-plots DIR also draws, as standalone SVG images in DIR (created if
needed), residuals.svg (deviance residuals against fitted probabilities)
and leverage.svg (leverages against Pearson residuals), every row a point
and the three largest Cook's distances labelled with their lines.
`

// diagnosePlotLabels is the number of largest Cook's distances -plots
// names.
const diagnosePlotLabels = 3

// diagnosePoints are the values of each row that -plots draws.
type diagnosePoints struct {
	line                               []int
	fitted, devRes, pearson, hat, cook []float64
}

// writePlots writes residuals.svg and leverage.svg to dir.
func (d *diagnosePoints) writePlots(dir, name string) error {
	if len(d.line) == 0 {
		return fmt.Errorf("%s: no rows to plot", name)
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	idx := make([]int, len(d.cook))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(d.cook[b], d.cook[a]) })
	labels := map[int]string{}
	for _, i := range idx[:min(diagnosePlotLabels, len(idx))] {
		labels[i] = fmt.Sprintf("line %d", d.line[i])
	}
	plots := []struct {
		file string
		s    scatter
	}{
		{"residuals.svg", scatter{title: "Residuals against fitted values: " + name, xlab: "Fitted probability",
			ylab: "Deviance residual", x: d.fitted, y: d.devRes, labels: labels}},
		{"leverage.svg", scatter{title: "Leverage against Pearson residuals: " + name, xlab: "Pearson residual",
			ylab: "Leverage (hat value)", x: d.pearson, y: d.hat, labels: labels}},
	}
	for _, p := range plots {
		if err := writeOutput(filepath.Join(dir, p.file), p.s.write); err != nil {
			return fmt.Errorf("writing %s: %w", p.file, err)
		}
	}
	return nil
}

// diagnoseColumns are the columns of diagnose's output.
var diagnoseColumns = "line,fitted,resid_deviance,resid_pearson,resid_response,hat,cooks,rstandard_deviance,rstandard_pearson\n"

func runDiagnose(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("diagnose", diagnoseSynopsis, diagnoseDescription, stderr)
	modelPath := fs.String("model", "", "the model `MODEL.json` written by logreg fit -out")
	data := fs.String("data", "", "the training data: a CSV `FILE` with the feature and target columns; - reads standard input")
	out := fs.String("out", "", "write the diagnostics to `FILE.csv` (atomically) instead of standard output")
	naMode := fs.String("na", "error", "missing values in a used column: error or omit (drop the row)")
	plots := fs.String("plots", "", "draw residuals.svg and leverage.svg into `DIR`")
	if err := parseFlags(fs, "diagnose", args); err != nil {
		return err
	}
	switch {
	case *modelPath == "":
		return usagef("diagnose", "-model is required")
	case *data == "":
		return usagef("diagnose", "-data is required")
	case *naMode != "error" && *naMode != "omit":
		return usagef("diagnose", "-na must be error or omit, not %q", *naMode)
	}
	if err := checkOutput("diagnose", "out", *out, *data, *modelPath); err != nil {
		return err
	}
	m, err := readModel(*modelPath)
	if err != nil {
		return err
	}
	if m.multinomial() {
		return usagef("diagnose", "diagnose applies to a binomial model, and %s is multinomial", *modelPath)
	}
	if !m.HasCov() {
		return fmt.Errorf("%s: the model has no covariance (a ridge fit or separated data): no leverages", *modelPath)
	}
	in, closeIn, err := openInput(*data)
	if err != nil {
		return err
	}
	defer closeIn()
	name := fileName(*data)
	var pts diagnosePoints
	write := func(w io.Writer) error {
		header := true
		var b []byte
		aopt := dataset.ApplyOptions{Target: true, DropNA: *naMode == "omit", Name: name}
		return m.Encoding.ApplyChunks(in, aopt, predictChunkRows(len(m.Coefficients)), func(t *dataset.Table) error {
			if header {
				if _, err := io.WriteString(w, diagnoseColumns); err != nil {
					return err
				}
				header = false
			}
			b = b[:0]
			for i := range t.Rows {
				wi := 1.0
				if t.Weights != nil {
					wi = t.Weights[i]
				}
				in := m.Influence(t.X.RawRow(i), t.Y[i], wi)
				for _, v := range [...]float64{in.Fitted, in.ResidDeviance, in.ResidPearson, in.ResidResponse,
					in.Hat, in.Cooks, in.RStandardDeviance, in.RStandardPearson} {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return fmt.Errorf("%s:%d: the row's residuals and influence are not finite: its fitted probability %v is numerically 0 or 1 (a feature far outside the training data?)",
							name, t.Rows[i], in.Fitted)
					}
				}
				if *plots != "" {
					pts.line = append(pts.line, t.Rows[i])
					pts.fitted = append(pts.fitted, in.Fitted)
					pts.devRes = append(pts.devRes, in.ResidDeviance)
					pts.pearson = append(pts.pearson, in.ResidPearson)
					pts.hat = append(pts.hat, in.Hat)
					pts.cook = append(pts.cook, in.Cooks)
				}
				b = strconv.AppendInt(b, int64(t.Rows[i]), 10)
				for _, v := range [...]float64{in.Fitted, in.ResidDeviance, in.ResidPearson, in.ResidResponse,
					in.Hat, in.Cooks, in.RStandardDeviance, in.RStandardPearson} {
					b = append(b, ',')
					b = strconv.AppendFloat(b, v, 'g', -1, 64)
				}
				b = append(b, '\n')
			}
			_, err := w.Write(b)
			return err
		})
	}
	if *out == "" {
		err = writeBuffered(stdout, write)
	} else {
		err = writeOutput(*out, write)
	}
	if err != nil || *plots == "" {
		return err
	}
	return pts.writePlots(*plots, name)
}
