// Command gendata writes the synthetic logistic-regression data of the
// project's benchmarks as CSV, so that other fitters can be timed on the
// same input.
//
// Usage:
//
//	gendata -n N -p P [-classes K] [-seed S] > file.csv
//
// The header is x1,…,xP,y; each row holds P standard normal features and a
// 0/1 response drawn from the logistic model of package bench (intercept
// −0.5, Σβ_j² = 2). Numbers are written with the shortest representation
// that reads back to the same float64, so the data are identical to what
// bench.Synth(N, P, S) returns.
//
// -classes K (K ≥ 2) draws y from the multinomial model of package bench
// instead, a level 0, 1, …, K−1 per row, identical to what
// bench.SynthMultinomial(N, P, K, S) returns; fit it with
// logreg fit -family multinomial, or bench/mnpeers.py for the peers.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"

	"github.com/a1bed000/logreg/bench"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gendata: ")
	n := flag.Int("n", 1000, "number of rows")
	p := flag.Int("p", 5, "number of features")
	seed := flag.Uint64("seed", 1, "random seed")
	classes := flag.Int("classes", 0, "draw a multinomial response of `K` >= 2 levels 0…K−1 (0: the binary model)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: gendata -n N -p P [-classes K] [-seed S] > file.csv\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 || *n < 0 || *p < 1 || *classes < 0 || *classes == 1 {
		flag.Usage()
		os.Exit(2)
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	if err := write(w, *n, *p, *classes, *seed); err != nil {
		log.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
}

// write writes n rows of p features and the response of the binary model,
// or of the multinomial model of K levels when K > 0.
func write(w *bufio.Writer, n, p, K int, seed uint64) error {
	var buf []byte
	for j := 1; j <= p; j++ {
		buf = append(buf, 'x')
		buf = strconv.AppendInt(buf, int64(j), 10)
		buf = append(buf, ',')
	}
	buf = append(buf, "y\n"...)
	if _, err := w.Write(buf); err != nil {
		return err
	}
	row := bench.NewGen(p, seed).Row
	if K > 0 {
		mg := bench.NewMultinomialGen(p, K, seed)
		row = func(x []float64) float64 { return float64(mg.Row(x)) }
	}
	x := make([]float64, p)
	for range n {
		y := row(x)
		buf = buf[:0]
		for _, v := range x {
			buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
			buf = append(buf, ',')
		}
		buf = strconv.AppendFloat(buf, y, 'g', -1, 64)
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}
