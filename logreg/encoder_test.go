package logreg_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"sync"
	"testing"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/internal/refcase"
	"github.com/a1bed000/logreg/logreg"
)

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
	if err := strict.EncodeFields(row, []string{"19", "182"}); !errors.Is(err, dataset.ErrRagged) || err.Error() != "wrong number of fields: 2 fields, want 8" {
		t.Errorf("two fields: got %v, want ErrRagged", err)
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
