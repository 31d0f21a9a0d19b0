package logreg_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// cancelDesign returns a seeded design of n rows and p columns with a
// response that is not separated.
func cancelDesign(n, p int) (*linalg.Dense, []float64) {
	rng := rand.New(rand.NewPCG(11, 12))
	x := linalg.NewDense(n, p, nil)
	y := make([]float64, n)
	d := x.RawData()
	for i := range n {
		eta := 0.0
		for j := range p {
			v := rng.NormFloat64()
			d[i*p+j] = v
			eta += 0.3 * v
		}
		if rng.Float64() < logreg.Sigmoid(eta) {
			y[i] = 1
		}
	}
	return x, y
}

// settled waits until the number of goroutines is at most n, and returns
// it.
func settled(n int) int {
	for range 200 {
		if g := runtime.NumGoroutine(); g <= n {
			return g
		}
		time.Sleep(5 * time.Millisecond)
	}
	return runtime.NumGoroutine()
}

// TestFitContextCancel cancels a fit of 100,000 rows and 20 columns, on
// four workers, from its progress callback after iteration 2: the fit
// makes no further pass (no iteration follows), returns an error wrapping
// context.Canceled, and leaves no goroutine behind. A context cancelled
// before the start stops the fit before its first iteration.
func TestFitContextCancel(t *testing.T) {
	x, y := cancelDesign(100_000, 20)
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var iters []int
	s := &logreg.Settings{Workers: 4, Progress: func(it logreg.Iteration) {
		iters = append(iters, it.Iter)
		if it.Iter == 2 {
			cancel()
		}
	}}
	res, err := logreg.FitContext(ctx, x, y, s)
	if res != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, %v, want an error wrapping context.Canceled", res, err)
	}
	if len(iters) != 2 {
		t.Errorf("got iterations %v, want [1 2]: none after the cancellation", iters)
	}
	if g := settled(before); g > before {
		t.Errorf("got %d goroutines after the fit, want %d", g, before)
	}
	iters = nil
	if _, err := logreg.FitContext(ctx, x, y, s); !errors.Is(err, context.Canceled) || len(iters) != 0 {
		t.Errorf("cancelled before the start: got %v and iterations %v, want context.Canceled and none", err, iters)
	}
	// The same fit without cancellation is Fit's, bit for bit.
	s.Progress = nil
	a, err := logreg.FitContext(context.Background(), x, y, s)
	if err != nil {
		t.Fatal(err)
	}
	b, err := logreg.Fit(x, y, s)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Converged || !sameBits(a.Coef, b.Coef) {
		t.Errorf("FitContext got %v, Fit %v", a.Coef, b.Coef)
	}
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameFloat(a[i], b[i]) {
			return false
		}
	}
	return true
}

// TestFitStreamContextCancel cancels a streamed fit in its third pass over
// 50 chunks: the fit takes no chunk after the cancellation, returns an
// error wrapping context.Canceled and leaves no goroutine behind.
func TestFitStreamContextCancel(t *testing.T) {
	const n, p, rows = 50_000, 10, 1000
	x, y := cancelDesign(n, p)
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	chunks, taken, pass := 0, 0, 0
	data := func(yield func(x *linalg.Dense, y, w []float64) error) error {
		pass++
		for lo := 0; lo < n; lo += rows {
			chunks++
			if pass == 3 && lo == 10*rows {
				cancel()
			}
			if err := yield(linalg.NewDense(rows, p, x.RawData()[lo*p:(lo+rows)*p]), y[lo:lo+rows], nil); err != nil {
				return err
			}
			taken++
		}
		return nil
	}
	res, err := logreg.FitStreamContext(ctx, p, data, &logreg.Settings{Workers: 2})
	if res != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, %v, want an error wrapping context.Canceled", res, err)
	}
	if want := 2*(n/rows) + 10; taken != want || chunks != want+1 || pass != 3 {
		t.Errorf("got %d chunks taken of %d offered in %d passes, want %d of %d in 3", taken, chunks, pass, want, want+1)
	}
	if g := settled(before); g > before {
		t.Errorf("got %d goroutines after the fit, want %d", g, before)
	}
}

// TestFitStreamChunkShapes checks that a source whose chunks do not have
// the declared shape (another width, a short y or w, no x) fails the fit with
// an error naming the chunk, where Accumulator.Add would panic.
func TestFitStreamChunkShapes(t *testing.T) {
	t.Parallel()
	good := linalg.NewDense(2, 2, []float64{1, 2, 3, 5})
	for _, c := range []struct {
		name string
		x    *linalg.Dense
		y, w []float64
		want string
	}{
		{"width", linalg.NewDense(2, 3, nil), []float64{0, 1}, nil, "chunk 2: x has 3 columns, not 2"},
		{"y", good, []float64{0}, nil, "chunk 2: 1 responses for 2 rows"},
		{"w", good, []float64{0, 1}, []float64{1}, "chunk 2: 1 weights for 2 rows"},
		{"nil x", nil, nil, nil, "chunk 2: no x"},
	} {
		data := func(yield func(x *linalg.Dense, y, w []float64) error) error {
			if err := yield(linalg.NewDense(2, 2, []float64{1, 0, 2, 1}), []float64{0, 1}, nil); err != nil {
				return err
			}
			return yield(c.x, c.y, c.w)
		}
		var err error
		func() {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("panic: %v", p)
				}
			}()
			_, err = logreg.FitStream(2, data, nil)
		}()
		if !errors.Is(err, logreg.ErrLength) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error wrapping ErrLength containing %q", c.name, err, c.want)
		}
	}
	if _, err := logreg.FitStream(2, nil, nil); !errors.Is(err, logreg.ErrBadSettings) {
		t.Errorf("nil source: got %v, want ErrBadSettings", err)
	}
}
