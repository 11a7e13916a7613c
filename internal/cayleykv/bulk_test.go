package cayleykv

import (
	"context"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/boltdb/bolt"
	cayleygraph "github.com/cayleygraph/cayley/graph"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"
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
// hex. The time in each log record is zeroed.
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
