package dataset_test

import (
	"fmt"
	"strings"

	"github.com/a1bed000/logreg/dataset"
)

// ExampleFormula_Design codes a small data set by an R formula: a factor
// times a number, a transformation and an offset.
func ExampleFormula_Design() {
	const data = `low,race,lwt,smoke
0,white,182,0
1,black,155,1
0,other,105,0
1,white,108,1
`
	f, err := dataset.ReadFrame(strings.NewReader(data), "bw.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	fm, err := dataset.ParseFormula("low ~ race * lwt + I(lwt^2) + offset(smoke)")
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := fm.Design(f, dataset.DesignOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, name := range d.Names {
		fmt.Printf("%-16s term %-8s row 1: %g\n", name, d.Terms.Labels[d.Term[j]], d.X.At(0, j))
	}
	fmt.Println("offset:", d.Offset)
	_, err = dataset.ParseFormula("low ~ lgo(lwt)")
	fmt.Println(err)
	// Output:
	// race=other       term race     row 1: 0
	// race=white       term race     row 1: 1
	// lwt              term lwt      row 1: 182
	// I(lwt^2)         term I(lwt^2) row 1: 33124
	// race=other:lwt   term race:lwt row 1: 0
	// race=white:lwt   term race:lwt row 1: 182
	// offset: [0 1 0 1]
	// formula:1:7: unknown function "lgo"
}
