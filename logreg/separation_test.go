package logreg

import (
	"slices"
	"testing"
)

// TestStreamSeparation checks that a streamed fit diagnoses separation as
// Fit does: never converged, no covariance, the same diverging coefficients.
func TestStreamSeparation(t *testing.T) {
	t.Parallel()
	x, y, names := irisTwo(t, "setosa", "versicolor")
	mem, err := Fit(x, y, &Settings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	st, err := FitStream(4, chunked(x, y, nil, []int{7, 30}), &Settings{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Separation || st.Converged || st.Cov != nil {
		t.Fatalf("stream: Separation %v Converged %v Cov %v, want true false nil", st.Separation, st.Converged, st.Cov != nil)
	}
	if !slices.Equal(st.Diverging, mem.Diverging) || st.Quasi != mem.Quasi {
		t.Errorf("stream: Diverging %v Quasi %v, want %v %v as Fit", st.Diverging, st.Quasi, mem.Diverging, mem.Quasi)
	}
	// Overlapping classes: no separation, converged, as Fit.
	x, y, names = irisTwo(t, "versicolor", "virginica")
	st, err = FitStream(4, chunked(x, y, nil, []int{13}), &Settings{Names: names})
	if err != nil || st.Separation || !st.Converged {
		t.Fatalf("versicolor/virginica: err %v Separation %v Converged %v, want nil false true", err, st.Separation, st.Converged)
	}
}
