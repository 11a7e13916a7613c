package cayleykv

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/boltdb/bolt"
	cayleygraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"
	hkv "github.com/hidal-go/hidalgo/kv"
	"google.golang.org/protobuf/proto"
)

// testDocs gives documents from..to-1 as a loader would: they share
// parties, types and predicates; articles label part of each; the literals
// are of several kinds, and one fact is there twice.
func testDocs(from, to int) (docs []Document) {
	for d := from; d < to; d++ {
		doc, pact := iri("doc-%d", d), iri("doc-%d.agreement", d)
		qs := []quad.Quad{
			{Subject: doc, Predicate: iri("type"), Object: iri("Document"), Label: doc},
			{Subject: doc, Predicate: iri("name"), Object: quad.String(fmt.Sprintf("Agreement %d", d)), Label: doc},
			{Subject: doc, Predicate: iri("date"), Object: quad.TypedString{Value: quad.String(fmt.Sprintf("19%02d-01-01", 50+d%40)), Type: "http://www.w3.org/2001/XMLSchema#date"}, Label: doc},
			{Subject: doc, Predicate: iri("about"), Object: pact, Label: doc},
			{Subject: pact, Predicate: iri("type"), Object: iri("Treaty"), Label: doc},
		}
		for _, p := range []int{d % 7, (d + 3) % 7} {
			party := iri("party-%d", p)
			qs = append(qs,
				quad.Quad{Subject: pact, Predicate: iri("party"), Object: party, Label: doc},
				quad.Quad{Subject: party, Predicate: iri("type"), Object: iri("Organisation"), Label: doc},
				quad.Quad{Subject: party, Predicate: iri("name"), Object: quad.LangString{Value: quad.String(fmt.Sprintf("Ministerium %d", p)), Lang: "de"}, Label: doc},
			)
		}
		for a := range 3 {
			art := iri("doc-%d.article-%d", d, a)
			qs = append(qs,
				quad.Quad{Subject: art, Predicate: iri("partOf"), Object: doc, Label: doc},
				quad.Quad{Subject: art, Predicate: iri("text"), Object: quad.String(fmt.Sprintf("Both sides will exchange information, article %d.", a)), Label: art},
				quad.Quad{Subject: art, Predicate: iri("start"), Object: quad.Int(a * 100), Label: art},
				quad.Quad{Subject: iri("doc-%d.commitment-%d", d, a), Predicate: iri("bearer"), Object: iri("party-%d", d%7), Label: art},
			)
		}
		qs = append(qs, qs[1]) // the same fact twice: one quad
		docs = append(docs, Document{IRI: doc, Quads: qs})
	}
	return docs
}

// cayleyDeltas are the additions pactgraph gives Cayley's write path for
// docs: each quad once.
func cayleyDeltas(docs []Document) []cayleygraph.Delta {
	var deltas []cayleygraph.Delta
	for _, d := range docs {
		seen := map[string]bool{}
		for _, q := range d.Quads {
			if k := q.NQuad(); !seen[k] {
				seen[k] = true
				deltas = append(deltas, cayleygraph.Delta{Quad: q, Action: cayleygraph.Add})
			}
		}
	}
	return deltas
}

// records lists every key of the bolt file in dir with its value, one line
// each, in the file's order: the bucket path, the key and the value in
// hex. The time in each log record is zeroed. pactgraph's own keys beside
// Cayley's (the labels of the facts into each node, and their stamp) are
// left out: TestBulkKeepsInLabels checks them.
func records(t *testing.T, dir string) []string {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, File), 0, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	var walk func(path []string, b *bolt.Bucket) error
	walk = func(path []string, b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if len(path) == 0 && bytes.Equal(k, inLabelsBucket) ||
				len(path) == 1 && path[0] == hex.EncodeToString(inLabelsStamp[0]) && bytes.Equal(k, inLabelsStamp[1]) {
				return nil
			}
			if v == nil {
				if sub := b.Bucket(k); sub != nil {
					out = append(out, fmt.Sprintf("%s/%x/", strings.Join(path, "/"), k))
					return walk(append(path[:len(path):len(path)], hex.EncodeToString(k)), sub)
				}
			}
			if len(path) == 1 && path[0] == hex.EncodeToString([]byte("log")) {
				var p cproto.Primitive
				if err := proto.Unmarshal(v, &p); err != nil {
					return fmt.Errorf("log record %x: %w", k, err)
				}
				p.Timestamp = 0
				if v, err = proto.Marshal(&p); err != nil {
					return err
				}
			}
			out = append(out, fmt.Sprintf("%s/%x = %x", strings.Join(path, "/"), k, v))
			return nil
		})
	}
	err = db.View(func(tx *bolt.Tx) error { return walk(nil, tx.Cursor().Bucket()) })
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The bulk writer writes what Cayley writes: the same documents, written
// by WriteNew into one bolt file and by Cayley's own bolt backend and
// ApplyDeltas into another, batch for batch, leave the same keys and
// values in every bucket, but for the time of each log record.
func TestBulkWritesCayleysRecords(t *testing.T) {
	ctx := context.Background()
	batches := [][]Document{testDocs(0, 15), testDocs(15, 30), testDocs(30, 37)}

	bulkDir := t.TempDir()
	db, qs, err := Open(Bolt, bulkDir, noBloom)
	if err != nil {
		t.Fatal(err)
	}
	for i, docs := range batches {
		if _, ok, err := db.WriteNew(ctx, docs); err != nil || !ok {
			t.Fatalf("bulk write of batch %d: ok %v, %v", i, ok, err)
		}
	}
	if err := qs.Close(); err != nil {
		t.Fatal(err)
	}

	// The store set up as Open does, its indexes included, then written
	// by Cayley alone.
	cayleyDir := t.TempDir()
	_, qs, err = Open(Bolt, cayleyDir, noBloom)
	if err != nil {
		t.Fatal(err)
	}
	if err := qs.Close(); err != nil {
		t.Fatal(err)
	}
	qs = cayleyBoltStore(t, cayleyDir)
	for i, docs := range batches {
		if err := qs.ApplyDeltas(cayleyDeltas(docs), cayleygraph.IgnoreOpts{IgnoreDup: true}); err != nil {
			t.Fatalf("Cayley's write of batch %d: %v", i, err)
		}
	}
	if err := qs.Close(); err != nil {
		t.Fatal(err)
	}

	cayley, bulk := records(t, cayleyDir), records(t, bulkDir)
	if len(cayley) < 1000 {
		t.Fatalf("Cayley wrote %d records; the test compares next to nothing", len(cayley))
	}
	if diff := cmp.Diff(cayley, bulk); diff != "" {
		t.Errorf("records (-Cayley +bulk):\n%s", diff)
	}
}

// The bulk writer refuses a store whose data version or list of indexes
// is not the one it was checked against: it writes nothing and says so in
// one log line, and Cayley's writer, which the caller falls back to,
// writes the documents into a sound store.
func TestBulkRefusesOtherLayouts(t *testing.T) {
	ctx := context.Background()
	fourIndexes, err := json.Marshal(append(append([]ckv.QuadIndex(nil), bulkIndexes...), ckv.QuadIndex{Dirs: []quad.Direction{quad.Predicate}}))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		key  hkv.Key
		val  []byte
		// reopen: Cayley reads the indexes when it opens a store, and
		// refuses to open one of another version.
		reopen bool
		log    string
	}{
		{"version", keyMetaVersion, binary.LittleEndian.AppendUint64(nil, dataVersion+1), false, "data version (0300000000000000, not 2)"},
		{"indexes", keyMetaIndexes, fourIndexes, true, "list of indexes (sp ops l p, not sp ops l)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var log bytes.Buffer
			defer slog.SetDefault(slog.Default())
			slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))

			dir := t.TempDir()
			db, qs, err := Open(Bolt, dir, noBloom)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.kv.Update(ctx, func(tx hkv.Tx) error { return tx.Put(ctx, c.key, c.val) }); err != nil {
				t.Fatal(err)
			}
			if c.reopen {
				qs.Close()
				if db, qs, err = Open(Bolt, dir, noBloom); err != nil {
					t.Fatal(err)
				}
			}
			defer qs.Close()

			docs := testDocs(0, 5)
			for range 2 {
				if _, ok, err := db.WriteNew(ctx, docs); ok || err != nil {
					t.Fatalf("WriteNew: ok %v, %v; want it to refuse", ok, err)
				}
			}
			if size, err := db.size(ctx); size != 0 || err != nil {
				t.Fatalf("a refused bulk load wrote %d quads (%v)", size, err)
			}
			if n := strings.Count(log.String(), "\n"); n != 1 || !strings.Contains(log.String(), c.log) || !strings.Contains(log.String(), "Cayley's writer") {
				t.Errorf("the log, %d lines, says %q; want one line saying %q and that Cayley's writer writes", n, log.String(), c.log)
			}

			deltas := cayleyDeltas(docs)
			if _, err := db.Write(ctx, nil, func() error { return qs.ApplyDeltas(deltas, cayleygraph.IgnoreOpts{IgnoreDup: true}) }); err != nil {
				t.Fatal(err)
			}
			var problems []string
			counts, err := db.Check(ctx, func(_, text string) { problems = append(problems, text) })
			if err != nil || len(problems) > 0 {
				t.Errorf("the store after Cayley's writes: %v, %q", err, problems)
			}
			if size, _ := db.size(ctx); size != uint64(len(deltas)) || counts.Nodes == 0 {
				t.Errorf("Cayley's writer stored %d quads and %d nodes; want %d quads", size, counts.Nodes, len(deltas))
			}
		})
	}
}

// After a bulk load, Cayley's deletes take the store down to no record of
// any node: the bulk writer counted every node as Cayley counts it.
func TestBulkThenCayleyDownToEmpty(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, qs, err := Open(Bolt, dir, noBloom)
	if err != nil {
		t.Fatal(err)
	}
	docs := testDocs(0, 20)
	for i := 0; i < len(docs); i += 8 {
		if _, ok, err := db.WriteNew(ctx, docs[i:min(i+8, len(docs))]); err != nil || !ok {
			t.Fatalf("bulk write: ok %v, %v", ok, err)
		}
	}
	var deletes []cayleygraph.Delta
	for _, d := range cayleyDeltas(docs) {
		deletes = append(deletes, cayleygraph.Delta{Quad: d.Quad, Action: cayleygraph.Delete})
	}
	if _, err := db.Write(ctx, nil, func() error { return qs.ApplyDeltas(deletes, cayleygraph.IgnoreOpts{}) }); err != nil {
		t.Fatal(err)
	}
	if err := qs.Close(); err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, r := range records(t, dir) {
		bucket, _, _ := strings.Cut(r, "/")
		if (strings.HasPrefix(bucket, "76") || strings.HasPrefix(bucket, "6e")) && len(bucket) == 6 && !strings.HasSuffix(r, "/") {
			left = append(left, r) // a key in a 'v' or 'n' bucket
		}
	}
	if len(left) > 0 {
		t.Errorf("%d node records left in an empty store, first %s", len(left), left[0])
	}
}
