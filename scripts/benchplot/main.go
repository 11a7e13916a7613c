// Command benchplot draws docs/benchmarks-scale.svg from the JSON objects
// that `pactgraph bench` prints, one file per corpus size: load rate
// (pactgraph's loader and raw Cayley) and read latency (p50 and p99, over
// the API and directly on the store) against the number of documents.
//
//	go run ./scripts/benchplot docs/benchmarks/bench-*.json > docs/benchmarks-scale.svg
//
// It writes the SVG by hand, with the standard library only.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
)

// result is the part of `pactgraph bench`'s output that the plot shows.
type result struct {
	Docs          int     `json:"docs"`
	Quads         int64   `json:"quads"`
	LoadQuadsPerS float64 `json:"load_quads_per_s"`
	RawQuadsPerS  float64 `json:"raw_quads_per_s"`
	APIP50Ms      float64 `json:"api_p50_ms"`
	APIP99Ms      float64 `json:"api_p99_ms"`
	RawP50Ms      float64 `json:"raw_p50_ms"`
	RawP99Ms      float64 `json:"raw_p99_ms"`
	Rounds        int     `json:"read_rounds"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchplot BENCH.json… > plot.svg")
		os.Exit(2)
	}
	var rs []result
	for _, path := range os.Args[1:] {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchplot:", err)
			os.Exit(1)
		}
		var r result
		if err := json.Unmarshal(data, &r); err != nil || r.Docs <= 0 {
			fmt.Fprintf(os.Stderr, "benchplot: %s: not the output of pactgraph bench (%v)\n", path, err)
			os.Exit(1)
		}
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Docs < rs[j].Docs })
	if err := plot(os.Stdout, rs); err != nil {
		fmt.Fprintln(os.Stderr, "benchplot:", err)
		os.Exit(1)
	}
}

// series is one line of a panel.
type series struct {
	name   string
	colour string
	dash   bool
	y      func(result) float64
}

// panel is one chart: x is the number of documents on a log scale.
type panel struct {
	title  string
	unit   string
	logY   bool
	series []series
}

const (
	panelW, panelH = 420, 300
	marginL        = 70
	marginT        = 40
	plotW, plotH   = 320, 200
)

func plot(w io.Writer, rs []result) error {
	panels := []panel{
		{title: "Load rate", unit: "quads/s", series: []series{
			{"pactgraph load", "#1f77b4", false, func(r result) float64 { return r.LoadQuadsPerS }},
			{"raw Cayley (10k batches)", "#ff7f0e", true, func(r result) float64 { return r.RawQuadsPerS }},
		}},
		{title: "Read latency, API mix", unit: "ms", logY: true, series: []series{
			{"API p50", "#1f77b4", false, func(r result) float64 { return r.APIP50Ms }},
			{"API p99", "#d62728", false, func(r result) float64 { return r.APIP99Ms }},
			{"store p50", "#1f77b4", true, func(r result) float64 { return r.RawP50Ms }},
			{"store p99", "#d62728", true, func(r result) float64 { return r.RawP99Ms }},
		}},
	}
	var b strings.Builder
	width, height := panelW*len(panels), panelH+100
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	for i, p := range panels {
		drawPanel(&b, float64(i*panelW), p, rs)
	}
	var notes []string
	for _, r := range rs {
		notes = append(notes, fmt.Sprintf("%d docs: %d quads, %d read rounds", r.Docs, r.Quads, r.Rounds))
	}
	fmt.Fprintf(&b, `<text x="10" y="%d" fill="#555">pactgraph bench, bolt; %s</text>`+"\n", height-12, esc(strings.Join(notes, "; ")))
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func drawPanel(b *strings.Builder, x0 float64, p panel, rs []result) {
	// Scales: x log10(docs); y linear from 0, or log10.
	minX, maxX := math.Log10(float64(rs[0].Docs)), math.Log10(float64(rs[len(rs)-1].Docs))
	if maxX == minX {
		minX, maxX = minX-0.5, maxX+0.5
	}
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, s := range p.series {
		for _, r := range rs {
			if v := s.y(r); v > 0 {
				minY, maxY = math.Min(minY, v), math.Max(maxY, v)
			}
		}
	}
	var ticks []float64
	if p.logY {
		lo, hi := math.Floor(math.Log10(minY)), math.Ceil(math.Log10(maxY))
		if hi == lo {
			hi++
		}
		minY, maxY = lo, hi
		for e := lo; e <= hi; e++ {
			ticks = append(ticks, e)
		}
	} else {
		step := niceStep(maxY / 4)
		minY, maxY = 0, math.Ceil(maxY/step)*step
		for v := 0.0; v <= maxY+step/2; v += step {
			ticks = append(ticks, v)
		}
	}
	px := func(docs int) float64 {
		return x0 + marginL + (math.Log10(float64(docs))-minX)/(maxX-minX)*plotW
	}
	py := func(v float64) float64 {
		if p.logY {
			v = math.Log10(v)
		}
		return marginT + plotH - (v-minY)/(maxY-minY)*plotH
	}
	left, top := x0+marginL, float64(marginT)
	fmt.Fprintf(b, `<text x="%.1f" y="%d" font-size="13" font-weight="bold">%s</text>`+"\n", left, marginT-18, esc(p.title))
	fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%d" height="%d" fill="none" stroke="#999"/>`+"\n", left, top, plotW, plotH)
	for _, t := range ticks {
		y := marginT + plotH - (t-minY)/(maxY-minY)*plotH
		label := fmtNum(t)
		if p.logY {
			label = fmtNum(math.Pow(10, t))
		}
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#eee"/>`+"\n", left, left+plotW, y, y)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`+"\n", left-6, y+4, label)
	}
	for _, r := range rs {
		x := px(r.Docs)
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#999"/>`+"\n", x, x, top+plotH, top+plotH+4)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x, top+plotH+16, fmtNum(float64(r.Docs)))
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">documents (log scale)</text>`+"\n", left+plotW/2, top+plotH+32)
	fmt.Fprintf(b, `<text transform="translate(%.1f,%.1f) rotate(-90)" text-anchor="middle">%s</text>`+"\n", x0+14, top+plotH/2, esc(p.unit))
	for i, s := range p.series {
		var pts []string
		for _, r := range rs {
			if v := s.y(r); v > 0 {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(r.Docs), py(v)))
			}
		}
		dash := ""
		if s.dash {
			dash = ` stroke-dasharray="5,3"`
		}
		fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`+"\n", strings.Join(pts, " "), s.colour, dash)
		for _, pt := range pts {
			xy := strings.Split(pt, ",")
			fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`+"\n", xy[0], xy[1], s.colour)
		}
		// Legend, under the x axis.
		ly := top + plotH + 52 + float64(i)*14
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"%s/>`+"\n", left+8, left+28, ly-4, ly-4, s.colour, dash)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", left+32, ly, esc(s.name))
	}
}

// niceStep rounds v up to 1, 2 or 5 times a power of ten.
func niceStep(v float64) float64 {
	if v <= 0 {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*e >= v {
			return m * e
		}
	}
	return 10 * e
}

func fmtNum(v float64) string {
	switch {
	case v >= 1000 && math.Mod(v, 1000) == 0:
		return fmt.Sprintf("%gk", v/1000)
	case v >= 1:
		return fmt.Sprintf("%g", math.Round(v*10)/10)
	default:
		return fmt.Sprintf("%g", v)
	}
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
