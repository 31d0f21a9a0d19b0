package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
)

// scatter is a scatter plot of diagnose -plots: points (x[i], y[i]), the
// labels of some of them, and a horizontal reference line at y = 0.
type scatter struct {
	title, xlab, ylab string
	x, y              []float64
	labels            map[int]string // point index → label
}

// niceRange returns limits around [lo, hi] with 5 % margins, and a tick step.
func niceRange(lo, hi float64) (a, b, step float64) {
	if !(hi > lo) {
		lo, hi = lo-1, hi+1
	}
	m := 0.05 * (hi - lo)
	a, b = lo-m, hi+m
	raw := (b - a) / 5
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*p >= raw {
			step = f * p
			break
		}
	}
	return a, b, step
}

// write writes the plot as a standalone SVG image.
func (s *scatter) write(w io.Writer) error {
	xa, xb, xs := niceRange(slices.Min(s.x), slices.Max(s.x))
	ya, yb, ys := niceRange(slices.Min(s.y), slices.Max(s.y))
	px := func(v float64) float64 { return plotLeft + (v-xa)/(xb-xa)*plotSize }
	py := func(v float64) float64 { return plotTop + (yb-v)/(yb-ya)*plotSize }
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">
`, svgWidth, svgHeight, svgWidth, svgHeight)
	fmt.Fprintf(&b, "<title>%s</title>\n", escape(s.title))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="white"/>`+"\n", svgWidth, svgHeight)
	fmt.Fprintf(&b, `<text x="%d" y="24" text-anchor="middle" font-size="14">%s</text>`+"\n", plotLeft+plotSize/2, escape(s.title))
	for v := math.Ceil(xa/xs) * xs; v <= xb; v += xs {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#dddddd"/>`+"\n", px(v), plotTop, px(v), plotTop+plotSize)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%.4g</text>`+"\n", px(v), plotTop+plotSize+18, v)
	}
	for v := math.Ceil(ya/ys) * ys; v <= yb; v += ys {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#dddddd"/>`+"\n", plotLeft, py(v), plotLeft+plotSize, py(v))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%.4g</text>`+"\n", plotLeft-8, py(v)+4, v)
	}
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>`+"\n", plotLeft, plotTop, plotSize, plotSize)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", plotLeft+plotSize/2, plotTop+plotSize+42, escape(s.xlab))
	cy := plotTop + plotSize/2
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" transform="rotate(-90 %d %d)">%s</text>`+"\n", 24, cy, 24, cy, escape(s.ylab))
	if ya < 0 && yb > 0 {
		fmt.Fprintf(&b, `<line class="zero" x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="gray" stroke-dasharray="6 4"/>`+"\n", plotLeft, py(0), plotLeft+plotSize, py(0))
	}
	for i := range s.x {
		fmt.Fprintf(&b, `<circle class="point" cx="%.2f" cy="%.2f" r="2.5" fill="#1f77b4" fill-opacity="0.6"/>`+"\n", px(s.x[i]), py(s.y[i]))
	}
	idx := make([]int, 0, len(s.labels))
	for i := range s.labels {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	for _, i := range idx {
		fmt.Fprintf(&b, `<text class="label" x="%.2f" y="%.2f" font-size="10" fill="#d62728">%s</text>`+"\n", px(s.x[i])+5, py(s.y[i])-5, escape(s.labels[i]))
	}
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}
