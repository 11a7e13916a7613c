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
// commitments (the i-th of modality graph.Modalities[i] and of type
// "ct-x" or, every second, "ct-y"); with warn, it was read with a
// warning. Each document names a type of none of its commitments.
func agreementDoc(doc, date string, commitments int, warn bool, parties ...string) []quad.Quad {
	d := graph.IRI(doc)
	a := graph.IRI("agreement-" + doc)
	qs := []quad.Quad{
		{Subject: d, Predicate: graph.Type, Object: graph.Document, Label: d},
		{Subject: d, Predicate: graph.Name, Object: quad.String("Agreement " + doc), Label: d},
		{Subject: d, Predicate: graph.Date, Object: quad.String(date), Label: d},
		{Subject: d, Predicate: graph.About, Object: a, Label: d},
		{Subject: a, Predicate: graph.Type, Object: graph.Treaty, Label: d},
		{Subject: graph.IRI("ct-none"), Predicate: graph.Type, Object: graph.CommitmentType, Label: d},
		{Subject: graph.IRI("ct-none"), Predicate: graph.Name, Object: quad.String("none"), Label: d},
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
			quad.Quad{Subject: c, Predicate: graph.Bearer, Object: graph.IRI(parties[0]), Label: d},
			quad.Quad{Subject: c, Predicate: graph.Modality, Object: quad.String(graph.Modalities[i]), Label: d})
		name := []string{"ct-x", "ct-y"}[i%2]
		ct := graph.IRI(name)
		qs = append(qs,
			quad.Quad{Subject: c, Predicate: graph.OfType, Object: ct, Label: d},
			quad.Quad{Subject: ct, Predicate: graph.Type, Object: graph.CommitmentType, Label: d},
			quad.Quad{Subject: ct, Predicate: graph.Name, Object: quad.String(name), Label: d})
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
				// d1973's three commitments and d1955's one.
				CommitmentTypes: []graph.CommitmentTypeCount{
					{Node: graph.Node{ID: "ct-x", IRI: string(graph.IRI("ct-x")), Name: "ct-x", Type: "CommitmentType"}, Commitments: 3},
					{Node: graph.Node{ID: "ct-y", IRI: string(graph.IRI("ct-y")), Name: "ct-y", Type: "CommitmentType"}, Commitments: 1},
				},
				Modalities: []graph.ModalityCount{{Modality: "obligation", Commitments: 2}, {Modality: "permission", Commitments: 1}, {Modality: "prohibition", Commitments: 1}},
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

// A page of documents gives each document's whole summary, read with the
// corpus and kept with it, and a write shows in the next page, on every
// backend.
func TestDocumentsPageWhole(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := open(t, b.Config(t))
			defer s.Close()
			d, pact := graph.IRI("cat"), graph.IRI("pact-cat")
			str := func(v string) quad.Value { return quad.String(v) }
			write := func(date string, warnings ...string) {
				t.Helper()
				qs := []quad.Quad{
					{Subject: d, Predicate: graph.Type, Object: graph.Document, Label: d},
					{Subject: d, Predicate: graph.Name, Object: str("Agreement on cataloguing"), Label: d},
					{Subject: d, Predicate: graph.Date, Object: str(date), Label: d},
					{Subject: d, Predicate: graph.SourceID, Object: str("115715"), Label: d},
					{Subject: d, Predicate: graph.URL, Object: quad.IRI("https://example.org/115715"), Label: d},
					{Subject: d, Predicate: graph.ArchiveReference, Object: str("BStU, MfS, Abt. X"), Label: d},
					{Subject: d, Predicate: graph.Language, Object: str("Russian"), Label: d},
					{Subject: d, Predicate: graph.Citation, Object: str("\"Agreement on cataloguing\", 1973."), Label: d},
					{Subject: d, Predicate: graph.About, Object: pact, Label: d},
					{Subject: pact, Predicate: graph.Type, Object: graph.Treaty, Label: d},
					{Subject: pact, Predicate: graph.Name, Object: str("The cataloguing pact"), Label: d},
				}
				for _, w := range warnings {
					qs = append(qs, quad.Quad{Subject: d, Predicate: graph.Warning, Object: str(w), Label: d})
				}
				if _, err := s.Replace(ctx, d, qs); err != nil {
					t.Fatal(err)
				}
			}
			want := graph.DocumentSummary{
				ID: "cat", IRI: string(d), Title: "Agreement on cataloguing", Date: "1973-12-06",
				SourceID: "115715", URL: "https://example.org/115715", ArchiveReference: "BStU, MfS, Abt. X",
				Language: "Russian", Citation: "\"Agreement on cataloguing\", 1973.",
				Agreement:   &graph.Node{ID: "pact-cat", IRI: string(pact), Name: "The cataloguing pact", Type: "Treaty"},
				NeedsReview: true, Warnings: []string{"line 3: a", "line 9: b"},
			}
			// The same summary by id, an id of no document left out.
			byID := func(want graph.DocumentSummary) {
				t.Helper()
				docs, err := s.DocumentsByID(ctx, []string{"nope", "cat", "pact-cat"})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff([]graph.DocumentSummary{want}, docs); diff != "" {
					t.Errorf("documents by id (-want +got):\n%s", diff)
				}
			}
			write(want.Date, "line 9: b", "line 3: a")
			for range 2 { // read, then kept
				docs, total, err := s.Documents(ctx, 0, 10)
				if err != nil || total != 1 {
					t.Fatalf("documents: %d, %v", total, err)
				}
				if diff := cmp.Diff([]graph.DocumentSummary{want}, docs); diff != "" {
					t.Errorf("documents (-want +got):\n%s", diff)
				}
				byID(want)
			}
			write("1974-01-01")
			want.Date, want.NeedsReview, want.Warnings = "1974-01-01", false, nil
			docs, _, err := s.Documents(ctx, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]graph.DocumentSummary{want}, docs); diff != "" {
				t.Errorf("documents after a write (-want +got):\n%s", diff)
			}
			byID(want)
		})
	}
}
