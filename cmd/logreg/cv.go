package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

const cvSynopsis = `logreg cv -data FILE -target COL [-k 10] [-seed 1] [-features a,b,c] [-positive VALUE]
                 [-weights COL] [-na error|omit] [-no-intercept] [-max-iter N] [-tol T]
                 [-l2 a,b,c | -firth] [-threshold 0.5] [-format text|json [-timing=false]]
                 [-family binomial|multinomial [-ref LEVEL]] [-v]`

const cvDescription = `Cv estimates how a fit performs on new data by stratified k-fold
cross-validation: the rows are divided into k folds that keep the class
proportions (the same seed gives the same folds), each fold is predicted by
a model fitted to the other k-1, and the eval measures are reported per fold
and as mean ± sample standard deviation over the folds (over the folds
where a measure is defined). With -l2 a,b,c each ridge penalty is
cross-validated on the same folds and the one with the lowest mean
log-loss is picked. Weights, when given, enter the fits; the measures count
every test row once. The target must be 0/1 (not proportions). A design
column that a fold's training rows leave at 0, such as a rare level of a
text feature absent from them, is left out of that fold's fit, with a
warning, and its coefficient taken as 0 for the fold's test rows (a text
feature whose baseline is absent takes its first level present as the
baseline).

-family multinomial cross-validates the baseline-category logit fit of
every level of the target (see fit), with one -l2 value at most; it
reports per fold and as mean ± sd the multiclass log-loss, the accuracy of
the most probable level, the macro-averaged F1 and the Brier score, and
the K×K confusion matrix summed over the folds.
`

// foldOutput is one fold's result.
type foldOutput struct {
	Fold       int      `json:"fold"`
	NTrain     int      `json:"n_train"`
	Converged  bool     `json:"converged"`
	Separation bool     `json:"separation"`
	Iterations int      `json:"iterations"`
	Warnings   []string `json:"warnings"`
	metrics
}

// lambdaOutput is the cross-validated result of one ridge penalty.
type lambdaOutput struct {
	Lambda num    `json:"lambda"`
	Mean   scores `json:"mean"`
	SD     scores `json:"sd"`
}

// cvSchema names the layout of cv's JSON output, documented in the
// manual (doc.go).
const cvSchema = "logreg-cv/1"

// cvTiming is the time cv took, null with -timing=false.
type cvTiming struct {
	Read num `json:"read_seconds"`
	CV   num `json:"cv_seconds"`
}

// cvOutput is the JSON output of cv. Every key is always written, a value
// that does not exist as null.
type cvOutput struct {
	Schema        string         `json:"schema"`
	Data          string         `json:"data"`
	Target        string         `json:"target"`
	PositiveLevel string         `json:"positive_level"`
	N             int            `json:"n"`
	DroppedRows   int            `json:"dropped_rows"`
	K             int            `json:"k"`
	Seed          uint64         `json:"seed"`
	Threshold     num            `json:"threshold"`
	Penalty       string         `json:"penalty"`
	Lambdas       []lambdaOutput `json:"lambdas"`
	BestLambda    *num           `json:"best_lambda"`
	Folds         []foldOutput   `json:"folds"`
	Mean          scores         `json:"mean"`
	SD            scores         `json:"sd"`
	Timing        *cvTiming      `json:"timing"`
}

func runCV(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("cv", cvSynopsis, cvDescription, stderr)
	var o dataFlags
	o.register(fs)
	k := fs.Int("k", 10, "number of `folds`, at least 2")
	seed := fs.Uint64("seed", 1, "`seed` of the random division into folds")
	l2List := fs.String("l2", "", "comma-separated ridge penalties `a,b,c` (each >= 0) to compare")
	firth := fs.Bool("firth", false, "Firth's bias-reduced fits")
	threshold := fs.Float64("threshold", 0.5, "probability `threshold` for predicting 1, in [0, 1]")
	format := fs.String("format", "text", "output `format`: text or json")
	family := fs.String("family", "binomial", "`FAMILY`: binomial or multinomial (every level of the target against a baseline)")
	ref := fs.String("ref", "", "with -family multinomial, the baseline `LEVEL` (default the first in sorted order)")
	timing := fs.Bool("timing", true, "report the read and cross-validation times in the JSON output; false writes \"timing\": null, so that outputs can be compared")
	var ff formulaFlags
	fs.StringVar(&ff.formula, "formula", "", "an R model `FORMULA` instead of -target and -features, as fit's (coded once on every row)")
	fs.StringVar(&ff.offset, "offset", "", "with -formula, a numeric `COLUMN` added to the linear predictor, as R's glm(offset = )")
	if err := parseFlags(fs, "cv", args); err != nil {
		return err
	}
	o.formula = ff.formula
	if err := o.check(fs, "cv"); err != nil {
		return err
	}
	var lambdas []float64
	if *l2List != "" {
		for _, s := range strings.Split(*l2List, ",") {
			v, err := parseFloatFlag("cv", "l2", s)
			if err != nil {
				return err
			}
			if v < 0 {
				return usagef("cv", "-l2: %v is negative", v)
			}
			lambdas = append(lambdas, v)
		}
	}
	switch {
	case *k < 2:
		return usagef("cv", "-k must be at least 2, not %d", *k)
	case !(*threshold >= 0 && *threshold <= 1):
		return usagef("cv", "-threshold must be in [0, 1], not %v", *threshold)
	case *format != "text" && *format != "json":
		return usagef("cv", "-format must be text or json, not %q", *format)
	case lambdas != nil && *firth:
		return usagef("cv", "-l2 and -firth cannot be combined")
	case *family != "binomial" && *family != "multinomial":
		return usagef("cv", "-family must be binomial or multinomial, not %q", *family)
	case ff.offset != "" && ff.formula == "":
		return usagef("cv", "-offset needs -formula")
	case ff.formula != "" && *family != "binomial":
		return usagef("cv", "-formula cannot be combined with -family multinomial yet")
	case *ref != "" && *family != "multinomial" && ff.formula == "":
		return usagef("cv", "-ref needs -family multinomial or -formula")
	case *family == "multinomial" && (*firth || o.positive != "" || len(lambdas) > 1):
		return usagef("cv", "-family multinomial cannot be combined with -firth, -positive or more than one -l2 value")
	}
	if *family == "multinomial" {
		lambda := 0.0
		if lambdas != nil {
			lambda = lambdas[0]
		}
		return runCVMultinomial(stdout, stderr, args, &o, *ref, *k, *seed, lambda, *format, *timing)
	}

	start := time.Now()
	var t *dataset.Table
	var off []float64
	var err error
	if ff.formula != "" {
		ff.ref = *ref
		t, off, err = readFormula(&o, &ff, "cv")
	} else {
		t, err = dataset.ReadFile(o.data, o.readOptions())
		err = manyValuesHint(err)
	}
	if err != nil {
		return err
	}
	readTime := time.Since(start)
	start = time.Now()
	name := fileName(o.data)
	for i, v := range t.Y {
		if v != 0 && v != 1 {
			return fmt.Errorf("%s:%d: cross-validation needs a 0/1 target, not the proportion %v", name, t.Rows[i], v)
		}
	}
	n, _ := t.X.Dims()
	if *k > n {
		return fmt.Errorf("%s: %d folds but only %d rows", name, *k, n)
	}
	folds := dataset.StratifiedKFold(t.Y, *k, *seed)

	out := &cvOutput{
		Schema: cvSchema, Data: name, Target: t.Encoding.Target.Name, PositiveLevel: t.TargetLevels[1],
		N: n, DroppedRows: t.Dropped, K: *k, Seed: *seed, Threshold: num(*threshold), Penalty: "none",
	}
	switch {
	case lambdas != nil:
		out.Penalty = "l2"
	case *firth:
		out.Penalty = "firth"
	}
	runs := lambdas
	if runs == nil {
		runs = []float64{0}
	}
	best := -1
	var bestFolds []foldOutput
	for _, lambda := range runs {
		prefix := ""
		if lambdas != nil {
			prefix = fmt.Sprintf("lambda %g, ", lambda)
		}
		fo, err := crossValidate(t, off, folds, &o, lambda, *firth, *threshold, stderr, prefix)
		if err != nil {
			return err
		}
		mean, sd := foldStats(fo)
		out.Lambdas = append(out.Lambdas, lambdaOutput{Lambda: num(lambda), Mean: mean, SD: sd})
		ll := float64(mean.LogLoss)
		if best < 0 || ll < float64(out.Lambdas[best].Mean.LogLoss) || !finite(float64(out.Lambdas[best].Mean.LogLoss)) && finite(ll) {
			best = len(out.Lambdas) - 1
			bestFolds = fo
		}
	}
	out.Folds = bestFolds
	out.Mean, out.SD = out.Lambdas[best].Mean, out.Lambdas[best].SD
	if lambdas == nil {
		out.Lambdas = nil
	} else {
		b := out.Lambdas[best].Lambda
		out.BestLambda = &b
	}
	if *format == "json" {
		if *timing {
			out.Timing = &cvTiming{num(readTime.Seconds()), num(time.Since(start).Seconds())}
		}
		return writeJSON(stdout, out)
	}
	_, err = io.WriteString(stdout, cvText(callLine("cv", args), t, out))
	return err
}

// crossValidate fits and scores every fold with ridge penalty lambda (or
// Firth's fit); off holds the rows' offsets, nil without.
func crossValidate(t *dataset.Table, off []float64, folds [][]int, o *dataFlags, lambda float64, firth bool,
	threshold float64, stderr io.Writer, prefix string) ([]foldOutput, error) {
	n, _ := t.X.Dims()
	var out []foldOutput
	inTest := make([]bool, n)
	for f, test := range folds {
		clear(inTest)
		for _, i := range test {
			inTest[i] = true
		}
		train := make([]int, 0, n-len(test))
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
		set := o.settings(sub, stderr, fmt.Sprintf("%sfold %d/%d: ", prefix, f+1, len(folds)))
		set.L2, set.Firth = lambda, firth
		if off != nil {
			set.Offset = pick(off, train)
		}
		res, err := logreg.Fit(sub.X, sub.Y, set)
		if err != nil {
			return nil, fmt.Errorf("%sfold %d of %d: %w", prefix, f+1, len(folds), fitError(o.data, sub, err))
		}
		eta := linearPredictor(res, ts.X)
		if off != nil {
			for i, o := range pick(off, test) {
				eta[i] += o
			}
		}
		out = append(out, foldOutput{
			Fold: f + 1, NTrain: len(train), Converged: res.Converged, Separation: res.Separation,
			Iterations: res.Iterations, Warnings: append(append([]string{}, notes...), res.Warnings...),
			metrics: evaluate(ts.Y, eta, threshold),
		})
	}
	return out, nil
}

// pick returns v's elements idx.
func pick(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for i, j := range idx {
		out[i] = v[j]
	}
	return out
}

// subset returns the rows idx of t: design, responses, weights and lines.
func subset(t *dataset.Table, idx []int) *dataset.Table {
	_, c := t.X.Dims()
	s := &dataset.Table{Names: t.Names, Encoding: t.Encoding, TargetLevels: t.TargetLevels}
	data := make([]float64, 0, len(idx)*c)
	for _, i := range idx {
		data = append(data, t.X.RawRow(i)...)
		s.Y = append(s.Y, t.Y[i])
		s.Rows = append(s.Rows, t.Rows[i])
		if t.Weights != nil {
			s.Weights = append(s.Weights, t.Weights[i])
		}
	}
	s.X = linalg.NewDense(len(idx), c, data)
	return s
}

// estimable returns the design columns of a fold's training rows t that
// the fit can estimate, nil when they all can, and a note for each column
// left out. A column is left out, its coefficient taken as 0 for the test
// rows, when it is 0 in every training row of positive weight: a level of
// a text feature absent from the training rows, as R's glm leaves an
// aliased column out of the fit, or a numeric feature that is 0 there.
// When the baseline level of a text feature is absent, the first level
// present takes its place and its column is left out too, since the
// columns of the levels present would otherwise add up to the intercept.
func estimable(t *dataset.Table) (keep []int, notes []string) {
	n, p := t.X.Dims()
	present := make([]bool, p) // the column is not 0 in every row
	baseline := make([]bool, len(t.Encoding.Features))
	for i := range n {
		if t.Weights != nil && !(t.Weights[i] > 0) {
			continue
		}
		row := t.X.RawRow(i)
		k := 0
		for j, f := range t.Encoding.Features {
			w := designWidth(f)
			all0 := true
			for c, v := range row[k : k+w] {
				if v != 0 {
					present[k+c], all0 = true, false
				}
			}
			if all0 && f.Kind == dataset.Categorical && !f.AllLevels {
				baseline[j] = true
			}
			k += w
		}
	}
	drop := make([]bool, p)
	k := 0
	for j, f := range t.Encoding.Features {
		w := designWidth(f)
		if f.Kind == dataset.Numeric {
			if !present[k] {
				drop[k] = true
				notes = append(notes, fmt.Sprintf("column %s is 0 in every training row: its coefficient is taken as 0", f.Name))
			}
			k++
			continue
		}
		first := 1 // the level of column k
		if f.AllLevels {
			first = 0
		}
		for c := range w {
			if !present[k+c] {
				drop[k+c] = true
				notes = append(notes, fmt.Sprintf("level %s=%s is absent from the training rows: its coefficient is taken as 0",
					f.Name, f.Levels[first+c]))
			}
		}
		if first == 1 && !baseline[j] {
			for c := range w {
				if present[k+c] {
					drop[k+c] = true
					notes = append(notes, fmt.Sprintf("baseline level %s=%s is absent from the training rows: %s=%s is the baseline instead",
						f.Name, f.Levels[0], f.Name, f.Levels[first+c]))
					break
				}
			}
		}
		k += w
	}
	if notes == nil {
		return nil, nil
	}
	for c, d := range drop {
		if !d {
			keep = append(keep, c)
		}
	}
	return keep, notes
}

// designWidth returns the number of design columns of feature f.
func designWidth(f dataset.Feature) int {
	switch {
	case f.Kind != dataset.Categorical:
		return 1
	case f.AllLevels:
		return len(f.Levels)
	}
	return len(f.Levels) - 1
}

// columns returns the table t with the design columns keep only.
func columns(t *dataset.Table, keep []int) *dataset.Table {
	n, p := t.X.Dims()
	s := *t
	s.Names = make([]string, len(keep))
	for c, j := range keep {
		s.Names[c] = t.Names[j]
	}
	data := make([]float64, 0, n*len(keep))
	for i := range n {
		row := t.X.RawData()[i*p : i*p+p]
		for _, j := range keep {
			data = append(data, row[j])
		}
	}
	s.X = linalg.NewDense(n, len(keep), data)
	return &s
}

// foldStats returns the mean and sample standard deviation of each score
// over the folds.
func foldStats(folds []foldOutput) (mean, sd scores) {
	mf, sf := mean.fields(), sd.fields()
	for j := range mf {
		v := make([]float64, len(folds))
		for i := range folds {
			v[i] = float64(*folds[i].scores.fields()[j])
		}
		m, s := meanSD(v)
		*mf[j], *sf[j] = num(m), num(s)
	}
	return mean, sd
}

// cvText formats the cross-validation for people.
func cvText(call string, t *dataset.Table, out *cvOutput) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Call:\n  %s\n\n", call)
	fmt.Fprintf(&b, "Data: %s: %d rows used, %d dropped for missing values\n", out.Data, out.N, out.DroppedRows)
	fmt.Fprintf(&b, "Response: P(%s = %s)\n", out.Target, out.PositiveLevel)
	fmt.Fprintf(&b, "Stratified %d-fold cross-validation, seed %d, threshold %g\n", out.K, out.Seed, float64(out.Threshold))
	switch out.Penalty {
	case "l2":
		b.WriteString("Penalty: ridge (L2), intercept not penalized\n")
	case "firth":
		b.WriteString("Penalty: Firth's bias reduction (Jeffreys prior)\n")
	default:
		b.WriteString("Penalty: none (maximum likelihood)\n")
	}
	if out.Lambdas != nil {
		b.WriteString("\nRidge penalties compared by cross-validated log-loss (mean ± sd over folds):\n")
		fmt.Fprintf(&b, "%12s  %-17s  %-17s  %s\n", "lambda", "log-loss", "ROC AUC", "accuracy")
		for _, l := range out.Lambdas {
			mark := ""
			if *out.BestLambda == l.Lambda {
				mark = "  <- best"
			}
			fmt.Fprintf(&b, "%12g  %s  %s  %s%s\n", float64(l.Lambda),
				pm(l.Mean.LogLoss, l.SD.LogLoss), pm(l.Mean.AUC, l.SD.AUC), pm(l.Mean.Accuracy, l.SD.Accuracy), mark)
		}
		fmt.Fprintf(&b, "Best lambda: %g (lowest mean log-loss)\n", float64(*out.BestLambda))
	}
	b.WriteString("\nFolds")
	if out.BestLambda != nil {
		fmt.Fprintf(&b, " (lambda = %g)", float64(*out.BestLambda))
	}
	b.WriteString(":\n")
	fmt.Fprintf(&b, "%4s %7s %6s", "fold", "n_train", "n_test")
	for _, s := range scoreNames {
		fmt.Fprintf(&b, " %10s", s)
	}
	b.WriteString("  note\n")
	for _, f := range out.Folds {
		fmt.Fprintf(&b, "%4d %7d %6d", f.Fold, f.NTrain, f.N)
		for _, v := range f.scores.fields() {
			fmt.Fprintf(&b, " %10s", fmtG("%.4f", float64(*v)))
		}
		var notes []string
		if f.Separation {
			notes = append(notes, "separated")
		} else if !f.Converged {
			notes = append(notes, "not converged")
		}
		fmt.Fprintf(&b, "  %s\n", strings.Join(notes, ", "))
	}
	for _, row := range []struct {
		name string
		s    scores
	}{{"mean", out.Mean}, {"sd", out.SD}} {
		fmt.Fprintf(&b, "%-19s", row.name)
		for _, v := range row.s.fields() {
			fmt.Fprintf(&b, " %10s", fmtG("%.4f", float64(*v)))
		}
		b.WriteString("\n")
	}
	for _, f := range out.Folds {
		for _, w := range f.Warnings {
			fmt.Fprintf(&b, "Warning (fold %d): %s\n", f.Fold, w)
		}
	}
	return b.String()
}

// pm formats mean ± sd in a field of 17 characters.
func pm(mean, sd num) string {
	return fmt.Sprintf("%7s ± %-7s", fmtG("%.4f", float64(mean)), fmtG("%.4f", float64(sd)))
}
