package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestErrors runs every error path and checks the exit status and the
// message: for status 1 exactly one line "logreg: FILE:LINE:COL: what" (or
// "logreg: what") on stderr, for status 2 a usage message.
func TestErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := func(name, content string) string { return writeFile(t, dir, name, content) }
	birthModel := filepath.Join(dir, "birthwt.json")
	mustRun(t, "", "fit", "-data", birthwtCSV, "-target", "low", "-out", birthModel)
	missing := filepath.Join(dir, "nope.csv")

	bad := file("bad.csv", "y,x\n1,2\n0,3\"x\n1,4\n")
	ragged := file("ragged.csv", "y,x,g\n1,2,a\n0,3,b\n1,4\n")
	na := file("na.csv", "y,x,g\n1,2,a\n0,NA,b\n1,4,a\n0,1,b\n")
	mixed := file("mixed.csv", "y,x\n1,2\n0,3\n1,four\n0,5\n0,6\n")
	dup := file("dup.csv", "y,a,b\n1,1,2\n0,2,4\n1,3,6\n0,4,8\n0,1,2\n")
	oneClass := file("one.csv", "low,age,lwt,race,smoke,ptl,ht,ui,ftv\n0,19,182,black,0,0,0,1,0\n0,33,155,other,0,0,0,0,3\n")
	unseen := file("unseen.csv", "age,lwt,race,smoke,ptl,ht,ui,ftv\n19,182,black,0,0,0,1,0\n33,155,martian,0,0,0,0,3\n")
	noLwt := file("nolwt.csv", "age,race,smoke,ptl,ht,ui,ftv\n19,black,0,0,0,1,0\n")
	naPredict := file("napred.csv", "age,lwt,race,smoke,ptl,ht,ui,ftv\n19,182,black,0,0,0,1,0\n33,NA,other,0,0,0,0,3\n")
	v3 := file("v3.json", `{"format": "logreg-model", "version": 3, "coefficients": []}`)
	other := file("other.json", `{"format": "something-else", "version": 1}`)
	notJSON := file("notjson.json", "name,estimate\n(Intercept),1\n")
	huge := file("huge.json", strings.Replace(handModel, `{"name": "x", "estimate": 1}`, `{"name": "x", "estimate": 1e308}`, 1))
	hand := file("hand.csv", handData)
	prop := file("prop.csv", "y,x,w\n0.3,1,10\n0.5,2,10\n0.7,3,10\n0.2,1.5,10\n0.9,4,10\n")
	propModel := filepath.Join(dir, "prop.json")
	mustRun(t, "", "fit", "-data", prop, "-target", "y", "-weights", "w", "-out", propModel)
	prefixed := file("prefixed.csv", "y,x,dataset: z\n0,1,2\n1,2,4\n0,3,6\n1,4,8\n0,5,10\n1,1.5,3\n")
	mismatch := file("mismatch.json", strings.Replace(handModel, `{"name": "x", "estimate"`, `{"name": "z", "estimate"`, 1))

	cases := []struct {
		name string
		args []string
		code int
		want string // regular expression for the first line of stderr
	}{
		{"missing file", []string{"fit", "-data", missing, "-target", "y"}, 1,
			`^logreg: open .*nope\.csv: no such file or directory$`},
		{"bad quote", []string{"fit", "-data", bad, "-target", "y"}, 1,
			`^logreg: .*bad\.csv:3:\d+: csv syntax error: .*quote`},
		{"ragged row", []string{"fit", "-data", ragged, "-target", "y"}, 1,
			`^logreg: .*ragged\.csv:4: wrong number of fields`},
		{"unknown target", []string{"fit", "-data", na, "-target", "nope"}, 1,
			`^logreg: .*na\.csv:1: unknown column "nope" \(columns: y, x, g\)$`},
		{"unknown feature", []string{"fit", "-data", na, "-target", "y", "-features", "x,zz"}, 1,
			`^logreg: .*na\.csv:1: unknown column "zz"`},
		{"missing value", []string{"fit", "-data", na, "-target", "y"}, 1,
			`^logreg: .*na\.csv:3:2: missing value in column "x"$`},
		{"missing value cv", []string{"cv", "-data", na, "-target", "y", "-k", "2"}, 1,
			`^logreg: .*na\.csv:3:2: missing value in column "x"$`},
		{"mixed column", []string{"fit", "-data", mixed, "-target", "y"}, 1,
			`^logreg: .*mixed\.csv:4:2: .*mixes numbers and text`},
		{"aliased column", []string{"fit", "-data", dup, "-target", "y", "-features", "a,b"}, 1,
			`^logreg: .*dup\.csv: coefficient 2 \(b\) is aliased`},
		{"package prefix in a column name", []string{"fit", "-data", prefixed, "-target", "y"}, 1,
			`^logreg: .*prefixed\.csv: coefficient 2 \(dataset: z\) is aliased`},
		{"package prefix in an unknown column", []string{"fit", "-data", prefixed, "-target", "y", "-features", "x,logreg: q"}, 1,
			`^logreg: .*prefixed\.csv:1: unknown column "logreg: q" \(columns: y, x, dataset: z\)$`},
		{"too many folds", []string{"cv", "-data", na, "-target", "y", "-na", "omit", "-k", "4"}, 1,
			`^logreg: .*na\.csv: 4 folds but only 3 rows$`},
		{"unseen level", []string{"predict", "-model", birthModel, "-data", unseen}, 1,
			`^logreg: .*unseen\.csv:3:3: unseen level "martian"`},
		{"missing column", []string{"predict", "-model", birthModel, "-data", noLwt}, 1,
			`^logreg: .*nolwt\.csv:1: unknown column "lwt"`},
		{"missing value predict", []string{"predict", "-model", birthModel, "-data", naPredict}, 1,
			`^logreg: .*napred\.csv:3:2: missing value in column "lwt"$`},
		{"missing target eval", []string{"eval", "-model", birthModel, "-data", unseen}, 1,
			`^logreg: .*unseen\.csv:1: unknown column "low"`},
		{"-cluster -formula", []string{"fit", "-data", birthwtCSV, "-formula", "low ~ lwt", "-vcov", "CL", "-cluster", "smoke"}, 2,
			`^logreg fit: -cluster cannot be combined with -formula$`},
		{"-out -", []string{"fit", "-data", birthwtCSV, "-target", "low", "-out", "-"}, 2,
			`^logreg fit: -out -: name a file`},
		{"predict -out -", []string{"predict", "-model", birthModel, "-data", birthwtCSV, "-out", "-"}, 2,
			`^logreg predict: -out -: name a file`},
		{"one-valued 0/1 target", []string{"fit", "-data", oneClass, "-target", "low"}, 1,
			`^logreg: .*one\.csv: invalid target: target "low" has only the value 0$`},
		{"one-valued 0/1 target, stream", []string{"fit", "-stream", "-data", oneClass, "-target", "low"}, 1,
			`^logreg: .*one\.csv: invalid target: target "low" has only the value 0$`},
		{"one class roc", []string{"eval", "-model", birthModel, "-data", oneClass, "-roc", filepath.Join(dir, "roc.svg")}, 1,
			`^logreg: .*one\.csv: cannot draw a ROC curve: the data hold only one class of low$`},
		{"model version", []string{"predict", "-model", v3, "-data", unseen}, 1,
			`^logreg: .*v3\.json: model file version 3 is not supported \(this logreg reads versions 1 and 2\)$`},
		{"model format", []string{"predict", "-model", other, "-data", unseen}, 1,
			`^logreg: .*other\.json: format "something-else" is not "logreg-model"$`},
		{"model not JSON", []string{"eval", "-model", notJSON, "-data", unseen}, 1,
			`^logreg: .*notjson\.json: not a logreg model file`},
		{"model mismatch", []string{"predict", "-model", mismatch, "-data", unseen}, 1,
			`^logreg: .*mismatch\.json: invalid model file: coefficients .* do not match`},
		{"overflowing predictor", []string{"predict", "-model", huge, "-data", hand}, 1,
			`^logreg: .*hand\.csv:2: the linear predictor of the row is \+Inf: the model's coefficients times its values overflow$`},
		{"overflowing predictor eval", []string{"eval", "-model", huge, "-data", hand}, 1,
			`^logreg: .*hand\.csv:2: the linear predictor of the row is \+Inf`},
		{"proportions eval", []string{"eval", "-model", propModel, "-data", prop}, 1,
			`^logreg: .*prop\.csv:2:1: invalid target: value 0\.3 in column "y" is not 0 or 1 \(eval scores 0/1 responses, not proportions\)$`},
		{"missing model", []string{"predict", "-model", missing, "-data", unseen}, 1,
			`^logreg: open .*nope\.csv: no such file or directory$`},

		{"no command", nil, 2, `^logreg fits logistic regressions`},
		{"unknown command", []string{"train"}, 2, `^logreg: unknown command "train"$`},
		{"unknown flag", []string{"fit", "-bogus"}, 2, `^flag provided but not defined: -bogus$`},
		{"bad int", []string{"cv", "-k", "ten"}, 2, `^invalid value "ten" for flag -k`},
		{"no data", []string{"fit", "-target", "y"}, 2, `^logreg fit: -data is required$`},
		{"no target", []string{"cv", "-data", na}, 2, `^logreg cv: -target is required$`},
		{"bad na", []string{"fit", "-data", na, "-target", "y", "-na", "drop"}, 2, `^logreg fit: -na must be error or omit`},
		{"bad format", []string{"fit", "-data", na, "-target", "y", "-format", "xml"}, 2, `^logreg fit: -format must be text or json`},
		{"bad level", []string{"fit", "-data", na, "-target", "y", "-level", "95"}, 2, `^logreg fit: -level must be in \(0, 1\)`},
		{"negative l2", []string{"fit", "-data", na, "-target", "y", "-l2", "-1"}, 2, `^logreg fit: -l2 must be a finite number >= 0`},
		{"nan l2", []string{"fit", "-data", na, "-target", "y", "-l2", "NaN"}, 2, `^logreg fit: -l2 must be a finite number >= 0`},
		{"l2 and firth", []string{"fit", "-data", na, "-target", "y", "-l2", "1", "-firth"}, 2, `^logreg fit: -l2 and -firth cannot be combined$`},
		{"bad tol", []string{"fit", "-data", na, "-target", "y", "-tol", "-1"}, 2, `^logreg fit: -tol must be`},
		{"bad max-iter", []string{"fit", "-data", na, "-target", "y", "-max-iter", "-3"}, 2, `^logreg fit: -max-iter must be >= 0`},
		{"extra argument", []string{"fit", "-data", na, "-target", "y", "x"}, 2, `^logreg fit: unexpected argument "x"`},
		{"one fold", []string{"cv", "-data", na, "-target", "y", "-k", "1"}, 2, `^logreg cv: -k must be at least 2, not 1$`},
		{"bad l2 list", []string{"cv", "-data", na, "-target", "y", "-l2", "1,x"}, 2, `^logreg cv: -l2: "x" is not a finite number$`},
		{"negative l2 list", []string{"cv", "-data", na, "-target", "y", "-l2", "1,-2"}, 2, `^logreg cv: -l2: -2 is negative$`},
		{"l2 list and firth", []string{"cv", "-data", na, "-target", "y", "-l2", "1", "-firth"}, 2, `^logreg cv: -l2 and -firth cannot be combined$`},
		{"bad threshold", []string{"predict", "-model", birthModel, "-data", unseen, "-threshold", "1.5"}, 2, `^logreg predict: -threshold must be in \[0, 1\]`},
		{"no model", []string{"predict", "-data", unseen}, 2, `^logreg predict: -model is required$`},
		{"eval no data", []string{"eval", "-model", birthModel}, 2, `^logreg eval: -data is required$`},
		{"eval bad format", []string{"eval", "-model", birthModel, "-data", unseen, "-format", "csv"}, 2, `^logreg eval: -format must be text or json`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runBin(t, "", c.args...)
			if r.code != c.code {
				t.Fatalf("got exit %d, want %d; stderr:\n%s", r.code, c.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("got stdout %q, want nothing", r.stdout)
			}
			first, _, _ := strings.Cut(r.stderr, "\n")
			if !regexp.MustCompile(c.want).MatchString(first) {
				t.Errorf("got stderr %q, want a first line matching %s", r.stderr, c.want)
			}
			if c.code == 1 && strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("got stderr %q, want exactly one line", r.stderr)
			}
		})
	}
}

// TestHelp checks that -h prints the usage and exits 0.
func TestHelp(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"-h"}, []string{"fit", "predict", "eval", "cv", "Exit status"}},
		{[]string{"help"}, []string{"fit", "predict", "eval", "cv"}},
		{[]string{"fit", "-h"}, []string{"Usage: logreg fit", "-data FILE", "-target COLUMN", "-l2 LAMBDA", "-firth", "-out MODEL.json", "-v", "-stream", "-chunk-rows N"}},
		{[]string{"predict", "-h"}, []string{"Usage: logreg predict", "-model MODEL.json", "line,probability,predicted", "-threshold"}},
		{[]string{"eval", "-h"}, []string{"Usage: logreg eval", "-roc FILE.svg", "-threshold"}},
		{[]string{"cv", "-h"}, []string{"Usage: logreg cv", "-k folds", "-seed seed", "-l2 a,b,c"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			t.Parallel()
			r := runBin(t, "", c.args...)
			out := r.stdout + r.stderr
			if r.code != 0 {
				t.Errorf("got exit %d, want 0", r.code)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("usage lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestDataDevZero checks that an input without line ends is refused with
// its line, not read into memory whole: -data /dev/zero in memory, with
// -stream (where it is copied for the second pass) and for predict.
func TestDataDevZero(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	model := filepath.Join(t.TempDir(), "m.json")
	mustRun(t, "", "fit", "-data", mtcarsCSV, "-target", "am", "-features", "hp,wt", "-out", model)
	const want = "logreg: /dev/zero:1: csv syntax error: record longer than 64 MiB (no end of line)\n"
	for _, args := range [][]string{
		{"fit", "-data", "/dev/zero", "-target", "y"},
		{"fit", "-data", "/dev/zero", "-target", "y", "-stream"},
		{"predict", "-model", model, "-data", "/dev/zero"},
	} {
		if r := runStream(t, "", args...); r.code != 1 || r.stderr != want {
			t.Errorf("logreg %q: got exit %d, stderr %q, want exit 1, %q", args, r.code, r.stderr, want)
		}
	}
}
