package datasets_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/corpus/data"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
	"github.com/pactgraph/pactgraph/loaders"
	"github.com/pactgraph/pactgraph/loaders/datasets"
	"github.com/pactgraph/pactgraph/loaders/wilson"
)

// linked is a memstore with the corpus, the datasets and the links.
func linked(t *testing.T) (*graph.Store, *datasets.Links) {
	t.Helper()
	ctx := t.Context()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.Memstore})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	gaz, err := loaders.DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	wp, err := wilson.NewParser(gaz)
	if err != nil {
		t.Fatal(err)
	}
	parties := map[string][]string{}
	l := &loaders.Loader{Parser: wp, Store: s}
	if err := l.LoadFS(ctx, corpus.Files(), ".", func(r loaders.Result) {
		parties[r.Report.Agreement.Entity] = r.Report.Agreement.Parties
	}); err != nil {
		t.Fatal(err)
	}
	if err := datasets.Load(ctx, s, data.Files(), nil); err != nil {
		t.Fatal(err)
	}
	links, err := datasets.Link(gaz, data.Files(), parties)
	if err != nil {
		t.Fatal(err)
	}
	if links.Names, err = datasets.Names(ctx, gaz, s.Has); err != nil {
		t.Fatal(err)
	}
	if _, err := datasets.LoadLinks(ctx, s, links); err != nil {
		t.Fatal(err)
	}
	return s, links
}

func query(t *testing.T, s *graph.Store, q string) string {
	t.Helper()
	res, _, err := s.Query(t.Context(), graph.Query{Lang: "gizmo", Text: q, Limit: 1000})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	b, _ := json.Marshal(res)
	return string(b)
}

const (
	pg  = "https://w3id.org/pactgraph/ns#"
	id  = "https://w3id.org/pactgraph/id/"
	sch = "http://schema.org/"
)

func TestLinks(t *testing.T) {
	s, links := linked(t)
	for _, tc := range []struct{ name, query, want string }{
		{"GDR ↔ COW 265", `g.V("<` + id + `gdr>").Out("<` + pg + `matchByIdentifier>").Out("<` + pg + `code>").All()`, `"265"`},
		{"COW 265 ↔ its ATOP memberships", `g.V("<` + id + `gdr>").Out("<` + pg + `matchByIdentifier>").In("<` + pg + `memberState>").Out("<` + pg + `alliance>").Out("<` + pg + `code>").All()`, `"3285"`},
		{"Warsaw Treaty ↔ ATOP 3285", `g.V("<` + id + `warsaw-treaty>").Out("<` + pg + `matchByDateAndMembers>").Out("<` + pg + `code>").All()`, `"cow-alliance:3534"`},
		{"Andropov ↔ Office of the Historian 100473", `g.V("<` + id + `andropov>").Out("<` + pg + `matchByIdentifier>").Out("<` + pg + `code>").All()`, `"100473"`},
		{"Andropov ↔ his Archigos spell", `g.V("<` + id + `andropov>").Out("<` + pg + `matchByName>").Out("<` + sch + `startDate>").All()`, `1982-11-10`},
		{"MfS within the GDR", `g.V("<` + id + `mfs>").Out("<` + pg + `withinByGazetteer>").All()`, `pactgraph/id/gdr`},
		{"KGB within the USSR, COW 365", `g.V("<` + id + `kgb>").Out("<` + pg + `withinByGazetteer>").Out("<` + pg + `matchByIdentifier>").Out("<` + pg + `code>").All()`, `"365"`},
		{"the 1973 agreement's parties' states", `g.V("<` + id + `wilson-115715-stasi-kgb-1973>").Out("<` + sch + `about>").Out("<` + pg + `party>").Out("<` + pg + `withinByGazetteer>").All()`, `pactgraph/id/ussr`},
		{"citation of a dataset", `g.V("<https://w3id.org/pactgraph/graph/atop>").Out("<` + sch + `citation>").All()`, `Leeds`},
	} {
		if got := query(t, s, tc.query); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %s does not hold %s", tc.name, got, tc.want)
		}
	}
	for _, c := range links.Review {
		if c.Entity == "andropov" || c.Entity == "warsaw-treaty" {
			t.Errorf("review lists a decided match: %+v", c)
		}
	}
	// Mielke has no identifier and no Archigos spell: nothing is linked.
	if got := query(t, s, `g.V("<`+id+`mielke>").Out().All()`); strings.Contains(got, "hsg.") || strings.Contains(got, "archigos.") {
		t.Errorf("mielke linked by no rule: %s", got)
	}
}

func TestLoadIsIdempotent(t *testing.T) {
	s, _ := linked(t)
	before := graphtest.Size(t, s)
	var changed int
	if err := datasets.Load(t.Context(), s, data.Files(), func(r datasets.Result) {
		changed += r.Change.Added + r.Change.Removed
	}); err != nil {
		t.Fatal(err)
	}
	if changed != 0 || graphtest.Size(t, s) != before {
		t.Errorf("loading again changed %d quads (%d → %d)", changed, before, graphtest.Size(t, s))
	}
}

// A person the gazetteer has no identifier for is never linked by name to
// the Office of the Historian's people: the match is listed for review.
func TestAmbiguousForReview(t *testing.T) {
	gaz, err := loaders.ParseGazetteer([]byte(`{"sources": {}, "entities": [
		{"id": "abrasimov", "type": "Person", "name": "Pyotr Abrasimov", "aliases": []}]}`))
	if err != nil {
		t.Fatal(err)
	}
	links, err := datasets.Link(gaz, data.Files(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(links.Quads) != 0 {
		t.Errorf("linked by name: %v", links.Quads)
	}
	if len(links.Review) != 1 || links.Review[0].Record != "hsg.100059" {
		t.Errorf("review: %+v", links.Review)
	}
}

// The gazetteer's "within" links an organisation to its state, in the
// links graph; a "within" naming no state is listed for review, not linked.
func TestWithinByGazetteer(t *testing.T) {
	gaz, err := loaders.ParseGazetteer([]byte(`{"sources": {}, "entities": [
		{"id": "mfs", "type": "Organisation", "name": "Ministry for State Security", "aliases": [], "within": "gdr"},
		{"id": "hva", "type": "Organisation", "name": "Main Directorate for Reconnaissance", "aliases": [], "within": "mfs"},
		{"id": "stb", "type": "Organisation", "name": "State Security", "aliases": [], "within": "czechoslovakia"},
		{"id": "nato", "type": "Organisation", "name": "North Atlantic Treaty Organization", "aliases": []},
		{"id": "gdr", "type": "Territory", "name": "German Democratic Republic", "aliases": []}]}`))
	if err != nil {
		t.Fatal(err)
	}
	links, err := datasets.Link(gaz, data.Files(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := quad.Quad{Subject: graph.IRI("mfs"), Predicate: graph.WithinByGazetteer, Object: graph.IRI("gdr"), Label: graph.GraphIRI(datasets.LinksGraph)}
	var within []quad.Quad
	for _, q := range links.Quads {
		if q.Predicate == graph.WithinByGazetteer {
			within = append(within, q)
		}
	}
	if len(within) != 1 || within[0] != want {
		t.Errorf("within links: got %v, want [%v]", within, want)
	}
	var review []string
	for _, c := range links.Review {
		review = append(review, c.Entity+" → "+c.Record+" ("+c.Rule+")")
	}
	if diff := cmp.Diff([]string{"hva → mfs (withinByGazetteer)", "stb → czechoslovakia (withinByGazetteer)"}, review); diff != "" {
		t.Errorf("review (-want +got):\n%s", diff)
	}
}
