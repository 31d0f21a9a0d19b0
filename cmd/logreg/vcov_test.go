package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// vcovOut is the part of fit's JSON that -vcov changes.
type vcovOut struct {
	Vcov         string      `json:"vcov"`
	Cluster      *string     `json:"cluster"`
	Clusters     *int        `json:"clusters"`
	Cov          [][]float64 `json:"cov"`
	N            int         `json:"n"`
	DroppedRows  int         `json:"dropped_rows"`
	Coefficients []struct {
		Name   string  `json:"name"`
		StdErr float64 `json:"std_error"`
		Z      float64 `json:"z"`
		P      float64 `json:"p"`
		Low    float64 `json:"ci_low"`
	} `json:"coefficients"`
}

var infertArgs = []string{"fit", "-data", refcase.Path("next/infert.csv"), "-target", "case",
	"-features", "spontaneous,induced,age,parity", "-format", "json"}

// TestFitVcovInfert checks fit -vcov HC0, CL and CL-HC1 on infert
// (cluster = stratum) against the exact sandwich standard errors, z, p and
// covariance matrices of next/infert_robust (measured: 2.2e-13 on the
// matrices, 1.1e-13 on the standard errors, as the library's test), and
// that the default names the model covariance.
func TestFitVcovInfert(t *testing.T) {
	t.Parallel()
	se, err := refcase.ReadTable("next/infert_robust.robust_se.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		vcov, col, matrix string
		clusters          int
	}{
		{"model", "std_error", "", 0},
		{"HC0", "hc0", "next/infert_robust.vcov_hc0.csv", 0},
		{"CL", "cl", "next/infert_robust.vcov_cl.csv", 83},
		{"CL-HC1", "cl_hc1", "next/infert_robust.vcov_cl_hc1.csv", 83},
	} {
		args := append([]string{}, infertArgs...)
		if c.vcov != "model" {
			args = append(args, "-vcov", c.vcov)
		}
		if c.clusters > 0 {
			args = append(args, "-cluster", "stratum")
		}
		var got vcovOut
		if err := json.Unmarshal([]byte(mustRun(t, "", args...).stdout), &got); err != nil {
			t.Fatal(err)
		}
		if got.Vcov != c.vcov || (got.Clusters != nil) != (c.clusters > 0) || got.Clusters != nil && (*got.Clusters != c.clusters || *got.Cluster != "stratum") {
			t.Errorf("%s: vcov %q, cluster %v, clusters %v", c.vcov, got.Vcov, got.Cluster, got.Clusters)
		}
		if len(got.Cov) != 5 {
			t.Fatalf("%s: cov has %d rows, want 5", c.vcov, len(got.Cov))
		}
		for i, row := range se.Rows {
			col := "se_" + c.col
			if c.col == "std_error" {
				col = c.col
			}
			want := parseFloat(t, row[se.Col(col)])
			g := got.Coefficients[i]
			if e := relErr(g.StdErr, want); e > 1e-12 {
				t.Errorf("%s %s: std_error %v, want %v", c.vcov, g.Name, g.StdErr, want)
			}
			if e := relErr(g.StdErr*g.StdErr, got.Cov[i][i]); e > 1e-15 {
				t.Errorf("%s %s: std_error² %v, cov %v", c.vcov, g.Name, g.StdErr*g.StdErr, got.Cov[i][i])
			}
			if c.col == "std_error" {
				continue
			}
			wz, wp := parseFloat(t, row[se.Col("z_"+c.col)]), parseFloat(t, row[se.Col("p_"+c.col)])
			if relErr(g.Z, wz) > 1e-12 || relErr(g.P, wp) > 1e-12*(1+wz*wz) {
				t.Errorf("%s %s: z %v p %v, want %v %v", c.vcov, g.Name, g.Z, g.P, wz, wp)
			}
		}
		if c.matrix == "" {
			continue
		}
		ref, err := refcase.ReadTable(c.matrix)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range ref.Rows {
			for j := range 5 {
				want := parseFloat(t, row[j+1])
				scale := math.Sqrt(got.Cov[i][i] * got.Cov[j][j])
				if e := math.Abs(got.Cov[i][j]-want) / scale; e > 1e-12 {
					t.Errorf("%s cov[%d][%d] = %v, want %v", c.vcov, i, j, got.Cov[i][j], want)
				}
			}
		}
	}
	text := mustRun(t, "", append(infertArgs[:len(infertArgs)-2:len(infertArgs)-2], "-vcov", "CL", "-cluster", "stratum")...).stdout
	if !strings.Contains(text, "Standard errors: cluster-robust by stratum (83 clusters") || !strings.Contains(text, "0.592822") {
		t.Errorf("text output does not name the cluster covariance or show its SE 0.592822:\n%s", text)
	}
}

// TestFitVcovClusterColumn checks that without -features the cluster
// column is not a feature, that a missing cluster value is an error
// naming its line, or with -na omit drops the row, and the usage errors.
func TestFitVcovClusterColumn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := "y,x,g\n0,1,a\n1,2,a\n0,3,b\n1,2.5,b\n1,4,c\n0,1.5,c\n1,3.5,NA\n0,2.2,d\n"
	f := writeFile(t, dir, "g.csv", data)
	r := runBin(t, "", "fit", "-data", f, "-target", "y", "-vcov", "CL", "-cluster", "g")
	if r.code != 1 || !strings.Contains(r.stderr, "g.csv:8: missing value in the cluster column \"g\"") {
		t.Errorf("missing cluster: exit %d, stderr %q", r.code, r.stderr)
	}
	var got vcovOut
	out := mustRun(t, "", "fit", "-data", f, "-target", "y", "-vcov", "CL", "-cluster", "g", "-na", "omit", "-format", "json").stdout
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.N != 7 || got.DroppedRows != 1 || *got.Clusters != 4 || len(got.Coefficients) != 2 || got.Coefficients[1].Name != "x" {
		t.Errorf("-na omit: n %d, dropped %d, clusters %d, coefficients %+v; want 7, 1, 4, (Intercept) and x", got.N, got.DroppedRows, *got.Clusters, got.Coefficients)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-vcov", "hc0"}, "-vcov must be model, HC0, HC1, CL or CL-HC1"},
		{[]string{"-vcov", "CL"}, "-vcov CL needs -cluster COLUMN"},
		{[]string{"-cluster", "g"}, "-cluster needs -vcov CL or CL-HC1"},
		{[]string{"-vcov", "HC0", "-firth"}, "cannot be combined with -l2 or -firth"},
		{[]string{"-vcov", "HC1", "-stream"}, "not supported with -stream"},
		{[]string{"-vcov", "CL", "-cluster", "y"}, "is the target or the weights column"},
	} {
		r := runBin(t, "", append([]string{"fit", "-data", f, "-target", "y"}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q, want 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
	r = runBin(t, data, "fit", "-data", "-", "-target", "y", "-vcov", "CL", "-cluster", "g")
	if r.code != 2 || !strings.Contains(r.stderr, "-cluster needs a data file") {
		t.Errorf("stdin: exit %d, stderr %q", r.code, r.stderr)
	}
	bom := writeFile(t, dir, "bom.csv", "\ufeff"+strings.Replace(data, "1,3.5,NA\n", "", 1))
	mustRun(t, "", "fit", "-data", bom, "-target", "y", "-vcov", "CL", "-cluster", "g")
	r = runBin(t, "", "fit", "-data", f, "-target", "y", "-vcov", "CL", "-cluster", "nope")
	if r.code != 1 || !strings.Contains(r.stderr, `no cluster column "nope"`) {
		t.Errorf("unknown cluster column: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestFitVcovZeroVariance checks a robust covariance without a positive
// variance (HC0 of a saturated grouped fit, two rows and two coefficients:
// every residual is 0): no standard error, z, p or interval (null, NA),
// not z = 0 and p = 1, and a warning that says why.
func TestFitVcovZeroVariance(t *testing.T) {
	t.Parallel()
	data := writeFile(t, t.TempDir(), "g2.csv", "x,y,w\n1,0.3,10\n2,0.6,10\n")
	args := []string{"fit", "-data", data, "-target", "y", "-weights", "w", "-features", "x", "-vcov", "HC0"}
	f := decodeFit(t, mustRun(t, "", append(args, "-format", "json")...).stdout)
	for _, c := range f.Coefficients {
		if c.StdErr != nil || c.Z != nil || c.P != nil || c.Low != nil || c.High != nil {
			t.Errorf("%s: got std_error %v, z %v, p %v, interval %v, %v; want all null", c.Name, c.StdErr, c.Z, c.P, c.Low, c.High)
		}
	}
	const want = "no HC0 standard error for (Intercept), x: the robust variance is zero to rounding"
	if len(f.Warnings) != 1 || !strings.HasPrefix(f.Warnings[0], want) {
		t.Errorf("got warnings %q, want one starting %q", f.Warnings, want)
	}
	text := mustRun(t, "", args...).stdout
	if !strings.Contains(text, "\nx                1.25276           NA       NA        NA              NA          NA\n") {
		t.Errorf("the text table does not print NA for z and p:\n%s", text)
	}
}
