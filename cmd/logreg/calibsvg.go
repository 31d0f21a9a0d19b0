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
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">
`, svgWidth, svgHeight, svgWidth, svgHeight)
	fmt.Fprintf(&b, "<title>%s</title>\n", escape(title))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="white"/>`+"\n", svgWidth, svgHeight)
	fmt.Fprintf(&b, `<text x="%d" y="24" text-anchor="middle" font-size="14">%s</text>`+"\n", plotLeft+plotSize/2, escape(title))
	b.WriteString(`<g stroke="#dddddd" stroke-width="1">` + "\n")
	for i := 1; i < 5; i++ {
		v := float64(i) / 5
		x, _ := plotXY(v, 0)
		_, y := plotXY(0, v)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`+"\n", x, plotTop, x, plotTop+plotSize)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`+"\n", plotLeft, y, plotLeft+plotSize, y)
	}
	b.WriteString("</g>\n")
	for i := 0; i <= 5; i++ {
		v := float64(i) / 5
		x, _ := plotXY(v, 0)
		_, y := plotXY(0, v)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%.1f</text>`+"\n", x, plotTop+plotSize+18, v)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%.1f</text>`+"\n", plotLeft-8, y+4, v)
	}
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>`+"\n", plotLeft, plotTop, plotSize, plotSize)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">Mean predicted probability (per decile of the predictions)</text>`+"\n",
		plotLeft+plotSize/2, plotTop+plotSize+42)
	cy := plotTop + plotSize/2
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" transform="rotate(-90 %d %d)">Observed rate of positives</text>`+"\n",
		24, cy, 24, cy)

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
