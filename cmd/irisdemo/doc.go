// Irisdemo fits a logistic regression to two species of Fisher's iris data
// and tells honestly what the fit means.
//
// Usage:
//
//	irisdemo [flags]
//
// By default it repeats a well-known experiment: setosa against versicolor
// (the first 100 rows of the iris table), a stratified 75/25 train/test split,
// a maximum-likelihood fit by Newton–Raphson on the training rows, and the
// accuracy on the test rows. It prints the iteration trace (the deviance and
// the step norm ‖β_k − β_{k−1}‖, the length of the change of the coefficients
// in each iteration), the coefficients and the test accuracy.
//
// Setosa and versicolor are perfectly separable, and irisdemo says so: the
// maximum-likelihood estimate does not exist, the coefficients it names
// diverge, the fit is not converged, and yet the test accuracy is 100%.
// It then fits Firth's bias-reduced logistic regression (as R's logistf) on
// the same training rows and prints its finite estimates, their standard
// errors and its test accuracy next to the diverging maximum-likelihood
// coefficients. Any other pair of species whose training rows are separated
// is reported the same way.
//
// When the two species are not separated, as with -classes
// versicolor,virginica, the fit converges and irisdemo prints the full
// R-style summary (estimates, standard errors, Wald z and p-values, 95%
// confidence intervals, deviances, AIC) and the test accuracy.
//
// The flags are:
//
//	-classes a,b
//		the two species to tell apart, from setosa, versicolor and
//		virginica; b is coded 1 (default setosa,versicolor)
//	-classes all
//		fit all three species on the 150 rows by multinomial logistic
//		regression (the logits of versicolor and virginica against
//		setosa): the species are separated (setosa from each other one),
//		so irisdemo prints the trace, explains the separation and which
//		species it sets apart, prints the table with the diverging
//		coefficients as Inf or -Inf, and then the finite ridge fit
//		(lambda 1) and both training accuracies. It cannot be combined
//		with -seed, -test-frac, -threshold, -all or -svg.
//	-seed n
//		seed of the stratified split (default 1); the split is a pure
//		function of the seed
//	-test-frac f
//		fraction of the rows held out for testing, in (0, 1) (default 0.25)
//	-threshold t
//		a row is classified as b when its fitted probability is at least t,
//		in (0, 1) (default 0.5)
//	-all
//		fit on all rows of the two species with no test set; accuracy is
//		then measured on the training rows. It cannot be combined with
//		-test-frac or -seed. With -classes versicolor,virginica this is the
//		model R fits as glm(virginica ~ ., binomial) on the 100 rows.
//	-svg file
//		also write the figure: the fitted curve σ(η) against the linear
//		predictor η, every row as a point at (η, y) coloured by species,
//		filled for training rows and hollow for test rows, and the
//		threshold marked on both axes. For separated species the figure
//		shows Firth's fit, since the maximum-likelihood η grows without
//		bound, and its title says so.
//	-h
//		print this usage to standard output and exit
//
// The report goes to standard output and is the same on every run and
// platform: numbers are printed with a fixed number of decimals.
//
// Exit status: 0 on success; 1 when a fit fails (for example when
// -test-frac leaves too few training rows) or the figure cannot be written;
// 2 for a usage error, which is any flag the command does not know or
// cannot parse and any invalid value, including an unknown or repeated
// species in -classes. A usage error prints a message and the usage to
// standard error.
package main
