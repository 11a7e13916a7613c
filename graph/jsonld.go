package graph

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/piprate/json-gold/ld"
)

// JSON-LD is read with json-gold, as Cayley's quad/jsonld reads it, but
// never with json-gold's default document loader, which fetches any
// "@context" (or "@import") that is a URL over HTTP and reads any other as
// a file path: an upload could make the server request its own network
// (SSRF), store a file of its disk where anyone reads it back, or hold a
// request for minutes on a host that never answers. Here the loader
// refuses every document, and the error says so in one message whatever
// the URL names. A context must be written in the document itself.

// errRemoteContext is what the loader answers json-gold, which replaces it
// with its own message; parseJSONLD says what happened instead.
var errRemoteContext = errors.New("remote JSON-LD documents are not fetched")

// refusingLoader is a json-gold document loader that fetches nothing and
// remembers what it was asked for.
type refusingLoader struct{ asked []string }

func (l *refusingLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	l.asked = append(l.asked, u)
	return nil, errRemoteContext
}

var _ ld.DocumentLoader = (*refusingLoader)(nil)

// parseJSONLD reads a JSON-LD document into quads. A document that is not
// UTF-8 JSON, names a context it does not hold, or that json-gold cannot
// read is an error wrapping ErrInvalid.
func parseJSONLD(name string, data []byte) (quads []quad.Quad, err error) {
	if err := errNotUTF8(name, data); err != nil {
		return nil, err
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, errorf(ErrInvalid, "%s:%d: not JSON: %v", name, lineAt(data, se.Offset), err)
		}
		return nil, errorf(ErrInvalid, "%s: not JSON: %v", name, err)
	}
	loader := &refusingLoader{}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = loader
	defer func() {
		// json-gold is a large processor of untrusted input: a panic in it
		// is a document it cannot read, not a reason to stop the server.
		if v := recover(); v != nil {
			quads, err = nil, errorf(ErrInvalid, "%s: JSON-LD the processor cannot read (%v)", name, v)
		}
	}()
	out, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if len(loader.asked) > 0 {
		return nil, errorf(ErrInvalid, "%s: JSON-LD context %q is not fetched: pactgraph reads no remote or file contexts; write the context into the document (\"@context\": {…})",
			name, loader.asked[0])
	}
	if err != nil {
		return nil, errorf(ErrInvalid, "%s: JSON-LD: %v", name, err)
	}
	ds, ok := out.(*ld.RDFDataset)
	if !ok {
		return nil, errorf(ErrInvalid, "%s: JSON-LD: no RDF dataset", name)
	}
	return datasetQuads(name, ds)
}

// datasetQuads lists the quads of ds, graph by graph in the order of their
// names (the default graph, unlabelled, first).
func datasetQuads(name string, ds *ld.RDFDataset) ([]quad.Quad, error) {
	graphs := make([]string, 0, len(ds.Graphs))
	for g := range ds.Graphs {
		graphs = append(graphs, g)
	}
	sort.Slice(graphs, func(i, j int) bool {
		if graphs[i] == "@default" || graphs[j] == "@default" {
			return graphs[i] == "@default" && graphs[j] != "@default"
		}
		return graphs[i] < graphs[j]
	})
	var out []quad.Quad
	for _, g := range graphs {
		var label quad.Value
		switch {
		case g == "@default":
		case strings.HasPrefix(g, "_:"):
			label = quad.BNode(g[2:])
		default:
			label = quad.IRI(g)
		}
		for _, t := range ds.Graphs[g] {
			q := quad.Quad{Subject: ldValue(t.Subject), Predicate: ldValue(t.Predicate), Object: ldValue(t.Object), Label: label}
			if !q.IsValid() {
				return nil, errorf(ErrInvalid, "%s: quad %d: a subject, predicate or object is missing", name, len(out)+1)
			}
			out = append(out, q)
		}
	}
	return out, nil
}

// ldValue is the quad value of a json-gold RDF term: a literal typed with
// a datatype Cayley knows becomes its native value (an xsd:integer an
// int…), as Cayley's JSON-LD reader makes it; xsd:string is a plain string.
func ldValue(n ld.Node) quad.Value {
	switch n := n.(type) {
	case *ld.IRI:
		return quad.IRI(n.Value)
	case *ld.BlankNode:
		return quad.BNode(strings.TrimPrefix(n.Attribute, "_:"))
	case *ld.Literal:
		switch {
		case n.Language != "":
			return quad.LangString{Value: quad.String(n.Value), Lang: n.Language}
		case n.Datatype == "" || n.Datatype == ld.XSDString:
			return quad.String(n.Value)
		}
		ts := quad.TypedString{Value: quad.String(n.Value), Type: quad.IRI(n.Datatype)}
		if v, err := ts.ParseValue(); err == nil {
			return v
		}
		return ts
	}
	return nil // an unknown term: the quad is refused as missing a part
}
