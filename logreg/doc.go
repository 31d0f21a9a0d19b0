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
// that pass evaluates the exponential and the logarithm of four rows per
// instruction in assembly (the same operations, so the same values; not
// with the purego build tag), and in a binary built with GOEXPERIMENT=simd
// on a processor with AVX-512, the exponential, the logarithm and the
// working weights of eight rows per instruction. Race builds use
// the portable code: the race detector's checkptr instrumentation rejects
// archsimd's partial loads (an upstream bug).
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
// optimum is positive exactly when the data are separated, and coefficient j
// is then +Inf or −Inf by the sign of b_j where b_j ≠ 0, finite where b_j = 0
// ([Result].Status). The separation is complete when some b puts every row
// strictly on its side (a second program maximizes the smallest margin),
// quasi-complete otherwise ([Result].SeparationType). The program, with one
// constraint per row, is solved by cutting planes: [linalg.Simplex] on the
// rows collected so far, a pass over all rows for those its solution
// violates, until none is; a pass costs O(n·p).
//
// It runs only when the fit shows a sign: no convergence, fitted
// probabilities numerically 0 or 1, a separating direction found by a cheap
// screen (the last change of the coefficients, the coefficients), or a last
// Newton step δ that moves some fitted logit by more than ½. Without these
// the fit is a certificate that the data are not separated: at the last
// iterate the score Σᵢ w·(y − μ)·dᵢ is a positive combination of the rows
// ȳᵢ·dᵢ, and the step δ = I⁻¹g corrects it to an exactly zero one with
// weights that stay positive, which by Stiemke's theorem leaves b = 0 the
// only feasible point. A separated fit is never reported as converged and has
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
// # Concurrency
//
// A fit uses up to GOMAXPROCS goroutines ([Settings].Workers caps them; one
// worker uses none). The rows are cut into segments by their number alone and
// the partial sums are added in a fixed order, so the result is bit-for-bit
// the same for any number of workers.
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
// final evaluation, and agrees with Fit to 1e-10 in every reported number.
package logreg
