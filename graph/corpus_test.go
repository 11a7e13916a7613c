package graph_test

import (
	"context"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
)

// agreementDoc is a document dated date recording the agreement
// "agreement-<doc>" between parties, whose first party bears commitments
// commitments; with warn, it was read with a warning.
func agreementDoc(doc, date string, commitments int, warn bool, parties ...string) []quad.Quad {
	d := graph.IRI(doc)
	a := graph.IRI("agreement-" + doc)
	qs := []quad.Quad{
		{Subject: d, Predicate: graph.Type, Object: graph.Document, Label: d},
		{Subject: d, Predicate: graph.Name, Object: quad.String("Agreement " + doc), Label: d},
		{Subject: d, Predicate: graph.Date, Object: quad.String(date), Label: d},
		{Subject: d, Predicate: graph.About, Object: a, Label: d},
		{Subject: a, Predicate: graph.Type, Object: graph.Treaty, Label: d},
	}
	if warn {
		qs = append(qs, quad.Quad{Subject: d, Predicate: graph.Warning, Object: quad.String("line 3: expected a title"), Label: d})
	}
	for _, p := range parties {
		qs = append(qs,
			quad.Quad{Subject: a, Predicate: graph.Party, Object: graph.IRI(p), Label: d},
			quad.Quad{Subject: graph.IRI(p), Predicate: graph.Type, Object: graph.Organisation, Label: d},
			quad.Quad{Subject: graph.IRI(p), Predicate: graph.Name, Object: quad.String("The " + p), Label: d})
	}
	for i := range commitments {
		c := graph.IRI(doc + ".commitment-" + string(rune('a'+i)))
		qs = append(qs,
			quad.Quad{Subject: c, Predicate: graph.Type, Object: graph.Commitment, Label: d},
			quad.Quad{Subject: c, Predicate: graph.Bearer, Object: graph.IRI(parties[0]), Label: d})
	}
	return qs
}

// TestCorpus reads the corpus's summary and list of documents on every
// backend, and again after a write: the documents by year, the actors by
// agreements then commitments, the documents by date.
func TestCorpus(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := open(t, b.Config(t))
			defer s.Close()
			replace := func(doc string, qs []quad.Quad) {
				t.Helper()
				if _, err := s.Replace(ctx, graph.IRI(doc), qs); err != nil {
					t.Fatal(err)
				}
			}
			replace("d1973", agreementDoc("d1973", "1973-12-06", 3, false, "kgb", "mfs"))
			replace("d1955", agreementDoc("d1955", "1955-05-14", 1, true, "ussr", "kgb"))
			replace("d1955b", agreementDoc("d1955b", "1955-01-02", 0, false, "ussr"))

			c, err := s.Corpus(ctx, 2)
			if err != nil {
				t.Fatal(err)
			}
			node := func(id string) graph.Node {
				return graph.Node{ID: id, IRI: string(graph.IRI(id)), Name: "The " + id, Type: "Organisation"}
			}
			want := &graph.Corpus{
				Documents: 3, Agreements: 3,
				Years: []graph.YearCount{{Year: 1955, Documents: 2, Agreements: 2}, {Year: 1973, Documents: 1, Agreements: 1}},
				// kgb and ussr are in two agreements each; kgb bears more.
				Actors:      []graph.Actor{{Node: node("kgb"), Agreements: 2, Commitments: 3}, {Node: node("ussr"), Agreements: 2, Commitments: 1}},
				ActorsTotal: 3,
			}
			if d := cmp.Diff(want, c); d != "" {
				t.Errorf("Corpus (-want +got):\n%s", d)
			}
			docs, err := s.CorpusDocuments(ctx)
			if err != nil {
				t.Fatal(err)
			}
			wantDocs := []graph.CorpusDocument{
				{ID: "d1955b", Title: "Agreement d1955b", Date: "1955-01-02", Agreement: "agreement-d1955b"},
				{ID: "d1955", Title: "Agreement d1955", Date: "1955-05-14", Agreement: "agreement-d1955", NeedsReview: true, Warnings: []string{"line 3: expected a title"}},
				{ID: "d1973", Title: "Agreement d1973", Date: "1973-12-06", Agreement: "agreement-d1973"},
			}
			if d := cmp.Diff(wantDocs, docs); d != "" {
				t.Errorf("CorpusDocuments (-want +got):\n%s", d)
			}

			// A write is read at once.
			replace("d1980", agreementDoc("d1980", "1980-03-01", 0, false, "mfs"))
			c, err = s.Corpus(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if c.Documents != 4 || len(c.Years) != 3 || c.Years[2].Year != 1980 || len(c.Actors) != 3 || c.Actors[2].ID != "mfs" || c.Actors[2].Agreements != 2 {
				t.Errorf("after a fourth document: %+v; want 4 documents, 1980 among the years, mfs in two agreements", c)
			}
		})
	}
}

// TestCorpusTwoServers opens two stores on one PostgreSQL database, as two
// servers do: what one writes, the other's corpus shows from its next
// read, though it keeps its corpus in memory.
func TestCorpusTwoServers(t *testing.T) {
	ctx := context.Background()
	cfg := graphtest.Postgres(t)
	a, b := open(t, cfg), open(t, cfg)
	defer a.Close()
	defer b.Close()
	if _, err := a.Replace(ctx, graph.IRI("d1973"), agreementDoc("d1973", "1973-12-06", 1, false, "kgb", "mfs")); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*graph.Store{a, b} {
		if c, err := s.Corpus(ctx, 0); err != nil || c.Documents != 1 {
			t.Fatalf("Corpus: %+v, %v; want one document", c, err)
		}
	}
	if _, err := b.Replace(ctx, graph.IRI("d1980"), agreementDoc("d1980", "1980-03-01", 0, false, "mfs")); err != nil {
		t.Fatal(err)
	}
	c, err := a.Corpus(ctx, 0)
	if err != nil || c.Documents != 2 || len(c.Years) != 2 {
		t.Errorf("the other server's Corpus after a write: %+v, %v; want two documents in two years", c, err)
	}
	docs, err := a.CorpusDocuments(ctx)
	if err != nil || len(docs) != 2 {
		t.Errorf("the other server's CorpusDocuments after a write: %d, %v; want two", len(docs), err)
	}
	// A removal, which adds nothing, is seen too.
	if _, err := b.Replace(ctx, graph.IRI("d1980"), nil); err != nil {
		t.Fatal(err)
	}
	if c, err := a.Corpus(ctx, 0); err != nil || c.Documents != 1 {
		t.Errorf("the other server's Corpus after a removal: %+v, %v; want one document", c, err)
	}
}
