package graph

import (
	"bytes"
	"errors"
	"testing"

	"github.com/cayleygraph/quad"
)

// TestExporters checks that every line of exporters is a format Export
// writes: its writer writes the quads (every part of it), and MediaType
// and CheckFormat know it.
func TestExporters(t *testing.T) {
	doc := IRI("doc")
	quads := []quad.Quad{
		quad.Make(IRI("pact"), Party, IRI("kgb"), doc),
		quad.Make(IRI("kgb"), Name, quad.String("KGB"), doc),
		quad.Make(IRI("kgb"), Type, Organisation, doc),
	}
	for _, e := range exporters {
		for _, part := range append([]string{""}, e.parts...) {
			if err := CheckFormat(e.name, part); err != nil {
				t.Errorf("%s %q: %v", e.name, part, err)
			}
			if ct, ext := MediaType(e.name, part); ct == "" || ext == "" {
				t.Errorf("%s %q: media type %q, extension %q", e.name, part, ct, ext)
			}
			var buf bytes.Buffer
			if err := WriteQuads(&buf, e.name, part, quads); err != nil || buf.Len() == 0 {
				t.Errorf("%s %q: %d bytes, %v", e.name, part, buf.Len(), err)
			}
			w := e.writer(&bytes.Buffer{}, part)
			if _, err := w.WriteQuads([]quad.Quad{{Subject: IRI("kgb")}}); !errors.Is(err, quad.ErrInvalid) {
				t.Errorf("%s %q: a quad with no predicate or object: %v, want quad.ErrInvalid", e.name, part, err)
			}
		}
	}
}
