package bench

import (
	"fmt"
	"io"
	"strings"
)

// Table writes runs side by side as a Markdown table, one column a run
// (a backend), one row a figure: what `pactgraph bench --compare` prints.
// A figure a run does not measure (Cayley's SQL writer on bolt) is "–".
func Table(w io.Writer, runs []*Result) error {
	rows := []struct {
		name string
		of   func(*Result) float64
		unit string
	}{
		{"quads", func(r *Result) float64 { return float64(r.Quads) }, "%.0f"},
		{"pactgraph load, quads/s", func(r *Result) float64 { return r.LoadQuadsPerS }, "%.0f"},
		{"raw Cayley load (bolt, 10k a transaction), quads/s", func(r *Result) float64 { return r.RawQuadsPerS }, "%.0f"},
		{"pactgraph over raw Cayley (bolt)", func(r *Result) float64 { return r.LoadRatio }, "%.2f×"},
		{"Cayley's SQL writer on the same database, quads/s", func(r *Result) float64 { return r.SQLWriterQuadsPerS }, "%.0f"},
		{"pactgraph over Cayley's SQL writer", func(r *Result) float64 { return r.CopyRatio }, "%.2f×"},
		{"reads through the API, p50 ms", func(r *Result) float64 { return r.APIP50Ms }, "%.1f"},
		{"reads through the API, p99 ms", func(r *Result) float64 { return r.APIP99Ms }, "%.1f"},
		{"reads on the store, p50 ms", func(r *Result) float64 { return r.RawP50Ms }, "%.1f"},
		{"reads on the store, p99 ms", func(r *Result) float64 { return r.RawP99Ms }, "%.1f"},
		{"store open, ms", func(r *Result) float64 { return r.StoreOpenMs }, "%.1f"},
		{"bench's peak RSS, MB", func(r *Result) float64 { return r.PeakRSSMB }, "%.0f"},
	}
	var b strings.Builder
	b.WriteString("| figure |")
	for _, r := range runs {
		fmt.Fprintf(&b, " %s, %d docs |", r.DB, r.Docs)
	}
	b.WriteString("\n| --- |")
	for range runs {
		b.WriteString(" ---: |")
	}
	b.WriteString("\n")
	for _, row := range rows {
		fmt.Fprintf(&b, "| %s |", row.name)
		for _, r := range runs {
			v := row.of(r)
			if v == 0 {
				b.WriteString(" – |")
				continue
			}
			fmt.Fprintf(&b, " "+row.unit+" |", v)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
