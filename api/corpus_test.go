package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/graph"
)

// testCorpus reads the corpus in brief, its list of documents, and the
// summaries of documents named by id.
func testCorpus(t *testing.T, e *env) {
	c := get[graph.Corpus](e, "/api/corpus", http.StatusOK)
	if c.Documents != 2 || c.Agreements != 2 || len(c.Years) != 2 || c.Years[0].Year != 1955 || c.Years[1].Year != 1973 {
		t.Errorf("GET /api/corpus: %d documents, %d agreements, years %+v; want 2, 2, 1955 and 1973", c.Documents, c.Agreements, c.Years)
	}
	if len(c.Actors) == 0 || c.ActorsTotal < len(c.Actors) {
		t.Fatalf("GET /api/corpus: actors %+v of %d", c.Actors, c.ActorsTotal)
	}
	for i, a := range c.Actors {
		if a.Name == "" || a.Agreements < 1 || i > 0 && c.Actors[i-1].Agreements < a.Agreements {
			t.Errorf("actor %d: %+v; want a name, ranked by agreements", i, a)
		}
	}
	one := get[graph.Corpus](e, "/api/corpus?actors=1", http.StatusOK)
	if len(one.Actors) != 1 || one.Actors[0] != c.Actors[0] || one.ActorsTotal != c.ActorsTotal {
		t.Errorf("actors=1: %+v of %d; want the first of %d", one.Actors, one.ActorsTotal, c.ActorsTotal)
	}
	wantError(t, e.do("GET", "/api/corpus?actors=0", ""), http.StatusBadRequest, "actors")

	docs := get[[]graph.CorpusDocument](e, "/api/corpus/documents", http.StatusOK)
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID + " " + d.Date + " " + d.Agreement
	}
	if want := []string{"fixture-warsaw-treaty-1955 1955-05-14 warsaw-treaty", stasiKGB + " 1973-12-06 agreement-" + stasiKGB}; !slices.Equal(ids, want) {
		t.Errorf("GET /api/corpus/documents: %q, want %q", ids, want)
	}

	byID := get[[]graph.DocumentSummary](e, "/api/documents?id="+stasiKGB+"&id=nope&id=kgb", http.StatusOK)
	if len(byID) != 1 || byID[0].ID != stasiKGB || byID[0].Citation == "" {
		t.Errorf("GET /api/documents?id=…: %+v; want the summary of %s alone, with its citation", byID, stasiKGB)
	}
}

// readCounter is a store that counts the reads Warm should make, by the
// limit it asks.
type readCounter struct {
	api.Reader
	corpus   int
	overview map[int]int
}

func (r *readCounter) Corpus(ctx context.Context, actors int) (*graph.Corpus, error) {
	r.corpus++
	return r.Reader.Corpus(ctx, actors)
}

func (r *readCounter) Overview(ctx context.Context, limit int) (*graph.Subgraph, error) {
	r.overview[limit]++
	return r.Reader.Overview(ctx, limit)
}

// Warm reads the corpus and the overview GET /api/graph gives by default
// (500 nodes, or the server's cap when lower), so that the first
// visitors find them kept.
func TestWarm(t *testing.T) {
	e := newEnv(t, api.Config{}, corpus.Files())
	for _, c := range []struct {
		cfg  api.Config
		want int
	}{{api.Config{}, 500}, {api.Config{MaxQueryLimit: 50}, 50}} {
		r := &readCounter{Reader: e.store, overview: map[int]int{}}
		if err := api.NewServer(c.cfg, r, nil, nil, nil).Warm(t.Context()); err != nil {
			t.Fatal(err)
		}
		if r.corpus != 1 || len(r.overview) != 1 || r.overview[c.want] != 1 {
			t.Errorf("Warm with %+v: %d corpus reads, overviews by limit %v; want 1, and one of %d", c.cfg, r.corpus, r.overview, c.want)
		}
		h := api.NewServer(c.cfg, r, nil, nil, nil).Handler()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/graph", nil))
		if rec.Code != http.StatusOK || r.overview[c.want] != 2 || len(r.overview) != 1 {
			t.Errorf("GET /api/graph after Warm with %+v: %d, overviews by limit %v; want the limit Warm read", c.cfg, rec.Code, r.overview)
		}
	}
}
