package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/logreg"
)

// TestReadNoInterceptCoding checks the design of ReadOptions.NoIntercept:
// the first categorical feature in design order gets a column for every
// level, the next keep their baseline, as R's model.matrix codes
// y ~ 0 + x + f + g; Apply, ScanEncoding and a JSON round trip of the
// encoding code it the same way.
func TestReadNoInterceptCoding(t *testing.T) {
	t.Parallel()
	const in = "x,f,g,y\n1.5,b,u,0\n2,a,v,1\n-3,c,u,1\n4,a,u,0\n"
	opt := ReadOptions{Target: "y", NoIntercept: true}
	tab, err := Read(strings.NewReader(in), opt)
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"x", "f=a", "f=b", "f=c", "g=v"}
	if !slices.Equal(tab.Names, wantNames) {
		t.Fatalf("names: got %v, want %v", tab.Names, wantNames)
	}
	wantX := []float64{
		1.5, 0, 1, 0, 0,
		2, 1, 0, 0, 1,
		-3, 0, 0, 1, 0,
		4, 1, 0, 0, 0,
	}
	if got := tab.X.RawData(); !slices.Equal(got, wantX) {
		t.Errorf("X: got %v, want %v", got, wantX)
	}
	if f := tab.Encoding.Features; !f[1].AllLevels || f[0].AllLevels || f[2].AllLevels {
		t.Errorf("AllLevels of x, f, g: got %v, %v, %v, want false, true, false", f[0].AllLevels, f[1].AllLevels, f[2].AllLevels)
	}
	js, err := json.Marshal(tab.Encoding)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(js, []byte(`"name":"f","kind":"categorical","levels":["a","b","c"],"all_levels":true}`)) {
		t.Errorf("JSON: got %s, want all_levels on f only", js)
	}
	var enc Encoding
	if err := json.Unmarshal(js, &enc); err != nil {
		t.Fatal(err)
	}
	applied, err := enc.Apply(strings.NewReader(in), ApplyOptions{Target: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(applied.Names, wantNames) || !slices.Equal(applied.X.RawData(), wantX) {
		t.Errorf("Apply: got %v %v, want %v %v", applied.Names, applied.X.RawData(), wantNames, wantX)
	}
	scanned, _, err := ScanEncoding(strings.NewReader(in), opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*scanned, tab.Encoding) {
		t.Errorf("ScanEncoding: got %+v, want %+v", *scanned, tab.Encoding)
	}

	// With an intercept every factor keeps its baseline.
	tab, err = Read(strings.NewReader(in), ReadOptions{Target: "y"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"x", "f=b", "f=c", "g=v"}; !slices.Equal(tab.Names, want) {
		t.Errorf("names with an intercept: got %v, want %v", tab.Names, want)
	}
	// Without a categorical feature the option changes nothing.
	tab, err = Read(strings.NewReader(in), ReadOptions{Target: "y", Features: []string{"x"}, NoIntercept: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"x"}; !slices.Equal(tab.Names, want) {
		t.Errorf("names without a factor: got %v, want %v", tab.Names, want)
	}
}

// TestEncodingAllLevelsOnNumeric checks that an encoding with AllLevels on
// a numeric feature is refused.
func TestEncodingAllLevelsOnNumeric(t *testing.T) {
	t.Parallel()
	enc := Encoding{Features: []Feature{{Name: "x", Kind: Numeric, AllLevels: true}}}
	_, err := enc.Apply(strings.NewReader("x\n1\n"), ApplyOptions{})
	if !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), `numeric feature "x" has all_levels set`) {
		t.Errorf("error: got %v, want %v about all_levels", err, ErrEncoding)
	}
}

// TestNoInterceptFitIsReparametrization fits birthwt's low ~ 0 + race + lwt
// on the coding of NoIntercept. With every level of race and no intercept
// the model is the intercept model low ~ race + lwt written with other
// coefficients, so the deviance is the same and the coefficients map
// exactly: race=black is the intercept, race=l the intercept plus race=l,
// lwt is lwt. R's deviance for both is 223.26 (to the two decimals of
// issue 10); the baseline-less coding this replaces gave 227.06.
func TestNoInterceptFitIsReparametrization(t *testing.T) {
	t.Parallel()
	data, err := refcase.Read("birthwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	read := func(noIntercept bool) *logreg.Result {
		tab, err := Read(bytes.NewReader(data), ReadOptions{Target: "low", Features: []string{"race", "lwt"}, NoIntercept: noIntercept})
		if err != nil {
			t.Fatal(err)
		}
		res, err := logreg.Fit(tab.X, tab.Y, &logreg.Settings{NoIntercept: noIntercept, Names: tab.Names})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Converged {
			t.Fatalf("no intercept %v: not converged", noIntercept)
		}
		return res
	}
	with, without := read(false), read(true)
	wantNames := []string{"race=black", "race=other", "race=white", "lwt"}
	if !slices.Equal(without.Names, wantNames) {
		t.Fatalf("names: got %v, want %v", without.Names, wantNames)
	}
	const tol = 1e-10 // relative; the two fits agree to about 3e-14
	rel := func(got, want float64) float64 { return math.Abs(got-want) / math.Max(math.Abs(want), 1e-300) }
	if d := rel(without.Deviance, with.Deviance); d > tol {
		t.Errorf("deviance: got %.15g, want %.15g (relative difference %.2g)", without.Deviance, with.Deviance, d)
	}
	if math.Abs(without.Deviance-223.26) > 0.005 {
		t.Errorf("deviance: got %.15g, want R's 223.26", without.Deviance)
	}
	// with: (Intercept), race=other, race=white, lwt.
	b := with.Coef
	want := []float64{b[0], b[0] + b[1], b[0] + b[2], b[3]}
	for j, w := range want {
		if d := rel(without.Coef[j], w); d > tol {
			t.Errorf("%s: got %.15g, want %.15g (relative difference %.2g)", wantNames[j], without.Coef[j], w, d)
		}
	}
}
