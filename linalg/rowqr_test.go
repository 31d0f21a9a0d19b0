package linalg

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// TestRowQRGram checks RᵀR = AᵀA on random data.
func TestRowQRGram(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	const n, k = 200, 6
	a := NewDense(n, k, nil)
	var q RowQR
	q.Reset(k)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			a.Set(i, j, rng.NormFloat64()+float64(j))
		}
		q.AddRow(a.RawRow(i), 1)
	}
	var g Dense
	GramTo(&g, a, nil, false)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			var s float64
			for l := 0; l < k; l++ {
				s += q.r[l*k+i] * q.r[l*k+j]
			}
			if e := math.Abs(s - g.At(i, j)); e > 1e-12*g.At(i, i) {
				t.Errorf("(RᵀR)[%d,%d]: got %g, want %g", i, j, s, g.At(i, j))
			}
		}
	}
	if col, _ := q.FirstDependent(1e-7); col != -1 {
		t.Errorf("full-rank matrix: got dependent column %d, want -1", col)
	}
}

// TestRowQRDependent checks that an exactly dependent column is found where
// the Gram matrix's Cholesky pivot is lost in rounding.
func TestRowQRDependent(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	const n, k = 100000, 12
	var q RowQR
	q.Reset(k)
	row := make([]float64, k)
	for i := 0; i < n; i++ {
		row[0] = 1
		s := 0.0
		for j := 1; j < k-1; j++ {
			row[j] = rng.NormFloat64()*float64(j) + float64(j*j)
			if j%3 == 0 {
				s += 1.37 * row[j]
			}
		}
		row[k-1] = s
		q.AddRow(row, 1)
	}
	col, ratio := q.FirstDependent(1e-7)
	if col != k-1 || ratio > 1e-12 {
		t.Errorf("got column %d ratio %g, want %d and a ratio at rounding level", col, ratio, k-1)
	}
}

// TestRowQRMergeInverse checks that merging the factors of two blocks of
// rows gives the factor of all of them, and that InverseGramTo inverts the
// Gram matrix, or names a dependent column.
func TestRowQRMergeInverse(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	const n, k = 60, 4
	a := NewDense(n, k, nil)
	var all, top, bottom RowQR
	all.Reset(k)
	top.Reset(k)
	bottom.Reset(k)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			a.Set(i, j, rng.NormFloat64()*math.Pow(1e4, float64(j)))
		}
		all.AddRow(a.RawRow(i), 0.5)
		if i < n/3 {
			top.AddRow(a.RawRow(i), 0.5)
		} else {
			bottom.AddRow(a.RawRow(i), 0.5)
		}
	}
	top.Merge(&bottom)
	var inv, merged Dense
	if err := all.InverseGramTo(&inv, 1e-11); err != nil {
		t.Fatal(err)
	}
	if err := top.InverseGramTo(&merged, 1e-11); err != nil {
		t.Fatal(err)
	}
	var g, prod Dense
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.25
	}
	GramTo(&g, a, w, false)
	prod.Mul(&g, &inv)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			// In the equilibrated scale, whatever the columns' scales.
			if e := math.Abs(prod.At(i, j)-want) * math.Sqrt(g.At(j, j)/g.At(i, i)); e > 1e-13 {
				t.Errorf("(G·G⁻¹)[%d,%d]: got %g, want %g", i, j, prod.At(i, j), want)
			}
			if e := math.Abs(merged.At(i, j)-inv.At(i, j)) / math.Sqrt(inv.At(i, i)*inv.At(j, j)); e > 1e-13 {
				t.Errorf("merged inverse [%d,%d]: got %g, want %g", i, j, merged.At(i, j), inv.At(i, j))
			}
		}
	}
	// R⁻¹·R⁻ᵀ from InverseRTo is InverseGramTo's result.
	var ri, rrt Dense
	if err := all.InverseRTo(&ri, 1e-11); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < k; i++ {
		for j := 0; j < i; j++ {
			if ri.At(i, j) != 0 {
				t.Errorf("R⁻¹[%d,%d] = %g below the diagonal", i, j, ri.At(i, j))
			}
		}
	}
	rrt.Mul(&ri, transpose(&ri))
	for i, v := range rrt.RawData() {
		if e := math.Abs(v - inv.RawData()[i]); e > 1e-13*math.Abs(inv.RawData()[i])+1e-300 {
			t.Errorf("R⁻¹·R⁻ᵀ element %d: got %g, want %g", i, v, inv.RawData()[i])
		}
	}
	var dep RowQR
	dep.Reset(3)
	for i := 0; i < 5; i++ {
		x := float64(i)
		dep.AddRow([]float64{1, x, 3 * x}, 1)
	}
	var npd *NotPositiveDefiniteError
	if err := dep.InverseGramTo(&inv, 1e-11); !errors.As(err, &npd) || npd.Col != 2 {
		t.Errorf("dependent columns: got %v, want a NotPositiveDefiniteError for column 2", err)
	}
}

// TestRowQRSolveLast checks the least-squares solve on a consistent system
// A₁·x = b, whose solution is exact, and that a dependent column of A₁ is
// reported.
func TestRowQRSolveLast(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 10))
	want := []float64{1.5, -2, 0.25}
	var q RowQR
	q.Reset(4)
	row := make([]float64, 4)
	for i := 0; i < 50; i++ {
		for j := 0; j < 3; j++ {
			row[j] = rng.NormFloat64()
		}
		row[3] = Dot(row[:3], want)
		q.AddRow(row, 1+rng.Float64())
	}
	got := make([]float64, 3)
	if err := q.SolveLastTo(got, 1e-11); err != nil {
		t.Fatal(err)
	}
	for j := range want {
		if math.Abs(got[j]-want[j]) > 1e-14 {
			t.Errorf("x[%d]: got %.17g, want %g", j, got[j], want[j])
		}
	}
	q.Reset(4)
	for i := 0; i < 5; i++ {
		x := float64(i)
		q.AddRow([]float64{1, x, 2 * x, x * x}, 1)
	}
	var npd *NotPositiveDefiniteError
	if err := q.SolveLastTo(got, 1e-11); !errors.As(err, &npd) || npd.Col != 2 {
		t.Errorf("dependent columns: got %v, want a NotPositiveDefiniteError for column 2", err)
	}
}

func TestRowQRColumnNorm(t *testing.T) {
	var q RowQR
	q.Reset(2)
	q.AddRow([]float64{3, 0}, 1)
	q.AddRow([]float64{4, 0}, 1)
	if got := q.ColumnNorm(0); got != 5 {
		t.Errorf("ColumnNorm(0): got %v, want 5", got)
	}
	if got := q.ColumnNorm(1); got != 0 {
		t.Errorf("ColumnNorm(1): got %v, want 0", got)
	}
}
