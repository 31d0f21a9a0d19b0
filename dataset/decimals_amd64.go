//go:build !purego

package dataset

// decimals codes the numeric fields of a record that are plain decimals:
// for i = 0, 1, …, len(at)/2−1 while fields[at[2i]] is a plain decimal of
// an optional '-', digits, an optional point and digits, it stores in
// dst[at[2i+1]] the value plainDecimal returns, and it returns the i it
// stopped at (len(at)/2 when it took them all). It is plainDecimal and
// the loop around it in one call, without the spills of the registers
// around a call per field. It does not check the indices: every at[2i]
// must be below len(fields) and every at[2i+1] below len(dst).
//
//go:noescape
func decimals(dst []float64, fields []string, at []int32, pow *[23]float64) int

// asmDecimals reports that decimals is the assembly (for its test).
const asmDecimals = true
