package dataset

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Unseen is what a [RowEncoder] does with a text that is not a level of its
// categorical feature.
type Unseen int

const (
	// UnseenError makes the record an error wrapping [ErrUnseenLevel], as
	// [Encoding.Apply] does.
	UnseenError Unseen = iota
	// UnseenZero codes the record with all of the feature's dummy columns
	// 0: the level contributes nothing to the linear predictor (with an
	// intercept and a baseline, the record is scored as the baseline).
	UnseenZero
)

// RowOptions controls [Encoding.NewRowEncoder]. The zero value reads the
// fields of [RowEncoder.EncodeFields] in the order of the features and
// fails on an unseen level.
type RowOptions struct {
	// Columns declares the names of the fields given to
	// [RowEncoder.EncodeFields], in their order; every feature must be
	// among them, and the others are ignored. Nil means the features'
	// names in the Encoding's order.
	Columns []string
	// Unseen chooses what an unseen level does; the zero value is
	// UnseenError.
	Unseen Unseen
}

// RowEncoder codes one record at a time into a row of the design matrix,
// by the rules [Encoding.Apply] applies to a row of a file: the same value
// for every cell that Apply accepts, the same error for every cell it
// refuses. It holds no state between calls: a RowEncoder is safe for
// concurrent use by many goroutines, and its methods do not allocate but
// to build an error.
type RowEncoder struct {
	feats  []rowFeature
	width  int
	cols   []int // the field of each feature in EncodeFields's input
	nCols  int   // the number of fields EncodeFields takes
	unseen Unseen
	nums   []numField // the numeric features
	numAt  []int32    // their fields and columns in pairs, for decimals
	mapAt  []int32    // their places in quickMap's batches and columns
	cats   []int      // the categorical features, as indices of feats
}

// numField is a numeric feature compiled for the quick loops of Encode and
// EncodeFields: its name, its field in EncodeFields's input and its design
// column.
type numField struct {
	name       string
	field, col int
}

// rowFeature is one feature compiled: its first design column and, for a
// categorical one, its levels and the design column of level k, col+k−base.
type rowFeature struct {
	name   string
	cat    bool
	col    int
	base   int
	levels []string
	index  map[string]int32 // nil for few levels, searched in order
}

// fewLevels is the number of levels up to which a feature's levels are
// searched in order rather than by a map.
const fewLevels = 8

// NewRowEncoder compiles e into a [RowEncoder] with the options opt. It
// returns an error wrapping [ErrEncoding] if e is inconsistent, and one
// wrapping [ErrOption] if opt.Columns lacks a feature or names a column
// twice.
func (e *Encoding) NewRowEncoder(opt RowOptions) (*RowEncoder, error) {
	if err := e.check(false); err != nil {
		return nil, err
	}
	if opt.Unseen != UnseenError && opt.Unseen != UnseenZero {
		return nil, fmt.Errorf("%w: unseen-level policy %d", ErrOption, opt.Unseen)
	}
	r := &RowEncoder{unseen: opt.Unseen, feats: make([]rowFeature, len(e.Features)), cols: make([]int, len(e.Features))}
	for j, f := range e.Features {
		rf := rowFeature{name: f.Name, col: r.width}
		if f.Kind == Categorical {
			rf.cat, rf.base, rf.levels = true, f.baseline(), slices.Clone(f.Levels)
			if len(rf.levels) > fewLevels {
				rf.index = levelIndex(rf.levels)
			}
			r.width += len(f.Levels) - rf.base
		} else {
			r.width++
		}
		r.feats[j] = rf
		r.cols[j] = j
	}
	r.nCols = len(e.Features)
	if opt.Columns != nil {
		at := make(map[string]int, len(opt.Columns))
		for i, c := range opt.Columns {
			if _, dup := at[c]; dup {
				return nil, fmt.Errorf("%w: column %q listed twice", ErrOption, c)
			}
			at[c] = i
		}
		for j, f := range e.Features {
			i, ok := at[f.Name]
			if !ok {
				return nil, fmt.Errorf("%w: feature %q is not among the columns %s", ErrOption, f.Name, list(opt.Columns))
			}
			r.cols[j] = i
		}
		r.nCols = len(opt.Columns)
	}
	for j, f := range r.feats {
		if f.cat {
			r.cats = append(r.cats, j)
		} else {
			r.nums = append(r.nums, numField{name: f.name, field: r.cols[j], col: f.col})
		}
	}
	if r.nCols <= math.MaxInt32 && r.width <= math.MaxInt32 {
		for i, n := range r.nums {
			r.numAt = append(r.numAt, int32(n.field), int32(n.col))
			r.mapAt = append(r.mapAt, int32(i%mapBatch), int32(n.col))
		}
	}
	return r, nil
}

// Width returns the number of design columns of a row: len(e.Names()) of
// its Encoding, without an intercept.
func (r *RowEncoder) Width() int { return r.width }

// FieldError is the error of a record that cannot be coded: it names the
// field, and wraps [ErrUnknownColumn] (the field is absent), [ErrMissing],
// [ErrNotNumeric], [ErrNotFinite] or [ErrUnseenLevel].
type FieldError struct {
	Field string // the feature's name
	Value string // the field's text; "" when absent
	Err   error
}

// Error returns a message such as `field "age": not a number: text "x"`.
func (e *FieldError) Error() string {
	switch e.Err {
	case ErrUnknownColumn:
		return "field " + strconv.Quote(e.Field) + " is absent from the record"
	case ErrMissing:
		return "field " + strconv.Quote(e.Field) + ": " + ErrMissing.Error() + " " + strconv.Quote(e.Value)
	case ErrNotNumeric:
		return "field " + strconv.Quote(e.Field) + ": " + ErrNotNumeric.Error() + ": text " + strconv.Quote(e.Value)
	}
	return "field " + strconv.Quote(e.Field) + ": " + e.Err.Error() + " " + strconv.Quote(e.Value)
}

// Unwrap returns the sentinel error.
func (e *FieldError) Unwrap() error { return e.Err }

// Encode sets dst, of length [RowEncoder.Width], to the design row of the
// record rec, which maps field names to their texts (the cells of a CSV
// row) and must hold every feature; other fields are ignored. A numeric
// feature's text, without surrounding blanks, is a decimal number; a
// categorical one's text is matched exactly against the levels. An empty
// text, blanks or NA is missing. On an error dst is partly written.
//
// Encode returns a *[FieldError] for a feature absent from rec, a missing
// value, a text in a numeric feature, a non-finite number, or (with
// UnseenError) an unseen level. It panics if len(dst) != r.Width().
func (r *RowEncoder) Encode(dst []float64, rec map[string]string) error {
	if len(dst) != r.width {
		panic("dataset: row length mismatch")
	}
	if r.quickMap(dst, rec) {
		return nil
	}
	feats := r.feats
	for j := range feats {
		f := &feats[j]
		s, ok := rec[f.name]
		if !ok {
			return &FieldError{Field: f.name, Err: ErrUnknownColumn}
		}
		if !f.cat {
			if v, ok := plainDecimal(s); ok {
				dst[f.col] = v
				continue
			}
		}
		if err := r.cell(dst, f, s); err != nil {
			return err
		}
	}
	return nil
}

// EncodeFields is [RowEncoder.Encode] on a record given as its fields in
// the order of [RowOptions].Columns (by default, of the features). It
// returns the errors Encode does, and one wrapping [ErrRagged] when
// len(fields) is not the number of columns; it panics if len(dst) !=
// r.Width().
func (r *RowEncoder) EncodeFields(dst []float64, fields []string) error {
	if len(dst) != r.width {
		panic("dataset: row length mismatch")
	}
	if len(fields) != r.nCols {
		return fmt.Errorf("%w: %d fields, want %d", ErrRagged, len(fields), r.nCols)
	}
	if r.quickFields(dst, fields) {
		return nil
	}
	feats, cols := r.feats, r.cols[:len(r.feats)]
	for j := range feats {
		f, s := &feats[j], fields[cols[j]]
		if !f.cat {
			if v, ok := plainDecimal(s); ok {
				dst[f.col] = v
				continue
			}
		}
		if err := r.cell(dst, f, s); err != nil {
			return err
		}
	}
	return nil
}

// quickFields codes the record of EncodeFields when every numeric field is
// a plain decimal and every categorical one a level, the common case, in
// one loop over the numeric features and one over the categorical ones. It
// returns false at the first field that is not, leaving the record to the
// loop over the features in their order that finds the first error; dst
// may then be partly written, as it may be on an error.
//
// The caller has checked that len(fields) is r.nCols and len(dst) r.width:
// decimals, which codes the plain decimals of the record in assembly where
// there is some, relies on it.
func (r *RowEncoder) quickFields(dst []float64, fields []string) bool {
	for _, n := range r.nums[decimals(dst, fields, r.numAt, &pow10):] {
		v, ok := plainDecimal(fields[n.field])
		if !ok {
			return false
		}
		dst[n.col] = v
	}
	for _, j := range r.cats {
		if !r.feats[j].quickLevel(dst, fields[r.cols[j]]) {
			return false
		}
	}
	return true
}

// quickMap is quickFields for the record of Encode. It gathers the texts
// of up to mapBatch numeric features at a time for decimals.
func (r *RowEncoder) quickMap(dst []float64, rec map[string]string) bool {
	var texts [mapBatch]string
	for lo := 0; lo < len(r.nums); lo += mapBatch {
		nums := r.nums[lo:min(lo+mapBatch, len(r.nums))]
		for i, n := range nums {
			texts[i] = rec[n.name] // "" for an absent field is no number
		}
		var done int
		if len(r.mapAt) > 0 {
			done = decimals(dst, texts[:len(nums)], r.mapAt[2*lo:2*(lo+len(nums))], &pow10)
		}
		for i, n := range nums[done:] {
			v, ok := plainDecimal(texts[done+i])
			if !ok {
				return false
			}
			dst[n.col] = v
		}
	}
	for _, j := range r.cats {
		f := &r.feats[j]
		if !f.quickLevel(dst, rec[f.name]) {
			return false
		}
	}
	return true
}

// mapBatch is the number of numeric fields whose texts quickMap gathers
// for one call of decimals.
const mapBatch = 16

// quickLevel codes s into the dummy columns of the categorical feature f
// and returns true when s is one of its levels; it returns false, and
// writes nothing, for any other text, missing ones included, which cell
// decides.
func (f *rowFeature) quickLevel(dst []float64, s string) bool {
	if len(s) == 0 || isBlank(s[0]) || isBlank(s[len(s)-1]) || s == "NA" {
		return false // perhaps missing: cell trims and decides
	}
	code := f.code(s)
	if code < 0 {
		return false
	}
	d := dst[f.col : f.col+len(f.levels)-f.base]
	for i := 0; i < len(d); i++ { // a few entries: no call to clear them
		d[i] = 0
	}
	if code >= f.base {
		d[code-f.base] = 1
	}
	return true
}

// code returns the index of the level s of the categorical feature f, or
// −1 if s is not one.
func (f *rowFeature) code(s string) int {
	if f.index != nil {
		if c, ok := f.index[s]; ok {
			return int(c)
		}
		return -1
	}
	// The lengths, first and last bytes first: most levels differ in
	// one of them, and comparing them costs less than comparing the texts.
	if len(s) == 0 {
		return -1 // not a level: missing
	}
	for k, l := range f.levels {
		if len(l) == len(s) && l[0] == s[0] && l[len(l)-1] == s[len(s)-1] && l == s {
			return k
		}
	}
	return -1
}

// cell codes the text s of feature f into its design columns of dst.
// Encode and EncodeFields first try a plain decimal in a numeric feature,
// the common case, which has no blanks and is not NA: cell would give it
// the same value.
func (r *RowEncoder) cell(dst []float64, f *rowFeature, s string) error {
	t := s
	if len(t) > 0 && (isBlank(t[0]) || isBlank(t[len(t)-1])) {
		t = trimBlankString(t)
	}
	if len(t) == 0 || t == "NA" {
		return &FieldError{Field: f.name, Value: s, Err: ErrMissing}
	}
	if !f.cat {
		v, num, finite := parseNumber(t)
		switch {
		case num && !finite:
			return &FieldError{Field: f.name, Value: s, Err: ErrNotFinite}
		case !num:
			return &FieldError{Field: f.name, Value: s, Err: ErrNotNumeric}
		}
		dst[f.col] = v
		return nil
	}
	code := f.code(s)
	d := dst[f.col : f.col+len(f.levels)-f.base]
	clear(d)
	switch {
	case code < 0 && r.unseen == UnseenZero:
	case code < 0:
		return &FieldError{Field: f.name, Value: s, Err: ErrUnseenLevel}
	case code >= f.base:
		d[code-f.base] = 1
	}
	return nil
}

// trimBlankString removes surrounding spaces and tabs.
func trimBlankString(t string) string {
	for len(t) > 0 && isBlank(t[0]) {
		t = t[1:]
	}
	for len(t) > 0 && isBlank(t[len(t)-1]) {
		t = t[:len(t)-1]
	}
	return t
}
