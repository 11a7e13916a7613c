package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/loaders/datasets"
)

// TestLinksReadsTheStore: `pactgraph links` ties to ATOP alliances the
// treaties of the documents in the store, loaded under names of the
// user's, and none on a store that holds no treaty.
func TestLinksReadsTheStore(t *testing.T) {
	ctx := context.Background()
	alliances := func(db string) bool {
		t.Helper()
		var errs bytes.Buffer
		if code := run(ctx, []string{"links", "--dbpath", db}, io.Discard, &errs); code != 0 {
			t.Fatalf("links: exit %d: %s", code, errs.String())
		}
		var out bytes.Buffer
		if code := run(ctx, []string{"export", "--dbpath", db, "--graph", string(graph.GraphIRI(datasets.LinksGraph))}, &out, &errs); code != 0 {
			t.Fatalf("export: exit %d: %s", code, errs.String())
		}
		return strings.Contains(out.String(), string(graph.ByDateMembers))
	}
	if alliances(filepath.Join(t.TempDir(), "empty")) {
		t.Errorf("a store without treaties: links tied a treaty to an ATOP alliance")
	}

	// The bundled documents, as a user's files.
	dir := t.TempDir()
	files, err := fs.Glob(corpus.Files(), "*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		text, err := fs.ReadFile(corpus.Files(), f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "mine-"+f), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "db")
	var errs bytes.Buffer
	if code := run(ctx, []string{"load", "--dbpath", db, dir}, io.Discard, &errs); code != 0 {
		t.Fatalf("load: exit %d: %s", code, errs.String())
	}
	if !alliances(db) {
		t.Errorf("the user's treaties: links tied none to an ATOP alliance")
	}
}
