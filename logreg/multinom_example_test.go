package logreg_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"strings"

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

// ExampleNewMultinomialModel saves a ridge fit of the three iris species as
// a model file (version 2) and scores a new flower with the model read
// back, as another program would.
func ExampleNewMultinomialModel() {
	const file = "testdata/iris.csv"
	f, err := os.Open(file)
	if err != nil {
		log.Fatal(err)
	}
	fr, err := dataset.ReadFrame(f, file)
	f.Close()
	if err != nil {
		log.Fatal(err)
	}
	species := fr.Column("species")
	tab, err := dataset.ReadFile(file, dataset.ReadOptions{Target: "species", Positive: species.Levels[0]})
	if err != nil {
		log.Fatal(err)
	}
	res, err := logreg.FitMultinomial(tab.X, species.Codes, &logreg.MultinomialSettings{Levels: species.Levels, Names: tab.Names, L2: 1})
	if err != nil {
		log.Fatal(err)
	}
	m, err := logreg.NewMultinomialModel(res, &tab.Encoding, nil)
	if err != nil {
		log.Fatal(err)
	}
	var saved bytes.Buffer
	if _, err := m.WriteTo(&saved); err != nil {
		log.Fatal(err)
	}

	back, err := logreg.ReadModel(&saved, "iris.model.json")
	if err != nil {
		log.Fatal(err)
	}
	enc := back.Encoding()
	flower, err := enc.Apply(strings.NewReader("sepal_length,sepal_width,petal_length,petal_width\n6.1,2.8,4.9,1.6\n"), dataset.ApplyOptions{})
	if err != nil {
		log.Fatal(err)
	}
	var p linalg.Dense
	back.ProbabilitiesTo(&p, flower.X)
	fmt.Println(back.Family(), "baseline", back.Levels()[back.Baseline()])
	for l, level := range back.Levels() {
		fmt.Printf("%-10s %.4f\n", level, p.At(0, l))
	}
	// Output:
	// multinomial baseline setosa
	// setosa     0.0055
	// versicolor 0.5208
	// virginica  0.4737
}
