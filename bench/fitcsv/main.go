// Command fitcsv times this project's fit on a CSV file, fit only, in the
// same form as the peer timings of the benchmarks, so that both can be
// compared on identical input in the same session.
//
// Usage:
//
//	fitcsv [-repeat N] [-warmup D] [-family multinomial] FILE.csv TARGET
//
// Every column but TARGET is a numeric feature; TARGET holds 0/1; an
// intercept is fitted. It prints one JSON object: fit_seconds (the median of
// N fits, reading the file excluded), iterations, the coefficients and the
// GOEXPERIMENT setting of the build. With
// -warmup it first fits untimed for that long, so that a short run does not
// time a processor still raising its clock from idle (the peers' timed fits
// come after a second or more of interpreter start-up and file reading).
//
// -family multinomial fits logreg.FitMultinomial instead, TARGET holding
// levels 0, 1, …, K−1 (as gendata -classes K writes them), baseline 0, for
// comparison with bench/mnpeers.py; the coefficients are then named
// "level:column" and the output adds the log-likelihood.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("fitcsv: ")
	repeat := flag.Int("repeat", 3, "number of timed fits")
	warmup := flag.Duration("warmup", 0, "untimed fits for this long before the timed ones")
	family := flag.String("family", "binomial", "binomial, or multinomial for a target of levels 0…K−1")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: fitcsv [-repeat N] [-warmup D] [-family multinomial] FILE.csv TARGET\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 || *repeat < 1 || *family != "binomial" && *family != "multinomial" {
		flag.Usage()
		os.Exit(2)
	}
	x, y, names, err := read(flag.Arg(0), flag.Arg(1))
	if err != nil {
		log.Fatal(err)
	}
	if *family == "multinomial" {
		out, err := fitMultinomial(x, y, names, *repeat, *warmup)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(string(out))
		return
	}
	for t := time.Now(); time.Since(t) < *warmup; {
		if _, err := logreg.Fit(x, y, &logreg.Settings{Names: names}); err != nil {
			log.Fatal(err)
		}
	}
	var times []float64
	var res *logreg.Result
	runtime.GC() // the garbage of reading the file is not the fit's
	for range *repeat {
		t := time.Now()
		res, err = logreg.Fit(x, y, &logreg.Settings{Names: names})
		times = append(times, time.Since(t).Seconds())
		if err != nil {
			log.Fatal(err)
		}
	}
	slices.Sort(times)
	coef := map[string]float64{}
	for j, n := range res.Names {
		coef[n] = res.Coef[j]
	}
	out, _ := json.Marshal(map[string]any{
		"peer": "logreg (this project)", "goexperiment": goexperiment(), "fit_seconds": times[len(times)/2],
		"iterations": res.Iterations, "coefficients": coef,
	})
	fmt.Println(string(out))
}

// fitMultinomial times FitMultinomial on x and the levels y (whole
// numbers 0…K−1), as main times Fit, and returns the JSON line to print.
func fitMultinomial(x *linalg.Dense, y []float64, names []string, repeat int, warmup time.Duration) ([]byte, error) {
	yi := make([]int, len(y))
	for i, v := range y {
		if v != math.Trunc(v) || v < 0 || v > 1e6 {
			return nil, fmt.Errorf("row %d: target %v is not a level 0, 1, …", i+1, v)
		}
		yi[i] = int(v)
	}
	set := &logreg.MultinomialSettings{Names: names}
	for t := time.Now(); time.Since(t) < warmup; {
		if _, err := logreg.FitMultinomial(x, yi, set); err != nil {
			return nil, err
		}
	}
	var times []float64
	var res *logreg.MultinomialResult
	runtime.GC()
	for range repeat {
		t := time.Now()
		var err error
		res, err = logreg.FitMultinomial(x, yi, set)
		times = append(times, time.Since(t).Seconds())
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(times)
	coef := map[string]float64{}
	for j, b := range res.Coef {
		coef[res.CoefName(j)] = b
	}
	return json.Marshal(map[string]any{
		"peer": "logreg FitMultinomial (this project)", "goexperiment": goexperiment(), "fit_seconds": times[len(times)/2],
		"iterations": res.Iterations, "log_likelihood": res.LogLik, "converged": res.Converged, "coefficients": coef,
	})
}

// goexperiment returns the GOEXPERIMENT setting the binary was built with
// ("simd" selects the AVX-512 kernels), or "" for a plain build.
func goexperiment() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "GOEXPERIMENT" {
				return s.Value
			}
		}
	}
	return ""
}

// read returns the features, the target and the feature names of a numeric
// CSV file with a header.
func read(file, target string) (*linalg.Dense, []float64, []string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	if !sc.Scan() {
		return nil, nil, nil, fmt.Errorf("%s: no header", file)
	}
	head := strings.Split(sc.Text(), ",")
	ti := slices.Index(head, target)
	if ti < 0 {
		return nil, nil, nil, fmt.Errorf("%s: no column %q", file, target)
	}
	names := slices.Delete(slices.Clone(head), ti, ti+1)
	var data, y []float64
	line := 1
	for sc.Scan() {
		line++
		fields := strings.Split(sc.Text(), ",")
		if len(fields) != len(head) {
			return nil, nil, nil, fmt.Errorf("%s:%d: %d fields, want %d", file, line, len(fields), len(head))
		}
		for j, s := range fields {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("%s:%d: %v", file, line, err)
			}
			if j == ti {
				y = append(y, v)
			} else {
				data = append(data, v)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, nil, err
	}
	return linalg.NewDense(len(y), len(names), data), y, names, nil
}
