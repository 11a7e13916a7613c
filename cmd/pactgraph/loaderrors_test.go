package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLoadExtractNameThePath runs load and extract on bad documents given
// by relative paths: every error names the path as given, and the line
// where there is one; a document with a control character, not in the
// layout or not UTF-8 loads, with warnings naming its path and line (with
// --strict it is refused); a binary file is refused; a document that takes longer than
// --doc-timeout stops with a deadline error naming it.
func TestLoadExtractNameThePath(t *testing.T) {
	fixture, err := os.ReadFile(filepath.Join("..", "..", "loaders", "wilson", "testdata", "fixture-warsaw-treaty-1955.txt"))
	if err != nil {
		t.Fatal(err)
	}
	clause := "The Contracting Parties shall consult with one another on all important international issues. "
	files := map[string]string{
		"docs/notes.txt":  "December 6, 1973\n\nAn agreement\n\nwith no articles at all\n",
		"docs/latin1.txt": "December 6, 1973\n\nAn agreement\n\nDone in Bras\xedlia\n",
		"docs/scan.txt":   "\x00\x01\x02\x03\x04\x05 a scan, not text",
		"docs/nul.txt":    strings.Replace(string(fixture), "Article 2", "Article\x002", 1),
		"docs/long.txt":   strings.Replace(string(fixture), "Article 2\n\n", "Article 2\n\n"+strings.Repeat(clause, 2000), 1),
	}
	dir := t.TempDir()
	for name, text := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	ctx := context.Background()
	for _, c := range []struct {
		args []string
		code int
		want []string // in stderr
	}{
		// a text not in the layout gives a partial report with warnings; --strict refuses it
		{[]string{"load", "--db", "memstore", "docs/notes.txt"}, 0, []string{"docs/notes.txt:5: warning: expected"}},
		{[]string{"extract", "docs/notes.txt"}, 0, []string{"docs/notes.txt:5: warning: expected"}},
		{[]string{"load", "--db", "memstore", "--strict", "docs/notes.txt"}, 1, []string{"docs/notes.txt:5: expected"}},
		{[]string{"extract", "--strict", "docs/notes.txt"}, 1, []string{"docs/notes.txt:5: warning: expected", "--strict"}},
		{[]string{"load", "--db", "memstore", "docs/latin1.txt"}, 0, []string{"docs/latin1.txt:5: warning: expected UTF-8 text", "read as Latin-1"}},
		{[]string{"extract", "docs/latin1.txt"}, 0, []string{"docs/latin1.txt:5: warning: expected UTF-8 text"}},
		{[]string{"load", "--db", "memstore", "docs/scan.txt"}, 1, []string{"docs/scan.txt:1: expected text, found a binary file"}},
		{[]string{"extract", "docs/scan.txt"}, 1, []string{"docs/scan.txt:1: expected text, found a binary file"}},
		{[]string{"load", "--db", "memstore", "docs/missing.txt"}, 1, []string{"docs/missing.txt: no such file"}},
		{[]string{"extract", "docs/missing.txt"}, 1, []string{"docs/missing.txt: no such file"}},
		{[]string{"load", "--db", "memstore", "docs/nul.txt"}, 0, []string{"docs/nul.txt:35: warning: control character U+0000 read as a space"}},
		{[]string{"extract", "docs/nul.txt"}, 0, []string{"docs/nul.txt:35: warning: control character U+0000 read as a space"}},
		// The deadline passes before the parse has begun, and the parse
		// of 2,000 more clauses cannot finish first.
		{[]string{"load", "--db", "memstore", "--doc-timeout", "1ns", "docs/long.txt"}, 1,
			[]string{"pactgraph load: wilson: docs/long.txt", "stopped reading", "context deadline exceeded: a document may take at most 1ns"}},
	} {
		var stderr bytes.Buffer
		code := run(ctx, c.args, io.Discard, &stderr)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d: %s", strings.Join(c.args, " "), code, c.code, stderr.String())
		}
		for _, w := range c.want {
			if !strings.Contains(stderr.String(), w) {
				t.Errorf("%s: stderr %q does not say %q", strings.Join(c.args, " "), stderr.String(), w)
			}
		}
	}
	// A directory: the document is named by its path under it.
	var stderr bytes.Buffer
	if code := run(ctx, []string{"load", "--db", "memstore", "docs"}, io.Discard, &stderr); code != 1 || !strings.Contains(stderr.String(), "docs/scan.txt:1:") {
		t.Errorf("load docs: exit %d, %q; want the first bad document's path and line", code, stderr.String())
	}
}

// TestAPILoadNamesTheDocument loads documents through the real server's
// POST /api/documents: a document that does not parse, or is not UTF-8, is
// answered 400 naming it and the line; one the per-document deadline
// (--doc-timeout) stops is answered 504 naming it; one that loads with
// warnings (a NUL in a heading) carries them, each with its line, as the
// CLI prints them, and one without has an empty list.
func TestAPILoadNamesTheDocument(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	fixture, err := os.ReadFile(filepath.Join("..", "..", "loaders", "wilson", "testdata", "fixture-warsaw-treaty-1955.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := buildBinary(ctx, t, dir)
	srv := startServer(ctx, t, bin, filepath.Join(dir, "db"))
	load := func(srv *server, name, text string) (int, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.url+"/api/documents?name="+name, strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+e2eToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("POST /api/documents?name=%s: %v", name, err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for _, c := range []struct {
		name, text string
		status     int
		says       string
	}{
		{"notes", "December 6, 1973\n\nAn agreement\n\nwith no articles at all\n", 201, `"needs_review":true,"warnings":[{"line":5,"message":"expected`},
		{"latin1", "December 6, 1973\n\nAn agreement\n\nDone in Bras\xedlia\n", 201, `{"line":5,"message":"expected UTF-8 text, found byte 0xED`},
		{"binary", "December 6, 1973\n\x00\x01\x02\x03\x04\x05\x06", 400, `"load binary: wilson: binary:2: expected text, found a binary file`},
		{"nul", strings.Replace(string(fixture), "Article 2", "Article\x002", 1), 201,
			`"warnings":[{"line":35,"message":"control character U+0000 read as a space`},
		{"warsaw", string(fixture), 201, `"warnings":[]`},
	} {
		status, body := load(srv, c.name, c.text)
		if status != c.status || !strings.Contains(body, c.says) {
			t.Errorf("%s: %d %.300s; want %d with %s", c.name, status, body, c.status, c.says)
		}
	}

	// The deadline passes before the parse has begun: no line is reached.
	slow := startServer(ctx, t, bin, filepath.Join(dir, "db2"), "--doc-timeout", "1ns")
	status, body := load(slow, "warsaw", string(fixture))
	if want := `{"error":"load warsaw: deadline exceeded: the request took longer than the server allows (1ns)"}`; status != 504 || strings.TrimSpace(body) != want {
		t.Errorf("a load past its deadline: %d %s; want 504 %s", status, body, want)
	}
}
