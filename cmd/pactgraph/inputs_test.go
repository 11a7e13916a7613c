package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestLoadJSONLDFetchesNothing: pactgraph load of a JSON-LD file whose
// context is a URL or a path refuses it, naming the file, and requests
// nothing.
func TestLoadJSONLDFetchesNothing(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, `{"@context": {"name": "http://schema.org/name"}}`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	for i, ctx := range []string{srv.URL + "/ctx.jsonld", "/etc/hostname"} {
		file := filepath.Join(dir, fmt.Sprintf("remote%d.jsonld", i))
		doc := `{"@context": "` + ctx + `", "@id": "http://example.org/a", "name": "x"}`
		if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		var errs bytes.Buffer
		if code := run(context.Background(), []string{"load", "--dbpath", db, file}, io.Discard, &errs); code != 1 {
			t.Errorf("load %s: exit %d, want 1", file, code)
		}
		if want := file + `: JSON-LD context "` + ctx + `" is not fetched`; !strings.Contains(errs.String(), want) {
			t.Errorf("load said %q, want %q", errs.String(), want)
		}
	}
	if n := hits.Load(); n > 0 {
		t.Errorf("load sent %d requests to a context's URL (SSRF)", n)
	}
}
