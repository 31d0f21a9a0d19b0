package logreg

import (
	"errors"
	"math"
	"testing"

	"github.com/a1bed000/logreg/linalg"
)

// FuzzFitEdges fits rows with weights (zero and huge among them),
// proportions, columns scaled by powers of two over the whole float64 range
// and an optional ridge penalty, by Fit and by FitStream. Neither may
// panic; the same bad rows give the same error; a fit that succeeds has
// finite coefficients, deviances and covariance, and a fit without a
// covariance that is neither ridge nor separated says why in a warning.
func FuzzFitEdges(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}, uint8(1), uint8(0), false)
	f.Add([]byte{0, 0, 255, 1, 0, 3, 7, 1, 2, 9, 1, 0, 5, 4, 3, 2, 1, 0}, uint8(2), uint8(200), true)
	f.Add([]byte{9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}, uint8(0), uint8(60), false)
	f.Fuzz(func(t *testing.T, data []byte, cols, scale uint8, ridge bool) {
		c := int(cols%3) + 1
		rec := c + 2 // c values, the response, the weight
		n := len(data) / rec
		if n == 0 || n > 200 {
			return
		}
		x := linalg.NewDense(n, c, nil)
		y := make([]float64, n)
		w := make([]float64, n)
		// Column 0 is scaled by 2^(scale−128): from 2⁻¹²⁸ to 2¹²⁷ and,
		// with the values, past the scales validate accepts.
		s0 := math.Ldexp(1, int(scale)-128)
		if scale >= 250 {
			s0 = math.Ldexp(1, 4*(int(scale)-128)) // up to 2⁵⁰⁸, refused
		}
		for i := 0; i < n; i++ {
			r := data[i*rec : (i+1)*rec]
			for j := 0; j < c; j++ {
				v := float64(int8(r[j])) / 8
				if j == 0 {
					v *= s0
				}
				x.Set(i, j, v)
			}
			switch r[c] % 4 {
			case 0, 1:
				y[i] = float64(r[c] % 2)
			default:
				y[i] = float64(r[c]%7) / 7 // proportions
			}
			switch r[c+1] % 8 {
			case 0:
				w[i] = 0
			case 1:
				w[i] = 1e200
			default:
				w[i] = float64(r[c+1] % 5)
			}
		}
		set := Settings{}
		if ridge {
			set.L2 = 0.5
		}
		sw := set
		sw.Weights = w
		res, err := Fit(x, y, &sw)
		sres, serr := FitStream(c, chunked(x, y, w, []int{3, 1}), &set)
		var de *DataError
		var ov *OneValueError
		if errors.As(err, &de) || errors.As(err, &ov) || errors.As(serr, &de) || errors.As(serr, &ov) {
			if errors.Unwrap(err) == nil || serr == nil || err.Error() != serr.Error() {
				t.Fatalf("Fit: %v; FitStream: %v; want the same input error", err, serr)
			}
		}
		for _, r := range []*Result{res, sres} {
			if r == nil {
				continue
			}
			for j, b := range r.Coef {
				if !isFinite(b) {
					t.Fatalf("coefficient %d is %v", j, b)
				}
			}
			for _, v := range []float64{r.Deviance, r.NullDeviance, r.LogLik} {
				if math.IsNaN(v) {
					t.Fatalf("NaN in the result: %+v", r)
				}
			}
			if r.Cov != nil {
				for _, v := range r.Cov.RawData() {
					if !isFinite(v) {
						t.Fatalf("covariance element %v", v)
					}
				}
			} else if r.L2 == 0 && !r.Separation && len(r.Warnings) == 0 {
				t.Fatalf("no covariance and no warning: %+v", r)
			}
		}
	})
}
