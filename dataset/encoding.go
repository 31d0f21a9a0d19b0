package dataset

import (
	"errors"
	"fmt"
	"io"
	"slices"
)

// Kind is how a column is coded: [Numeric] or [Categorical].
type Kind string

// The kinds of column.
const (
	Numeric     Kind = "numeric"     // every present cell is a finite number
	Categorical Kind = "categorical" // every present cell is text, a level
)

// ErrEncoding is returned by [Encoding.Apply] for an Encoding that is not
// consistent, such as one edited by hand after being saved as JSON.
var ErrEncoding = errors.New("dataset: invalid encoding")

// Feature describes how one feature column is coded in the design matrix.
type Feature struct {
	// Name is the column's name in the header.
	Name string `json:"name"`
	// Kind is Numeric (one design column, the value as is) or Categorical.
	Kind Kind `json:"kind"`
	// Levels holds the distinct texts of a Categorical column in byte
	// order. The first is the baseline; each other level l gets a design
	// column "Name=l" that is 1 on its rows and 0 elsewhere.
	Levels []string `json:"levels,omitempty"`
	// AllLevels true gives every level of a Categorical column a design
	// column, the first included, as R codes the first factor of a model
	// without an intercept ([ReadOptions].NoIntercept sets it); false
	// leaves the first level as the baseline, without a column. It must be
	// false for a Numeric column.
	AllLevels bool `json:"all_levels,omitempty"`
}

// Target describes how the response column is coded as 0/1.
type Target struct {
	// Name is the column's name in the header.
	Name string `json:"name"`
	// Kind is Numeric for a column of numbers, Categorical for text.
	Kind Kind `json:"kind"`
	// Levels holds the values coded 0 and 1, for display. With Positive
	// set and more than one other value, Levels[0] is "not " + Positive.
	Levels [2]string `json:"levels"`
	// Positive, when not "", is the value coded 1, every other value being
	// coded 0; "" means 0/1 numbers, or Levels[0] → 0 and Levels[1] → 1.
	Positive string `json:"positive,omitempty"`
}

// Encoding is the recipe that turns a CSV file into a design matrix: the
// feature columns in design order with their kinds and levels, and the
// coding of the target. [Read] returns it in [Table.Encoding]; it is plain
// data that encoding/json saves and restores exactly, so that a model can
// code new data as it coded its training data.
type Encoding struct {
	Features []Feature `json:"features"`
	Target   Target    `json:"target"`
	// Weights names the column of prior weights of the training data, ""
	// when there is none. With weights the numeric target may hold
	// proportions, so [Encoding.Apply] reads this column with the target.
	Weights string `json:"weights,omitempty"`
}

// Names returns the names of the design columns: "col" for a numeric
// feature, "col=level" for each non-baseline level of a categorical one
// (for every level when its AllLevels is set).
func (e *Encoding) Names() []string { return designNames(e.Features) }

// ApplyOptions controls [Encoding.Apply]. The zero value reads the features
// only and fails on a missing cell.
type ApplyOptions struct {
	// Target true also reads the target column, which must then be present,
	// into Table.Y with the training coding, and the weights column
	// (Encoding.Weights) when there is one into Table.Weights; false ignores
	// both even if present.
	Target bool
	// DropNA is as in [ReadOptions]: only the columns read count.
	DropNA bool
	// MaxDesignBytes is as in [ReadOptions]; for [Encoding.ApplyChunks] it
	// bounds the design matrix of one chunk.
	MaxDesignBytes int64
	// Name is the file name used in error messages; "" means "<input>".
	Name string
	// Keep names input columns whose cells are passed through, exactly as
	// read (unquoted, blanks kept), in Table.Kept, so that results can be
	// joined back to the input. A kept column may also be a feature or the
	// target; its cells are not coded and never count as missing. Nil
	// keeps none.
	Keep []string
	// KeepBad true keeps a row that holds a feature cell the encoding
	// cannot code (a level it does not know, text or a non-finite number in
	// a numeric column) instead of failing: its row of X is NaN and
	// Table.Bad lists it with the error Apply would return for it. A row
	// dropped for a missing cell (DropNA) is dropped first. False makes
	// such a cell an error.
	KeepBad bool
}

// Apply reads a CSV file with a header row and codes it exactly as the
// training data of e: the result's X has the columns e.Names(), built by the
// rules of [Read] with the kinds and levels fixed by e. The file must hold
// every feature column, in any order and among any other columns.
//
// With opt.Target the target is coded as in training: a numeric target
// must be 0 or 1, unless e.Target.Positive is set or e.Weights names a
// weights column; that column is then read too, must be present, and its
// values must be finite numbers >= 0, and the target may hold proportions in
// [0, 1]. Otherwise Table.Weights is nil.
//
// With opt.Keep the cells of the kept columns are copied, as read, into
// Table.Kept; with opt.KeepBad a row whose feature cell cannot be coded is
// kept, NaN in X, and listed in Table.Bad with its error.
//
// Apply returns a [*ParseError] for a feature or kept column missing from
// the header ([ErrUnknownColumn]); unless KeepBad, for a text
// ([ErrNotNumeric]) or a non-finite number ([ErrNotFinite]) in a numeric
// feature and a level not in the encoding ([ErrUnseenLevel]); for a
// missing cell unless DropNA ([ErrMissing]), a target that cannot be coded
// ([ErrTarget]), a negative weight ([ErrWeight]), a design larger than
// opt.MaxDesignBytes ([ErrTooLarge]), and the other malformations [Read]
// reports; it returns an error wrapping [ErrEncoding] if e itself is
// inconsistent.
func (e *Encoding) Apply(r io.Reader, opt ApplyOptions) (*Table, error) {
	return e.apply(r, opt, chunkSize)
}

// apply is Apply parsing pieces of about chunk bytes.
func (e *Encoding) apply(r io.Reader, opt ApplyOptions, chunk int) (*Table, error) {
	p, pl, err := e.applyPlan(r, opt, chunk)
	if err != nil {
		return nil, err
	}
	cols, nFeat, wk := pl.cols, pl.nFeat, pl.wk
	tg := e.Target
	g, dropped, err := p.rowsSpec(pl.spec(p))
	if err != nil {
		return nil, err
	}
	if err := p.checkRows(g.n, dropped); err != nil {
		return nil, err
	}
	if err := p.checkDesign(e.Features, cols[:nFeat], "", g.n, designLimit(opt.MaxDesignBytes)); err != nil {
		return nil, err
	}
	t := &Table{
		Names:        e.Names(),
		Encoding:     e.clone(),
		Dropped:      dropped,
		TargetLevels: tg.Levels,
	}
	if !opt.Target {
		assemble(t, g, rowCoder{feats: e.Features, yk: -1, wk: -1, nKeep: len(pl.keep)})
		return t, nil
	}
	ck := e.applyChecks(&pl)
	for _, b := range g.blocks {
		ck.add(b)
	}
	if err := ck.responses(p, cols[nFeat]); err != nil {
		return nil, err
	}
	if wk >= 0 {
		if err := ck.weights(p, cols[wk]); err != nil {
			return nil, err
		}
	}
	assemble(t, g, rowCoder{feats: e.Features, code: numericCode(tg), yk: nFeat, wk: wk, nKeep: len(pl.keep)})
	return t, nil
}

// ApplyFile is [Encoding.Apply] on the named file; path "-" reads standard
// input. When opt.Name is "" the path names the file in error messages.
func (e *Encoding) ApplyFile(path string, opt ApplyOptions) (*Table, error) {
	return readFile(path, opt.Name, func(r io.Reader, name string) (*Table, error) {
		opt.Name = name
		return e.Apply(r, opt)
	})
}

// check reports an inconsistent encoding.
func (e *Encoding) check(target bool) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrEncoding}, args...)...)
	}
	seen := make(map[string]bool)
	for _, f := range e.Features {
		if f.Name == "" {
			return bad("feature with an empty name")
		}
		if seen[f.Name] {
			return bad("feature %q listed twice", f.Name)
		}
		seen[f.Name] = true
		switch f.Kind {
		case Numeric:
			if f.AllLevels {
				return bad("numeric feature %q has all_levels set", f.Name)
			}
		case Categorical:
			if len(f.Levels) < 2 {
				return bad("categorical feature %q has fewer than two levels", f.Name)
			}
			levels := make(map[string]bool, len(f.Levels))
			for _, l := range f.Levels {
				if levels[l] {
					return bad("feature %q has level %q twice", f.Name, l)
				}
				levels[l] = true
			}
		default:
			return bad("feature %q has kind %q", f.Name, f.Kind)
		}
	}
	if !target {
		return nil
	}
	tg := e.Target
	switch {
	case tg.Name == "":
		return bad("no target column")
	case seen[tg.Name]:
		return bad("target %q is also a feature", tg.Name)
	case tg.Kind != Numeric && tg.Kind != Categorical:
		return bad("target %q has kind %q", tg.Name, tg.Kind)
	case tg.Kind == Numeric && tg.Positive != "":
		if _, num, finite := parseNumber(tg.Positive); !num || !finite {
			return bad("positive value %q of numeric target %q is not a number", tg.Positive, tg.Name)
		}
	case tg.Kind == Categorical && tg.Positive == "" && tg.Levels[0] == tg.Levels[1]:
		return bad("target %q has two equal levels %q", tg.Name, tg.Levels[0])
	case e.Weights != "" && (e.Weights == tg.Name || seen[e.Weights]):
		return bad("weights column %q is also the target or a feature", e.Weights)
	}
	return nil
}

// clone returns a deep copy of e.
func (e *Encoding) clone() Encoding {
	c := Encoding{Features: slices.Clone(e.Features), Target: e.Target, Weights: e.Weights}
	for i := range c.Features {
		c.Features[i].Levels = slices.Clone(c.Features[i].Levels)
	}
	return c
}

// levelIndex maps each level to its position.
func levelIndex(levels []string) map[string]int32 {
	m := make(map[string]int32, len(levels))
	for k, l := range levels {
		m[l] = int32(k)
	}
	return m
}
