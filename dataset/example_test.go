package dataset_test

import (
	"fmt"
	"strings"

	"github.com/a1bed000/logreg/dataset"
)

func ExampleRead() {
	const data = `dose,route,weight,cured
1.5,oral,60,no
2.0,iv,72,yes
2.5,oral,,yes
3.0,im,81,yes
`
	tab, err := dataset.Read(strings.NewReader(data), dataset.ReadOptions{
		Target: "cured",
		DropNA: true,
		Name:   "trial.csv",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tab.Names)
	for i, line := range tab.Rows {
		fmt.Printf("line %d: %v -> %v\n", line, tab.X.RawRow(i), tab.Y[i])
	}
	fmt.Printf("dropped %d; 1 means %q\n", tab.Dropped, tab.TargetLevels[1])

	// A level the model has not seen is an error that names its cell.
	_, err = tab.Encoding.Apply(strings.NewReader("dose,route,weight\n2,nasal,70\n"),
		dataset.ApplyOptions{Name: "new.csv"})
	fmt.Println(err)
	// Output:
	// [dose route=iv route=oral weight]
	// line 2: [1.5 0 1 60] -> 0
	// line 3: [2 1 0 72] -> 1
	// line 5: [3 0 0 81] -> 1
	// dropped 1; 1 means "yes"
	// new.csv:2:2: unseen level "nasal" in column "route" (levels: im, iv, oral)
}

func ExampleIrisTwoClass() {
	x, y, names, err := dataset.IrisTwoClass("versicolor", "virginica")
	if err != nil {
		fmt.Println(err)
		return
	}
	n, p := x.Dims()
	fmt.Println(n, p, names)
	fmt.Println(x.RawRow(0), y[0])
	fmt.Println(x.RawRow(99), y[99])

	_, _, _, err = dataset.IrisTwoClass("versicolor", "rose")
	fmt.Println(err)
	// Output:
	// 100 4 [sepal_length sepal_width petal_length petal_width]
	// [7 3.2 4.7 1.4] 0
	// [5.9 3 5.1 1.8] 1
	// dataset: unknown iris species "rose" (valid: setosa, versicolor, virginica)
}

func ExampleStratifiedSplit() {
	y := []float64{0, 0, 0, 0, 0, 0, 1, 1, 1, 1}
	train, test := dataset.StratifiedSplit(y, 0.5, 1)
	ones := 0
	for _, i := range test {
		ones += int(y[i])
	}
	fmt.Println(len(train), len(test), ones)
	// Output:
	// 5 5 2
}
