package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
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

// TestCompactCommand compacts a loaded store; a query gives the same
// answer after, and a wrong backend is a usage error.
func TestCompactCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	ctx := context.Background()
	var errs bytes.Buffer
	if code := run(ctx, []string{"load", "--dbpath", db, filepath.Join("..", "..", "corpus")}, io.Discard, &errs); code != 0 {
		t.Fatalf("load: exit %d: %s", code, errs.String())
	}
	// The load wrote down what a server reads first (api.Warm, graph/kept.go):
	// the corpus's summary and the overview under serve's default limit.
	// Values are written down in gob, after a line of their stamp; the
	// corpus in parts, each after its length, its summary first.
	var head struct{ Summary struct{ Documents int } }
	kept, err := os.ReadFile(filepath.Join(db, "kept", "corpus-0"))
	if err == nil {
		_, value, _ := bytes.Cut(kept, []byte("\n"))
		_, n := binary.Uvarint(value)
		err = gob.NewDecoder(bytes.NewReader(value[max(n, 0):])).Decode(&head)
	}
	if err != nil || head.Summary.Documents != 2 {
		t.Errorf("the corpus written down by load: summary %+v, %v; want its two documents", head.Summary, err)
	}
	if kept, err := os.ReadFile(filepath.Join(db, "kept", "overview-500")); err != nil || !bytes.Contains(kept, []byte(`Stasi`)) {
		t.Errorf("the overview written down by load: %.200q, %v; want the corpus's nodes", kept, err)
	}
	// And what the named graphs type as records (none here: the label
	// index read up to the store's last id).
	var records struct{ UpTo uint64 }
	kept, err = os.ReadFile(filepath.Join(db, "kept", "graph-records-0"))
	if err == nil {
		_, value, _ := bytes.Cut(kept, []byte("\n"))
		err = gob.NewDecoder(bytes.NewReader(value)).Decode(&records)
	}
	if err != nil || records.UpTo == 0 {
		t.Errorf("the datasets' records written down by load: %+v, %v; want them read up to the store's last id", records, err)
	}
	if !strings.Contains(errs.String(), "overview for the server") {
		t.Errorf("load did not say it reads the overview for the server: %q", errs.String())
	}
	query := func() string {
		var out bytes.Buffer
		if code := run(ctx, []string{"query", "--dbpath", db, `g.V().Out("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>").Unique().All()`}, &out, io.Discard); code != 0 {
			t.Fatalf("query: exit %d", code)
		}
		return out.String()
	}
	before := query()
	if !strings.Contains(before, "schema.org/Place") {
		t.Fatalf("query before compaction: %q, want the classes of the corpus", before)
	}
	var out bytes.Buffer
	if code := run(ctx, []string{"compact", "--dbpath", db}, &out, &errs); code != 0 {
		t.Fatalf("compact: exit %d: %s", code, errs.String())
	}
	if !strings.Contains(out.String(), "compacted "+filepath.Join(db, "indexes.bolt")) {
		t.Errorf("compact said %q", out.String())
	}
	if after := query(); after != before {
		t.Errorf("query after compaction: %s, before: %s", after, before)
	}
	errs.Reset()
	if code := run(ctx, []string{"compact", "--db", "memstore"}, io.Discard, &errs); code != 2 || !strings.Contains(errs.String(), "only a bolt store") {
		t.Errorf("compact --db memstore: exit %d, %q; want 2 and why", code, errs.String())
	}
}

// TestLoadCompacts: a load that at least doubles a bolt store compacts it
// after, as pactgraph compact would; a smaller load, or --compact=false,
// leaves the store as written; the search index and what the load wrote
// down for the server are still the store's after the copy.
func TestLoadCompacts(t *testing.T) {
	ctx := context.Background()
	corpus := filepath.Join("..", "..", "corpus")
	load := func(args ...string) (string, string) {
		t.Helper()
		var out, errs bytes.Buffer
		if code := run(ctx, append([]string{"load"}, args...), &out, &errs); code != 0 {
			t.Fatalf("load %q: exit %d: %s", args, code, errs.String())
		}
		return out.String(), errs.String()
	}
	size := func(db string) int64 {
		t.Helper()
		fi, err := os.Stat(filepath.Join(db, "indexes.bolt"))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	query := func(db string) string {
		t.Helper()
		var out bytes.Buffer
		if code := run(ctx, []string{"query", "--dbpath", db, `g.V().Has("<http://schema.org/name>").Count()`}, &out, io.Discard); code != 0 {
			t.Fatalf("query %s: exit %d", db, code)
		}
		return out.String()
	}
	packed, loose := filepath.Join(t.TempDir(), "packed"), filepath.Join(t.TempDir(), "loose")
	out, errs := load("--dbpath", packed, corpus)
	if !strings.Contains(errs, "compacting the store, which the load took from 0 to ") || !strings.Contains(out, "compacted "+filepath.Join(packed, "indexes.bolt")) {
		t.Errorf("a load into an empty store did not compact it: stdout %q, stderr %q", out, errs)
	}
	out, errs = load("--compact=false", "--dbpath", loose, corpus)
	if strings.Contains(out+errs, "compact") {
		t.Errorf("load --compact=false compacted: stdout %q, stderr %q", out, errs)
	}
	if p, l := size(packed), size(loose); p >= l {
		t.Errorf("the compacted store is %d bytes, the one as written %d", p, l)
	}
	corpusNames := query(loose)
	// A document of fewer quads than the store holds: no copy of it all.
	before := size(packed)
	out, errs = load("--dbpath", packed, filepath.Join("..", "..", "loaders", "wilson", "testdata", "invented-999002-gdr-cuba-1974.txt"))
	if strings.Contains(out+errs, "compact") {
		t.Errorf("a load of one document into a larger store compacted it: stdout %q, stderr %q", out, errs)
	}
	if size(packed) < before {
		t.Errorf("the store shrank from %d to %d bytes without a compaction", before, size(packed))
	}
	// The compacted store answers as the other, and its search index was
	// not built again (it matches the store's stamp, which the copy kept).
	load("--dbpath", loose, filepath.Join("..", "..", "loaders", "wilson", "testdata", "invented-999002-gdr-cuba-1974.txt"))
	if p, l := query(packed), query(loose); p != l {
		t.Errorf("the compacted store counts %s named nodes, the other %s", p, l)
	}
	if strings.Contains(errs, "building the search index") {
		t.Errorf("the load after the compaction built the search index again: %q", errs)
	}
	// A compaction that fails (here: what looks like the copy of an
	// interrupted one cannot be removed) leaves the documents loaded and
	// says so; the load succeeds.
	stuck := filepath.Join(t.TempDir(), "stuck")
	if err := os.MkdirAll(filepath.Join(stuck, "indexes.bolt.compact", "in-use"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, errs = load("--dbpath", stuck, corpus)
	if !strings.Contains(errs, "the documents are loaded, but compacting the store failed") || strings.Contains(out, "compacted ") {
		t.Errorf("a failed compaction: stdout %q, stderr %q; want it said, and the load to succeed", out, errs)
	}
	if got := query(stuck); got != corpusNames {
		t.Errorf("the store whose compaction failed counts %s named nodes, want the corpus's %s", got, corpusNames)
	}
}
