package bench

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// scoreModel returns a model of 10 features, the last a text column of 4
// levels, fitted to 2,000 seeded rows, with records of its fields as
// texts, both as maps and as field slices in the features' order.
func scoreModel(b *testing.B) (*logreg.Model, []map[string]string, [][]string) {
	b.Helper()
	rng := rand.New(rand.NewPCG(seed, 2))
	var sb strings.Builder
	header := []string{"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "region", "y"}
	sb.WriteString(strings.Join(header, ",") + "\n")
	regions := []string{"east", "north", "south", "west"}
	for range 2000 {
		eta := 0.0
		for j := range 9 {
			v := rng.NormFloat64()
			eta += 0.2 * v * float64(j%3-1)
			sb.WriteString(strconv.FormatFloat(v, 'f', 4, 64) + ",")
		}
		r := rng.IntN(4)
		eta += 0.3 * float64(r-1)
		y := 0
		if rng.Float64() < logreg.Sigmoid(eta) {
			y = 1
		}
		fmt.Fprintf(&sb, "%s,%d\n", regions[r], y)
	}
	tab, err := dataset.Read(strings.NewReader(sb.String()), dataset.ReadOptions{Target: "y"})
	if err != nil {
		b.Fatal(err)
	}
	res, err := logreg.Fit(tab.X, tab.Y, &logreg.Settings{Names: tab.Names})
	if err != nil {
		b.Fatal(err)
	}
	m, err := logreg.NewModel(res, &tab.Encoding, nil)
	if err != nil {
		b.Fatal(err)
	}
	var maps []map[string]string
	var fields [][]string
	for i, line := range strings.Split(sb.String(), "\n")[1:257] {
		f := strings.Split(line, ",")[:10]
		rec := make(map[string]string, 10)
		for j, v := range f {
			rec[header[j]] = v
		}
		maps, fields = append(maps, rec), append(fields, f)
		_ = i
	}
	return m, maps, fields
}

// BenchmarkEncodeScore encodes one record of 10 features (one of them
// text) and scores it: from a map of field names, and from its fields in a
// declared order. Target: 100 ns and 0 allocations per record.
func BenchmarkEncodeScore(b *testing.B) {
	m, maps, fields := scoreModel(b)
	enc, err := m.NewEncoder(dataset.RowOptions{})
	if err != nil {
		b.Fatal(err)
	}
	row := make([]float64, m.Width())
	var sink float64
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if err := enc.Encode(row, maps[i&255]); err != nil {
				b.Fatal(err)
			}
			sink += m.Predict(row)
			i++
		}
	})
	b.Run("fields", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if err := enc.EncodeFields(row, fields[i&255]); err != nil {
				b.Fatal(err)
			}
			sink += m.Predict(row)
			i++
		}
	})
	b.Run("score", func(b *testing.B) {
		b.ReportAllocs()
		enc.EncodeFields(row, fields[0])
		for b.Loop() {
			sink += m.Predict(row)
		}
	})
	_ = sink
}

// BenchmarkPredictTo scores 1e6 design rows of the 10-feature model (12
// design columns) into dst, reporting ns/row. Target: 15 ns/row.
func BenchmarkPredictTo(b *testing.B) {
	m, _, fields := scoreModel(b)
	enc, err := m.NewEncoder(dataset.RowOptions{})
	if err != nil {
		b.Fatal(err)
	}
	const n = 1_000_000
	p := m.Width()
	x := linalg.NewDense(n, p, nil)
	d := x.RawData()
	for i := range n {
		if err := enc.EncodeFields(d[i*p:i*p+p], fields[i&255]); err != nil {
			b.Fatal(err)
		}
	}
	dst := make([]float64, n)
	b.ReportAllocs()
	for b.Loop() {
		m.PredictTo(dst, x)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/row")
}
