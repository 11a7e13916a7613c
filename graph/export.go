package graph

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"

	// The writers (and readers) of quad's formats register themselves.
	_ "github.com/cayleygraph/quad/dot"
	_ "github.com/cayleygraph/quad/gml"
	_ "github.com/cayleygraph/quad/graphml"
	_ "github.com/cayleygraph/quad/jsonld"
	_ "github.com/cayleygraph/quad/nquads"
	_ "github.com/cayleygraph/quad/pquads"
)

// Export formats, the names Export takes. nquads, jsonld, graphml, gml and
// dot are written by the writers of github.com/cayleygraph/quad; gexf (for
// Gephi, gexf.go) and csv (nodes and edges, csv.go) by this package.
const (
	NQuads  = "nquads"
	JSONLD  = "jsonld"
	GraphML = "graphml"
	GML     = "gml"
	DOT     = "dot"
	GEXF    = "gexf"
	CSV     = "csv"
)

// An exporter is an export format: the media type and file extension of
// what it writes, and the quad.Writer that writes it. A format with parts
// (csv: one table each) writes one part alone when asked, else all.
type exporter struct {
	name      string
	mime, ext string
	writer    func(w io.Writer, part string) quad.WriteCloser
	// parts, when any, name what may be written alone, each a partMime
	// file with partExt.
	parts             []string
	partMime, partExt string
}

// exporters are the export formats in the order docs list them. A new
// format is a quad.Writer and one line here.
var exporters = []exporter{
	{name: NQuads, mime: "application/n-quads", ext: ".nq", writer: quadWriter("nquads")},
	{name: JSONLD, mime: "application/ld+json", ext: ".jsonld", writer: quadWriter("jsonld")},
	{name: GraphML, mime: "application/graphml+xml", ext: ".graphml", writer: quadWriter("graphml")},
	{name: GML, mime: "text/plain; charset=utf-8", ext: ".gml", writer: quadWriter("gml")},
	{name: DOT, mime: "text/vnd.graphviz", ext: ".dot", writer: quadWriter("graphviz")},
	{name: GEXF, mime: "application/gexf+xml", ext: ".gexf", writer: newGEXFWriter},
	{name: CSV, mime: "application/zip", ext: ".zip", writer: newCSVWriter,
		parts: []string{CSVNodes, CSVEdges}, partMime: "text/csv; charset=utf-8", partExt: ".csv"},
}

// ExportFormats lists the export formats in the order docs list them.
var ExportFormats = exportFormats()

func exportFormats() []string {
	out := make([]string, len(exporters))
	for i, e := range exporters {
		out[i] = e.name
	}
	return out
}

func exporterOf(format string) (exporter, bool) {
	for _, e := range exporters {
		if e.name == format {
			return e, true
		}
	}
	return exporter{}, false
}

// quadWriter is the writer of a format github.com/cayleygraph/quad
// registers (the imports above).
func quadWriter(format string) func(io.Writer, string) quad.WriteCloser {
	return func(w io.Writer, _ string) quad.WriteCloser { return quad.FormatByName(format).Writer(w) }
}

// CSV parts: which table of the csv format to write. "" writes both as a
// zip archive of nodes.csv and edges.csv.
const (
	CSVNodes = "nodes"
	CSVEdges = "edges"
)

// MediaType is the content type and the usual file extension of an
// export format (and, for csv, a part).
func MediaType(format, part string) (contentType, ext string) {
	e, ok := exporterOf(format)
	switch {
	case !ok:
		return "application/octet-stream", ""
	case part != "" && len(e.parts) > 0:
		return e.partMime, e.partExt
	}
	return e.mime, e.ext
}

// CheckFormat returns an error wrapping ErrInvalid unless format (and part)
// name something Export writes.
func CheckFormat(format, part string) error {
	e, ok := exporterOf(format)
	if !ok {
		return errorf(ErrInvalid, "export: unknown format %q (have %s)", format, strings.Join(ExportFormats, ", "))
	}
	if part != "" && !slices.Contains(e.parts, part) {
		return errorf(ErrInvalid, "export: part %q: only csv has parts, %q or %q", part, CSVNodes, CSVEdges)
	}
	return nil
}

// Selection says which quads to export. The zero value is the whole graph.
type Selection struct {
	// Doc, when not "", is a document's id: its quads, those labelled by
	// the document or one of its articles.
	Doc string
	// Query, when not "", is a Gizmo query: its subgraph, the quads whose
	// subject is a node the query returns (as a result or a tag) and whose
	// object is a literal, a class, or another such node.
	Query string
	// Limit bounds the results of Query; 0 means 10000.
	Limit int
	// Node, when not "", is a node's id: what the graph says about it, the
	// quads whose subject it is (its Linked Data description).
	Node string
	// Label, when not "", keeps only the quads of one named graph (label
	// IRI); with neither Doc nor Query it selects that graph whole.
	Label string
}

// Select reads the quads sel names, sorted in N-Quads order so that every
// export of the same graph is the same file.
func (s *Store) Select(ctx context.Context, sel Selection) ([]quad.Quad, error) {
	var (
		out []quad.Quad
		err error
	)
	switch {
	case sel.Doc != "" && sel.Query != "":
		return nil, errorf(ErrInvalid, "export: give a document or a query, not both")
	case sel.Node != "":
		out, err = s.quadsWith(ctx, quad.Subject, IRI(sel.Node))
		if err == nil && len(out) == 0 {
			return nil, errorf(ErrNotFound, "node %s", sel.Node)
		}
	case sel.Doc != "":
		out, err = s.documentQuads(ctx, sel.Doc)
	case sel.Query != "":
		out, err = s.querySubgraph(ctx, sel.Query, sel.Limit)
	case sel.Label != "":
		out, err = s.quadsWith(ctx, quad.Label, quad.IRI(sel.Label))
	default:
		out, err = s.allQuads(ctx)
	}
	if err != nil {
		return nil, err
	}
	if sel.Label != "" && (sel.Doc != "" || sel.Query != "" || sel.Node != "") {
		kept := out[:0]
		for _, q := range out {
			if q.Label == quad.IRI(sel.Label) {
				kept = append(kept, q)
			}
		}
		out = kept
	}
	return sortQuads(out), nil
}

func sortQuads(qs []quad.Quad) []quad.Quad {
	keys := make([]string, len(qs))
	idx := make([]int, len(qs))
	for i, q := range qs {
		keys[i], idx[i] = q.NQuad(), i
	}
	sort.Slice(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
	out := make([]quad.Quad, 0, len(qs))
	for i, j := range idx {
		if i > 0 && keys[j] == keys[idx[i-1]] {
			continue
		}
		out = append(out, qs[j])
	}
	return out
}

// allQuads reads every quad of the store.
func (s *Store) allQuads(ctx context.Context) ([]quad.Quad, error) {
	var out []quad.Quad
	err := each(ctx, s.cayley().QuadsAllIterator(), func(r refs.Ref) error {
		q, err := s.cayley().Quad(r)
		if err != nil {
			return err
		}
		out = append(out, q)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return out, nil
}

// documentQuads reads the quads of one document.
func (s *Store) documentQuads(ctx context.Context, id string) ([]quad.Quad, error) {
	doc := IRI(id)
	facts, err := s.quadsWith(ctx, quad.Subject, doc)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", id, err)
	}
	if !hasType(facts, Document) {
		return nil, errorf(ErrNotFound, "document %s", id)
	}
	out, err := s.storedQuads(ctx, doc)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", id, err)
	}
	return out, nil
}

// querySubgraph runs a Gizmo query and reads the subgraph of the nodes it
// returns.
func (s *Store) querySubgraph(ctx context.Context, text string, limit int) ([]quad.Quad, error) {
	if limit <= 0 {
		limit = 10000
	}
	res, _, err := s.Query(ctx, Query{Lang: "gizmo", Text: text, Limit: limit})
	if err != nil {
		return nil, err
	}
	nodes := map[quad.Value]bool{}
	var collect func(v any)
	collect = func(v any) {
		switch v := v.(type) {
		case string:
			switch val := quad.StringToValue(v).(type) {
			case quad.IRI, quad.BNode:
				nodes[val] = true
			}
		case map[string]any:
			for _, x := range v {
				collect(x)
			}
		case []any:
			for _, x := range v {
				collect(x)
			}
		}
	}
	for _, r := range res {
		collect(r)
	}
	var out []quad.Quad
	for n := range nodes {
		qs, err := s.quadsWith(ctx, quad.Subject, n)
		if err != nil {
			return nil, fmt.Errorf("export query: %w", err)
		}
		for _, q := range qs {
			switch q.Object.(type) {
			case quad.IRI, quad.BNode:
				if !nodes[q.Object] && q.Predicate != Type {
					continue
				}
			}
			out = append(out, q)
		}
	}
	return out, nil
}

// Export writes the quads sel names to w in format (see WriteQuads). Every
// error of the selection (a bad query, an unknown document) comes before
// anything is written.
func (s *Store) Export(ctx context.Context, w io.Writer, format, part string, sel Selection) error {
	if err := CheckFormat(format, part); err != nil {
		return err
	}
	qs, err := s.Select(ctx, sel)
	if err != nil {
		return err
	}
	return WriteQuads(w, format, part, qs)
}

// WriteQuads writes quads in format; part chooses one table of csv ("" for
// a zip of both). An unknown format is an error wrapping ErrInvalid.
func WriteQuads(w io.Writer, format, part string, quads []quad.Quad) error {
	if err := CheckFormat(format, part); err != nil {
		return err
	}
	e, _ := exporterOf(format)
	qw := e.writer(w, part)
	if _, err := quad.Copy(qw, quad.NewReader(quads)); err != nil {
		qw.Close()
		return fmt.Errorf("export %s: %w", format, err)
	}
	if err := qw.Close(); err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	return nil
}
