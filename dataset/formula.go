package dataset

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// FormulaError is a malformed model formula: Column is the 1-based byte
// offset in the formula text where the problem is. It prints as
// "formula:1:COLUMN: message".
type FormulaError struct {
	Column int    // 1-based byte offset in the formula
	Msg    string // what is wrong there
}

// Error returns "formula:1:COLUMN: message".
func (e *FormulaError) Error() string {
	return fmt.Sprintf("formula:1:%d: %s", e.Column, e.Msg)
}

// ferr returns a *FormulaError at the 0-based offset pos.
func ferr(pos int, format string, a ...any) error {
	return &FormulaError{Column: pos + 1, Msg: fmt.Sprintf(format, a...)}
}

// node is a parsed expression. op is "name", "num", "call", "dot", "paren",
// "neg", "arg" (a named argument, name = args[0]) or a binary operator.
type node struct {
	op   string
	name string
	num  float64
	args []*node
	pos  int
}

// token kinds.
const (
	tkEOF = iota
	tkName
	tkNum
	tkOp
)

type token struct {
	kind int
	text string
	pos  int
}

// lex splits a formula into tokens.
func lex(s string) ([]token, error) {
	var out []token
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isNameStart(c) && !(c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9'):
			j := i + 1
			for j < len(s) && (isNameStart(s[j]) || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			if j == i+1 && c == '.' {
				out = append(out, token{tkOp, ".", i})
			} else {
				out = append(out, token{tkName, s[i:j], i})
			}
			i = j
		case c == '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return nil, ferr(i, "unterminated backquoted name")
			}
			if j == 0 {
				return nil, ferr(i, "empty backquoted name")
			}
			out = append(out, token{tkName, s[i+1 : i+1+j], i})
			i += j + 2
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
				k := j + 1
				if k < len(s) && (s[k] == '+' || s[k] == '-') {
					k++
				}
				if k < len(s) && s[k] >= '0' && s[k] <= '9' {
					for k < len(s) && s[k] >= '0' && s[k] <= '9' {
						k++
					}
					j = k
				}
			}
			out = append(out, token{tkNum, s[i:j], i})
			i = j
		case c == '.':
			out = append(out, token{tkOp, ".", i})
			i++
		case strings.IndexByte("+-*/^:~(),", c) >= 0:
			out = append(out, token{tkOp, s[i : i+1], i})
			i++
		case c == '>' || c == '<' || c == '=' || c == '!':
			if i+1 < len(s) && s[i+1] == '=' {
				out = append(out, token{tkOp, s[i : i+2], i})
				i += 2
			} else if c == '!' {
				return nil, ferr(i, "unexpected %q", "!")
			} else {
				out = append(out, token{tkOp, s[i : i+1], i})
				i++
			}
		default:
			return nil, ferr(i, "unexpected character %q", string(rune(c)))
		}
	}
	out = append(out, token{tkEOF, "", len(s)})
	return out, nil
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '.' || c >= 0x80
}

// fparser is a recursive-descent parser with R's operator precedence, from
// lowest: ~, comparisons, + -, * /, :, unary minus, ^.
type fparser struct {
	toks  []token
	i     int
	depth int
}

func (p *fparser) peek() token { return p.toks[p.i] }

func (p *fparser) next() token {
	t := p.toks[p.i]
	if t.kind != tkEOF {
		p.i++
	}
	return t
}

func (p *fparser) isOp(s ...string) bool {
	t := p.peek()
	return t.kind == tkOp && slices.Contains(s, t.text)
}

// maxDepth bounds the nesting of a formula, so that a hostile one cannot
// exhaust the stack.
const maxDepth = 200

func (p *fparser) expr() (*node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, ferr(p.peek().pos, "formula nested too deeply")
	}
	return p.compare()
}

func (p *fparser) binary(sub func() (*node, error), ops ...string) (*node, error) {
	l, err := sub()
	if err != nil {
		return nil, err
	}
	for p.isOp(ops...) {
		t := p.next()
		r, err := sub()
		if err != nil {
			return nil, err
		}
		l = &node{op: t.text, args: []*node{l, r}, pos: t.pos}
	}
	return l, nil
}

func (p *fparser) compare() (*node, error) {
	return p.binary(p.sum, ">", "<", ">=", "<=", "==", "!=")
}
func (p *fparser) sum() (*node, error)  { return p.binary(p.prod, "+", "-") }
func (p *fparser) prod() (*node, error) { return p.binary(p.colon, "*", "/") }
func (p *fparser) colon() (*node, error) {
	return p.binary(p.unary, ":")
}

func (p *fparser) unary() (*node, error) {
	if p.isOp("-", "+") {
		t := p.next()
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxDepth {
			return nil, ferr(t.pos, "formula nested too deeply")
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if t.text == "+" {
			return x, nil
		}
		return &node{op: "neg", args: []*node{x}, pos: t.pos}, nil
	}
	return p.power()
}

func (p *fparser) power() (*node, error) {
	b, err := p.atom()
	if err != nil {
		return nil, err
	}
	if p.isOp("^") {
		t := p.next()
		e, err := p.unary() // right associative, binds a unary minus
		if err != nil {
			return nil, err
		}
		return &node{op: "^", args: []*node{b, e}, pos: t.pos}, nil
	}
	return b, nil
}

func (p *fparser) atom() (*node, error) {
	t := p.next()
	switch {
	case t.kind == tkNum:
		v, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, ferr(t.pos, "bad number %q", t.text)
		}
		return &node{op: "num", num: v, name: t.text, pos: t.pos}, nil
	case t.kind == tkName:
		if !p.isOp("(") {
			return &node{op: "name", name: t.text, pos: t.pos}, nil
		}
		p.next()
		n := &node{op: "call", name: t.text, pos: t.pos}
		if p.isOp(")") {
			p.next()
			return n, nil
		}
		for {
			var a *node
			if p.peek().kind == tkName && p.toks[p.i+1].kind == tkOp && p.toks[p.i+1].text == "=" {
				nt := p.next()
				p.next()
				v, err := p.expr()
				if err != nil {
					return nil, err
				}
				a = &node{op: "arg", name: nt.text, args: []*node{v}, pos: nt.pos}
			} else {
				v, err := p.expr()
				if err != nil {
					return nil, err
				}
				a = v
			}
			n.args = append(n.args, a)
			if p.isOp(",") {
				p.next()
				continue
			}
			if !p.isOp(")") {
				return nil, p.unexpected("\")\" or \",\"")
			}
			p.next()
			return n, nil
		}
	case t.kind == tkOp && t.text == ".":
		return &node{op: "dot", pos: t.pos}, nil
	case t.kind == tkOp && t.text == "(":
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if !p.isOp(")") {
			return nil, p.unexpected("\")\"")
		}
		p.next()
		return &node{op: "paren", args: []*node{x}, pos: t.pos}, nil
	}
	p.i--
	if t.kind == tkEOF {
		p.i++
	}
	return nil, p.unexpected("a variable")
}

func (p *fparser) unexpected(want string) error {
	t := p.peek()
	if t.kind == tkEOF {
		return ferr(t.pos, "unexpected end of formula, want %s", want)
	}
	return ferr(t.pos, "unexpected %q, want %s", t.text, want)
}

// deparse writes n as R's deparse does: spaces around + - * and the
// comparisons, none around / ^ and :.
func deparse(n *node) string {
	var b strings.Builder
	deparseTo(&b, n)
	return b.String()
}

func deparseTo(b *strings.Builder, n *node) {
	switch n.op {
	case "name":
		b.WriteString(n.name)
	case "num":
		b.WriteString(formatLevel(n.num))
	case "dot":
		b.WriteString(".")
	case "paren":
		b.WriteString("(")
		deparseTo(b, n.args[0])
		b.WriteString(")")
	case "neg":
		b.WriteString("-")
		deparseTo(b, n.args[0])
	case "arg":
		b.WriteString(n.name)
		b.WriteString(" = ")
		deparseTo(b, n.args[0])
	case "call":
		b.WriteString(n.name)
		b.WriteString("(")
		for i, a := range n.args {
			if i > 0 {
				b.WriteString(", ")
			}
			deparseTo(b, a)
		}
		b.WriteString(")")
	case "/", "^", ":":
		deparseTo(b, n.args[0])
		b.WriteString(n.op)
		deparseTo(b, n.args[1])
	default:
		deparseTo(b, n.args[0])
		b.WriteString(" " + n.op + " ")
		deparseTo(b, n.args[1])
	}
}

// formatLevel formats a number as R's as.character does for the usual
// values: the shortest text of up to 15 significant digits.
func formatLevel(v float64) string {
	s := strconv.FormatFloat(v, 'g', 15, 64)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		short := strconv.FormatFloat(f, 'g', -1, 64)
		if len(short) < len(s) {
			s = short
		}
	}
	if strings.Contains(s, "e") {
		// R writes 1e+05 and 1e-04: at least two exponent digits.
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[0]
		digits := exp[1:]
		if len(digits) < 2 {
			digits = "0" + digits
		}
		s = mant + "e" + string(sign) + digits
	}
	return s
}

// Formula is a parsed model formula of R's syntax, "y ~ a + b". Its terms
// are expanded by [Formula.Terms] once the data's columns are known, since
// "." stands for them.
type Formula struct {
	// Source is the formula's text.
	Source string
	lhs    *node
	rhs    *node
}

// ParseFormula parses a model formula: a response, "~", and terms joined by
// + (add), - (remove), : (interaction), * (a*b = a + b + a:b) and ^
// ((a + b + c)^2: every interaction up to order 2), with "." for every
// column but the response, "1"/"0" and "- 1" for the intercept, and as
// variables column names (`backquoted` if need be), log, log2, log10,
// exp, sqrt, abs and I() of arithmetic with + - * / ^, factor(x),
// factor(comparison), poly(x, d), poly(x, d, raw = TRUE) and offset(expr).
//
// It returns a [*FormulaError] with the position of the first problem.
func ParseFormula(s string) (*Formula, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &fparser{toks: toks}
	if p.isOp("~") {
		return nil, ferr(p.peek().pos, "formula has no response before \"~\"")
	}
	lhs, err := p.expr()
	if err != nil {
		return nil, err
	}
	if !p.isOp("~") {
		return nil, p.unexpected("\"~\"")
	}
	p.next()
	rhs, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tkEOF {
		return nil, ferr(t.pos, "unexpected %q after the formula", t.text)
	}
	f := &Formula{Source: s, lhs: lhs, rhs: rhs}
	if err := checkVariable(lhs); err != nil {
		return nil, err
	}
	if lhs.op == "call" && lhs.name == "offset" {
		return nil, ferr(lhs.pos, "the response cannot be an offset")
	}
	if _, err := f.Terms(nil); err != nil {
		if fe, ok := err.(*FormulaError); !ok || fe.Msg != errDotNoColumns {
			return nil, err
		}
	}
	return f, nil
}

const errDotNoColumns = "\".\" needs the data's columns"

// Terms is the expanded right-hand side of a [Formula].
type Terms struct {
	// Response is the label of the response, "low".
	Response string
	// Variables lists the labels of the variables in order of first
	// appearance, the response first: "race", "log(lwt)", "poly(age, 2)".
	Variables []string
	// Terms lists each term as indices into Variables, in increasing order,
	// the terms sorted by degree (number of variables) and then by first
	// appearance, as R's terms().
	Terms [][]int
	// Labels holds each term's label, its variables joined by ":".
	Labels []string
	// Intercept is true unless the formula removes it.
	Intercept bool
	// Offsets holds the expressions of offset() terms, deparsed.
	Offsets []string

	exprs   []*node // the expression of each variable
	offsets []*node
}

// termSet is the value of a right-hand side during expansion.
type termSet struct {
	terms     [][]int
	intercept int // +1 present, -1 removed, 0 not said
}

// Terms expands the formula's right-hand side. columns holds the data's
// column names, which "." stands for (all but the response's); it may be
// nil when the formula has no ".".
//
// Terms returns a [*FormulaError] for a term it cannot expand.
func (f *Formula) Terms(columns []string) (*Terms, error) {
	t := &Terms{Response: deparse(f.lhs)}
	t.Variables = []string{t.Response}
	t.exprs = []*node{f.lhs}
	respVars := map[string]bool{}
	collectNames(f.lhs, respVars)
	e := &expander{t: t, columns: columns, resp: respVars}
	ts, err := e.expand(f.rhs)
	if err != nil {
		return nil, err
	}
	t.Intercept = ts.intercept >= 0
	var terms [][]int
	for _, tm := range ts.terms {
		// R drops the response when it appears as a term of its own, with
		// a warning; here it is an error, at the term.
		if slices.Equal(tm, []int{0}) {
			pos := f.lhs.pos
			if n := findTerm(f.rhs, t.Response); n != nil {
				pos = n.pos
			}
			return nil, ferr(pos, "the response %s is also a term on the right of \"~\"", t.Response)
		}
		if len(tm) > 0 {
			terms = append(terms, tm)
		}
	}
	slices.SortStableFunc(terms, func(a, b []int) int { return len(a) - len(b) })
	t.Terms = terms
	for _, tm := range terms {
		parts := make([]string, len(tm))
		for i, v := range tm {
			parts[i] = t.Variables[v]
		}
		t.Labels = append(t.Labels, strings.Join(parts, ":"))
	}
	return t, nil
}

// findTerm returns the first node below n, in the formula's order, whose
// text is label, or nil.
func findTerm(n *node, label string) *node {
	if deparse(n) == label {
		return n
	}
	for _, a := range n.args {
		if m := findTerm(a, label); m != nil {
			return m
		}
	}
	return nil
}

func collectNames(n *node, m map[string]bool) {
	if n.op == "name" {
		m[n.name] = true
	}
	for _, a := range n.args {
		collectNames(a, m)
	}
}

type expander struct {
	t       *Terms
	columns []string
	resp    map[string]bool
}

// variable returns the index of the variable of expression n, adding it.
func (e *expander) variable(n *node) (int, error) {
	if err := checkVariable(n); err != nil {
		return 0, err
	}
	label := deparse(n)
	if i := slices.Index(e.t.Variables, label); i >= 0 {
		return i, nil
	}
	e.t.Variables = append(e.t.Variables, label)
	e.t.exprs = append(e.t.exprs, n)
	return len(e.t.Variables) - 1, nil
}

func union(a, b []int) []int {
	out := slices.Clone(a)
	for _, v := range b {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// maxTerms bounds the terms of a formula, so that a formula such as
// (a + b + … + z)^10 is refused instead of exhausting memory.
const maxTerms = 4096

func addTerms(dst [][]int, src ...[]int) [][]int {
	for _, t := range src {
		if len(dst) > maxTerms {
			return dst
		}
		if !slices.ContainsFunc(dst, func(d []int) bool { return slices.Equal(d, t) }) {
			dst = append(dst, t)
		}
	}
	return dst
}

func interact(a, b termSet) termSet {
	var out [][]int
	for _, x := range a.terms {
		for _, y := range b.terms {
			out = addTerms(out, union(x, y))
		}
	}
	return termSet{terms: out}
}

func (e *expander) expand(n *node) (termSet, error) {
	ts, err := e.expandOp(n)
	if err == nil && len(ts.terms) > maxTerms {
		return termSet{}, ferr(n.pos, "formula has more than %d terms", maxTerms)
	}
	return ts, err
}

func (e *expander) expandOp(n *node) (termSet, error) {
	switch n.op {
	case "paren":
		return e.expand(n.args[0])
	case "num":
		switch n.num {
		case 1:
			return termSet{intercept: 1}, nil
		case 0:
			return termSet{intercept: -1}, nil
		}
		return termSet{}, ferr(n.pos, "number %s is not a term (only 0 or 1)", n.name)
	case "dot":
		if e.columns == nil {
			return termSet{}, ferr(n.pos, errDotNoColumns)
		}
		var ts termSet
		for _, c := range e.columns {
			if e.resp[c] {
				continue
			}
			v, err := e.variable(&node{op: "name", name: c, pos: n.pos})
			if err != nil {
				return termSet{}, err
			}
			ts.terms = addTerms(ts.terms, []int{v})
		}
		return ts, nil
	case "name", ">", "<", ">=", "<=", "==", "!=":
		v, err := e.variable(n)
		if err != nil {
			return termSet{}, err
		}
		return termSet{terms: [][]int{{v}}}, nil
	case "call":
		if n.name == "offset" {
			if len(n.args) != 1 || n.args[0].op == "arg" {
				return termSet{}, ferr(n.pos, "offset takes one argument")
			}
			if err := checkNumeric(n.args[0]); err != nil {
				return termSet{}, err
			}
			if _, err := e.variable(n); err != nil {
				return termSet{}, err
			}
			e.t.Offsets = append(e.t.Offsets, deparse(n.args[0]))
			e.t.offsets = append(e.t.offsets, n.args[0])
			return termSet{}, nil
		}
		v, err := e.variable(n)
		if err != nil {
			return termSet{}, err
		}
		return termSet{terms: [][]int{{v}}}, nil
	case "+":
		a, err := e.expand(n.args[0])
		if err != nil {
			return termSet{}, err
		}
		b, err := e.expand(n.args[1])
		if err != nil {
			return termSet{}, err
		}
		a.terms = addTerms(a.terms, b.terms...)
		if b.intercept != 0 {
			a.intercept = b.intercept
		}
		return a, nil
	case "-":
		a, err := e.expand(n.args[0])
		if err != nil {
			return termSet{}, err
		}
		b, err := e.expand(n.args[1])
		if err != nil {
			return termSet{}, err
		}
		a.terms = slices.DeleteFunc(a.terms, func(t []int) bool {
			return slices.ContainsFunc(b.terms, func(d []int) bool { return slices.Equal(d, t) })
		})
		if b.intercept != 0 {
			a.intercept = -b.intercept
		}
		return a, nil
	case "neg":
		b, err := e.expand(n.args[0])
		if err != nil {
			return termSet{}, err
		}
		if len(b.terms) > 0 || b.intercept == 0 {
			return termSet{}, ferr(n.pos, "a formula cannot start with \"-\" a term")
		}
		return termSet{intercept: -b.intercept}, nil
	case ":", "*":
		a, err := e.expand(n.args[0])
		if err != nil {
			return termSet{}, err
		}
		b, err := e.expand(n.args[1])
		if err != nil {
			return termSet{}, err
		}
		ab := interact(a, b)
		if n.op == ":" {
			return ab, nil
		}
		a.terms = addTerms(a.terms, b.terms...)
		a.terms = addTerms(a.terms, ab.terms...)
		if b.intercept != 0 {
			a.intercept = b.intercept
		}
		return a, nil
	case "^":
		a, err := e.expand(n.args[0])
		if err != nil {
			return termSet{}, err
		}
		d := n.args[1]
		if d.op != "num" || d.num != float64(int(d.num)) || d.num < 1 || d.num > 10 {
			return termSet{}, ferr(d.pos, "the power of a term must be an integer from 1 to 10")
		}
		out := termSet{terms: slices.Clone(a.terms)}
		for range int(d.num) - 1 {
			out.terms = addTerms(out.terms, interact(out, a).terms...)
		}
		return out, nil
	}
	return termSet{}, ferr(n.pos, "operator %q is not supported between terms (use I())", n.op)
}

// numericFuncs are the functions of one number a formula may apply.
var numericFuncs = map[string]bool{"log": true, "log2": true, "log10": true, "exp": true, "sqrt": true, "abs": true, "I": true}

// checkVariable checks that n is an expression of one variable: a name, a
// numeric function, factor(), poly(), or a comparison (a logical variable,
// bare or in I()).
func checkVariable(n *node) error {
	if l := logical(n); l != nil {
		if err := checkNumeric(l.args[0]); err != nil {
			return err
		}
		return checkNumeric(l.args[1])
	}
	switch n.op {
	case "name":
		return nil
	case "call":
		switch n.name {
		case "factor":
			if len(n.args) != 1 || n.args[0].op == "arg" {
				return ferr(n.pos, "factor takes one argument")
			}
			a := n.args[0]
			if isComparison(a) {
				if err := checkNumeric(a.args[0]); err != nil {
					return err
				}
				return checkNumeric(a.args[1])
			}
			return checkNumeric(a)
		case "poly":
			_, _, err := polyArgs(n)
			return err
		case "offset":
			return nil
		}
		return checkNumeric(n)
	}
	return ferr(n.pos, "%q is not a variable (use I() for arithmetic)", deparse(n))
}

// logical returns the comparison of a logical variable, "npreg > 0" or
// "I(npreg > 0)", and nil for any other expression. R codes a logical
// variable as a factor of levels FALSE and TRUE.
func logical(n *node) *node {
	if n.op == "call" && n.name == "I" && len(n.args) == 1 {
		n = n.args[0]
	}
	for n.op == "paren" {
		n = n.args[0]
	}
	if isComparison(n) {
		return n
	}
	return nil
}

func isComparison(n *node) bool {
	switch n.op {
	case ">", "<", ">=", "<=", "==", "!=":
		return true
	}
	return false
}

// checkNumeric checks that n is arithmetic of numbers and columns.
func checkNumeric(n *node) error {
	switch n.op {
	case "name", "num":
		return nil
	case "paren", "neg":
		return checkNumeric(n.args[0])
	case "+", "-", "*", "/", "^":
		if err := checkNumeric(n.args[0]); err != nil {
			return err
		}
		return checkNumeric(n.args[1])
	case "call":
		if !numericFuncs[n.name] {
			return ferr(n.pos, "unknown function %q", n.name)
		}
		if len(n.args) != 1 || n.args[0].op == "arg" {
			return ferr(n.pos, "%s takes one argument", n.name)
		}
		return checkNumeric(n.args[0])
	case "dot":
		return ferr(n.pos, "\".\" inside a function")
	}
	return ferr(n.pos, "operator %q is not arithmetic", n.op)
}

// polyArgs returns poly's degree and raw flag.
func polyArgs(n *node) (degree int, raw bool, err error) {
	if len(n.args) < 2 || len(n.args) > 3 || n.args[0].op == "arg" {
		return 0, false, ferr(n.pos, "poly takes a variable, a degree and raw = TRUE or FALSE")
	}
	if err := checkNumeric(n.args[0]); err != nil {
		return 0, false, err
	}
	d := n.args[1]
	if d.op == "arg" && d.name == "degree" {
		d = d.args[0]
	}
	if d.op != "num" || d.num != float64(int(d.num)) || d.num < 1 || d.num > 20 {
		return 0, false, ferr(d.pos, "the degree of poly must be an integer from 1 to 20")
	}
	if len(n.args) == 3 {
		r := n.args[2]
		if r.op != "arg" || r.name != "raw" || r.args[0].op != "name" ||
			r.args[0].name != "TRUE" && r.args[0].name != "FALSE" && r.args[0].name != "T" && r.args[0].name != "F" {
			return 0, false, ferr(r.pos, "the third argument of poly must be raw = TRUE or raw = FALSE")
		}
		raw = r.args[0].name[0] == 'T'
	}
	return int(d.num), raw, nil
}
