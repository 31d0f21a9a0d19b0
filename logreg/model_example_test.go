package logreg_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// ExampleModel fits a model, saves it, reads it back as a service would at
// start-up, and scores one incoming record: the encoder codes its fields as
// the training data were coded, without allocating, and Predict gives its
// probability.
func ExampleModel() {
	const train = `churned,plan,monthly_fee,tenure
0,basic,20,30
1,basic,25,2
0,pro,60,40
1,pro,55,3
0,team,90,25
1,basic,30,5
0,team,80,12
0,pro,50,18
1,team,95,1
0,basic,15,22
1,pro,65,6
0,basic,22,14
0,basic,25,4
1,pro,50,20
1,basic,18,15
0,team,85,3
`
	tab, err := dataset.Read(strings.NewReader(train), dataset.ReadOptions{Target: "churned"})
	if err != nil {
		log.Fatal(err)
	}
	res, err := logreg.Fit(tab.X, tab.Y, &logreg.Settings{Names: tab.Names})
	if err != nil {
		log.Fatal(err)
	}
	m, err := logreg.NewModel(res, &tab.Encoding, nil)
	if err != nil {
		log.Fatal(err)
	}
	var file bytes.Buffer // a file, in a real program
	if _, err := m.WriteTo(&file); err != nil {
		log.Fatal(err)
	}

	loaded, err := logreg.ReadModel(&file, "churn.model.json")
	if err != nil {
		log.Fatal(err)
	}
	enc, err := loaded.NewEncoder(dataset.RowOptions{Unseen: dataset.UnseenError})
	if err != nil {
		log.Fatal(err)
	}
	row := make([]float64, loaded.Width()) // reused for every record
	for _, rec := range []map[string]string{
		{"plan": "pro", "monthly_fee": "58", "tenure": "4"},
		{"plan": "basic", "monthly_fee": "21", "tenure": "28"},
		{"plan": "gold", "monthly_fee": "70", "tenure": "10"},
	} {
		if err := enc.Encode(row, rec); err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Printf("%v: log-odds %.4f, probability %.4f\n", row, loaded.LinearPredictor(row), loaded.Predict(row))
	}
	// Output:
	// [1 0 58 4]: log-odds 3.2508, probability 0.9627
	// [0 0 21 28]: log-odds -3.0886, probability 0.0436
	// error: field "plan": unseen level "gold"
}

// ExampleFitStream fits rows that arrive in chunks, here two slices of a
// small data set; a chunk source would read them from a file. R's glm gives
// (Intercept) −1.0420, x 2.2101 and deviance 10.4641. Then two shards of
// the rows, summed apart (on two machines, say) at the estimate and
// merged, give the deviance of all the rows and a score of zero: the
// estimate is where the gradient of the whole data vanishes.
func ExampleFitStream() {
	xs := []float64{0.5, 1.2, -0.3, 2.0, 1.1, -1.4, 0.2, 0.9, -0.7, 1.6, 0.4, -0.2}
	ys := []float64{0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0}
	data := func(yield func(x *linalg.Dense, y, w []float64) error) error {
		for _, r := range [][2]int{{0, 5}, {5, 12}} {
			lo, hi := r[0], r[1]
			if err := yield(linalg.NewDense(hi-lo, 1, xs[lo:hi]), ys[lo:hi], nil); err != nil {
				return err
			}
		}
		return nil
	}
	res, err := logreg.FitStream(1, data, &logreg.Settings{Names: []string{"x"}})
	if err != nil {
		log.Fatal(err)
	}
	for j, name := range res.Names {
		fmt.Printf("%-11s %7.4f\n", name, res.Coef[j])
	}
	fmt.Printf("deviance %.4f\n", res.Deviance)

	shardA := logreg.NewAccumulator(1, true, res.Coef)
	shardB := logreg.NewAccumulator(1, true, res.Coef)
	if err := shardA.Add(linalg.NewDense(5, 1, xs[:5]), ys[:5], nil); err != nil {
		log.Fatal(err)
	}
	if err := shardB.Add(linalg.NewDense(7, 1, xs[5:]), ys[5:], nil); err != nil {
		log.Fatal(err)
	}
	shardA.Merge(shardB)
	g := make([]float64, 2)
	shardA.ScoreTo(g)
	fmt.Printf("merged: %d rows, deviance %.4f, |score| < 1e-9: %v\n", shardA.Rows(), shardA.Deviance(), max(-g[0], g[0], -g[1], g[1]) < 1e-9)
	// Output:
	// (Intercept) -1.0420
	// x            2.2101
	// deviance 10.4641
	// merged: 12 rows, deviance 10.4641, |score| < 1e-9: true
}
