package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
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
	if testing.Short() {
		t.Skip("runs Python")
	}
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import statsmodels, sklearn, pandas").Run(); err != nil {
		t.Skipf("no %s with statsmodels, scikit-learn and pandas: %v", py, err)
	}
	const n, p, K = 3000, 3, 3
	x, y := SynthMultinomial(n, p, K, 5)
	path := filepath.Join(t.TempDir(), "mn.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "x1,x2,x3,y")
	for i := range n {
		for j := range p {
			fmt.Fprintf(w, "%s,", strconv.FormatFloat(x.At(i, j), 'g', -1, 64))
		}
		fmt.Fprintf(w, "%d\n", y[i])
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res, err := logreg.FitMultinomial(x, y, &logreg.MultinomialSettings{Names: []string{"x1", "x2", "x3"}})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "mnpeers.py", path, "y", "--repeat", "1")
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "OPENBLAS_CORETYPE=") && !strings.HasPrefix(e, "OPENBLAS_L2_SIZE=") {
			env = append(env, e)
		}
	}
	cmd.Env = env
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
