package loaders_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/pactgraph/pactgraph/graph"
)

// agreementText is an invented agreement of 1976 between two ministries
// no gazetteer knows, with n articles.
func agreementText(id, a, b string, n int) string {
	var arts bytes.Buffer
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&arts, "Article %d\n\nBoth sides shall exchange information on matter %d.\n\n", i, i)
	}
	return fmt.Sprintf(`March 2, 1976

Agreement on Cooperation between %[2]s and %[3]s, 2 March 1976

Citation:

"Agreement on Cooperation between %[2]s and %[3]s", March 2, 1976, Wilson Center Digital Archive, Archive X, file 1.

<https://digitalarchive.wilsoncenter.org/document/%[1]s>

Original Language:

English

Contents:

Translation - English

Agreement on Cooperation

between the %[2]s and the %[3]s

%[4]sDone at Sofia on 2 March 1976.
`, id, a, b, arts.String())
}

// TestAgreementsOfOneYearStayApart loads two different agreements of the
// same kind and year, neither known to the gazetteer, and finds two Treaty
// nodes, each with its own parties and articles (issue 10: unknown
// agreements of one year were one node). Loading the first again changes
// nothing: its agreement's id comes from its document.
func TestAgreementsOfOneYearStayApart(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.Memstore})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l := newLoader(t, s)
	docs := []struct{ name, text string }{
		{"ruritania-fishing-1976.txt", agreementText("990001", "Ministry of Fisheries of Ruritania", "Ministry of Fisheries of Borduria", 2)},
		{"syldavia-rail-1976.txt", agreementText("990002", "Ministry of Railways of Syldavia", "Ministry of Transport of Carpania", 3)},
	}
	for _, d := range docs {
		if _, err := l.LoadText(ctx, d.name, d.text); err != nil {
			t.Fatal(err)
		}
	}
	parties, articles := linksOut(t, s, graph.Party), linksOut(t, s, graph.HasArticle)
	if len(parties) != 2 {
		t.Fatalf("treaties with parties: %v, want two agreements", parties)
	}
	want := map[string][2]int{ // parties, articles
		"agreement-ruritania-fishing-1976": {2, 2},
		"agreement-syldavia-rail-1976":     {2, 3},
	}
	for id, w := range want {
		if got := [2]int{parties[id], articles[id]}; got != w {
			t.Errorf("%s has %d parties and %d articles, want %v", id, got[0], got[1], w)
		}
	}
	res, err := l.LoadText(ctx, docs[0].name, docs[0].text)
	if err != nil {
		t.Fatal(err)
	}
	if res.Change != (graph.Change{}) {
		t.Errorf("loading %s again changed %+v", docs[0].name, res.Change)
	}
}

// linksOut counts the links of predicate p out of each node, by node id.
func linksOut(t *testing.T, s *graph.Store, p quad.IRI) map[string]int {
	t.Helper()
	var buf bytes.Buffer
	err := s.ReadQuads(context.Background(), &buf, "nquads", graph.QuadFilter{Predicate: []string{p.String()}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	r := nquads.NewReader(&buf, false)
	for {
		q, err := r.ReadQuad()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out[graph.ID(q.Subject.(quad.IRI))]++
	}
}
