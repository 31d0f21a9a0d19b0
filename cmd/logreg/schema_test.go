package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// docSchemas reads the key tables of the manual's "JSON output" section in
// doc.go: for each schema, its key paths (a[].k for key k of the elements
// of array a, <score> expanded to the seven scores) with their types.
func docSchemas(t *testing.T) map[string]map[string]string {
	t.Helper()
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	scores := []string{"accuracy", "precision", "recall", "f1", "log_loss", "brier", "auc"}
	head := regexp.MustCompile(`^// [\w -]+, schema "([^"]+)":$`)
	schemas := map[string]map[string]string{}
	var cur map[string]string
	for _, line := range strings.Split(string(b), "\n") {
		if m := head.FindStringSubmatch(line); m != nil {
			cur = map[string]string{}
			schemas[m[1]] = cur
			continue
		}
		if cur == nil {
			continue
		}
		if !strings.HasPrefix(line, "//\t") {
			if line != "//" {
				cur = nil // the table has ended
			}
			continue
		}
		f := strings.Fields(strings.TrimPrefix(line, "//\t"))
		if len(f) < 3 {
			t.Fatalf("doc.go: key line %q has no path, type and meaning", line)
		}
		if strings.Contains(f[0], "<score>") {
			for _, s := range scores {
				cur[strings.ReplaceAll(f[0], "<score>", s)] = f[1]
			}
		} else {
			cur[f[0]] = f[1]
		}
	}
	return schemas
}

// checkSchema checks that the JSON object out has exactly the keys that
// schema documents, at every level and in every element of every array,
// each of its documented type, and names the schema in "schema".
func checkSchema(t *testing.T, args []string, out, name string, schema map[string]string) {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(out))
	d.UseNumber()
	var v map[string]any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%q: output is not a JSON object: %v\n%s", args, err, out)
	}
	if v["schema"] != name {
		t.Errorf("%q: got schema %v, want %q", args, v["schema"], name)
	}
	var walk func(obj map[string]any, path string)
	walk = func(obj map[string]any, path string) {
		prefix := ""
		if path != "" {
			prefix = path + "."
		}
		want := map[string]bool{}
		for p := range schema {
			if rest, ok := strings.CutPrefix(p, prefix); ok && (path == "" || p != path) {
				key := rest
				if i := strings.IndexAny(rest, ".["); i >= 0 {
					key = rest[:i]
				}
				want[key] = true
			}
		}
		for key := range want {
			if _, ok := obj[key]; !ok {
				t.Errorf("%q: key %s%s is missing", args, prefix, key)
			}
		}
		for key, val := range obj {
			p := prefix + key
			if !want[key] {
				t.Errorf("%q: key %s is not documented in doc.go", args, p)
				continue
			}
			if typ, ok := schema[p]; ok && !jsonType(val, typ) {
				t.Errorf("%q: key %s is %v, want %s", args, p, val, typ)
			}
			switch val := val.(type) {
			case map[string]any:
				walk(val, p)
			case []any:
				for _, e := range val {
					if m, ok := e.(map[string]any); ok {
						walk(m, p+"[]")
					} else if _, ok := e.(string); !ok && !numberRow(e) {
						t.Errorf("%q: element of %s is %v, want a string, an object or an array of numbers", args, p, e)
					}
				}
			}
		}
	}
	walk(v, "")
}

// numberRow reports whether v is an array of numbers (a row of a matrix,
// such as fit's cov).
func numberRow(v any) bool {
	row, ok := v.([]any)
	if !ok {
		return false
	}
	for _, x := range row {
		if _, ok := x.(json.Number); !ok {
			return false
		}
	}
	return true
}

// jsonType reports whether v, decoded with UseNumber, is of the documented
// type typ: string, number, integer, boolean, array or object, each
// optionally |null.
func jsonType(v any, typ string) bool {
	base, nullable := strings.CutSuffix(typ, "|null")
	if v == nil {
		return nullable
	}
	switch v := v.(type) {
	case string:
		return base == "string"
	case bool:
		return base == "boolean"
	case []any:
		return base == "array"
	case map[string]any:
		return base == "object"
	case json.Number:
		f, err := v.Float64()
		switch base {
		case "number":
			return err == nil
		case "integer":
			return err == nil && f == math.Trunc(f) && !strings.ContainsAny(v.String(), ".eE")
		}
	}
	return false
}

// TestJSONSchemas runs fit, eval and cv with -format json in the settings
// that change which values exist (penalties, separation, -stream, one
// class, -timing=false) and checks every output against the key tables of
// the manual: every documented key present, null only where documented,
// no key that is not documented.
func TestJSONSchemas(t *testing.T) {
	t.Parallel()
	schemas := docSchemas(t)
	for _, name := range []string{fitSchema, evalSchema, cvSchema} {
		if len(schemas[name]) < 10 {
			t.Fatalf("doc.go documents %d keys of schema %s, want its table", len(schemas[name]), name)
		}
	}
	dir := t.TempDir()
	sep := writeFile(t, dir, "sep.csv", "x,y\n1,0\n2,0\n3,1\n4,1\n")
	oneClass := writeFile(t, dir, "one.csv", "hp,wt,am\n110,2.62,1\n93,2.32,1\n")
	model := fitModel(t, dir, mtcarsCSV, "-target", "am", "-features", "hp,wt")

	runs := []struct {
		schema string
		args   []string
	}{
		{fitSchema, []string{"fit", "-data", birthwtCSV, "-target", "low"}},
		{fitSchema, []string{"fit", "-data", irisCSV, "-target", "virginica", "-l2", "1"}},
		{fitSchema, []string{"fit", "-data", irisCSV, "-target", "virginica", "-firth"}},
		{fitSchema, []string{"fit", "-data", sep, "-target", "y"}},
		{fitSchema, []string{"fit", "-data", birthwtCSV, "-target", "low", "-stream", "-timing=false"}},
		{fitSchema, []string{"fit", "-data", mtcarsCSV, "-target", "am", "-features", "", "-timing=false"}},
		{fitSchema, []string{"fit", "-data", birthwtCSV, "-target", "low", "-vcov", "HC1"}},
		{fitSchema, []string{"fit", "-data", birthwtCSV, "-target", "low", "-tests", "drop1", "-ci", "profile"}},
		{fitSchema, []string{"fit", "-data", birthwtCSV, "-formula", "low ~ age + race", "-tests", "sequential"}},
		{fitSchema, []string{"fit", "-data", birthwtCSV, "-target", "low", "-features", "age,lwt", "-vcov", "CL", "-cluster", "race"}},
		{evalSchema, []string{"eval", "-model", model, "-data", mtcarsCSV}},
		{evalSchema, []string{"eval", "-model", model, "-data", oneClass, "-timing=false"}},
		{cvSchema, []string{"cv", "-data", birthwtCSV, "-target", "low", "-k", "3"}},
		{cvSchema, []string{"cv", "-data", birthwtCSV, "-target", "low", "-k", "3", "-l2", "0.1,1", "-timing=false"}},
		{cvSchema, []string{"cv", "-data", irisCSV, "-target", "virginica", "-k", "2", "-firth"}},
	}
	for _, r := range runs {
		args := append(slices.Clone(r.args), "-format", "json")
		out := mustRun(t, "", args...).stdout
		checkSchema(t, args, out, r.schema, schemas[r.schema])
		var v map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatal(err)
		}
		timingOff := slices.Contains(args, "-timing=false")
		if got := bytes.Equal(v["timing"], []byte("null")); got != timingOff {
			t.Errorf("%q: got timing %s, want null exactly with -timing=false", args, v["timing"])
		}
	}
}

// TestTimingOffDiffs checks that with -timing=false two runs of fit and of
// eval print the same bytes.
func TestTimingOffDiffs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := fitModel(t, dir, mtcarsCSV, "-target", "am", "-features", "hp,wt")
	for _, args := range [][]string{
		{"fit", "-data", birthwtCSV, "-target", "low", "-format", "json", "-timing=false"},
		{"eval", "-model", model, "-data", mtcarsCSV, "-format", "json", "-timing=false"},
	} {
		a, b := mustRun(t, "", args...).stdout, mustRun(t, "", args...).stdout
		if a != b {
			t.Errorf("%q: two runs differ:\n%s\n%s", args, a, b)
		}
	}
}
