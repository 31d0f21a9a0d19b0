package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"

	"github.com/a1bed000/logreg/logreg"
)

// Geometry of the figure, in SVG user units.
const (
	svgWidth, svgHeight = 840, 520
	plotLeft, plotRight = 80, 620 // x extent of the plot area
	plotTop, plotBottom = 80, 450 // y extent of the plot area
	curveSamples        = 240     // segments of the fitted curve
)

// Colours of the two classes.
var classColour = [2]string{"#1f77b4", "#d95f02"}

// writeSVG writes the figure of e to w: the fitted curve σ(η) against the
// linear predictor η, every row of the two species as a circle at (η, y)
// coloured by class (filled for training rows, hollow for test rows), and
// the classification threshold. The circles are the only <circle> elements;
// the legend draws its markers as paths.
func writeSVG(w *bytes.Buffer, e *experiment) {
	res := e.plotted()
	a, b := e.cfg.classes[0], e.cfg.classes[1]
	t := e.cfg.threshold
	etaT := math.Log(t / (1 - t))

	n := len(e.y)
	etas := make([]float64, n)
	lo, hi := etaT, etaT
	for i := range n {
		etas[i] = eta(res, e.x, i)
		lo, hi = min(lo, etas[i]), max(hi, etas[i])
	}
	pad := 0.05 * (hi - lo)
	if pad == 0 {
		pad = 1
	}
	lo, hi = lo-pad, hi+pad
	px := func(v float64) float64 { return plotLeft + (v-lo)/(hi-lo)*(plotRight-plotLeft) }
	// The probability axis runs from −0.05 to 1.05, so that the points at
	// 0 and 1 stay clear of the frame.
	py := func(p float64) float64 { return plotBottom - (p+0.05)/1.1*(plotBottom-plotTop) }

	fit := "maximum-likelihood logistic fit"
	if res.Firth {
		fit = "Firth's logistic fit"
	}
	title := fmt.Sprintf("Iris %s vs %s: %s", a, b, fit)
	subtitle := fmt.Sprintf("Fitted on all %d rows.", len(e.train))
	if !e.cfg.all {
		subtitle = fmt.Sprintf("Fitted on %d training rows; %d test rows held out (seed %d).", len(e.train), len(e.test), e.cfg.seed)
	}
	note := ""
	if res.Firth {
		note = "The classes are separated: the maximum-likelihood η diverges, so the curve is Firth's fit."
	}

	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" font-family="sans-serif" font-size="13">`+"\n",
		svgWidth, svgHeight, svgWidth, svgHeight)
	fmt.Fprintf(w, "<title>%s</title>\n", esc(title+". "+subtitle+" "+note))
	fmt.Fprintf(w, `<rect x="0" y="0" width="%d" height="%d" fill="white"/>`+"\n", svgWidth, svgHeight)
	fmt.Fprintf(w, `<text x="%d" y="30" font-size="17" font-weight="bold">%s</text>`+"\n", plotLeft, esc(title))
	fmt.Fprintf(w, `<text x="%d" y="50" font-size="12" fill="#444">%s</text>`+"\n", plotLeft, esc(subtitle))
	if note != "" {
		fmt.Fprintf(w, `<text x="%d" y="66" font-size="12" fill="#444">%s</text>`+"\n", plotLeft, esc(note))
	}

	// Axes, ticks and grid.
	fmt.Fprint(w, `<g stroke="#ccc" stroke-width="1">`+"\n")
	for _, p := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(w, `<line x1="%d" y1="%s" x2="%d" y2="%s"/>`+"\n", plotLeft, f2(py(p)), plotRight, f2(py(p)))
	}
	ticks, dec := niceTicks(lo, hi)
	for _, v := range ticks {
		fmt.Fprintf(w, `<line x1="%s" y1="%d" x2="%s" y2="%d"/>`+"\n", f2(px(v)), plotTop, f2(px(v)), plotBottom)
	}
	fmt.Fprint(w, "</g>\n")
	fmt.Fprintf(w, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>`+"\n",
		plotLeft, plotTop, plotRight-plotLeft, plotBottom-plotTop)
	fmt.Fprint(w, `<g text-anchor="middle">`+"\n")
	for _, v := range ticks {
		fmt.Fprintf(w, `<text x="%s" y="%d">%s</text>`+"\n", f2(px(v)), plotBottom+18, strconv.FormatFloat(v, 'f', dec, 64))
	}
	fmt.Fprint(w, "</g>\n")
	fmt.Fprint(w, `<g text-anchor="end">`+"\n")
	for _, p := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(w, `<text x="%d" y="%s">%s</text>`+"\n", plotLeft-8, f2(py(p)+4), strconv.FormatFloat(p, 'f', 2, 64))
	}
	fmt.Fprint(w, "</g>\n")
	fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", (plotLeft+plotRight)/2, plotBottom+44,
		esc("linear predictor η = β₀ + β₁·sepal_length + … + β₄·petal_width"))
	fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="middle" transform="rotate(-90 %d %d)">%s</text>`+"\n",
		plotLeft-50, (plotTop+plotBottom)/2, plotLeft-50, (plotTop+plotBottom)/2,
		esc(fmt.Sprintf("probability of %s, σ(η)", b)))

	// Threshold.
	thr := strconv.FormatFloat(t, 'f', -1, 64)
	fmt.Fprintf(w, `<g stroke="#666" stroke-dasharray="6 4" stroke-width="1.2">`+"\n")
	fmt.Fprintf(w, `<line x1="%d" y1="%s" x2="%d" y2="%s"/>`+"\n", plotLeft, f2(py(t)), plotRight, f2(py(t)))
	fmt.Fprintf(w, `<line x1="%s" y1="%d" x2="%s" y2="%d"/>`+"\n", f2(px(etaT)), plotTop, f2(px(etaT)), plotBottom)
	fmt.Fprint(w, "</g>\n")
	fmt.Fprintf(w, `<text x="%d" y="%s" font-size="11" fill="#444">threshold %s</text>`+"\n", plotLeft+6, f2(py(t)-5), thr)

	// Fitted curve.
	fmt.Fprint(w, `<polyline fill="none" stroke="black" stroke-width="2" points="`)
	for k := 0; k <= curveSamples; k++ {
		v := lo + (hi-lo)*float64(k)/curveSamples
		if k > 0 {
			w.WriteByte(' ')
		}
		fmt.Fprintf(w, "%s,%s", f2(px(v)), f2(py(logreg.Sigmoid(v))))
	}
	fmt.Fprint(w, `"/>`+"\n")

	// Data: training rows first, test rows on top.
	fmt.Fprint(w, `<g stroke-width="1.5">`+"\n")
	inTest := make([]bool, n)
	for _, i := range e.test {
		inTest[i] = true
	}
	for _, test := range []bool{false, true} {
		for i := range n {
			if inTest[i] != test {
				continue
			}
			c := classColour[int(e.y[i])]
			fill, op := c, "0.55"
			if test {
				fill, op = "white", "1"
			}
			fmt.Fprintf(w, `<circle cx="%s" cy="%s" r="4.5" fill="%s" fill-opacity="%s" stroke="%s"/>`+"\n",
				f2(px(etas[i])), f2(py(e.y[i])), fill, op, c)
		}
	}
	fmt.Fprint(w, "</g>\n")

	// Legend, with markers drawn as paths so that the circles above are the
	// data only.
	lx, ly := plotRight+24, plotTop+10
	fmt.Fprintf(w, `<g font-size="12">`+"\n")
	entry := func(marker, label string) {
		fmt.Fprintf(w, "%s\n", marker)
		fmt.Fprintf(w, `<text x="%d" y="%d">%s</text>`+"\n", lx+22, ly+4, esc(label))
		ly += 22
	}
	dot := func(fill, op, stroke string) string {
		return fmt.Sprintf(`<path d="M %d %d m -4.5 0 a 4.5 4.5 0 1 0 9 0 a 4.5 4.5 0 1 0 -9 0" fill="%s" fill-opacity="%s" stroke="%s" stroke-width="1.5"/>`,
			lx+8, ly, fill, op, stroke)
	}
	entry(dot(classColour[0], "0.55", classColour[0]), fmt.Sprintf("%s (y = 0)", a))
	entry(dot(classColour[1], "0.55", classColour[1]), fmt.Sprintf("%s (y = 1)", b))
	entry(dot("#888", "0.55", "#888"), "training row")
	if len(e.test) > 0 {
		entry(dot("white", "1", "#888"), "test row")
	}
	entry(fmt.Sprintf(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black" stroke-width="2"/>`, lx, ly, lx+16, ly), "fitted σ(η)")
	entry(fmt.Sprintf(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#666" stroke-dasharray="6 4" stroke-width="1.2"/>`, lx, ly, lx+16, ly),
		fmt.Sprintf("threshold %s", thr))
	fmt.Fprint(w, "</g>\n</svg>\n")
}

// niceTicks returns tick positions at a round step (1, 2 or 5 times a power
// of ten) covering [lo, hi] with four to eight ticks, and the number of decimals
// that prints them exactly.
func niceTicks(lo, hi float64) ([]float64, int) {
	raw := (hi - lo) / 8
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	var step float64
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * p; step >= raw {
			break
		}
	}
	dec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	var ticks []float64
	for k := math.Ceil(lo / step); k*step <= hi; k++ {
		ticks = append(ticks, k*step)
	}
	return ticks, dec
}

// f2 formats a coordinate with two decimals.
func f2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// esc escapes s for use as XML character data.
func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
