package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// sqlFlags are fit's flags for a fit inside an SQL engine.
type sqlFlags struct {
	cmd, table, dialect string
}

// check validates the SQL flags against fit's others.
func (s *sqlFlags) check(o *dataFlags, firth, stream bool, family, vcov, cluster string) error {
	switch {
	case s.cmd == "":
		if s.table != "" || s.dialect != "postgres" {
			return usagef("fit", "-sql-table and -sql-dialect need -sql-cmd")
		}
		return nil
	case s.table == "":
		return usagef("fit", "-sql-cmd needs -sql-table")
	case s.dialect != "postgres" && s.dialect != "sqlite":
		return usagef("fit", "-sql-dialect must be postgres or sqlite, not %q", s.dialect)
	case !o.featuresSet:
		return usagef("fit", "-sql-cmd needs -features (the columns of the table are not read)")
	case firth || stream || family != "binomial" || o.positive != "" || vcov != "model" || cluster != "":
		return usagef("fit", "-sql-cmd fits the binomial model, with -l2 or none, and the model-based covariance: no -firth, -stream, -family multinomial, -positive, -vcov or -cluster")
	}
	return nil
}

// sqlEngine runs queries through an engine's command-line client: each
// query is written to the standard input of cmd (run by /bin/sh -c) and
// its CSV output read back.
type sqlEngine struct {
	cmd     string
	dialect string // postgres or sqlite
	queries int
	reads   int // queries that return the rows themselves
	// maxOutput, when positive, replaces maxQueryOutput.
	maxOutput int
}

// ident quotes a column or table name as an SQL identifier.
func ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// strLit quotes a text as an SQL string literal.
func strLit(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// lit writes a coefficient exactly in the engine's dialect. SQLite's
// conversion of decimal text is not always correctly rounded (3.40 reads
// 0.001818090519150818 one unit in the last place off), so there a
// coefficient is written as an integer of at most 53 bits, which it reads
// exactly, scaled by powers of two, which are exact.
func (e *sqlEngine) lit(v float64) string {
	if e.dialect != "sqlite" || v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return numLit(v)
	}
	frac, exp := math.Frexp(v) // v = frac·2^exp, ½ ≤ |frac| < 1
	m := int64(frac * (1 << 53))
	shift := 53 - exp // v = m·2^−shift
	for m%2 == 0 {
		m, shift = m/2, shift-1
	}
	var b strings.Builder
	fmt.Fprintf(&b, "(CAST(%d AS REAL)", m)
	for ; shift > 0; shift -= min(shift, 62) {
		fmt.Fprintf(&b, "/%d", int64(1)<<min(shift, 62))
	}
	for ; shift < 0; shift += min(-shift, 62) {
		fmt.Fprintf(&b, "*%d", int64(1)<<min(-shift, 62))
	}
	b.WriteString(")")
	return b.String()
}

// numLit writes a coefficient exactly, as an SQL numeric literal, which an
// engine with correctly rounded conversions reads back exactly.
func numLit(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return "(" + s + ")"
}

// num casts an expression to the engine's double.
func (e *sqlEngine) num(expr string) string {
	if e.dialect == "sqlite" {
		return "CAST(" + expr + " AS REAL)"
	}
	return "CAST(" + expr + " AS DOUBLE PRECISION)"
}

// out formats a selected number so that its double is read back exactly:
// sqlite3 prints 15 digits unless asked for 17.
func (e *sqlEngine) out(expr string) string {
	if e.dialect == "sqlite" {
		return "printf('%!.17g', " + expr + ")"
	}
	return expr
}

// query runs q and returns the lines of its output. An engine that fails,
// or writes anything on its standard error, fails the query with its own
// message.
func (e *sqlEngine) query(q string) ([]string, error) {
	e.queries++
	c := exec.Command("/bin/sh", "-c", e.cmd)
	c.Stdin = strings.NewReader(q + ";\n")
	stdout, stderr := cappedBuffer{max: e.outputLimit()}, cappedBuffer{max: e.outputLimit()}
	c.Stdout, c.Stderr = &stdout, &stderr
	err := c.Run()
	if stdout.over || stderr.over {
		return nil, fmt.Errorf("-sql-cmd %q: the output of a query is larger than %d MiB (not the engine's answer?)", e.cmd, e.outputLimit()>>20)
	}
	msg := strings.TrimSpace(stderr.String())
	if err != nil || msg != "" {
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("-sql-cmd %q: %s", e.cmd, msg)
	}
	var lines []string
	for _, l := range strings.Split(stdout.String(), "\n") {
		if l = strings.TrimSuffix(l, "\r"); l != "" {
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// maxQueryOutput bounds what a query that returns sums, kinds or levels
// may write on standard output or standard error: more is not an engine's
// answer (a command that prints without end, such as cat /dev/zero).
const maxQueryOutput = 64 << 20

// cappedBuffer holds at most max bytes; a write past that fails, which
// closes the pipe from the command. It has no ReadFrom (the buffer is not
// embedded), so that io.Copy goes through Write.
type cappedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.buf.Len()+len(p) > b.max {
		b.over = true
		return 0, errors.New("output too large")
	}
	return b.buf.Write(p)
}

func (b *cappedBuffer) String() string { return b.buf.String() }

// outputLimit returns the bound of a query's output: maxQueryOutput, or
// maxOutput when it is set (by tests, which would otherwise hold 64 MiB).
func (e *sqlEngine) outputLimit() int {
	if e.maxOutput > 0 {
		return e.maxOutput
	}
	return maxQueryOutput
}

// probeDigits checks that the engine's output reads back as the doubles it
// computed: PostgreSQL prints 15 significant digits, not the shortest exact
// form, when extra_float_digits is below 1, which would round every sum the
// fit reads.
func (e *sqlEngine) probeDigits() error {
	want := []float64{0.1 + 0.2, 1 / 3.0, -2.0 / 3e-200}
	var sel []string
	for _, v := range want {
		sel = append(sel, e.out(e.num(e.lit(v))))
	}
	got, err := e.row("SELECT "+strings.Join(sel, ", "), len(want))
	if err != nil {
		return err
	}
	for i, v := range want {
		if got[i] != v {
			return fmt.Errorf("-sql-cmd %q: the engine prints doubles with too few digits to read them back exactly "+
				"(%v reads back as %v); with PostgreSQL, extra_float_digits must be at least 1, as by default (PGOPTIONS='-c extra_float_digits=1')",
				e.cmd, v, got[i])
		}
	}
	return nil
}

// row runs q, which returns one row of numbers, and returns them.
func (e *sqlEngine) row(q string, n int) ([]float64, error) {
	lines, err := e.query(q)
	if err != nil {
		return nil, err
	}
	if len(lines) != 1 {
		return nil, fmt.Errorf("-sql-cmd %q: %d lines of output where one row of %d numbers was expected", e.cmd, len(lines), n)
	}
	f := strings.Split(lines[0], ",")
	if len(f) != n {
		return nil, fmt.Errorf("-sql-cmd %q: %d fields where %d numbers were expected: %.200q", e.cmd, len(f), n, lines[0])
	}
	v := make([]float64, n)
	for i, s := range f {
		s = strings.Trim(strings.TrimSpace(s), `"`)
		if s == "" { // a sum over no row
			continue
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("-sql-cmd %q: field %d of the output: %q is not a number", e.cmd, i+1, s)
		}
		v[i] = x
	}
	return v, nil
}

// rowChunk is the number of rows that rows yields at a time.
const rowChunk = 4096

// rows returns the rows that q selects, p numbers of the design and then
// the response and the weight each, read as the engine's output streams:
// each call runs q again, and holds one chunk of rows in memory.
func (e *sqlEngine) rows(q string, p int) logreg.Chunks {
	return func(yield func(x *linalg.Dense, y, w []float64) error) error {
		e.queries++
		e.reads++
		c := exec.Command("/bin/sh", "-c", e.cmd)
		c.Stdin = strings.NewReader(q + ";\n")
		stderr := cappedBuffer{max: e.outputLimit()}
		c.Stderr = &stderr
		out, err := c.StdoutPipe()
		if err != nil {
			return err
		}
		if err := c.Start(); err != nil {
			return fmt.Errorf("-sql-cmd %q: %v", e.cmd, err)
		}
		xd := make([]float64, 0, rowChunk*p)
		y := make([]float64, 0, rowChunk)
		w := make([]float64, 0, rowChunk)
		flush := func() error {
			if len(y) == 0 {
				return nil
			}
			err := yield(linalg.NewDense(len(y), p, xd), y, w)
			xd, y, w = xd[:0], y[:0], w[:0]
			return err
		}
		sc := bufio.NewScanner(out)
		sc.Buffer(nil, 1<<20)
		line := 0
		var perr error
		for perr == nil && sc.Scan() {
			line++
			l := strings.TrimSuffix(sc.Text(), "\r")
			if l == "" {
				continue
			}
			f := strings.Split(l, ",")
			if len(f) != p+2 {
				perr = fmt.Errorf("-sql-cmd %q: line %d of the rows has %d fields where %d numbers were expected: %.200q", e.cmd, line, len(f), p+2, l)
				break
			}
			for i, s := range f {
				v, err := strconv.ParseFloat(strings.Trim(strings.TrimSpace(s), `"`), 64)
				if err != nil {
					perr = fmt.Errorf("-sql-cmd %q: line %d of the rows, field %d: %q is not a number", e.cmd, line, i+1, s)
					break
				}
				switch {
				case i < p:
					xd = append(xd, v)
				case i == p:
					y = append(y, v)
				default:
					w = append(w, v)
				}
			}
			if perr == nil && len(y) == rowChunk {
				perr = flush()
			}
		}
		if perr == nil {
			if perr = sc.Err(); perr == nil {
				perr = flush()
			} else {
				perr = fmt.Errorf("-sql-cmd %q: line %d of the rows: %v", e.cmd, line+1, perr)
			}
		}
		if perr != nil {
			// The rest of the output is not wanted. Closing the pipe ends
			// the commands of a compound -sql-cmd too (killing the shell
			// does not): they would block on a full pipe, holding
			// standard error open, and Wait would never return.
			out.Close()
			c.Process.Kill()
			c.Wait()
			return perr
		}
		err = c.Wait()
		if stderr.over {
			return fmt.Errorf("-sql-cmd %q: the engine wrote more than %d MiB on standard error", e.cmd, e.outputLimit()>>20)
		}
		if msg := strings.TrimSpace(stderr.String()); err != nil || msg != "" {
			if msg == "" {
				msg = err.Error()
			}
			return fmt.Errorf("-sql-cmd %q: %s", e.cmd, msg)
		}
		return nil
	}
}

// unquoteCSV returns the text of a field of sqlite3's CSV output, quoted
// when it holds a quote, a comma or a blank.
func unquoteCSV(f string) string {
	if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
		return strings.ReplaceAll(f[1:len(f)-1], `""`, `"`)
	}
	return f
}

// sqlDesign is the coding of the table's columns, found by the first
// queries.
type sqlDesign struct {
	enc     dataset.Encoding
	where   string   // the rows used
	cols    []string // the design columns as SQL expressions
	y, w    string   // the response and the weight as SQL expressions
	rows    int      // rows used
	dropped int
}

// numericTexts reports whether the texts levels, trimmed of blanks, are
// finite numbers, empty or NA, with at least one number.
func numericTexts(levels []string) bool {
	some := false
	for _, l := range levels {
		l = strings.Trim(l, " \t")
		if l == "" || l == "NA" {
			continue
		}
		if v, err := strconv.ParseFloat(l, 64); err != nil || math.IsInf(v, 0) || math.IsNaN(v) || strings.ContainsAny(l, "xXnN_") {
			return false
		}
		some = true
	}
	return some
}

// scanSQL finds the kinds of the columns, the levels of the text ones, and
// the rows with missing values, and checks the target and the weights.
func scanSQL(e *sqlEngine, table string, o *dataFlags, features []string) (*sqlDesign, error) {
	t := ident(table)
	cols := append([]string{o.target}, features...)
	if o.weights != "" {
		cols = append(cols, o.weights)
	}
	// SQLite takes a double-quoted name that is no column for a string
	// literal: the columns are looked up first.
	if e.dialect == "sqlite" {
		have, err := e.query("SELECT name FROM pragma_table_info(" + strLit(table) + ")")
		if err != nil {
			return nil, err
		}
		for i := range have {
			have[i] = unquoteCSV(have[i])
		}
		if len(have) == 0 {
			return nil, fmt.Errorf("-sql-cmd %q: no table %q", e.cmd, table)
		}
		for _, c := range cols {
			if !slices.Contains(have, c) {
				return nil, fmt.Errorf("-sql-cmd %q: table %q has no column %q", e.cmd, table, c)
			}
		}
	}
	// The kinds: text or not.
	var sel []string
	for _, c := range cols {
		if e.dialect == "sqlite" {
			// A column of SQLite may hold values of every type.
			sel = append(sel, "coalesce(max(typeof("+ident(c)+") = 'text'), 0)",
				"coalesce(max(typeof("+ident(c)+") IN ('integer', 'real')), 0)",
				"coalesce(max(typeof("+ident(c)+") = 'blob'), 0)")
		} else {
			sel = append(sel, "CASE WHEN pg_typeof("+ident(c)+")::text IN ('text', 'character varying', 'character', 'name') THEN 1 ELSE 0 END")
		}
	}
	q := "SELECT " + strings.Join(sel, ", ") + " FROM " + t
	if e.dialect != "sqlite" {
		q += " LIMIT 1"
	}
	kinds, err := e.row(q, len(sel))
	if err != nil {
		return nil, err
	}
	if e.dialect == "sqlite" {
		for i, c := range cols {
			switch k := kinds[3*i : 3*i+3]; {
			case k[2] == 1:
				return nil, fmt.Errorf("%s: column %q holds a blob", table, c)
			case k[0] == 1 && k[1] == 1:
				return nil, fmt.Errorf("%s: column %q mixes numbers and text", table, c)
			}
			kinds[i] = kinds[3*i]
		}
	}
	isText := func(i int) bool { return kinds[i] == 1 }
	// Levels of the text columns, one per line as "column index,level".
	var parts []string
	for i, c := range cols {
		if isText(i) {
			parts = append(parts, fmt.Sprintf("SELECT DISTINCT %d, %s FROM %s WHERE %s IS NOT NULL", i, ident(c), t, ident(c)))
		}
	}
	levels := make([][]string, len(cols))
	if len(parts) > 0 {
		lines, err := e.query(strings.Join(parts, " UNION ALL "))
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			is, lev, ok := strings.Cut(l, ",")
			i, err := strconv.Atoi(is)
			if !ok || err != nil || i < 0 || i >= len(cols) || !isText(i) {
				return nil, fmt.Errorf("-sql-cmd %q: unexpected output line %.200q", e.cmd, l)
			}
			if e.dialect == "sqlite" {
				lev = unquoteCSV(lev)
			}
			levels[i] = append(levels[i], lev)
		}
		for i := range levels {
			slices.Sort(levels[i])
			levels[i] = slices.Compact(levels[i])
		}
	}
	// val holds each column's value as SQL. sqlite3's .import of a CSV file
	// into a new table makes TEXT columns of its numbers: a text column
	// whose every value is a number, blank or NA is read as the CSV reader
	// reads it, numbers, with blank and NA missing.
	val := make([]string, len(cols))
	for i, c := range cols {
		val[i] = ident(c)
		if e.dialect == "sqlite" && isText(i) && numericTexts(levels[i]) {
			kinds[i] = 0
			val[i] = "NULLIF(NULLIF(trim(" + ident(c) + ", ' ' || char(9)), ''), 'NA')"
		}
	}
	d := &sqlDesign{}
	enc := &d.enc
	// Doubles, not PostgreSQL's numeric 1.0, which every use of the
	// column would convert.
	one, zero := e.num("1.0"), e.num("0.0")
	enc.Weights = o.weights
	enc.Target = dataset.Target{Name: o.target, Kind: dataset.Numeric, Levels: [2]string{"0", "1"}}
	if isText(0) {
		if len(levels[0]) != 2 {
			return nil, fmt.Errorf("%s: target column %q has %d distinct texts, not 2", table, o.target, len(levels[0]))
		}
		enc.Target.Kind = dataset.Categorical
		enc.Target.Levels = [2]string{levels[0][0], levels[0][1]}
		d.y = "CASE WHEN " + ident(o.target) + " = " + strLit(levels[0][1]) + " THEN " + one + " ELSE " + zero + " END"
	} else {
		d.y = e.num(val[0])
	}
	d.w = one
	if o.weights != "" {
		if isText(len(cols) - 1) {
			return nil, fmt.Errorf("%s: weights column %q holds text", table, o.weights)
		}
		d.w = e.num(val[len(cols)-1])
	}
	allFirst := o.noIntercept
	for j, f := range features {
		if !isText(j + 1) {
			enc.Features = append(enc.Features, dataset.Feature{Name: f, Kind: dataset.Numeric})
			d.cols = append(d.cols, e.num(val[j+1]))
			continue
		}
		lv := levels[j+1]
		ft := dataset.Feature{Name: f, Kind: dataset.Categorical, Levels: lv, AllLevels: allFirst}
		from := 1
		if allFirst {
			from, allFirst = 0, false
		}
		for _, l := range lv[from:] {
			d.cols = append(d.cols, "CASE WHEN "+ident(f)+" = "+strLit(l)+" THEN "+one+" ELSE "+zero+" END")
		}
		enc.Features = append(enc.Features, ft)
	}
	// Missing values, and responses and weights out of range.
	var nulls []string
	for i := range cols {
		nulls = append(nulls, val[i]+" IS NULL")
	}
	anyNull := strings.Join(nulls, " OR ")
	notNull := "NOT (" + anyNull + ")"
	badY := d.y + " < 0 OR " + d.y + " > 1"
	if o.weights == "" {
		badY = d.y + " <> 0 AND " + d.y + " <> 1"
	}
	badW := d.w + " < 0"
	q = "SELECT count(*), " +
		"coalesce(sum(CASE WHEN " + anyNull + " THEN 1 ELSE 0 END), 0), " +
		"coalesce(sum(CASE WHEN " + notNull + " AND (" + badY + ") THEN 1 ELSE 0 END), 0), " +
		"coalesce(sum(CASE WHEN " + notNull + " AND (" + badW + ") THEN 1 ELSE 0 END), 0) FROM " + t
	c, err := e.row(q, 4)
	if err != nil {
		return nil, err
	}
	total, missing, badYs, badWs := int(c[0]), int(c[1]), int(c[2]), int(c[3])
	switch {
	case missing > 0 && o.na != "omit":
		return nil, fmt.Errorf("%s: %d rows have a missing value (NULL) in a used column; -na omit drops them", table, missing)
	case badYs > 0 && o.weights == "":
		return nil, fmt.Errorf("%s: %d rows have a target %q that is not 0 or 1", table, badYs, o.target)
	case badYs > 0:
		return nil, fmt.Errorf("%s: %d rows have a target %q outside [0, 1]", table, badYs, o.target)
	case badWs > 0:
		return nil, fmt.Errorf("%s: %d rows have a negative weight %q", table, badWs, o.weights)
	}
	d.where = " WHERE " + notNull
	d.rows, d.dropped = total-missing, missing
	return d, nil
}

// passQuery returns the query of one pass at beta, or at R's starting
// values when beta is nil: the score, the upper triangle of the
// information, the deviance, the log-likelihood, the rows at the boundary,
// the rows of positive weight, Σw and Σw·y, in this order.
func (e *sqlEngine) passQuery(table string, d *sqlDesign, intercept bool, beta []float64) string {
	// x: the design columns but the intercept's; a level's columns are
	// selected again by the next one.
	var x []string
	for i := range d.cols {
		x = append(x, fmt.Sprintf("x%d", i))
	}
	cols := func(more ...string) string { return strings.Join(append(slices.Clone(x), more...), ", ") }
	var eta string
	if beta == nil {
		// η₀ = logit(μ₀), μ₀ = (w·y + 0.5)/(w + 1).
		eta = "ln((w*y + 0.5)/(w + 1)) - ln(1 - (w*y + 0.5)/(w + 1))"
	} else {
		var t []string
		j := 0
		if intercept {
			t, j = append(t, e.lit(beta[0])), 1
		}
		for i, c := range x {
			t = append(t, e.lit(beta[j+i])+"*"+c)
		}
		eta = strings.Join(t, " + ")
		if eta == "" {
			eta = "0.0"
		}
	}
	// Each level is a subquery that the engine must not merge into the
	// next, which would compute η and exp once for every sum that uses
	// them. SQLite keeps a subquery with a LIMIT; PostgreSQL also keeps
	// one whose select list holds a volatile function, and this fence,
	// unlike a LIMIT, leaves the query parallel: clock_timestamp() is
	// parallel-safe, computed once a row and never read.
	level := func(sel, from, alias string) string {
		if e.dialect == "sqlite" {
			return "SELECT " + sel + " FROM (" + from + ") " + alias + " LIMIT -1 OFFSET 0"
		}
		return "SELECT " + sel + ", clock_timestamp() AS fence FROM (" + from + ") " + alias
	}
	q := level(cols("y", "w", eta+" AS eta"), codedRows(table, d), "d")
	// e = exp(−|η|) ≤ 1 never overflows (and is 0 below e⁻⁷⁰⁰, where
	// PostgreSQL's exp reports an underflow); μ = 1/(1 + e) for η ≥ 0, else
	// e/(1 + e), and log(1 + exp(η)) = log(1 + e) + max(η, 0).
	q = level(cols("y", "w", "eta", "CASE WHEN abs(eta) < 700 THEN exp(-abs(eta)) ELSE 0 END AS e"), q, "m1")
	q = level(cols("y", "w", "eta", "e", "CASE WHEN eta >= 0 THEN 1/(1 + e) ELSE e/(1 + e) END AS mu", "w*e/((1 + e)*(1 + e)) AS v"), q, "m2")
	// The row's terms: r of the score, v·x of the information, the
	// log-likelihood and the saturated model's.
	r := "w*(y - mu)"
	if beta == nil {
		r = "w*(y - mu) + v*eta"
	}
	var vx []string
	for i, c := range x {
		vx = append(vx, fmt.Sprintf("v*%s AS v%d", c, i))
	}
	ll := "w*(y*eta - ln(1 + e) - CASE WHEN eta > 0 THEN eta ELSE 0 END) AS ll"
	sat := "CASE WHEN y > 0 AND y < 1 THEN w*(y*ln(y) + (1 - y)*ln(1 - y)) ELSE 0 END AS sat"
	q = level(cols(append(vx, "y", "w", "e", "v", r+" AS r", ll, sat)...), q, "m3")
	var sums []string
	if intercept {
		sums = append(sums, "sum(r)")
	}
	for _, c := range x {
		sums = append(sums, "sum(r*"+c+")")
	}
	if intercept {
		sums = append(sums, "sum(v)")
		for i := range x {
			sums = append(sums, fmt.Sprintf("sum(v%d)", i))
		}
	}
	for i := range x {
		for j := i; j < len(x); j++ {
			sums = append(sums, fmt.Sprintf("sum(v%d*%s)", i, x[j]))
		}
	}
	sums = append(sums,
		"2*sum(sat - ll)",
		"sum(ll)",
		fmt.Sprintf("sum(CASE WHEN w > 0 AND e/(1 + e) < %s THEN 1 ELSE 0 END)", e.lit(10*0x1p-52)),
		"sum(CASE WHEN w > 0 THEN 1 ELSE 0 END)",
		"sum(w)", "sum(w*y)")
	for i := range sums {
		sums[i] = e.out(sums[i])
	}
	return "SELECT " + strings.Join(sums, ", ") + " FROM (" + q + ") p"
}

// codedRows returns the query of the coded rows, d's design columns x0…,
// y and w.
func codedRows(table string, d *sqlDesign) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range d.cols {
		fmt.Fprintf(&b, "%s AS x%d, ", c, i)
	}
	fmt.Fprintf(&b, "%s AS y, %s AS w FROM %s%s", d.y, d.w, ident(table), d.where)
	return b.String()
}

// rowsQuery returns the query of the rows of positive weight for the
// separation diagnosis: the design columns (no intercept), y and w.
func (e *sqlEngine) rowsQuery(table string, d *sqlDesign) string {
	var sel []string
	for i := range d.cols {
		sel = append(sel, e.out(fmt.Sprintf("x%d", i)))
	}
	sel = append(sel, e.out("y"), e.out("w"))
	q := "SELECT " + strings.Join(sel, ", ") + " FROM (" + codedRows(table, d) + ") d WHERE w > 0"
	if e.dialect == "postgres" {
		// psql writes COPY's CSV in two thirds of the time it takes to
		// print a SELECT's rows.
		q = "COPY (" + q + ") TO STDOUT (FORMAT csv)"
	}
	return q
}

// maxStepQuery returns the query of maxᵢ |dᵢᵀδ| over the rows of positive
// weight (see [logreg.PassRows]).
func (e *sqlEngine) maxStepQuery(table string, d *sqlDesign, intercept bool, delta []float64) string {
	var t []string
	j := 0
	if intercept {
		t, j = append(t, e.lit(delta[0])), 1
	}
	for i := range d.cols {
		t = append(t, fmt.Sprintf("%s*x%d", e.lit(delta[j+i]), i))
	}
	if len(t) == 0 {
		t = append(t, "0.0")
	}
	return "SELECT " + e.out("coalesce(max(abs("+strings.Join(t, " + ")+")), 0.0)") + " FROM (" + codedRows(table, d) + ") d WHERE w > 0"
}

// sqlFit is the outcome of a fit inside an SQL engine.
type sqlFit struct {
	t         *dataset.Table
	rows      int
	res       *logreg.Result
	queries   int
	reads     int // queries that read the rows, for the separation diagnosis
	read, fit time.Duration
}

// fitSQL fits the model of o to the table of s inside the engine: a few
// queries find the coding, then each Newton pass is one aggregate query.
func fitSQL(o *dataFlags, s *sqlFlags, l2 float64, stderr io.Writer) (*sqlFit, error) {
	start := time.Now()
	e := &sqlEngine{cmd: s.cmd, dialect: s.dialect}
	var features []string
	for _, f := range strings.Split(o.features, ",") {
		if f = strings.TrimSpace(f); f != "" {
			features = append(features, f)
		}
	}
	if err := e.probeDigits(); err != nil {
		return nil, err
	}
	d, err := scanSQL(e, s.table, o, features)
	if err != nil {
		return nil, err
	}
	names := d.enc.Names()
	t := &dataset.Table{Names: names, Encoding: d.enc, Dropped: d.dropped, TargetLevels: d.enc.Target.Levels}
	out := &sqlFit{t: t, rows: d.rows, read: time.Since(start)}
	set := o.settings(t, stderr, "")
	set.L2 = l2
	intercept := !o.noIntercept
	k := len(names)
	if intercept {
		k++
	}
	nsum := k + k*(k+1)/2 + 6
	pass := func(beta []float64, dst *logreg.PassSums) error {
		v, err := e.row(e.passQuery(s.table, d, intercept, beta), nsum)
		if err != nil {
			return err
		}
		copy(dst.Score, v[:k])
		i := k
		for a := 0; a < k; a++ {
			for b := a; b < k; b++ {
				dst.Info[a*k+b] = v[i]
				i++
			}
		}
		dst.Deviance, dst.LogLik = v[i], v[i+1]
		dst.Boundary, dst.NObs = int(v[i+2]), int(v[i+3])
		dst.SW, dst.SWY = v[i+4], v[i+5]
		for _, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("%s: a pass's sums are not finite (a feature too large?)", s.table)
			}
		}
		return nil
	}
	// The separation diagnosis reads the rows through the client when
	// the fit shows a sign of separation (see logreg.FitPassesRows).
	rows := &logreg.PassRows{
		Rows: e.rows(e.rowsQuery(s.table, d), len(d.cols)),
		MaxStep: func(delta []float64) (float64, error) {
			v, err := e.row(e.maxStepQuery(s.table, d, intercept, delta), 1)
			if err != nil {
				return 0, err
			}
			return v[0], nil
		},
	}
	start = time.Now()
	res, err := logreg.FitPassesRows(len(names), pass, rows, set)
	if err != nil {
		if errors.Is(err, logreg.ErrNoQR) {
			return nil, fmt.Errorf("%s: %w", s.table, err)
		}
		return nil, fitError(o.data, t, err)
	}
	out.fit = time.Since(start)
	out.res, out.queries, out.reads = res, e.queries, e.reads
	return out, nil
}
