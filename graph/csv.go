package graph

import (
	"archive/zip"
	"encoding/csv"
	"io"

	"github.com/cayleygraph/quad"
)

// CSV tables, with the column names Gephi's spreadsheet import expects.
var (
	csvNodeHeader = []string{"Id", "Label", "Type"}
	csvEdgeHeader = []string{"Source", "Target", "Label", "Predicate", "Provenance"}
)

// newCSVWriter is the quad.Writer of CSV: the table part, or a zip of
// both for "".
func newCSVWriter(w io.Writer, part string) quad.WriteCloser {
	return &drawWriter{w: w, write: func(w io.Writer, d drawing) error { return writeCSV(w, part, d) }}
}

func writeCSV(w io.Writer, part string, d drawing) error {
	table := func(w io.Writer, part string) error {
		cw := csv.NewWriter(w)
		if part == CSVNodes {
			cw.Write(csvNodeHeader)
			for _, n := range d.nodes {
				cw.Write([]string{n.ID, n.Label, n.Type})
			}
		} else {
			cw.Write(csvEdgeHeader)
			for _, e := range d.edges {
				cw.Write([]string{e.Source, e.Target, e.Label, e.Predicate, e.Provenance})
			}
		}
		cw.Flush()
		return cw.Error()
	}
	if part != "" {
		return table(w, part)
	}
	zw := zip.NewWriter(w)
	for _, p := range []string{CSVNodes, CSVEdges} {
		f, err := zw.Create(p + ".csv")
		if err != nil {
			return err
		}
		if err := table(f, p); err != nil {
			return err
		}
	}
	return zw.Close()
}
