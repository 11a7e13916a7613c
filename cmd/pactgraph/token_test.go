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

// TestTokenNotOnCommandLine: serve refuses --token in every spelling,
// saying what to use instead and without repeating the token.
func TestTokenNotOnCommandLine(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--token", "s3cret-value"},
		{"serve", "-token=s3cret-value"},
		{"--db", "memstore", "--token", "s3cret-value"},
	} {
		var errs bytes.Buffer
		code := run(context.Background(), args, io.Discard, &errs)
		if code != 2 || !strings.Contains(errs.String(), "--token-file") || !strings.Contains(errs.String(), tokenEnv) {
			t.Errorf("%q: exit %d, %q; want 2 and the ways to give a token", args, code, errs.String())
		}
		if strings.Contains(errs.String(), "s3cret-value") {
			t.Errorf("%q: the error repeats the token: %q", args, errs.String())
		}
	}
}

// TestReadToken: the token comes from a file (one line, trimmed; a file
// others may read is taken with a warning) or from PACTGRAPH_TOKEN, not
// both.
func TestReadToken(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string, mode os.FileMode) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil { // past the umask
			t.Fatal(err)
		}
		return path
	}
	private := write("private", "s3cret\n", 0o600)
	shared := write("shared", "s3cret\n", 0o644)

	var warn bytes.Buffer
	if tok, err := readToken(private, &warn); err != nil || tok != "s3cret" || warn.Len() != 0 {
		t.Errorf("private file: %q, %v, warning %q", tok, err, warn.String())
	}
	if tok, err := readToken(shared, &warn); err != nil || tok != "s3cret" || !strings.Contains(warn.String(), "chmod 600") {
		t.Errorf("shared file: %q, %v, warning %q; want the token and a warning", tok, err, warn.String())
	}
	for name, text := range map[string]string{"empty": "\n", "two lines": "a\nb\n"} {
		if _, err := readToken(write(name, text, 0o600), io.Discard); err == nil {
			t.Errorf("%s token file: no error", name)
		}
	}
	if _, err := readToken(filepath.Join(dir, "missing"), io.Discard); err == nil {
		t.Error("missing token file: no error")
	}
	if tok, err := readToken("", io.Discard); err != nil || tok != "" {
		t.Errorf("no token: %q, %v; want none (writes refused)", tok, err)
	}

	t.Setenv(tokenEnv, "from-env")
	if tok, err := readToken("", io.Discard); err != nil || tok != "from-env" {
		t.Errorf("%s: %q, %v", tokenEnv, tok, err)
	}
	if _, err := readToken(private, io.Discard); err == nil || !strings.Contains(err.Error(), "both") {
		t.Errorf("a file and %s: %v; want an error", tokenEnv, err)
	}
}
