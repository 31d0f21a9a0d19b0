package dataset

import (
	"fmt"
	"io"
)

// plan is what one read of [Read], [ScanEncoding], [Encoding.Apply] or
// [Encoding.ApplyChunks] uses of its input, worked out once from the header
// and the options: the columns read, the features first, then the target
// and the weights when they are read, and what a missing cell does.
type plan struct {
	cols   []*column
	nFeat  int // features; the target, when read, is cols[nFeat]
	wk     int // index of the weights column in cols, −1 when none
	policy missingPolicy
	keep   []int // fields passed through (ApplyOptions.Keep)
	// keepBad keeps a row with a feature cell that cannot be coded
	// (ApplyOptions.KeepBad).
	keepBad bool
}

// spec returns the spec of a read of pl's columns and kept fields by p.
func (pl *plan) spec(p *parser) *spec {
	s := newSpec(p, pl.cols, pl.policy)
	if len(pl.keep) > 0 {
		s.keepSlot = make([]int, s.nf)
		for j := range s.keepSlot {
			s.keepSlot[j] = -1
		}
		for i, f := range pl.keep {
			s.keepSlot[f] = i
		}
		s.nKeep = len(pl.keep)
	}
	if pl.keepBad {
		s.badFeat = pl.nFeat
	}
	return s
}

// dropPolicy returns the missing-value policy of the option DropNA.
func dropPolicy(dropNA bool) missingPolicy {
	if dropNA {
		return missingDrop
	}
	return missingError
}

// readPlan checks opt, reads the header of r and returns the parser, ready
// for the rows, and the plan of [Read] and [ScanEncoding]: the features of
// opt (every column but the target and the weights when opt.Features is
// nil), the target, and the weights when opt names them.
func readPlan(r io.Reader, opt ReadOptions, chunk int) (*parser, plan, error) {
	if err := opt.check(); err != nil {
		return nil, plan{}, err
	}
	p, err := newParser(r, opt.Name, chunk)
	if err != nil {
		return nil, plan{}, err
	}
	pl := plan{wk: -1, policy: dropPolicy(opt.DropNA)}
	add := func(name string) error {
		j, err := p.field(name)
		if err != nil {
			return err
		}
		pl.cols = append(pl.cols, &column{name: name, field: j})
		return nil
	}
	if opt.Features == nil {
		for _, h := range p.header {
			if h != opt.Target && h != opt.Weights {
				add(h)
			}
		}
	} else {
		for _, f := range opt.Features {
			if err := add(f); err != nil {
				return nil, plan{}, err
			}
		}
	}
	pl.nFeat = len(pl.cols)
	if err := add(opt.Target); err != nil {
		return nil, plan{}, err
	}
	if opt.Weights != "" {
		pl.wk = len(pl.cols)
		if err := add(opt.Weights); err != nil {
			return nil, plan{}, err
		}
	}
	return p, pl, nil
}

// check returns an ErrOption error for options that name no target or
// give one column two roles.
func (opt *ReadOptions) check() error {
	optErr := func(format string, args ...any) error {
		return &ParseError{File: opt.Name, Err: fmt.Errorf("%w: "+format, append([]any{ErrOption}, args...)...)}
	}
	switch {
	case opt.Target == "":
		return optErr("no target column")
	case opt.Weights == opt.Target:
		return optErr("target %q is also the weights column", opt.Target)
	case opt.MaxDesignBytes < 0:
		return optErr("MaxDesignBytes is negative (%d)", opt.MaxDesignBytes)
	}
	seen := make(map[string]bool, len(opt.Features))
	for _, f := range opt.Features {
		switch {
		case f == opt.Target:
			return optErr("target %q is also listed as a feature", f)
		case f == opt.Weights:
			return optErr("weights column %q is also listed as a feature", f)
		case seen[f]:
			return optErr("feature %q is listed twice", f)
		}
		seen[f] = true
	}
	return nil
}

// applyPlan checks e, reads the header of r and returns the parser, ready
// for the rows, and the plan of [Encoding.Apply] and [Encoding.ApplyChunks]:
// the features of e with their kinds and levels fixed, then, with
// opt.Target, the target and the weights when e has them.
func (e *Encoding) applyPlan(r io.Reader, opt ApplyOptions, chunk int) (*parser, plan, error) {
	if err := e.check(opt.Target); err != nil {
		return nil, plan{}, err
	}
	if opt.MaxDesignBytes < 0 {
		return nil, plan{}, &ParseError{File: opt.Name, Err: fmt.Errorf("%w: MaxDesignBytes is negative (%d)", ErrOption, opt.MaxDesignBytes)}
	}
	p, err := newParser(r, opt.Name, chunk)
	if err != nil {
		return nil, plan{}, err
	}
	pl := plan{cols: make([]*column, 0, len(e.Features)+2), nFeat: len(e.Features), wk: -1, policy: dropPolicy(opt.DropNA), keepBad: opt.KeepBad}
	seen := make(map[string]bool, len(opt.Keep))
	for _, name := range opt.Keep {
		if seen[name] {
			return nil, plan{}, &ParseError{File: opt.Name, Err: fmt.Errorf("%w: column %q is kept twice", ErrOption, name)}
		}
		seen[name] = true
		j, err := p.field(name)
		if err != nil {
			return nil, plan{}, err
		}
		pl.keep = append(pl.keep, j)
	}
	for _, f := range e.Features {
		j, err := p.field(f.Name)
		if err != nil {
			return nil, plan{}, err
		}
		c := &column{name: f.Name, field: j, fixed: f.Kind}
		if f.Kind == Categorical {
			c.index = levelIndex(f.Levels)
			c.levels = f.Levels
		}
		pl.cols = append(pl.cols, c)
	}
	if !opt.Target {
		return p, pl, nil
	}
	tg := e.Target
	j, err := p.field(tg.Name)
	if err != nil {
		return nil, plan{}, err
	}
	c := &column{name: tg.Name, field: j, fixed: tg.Kind}
	if tg.Kind == Categorical {
		if tg.Positive != "" {
			c.index = map[string]int32{tg.Positive: 1}
			c.otherZero = true
		} else {
			c.index = levelIndex(tg.Levels[:])
		}
		c.levels = tg.Levels[:]
	}
	pl.cols = append(pl.cols, c)
	if e.Weights != "" {
		j, err := p.field(e.Weights)
		if err != nil {
			return nil, plan{}, err
		}
		pl.wk = len(pl.cols)
		pl.cols = append(pl.cols, &column{name: e.Weights, field: j, fixed: Numeric})
	}
	return p, pl, nil
}
