package synth_test

import (
	"testing"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
	"github.com/pactgraph/pactgraph/loaders"
	"github.com/pactgraph/pactgraph/loaders/synth"
	"github.com/pactgraph/pactgraph/loaders/wilson"
)

// TestParse generates documents and checks that the archive-layout parser
// reads from each what it was written with: its parties, its signatures,
// its articles and one commitment per article, borne by a party.
func TestParse(t *testing.T) {
	gaz, err := loaders.DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for i := range 40 {
		d := synth.Document(i)
		if d2 := synth.Document(i); d2.Text != d.Text {
			t.Fatalf("document %d differs between two calls", i)
		}
		if names[d.Name] {
			t.Fatalf("document %d: name %s repeats", i, d.Name)
		}
		names[d.Name] = true
		r, err := wilson.Parse(d.Name, d.Text, gaz)
		if err != nil {
			t.Fatalf("document %d: %v\n%s", i, err, d.Text)
		}
		byName := map[string]string{}
		for _, e := range r.Entities { // a known entity's variant is one of its aliases
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				byName[n] = e.ID
			}
		}
		var parties []string
		for _, p := range d.Parties {
			if byName[p] == "" {
				t.Errorf("%s: party %q is not an entity", d.Name, p)
			}
			parties = append(parties, byName[p])
		}
		if len(r.Agreement.Parties) != 2 || r.Agreement.Parties[0] != parties[0] && r.Agreement.Parties[1] != parties[0] {
			t.Errorf("%s: agreement parties %v, want %v", d.Name, r.Agreement.Parties, parties)
		}
		if r.Agreement.Date == nil || *r.Agreement.Date != d.Date {
			t.Errorf("%s: date %v, want %s", d.Name, r.Agreement.Date, d.Date)
		}
		if len(r.Articles) != d.Articles {
			t.Errorf("%s: %d articles, want %d", d.Name, len(r.Articles), d.Articles)
		}
		if len(r.Obligations) != d.Articles {
			t.Errorf("%s: %d commitments, want %d (one per article)", d.Name, len(r.Obligations), d.Articles)
		}
		for _, o := range r.Obligations {
			if len(o.Bearers) != 1 || o.Bearers[0] != parties[0] && o.Bearers[0] != parties[1] {
				t.Errorf("%s: article %s: bearers %v, want one of the parties %v", d.Name, o.Article, o.Bearers, parties)
			}
		}
		if len(r.Signatures) != 2 {
			t.Errorf("%s: %d signatures, want 2", d.Name, len(r.Signatures))
		}
		if len(r.Quads()) == 0 {
			t.Errorf("%s: no quads", d.Name)
		}
	}
}

// TestLoadDocs loads generated documents with the bulk loader and one by
// one, and checks both give the same store, and that loading again adds
// nothing.
func TestLoadDocs(t *testing.T) {
	ctx := t.Context()
	gaz, err := loaders.DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	p, err := wilson.NewParser(gaz)
	if err != nil {
		t.Fatal(err)
	}
	open := func() (*graph.Store, *loaders.Loader) {
		s, err := graph.Open(ctx, graph.Config{Backend: graph.Memstore})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s, &loaders.Loader{Parser: p, Store: s}
	}
	const n = 60
	src := func(yield func(string, string) bool) {
		for i := range n {
			d := synth.Document(i)
			if !yield(d.Name, d.Text) {
				return
			}
		}
	}
	bulk, bl := open()
	docs, added := 0, 0
	if err := bl.LoadDocs(ctx, src, func(r loaders.Result) { docs++; added += r.Change.Added }); err != nil {
		t.Fatal(err)
	}
	one, ol := open()
	for i := range n {
		d := synth.Document(i)
		if _, err := ol.LoadText(ctx, d.Name, d.Text); err != nil {
			t.Fatal(err)
		}
	}
	if docs != n || int64(added) != graphtest.Size(t, bulk) || graphtest.Size(t, bulk) != graphtest.Size(t, one) {
		t.Errorf("bulk: %d documents, %d quads added, size %d; one by one: size %d", docs, added, graphtest.Size(t, bulk), graphtest.Size(t, one))
	}
	again := 0
	if err := bl.LoadDocs(ctx, src, func(r loaders.Result) { again += r.Change.Added + r.Change.Removed }); err != nil || again != 0 {
		t.Errorf("loading again changed %d quads, %v", again, err)
	}
}
