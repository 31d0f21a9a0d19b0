// Logreg fits logistic regressions to CSV files and gives R's answer: the
// coefficient table of glm(family = binomial) for people, one JSON object
// for programs, a model file that predicts new data exactly as the fit, and
// honest out-of-sample measures. It is a single static binary that needs
// neither R nor Python.
//
// Usage:
//
//	logreg fit     -data FILE -target COL [-features a,b,c] [-positive VALUE] [-weights COL]
//	               [-na error|omit] [-no-intercept] [-max-iter N] [-tol T] [-level 0.95]
//	               [-l2 LAMBDA | -firth] [-stream [-chunk-rows N]] [-format text|json]
//	               [-out MODEL.json] [-family binomial|multinomial [-ref LEVEL]] [-v]
//	logreg predict -model MODEL.json -data FILE [-out FILE.csv] [-threshold 0.5] [-na error|omit]
//	logreg eval    -model MODEL.json -data FILE [-target COL] [-threshold 0.5] [-na error|omit]
//	               [-format text|json] [-roc FILE.svg]
//	logreg cv      -data FILE -target COL [-k 10] [-seed 1] [fit flags] [-l2 a,b,c | -firth]
//	               [-threshold 0.5] [-format text|json] [-family binomial|multinomial [-ref LEVEL]]
//
// logreg -h lists the commands and logreg COMMAND -h the flags of one.
// A FILE of - reads standard input.
//
// # Data
//
// The input is CSV with a header row, read by package dataset: a cell that
// is empty or NA is missing; a column whose cells are all numbers is
// numeric, one whose cells are all text is categorical. A categorical
// feature is coded as R codes a factor: its levels sorted, the first is the
// baseline, every other level l gets a 0/1 column named col=l. The target is
// coded 0/1: numbers 0 and 1, the second of two sorted texts, or, with
// -positive VALUE, that value against all others. Features default to every
// column but the target and the weights; -features "" fits the intercept
// alone. With -na error (the default) a missing value in a used column is an
// error; -na omit drops the row and reports the count.
//
// # fit
//
// Fit fits the model by Newton-Raphson from R's starting values, to R's
// convergence test (-tol, default 1e-8) plus one final Newton step. The text
// output shows the call, the data used, the penalty, the coefficient table
// (estimate, standard error, Wald z and p, confidence interval at -level,
// significance codes), null and residual deviance, AIC, BIC, the
// log-likelihood and McFadden's R², the number of iterations, and warnings
// in plain words: separated data (the maximum-likelihood estimate does not
// exist; the table prints an infinite estimate as Inf or -Inf and the
// warning names those coefficients), no convergence, fitted probabilities
// numerically 0 or 1. Separation is diagnosed exactly, by the linear
// program of R's detectseparation (see the logreg package documentation).
//
// -format json prints one object with the keys penalty ("none", "l2" or
// "firth"), lambda (ridge only), converged, iterations, separation (true or
// false), separation_type ("none", "complete" or "quasi-complete"), n,
// df_residual, df_null, target, positive_level, level, coefficients (an
// array of {name, estimate, std_error, z, p, ci_low, ci_high, status},
// "(Intercept)" first, then the design columns in file order; status is
// "finite", or "Inf" or "-Inf" for a coefficient whose maximum-likelihood
// estimate is infinite on separated data, its estimate then being where the
// fit stopped), log_likelihood,
// penalized_log_likelihood (penalized fits only), deviance, null_deviance,
// aic, bic, pseudo_r2, warnings, dropped_rows and timing ({read_seconds,
// fit_seconds}, measured in the process). A number that does not exist is
// null: the standard errors, z, p and intervals of a separated fit, which
// has no covariance, and of every ridge fit.
//
// -l2 LAMBDA minimizes −loglik(β) + (λ/2)·Σ_{j≥1} β_j², the intercept
// unpenalized. Standard errors and p-values of a ridge fit would not be
// valid Wald inference, so none are reported. -firth maximizes Firth's
// penalized log-likelihood loglik(β) + ½·log det I(β), which is finite on
// separated data; its standard errors are Wald, from the inverse Fisher
// information at the estimate, as R's logistf reports them.
//
// -family multinomial fits a target of K ≥ 2 values (texts sorted, or
// numbers in increasing order) by the baseline-category logits of every
// level against the baseline, -ref LEVEL or the first: log(π_l/π_b) = xᵀβ_l,
// by Newton's method with the exact Hessian (package logreg's
// FitMultinomial), -weights being counts of rows. The text output has one
// coefficient table per level, then the deviances, AIC, BIC and the
// likelihood-ratio test against the intercepts-only model; the JSON object
// has family ("multinomial"), levels, baseline, coefficients that carry a
// response key (the level whose logit against the baseline they belong
// to), separated_levels (pairs of levels whose rows alone are separated,
// with their type), observations (the sum of the weights), lr_statistic,
// lr_df and lr_p, and the keys of a binary fit but df_residual, df_null,
// positive_level and pseudo_r2. Separation is diagnosed exactly as for a
// binary fit: three-class iris is separated (setosa from both other
// species) and the fit says so. It reads its data file twice (not standard
// input) and has no -firth, -stream or -out yet. Without it, a target with
// more than two values is an error that suggests -positive or -family
// multinomial.
//
// -stream fits a file larger than memory, as R's biglm::bigglm does, but
// exactly: the result equals the in-memory fit's to about 1e-10 (the sums
// over rows are added in another order). A first pass over the input
// decides the kinds of the columns and the levels of the text columns; a
// second codes the rows and writes them as binary float64 to a temporary
// file, about 8·(p+1) bytes a row for p design columns (8·(p+2) with
// -weights); each Newton iteration then reads that file once, in chunks of
// -chunk-rows rows (0, the default: about 4 MB of data and at least 16384
// rows; never more than the rows there are). The default depends on p
// only, so that a streamed fit gives the same bits on every machine and
// every GOMAXPROCS. Memory is two chunks, a few pieces of the input and the
// p×p sums, whatever the number of rows. An input that cannot be read
// twice (standard input, -data -, a pipe or a device) is also copied to a
// temporary file for the second pass. Temporary files go to
// $TMPDIR (/tmp by default; set TMPDIR to a directory on disk when /tmp is
// held in memory) and are removed when the fit ends, also on an error; on
// Unix they are unlinked as soon as created, so that a killed process
// leaves nothing behind. Separation is diagnosed as without -stream (the
// screen runs in the final pass; the linear program, when it runs, reads
// the file once per round). -stream cannot be combined
// with -firth (a usage error); -l2 works. The output, the model file and
// the errors, with their FILE:LINE:COLUMN, are those of the in-memory fit;
// timing.read_seconds covers both passes and fit_seconds the iterations.
//
// -v prints one line per iteration on standard error: the iteration, the
// deviance, the objective the fit minimizes, the norm of the step, the
// number of step halvings and the elapsed time.
//
// # Model file
//
// -out MODEL.json writes a JSON file with "format": "logreg-model" and
// "version": 1, holding the encoding (feature columns, kinds, categorical
// levels with the baseline first, the target coding), the coefficients by
// name, the intercept flag, the penalty, the settings and a training
// summary. Numbers are written in the shortest form that reads back to the
// same float64, so predictions from the file equal the fit's own bit for
// bit. The file is written to a temporary file in the same directory,
// synced, then renamed: a crash never leaves a partial model. On Linux the
// temporary file has no name until the rename (O_TMPFILE), so that even
// SIGKILL leaves nothing behind; elsewhere SIGINT or SIGTERM removes it
// (the status is then 128 + the signal's number). -out, predict -out and eval -roc write alike: through
// a symbolic link to the file it names (which keeps its permissions), in
// place into a device or a named pipe (-out /dev/null), and never onto an
// input file (-data, -model; a usage error). Every write is checked: a
// full disk is an error (exit 1), for standard output too. predict and
// eval refuse a file of another format or version, a file larger than 64
// MiB, and a file with any field missing or null (a training number that
// is not defined, such as the deviance of an empty fit, may be null); a
// JSON error gives its FILE:LINE:COLUMN and byte offset.
//
// # predict
//
// Predict codes the data exactly as the training data and writes CSV, one
// row per input row in input order:
//
//	probability,predicted
//
// where probability is P(target = the level coded 1), written in the
// shortest form that reads back exactly, and predicted is 1 when
// probability ≥ -threshold and 0 otherwise. With -na omit, rows with a
// missing feature are left out and a first column gives the 1-based line of
// the input where each written row starts:
//
//	line,probability,predicted
//
// A category not seen in training, a missing feature column or a missing
// value (with -na error) is an error naming the line and column.
//
// # eval
//
// Eval scores the model on labelled data: n, accuracy, precision, recall and
// F1 with the confusion matrix at -threshold, log-loss (computed from the
// linear predictor, finite even where a probability rounds to 0 or 1),
// Brier score and the ROC AUC, computed exactly as the Mann–Whitney statistic
// with midranks, so that tied probabilities count one half. A measure that
// is not defined (precision with no predicted positive, AUC with one class)
// is NA in text and null in JSON. -roc FILE.svg draws the ROC curve, with
// the chance diagonal and the AUC in the legend, as a standalone SVG image.
// The responses must be 0/1 (or the training's texts), each row counting
// once: a model fitted to proportions with -weights is scored on 0/1 data,
// a proportion such as 0.3 is an error naming its line and column, and the
// weights column is not read.
//
// # cv
//
// Cv divides the rows into -k folds stratified by class, with a seeded
// generator (the same -seed gives the same folds), fits on k−1 folds, scores
// the held-out fold as eval does, and reports each fold and the mean ± sample
// standard deviation over folds. With -l2 a,b,c every λ is cross-validated
// on the same folds and the one with the lowest mean log-loss is picked
// (the first listed on a tie); the folds shown are those of the best λ.
//
// With -family multinomial (at most one -l2 value) the folds are stratified
// by level and each is scored by the multiclass log-loss, the accuracy of
// the most probable level, the macro-averaged F1 and the Brier score; the
// K×K confusion matrix (rows the true level) is given per fold in JSON and
// summed over the folds in both formats.
//
// # Exit status
//
// 0 on success, also for a separated or non-converged fit, which says so in
// its warnings, separation and converged fields and in the text output. 1
// for bad data or a failed fit, with one line on standard error:
//
//	logreg: FILE:LINE:COLUMN: what went wrong
//
// 2 for a usage error: an unknown command, a bad or missing flag.
//
// # Example
//
//	$ logreg fit -data mtcars.csv -target am -features hp,wt -out am.json
//	$ logreg predict -model am.json -data new_cars.csv -out predictions.csv
//	$ logreg eval -model am.json -data mtcars.csv -roc roc.svg
//	$ logreg cv -data iris_vv.csv -target virginica -k 5 -l2 0.1,1,10
package main
