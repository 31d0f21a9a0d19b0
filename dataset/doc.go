// Package dataset reads CSV files into design matrices for binary regression,
// codes new data the same way, ships Fisher's iris data, and splits rows for
// validation.
//
// [Read] turns a CSV file into a [Table]: an n×p [linalg.Dense] design matrix
// X without intercept column, a 0/1 response Y, optional weights, the design
// column names, and the [Encoding] that [Encoding.Apply] uses to code a new
// file identically. [ReadFrame] reads a file column by column without model
// coding. [Iris] and [IrisTwoClass] give the iris data; [StratifiedSplit] and
// [StratifiedKFold] divide rows while keeping class proportions.
//
// One record at a time, as a service receives them, [Encoding.NewRowEncoder]
// compiles an Encoding into a [RowEncoder] that codes a record's fields (a
// map, or a slice in a declared column order) into a caller's design row by
// Apply's rules, without allocating; an unseen level is an error or codes as
// all-zero dummies ([RowOptions].Unseen), and a *[FieldError] names the
// field of a missing or unparsable value.
//
// For files larger than memory, [ScanEncoding] finds in one pass the
// Encoding that Read would, keeping no cells, and [Encoding.ApplyChunks]
// then codes the file in tables of a fixed number of rows, so that a fit can
// stream them (logreg.FitStream), or a prediction can score each and let it
// go. For predictions, ApplyOptions.Keep passes input columns through as
// read (an id to join the results back) and ApplyOptions.KeepBad keeps the
// rows that cannot be coded, with their errors, instead of failing.
//
// # Input format
//
// The input is CSV as RFC 4180 defines it and encoding/csv reads it: a
// comma separator, double-quoted fields that may hold commas, quotes ("")
// and line breaks, LF or CRLF line ends (a CRLF inside quotes reads as LF).
// The first record is the header; its names must be non-empty, valid UTF-8
// and distinct. A UTF-8 byte order mark at the start is skipped. Empty lines
// are skipped, so a blank trailing line is fine (and a file with a single
// column cannot mark a missing cell by an empty line). Every record must
// have as many fields as the header.
//
// # Speed and memory
//
// The input is read once, in pieces of about a megabyte cut at record
// boundaries, which up to GOMAXPROCS goroutines convert while the next
// pieces are read; the result does not depend on their number. A record
// without quotes is split and its numbers converted in a single pass over
// its bytes, without creating strings; numbers are correctly rounded (the
// value strconv.ParseFloat gives). The text is never held in memory beyond
// the pieces in flight: only the cells of the columns in use are kept, as
// float64 values (a text cell as the index of its level), column by column
// in blocks, one per piece. The design matrix is filled block by block at
// the end, when the kind of every column is known, and each block is let go
// once copied. Peak memory is thus about the cells kept plus the result:
// for numeric data, about twice the size of the table. The package leaves
// the garbage collector alone; an application that wants the memory of
// the blocks back at once can call runtime/debug.FreeOSMemory after Read.
//
// Before the design matrix is allocated, its size is checked against
// ReadOptions.MaxDesignBytes, [DefaultMaxDesignBytes] (4 GiB) by default:
// a text column with a level per row, say, is refused with an
// [ErrTooLarge] error that names it, rather than exhausting memory.
//
// # Cells and column kinds
//
// A cell is missing when, ignoring surrounding blanks (spaces and tabs), it is
// empty or exactly NA. A cell is a number when, ignoring surrounding blanks,
// it is a decimal floating-point literal such as 3, -0.5, .5, 1e-3 or 2.5E+10;
// hexadecimal literals and underscores are text. A cell that spells a
// non-finite number (NaN, Inf, +Inf, -inf, Infinity, in any case) or a
// number too large for a float64 is an error ([ErrNotFinite]), not a missing
// value. Any other cell is text, taken exactly as written, blanks included.
//
// A column is Numeric when all its present cells are numbers and Categorical
// when all are text. A column with both is an error ([ErrMixed]) that names
// the first cell of the rarer kind: the first text cell when text cells are
// fewer than numbers or as many, otherwise the first number. The kinds are
// decided over all rows, including rows dropped for missing values.
//
// # Categorical coding
//
// A Categorical feature is coded as R codes a factor with treatment
// contrasts: its levels are its distinct texts in kept rows, sorted in byte
// order; the first is the baseline and gets no column; every other level l
// gets a 0/1 design column named "col=l", and these columns take the place of
// the feature in the design matrix. So race with levels black, other, white
// gives the columns race=other and race=white. For a model without an
// intercept (ReadOptions.NoIntercept), the first Categorical feature in
// design order gets a column for every level, its first included
// (Feature.AllLevels), as R's model.matrix codes y ~ 0 + race + lwt: the
// columns race=black, race=other and race=white then take the place of the
// intercept; any other Categorical feature keeps its baseline. A
// Categorical feature with a single level is an error ([ErrSingleLevel]),
// as in R. A Numeric feature gives one column with its name, even when it
// is constant.
//
// # Target
//
// The target column is coded 0/1:
//
//   - Numeric: every value must be 0 or 1. When a weights column is given
//     the values may be proportions in [0, 1], R's convention for a binomial
//     response given as a proportion of the weight.
//   - Categorical: exactly two distinct texts; the first in byte order is
//     coded 0 and the second 1, as R codes a two-level factor.
//   - With ReadOptions.Positive set, that value is coded 1 and every other
//     value 0, for any number of values; it must occur in the column.
//
// A target that is neither is an error ([ErrTarget]) that lists the values;
// so is a text target, or a numeric one with Positive set, that holds a
// single value in the kept rows ("target y has only the value no"), since
// it has nothing to discriminate.
// The weights, when given, must be finite numbers >= 0 ([ErrNotNumeric],
// [ErrWeight]).
//
// # Errors
//
// Every problem with the content of an input is a [*ParseError] that prints
// as FILE:LINE:COLUMN: message, where LINE is the line where the offending
// record starts and COLUMN the 1-based field number; a message about a whole
// record prints FILE:LINE: and one about the whole input FILE:. The error
// wraps a sentinel, so errors.Is(err, ErrMissing) tells the kind of failure:
//
//	ErrEmpty           no header, no rows, or every row dropped
//	ErrSyntax          malformed quoting (at the bad quote, COLUMN a byte
//	                   position; an unclosed quoted field at its opening quote)
//	ErrRagged          a record with the wrong number of fields
//	ErrEmptyHeader     an empty column name
//	ErrDuplicateHeader a repeated column name or design column name
//	ErrInvalidUTF8     a column name or text cell that is not UTF-8
//	ErrUnknownColumn   a named column that is not in the header
//	ErrOption          contradictory options
//	ErrMissing         a missing cell in a used column without DropNA
//	ErrNotFinite       NaN, Inf or an overflowing number
//	ErrMixed           a column with numbers and text
//	ErrNotNumeric      text where a number is required
//	ErrTarget          a target that cannot be coded 0/1
//	ErrWeight          a negative weight
//	ErrSingleLevel     a text feature with one level
//	ErrUnseenLevel     a level that an Encoding does not know
//	ErrTooLarge        a design matrix over the options' MaxDesignBytes
//
// Errors returned by the underlying io.Reader are passed through unchanged.
//
// # Model formulas
//
// [ParseFormula] reads R's model formulas, "low ~ race * lwt + log(age)",
// and [Formula.Design] codes a [Frame] by one exactly as R's model.matrix
// with treatment contrasts: terms ordered by degree as R's terms(), a
// factor in an interaction without its main effect coded with all its
// levels, the first factor of a model without an intercept too. Columns
// are named race=other, race=other:lwt, I(age^2), log(lwt), poly(age, 2)1
// and factor(smoke)=1, and [Design].Term gives each its term. The
// [Design].Coding records what the variables learnt (factor levels, the
// recurrence coefficients of an orthogonal poly()) so that [Coding.Apply]
// codes new data as the training data. offset() terms are summed into
// [Design].Offset. A malformed formula is a [*FormulaError] with its
// position, "formula:1:13: unknown function "lgo"".
//
// # Splits
//
// [StratifiedSplit] and [StratifiedKFold] are deterministic functions of the
// responses and a seed: they draw from math/rand/v2's PCG generator seeded
// with it, never from the clock, so a split can be reproduced exactly.
package dataset
