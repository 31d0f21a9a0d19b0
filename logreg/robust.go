package logreg

import (
	"errors"
	"fmt"

	"github.com/a1bed000/logreg/linalg"
)

// CovType names an estimator of the covariance of the coefficients.
type CovType uint8

const (
	// CovModel is the inverse Fisher information at the estimate,
	// [Result].Cov.
	CovModel CovType = iota
	// CovHC0 is the sandwich B·(Σ uᵢuᵢᵀ)·B, B = I(β̂)⁻¹,
	// uᵢ = dᵢ·wᵢ·(yᵢ − μᵢ) (White's, sandwich::vcovHC type "HC0").
	CovHC0
	// CovHC1 is CovHC0 times n/(n − k).
	CovHC1
	// CovCL is the cluster sandwich G/(G − 1)·B·(Σ_g U_gU_gᵀ)·B, U_g the
	// sum of the uᵢ of cluster g (sandwich::vcovCL's default for a glm).
	CovCL
	// CovCLHC1 is CovCL times (n − 1)/(n − k) (statsmodels'
	// cov_type="cluster").
	CovCLHC1
)

var covTypeNames = [...]string{"model", "HC0", "HC1", "CL", "CL-HC1"}

// String returns the name of c: "model", "HC0", "HC1", "CL" or "CL-HC1".
func (c CovType) String() string {
	if int(c) < len(covTypeNames) {
		return covTypeNames[c]
	}
	return fmt.Sprintf("CovType(%d)", c)
}

// Clustered reports whether c needs cluster ids (CovCL and CovCLHC1).
func (c CovType) Clustered() bool { return c == CovCL || c == CovCLHC1 }

// ParseCovType returns the CovType named s, as [CovType.String] writes it.
// It returns an error for any other name.
func ParseCovType(s string) (CovType, error) {
	for i, n := range covTypeNames {
		if s == n {
			return CovType(i), nil
		}
	}
	return 0, fmt.Errorf("unknown covariance %q (want model, HC0, HC1, CL or CL-HC1)", s)
}

// RobustOptions are the data of a robust covariance beyond the design and
// the response.
type RobustOptions struct {
	// Type is the estimator; the zero value is CovModel.
	Type CovType
	// Weights are the prior weights of the fit ([Settings].Weights); nil
	// means unit weights.
	Weights []float64
	// Cluster is the cluster of each row, a code in [0, rows), for
	// CovCL and CovCLHC1; it is not used by the other types. Rows of the
	// same code form one cluster.
	Cluster []int
}

// RobustCov is a covariance of the coefficients with what went into it.
type RobustCov struct {
	Type CovType
	// Cov is the k×k covariance.
	Cov *linalg.Dense
	// N is the number of observations (rows of positive weight), Clusters
	// the number of clusters among them (0 unless Type is clustered).
	N, Clusters int
	// Adjust is the factor that multiplies B·M·B: 1, n/(n − k), G/(G − 1)
	// or G/(G − 1)·(n − 1)/(n − k).
	Adjust float64
}

// robustBlock is the number of rows whose linear predictors and meat
// weights RobustCovariance forms at a time.
const robustBlock = 256

// RobustCovariance returns the covariance of r's coefficients of type
// opt.Type (nil opt means CovModel), on the data r was fitted to: the
// design x (without the intercept's column), the response y and
// opt.Weights. With B = I(β̂)⁻¹ = r.Cov, dᵢ the design row and
// sᵢ = wᵢ·(yᵢ − μᵢ):
//
//	HC0    = B·(Σᵢ sᵢ²·dᵢdᵢᵀ)·B
//	HC1    = HC0 · n/(n − k)
//	CL     = G/(G − 1) · B·(Σ_g U_gU_gᵀ)·B,  U_g = Σ_{i∈g} sᵢ·dᵢ
//	CL-HC1 = CL · (n − 1)/(n − k)
//
// n counts the rows of positive weight and G the clusters among them. The
// rows are read once, in blocks, with no allocation per row; the clusters
// take a G_max×k buffer, G_max the largest code plus one.
//
// A variance below ε times the model's is the rounding of a zero (the
// scores of a saturated fit cancel): it is returned as 0, with its row and
// column, for which [Result.Summary] gives no standard error.
//
// RobustCovariance returns a *[DataError] for a value of x, y or opt.Weights
// that Fit refuses, and an error when r has no covariance (a ridge fit,
// separated data) or is a Firth fit, when a clustered type has no
// cluster codes, a code outside [0, rows) or fewer than two clusters, and
// when n ≤ k for a type that divides by n − k. It panics if the lengths
// of x, y, opt.Weights, opt.Cluster and r.Coef do not match.
func (r *Result) RobustCovariance(x *linalg.Dense, y []float64, opt *RobustOptions) (*RobustCov, error) {
	if opt == nil {
		opt = &RobustOptions{}
	}
	rows, c := x.Dims()
	k := len(r.Coef)
	off := 0
	if r.Intercept {
		off = 1
	}
	if len(y) != rows || c+off != k || opt.Weights != nil && len(opt.Weights) != rows ||
		opt.Type.Clustered() && opt.Cluster != nil && len(opt.Cluster) != rows {
		panic("logreg: dimension mismatch")
	}
	if int(opt.Type) >= len(covTypeNames) {
		return nil, fmt.Errorf("logreg: unknown covariance %v", opt.Type)
	}
	if r.Cov == nil {
		return nil, errors.New("logreg: the fit has no covariance (ridge fit or separated data)")
	}
	if r.Firth && opt.Type != CovModel {
		return nil, errors.New("logreg: robust covariances of a Firth fit are not supported")
	}
	out := &RobustCov{Type: opt.Type, Adjust: 1}
	w := opt.Weights
	// The rows as Fit checks them: NaN or a negative weight would otherwise
	// make a covariance of NaN, or drop the row, without an error.
	var val validation
	val.check(x, y, w, 0, rows, 0)
	if val.err != nil {
		return nil, val.err
	}
	n := val.nobs
	out.N = n
	if opt.Type == CovModel {
		out.Cov = linalg.NewDense(k, k, nil)
		out.Cov.CopyFrom(r.Cov)
		return out, nil
	}
	if n <= k && (opt.Type == CovHC1 || opt.Type == CovCLHC1) {
		return nil, fmt.Errorf("logreg: %v needs more observations (%d) than coefficients (%d)", opt.Type, n, k)
	}
	var (
		u     []float64 // cluster sums U_g, G_max×k
		used  []bool
		gmax  int
		clust = opt.Type.Clustered()
	)
	if clust {
		if opt.Cluster == nil {
			return nil, fmt.Errorf("logreg: %v needs cluster ids", opt.Type)
		}
		for i, g := range opt.Cluster {
			if g < 0 || g >= rows {
				return nil, fmt.Errorf("logreg: cluster code %d of row %d outside [0, %d)", g, i, rows)
			}
			gmax = max(gmax, g+1)
		}
		u = make([]float64, gmax*k)
		used = make([]bool, gmax)
	}
	meat := make([]float64, k*k)
	var eta, mw [robustBlock]float64
	xd := x.RawData()
	b, b0 := r.Coef, 0.0
	if r.Intercept {
		b0, b = b[0], b[1:]
	}
	for lo := 0; lo < rows; lo += robustBlock {
		hi := min(lo+robustBlock, rows)
		m := hi - lo
		xb := xd[lo*c : hi*c]
		linalg.RowDots(eta[:m], xb, b)
		for t := range m {
			i := lo + t
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			s := 0.0
			if wi > 0 {
				s = wi * (y[i] - Sigmoid(eta[t]+b0))
			}
			if !clust {
				mw[t] = s * s
				continue
			}
			if wi <= 0 {
				continue
			}
			g := opt.Cluster[i]
			used[g] = true
			ug := u[g*k : g*k+k]
			if off == 1 {
				ug[0] += s
			}
			row := xb[t*c : t*c+c]
			ux := ug[off:]
			for j, v := range row {
				ux[j] += s * v
			}
		}
		if !clust {
			linalg.GramAddUpper(meat, k, xb, c, mw[:m], r.Intercept)
		}
	}
	if clust {
		for _, ok := range used {
			if ok {
				out.Clusters++
			}
		}
		if out.Clusters < 2 {
			return nil, fmt.Errorf("logreg: %v needs at least two clusters, got %d", opt.Type, out.Clusters)
		}
		linalg.GramAddUpper(meat, k, u, k, nil, false)
	}
	linalg.Symmetrize(meat, k)
	fn, fk, fg := float64(n), float64(k), float64(out.Clusters)
	switch opt.Type {
	case CovHC1:
		out.Adjust = fn / (fn - fk)
	case CovCL:
		out.Adjust = fg / (fg - 1)
	case CovCLHC1:
		out.Adjust = fg / (fg - 1) * (fn - 1) / (fn - fk)
	}
	var bm linalg.Dense
	bm.Mul(r.Cov, linalg.NewDense(k, k, meat))
	out.Cov = linalg.NewDense(k, k, nil)
	out.Cov.Mul(&bm, r.Cov)
	v := out.Cov.RawData()
	for i := range k {
		for j := range i + 1 {
			a := (v[i*k+j] + v[j*k+i]) / 2 * out.Adjust
			v[i*k+j], v[j*k+i] = a, a
		}
	}
	// In a saturated fit the scores sᵢ are zero but for rounding, and so is
	// the variance: below ε times the model's (a standard error under
	// 1.5e-8 times the model's) it is the zero it is, with its row and
	// column.
	model := r.Cov.RawData()
	for j := range k {
		if !(v[j*k+j] > 0x1p-52*model[j*k+j]) {
			for i := range k {
				v[i*k+j], v[j*k+i] = 0, 0
			}
		}
	}
	return out, nil
}
