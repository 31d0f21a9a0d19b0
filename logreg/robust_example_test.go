package logreg_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/logreg"
)

// ExampleResult_RobustCovariance fits repeated measures of a few subjects
// and compares the model standard errors with the cluster-robust ones
// (sandwich::vcovCL's CL), then predicts a new row with its standard
// error and 95% interval through the link.
func ExampleResult_RobustCovariance() {
	const data = `y,dose,subject
0,1,1
0,2,1
1,3,1
0,1,2
1,2,2
1,3,2
0,1,3
0,2,3
0,3,3
1,1,4
0,2,4
1,3,4
0,1,5
1,2,5
1,3,5
`
	tab, err := dataset.Read(strings.NewReader(data), dataset.ReadOptions{Target: "y", Features: []string{"dose"}})
	if err != nil {
		log.Fatal(err)
	}
	res, err := logreg.Fit(tab.X, tab.Y, &logreg.Settings{Names: tab.Names})
	if err != nil {
		log.Fatal(err)
	}
	subject := []int{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4} // codes 0, 1, … of the subject column
	cl, err := res.RobustCovariance(tab.X, tab.Y, &logreg.RobustOptions{Type: logreg.CovCL, Cluster: subject})
	if err != nil {
		log.Fatal(err)
	}
	robust := *res
	robust.Cov = cl.Cov
	for j, c := range res.Summary(0.95).Coefs {
		fmt.Printf("%-11s %7.4f  model se %.4f  CL se %.4f\n", c.Name, c.Estimate, c.StdErr, robust.Summary(0.95).Coefs[j].StdErr)
	}
	fmt.Printf("%d clusters, factor G/(G-1) = %.2f\n", cl.Clusters, cl.Adjust)

	m, err := logreg.NewModel(res, &tab.Encoding, nil)
	if err != nil {
		log.Fatal(err)
	}
	p := m.PredictSE([]float64{2.5}, logreg.NormalQuantile(0.975))
	fmt.Printf("dose 2.5: p = %.4f, se %.4f, 95%% [%.4f, %.4f]\n", p.Prob, p.SEProb, p.Lower, p.Upper)
	// Output:
	// (Intercept) -2.9674  model se 1.7417  CL se 1.4703
	// dose         1.3956  model se 0.7950  CL se 0.7466
	// 5 clusters, factor G/(G-1) = 1.25
	// dose 2.5: p = 0.6275, se 0.1612, 95% [0.3036, 0.8669]
}
