package logreg

import (
	"fmt"
	"strings"

	"github.com/a1bed000/logreg/linalg"
)

// multinomSep is the exact separation diagnosis of a baseline-category logit
// fit. The estimate fails to exist exactly when some direction b ≠ 0 (b of
// the baseline 0) never puts an observation's own level below another in
// linear predictor,
//
//	dᵢᵀ(b_yᵢ − b_l) ≥ 0  for every row i and level l ≠ yᵢ,
//
// for then the log-likelihood does not decrease along b, and increases
// where an inequality is strict (with a full-rank design, all equalities
// force b = 0). This is the program of [sepCheck] with one constraint row
// aᵢₗ = (e_yᵢ − e_l) ⊗ dᵢ per row and other level, over the m·p
// coefficients,
//
//	maximize Σ aᵢₗᵀb  subject to  aᵢₗᵀb ≥ 0,  −1 ≤ b ≤ 1,
//
// solved by the same cutting planes over the constraint rows, which are
// generated chunk by chunk from the data, never stored. The separation is
// complete when some b makes every inequality strict.
type multinomSep struct {
	x         *linalg.Dense
	y         []int
	w         []float64
	blk       []int
	m, c      int
	intercept bool
	// chk is the last program's check, which knows the scales of the
	// constraint columns.
	chk *sepCheck
}

// sepChunkRows is the number of data rows whose constraint rows a chunk of
// the separation program holds.
const sepChunkRows = 64

// constraints returns the constraint rows as chunks of a design without
// intercept whose every response is 1.
func (s *multinomSep) constraints() Chunks {
	p := s.c
	if s.intercept {
		p++
	}
	m, q := s.m, s.m*p
	n, c := s.x.Dims()
	xd := s.x.RawData()
	return func(yield func(x *linalg.Dense, y, w []float64) error) error {
		buf := make([]float64, sepChunkRows*m*q)
		ones := make([]float64, sepChunkRows*m)
		for i := range ones {
			ones[i] = 1
		}
		d := make([]float64, p)
		for lo := 0; lo < n; lo += sepChunkRows {
			r := 0
			for i := lo; i < min(lo+sepChunkRows, n); i++ {
				if s.w != nil && s.w[i] == 0 {
					continue
				}
				if s.intercept {
					d[0] = 1
				}
				copy(d[p-c:], xd[i*c:i*c+c])
				by := s.blk[s.y[i]]
				for l, bl := range s.blk {
					if l == s.y[i] {
						continue
					}
					a := buf[r*q : r*q+q]
					clear(a)
					if by >= 0 {
						copy(a[by*p:by*p+p], d)
					}
					if bl >= 0 {
						for j, v := range d {
							a[bl*p+j] = -v
						}
					}
					r++
				}
			}
			if r == 0 {
				continue
			}
			if err := yield(linalg.NewDense(r, q, buf[:r*q]), ones[:r], nil); err != nil {
				return err
			}
		}
		return nil
	}
}

// verdict solves the program.
func (s *multinomSep) verdict() *lpVerdict {
	q := s.m * s.c
	if s.intercept {
		q += s.m
	}
	chk := newSepCheck(q, false, nil)
	s.chk = chk
	data := s.constraints()
	data(func(a *linalg.Dense, y, _ []float64) error {
		chk.add(a.RawData(), y, nil)
		return nil
	})
	v, _ := chk.runLP(data) // data returns no error
	return v
}

// pair returns the separation of the rows of levels a and b alone, by the
// binary program with b as the success.
func (s *multinomSep) pair(a, b int) SeparationType {
	n, _ := s.x.Dims()
	yb, wb := make([]float64, n), make([]float64, n)
	for i, l := range s.y {
		if (l == a || l == b) && (s.w == nil || s.w[i] > 0) {
			wb[i] = 1
			if l == b {
				yb[i] = 1
			}
		}
	}
	chk := newSepCheck(s.c, s.intercept, nil)
	chk.add(s.x.RawData(), yb, wb)
	data := func(yield func(x *linalg.Dense, y, w []float64) error) error { return yield(s.x, yb, wb) }
	v, _ := chk.runLP(data)
	if v.err != nil {
		return SeparationNone
	}
	return v.typ
}

// record sets the separation of res from the program's verdict v and, on
// separated data, the separated pairs of levels, with a warning.
func (s *multinomSep) record(res *MultinomialResult, v *lpVerdict) {
	if v.err != nil {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the separation test did not finish (%v)", v.err))
		return
	}
	if v.typ == SeparationNone {
		return
	}
	res.Separation, res.SeparationType = true, v.typ
	copy(res.Status, v.status)
	for j, both := range v.both {
		if both {
			// Separating directions move it both ways: the fit's path
			// decides, as in the binary fit.
			res.Status[j] = s.chk.pathSign(j, res.Coef)
		}
	}
	var names []string
	for j, st := range res.Status {
		if st != CoefFinite {
			res.Diverging = append(res.Diverging, j)
			names = append(names, res.CoefName(j)+" = "+st.String())
		}
	}
	var pairs []string
	for a := range res.Levels {
		for b := a + 1; b < len(res.Levels); b++ {
			if t := s.pair(a, b); t != SeparationNone {
				res.SeparatedPairs = append(res.SeparatedPairs, LevelPair{A: a, B: b, Type: t})
				pairs = append(pairs, fmt.Sprintf("%s from %s (%s)", res.Levels[a], res.Levels[b], t))
			}
		}
	}
	kind := "completely"
	if v.typ == SeparationQuasiComplete {
		kind = "quasi-completely"
	}
	msg := fmt.Sprintf("the data are %s separated: the maximum-likelihood estimate does not exist (%s)", kind, strings.Join(names, ", "))
	if len(pairs) > 0 {
		msg += "; levels separated: " + strings.Join(pairs, ", ")
	}
	res.Warnings = append(res.Warnings, msg+"; use a ridge penalty (L2)")
}
