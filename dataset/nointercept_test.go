package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
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
