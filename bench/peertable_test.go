package bench

import (
	"encoding/json"
	"math"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/logreg"
)

// TestPeertableScript runs bench/peertable.py at matched accuracy (when
// /usr/bin/python3 has statsmodels and scikit-learn, and go is on the
// path) on 2000 rows of Synth(p = 4) and checks its arithmetic against
// Fit's estimates: every fit's reported error is max_j |b_j − β_j| /
// max_j |β_j| of the coefficients it prints, to 1e-12; statsmodels' exact
// Newton is within 1e-12 of the MLE; the table has one row (2e3, 4) whose
// cells carry those errors, with exactly the peers above 1e-8 marked, and
// the ratio divides our time by the fastest of the others.
func TestPeertableScript(t *testing.T) {
	t.Parallel()
	needPython(t, "statsmodels, sklearn, pandas")
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build bench/fitcsv with")
	}
	const n, p = 2000, 4
	x, y := Synth(n, p, 3)
	path := writeCSV(t, "d.csv", x, func(i int) string { return strconv.FormatFloat(y[i], 'g', -1, 64) })
	names := []string{"x1", "x2", "x3", "x4"}
	res, err := logreg.Fit(x, y, &logreg.Settings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	cmd := script("peertable.py", "--repeat", "1", "--only", "statsmodels,newton-cholesky,lbfgs", path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("peertable.py: %v\n%s", err, stderr.String())
	}
	scale := 0.0
	for _, b := range res.Coef {
		scale = max(scale, math.Abs(b))
	}
	type fit struct {
		Peer  string             `json:"peer"`
		Error any                `json:"error"`
		Secs  float64            `json:"fit_seconds"`
		Coef  map[string]float64 `json:"coefficients"`
		Iters int                `json:"iterations"`
	}
	var fits []fit
	for line := range strings.Lines(strings.TrimSpace(stderr.String())) {
		var r fit
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if msg, ok := r.Error.(string); ok {
			t.Errorf("%s: %s", r.Peer, msg)
			continue
		}
		want := 0.0
		for j, b := range res.Coef {
			got, ok := r.Coef[res.Names[j]]
			if !ok {
				t.Fatalf("%s: no coefficient %s in %s", r.Peer, res.Names[j], line)
			}
			want = max(want, math.Abs(got-b)/scale)
		}
		got, _ := r.Error.(float64)
		if r.Peer == "logreg (this project)" {
			got = 0 // the reference: no error field
		}
		if !(math.Abs(got-want) <= 1e-12) {
			t.Errorf("%s: error got %v, want %v", r.Peer, got, want)
		}
		if strings.HasPrefix(r.Peer, "statsmodels") && !(want <= 1e-12) {
			t.Errorf("%s: %v from the MLE, want exact Newton within 1e-12", r.Peer, want)
		}
		r.Error = want
		fits = append(fits, r)
	}
	if len(fits) != 4 {
		t.Fatalf("got %d fits, want ours and 3 peers:\n%s", len(fits), stderr.String())
	}
	var row string
	for line := range strings.Lines(string(out)) {
		if strings.HasPrefix(line, "| (2e3, 4) |") {
			row = strings.TrimSpace(line)
		}
	}
	cells := strings.Split(strings.Trim(row, "| "), " | ")
	if len(cells) != 6 {
		t.Fatalf("got row %q, want the shape, 4 fits and the ratio:\n%s", row, out)
	}
	cellRE := regexp.MustCompile(`^([0-9.]+) (ms|s) \(([0-9.e+-]+), ([0-9]+) it\)(, not within 1e-08)?$`)
	fastest := math.Inf(1)
	for i, r := range fits {
		m := cellRE.FindStringSubmatch(cells[1+i])
		if m == nil {
			t.Fatalf("%s: cell %q, want \"time (error, iterations it)\"", r.Peer, cells[1+i])
		}
		e, _ := strconv.ParseFloat(m[3], 64)
		want := r.Error.(float64)
		if e > 0 && !(math.Abs(e-want) <= 0.5*e) || e == 0 && want != 0 {
			t.Errorf("%s: cell's error %s, want %.0e", r.Peer, m[3], want)
		}
		if m[4] != strconv.Itoa(r.Iters) {
			t.Errorf("%s: cell's iterations %s, want %d", r.Peer, m[4], r.Iters)
		}
		if marked := m[5] != ""; i > 0 && marked != (want > 1e-8) || i == 0 && marked {
			t.Errorf("%s: cell %q, error %.1e: marked %v, want %v", r.Peer, cells[1+i], want, marked, want > 1e-8)
		}
		if i > 0 && want <= 1e-8 {
			fastest = min(fastest, r.Secs)
		}
	}
	ratio, err := strconv.ParseFloat(cells[5], 64)
	if want := fits[0].Secs / fastest; err != nil || !(math.Abs(ratio-want) <= 0.005+1e-9*want) {
		t.Errorf("ratio cell %q, want %.2f", cells[5], want)
	}
}
