# Generates pima_poly.predict.csv: R's glm of type ~ poly(glu, 2) + log(bmi) +
# factor(npreg > 2) + offset(ped) on pima_tr (exact MLE), and predict() of
# its probabilities on pima_te, with poly's stored coefficients.
# Run from cmd/logreg/testdata: Rscript pima_poly.R
tr <- read.csv("../../../internal/refcase/data/next/pima_tr.csv", stringsAsFactors = TRUE)
te <- read.csv("../../../internal/refcase/data/next/pima_te.csv", stringsAsFactors = TRUE)
fit <- glm(type ~ poly(glu, 2) + log(bmi) + factor(npreg > 2) + offset(ped), binomial, tr,
  control = glm.control(epsilon = 1e-15, maxit = 200))
p <- predict(fit, te, type = "response")
write.csv(data.frame(probability = sprintf("%.17g", p)), "pima_poly.predict.csv", row.names = FALSE, quote = FALSE)
