package main

import (
	"os"
	"path/filepath"
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
