package graph_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/graph"
)

// searchIDs gives the ids Search finds for q, in order.
func searchIDs(t *testing.T, s *graph.Store, q string) []string {
	t.Helper()
	hits, total, err := s.Search(context.Background(), q, "", 0, 0)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	if total != len(hits) {
		t.Errorf("Search(%q): total %d, %d hits", q, total, len(hits))
	}
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// textIDs gives the ids of the articles and commitments SearchText finds.
func textIDs(t *testing.T, s *graph.Store, q graph.TextQuery) []string {
	t.Helper()
	res, err := s.SearchText(context.Background(), q)
	if err != nil {
		t.Fatalf("SearchText(%+v): %v", q, err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	if res.Total != len(ids) {
		t.Errorf("SearchText(%+v): total %d, %d hits", q, res.Total, len(ids))
	}
	return ids
}

func withText(doc, text string) []quad.Quad {
	art := graph.IRI(doc + ".article-I")
	qs := sample(doc)
	for i, q := range qs {
		if q.Subject == art && q.Predicate == graph.Text {
			qs[i].Object = quad.String(text)
		}
	}
	return qs
}

// Every write through the store reaches the search index: a replaced
// document's old names and words are no longer found, its new ones are,
// and so are quads written through Cayley's API.
func TestSearchFollowsWrites(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := open(t, b.Config(t))
			defer s.Close()
			d := graph.IRI("doc-a")
			old := append(withText("doc-a", "Both sides will exchange radio counterintelligence."),
				quad.Quad{Subject: graph.IRI("bureau"), Predicate: graph.Type, Object: graph.Organisation, Label: d},
				quad.Quad{Subject: graph.IRI("bureau"), Predicate: graph.Name, Object: quad.String("Alpha Bureau"), Label: d})
			if _, err := s.ReplaceAll(ctx, []graph.Replacement{{Doc: d, Quads: old}}); err != nil {
				t.Fatal(err)
			}
			if got := searchIDs(t, s, "alpha"); !slices.Equal(got, []string{"bureau"}) {
				t.Errorf("alpha: %v", got)
			}
			if got := textIDs(t, s, graph.TextQuery{Q: "radio"}); !slices.Equal(got, []string{"doc-a.article-I"}) {
				t.Errorf("radio: %v", got)
			}
			renamed := append(withText("doc-a", "Both sides will exchange maps."),
				quad.Quad{Subject: graph.IRI("bureau"), Predicate: graph.Type, Object: graph.Organisation, Label: d},
				quad.Quad{Subject: graph.IRI("bureau"), Predicate: graph.Name, Object: quad.String("Beta Bureau"), Label: d})
			if _, err := s.Replace(ctx, d, renamed); err != nil {
				t.Fatal(err)
			}
			if got := searchIDs(t, s, "alpha"); len(got) != 0 {
				t.Errorf("alpha after the rename: %v", got)
			}
			if got := searchIDs(t, s, "beta"); !slices.Equal(got, []string{"bureau"}) {
				t.Errorf("beta: %v", got)
			}
			if got := textIDs(t, s, graph.TextQuery{Q: "radio"}); len(got) != 0 {
				t.Errorf("radio after the replacement: %v", got)
			}
			if got := textIDs(t, s, graph.TextQuery{Q: "maps"}); !slices.Equal(got, []string{"doc-a.article-I"}) {
				t.Errorf("maps: %v", got)
			}
			// Cayley's write API: a name added, and an article's text.
			art := graph.IRI("doc-a.article-I")
			if _, err := s.AddQuads(ctx, []quad.Quad{
				{Subject: graph.IRI("bureau"), Predicate: graph.Alias, Object: quad.String("Gamma Office"), Label: d},
			}); err != nil {
				t.Fatal(err)
			}
			if got := searchIDs(t, s, "gamma"); !slices.Equal(got, []string{"bureau"}) {
				t.Errorf("gamma, written through Cayley's API: %v", got)
			}
			if _, err := s.DeleteQuads(ctx, []quad.Quad{
				{Subject: art, Predicate: graph.Text, Object: quad.String("Both sides will exchange maps."), Label: d},
			}); err != nil {
				t.Fatal(err)
			}
			if got := textIDs(t, s, graph.TextQuery{Q: "maps"}); len(got) != 0 {
				t.Errorf("maps after its text was deleted through Cayley's API: %v", got)
			}
			// A node whose every name is deleted is found no more.
			if _, err := s.DeleteQuads(ctx, []quad.Quad{
				{Subject: graph.IRI("bureau"), Predicate: graph.Alias, Object: quad.String("Gamma Office"), Label: d},
				{Subject: graph.IRI("bureau"), Predicate: graph.Name, Object: quad.String("Beta Bureau"), Label: d},
			}); err != nil {
				t.Fatal(err)
			}
			if got := searchIDs(t, s, "bureau"); len(got) != 0 {
				t.Errorf("bureau after its names were deleted: %v", got)
			}
		})
	}
}

// SearchText narrows by document, year, commitment type, party and kind,
// counts facets, and marks the matches in its snippet.
func TestSearchTextFacetsAndSnippets(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := open(t, b.Config(t))
			defer s.Close()
			var docs []graph.Replacement
			for i, doc := range []string{"doc-a", "doc-b"} {
				d := graph.IRI(doc)
				c := graph.IRI(doc + ".commitment-1")
				qs := append(withText(doc, "Both sides will exchange radio intelligence, "+[]string{"first", "second"}[i]+"."),
					quad.Quad{Subject: graph.IRI("pact"), Predicate: graph.Date, Object: quad.TypedString{Value: quad.String([]string{"1973-12-06", "1955-05-14"}[i]), Type: "http://www.w3.org/2001/XMLSchema#date"}, Label: d},
					quad.Quad{Subject: c, Predicate: graph.Text, Object: quad.String("exchange radio intelligence"), Label: graph.IRI(doc + ".article-I")},
					quad.Quad{Subject: c, Predicate: graph.OfType, Object: graph.IRI("commitment-type.intelligence-exchange"), Label: graph.IRI(doc + ".article-I")})
				docs = append(docs, graph.Replacement{Doc: d, Quads: qs})
			}
			if _, err := s.ReplaceAll(ctx, docs); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				q    graph.TextQuery
				want []string
			}{
				{graph.TextQuery{Q: "radio"}, []string{"doc-a.article-I", "doc-a.commitment-1", "doc-b.article-I", "doc-b.commitment-1"}},
				{graph.TextQuery{Q: "radio", Year: "1955"}, []string{"doc-b.article-I", "doc-b.commitment-1"}},
				{graph.TextQuery{Q: "radio", Document: "doc-a", Kind: "Commitment"}, []string{"doc-a.commitment-1"}},
				{graph.TextQuery{Q: "radio", CommitmentType: "commitment-type.intelligence-exchange", Party: "kgb", Kind: "Article"}, []string{"doc-a.article-I", "doc-b.article-I"}},
				{graph.TextQuery{Q: `"radio intelligence" second`}, []string{"doc-b.article-I"}},
				{graph.TextQuery{Q: "intellig* firs*"}, []string{"doc-a.article-I"}},
			} {
				if got := textIDs(t, s, c.q); !slices.Equal(got, c.want) {
					t.Errorf("SearchText(%+v) = %v, want %v", c.q, got, c.want)
				}
			}
			res, err := s.SearchText(ctx, graph.TextQuery{Q: "radio", Kind: "Article", Limit: 1, Facets: 10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 2 || len(res.Hits) != 1 {
				t.Fatalf("a page of one: total %d, %d hits", res.Total, len(res.Hits))
			}
			h := res.Hits[0]
			r := []rune(h.Snippet.Text)
			if len(h.Snippet.Marks) != 1 || string(r[h.Snippet.Marks[0][0]:h.Snippet.Marks[0][1]]) != "radio" {
				t.Errorf("snippet %+v: want one mark on radio", h.Snippet)
			}
			want := map[string][]graph.FacetValue{
				"document":        {{ID: "doc-a", Name: "Agreement of doc-a", Count: 1}, {ID: "doc-b", Name: "Agreement of doc-b", Count: 1}},
				"year":            {{ID: "1955", Name: "1955", Count: 1}, {ID: "1973", Name: "1973", Count: 1}},
				"commitment_type": {{ID: "commitment-type.intelligence-exchange", Name: "commitment-type.intelligence-exchange", Count: 2}},
				"party":           {{ID: "kgb", Name: "Committee for State Security", Count: 2}, {ID: "mfs", Name: "Ministry for State Security", Count: 2}},
				"kind":            {{ID: "Article", Name: "Article", Count: 2}},
			}
			if diff := cmp.Diff(want, res.Facets); diff != "" {
				t.Errorf("facets (-want +got)\n%s", diff)
			}
			// No facet counted, none given: the same page.
			bare, err := s.SearchText(ctx, graph.TextQuery{Q: "radio", Kind: "Article", Limit: 1})
			if err != nil || len(bare.Facets) != 0 || bare.Total != res.Total || !cmp.Equal(bare.Hits, res.Hits) {
				t.Errorf("without facets: %+v, %v; want the same hits and total, no facet", bare, err)
			}
			for _, bad := range []graph.TextQuery{{Q: "the"}, {Q: "r*"}, {Q: "radio", Kind: "Person"}, {Q: "radio", Offset: -1}} {
				if _, err := s.SearchText(ctx, bad); !errors.Is(err, graph.ErrInvalid) {
					t.Errorf("SearchText(%+v): %v, want ErrInvalid", bad, err)
				}
			}
		})
	}
}

// A bolt store's index that does not index the store as it is (a write
// it missed, as after a crash between the two; no index; an index that
// cannot be read) is built again when the store is opened.
func TestSearchIndexRebuiltWhenStale(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg := graph.Config{Backend: graph.Bolt, Path: dir}
	index := filepath.Join(dir, "search")
	write := func(doc string, qs []quad.Quad) {
		t.Helper()
		s := open(t, cfg)
		defer s.Close()
		if _, err := s.ReplaceAll(ctx, []graph.Replacement{{Doc: graph.IRI(doc), Quads: qs}}); err != nil {
			t.Fatal(err)
		}
	}
	write("doc-a", withText("doc-a", "Both sides will exchange radio counterintelligence."))
	saved := filepath.Join(t.TempDir(), "saved")
	if err := os.CopyFS(saved, os.DirFS(index)); err != nil {
		t.Fatal(err)
	}
	write("doc-b", append(withText("doc-b", "Both sides will exchange maps."),
		quad.Quad{Subject: graph.IRI("bureau"), Predicate: graph.Name, Object: quad.String("Alpha Bureau"), Label: graph.IRI("doc-b")},
		quad.Quad{Subject: graph.IRI("bureau"), Predicate: graph.Type, Object: graph.Organisation, Label: graph.IRI("doc-b")}))
	// A dataset's named graph, whose own node has a name: a node the API
	// cannot open (it has no id), which a rebuild never indexes, nor may a
	// write.
	func() {
		s := open(t, cfg)
		defer s.Close()
		set := graph.GraphIRI("alpha-set")
		if _, err := s.ReplaceGraph(ctx, set, []quad.Quad{{Subject: set, Predicate: graph.Name, Object: quad.String("Alpha Dataset")}}); err != nil {
			t.Fatal(err)
		}
	}()
	check := func(how string) {
		t.Helper()
		s := open(t, cfg)
		defer s.Close()
		if got := searchIDs(t, s, "alpha"); !slices.Equal(got, []string{"bureau"}) {
			t.Errorf("%s: alpha: %v", how, got)
		}
		if got := textIDs(t, s, graph.TextQuery{Q: "maps OR radio"}); len(got) != 0 {
			t.Errorf("%s: maps OR radio (all three words): %v", how, got)
		}
		if got := textIDs(t, s, graph.TextQuery{Q: "exchange"}); !slices.Equal(got, []string{"doc-a.article-I", "doc-b.article-I"}) {
			t.Errorf("%s: exchange: %v", how, got)
		}
	}
	check("as written")
	// The index as it was before doc-b: the store's write reached the disk,
	// the index's did not.
	if err := os.RemoveAll(index); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(index, os.DirFS(saved)); err != nil {
		t.Fatal(err)
	}
	check("an index one write behind")
	if err := os.RemoveAll(index); err != nil {
		t.Fatal(err)
	}
	check("no index")
	if err := os.RemoveAll(index); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(index, []byte("not an index"), 0o644); err != nil {
		t.Fatal(err)
	}
	check("a file where the index should be")
}
