package loaders_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
	"github.com/pactgraph/pactgraph/loaders"
	"github.com/pactgraph/pactgraph/loaders/wilson"
)

func newLoader(t *testing.T, s *graph.Store) *loaders.Loader {
	t.Helper()
	gaz, err := loaders.DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	p, err := wilson.NewParser(gaz)
	if err != nil {
		t.Fatal(err)
	}
	return &loaders.Loader{Parser: p, Store: s}
}

// TestLoadCorpusOnBolt loads the bundled corpus into a bolt store, loads it
// again (nothing changes), restarts the store (everything is still there)
// and checks that both documents share one node per entity.
func TestLoadCorpusOnBolt(t *testing.T) {
	ctx := context.Background()
	cfg := graph.Config{Backend: graph.Bolt, Path: filepath.Join(t.TempDir(), "db")}
	s, err := graph.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var loaded []string
	err = newLoader(t, s).LoadFS(ctx, corpus.Files(), ".", func(r loaders.Result) {
		loaded = append(loaded, r.Report.ID)
		if r.Change.Added == 0 {
			t.Errorf("%s added no quads", r.Report.ID)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded) != 2 {
		t.Fatalf("loaded %v, want the two corpus files", loaded)
	}
	size := graphtest.Size(t, s)
	err = newLoader(t, s).LoadFS(ctx, corpus.Files(), ".", func(r loaders.Result) {
		if r.Change != (graph.Change{}) {
			t.Errorf("loading %s again changed %+v", r.Report.ID, r.Change)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = graph.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if graphtest.Size(t, s) != size {
		t.Errorf("after a restart the store holds %d quads, want %d", graphtest.Size(t, s), size)
	}
	// The GDR is named by both documents: one node, with the facts of both.
	e, err := s.Entity(ctx, "gdr", graph.LinkPage{})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]bool{}
	for _, p := range e.Provenance {
		docs[p.Document] = true
	}
	if len(docs) != 2 {
		t.Errorf("the GDR's facts come from %v, want both documents", docs)
	}
	hits, _, err := s.Search(ctx, "German Democratic Republic", "Territory", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 {
		t.Errorf("search for the GDR found %d territories, want 1: %+v", len(hits), hits)
	}
}

// TestLoadRefusesMalformed checks that a file that is not text is refused
// with ErrInvalid and writes nothing.
func TestLoadRefusesMalformed(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.Memstore})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = newLoader(t, s).LoadText(ctx, "broken", "\x00\x01\x02\x03 not text\x00\x00\x00")
	if !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("err %v, want ErrInvalid", err)
	}
	if !strings.Contains(err.Error(), "broken") {
		t.Errorf("error %q does not name the document", err)
	}
	if graphtest.Size(t, s) != 0 {
		t.Errorf("a refused document wrote %d quads", graphtest.Size(t, s))
	}
}

// TestPreambleCommitmentsHaveTheirDocument: a document read without
// articles keeps its commitments in its preamble; each is listed with its
// document and agreement, as one of an article is.
func TestPreambleCommitmentsHaveTheirDocument(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.Memstore})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	text := "Memorandum between the Port Office of Ruritania and the Pilot Service of Borduria\n\n" +
		"The Port Office of Ruritania and the Pilot Service of Borduria have agreed as follows.\n\n" +
		"The Port Office of Ruritania shall inform the Pilot Service of Borduria of every closure of the harbour.\n"
	res, err := newLoader(t, s).LoadText(ctx, "memo-1962", text)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Report.Warnings) == 0 {
		t.Fatalf("warnings none, want one: the text has no articles")
	}
	rows, _, err := s.Commitments(ctx, graph.CommitmentQuery{})
	if err != nil || len(rows) == 0 {
		t.Fatalf("commitments %+v, %v; want the preamble's", rows, err)
	}
	for _, r := range rows {
		if r.Document != "memo-1962" || r.Agreement == nil || r.ArticleNumber != "" {
			t.Errorf("commitment %s: document %q, agreement %v, article %q; want memo-1962, its agreement, none", r.ID, r.Document, r.Agreement, r.ArticleNumber)
		}
	}
}
