package graph_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/graph"
)

// NeverContacted is a local HTTP server that fails t if anything ever
// requests it: the target of a JSON-LD context that must not be fetched.
// It serves a valid context, so that fetching it would succeed.
func neverContacted(t testing.TB) *httptest.Server {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/ld+json")
		fmt.Fprint(w, `{"@context": {"name": "http://schema.org/name"}}`)
	}))
	t.Cleanup(func() {
		srv.Close()
		if n := hits.Load(); n > 0 {
			t.Errorf("the server was sent %d requests (SSRF): a JSON-LD context was fetched", n)
		}
	})
	return srv
}

// silentHost is a listener that accepts connections and never answers,
// as a context host that holds a fetch for minutes.
func silentHost(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var accepted atomic.Int64
	go func() {
		var held []net.Conn // never answered, closed with the listener
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			held = append(held, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		if n := accepted.Load(); n > 0 {
			t.Errorf("the silent host was connected to %d times", n)
		}
	})
	return ln.Addr().String()
}

// TestJSONLDFetchesNothing: a context named by URL or path, over HTTP, in a
// file (that exists, or not), behind @import, or a document that is only a
// URL, is refused at once with one message, whatever it names; nothing is
// fetched or read, and nothing of the file ends up in the quads.
func TestJSONLDFetchesNothing(t *testing.T) {
	srv := neverContacted(t)
	silent := silentHost(t)
	dir := t.TempDir()
	secret := filepath.Join(dir, "ctx.jsonld")
	if err := os.WriteFile(secret, []byte(`{"@context": {"name": "http://schema.org/SECRET"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	body := func(ctx string) string {
		return `{"@context": ` + ctx + `, "@id": "http://example.org/a", "name": "x"}`
	}
	for name, doc := range map[string]string{
		"http":           body(`"` + srv.URL + `/ctx.jsonld"`),
		"http in a list": body(`[{"x": "http://example.org/x"}, "` + srv.URL + `/ctx.jsonld"]`),
		"silent host":    body(`"http://` + silent + `/ctx.jsonld"`),
		"absolute path":  body(`"` + secret + `"`),
		"missing path":   body(`"` + filepath.Join(dir, "none.jsonld") + `"`),
		"file URL":       body(`"file://` + secret + `"`),
		"import":         body(`{"@version": 1.1, "@import": "` + srv.URL + `/ctx.jsonld"}`),
		"scoped": `{"@context": {"@version": 1.1, "p": {"@id": "http://example.org/p", "@context": "` + srv.URL + `/ctx.jsonld"}},
			"@id": "http://example.org/a", "p": {"@id": "http://example.org/b", "name": "x"}}`,
		"document is a URL": `"` + srv.URL + `/doc.jsonld"`,
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			quads, err := graph.ParseQuads("body", "jsonld", strings.NewReader(doc))
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v: something waited on the network", took)
			}
			if !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("err = %v, want one wrapping ErrInvalid; quads %v", err, quads)
			}
			msg := err.Error()
			if !strings.Contains(msg, "is not fetched: pactgraph reads no remote or file contexts") {
				t.Errorf("error %q does not say contexts are not fetched", msg)
			}
			for _, leak := range []string{"SECRET", "no such file", "refused", "timeout", "Dereferencing"} {
				if strings.Contains(msg, leak) {
					t.Errorf("error %q says %q", msg, leak)
				}
			}
		})
	}
}

// TestJSONLDInline reads a document whose context it holds, typed literals
// as Cayley's JSON-LD reader does, and named graphs with their labels.
func TestJSONLDInline(t *testing.T) {
	doc := `{
  "@context": {"name": "http://schema.org/name", "n": {"@id": "http://example.org/n", "@type": "http://www.w3.org/2001/XMLSchema#integer"}},
  "@graph": [
    {"@id": "http://example.org/a", "name": "Ä", "n": "3"},
    {"@id": "http://example.org/g", "@graph": [{"@id": "http://example.org/b", "name": {"@value": "b", "@language": "en"}}]}
  ]
}`
	quads, err := graph.ParseQuads("body", "jsonld", strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		`<http://example.org/a> <http://schema.org/name> "Ä" .`:                           true,
		`<http://example.org/a> <http://example.org/n> "3"^^<xsd:integer> .`:              true,
		`<http://example.org/b> <http://schema.org/name> "b"@en <http://example.org/g> .`: true,
	}
	if len(quads) != len(want) {
		t.Errorf("%d quads, want %d: %v", len(quads), len(want), quads)
	}
	for _, q := range quads {
		if !want[q.NQuad()] {
			t.Errorf("unexpected quad %s", q.NQuad())
		}
	}
	if len(quads) > 0 && quads[0].Label != nil {
		t.Errorf("the default graph's quads come first, got %s first", quads[0].NQuad())
	}
	for _, q := range quads {
		if q.Predicate == quad.IRI("http://example.org/n") {
			if _, ok := q.Object.(quad.Int); !ok {
				t.Errorf("an xsd:integer is read as %T, want quad.Int", q.Object)
			}
		}
	}
}

// TestQuadFilesNotUTF8: invalid UTF-8 is refused with its line, not stored
// as U+FFFD.
func TestQuadFilesNotUTF8(t *testing.T) {
	for _, c := range []struct{ format, body, want string }{
		{"nquads", "<http://ex.org/a> <http://ex.org/p> \"ok\" .\n<http://ex.org/a> <http://ex.org/p> \"bad \xff\" .\n", "body:2: byte 42 is not UTF-8"},
		{"nquads", "<http://ex.org/a\xc3> <http://ex.org/p> \"x\" .\n", "body:1: byte 17 is not UTF-8"},
		{"jsonld", "{\"@id\": \"http://ex.org/a\",\n \"http://ex.org/p\": \"bad \xe2\x82\"}", "body:2: byte 26 is not UTF-8"},
	} {
		quads, err := graph.ParseQuads("body", c.format, strings.NewReader(c.body))
		if !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: err = %v, want %q; quads %v", c.format, c.body, err, c.want, quads)
		}
	}
}

// failAfter reads r, then fails with err: a body cut by the server's limit.
type failAfter struct {
	r   io.Reader
	err error
}

func (f *failAfter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

// TestQuadFilesReadError: a body that cannot be read whole is that error,
// not a malformed file, in every format.
func TestQuadFilesReadError(t *testing.T) {
	cut := errors.New("body too large")
	for format, part := range map[string]string{
		"nquads": "<http://ex.org/a> <http://ex.org/p> \"x\" .\n<http://ex.org/a> <http://ex.",
		"jsonld": `{"@id": "http://ex.org/a", "http://ex.`,
		"pquads": "\x0a\x10",
	} {
		quads, err := graph.ParseQuads("body", format, &failAfter{strings.NewReader(part), cut})
		if !errors.Is(err, cut) || errors.Is(err, graph.ErrInvalid) {
			t.Errorf("%s: err = %v, want the read error, not ErrInvalid; quads %v", format, err, quads)
		}
	}
}
