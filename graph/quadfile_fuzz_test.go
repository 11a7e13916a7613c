package graph_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/graph"
)

// The upload paths' fuzz targets (make fuzz): whatever the body, reading it
// gives valid quads or an error wrapping ErrInvalid that names the body,
// never a panic, and never a fetch (the seeds name a server that fails the
// run if it is ever requested, and the fuzzer mutates them).

func FuzzParseNQuads(f *testing.F) {
	for _, s := range []string{
		"<http://ex.org/a> <http://ex.org/p> \"x\" .\n",
		"<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> <http://ex.org/g> .\n# comment\n\n",
		"_:b0 <http://ex.org/p> \"3\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
		"<http://ex.org/a> <http://ex.org/p> \"é\\u00e9\\n\"@fr .\r\n",
		"<http://ex.org/a> <http://ex.org/p> .\n",
		"<http://ex.org/a> <http://ex.org/p> \"bad \xff\" .\n",
		"<a> <b> \"unterminated .",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "nquads", data)
	})
}

func FuzzParseJSONLD(f *testing.F) {
	srv := neverContacted(f)
	for _, s := range []string{
		`{"@id": "http://ex.org/a", "http://ex.org/p": "x"}`,
		`{"@context": {"name": "http://schema.org/name"}, "@id": "http://ex.org/a", "name": "x"}`,
		`{"@context": "` + srv.URL + `/ctx.jsonld", "@id": "http://ex.org/a", "name": "x"}`,
		`{"@context": {"@version": 1.1, "@import": "` + srv.URL + `/ctx.jsonld"}, "name": "x"}`,
		`{"@context": "/etc/passwd", "name": "x"}`,
		`"` + srv.URL + `/doc.jsonld"`,
		`{"@graph": [{"@id": "_:b", "@type": "http://ex.org/T", "http://ex.org/n": {"@value": "3", "@type": "http://www.w3.org/2001/XMLSchema#integer"}}]}`,
		`[{"@id": "http://ex.org/g", "@graph": {"@id": "http://ex.org/a", "http://ex.org/p": {"@list": [1, 2.5, true]}}}]`,
		`{"@id": "http://ex.org/a", "http://ex.org/p": {"@value": "x", "@language": "en"}, "@reverse": {"http://ex.org/q": {"@id": "http://ex.org/b"}}}`,
		"{\"@id\": \"http://ex.org/a\", \"http://ex.org/p\": \"\xff\"}",
		`{"@id": `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "jsonld", data)
	})
}

// checkParse reads data in format: valid quads, or an error wrapping
// ErrInvalid that names the body.
func checkParse(t *testing.T, format string, data []byte) {
	quads, err := graph.ParseQuads("body", format, bytes.NewReader(data))
	if err != nil {
		if !errors.Is(err, graph.ErrInvalid) || !strings.HasPrefix(err.Error(), "body") {
			t.Fatalf("error %q: want one wrapping ErrInvalid that names the body", err)
		}
		if quads != nil {
			t.Fatalf("%d quads with an error", len(quads))
		}
		return
	}
	for _, q := range quads {
		if !q.IsValid() {
			t.Fatalf("invalid quad %v", q)
		}
		for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			if v != nil && !utf8.ValidString(v.String()) {
				t.Fatalf("a value of %v is not UTF-8", q)
			}
		}
	}
}
