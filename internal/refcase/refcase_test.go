package refcase

import (
	"os"
	"testing"
)

func TestFiles(t *testing.T) {
	c, err := Coefs("birthwt.coef.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != 10 || c[0].Name != "(Intercept)" || !c[0].HasSE || !c[0].HasZ {
		t.Fatalf("got %d coefficients, first %+v", len(c), c[0])
	}
	sc, err := Scalars("next/endometrial.separation_summary.csv")
	if err != nil {
		t.Fatal(err)
	}
	if sc["type"] != "quasi-complete" {
		t.Errorf("got type %q, want quasi-complete", sc["type"])
	}
	if _, err := os.Stat(Path("next/endometrial.csv")); err != nil {
		t.Error(err)
	}
	for in, want := range map[string]string{
		"race=other:lwt":            "raceother:lwt",
		"factor(smoke)=1":           "factor(smoke)1",
		"poly(age, 3, raw = TRUE)1": "poly(age, 3, raw = TRUE)1",
		"I(lwt <= 120)TRUE":         "I(lwt <= 120)TRUE",
		"I(a==b)TRUE":               "I(a==b)TRUE",
	} {
		if got := RName(in); got != want {
			t.Errorf("RName(%q): got %q, want %q", in, got, want)
		}
	}
}
