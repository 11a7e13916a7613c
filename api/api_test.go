package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
	"github.com/pactgraph/pactgraph/internal/app"
	"github.com/pactgraph/pactgraph/loaders"
)

const (
	token    = "s3cret-token"
	stasiKGB = "wilson-115715-stasi-kgb-1973"
	kgbIRI   = "<https://w3id.org/pactgraph/id/kgb>"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode) // gin's mode is global; cmd sets release mode
	os.Exit(m.Run())
}

// env is a server on a memstore holding the bundled corpus.
type env struct {
	t     *testing.T
	store *graph.Store
	h     http.Handler
}

// newEnv opens a memstore, loads the documents of docs (nil: none) into it
// and serves it with cfg, logging to the test's output.
func newEnv(t *testing.T, cfg api.Config, docs fs.FS) *env {
	t.Helper()
	return newEnvOn(t, graph.Config{Backend: graph.Memstore}, cfg, docs)
}

// backends are the stores the API tests run on: memstore, and PostgreSQL
// when PACTGRAPH_POSTGRES_URL names a server (a database of its own for
// each test).
func backends() []graphtest.Backend {
	var out []graphtest.Backend
	for _, b := range graphtest.Backends() {
		if b.Name == graph.Memstore || b.Name == graph.Postgres {
			out = append(out, b)
		}
	}
	return out
}

// newEnvOn is newEnv on the store sc configures.
func newEnvOn(t *testing.T, sc graph.Config, cfg api.Config, docs fs.FS) *env {
	t.Helper()
	ctx := t.Context()
	store, err := graph.Open(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	l := newLoader(t, store)
	if docs != nil {
		if err := l.LoadFS(ctx, docs, ".", nil); err != nil {
			t.Fatalf("load corpus: %v", err)
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(t.Output(), nil))
	}
	return &env{t: t, store: store, h: api.NewServer(cfg, store, store, app.APILoader(l), assets).Handler()}
}

func newLoader(t *testing.T, store *graph.Store) *loaders.Loader {
	t.Helper()
	l, err := app.NewLoader(store)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

var assets fs.FS = fstest.MapFS{
	"index.html": {Data: []byte("<!doctype html><title>pactgraph</title>")},
	"app.js":     {Data: []byte("console.log('pactgraph')")},
}

// serve returns e with a server of its store configured by cfg.
func (e *env) serve(cfg api.Config) *env {
	c := *e
	cfg.Logger = slog.New(slog.NewTextHandler(e.t.Output(), nil))
	c.h = api.NewServer(cfg, e.store, nil, nil, nil).Handler()
	return &c
}

// with returns e for the (sub)test t.
func (e *env) with(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

// do sends a request; header is name, value pairs.
func (e *env) do(method, target, body string, header ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

// get sends a GET, checks the status and decodes the JSON answer into a T.
func get[T any](e *env, target string, status int) T {
	e.t.Helper()
	return decode[T](e.t, e.do(http.MethodGet, target, ""), status)
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder, status int) T {
	t.Helper()
	var v T
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body: %s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want application/json; body: %s", ct, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
	return v
}

type errorBody struct {
	Error string `json:"error"`
}

// wantError checks an error answer: its status and that its message holds
// each of words.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, words ...string) {
	t.Helper()
	body := decode[errorBody](t, rec, status)
	if body.Error == "" {
		t.Fatalf("no error message in %s", rec.Body)
	}
	for _, w := range words {
		if !strings.Contains(body.Error, w) {
			t.Errorf("error %q does not say %q", body.Error, w)
		}
	}
}

// TestReads runs the read-only tests on one server over the bundled corpus,
// on each backend.
func TestReads(t *testing.T) {
	t.Parallel()
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			testReads(t, newEnvOn(t, b.Config(t), api.Config{}, corpus.Files()))
		})
	}
}

func testReads(t *testing.T, e *env) {
	for _, tc := range []struct {
		name string
		test func(*testing.T, *env)
	}{
		{"healthz", testHealthz},
		{"search", testSearch},
		{"search text", testSearchText},
		{"entity", testEntity},
		{"neighbours", testNeighbours},
		{"overview", testOverview},
		{"documents", testDocuments},
		{"corpus", testCorpus},
		{"query", testQuery},
		{"static", testStatic},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, e.with(t)) })
	}
}

func testHealthz(t *testing.T, e *env) {
	got := get[struct {
		Status string `json:"status"`
		Quads  int64  `json:"quads"`
	}](e, "/healthz", http.StatusOK)
	if got.Status != "ok" || got.Quads != graphtest.Size(t, e.store) || got.Quads == 0 {
		t.Errorf("healthz = %+v, want ok and %d quads", got, graphtest.Size(t, e.store))
	}
}

func testSearch(t *testing.T, e *env) {
	find := func(hits []graph.Hit, id string) *graph.Hit {
		for i := range hits {
			if hits[i].ID == id {
				return &hits[i]
			}
		}
		return nil
	}
	hits := get[[]graph.Hit](e, "/api/search?q=KGB", http.StatusOK)
	kgb := find(hits, "kgb")
	if kgb == nil {
		t.Fatalf("search KGB: no kgb in %+v", hits)
	}
	if kgb.Type != "Organisation" || kgb.IRI != string(graph.IRI("kgb")) || kgb.Name == "" {
		t.Errorf("kgb hit = %+v", kgb)
	}
	for _, q := range []string{"Stasi", "MfS", "mfs"} {
		hits := get[[]graph.Hit](e, "/api/search?q="+q, http.StatusOK)
		if find(hits, "mfs") == nil {
			t.Errorf("search %s: no mfs in %+v", q, hits)
		}
	}
	hits = get[[]graph.Hit](e, "/api/search?q=KGB&type=Person", http.StatusOK)
	if find(hits, "kgb") != nil {
		t.Errorf("search KGB type Person found the kgb: %+v", hits)
	}
	hits = get[[]graph.Hit](e, "/api/search?q=e&limit=2", http.StatusOK)
	if len(hits) != 2 {
		t.Errorf("search e limit 2: %d hits", len(hits))
	}
	testSearchPages(t, e)
	hits = get[[]graph.Hit](e, "/api/search?q=zzzzqqq", http.StatusOK)
	if hits == nil || len(hits) != 0 {
		t.Errorf("search for nothing = %#v, want []", hits)
	}
	wantError(t, e.do("GET", "/api/search?q=e&offset=-1", ""), http.StatusBadRequest, "offset")
	wantError(t, e.do("GET", "/api/search", ""), http.StatusBadRequest, "q")
	wantError(t, e.do("GET", "/api/search?q=KGB&limit=x", ""), http.StatusBadRequest, "limit")
	wantError(t, e.do("GET", "/api/search?q=KGB&type=Spy", ""), http.StatusBadRequest, "Spy")
}

// testSearchText asks the texts of the bundled corpus what a historian
// would, and checks the answer's parts: hits, snippet marks, facets and
// filters, and the errors of bad queries.
func testSearchText(t *testing.T, e *env) {
	res := get[graph.TextResult](e, "/api/search/text?q="+urlQuery(`"mutual exchange" intellig*`), http.StatusOK)
	if res.Total == 0 || len(res.Hits) == 0 {
		t.Fatalf("no hits: %+v", res)
	}
	h := res.Hits[0]
	if h.Document != "wilson-115715-stasi-kgb-1973" || h.Year != "1973" || (h.Type != "Article" && h.Type != "Commitment") {
		t.Errorf("first hit %+v", h)
	}
	r := []rune(h.Snippet.Text)
	var marked []string
	for _, m := range h.Snippet.Marks {
		marked = append(marked, strings.ToLower(string(r[m[0]:m[1]])))
	}
	if !slices.Contains(marked, "mutual") || !slices.Contains(marked, "exchange") || !slices.ContainsFunc(marked, func(s string) bool { return strings.HasPrefix(s, "intellig") }) {
		t.Errorf("marks %q in %q", marked, h.Snippet.Text)
	}
	docs := res.Facets["document"]
	if len(docs) != 1 || docs[0].ID != "wilson-115715-stasi-kgb-1973" || docs[0].Count != res.Total || !strings.Contains(docs[0].Name, "Stasi") {
		t.Errorf("document facet %+v (total %d)", docs, res.Total)
	}
	if len(res.Facets) != 5 {
		t.Errorf("facets %v: want the five, by default", slices.Collect(maps.Keys(res.Facets)))
	}
	bare := get[graph.TextResult](e, "/api/search/text?facets=0&q="+urlQuery(`"mutual exchange" intellig*`), http.StatusOK)
	if len(bare.Facets) != 0 || bare.Total != res.Total || len(bare.Hits) != len(res.Hits) {
		t.Errorf("facets=0: %d facets, total %d, %d hits; want none, %d, %d", len(bare.Facets), bare.Total, len(bare.Hits), res.Total, len(res.Hits))
	}
	// Narrowed to the commitments the KGB bears or receives.
	narrowed := get[graph.TextResult](e, "/api/search/text?q=information&kind=Commitment&party=kgb", http.StatusOK)
	if narrowed.Total == 0 {
		t.Error("no commitment of the KGB mentions information")
	}
	for _, h := range narrowed.Hits {
		if h.Type != "Commitment" {
			t.Errorf("kind=Commitment gave %+v", h)
		}
	}
	wantError(t, e.do("GET", "/api/search/text", ""), http.StatusBadRequest, "q")
	wantError(t, e.do("GET", "/api/search/text?q=the", ""), http.StatusBadRequest, "no word")
	wantError(t, e.do("GET", "/api/search/text?q=r*", ""), http.StatusBadRequest, "prefix")
	wantError(t, e.do("GET", "/api/search/text?q=radio&kind=Person", ""), http.StatusBadRequest, "Person")
	wantError(t, e.do("GET", "/api/search/text?q=radio&offset=10001", ""), http.StatusBadRequest, "offset")
	wantError(t, e.do("GET", "/api/search/text?q=radio&facets=-1", ""), http.StatusBadRequest, "facets")
	wantError(t, e.do("GET", "/api/search/text?q=radio&facets=many", ""), http.StatusBadRequest, "facets")
	wantError(t, e.do("GET", "/api/search/text?q="+strings.Repeat("a", 501), ""), http.StatusBadRequest, "500")
}

// testSearchPages walks every page of a search by its Link headers and
// checks they add up to the whole list, in order, without repeats.
func testSearchPages(t *testing.T, e *env) {
	whole := e.do("GET", "/api/search?q=e&limit=1000", "")
	all := decode[[]graph.Hit](t, whole, http.StatusOK)
	if got := whole.Header().Get("X-Total-Count"); got != strconv.Itoa(len(all)) || len(all) < 10 {
		t.Fatalf("search e: X-Total-Count %q, %d hits", got, len(all))
	}
	if link := whole.Header().Get("Link"); link != "" {
		t.Errorf("the whole list links to a next page: %q", link)
	}
	var walked []graph.Hit
	next := "/api/search?q=e&limit=7"
	for pages := 0; next != ""; pages++ {
		if pages > len(all) {
			t.Fatalf("more pages than hits; at %s", next)
		}
		rec := e.do("GET", next, "")
		page := decode[[]graph.Hit](t, rec, http.StatusOK)
		if len(page) > 7 || rec.Header().Get("X-Total-Count") != strconv.Itoa(len(all)) {
			t.Fatalf("%s: %d hits, X-Total-Count %q", next, len(page), rec.Header().Get("X-Total-Count"))
		}
		walked = append(walked, page...)
		next = ""
		if m := nextLink.FindStringSubmatch(rec.Header().Get("Link")); m != nil {
			next = m[1]
		}
	}
	if len(walked) != len(all) {
		t.Fatalf("the pages hold %d hits, the whole list %d", len(walked), len(all))
	}
	for i := range all {
		if walked[i].ID != all[i].ID {
			t.Fatalf("hit %d: %s on the pages, %s in the whole list", i, walked[i].ID, all[i].ID)
		}
	}
	past := get[[]graph.Hit](e, "/api/search?q=e&offset=100000", http.StatusOK)
	if past == nil || len(past) != 0 {
		t.Errorf("offset past the end: %#v, want []", past)
	}
}

var nextLink = regexp.MustCompile(`^<([^>]+)>; rel="next"$`)

func testEntity(t *testing.T, e *env) {
	kgb := get[graph.Entity](e, "/api/entities/kgb", http.StatusOK)
	if kgb.ID != "kgb" || kgb.Type != "Organisation" || !strings.Contains(kgb.Name, "Committee for State Security") {
		t.Errorf("kgb = %+v", kgb.Node)
	}
	// The graph points at organisations (from commitments, treaties,
	// signatures); the KGB itself states nothing about other nodes.
	if len(kgb.In) == 0 {
		t.Errorf("kgb has no in links")
	}
	doc := get[graph.DocumentView](e, "/api/documents/"+stasiKGB, http.StatusOK)
	if doc.Agreement == nil {
		t.Fatalf("%s records no agreement", stasiKGB)
	}
	agreement := get[graph.Entity](e, "/api/entities/"+doc.Agreement.ID, http.StatusOK)
	var party bool
	for _, l := range agreement.Out {
		party = party || l.Predicate == "party" && l.Node.ID == "kgb"
	}
	if !party {
		t.Errorf("%s has no out link party → kgb: %+v", agreement.ID, agreement.Out)
	}
	withText := 0
	for _, p := range kgb.Provenance {
		if p.Article != "" && p.Text != "" && p.Span[1] > p.Span[0] {
			withText++
		}
	}
	if withText == 0 {
		t.Errorf("kgb has no provenance with an article's text: %+v", kgb.Provenance)
	}
	wantError(t, e.do("GET", "/api/entities/no-such-thing", ""), http.StatusNotFound, "no-such-thing", "not found")
	testEntityPages(t, e)
}

// testEntityPages walks the KGB's links a few at a time: the pages add up
// to the whole, each link once, with the totals in the body; the sources
// listed are those of the links shown; bad pages are refused.
func testEntityPages(t *testing.T, e *env) {
	whole := get[graph.Entity](e, "/api/entities/kgb?limit=1000", http.StatusOK)
	if whole.Truncated || len(whole.In) != whole.InTotal || len(whole.Out) != whole.OutTotal || whole.InTotal < 10 {
		t.Fatalf("kgb at limit 1000: %d of %d in, %d of %d out, truncated %v", len(whole.In), whole.InTotal, len(whole.Out), whole.OutTotal, whole.Truncated)
	}
	if whole.ProvenanceTotal < len(whole.Provenance) || len(whole.Provenance) == 0 {
		t.Errorf("kgb at limit 1000: %d sources listed of provenance_total %d", len(whole.Provenance), whole.ProvenanceTotal)
	}
	// The default page holds DefaultLinks links a direction.
	if def := get[graph.Entity](e, "/api/entities/kgb", http.StatusOK); len(def.In) != min(whole.InTotal, graph.DefaultLinks) || def.InTotal != whole.InTotal {
		t.Errorf("kgb's default page: %d of %d in links, want %d", len(def.In), def.InTotal, min(whole.InTotal, graph.DefaultLinks))
	}
	link := func(l graph.Link) string { return l.Predicate + " " + l.Node.ID + " " + l.Label }
	var walked []string
	for off := 0; off < whole.InTotal; off += 4 {
		path := "/api/entities/kgb?limit=4&in_offset=" + strconv.Itoa(off)
		p := get[graph.Entity](e, path, http.StatusOK)
		if len(p.In) != min(4, whole.InTotal-off) || p.InOffset != off || p.InTotal != whole.InTotal || p.OutTotal != whole.OutTotal || !p.Truncated {
			t.Fatalf("%s: %d of %d in links from %d, truncated %v", path, len(p.In), p.InTotal, p.InOffset, p.Truncated)
		}
		// The answer names the sources of its links, and no article only
		// the links it leaves out come from.
		listed, shown := map[string]bool{}, map[string]bool{}
		for _, s := range p.Provenance {
			listed[s.ID] = true
		}
		for _, l := range append(p.In, p.Out...) {
			shown[l.Label] = true
			if !listed[l.Label] {
				t.Errorf("%s: the link %s comes from %s, which the provenance lacks", path, link(l), l.Label)
			}
		}
		for _, s := range p.Provenance {
			if s.Article != "" && !shown[s.ID] {
				t.Errorf("%s: the provenance lists article %s, the source of no link shown", path, s.ID)
			}
		}
		for _, l := range p.In {
			walked = append(walked, link(l))
		}
	}
	var want []string
	for _, l := range whole.In {
		want = append(want, link(l))
	}
	if strings.Join(walked, "\n") != strings.Join(want, "\n") {
		t.Errorf("the pages of kgb's in links, in turn:\n%s\nthe whole list:\n%s", strings.Join(walked, "\n"), strings.Join(want, "\n"))
	}
	// The totals are in the body under their documented names.
	raw := get[map[string]any](e, "/api/entities/kgb?limit=1", http.StatusOK)
	for _, k := range []string{"out_total", "in_total", "out_offset", "in_offset", "truncated", "provenance_total"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("the entity's body has no %q: %v", k, raw)
		}
	}
	if raw["truncated"] != true {
		t.Errorf("kgb at limit 1: truncated %v", raw["truncated"])
	}
	for _, bad := range []string{"out_offset=-1", "in_offset=x", "limit=0", "limit=-3", "in_offset=1.5"} {
		wantError(t, e.do("GET", "/api/entities/kgb?"+bad, ""), http.StatusBadRequest, strings.Split(bad, "=")[0])
	}
	// A limit above the server's maximum is lowered to it.
	if big := get[graph.Entity](e, "/api/entities/kgb?limit=100000", http.StatusOK); len(big.In) != whole.InTotal {
		t.Errorf("limit 100000: %d of %d in links", len(big.In), whole.InTotal)
	}
}

func testNeighbours(t *testing.T, e *env) {
	g := get[graph.Subgraph](e, "/api/entities/kgb/neighbours?depth=1", http.StatusOK)
	var self, commitment bool
	for _, n := range g.Nodes {
		self = self || n.ID == "kgb"
		commitment = commitment || n.Type == "Commitment"
	}
	if !self || !commitment || len(g.Edges) == 0 {
		t.Errorf("neighbours of kgb: kgb %v, a commitment %v, %d edges", self, commitment, len(g.Edges))
	}
	small := get[graph.Subgraph](e, "/api/entities/kgb/neighbours?depth=2&limit=3", http.StatusOK)
	if len(small.Nodes) > 3 || !small.Truncated {
		t.Errorf("limit 3: %d nodes, truncated %v", len(small.Nodes), small.Truncated)
	}
	wantError(t, e.do("GET", "/api/entities/kgb/neighbours?depth=9", ""), http.StatusBadRequest, "depth")
	wantError(t, e.do("GET", "/api/entities/kgb/neighbours?depth=0", ""), http.StatusBadRequest, "depth")
	wantError(t, e.do("GET", "/api/entities/nobody/neighbours", ""), http.StatusNotFound, "nobody")
}

func testOverview(t *testing.T, e *env) {
	g := get[graph.Subgraph](e, "/api/graph", http.StatusOK)
	if len(g.Nodes) < 20 || len(g.Edges) < 20 {
		t.Errorf("overview: %d nodes, %d edges", len(g.Nodes), len(g.Edges))
	}
	ids := map[string]bool{}
	for _, n := range g.Nodes {
		ids[n.ID] = true
	}
	for _, ed := range g.Edges {
		if !ids[ed.Source] || !ids[ed.Target] {
			t.Fatalf("edge %+v has an end outside the nodes", ed)
		}
	}
	small := get[graph.Subgraph](e, "/api/graph?limit=5", http.StatusOK)
	if len(small.Nodes) > 5 || !small.Truncated {
		t.Errorf("limit 5: %d nodes, truncated %v", len(small.Nodes), small.Truncated)
	}
}

func testDocuments(t *testing.T, e *env) {
	docs := get[[]graph.DocumentSummary](e, "/api/documents", http.StatusOK)
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2: %+v", len(docs), docs)
	}
	for _, d := range docs {
		if d.ID == "" || d.Title == "" {
			t.Errorf("document without id or title: %+v", d)
		}
	}
	rec := e.do("GET", "/api/documents?limit=1", "")
	first := decode[[]graph.DocumentSummary](t, rec, http.StatusOK)
	if len(first) != 1 || first[0].ID != docs[0].ID || rec.Header().Get("X-Total-Count") != "2" {
		t.Errorf("limit 1: %+v, X-Total-Count %q", first, rec.Header().Get("X-Total-Count"))
	}
	if link := rec.Header().Get("Link"); link != `</api/documents?limit=1&offset=1>; rel="next"` {
		t.Errorf("limit 1: Link %q", link)
	}
	rec = e.do("GET", "/api/documents?limit=1&offset=1", "")
	second := decode[[]graph.DocumentSummary](t, rec, http.StatusOK)
	if len(second) != 1 || second[0].ID != docs[1].ID || rec.Header().Get("Link") != "" {
		t.Errorf("offset 1: %+v, Link %q", second, rec.Header().Get("Link"))
	}
	d := get[graph.DocumentView](e, "/api/documents/"+stasiKGB, http.StatusOK)
	if len(d.Articles) != 18 {
		t.Errorf("%s has %d articles, want 18", stasiKGB, len(d.Articles))
	}
	if !strings.Contains(d.Title, "Stasi and the KGB") || d.Text == "" || len(d.Parties) != 2 {
		t.Errorf("%s: title %q, %d parties, %d bytes of text", stasiKGB, d.Title, len(d.Parties), len(d.Text))
	}
	wantError(t, e.do("GET", "/api/documents/nope", ""), http.StatusNotFound, "nope")
}

type queryResult struct {
	Result    []map[string]any `json:"result"`
	Truncated bool             `json:"truncated"`
}

func testQuery(t *testing.T, e *env) {
	name := `g.V("` + kgbIRI + `").Out("<http://schema.org/name>").All()`
	for _, path := range []string{"/api/v1/query/gizmo", "/query/gizmo"} {
		got := decode[queryResult](t, e.do("POST", path, name), http.StatusOK)
		if len(got.Result) != 1 || !strings.HasPrefix(got.Result[0]["id"].(string), "Committee for State Security") {
			t.Errorf("POST %s: %+v, want one {id: Committee…}", path, got)
		}
	}
	got := decode[queryResult](t, e.do("GET", "/query/gizmo?qu="+urlQuery(name), ""), http.StatusOK)
	if len(got.Result) != 1 {
		t.Errorf("GET ?qu=: %+v", got)
	}

	all := `g.V().All()`
	got = decode[queryResult](t, e.do("POST", "/query/gizmo?limit=1", all), http.StatusOK)
	if len(got.Result) != 1 || !got.Truncated {
		t.Errorf("limit 1: %d results, truncated %v", len(got.Result), got.Truncated)
	}
	got = decode[queryResult](t, e.do("POST", "/query/gizmo", all), http.StatusOK)
	if len(got.Result) != 100 || !got.Truncated {
		t.Errorf("default limit: %d results, truncated %v; want 100, truncated", len(got.Result), got.Truncated)
	}
	// Exactly as many results as the limit: not truncated, and Cayley's
	// shape, without the key.
	rec := e.do("POST", "/query/gizmo?limit=1", name)
	if got := decode[queryResult](t, rec, http.StatusOK); len(got.Result) != 1 || got.Truncated || strings.Contains(rec.Body.String(), "truncated") {
		t.Errorf("one result at limit 1: %s", rec.Body)
	}
	capped := e.serve(api.Config{MaxQueryLimit: 3})
	got = decode[queryResult](t, capped.do("POST", "/query/gizmo?limit=50", all), http.StatusOK)
	if len(got.Result) != 3 {
		t.Errorf("limit 50 with MaxQueryLimit 3: %d results", len(got.Result))
	}
	// Nothing found: Cayley's v1 answer, to the byte.
	if none := e.do("POST", "/query/gizmo", `g.V("<nothing>").All()`); none.Code != http.StatusOK || none.Body.String() != `{"result":null}`+"\n" {
		t.Errorf("no results: %d %q, want Cayley's {\"result\":null}", none.Code, none.Body)
	}

	wantError(t, e.do("POST", "/query/gizmo", `g.V(.All(`), http.StatusBadRequest)
	wantError(t, e.do("POST", "/query/gizmo", `   `), http.StatusBadRequest, "empty")
	wantError(t, e.do("POST", "/query/cobol", all), http.StatusBadRequest, "cobol")
	wantError(t, e.do("POST", "/query/gizmo", strings.Repeat(" ", api.DefaultMaxQuerySize+1)), http.StatusRequestEntityTooLarge)

	// Endless queries are cut by the server's deadline.
	hasty := e.serve(api.Config{QueryTimeout: 100 * time.Millisecond})
	endless := map[string]string{
		"loop":      `while (true) {}`,
		"traversal": `var p = g.V(); for (var i = 0; i < 40; i++) { p = p.Both(); } p.Count()`,
	}
	for name, q := range endless {
		start := time.Now()
		wantError(t, hasty.do("POST", "/query/gizmo", q), http.StatusGatewayTimeout, "deadline", "100ms")
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: cut after %v", name, d)
		}
	}
}

func urlQuery(s string) string {
	r := strings.NewReplacer("%", "%25", " ", "%20", "\"", "%22", "<", "%3C", ">", "%3E", "#", "%23", "&", "%26", "+", "%2B", "?", "%3F")
	return r.Replace(s)
}

func TestLoad(t *testing.T) {
	t.Parallel()
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			testLoad(t, b)
		})
	}
}

func testLoad(t *testing.T, b graphtest.Backend) {
	doc, err := os.ReadFile("../corpus/" + stasiKGB + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(doc), "December 6, 1973", "December 7, 1973", 1)
	auth := []string{"Authorization", "Bearer " + token}

	t.Run("refused without a token configured", func(t *testing.T) {
		e := newEnv(t, api.Config{}, nil)
		wantError(t, e.do("POST", "/api/documents?name=x", text, auth...), http.StatusForbidden, "--token")
	})

	e := newEnvOn(t, b.Config(t), api.Config{Token: token, MaxBody: 1 << 20}, corpus.Files())
	size := graphtest.Size(t, e.store)
	wantError(t, e.do("POST", "/api/documents?name=x", text), http.StatusUnauthorized, "token")
	wantError(t, e.do("POST", "/api/documents?name=x", text, "Authorization", "Bearer wrong"), http.StatusUnauthorized)
	wantError(t, e.do("POST", "/api/documents?name=x", text, "Authorization", token), http.StatusUnauthorized)
	wantError(t, e.do("POST", "/api/documents", text, auth...), http.StatusBadRequest, "name")
	wantError(t, e.do("POST", "/api/documents?name=../etc", text, auth...), http.StatusBadRequest, "name")
	wantError(t, e.do("POST", "/api/documents?name=x", "", auth...), http.StatusBadRequest, "empty")
	wantError(t, e.do("POST", "/api/documents?name=x", strings.Repeat("a", 1<<20+1), auth...), http.StatusRequestEntityTooLarge, "larger")
	binary := strings.Repeat("\x00\x01", 8) + "not text"
	// The parser names the file and line: "broken:1: expected text …".
	rec := e.do("POST", "/api/documents?name=broken", binary, auth...)
	if body := decode[errorBody](t, rec, http.StatusBadRequest); !regexp.MustCompile(`broken:\d+: expected`).MatchString(body.Error) {
		t.Errorf("binary document: error %q names no line", body.Error)
	}
	if got := graphtest.Size(t, e.store); got != size {
		t.Errorf("store size %d after refused writes, want %d", got, size)
	}
	// A text not in the layout is stored as read, marked as needing review.
	partial := decode[api.LoadResult](t, e.do("POST", "/api/documents?name=partial", "Agreement on nothing\n\nCitation:\n\nArticle I\n", auth...), http.StatusCreated)
	if !partial.NeedsReview {
		t.Errorf("partial document: %+v, want needs_review", partial)
	}
	listed := decode[[]graph.DocumentSummary](t, e.do("GET", "/api/documents?limit=1000", ""), http.StatusOK)
	for _, d := range listed {
		if d.NeedsReview != (d.ID == "partial") || d.NeedsReview && len(d.Warnings) == 0 {
			t.Errorf("document %s: needs_review %v, warnings %q; want it only for the partial document, with its warnings", d.ID, d.NeedsReview, d.Warnings)
		}
	}
	if _, err := e.store.Replace(t.Context(), graph.IRI("partial"), nil); err != nil {
		t.Fatal(err)
	}
	size = graphtest.Size(t, e.store)

	res := decode[api.LoadResult](t, e.do("POST", "/api/documents?name=stasi-kgb-copy", text, auth...), http.StatusCreated)
	if res.Document != "stasi-kgb-copy" || res.Articles != 18 || res.Quads == 0 {
		t.Errorf("load = %+v", res)
	}
	if graphtest.Size(t, e.store) <= size {
		t.Errorf("store size %d after a load, want more than %d", graphtest.Size(t, e.store), size)
	}
	docs := get[[]graph.DocumentSummary](e, "/api/documents", http.StatusOK)
	if len(docs) != 3 {
		t.Errorf("%d documents after a load, want 3", len(docs))
	}
}

func testStatic(t *testing.T, e *env) {
	for path, want := range map[string]string{"/": "<title>pactgraph", "/app.js": "console.log"} {
		rec := e.do("GET", path, "")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s: %d %q", path, rec.Code, rec.Body)
		}
	}
	if rec := e.do("GET", "/missing.js", ""); rec.Code != http.StatusNotFound {
		t.Errorf("GET /missing.js: %d", rec.Code)
	}
	wantError(t, e.do("GET", "/api/nothing", ""), http.StatusNotFound, "/api/nothing")
	wantError(t, e.do("DELETE", "/api/documents", ""), http.StatusNotFound)
}

// broken is a store whose reads fail in the ways a store outside the
// process may: an internal error, a panic, a read cut by its deadline that
// reports another error.
type broken struct{ *graph.Store }

func (broken) Documents(context.Context, int, int) ([]graph.DocumentSummary, int, error) {
	return nil, 0, errors.New("disk on fire at /var/secret")
}

func (broken) Overview(context.Context, int) (*graph.Subgraph, error) { panic("boom") }

func (broken) Search(ctx context.Context, _, _ string, _, _ int) ([]graph.Hit, int, error) {
	<-ctx.Done()
	return nil, 0, errors.New("connection reset")
}

func TestInternalErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, api.Config{}, nil)
	e.h = api.NewServer(api.Config{QueryTimeout: time.Second, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))},
		broken{e.store}, nil, nil, nil).Handler()
	rec := e.do("GET", "/api/documents", "")
	wantError(t, rec, http.StatusInternalServerError, "internal error")
	if strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("internal error shown: %s", rec.Body)
	}
	wantError(t, e.do("GET", "/api/graph", ""), http.StatusInternalServerError, "internal error")
	wantError(t, e.do("GET", "/api/search?q=x", ""), http.StatusGatewayTimeout, "deadline")
	wantError(t, e.do("POST", "/api/documents?name=x", "text", "Authorization", "Bearer x"), http.StatusForbidden)

	panicky := api.LoaderFunc(func(context.Context, string, string) (api.LoadResult, error) { panic("boom") })
	e.h = api.NewServer(api.Config{Token: token, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))}, e.store, e.store, panicky, nil).Handler()
	wantError(t, e.do("POST", "/api/documents?name=x", "text", "Authorization", "Bearer "+token), http.StatusInternalServerError, "internal error")
	wantError(t, e.do("GET", "/", ""), http.StatusNotFound)
}
