package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/logreg"
)

// dataFlags are the flags that say how to read a training file, shared by
// fit and cv.
type dataFlags struct {
	data, target, features, positive, weights, na string
	featuresSet                                   bool
	formula                                       string          // fit's -formula, "" for cv
	coding                                        *dataset.Coding // the coding of -formula's design, once read
	terms                                         []string        // the term of each of its design columns
	marginal                                      map[string]bool // the terms of -formula contained in another term
	noIntercept                                   bool
	maxIter                                       int
	tol                                           float64
	verbose                                       bool
}

func (o *dataFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.data, "data", "", "training data: a CSV `FILE` with a header row; - reads standard input")
	fs.StringVar(&o.target, "target", "", "the response `COLUMN`, coded 0/1 (numbers 0/1, or the second of two sorted texts)")
	fs.StringVar(&o.features, "features", "", "comma-separated feature `COLUMNS` in design order (default every column but the target and weights; \"\" for an intercept-only model)")
	fs.StringVar(&o.positive, "positive", "", "the target `VALUE` coded 1, every other value coded 0")
	fs.StringVar(&o.weights, "weights", "", "a `COLUMN` of prior weights (finite numbers >= 0)")
	fs.StringVar(&o.na, "na", "error", "missing values (empty or NA) in a used column: error or omit (drop the row)")
	fs.BoolVar(&o.noIntercept, "no-intercept", false, "fit without an intercept; the first text feature then gets a column for every level, as R codes y ~ 0 + f")
	fs.IntVar(&o.maxIter, "max-iter", 0, "largest number of Newton iterations (0: 25, or 100 with -firth)")
	fs.Float64Var(&o.tol, "tol", 0, "convergence tolerance on the relative change of the deviance (0: 1e-8)")
	fs.BoolVar(&o.verbose, "v", false, "print one progress line per iteration on standard error")
}

// check validates the flags after parsing.
func (o *dataFlags) check(fs *flag.FlagSet, cmd string) error {
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "features" {
			o.featuresSet = true
		}
	})
	switch {
	case o.data == "":
		return usagef(cmd, "-data is required")
	case o.formula != "" && (o.target != "" || o.featuresSet):
		return usagef(cmd, "-formula replaces -target and -features")
	case o.formula != "" && (o.noIntercept || o.positive != ""):
		return usagef(cmd, "-formula cannot be combined with -no-intercept (write - 1) or -positive")
	case o.target == "" && o.formula == "":
		return usagef(cmd, "-target is required")
	case o.na != "error" && o.na != "omit":
		return usagef(cmd, "-na must be error or omit, not %q", o.na)
	case o.maxIter < 0:
		return usagef(cmd, "-max-iter must be >= 0, not %d", o.maxIter)
	case !(o.tol >= 0) || math.IsInf(o.tol, 0):
		return usagef(cmd, "-tol must be a finite number >= 0, not %v", o.tol)
	}
	return nil
}

// readOptions returns the options for dataset.ReadFile.
func (o *dataFlags) readOptions() dataset.ReadOptions {
	opt := dataset.ReadOptions{
		Target:      o.target,
		Weights:     o.weights,
		Positive:    o.positive,
		NoIntercept: o.noIntercept,
		DropNA:      o.na == "omit",
		// Refuse a model too large to fit before its design is built.
		CheckColumns: func(rows, cols int) error {
			if !o.noIntercept {
				cols++
			}
			return logreg.CheckSize(rows, cols, nil)
		},
	}
	if o.featuresSet {
		opt.Features = []string{}
		for _, f := range strings.Split(o.features, ",") {
			if f = strings.TrimSpace(f); f != "" {
				opt.Features = append(opt.Features, f)
			}
		}
	}
	return opt
}

// settings returns the fit settings for a table; progress lines, when
// asked for, go to stderr with the given prefix.
func (o *dataFlags) settings(t *dataset.Table, stderr io.Writer, prefix string) *logreg.Settings {
	s := &logreg.Settings{
		MaxIter:     o.maxIter,
		Tol:         o.tol,
		NoIntercept: o.noIntercept,
		Weights:     t.Weights,
		Names:       t.Names,
	}
	if o.verbose {
		start := time.Now()
		s.Progress = func(it logreg.Iteration) {
			fmt.Fprintf(stderr, "%siteration %d: deviance %.10g, objective %.10g, step norm %.3g, %d halvings, %s elapsed\n",
				prefix, it.Iter, it.Deviance, it.Objective, it.StepNorm, it.Halvings, time.Since(start).Round(time.Microsecond))
		}
	}
	return s
}

// fileName returns the name under which the dataset package reports path.
func fileName(path string) string {
	if path == "-" {
		return "<stdin>"
	}
	return path
}

// fitError turns an error of logreg.Fit into one that names the data file
// and, for a bad row, its line.
func fitError(path string, t *dataset.Table, err error) error {
	name := fileName(path)
	var de *logreg.DataError
	if errors.As(err, &de) && de.Row >= 0 && de.Row < len(t.Rows) {
		return fmt.Errorf("%s:%d: %s", name, t.Rows[de.Row], message(de.Err))
	}
	var ov *logreg.OneValueError
	if errors.As(err, &ov) {
		return fmt.Errorf("%s: invalid target: target %q has only the value %g", name, t.Encoding.Target.Name, ov.Value)
	}
	return fmt.Errorf("%s: %s", name, message(err))
}

// penaltyName returns "none", "l2" or "firth".
func penaltyName(r *logreg.Result) string {
	switch {
	case r.L2 > 0:
		return "l2"
	case r.Firth:
		return "firth"
	}
	return "none"
}

const fitSynopsis = `logreg fit -data FILE (-target COL [-features a,b,c] | -formula 'y ~ a * b' [-offset COL] [-ref v=LEVEL])
                  [-positive VALUE] [-weights COL]
                  [-na error|omit] [-no-intercept] [-max-iter N] [-tol T] [-level 0.95]
                  [-l2 LAMBDA | -firth] [-stream [-chunk-rows N]] [-format text|json [-timing=false]]
                  [-out MODEL.json] [-family binomial|multinomial [-ref LEVEL]] [-v]
                  [-vcov model|HC0|HC1|CL|CL-HC1 [-cluster COL]]
                  [-tests drop1|sequential] [-ci wald|profile] [-exp]
       logreg fit -sql-cmd CMD -sql-table TABLE [-sql-dialect postgres|sqlite] -target COL
                  -features a,b,c [-weights COL] [-na error|omit] [-no-intercept] [-l2 LAMBDA] [...]`

const fitDescription = `Fit fits the logistic regression of the target on the features by
Newton-Raphson, as R's glm(family = binomial), and prints R's summary
(-format text) or one JSON object (-format json). -l2 LAMBDA fits a ridge
penalty (intercept unpenalized; no standard errors are reported); -firth
fits Firth's bias-reduced estimate, finite on separated data. -out saves
the model for logreg predict and logreg eval.

-formula 'low ~ race * lwt + log(age)' fits an R model formula instead of
-target and -features: + - : * ^, ".", - 1 or + 0, log, log2, log10, exp,
sqrt, abs, I() of arithmetic, factor() (numbers sort numerically; also
factor(npreg > 0)), poly(x, d) (orthogonal, as R's) and poly(x, d, raw =
TRUE), offset(expr); the design is R's model.matrix with treatment
contrasts, named as race=other:lwt, I(age^2), poly(age, 2)1,
factor(smoke)=1. -offset COL adds offset(COL); -ref race=white sets a
reference level. -out records the formula, which predict and eval apply
to new data; -weights COL gives prior weights (the response may then be
a proportion). It cannot yet be combined with -stream or -family
multinomial.

-tests drop1 tests each term (a factor is one term) by the likelihood
ratio of the model without it, as R's drop1(test = "LRT"), leaving in
a term contained in another (the main effects of an interaction); -tests
sequential adds the terms in order, as R's anova(test = "Chisq"); both
refit on the full model's rows. The global likelihood-ratio test against
the null model is always reported. -ci profile gives exact
profile-likelihood intervals (the roots of the profile deviance, not R's
spline interpolation); on separated data the limit on the side of an
infinite estimate is Inf (null in JSON) with a warning, and the others are
the roots above the infimum of the deviance; -firth reports logistf's penalized likelihood-ratio
tests and, by default, its profile penalized-likelihood intervals (-ci
wald for Wald ones). -exp prints the odds ratios with their intervals.

-family multinomial fits the baseline-category logits of every level of
the target against the baseline (-ref, default the first level), by
Newton's method with the exact Hessian; separation is diagnosed exactly.
It needs a data file (not standard input) and has no -firth or -stream;
-out saves a multinomial model (model file version 2).

-stream fits data larger than memory: the rows are coded into a temporary
file in $TMPDIR (float64, 8·(columns+1) bytes a row) and read back in
chunks once per iteration, in memory for two chunks plus the p×p sums. The
result is the in-memory fit's to about 1e-10, separation diagnosed alike;
-firth is not available.

-sql-cmd fits the rows of -sql-table where they are, inside an SQL engine,
through its own client: each Newton pass is one aggregate query written to
the command's standard input, and one CSV row of sums comes back. Numeric
columns must be stored as numbers; text columns are coded by their levels;
NULL is a missing value. Separation is diagnosed (reading the rows back
through the client when the fit shows a sign of it); no -firth, -stream,
-positive, -vcov or -family multinomial there (see the manual).
`

func runFit(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("fit", fitSynopsis, fitDescription, stderr)
	var o dataFlags
	o.register(fs)
	level := fs.Float64("level", 0.95, "confidence `level` of the Wald intervals, in (0, 1)")
	format := fs.String("format", "text", "output `format`: text or json")
	out := fs.String("out", "", "write the model to `MODEL.json` (atomically; through a symbolic link to its target; a device or pipe is written in place)")
	l2 := fs.Float64("l2", 0, "ridge penalty `LAMBDA` >= 0 on the non-intercept coefficients")
	firth := fs.Bool("firth", false, "Firth's bias-reduced fit (penalized by the Jeffreys prior)")
	stream := fs.Bool("stream", false, "fit in memory independent of the number of rows, reading the data once per iteration from a temporary file")
	family := fs.String("family", "binomial", "`FAMILY`: binomial (a 0/1 target) or multinomial (every level of the target against a baseline)")
	ref := fs.String("ref", "", "with -family multinomial, the baseline `LEVEL` (default the first in sorted order); with -formula, reference levels VARIABLE=LEVEL,... (R's relevel)")
	timing := fs.Bool("timing", true, "report the read and fit times in the JSON output; false writes \"timing\": null, so that outputs can be compared")
	var vc vcovFlags
	fs.StringVar(&vc.vcov, "vcov", "model", "covariance of the estimates: model (inverse Fisher information), HC0, HC1 (sandwich), CL or CL-HC1 (cluster sandwich, with -cluster)")
	fs.StringVar(&vc.cluster, "cluster", "", "the `COLUMN` of cluster ids for -vcov CL and CL-HC1 (not a feature; missing values follow -na)")
	var ff formulaFlags
	fs.StringVar(&ff.formula, "formula", "", "an R model `FORMULA` instead of -target and -features: 'low ~ race * lwt + log(age) + I(age^2) + factor(ftv) + poly(age, 2) + offset(x)', coded as R's model.matrix")
	fs.StringVar(&ff.offset, "offset", "", "with -formula, a numeric `COLUMN` added to the linear predictor, as R's glm(offset = )")
	var lk likFlags
	fs.StringVar(&lk.tests, "tests", "", "likelihood-ratio `TESTS` by term on the fit's rows: drop1 (each term dropped from the model) or sequential (terms added in formula order)")
	fs.BoolVar(&lk.exp, "exp", false, "with -format text, also print the odds ratios exp(estimate) with the intervals of -ci")
	fs.StringVar(&lk.ci, "ci", "", "`METHOD` of the confidence intervals: wald, or profile (exact profile-likelihood limits; profile penalized likelihood with -firth, as logistf); default wald, profile with -firth")
	var sq sqlFlags
	fs.StringVar(&sq.cmd, "sql-cmd", "", "fit inside an SQL engine: the `COMMAND` (run by /bin/sh -c) that reads a query on standard input and writes CSV, e.g. 'psql -X -q -A -t -F, -d DB' or 'sqlite3 -csv FILE'")
	fs.StringVar(&sq.table, "sql-table", "", "with -sql-cmd, the `TABLE` holding the rows")
	fs.StringVar(&sq.dialect, "sql-dialect", "postgres", "with -sql-cmd, the engine's `DIALECT`: postgres or sqlite")
	chunkRows := fs.Int("chunk-rows", 0, "with -stream, read the temporary file `N` rows at a time (0: about 4 MB of data and at least 16384 rows, the same on every machine; at most the rows there are)")
	if err := parseFlags(fs, "fit", args); err != nil {
		return err
	}
	o.formula = ff.formula
	if sq.cmd != "" {
		if o.data != "" {
			return usagef("fit", "-sql-cmd and -data cannot be combined: the rows are in the table -sql-table")
		}
		o.data = "sql:" + sq.table
	}
	if err := o.check(fs, "fit"); err != nil {
		return err
	}
	if err := sq.check(&o, *firth, *stream, *family, vc.vcov, vc.cluster); err != nil {
		return err
	}
	switch {
	case ff.offset != "" && ff.formula == "":
		return usagef("fit", "-offset needs -formula")
	case ff.formula != "" && (*stream || *family != "binomial"):
		return usagef("fit", "-formula cannot be combined with -stream or -family multinomial yet")
	case !(*level > 0 && *level < 1):
		return usagef("fit", "-level must be in (0, 1), not %v", *level)
	case *format != "text" && *format != "json":
		return usagef("fit", "-format must be text or json, not %q", *format)
	case !(*l2 >= 0) || math.IsInf(*l2, 0):
		return usagef("fit", "-l2 must be a finite number >= 0, not %v", *l2)
	case *l2 > 0 && *firth:
		return usagef("fit", "-l2 and -firth cannot be combined")
	case *stream && *firth:
		return usagef("fit", "-stream and -firth cannot be combined: a streamed fit has no Firth penalty")
	case *chunkRows < 0:
		return usagef("fit", "-chunk-rows must be >= 0, not %d", *chunkRows)
	case *chunkRows > 0 && !*stream:
		return usagef("fit", "-chunk-rows needs -stream")
	case *family != "binomial" && *family != "multinomial":
		return usagef("fit", "-family must be binomial or multinomial, not %q", *family)
	case *ref != "" && *family != "multinomial" && ff.formula == "":
		return usagef("fit", "-ref needs -family multinomial or -formula")
	case *family == "multinomial" && (*firth || *stream || o.positive != ""):
		return usagef("fit", "-family multinomial cannot be combined with -firth, -stream or -positive")
	}
	if err := vc.check(&o, *l2, *firth, *stream, *family == "multinomial"); err != nil {
		return err
	}
	if err := lk.check(*l2, *firth, *stream, *family == "multinomial", vc.vcov); err != nil {
		return err
	}
	if err := checkOutput("fit", "out", *out, o.data); err != nil {
		return err
	}
	if *family == "multinomial" {
		return runFitMultinomial(stdout, stderr, args, &o, *ref, *l2, *level, *format, *out, *timing)
	}

	if ff.formula != "" {
		if vc.cluster != "" {
			return usagef("fit", "-cluster cannot be combined with -formula")
		}
		ff.ref = *ref
		t, res, set, readTime, fitTime, err := fitFormula(&o, &ff, *l2, *firth, stderr)
		if err != nil {
			return err
		}
		lk.x, lk.y, lk.set, lk.marginal = t.X, t.Y, set, o.marginal
		return writeFit(stdout, "fit", args, &o, t, len(t.Rows), res, *level, *format, *out, *timing, readTime, fitTime, &vc, nil, &lk)
	}
	if sq.cmd != "" {
		if lk.tests != "" || lk.ci == "profile" {
			return usagef("fit", "-tests and -ci profile need the rows in memory: not with -sql-cmd")
		}
		s, err := fitSQL(&o, &sq, *l2, stderr)
		if err != nil {
			return err
		}
		return writeFit(stdout, "fit", args, &o, s.t, s.rows, s.res, *level, *format, *out, *timing, s.read, s.fit, &vc, nil, &lk)
	}
	if *stream {
		s, err := fitStreamed(&o, *chunkRows, *l2, stderr)
		if err != nil {
			return err
		}
		return writeFit(stdout, "fit", args, &o, s.t, s.rows, s.res, *level, *format, *out, *timing, s.read, s.fit, &vc, nil, &lk)
	}
	start := time.Now()
	ropt, err := vc.readOptions(&o, o.readOptions())
	if err != nil {
		return err
	}
	t, err := dataset.ReadFile(o.data, ropt)
	if err != nil {
		return manyValuesHint(err)
	}
	ids, err := vc.clusters(&o, t)
	if err != nil {
		return err
	}
	readTime := time.Since(start)
	set := o.settings(t, stderr, "")
	set.L2, set.Firth = *l2, *firth
	start = time.Now()
	res, err := logreg.Fit(t.X, t.Y, set)
	if err != nil {
		return fitError(o.data, t, err)
	}
	fitTime := time.Since(start)
	lk.x, lk.y, lk.set = t.X, t.Y, set
	return writeFit(stdout, "fit", args, &o, t, len(t.Rows), res, *level, *format, *out, *timing, readTime, fitTime, &vc, ids, &lk)
}

// writeFit saves the model to out, unless out is "", and prints the fit of
// res to the rows rows of t in format, under the call of command cmd with
// args, its inference from the covariance vc names (clusters ids, for a
// clustered one). The saved model keeps the
// model-based covariance. With timing false, the JSON output has
// "timing": null. lk adds the likelihood-ratio tests and the intervals of
// its -ci method.
func writeFit(stdout io.Writer, cmd string, args []string, o *dataFlags, t *dataset.Table, rows int, res *logreg.Result,
	level float64, format, out string, timing bool, readTime, fitTime time.Duration, vc *vcovFlags, ids []int, lk *likFlags) error {
	inf, clusters, err := vc.apply(o, t, res, ids)
	if err != nil {
		return err
	}
	if out != "" {
		m, err := newModel(t, res, o, level)
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
		terms := designTerms(t, o, res.Intercept)
		fj := fitJSON(t, inf, level, tj, terms)
		if err := lk.likelihood(fj, res, terms, level); err != nil {
			return err
		}
		fj.Vcov = vc.typ.String()
		if vc.typ.Clustered() {
			fj.Cluster, fj.Clusters = &vc.cluster, &clusters
		}
		return writeJSON(stdout, fj)
	}
	text := fitText(callLine(cmd, args), o.data, t, rows, inf, level)
	if v := vcovText(vc.typ, vc.cluster, clusters); v != "" && inf.Cov != nil {
		text = strings.Replace(text, "\n    Null deviance:", "\n"+v+"\n    Null deviance:", 1)
	}
	if lk.tests != "" || lk.ci == "profile" || lk.exp {
		terms := designTerms(t, o, res.Intercept)
		fj := fitJSON(t, inf, level, nil, terms)
		if err := lk.likelihood(fj, res, terms, level); err != nil {
			return err
		}
		text += lk.text(fj, level)
	}
	_, err = io.WriteString(stdout, text)
	return err
}

// coefJSON is one coefficient in the JSON output; null marks a number that
// is not available (no covariance, or a ridge fit).
type coefJSON struct {
	Name     string `json:"name"`
	Term     string `json:"term,omitempty"` // always set by fit; absent in the multinomial schema
	Estimate num    `json:"estimate"`
	StdErr   num    `json:"std_error"`
	Z        num    `json:"z"`
	P        num    `json:"p"`
	Low      num    `json:"ci_low"`
	High     num    `json:"ci_high"`
	// OddsRatio, ORLow and ORHigh are exp of Estimate, Low and High; nil
	// (absent) in the multinomial schema.
	OddsRatio *num `json:"odds_ratio,omitempty"`
	ORLow     *num `json:"odds_ratio_ci_low,omitempty"`
	ORHigh    *num `json:"odds_ratio_ci_high,omitempty"`
	// Chisq and PPLR are a Firth fit's penalized likelihood-ratio test of
	// the coefficient being 0; nil (absent) in the multinomial schema.
	Chisq *num `json:"chisq,omitempty"`
	PPLR  *num `json:"p_plr,omitempty"`
	// Status is "finite", or "Inf" or "-Inf" for a coefficient whose
	// maximum-likelihood estimate is infinite (separated data).
	Status string `json:"status"`
}

// timingJSON is the time fit took, null with -timing=false.
type timingJSON struct {
	Read num `json:"read_seconds"`
	Fit  num `json:"fit_seconds"`
}

// fitSchema names the layout of fit's JSON output, documented in the
// manual (doc.go): a new key, or a change of meaning, gets a new version.
const fitSchema = "logreg-fit/2"

// fitOutput is the JSON output of fit. Every key is always written, a
// value that does not exist as null.
type fitOutput struct {
	Schema          string      `json:"schema"`
	Penalty         string      `json:"penalty"`
	Lambda          *num        `json:"lambda"`
	Converged       bool        `json:"converged"`
	Iterations      int         `json:"iterations"`
	Separation      bool        `json:"separation"`
	SeparationType  string      `json:"separation_type"`
	N               int         `json:"n"`
	DFResidual      int         `json:"df_residual"`
	DFNull          int         `json:"df_null"`
	Target          string      `json:"target"`
	PositiveLevel   string      `json:"positive_level"`
	Level           num         `json:"level"`
	Coefficients    []coefJSON  `json:"coefficients"`
	LogLik          num         `json:"log_likelihood"`
	PenalizedLogLik *num        `json:"penalized_log_likelihood"`
	Deviance        num         `json:"deviance"`
	NullDeviance    num         `json:"null_deviance"`
	AIC             num         `json:"aic"`
	BIC             num         `json:"bic"`
	PseudoR2        num         `json:"pseudo_r2"`
	Warnings        []string    `json:"warnings"`
	DroppedRows     int         `json:"dropped_rows"`
	Timing          *timingJSON `json:"timing"`
	Vcov            string      `json:"vcov"`
	Cluster         *string     `json:"cluster"`
	Clusters        *int        `json:"clusters"`
	Cov             [][]num     `json:"cov"`
	CIMethod        string      `json:"ci_method"`
	LRTest          lrJSON      `json:"lr_test"`
	Terms           *[]termJSON `json:"terms"`
}

// inference returns the coefficient table: Wald inference when the fit has
// a covariance and is not a ridge fit, estimates alone otherwise (the other
// numbers NaN).
func inference(r *logreg.Result, level float64) []logreg.Coef {
	coefs := r.Summary(level).Coefs
	for i := range coefs {
		// Summary gives a coefficient without a positive variance an
		// infinite standard error, z 0 and p 1: none of them exists.
		if c := &coefs[i]; r.Cov == nil || r.L2 > 0 || math.IsInf(c.StdErr, 1) {
			c.StdErr, c.Z, c.P, c.Low, c.High = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
		}
	}
	return coefs
}

// fitJSON returns the JSON output of the fit r to t; timing nil writes
// "timing": null.
func fitJSON(t *dataset.Table, r *logreg.Result, level float64, timing *timingJSON, terms []string) *fitOutput {
	out := &fitOutput{
		Schema:         fitSchema,
		Penalty:        penaltyName(r),
		Converged:      r.Converged,
		Iterations:     r.Iterations,
		Separation:     r.Separation,
		SeparationType: r.SeparationType.String(),
		N:              r.NObs,
		DFResidual:     r.DFResidual,
		DFNull:         r.DFNull,
		Target:         t.Encoding.Target.Name,
		PositiveLevel:  t.TargetLevels[1],
		Level:          num(level),
		LogLik:         num(r.LogLik),
		Deviance:       num(r.Deviance),
		NullDeviance:   num(r.NullDeviance),
		AIC:            num(r.AIC()),
		BIC:            num(r.BIC()),
		PseudoR2:       num(r.PseudoR2()),
		Warnings:       append([]string{}, r.Warnings...),
		DroppedRows:    t.Dropped,
		Timing:         timing,
		Coefficients:   []coefJSON{},
		Vcov:           logreg.CovModel.String(),
		Cov:            covJSON(r),
		CIMethod:       "wald",
	}
	if r.L2 > 0 {
		l := num(r.L2)
		out.Lambda = &l
	}
	if r.L2 > 0 || r.Firth {
		p := num(r.PenalizedLogLik)
		out.PenalizedLogLik = &p
	}
	for j, c := range inference(r, level) {
		out.Coefficients = append(out.Coefficients, coefJSON{
			Name: c.Name, Term: terms[j], Estimate: num(c.Estimate), StdErr: num(c.StdErr),
			Z: num(c.Z), P: num(c.P), Low: num(c.Low), High: num(c.High), Status: c.Status.String(),
		})
		setOddsRatio(&out.Coefficients[j])
	}
	return out
}

// fitText formats a fit to the rows rows of t as R's print.summary.glm,
// with the call, the data and the penalty first.
func fitText(call, path string, t *dataset.Table, rows int, r *logreg.Result, level float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Call:\n  %s\n\n", call)
	fmt.Fprintf(&b, "Data: %s: %d rows used, %d dropped for missing values\n", fileName(path), rows, t.Dropped)
	fmt.Fprintf(&b, "Response: P(%s = %s)\n", t.Encoding.Target.Name, t.TargetLevels[1])
	switch penaltyName(r) {
	case "l2":
		fmt.Fprintf(&b, "Penalty: ridge (L2), lambda = %g, intercept not penalized\n", r.L2)
	case "firth":
		b.WriteString("Penalty: Firth's bias reduction (Jeffreys prior), as R's logistf\n")
	default:
		b.WriteString("Penalty: none (maximum likelihood)\n")
	}
	b.WriteString("\n")

	coefs := inference(r, level)
	width := len("(Intercept)")
	for _, c := range coefs {
		width = max(width, len(c.Name))
	}
	b.WriteString("Coefficients:\n")
	if r.L2 > 0 {
		fmt.Fprintf(&b, "%-*s %12s\n", width, "", "Estimate")
		for _, c := range coefs {
			fmt.Fprintf(&b, "%-*s %12.6g\n", width, c.Name, c.Estimate)
		}
		b.WriteString("\nNo standard errors or p-values are reported for a penalized (ridge) fit:\n" +
			"they would not be valid Wald inference.\n\n")
	} else {
		lo := fmt.Sprintf("%.3g %%", 100*(1-level)/2)
		hi := fmt.Sprintf("%.4g %%", 100*(1-(1-level)/2))
		fmt.Fprintf(&b, "%-*s %12s %12s %8s %9s     %11s %11s\n", width, "", "Estimate", "Std. Error", "z value", "Pr(>|z|)", lo, hi)
		for _, c := range coefs {
			fmt.Fprintf(&b, "%-*s %12s %12s %8s %9s %-3s %11s %11s\n", width, c.Name, c.FormatEstimate("%.6g"),
				fmtG("%.6g", c.StdErr), fmtG("%.3f", c.Z), logreg.FormatP(c.P), logreg.SignifCode(c.P),
				fmtG("%.5g", c.Low), fmtG("%.5g", c.High))
		}
		b.WriteString("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n")
		if r.Separation {
			fmt.Fprintf(&b, "\nThe data are %s separated: Inf and -Inf mark the estimates that do not exist;\n"+
				"the others are where the fit stopped. No standard errors: the estimate does not exist.\n", sepKind(r.SeparationType))
		} else if r.Cov == nil {
			b.WriteString("\nNo standard errors: the covariance of the estimate is not available (see the warnings).\n")
		} else if r.Firth {
			b.WriteString("\nStandard errors, z, p and intervals are Wald, from the inverse Fisher information at the estimate.\n")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "    Null deviance: %.3f  on %d  degrees of freedom\n", r.NullDeviance, r.DFNull)
	// A deviance is never negative but by rounding (a saturated fit).
	fmt.Fprintf(&b, "Residual deviance: %.3f  on %d  degrees of freedom\n", max(r.Deviance, 0), r.DFResidual)
	fmt.Fprintf(&b, "AIC: %.3f  BIC: %.3f  log-likelihood: %.3f  McFadden R²: %.4f\n", r.AIC(), r.BIC(), r.LogLik, r.PseudoR2())
	if r.L2 > 0 || r.Firth {
		fmt.Fprintf(&b, "Penalized log-likelihood: %.3f\n", r.PenalizedLogLik)
	}
	fmt.Fprintf(&b, "\nNumber of Newton iterations: %d", r.Iterations)
	if r.Converged {
		b.WriteString(" (converged)\n")
	} else {
		b.WriteString(" (NOT converged)\n")
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "Warning: %s\n", w)
	}
	return b.String()
}

// sepKind returns the adverb of a separation type: "completely" or
// "quasi-completely".
func sepKind(t logreg.SeparationType) string {
	if t == logreg.SeparationQuasiComplete {
		return "quasi-completely"
	}
	return "completely"
}

// designTerms returns the term of each coefficient: "(Intercept)", then
// for a formula's design its term labels, otherwise the feature each
// design column codes.
func designTerms(t *dataset.Table, o *dataFlags, intercept bool) []string {
	var terms []string
	if intercept {
		terms = append(terms, logreg.InterceptName)
	}
	if o.terms != nil {
		return append(terms, o.terms...)
	}
	for _, f := range t.Encoding.Features {
		n := 1
		if f.Kind == dataset.Categorical {
			n = len(f.Levels) - 1
			if f.AllLevels {
				n++
			}
		}
		for range n {
			terms = append(terms, f.Name)
		}
	}
	return terms
}
