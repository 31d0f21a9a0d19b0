package logreg_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/logreg"
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

// TestEncoderAgreesWithApply codes every record of every refcase data file
// with the RowEncoder (from a map and from fields in the file's column
// order) and checks it bit for bit against the row Encoding.Apply gives;
// records with a missing value, which Apply drops, are ErrMissing. Then,
// for each feature of the first record, it substitutes texts that Apply
// refuses or codes specially (a text, NA, blanks, Inf, 1e999, a padded
// number, an unseen level) and checks that both give the same row or the
// same sentinel error.
func TestEncoderAgreesWithApply(t *testing.T) {
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

// TestEncoderErrors checks the encoder's errors and the unseen-level
// policy UnseenZero on birthwt's race (levels black, other, white).
func TestEncoderErrors(t *testing.T) {
	t.Parallel()
	tab, res := fitBirthwt(t, nil)
	m, err := logreg.NewModel(res, &tab.Encoding, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := map[string]string{"age": "19", "lwt": "182", "race": "black", "smoke": "0", "ptl": "0", "ht": "0", "ui": "1", "ftv": "0", "low": "ignored"}
	strict, _ := m.NewEncoder(dataset.RowOptions{})
	zero, _ := m.NewEncoder(dataset.RowOptions{Unseen: dataset.UnseenZero})
	row := make([]float64, m.Width())
	for _, c := range []struct {
		field, value string
		want         string
		sentinel     error
	}{
		{"race", "purple", `field "race": unseen level "purple"`, dataset.ErrUnseenLevel},
		{"age", "x", `field "age": not a number: text "x"`, dataset.ErrNotNumeric},
		{"age", "NA", `field "age": missing value "NA"`, dataset.ErrMissing},
		{"lwt", "inf", `field "lwt": non-finite number "inf"`, dataset.ErrNotFinite},
		{"ftv", "", "", nil}, // deleted below
	} {
		r := make(map[string]string)
		for k, v := range rec {
			r[k] = v
		}
		if c.sentinel == nil {
			delete(r, c.field)
			c.want, c.sentinel = `field "ftv" is absent from the record`, dataset.ErrUnknownColumn
		} else {
			r[c.field] = c.value
		}
		err := strict.Encode(row, r)
		if err == nil || err.Error() != c.want || !errors.Is(err, c.sentinel) {
			t.Errorf("%s = %q: got %v, want %s", c.field, c.value, err, c.want)
		}
	}
	rec["race"] = "purple"
	if err := zero.Encode(row, rec); err != nil || row[2] != 0 || row[3] != 0 {
		t.Errorf("UnseenZero: got %v %v, want race=other and race=white 0", err, row)
	}
	rec["race"] = "white"
	if err := zero.Encode(row, rec); err != nil || row[2] != 0 || row[3] != 1 {
		t.Errorf("white: got %v %v, want race=white 1", err, row)
	}
	if _, err := m.NewEncoder(dataset.RowOptions{Columns: []string{"age", "lwt"}}); !errors.Is(err, dataset.ErrOption) {
		t.Errorf("columns without race: got %v, want ErrOption", err)
	}
	if _, err := m.NewEncoder(dataset.RowOptions{Columns: []string{"age", "age"}}); !errors.Is(err, dataset.ErrOption) {
		t.Errorf("a column twice: got %v, want ErrOption", err)
	}
}

// TestEncodeScoreAllocs checks that encoding a record (from a map and from
// fields) and scoring it allocate nothing.
func TestEncodeScoreAllocs(t *testing.T) {
	tab, res := fitBirthwt(t, nil)
	m, err := logreg.NewModel(res, &tab.Encoding, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := map[string]string{"age": "19", "lwt": "182", "race": "other", "smoke": "0", "ptl": "0", "ht": "0", "ui": "1", "ftv": "0"}
	fields := []string{"19", "182", "other", "0", "0", "0", "1", "0"}
	e, _ := m.NewEncoder(dataset.RowOptions{})
	row := make([]float64, m.Width())
	var p float64
	if a := testing.AllocsPerRun(100, func() {
		if e.Encode(row, rec) != nil || e.EncodeFields(row, fields) != nil {
			panic("encode")
		}
		p += m.Predict(row) + m.LinearPredictor(row)
	}); a != 0 {
		t.Errorf("got %v allocations per record, want 0", a)
	}
}

// TestModelConcurrent scores and encodes with one Model and one encoder
// from many goroutines (run with -race) and checks every probability
// against PredictTo's.
func TestModelConcurrent(t *testing.T) {
	t.Parallel()
	tab, res := fitBirthwt(t, nil)
	m, err := logreg.NewModel(res, &tab.Encoding, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := refcase.Read("birthwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := tab.X.Dims()
	want := make([]float64, n)
	m.PredictTo(want, tab.X)
	e, err := m.NewEncoder(dataset.RowOptions{Columns: recs[0]})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 16 {
		wg.Go(func() {
			row := make([]float64, m.Width())
			dst := make([]float64, n)
			for it := range 20 {
				i := (g*31 + it*7) % n
				if err := e.EncodeFields(row, recs[1+i]); err != nil {
					errs <- err
					return
				}
				if p := m.Predict(row); math.Float64bits(p) != math.Float64bits(want[i]) {
					errs <- errors.New("probability differs")
					return
				}
				m.PredictTo(dst, tab.X)
				_ = m.Names()
				_ = m.Training()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
