package logreg

import (
	"context"
	"fmt"
	"math"

	"github.com/a1bed000/logreg/linalg"
)

// FitContext is [Fit] that stops when ctx is done: before each pass over
// the rows (a Newton iteration, a step halving, the rank check, a round of
// the separation program, the final evaluation) it checks ctx, so a
// cancelled fit stops within one pass and returns an error wrapping
// ctx.Err() (errors.Is(err, context.Canceled)). Its goroutines have ended
// when it returns.
func FitContext(ctx context.Context, x *linalg.Dense, y []float64, s *Settings) (*Result, error) {
	return fit(ctx, x, y, s)
}

// FitStreamContext is [FitStream] that stops when ctx is done: it checks
// ctx before handing each chunk that data yields to the fit, so that a
// cancelled fit stops within one chunk, and returns an error wrapping
// ctx.Err() (data's yield returns it, and data should return it).
func FitStreamContext(ctx context.Context, p int, data Chunks, s *Settings) (*Result, error) {
	return FitStream(p, ctxChunks(ctx, data), s)
}

// cancelled returns nil while ctx is not done, and then an error wrapping
// its cause.
func cancelled(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("logreg: fit stopped: %w", context.Cause(ctx))
	}
	return nil
}

// ctxChunks returns data checking ctx before each chunk; data itself when
// ctx can never be done.
func ctxChunks(ctx context.Context, data Chunks) Chunks {
	if ctx.Done() == nil {
		return data
	}
	return func(yield func(x *linalg.Dense, y, w []float64) error) error {
		if err := cancelled(ctx); err != nil {
			return err
		}
		return data(func(x *linalg.Dense, y, w []float64) error {
			if err := cancelled(ctx); err != nil {
				return err
			}
			return yield(x, y, w)
		})
	}
}

// shapedChunks returns data checking that each chunk has p columns and a
// y and w (or nil w) of one value per row, which [Accumulator.Add] would
// panic on: the chunks come from outside, so their shape is data, refused
// with an error wrapping ErrLength that counts chunks from 1 in a pass.
func shapedChunks(p int, data Chunks) (Chunks, error) {
	if data == nil {
		return nil, fmt.Errorf("logreg: no chunk source: %w", ErrBadSettings)
	}
	var first *passTotals // the totals of the first complete pass
	pass := 0
	return func(yield func(x *linalg.Dense, y, w []float64) error) error {
		chunk := 0
		pass++
		var t passTotals
		err := data(func(x *linalg.Dense, y, w []float64) error {
			chunk++
			if x == nil {
				return fmt.Errorf("logreg: chunk %d: no x: %w", chunk, ErrLength)
			}
			n, c := x.Dims()
			switch {
			case c != p:
				return fmt.Errorf("logreg: chunk %d: x has %d columns, not %d: %w", chunk, c, p, ErrLength)
			case len(y) != n:
				return fmt.Errorf("logreg: chunk %d: %d responses for %d rows: %w", chunk, len(y), n, ErrLength)
			case w != nil && len(w) != n:
				return fmt.Errorf("logreg: chunk %d: %d weights for %d rows: %w", chunk, len(w), n, ErrLength)
			}
			t.add(y, w)
			return yield(x, y, w)
		})
		switch {
		case err != nil:
			return err
		case first == nil:
			first = &t
		case !t.same(first):
			return fmt.Errorf("logreg: pass %d over the rows read %d rows (Σy %v, Σw %v), the first pass %d (Σy %v, Σw %v): %w",
				pass, t.rows, t.sy, t.sw, first.rows, first.sy, first.sw, ErrDataChanged)
		}
		return nil
	}, nil
}

// passTotals are the totals of a pass over the rows that every pass of a
// streamed fit must repeat: the number of rows and the sums of the
// responses and of the weights.
type passTotals struct {
	rows   int
	sy, sw float64
}

func (t *passTotals) add(y, w []float64) {
	t.rows += len(y)
	for i, v := range y {
		if w == nil {
			t.sy += v
		} else {
			t.sy += w[i] * v
		}
	}
	if w == nil {
		t.sw += float64(len(y))
	}
	for _, v := range w {
		t.sw += v
	}
}

// same reports whether t and u are the totals of the same rows: the same
// number n, and sums within n·2⁻⁵¹ of the larger of them, twice what two
// sums of the same n terms in different orders can differ by (the terms
// are not negative, so each sum is within about (n−1)·2⁻⁵³ of the exact
// one). A value that is not finite, which the first pass refuses, compares
// as different.
func (t *passTotals) same(u *passTotals) bool {
	tol := float64(t.rows) * 0x1p-51
	near := func(a, b float64) bool { return math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b)) }
	return t.rows == u.rows && near(t.sy, u.sy) && near(t.sw, u.sw)
}

// ctxPasser is a passer that checks ctx before each pass.
type ctxPasser struct {
	passer
	ctx context.Context
}

func (c ctxPasser) eval(beta []float64) error {
	if err := cancelled(c.ctx); err != nil {
		return err
	}
	return c.passer.eval(beta)
}

func (c ctxPasser) lsStep(dst []float64, l2, tol float64) error {
	if err := cancelled(c.ctx); err != nil {
		return err
	}
	return c.passer.lsStep(dst, l2, tol)
}

// ctxPass returns rows checking ctx before each pass; rows itself when ctx
// can never be done.
func ctxPass(ctx context.Context, rows passer) passer {
	if ctx.Done() == nil {
		return rows
	}
	return ctxPasser{rows, ctx}
}
