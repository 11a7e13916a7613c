package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompactRemovesLeftover: pactgraph compact removes the copy a killed
// compaction left, and says so.
func TestCompactRemovesLeftover(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	nq := filepath.Join(dir, "people.nq")
	if err := os.WriteFile(nq, []byte("<http://ex.org/a> <http://ex.org/p> \"x\" .\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var errs bytes.Buffer
	if code := run(ctx, []string{"load", "--dbpath", db, nq}, io.Discard, &errs); code != 0 {
		t.Fatalf("load: exit %d: %s", code, errs.String())
	}
	leftover := filepath.Join(db, "indexes.bolt.compact")
	if err := os.WriteFile(leftover, bytes.Repeat([]byte{0}, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	errs.Reset()
	if code := run(ctx, []string{"compact", "--dbpath", db}, io.Discard, &errs); code != 0 {
		t.Fatalf("compact: exit %d: %s", code, errs.String())
	}
	if !strings.Contains(errs.String(), "removed "+leftover+" (1.0 MB), left by an interrupted compaction") {
		t.Errorf("compact said %q, want the leftover's removal", errs.String())
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("the leftover is still there: %v", err)
	}
}
