package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// TestMapReduce runs the map-reduce fit of birthwt over 8 shards, dealt
// round-robin so that every shard differs, and checks it against the
// in-memory fit (every number to 1e-10) and R's coefficients; the model
// file it writes predicts.
func TestMapReduce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	b, err := os.ReadFile(refcase.Path("birthwt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	const n = 8
	var shards [n][]string
	for i, l := range lines[1:] {
		shards[i%n] = append(shards[i%n], l)
	}
	feat := "age,lwt,race,smoke,ptl,ht,ui,ftv"
	var scans, csvs []string
	for i, s := range shards {
		path := writeFile(t, dir, "shard"+string(rune('0'+i))+".csv", lines[0]+"\n"+strings.Join(s, "\n")+"\n")
		csvs = append(csvs, path)
		scan := filepath.Join(dir, "scan"+string(rune('0'+i))+".json")
		writeFile(t, dir, filepath.Base(scan), mustRun(t, "", "mr-scan", "-data", path, "-target", "low", "-features", feat).stdout)
		scans = append(scans, scan)
	}
	state := writeFile(t, dir, "state.json", mustRun(t, "", append([]string{"mr-init"}, scans...)...).stdout)
	model := filepath.Join(dir, "model.json")
	var out string
	rounds := 0
	for ; rounds < 30; rounds++ {
		var parts []string
		for i, c := range csvs {
			part := filepath.Join(dir, "part"+string(rune('0'+i))+".bin")
			r := mustRun(t, "", "mr-map", "-state", state, "-data", c)
			if err := os.WriteFile(part, []byte(r.stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			parts = append(parts, part)
		}
		out = mustRun(t, "", append([]string{"mr-reduce", "-state", state, "-format", "json", "-out", model}, parts...)...).stdout
		if st, err := readState(state); err != nil {
			t.Fatal(err)
		} else if st.Done {
			break
		}
		if out != "" {
			t.Fatalf("round %d: the reducer printed %q before the fit is done", rounds+1, out)
		}
	}
	s := decodeFit(t, out)
	m := decodeFit(t, mustRun(t, "", "fit", "-data", refcase.Path("birthwt.csv"), "-target", "low", "-features", feat, "-format", "json").stdout)
	s.Timing = m.Timing // the reducer reports no timing
	checkSameFit(t, s, m, 1e-10)
	checkRCoefs(t, s, refRecords(t, "birthwt.coef.csv"))
	// A pass per round: iterations, then the estimate and the null model.
	if rounds+1 != m.Iterations+2 {
		t.Errorf("got %d rounds, want iterations + 2 = %d", rounds+1, m.Iterations+2)
	}
	// A part of an old pass is refused.
	r := runBin(t, "", "mr-map", "-state", state, "-data", csvs[0])
	if r.code != 1 || !strings.Contains(r.stderr, "the fit is done") {
		t.Errorf("mr-map after the end: got exit %d, stderr %q", r.code, r.stderr)
	}
	mustRun(t, "", "predict", "-model", model, "-data", csvs[0])
}

// TestMapReduceDamaged checks that scans, states and parts that do not fit
// together (edited, damaged or from another fit) are errors naming the file
// and what is wrong, not internal errors.
func TestMapReduceDamaged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := refcase.Path("birthwt.csv")
	scan := writeFile(t, dir, "scan.json", mustRun(t, "", "mr-scan", "-data", data, "-target", "low", "-features", "age,race").stdout)
	state := writeFile(t, dir, "state.json", mustRun(t, "", "mr-init", scan).stdout)
	part := filepath.Join(dir, "part.bin")
	if err := os.WriteFile(part, []byte(mustRun(t, "", "mr-map", "-state", state, "-data", data).stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	// A part of another design: age and lwt, no intercept (3 coefficients
	// too, as age, race=other and race=white with the intercept's 4 are not).
	scan2 := writeFile(t, dir, "scan2.json", mustRun(t, "", "mr-scan", "-data", data, "-target", "low", "-features", "age,lwt,smoke", "-no-intercept").stdout)
	state2 := writeFile(t, dir, "state2.json", mustRun(t, "", "mr-init", scan2).stdout)
	part2 := filepath.Join(dir, "part2.bin")
	if err := os.WriteFile(part2, []byte(mustRun(t, "", "mr-map", "-state", state2, "-data", data).stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(name, old, new string) string {
		t.Helper()
		if !strings.Contains(string(st), old) {
			t.Fatalf("the state has no %q", old)
		}
		return writeFile(t, dir, name, strings.Replace(string(st), old, new, 1))
	}
	// A pass recorded, to damage its sums.
	passed := writeFile(t, dir, "passed.json", string(st))
	mustRun(t, "", "mr-reduce", "-state", passed, part)
	pst, err := os.ReadFile(passed)
	if err != nil {
		t.Fatal(err)
	}
	info := regexp.MustCompile(`"info": \[[^]]*\]`)
	shortInfo := writeFile(t, dir, "shortinfo.json", info.ReplaceAllString(string(pst), `"info": [1, 2, 3]`))
	empty := writeFile(t, dir, "empty.json", "{}")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"mr-init", empty}, "empty.json: not a scan of mr-scan: no \"target\""},
		{[]string{"mr-init", scan, writeFile(t, dir, "cols.json", `{"target": "low", "features": ["age"], "na": "error", "columns": []}`)},
			`cols.json: not a scan of mr-scan: 0 "columns" for the 2 of the target, features and weights`},
		{[]string{"mr-map", "-state", edit("next.json", `"next": null`, `"next": [1, 2]`), "-data", data},
			`next.json: not a state of mr-init: "next" has 2 coefficients where the encoding has 4`},
		{[]string{"mr-map", "-state", edit("levels.json", `"black",`, `"other",`), "-data", data},
			`levels.json: not a state of mr-init: "encoding": invalid encoding: feature "race" has level "other" twice`},
		{[]string{"mr-reduce", "-state", shortInfo, part},
			`shortinfo.json: not a state of mr-init: pass 1: "info" has 3 numbers, not 4×4`},
		{[]string{"mr-reduce", "-state", state, part2}, "part2.bin: a part of another design than the state's (4 coefficients)"},
		{[]string{"mr-reduce", "-state", state, part, part}, "state.json: the parts hold 378 rows where the scans counted 189: a shard missing or given twice?"},
	} {
		r := runBin(t, "", c.args...)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, "internal error") {
			t.Errorf("%q: got exit %d, stderr %q; want 1 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

// TestMapReduceFlags checks that the flags of mr-init and mr-reduce are
// checked before anything is written: -l2 NaN failed as "json: unsupported
// value", a negative -l2 or -max-iter was written into the state, and
// -level 2 failed (an internal error) after the state was marked done, so
// that the finished fit could not be printed again; a model that cannot be
// written (-out in a missing directory) lost it alike.
func TestMapReduceFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := refcase.Path("birthwt.csv")
	scan := writeFile(t, dir, "scan.json", mustRun(t, "", "mr-scan", "-data", data, "-target", "low", "-features", "age").stdout)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"mr-init", "-l2", "NaN", scan}, "-l2 must be a finite number >= 0, not NaN"},
		{[]string{"mr-init", "-l2", "-3", scan}, "-l2 must be a finite number >= 0, not -3"},
		{[]string{"mr-init", "-tol", "Inf", scan}, "-tol must be a finite number >= 0, not +Inf"},
		{[]string{"mr-init", "-max-iter", "-5", scan}, "-max-iter must be >= 0, not -5"},
	} {
		r := runBin(t, "", c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("%q: got exit %d, stdout %q, stderr %q; want 2, nothing written and %q", c.args, r.code, r.stdout, r.stderr, c.want)
		}
	}
	state := writeFile(t, dir, "state.json", mustRun(t, "", "mr-init", scan).stdout)
	part := filepath.Join(dir, "part.bin")
	for round := 0; ; round++ {
		if round == 30 {
			t.Fatal("not done in 30 rounds")
		}
		if err := os.WriteFile(part, []byte(mustRun(t, "", "mr-map", "-state", state, "-data", data).stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		before, err := os.ReadFile(state)
		if err != nil {
			t.Fatal(err)
		}
		r := runBin(t, "", "mr-reduce", "-state", state, "-level", "2", part)
		after, err := os.ReadFile(state)
		if err != nil {
			t.Fatal(err)
		}
		if r.code != 2 || !strings.Contains(r.stderr, "-level must be in (0, 1), not 2") || string(after) != string(before) {
			t.Fatalf("round %d, -level 2: got exit %d, stderr %q, state changed %v; want 2, the flag named, the state as it was",
				round+1, r.code, r.stderr, string(after) != string(before))
		}
		// On the last round, a model that cannot be written leaves the
		// state as it was, so that the round can be run again.
		r = runBin(t, "", "mr-reduce", "-state", state, "-out", filepath.Join(dir, "nonexistent", "m.json"), part)
		if r.code == 0 {
			continue
		}
		if after, err = os.ReadFile(state); err != nil {
			t.Fatal(err)
		}
		if r.code != 1 || !strings.Contains(r.stderr, "writing the model") || string(after) != string(before) {
			t.Fatalf("round %d, a bad -out: got exit %d, stderr %q, state changed %v; want 1, the model's error, the state as it was",
				round+1, r.code, r.stderr, string(after) != string(before))
		}
		out := mustRun(t, "", "mr-reduce", "-state", state, "-out", filepath.Join(dir, "m.json"), part).stdout
		if !strings.Contains(out, "Coefficients:") || !strings.Contains(out, "Call:\n  logreg mr-reduce -state ") {
			t.Errorf("the fit's output, want the coefficients and the call of mr-reduce: %q", out)
		}
		if st, err := readState(state); err != nil || !st.Done {
			t.Errorf("after the last round: state %+v, error %v; want done", st, err)
		}
		break
	}
}

// TestMapReducePartDamaged checks that mr-reduce refuses a part with any
// byte flipped or cut short (a flip in the sums was read as other sums and
// gave another fit), leaving the state as it was, and refuses a part of
// format version 1 by its version.
func TestMapReducePartDamaged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := refcase.Path("birthwt.csv")
	scan := writeFile(t, dir, "scan.json", mustRun(t, "", "mr-scan", "-data", data, "-target", "low", "-features", "age,race").stdout)
	stateText := mustRun(t, "", "mr-init", scan).stdout
	state := writeFile(t, dir, "state.json", stateText)
	good := []byte(mustRun(t, "", "mr-map", "-state", state, "-data", data).stdout)
	part := filepath.Join(dir, "part.bin")
	reduce := func(what string, b []byte) {
		t.Helper()
		if err := os.WriteFile(part, b, 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr strings.Builder
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			return runMRReduce([]string{"-state", state, part}, &stdout, &stderr)
		}()
		if err == nil || strings.HasPrefix(err.Error(), "panic") || !strings.Contains(err.Error(), "part.bin") {
			t.Errorf("%s: got %v, want an error naming part.bin", what, err)
		}
		if now, rerr := os.ReadFile(state); rerr != nil || string(now) != stateText {
			t.Fatalf("%s: the state was rewritten (%v)", what, rerr)
		}
	}
	for i := range good {
		for _, mask := range []byte{0x01, 0xff} {
			bad := slices.Clone(good)
			bad[i] ^= mask
			reduce(fmt.Sprintf("byte %d ^ %#x", i, mask), bad)
		}
	}
	for n := range len(good) {
		reduce(fmt.Sprintf("cut to %d bytes", n), good[:n])
	}
	// The messages through the binary: a flip in the Accumulator and one
	// in the sums that follow it.
	for _, c := range []struct {
		at   int
		want string
	}{
		{60, "part.bin: accumulator checksum mismatch: the data are damaged"},
		{len(good) - 10, "part.bin: checksum mismatch: the file is damaged"},
	} {
		bad := slices.Clone(good)
		bad[c.at] ^= 1
		if err := os.WriteFile(part, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		r := runBin(t, "", "mr-reduce", "-state", state, part)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("byte %d flipped: got exit %d, stderr %q; want 1 and %q", c.at, r.code, r.stderr, c.want)
		}
	}
	// Version 1: no checksums.
	magic := len("logreg-acc-2\n")
	v1 := append([]byte("logreg-acc-1\n"), good[magic:len(good)-32]...)
	v1 = append(v1, good[len(good)-28:len(good)-4]...)
	if err := os.WriteFile(part, v1, 0o644); err != nil {
		t.Fatal(err)
	}
	want := `part.bin: an accumulator of format version "1"; this version reads version 2`
	if r := runBin(t, "", "mr-reduce", "-state", state, part); r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("a part of version 1: got exit %d, stderr %q; want 1 and %q", r.code, r.stderr, want)
	}
	if err := os.WriteFile(part, good, 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "", "mr-reduce", "-state", state, part)
}

// TestMapReduceJSONPosition checks that a damaged scan or state file is an
// error at FILE:LINE:COL, as a model file's: a syntax error at the
// offending byte (past the last at the end of the input), a value of the
// wrong type at its last byte. The positions were read off the files.
func TestMapReduceJSONPosition(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := refcase.Path("birthwt.csv")
	scanText := mustRun(t, "", "mr-scan", "-data", data, "-target", "low", "-features", "age,race").stdout
	scan := writeFile(t, dir, "scan.json", scanText)
	stateText := mustRun(t, "", "mr-init", scan).stdout
	state := writeFile(t, dir, "state.json", stateText)
	part := filepath.Join(dir, "part.bin")
	if err := os.WriteFile(part, []byte(mustRun(t, "", "mr-map", "-state", state, "-data", data).stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	edit := func(name, text, old, new string) string {
		t.Helper()
		if !strings.Contains(text, old) {
			t.Fatalf("no %q in the file", old)
		}
		return writeFile(t, dir, name, strings.Replace(text, old, new, 1))
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"mr-init", edit("scantype.json", scanText, `"rows": 189`, `"rows": "189"`)},
			`scantype.json:31:15: "rows": a string where an integer is wanted`},
		{[]string{"mr-init", writeFile(t, dir, "scancut.json", scanText[:len(scanText)/2])},
			"scancut.json:16:20: invalid JSON: unexpected end of JSON input"},
		{[]string{"mr-init", writeFile(t, dir, "scantru.json", `{"no_intercept": tru`)},
			"scantru.json:1:21: invalid JSON: unexpected end of JSON input"},
		{[]string{"mr-init", writeFile(t, dir, "scantwo.json", "{}\n}")},
			"scantwo.json:2:1: invalid JSON: invalid character '}' after top-level value"},
		{[]string{"mr-map", "-state", edit("statesyntax.json", stateText, `"tol": 0`, `"tol" 0`), "-data", data},
			"statesyntax.json:30:9: invalid JSON: invalid character '0' after object key"},
		{[]string{"mr-map", "-state", edit("stateint.json", stateText, `"max_iter": 0`, `"max_iter": 0.5`), "-data", data},
			`stateint.json:29:17: "max_iter": 0.5 where an integer is wanted`},
		{[]string{"mr-reduce", "-state", edit("staterange.json", stateText, `"tol": 0`, `"tol": 1e999`), part},
			`staterange.json:30:14: "tol": 1e999 is out of the range of a float64`},
		{[]string{"mr-reduce", "-state", edit("statenested.json", stateText, `"name": "age"`, `"name": 7`), part},
			`statenested.json:5:17: "encoding.features.name": a number where a string is wanted`},
	} {
		r := runBin(t, "", c.args...)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: got exit %d, stderr %q; want 1 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}
