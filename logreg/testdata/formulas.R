# Generates formulas.csv: R's glm on ../../internal/refcase/data/next/birthwt.csv
# (exact MLE, epsilon 1e-15) for formulas beyond the reference cases, the
# standard errors from the Fisher information at the estimate.
# Run from logreg/testdata: Rscript formulas.R
d <- read.csv("../../internal/refcase/data/next/birthwt.csv", stringsAsFactors = TRUE)
d$w <- 1 + (seq_len(nrow(d)) - 1) %% 3
d$off <- d$lwt / 100 - 1
forms <- list(
  list(f = "low ~ race * factor(smoke)"),
  list(f = "low ~ lwt + race:smoke"),
  list(f = "low ~ poly(age, 3, raw = TRUE) + lwt"),
  list(f = "low ~ factor(ht + ui + 2*smoke) + age"),
  list(f = "low ~ factor(ptl > 0) + log(lwt) * race + I(age/10) + sqrt(age)"),
  list(f = "low ~ 0 + race + factor(ht) + lwt"),
  list(f = "low ~ (age + lwt + race)^2 - age:lwt"),
  list(f = "low ~ age + race + offset(off)", w = TRUE),
  list(f = "low ~ poly(age, 2):lwt + smoke")
)
out <- NULL
for (x in forms) {
  fit <- if (isTRUE(x$w)) {
    glm(as.formula(x$f), binomial, d, weights = w, control = glm.control(epsilon = 1e-15, maxit = 200))
  } else {
    glm(as.formula(x$f), binomial, d, control = glm.control(epsilon = 1e-15, maxit = 200))
  }
  X <- model.matrix(fit)
  mu <- fitted(fit)
  pw <- fit$prior.weights
  V <- solve(crossprod(X, (pw * mu * (1 - mu)) * X))
  b <- coef(fit)
  out <- rbind(out, data.frame(formula = x$f, weights = isTRUE(x$w), name = names(b),
    estimate = sprintf("%.17g", b), std_error = sprintf("%.17g", sqrt(diag(V))),
    deviance = sprintf("%.17g", deviance(fit)), null_deviance = sprintf("%.17g", fit$null.deviance)))
}
write.csv(out, "formulas.csv", row.names = FALSE)
