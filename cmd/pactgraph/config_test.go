package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"strings"
	"testing"
)

func TestFlagsFromEnvironment(t *testing.T) {
	newFlags := func() (*flag.FlagSet, *string, *int) {
		fl := flag.NewFlagSet("test", flag.ContinueOnError)
		return fl, fl.String("dbpath", "default", ""), fl.Int("limit", 100, "")
	}

	fl, path, limit := newFlags()
	if err := parse(fl, nil, io.Discard); err != nil || *path != "default" || *limit != 100 {
		t.Errorf("defaults: %q %d %v", *path, *limit, err)
	}

	t.Setenv("PACTGRAPH_DBPATH", "/from/env")
	t.Setenv("PACTGRAPH_LIMIT", "7")
	fl, path, limit = newFlags()
	if err := parse(fl, nil, io.Discard); err != nil || *path != "/from/env" || *limit != 7 {
		t.Errorf("environment: %q %d %v", *path, *limit, err)
	}

	fl, path, _ = newFlags()
	if err := parse(fl, []string{"--dbpath", "/from/flag"}, io.Discard); err != nil || *path != "/from/flag" {
		t.Errorf("the flag should win over the environment: %q %v", *path, err)
	}

	t.Setenv("PACTGRAPH_LIMIT", "many")
	fl, _, _ = newFlags()
	err := parse(fl, nil, io.Discard)
	if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), "PACTGRAPH_LIMIT") {
		t.Errorf("a bad value should name its variable: %v", err)
	}
}

func TestRunRefusesBadCommandLines(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"serve", "--db", "badger"},
		{"serve", "--no-such-flag"},
		{"query"},
		{"extract"},
		{"load", "--db", "memstore"},
	} {
		var stderr bytes.Buffer
		if code := run(context.Background(), args, io.Discard, &stderr); code != 2 {
			t.Errorf("pactgraph %v: exit %d, want 2 (stderr %q)", args, code, stderr.String())
		}
		if stderr.Len() == 0 {
			t.Errorf("pactgraph %v: says nothing on stderr", args)
		}
	}
}

func TestExtractNamesTheBadFile(t *testing.T) {
	dir := t.TempDir() + "/notes.txt"
	var stderr bytes.Buffer
	if err := writeFile(dir, "just some notes\n"); err != nil {
		t.Fatal(err)
	}
	// notes are text: a partial report with warnings, and --strict refuses it
	if code := run(context.Background(), []string{"extract", "--strict", dir}, io.Discard, &stderr); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "notes") {
		t.Errorf("the error does not name the file: %q", stderr.String())
	}
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o644) }
