package dataset

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/a1bed000/logreg/linalg"
)

// DesignOptions controls [Formula.Design] and [Coding.Apply]. The zero value
// fails on a missing value.
type DesignOptions struct {
	// NAOmit true drops every row with a missing value in a variable the
	// formula uses (the response, every term's variables, the offsets), as
	// R's na.omit on the model frame; false makes such a row an error.
	NAOmit bool
	// Ref maps a factor variable's label ("race", "factor(ftv)") to its
	// reference level, R's relevel: that level is then the baseline. Nil
	// keeps the first level in sort order. [Coding.Apply] ignores it.
	Ref map[string]string
	// Target true (always for [Formula.Design]) codes the response into
	// Design.Y; for [Coding.Apply] false ignores the response.
	Target bool
	// Weights names a numeric column of prior weights, "" for none: its
	// missing values count as the formula's variables' do, a weight must
	// be finite and >= 0, and the response may then hold proportions in
	// [0, 1]. It is read into Design.Weights.
	Weights string
	// MaxDesignBytes bounds the design matrix, as in [ReadOptions]: zero
	// means [DefaultMaxDesignBytes]; it must not be negative.
	MaxDesignBytes int64
}

// VarCoding is what a variable of the formula learnt from the training
// data, to code new data the same way.
type VarCoding struct {
	// Label is the variable's label in the formula, "poly(age, 2)".
	Label string `json:"label"`
	// Levels holds a factor's levels, the baseline first; nil otherwise.
	Levels []string `json:"levels,omitempty"`
	// Alpha and Norm2 are an orthogonal poly()'s recurrence coefficients,
	// as R's attr(, "coefs"); nil otherwise.
	Alpha []float64 `json:"alpha,omitempty"`
	Norm2 []float64 `json:"norm2,omitempty"`
}

// Coding is the recipe that codes data as the training data of a formula:
// the formula, the columns "." stood for, and what each variable learnt. It
// is plain data that encoding/json saves and restores exactly.
type Coding struct {
	// Formula is the formula's text.
	Formula string `json:"formula"`
	// Columns holds the training data's column names, which "." stands for.
	Columns []string `json:"columns"`
	// Vars holds the learnt state of each variable, in the order of
	// Terms.Variables.
	Vars []VarCoding `json:"vars"`
	// Names holds the names of the design's columns, which [Coding.Apply]
	// checks that it reproduces.
	Names []string `json:"names"`
}

// Design is the design matrix of a formula on a data frame, coded as R's
// model.matrix with treatment contrasts.
type Design struct {
	// X is the n×p design without the intercept column (Intercept says
	// whether the model has one).
	X *linalg.Dense
	// Y holds the 0/1 response; nil without a target.
	Y []float64
	// ResponseLevels holds the response values coded 0 and 1: {"0", "1"}
	// for numbers, the two levels for a text or factor response.
	ResponseLevels [2]string
	// Offset holds the sum of the offset() terms for each row; nil if the
	// formula has none.
	Offset []float64
	// Weights holds the prior weights of DesignOptions.Weights; nil
	// without.
	Weights []float64
	// Names holds the names of the columns of X: "lwt", "race=other",
	// "race=other:lwt", "I(age^2)", "poly(age, 2)1", "factor(smoke)=1".
	Names []string
	// Term holds, for each column of X, the index of its term in
	// Terms.Labels.
	Term []int
	// Terms is the expanded formula.
	Terms *Terms
	// Intercept is true when the model has an intercept.
	Intercept bool
	// Rows holds the index into the frame's rows of each row of X.
	Rows []int
	// Dropped counts the rows dropped for missing values.
	Dropped int
	// Coding codes new data as this design, with [Coding.Apply].
	Coding *Coding
}

// value is a variable evaluated on every row of a frame.
type value struct {
	num    []float64   // a numeric variable, NaN where missing
	mat    [][]float64 // poly()'s columns
	codes  []int       // a factor's level of each row, -1 where missing
	levels []string
}

func (v *value) missing(i int) bool {
	switch {
	case v.codes != nil:
		return v.codes[i] < 0
	case v.mat != nil:
		return math.IsNaN(v.mat[0][i])
	}
	return math.IsNaN(v.num[i])
}

// Design codes the frame f by the formula: the rows with every variable
// present (or an error, unless opt.NAOmit), the response as 0/1 (numbers 0
// and 1, or a text or factor of two levels, the second coded 1), and the
// design with treatment contrasts: a factor in a term whose margin (the
// term without it) is in the model, always for a main effect, gets a
// column per level but the baseline, otherwise one per level; without an
// intercept the first factor of the first term that has one gets all its
// levels, as R's model.matrix. Factor
// levels are those of the rows kept, text in byte order and numbers in
// numeric order.
//
// Design returns a [*FormulaError] for a column the data lacks or a
// variable of the wrong kind, and an error naming the row and the variable
// for a missing or non-finite value, or a response that is not 0/1.
func (fm *Formula) Design(f *Frame, opt DesignOptions) (*Design, error) {
	cols := make([]string, len(f.Columns))
	for i := range f.Columns {
		cols[i] = f.Columns[i].Name
	}
	c := &Coding{Formula: fm.Source, Columns: cols}
	opt.Target = true
	return c.build(fm, f, opt, true)
}

// Apply codes the frame f as the training data of the coding: the same
// columns, with the same factor levels and poly() coefficients. A level
// not seen in training is an error, and so is a variable missing from f
// (a [*FormulaError] naming it). With opt.Target false the response need
// not be present.
func (c *Coding) Apply(f *Frame, opt DesignOptions) (*Design, error) {
	fm, err := ParseFormula(c.Formula)
	if err != nil {
		return nil, err
	}
	return c.build(fm, f, opt, false)
}

func (c *Coding) build(fm *Formula, f *Frame, opt DesignOptions, learn bool) (*Design, error) {
	t, err := fm.Terms(c.Columns)
	if err != nil {
		return nil, err
	}
	if !learn && len(c.Vars) != len(t.Variables) {
		return nil, fmt.Errorf("dataset: coding has %d variables, its formula %d: %w", len(c.Vars), len(t.Variables), ErrEncoding)
	}
	if learn {
		c.Vars = make([]VarCoding, len(t.Variables))
		for i, l := range t.Variables {
			c.Vars[i].Label = l
		}
	}
	n := len(f.Rows)
	ev := &evaluator{f: f}
	vals := make([]*value, len(t.Variables))
	first := 0
	if !opt.Target {
		first = 1
	}
	for i := first; i < len(t.Variables); i++ {
		if e := t.exprs[i]; e.op == "call" && e.name == "offset" {
			continue // summed into the offset below
		}
		v, err := ev.variable(t.exprs[i], &c.Vars[i], learn)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	var offsets [][]float64
	for _, o := range t.offsets {
		v, err := ev.num(o)
		if err != nil {
			return nil, err
		}
		offsets = append(offsets, v)
	}
	var weights []float64
	if opt.Weights != "" {
		c := f.Column(opt.Weights)
		switch {
		case c == nil:
			return nil, fmt.Errorf("dataset: no weights column %q in the data: %w", opt.Weights, ErrUnknownColumn)
		case c.Kind != Numeric:
			return nil, fmt.Errorf("dataset: weights column %q is text: %w", opt.Weights, ErrNotNumeric)
		}
		weights = c.Values
	}
	// Rows with a missing value.
	keep := make([]int, 0, n)
	for r := range n {
		bad := -1
		for i, v := range vals {
			if v != nil && v.missing(r) {
				bad = i
				break
			}
		}
		for k, o := range offsets {
			if bad < 0 && math.IsNaN(o[r]) {
				bad = len(vals) + k
			}
		}
		if bad < 0 && weights != nil && math.IsNaN(weights[r]) {
			bad = len(vals) + len(offsets)
		}
		if bad < 0 {
			keep = append(keep, r)
			continue
		}
		if !opt.NAOmit {
			label := ""
			switch {
			case bad < len(vals):
				label = t.Variables[bad]
			case bad < len(vals)+len(offsets):
				label = "offset(" + t.Offsets[bad-len(vals)] + ")"
			default:
				label = "the weights " + opt.Weights
			}
			return nil, fmt.Errorf("%s: line %d: missing value in %s (use -na omit to drop such rows)", fm.Source, f.Rows[r], label)
		}
	}
	if len(keep) == 0 {
		return nil, fmt.Errorf("dataset: no row without a missing value: %w", ErrMissing)
	}
	if learn {
		for v := range opt.Ref {
			i := slices.Index(t.Variables, v)
			if i < 0 || vals[i] == nil || vals[i].codes == nil {
				return nil, fmt.Errorf("dataset: reference level for %s: the formula has no factor %s", v, v)
			}
		}
	}
	// Factors: learn levels from the rows kept, then map codes.
	for i, v := range vals {
		if v == nil || v.codes == nil {
			continue
		}
		if learn {
			used := make([]bool, len(v.levels))
			for _, r := range keep {
				used[v.codes[r]] = true
			}
			var levels []string
			for l, u := range used {
				if u {
					levels = append(levels, v.levels[l])
				}
			}
			if ref, ok := opt.Ref[t.Variables[i]]; ok {
				j := slices.Index(levels, ref)
				if j < 0 {
					return nil, fmt.Errorf("dataset: reference level %q is not a level of %s (levels %s)", ref, t.Variables[i], strings.Join(levels, ", "))
				}
				levels = append([]string{ref}, slices.Delete(levels, j, j+1)...)
			}
			if i > 0 && len(levels) < 2 {
				// R's contrasts refuse it too; dropping it would fit
				// another model than the formula's.
				return nil, fmt.Errorf("%s: factor %s has a %w %q in the rows used", fm.Source, t.Variables[i], ErrSingleLevel, levels[0])
			}
			c.Vars[i].Levels = levels
		}
		idx := make(map[string]int, len(c.Vars[i].Levels))
		for j, l := range c.Vars[i].Levels {
			idx[l] = j
		}
		remap := make([]int, len(v.levels))
		for j, l := range v.levels {
			k, ok := idx[l]
			if !ok {
				k = -1
			}
			remap[j] = k
		}
		for _, r := range keep {
			if remap[v.codes[r]] < 0 {
				return nil, fmt.Errorf("%s: line %d: level %q of %s was not in the training data", fm.Source, f.Rows[r], v.levels[v.codes[r]], t.Variables[i])
			}
		}
		for r, code := range v.codes {
			if code >= 0 {
				v.codes[r] = remap[code]
			}
		}
		v.levels = c.Vars[i].Levels
	}
	// Non-finite numbers in the rows kept.
	for i, v := range vals {
		if v == nil || v.codes != nil {
			continue
		}
		cs := v.mat
		if cs == nil {
			cs = [][]float64{v.num}
		}
		for _, col := range cs {
			for _, r := range keep {
				if math.IsInf(col[r], 0) || math.IsNaN(col[r]) {
					return nil, fmt.Errorf("%s: line %d: %s is not finite (%v)", fm.Source, f.Rows[r], t.Variables[i], col[r])
				}
			}
		}
	}
	d := &Design{Terms: t, Intercept: t.Intercept, Rows: keep, Dropped: n - len(keep), Coding: c}
	if opt.Target {
		y, levels, err := response(vals[0], keep, f, fm.Source, t.Response, !learn, weights != nil)
		if err != nil {
			return nil, err
		}
		d.Y, d.ResponseLevels = y, levels
	}
	if weights != nil {
		d.Weights = make([]float64, len(keep))
		for k, r := range keep {
			w := weights[r]
			if !(w >= 0) || math.IsInf(w, 0) {
				return nil, fmt.Errorf("%s: line %d: weight %v is not a finite number >= 0: %w", fm.Source, f.Rows[r], w, ErrWeight)
			}
			d.Weights[k] = w
		}
	}
	if len(offsets) > 0 {
		d.Offset = make([]float64, len(keep))
		for _, o := range offsets {
			for k, r := range keep {
				if math.IsInf(o[r], 0) {
					return nil, fmt.Errorf("%s: line %d: offset is not finite (%v)", fm.Source, f.Rows[r], o[r])
				}
				d.Offset[k] += o[r]
			}
		}
	}
	// The design's size, before it is built.
	width := 0
	for _, term := range t.Terms {
		w := 1
		for _, vi := range term {
			v := vals[vi]
			switch {
			case v.codes != nil:
				w *= len(v.levels)
			case v.mat != nil:
				w *= len(v.mat)
			}
			if w > 1<<30 {
				break
			}
		}
		width += w
		if width > 1<<30 {
			break
		}
	}
	limit := opt.MaxDesignBytes
	if limit < 0 {
		return nil, fmt.Errorf("dataset: MaxDesignBytes %d is negative: %w", limit, ErrOption)
	}
	if limit == 0 {
		limit = DefaultMaxDesignBytes
	}
	if bytes := float64(width) * float64(len(keep)) * 8; bytes > float64(limit) {
		return nil, fmt.Errorf("%s: %d rows × up to %d columns (%.3g bytes, limit %d): %w", fm.Source, len(keep), width, bytes, limit, ErrTooLarge)
	}
	// Without an intercept the first factor of the first term that has
	// one gets all its levels, as R's model.matrix.
	firstTerm, firstVar := -1, -1
	if !t.Intercept {
	scan:
		for ti, term := range t.Terms {
			for _, vi := range term {
				if vals[vi].codes != nil {
					firstTerm, firstVar = ti, vi
					break scan
				}
			}
		}
	}
	// Columns, term by term.
	var data [][]float64
	for ti, term := range t.Terms {
		type part struct {
			names []string
			cols  [][]float64 // over kept rows
		}
		parts := make([]part, len(term))
		for k, vi := range term {
			v := vals[vi]
			label := t.Variables[vi]
			var p part
			switch {
			case v.codes != nil:
				full := !marginPresent(t, ti, vi) || ti == firstTerm && vi == firstVar
				for l, lev := range v.levels {
					if l == 0 && !full {
						continue
					}
					col := make([]float64, len(keep))
					for j, r := range keep {
						if v.codes[r] == l {
							col[j] = 1
						}
					}
					p.names = append(p.names, label+"="+lev)
					p.cols = append(p.cols, col)
				}
			case v.mat != nil:
				for m, mc := range v.mat {
					p.names = append(p.names, label+strconv.Itoa(m+1))
					p.cols = append(p.cols, gather(mc, keep))
				}
			default:
				p.names = []string{label}
				p.cols = [][]float64{gather(v.num, keep)}
			}
			parts[k] = p
		}
		// The first variable varies fastest, as R's model.matrix.
		names := []string{""}
		cols := [][]float64{nil}
		for k, p := range parts {
			var nn []string
			var nc [][]float64
			for j := range p.names {
				for i := range names {
					name := p.names[j]
					if k > 0 {
						name = names[i] + ":" + name
					}
					col := slices.Clone(p.cols[j])
					if cols[i] != nil {
						for r := range col {
							col[r] *= cols[i][r]
						}
					}
					nn = append(nn, name)
					nc = append(nc, col)
				}
			}
			names, cols = nn, nc
		}
		for i := range names {
			d.Names = append(d.Names, names[i])
			d.Term = append(d.Term, ti)
			data = append(data, cols[i])
		}
	}
	p := len(data)
	x := make([]float64, len(keep)*p)
	for j, col := range data {
		for i, v := range col {
			x[i*p+j] = v
		}
	}
	d.X = linalg.NewDense(len(keep), p, x)
	if learn {
		c.Names = slices.Clone(d.Names)
	} else if !slices.Equal(c.Names, d.Names) {
		return nil, fmt.Errorf("dataset: coding of %s gives columns %q, not its %q: %w", fm.Source, d.Names, c.Names, ErrEncoding)
	}
	return d, nil
}

// marginPresent reports whether term ti without variable vi is in the model
// (always for a main effect), when R's terms() codes vi by contrasts.
func marginPresent(t *Terms, ti, vi int) bool {
	m := slices.DeleteFunc(slices.Clone(t.Terms[ti]), func(v int) bool { return v == vi })
	if len(m) == 0 {
		return true
	}
	for _, o := range t.Terms[:ti] {
		if slices.Equal(o, m) {
			return true
		}
	}
	return false
}

func gather(v []float64, rows []int) []float64 {
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = v[r]
	}
	return out
}

// response codes the response as 0/1; with fixed, a factor's levels are
// those of training (v.levels), which need not all be present.
func response(v *value, keep []int, f *Frame, src, label string, fixed, props bool) ([]float64, [2]string, error) {
	y := make([]float64, len(keep))
	levels := [2]string{"0", "1"}
	switch {
	case v.codes != nil && fixed:
		if len(v.levels) != 2 {
			return nil, levels, fmt.Errorf("%s: response %s has %d levels, want 2: %w", src, label, len(v.levels), ErrTarget)
		}
		levels = [2]string{v.levels[0], v.levels[1]}
		for i, r := range keep {
			if v.codes[r] == 1 {
				y[i] = 1
			}
		}
	case v.codes != nil:
		used := map[int]bool{}
		for _, r := range keep {
			used[v.codes[r]] = true
		}
		if len(used) != 2 {
			return nil, levels, fmt.Errorf("%s: response %s has %d levels, want 2: %w", src, label, len(used), ErrTarget)
		}
		var codes []int
		for c := range used {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		levels = [2]string{v.levels[codes[0]], v.levels[codes[1]]}
		for i, r := range keep {
			if v.codes[r] == codes[1] {
				y[i] = 1
			}
		}
	case v.mat != nil:
		return nil, levels, fmt.Errorf("%s: response %s is a matrix: %w", src, label, ErrTarget)
	default:
		for i, r := range keep {
			if x := v.num[r]; x != 0 && x != 1 && !(props && x >= 0 && x <= 1) {
				return nil, levels, fmt.Errorf("%s: line %d: response %s is %v, want 0 or 1: %w", src, f.Rows[r], label, x, ErrTarget)
			}
			y[i] = v.num[r]
		}
	}
	return y, levels, nil
}

// evaluator evaluates expressions on the rows of a frame.
type evaluator struct{ f *Frame }

func (e *evaluator) column(n *node) (*Column, error) {
	c := e.f.Column(n.name)
	if c == nil {
		return nil, ferr(n.pos, "no column %q in the data", n.name)
	}
	return c, nil
}

// variable evaluates the variable n, learning its state into vc or using it.
func (e *evaluator) variable(n *node, vc *VarCoding, learn bool) (*value, error) {
	if n.op == "name" {
		c, err := e.column(n)
		if err != nil {
			return nil, err
		}
		if c.Kind == Categorical {
			return &value{codes: slices.Clone(c.Codes), levels: c.Levels}, nil
		}
		return &value{num: c.Values}, nil
	}
	if l := logical(n); l != nil {
		n = &node{op: "call", name: "factor", args: []*node{l}, pos: n.pos}
	}
	if n.op == "call" && n.name == "factor" {
		a := n.args[0]
		if l := logical(a); l != nil {
			a = l
			l, err := e.num(a.args[0])
			if err != nil {
				return nil, err
			}
			r, err := e.num(a.args[1])
			if err != nil {
				return nil, err
			}
			codes := make([]int, len(l))
			for i := range l {
				if math.IsNaN(l[i]) || math.IsNaN(r[i]) {
					codes[i] = -1
				} else if compare(a.op, l[i], r[i]) {
					codes[i] = 1
				}
			}
			return &value{codes: codes, levels: []string{"FALSE", "TRUE"}}, nil
		}
		if a.op == "name" {
			c, err := e.column(a)
			if err != nil {
				return nil, err
			}
			if c.Kind == Categorical {
				return &value{codes: slices.Clone(c.Codes), levels: c.Levels}, nil
			}
		}
		x, err := e.num(a)
		if err != nil {
			return nil, err
		}
		var distinct []float64
		for _, v := range x {
			if !math.IsNaN(v) {
				distinct = append(distinct, v)
			}
		}
		sort.Float64s(distinct)
		distinct = slices.Compact(distinct)
		levels := make([]string, len(distinct))
		for i, v := range distinct {
			levels[i] = formatLevel(v)
		}
		codes := make([]int, len(x))
		for i, v := range x {
			if math.IsNaN(v) {
				codes[i] = -1
			} else {
				codes[i], _ = slices.BinarySearch(distinct, v)
			}
		}
		return &value{codes: codes, levels: levels}, nil
	}
	if n.op == "call" && n.name == "poly" {
		d, raw, _ := polyArgs(n)
		x, err := e.num(n.args[0])
		if err != nil {
			return nil, err
		}
		if raw {
			mat := make([][]float64, d)
			for k := range d {
				mat[k] = make([]float64, len(x))
				for i, v := range x {
					mat[k][i] = math.Pow(v, float64(k+1))
				}
			}
			return &value{mat: mat}, nil
		}
		if learn {
			for i, v := range x {
				if math.IsNaN(v) {
					return nil, fmt.Errorf("%s: line %d: missing value in %s (R's poly allows none)", deparse(n), e.f.Rows[i], deparse(n.args[0]))
				}
			}
			alpha, norm2, err := polyCoefs(x, d)
			if err != nil {
				return nil, ferr(n.pos, "%s: %v", deparse(n), err)
			}
			vc.Alpha, vc.Norm2 = alpha, norm2
		}
		if len(vc.Alpha) != d || len(vc.Norm2) != d+2 {
			return nil, fmt.Errorf("dataset: poly coefficients of %s: %w", deparse(n), ErrEncoding)
		}
		return &value{mat: polyPredict(x, vc.Alpha, vc.Norm2)}, nil
	}
	x, err := e.num(n)
	if err != nil {
		return nil, err
	}
	return &value{num: x}, nil
}

func compare(op string, a, b float64) bool {
	switch op {
	case ">":
		return a > b
	case "<":
		return a < b
	case ">=":
		return a >= b
	case "<=":
		return a <= b
	case "==":
		return a == b
	}
	return a != b
}

// num evaluates arithmetic on every row, NaN where an input is missing.
func (e *evaluator) num(n *node) ([]float64, error) {
	rows := len(e.f.Rows)
	switch n.op {
	case "name":
		c, err := e.column(n)
		if err != nil {
			return nil, err
		}
		if c.Kind != Numeric {
			return nil, ferr(n.pos, "column %q is text, not a number", n.name)
		}
		return c.Values, nil
	case "num":
		out := make([]float64, rows)
		for i := range out {
			out[i] = n.num
		}
		return out, nil
	case "paren":
		return e.num(n.args[0])
	case "neg":
		a, err := e.num(n.args[0])
		if err != nil {
			return nil, err
		}
		out := make([]float64, rows)
		for i, v := range a {
			out[i] = -v
		}
		return out, nil
	case "call":
		a, err := e.num(n.args[0])
		if err != nil {
			return nil, err
		}
		fn := map[string]func(float64) float64{
			"log": math.Log, "log2": math.Log2, "log10": math.Log10, "exp": math.Exp,
			"sqrt": math.Sqrt, "abs": math.Abs, "I": func(v float64) float64 { return v },
		}[n.name]
		if fn == nil {
			return nil, ferr(n.pos, "unknown function %q", n.name)
		}
		out := make([]float64, rows)
		for i, v := range a {
			out[i] = fn(v)
		}
		return out, nil
	case "+", "-", "*", "/", "^":
		a, err := e.num(n.args[0])
		if err != nil {
			return nil, err
		}
		b, err := e.num(n.args[1])
		if err != nil {
			return nil, err
		}
		out := make([]float64, rows)
		for i := range out {
			x, y := a[i], b[i]
			switch n.op {
			case "+":
				out[i] = x + y
			case "-":
				out[i] = x - y
			case "*":
				out[i] = x * y
			case "/":
				out[i] = x / y
			default:
				out[i] = math.Pow(x, y)
			}
		}
		return out, nil
	}
	return nil, ferr(n.pos, "operator %q is not arithmetic", n.op)
}

// polyCoefs returns R's poly() coefficients of x for degree d: alpha (d
// values) and norm2 (d+2 values, starting 1, n), by the three-term
// recurrence of the orthogonal polynomials on the points x (Stieltjes).
func polyCoefs(x []float64, d int) (alpha, norm2 []float64, err error) {
	n := len(x)
	distinct := slices.Compact(slices.Sorted(slices.Values(x)))
	if d >= len(distinct) {
		return nil, nil, fmt.Errorf("degree %d must be less than the number of distinct points %d", d, len(distinct))
	}
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(n)
	xc := make([]float64, n)
	for i, v := range x {
		xc[i] = v - mean
	}
	prev := make([]float64, n)
	cur := make([]float64, n)
	for i := range cur {
		cur[i] = 1
	}
	norm2 = []float64{1, float64(n)}
	alpha = make([]float64, d)
	for k := range d {
		s := 0.0
		for i, v := range xc {
			s += v * cur[i] * cur[i]
		}
		a := s / norm2[k+1]
		alpha[k] = a + mean
		ratio := norm2[k+1] / norm2[k]
		nxt := make([]float64, n)
		for i, v := range xc {
			nxt[i] = (v-a)*cur[i] - ratio*prev[i]
			if k == 0 {
				nxt[i] = (v - a) * cur[i]
			}
		}
		ss := 0.0
		for _, v := range nxt {
			ss += v * v
		}
		norm2 = append(norm2, ss)
		prev, cur = cur, nxt
	}
	return alpha, norm2, nil
}

// polyPredict evaluates the orthogonal polynomials of degree 1..d at x, as
// R's predict for poly(): the recurrence with the stored alpha and norm2,
// each column divided by the square root of its norm.
func polyPredict(x, alpha, norm2 []float64) [][]float64 {
	d := len(alpha)
	n := len(x)
	z := make([][]float64, d+1)
	z[0] = make([]float64, n)
	for i := range z[0] {
		z[0][i] = 1
	}
	z[1] = make([]float64, n)
	for i, v := range x {
		z[1][i] = v - alpha[0]
	}
	for k := 2; k <= d; k++ {
		z[k] = make([]float64, n)
		r := norm2[k] / norm2[k-1]
		for i, v := range x {
			z[k][i] = (v-alpha[k-1])*z[k-1][i] - r*z[k-2][i]
		}
	}
	for k := 1; k <= d; k++ {
		s := math.Sqrt(norm2[k+1])
		for i := range z[k] {
			z[k][i] /= s
		}
	}
	return z[1:]
}
