package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
	"github.com/a1bed000/logreg/logreg"
)

// vcovFlags are fit's choice of covariance.
type vcovFlags struct {
	vcov    string
	cluster string
	typ     logreg.CovType
}

// check validates the flags against the others of fit.
func (v *vcovFlags) check(o *dataFlags, l2 float64, firth, stream, multinomial bool) error {
	typ, err := logreg.ParseCovType(v.vcov)
	if err != nil {
		return usagef("fit", "-vcov must be model, HC0, HC1, CL or CL-HC1, not %q", v.vcov)
	}
	v.typ = typ
	switch {
	case typ.Clustered() && v.cluster == "":
		return usagef("fit", "-vcov %s needs -cluster COLUMN", typ)
	case !typ.Clustered() && v.cluster != "":
		return usagef("fit", "-cluster needs -vcov CL or CL-HC1")
	case typ == logreg.CovModel:
		return nil
	case l2 > 0 || firth:
		return usagef("fit", "-vcov %s cannot be combined with -l2 or -firth", typ)
	case stream:
		return usagef("fit", "-vcov %s is not supported with -stream (it needs one more pass over the rows)", typ)
	case multinomial:
		return usagef("fit", "-vcov %s is not supported with -family multinomial", typ)
	case v.cluster != "" && o.data == "-":
		return usagef("fit", "-cluster needs a data file, not standard input")
	case v.cluster != "" && (v.cluster == o.target || v.cluster == o.weights):
		return usagef("fit", "-cluster %q is the target or the weights column", v.cluster)
	}
	return nil
}

// readOptions adds to opt what the cluster column needs: without
// -features, every column but the target, the weights and the cluster.
func (v *vcovFlags) readOptions(o *dataFlags, opt dataset.ReadOptions) (dataset.ReadOptions, error) {
	if v.cluster == "" || o.featuresSet {
		return opt, nil
	}
	head, err := readHeader(o.data)
	if err != nil {
		return opt, err
	}
	if !slices.Contains(head, v.cluster) {
		return opt, fmt.Errorf("%s: no cluster column %q", o.data, v.cluster)
	}
	opt.Features = []string{}
	for _, h := range head {
		if h != o.target && h != o.weights && h != v.cluster {
			opt.Features = append(opt.Features, h)
		}
	}
	return opt, nil
}

// readHeader returns the header row of the CSV file path, without a
// UTF-8 byte-order mark.
func readHeader(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading the header: %w", path, err)
	}
	head[0] = strings.TrimPrefix(head[0], "\ufeff") // a byte-order mark, as package dataset drops it
	return head, nil
}

// clusters reads the cluster column for the rows of t and codes it 0, 1,
// … in order of appearance. A row whose cluster is missing (empty, blank
// or NA) is an error naming its line, or with -na omit is dropped from t
// (and counted in t.Dropped).
func (v *vcovFlags) clusters(o *dataFlags, t *dataset.Table) ([]int, error) {
	if v.cluster == "" {
		return nil, nil
	}
	name := fileName(o.data)
	k, err := t.Encoding.ApplyFile(o.data, dataset.ApplyOptions{
		Target: true, DropNA: o.na == "omit", Keep: []string{v.cluster}, Name: name,
	})
	if err != nil {
		return nil, err
	}
	if !slices.Equal(k.Rows, t.Rows) {
		return nil, fmt.Errorf("%s: reading the cluster column %q gave other rows than the fit's", name, v.cluster)
	}
	codes := map[string]int{}
	ids := make([]int, 0, len(t.Rows))
	keep := make([]bool, len(t.Rows))
	dropped := 0
	for i, c := range k.Kept[0] {
		if c = strings.TrimSpace(c); c == "" || c == "NA" {
			if o.na != "omit" {
				return nil, fmt.Errorf("%s:%d: missing value in the cluster column %q (use -na omit to drop the row)", name, t.Rows[i], v.cluster)
			}
			dropped++
			continue
		}
		keep[i] = true
		g, ok := codes[c]
		if !ok {
			g = len(codes)
			codes[c] = g
		}
		ids = append(ids, g)
	}
	if dropped > 0 {
		dropRows(t, keep)
	}
	return ids, nil
}

// dropRows keeps the rows i of t with keep[i] set, counting the others in
// t.Dropped.
func dropRows(t *dataset.Table, keep []bool) {
	n, c := t.X.Dims()
	x := t.X.RawData()
	var nx []float64
	var y, w []float64
	var rows []int
	for i := range n {
		if !keep[i] {
			t.Dropped++
			continue
		}
		nx = append(nx, x[i*c:i*c+c]...)
		y = append(y, t.Y[i])
		if t.Weights != nil {
			w = append(w, t.Weights[i])
		}
		rows = append(rows, t.Rows[i])
	}
	t.X = linalg.NewDense(len(rows), c, nx)
	t.Y, t.Weights, t.Rows = y, w, rows
}

// apply returns res with its covariance replaced by the one of the flags
// (res itself when that is the model's), and the number of clusters.
func (v *vcovFlags) apply(o *dataFlags, t *dataset.Table, res *logreg.Result, ids []int) (*logreg.Result, int, error) {
	if v.typ == logreg.CovModel || res.Cov == nil {
		return res, 0, nil
	}
	rc, err := res.RobustCovariance(t.X, t.Y, &logreg.RobustOptions{Type: v.typ, Weights: t.Weights, Cluster: ids})
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %s", fileName(o.data), message(err))
	}
	r := *res
	r.Cov = rc.Cov
	// RobustCovariance gives a variance that is zero to rounding (a
	// saturated fit) as 0.
	var none []string
	for j, name := range r.Names {
		if !(rc.Cov.At(j, j) > 0) {
			none = append(none, name)
		}
	}
	if len(none) > 0 {
		r.Warnings = append(slices.Clip(r.Warnings), fmt.Sprintf("no %s standard error for %s: the robust variance is zero to rounding (the scores of the rows or clusters cancel, as in a saturated fit)",
			v.vcov, strings.Join(none, ", ")))
	}
	return &r, rc.Clusters, nil
}

// covJSON returns the rows of the covariance of r, nil without one.
func covJSON(r *logreg.Result) [][]num {
	if r.Cov == nil {
		return nil
	}
	k, _ := r.Cov.Dims()
	out := make([][]num, k)
	for i := range k {
		out[i] = make([]num, k)
		for j := range k {
			out[i][j] = num(r.Cov.At(i, j))
		}
	}
	return out
}

// vcovText describes the covariance of the standard errors for fit's text
// output.
func vcovText(typ logreg.CovType, cluster string, clusters int) string {
	switch typ {
	case logreg.CovHC0:
		return "Standard errors: robust (sandwich, HC0).\n"
	case logreg.CovHC1:
		return "Standard errors: robust (sandwich, HC1: HC0·n/(n−k)).\n"
	case logreg.CovCL:
		return fmt.Sprintf("Standard errors: cluster-robust by %s (%d clusters, CL: G/(G−1)·sandwich, as R's vcovCL).\n", cluster, clusters)
	case logreg.CovCLHC1:
		return fmt.Sprintf("Standard errors: cluster-robust by %s (%d clusters, CL-HC1: CL·(n−1)/(n−k), as statsmodels).\n", cluster, clusters)
	}
	return ""
}
