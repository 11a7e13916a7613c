package graph_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/graph"
)

// exportAll is the whole store as N-Quads, in Export's order.
func exportAll(t *testing.T, s *graph.Store) string {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Export(context.Background(), &buf, graph.NQuads, "", graph.Selection{}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// bulkStore writes a bolt store of many documents, then replaces half of
// them, as reloads do, and gives its configuration and its quads.
func bulkStore(t *testing.T) (graph.Config, string) {
	t.Helper()
	ctx := context.Background()
	cfg := graph.Config{Backend: graph.Bolt, Path: filepath.Join(t.TempDir(), "store")}
	s := open(t, cfg)
	var docs []graph.Replacement
	for i := range 300 {
		doc := fmt.Sprintf("doc-%d", i)
		docs = append(docs, graph.Replacement{Doc: graph.IRI(doc), Quads: sample(doc)})
	}
	if _, err := s.ReplaceAll(ctx, docs); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i += 2 {
		doc := fmt.Sprintf("doc-%d", i)
		if _, err := s.Replace(ctx, graph.IRI(doc), sample(doc)[:10]); err != nil {
			t.Fatal(err)
		}
	}
	all := exportAll(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return cfg, all
}

func fileSize(t *testing.T, cfg graph.Config) int64 {
	t.Helper()
	fi, err := os.Stat(filepath.Join(cfg.Path, "indexes.bolt"))
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// searches are the answers of a name search and a text search of s.
func searches(t *testing.T, s *graph.Store) string {
	t.Helper()
	ctx := context.Background()
	hits, total, err := s.Search(ctx, "agreement of doc-1", "", 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	text, err := s.SearchText(ctx, graph.TextQuery{Q: "exchange information", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d %+v\n%+v", total, hits, text)
}

func TestCompact(t *testing.T) {
	cfg, want := bulkStore(t)
	s := open(t, cfg)
	found := searches(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(found, "doc-1") {
		t.Fatalf("the searches before compaction found %s, want doc-1 among them", found)
	}
	var calls int
	res, err := graph.Compact(context.Background(), cfg, func(int64) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	if res.BytesAfter >= res.BytesBefore*3/4 {
		t.Errorf("compacted %d → %d bytes of pages: want at least a quarter less", res.BytesBefore, res.BytesAfter)
	}
	if size := fileSize(t, cfg); size < res.BytesAfter {
		t.Errorf("the file holds %d bytes, less than the %d of its pages", size, res.BytesAfter)
	}
	if calls == 0 || res.Keys == 0 {
		t.Errorf("progress called %d times, %d keys: want both above 0", calls, res.Keys)
	}
	if !res.SearchMerged || res.SearchBytesAfter == 0 {
		t.Errorf("the search index was not merged: %+v", res)
	}
	s = open(t, cfg)
	defer s.Close()
	if diff := cmp.Diff(want, exportAll(t, s)); diff != "" {
		t.Errorf("store differs after compaction (-before +after):\n%s", diff)
	}
	// The merged search index answers as before, and is not built again
	// (Open would have rebuilt one that lost the store's stamp).
	if diff := cmp.Diff(found, searches(t, s)); diff != "" {
		t.Errorf("searches differ after compaction (-before +after):\n%s", diff)
	}
	// It still takes writes, and reads them back.
	if _, err := s.Replace(context.Background(), graph.IRI("doc-new"), sample("doc-new")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Document(context.Background(), "doc-new"); err != nil {
		t.Errorf("a document written after compaction: %v", err)
	}
}

// A compaction that cannot finish leaves the store as it was.
func TestCompactFailsWhole(t *testing.T) {
	cfg, want := bulkStore(t)
	before := fileSize(t, cfg)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := graph.Compact(ctx, cfg, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled compaction: got %v, want context.Canceled", err)
	}

	s := open(t, cfg) // in use: refused
	if _, err := graph.Compact(context.Background(), cfg, nil); err == nil {
		t.Error("compacting a store in use: want an error")
	}
	if got := exportAll(t, s); got != want {
		t.Error("store changed by a failed compaction")
	}
	s.Close()

	if after := fileSize(t, cfg); after != before {
		t.Errorf("file %d bytes after failed compactions, %d before", after, before)
	}
	entries, _ := os.ReadDir(cfg.Path)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"indexes.bolt", "search"}; !slices.Equal(names, want) {
		t.Errorf("store directory holds %v after failed compactions, want %v (no leftover copy)", names, want)
	}

	missing := graph.Config{Backend: graph.Bolt, Path: filepath.Join(t.TempDir(), "none")}
	if _, err := graph.Compact(context.Background(), missing, nil); !errors.Is(err, graph.ErrNotFound) || !strings.Contains(err.Error(), missing.Path) {
		t.Errorf("compact a store that is not there: got %v, want ErrNotFound naming its path", err)
	}
	broken := graph.Config{Backend: graph.Bolt, Path: t.TempDir()}
	junk := []byte(strings.Repeat("not bolt ", 100))
	if err := os.WriteFile(filepath.Join(broken.Path, "indexes.bolt"), junk, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := graph.Compact(context.Background(), broken, nil); err == nil || !strings.Contains(err.Error(), "not a readable bolt file") {
		t.Errorf("compact a file that is not bolt: got %v, want it said", err)
	}
	if got, _ := os.ReadFile(filepath.Join(broken.Path, "indexes.bolt")); !bytes.Equal(got, junk) {
		t.Error("a failed compaction changed the file")
	}

	for _, c := range []graph.Config{{Backend: graph.Memstore}, {Backend: graph.BBolt, Path: cfg.Path}, {Backend: graph.Bolt}} {
		if _, err := graph.Compact(context.Background(), c, nil); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("compact %+v: got %v, want ErrInvalid", c, err)
		}
	}
}

// TestCompactRemovesLeftover: the copy a killed compaction left beside the
// store (here a part of a bolt file, as a kill mid-copy leaves it) is
// removed when the next compaction starts, and reported; the store is
// compacted as usual.
func TestCompactRemovesLeftover(t *testing.T) {
	cfg, want := bulkStore(t)
	path := filepath.Join(cfg.Path, "indexes.bolt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	leftover := path + ".compact"
	if err := os.WriteFile(leftover, data[:len(data)/3], 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := graph.Compact(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Leftover != int64(len(data)/3) {
		t.Errorf("Leftover = %d, want the %d bytes of the leftover", res.Leftover, len(data)/3)
	}
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the leftover is still there: %v", err)
	}
	if res, err := graph.Compact(context.Background(), cfg, nil); err != nil || res.Leftover != 0 {
		t.Errorf("a compaction with no leftover: %v, reports %d bytes of one", err, res.Leftover)
	}
	s := open(t, cfg)
	defer s.Close()
	if got := exportAll(t, s); got != want {
		t.Error("the store changed")
	}
}
