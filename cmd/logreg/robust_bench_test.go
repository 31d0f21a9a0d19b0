package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/a1bed000/logreg/bench"
)

// BenchmarkPredictDiagnose runs predict, predict -se and diagnose in the
// process on the benchmarks' data (cmd/gendata -seed 1) written as CSV,
// reading the file and writing to io.Discard, and reports rows per second.
// The CSV of 1e6 rows and 10 features is about 200 MB in $TMPDIR:
// -bench 'PredictDiagnose/n=100000/' runs the small size only. Measured
// (shared machine, rough): at 1e6 rows predict 0.85e6 rows/s, predict -se
// 0.70e6, diagnose 0.58e6; the allocations grow with the chunks (about
// 20 a chunk of 8192 rows), not with the rows.
func BenchmarkPredictDiagnose(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		const p = 10
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			data := filepath.Join(dir, "data.csv")
			x, y := bench.Synth(n, p, 1)
			var buf []byte
			for j := range p {
				buf = append(buf, fmt.Sprintf("x%d,", j)...)
			}
			buf = append(buf, "y\n"...)
			for i := range n {
				for _, v := range x.RawRow(i) {
					buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
					buf = append(buf, ',')
				}
				buf = strconv.AppendFloat(buf, y[i], 'g', -1, 64)
				buf = append(buf, '\n')
			}
			if err := os.WriteFile(data, buf, 0o666); err != nil {
				b.Fatal(err)
			}
			model := filepath.Join(dir, "m.json")
			if err := runFit([]string{"-data", data, "-target", "y", "-out", model}, io.Discard, io.Discard); err != nil {
				b.Fatal(err)
			}
			for _, c := range []struct {
				name string
				run  func([]string, io.Writer, io.Writer) error
				args []string
			}{
				{"predict", runPredict, nil},
				{"predict-se", runPredict, []string{"-se"}},
				{"diagnose", runDiagnose, nil},
			} {
				b.Run(c.name, func(b *testing.B) {
					b.ReportAllocs()
					args := append([]string{"-model", model, "-data", data}, c.args...)
					for b.Loop() {
						if err := c.run(args, io.Discard, io.Discard); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
				})
			}
		})
	}
}
