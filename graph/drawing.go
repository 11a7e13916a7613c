package graph

import (
	"errors"
	"io"
	"sort"

	"github.com/cayleygraph/quad"
)

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

// drawWriter is the quad.Writer of the formats that write a drawing (GEXF,
// CSV): it keeps the quads it is given and, on Close, writes their drawing
// with write. A drawing lists its nodes before its edges, and a node's name
// and type may come in any quad.
type drawWriter struct {
	w      io.Writer
	write  func(io.Writer, drawing) error
	quads  []quad.Quad
	closed bool
}

var _ quad.WriteCloser = (*drawWriter)(nil)

func (d *drawWriter) WriteQuad(q quad.Quad) error {
	_, err := d.WriteQuads([]quad.Quad{q})
	return err
}

func (d *drawWriter) WriteQuads(qs []quad.Quad) (int, error) {
	if d.closed {
		return 0, errors.New("closed")
	}
	for i, q := range qs {
		if !q.IsValid() {
			d.quads = append(d.quads, qs[:i]...)
			return i, quad.ErrInvalid
		}
	}
	d.quads = append(d.quads, qs...)
	return len(qs), nil
}

func (d *drawWriter) Close() error {
	if d.closed {
		return nil
	}
	d.closed = true
	return d.write(d.w, draw(d.quads))
}
