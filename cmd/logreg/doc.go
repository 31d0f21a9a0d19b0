// Logreg fits logistic regressions to CSV files and gives R's answer: the
// coefficient table of glm(family = binomial) for people, one JSON object
// for programs, a model file that predicts new data exactly as the fit, and
// honest out-of-sample measures. It is a single static binary that needs
// neither R nor Python.
//
// Usage:
//
//	logreg fit     -data FILE (-target COL [-features a,b,c] | -formula 'y ~ a * b' [-offset COL] [-ref v=LEVEL])
//	               [-positive VALUE] [-weights COL]
//	               [-na error|omit] [-no-intercept] [-max-iter N] [-tol T] [-level 0.95]
//	               [-l2 LAMBDA | -firth] [-stream [-chunk-rows N]] [-format text|json [-timing=false]]
//	               [-out MODEL.json] [-family binomial|multinomial [-ref LEVEL]] [-v]
//	               [-vcov model|HC0|HC1|CL|CL-HC1 [-cluster COL]]
//	logreg fit     -sql-cmd CMD -sql-table TABLE [-sql-dialect postgres|sqlite] -target COL
//	               -features a,b,c [-weights COL] [-na error|omit] [-no-intercept] [-l2 LAMBDA]
//	               [-max-iter N] [-tol T] [-level 0.95] [-format text|json] [-out MODEL.json] [-v]
//	logreg mr-scan -data FILE -target COL -features a,b,c [-weights COL] [-na error|omit] [-no-intercept]
//	logreg mr-init [-max-iter N] [-tol T] [-l2 LAMBDA] SCAN.json...
//	logreg mr-map  -state STATE.json [-data FILE]
//	logreg mr-reduce -state STATE.json [-out MODEL.json] [-format text|json] [-level 0.95] PART.bin...
//	logreg predict -model MODEL.json -data FILE [-out FILE.csv] [-threshold 0.5] [-na error|omit]
//	               [-keep COL,COL] [-on-error fail|skip|na] [-se [-level 0.95]]
//	logreg eval    -model MODEL.json -data FILE [-target COL] [-threshold 0.5] [-na error|omit]
//	               [-format text|json [-timing=false]] [-roc FILE.svg] [-calibration FILE.svg]
//	logreg cv      -data FILE -target COL [-k 10] [-seed 1] [fit flags] [-l2 a,b,c | -firth]
//	               [-threshold 0.5] [-format text|json [-timing=false]]
//	               [-family binomial|multinomial [-ref LEVEL]]
//	logreg diagnose -model MODEL.json -data FILE [-out FILE.csv] [-na error|omit] [-plots DIR]
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
// -format json prints one object, described under JSON output. A number
// that does not exist is null: the standard errors, z, p and intervals of
// a separated fit, which has no covariance, and of every ridge fit.
//
// -l2 LAMBDA minimizes −loglik(β) + (λ/2)·Σ_{j≥1} β_j², the intercept
// unpenalized. Standard errors and p-values of a ridge fit would not be
// valid Wald inference, so none are reported. -firth maximizes Firth's
// penalized log-likelihood loglik(β) + ½·log det I(β), which is finite on
// separated data; its standard errors are Wald, from the inverse Fisher
// information at the estimate, as R's logistf reports them.
//
// -formula fits an R model formula instead of -target and -features:
// 'low ~ race * lwt + log(age) + I(age^2) + factor(ftv) + poly(age, 2)'.
// Terms join with + - : * and ^ ((a + b + c)^2), "." is every other column,
// - 1 or + 0 drops the intercept; variables are columns, log, log2, log10,
// exp, sqrt, abs and I() of arithmetic (+ - * / ^), factor() (numbers sort
// numerically; factor(npreg > 0) too), poly(x, d) (orthogonal, as R's) and
// poly(x, d, raw = TRUE); offset(expr) (or -offset COL) adds a known term to
// the linear predictor, as R's glm(offset = ), the null deviance then being
// that of the intercept + offset model. The design is R's model.matrix with
// treatment contrasts: a factor in an interaction without its main effect
// gets all its levels, as in R. Columns are named race=other:lwt, I(age^2),
// poly(age, 2)1, factor(smoke)=1; -ref race=white,... sets reference
// levels (R's relevel). -na omit drops the rows with a missing value in a
// variable the formula uses. A bad formula is an error with its position,
// "formula:1:13: unknown function "lgo"". -out records the formula with
// what it learnt (factor levels, poly's coefficients): predict and eval code
// new data by it and add its offsets, a variable missing from the new data
// being an error that names it (predict has no -keep or -on-error for such
// a model yet). -weights COL gives prior weights, the response then being
// a proportion or 0/1, rows with a missing weight counting as missing.
// cv takes -formula, -offset and -ref too, coding the design once on
// every row as it codes -features. -formula cannot yet be combined with
// -stream, -positive or -family multinomial.
//
// -family multinomial fits a target of K ≥ 2 values (texts sorted, or
// numbers in increasing order) by the baseline-category logits of every
// level against the baseline, -ref LEVEL or the first: log(π_l/π_b) = xᵀβ_l,
// by Newton's method with the exact Hessian (package logreg's
// FitMultinomial), -weights being counts of rows. The text output has one
// coefficient table per level, then the deviances, AIC, BIC and the
// likelihood-ratio test against the intercepts-only model; the JSON object
// (schema "logreg-fit-multinomial/1", below) has the levels, the baseline,
// a response key on every coefficient (the level whose logit against the
// baseline it is in) and the pairs of levels whose rows alone are
// separated. Separation is diagnosed exactly as for a
// binary fit: three-class iris is separated (setosa from both other
// species) and the fit says so. It reads its data file twice (not standard
// input) and has no -firth or -stream; -out writes a multinomial model
// file (version 2, below) that predict and eval read. Without it, a target with
// more than two values is an error that suggests -positive or -family
// multinomial.
//
// -vcov chooses the covariance behind the standard errors, z, p and
// intervals (package logreg's RobustCovariance), with B the inverse Fisher
// information and uᵢ = dᵢ·wᵢ·(yᵢ − μᵢ): model (the default, B), HC0 =
// B·(Σ uᵢuᵢᵀ)·B (R's sandwich), HC1 = HC0·n/(n − k), CL = G/(G − 1)·
// B·(Σ_g U_gU_gᵀ)·B with U_g the sum of the uᵢ of cluster g of the
// -cluster column (R's sandwich::vcovCL) and CL-HC1 = CL·(n − 1)/(n − k)
// (statsmodels' cov_type="cluster"). The cluster column is not a feature
// (without -features every other column is); a missing cluster value is
// an error or, with -na omit, drops the row. The JSON output names the
// choice in "vcov" and gives the matrix in "cov"; the model file of -out
// keeps the model covariance. -vcov other than model needs a data file
// for -cluster and cannot be combined with -l2, -firth, -stream or -family
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
// # Fitting inside an SQL engine
//
// -sql-cmd fits the rows of a table where they live, without copying them
// out and without any client library: CMD is the engine's own command-line
// client, run by /bin/sh -c, which reads a query on standard input and
// writes CSV on standard output, for example
//
//	logreg fit -sql-cmd 'psql -X -q -A -t -F, -d sales' -sql-table events \
//	    -target converted -features a,b,c
//	logreg fit -sql-cmd 'sqlite3 -csv sales.db' -sql-dialect sqlite -sql-table events \
//	    -target converted -features a,b,c
//
// (-sql-dialect postgres, the default, also suits engines that speak
// PostgreSQL's SQL; sqlite needs a sqlite3 built with its math functions,
// as Debian's is). First queries find which columns hold text (PostgreSQL:
// their type; SQLite: any text value, except that a column whose texts are
// all numbers, blank or NA, as sqlite3's .import of a CSV file makes them,
// is numeric with blank and NA missing), the sorted distinct values of each
// text column (its levels, coded as a CSV file's are: treatment coding
// with the first level as the baseline, CASE WHEN col = 'level'), the rows
// with a NULL in a used column (an error, or dropped with -na omit, a WHERE
// clause), and targets that are not 0/1 (in [0, 1] with -weights) and
// negative weights. Then every Newton pass is one aggregate query: the
// linear predictor η, the probability μ (from e = exp(−|η|), so that exp
// never overflows), the working weights, the score, the upper triangle of
// the Fisher information, the deviance and the log-likelihood
// (log(1 + e) + max(η, 0), as the in-memory fit computes them), the rows at
// a fitted probability of 0 or 1 and the counts, all in SQL; the first
// pass is at R's starting values μ₀ = (w·y + 0.5)/(w + 1). Names are quoted
// identifiers and text levels quoted string literals, never spliced text;
// the coefficients are the only other thing a query carries, as exact
// literals (decimal in PostgreSQL; in SQLite, whose reading of decimal
// text is not always correctly rounded, an integer scaled by powers of
// two). A first query checks that the engine prints doubles that read
// back exactly (PostgreSQL does unless extra_float_digits is below 1; the
// fit is refused then). A fit takes iterations + 2 queries for the passes
// (the last two give the information at the estimate and the null model),
// up to four more for the coding, and those of the separation diagnosis
// below (one, on data that are not separated). The Newton steps, step halving and convergence test are the
// in-memory fit's, so the output and the model file are those of -data on
// the same rows: the numbers agree to 1e-10 (the sums are added in another
// order, and in PostgreSQL in an order that varies with its parallel
// workers), the statuses, the separation and the warnings are the same.
// The engine's errors are reported with its own message (exit 1), also
// anything it writes on standard error.
//
// Separation is diagnosed as the in-memory fit does (see fit), by
// queries. A converged fit with no fitted probability at 0 or 1 is
// certified not separated by one more query, the largest |dᵢᵀδ| over the
// rows for the last Newton step δ (below ½, no row's logit moves by that
// much): the cost of a scan. Otherwise, and when fitted probabilities
// reach 0 or 1 during the iterations, the diagnosis reads the rows of
// positive weight back through the client (one SELECT of the coded
// design, in PostgreSQL as COPY (SELECT …) TO STDOUT, parsed 4096 rows at
// a time, never all in memory): once for the
// screen and the linear program's objective, then once per round of its
// cutting planes, each round keeping the rows that violate the current
// solution most, as -stream reads its file. A separated fit therefore
// costs a few full transfers of the table to the client, and none where
// the data are not separated: on 1e6 rows × 11 columns in PostgreSQL, one
// a 0/1 column whose 6,218 rows are all successes (quasi-complete), 15
// iterations, 7 reads of the rows (the screen, 6 rounds), 27 queries,
// 125 s in all, about half of it the reads (6.9 s in memory; rough, on a
// shared 2-core machine), with the in-memory fit's statuses and warnings and its finite
// coefficients to 1e-14. With -l2 there is no diagnosis (the estimate
// exists).
//
// What this path does not do, because it needs the rows as a matrix: the
// rank check and the steps by QR for a nearly singular information (an
// error instead: the information is too ill-conditioned), and the
// standard errors by QR: an information with a condition number above
// 1e4, which the in-memory fit inverts by QR, is inverted by Cholesky,
// with a warning when their relative error may exceed 1e-8. -firth,
// -tests and profile intervals need more than one pass of sums per step
// and are not available; nor are -formula, -positive, -vcov other than
// model, -cluster, -stream and -family multinomial (usage errors).
// -features is required. SQLite takes an unknown double-quoted column name
// for a string, so the columns are looked up first there; a text level
// holding a newline is not supported.
//
// Where a pass's time goes in PostgreSQL 15 (1e6 rows × 10 features, 11
// coefficients, 83 sums a row; rough numbers on a 2-core machine shared
// with other work): a plain SELECT count(*) scan takes 0.2 s and the fit's
// pass query 3–4 s (the in-memory pass about 0.1 s on the same machine).
// About half of it is the sums: each sum(a*b) costs some 60 ns a row in
// PostgreSQL's expression interpreter (55 sums of products of columns: 3.9
// s against 0.8 s for count(*) without parallel workers), and a pass has
// k + k(k+1)/2 + 6 of them; η, exp, ln and the CASEs a row take a quarter,
// the scan the rest. The query is written to let the engine do its best:
// each level of the query (η; e; μ and the weight; the row's terms) is a
// subquery fenced by a volatile, parallel-safe column (clock_timestamp(),
// never read) so that the planner neither inlines η and exp into every sum
// nor loses the parallel plan (Gather over Partial Aggregate, with
// max_parallel_workers_per_gather workers; a LIMIT or OFFSET fence would
// make it serial; an engine of the postgres dialect needs clock_timestamp(),
// as PostgreSQL's derivatives such as Citus and Greenplum have, and the
// numbers do not depend on whether the fence holds); the products v·xᵢ are
// computed once a row and the
// intercept's sums are sum(v) and sum(v·xⱼ); every constant is a double,
// not a numeric that each use would convert. Before these, a pass took
// 9–15 s: 3–4 s of JIT compilation, 3 s of numeric conversions, no
// parallel workers. JIT (jit = on, the default where PostgreSQL is built
// with LLVM) compiles the 83 sums for a few hundred milliseconds a query
// and gained nothing measurable here; PGOPTIONS='-c jit=off' in the
// command turns it off for the client's session. The certificate's max query takes about 0.5 s, reading the rows
// back for the separation diagnosis about 4 s (psql writing 200 MB of
// COPY's CSV; 6 s for the same rows as a SELECT's output).
//
// # Fitting on a map-reduce engine
//
// Four commands fit shards of CSV files that an engine (Hadoop Streaming,
// Spark's RDD.pipe, GNU parallel over ssh) runs where the shards are, one
// pass over every shard per round:
//
//	for f in shards/*.csv; do logreg mr-scan -data $f -target y -features a,b,c > $f.scan; done
//	logreg mr-init shards/*.scan > state.json
//	until grep -q '"done": true' state.json; do
//	    parallel 'logreg mr-map -state state.json -data {} > {}.part' ::: shards/*.csv
//	    logreg mr-reduce -state state.json -out model.json shards/*.part > summary.txt
//	done
//
// mr-scan reads a shard's column kinds and the levels of its text columns
// over the rows used (a shard whose target has one value is fine); mr-init
// merges the scans, the union of the levels, into the encoding, which every
// later pass uses, and writes the first state (JSON: the encoding, the
// settings, the passes so far and the coefficients of the next pass, null
// for R's starting values). mr-map writes the sums of one pass over a shard
// at the state's coefficients: an [logreg.Accumulator] in its binary
// format, followed by Σw, Σw·y and the saturated log-likelihood terms as
// three little-endian float64 and a CRC-32 (Castagnoli) of the file; the
// Accumulator carries its own. A part whose checksum does not match (a
// damaged file) is refused, and so is a part of an older format (version 1,
// without checksums): make it again. mr-reduce merges the parts of a pass (any
// number, in the order given), records the pass in the state and runs the
// Newton iterations of logreg fit (start, step halving, convergence test,
// the extra step) over the recorded passes up to the first one not yet
// made, whose coefficients it writes into the state: the replay gives the
// same coefficients every round. When the fit is done (converged, or
// -max-iter reached) it prints the fit as logreg fit does, writes -out and
// marks the state done. A fit takes iterations + 2 rounds; the result
// equals the in-memory fit's to 1e-10. A part made at other coefficients
// than the state's is an error, and so are parts whose rows do not add up
// to those the scans counted (a shard missing or given twice). Unlike -sql-cmd, separation is not
// diagnosed here: its linear program would need a map step over the
// shards per round of cutting planes, with rows rather than sums coming
// back; a fit with fitted probabilities numerically 0 or 1 gets a warning
// that the data may be separated and were not diagnosed, and its
// coefficients are those of the last iteration. As with -sql-cmd, steps
// and standard errors by QR are not available, and there is no -firth,
// -positive, -tests or profile interval; the dropped row count is not
// reported. The README shows the loop with GNU parallel and without it.
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
// name, the intercept flag, the penalty, the settings, a training
// summary (with "separation_type" and each coefficient's "status" when the
// data are separated) and, when the fit has one, the "covariance" of the
// coefficients as rows; logreg.ReadModel reads it in Go programs. Numbers are written in the shortest form that reads back to the
// same float64, so predictions from the file equal the fit's own bit for
// bit. The file is written to a temporary file in the same directory,
// synced, then renamed: a crash never leaves a partial model. On Linux the
// temporary file has no name while it is written (O_TMPFILE): a new file
// gets its name in one step, and an existing one is replaced through a
// temporary name that only a SIGKILL in the instant between link and
// rename can leave; elsewhere SIGINT or SIGTERM removes the temporary file
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
// A multinomial fit (-family multinomial) writes "version": 2: the keys of
// version 1 and "family": "multinomial", "levels" (the target's levels, in
// the fit's order), "baseline" (the baseline level), and on every
// coefficient a "response" key, the level whose logit against the baseline
// it belongs to; the coefficients come in one block per level but the
// baseline, in the order of "levels", each block naming the same design
// columns, and "covariance" (when present) covers all of them in that
// order. Its training summary holds the multinomial fit's numbers; the
// encoding's target coding is that of the first level and is not used:
// "levels" is the coding. A binomial model is still written as version 1,
// byte for byte as before, so that a program that reads version 1 reads
// every binomial model and refuses a multinomial one by its version rather
// than misreading its coefficients. predict and eval read both versions;
// a version 1 file with a version 2 key, or a version 2 file without one,
// is refused, naming the key.
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
// -keep id,region puts those input columns first, in the order given, their
// cells exactly as read (quoted as encoding/csv quotes them, so that a CSV
// reader gets the input's text back), so that the predictions join back to
// the input: id,region,probability,predicted. A kept column may also be a
// feature; a missing cell in it is copied as it is. Columns that later
// options add (a standard error of the prediction) come after predicted,
// only when asked for: read the output by its header's names.
//
// With a multinomial model the columns are one probability per level, in
// the model's order, then the most probable level (the first of equal
// probabilities), named after the levels:
//
//	p_setosa,p_versicolor,p_virginica,predicted
//
// (after line and the kept columns as above); -threshold does not apply
// and is a usage error. The probabilities are the fit's own, bit for bit,
// by log-sum-exp: finite for any finite linear predictors.
//
// With a binomial model, -se adds, from the model's covariance V (package logreg's
// Model.PredictSE), the columns of R's predict.glm(se.fit = TRUE):
//
//	probability,predicted,eta,se_eta,se_probability,lower,upper
//
// eta is the linear predictor, se_eta = sqrt(x'Vx), se_probability =
// se_eta·p(1 − p) and lower, upper the -level interval through the link,
// plogis(eta ∓ z·se_eta), which stays in [0, 1]. A model without a
// covariance (ridge, separated data) is an error with -se; -on-error na
// leaves all seven cells empty.
//
// Predict streams: it reads the input in pieces, codes and scores a chunk
// of rows at a time (at most 8192 rows, about 1 MB of design) and writes
// each chunk's rows before reading on, so that its memory does not grow
// with the input (2e6 rows of 5 columns: about 25 MB peak, 50 MB with
// -keep id,g, with -out or not, from a file or standard input), and a
// reader of its output gets the first rows at once. It reads on at most 4
// threads: its rows are scored and written by one, which more readers
// would not speed up, and each holds a few MB of input. -out still replaces its file atomically: the rows go to the
// temporary file as they are made.
//
// A category not seen in training, a text or a non-finite number in a
// numeric feature, or a row whose linear predictor overflows (is not
// finite) is a row the model cannot score. -on-error says what it does:
//
//	fail  an error naming FILE:LINE:COLUMN (the line for an overflow),
//	      status 1 (the default)
//	skip  the row is left out (with -na omit, the line column tells which)
//	na    the row is written with empty probability and predicted
//
// skip and na end with status 0 and say on standard error how many rows
// they touched and the error of the first. With fail, standard output may
// already hold the predictions of some rows before the one in error (whole
// rows, in input order); a pipeline must check the status. With -out the
// file is left as it was. A missing feature column, a malformed record and
// (with -na error) a missing value are errors whatever -on-error says.
//
// Writing to a pipe whose reader has gone (logreg predict ... | head) ends
// quietly with status 0, for every command.
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
// The Hosmer–Lemeshow statistic (package logreg's HosmerLemeshow) sums
// (O − E)²/E + (O − E)²/(N − E) over 10 groups cut at the deciles of the
// predicted probabilities, as R's ResourceSelection::hoslem.test, with
// df = groups − 2 (fewer groups when tied predictions merge them; not
// defined below three). -calibration FILE.svg draws its groups'
// reliability diagram: the observed rate against the mean predicted
// probability of each group, labelled with its count, with the diagonal of
// perfect calibration and the test in the legend.
// The responses must be 0/1 (or the training's texts), each row counting
// once: a model fitted to proportions with -weights is scored on 0/1 data,
// a proportion such as 0.3 is an error naming its line and column, and the
// weights column is not read.
//
// With a multinomial model eval reads the target as text and matches it to
// the model's levels (numbers by value: 1.0 is level 1; any other value is
// an error naming its line), each row counting once, and reports n, the
// multiclass log-loss (mean −log of the probability of the true level), the
// accuracy of the most probable level, the macro-averaged F1 (over the
// levels with a row or a prediction; NA when none), the Brier score
// Σ_l (p_l − δ(y = l))² averaged over the rows, and the K×K confusion matrix
// (rows the true level, columns the most probable one), schema
// "logreg-eval-multinomial/1" in JSON; -threshold and -roc do not apply and
// are usage errors.
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
// # diagnose
//
// Diagnose writes, for each row of the model's training data (with its
// target, and weights for grouped data), R's residuals and influence
// measures (package logreg's Model.Influence):
//
//	line,fitted,resid_deviance,resid_pearson,resid_response,hat,cooks,rstandard_deviance,rstandard_pearson
//
// line is the input line of the row; hat comes from the information at the
// estimate (the model's covariance), so that it is exact where R's
// hatvalues, from the previous iteration's weights, are about 1e-9 off.
// It streams as predict does. A multinomial model is a usage error (its residuals are
// not defined here), a model without a covariance an error, and
// so is a row whose fitted probability is numerically 0 or 1 (a feature far
// outside the training data), whose Pearson residual and leverage are not
// finite: the error names its line.
// -plots DIR draws residuals.svg (deviance residuals against fitted
// probabilities) and leverage.svg (leverages against Pearson residuals),
// every row a point and the three largest Cook's distances labelled with
// their input lines; the points are kept in memory for them.
//
// # JSON output
//
// fit, eval and cv print one JSON object with -format json. Its key
// "schema" names the command and the version of the layout; a version
// changes when a key is removed or changes meaning, so that a program can
// refuse an output it does not know. Every key listed below is always
// present; a value that does not exist is null, never a missing key. A
// number is written in the shortest form that reads back to the same
// float64. timing holds times measured in the process, the only values
// that differ between two runs on the same input: -timing=false writes
// "timing": null, so that outputs can be compared with diff. In the
// tables, a[].k is key k of each element of array a, and <score> stands
// for each of the seven scores: accuracy, precision, recall, f1
// (the harmonic mean of precision and recall), log_loss, brier and auc
// (the ROC AUC), each number|null (null when not defined, as precision
// with no predicted positive or the AUC with one class).
//
// fit, schema "logreg-fit/2":
//
//	schema                    string       "logreg-fit/2"
//	penalty                   string       "none", "l2" or "firth"
//	lambda                    number|null  the ridge λ of -l2; null without it
//	converged                 boolean      R's convergence test was met (never on separated data)
//	iterations                integer      Newton iterations done
//	separation                boolean      the data are separated: some estimates are infinite
//	separation_type           string       "none", "complete" or "quasi-complete"
//	n                         integer      rows used in the fit
//	df_residual               integer      residual degrees of freedom
//	df_null                   integer      degrees of freedom of the null model
//	target                    string       the target column
//	positive_level            string       the target value coded 1
//	level                     number       confidence level of the intervals (-level)
//	coefficients              array        one element per coefficient, "(Intercept)" first, then the design columns
//	coefficients[].name       string       "(Intercept)", a column, or col=level for a level of a text column
//	coefficients[].term       string       the term of the column: "(Intercept)", the column or factor ("race" for race=other), or the formula's term label ("race:lwt")
//	coefficients[].estimate   number       the estimate; where the fit stopped for an infinite one
//	coefficients[].std_error  number|null  Wald standard error; null for ridge, separated data or no covariance
//	coefficients[].z          number|null  estimate / std_error
//	coefficients[].p          number|null  two-sided p-value of z
//	coefficients[].ci_low     number|null  lower end of the interval at level, by ci_method; null when infinite
//	coefficients[].ci_high    number|null  upper end of the interval at level, by ci_method; null when infinite
//	coefficients[].odds_ratio number|null  exp(estimate); null when it overflows or the estimate is Inf (0 for -Inf)
//	coefficients[].odds_ratio_ci_low  number|null  exp(ci_low) (0 for an infinite lower limit)
//	coefficients[].odds_ratio_ci_high number|null  exp(ci_high)
//	coefficients[].chisq      number|null  -firth: logistf's penalized likelihood-ratio statistic of the coefficient being 0 (penalty from the full design); null otherwise
//	coefficients[].p_plr      number|null  -firth: its p-value, P(χ²₁ > chisq); null otherwise
//	coefficients[].status     string       "finite", or "Inf" or "-Inf" for an infinite estimate
//	log_likelihood            number       log-likelihood at the estimate
//	penalized_log_likelihood  number|null  the objective of -l2 or -firth; null without a penalty
//	deviance                  number       residual deviance, −2·log_likelihood
//	null_deviance             number       deviance of the intercept-only model
//	aic                       number       Akaike's criterion, as R's AIC
//	bic                       number       Schwarz's criterion, as R's BIC
//	pseudo_r2                 number|null  McFadden's R², 1 − deviance/null_deviance
//	warnings                  array        the warnings, as strings; [] when none
//	dropped_rows              integer      rows dropped for missing values (-na omit)
//	timing                    object|null  null with -timing=false
//	timing.read_seconds       number       reading the data (both passes with -stream)
//	timing.fit_seconds        number       the iterations
//	vcov                      string       the covariance of std_error, z, p and the intervals (-vcov): "model", "HC0", "HC1", "CL" or "CL-HC1"
//	cluster                   string|null  the cluster column of -vcov CL and CL-HC1; null otherwise
//	clusters                  integer|null the number of clusters G; null without -cluster
//	cov                       array|null   that covariance, one array of numbers per coefficient; null for ridge, separated data or no covariance
//	ci_method                 string       the intervals (-ci): "wald" (estimate ± z·std_error) or "profile" (exact profile-likelihood limits; profile penalized likelihood for -firth, its default)
//	lr_test                   object       the likelihood-ratio test against the null model (the intercept, with the offset); for -firth logistf's penalized test with every slope at 0
//	lr_test.statistic         number       null_deviance − deviance
//	lr_test.df                integer      df_null − df_residual
//	lr_test.p                 number|null  P(χ²_df > statistic); null when df is 0
//	terms                     array|null   the likelihood-ratio tests of -tests, one per term, on the fit's rows; null without -tests
//	terms[].term              string       the term's label, as coefficients[].term
//	terms[].df                integer      its number of coefficients
//	terms[].deviance          number       drop1: the deviance of the model without the term; sequential: the reduction of the deviance on adding it
//	terms[].lr_chisq          number       the likelihood-ratio statistic
//	terms[].p                 number       P(χ²_df > lr_chisq)
//
// eval, schema "logreg-eval/1":
//
//	schema                    string       "logreg-eval/1"
//	data                      string       the data file, <stdin> for standard input
//	target                    string       the target column
//	positive_level            string       the target value coded 1
//	dropped_rows              integer      rows dropped for missing values (-na omit)
//	n                         integer      rows scored
//	threshold                 number       the probability threshold of predicted 1
//	<score>                   number|null  the score of the model on the rows
//	confusion                 object       the confusion matrix at threshold
//	confusion.tp              integer      observed 1, predicted 1
//	confusion.fp              integer      observed 0, predicted 1
//	confusion.tn              integer      observed 0, predicted 0
//	confusion.fn              integer      observed 1, predicted 0
//	timing                    object|null  null with -timing=false
//	timing.read_seconds       number       reading and coding the data
//	timing.score_seconds      number       scoring
//	hosmer_lemeshow           object|null  the Hosmer–Lemeshow test in 10 groups; null when the predictions take too few values
//	hosmer_lemeshow.statistic number       X², the sum over the groups of (O − E)²/E + (O − E)²/(N − E)
//	hosmer_lemeshow.df        integer      groups − 2 (8 unless tied predictions merge groups)
//	hosmer_lemeshow.p         number       P(χ²_df > statistic)
//
// eval of a multinomial model, schema "logreg-eval-multinomial/1":
//
//	schema                    string       "logreg-eval-multinomial/1"
//	family                    string       "multinomial"
//	data                      string       the data file, <stdin> for standard input
//	target                    string       the target column
//	levels                    array        the model's levels, as strings
//	baseline                  string       the model's baseline level
//	dropped_rows              integer      rows dropped for missing values (-na omit)
//	n                         integer      rows scored
//	log_loss                  number       mean −log of the probability of the true level
//	accuracy                  number       share of rows whose most probable level is the true one
//	macro_f1                  number|null  F1 averaged over the levels present or predicted
//	brier                     number       mean Σ over levels of (probability − indicator)²
//	confusion                 array        the K×K cells, row by row
//	confusion[].true          string       the true level
//	confusion[].predicted     string       the most probable level
//	confusion[].n             integer      rows in the cell
//	timing                    object|null  null with -timing=false
//	timing.read_seconds       number       reading and coding the data
//	timing.score_seconds      number       scoring
//
// cv, schema "logreg-cv/1":
//
//	schema                    string       "logreg-cv/1"
//	data                      string       the data file, <stdin> for standard input
//	target                    string       the target column
//	positive_level            string       the target value coded 1
//	n                         integer      rows used
//	dropped_rows              integer      rows dropped for missing values (-na omit)
//	k                         integer      folds
//	seed                      integer      seed of the division into folds
//	threshold                 number       the probability threshold of predicted 1
//	penalty                   string       "none", "l2" or "firth"
//	lambdas                   array|null   one element per λ of -l2, in the order given; null without -l2
//	lambdas[].lambda          number       the ridge λ
//	lambdas[].mean.<score>    number|null  mean of the score over the folds where it is defined
//	lambdas[].sd.<score>      number|null  sample standard deviation of the same
//	best_lambda               number|null  the λ of lowest mean log_loss; null without -l2
//	folds                     array        one element per fold, of the best λ with -l2
//	folds[].fold              integer      1 to k
//	folds[].n_train           integer      rows of the fit
//	folds[].converged         boolean      as fit's converged
//	folds[].separation        boolean      as fit's separation
//	folds[].iterations        integer      as fit's iterations
//	folds[].warnings          array        the fold's warnings, as strings; [] when none
//	folds[].n                 integer      rows scored (the held-out fold)
//	folds[].threshold         number       the probability threshold of predicted 1
//	folds[].<score>           number|null  the score on the held-out fold
//	folds[].confusion         object       as eval's, on the held-out fold
//	folds[].confusion.tp      integer      observed 1, predicted 1
//	folds[].confusion.fp      integer      observed 0, predicted 1
//	folds[].confusion.tn      integer      observed 0, predicted 0
//	folds[].confusion.fn      integer      observed 1, predicted 0
//	mean.<score>              number|null  mean over the folds where the score is defined
//	sd.<score>                number|null  sample standard deviation of the same
//	timing                    object|null  null with -timing=false
//	timing.read_seconds       number       reading the data
//	timing.cv_seconds         number       every fit and scoring
//
// fit -family multinomial, schema "logreg-fit-multinomial/1":
//
//	schema                    string       "logreg-fit-multinomial/1"
//	family                    string       "multinomial"
//	penalty                   string       "none" or "l2"
//	lambda                    number|null  the ridge λ of -l2; null without it
//	converged                 boolean      R's convergence test was met (never on separated data)
//	iterations                integer      Newton iterations done
//	separation                boolean      the data are separated: some estimates are infinite
//	separation_type           string       "none", "complete" or "quasi-complete"
//	separated_levels          array        pairs of levels whose rows alone are separated; [] when none
//	separated_levels[].levels array        the two levels, as strings
//	separated_levels[].type   string       "complete" or "quasi-complete"
//	n                         integer      rows used in the fit
//	observations              number       the observations they stand for (the sum of -weights)
//	target                    string       the target column
//	levels                    array        the target's levels, as strings, sorted
//	baseline                  string       the baseline level (-ref)
//	level                     number       confidence level of the intervals (-level)
//	coefficients              array        per level but the baseline, in order, its coefficients as fit's
//	coefficients[].response   string       the level whose logit against the baseline the coefficient is in
//	coefficients[].name       string       "(Intercept)", a column, or col=level for a level of a text column
//	coefficients[].estimate   number       the estimate; where the fit stopped for an infinite one
//	coefficients[].std_error  number|null  Wald standard error; null for ridge, separated data or no covariance
//	coefficients[].z          number|null  estimate / std_error
//	coefficients[].p          number|null  two-sided p-value of z
//	coefficients[].ci_low     number|null  lower end of the Wald interval at level
//	coefficients[].ci_high    number|null  upper end of the Wald interval at level
//	coefficients[].status     string       "finite", or "Inf" or "-Inf" for an infinite estimate
//	log_likelihood            number       log-likelihood at the estimate
//	penalized_log_likelihood  number|null  the objective of -l2; null without it
//	deviance                  number       residual deviance, −2·log_likelihood
//	null_deviance             number       deviance of the intercepts-only model
//	aic                       number       Akaike's criterion
//	bic                       number       Schwarz's criterion, log of observations
//	lr_statistic              number|null  null_deviance − deviance; null for ridge or separated data
//	lr_df                     integer      its degrees of freedom, the coefficients but the intercepts
//	lr_p                      number|null  its χ² p-value; null for ridge or separated data
//	warnings                  array        the warnings, as strings; [] when none
//	dropped_rows              integer      rows dropped for missing values (-na omit)
//	timing                    object|null  null with -timing=false
//	timing.read_seconds       number       reading the data (both passes)
//	timing.fit_seconds        number       the iterations
//
// cv -family multinomial, schema "logreg-cv-multinomial/1":
//
//	schema                    string       "logreg-cv-multinomial/1"
//	family                    string       "multinomial"
//	data                      string       the data file
//	target                    string       the target column
//	levels                    array        the target's levels, as strings, sorted
//	baseline                  string       the baseline level (-ref)
//	n                         integer      rows used
//	dropped_rows              integer      rows dropped for missing values (-na omit)
//	k                         integer      folds
//	seed                      integer      seed of the division into folds
//	penalty                   string       "none" or "l2"
//	lambda                    number|null  the ridge λ of -l2; null without it
//	folds                     array        one element per fold
//	folds[].fold              integer      1 to k
//	folds[].n_train           integer      rows of the fit
//	folds[].n                 integer      rows scored (the held-out fold)
//	folds[].converged         boolean      as fit's converged
//	folds[].separation        boolean      as fit's separation
//	folds[].iterations        integer      as fit's iterations
//	folds[].warnings          array        the fold's warnings, as strings; [] when none
//	folds[].log_loss          number       mean −log of the probability of the true level
//	folds[].accuracy          number       share of rows whose most probable level is the true one
//	folds[].macro_f1          number|null  F1 averaged over the levels present or predicted
//	folds[].brier             number       mean Σ over levels of (probability − indicator)²
//	folds[].confusion         array        the K×K cells, row by row
//	folds[].confusion[].true  string       the true level
//	folds[].confusion[].predicted string   the most probable level
//	folds[].confusion[].n     integer      rows of the held-out fold in the cell
//	mean.log_loss             number|null  mean over the folds
//	mean.accuracy             number|null  mean over the folds
//	mean.macro_f1             number|null  mean over the folds where it is defined
//	mean.brier                number|null  mean over the folds
//	sd.log_loss               number|null  sample standard deviation over the folds
//	sd.accuracy               number|null  sample standard deviation over the folds
//	sd.macro_f1               number|null  sample standard deviation over the folds
//	sd.brier                  number|null  sample standard deviation over the folds
//	confusion                 array        the cells summed over the folds, as folds[].confusion
//	confusion[].true          string       the true level
//	confusion[].predicted     string       the most probable level
//	confusion[].n             integer      rows in the cell
//	timing                    object|null  null with -timing=false
//	timing.read_seconds       number       reading the data (both passes)
//	timing.cv_seconds         number       every fit and scoring
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
