package jsonnum

import (
	"encoding/json"
	"math"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 1.0 / 3, -2.5e-308, 5e-324, math.MaxFloat64, 0.1 + 0.2} {
		b, err := json.Marshal(Num(f))
		if err != nil {
			t.Fatal(err)
		}
		var got Num
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if math.Float64bits(float64(got)) != math.Float64bits(f) && f != 0 {
			t.Errorf("%v: %s reads back as %v", f, b, float64(got))
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		b, err := json.Marshal([]Num{Num(f)})
		if err != nil || string(b) != "[null]" {
			t.Errorf("%v: %s, %v; want [null]", f, b, err)
		}
	}
	var got []Num
	if err := json.Unmarshal([]byte("[null, 2]"), &got); err != nil || !math.IsNaN(float64(got[0])) || got[1] != 2 {
		t.Errorf("[null, 2] reads as %v, %v", got, err)
	}
	if err := json.Unmarshal([]byte(`["1"]`), &got); err == nil {
		t.Error("a string read as a number")
	}
}
