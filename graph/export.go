package graph

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph/iterator"
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
// Gephi) and csv (nodes and edges) by this package.
const (
	NQuads  = "nquads"
	JSONLD  = "jsonld"
	GraphML = "graphml"
	GML     = "gml"
	DOT     = "dot"
	GEXF    = "gexf"
	CSV     = "csv"
)

// ExportFormats lists the export formats in the order docs list them.
var ExportFormats = []string{NQuads, JSONLD, GraphML, GML, DOT, GEXF, CSV}

// quadFormat names, for the formats quad writes, its registered format.
var quadFormat = map[string]string{
	NQuads: "nquads", JSONLD: "jsonld", GraphML: "graphml", GML: "gml", DOT: "graphviz",
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
	switch format {
	case NQuads:
		return "application/n-quads", ".nq"
	case JSONLD:
		return "application/ld+json", ".jsonld"
	case GraphML:
		return "application/graphml+xml", ".graphml"
	case GML:
		return "text/plain; charset=utf-8", ".gml"
	case DOT:
		return "text/vnd.graphviz", ".dot"
	case GEXF:
		return "application/gexf+xml", ".gexf"
	case CSV:
		if part == "" {
			return "application/zip", ".zip"
		}
		return "text/csv; charset=utf-8", ".csv"
	}
	return "application/octet-stream", ""
}

// CheckFormat returns an error wrapping ErrInvalid unless format (and part)
// name something Export writes.
func CheckFormat(format, part string) error {
	known := false
	for _, f := range ExportFormats {
		known = known || f == format
	}
	if !known {
		return errorf(ErrInvalid, "export: unknown format %q (have %s)", format, strings.Join(ExportFormats, ", "))
	}
	if part != "" && (format != CSV || (part != CSVNodes && part != CSVEdges)) {
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
	err := iterator.Iterate(ctx, s.cayley().QuadsAllIterator()).Each(func(r refs.Ref) error {
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
	labels, err := s.documentLabels(ctx, doc)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", id, err)
	}
	var out []quad.Quad
	for l := range labels {
		qs, err := s.quadsWith(ctx, quad.Label, l)
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", id, err)
		}
		out = append(out, qs...)
	}
	return out, nil
}

// querySubgraph runs a Gizmo query and reads the subgraph of the nodes it
// returns.
func (s *Store) querySubgraph(ctx context.Context, text string, limit int) ([]quad.Quad, error) {
	if limit <= 0 {
		limit = 10000
	}
	res, err := s.Query(ctx, "gizmo", text, limit)
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
	switch format {
	case GEXF:
		return writeGEXF(w, quads)
	case CSV:
		return writeCSV(w, part, quads)
	}
	f := quad.FormatByName(quadFormat[format])
	if f == nil || f.Writer == nil {
		return fmt.Errorf("export: quad format %q is not registered", quadFormat[format])
	}
	qw := f.Writer(w)
	if _, err := quad.Copy(qw, quad.NewReader(quads)); err != nil {
		qw.Close()
		return fmt.Errorf("export %s: %w", format, err)
	}
	if err := qw.Close(); err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	return nil
}

// drawing is the node-and-edge view of quads that GEXF and CSV write:
// nodes are the IRIs and blank nodes, named by schema:name (else
// rdfs:label), typed by rdf:type; edges are the quads between two nodes
// except rdf:type; other literals are not drawn.
type drawing struct {
	nodes []drawNode
	edges []drawEdge
}

type drawNode struct{ ID, Label, Type string }

type drawEdge struct{ Source, Target, Label, Predicate, Provenance string }

func draw(quads []quad.Quad) drawing {
	index := map[string]int{}
	var d drawing
	add := func(v quad.Value) (string, bool) {
		switch v.(type) {
		case quad.IRI, quad.BNode:
		default:
			return "", false
		}
		id := nodeKey(v)
		if _, ok := index[id]; !ok {
			index[id] = len(d.nodes)
			d.nodes = append(d.nodes, drawNode{ID: id})
		}
		return id, true
	}
	for _, q := range quads {
		src, ok := add(q.Subject)
		if !ok {
			continue
		}
		n := &d.nodes[index[src]]
		switch q.Predicate {
		case Name:
			n.Label = text(q.Object)
			continue
		case Label:
			if n.Label == "" {
				n.Label = text(q.Object)
			}
			continue
		case Type:
			if c, ok := q.Object.(quad.IRI); ok {
				n.Type = TypeName(c)
				if n.Type == "" {
					n.Type = PredicateName(c)
				}
			}
			continue
		}
		dst, ok := add(q.Object)
		if !ok {
			continue
		}
		e := drawEdge{Source: src, Target: dst, Label: PredicateName(q.Predicate), Predicate: text(q.Predicate)}
		if q.Label != nil {
			e.Provenance = nodeKey(q.Label)
		}
		d.edges = append(d.edges, e)
	}
	for i := range d.nodes {
		if d.nodes[i].Label == "" {
			d.nodes[i].Label = shortName(d.nodes[i].ID)
		}
	}
	sort.Slice(d.nodes, func(i, j int) bool { return d.nodes[i].ID < d.nodes[j].ID })
	return d
}

// nodeKey is a node's id in GEXF and CSV: its IRI, or "_:name" for a blank
// node.
func nodeKey(v quad.Value) string {
	if iri, ok := v.(quad.IRI); ok {
		return string(iri)
	}
	return v.String()
}

func shortName(iri string) string {
	if id := ID(quad.IRI(iri)); id != "" {
		return id
	}
	return PredicateName(quad.IRI(iri))
}

// GEXF 1.2 (https://gexf.net/1.2draft), which Gephi reads.
type gexfDoc struct {
	XMLName xml.Name  `xml:"gexf"`
	XMLNS   string    `xml:"xmlns,attr"`
	Version string    `xml:"version,attr"`
	Meta    gexfMeta  `xml:"meta"`
	Graph   gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	Creator     string `xml:"creator"`
	Description string `xml:"description"`
}

type gexfGraph struct {
	DefaultEdgeType string           `xml:"defaultedgetype,attr"`
	Mode            string           `xml:"mode,attr"`
	Attributes      []gexfAttributes `xml:"attributes"`
	Nodes           []gexfNode       `xml:"nodes>node"`
	Edges           []gexfEdge       `xml:"edges>edge"`
}

type gexfAttributes struct {
	Class string          `xml:"class,attr"`
	Attrs []gexfAttribute `xml:"attribute"`
}

type gexfAttribute struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfNode struct {
	ID     string        `xml:"id,attr"`
	Label  string        `xml:"label,attr"`
	Values []gexfAttrVal `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Label  string        `xml:"label,attr"`
	Values []gexfAttrVal `xml:"attvalues>attvalue"`
}

type gexfAttrVal struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

func writeGEXF(w io.Writer, quads []quad.Quad) error {
	d := draw(quads)
	doc := gexfDoc{
		XMLNS:   "http://www.gexf.net/1.2draft",
		Version: "1.2",
		Meta:    gexfMeta{Creator: "pactgraph", Description: "pactgraph export: nodes are IRIs (id), edges are the quads between them"},
		Graph: gexfGraph{
			DefaultEdgeType: "directed",
			Mode:            "static",
			Attributes: []gexfAttributes{
				{Class: "node", Attrs: []gexfAttribute{{ID: "type", Title: "type", Type: "string"}}},
				{Class: "edge", Attrs: []gexfAttribute{
					{ID: "predicate", Title: "predicate", Type: "string"},
					{ID: "provenance", Title: "provenance", Type: "string"},
				}},
			},
		},
	}
	for _, n := range d.nodes {
		gn := gexfNode{ID: n.ID, Label: n.Label}
		if n.Type != "" {
			gn.Values = []gexfAttrVal{{For: "type", Value: n.Type}}
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, gn)
	}
	for i, e := range d.edges {
		doc.Graph.Edges = append(doc.Graph.Edges, gexfEdge{
			ID: fmt.Sprint(i), Source: e.Source, Target: e.Target, Label: e.Label,
			Values: []gexfAttrVal{{For: "predicate", Value: e.Predicate}, {For: "provenance", Value: e.Provenance}},
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("export gexf: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// CSV tables, with the column names Gephi's spreadsheet import expects.
var (
	csvNodeHeader = []string{"Id", "Label", "Type"}
	csvEdgeHeader = []string{"Source", "Target", "Label", "Predicate", "Provenance"}
)

func writeCSV(w io.Writer, part string, quads []quad.Quad) error {
	d := draw(quads)
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
			return fmt.Errorf("export csv: %w", err)
		}
		if err := table(f, p); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
	}
	return zw.Close()
}
