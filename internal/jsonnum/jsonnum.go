// Package jsonnum holds the JSON number of the model files and the
// command's outputs: a float64 that is written as null when it is not
// finite, so that encoding never fails.
package jsonnum

import (
	"encoding/json"
	"math"
)

// Num is a float64 that encoding/json writes as null when it is NaN or
// infinite, and reads back from null as NaN.
type Num float64

// MarshalJSON writes v as encoding/json writes a float64, which reads back
// bit for bit, or null.
func (v Num) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

// UnmarshalJSON reads a number, or null as NaN.
func (v *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*v = Num(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*v = Num(f)
	return nil
}
