package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/boltdb/bolt"
)

// TestCheckCommand: pactgraph check says a loaded store is sound (exit 0),
// and names what is wrong in one whose count of quads was changed behind
// its back (exit 1).
func TestCheckCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	nq := filepath.Join(dir, "people.nq")
	if err := os.WriteFile(nq, []byte("<http://ex.org/a> <http://ex.org/p> \"x\" .\n<http://ex.org/a> <http://ex.org/q> <http://ex.org/b> .\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var out, errs bytes.Buffer
	if code := run(ctx, []string{"load", "--dbpath", db, nq}, io.Discard, &errs); code != 0 {
		t.Fatalf("load: exit %d: %s", code, errs.String())
	}
	if code := run(ctx, []string{"check", "--dbpath", db}, &out, &errs); code != 0 || !strings.Contains(out.String(), "2 quads") || !strings.Contains(out.String(), ": sound") {
		t.Fatalf("check of a sound store: exit %d: %s %s", code, out.String(), errs.String())
	}
	// The store's count of quads, as Cayley keeps it, set to 7.
	b, err := bolt.Open(filepath.Join(db, "indexes.bolt"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("size"), []byte{7, 0, 0, 0, 0, 0, 0, 0})
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errs.Reset()
	code := run(ctx, []string{"check", "--dbpath", db}, &out, &errs)
	if code != 1 || !strings.Contains(out.String(), "the store says it holds 7 quads; it has 2") {
		t.Errorf("check of a store with a wrong count: exit %d: %s %s", code, out.String(), errs.String())
	}
}
