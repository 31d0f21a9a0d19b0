// Package logreg fits logistic regression models by Newton–Raphson
// (iteratively reweighted least squares) and reports the inference of R's
// summary(glm(y ~ ., family = binomial)): estimates, standard errors, Wald z
// and p-values, confidence intervals, deviances, AIC and BIC.
//
// # The model
//
// For a design matrix D (X with an implicit leading column of ones when an
// intercept is fitted), responses y in [0, 1] and prior weights w,
//
//	μ = σ(D·β),  σ(z) = 1/(1 + e^(−z))
//	ℓ(β) = Σ w_i·[y_i·log μ_i + (1 − y_i)·log(1 − μ_i)]
//	∇ℓ(β) = Dᵀ·w·(y − μ)
//	∇²ℓ(β) = −Dᵀ·diag(w·μ·(1 − μ))·D
//
// and Newton's step is β ← β − (∇²ℓ)⁻¹·∇ℓ. [Sigmoid], [LogLikelihood],
// [Gradient], [Hessian] and [NewtonStep] compute these one formula at a time;
// [Fit] computes them in one fused pass over the rows per iteration, without
// allocating and without copying X to add the intercept. On amd64 with AVX2
// that pass evaluates the exponential, the logarithm and the working
// weights of four rows per instruction in assembly (the same operations,
// so the same values; not with the purego build tag).
//
// # Agreement with R
//
// Fit starts where R's glm.fit starts, uses its convergence test and its
// binomial conventions for weights, deviance and AIC, and then takes one more
// Newton step, so that estimates and standard errors are exact to far more
// digits than R prints (R's own default run leaves standard errors wrong in
// the fifth digit). The package's tests pin every number to R's output on
// real data.
//
// # Passes over the rows
//
// An iteration's cost is its pass over the rows, and most of a pass is the
// information, n·k²/2 multiply-adds against O(n·k) for η, μ, the deviance
// and the score. On large data (at least 65,536 rows and 8 coefficients),
// Fit first takes steps with the information summed over a fixed subsample
// of the rows, 1/16 of them but at least 64·k, chosen by a hash of the row
// index (so the fit is the same for any number of workers), and scaled by
// Σv/Σ_subsample v; the score and deviance of those passes are over every
// row, so the steps δ = Ĩ⁻¹·g converge, linearly, to the exact estimate.
// When their predicted decrease of the deviance, g·δ, falls below the
// tolerance (or stops shrinking fast, or fitted probabilities reach 0 or
// 1), full Newton steps follow and square the error, and the information
// of a full pass whose own step predicts a relative decrease below
// (Tol/100)² is that of the covariance. That step δ changes a fitted logit
// by |dᵢᵀδ| ≤ √(g·δ)·√(hᵢ/vᵢ) (hᵢ the row's leverage, vᵢ its weight), about
// 1e-10·√k on typical data, and the information by as little relative to
// itself, so the standard errors are those at the estimate to about 1e-10;
// the estimate, one full step further, is exact, and the final pass
// evaluates the deviance and log-likelihood there without forming the
// information again. A subsampled step whose deviance rises makes the fit start again
// with plain Newton steps from the starting values ([Iteration].Fallback),
// so hard problems (near separation, badly scaled columns, rare features)
// take plain Newton's path after a few cheap passes; the rank check on the
// subsample's information proves full rank with a tolerance that allows
// for the rows left out, and decides by QR over every row otherwise.
//
// On the benchmarks' data (cmd/gendata -seed 1) this takes 2 passes with
// the full information instead of 6, and 4–7 subsampled ones:
//
//	(n, p)       passes   full information   equivalent full passes
//	(1e5, 20)    8 (6)    2 (6)              2.31
//	(1e6, 10)    7 (6)    2 (6)              2.25
//	(1e6, 50)    8 (6)    2 (6)              2.31
//	(2e5, 200)   10 (6)   2 (6)              2.45
//
// (plain Newton in parentheses). [Iteration].Info says which information
// each pass formed, and [Result].Passes and InfoPasses count them.
// [FitStream] follows the same schedule after its first pass, which is
// over every row (it checks the rows and counts them), so it takes 3
// information passes instead of 2; its subsample is by the index of a row
// in the pass, whatever the chunks. Its passes still read every row, so
// it gains the share of the information in a pass, which is large when
// reading is fast and p is not small. Firth's fit takes plain Newton steps.
//
// # Failures
//
// Bad input is an error: a *[DataError] names the row and column of a
// non-finite value, a response outside [0, 1] or a negative weight, and a
// *[RankError] names the first aliased column of a rank-deficient design (R's
// test, with its tolerance min(1e-7, Tol/1000)). A response with one value
// only is a *[OneValueError], weights that sum past 2⁵² a *[DataError], a
// model too large for [Settings].MaxMemory a *[SizeError], and a fit whose
// coefficients are not finite an error wrapping [ErrNumerical].
//
// When the data are separated — a hyperplane puts every success on one side
// and every failure on the other, or on it — the maximum-likelihood
// estimate does not exist: the likelihood keeps increasing as some
// coefficients grow. Fit diagnoses this exactly, as R's detectseparation
// does, with the linear program of Konis (2007),
//
//	maximize Σᵢ ȳᵢ·dᵢᵀb  subject to  ȳᵢ·dᵢᵀb ≥ 0 for every row i,  −1 ≤ b ≤ 1,
//
// ȳ = 2y − 1, D the design with rows dᵢ (a proportion strictly between 0 and
// 1 is both a success and a failure; rows of weight 0 take no part). Its
// optimum is positive exactly when the data are separated. The separation
// is complete when some b puts every row strictly on its side (a second
// program maximizes the smallest margin), quasi-complete otherwise
// ([Result].SeparationType). The program, with one constraint per row, is
// solved by cutting planes: [linalg.Simplex] on the rows collected so far, a
// pass over all rows for those its solution violates, until none is; a pass
// costs O(n·p).
//
// The separating directions are the cone C = {b : ȳᵢ·dᵢᵀb ≥ 0 for every
// row}; along any b in C the log-likelihood never decreases. [Result].Status
// says, for each coefficient j:
//
//	finite   every b in C has b_j = 0: β_j converges as the fit diverges
//	Inf      some b in C has b_j > 0 (always Inf if none has b_j < 0)
//	-Inf     some b in C has b_j < 0 (always -Inf if none has b_j > 0)
//
// The program's optimum b is in C, so b_j ≠ 0 gives the sign of j (of the
// two, if C allows both). Where b_j = 0 the optimum, a vertex, may still
// hide a coefficient that diverges
// (a 0/1 column that alone separates, with more successes than failures,
// gives b = (0, 1), yet the intercept goes to −∞); near b, C is b plus the
// cone T of the rows on the optimum's hyperplane, and small programs over T
// (the distinct such rows in memory, up to 2²⁰ numbers, then passes over the
// rows) decide which signs each such b_j can take. When C allows both signs
// to such a j the data alone do not fix one: the status is the sign of the
// fit's last change of β_j where that is material (scaled by the column's
// largest value, above 10⁻³ of the largest change), else of the estimate
// where that is material, else Inf. The programs over T cost no pass over
// the rows when T's distinct rows fit in memory, and a few when they do not
// (at n = 10⁶, p = 20: 1 to 3, against the fit's 15 to 27).
//
// It runs only when the fit shows a sign: no convergence, fitted
// probabilities numerically 0 or 1, a separating direction found by a cheap
// screen (the last change of the coefficients, the coefficients), or a last
// Newton step δ that moves some fitted logit by more than ½. Without these
// the fit is a certificate that the data are not separated: at the last
// iterate the score Σᵢ w·(y − μ)·dᵢ is a positive combination of the rows
// ȳᵢ·dᵢ, and the step δ = I⁻¹g corrects it to an exactly zero one with
// weights that stay positive, which by Stiemke's theorem leaves b = 0 the
// only feasible point. Fit bounds the moves of the logits by
// Σ_j max_i |D_ij|·|δ_j|, from the columns' largest values that the check
// of its input finds; where that is at most ¼, its screen reads the rows
// only until neither candidate separates. A separated fit is never reported as converged and has
// no covariance; the warning names the infinite coefficients. Fitted
// probabilities that are numerically 0 or 1 are not by themselves
// separation: on iris versicolor against virginica R warns of them, yet the
// estimate exists and Fit converges to it. Penalized fits (Firth, ridge) have
// finite estimates and are not tested.
//
// # Penalized fits
//
// [Settings].Firth selects Firth's bias-reduced estimate, finite on separated
// data, with the standard errors R's logistf reports; [Settings].L2 a ridge
// penalty that leaves the intercept unpenalized.
//
// # Likelihood inference
//
// [Drop1] and [Sequential] are R's drop1 and anova likelihood-ratio tests by
// term, refitted on the full model's rows; [LRTest] tests a fit against its
// null model. [ProfileIntervals] gives the exact profile-likelihood limits,
// the roots of D_j(b) − D(β̂) = χ²₁(level), which R's confint interpolates.
// All 2k limits of k coefficients are found together by the
// Venzon–Moolgavkar iteration: each round is one pass over the rows that
// evaluates the deviance and the score at every unfinished limit, the
// fit's covariance standing for the inverse information, so that on large
// data they cost a few passes (5 at n = 1e5, p = 20, about 4 times one fit)
// rather than 2k constrained fits; bracketed root-finding on constrained
// fits is the fallback when the iteration fails. On separated data the
// limit on the side of an infinite estimate is ±Inf with a reason, and the
// others are the roots of D_j(b) − D_inf = χ², D_inf the infimum of the
// deviance, its minimum over the rows that no separating direction fits
// perfectly. [FirthInferences] gives logistf's penalized likelihood-ratio
// tests and profile penalized-likelihood limits for a Firth fit.
//
// # Models
//
// A fit can leave the process as a [Model]: [NewModel] joins a [Result] and
// the [dataset.Encoding] of its training data (columns, kinds, levels and
// baselines, the target and its positive value), and keeps the penalty, the
// training summary and the covariance. [Model.WriteTo] saves it as
// versioned JSON whose numbers read back bit for bit, and [ReadModel]
// restores it, checking every field, bounded to [MaxModelBytes]. A service
// compiles the encoding once ([Model.NewEncoder]), codes each incoming
// record into a reused design row ([dataset.RowEncoder.Encode] from a map of
// fields, EncodeFields from a slice in a declared order; an unseen level is
// an error or all-zero dummies, as the caller chooses) and scores it
// ([Model.Predict], [Model.LinearPredictor]), all without allocating;
// [Model.PredictTo] scores a whole design. Model values are the
// serialization of a fit: encoding/json also round-trips a Result with
// finite numbers, its covariance included, but without the encoding.
//
// # Robust inference, prediction uncertainty and diagnostics
//
// [Result.RobustCovariance] replaces the model covariance by a sandwich:
// HC0, HC1, or the cluster-robust CL (sandwich::vcovCL) and CL-HC1
// (statsmodels' cov_type="cluster"), in one pass over the rows with no
// allocation per row; put it in a copy of the Result for its [Result.Summary].
// [Model.PredictSE] gives a row's link and probability with their standard
// errors and the interval through the link, as predict.glm(se.fit = TRUE);
// [Model.Influence] and [Result.Influence] give R's residuals, the leverage
// from the information at the estimate, Cook's distance and standardized
// residuals, binary or grouped; both without allocating. [HosmerLemeshow]
// tests calibration in groups by quantiles of the predictions, whose counts
// also draw a reliability diagram.
//
// # More than two levels
//
// [FitMultinomial] fits the baseline-category logit model of a response
// with K levels, log(π_l/π_b) = dᵀβ_l for every level l but the baseline
// b, by Newton's method with the exact Hessian, whose blocks are
// Dᵀ·diag(w·π_l(δ_lk − π_k))·D; each block is symmetric, so only the upper
// triangles of the K(K−1)/2 blocks l ≤ k are summed, in one fused pass
// over the rows per iteration, with the probabilities by log-sum-exp. It
// has the engineering of [Fit] (R's convergence test and the extra step,
// step halving, weights as counts, no allocation per iteration, the same
// result for any number of workers), Wald inference from the inverse
// information at the estimate and the likelihood-ratio test against the
// intercepts-only model. Separation is diagnosed exactly by the program of
// Konis over the constraints dᵢᵀ(b_yᵢ − b_l) ≥ 0: three-class iris is
// separated (setosa from both other species), and the fit says so.
// [NewMultinomialModel] makes a [Model] of a multinomial fit, saved as
// model file version 2 ([ModelVersionMultinomial]; binomial models stay
// version 1) and scored by [Model.ProbabilitiesTo], bit for bit the fit's
// [MultinomialResult.Probabilities]; the binary scoring methods panic on
// it ([Model.Family] tells them apart).
//
// # Concurrency
//
// A fit uses up to GOMAXPROCS goroutines ([Settings].Workers caps them; one
// worker uses none). The rows are cut into segments by their number alone and
// the partial sums are added in a fixed order, so the result is bit-for-bit
// the same for any number of workers. [FitContext] and [FitStreamContext]
// stop a fit within one pass over the rows once their context is done, with
// its goroutines ended.
//
// A [Model] is immutable and safe for concurrent use by many goroutines, as
// is a [dataset.RowEncoder]: one of each serves every request. Scoring one
// row uses no goroutine; [Model.PredictTo] and [Result.PredictTo] score a
// large design in blocks on up to GOMAXPROCS goroutines, each row as alone,
// and return when all have ended.
//
// # Out-of-core fitting
//
// Everything a Newton iteration needs is a sum over rows: at coefficients β,
// the score g = Dᵀ·w·(y − μ), the Fisher information I = Dᵀ·diag(w·μ·(1 − μ))·D
// and the deviance. An [Accumulator] adds them up chunk by chunk, so data that
// do not fit in memory are fitted exactly, one pass over the rows per
// iteration, in O(p²) memory beyond a chunk; shards on other machines are
// summed there and combined ([Accumulator.MarshalBinary],
// [Accumulator.Merge]). The procedure, that of [Fit]:
//
//  1. Start: accumulate all rows with NewAccumulator(p, intercept, nil), at
//     R's starting values; then β = I⁻¹·g (a Cholesky solve).
//  2. Iterate: accumulate all rows at β ([Accumulator.Reset](β)); if the
//     deviance rose (by more than the tolerance), halve the step,
//     β ← (β + β_prev)/2, and accumulate again; else δ = I⁻¹·g, β ← β + δ.
//  3. Stop when |dev − dev_old| / (|dev| + 0.1) < 1e-8, after one more step
//     with the information at hand; the covariance is I⁻¹ at the estimate,
//     from one more pass (see [Result].Cov).
//
// Sums from different shards or chunks differ from an in-memory fit's only
// in the order of additions. [FitStream] runs the procedure over a callback
// that replays the rows once per pass, with Fit's settings, rank check and
// final evaluation, and agrees with Fit to 1e-10 in every reported number
// (on large data, its iterations may differ: see Passes over the rows).
package logreg
