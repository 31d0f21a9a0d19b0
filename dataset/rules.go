package dataset

import (
	"slices"
	"strconv"
)

// This file holds the rules that [Read] and [ScanEncoding] apply to the
// target, the weights and the features once the rows are read, and that
// [Encoding.Apply] and [Encoding.ApplyChunks] apply to the target and the
// weights, so that each rule and its message are written once.

// checks gathers, block by block in input order, what the rules look at in
// the kept rows of a numeric target and of the weights: whether the
// positive value of the target occurs and which other values the target
// holds, or else its first value that is not a valid response, and the
// first negative weight. The cells of a block whose column holds text are
// not looked at: a text column is judged by its levels, a mixed one by
// [parser.mixedError].
type checks struct {
	tk, wk   int // target and weights columns, −1 when not checked
	positive string
	posNum   bool    // positive is a finite number
	pv       float64 // its value
	found    bool    // the numeric positive value occurs
	other    float64 // the first other value of a numeric target, with positive
	nOther   int     // distinct other values, counted up to 2
	props    bool    // the numeric target may hold proportions (weights given)
	badLine  int     // line of the first target value that breaks the rule, 0 if none
	bad      float64
	negLine  int // line of the first negative weight, 0 if none
	neg      float64
}

// readChecks returns the checks of [Read] for plan pl of opt.
func readChecks(pl *plan, opt ReadOptions) checks {
	ck := checks{tk: pl.nFeat, wk: pl.wk, positive: opt.Positive, props: pl.wk >= 0}
	if opt.Positive != "" {
		v, num, finite := parseNumber(opt.Positive)
		ck.pv, ck.posNum = v, num && finite
	}
	return ck
}

// applyChecks returns the checks of [Encoding.Apply] of e for plan pl:
// when pl reads the target, the responses of a numeric target without a
// positive value, and the weights.
func (e *Encoding) applyChecks(pl *plan) checks {
	ck := checks{tk: -1, wk: pl.wk, props: pl.wk >= 0}
	if len(pl.cols) > pl.nFeat && e.Target.Kind == Numeric && e.Target.Positive == "" {
		ck.tk = pl.nFeat
	}
	return ck
}

// add takes in block b, the next in input order.
func (ck *checks) add(b *block) {
	if ck.tk >= 0 && b.stats[ck.tk].nText == 0 {
		ck.addTarget(b)
	}
	if ck.wk >= 0 && ck.negLine == 0 && b.stats[ck.wk].nText == 0 {
		col := b.col(ck.wk)
		if r := firstNegative(col); r >= 0 {
			ck.negLine, ck.neg = b.line(r), col[r]
		}
	}
}

// addTarget takes in the numbers of the target in the kept rows of b.
func (ck *checks) addTarget(b *block) {
	col := b.col(ck.tk)
	if ck.positive != "" {
		for _, v := range col {
			switch {
			case ck.posNum && v == ck.pv:
				ck.found = true
			case ck.nOther == 0:
				ck.other, ck.nOther = v, 1
			case ck.nOther == 1 && v != ck.other:
				ck.nOther = 2
			}
		}
		return
	}
	if ck.badLine > 0 {
		return
	}
	if r := badResponse(col, ck.props); r >= 0 {
		ck.badLine, ck.bad = b.line(r), col[r]
	}
}

// badResponse returns the index of the first value of col that is not 0 or
// 1, or not in [0, 1] when props is true, or −1.
func badResponse(col []float64, props bool) int {
	for r, v := range col {
		ok := v == 0 || v == 1
		if props {
			ok = v >= 0 && v <= 1
		}
		if !ok {
			return r
		}
	}
	return -1
}

// firstNegative returns the index of the first negative value of col, or
// −1.
func firstNegative(col []float64) int {
	for r, v := range col {
		if v < 0 {
			return r
		}
	}
	return -1
}

// responseError returns the ErrTarget error of value v, on line, of the
// numeric target column c.
func (p *parser) responseError(line int, c *column, v float64, props bool) error {
	want := "0 or 1"
	if props {
		want = "in [0, 1]"
	}
	return p.errorf(line, c.field+1, "%w: value %s in column %q is not %s",
		ErrTarget, strconv.FormatFloat(v, 'g', -1, 64), c.name, want)
}

// weightError returns the ErrWeight error of the negative weight v, on
// line, of the weights column c.
func (p *parser) weightError(line int, c *column, v float64) error {
	return p.errorf(line, c.field+1, "%w: negative weight %s in column %q",
		ErrWeight, strconv.FormatFloat(v, 'g', -1, 64), c.name)
}

// responses returns the error of the first value of the numeric target
// column c that is not a valid response, or nil.
func (ck *checks) responses(p *parser, c *column) error {
	if ck.badLine > 0 {
		return p.responseError(ck.badLine, c, ck.bad, ck.props)
	}
	return nil
}

// weights returns the error of the weights column c: text in it, or its
// first negative weight; or nil.
func (ck *checks) weights(p *parser, c *column) error {
	switch {
	case c.isText():
		return p.errorf(c.firstText.line, c.field+1, "%w: text %q in weights column %q", ErrNotNumeric, c.firstText.value, c.name)
	case ck.negLine > 0:
		return p.weightError(ck.negLine, c, ck.neg)
	}
	return nil
}

// target returns the coding of the target column c, whose levels, if it is
// text, are sorted.
func (ck *checks) target(p *parser, c *column) (Target, error) {
	tg := Target{Name: c.name, Kind: Numeric, Positive: ck.positive}
	if c.isText() {
		tg.Kind = Categorical
		switch {
		case len(c.levels) == 1:
			return tg, p.errorf(0, 0, "%w: target %q has only the value %q", ErrTarget, c.name, c.levels[0])
		case ck.positive != "":
			pos := slices.Index(c.levels, ck.positive)
			if pos < 0 {
				return tg, p.errorf(0, 0, "%w: positive value %q not found in column %q (values: %s)",
					ErrTarget, ck.positive, c.name, list(c.levels))
			}
			tg.Levels = [2]string{"not " + ck.positive, ck.positive}
			if len(c.levels) == 2 {
				tg.Levels[0] = c.levels[1-pos]
			}
		case len(c.levels) == 2:
			tg.Levels = [2]string{c.levels[0], c.levels[1]}
		default:
			return tg, p.errorf(0, 0, "%w: column %q has %d values (%s); set the positive value",
				ErrTarget, c.name, len(c.levels), list(c.levels))
		}
		return tg, nil
	}
	if ck.positive != "" {
		switch {
		case ck.found && ck.nOther == 0:
			return tg, p.errorf(0, 0, "%w: target %q has only the value %s", ErrTarget, c.name, ck.positive)
		case !ck.found && ck.nOther == 1:
			return tg, p.errorf(0, 0, "%w: target %q has only the value %s (positive value %q not found)",
				ErrTarget, c.name, strconv.FormatFloat(ck.other, 'g', -1, 64), ck.positive)
		}
		if !ck.found {
			return tg, p.errorf(0, 0, "%w: positive value %q not found in column %q", ErrTarget, ck.positive, c.name)
		}
		tg.Levels = [2]string{"not " + ck.positive, ck.positive}
		if ck.nOther == 1 {
			tg.Levels[0] = strconv.FormatFloat(ck.other, 'g', -1, 64)
		}
		return tg, nil
	}
	tg.Levels = [2]string{"0", "1"}
	return tg, ck.responses(p, c)
}

// encoding returns the Encoding that [Read] and [ScanEncoding] give for
// plan pl of options opt, and its design names, once every kept row is read into ck and the levels of the text
// columns are sorted. It returns the first error of, in turn, the target,
// the weights, a feature with a single level and two design columns of one
// name.
func (p *parser) encoding(pl *plan, ck *checks, opt ReadOptions) (Encoding, []string, error) {
	enc := Encoding{Weights: opt.Weights}
	var err error
	if enc.Target, err = ck.target(p, pl.cols[pl.nFeat]); err != nil {
		return Encoding{}, nil, err
	}
	if pl.wk >= 0 {
		if err := ck.weights(p, pl.cols[pl.wk]); err != nil {
			return Encoding{}, nil, err
		}
	}
	enc.Features = make([]Feature, pl.nFeat)
	full := opt.NoIntercept // the next categorical feature gets every level
	for j, c := range pl.cols[:pl.nFeat] {
		enc.Features[j] = Feature{Name: c.name, Kind: Numeric}
		if c.isText() {
			if len(c.levels) == 1 {
				return Encoding{}, nil, p.errorf(p.headerLine, c.field+1, "column %q has a %w %q", c.name, ErrSingleLevel, c.levels[0])
			}
			enc.Features[j] = Feature{Name: c.name, Kind: Categorical, Levels: c.levels, AllLevels: full}
			full = false
		}
	}
	names, err := p.designNames(enc.Features)
	if err != nil {
		return Encoding{}, nil, err
	}
	return enc, names, nil
}

// numericCode returns how the cells of a numeric target with a positive
// value are coded for tg: 1 for the positive value, 0 for any other; nil
// when the cells are taken as they are.
func numericCode(tg Target) func(float64) float64 {
	if tg.Kind != Numeric || tg.Positive == "" {
		return nil
	}
	pv, _, _ := parseNumber(tg.Positive)
	return func(v float64) float64 { return b2f(v == pv) }
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
