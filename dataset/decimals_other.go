//go:build !amd64 || purego

package dataset

// decimals takes none of the fields: without the assembly the loop of
// quickFields codes every one with plainDecimal.
func decimals(dst []float64, fields []string, at []int32, pow *[23]float64) int { return 0 }

// asmDecimals reports that decimals is the assembly (for its test).
const asmDecimals = false
