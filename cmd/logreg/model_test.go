package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// modelFile is a model written by fit -out (birthwt, low on every other
// column) and kept as written: later versions of logreg must read it.
const modelFile = "testdata/birthwt.model.json"

// BenchmarkEvaluate measures the eval measures, dominated by the sort of
// the AUC, on seeded scores with ties.
func BenchmarkEvaluate(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			y := make([]float64, n)
			eta := make([]float64, n)
			var s uint64 = 1
			for i := range y {
				s = s*6364136223846793005 + 1442695040888963407
				eta[i] = float64(int64(s>>40)%200-100) / 20 // 200 distinct values: many ties
				if s>>33&1 == 1 {
					y[i] = 1
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				evaluate(y, eta, 0.5)
			}
		})
	}
}

// TestModelFileKept checks that a model file written by an earlier fit
// still reads, with R's estimates (birthwt.coef.csv) to 1e-12 relative.
func TestModelFileKept(t *testing.T) {
	t.Parallel()
	m, err := readModel(modelFile)
	if err != nil {
		t.Fatal(err)
	}
	want, err := refcase.Coefs("birthwt.coef.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Coefficients) != len(want) {
		t.Fatalf("got %d coefficients, want %d", len(m.Coefficients), len(want))
	}
	const tol = 1e-12 // the fit's estimates against R's, which print 15 digits
	for i, c := range m.Coefficients {
		if refcase.RName(c.Name) != want[i].Name || !(relErr(c.Estimate, want[i].Estimate) <= tol) {
			t.Errorf("coefficient %d: got %s %v, want %s %v (relative tolerance %g)", i, c.Name, c.Estimate, want[i].Name, want[i].Estimate, tol)
		}
	}
}

// TestModelSizeBound checks that a model file is read up to
// maxModelBytes: -model /dev/zero fails with a message, not out of memory.
func TestModelSizeBound(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	for _, cmd := range []string{"predict", "eval"} {
		r := runBin(t, "", cmd, "-model", "/dev/zero", "-data", mtcarsCSV)
		if want := "logreg: /dev/zero: not a logreg model file: larger than 64 MiB\n"; r.code != 1 || r.stderr != want {
			t.Errorf("%s: got exit %d, stderr %q, want exit 1, %q", cmd, r.code, r.stderr, want)
		}
	}
}
