package dataset

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/internal/refcase"
)

// formulaFrame is a small frame with a text factor, numbers and a missing
// cell.
const formulaCSV = `y,a,b,race,k,z
0,1,2,white,10,1
1,2,3,black,2,2
0,3,5,other,2,NA
1,4,7,white,1,4
0,5,11,black,10,5
1,6,13,other,1,6
`

func readFormulaFrame(t *testing.T) *Frame {
	t.Helper()
	f, err := ReadFrame(strings.NewReader(formulaCSV), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestFormulaTerms checks the expansion of the term algebra against R's
// attr(terms(f), "term.labels") and "intercept".
func TestFormulaTerms(t *testing.T) {
	t.Parallel()
	cols := []string{"y", "a", "b", "race", "k", "z"}
	for _, tc := range []struct {
		formula   string
		labels    string
		intercept bool
	}{
		{"y ~ a + b", "a b", true},
		{"y ~ a*b", "a b a:b", true},
		{"y ~ b:a + a", "a b:a", true},
		{"y ~ a:b + b", "b a:b", true},
		{"y ~ (a + b + race)^2", "a b race a:b a:race b:race", true},
		{"y ~ (a + b + race)^2 - a:b", "a b race a:race b:race", true},
		{"y ~ a*b*race - a:b:race", "a b race a:b a:race b:race", true},
		{"y ~ . - z", "a b race k", true},
		{"y ~ a - 1", "a", false},
		{"y ~ 0 + a", "a", false},
		{"y ~ -1 + a", "a", false},
		{"y ~ a + 0 + 1", "a", true},
		{"y ~ a^2 + .x", "a .x", true},
		{"y ~ 1", "", true},
		{"y ~ log(a) + I(a^2) + factor(k) + poly(b, 2) + offset(z)", "log(a) I(a^2) factor(k) poly(b, 2)", true},
		{"y ~ I(a*b/2 - -a)", "I(a * b/2 - -a)", true},
		{"y ~ factor(k > 1)", "factor(k > 1)", true},
		{"y ~ poly(b, 2, raw = TRUE)", "poly(b, 2, raw = TRUE)", true},
		{"y ~ `offset(a)` + offset(b)", "offset(a)", true},
	} {
		fm, err := ParseFormula(tc.formula)
		if err != nil {
			t.Errorf("%s: %v", tc.formula, err)
			continue
		}
		tm, err := fm.Terms(cols)
		if err != nil {
			t.Errorf("%s: %v", tc.formula, err)
			continue
		}
		if got := strings.Join(tm.Labels, " "); got != tc.labels || tm.Intercept != tc.intercept {
			t.Errorf("%s: got %q intercept %v, want %q %v", tc.formula, got, tm.Intercept, tc.labels, tc.intercept)
		}
	}
}

// TestFormulaErrors checks that bad formulas give a positioned error.
func TestFormulaErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ formula, want string }{
		{"low ~ age + lgo(lwt)", `formula:1:13: unknown function "lgo"`},
		{"low ~ age +", "formula:1:12: unexpected end of formula, want a variable"},
		{"~ age", `formula:1:1: formula has no response before "~"`},
		{"low age", `formula:1:5: unexpected "age", want "~"`},
		{"low ~ a / b", `formula:1:9: operator "/" is not supported between terms (use I())`},
		{"low ~ a^b", `formula:1:9: the power of a term must be an integer from 1 to 10`},
		{"low ~ poly(a)", "formula:1:7: poly takes a variable, a degree and raw = TRUE or FALSE"},
		{"low ~ poly(a, 2, raw = yes)", "formula:1:18: the third argument of poly must be raw = TRUE or raw = FALSE"},
		{"low ~ a $ b", `formula:1:9: unexpected character "$"`},
		{"low ~ 2", "formula:1:7: number 2 is not a term (only 0 or 1)"},
		{"low ~ .5", "formula:1:7: number .5 is not a term (only 0 or 1)"},
		{"low ~ (a", `formula:1:9: unexpected end of formula, want ")"`},
		{"low ~ log(a, 2)", "formula:1:7: log takes one argument"},
		{"low ~ I(a:b)", `formula:1:10: operator ":" is not arithmetic`},
		{"offset(a) ~ b", "formula:1:1: the response cannot be an offset"},
	} {
		_, err := ParseFormula(tc.formula)
		var fe *FormulaError
		if !errors.As(err, &fe) || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.formula, err, tc.want)
		}
	}
}

// TestFormulaResponseTerm checks that the response as a term of its own is
// an error at the term (R drops it with a warning), and that "." stands for
// every column but the response.
func TestFormulaResponseTerm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ formula, want string }{
		{"low ~ age + low", `formula:1:13: the response low is also a term on the right of "~"`},
		{"log(y) ~ a + log(y)", `formula:1:14: the response log(y) is also a term on the right of "~"`},
		{"y ~ y + a", `formula:1:5: the response y is also a term on the right of "~"`},
		{"low ~ .", ""},
		{"low ~ age:low", ""}, // an interaction with the response stays, as in R
	} {
		fm, err := ParseFormula(tc.formula)
		if err == nil {
			_, err = fm.Terms([]string{"low", "age", "y", "a"})
		}
		var fe *FormulaError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.formula, err)
		case tc.want != "" && (!errors.As(err, &fe) || err.Error() != tc.want):
			t.Errorf("%s: got %v, want %s", tc.formula, err, tc.want)
		}
	}
}

// TestFormulaDesign checks the coding of factors, interactions and
// transformations against R's model.matrix.
func TestFormulaDesign(t *testing.T) {
	t.Parallel()
	f := readFormulaFrame(t)
	for _, tc := range []struct {
		formula string
		names   string
		terms   []int
		row0    []float64 // the design's first row
	}{
		// race levels black other white; row 0 is white.
		{"y ~ race * a", "race=other race=white a race=other:a race=white:a", []int{0, 0, 1, 2, 2}, []float64{0, 1, 1, 0, 1}},
		// ":" without its main effect codes race with all its levels.
		{"y ~ a + race:b", "a race=black:b race=other:b race=white:b", []int{0, 1, 1, 1}, []float64{1, 0, 0, 2}},
		{"y ~ race - 1", "race=black race=other race=white", []int{0, 0, 0}, []float64{0, 0, 1}},
		{"y ~ 0 + race + a", "race=black race=other race=white a", []int{0, 0, 0, 1}, []float64{0, 0, 1, 1}},
		// Only the first factor gets all its levels without an intercept.
		{"y ~ 0 + a + race + factor(k)", "a race=black race=other race=white factor(k)=2 factor(k)=10", []int{0, 1, 1, 1, 2, 2}, []float64{1, 0, 0, 1, 0, 1}},
		{"y ~ 0 + a + a:race", "a a:race=black a:race=other a:race=white", []int{0, 1, 1, 1}, []float64{1, 0, 0, 1}},
		// factor of numbers sorts 1 < 2 < 10.
		{"y ~ factor(k)", "factor(k)=2 factor(k)=10", []int{0, 0}, []float64{0, 1}},
		{"y ~ factor(k > 1)", "factor(k > 1)=TRUE", []int{0}, []float64{1}},
		// A logical variable is a factor of FALSE and TRUE, as in R.
		{"y ~ I(k > 1) + (a <= 1)", "I(k > 1)=TRUE a <= 1=TRUE", []int{0, 1}, []float64{1, 1}},
		{"y ~ log(b) + I(a^2) + sqrt(a) + exp(a) + abs(-a) + log2(b) + log10(b)",
			"log(b) I(a^2) sqrt(a) exp(a) abs(-a) log2(b) log10(b)",
			[]int{0, 1, 2, 3, 4, 5, 6}, []float64{math.Log(2), 1, 1, math.E, 1, 1, math.Log10(2)}},
		{"y ~ poly(a, 2, raw = TRUE):b", "poly(a, 2, raw = TRUE)1:b poly(a, 2, raw = TRUE)2:b", []int{0, 0}, []float64{2, 2}},
		{"y ~ race:factor(k)", "", nil, nil},
	} {
		fm, err := ParseFormula(tc.formula)
		if err != nil {
			t.Fatal(err)
		}
		d, err := fm.Design(f, DesignOptions{NAOmit: true})
		if err != nil {
			t.Errorf("%s: %v", tc.formula, err)
			continue
		}
		if tc.terms == nil {
			// R: 1 + 3·3 columns, every combination.
			if len(d.Names) != 9 || d.Names[0] != "race=black:factor(k)=1" || d.Names[1] != "race=other:factor(k)=1" {
				t.Errorf("%s: got %q", tc.formula, d.Names)
			}
			continue
		}
		if got := strings.Join(d.Names, " "); got != tc.names {
			t.Errorf("%s: got names %q, want %q", tc.formula, got, tc.names)
		}
		if !slices.Equal(d.Term, tc.terms) {
			t.Errorf("%s: got terms %v, want %v", tc.formula, d.Term, tc.terms)
		}
		if r, _ := d.X.Dims(); r != 6 || d.Dropped != 0 {
			t.Errorf("%s: got %d rows, %d dropped, want 6 and 0", tc.formula, r, d.Dropped)
		}
		for j, want := range tc.row0 {
			if got := d.X.At(0, j); math.Abs(got-want) > 1e-15 {
				t.Errorf("%s: X[0,%d] = %v, want %v", tc.formula, j, got, want)
			}
		}
	}
}

// TestFormulaMissing checks R's na.omit on the model frame: only the
// variables used count, and without NAOmit a missing value is an error.
func TestFormulaMissing(t *testing.T) {
	t.Parallel()
	f := readFormulaFrame(t)
	fm, _ := ParseFormula("y ~ a + offset(z)")
	if _, err := fm.Design(f, DesignOptions{}); err == nil || !strings.Contains(err.Error(), "line 4: missing value in offset(z)") {
		t.Errorf("got %v, want a missing value on line 4", err)
	}
	d, err := fm.Design(f, DesignOptions{NAOmit: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Dropped != 1 || !slices.Equal(d.Offset, []float64{1, 2, 4, 5, 6}) || !slices.Equal(d.Rows, []int{0, 1, 3, 4, 5}) {
		t.Errorf("got dropped %d offset %v rows %v", d.Dropped, d.Offset, d.Rows)
	}
	// The level "other" of row 2 is gone with it for a factor of z's rows.
	fm, _ = ParseFormula("y ~ race + z")
	d, err = fm.Design(f, DesignOptions{NAOmit: true, Ref: map[string]string{"race": "white"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(d.Names, " "); got != "race=black race=other z" {
		t.Errorf("got %q, want race=black race=other z", got)
	}
	if _, err := fm.Design(f, DesignOptions{Ref: map[string]string{"race": "red"}, NAOmit: true}); err == nil {
		t.Error("got no error for an unknown reference level")
	}
	for _, v := range []string{"z", "nope"} {
		if _, err := fm.Design(f, DesignOptions{Ref: map[string]string{v: "1"}, NAOmit: true}); err == nil || !strings.Contains(err.Error(), "the formula has no factor "+v) {
			t.Errorf("reference level of %s: got %v", v, err)
		}
	}
	fm, _ = ParseFormula("y ~ a + nope")
	if _, err := fm.Design(f, DesignOptions{}); err == nil || err.Error() != `formula:1:9: no column "nope" in the data` {
		t.Errorf("got %v", err)
	}
}

// TestPolyPredict checks that the stored coefficients of poly() reproduce
// the training columns (orthonormal, as R's poly) on the same data.
func TestPolyPredict(t *testing.T) {
	t.Parallel()
	x := []float64{19, 33, 20, 21, 18, 21, 22, 17, 29, 26}
	alpha, norm2, err := polyCoefs(x, 3)
	if err != nil {
		t.Fatal(err)
	}
	z := polyPredict(x, alpha, norm2)
	for a := range z {
		for b := range z {
			s := 0.0
			for i := range x {
				s += z[a][i] * z[b][i]
			}
			want := 0.0
			if a == b {
				want = 1
			}
			if math.Abs(s-want) > 1e-13 {
				t.Errorf("column %d · column %d = %v, want %v", a+1, b+1, s, want)
			}
		}
		sum := 0.0
		for _, v := range z[a] {
			sum += v
		}
		if math.Abs(sum) > 1e-13 {
			t.Errorf("column %d sums to %v, want 0", a+1, sum)
		}
	}
	if _, _, err := polyCoefs([]float64{1, 2, 1}, 2); err == nil {
		t.Error("got no error for a degree as large as the distinct points")
	}
}

// FuzzFormula checks that parsing and expanding any text never panics and
// that an error is a positioned one.
func FuzzFormula(f *testing.F) {
	for _, s := range []string{"y ~ a + b", "y ~ (a+b+c)^2 - a:b", "y ~ poly(x, 2, raw = TRUE) + offset(log(z))",
		"y ~ I(a^-2) + factor(k > 0) - 1", "y ~ .", "`a b` ~ `c`", "y ~ ((((a))))", "y ~ a:b:c*d"} {
		f.Add(s)
	}
	fr, err := ReadFrame(strings.NewReader(formulaCSV), "f.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fm, err := ParseFormula(s)
		if err != nil {
			var fe *FormulaError
			if !errors.As(err, &fe) {
				t.Fatalf("%q: error %v is not a *FormulaError", s, err)
			}
			if fe.Column < 1 || fe.Column > len(s)+1 {
				t.Fatalf("%q: column %d out of range", s, fe.Column)
			}
			return
		}
		if _, err := fm.Terms([]string{"y", "a", "b"}); err != nil {
			return
		}
		fm.Design(fr, DesignOptions{NAOmit: true})
	})
}

// TestFormulaLimits checks that formulas with too many terms or too large a
// design are refused before memory runs out.
func TestFormulaLimits(t *testing.T) {
	t.Parallel()
	vars := make([]string, 26)
	for i := range vars {
		vars[i] = string(rune('a' + i))
	}
	_, err := ParseFormula("y ~ (" + strings.Join(vars, " + ") + ")^10")
	var fe *FormulaError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "more than 4096 terms") {
		t.Errorf("got %v, want too many terms", err)
	}
	f := readFormulaFrame(t)
	fm, _ := ParseFormula("y ~ race:factor(k):factor(a):factor(b)")
	if _, err := fm.Design(f, DesignOptions{MaxDesignBytes: 1000}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("got %v, want ErrTooLarge", err)
	}
}

// TestFormulaWeights checks the weights column of a design: its missing
// values drop rows as the variables' do, a negative weight is an error,
// and the response may then be a proportion.
func TestFormulaWeights(t *testing.T) {
	t.Parallel()
	f, err := ReadFrame(strings.NewReader("p,x,w\n0.5,1,2\n1,2,NA\n0.25,3,4\n0,4,1\n"), "w.csv")
	if err != nil {
		t.Fatal(err)
	}
	fm, _ := ParseFormula("p ~ x")
	if _, err := fm.Design(f, DesignOptions{}); !errors.Is(err, ErrTarget) {
		t.Errorf("proportions without weights: got %v, want ErrTarget", err)
	}
	if _, err := fm.Design(f, DesignOptions{Weights: "w"}); err == nil || !strings.Contains(err.Error(), "line 3: missing value in the weights w") {
		t.Errorf("got %v, want a missing weight on line 3", err)
	}
	d, err := fm.Design(f, DesignOptions{Weights: "w", NAOmit: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Weights, []float64{2, 4, 1}) || !slices.Equal(d.Y, []float64{0.5, 0.25, 0}) {
		t.Errorf("got weights %v, y %v", d.Weights, d.Y)
	}
	f, _ = ReadFrame(strings.NewReader("p,x,w\n0.5,1,-2\n1,2,1\n"), "w.csv")
	if _, err := fm.Design(f, DesignOptions{Weights: "w"}); !errors.Is(err, ErrWeight) {
		t.Errorf("negative weight: got %v, want ErrWeight", err)
	}
	if _, err := fm.Design(f, DesignOptions{Weights: "nope"}); !errors.Is(err, ErrUnknownColumn) {
		t.Errorf("unknown weights column: got %v, want ErrUnknownColumn", err)
	}
}

// TestPolyR checks poly()'s coefficients and its prediction at new points
// against R 4.2.2: p <- poly(birthwt$age, 3); attr(p, "coefs");
// predict(p, c(15, 30, 45)).
func TestPolyR(t *testing.T) {
	t.Parallel()
	f, err := ReadFrame(strings.NewReader(birthwtAges), "ages.csv")
	if err != nil {
		t.Fatal(err)
	}
	alpha, norm2, err := polyCoefs(f.Columns[0].Values, 3)
	if err != nil {
		t.Fatal(err)
	}
	wantAlpha := []float64{23.238095238095237, 27.024219366213522, 32.167068718489837}
	wantNorm2 := []float64{1, 189, 5278.2857142857147, 302948.6162173866178, 30474139.6282106563449}
	for i, w := range wantAlpha {
		if e := math.Abs(alpha[i]-w) / w; e > 1e-14 {
			t.Errorf("alpha[%d]: got %.17g, want %.17g (rel %.2g)", i, alpha[i], w, e)
		}
	}
	for i, w := range wantNorm2 {
		if e := math.Abs(norm2[i]-w) / w; e > 1e-13 {
			t.Errorf("norm2[%d]: got %.17g, want %.17g (rel %.2g)", i, norm2[i], w, e)
		}
	}
	z := polyPredict([]float64{15, 30, 45}, wantAlpha, wantNorm2)
	want := [3][3]float64{
		{-0.113391463584537805, 0.129230076194452925, -0.135544698651258788},
		{0.093072762017366320, -0.014181292633467554, -0.067239766842341439},
		{0.299536987619270445, 0.659983137088337002, 0.618197133680847277},
	}
	for i := range 3 {
		for k := range 3 {
			if e := math.Abs(z[k][i] - want[i][k]); e > 1e-15 {
				t.Errorf("row %d degree %d: got %.17g, want %.17g", i, k+1, z[k][i], want[i][k])
			}
		}
	}
}

// birthwtAges is the age column of birthwt (internal/refcase next/).
const birthwtAges = "age\n" +
	"19\n33\n20\n21\n18\n21\n22\n17\n29\n26\n19\n19\n22\n30\n18\n18\n15\n25\n20\n28\n32\n31\n36\n28\n25\n28\n17\n29\n26\n17\n" +
	"17\n24\n35\n25\n25\n29\n19\n27\n31\n33\n21\n19\n23\n21\n18\n18\n32\n19\n24\n22\n22\n23\n22\n30\n19\n16\n21\n30\n20\n17\n" +
	"17\n23\n24\n28\n26\n20\n24\n28\n20\n22\n22\n31\n23\n16\n16\n18\n25\n32\n20\n23\n22\n32\n30\n20\n23\n17\n19\n23\n36\n22\n" +
	"24\n21\n19\n25\n16\n29\n29\n19\n19\n30\n24\n19\n24\n23\n20\n25\n30\n22\n18\n16\n32\n18\n29\n33\n20\n28\n14\n28\n25\n16\n" +
	"20\n26\n21\n22\n25\n31\n35\n19\n24\n45\n28\n29\n34\n25\n25\n27\n23\n24\n24\n21\n32\n19\n25\n16\n25\n20\n21\n24\n21\n20\n" +
	"25\n19\n19\n26\n24\n17\n20\n22\n27\n20\n17\n25\n20\n18\n18\n20\n21\n26\n31\n15\n23\n20\n24\n15\n23\n30\n22\n17\n23\n17\n" +
	"26\n20\n26\n14\n28\n14\n23\n17\n21\n"

// TestFormulaNamesR checks the design's columns against R 4.2.2's
// colnames(model.matrix(f, birthwt)), R's names being ours without "=":
// ":" without main effects, the order of variables in a term, the intercept.
func TestFormulaNamesR(t *testing.T) {
	t.Parallel()
	b, err := refcase.Read("next/birthwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	fr, err := ReadFrame(bytes.NewReader(b), "birthwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ formula, want string }{
		{"low ~ race:lwt", "(Intercept) raceblack:lwt raceother:lwt racewhite:lwt"},
		{"low ~ lwt + race:lwt", "(Intercept) lwt lwt:raceother lwt:racewhite"},
		{"low ~ race:factor(smoke)", "(Intercept) raceblack:factor(smoke)0 raceother:factor(smoke)0 racewhite:factor(smoke)0 raceblack:factor(smoke)1 raceother:factor(smoke)1 racewhite:factor(smoke)1"},
		{"low ~ 0 + race:factor(smoke)", "raceblack:factor(smoke)0 raceother:factor(smoke)0 racewhite:factor(smoke)0 raceblack:factor(smoke)1 raceother:factor(smoke)1 racewhite:factor(smoke)1"},
		{"low ~ smoke:race + race", "(Intercept) raceother racewhite smoke:raceblack smoke:raceother smoke:racewhite"},
		{"low ~ (race + factor(smoke) + lwt)^3", "(Intercept) raceother racewhite factor(smoke)1 lwt raceother:factor(smoke)1 racewhite:factor(smoke)1 raceother:lwt racewhite:lwt factor(smoke)1:lwt raceother:factor(smoke)1:lwt racewhite:factor(smoke)1:lwt"},
		{"low ~ lwt:age + race:age:lwt", "(Intercept) lwt:age lwt:age:raceother lwt:age:racewhite"},
		{"low ~ I(age > 25) + (lwt <= 120)", "(Intercept) I(age > 25)TRUE lwt <= 120TRUE"},
	} {
		fm, err := ParseFormula(c.formula)
		if err != nil {
			t.Fatal(err)
		}
		d, err := fm.Design(fr, DesignOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		if d.Intercept {
			got = append(got, "(Intercept)")
		}
		for _, n := range d.Names {
			// RName drops the "=" before a level, not those of <= and
			// raw = TRUE.
			r := strings.NewReplacer("<=", "\x01", ">=", "\x02", " = ", "\x03").Replace(n)
			got = append(got, strings.NewReplacer("\x01", "<=", "\x02", ">=", "\x03", " = ").Replace(refcase.RName(r)))
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s: got\n%s\nwant R's\n%s", c.formula, g, c.want)
		}
	}
}

// TestFormulaSingleLevel checks that a factor with one level in the rows
// used is an error, as R's contrasts make it ("contrasts can be applied
// only to factors with 2 or more levels"), also in an interaction, for a
// logical factor and after -na omit, instead of dropping its term.
func TestFormulaSingleLevel(t *testing.T) {
	t.Parallel()
	f, err := ReadFrame(strings.NewReader("x,g,h,y\n1,a,u,0\n2,a,u,1\n3,a,,0\n4,a,u,1\n5,a,v,1\n"), "one.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		formula string
		opt     DesignOptions
		want    string
	}{
		{"y ~ x + g", DesignOptions{Target: true}, `factor g has a single level "a" in the rows used`},
		{"y ~ x:g", DesignOptions{Target: true}, `factor g has a single level "a" in the rows used`},
		{"y ~ x + factor(x > 10)", DesignOptions{Target: true}, `factor factor(x > 10) has a single level "FALSE" in the rows used`},
		{"y ~ x + h", DesignOptions{Target: true, NAOmit: true}, ""},
		{"y ~ x + h", DesignOptions{Target: true, NAOmit: true, Ref: map[string]string{"h": "v"}}, ""},
	} {
		fm, err := ParseFormula(c.formula)
		if err != nil {
			t.Fatal(err)
		}
		_, err = fm.Design(f, c.opt)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: got %v, want no error", c.formula, err)
		case c.want != "" && (!errors.Is(err, ErrSingleLevel) || !strings.HasSuffix(err.Error(), c.want)):
			t.Errorf("%s: got %v, want ErrSingleLevel and %q", c.formula, err, c.want)
		}
	}
	// h keeps one level when the row of v is dropped too.
	g, err := ReadFrame(strings.NewReader("x,h,y\n1,u,0\n2,u,1\n3,,0\n4,u,1\n5,v,\n"), "one.csv")
	if err != nil {
		t.Fatal(err)
	}
	fm, _ := ParseFormula("y ~ x + h")
	if _, err := fm.Design(g, DesignOptions{Target: true, NAOmit: true}); !errors.Is(err, ErrSingleLevel) {
		t.Errorf("after -na omit: got %v, want ErrSingleLevel", err)
	}
}
