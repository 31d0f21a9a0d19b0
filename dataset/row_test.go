package dataset_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
)

// refTargets chooses the target (and positive value or weights) of each
// data file of internal/refcase.
var refTargets = map[string]dataset.ReadOptions{
	"birthwt.csv": {Target: "low"}, "iris_vv.csv": {Target: "virginica"}, "mtcars.csv": {Target: "am"},
	"next/birthwt.csv": {Target: "low"}, "next/birthwt_offset.csv": {Target: "low"}, "next/mtcars.csv": {Target: "am"},
	"next/endometrial.csv": {Target: "HG"}, "next/housing.csv": {Target: "Sat", Positive: "High"},
	"next/infert.csv": {Target: "case"}, "next/menarche.csv": {Target: "prop", Weights: "Total"},
	"next/pima_tr.csv": {Target: "type"}, "next/pima_te.csv": {Target: "type"}, "next/sep_complete.csv": {Target: "y"},
}

// refDataFiles lists the data files of internal/refcase: the CSV files
// whose name has one dot (the others, such as birthwt.coef.csv, are
// answers).
func refDataFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, dir := range []string{"", "next"} {
		ents, err := os.ReadDir(refcase.Path(dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if n := e.Name(); strings.Count(n, ".") == 1 && strings.HasSuffix(n, ".csv") {
				out = append(out, filepath.ToSlash(filepath.Join(dir, n)))
			}
		}
	}
	return out
}

// TestRowEncoderAgreesWithApply codes every record of every refcase data file
// with the RowEncoder (from a map and from fields in the file's column
// order) and checks it bit for bit against the row Encoding.Apply gives;
// records with a missing value, which Apply drops, are ErrMissing. Then,
// for each feature of the first record, it substitutes texts that Apply
// refuses or codes specially (a text, NA, blanks, Inf, 1e999, a padded
// number, an unseen level) and checks that both give the same row or the
// same sentinel error.
func TestRowEncoderAgreesWithApply(t *testing.T) {
	t.Parallel()
	files := refDataFiles(t)
	if len(files) < 10 {
		t.Fatalf("found %d data files: %v", len(files), files)
	}
	for _, name := range files {
		opt, ok := refTargets[name]
		if !ok {
			t.Errorf("%s: no target chosen in refTargets", name)
			continue
		}
		data, err := refcase.Read(name)
		if err != nil {
			t.Fatal(err)
		}
		opt.DropNA = true
		tab, err := dataset.Read(bytes.NewReader(data), opt)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		applied, err := tab.Encoding.Apply(bytes.NewReader(data), dataset.ApplyOptions{DropNA: true})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r := csv.NewReader(bytes.NewReader(data))
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := recs[0]
		enc, err := tab.Encoding.NewRowEncoder(dataset.RowOptions{})
		if err != nil {
			t.Fatal(err)
		}
		byFields, err := tab.Encoding.NewRowEncoder(dataset.RowOptions{Columns: header})
		if err != nil {
			t.Fatal(err)
		}
		p := enc.Width()
		if p != len(applied.Names) {
			t.Fatalf("%s: width %d, want %d", name, p, len(applied.Names))
		}
		row, row2 := make([]float64, p), make([]float64, p)
		next := 0 // the next row of applied
		rec := make(map[string]string)
		for i, fields := range recs[1:] {
			for j, h := range header {
				rec[h] = fields[j]
			}
			err := enc.Encode(row, rec)
			err2 := byFields.EncodeFields(row2, fields)
			line := i + 2 // the files have no quoted line breaks
			inApply := next < len(applied.Rows) && applied.Rows[next] == line
			switch {
			case err != nil && (inApply || !errors.Is(err, dataset.ErrMissing)):
				t.Fatalf("%s:%d: got error %v, want the row of Apply (or ErrMissing when Apply drops it)", name, line, err)
			case (err == nil) != (err2 == nil):
				t.Fatalf("%s:%d: Encode %v, EncodeFields %v", name, line, err, err2)
			case err == nil && !inApply:
				t.Fatalf("%s:%d: coded a row that Apply drops", name, line)
			case err == nil:
				want := applied.X.RawData()[next*p : next*p+p]
				if !slices.Equal(bitsOf(row), bitsOf(want)) || !slices.Equal(bitsOf(row2), bitsOf(want)) {
					t.Fatalf("%s:%d: got %v and %v, want Apply's %v", name, line, row, row2, want)
				}
				next++
			}
		}
		if next != len(applied.Rows) {
			t.Errorf("%s: coded %d rows, Apply %d", name, next, len(applied.Rows))
		}
		// Substitutions into the first complete record.
		first := slices.Clone(recs[applied.Rows[0]-1]) // the first complete record
		for _, f := range tab.Encoding.Features {
			j := slices.Index(header, f.Name)
			subs := []string{"abc", "NA", " NA\t", "", "  ", "Inf", "-nan", "1e999", " 3.25 ", "0x10", "1_000", "-0"}
			if f.Kind == dataset.Categorical {
				subs = append(subs, " "+f.Levels[0], f.Levels[len(f.Levels)-1], "not a level")
			}
			for _, s := range subs {
				fields := slices.Clone(first)
				fields[j] = s
				var buf bytes.Buffer
				w := csv.NewWriter(&buf)
				w.Write(header)
				w.Write(fields)
				w.Flush()
				one, aerr := tab.Encoding.Apply(&buf, dataset.ApplyOptions{})
				eerr := byFields.EncodeFields(row, fields)
				switch {
				case aerr == nil && eerr == nil:
					if !slices.Equal(bitsOf(row), bitsOf(one.X.RawData())) {
						t.Errorf("%s: %s = %q: got %v, want Apply's %v", name, f.Name, s, row, one.X.RawData())
					}
				case aerr == nil || eerr == nil:
					t.Errorf("%s: %s = %q: Apply's error %v, the encoder's %v", name, f.Name, s, aerr, eerr)
				default:
					var fe *dataset.FieldError
					if !errors.As(eerr, &fe) || fe.Field != f.Name || !errors.Is(aerr, fe.Err) || !strings.Contains(eerr.Error(), `"`+f.Name+`"`) {
						t.Errorf("%s: %s = %q: Apply's error %v, the encoder's %v", name, f.Name, s, aerr, eerr)
					}
				}
			}
		}
	}
}

func bitsOf(v []float64) []uint64 {
	out := make([]uint64, len(v))
	for i, x := range v {
		out[i] = math.Float64bits(x)
	}
	return out
}

// TestRowEncoderBlankLevels checks that a level that Apply would read as
// missing (blanks, NA among blanks: an Encoding written by hand may hold
// one) is missing for the RowEncoder too, whether the record's other fields
// take the quick path or not.
func TestRowEncoderBlankLevels(t *testing.T) {
	t.Parallel()
	for _, level := range []string{" ", "\t", " NA", "NA ", " b"} {
		enc := &dataset.Encoding{
			Features: []dataset.Feature{{Name: "x", Kind: dataset.Numeric}, {Name: "c", Kind: dataset.Categorical, Levels: []string{level, "a"}}},
			Target:   dataset.Target{Name: "y", Kind: dataset.Numeric, Levels: [2]string{"0", "1"}},
		}
		r, err := enc.NewRowEncoder(dataset.RowOptions{})
		if err != nil {
			t.Fatal(err)
		}
		row := make([]float64, r.Width())
		for _, x := range []string{"1", " 1"} { // the quick path, and not
			errF := r.EncodeFields(row, []string{x, level})
			errM := r.Encode(row, map[string]string{"x": x, "c": level})
			if level == " b" {
				if errF != nil || errM != nil {
					t.Errorf("level %q, x %q: got %v and %v, want the level", level, x, errF, errM)
				}
				continue
			}
			if !errors.Is(errF, dataset.ErrMissing) || !errors.Is(errM, dataset.ErrMissing) {
				t.Errorf("level %q, x %q: got %v and %v, want ErrMissing", level, x, errF, errM)
			}
		}
	}
}

// TestRowEncoderWide compares Encode, EncodeFields (with the columns in
// another order and one more) and Apply on records of 37 numeric features
// (more than one of quickMap's batches) and two categorical ones, each
// record with one field replaced by a text that is not a plain decimal or
// not a level, or by a '+'-signed or long number, or by nothing at all.
func TestRowEncoderWide(t *testing.T) {
	t.Parallel()
	var feats []dataset.Feature
	var header []string
	for j := range 39 {
		f := dataset.Feature{Name: fmt.Sprintf("x%d", j), Kind: dataset.Numeric}
		if j == 5 || j == 30 {
			f = dataset.Feature{Name: fmt.Sprintf("c%d", j), Kind: dataset.Categorical, Levels: []string{"a", "bb", "c"}}
		}
		feats = append(feats, f)
		header = append(header, f.Name)
	}
	enc := &dataset.Encoding{Features: feats, Target: dataset.Target{Name: "y", Kind: dataset.Numeric, Levels: [2]string{"0", "1"}}}
	cols := append(slices.Clone(header), "extra")
	slices.Reverse(cols)
	byMap, err := enc.NewRowEncoder(dataset.RowOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byFields, err := enc.NewRowEncoder(dataset.RowOptions{Columns: cols})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	subs := []string{"", "abc", "NA", "+1.5", "1e3", " 2", "12345678901234567890", "0.12345678901234567", "-.5", "7.", "d"}
	row, row2 := make([]float64, byMap.Width()), make([]float64, byMap.Width())
	for range 400 {
		rec := make(map[string]string)
		for _, f := range feats {
			if f.Kind == dataset.Categorical {
				rec[f.Name] = f.Levels[rng.IntN(3)]
			} else {
				rec[f.Name] = strconv.FormatFloat(rng.NormFloat64()*math.Pow(10, float64(rng.IntN(7)-3)), 'f', rng.IntN(9), 64)
			}
		}
		if k := rng.IntN(len(feats) + 1); k < len(feats) {
			rec[feats[k].Name] = subs[rng.IntN(len(subs))]
		}
		fields := make([]string, len(cols))
		for i, c := range cols {
			fields[i] = rec[c]
		}
		inOrder := make([]string, len(header))
		for i, h := range header {
			inOrder[i] = rec[h]
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(header)
		w.Write(inOrder)
		w.Flush()
		one, aerr := enc.Apply(&buf, dataset.ApplyOptions{})
		merr, ferr := byMap.Encode(row, rec), byFields.EncodeFields(row2, fields)
		if (aerr == nil) != (merr == nil) || (aerr == nil) != (ferr == nil) {
			t.Fatalf("record %v: Apply's error %v, Encode's %v, EncodeFields's %v", rec, aerr, merr, ferr)
		}
		if aerr == nil {
			want := bitsOf(one.X.RawData())
			if !slices.Equal(bitsOf(row), want) || !slices.Equal(bitsOf(row2), want) {
				t.Fatalf("record %v: Encode %v, EncodeFields %v, Apply %v", rec, row, row2, one.X.RawData())
			}
		}
	}
}
