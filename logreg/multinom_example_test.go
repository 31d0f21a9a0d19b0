package logreg_test

import (
	"fmt"
	"log"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// ExampleFitMultinomial fits the three iris species by multinomial
// logistic regression. Setosa is separated from the other two, so the
// maximum-likelihood estimate does not exist and the fit says so; a ridge
// penalty gives finite estimates.
func ExampleFitMultinomial() {
	iris := dataset.Iris()
	species := iris.Column("species")
	names := []string{"sepal_length", "sepal_width", "petal_length", "petal_width"}
	x := linalg.NewDense(len(species.Codes), len(names), nil)
	for j, name := range names {
		for i, v := range iris.Column(name).Values {
			x.Set(i, j, v)
		}
	}
	set := &logreg.MultinomialSettings{Levels: species.Levels, Names: names}
	ml, err := logreg.FitMultinomial(x, species.Codes, set)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("separated: %v (%v), converged: %v\n", ml.Separation, ml.SeparationType, ml.Converged)
	for _, p := range ml.SeparatedPairs {
		fmt.Printf("  %s from %s: %v\n", ml.Levels[p.A], ml.Levels[p.B], p.Type)
	}

	set.L2 = 1
	ridge, err := logreg.FitMultinomial(x, species.Codes, set)
	if err != nil {
		log.Fatal(err)
	}
	for i, b := range ridge.Coef {
		fmt.Printf("%-24s %8.4f\n", ridge.CoefName(i), b)
	}
	// Output:
	// separated: true (quasi-complete), converged: false
	//   setosa from versicolor: complete
	//   setosa from virginica: complete
	// versicolor:(Intercept)    -6.2768
	// versicolor:sepal_length    0.8755
	// versicolor:sepal_width    -1.0699
	// versicolor:petal_length    1.7860
	// versicolor:petal_width    -0.1644
	// virginica:(Intercept)    -18.9878
	// virginica:sepal_length     0.3192
	// virginica:sepal_width     -0.8976
	// virginica:petal_length     4.0520
	// virginica:petal_width      2.6002
}
