# Reference values of TestProfileSeparated (logreg/inference_test.go), from R 4.2.2:
#   Rscript profile_separated.R
# Profile-likelihood limits under separation: the roots of D_j(b) - D_inf = qchisq(0.95, 1), each
# deviance minimized by Newton's method with step halving written here (glm.fit's iterations from
# these offsets do not settle on a minimum), the roots by uniroot at tol 1e-14.
# Part 1: endometrial, HG ~ NV + PI + EH; NV's estimate is +Inf (quasi-complete separation), so NV is
# held at 40 (its rows fitted to within exp(-40)) for the infimum and for the others' profiles.
d <- read.csv("../../internal/refcase/data/next/endometrial.csv")
q <- qchisq(0.95, 1)
ctl <- glm.control(epsilon = 1e-15, maxit = 200)
n <- nrow(d)
one <- rep(1, n)
X <- cbind("(Intercept)" = one, PI = d$PI, EH = d$EH)
# the fit on the rows with NV = 0 (NV's rows are all HG = 1): the limit of the fits as NV -> Inf
f0 <- glm.fit(X[d$NV == 0, ], d$HG[d$NV == 0], family = binomial(), control = ctl)
stopifnot(f0$converged)
b0 <- f0$coefficients
# Newton's method with step halving on the deviance, independent of glm.fit
# (whose iterations from these offsets do not settle on a minimum).
devf <- function(eta, y) -2 * sum(y * plogis(eta, log.p = TRUE) + (1 - y) * plogis(-eta, log.p = TRUE))
dev <- function(cols, off, start) {
  Xc <- X[, cols, drop = FALSE]; y <- d$HG
  b <- start; D <- devf(off + Xc %*% b, y)
  for (it in 1:200) {
    eta <- drop(off + Xc %*% b); mu <- plogis(eta)
    g <- crossprod(Xc, y - mu); I <- crossprod(Xc, Xc * (mu * (1 - mu)))
    step <- solve(I, g); a <- 1
    repeat { nb <- b + a * step; nD <- devf(off + Xc %*% nb, y); if (nD <= D || a < 1e-10) break; a <- a / 2 }
    done <- abs(D - nD) <= 1e-16 * (abs(nD) + 0.1) && max(abs(a * step)) < 1e-10
    b <- nb; D <- nD
    if (done) return(D)
  }
  stop("no convergence")
}
bracket <- function(g, est, dir) {
  h <- 0.5 * max(abs(est), 0.05); prev <- est
  while (g(est + dir * h) < 0) { prev <- est + dir * h; h <- 2 * h }
  sort(c(prev, est + dir * h))
}
push <- 40 * d$NV   # NV pushed far out: its rows fitted to within exp(-40)
Dsup <- dev(1:3, push, b0)
cat(sprintf("Dsup %.17g (NV=0 rows: %.17g)\n", Dsup, f0$deviance))
cat(sprintf("coef %.17g %.17g %.17g\n", b0[1], b0[2], b0[3]))
for (j in 1:3) {
  g <- function(b) dev((1:3)[-j], push + b * X[, j], b0[-j]) - Dsup - q
  lo <- uniroot(g, bracket(g, b0[j], -1), tol = 1e-14)$root
  hi <- uniroot(g, bracket(g, b0[j], 1), tol = 1e-14)$root
  cat(sprintf("%s %.17g %.17g  (check %.3g %.3g)\n", colnames(X)[j], lo, hi, g(lo), g(hi)))
}
gnv <- function(b) dev(1:3, b * d$NV, b0) - Dsup - q
lo <- uniroot(gnv, c(-5, 10), tol = 1e-14)$root
cat(sprintf("NV lower %.17g (check %.3g)\n", lo, gnv(lo)))
for (b in c(lo + 1, lo + 5, 20, 40, 100)) cat(sprintf("NV D(%g) - Dsup = %.6g\n", b, dev(1:3, b * d$NV, b0) - Dsup))

# Part 2: sep_complete, y ~ x (complete separation: the infimum of the deviance is 0).
d <- read.csv("../../internal/refcase/data/next/sep_complete.csv")
q <- qchisq(0.95, 1)
devf <- function(eta, y) -2 * sum(y * plogis(eta, log.p = TRUE) + (1 - y) * plogis(-eta, log.p = TRUE))
# the deviance minimized over one coefficient (the other fixed in the offset), by Newton's method with halving
dev1 <- function(xc, off, y, b = 0) {
  D <- devf(off + xc * b, y)
  for (it in 1:500) {
    mu <- plogis(off + xc * b); g <- sum(xc * (y - mu)); I <- sum(xc^2 * mu * (1 - mu))
    step <- g / I; a <- 1
    repeat { nb <- b + a * step; nD <- devf(off + xc * nb, y); if (nD <= D || a < 1e-12) break; a <- a / 2 }
    done <- abs(D - nD) <= 1e-16 * (abs(nD) + 0.1) && abs(a * step) < 1e-12 * max(1, abs(nb))
    b <- nb; D <- nD
    if (done) return(D)
  }
  stop("no convergence")
}
one <- rep(1, nrow(d))
gx <- function(b) dev1(one, b * d$x, d$y, -15.5 * b) - q   # slope fixed, intercept free
gi <- function(a) dev1(d$x, a * one, d$y, -a / 15.5) - q   # intercept fixed, slope free
lo <- uniroot(gx, c(0.1, 3), tol = 1e-15)$root
hi <- uniroot(gi, c(-40, -1), tol = 1e-15)$root
cat(sprintf("x lower %.17g (check %.3g); intercept upper %.17g (check %.3g)\n", lo, gx(lo), hi, gi(hi)))
for (b in c(lo + 0.5, lo + 2, 5, 10)) cat(sprintf("x D(%g) = %.6g\n", b, gx(b) + q))
