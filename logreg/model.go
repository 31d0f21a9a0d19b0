package logreg

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/a1bed000/logreg/dataset"
	"github.com/a1bed000/logreg/linalg"
)

// Model is a fitted model that can leave the process: everything prediction
// needs (the encoding of the input, the coefficients, the intercept) and a
// record of the fit (penalty, training summary, covariance). [NewModel]
// makes one from a [Result], [Model.WriteTo] saves it and [ReadModel]
// restores it bit for bit.
//
// A Model is immutable: its methods return copies and never modify it, so
// a Model is safe for concurrent use by many goroutines, as are the
// [dataset.RowEncoder] values it compiles.
type Model struct {
	enc       dataset.Encoding
	names     []string
	coef      []float64
	intercept bool
	penalty   Penalty
	training  Training
	cov       []float64       // k×k row-major, nil when absent
	formula   *dataset.Coding // the design's formula, nil for an Encoding's
	prov      Provenance
	width     int // design columns without the intercept

	// A multinomial model has levels (K ≥ 2), the index of the baseline,
	// and responses, every level but the baseline in order: coef then
	// holds len(responses) blocks of len(names) estimates, block r the
	// logit of level responses[r] against the baseline. A binomial model
	// has none of them.
	levels    []string
	baseline  int
	responses []int
}

// Penalty is the penalty of a fit: none, a ridge penalty λ = L2 > 0, or
// Firth's (as in [Settings]).
type Penalty struct {
	L2    float64 // the ridge λ, as [Settings].L2; 0 without
	Firth bool    // Firth's penalty, as [Settings].Firth
}

// String returns "none", "l2" or "firth".
func (p Penalty) String() string {
	switch {
	case p.Firth:
		return "firth"
	case p.L2 > 0:
		return "l2"
	}
	return "none"
}

// Training summarizes a model's fit on its training data, as [Result]
// reports it. A number that the fit did not define is NaN (a model file
// may hold null).
type Training struct {
	N           int  // observations with positive weight ([Result].NObs)
	DroppedRows int  // rows the reader dropped for missing values
	Converged   bool // as [Result].Converged
	Iterations  int  // as [Result].Iterations
	// Separation, SeparationType and Status are as in [Result]; Status is
	// nil when every coefficient is finite.
	Separation     bool
	SeparationType SeparationType
	Status         []CoefStatus

	// The numbers of [Result] of the same names, and its AIC.
	Deviance        float64
	NullDeviance    float64
	LogLik          float64
	PenalizedLogLik float64
	AIC             float64
	Warnings        []string // as [Result].Warnings
}

// Provenance records how a model was trained, for its readers: the
// program that fits it fills it in, [Model.WriteTo] saves it as is, and
// prediction does not use it. The fields are those of the logreg command's
// fit; the zero value records nothing.
type Provenance struct {
	Data        string  `json:"data"`               // the training data's file
	Weights     string  `json:"weights,omitempty"`  // its weights column
	Positive    string  `json:"positive,omitempty"` // the target value coded 1
	NA          string  `json:"na"`                 // the missing-value policy
	NoIntercept bool    `json:"no_intercept"`
	MaxIter     int     `json:"max_iter"` // as in Settings
	Tol         float64 `json:"tol"`      // as in Settings
	L2          float64 `json:"l2"`
	Firth       bool    `json:"firth"`
	Level       float64 `json:"level"` // confidence level of the summary
}

// ModelOptions are the parts of a [Model] that a [Result] does not hold.
type ModelOptions struct {
	// DroppedRows is the number of rows the reader dropped
	// ([dataset.Table].Dropped).
	DroppedRows int
	// Provenance is recorded as is.
	Provenance Provenance
	// Formula, when not nil, is the coding of a design built from a model
	// formula ([dataset.Design].Coding): the coefficient names must then be
	// its columns, new data is coded by it ([Model.Formula]) and enc only
	// names the target. Nil means the design is enc's.
	Formula *dataset.Coding
}

// InterceptName is the name of the intercept coefficient.
const InterceptName = "(Intercept)"

// NewModel returns the model of the fit r on data coded by enc, whose
// design columns (enc.Names(), after "(Intercept)" when r has one) must be
// r's coefficient names; opt may be nil. The model holds copies: neither r
// nor enc is referenced.
//
// NewModel returns an error if the encoding is inconsistent (wrapping
// [dataset.ErrEncoding]), if the names do not match, or if a coefficient
// or covariance is not finite.
func NewModel(r *Result, enc *dataset.Encoding, opt *ModelOptions) (*Model, error) {
	if r == nil || enc == nil {
		return nil, errors.New("logreg: NewModel needs a fit and its encoding (nil given)")
	}
	if opt == nil {
		opt = &ModelOptions{}
	}
	m := &Model{
		enc:       cloneEncoding(enc),
		names:     slices.Clone(r.Names),
		coef:      slices.Clone(r.Coef),
		intercept: r.Intercept,
		penalty:   Penalty{L2: r.L2, Firth: r.Firth},
		prov:      opt.Provenance,
		formula:   cloneCoding(opt.Formula),
		training: Training{
			N: r.NObs, DroppedRows: opt.DroppedRows, Converged: r.Converged, Iterations: r.Iterations,
			Separation: r.Separation, SeparationType: r.SeparationType,
			Deviance: r.Deviance, NullDeviance: r.NullDeviance, LogLik: r.LogLik,
			PenalizedLogLik: r.PenalizedLogLik, AIC: r.AIC(),
			Warnings: append([]string{}, r.Warnings...),
		},
	}
	return m.finish(r.Status, r.Cov, len(r.Coef))
}

// finish copies into m a fit's statuses (kept only when some is infinite)
// and covariance of k coefficients, and checks the whole model.
func (m *Model) finish(status []CoefStatus, cov *linalg.Dense, k int) (*Model, error) {
	if slices.ContainsFunc(status, func(s CoefStatus) bool { return s != CoefFinite }) {
		m.training.Status = slices.Clone(status)
	}
	if cov != nil {
		if r, _ := cov.Dims(); r != k {
			return nil, fmt.Errorf("logreg: covariance of %d rows for %d coefficients", r, k)
		}
		m.cov = slices.Clone(cov.RawData())
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	return m, nil
}

// check verifies that the parts of m agree: the coefficient names are the
// encoding's design columns, the coefficients and covariance are finite,
// the covariance is k×k and the status has one entry per coefficient.
func (m *Model) check() error {
	rows, err := m.enc.NewRowEncoder(dataset.RowOptions{})
	if err != nil {
		return err
	}
	m.width = rows.Width()
	want := m.enc.Names()
	if m.formula != nil {
		if _, err := dataset.ParseFormula(m.formula.Formula); err != nil {
			return fmt.Errorf("formula: %w", err)
		}
		if len(m.enc.Features) != 0 {
			return errors.New("a formula model with encoding features")
		}
		want = slices.Clone(m.formula.Names)
		m.width = len(want)
	}
	if m.intercept {
		want = append([]string{InterceptName}, want...)
	}
	switch {
	case len(m.names) == 0:
		return errors.New("no coefficients")
	case m.levels == nil && len(m.coef) != len(m.names):
		return fmt.Errorf("%d coefficients for %d names", len(m.coef), len(m.names))
	case !slices.Equal(m.names, want):
		return fmt.Errorf("coefficients %q do not match the encoding's design columns %q", m.names, want)
	}
	if m.levels != nil {
		if err := m.checkLevels(); err != nil {
			return err
		}
	}
	for j, b := range m.coef {
		if !isFinite(b) {
			return fmt.Errorf("coefficient %s is %v", m.coefName(j), b)
		}
	}
	k := len(m.coef)
	if m.cov != nil {
		if len(m.cov) != k*k {
			return fmt.Errorf("covariance of %d entries for %d coefficients, want %d", len(m.cov), k, k*k)
		}
		for i, v := range m.cov {
			if !isFinite(v) {
				return fmt.Errorf("covariance entry [%d][%d] is %v", i/k, i%k, v)
			}
		}
		// A covariance has a nonnegative diagonal and |V_ij| ≤ √(V_ii·V_jj)
		// (the slack is for rounding); PredictSE reads the upper triangle.
		for i := range k {
			vi := m.cov[i*k+i]
			if vi < 0 {
				return fmt.Errorf("covariance entry [%d][%d] is %v: a variance cannot be negative", i, i, vi)
			}
			for j := i + 1; j < k; j++ {
				if v, bound := m.cov[i*k+j], math.Sqrt(vi*m.cov[j*k+j]); math.Abs(v) > bound*(1+1e-6)+0x1p-1000 {
					return fmt.Errorf("covariance entry [%d][%d] is %v, larger than the standard errors allow (%v): not a covariance", i, j, v, bound)
				}
			}
		}
	}
	if s := m.training.Status; s != nil && len(s) != k {
		return fmt.Errorf("status of %d coefficients for %d", len(s), k)
	}
	if !(m.penalty.L2 >= 0) || math.IsInf(m.penalty.L2, 0) || m.penalty.Firth && m.penalty.L2 != 0 {
		return fmt.Errorf("invalid penalty: l2 %v, firth %v", m.penalty.L2, m.penalty.Firth)
	}
	if m.levels != nil && m.penalty.Firth {
		return errors.New("a multinomial model with Firth's penalty")
	}
	return nil
}

// coefName returns the name of coefficient j: its design column's, as
// "level:column" in a multinomial model.
func (m *Model) coefName(j int) string {
	if m.levels == nil {
		return m.names[j]
	}
	p := len(m.names)
	return m.levels[m.responses[j/p]] + ":" + m.names[j%p]
}

// Family returns "binomial" or "multinomial".
func (m *Model) Family() string {
	if m.levels != nil {
		return "multinomial"
	}
	return "binomial"
}

// Levels returns a copy of the response levels of a multinomial model,
// nil for a binomial one.
func (m *Model) Levels() []string { return slices.Clone(m.levels) }

// Baseline returns the index in Levels of a multinomial model's baseline
// level, 0 for a binomial one.
func (m *Model) Baseline() int { return m.baseline }

// Responses returns a copy of the levels of the blocks of coefficients of
// a multinomial model (every level but the baseline, in order), nil for a
// binomial one.
func (m *Model) Responses() []int { return slices.Clone(m.responses) }

// NewMultinomialModel returns the model of the multinomial fit r on data
// coded by enc, whose design columns (enc.Names(), after "(Intercept)" when
// r has one) must be r.Names; opt may be nil. The model holds copies:
// neither r nor enc is referenced. Its Training holds r's numbers (Status
// and Warnings over r.Coef); SeparatedPairs, Trace and Boundary are not
// kept.
//
// NewMultinomialModel returns an error if the encoding is inconsistent
// (wrapping [dataset.ErrEncoding]), if the names do not match, if the
// levels are not those of a fit, or if a coefficient or covariance is not
// finite.
func NewMultinomialModel(r *MultinomialResult, enc *dataset.Encoding, opt *ModelOptions) (*Model, error) {
	if r == nil || enc == nil {
		return nil, errors.New("logreg: NewMultinomialModel needs a fit and its encoding (nil given)")
	}
	if opt == nil {
		opt = &ModelOptions{}
	}
	m := &Model{
		enc:       cloneEncoding(enc),
		names:     slices.Clone(r.Names),
		coef:      slices.Clone(r.Coef),
		intercept: r.Intercept,
		penalty:   Penalty{L2: r.L2},
		prov:      opt.Provenance,
		levels:    slices.Clone(r.Levels),
		baseline:  r.Baseline,
		responses: slices.Clone(r.Responses),
		training: Training{
			N: r.NObs, DroppedRows: opt.DroppedRows, Converged: r.Converged, Iterations: r.Iterations,
			Separation: r.Separation, SeparationType: r.SeparationType,
			Deviance: r.Deviance, NullDeviance: r.NullDeviance, LogLik: r.LogLik,
			PenalizedLogLik: r.PenalizedLogLik, AIC: r.AIC(),
			Warnings: append([]string{}, r.Warnings...),
		},
	}
	if m.levels == nil {
		return nil, errors.New("logreg: multinomial result without levels")
	}
	return m.finish(r.Status, r.Cov, len(r.Coef))
}

// checkLevels verifies the levels of a multinomial model: at least two,
// distinct, the baseline one of them and the responses every other level
// in order, with one block of coefficients each.
func (m *Model) checkLevels() error {
	K := len(m.levels)
	if K < 2 {
		return fmt.Errorf("%d levels, want at least 2", K)
	}
	for i, l := range m.levels {
		if slices.Contains(m.levels[:i], l) {
			return fmt.Errorf("level %q listed twice", l)
		}
	}
	if m.baseline < 0 || m.baseline >= K {
		return fmt.Errorf("baseline %d is not one of %d levels", m.baseline, K)
	}
	if len(m.responses) != K-1 {
		return fmt.Errorf("%d responses for %d levels", len(m.responses), K)
	}
	r := 0
	for l := range K {
		if l == m.baseline {
			continue
		}
		if m.responses[r] != l {
			return fmt.Errorf("responses %v are not the levels but the baseline in order", m.responses)
		}
		r++
	}
	if len(m.coef) != (K-1)*len(m.names) {
		return fmt.Errorf("%d coefficients for %d levels of %d design columns", len(m.coef), K-1, len(m.names))
	}
	return nil
}

// cloneCoding returns a deep copy of c; nil for nil.
func cloneCoding(c *dataset.Coding) *dataset.Coding {
	if c == nil {
		return nil
	}
	d := *c
	d.Columns = slices.Clone(c.Columns)
	d.Names = slices.Clone(c.Names)
	d.Vars = slices.Clone(c.Vars)
	for i := range d.Vars {
		v := &d.Vars[i]
		v.Levels, v.Alpha, v.Norm2 = slices.Clone(v.Levels), slices.Clone(v.Alpha), slices.Clone(v.Norm2)
	}
	return &d
}

// Formula returns a copy of the coding of a model fitted to a formula's
// design, whose Apply codes new data as the training data; nil when the
// design is the model's Encoding. The linear predictor of such a row is
// [Model.LinearPredictor] plus the row's [dataset.Design].Offset.
func (m *Model) Formula() *dataset.Coding { return cloneCoding(m.formula) }

// cloneEncoding returns a deep copy of e.
func cloneEncoding(e *dataset.Encoding) dataset.Encoding {
	c := *e
	c.Features = slices.Clone(e.Features)
	for i := range c.Features {
		c.Features[i].Levels = slices.Clone(c.Features[i].Levels)
	}
	return c
}

// Encoding returns a copy of the encoding of the model's input.
func (m *Model) Encoding() dataset.Encoding { return cloneEncoding(&m.enc) }

// Names returns a copy of the coefficient names, "(Intercept)" first when
// the model has one. For a multinomial model they are the names of one
// block of coefficients.
func (m *Model) Names() []string { return slices.Clone(m.names) }

// Coef returns a copy of the coefficients, in the order of Names; for a
// multinomial model, len(Responses()) blocks of len(Names()), as
// [MultinomialResult].Coef.
func (m *Model) Coef() []float64 { return slices.Clone(m.coef) }

// Intercept reports whether Coef()[0] is an intercept.
func (m *Model) Intercept() bool { return m.intercept }

// Width returns the length of a design row: the number of coefficients,
// less one with an intercept.
func (m *Model) Width() int { return m.width }

// Penalty returns the penalty of the fit.
func (m *Model) Penalty() Penalty { return m.penalty }

// Training returns a copy of the training summary.
func (m *Model) Training() Training {
	t := m.training
	t.Status = slices.Clone(t.Status)
	t.Warnings = slices.Clone(t.Warnings)
	return t
}

// Provenance returns the record of how the model was trained.
func (m *Model) Provenance() Provenance { return m.prov }

// Cov returns a copy of the covariance of the coefficients ([Result].Cov),
// or nil when the model has none.
func (m *Model) Cov() *linalg.Dense {
	if m.cov == nil {
		return nil
	}
	k := len(m.coef)
	return linalg.NewDense(k, k, slices.Clone(m.cov))
}

// Result returns the model as a [Result] that predicts as the fit did and
// reports the training summary: names, coefficients, intercept,
// covariance, penalty, and the numbers of the training summary with the
// degrees of freedom they imply (NullLogLik, Trace and Boundary are not
// kept, and are zero). It panics for a multinomial model
// ([Model.MultinomialResult]).
func (m *Model) Result() *Result {
	m.mustBinomial()
	t := m.Training()
	r := &Result{
		Names: m.Names(), Coef: m.Coef(), Cov: m.Cov(), Intercept: m.intercept,
		Converged: t.Converged, Iterations: t.Iterations,
		Separation: t.Separation, SeparationType: t.SeparationType, Status: t.Status,
		L2: m.penalty.L2, Firth: m.penalty.Firth, PenalizedLogLik: t.PenalizedLogLik,
		Warnings: t.Warnings, Deviance: t.Deviance, NullDeviance: t.NullDeviance, LogLik: t.LogLik,
		NObs: t.N, DFResidual: t.N - len(m.coef), DFNull: t.N,
	}
	if m.intercept {
		r.DFNull--
	}
	if r.Status == nil {
		r.Status = make([]CoefStatus, len(r.Coef))
	}
	for j, s := range r.Status {
		if s != CoefFinite {
			r.Diverging = append(r.Diverging, j)
		}
	}
	return r
}

// MultinomialResult returns a multinomial model as a [MultinomialResult]
// whose [MultinomialResult.Probabilities] are the fit's own, bit for bit,
// with the training summary as [Model.Result] gives it (NullLogLik, Trace,
// Boundary, SumWeights and SeparatedPairs are not kept, and are zero). It
// panics for a binomial model.
func (m *Model) MultinomialResult() *MultinomialResult {
	if m.levels == nil {
		panic("logreg: MultinomialResult of a binomial model")
	}
	t := m.Training()
	r := &MultinomialResult{
		Levels: m.Levels(), Baseline: m.baseline, Responses: m.Responses(),
		Names: m.Names(), Coef: m.Coef(), Cov: m.Cov(), Intercept: m.intercept,
		Converged: t.Converged, Iterations: t.Iterations,
		Separation: t.Separation, SeparationType: t.SeparationType, Status: t.Status,
		L2: m.penalty.L2, PenalizedLogLik: t.PenalizedLogLik, Warnings: t.Warnings,
		Deviance: t.Deviance, NullDeviance: t.NullDeviance, LogLik: t.LogLik, NObs: t.N,
	}
	if r.Status == nil {
		r.Status = make([]CoefStatus, len(r.Coef))
	}
	for j, s := range r.Status {
		if s != CoefFinite {
			r.Diverging = append(r.Diverging, j)
		}
	}
	return r
}

// ProbabilitiesTo sets dst (which it resizes) to the n×K probabilities of
// the levels of a multinomial model for the n design rows of x, bit for
// bit those of [MultinomialResult.Probabilities] of the fit. It panics for
// a binomial model or if x has the wrong number of columns.
func (m *Model) ProbabilitiesTo(dst, x *linalg.Dense) {
	if m.levels == nil {
		panic("logreg: ProbabilitiesTo of a binomial model")
	}
	r := MultinomialResult{Levels: m.levels, Baseline: m.baseline, Responses: m.responses, Names: m.names, Coef: m.coef, Intercept: m.intercept}
	r.Probabilities(dst, x)
}

// mustBinomial panics for a multinomial model, whose coefficients a
// binary prediction would misread.
func (m *Model) mustBinomial() {
	if m.levels != nil {
		panic("logreg: binary prediction with a multinomial model")
	}
}

// NewEncoder compiles the model's encoding into a [dataset.RowEncoder]
// whose rows [Model.Predict] scores. It returns an error wrapping
// [dataset.ErrOption] for options it cannot apply.
//
// A model of a formula has no row encoder: NewEncoder returns an error
// wrapping [dataset.ErrOption], and [Model.Formula] codes its data.
func (m *Model) NewEncoder(opt dataset.RowOptions) (*dataset.RowEncoder, error) {
	if m.formula != nil {
		return nil, fmt.Errorf("logreg: the model's design is the formula %q, coded by Formula().Apply: %w", m.formula.Formula, dataset.ErrOption)
	}
	return m.enc.NewRowEncoder(opt)
}

// LinearPredictor returns the linear predictor η = β₀ + x·β (the log-odds)
// of the design row x, of length [Model.Width], bit for bit the value
// [Model.LinearPredictorTo] gives on a design of that one row. It panics
// if len(x) != m.Width() or for a multinomial model.
func (m *Model) LinearPredictor(x []float64) float64 {
	b, b0 := m.rowCoef(x)
	return rowEta(x, b, b0)
}

// rowCoef returns the coefficients of the design columns and the intercept
// (0 without one) for scoring the row x, after checking that the model is
// binomial and x has its width.
func (m *Model) rowCoef(x []float64) (b []float64, b0 float64) {
	m.mustBinomial()
	if len(x) != m.width {
		panic("logreg: row length mismatch")
	}
	b = m.coef
	if m.intercept {
		b0, b = b[0], b[1:]
	}
	return b, b0
}

// Predict returns the probability σ(η) of the design row x, η its
// [Model.LinearPredictor]: [Sigmoid] of it, bit for bit. It does not
// allocate. It panics if len(x) != m.Width() or for a multinomial model.
func (m *Model) Predict(x []float64) float64 {
	b, b0 := m.rowCoef(x)
	// The operations of rowEta and Sigmoid written out here, which takes a
	// third less time than calling them (or one function holding both):
	// the calls lie on the chain of dependent operations that bounds the
	// time of one row. They differ only where that leaves the result as
	// it is:
	//   - the first four products start the partial sums instead of being
	//     added to +0, so a sum can be −0 where rowEta's is +0, and η then
	//     −0 where rowEta's is +0 (for b0 = −0), whose σ is 1/2 all the
	//     same;
	//   - −|η| is min(η, −η), and round(a·N/ln2) is rounded by RoundToEven
	//     instead of by adding and subtracting 1.5·2⁵² (the same integer,
	//     whose sign only differs for a zero, where r and the result do
	//     not);
	//   - the numerator, e for η < 0 and 1 otherwise, is e·t + (1 − t) for
	//     t of 1 or 0, exact and without moving e to an integer register.
	n := len(x)
	b = b[:n]
	var s0, s1, s2, s3 float64
	i := 0
	if n >= 4 {
		s0, s1, s2, s3 = float64(x[0]*b[0]), float64(x[1]*b[1]), float64(x[2]*b[2]), float64(x[3]*b[3])
		i = 4
	}
	for ; i <= n-4; i += 4 {
		s0 += float64(x[i] * b[i])
		s1 += float64(x[i+1] * b[i+1])
		s2 += float64(x[i+2] * b[i+2])
		s3 += float64(x[i+3] * b[i+3])
	}
	for ; i < n; i++ {
		s0 += float64(x[i] * b[i])
	}
	z := (s0 + s1) + (s2 + s3) + b0
	a := min(z, -z)
	if !(a >= -700) {
		return Sigmoid(z) // expNonPos's other paths, and NaN
	}
	// expNonPos's fast path, its x = a.
	kr := float64(a * expInvLn2N)
	ki := math.Float64bits(kr + expShift)
	kd := math.RoundToEven(kr)
	r := a + float64(kd*expNegLn2HiN) + float64(kd*expNegLn2LoN)
	j := 2 * (ki % expN)
	c := math.Float64frombits(expTab[j])
	r2 := r * r
	p := c + r + float64(r2*(expC2+float64(r*expC3))) + float64(r2*r2*(expC4+float64(r*expC5)))
	s := math.Float64frombits(expTab[j+1] + ki<<45)
	e := s + float64(s*p)
	neg := uint64(int64(math.Float64bits(z)) >> 63)
	one := math.Float64bits(1)
	return (float64(e*math.Float64frombits(one&neg)) + math.Float64frombits(one&^neg)) / (1 + e)
}

// LinearPredictorTo sets dst to the linear predictors of the rows of x, as
// [Result.LinearPredictorTo] does. It panics if the dimensions do not
// match or for a multinomial model.
func (m *Model) LinearPredictorTo(dst []float64, x *linalg.Dense) {
	m.mustBinomial()
	predictRows(dst, x, m.coef, m.intercept, false)
}

// PredictTo sets dst to the probabilities of the rows of x, as
// [Result.PredictTo] does, bit for bit (on up to GOMAXPROCS goroutines for
// large x). It panics if the dimensions do not match or for a multinomial
// model.
func (m *Model) PredictTo(dst []float64, x *linalg.Dense) {
	m.mustBinomial()
	predictRows(dst, x, m.coef, m.intercept, true)
}
