package dataset_test

import (
	"fmt"
	"strings"

	"github.com/a1bed000/logreg/dataset"
)

// A file too large for memory is read twice: once to decide its coding,
// once to code its rows a chunk at a time.
func ExampleScanEncoding() {
	const data = `dose,route,cured
1.5,oral,no
2.0,iv,yes
2.5,oral,yes
3.0,im,yes
3.5,iv,no
`
	opt := dataset.ReadOptions{Target: "cured", Name: "trial.csv"}
	enc, info, err := dataset.ScanEncoding(strings.NewReader(data), opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("rows:", info.Rows, "design columns:", enc.Names(), "target levels:", enc.Target.Levels)
	err = enc.ApplyChunks(strings.NewReader(data), dataset.ApplyOptions{Target: true, Name: opt.Name}, 2,
		func(t *dataset.Table) error {
			n, _ := t.X.Dims()
			for i := range n {
				fmt.Printf("line %d: x %v, y %v\n", t.Rows[i], t.X.RawRow(i), t.Y[i])
			}
			return nil
		})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// rows: 5 design columns: [dose route=iv route=oral] target levels: [no yes]
	// line 2: x [1.5 0 1], y 0
	// line 3: x [2 1 0], y 1
	// line 4: x [2.5 0 1], y 1
	// line 5: x [3 0 0], y 1
	// line 6: x [3.5 1 0], y 0
}
