package main

import (
	"bytes"
	bin "encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/jsonpos"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// The map-reduce fit: mr-scan reads a shard's column kinds and levels,
// mr-init merges the scans into the first state, mr-map computes a pass's
// sums over a shard at the coefficients the state asks for, and mr-reduce
// merges them and takes the Newton step, writing the next state, or the
// fit when it is done.

// mrScanCol is one column of a shard's scan.
type mrScanCol struct {
	Name   string   `json:"name"`
	Text   bool     `json:"text"`
	Seen   bool     `json:"seen"` // a present cell in a row used
	Levels []string `json:"levels,omitempty"`
}

// mrScan is what mr-scan writes: the flags of the fit and, for the target,
// the features and the weights in this order, the column's kind and
// levels over the shard's rows used.
type mrScan struct {
	Target      string      `json:"target"`
	Features    []string    `json:"features"`
	Weights     string      `json:"weights,omitempty"`
	NA          string      `json:"na"`
	NoIntercept bool        `json:"no_intercept"`
	Cols        []mrScanCol `json:"columns"`
	Rows        int         `json:"rows"` // rows used
}

// mrPass is one pass's sums in the state.
type mrPass struct {
	Beta  []float64 `json:"beta"` // nil: the starting values
	Score []float64 `json:"score"`
	Info  []float64 `json:"info"` // k×k, row order
	Dev   float64   `json:"deviance"`
	Bound int       `json:"boundary"`
	NObs  int       `json:"nobs"`
	Rows  int       `json:"rows"`
	SW    float64   `json:"sw"`
	SWY   float64   `json:"swy"`
	Sat   float64   `json:"sat"`
}

// mrState is the state file: the encoding, the settings, every pass so far
// and the coefficients of the next pass. The reducer replays the
// iterations over the recorded passes, which gives the same coefficients
// every time, up to the first pass not yet made.
type mrState struct {
	Encoding    dataset.Encoding `json:"encoding"`
	NA          string           `json:"na"`
	NoIntercept bool             `json:"no_intercept"`
	MaxIter     int              `json:"max_iter"`
	Tol         float64          `json:"tol"`
	L2          float64          `json:"l2"`
	Passes      []mrPass         `json:"passes"`
	Next        []float64        `json:"next"` // nil at the start
	Done        bool             `json:"done"`
	// Rows is the number of rows used that the scans counted, which every
	// pass's parts must add up to; 0 (a state written before) is not
	// checked.
	Rows int `json:"rows,omitempty"`
}

func readState(path string) (*mrState, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s mrState
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, jsonError(path, b, err)
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("%s: not a state of mr-init: %w", path, err)
	}
	return &s, nil
}

// jsonError returns err, the error of decoding b, the content of the JSON
// file path, as PATH:LINE:COL: for a syntax error (at the offending byte,
// or past the last at the end of the input) and a value of the wrong type
// (at its last byte), as the model files' errors; other errors get the
// path alone.
func jsonError(path string, b []byte, err error) error {
	line, col, _, msg, ok := jsonpos.Locate(b, err)
	var te *json.UnmarshalTypeError
	switch {
	case !ok:
		return fmt.Errorf("%s: %w", path, err)
	case !errors.As(err, &te):
		return fmt.Errorf("%s:%d:%d: invalid JSON: %s", path, line, col, msg)
	}
	field := "the file"
	if te.Field != "" {
		field = strconv.Quote(te.Field)
	}
	want := jsonKind(te.Type)
	num, isNum := strings.CutPrefix(te.Value, "number ")
	switch {
	case isNum && want == "a number":
		return fmt.Errorf("%s:%d:%d: %s: %s is out of the range of a float64", path, line, col, field, num)
	case isNum:
		return fmt.Errorf("%s:%d:%d: %s: %s where %s is wanted", path, line, col, field, num, want)
	}
	got := te.Value
	switch got {
	case "object", "array":
		got = "an " + got
	case "bool":
		got = "true or false"
	default:
		got = "a " + got
	}
	return fmt.Errorf("%s:%d:%d: %s: %s where %s is wanted", path, line, col, field, got, want)
}

// jsonKind names the JSON value that decodes into a value of type t.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.String()
}

// check reports a state whose parts do not fit together (an edited or
// damaged file), which would otherwise fail deep inside the fit.
func (s *mrState) check() error {
	if s.NA != "error" && s.NA != "omit" {
		return fmt.Errorf(`"na" is %q, not "error" or "omit"`, s.NA)
	}
	if _, err := s.Encoding.NewRowEncoder(dataset.RowOptions{}); err != nil {
		return fmt.Errorf(`"encoding": %s`, message(err))
	}
	k := s.coefs()
	if len(s.Next) != 0 && len(s.Next) != k {
		return fmt.Errorf(`"next" has %d coefficients where the encoding has %d`, len(s.Next), k)
	}
	for i, p := range s.Passes {
		switch {
		case len(p.Beta) != 0 && len(p.Beta) != k:
			return fmt.Errorf(`pass %d: "beta" has %d coefficients where the encoding has %d`, i+1, len(p.Beta), k)
		case len(p.Score) != k:
			return fmt.Errorf(`pass %d: "score" has %d numbers, not %d`, i+1, len(p.Score), k)
		case len(p.Info) != k*k:
			return fmt.Errorf(`pass %d: "info" has %d numbers, not %d×%d`, i+1, len(p.Info), k, k)
		}
	}
	return nil
}

// coefs returns the number of coefficients of the state's design.
func (s *mrState) coefs() int {
	k := len(s.Encoding.Names())
	if !s.NoIntercept {
		k++
	}
	return k
}

func writeState(path string, s *mrState) error {
	return writeOutput(path, func(w io.Writer) error { return writeJSON(w, s) })
}

const mrScanSynopsis = `logreg mr-scan -data FILE -target COL -features a,b,c [-weights COL] [-na error|omit] [-no-intercept]`

func runMRScan(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("mr-scan", mrScanSynopsis, "Mr-scan writes the kinds and levels of a shard's columns as JSON, for mr-init.\n", stderr)
	var o dataFlags
	o.register(fs)
	if err := parseFlags(fs, "mr-scan", args); err != nil {
		return err
	}
	if err := o.check(fs, "mr-scan"); err != nil {
		return err
	}
	if !o.featuresSet {
		return usagef("mr-scan", "-features is required")
	}
	f, err := os.Open(o.data)
	if err != nil {
		return err
	}
	defer f.Close()
	fr, err := dataset.ReadFrame(f, o.data)
	if err != nil {
		return err
	}
	sc := mrScan{Target: o.target, Weights: o.weights, NA: o.na, NoIntercept: o.noIntercept, Features: o.readOptions().Features}
	names := append([]string{o.target}, sc.Features...)
	if o.weights != "" {
		names = append(names, o.weights)
	}
	cols := make([]*dataset.Column, len(names))
	for j, n := range names {
		if cols[j] = fr.Column(n); cols[j] == nil {
			return fmt.Errorf("%s: no column %q", o.data, n)
		}
	}
	missing := func(c *dataset.Column, i int) bool {
		if c.Kind == dataset.Categorical {
			return c.Codes[i] < 0
		}
		return math.IsNaN(c.Values[i])
	}
	used := make([]map[int]bool, len(cols))
	seen := make([]bool, len(cols))
	for i := range fr.Rows {
		drop := false
		for j, c := range cols {
			if missing(c, i) {
				if o.na != "omit" {
					return fmt.Errorf("%s:%d: missing value in column %q (-na omit drops the row)", o.data, fr.Rows[i], names[j])
				}
				drop = true
			}
		}
		if drop {
			continue
		}
		sc.Rows++
		for j, c := range cols {
			seen[j] = true
			if c.Kind == dataset.Categorical {
				if used[j] == nil {
					used[j] = map[int]bool{}
				}
				used[j][c.Codes[i]] = true
			}
		}
	}
	for j, c := range cols {
		col := mrScanCol{Name: names[j], Text: c.Kind == dataset.Categorical, Seen: seen[j]}
		for code := range used[j] {
			col.Levels = append(col.Levels, c.Levels[code])
		}
		slices.Sort(col.Levels)
		sc.Cols = append(sc.Cols, col)
	}
	return writeJSON(stdout, sc)
}

// check reports a scan whose columns are not those its flags name.
func (sc *mrScan) check() error {
	names := append([]string{sc.Target}, sc.Features...)
	if sc.Weights != "" {
		names = append(names, sc.Weights)
	}
	switch {
	case sc.Target == "":
		return errors.New(`no "target"`)
	case sc.NA != "error" && sc.NA != "omit":
		return fmt.Errorf(`"na" is %q, not "error" or "omit"`, sc.NA)
	case len(sc.Cols) != len(names):
		return fmt.Errorf(`%d "columns" for the %d of the target, features and weights`, len(sc.Cols), len(names))
	}
	for j, c := range sc.Cols {
		if c.Name != names[j] {
			return fmt.Errorf(`column %d is %q, not %q`, j+1, c.Name, names[j])
		}
	}
	return nil
}

const mrInitSynopsis = `logreg mr-init [-max-iter N] [-tol T] [-l2 LAMBDA] SCAN.json...`

func runMRInit(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("mr-init", mrInitSynopsis, "Mr-init merges the scans of every shard into the first state of a map-reduce fit, on standard output.\n", stderr)
	maxIter := fs.Int("max-iter", 0, "largest number of Newton iterations (0: 25)")
	tol := fs.Float64("tol", 0, "convergence tolerance (0: 1e-8)")
	l2 := fs.Float64("l2", 0, "ridge penalty `LAMBDA` >= 0")
	if err := parseFlagsArgs(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() == 0:
		return usagef("mr-init", "no scan files")
	case *maxIter < 0:
		return usagef("mr-init", "-max-iter must be >= 0, not %d", *maxIter)
	case !(*tol >= 0) || math.IsInf(*tol, 0):
		return usagef("mr-init", "-tol must be a finite number >= 0, not %v", *tol)
	case !(*l2 >= 0) || math.IsInf(*l2, 0):
		return usagef("mr-init", "-l2 must be a finite number >= 0, not %v", *l2)
	}
	var all *mrScan
	rows := 0
	for _, path := range fs.Args() {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var sc mrScan
		if err := json.Unmarshal(b, &sc); err != nil {
			return jsonError(path, b, err)
		}
		if err := sc.check(); err != nil {
			return fmt.Errorf("%s: not a scan of mr-scan: %w", path, err)
		}
		rows += sc.Rows
		if all == nil {
			all = &sc
			continue
		}
		if sc.Target != all.Target || !slices.Equal(sc.Features, all.Features) || sc.Weights != all.Weights ||
			sc.NA != all.NA || sc.NoIntercept != all.NoIntercept || len(sc.Cols) != len(all.Cols) {
			return fmt.Errorf("%s: scanned with other flags than %s", path, fs.Arg(0))
		}
		for j, c := range sc.Cols {
			a := &all.Cols[j]
			if !c.Seen {
				continue
			}
			if a.Seen && a.Text != c.Text {
				return fmt.Errorf("%s: column %q holds text in one shard and numbers in another", path, c.Name)
			}
			a.Text, a.Seen = c.Text, true
			a.Levels = slices.Compact(slices.Sorted(slices.Values(append(a.Levels, c.Levels...))))
		}
	}
	st := &mrState{NA: all.NA, NoIntercept: all.NoIntercept, MaxIter: *maxIter, Tol: *tol, L2: *l2, Rows: rows}
	enc := &st.Encoding
	enc.Weights = all.Weights
	t := all.Cols[0]
	enc.Target = dataset.Target{Name: t.Name, Kind: dataset.Numeric, Levels: [2]string{"0", "1"}}
	if t.Text {
		if len(t.Levels) != 2 {
			return fmt.Errorf("target %q has %d distinct texts over the shards, not 2", t.Name, len(t.Levels))
		}
		enc.Target = dataset.Target{Name: t.Name, Kind: dataset.Categorical, Levels: [2]string{t.Levels[0], t.Levels[1]}}
	}
	if all.Weights != "" && all.Cols[len(all.Cols)-1].Text {
		return fmt.Errorf("weights column %q holds text", all.Weights)
	}
	allFirst := all.NoIntercept
	for _, c := range all.Cols[1 : 1+len(all.Features)] {
		f := dataset.Feature{Name: c.Name, Kind: dataset.Numeric}
		if c.Text {
			f = dataset.Feature{Name: c.Name, Kind: dataset.Categorical, Levels: c.Levels, AllLevels: allFirst}
			allFirst = false
		}
		enc.Features = append(enc.Features, f)
	}
	return writeJSON(stdout, st)
}

const mrMapSynopsis = `logreg mr-map -state STATE.json [-data FILE]`

// The part file mr-map writes: the Accumulator's binary form (its own
// checksum last), then Σw, Σw·y and Σw·[y·log y + (1 − y)·log(1 − y)] as
// little-endian float64, then the CRC-32 (Castagnoli) of everything before,
// little-endian.
func runMRMap(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("mr-map", mrMapSynopsis, "Mr-map writes a pass's sums over a shard (a CSV file, - or no -data for standard input) at the coefficients of the state, in the Accumulator's binary format, on standard output.\n", stderr)
	state := fs.String("state", "", "the `STATE.json` of the fit")
	data := fs.String("data", "-", "the shard, a CSV `FILE`; - reads standard input")
	if err := parseFlags(fs, "mr-map", args); err != nil {
		return err
	}
	if *state == "" {
		return usagef("mr-map", "-state is required")
	}
	st, err := readState(*state)
	if err != nil {
		return err
	}
	if st.Done {
		return fmt.Errorf("%s: the fit is done", *state)
	}
	var in io.Reader = os.Stdin
	if *data != "-" {
		f, err := os.Open(*data)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	p := len(st.Encoding.Names())
	acc := logreg.NewAccumulator(p, !st.NoIntercept, st.Next)
	var sw, swy, sat float64
	err = st.Encoding.ApplyChunks(in, dataset.ApplyOptions{Target: true, DropNA: st.NA == "omit", Name: fileName(*data)}, defaultChunkRows(p), func(t *dataset.Table) error {
		for i, y := range t.Y {
			w := 1.0
			if t.Weights != nil {
				w = t.Weights[i]
			}
			sw += w
			swy += w * y
			if y > 0 && y < 1 {
				sat += w * (y*math.Log(y) + (1-y)*math.Log1p(-y))
			}
		}
		return acc.Add(t.X, t.Y, t.Weights)
	})
	if err != nil {
		var de *logreg.DataError
		if errors.As(err, &de) {
			return fmt.Errorf("%s: row %d of the rows used: %s", fileName(*data), de.Row+1, message(de.Err))
		}
		return err
	}
	b, err := acc.MarshalBinary()
	if err != nil {
		return err
	}
	for _, v := range []float64{sw, swy, sat} {
		b = bin.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	b = bin.LittleEndian.AppendUint32(b, crc32.Checksum(b, partCRC))
	_, err = stdout.Write(b)
	return err
}

// partCRC is the table of a part file's checksum.
var partCRC = crc32.MakeTable(crc32.Castagnoli)

// partTrailer is the length of what follows the Accumulator in a part
// file: three float64 and the checksum.
const partTrailer = 3*8 + 4

const mrReduceSynopsis = `logreg mr-reduce -state STATE.json [-out MODEL.json] [-format text|json] [-level 0.95] PART.bin...`

// errNeedPass ends a replay at the first pass not yet made.
type errNeedPass struct{ beta []float64 }

func (e *errNeedPass) Error() string { return "logreg: the next pass is not made yet" }

func runMRReduce(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("mr-reduce", mrReduceSynopsis, "Mr-reduce merges the parts of a pass, records them in the state and takes the Newton step: it rewrites the state with the coefficients of the next pass, or, when the fit is done, marks it done and prints the fit as logreg fit does.\n", stderr)
	state := fs.String("state", "", "the `STATE.json` of the fit, rewritten")
	out := fs.String("out", "", "when done, write the model to `MODEL.json`")
	format := fs.String("format", "text", "output `format`: text or json")
	level := fs.Float64("level", 0.95, "confidence `level` of the Wald intervals")
	if err := parseFlagsArgs(fs, args); err != nil {
		return err
	}
	switch {
	case *state == "":
		return usagef("mr-reduce", "-state is required")
	case fs.NArg() == 0:
		return usagef("mr-reduce", "no part files")
	case *format != "text" && *format != "json":
		return usagef("mr-reduce", "-format must be text or json, not %q", *format)
	case !(*level > 0 && *level < 1):
		// Checked before the state is marked done: the fit would be lost.
		return usagef("mr-reduce", "-level must be in (0, 1), not %v", *level)
	}
	st, err := readState(*state)
	if err != nil {
		return err
	}
	if st.Done {
		return fmt.Errorf("%s: the fit is done", *state)
	}
	names := st.Encoding.Names()
	p := len(names)
	intercept := !st.NoIntercept
	k := p
	if intercept {
		k++
	}
	ref, err := logreg.NewAccumulator(p, intercept, st.Next).MarshalBinary()
	if err != nil {
		return err
	}
	// The magic, the number of columns and the flags, before the counts
	// of rows, the three sums, the coefficients, score and triangle and
	// the checksum.
	head := len(ref) - 8*(3+3+2*k+k*(k+1)/2) - 4
	var acc *logreg.Accumulator
	var pass mrPass
	for _, path := range fs.Args() {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if len(b) < partTrailer {
			return fmt.Errorf("%s: not a part file of mr-map", path)
		}
		// The Accumulator first, for its version's error on an old part.
		a := logreg.NewAccumulator(p, intercept, nil)
		if err := a.UnmarshalBinary(b[:len(b)-partTrailer]); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		tr := b[len(b)-partTrailer:]
		if crc32.Checksum(b[:len(b)-4], partCRC) != bin.LittleEndian.Uint32(tr[24:]) {
			return fmt.Errorf("%s: checksum mismatch: the file is damaged", path)
		}
		// The sums must be those of the state's design: the encoding
		// writes the number of columns and the intercept's flag first.
		if len(b)-partTrailer != len(ref) || !bytes.Equal(b[:head], ref[:head]) {
			return fmt.Errorf("%s: a part of another design than the state's (%d coefficients)", path, k)
		}
		if !slices.Equal(a.Beta(), st.Next) && !(a.Beta() == nil && st.Next == nil) {
			return fmt.Errorf("%s: a pass at other coefficients than the state's (an old part?)", path)
		}
		pass.SW += math.Float64frombits(bin.LittleEndian.Uint64(tr))
		pass.SWY += math.Float64frombits(bin.LittleEndian.Uint64(tr[8:]))
		pass.Sat += math.Float64frombits(bin.LittleEndian.Uint64(tr[16:]))
		if acc == nil {
			acc = a
		} else {
			acc.Merge(a)
		}
	}
	if st.Rows > 0 && acc.Rows() != st.Rows {
		return fmt.Errorf("%s: the parts hold %d rows where the scans counted %d: a shard missing or given twice?", *state, acc.Rows(), st.Rows)
	}
	pass.Beta = st.Next
	pass.Score = make([]float64, k)
	acc.ScoreTo(pass.Score)
	h := linalg.NewDense(k, k, nil)
	acc.InformationTo(h)
	pass.Info = h.RawData()
	pass.Dev, pass.Bound, pass.NObs, pass.Rows = acc.Deviance(), acc.Boundary(), acc.NObs(), acc.Rows()
	st.Passes = append(st.Passes, pass)

	// Replay the iterations over the recorded passes.
	i := 0
	replay := func(beta []float64, dst *logreg.PassSums) error {
		if i == len(st.Passes) {
			return &errNeedPass{append([]float64(nil), beta...)}
		}
		r := &st.Passes[i]
		if !slices.Equal(beta, r.Beta) {
			return fmt.Errorf("%s: pass %d was made at other coefficients than the replay asks for", *state, i+1)
		}
		i++
		copy(dst.Score, r.Score)
		copy(dst.Info, r.Info)
		dst.Deviance, dst.Boundary, dst.NObs = r.Dev, r.Bound, r.NObs
		dst.LogLik = r.Sat - r.Dev/2
		dst.SW, dst.SWY = r.SW, r.SWY
		return nil
	}
	t := &dataset.Table{Names: names, Encoding: st.Encoding, TargetLevels: st.Encoding.Target.Levels}
	set := &logreg.Settings{MaxIter: st.MaxIter, Tol: st.Tol, L2: st.L2, NoIntercept: st.NoIntercept, Names: names}
	res, err := logreg.FitPasses(p, replay, set)
	var need *errNeedPass
	switch {
	case errors.As(err, &need):
		st.Next = need.beta
		return writeState(*state, st)
	case err != nil:
		return fitError("mapreduce", t, err)
	}
	// The state is marked done once the fit is printed and its model
	// written: a failure there (a bad -out) can then be run again.
	st.Done = true
	o := &dataFlags{data: "mapreduce", target: st.Encoding.Target.Name, weights: st.Encoding.Weights, na: st.NA, noIntercept: st.NoIntercept}
	var vc vcovFlags
	vc.vcov = "model"
	if err := vc.check(o, st.L2, false, false, false); err != nil {
		return err
	}
	if err := writeFit(stdout, "mr-reduce", args, o, t, res.NObs, res, *level, *format, *out, false, 0, 0, &vc, nil, &likFlags{}); err != nil {
		return err
	}
	return writeState(*state, st)
}

// parseFlagsArgs parses flags followed by file arguments.
func parseFlagsArgs(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errFlagParse
	}
	return nil
}
