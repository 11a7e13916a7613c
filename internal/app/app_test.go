package app_test

import (
	"io/fs"
	"sort"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/internal/app"
	"github.com/pactgraph/pactgraph/loaders"
)

// open is an empty memstore and the loader wired to it.
func open(t *testing.T) (*graph.Store, *loaders.Loader) {
	t.Helper()
	store, err := graph.Open(t.Context(), graph.Config{Backend: graph.Memstore})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	l, err := app.NewLoader(store)
	if err != nil {
		t.Fatal(err)
	}
	return store, l
}

// alliances lists the treaties Link ties to an ATOP alliance by date and
// members, with the alliance.
func alliances(t *testing.T, store *graph.Store) map[string]quad.Value {
	t.Helper()
	links, err := app.Link(t.Context(), store)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]quad.Value{}
	for _, q := range links.Quads {
		if q.Predicate == graph.ByDateMembers {
			out[graph.ID(q.Subject.(quad.IRI))] = q.Object
		}
	}
	return out
}

// TestLinkReadsTheStore: the treaties Link ties to ATOP alliances are those
// of the documents in the store, the bundled corpus's or a user's.
func TestLinkReadsTheStore(t *testing.T) {
	ctx := t.Context()
	empty, _ := open(t)
	if got := alliances(t, empty); len(got) != 0 {
		t.Errorf("an empty store: treaties linked to alliances %v, want none", got)
	}

	bundled, l := open(t)
	if err := l.LoadFS(ctx, corpus.Files(), ".", nil); err != nil {
		t.Fatal(err)
	}
	want := alliances(t, bundled)
	if len(want) == 0 {
		t.Fatal("the bundled corpus: no treaty linked to an ATOP alliance")
	}
	treaties := make([]string, 0, len(want))
	for id := range want {
		treaties = append(treaties, id)
	}
	sort.Strings(treaties)
	treaty := treaties[0]

	// A user loads that treaty's text under a name of their own.
	files, err := fs.Glob(corpus.Files(), "*.txt")
	if err != nil {
		t.Fatal(err)
	}
	store, l := open(t)
	for _, f := range files {
		text, err := fs.ReadFile(corpus.Files(), f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := l.Parser.Parse(ctx, f, string(text))
		if err != nil {
			t.Fatal(err)
		}
		if r.Agreement.Entity != treaty {
			continue
		}
		if _, err := l.LoadText(ctx, "user-upload", string(text)); err != nil {
			t.Fatal(err)
		}
		break
	}
	got := alliances(t, store)
	if got[treaty] != want[treaty] || len(got) != 1 {
		t.Errorf("a user's document of %s: alliances %v, want %s → %v", treaty, got, treaty, want[treaty])
	}
}
