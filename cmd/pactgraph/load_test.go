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

// TestLoadQuadFiles loads an N-Quads file into its named graph, then
// refuses a malformed one whole, naming its line.
func TestLoadQuadFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	good := filepath.Join(dir, "people.nq")
	bad := filepath.Join(dir, "broken.nq")
	if err := os.WriteFile(good, []byte("<http://ex.org/a> <http://ex.org/p> \"x\" .\n<http://ex.org/a> <http://ex.org/p> \"y\" .\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("<http://ex.org/b> <http://ex.org/p> \"x\" .\n<http://ex.org/b> <http://ex.org/p> .\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var out, errs bytes.Buffer
	if code := run(ctx, []string{"load", "--dbpath", db, good}, &out, &errs); code != 0 {
		t.Fatalf("load %s: exit %d: %s", good, code, errs.String())
	}
	if !strings.Contains(out.String(), "graph/people>, 2 quads added") {
		t.Errorf("load said %q", out.String())
	}
	errs.Reset()
	if code := run(ctx, []string{"load", "--dbpath", db, bad}, io.Discard, &errs); code != 1 {
		t.Errorf("malformed file: exit %d, want 1", code)
	}
	if !strings.Contains(errs.String(), "broken.nq:2:") {
		t.Errorf("the error does not name the file and line: %q", errs.String())
	}
	out.Reset()
	if code := run(ctx, []string{"query", "--dbpath", db, `g.V("<http://ex.org/b>").Out("<http://ex.org/p>").All()`}, &out, io.Discard); code != 0 {
		t.Fatalf("query: exit %d", code)
	}
	if strings.Contains(out.String(), `"x"`) {
		t.Errorf("the first line of the malformed file was written: %s", out.String())
	}
}
