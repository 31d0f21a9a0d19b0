package logreg_test

import (
	"fmt"
	"log"

	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// ExampleFit fits the probability that a car has a manual gearbox (am) from
// its horsepower and weight, Motor Trend's mtcars data, as R's
// glm(am ~ hp + wt, family = binomial) does.
func ExampleFit() {
	hp := []float64{110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180, 180, 205, 215,
		230, 66, 52, 65, 97, 150, 150, 245, 175, 66, 91, 113, 264, 175, 335, 109}
	wt := []float64{2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19, 3.15, 3.44, 3.44, 4.07, 3.73,
		3.78, 5.25, 5.424, 5.345, 2.2, 1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14,
		1.513, 3.17, 2.77, 3.57, 2.78}
	am := []float64{1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1}

	x := linalg.NewDense(len(am), 2, nil)
	for i := range am {
		x.Set(i, 0, hp[i])
		x.Set(i, 1, wt[i])
	}
	res, err := logreg.Fit(x, am, &logreg.Settings{Names: []string{"hp", "wt"}})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range res.Summary(0.95).Coefs {
		fmt.Printf("%-12s %9.5f %8.5f %7.3f %.5f\n", c.Name, c.Estimate, c.StdErr, c.Z, c.P)
	}
	fmt.Printf("deviance %.4f on %d df, AIC %.4f, converged %v\n", res.Deviance, res.DFResidual, res.AIC(), res.Converged)
	// Output:
	// (Intercept)   18.86630  7.44356   2.535 0.01126
	// hp             0.03626  0.01773   2.044 0.04091
	// wt            -8.08348  3.06868  -2.634 0.00843
	// deviance 10.0591 on 29 df, AIC 16.0591, converged true
}

// ExampleSigmoid shows that the logistic function is stable where the naive
// e^z/(1+e^z) overflows to NaN.
func ExampleSigmoid() {
	for _, z := range []float64{-1000, -2, 0, 2, 1000} {
		fmt.Printf("σ(%g) = %.6f\n", z, logreg.Sigmoid(z))
	}
	// Output:
	// σ(-1000) = 0.000000
	// σ(-2) = 0.119203
	// σ(0) = 0.500000
	// σ(2) = 0.880797
	// σ(1000) = 1.000000
}
