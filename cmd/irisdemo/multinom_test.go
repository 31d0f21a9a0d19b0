package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestClassesAll: -classes all fits the three species, says that they are
// separated (setosa from each other species), is not converged, marks the
// diverging coefficients, and shows the finite ridge fit.
func TestClassesAll(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-classes", "all"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"the logits of versicolor and virginica against setosa",
		"(setosa from versicolor (complete), setosa\nfrom virginica (complete))",
		"versicolor\nand virginica overlap",
		"not converged",
		"petal_length          Inf           NA",
		"Ridge (L2) fit, lambda = 1, intercepts not penalized: finite estimates.",
		"petal_length      4.05203",
		"Training accuracy (most probable species): maximum likelihood 147 of 150 = 98.0%, ridge 144 of 150 = 96.0%.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, args := range [][]string{{"-classes", "all", "-svg", "x.svg"}, {"-classes", "all", "-seed", "2"}} {
		stdout.Reset()
		stderr.Reset()
		if code := run(args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "cannot be combined with -") {
			t.Errorf("%v: exit %d, stderr %q, want 2 and a usage error", args, code, stderr.String())
		}
	}
}
