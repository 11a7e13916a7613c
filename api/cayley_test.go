package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cayleygraph/cayley/client"
	cayleygraph "github.com/cayleygraph/cayley/graph"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
)

// TestCayleyAnswers asks pactgraph's server and Cayley's own (server/http,
// on the same quad store) the same queries and wants the same answers.
func TestCayleyAnswers(t *testing.T) {
	e := newEnv(t, api.Config{}, corpus.Files())
	qs := e.store.QuadStore()
	cayley := cayleyhttp.NewAPIv2(&cayleygraph.Handle{QuadStore: qs})

	article := "<https://w3id.org/pactgraph/id/wilson-115715-stasi-kgb-1973.article-VII>"
	for _, tc := range []struct{ name, lang, query string }{
		{"iris and strings", "gizmo", `g.V("` + kgbIRI + `").Out("<http://schema.org/name>").All()`},
		{"tags", "gizmo", `g.V("` + kgbIRI + `").In("<https://w3id.org/pactgraph/ns#bearer>").Tag("c").Save("<https://w3id.org/pactgraph/ns#modality>", "modality").All()`},
		{"numbers", "gizmo", `g.V("` + article + `").Out("<https://w3id.org/pactgraph/ns#start>").All()`},
		{"typed dates", "gizmo", `g.V("<https://w3id.org/pactgraph/id/wilson-115715-stasi-kgb-1973>").Out("<http://purl.org/dc/terms/date>").All()`},
		{"nothing", "gizmo", `g.V("<https://example.org/none>").All()`},
		{"mql", "mql", `[{"id": null, "<https://w3id.org/pactgraph/ns#party>": "` + kgbIRI + `"}]`},
		{"graphql", "graphql", `{ nodes(id: "https://w3id.org/pactgraph/id/kgb") { id name: <http://schema.org/name> } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := "/api/v2/query?lang=" + tc.lang
			want := serve(t, cayley, http.MethodPost, target, tc.query)
			got := serve(t, e.h, http.MethodPost, target, tc.query)
			if got.code != want.code || got.code != http.StatusOK {
				t.Fatalf("status %d, Cayley's %d; body %s", got.code, want.code, got.body)
			}
			if diff := cmp.Diff(want.json(t), got.json(t)); diff != "" {
				t.Errorf("answer differs from Cayley's (-cayley +pactgraph):\n%s", diff)
			}
			// GET with ?qu= answers the same.
			get := serve(t, e.h, http.MethodGet, target+"&qu="+url.QueryEscape(tc.query), "")
			if diff := cmp.Diff(want.json(t), get.json(t)); diff != "" {
				t.Errorf("GET differs (-cayley +pactgraph):\n%s", diff)
			}
			if tc.lang == "graphql" {
				v1 := serve(t, e.h, http.MethodPost, "/api/v1/query/graphql", tc.query)
				if diff := cmp.Diff(want.json(t), v1.json(t)); diff != "" {
					t.Errorf("v1 graphql differs (-cayley +pactgraph):\n%s", diff)
				}
			}
		})
	}

	t.Run("bad query", func(t *testing.T) {
		want := serve(t, cayley, http.MethodPost, "/api/v2/query?lang=gizmo", "g.V((")
		got := serve(t, e.h, http.MethodPost, "/api/v2/query?lang=gizmo", "g.V((")
		if got.code != http.StatusBadRequest || want.code != http.StatusBadRequest {
			t.Errorf("status %d, Cayley's %d", got.code, want.code)
		}
		var body map[string]any
		if err := json.Unmarshal([]byte(got.body), &body); err != nil || body["error"] == nil || len(body) != 1 {
			t.Errorf(`want {"error": …}, got %s`, got.body)
		}
		gq := serve(t, e.h, http.MethodPost, "/api/v2/query?lang=graphql", "{ nodes(")
		if gq.code != http.StatusBadRequest || !strings.Contains(gq.body, `"errors"`) {
			t.Errorf("graphql: %d %s", gq.code, gq.body)
		}
		if nl := serve(t, e.h, http.MethodPost, "/api/v2/query", "g.V().All()"); nl.code != http.StatusBadRequest {
			t.Errorf("no lang: %d %s", nl.code, nl.body)
		}
	})

	t.Run("limit", func(t *testing.T) {
		got := serve(t, e.h, http.MethodPost, "/api/v2/query?lang=gizmo&limit=3", "g.V().All()")
		if n := len(got.json(t).(map[string]any)["result"].([]any)); n != 3 {
			t.Errorf("limit=3 gave %d results", n)
		}
	})

	t.Run("formats", func(t *testing.T) {
		want := serve(t, cayley, http.MethodGet, "/api/v2/formats", "")
		got := serve(t, e.h, http.MethodGet, "/api/v2/formats", "")
		byID := func(v any) map[string]any {
			m := map[string]any{}
			for _, f := range v.([]any) {
				m[f.(map[string]any)["id"].(string)] = f
			}
			return m
		}
		if diff := cmp.Diff(byID(want.json(t)), byID(got.json(t))); diff != "" {
			t.Errorf("formats differ (-cayley +pactgraph):\n%s", diff)
		}
	})

	t.Run("read", func(t *testing.T) {
		for _, target := range []string{
			"/api/v2/read?sub=" + url.QueryEscape(kgbIRI),
			"/api/v2/read?format=jsonld&pred=" + url.QueryEscape("<http://www.w3.org/2002/07/owl#sameAs>"),
		} {
			want := serve(t, cayley, http.MethodGet, target, "")
			got := serve(t, e.h, http.MethodGet, target, "")
			if got.code != http.StatusOK || got.body != want.body || got.ctype != want.ctype {
				t.Errorf("%s: %d %q\n%s\nCayley's: %d %q\n%s", target, got.code, got.ctype, got.body, want.code, want.ctype, want.body)
			}
		}
	})
}

type answer struct {
	code        int
	ctype, body string
}

func (a answer) json(t *testing.T) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(a.body), &v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, a.body)
	}
	return v
}

func serve(t *testing.T, h http.Handler, method, target, body string) answer {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return answer{code: rec.Code, ctype: rec.Header().Get("Content-Type"), body: rec.Body.String()}
}

// bearer adds a bearer token to every request.
type bearer string

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}

// TestCayleyClient drives the server with Cayley's own Go client: it reads
// every quad, and writes with the token, quads stored as they are sent,
// labels included, as Cayley stores them. Loading a document again leaves
// quads in other graphs alone, and replaces what was written into its own.
func TestCayleyClient(t *testing.T) {
	e := newEnv(t, api.Config{Token: token}, corpus.Files())
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	c := client.New(srv.URL)

	readAll := func() []quad.Quad {
		t.Helper()
		r, err := c.QuadReader()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		all, err := quad.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return all
	}
	before := graphtest.Size(t, e.store)
	if got := readAll(); int64(len(got)) != before {
		t.Fatalf("client read %d quads, the store holds %d", len(got), before)
	}

	doc := graph.IRI(stasiKGB)
	note := func(label quad.Value) quad.Quad {
		return quad.Quad{Subject: graph.IRI("kgb"), Predicate: quad.IRI("http://example.org/note"), Object: quad.String("written by a Cayley client"), Label: label}
	}
	notes := []quad.Quad{note(quad.IRI("http://example.org/notes")), note(nil), note(doc)}
	write := func(cli *http.Client) error {
		c.SetHTTPClient(cli)
		w, err := c.QuadWriter()
		if err != nil {
			return err
		}
		if _, err := w.WriteQuads(notes); err != nil {
			return err
		}
		return w.Close()
	}
	if err := write(http.DefaultClient); err == nil {
		t.Fatal("a write without the token succeeded")
	}
	if err := write(&http.Client{Transport: bearer(token)}); err != nil {
		t.Fatalf("write with the token: %v", err)
	}
	found := func(want quad.Quad) bool {
		for _, q := range readAll() {
			if q == want {
				return true
			}
		}
		return false
	}
	for _, q := range notes {
		if !found(q) {
			t.Fatalf("the written quad %s is not in the store as sent", q.NQuad())
		}
	}
	// The entity's page reads its facts of every graph, the default one too.
	if ent := get[graph.Entity](e, "/api/entities/kgb", http.StatusOK); ent.ID != "kgb" {
		t.Errorf("entity kgb: %+v", ent)
	}

	// Loading the document again replaces what its graph holds, the quad
	// written into it too, and leaves the other graphs alone.
	text, err := corpus.Files().Open(stasiKGB + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(text)
	text.Close()
	res, err := newLoader(t, e.store).LoadText(t.Context(), stasiKGB, string(data))
	if err != nil {
		t.Fatal(err)
	}
	if res.Change != (graph.Change{Removed: 1}) || found(notes[2]) || !found(notes[0]) || !found(notes[1]) {
		t.Errorf("reloading the document changed %+v, want the quad written into its graph removed, the others kept", res.Change)
	}

	// Delete takes them out again, all or none.
	auth := []string{"Authorization", "Bearer " + token}
	body := notes[0].NQuad() + "\n" + notes[1].NQuad() + "\n"
	missing := e.do(http.MethodPost, "/api/v2/delete", body+notes[2].NQuad()+"\n", auth...)
	wantError(t, missing, http.StatusNotFound, "1 of the 3 quads are not in the store, nothing was deleted; the first: "+notes[2].NQuad())
	if !found(notes[0]) || !found(notes[1]) {
		t.Error("a delete refused deleted some quads")
	}
	del := e.do(http.MethodPost, "/api/v2/delete", body, auth...)
	if want := `{"result": "Successfully deleted 2 quads.", "count": 2}` + "\n"; del.Code != http.StatusOK || del.Body.String() != want {
		t.Errorf("delete: %d %q, want %q", del.Code, del.Body, want)
	}
	if found(notes[0]) || found(notes[1]) || graphtest.Size(t, e.store) != before {
		t.Errorf("after delete: %d quads, want %d", graphtest.Size(t, e.store), before)
	}

	// A malformed body writes nothing and says where.
	bad := e.do(http.MethodPost, "/api/v2/write", notes[0].NQuad()+"\n<a> <b> .\n", auth...)
	wantError(t, bad, http.StatusBadRequest, ":2:")
	if graphtest.Size(t, e.store) != before {
		t.Errorf("a malformed write changed the store: %d quads, want %d", graphtest.Size(t, e.store), before)
	}
}

func TestImportGraph(t *testing.T) {
	e := newEnv(t, api.Config{Token: token}, corpus.Files())
	auth := []string{"Authorization", "Bearer " + token, "Content-Type", "application/n-quads"}
	before := graphtest.Size(t, e.store)
	good := "<http://example.org/a> <http://example.org/p> \"x\" .\n<http://example.org/a> <http://example.org/p> <http://example.org/b> <http://example.org/g> .\n"
	rec := e.do(http.MethodPost, "/api/graphs/example", good, auth...)
	if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"added":2`) {
		t.Fatalf("import: %d %s", rec.Code, rec.Body)
	}
	// Again: nothing changes.
	if rec := e.do(http.MethodPost, "/api/graphs/example", good, auth...); !strings.Contains(rec.Body.String(), `"added":0,"removed":0`) {
		t.Errorf("import again: %s", rec.Body)
	}
	// Malformed: refused whole, with the line.
	bad := good + "<http://example.org/c> <http://example.org/p> .\n"
	wantError(t, e.do(http.MethodPost, "/api/graphs/example2", bad, auth...), http.StatusBadRequest, "body:3:")
	if graphtest.Size(t, e.store) != before+2 {
		t.Errorf("store holds %d quads, want %d", graphtest.Size(t, e.store), before+2)
	}
	ld := `{"@id": "http://example.org/a", "http://example.org/p": [{"@id": "http://example.org/b"}]`
	wantError(t, e.do(http.MethodPost, "/api/graphs/ld?format=jsonld", ld, "Authorization", "Bearer "+token), http.StatusBadRequest, "body:1:")
	ld += "}"
	if rec := e.do(http.MethodPost, "/api/graphs/ld?format=jsonld", ld, "Authorization", "Bearer "+token); rec.Code != http.StatusCreated {
		t.Errorf("json-ld: %d %s", rec.Code, rec.Body)
	}
	wantError(t, e.do(http.MethodPost, "/api/graphs/example", good), http.StatusUnauthorized)
}

// TestCayleyDeleteAll is issue 12's failed delete: every quad GET
// /api/v2/read gives, sent back to POST /api/v2/delete, leaves the store
// empty, on every backend.
func TestCayleyDeleteAll(t *testing.T) {
	for _, b := range graphtest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnvOn(t, b.Config(t), api.Config{Token: token}, corpus.Files())
			n := graphtest.Size(t, e.store)
			all := e.do(http.MethodGet, "/api/v2/read", "")
			if all.Code != http.StatusOK {
				t.Fatalf("read: %d %s", all.Code, all.Body)
			}
			del := e.do(http.MethodPost, "/api/v2/delete", all.Body.String(), "Authorization", "Bearer "+token)
			want := fmt.Sprintf(`{"result": "Successfully deleted %d quads.", "count": %d}`+"\n", n, n)
			if del.Code != http.StatusOK || del.Body.String() != want {
				t.Fatalf("delete: %d %q, want %q", del.Code, del.Body, want)
			}
			if left := graphtest.Size(t, e.store); left != 0 {
				t.Errorf("after deleting all %d quads read, the store holds %d", n, left)
			}
		})
	}
}
