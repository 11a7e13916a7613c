package datasets_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/graph"
)

// TestNamedRecords: the datasets' records go by the names records.json
// gives them, ATOP's provisions are words, and each record says its
// dataset.
func TestNamedRecords(t *testing.T) {
	s, _ := linked(t)
	ctx := t.Context()
	warsaw, err := s.Entity(ctx, "atop.3285", graph.LinkPage{})
	if err != nil {
		t.Fatal(err)
	}
	if warsaw.Name != "Warsaw Pact" || warsaw.Dataset != "atop" {
		t.Errorf("atop.3285: name %q, dataset %q; want Warsaw Pact, atop", warsaw.Name, warsaw.Dataset)
	}
	if want := "military contact in peacetime: moderate (ATOP milcon = 2)"; !slices.Contains(warsaw.Properties["provision"], want) {
		t.Errorf("atop.3285 provisions %q, want among them %q", warsaw.Properties["provision"], want)
	}
	for _, p := range warsaw.Properties["provision"] {
		if !strings.Contains(p, " ") {
			t.Errorf("atop.3285: provision %q is a code, not words", p)
		}
	}
	chief, err := s.Entity(ctx, "pocom.xf-1974-coop-01", graph.LinkPage{})
	if err != nil {
		t.Fatal(err)
	}
	if chief.Name != "John Sherman Cooper" || chief.Dataset != "pocom" {
		t.Errorf("pocom record: name %q, dataset %q; want John Sherman Cooper, pocom", chief.Name, chief.Dataset)
	}
	if want := "Ambassador Extraordinary and Plenipotentiary to the GDR"; !slices.Contains(chief.Properties["label"], want) {
		t.Errorf("pocom record label %q, want %q", chief.Properties["label"], want)
	}
	gdr, err := s.Entity(ctx, "gdr", graph.LinkPage{})
	if err != nil {
		t.Fatal(err)
	}
	if gdr.Dataset != "" {
		t.Errorf("gdr: dataset %q, want none (it is the documents' node)", gdr.Dataset)
	}
}

// TestIdentifiers: an entity lists its keys in the datasets the link
// rules matched it to, with a page to read them; a record its own.
func TestIdentifiers(t *testing.T) {
	s, _ := linked(t)
	ctx := t.Context()
	gdr, err := s.Entity(ctx, "gdr", graph.LinkPage{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, id := range gdr.Identifiers {
		rec := ""
		if id.Record != nil {
			rec = id.Record.ID
		}
		got = append(got, id.Dataset+" "+id.Code+" "+id.URL+" "+rec+" "+id.Rule)
	}
	want := []string{"cow-states 265 https://correlatesofwar.org/data-sets/state-system-membership/ cow.265 matchByIdentifier"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gdr identifiers (-want +got):\n%s", diff)
	}
	chief, err := s.Entity(ctx, "pocom.xf-1974-coop-01", graph.LinkPage{})
	if err != nil {
		t.Fatal(err)
	}
	if len(chief.Identifiers) != 1 || chief.Identifiers[0].Record != nil ||
		chief.Identifiers[0].URL != "https://history.state.gov/departmenthistory/people/cooper-john-sherman" {
		t.Errorf("pocom record identifiers %+v, want its own code with its page", chief.Identifiers)
	}
	treaty, err := s.Entity(ctx, "warsaw-treaty", graph.LinkPage{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, id := range treaty.Identifiers {
		found = found || (id.Dataset == "atop" && id.Code == "3285" && id.Record != nil && id.Record.Name == "Warsaw Pact")
	}
	if !found {
		t.Errorf("warsaw-treaty identifiers %+v, want ATOP 3285, the Warsaw Pact", treaty.Identifiers)
	}
}

// TestGazetteerNames: the gazetteer's common names of the entities the
// store holds are found by search, and no name is written for an entity
// no document or dataset holds.
func TestGazetteerNames(t *testing.T) {
	s, links := linked(t)
	ctx := t.Context()
	for q, want := range map[string]string{"East Germany": "gdr", "Soviet Union": "ussr", "USSR": "ussr", "West Germany": "frg"} {
		hits, _, err := s.Search(ctx, q, "", 0, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].ID != want {
			t.Errorf("search %q: %+v, want %s first", q, hits, want)
		}
	}
	for _, q := range links.Names {
		iri, _ := q.Subject.(quad.IRI)
		id := graph.ID(iri)
		if id == "" {
			continue
		}
		ok, err := s.Has(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Errorf("a name of %s, which the store does not hold: %v", id, q)
		}
	}
}
