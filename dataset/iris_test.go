package dataset

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

func TestIris(t *testing.T) {
	t.Parallel()
	f := Iris()
	if got := len(f.Rows); got != 150 {
		t.Fatalf("rows: got %d, want 150", got)
	}
	wantNames := []string{"sepal_length", "sepal_width", "petal_length", "petal_width", "species"}
	var names []string
	for _, c := range f.Columns {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, wantNames) {
		t.Errorf("columns: got %v, want %v", names, wantNames)
	}
	for _, c := range f.Columns[:4] {
		if c.Kind != Numeric || len(c.Values) != 150 {
			t.Errorf("column %s: got kind %s with %d values, want numeric with 150", c.Name, c.Kind, len(c.Values))
		}
	}
	sp := f.Column("species")
	if sp == nil || sp.Kind != Categorical {
		t.Fatalf("species: got %+v, want a categorical column", sp)
	}
	if want := []string{"setosa", "versicolor", "virginica"}; !slices.Equal(sp.Levels, want) {
		t.Errorf("species levels: got %v, want %v", sp.Levels, want)
	}
	counts := make([]int, 3)
	for _, c := range sp.Codes {
		counts[c]++
	}
	if !slices.Equal(counts, []int{50, 50, 50}) {
		t.Errorf("rows per species: got %v, want [50 50 50]", counts)
	}
	// First data row of the file: 5.1,3.5,1.4,0.2,setosa on line 2.
	first := []float64{f.Columns[0].Values[0], f.Columns[1].Values[0], f.Columns[2].Values[0], f.Columns[3].Values[0]}
	if !slices.Equal(first, []float64{5.1, 3.5, 1.4, 0.2}) || sp.Codes[0] != 0 || f.Rows[0] != 2 {
		t.Errorf("first row: got %v species %d line %d, want [5.1 3.5 1.4 0.2] species 0 line 2", first, sp.Codes[0], f.Rows[0])
	}
	// Each call returns an independent copy.
	f.Columns[0].Values[0] = -1
	if g := Iris(); g.Columns[0].Values[0] != 5.1 {
		t.Errorf("second call after modifying the first: got %v, want 5.1", g.Columns[0].Values[0])
	}
}

// TestIrisTwoClassMatchesReference compares versicolor/virginica with the
// 100-row reference file that R used.
func TestIrisTwoClassMatchesReference(t *testing.T) {
	t.Parallel()
	x, y, names, err := IrisTwoClass("versicolor", "virginica")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := ReadFile(refcase.Path("iris_vv.csv"), ReadOptions{Target: "virginica"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, ref.Names) {
		t.Errorf("names: got %v, want %v", names, ref.Names)
	}
	if !slices.Equal(y, ref.Y) {
		t.Errorf("y: got %v, want %v", y, ref.Y)
	}
	r, c := x.Dims()
	rr, rc := ref.X.Dims()
	if r != rr || c != rc || !slices.Equal(x.RawData(), ref.X.RawData()) {
		t.Errorf("x: got %d×%d %v, want %d×%d %v", r, c, x.RawData(), rr, rc, ref.X.RawData())
	}
}

func TestIrisTwoClass(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b    string
		n, ones int
		wantErr string
	}{
		{a: "setosa", b: "versicolor", n: 100, ones: 50},
		{a: "virginica", b: "setosa", n: 100, ones: 50},
		{a: "setosa", b: "Setosa", wantErr: `unknown iris species "Setosa" (valid: setosa, versicolor, virginica)`},
		{a: "rose", b: "setosa", wantErr: `unknown iris species "rose" (valid: setosa, versicolor, virginica)`},
		{a: "setosa", b: "setosa", wantErr: `species must differ`},
	}
	for _, tc := range tests {
		t.Run(tc.a+"/"+tc.b, func(t *testing.T) {
			t.Parallel()
			x, y, _, err := IrisTwoClass(tc.a, tc.b)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error: got %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ones := 0
			for _, v := range y {
				if v == 1 {
					ones++
				}
			}
			if r, c := x.Dims(); r != tc.n || c != 4 || len(y) != tc.n || ones != tc.ones {
				t.Errorf("got %d×%d, %d responses with %d ones, want %d×4, %d with %d", r, c, len(y), ones, tc.n, tc.n, tc.ones)
			}
		})
	}
}

// TestIrisEmbedded checks that the embedded copy is the file in the package.
func TestIrisEmbedded(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("iris.csv")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != irisCSV {
		t.Errorf("embedded iris.csv differs from the file")
	}
	if _, err := ReadFrame(strings.NewReader(irisCSV), "iris.csv"); errors.Is(err, ErrEmpty) || err != nil {
		t.Errorf("reading iris.csv: got %v, want nil", err)
	}
}
