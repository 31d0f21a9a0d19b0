package dataset

import (
	"cmp"
	"io"
	"math"
	"os"
	"slices"

	"github.com/a1bed000/logreg/linalg"
)

// ReadOptions says which columns of a CSV file [Read] uses and how. Only
// Target is required; the zero value of every other field means its default.
type ReadOptions struct {
	// Target is the name of the response column, coded 0/1 as the package
	// documentation describes. Required.
	Target string
	// Features names the predictor columns, in the order they take in the
	// design matrix. Nil means every column but Target and Weights, in file
	// order. A non-nil empty slice means none (an intercept-only model).
	Features []string
	// Weights names an optional column of prior weights: finite numbers
	// >= 0. "" means every row has weight 1 and Table.Weights is nil.
	Weights string
	// Positive is the target value coded 1, written as in the file (a level
	// such as "yes", or a number such as "2"); every other value is coded 0.
	// "" means the default coding: 0/1 numbers, or the second of exactly two
	// sorted text values.
	Positive string
	// NoIntercept true codes the design for a model without an intercept,
	// as R's model.matrix codes y ~ 0 + f + x: the first Categorical feature
	// in design order gets a column for every level, its first included
	// (Feature.AllLevels), and any other keeps its baseline. False gives
	// every Categorical feature a baseline without a column, for a model
	// with an intercept.
	NoIntercept bool
	// DropNA false makes a missing cell (empty, blank or NA) in a used
	// column an error; true drops every row with a missing used cell and
	// counts it in Table.Dropped. Unused columns never count.
	DropNA bool
	// MaxDesignBytes bounds the memory of the design matrix X, 8 bytes per
	// row and design column, which is checked before X is allocated: a
	// larger design is an [ErrTooLarge] error that names the text column
	// with the most levels. 0 means [DefaultMaxDesignBytes]; it must not be
	// negative.
	MaxDesignBytes int64
	// Name is the file name used in error messages; "" means "<input>".
	Name string
}

// Table is a CSV file read for model fitting: a design matrix, a 0/1
// response and what is needed to code new data the same way.
type Table struct {
	// X is the n×p design matrix without an intercept column: a numeric
	// column as is, a text column as dummy columns (treatment coding, or
	// one per level for the first text column with NoIntercept).
	X *linalg.Dense
	// Y holds the responses: 0 or 1, or a proportion in [0, 1] when a
	// weights column is given. Nil for a table from [Encoding.Apply]
	// without a target.
	Y []float64
	// Weights holds the prior weights, nil when no weights column is used.
	Weights []float64
	// Names holds the names of the columns of X: "col" for a numeric
	// column, "col=level" for a dummy.
	Names []string
	// Encoding describes the coding, for [Encoding.Apply] on new data.
	Encoding Encoding
	// Dropped counts the rows dropped for missing values.
	Dropped int
	// Rows holds the 1-based line of the input where each row of X starts.
	Rows []int
	// TargetLevels holds the target values coded 0 and 1: {"0", "1"} for a
	// numeric 0/1 target, the two sorted texts for a text target.
	TargetLevels [2]string
	// Kept holds, for [Encoding.Apply] with ApplyOptions.Keep, the cells of
	// each kept column for the rows of X, Kept[j][i] that of column
	// Keep[j] in row i; nil otherwise.
	Kept [][]string
	// Bad lists, for [Encoding.Apply] with ApplyOptions.KeepBad, the rows
	// of X that hold a cell the Encoding cannot code, in increasing order;
	// those rows of X are NaN.
	Bad []RowError
}

// RowError is the error of one row of a [Table]: Row indexes X, Err is
// the [*ParseError] that names the line and the column of the cell.
type RowError struct {
	Row int
	Err error
}

// Read reads a CSV file with a header row into a [Table] for fitting a
// binary model, in a single pass over the input. The package documentation
// gives the rules: missing values, column kinds, the coding of text columns
// and of the target.
//
// Read returns a [*ParseError] wrapping one of the package's sentinel errors
// for any problem with the content of r or with opt, and an error of r
// unchanged when reading fails.
func Read(r io.Reader, opt ReadOptions) (*Table, error) {
	return readTable(r, opt, chunkSize)
}

// readTable is Read parsing pieces of about chunk bytes.
func readTable(r io.Reader, opt ReadOptions, chunk int) (*Table, error) {
	p, pl, err := readPlan(r, opt, chunk)
	if err != nil {
		return nil, err
	}
	cols, nFeat := pl.cols, pl.nFeat
	g, dropped, err := p.rows(cols, pl.policy)
	if err != nil {
		return nil, err
	}
	if err := p.checkRows(g.n, dropped); err != nil {
		return nil, err
	}
	if err := p.mixedError(cols); err != nil {
		return nil, err
	}
	for k, c := range cols {
		if c.isText() {
			sortLevels(c, g, k)
		}
	}
	ck := readChecks(&pl, opt)
	for _, b := range g.blocks {
		ck.add(b)
	}
	enc, names, err := p.encoding(&pl, &ck, opt)
	if err != nil {
		return nil, err
	}
	if err := p.checkDesign(enc.Features, cols[:nFeat], "", g.n, designLimit(opt.MaxDesignBytes)); err != nil {
		return nil, err
	}
	t := &Table{Encoding: enc, Names: names, Dropped: dropped, TargetLevels: enc.Target.Levels}
	code := numericCode(enc.Target)
	if tc := cols[nFeat]; tc.isText() {
		pos := float64(slices.Index(tc.levels, enc.Target.Levels[1]))
		code = func(v float64) float64 { return b2f(v == pos) }
	}
	assemble(t, g, rowCoder{feats: enc.Features, code: code, yk: nFeat, wk: pl.wk})
	return t, nil
}

// ReadFile is [Read] on the named file; path "-" reads standard input. When
// opt.Name is "" the path names the file in error messages ("<stdin>" for
// "-").
func ReadFile(path string, opt ReadOptions) (*Table, error) {
	return readFile(path, opt.Name, func(r io.Reader, name string) (*Table, error) {
		opt.Name = name
		return Read(r, opt)
	})
}

// readFile calls read on the named file, path "-" meaning standard input,
// with the name to use in messages: name, or when it is "", the path
// ("<stdin>" for "-"). It closes the file after.
func readFile(path, name string, read func(r io.Reader, name string) (*Table, error)) (*Table, error) {
	var f io.ReadCloser = io.NopCloser(os.Stdin)
	if path == "-" {
		name = cmp.Or(name, "<stdin>")
	} else {
		var err error
		if f, err = os.Open(path); err != nil {
			return nil, err
		}
		name = cmp.Or(name, path)
	}
	defer f.Close()
	return read(f, name)
}

// checkRows returns an ErrEmpty error when no row is left.
func (p *parser) checkRows(n, dropped int) error {
	switch {
	case n > 0:
		return nil
	case dropped > 0:
		return p.errorf(0, 0, "%w: all %d rows have missing values", ErrEmpty, dropped)
	default:
		return p.errorf(0, 0, "%w: header but no rows", ErrEmpty)
	}
}

// designNames returns the names of the design columns of feats and checks
// that they are distinct.
func (p *parser) designNames(feats []Feature) ([]string, error) {
	names := designNames(feats)
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if seen[n] {
			return nil, p.errorf(p.headerLine, 0, "%w %q in the design matrix", ErrDuplicateHeader, n)
		}
		seen[n] = true
	}
	return names, nil
}

// designNames returns "col" for a numeric feature and "col=level" for each
// non-baseline level of a categorical one, or each level when AllLevels is
// set.
func designNames(feats []Feature) []string {
	var names []string
	for _, f := range feats {
		if f.Kind == Categorical {
			if len(f.Levels) == 0 {
				continue // an invalid Encoding, refused by Apply; no panic here
			}
			for _, l := range f.Levels[f.baseline():] {
				names = append(names, f.Name+"="+l)
			}
		} else {
			names = append(names, f.Name)
		}
	}
	return names
}

// rowCoder codes rows of blocks into the rows of a table: the design
// columns from the first len(feats) columns of a block, the target from
// column yk, when yk >= 0, coded by code (nil: as is), and the weights from
// column wk when wk >= 0.
type rowCoder struct {
	feats  []Feature
	code   func(float64) float64
	yk, wk int
	nKeep  int // kept columns (ApplyOptions.Keep), copied to t.Kept
}

// assemble sets t.X, whose columns are t.Names, t.Y when rc.yk >= 0,
// t.Weights when rc.wk >= 0, and t.Rows from the rows of g. It lets each
// block of g go once copied, so that the grid and the table are never both
// whole in memory.
func assemble(t *Table, g *grid, rc rowCoder) {
	n := g.n
	t.X = linalg.NewDense(n, len(t.Names), nil)
	if rc.yk >= 0 {
		t.Y = make([]float64, n)
	}
	if rc.wk >= 0 {
		t.Weights = make([]float64, n)
	}
	t.Rows = make([]int, n)
	if rc.nKeep > 0 {
		t.Kept = make([][]string, rc.nKeep)
		for j := range t.Kept {
			t.Kept[j] = make([]string, n)
		}
	}
	off := 0
	for _, b := range g.blocks {
		for _, e := range b.bad {
			t.Bad = append(t.Bad, RowError{Row: off + e.Row, Err: e.Err})
		}
		off += b.n
	}
	g.drain(func(off int, b *block) {
		rc.fill(t, off, b, 0, b.n)
	})
}

// fill writes the rows r0 to r0+m−1 of block b into the rows i to i+m−1 of
// t, where t.X is all 0: a numeric feature as is, a categorical one as a 1
// in the dummy column of its level unless it is the baseline, NaN for a
// bad row (ApplyOptions.KeepBad), and t.Y, t.Weights, t.Rows and t.Kept.
// It is safe to call at once for different rows of t.
func (rc rowCoder) fill(t *Table, i int, b *block, r0, m int) {
	_, p := t.X.Dims()
	x := t.X.RawData()[i*p : (i+m)*p]
	k := 0 // design column
	for j, f := range rc.feats {
		col := b.col(j)[r0 : r0+m]
		if f.Kind == Numeric {
			for r, v := range col {
				x[r*p+k] = v
			}
			k++
			continue
		}
		b0 := f.baseline()
		for r, v := range col {
			if code := int(v) - b0; code >= 0 {
				x[r*p+k+code] = 1
			}
		}
		k += len(f.Levels) - b0
	}
	if rc.yk >= 0 {
		y := t.Y[i : i+m]
		copy(y, b.col(rc.yk)[r0:r0+m])
		if rc.code != nil {
			for r, v := range y {
				y[r] = rc.code(v)
			}
		}
	}
	if rc.wk >= 0 {
		copy(t.Weights[i:i+m], b.col(rc.wk)[r0:r0+m])
	}
	for r := range m {
		t.Rows[i+r] = b.line(r0 + r)
	}
	for _, e := range b.bad {
		if r := e.Row - r0; r >= 0 && r < m {
			row := x[r*p : r*p+p]
			for c := range row {
				row[c] = math.NaN()
			}
		}
	}
	for j := range rc.nKeep {
		kept := t.Kept[j][i : i+m]
		for r := range kept {
			kept[r] = b.keptField((r0+r)*rc.nKeep + j)
		}
	}
}

// baseline returns the number of levels of categorical feature f that get
// no design column: 1, the first level, or 0 when f has AllLevels.
func (f *Feature) baseline() int {
	if f.AllLevels {
		return 0
	}
	return 1
}
