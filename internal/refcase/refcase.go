// Package refcase gives the module's tests one copy of the reference cases:
// real data sets with the exact answers of R and of second, independent
// implementations (data/README.md and data/next/README.md say how each was
// computed). Only tests import it.
//
// Names are paths inside data/, such as "birthwt.coef.csv" or
// "next/endometrial.separation.csv".
package refcase

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

//go:embed data
var files embed.FS

// Read returns the bytes of the reference file name.
func Read(name string) ([]byte, error) {
	return files.ReadFile("data/" + name)
}

// Path returns the path on disk of the reference file name, for tests that
// hand a file to a command. It is only valid in a source checkout.
func Path(name string) string {
	_, src, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(src), "data", filepath.FromSlash(name))
}

// Table is a CSV file: its header and its records.
type Table struct {
	Header []string
	Rows   [][]string
}

// ReadTable reads the CSV file name.
func ReadTable(name string) (*Table, error) {
	b, err := Read(name)
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("refcase: %s: %w", name, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("refcase: %s: no header", name)
	}
	return &Table{Header: recs[0], Rows: recs[1:]}, nil
}

// Col returns the index of the column named h, or -1.
func (t *Table) Col(h string) int {
	for j, v := range t.Header {
		if v == h {
			return j
		}
	}
	return -1
}

// Records returns the rows as maps from column name to text.
func (t *Table) Records() []map[string]string {
	out := make([]map[string]string, len(t.Rows))
	for i, r := range t.Rows {
		m := make(map[string]string, len(r))
		for j, h := range t.Header {
			if j < len(r) {
				m[h] = r[j]
			}
		}
		out[i] = m
	}
	return out
}

// Float parses a number written by R: "Inf", "-Inf" and "NA" (NaN) included.
func Float(s string) (float64, error) {
	switch s {
	case "NA":
		return strconv.ParseFloat("NaN", 64)
	case "TRUE":
		return 1, nil
	case "FALSE":
		return 0, nil
	}
	return strconv.ParseFloat(s, 64)
}

// Coef is one row of a NAME.coef.csv file.
type Coef struct {
	Name                   string
	Estimate, StdErr, Z, P float64
	HasSE, HasZ            bool
	// Fields holds every column of the row, by name.
	Fields map[string]string
}

// Coefs reads a coefficient file: name, estimate and, when present,
// std_error, z and p.
func Coefs(name string) ([]Coef, error) {
	t, err := ReadTable(name)
	if err != nil {
		return nil, err
	}
	var out []Coef
	for _, m := range t.Records() {
		c := Coef{Name: m["name"], Fields: m}
		if c.Estimate, err = Float(m["estimate"]); err != nil {
			return nil, fmt.Errorf("refcase: %s: %s estimate: %w", name, c.Name, err)
		}
		if s, ok := m["std_error"]; ok {
			if c.StdErr, err = Float(s); err != nil {
				return nil, fmt.Errorf("refcase: %s: %s std_error: %w", name, c.Name, err)
			}
			c.HasSE = true
		}
		zs, okz := m["z"]
		ps, okp := m["p"]
		if okz && okp {
			if c.Z, err = Float(zs); err != nil {
				return nil, fmt.Errorf("refcase: %s: %s z: %w", name, c.Name, err)
			}
			if c.P, err = Float(ps); err != nil {
				return nil, fmt.Errorf("refcase: %s: %s p: %w", name, c.Name, err)
			}
			c.HasZ = true
		}
		out = append(out, c)
	}
	return out, nil
}

// Scalars reads a one-row file such as NAME.scalars.csv as a map from column
// name to text.
func Scalars(name string) (map[string]string, error) {
	t, err := ReadTable(name)
	if err != nil {
		return nil, err
	}
	if len(t.Rows) != 1 {
		return nil, fmt.Errorf("refcase: %s: %d rows, want 1", name, len(t.Rows))
	}
	return t.Records()[0], nil
}

// RName maps this project's dummy names (race=other, race=other:lwt) to R's
// (raceother, raceother:lwt). Only an "=" that joins a variable to its level
// goes: one with a space or another operator beside it, as in
// "poly(age, 3, raw = TRUE)1" or "I(lwt <= 120)TRUE", stays.
func RName(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i > 0 && i+1 < len(s) && !strings.ContainsRune(" <>!=", rune(s[i-1])) && !strings.ContainsRune(" =", rune(s[i+1])) {
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}
