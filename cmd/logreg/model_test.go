package main

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
)

// FuzzParseModel feeds arbitrary model files to the predict path: parsing
// never panics, a file that parses predicts a small CSV file without
// panicking (or fails with an error), and writing it again reads back to the
// same coefficients bit for bit.
func FuzzParseModel(f *testing.F) {
	f.Add([]byte(handModel))
	f.Add([]byte(`{"format": "logreg-model", "version": 1, "intercept": true,
  "encoding": {"features": [{"name": "g", "kind": "categorical", "levels": ["a", "b", "c"]}, {"name": "x", "kind": "numeric"}],
               "target": {"name": "y", "kind": "categorical", "levels": ["no", "yes"]}},
  "coefficients": [{"name": "(Intercept)", "estimate": -0.5}, {"name": "g=b", "estimate": 1e-300},
                   {"name": "g=c", "estimate": 2.5}, {"name": "x", "estimate": 1.7976931348623157e308}]}`))
	f.Add([]byte(`{"format": "logreg-model", "version": 1, "encoding": {"features": [{"name": "x", "kind": "categorical", "levels": ["a"]}]},
  "coefficients": [{"name": "x", "estimate": 1}]}`))
	f.Add([]byte(`{"format": "logreg-model", "version": 2}`))
	f.Add([]byte(`[]`))
	const data = "y,x,g\nyes,1,a\nno,2.5,b\nyes,-3,c\nno,0,b\n"
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseModel(b, "model.json")
		if err != nil {
			return
		}
		for _, target := range []bool{false, true} {
			tab, err := m.Encoding.Apply(strings.NewReader(data), dataset.ApplyOptions{Target: target})
			if err != nil {
				continue
			}
			n, _ := tab.X.Dims()
			p := make([]float64, n)
			m.result().PredictTo(p, tab.X)
			if target {
				eta := linearPredictor(m.result(), tab.X)
				evaluate(tab.Y, eta, 0.5)
			}
		}
		var buf bytes.Buffer
		if err := writeJSON(&buf, m); err != nil {
			t.Fatalf("writing a model that parsed: %v", err)
		}
		back, err := parseModel(buf.Bytes(), "again.json")
		if err != nil {
			t.Fatalf("reading a written model: %v\n%s", err, buf.Bytes())
		}
		bits := func(m *model) []uint64 {
			var out []uint64
			for _, c := range m.Coefficients {
				out = append(out, math.Float64bits(c.Estimate))
			}
			return out
		}
		if !slices.Equal(bits(m), bits(back)) {
			t.Errorf("got coefficients %v after writing, want %v", back.Coefficients, m.Coefficients)
		}
	})
}

// BenchmarkEvaluate measures the eval measures, dominated by the sort of
// the AUC, on seeded scores with ties.
func BenchmarkEvaluate(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			y := make([]float64, n)
			eta := make([]float64, n)
			var s uint64 = 1
			for i := range y {
				s = s*6364136223846793005 + 1442695040888963407
				eta[i] = float64(int64(s>>40)%200-100) / 20 // 200 distinct values: many ties
				if s>>33&1 == 1 {
					y[i] = 1
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				evaluate(y, eta, 0.5)
			}
		})
	}
}
