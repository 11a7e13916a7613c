package graph_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
)

// backends lists the stores the conformance suite runs on: memstore, bolt,
// bbolt, and PostgreSQL when PACTGRAPH_POSTGRES_URL names a server (each
// test then gets a database of its own; scripts/postgres.sh starts one).
// Config opens a fresh, empty store.
func backends() []graphtest.Backend { return graphtest.Backends() }

func open(t *testing.T, cfg graph.Config) *graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open %+v: %v", cfg, err)
	}
	return s
}

// sample is a small document: a treaty with two parties, one article and
// one commitment labelled by the article.
func sample(doc string, extra ...quad.Quad) []quad.Quad {
	d := graph.IRI(doc)
	art := graph.IRI(doc + ".article-I")
	c := graph.IRI(doc + ".commitment-1")
	qs := []quad.Quad{
		{Subject: d, Predicate: graph.Type, Object: graph.Document, Label: d},
		{Subject: d, Predicate: graph.Name, Object: quad.String("Agreement of " + doc), Label: d},
		{Subject: d, Predicate: graph.About, Object: graph.IRI("pact"), Label: d},
		{Subject: graph.IRI("pact"), Predicate: graph.Type, Object: graph.Treaty, Label: d},
		{Subject: graph.IRI("pact"), Predicate: graph.Party, Object: graph.IRI("kgb"), Label: d},
		{Subject: graph.IRI("pact"), Predicate: graph.Party, Object: graph.IRI("mfs"), Label: d},
		{Subject: graph.IRI("kgb"), Predicate: graph.Type, Object: graph.Organisation, Label: d},
		{Subject: graph.IRI("kgb"), Predicate: graph.Name, Object: quad.String("Committee for State Security"), Label: d},
		{Subject: graph.IRI("kgb"), Predicate: graph.Alias, Object: quad.String("KGB"), Label: d},
		{Subject: graph.IRI("mfs"), Predicate: graph.Type, Object: graph.Organisation, Label: d},
		{Subject: graph.IRI("mfs"), Predicate: graph.Name, Object: quad.String("Ministry for State Security"), Label: d},
		{Subject: graph.IRI("mfs"), Predicate: graph.Alias, Object: quad.String("Stasi"), Label: d},
		{Subject: art, Predicate: graph.Type, Object: graph.Article, Label: d},
		{Subject: art, Predicate: graph.Number, Object: quad.String("I"), Label: d},
		{Subject: art, Predicate: graph.Text, Object: quad.String("Both sides will exchange information."), Label: d},
		{Subject: art, Predicate: graph.Start, Object: quad.Int(100), Label: d},
		{Subject: art, Predicate: graph.End, Object: quad.Int(137), Label: d},
		{Subject: art, Predicate: graph.PartOf, Object: d, Label: d},
		{Subject: art, Predicate: graph.Commits, Object: c, Label: art},
		{Subject: c, Predicate: graph.Type, Object: graph.Commitment, Label: art},
		{Subject: c, Predicate: graph.Bearer, Object: graph.IRI("kgb"), Label: art},
		{Subject: c, Predicate: graph.Bearer, Object: graph.IRI("mfs"), Label: art},
	}
	return append(qs, extra...)
}

func TestConformance(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Run("ReplaceIsIdempotent", func(t *testing.T) { testReplaceIdempotent(t, b) })
			t.Run("ReplaceRemovesStale", func(t *testing.T) { testReplaceRemovesStale(t, b) })
			t.Run("ReplaceRefusesUnlabelled", func(t *testing.T) { testReplaceRefusesUnlabelled(t, b) })
			t.Run("Reads", func(t *testing.T) { testReads(t, b) })
			t.Run("Query", func(t *testing.T) { testQuery(t, b) })
		})
	}
}

func testReplaceIdempotent(t *testing.T, b graphtest.Backend) {
	ctx := context.Background()
	s := open(t, b.Config(t))
	defer s.Close()
	qs := sample("doc")
	ch, err := s.Replace(ctx, graph.IRI("doc"), qs)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Added != len(qs) || ch.Removed != 0 {
		t.Errorf("first load: %+v, want %d added", ch, len(qs))
	}
	size := graphtest.Size(t, s)
	if size != int64(len(qs)) {
		t.Errorf("size %d, want %d", size, len(qs))
	}
	ch, err = s.Replace(ctx, graph.IRI("doc"), qs)
	if err != nil {
		t.Fatal(err)
	}
	if ch != (graph.Change{}) || graphtest.Size(t, s) != size {
		t.Errorf("second load changed %+v, size %d → %d", ch, size, graphtest.Size(t, s))
	}
}

func testReplaceRemovesStale(t *testing.T, b graphtest.Backend) {
	ctx := context.Background()
	s := open(t, b.Config(t))
	defer s.Close()
	if _, err := s.Replace(ctx, graph.IRI("doc"), sample("doc")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replace(ctx, graph.IRI("other"), sample("other")); err != nil {
		t.Fatal(err)
	}
	both := graphtest.Size(t, s)
	// The new version of doc drops its commitment's second bearer.
	next := sample("doc")
	next = next[:len(next)-1]
	ch, err := s.Replace(ctx, graph.IRI("doc"), next)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Added != 0 || ch.Removed != 1 || graphtest.Size(t, s) != both-1 {
		t.Errorf("replace: %+v, size %d → %d", ch, both, graphtest.Size(t, s))
	}
	// Facts the other document states survive.
	e, err := s.Entity(ctx, "other.commitment-1", graph.LinkPage{})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Out) != 2 {
		t.Errorf("other's commitment has %d links, want 2 bearers: %+v", len(e.Out), e.Out)
	}
}

func testReplaceRefusesUnlabelled(t *testing.T, b graphtest.Backend) {
	ctx := context.Background()
	s := open(t, b.Config(t))
	defer s.Close()
	bad := sample("doc", quad.Quad{Subject: graph.IRI("x"), Predicate: graph.Name, Object: quad.String("x")})
	if _, err := s.Replace(ctx, graph.IRI("doc"), bad); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("unlabelled quad: err %v, want ErrInvalid", err)
	}
	if graphtest.Size(t, s) != 0 {
		t.Errorf("a refused document wrote %d quads", graphtest.Size(t, s))
	}
}

func testReads(t *testing.T, b graphtest.Backend) {
	ctx := context.Background()
	s := open(t, b.Config(t))
	defer s.Close()
	if _, err := s.Replace(ctx, graph.IRI("doc"), sample("doc")); err != nil {
		t.Fatal(err)
	}
	hits, _, err := s.Search(ctx, "kgb", "", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].ID != "kgb" || hits[0].Type != "Organisation" {
		t.Errorf("search kgb: %+v", hits)
	}
	hits, _, err = s.Search(ctx, "stasi", "Person", 0, 10)
	if err != nil || len(hits) != 0 {
		t.Errorf("search stasi as Person: %+v, %v", hits, err)
	}
	all, total, err := s.Search(ctx, "e", "", 0, 0)
	if err != nil || total != len(all) || total < 3 {
		t.Fatalf("search e: %d hits, total %d, %v", len(all), total, err)
	}
	page, total2, err := s.Search(ctx, "e", "", 1, 2)
	if err != nil || total2 != total || len(page) != 2 || page[0].ID != all[1].ID || page[1].ID != all[2].ID {
		t.Errorf("search e from 1, 2 hits: %+v, total %d, %v; the whole list %+v", page, total2, err, all)
	}
	if page, _, err := s.Search(ctx, "e", "", total, 5); err != nil || len(page) != 0 {
		t.Errorf("search e past the end: %+v, %v", page, err)
	}
	if _, _, err := s.Search(ctx, "x", "Spaceship", 0, 10); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("unknown type: %v, want ErrInvalid", err)
	}

	e, err := s.Entity(ctx, "kgb", graph.LinkPage{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"KGB"}, e.Aliases); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
	var fromArticle bool
	for _, p := range e.Provenance {
		if p.Article == "I" && strings.Contains(p.Text, "exchange information") && p.Span == [2]int{100, 137} {
			fromArticle = true
		}
	}
	if !fromArticle {
		t.Errorf("kgb's provenance lacks article I with its text: %+v", e.Provenance)
	}
	if _, err := s.Entity(ctx, "nobody", graph.LinkPage{}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("unknown entity: %v, want ErrNotFound", err)
	}

	g, err := s.Neighbours(ctx, "kgb", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, n := range g.Nodes {
		ids[n.ID] = true
	}
	if !ids["pact"] || !ids["doc.commitment-1"] || ids["mfs"] {
		t.Errorf("depth 1 of kgb: %v", ids)
	}
	g, err = s.Neighbours(ctx, "kgb", 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Nodes) <= len(ids) {
		t.Errorf("depth 2 found no more than depth 1: %d nodes", len(g.Nodes))
	}
	g, err = s.Neighbours(ctx, "kgb", 2, 2)
	if err != nil || len(g.Nodes) != 2 || !g.Truncated {
		t.Errorf("limit 2: %d nodes, truncated %v, %v", len(g.Nodes), g.Truncated, err)
	}

	// A dataset's record, typed in its own named graph, is not drawn in
	// the overview of the corpus.
	dataset := quad.IRI("https://w3id.org/pactgraph/graph/people")
	if _, err := s.Replace(ctx, dataset, []quad.Quad{
		{Subject: quad.IRI("https://example.org/person/1"), Predicate: graph.Type, Object: graph.Person, Label: dataset},
	}); err != nil {
		t.Fatal(err)
	}
	ov, err := s.Overview(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	drawn := map[string]bool{}
	for _, n := range ov.Nodes {
		drawn[n.IRI] = true
	}
	if !drawn[string(graph.IRI("kgb"))] || !drawn[string(graph.IRI("doc.commitment-1"))] || drawn["https://example.org/person/1"] {
		t.Errorf("overview draws %v", drawn)
	}
	// The overview is kept while the store does not change, per limit.
	if again, err := s.Overview(ctx, 0); err != nil || len(again.Nodes) != len(ov.Nodes) {
		t.Errorf("overview again: %d nodes, %v; want %d", len(again.Nodes), err, len(ov.Nodes))
	}
	if few, err := s.Overview(ctx, 2); err != nil || len(few.Nodes) != 2 || !few.Truncated {
		t.Errorf("overview of 2: %+v, %v", few, err)
	}
	// A write drops it, even one that leaves the store's size as it was.
	for _, name := range []string{"first-party", "second-party"} {
		q := quad.Quad{Subject: graph.IRI(name), Predicate: graph.Type, Object: graph.Organisation, Label: graph.IRI("later")}
		if _, err := s.Replace(ctx, graph.IRI("later"), []quad.Quad{q}); err != nil {
			t.Fatal(err)
		}
		later, err := s.Overview(ctx, 0)
		if err != nil || !slices.ContainsFunc(later.Nodes, func(n graph.Node) bool { return n.ID == name }) {
			t.Errorf("overview after a write does not draw %s: %v", name, err)
		}
	}
	if _, err := s.Replace(ctx, graph.IRI("later"), nil); err != nil {
		t.Fatal(err)
	}

	docs, _, err := s.Documents(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].Title != "Agreement of doc" || docs[0].Agreement == nil || docs[0].Agreement.ID != "pact" {
		t.Errorf("documents: %+v", docs)
	}
	if page, total, err := s.Documents(ctx, 1, 10); err != nil || total != 1 || len(page) != 0 {
		t.Errorf("documents from 1: %+v, total %d, %v", page, total, err)
	}
	// The list is kept while the store does not change; a write that
	// leaves its size as it was still shows.
	dated := func(id, date string) {
		d := graph.IRI(id)
		if _, err := s.Replace(ctx, d, []quad.Quad{
			{Subject: d, Predicate: graph.Type, Object: graph.Document, Label: d},
			{Subject: d, Predicate: graph.Date, Object: quad.String(date), Label: d},
		}); err != nil {
			t.Fatal(err)
		}
	}
	dated("early", "1965-01-01")
	for _, c := range []struct{ date, second string }{{"1960-01-01", "moving"}, {"1970-01-01", "early"}} {
		dated("moving", c.date)
		if page, total, err := s.Documents(ctx, 1, 1); err != nil || total != 3 || len(page) != 1 || page[0].ID != c.second {
			t.Errorf("documents after dating moving %s: %+v, total %d, %v; want %s second", c.date, page, total, err, c.second)
		}
	}
	for _, id := range []string{"early", "moving"} {
		if _, err := s.Replace(ctx, graph.IRI(id), nil); err != nil {
			t.Fatal(err)
		}
	}
	d, err := s.Document(ctx, "doc")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Articles) != 1 || d.Articles[0].Number != "I" || len(d.Parties) != 2 {
		t.Errorf("document: %+v", d)
	}
	if _, err := s.Document(ctx, "kgb"); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("an entity read as a document: %v, want ErrNotFound", err)
	}
}

func testQuery(t *testing.T, b graphtest.Backend) {
	ctx := context.Background()
	s := open(t, b.Config(t))
	defer s.Close()
	if _, err := s.Replace(ctx, graph.IRI("doc"), sample("doc")); err != nil {
		t.Fatal(err)
	}
	res, _, err := s.Query(ctx, graph.Query{Lang: "gizmo", Text: `g.V("<` + graph.Base + `pact>").Out("<` + string(graph.Party) + `>").All()`, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	// Cayley's JSON collation writes IRIs in angle brackets.
	want := []any{
		map[string]any{"id": "<" + string(graph.IRI("kgb")) + ">"},
		map[string]any{"id": "<" + string(graph.IRI("mfs")) + ">"},
	}
	// Gizmo promises no order, and the SQL backends give another one.
	byID := cmpopts.SortSlices(func(a, b any) bool { return fmt.Sprint(a) < fmt.Sprint(b) })
	if diff := cmp.Diff(want, res, byID); diff != "" {
		t.Errorf("parties (-want +got):\n%s", diff)
	}
	res, _, err = s.Query(ctx, graph.Query{Lang: "gizmo", Text: `g.V().All()`, Limit: 3})
	if err != nil || len(res) != 3 {
		t.Errorf("limit 3: %d results, %v", len(res), err)
	}
	res, more, err := s.Query(ctx, graph.Query{Lang: "gizmo", Text: `g.V().All()`, Limit: 3})
	if err != nil || len(res) != 3 || !more {
		t.Errorf("limit 3 of many: %d results, more %v, %v", len(res), more, err)
	}
	parties := `g.V("<` + graph.Base + `pact>").Out("<` + string(graph.Party) + `>").All()`
	if res, more, err := s.Query(ctx, graph.Query{Lang: "gizmo", Text: parties, Limit: 2}); err != nil || len(res) != 2 || more {
		t.Errorf("2 parties at limit 2: %d results, more %v, %v", len(res), more, err)
	}
	if res, more, err := s.Query(ctx, graph.Query{Lang: "gizmo", Text: `g.V("<nothing>").All()`, Limit: 2}); err != nil || len(res) != 0 || more {
		t.Errorf("a node not stored: %v, more %v, %v; want none", res, more, err)
	}
	if _, _, err := s.Query(ctx, graph.Query{Lang: "gizmo", Text: `g.V(.All(`, Limit: 10}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("syntax error: %v, want ErrInvalid", err)
	}
	if _, _, err := s.Query(ctx, graph.Query{Lang: "sparql", Text: `SELECT`, Limit: 10}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("unknown language: %v, want ErrInvalid", err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, _, err := s.Query(short, graph.Query{Lang: "gizmo", Text: `while (true) {}`, Limit: 10}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("endless query: %v, want DeadlineExceeded", err)
	}
}

// TestBoltKeepsDataAcrossRestart closes a bolt store and opens it again.
func TestBoltKeepsDataAcrossRestart(t *testing.T) {
	ctx := context.Background()
	cfg := graph.Config{Backend: graph.Bolt, Path: filepath.Join(t.TempDir(), "db")}
	s := open(t, cfg)
	if _, err := s.Replace(ctx, graph.IRI("doc"), sample("doc")); err != nil {
		t.Fatal(err)
	}
	size := graphtest.Size(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, cfg)
	defer s.Close()
	if graphtest.Size(t, s) != size || size == 0 {
		t.Errorf("after restart: %d quads, want %d", graphtest.Size(t, s), size)
	}
	ch, err := s.Replace(ctx, graph.IRI("doc"), sample("doc"))
	if err != nil || ch != (graph.Change{}) {
		t.Errorf("reloading after restart: %+v, %v", ch, err)
	}
	if _, err := s.Entity(ctx, "kgb", graph.LinkPage{}); err != nil {
		t.Errorf("entity after restart: %v", err)
	}
}

func TestOpenRefusesBadConfig(t *testing.T) {
	ctx := context.Background()
	for _, cfg := range []graph.Config{
		{Backend: "badger", Path: t.TempDir()},
		{Backend: graph.Bolt},
		{Backend: graph.Memstore, Path: "/tmp/x"},
	} {
		if s, err := graph.Open(ctx, cfg); !errors.Is(err, graph.ErrInvalid) {
			if s != nil {
				s.Close()
			}
			t.Errorf("open %+v: %v, want ErrInvalid", cfg, err)
		}
	}
}

// TestBoltInUse opens a bolt store that is already open: bolt itself would
// wait for its lock for ever.
func TestBoltInUse(t *testing.T) {
	cfg := graph.Config{Backend: graph.Bolt, Path: filepath.Join(t.TempDir(), "db")}
	s := open(t, cfg)
	defer s.Close()
	done := make(chan error, 1)
	go func() {
		s2, err := graph.Open(context.Background(), cfg)
		if err == nil {
			s2.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "in use by another process") {
			t.Errorf("second open: %v, want an error saying the store is in use", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the second open hangs")
	}
}

// What the named graphs type is written down (kept/graph-records) and
// read back by the next process, which then reads only the labels a write
// adds: a graph written before the restart and one after are both found.
func TestDatasetOfARecordAcrossRestart(t *testing.T) {
	ctx := context.Background()
	cfg := graph.Config{Backend: graph.Bolt, Path: t.TempDir()}
	people, leaders := graph.GraphIRI("people"), graph.GraphIRI("leaders")
	typed := func(s *graph.Store, g quad.IRI, who string) {
		t.Helper()
		if _, err := s.Replace(ctx, g, []quad.Quad{{Subject: graph.IRI(who), Predicate: graph.Type, Object: graph.Person, Label: g}}); err != nil {
			t.Fatal(err)
		}
	}
	s := open(t, cfg)
	typed(s, people, "erich")
	if e, err := s.Entity(ctx, "erich", graph.LinkPage{}); err != nil || e.Dataset != "people" {
		t.Fatalf("erich before the restart: %+v, %v", e, err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(cfg.Path, "kept", "graph-records-0")); err != nil {
		t.Errorf("what the named graphs type was not written down: %v", err)
	}
	s = open(t, cfg)
	defer s.Close()
	if e, err := s.Entity(ctx, "erich", graph.LinkPage{}); err != nil || e.Dataset != "people" {
		t.Errorf("erich after the restart: %+v, %v", e, err)
	}
	typed(s, leaders, "otto")
	for id, want := range map[string]string{"erich": "people", "otto": "leaders"} {
		if e, err := s.Entity(ctx, id, graph.LinkPage{}); err != nil || e.Dataset != want {
			t.Errorf("%s after a write: dataset %q, %v; want %q", id, e.Dataset, err, want)
		}
	}
}

// A person is a dataset's record when a dataset's named graph types them,
// whatever the documents that name them, on every backend.
func TestDatasetOfARecord(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := open(t, b.Config(t))
			defer s.Close()
			doc, people := graph.IRI("doc-p"), graph.GraphIRI("people")
			var qs []quad.Quad
			for _, p := range []string{"erich", "otto"} {
				qs = append(qs,
					quad.Quad{Subject: graph.IRI(p), Predicate: graph.Type, Object: graph.Person, Label: doc},
					quad.Quad{Subject: graph.IRI(p), Predicate: graph.Name, Object: quad.String(p + " Example"), Label: doc})
			}
			if _, err := s.Replace(ctx, doc, qs); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Replace(ctx, people, []quad.Quad{
				{Subject: graph.IRI("erich"), Predicate: graph.Type, Object: graph.Person, Label: people},
			}); err != nil {
				t.Fatal(err)
			}
			check := func(when string, want map[string]string) {
				t.Helper()
				for id, want := range want {
					e, err := s.Entity(ctx, id, graph.LinkPage{})
					if err != nil || e.Dataset != want {
						t.Errorf("%s: %s: dataset %q, %v; want %q", when, id, e.Dataset, err, want)
					}
				}
				// A page of hits reads its nodes' datasets together.
				hits, _, err := s.Search(ctx, "example", "", 0, 0)
				if err != nil || len(hits) != len(want) {
					t.Fatalf("%s: search: %d hits, %v; want %d", when, len(hits), err, len(want))
				}
				for _, h := range hits {
					if h.Dataset != want[h.ID] {
						t.Errorf("%s: search: %s: dataset %q; want %q", when, h.ID, h.Dataset, want[h.ID])
					}
				}
			}
			check("typed by people", map[string]string{"erich": "people", "otto": ""})
			// A second graph typing erich: the first written still names
			// him; without it, the second does. Each change is seen at once
			// (bolt keeps what the graphs type while the store is unchanged).
			leaders := graph.GraphIRI("leaders")
			if _, err := s.Replace(ctx, leaders, []quad.Quad{
				{Subject: graph.IRI("erich"), Predicate: graph.Type, Object: graph.Person, Label: leaders},
				{Subject: graph.IRI("otto"), Predicate: graph.Type, Object: graph.Person, Label: leaders},
				{Subject: graph.IRI("otto"), Predicate: quad.IRI("https://example.org/succeeded"), Object: graph.IRI("erich"), Label: leaders},
			}); err != nil {
				t.Fatal(err)
			}
			check("typed by people and leaders", map[string]string{"erich": "people", "otto": "leaders"})
			// A fact of a named graph names it as its source, as a
			// document's names the document.
			e, err := s.Entity(ctx, "otto", graph.LinkPage{})
			if err != nil {
				t.Fatal(err)
			}
			var sources []string
			for _, p := range e.Provenance {
				sources = append(sources, p.ID)
			}
			if len(e.Out) != 1 || e.Out[0].Label != "graph:leaders" || !slices.Contains(sources, "graph:leaders") {
				t.Errorf("otto's link out %+v, sources %q; want the link's label and a source graph:leaders", e.Out, sources)
			}
			if _, err := s.Replace(ctx, people, []quad.Quad{
				{Subject: graph.IRI("otto"), Predicate: graph.Name, Object: quad.String("Otto"), Label: people},
			}); err != nil {
				t.Fatal(err)
			}
			check("people retyped", map[string]string{"erich": "leaders", "otto": "leaders"})
		})
	}
}
