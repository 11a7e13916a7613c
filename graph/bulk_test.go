package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"sort"
	"testing"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"
)

// bulkDocs is a corpus in the shape of a load: documents sharing parties,
// types and predicates, each with articles labelling some of its facts,
// and a repeated fact.
func bulkDocs(from, to int) []Replacement {
	var docs []Replacement
	for d := from; d < to; d++ {
		doc := IRI(fmt.Sprintf("doc-%d", d))
		pact := IRI(fmt.Sprintf("doc-%d.agreement", d))
		qs := []quad.Quad{
			{Subject: doc, Predicate: Type, Object: Document, Label: doc},
			{Subject: doc, Predicate: Name, Object: quad.String(fmt.Sprintf("Agreement %d", d)), Label: doc},
			{Subject: doc, Predicate: Date, Object: quad.String(fmt.Sprintf("19%02d-01-01", 50+d%40)), Label: doc},
			{Subject: doc, Predicate: About, Object: pact, Label: doc},
			{Subject: pact, Predicate: Type, Object: Treaty, Label: doc},
		}
		for _, p := range []int{d % 7, (d + 3) % 7} {
			party := IRI(fmt.Sprintf("party-%d", p))
			qs = append(qs,
				quad.Quad{Subject: pact, Predicate: Party, Object: party, Label: doc},
				quad.Quad{Subject: party, Predicate: Type, Object: Organisation, Label: doc},
				quad.Quad{Subject: party, Predicate: Name, Object: quad.String(fmt.Sprintf("Ministry %d", p)), Label: doc},
			)
		}
		for a := range 3 {
			art := IRI(fmt.Sprintf("doc-%d.article-%d", d, a))
			qs = append(qs,
				quad.Quad{Subject: art, Predicate: PartOf, Object: doc, Label: doc},
				quad.Quad{Subject: art, Predicate: Number, Object: quad.String(fmt.Sprint(a + 1)), Label: doc},
				quad.Quad{Subject: art, Predicate: Text, Object: quad.String(fmt.Sprintf("Both sides will exchange information, article %d.", a)), Label: doc},
				quad.Quad{Subject: art, Predicate: Start, Object: quad.Int(a * 100), Label: doc},
				quad.Quad{Subject: IRI(fmt.Sprintf("doc-%d.commitment-%d", d, a)), Predicate: Bearer, Object: IRI(fmt.Sprintf("party-%d", d%7)), Label: art},
			)
		}
		qs = append(qs, qs[1]) // the same fact twice: one quad
		docs = append(docs, Replacement{Doc: doc, Quads: qs})
	}
	return docs
}

func writeAll(t *testing.T, s *Store, docs []Replacement, batch int) []Change {
	t.Helper()
	var out []Change
	for len(docs) > 0 {
		n := min(batch, len(docs))
		ch, err := s.ReplaceAll(context.Background(), docs[:n])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ch...)
		docs = docs[n:]
	}
	return out
}

func exported(t *testing.T, s *Store) string {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Export(context.Background(), &buf, NQuads, "", Selection{}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// nodeCounts reads the store's node records: for each node hash, its id
// ('v') and its count of quad directions ('n').
func nodeCounts(t *testing.T, s *Store) (ids, counts map[refs.ValueHash]uint64) {
	t.Helper()
	ids, counts = map[refs.ValueHash]uint64{}, map[refs.ValueHash]uint64{}
	err := s.kv.KV.(*boltKV).db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if len(name) != 3 || name[0] != 'v' && name[0] != 'n' {
				return nil
			}
			return b.ForEach(func(k, v []byte) error {
				var h refs.ValueHash
				copy(h[:], k)
				x, _ := binary.Uvarint(v)
				if name[0] == 'v' {
					ids[h] = x
				} else {
					counts[h] = x
				}
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids, counts
}

// A bulk load writes what Cayley's path writes: the same quads, every node
// counted as Cayley counts it, indexes that answer every read; and the
// store goes on with Cayley's path after it, down to empty.
func TestBulkLoadIsCayleys(t *testing.T) {
	ctx := context.Background()
	docs := bulkDocs(0, 60)
	bulk, err := Open(ctx, Config{Backend: Bolt, Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer bulk.Close()
	mem, err := Open(ctx, Config{Backend: Memstore})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()

	got := writeAll(t, bulk, docs, 25)
	if bulk.bulk == nil {
		t.Fatal("the bulk load did not run")
	}
	want := writeAll(t, mem, docs, 25)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-Cayley +bulk):\n%s", diff)
	}
	if size(t, bulk) != size(t, mem) {
		t.Errorf("size %d, Cayley's path %d", size(t, bulk), size(t, mem))
	}
	if diff := cmp.Diff(exported(t, mem), exported(t, bulk)); diff != "" {
		t.Fatalf("stored quads (-Cayley +bulk):\n%s", diff)
	}

	// Every node once, counted once for each quad direction that names it.
	all, err := bulk.quadsAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantCounts := map[refs.ValueHash]uint64{}
	for _, q := range all {
		for _, d := range quad.Directions {
			wantCounts[refs.HashOf(q.Get(d))]++
		}
	}
	ids, counts := nodeCounts(t, bulk)
	if diff := cmp.Diff(wantCounts, counts); diff != "" {
		t.Errorf("node counts (-quads +store):\n%s", diff)
	}
	unique := map[uint64]bool{}
	for h, id := range ids {
		if id == 0 || unique[id] {
			t.Fatalf("node %x: id %d, zero or given twice", h, id)
		}
		unique[id] = true
	}
	if len(ids) != len(wantCounts) {
		t.Errorf("%d node ids, %d nodes", len(ids), len(wantCounts))
	}
	for _, q := range all {
		for _, d := range quad.Directions {
			v := q.Get(d)
			r, err := bulk.cayley().ValueOf(v)
			if err != nil || r == nil {
				t.Fatalf("value %v: no ref (%v)", v, err)
			}
			if back, err := bulk.cayley().NameOf(r); err != nil || back != v {
				t.Fatalf("value %v reads back as %v (%v)", v, back, err)
			}
		}
	}

	// The indexes answer: every node's quads in each direction.
	for _, v := range []quad.Value{IRI("party-3"), Organisation, Name, IRI("doc-7"), IRI("doc-7.article-1"), quad.String("Ministry 3")} {
		for _, d := range quad.Directions {
			var want, got []string
			for _, q := range all {
				if q.Get(d) == v {
					want = append(want, q.NQuad())
				}
			}
			qs, err := bulk.quadsWith(ctx, d, v)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range qs {
				got = append(got, q.NQuad())
			}
			sort.Strings(want)
			sort.Strings(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("quads with %v as %v (-all +index):\n%s", v, d, diff)
			}
		}
	}

	// A document again ends the bulk load; Cayley's path replaces it.
	again := bulkDocs(5, 6)
	again[0].Quads = again[0].Quads[:4]
	if _, err := bulk.ReplaceAll(ctx, append(again, bulkDocs(60, 61)...)); err != nil {
		t.Fatal(err)
	}
	if _, err := mem.ReplaceAll(ctx, append(again, bulkDocs(60, 61)...)); err != nil {
		t.Fatal(err)
	}
	if bulk.bulk != nil {
		t.Error("the bulk load runs on after a document came again")
	}
	if diff := cmp.Diff(exported(t, mem), exported(t, bulk)); diff != "" {
		t.Fatalf("stored quads after a document again (-Cayley +bulk):\n%s", diff)
	}

	// Down to empty through Cayley's path: every count was right, so no
	// node is left.
	for _, d := range bulkDocs(0, 61) {
		if _, err := bulk.Replace(ctx, d.Doc, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := size(t, bulk); n != 0 {
		t.Errorf("%d quads left", n)
	}
	if ids, counts := nodeCounts(t, bulk); len(ids) != 0 || len(counts) != 0 {
		t.Errorf("%d node ids and %d counts left in an empty store", len(ids), len(counts))
	}
}

// quadsAll lists every quad of the store through Cayley.
func (s *Store) quadsAll(ctx context.Context) ([]quad.Quad, error) {
	var out []quad.Quad
	err := iterator.Iterate(ctx, s.cayley().QuadsAllIterator()).Each(func(r refs.Ref) error {
		q, err := s.cayley().Quad(r)
		out = append(out, q)
		return err
	})
	return out, err
}

// A store emptied by deletes still holds its deleted quads' records and
// index entries: a bulk load into it must not reuse their ids.
func TestBulkLoadAfterDeletes(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Backend: Bolt, Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	old := bulkDocs(100, 110)
	for _, d := range old {
		if _, err := s.Replace(ctx, d.Doc, d.Quads); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range old {
		if _, err := s.Replace(ctx, d.Doc, nil); err != nil {
			t.Fatal(err)
		}
	}
	if size(t, s) != 0 {
		t.Fatalf("%d quads left", size(t, s))
	}
	mem, err := Open(ctx, Config{Backend: Memstore})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	docs := bulkDocs(0, 20)
	writeAll(t, s, docs, 7)
	writeAll(t, mem, docs, 7)
	if s.bulk == nil {
		t.Fatal("the bulk load did not run")
	}
	if diff := cmp.Diff(exported(t, mem), exported(t, s)); diff != "" {
		t.Fatalf("stored quads (-Cayley +bulk):\n%s", diff)
	}
	for _, v := range []quad.Value{IRI("party-3"), Organisation, Name, IRI("doc-7")} {
		for _, d := range []quad.Direction{quad.Subject, quad.Object} {
			got, err := s.quadsWith(ctx, d, v)
			if err != nil {
				t.Fatal(err)
			}
			want, err := mem.quadsWith(ctx, d, v)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("quads with %v as %v: %d, Cayley's path %d", v, d, len(got), len(want))
			}
		}
	}
}
