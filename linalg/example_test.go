package linalg_test

import (
	"errors"
	"fmt"
	"math"

	"github.com/a1bed000/logreg/linalg"
)

// The system of equations
//
//	2x + y + z = 4,  x + 3y + 2z = 5,  x = 6
//
// has the solution (6, 15, −23); det A = −1 and κ₁(A) = ‖A‖₁·‖A⁻¹‖₁ = 4·9.
func ExampleLU() {
	a := linalg.NewDense(3, 3, []float64{
		2, 1, 1,
		1, 3, 2,
		1, 0, 0,
	})
	var lu linalg.LU
	if err := lu.Factorize(a); err != nil {
		fmt.Println(err)
		return
	}
	x := make([]float64, 3)
	lu.SolveVecTo(x, []float64{4, 5, 6})
	fmt.Printf("x = [%.3f %.3f %.3f]\n", x[0], x[1], x[2])
	logAbs, sign := lu.LogDet()
	fmt.Printf("det A = %.3f\n", sign*math.Exp(logAbs))
	fmt.Printf("cond = %.1f\n", lu.Cond())

	// A singular matrix is an error, not a panic.
	err := lu.Factorize(linalg.NewDense(2, 2, []float64{1, 2, 2, 4}))
	var se *linalg.SingularError
	if errors.As(err, &se) {
		fmt.Println("singular at column", se.Col, errors.Is(err, linalg.ErrSingular))
	}
	// Output:
	// x = [6.000 15.000 -23.000]
	// det A = -1.000
	// cond = 36.0
	// singular at column 1 true
}

// The example of the Wikipedia article "Cholesky decomposition": A = L·Lᵀ
// with integer L and det A = 36.
func ExampleCholesky() {
	a := linalg.NewDense(3, 3, []float64{
		4, 12, -16,
		12, 37, -43,
		-16, -43, 98,
	})
	var c linalg.Cholesky
	if err := c.Factorize(a); err != nil {
		fmt.Println(err)
		return
	}
	var l linalg.Dense
	c.LTo(&l)
	for i := 0; i < 3; i++ {
		fmt.Printf("%5.1f\n", l.RawRow(i))
	}
	fmt.Printf("det A = %.3f\n", math.Exp(c.LogDet()))
	x := make([]float64, 3)
	c.SolveVecTo(x, []float64{-68, -191, 364}) // A·(1, −2, 3)
	fmt.Printf("x = [%.3f %.3f %.3f]\n", x[0], x[1], x[2])

	// A Gram matrix whose column 2 is the sum of columns 0 and 1.
	g := linalg.NewDense(3, 3, []float64{
		1, 0, 1,
		0, 1, 1,
		1, 1, 2,
	})
	err := c.Factorize(g)
	var npd *linalg.NotPositiveDefiniteError
	if errors.As(err, &npd) {
		fmt.Println("aliased column", npd.Col)
	}
	// Output:
	// [  2.0   0.0   0.0]
	// [  6.0   1.0   0.0]
	// [ -8.0   5.0   3.0]
	// det A = 36.000
	// x = [1.000 -2.000 3.000]
	// aliased column 2
}
