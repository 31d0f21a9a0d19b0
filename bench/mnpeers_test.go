package bench

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/logreg"
)

// TestMnpeersScript runs bench/mnpeers.py (when /usr/bin/python3 has
// statsmodels and scikit-learn) on 3000 rows of SynthMultinomial(p = 3,
// K = 3) and checks that it reads the file as FitMultinomial does and
// converts the peers' coefficients to ours: statsmodels' exact Newton
// gives our estimates to 1e-9 and our log-likelihood to 1e-12 relative,
// scikit-learn's lbfgs the log-likelihood to 1e-6 (it stops at its
// gradient tolerance), and every peer either fits or says why.
func TestMnpeersScript(t *testing.T) {
	t.Parallel()
	needPython(t, "statsmodels, sklearn, pandas")
	const n, p, K = 3000, 3, 3
	x, y := SynthMultinomial(n, p, K, 5)
	path := writeCSV(t, "mn.csv", x, func(i int) string { return strconv.Itoa(y[i]) })
	res, err := logreg.FitMultinomial(x, y, &logreg.MultinomialSettings{Names: []string{"x1", "x2", "x3"}})
	if err != nil {
		t.Fatal(err)
	}
	cmd := script("mnpeers.py", path, "y", "--repeat", "1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("mnpeers.py: %v\n%s", err, out)
	}
	peers := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r struct {
			Peer   string             `json:"peer"`
			Error  string             `json:"error"`
			LogLik float64            `json:"log_likelihood"`
			Coef   map[string]float64 `json:"coefficients"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		peers++
		switch {
		case r.Error != "":
			if !strings.Contains(r.Peer, "newton-cholesky") {
				t.Errorf("%s: %s", r.Peer, r.Error)
			}
			continue
		case strings.HasPrefix(r.Peer, "statsmodels"):
			if len(r.Coef) != len(res.Coef) {
				t.Fatalf("%s: got %d coefficients, want %d", r.Peer, len(r.Coef), len(res.Coef))
			}
			for j, b := range res.Coef {
				if got, ok := r.Coef[res.CoefName(j)]; !ok || !(math.Abs(got-b) <= 1e-9*max(1, math.Abs(b))) {
					t.Errorf("%s: %s got %v, want %v", r.Peer, res.CoefName(j), got, b)
				}
			}
			if !(math.Abs(r.LogLik-res.LogLik) <= 1e-12*math.Abs(res.LogLik)) {
				t.Errorf("%s: log-likelihood got %v, want %v", r.Peer, r.LogLik, res.LogLik)
			}
		default:
			if !(math.Abs(r.LogLik-res.LogLik) <= 1e-6*math.Abs(res.LogLik)) || r.LogLik > res.LogLik*(1-1e-14) {
				t.Errorf("%s: log-likelihood got %v, want at most %v and within 1e-6", r.Peer, r.LogLik, res.LogLik)
			}
		}
	}
	if peers != 3 {
		t.Errorf("got %d peers, want 3:\n%s", peers, out)
	}
}
