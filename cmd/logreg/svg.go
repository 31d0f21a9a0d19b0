package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
)

// Geometry of the ROC plot, in SVG user units.
const (
	svgWidth  = 480
	svgHeight = 470
	plotLeft  = 70  // x of the plot's left edge
	plotTop   = 40  // y of the plot's top edge
	plotSize  = 360 // width and height of the (square) plot area
)

// plotXY maps a point of the unit square (false positive rate, true
// positive rate) to SVG coordinates.
func plotXY(fpr, tpr float64) (x, y float64) {
	return plotLeft + fpr*plotSize, plotTop + (1-tpr)*plotSize
}

// escape returns s escaped for XML character data and attributes.
func escape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// writeROC writes a standalone SVG image of the ROC curve through the
// points pts (from rocPoints), with the chance diagonal, axis labels and
// the AUC in the legend.
func writeROC(w io.Writer, pts [][2]float64, aucValue float64, title string) error {
	var b bytes.Buffer
	unitFrame(&b, title, "False positive rate (1 − specificity)", "True positive rate (sensitivity)")

	// Chance diagonal and the curve.
	x0, y0 := plotXY(0, 0)
	x1, y1 := plotXY(1, 1)
	fmt.Fprintf(&b, `<line class="chance" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="gray" stroke-dasharray="6 4"/>`+"\n", x0, y0, x1, y1)
	b.WriteString(`<polyline class="roc" fill="none" stroke="#1f77b4" stroke-width="2" points="`)
	for i, p := range pts {
		x, y := plotXY(p[0], p[1])
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.2f,%.2f", x, y)
	}
	b.WriteString(`"/>` + "\n")

	// Legend, in the lower right corner.
	lx, ly := plotLeft+plotSize-170, plotTop+plotSize-52
	fmt.Fprintf(&b, `<g class="legend"><rect x="%d" y="%d" width="160" height="42" fill="white" stroke="#999999"/>`+"\n", lx, ly)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#1f77b4" stroke-width="2"/>`+"\n", lx+8, ly+14, lx+32, ly+14)
	fmt.Fprintf(&b, `<text x="%d" y="%d">ROC (AUC = %s)</text>`+"\n", lx+40, ly+18, fmtG("%.4f", aucValue))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="gray" stroke-dasharray="6 4"/>`+"\n", lx+8, ly+32, lx+32, ly+32)
	fmt.Fprintf(&b, `<text x="%d" y="%d">chance</text></g>`+"\n", lx+40, ly+36)
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// unitFrame writes the head of a standalone SVG image of a plot of the unit
// square: the title, a grid and tick labels at every 0.2 on both axes, the
// frame and the labels of the x and y axes.
func unitFrame(b *bytes.Buffer, title, xlabel, ylabel string) {
	fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">
`, svgWidth, svgHeight, svgWidth, svgHeight)
	fmt.Fprintf(b, "<title>%s</title>\n", escape(title))
	fmt.Fprintf(b, `<rect x="0" y="0" width="%d" height="%d" fill="white"/>`+"\n", svgWidth, svgHeight)
	fmt.Fprintf(b, `<text x="%d" y="24" text-anchor="middle" font-size="14">%s</text>`+"\n", plotLeft+plotSize/2, escape(title))
	b.WriteString(`<g stroke="#dddddd" stroke-width="1">` + "\n")
	for i := 1; i < 5; i++ {
		v := float64(i) / 5
		x, _ := plotXY(v, 0)
		_, y := plotXY(0, v)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`+"\n", x, plotTop, x, plotTop+plotSize)
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`+"\n", plotLeft, y, plotLeft+plotSize, y)
	}
	b.WriteString("</g>\n")
	for i := 0; i <= 5; i++ {
		v := float64(i) / 5
		x, _ := plotXY(v, 0)
		_, y := plotXY(0, v)
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%.1f</text>`+"\n", x, plotTop+plotSize+18, v)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end">%.1f</text>`+"\n", plotLeft-8, y+4, v)
	}
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>`+"\n", plotLeft, plotTop, plotSize, plotSize)
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", plotLeft+plotSize/2, plotTop+plotSize+42, xlabel)
	cy := plotTop + plotSize/2
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle" transform="rotate(-90 %d %d)">%s</text>`+"\n", 24, cy, 24, cy, ylabel)
}
