package api_test

import (
	"net/http"
	"slices"
	"testing"

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
