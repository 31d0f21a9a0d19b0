package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/a1bed000/logreg/logreg"
)

// writeCalibration writes a standalone SVG image of the reliability
// diagram of the groups of a Hosmer–Lemeshow test: each group's observed
// rate of positives against its mean predicted probability, a point
// labelled with the group's count, joined in order, with the diagonal of
// perfect calibration and the test in the legend.
func writeCalibration(w io.Writer, hl *logreg.HLTest, title string) error {
	var b bytes.Buffer
	unitFrame(&b, title, "Mean predicted probability (per decile of the predictions)", "Observed rate of positives")

	x0, y0 := plotXY(0, 0)
	x1, y1 := plotXY(1, 1)
	fmt.Fprintf(&b, `<line class="chance" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="gray" stroke-dasharray="6 4"/>`+"\n", x0, y0, x1, y1)
	b.WriteString(`<polyline class="calibration" fill="none" stroke="#1f77b4" stroke-width="1.5" points="`)
	for i, g := range hl.Groups {
		x, y := plotXY(g.MeanPredicted(), g.ObservedRate())
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.2f,%.2f", x, y)
	}
	b.WriteString(`"/>` + "\n")
	for _, g := range hl.Groups {
		x, y := plotXY(g.MeanPredicted(), g.ObservedRate())
		fmt.Fprintf(&b, `<circle class="group" cx="%.2f" cy="%.2f" r="4" fill="#1f77b4"><title>mean predicted %.4g, observed %.4g, n = %g</title></circle>`+"\n",
			x, y, g.MeanPredicted(), g.ObservedRate(), g.N)
		fmt.Fprintf(&b, `<text class="count" x="%.2f" y="%.2f" font-size="10">%g</text>`+"\n", x+6, y-6, g.N)
	}
	lx, ly := plotLeft+10, plotTop+10
	fmt.Fprintf(&b, `<g class="legend"><rect x="%d" y="%d" width="230" height="58" fill="white" stroke="#999999"/>`+"\n", lx, ly)
	fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="4" fill="#1f77b4"/>`+"\n", lx+20, ly+14)
	fmt.Fprintf(&b, `<text x="%d" y="%d">group (labelled with its count)</text>`+"\n", lx+40, ly+18)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="gray" stroke-dasharray="6 4"/>`+"\n", lx+8, ly+32, lx+32, ly+32)
	fmt.Fprintf(&b, `<text x="%d" y="%d">perfect calibration</text>`+"\n", lx+40, ly+36)
	fmt.Fprintf(&b, `<text x="%d" y="%d">Hosmer-Lemeshow X² = %.3f, df %d, p = %s</text></g>`+"\n", lx+8, ly+52, hl.Statistic, hl.DF, logreg.FormatP(hl.P))
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}
