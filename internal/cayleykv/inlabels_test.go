package cayleykv

import (
	"context"
	"encoding/binary"
	"slices"
	"strings"
	"testing"

	cayleygraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// The bulk writer keeps the labels of the facts into each node: FactsInto
// gives every fact into a node, as the records say, without reading them
// (but those stated under several labels), and the distinct labels of
// them all; ReadLabels reads the rest. A write through Cayley's writer
// that only adds new quads, and says which, keeps them on; after any
// other (a deletion; an addition not said), or when the bulk load began
// on a store that had held quads, FactsInto says they are not kept.
func TestBulkKeepsInLabels(t *testing.T) {
	ctx := context.Background()
	db, qs := openTestStore(t)
	docs := testDocs(0, 30)
	// One fact stated under two labels: the document's and an article's.
	tied := quad.Quad{Subject: iri("doc-0.agreement"), Predicate: iri("party"), Object: iri("party-0"), Label: iri("doc-0.article-1")}
	docs[0].Quads = append(docs[0].Quads, tied)
	for i := 0; i < len(docs); i += 8 {
		if _, ok, err := db.WriteNew(ctx, docs[i:min(i+8, len(docs))]); err != nil || !ok {
			t.Fatalf("bulk write: ok %v, %v", ok, err)
		}
	}
	if !checkFactsInto(t, db, qs, docs) {
		t.Error("no fact stated under several labels was read: the test checks less than it says")
	}

	// New documents through Cayley's writer, said to be only additions.
	more := testDocs(30, 36)
	var added []quad.Quad
	for _, d := range cayleyDeltas(more) {
		added = append(added, d.Quad)
	}
	write := func(added []quad.Quad, deltas []cayleygraph.Delta) {
		t.Helper()
		if _, err := db.Write(ctx, added, func() error { return qs.ApplyDeltas(deltas, cayleygraph.IgnoreOpts{}) }); err != nil {
			t.Fatal(err)
		}
	}
	write(added, cayleyDeltas(more))
	checkFactsInto(t, db, qs, append(docs, more...))

	party, _ := qs.ValueOf(iri("party-1"))
	kept := func() bool {
		t.Helper()
		_, _, ok, err := db.FactsInto(ctx, uint64(party.(ckv.Int64Value)), nil)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	// An addition not said to be one, and a deletion: no longer kept.
	write(nil, cayleyDeltas(testDocs(36, 37)))
	if kept() {
		t.Error("FactsInto after an addition not said to be one: the labels still in use")
	}
	db2, qs2 := openTestStore(t)
	if _, ok, err := db2.WriteNew(ctx, testDocs(0, 5)); err != nil || !ok {
		t.Fatalf("bulk write: ok %v, %v", ok, err)
	}
	del := []cayleygraph.Delta{{Quad: testDocs(1, 2)[0].Quads[0], Action: cayleygraph.Delete}}
	if _, err := db2.Write(ctx, []quad.Quad{}, func() error { return qs2.ApplyDeltas(del, cayleygraph.IgnoreOpts{}) }); err != nil {
		t.Fatal(err)
	}
	party2, _ := qs2.ValueOf(iri("party-1"))
	if _, _, ok, err := db2.FactsInto(ctx, uint64(party2.(ckv.Int64Value)), nil); ok || err != nil {
		t.Errorf("FactsInto after a deletion: ok %v, %v; want the labels no longer used", ok, err)
	}
}

// checkFactsInto compares FactsInto with the records (AllQuads) for every
// IRI that is the object of a quad of docs, and says whether a fact
// stated under several labels was among them.
func checkFactsInto(t *testing.T, db *DB, qs cayleygraph.QuadStore, docs []Document) (sawTied bool) {
	t.Helper()
	ctx := context.Background()
	objects := map[quad.IRI]bool{}
	for _, d := range docs {
		for _, q := range d.Quads {
			if o, ok := q.Object.(quad.IRI); ok {
				objects[o] = true
			}
		}
	}
	for o := range objects {
		ref, err := qs.ValueOf(o)
		if err != nil || ref == nil {
			t.Fatalf("ValueOf(%s): %v, %v", o, ref, err)
		}
		want, ok, err := db.AllQuads(ctx, map[quad.Direction]cayleygraph.Ref{quad.Object: ref})
		if err != nil || !ok {
			t.Fatalf("AllQuads into %s: ok %v, %v", o, ok, err)
		}
		got, labels, ok, err := db.FactsInto(ctx, uint64(ref.(ckv.Int64Value)), nil)
		if err != nil || !ok {
			t.Fatalf("FactsInto(%s): ok %v, %v; want the labels kept", o, ok, err)
		}
		var wantLabels []uint64
		for _, q := range want {
			if !slices.Contains(wantLabels, q.Dir(quad.Label)) {
				wantLabels = append(wantLabels, q.Dir(quad.Label))
			}
		}
		slices.Sort(wantLabels)
		if !slices.Equal(labels, wantLabels) {
			t.Errorf("labels of the facts into %s: %v, want %v", o, labels, wantLabels)
		}
		if len(got) != len(want) {
			t.Fatalf("facts into %s: %d, want %d", o, len(got), len(want))
		}
		read := slices.Clone(got)
		if err := db.ReadLabels(ctx, read); err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if read[i] != want[i] {
				t.Errorf("fact %d into %s: %+v with its label read, want %+v", i, o, read[i], want[i])
			}
			l := got[i].Dir(quad.Label)
			if several := i > 0 && [3]uint64(got[i-1].Dirs[:3]) == [3]uint64(got[i].Dirs[:3]) || i+1 < len(got) && [3]uint64(got[i+1].Dirs[:3]) == [3]uint64(got[i].Dirs[:3]); several {
				sawTied = true
				if l != want[i].Dir(quad.Label) {
					t.Errorf("fact %d into %s, stated under several labels: label %d, want %d read with it", i, o, l, want[i].Dir(quad.Label))
				}
			} else if l != 0 {
				t.Errorf("fact %d into %s: label %d read, want it left to ReadLabels", i, o, l)
			}
		}
	}
	return sawTied
}

// A bulk load into a store emptied by deletions, whose index lists still
// hold the deleted quads' ids, keeps no labels.
func TestBulkAfterDeletionsKeepsNoInLabels(t *testing.T) {
	ctx := context.Background()
	db, qs := openTestStore(t)
	adds := cayleyDeltas(testDocs(0, 3))
	if _, err := db.Write(ctx, nil, func() error { return qs.ApplyDeltas(adds, cayleygraph.IgnoreOpts{}) }); err != nil {
		t.Fatal(err)
	}
	dels := slices.Clone(adds)
	for i := range dels {
		dels[i].Action = cayleygraph.Delete
	}
	if _, err := db.Write(ctx, nil, func() error { return qs.ApplyDeltas(dels, cayleygraph.IgnoreOpts{}) }); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.WriteNew(ctx, testDocs(0, 3)); err != nil || !ok {
		t.Fatalf("bulk write into the emptied store: ok %v, %v", ok, err)
	}
	party, _ := qs.ValueOf(iri("party-1"))
	if _, _, ok, err := db.FactsInto(ctx, uint64(party.(ckv.Int64Value)), nil); ok || err != nil {
		t.Errorf("FactsInto: ok %v, %v; want no labels kept", ok, err)
	}
}

// Check reads the labels kept of the facts into each node against the
// records: a label missing, or one kept of no fact, is a problem of kind
// "labels".
func TestCheckInLabels(t *testing.T) {
	ctx := context.Background()
	db, qs, problems := checkedStore(t)
	party, _ := qs.ValueOf(iri("party-1"))
	id := uint64(party.(ckv.Int64Value))
	_, labels, _, err := db.FactsInto(ctx, id, nil)
	if err != nil || len(labels) == 0 {
		t.Fatalf("labels of party-1: %v, %v", labels, err)
	}
	key := func(label uint64) hkv.Key {
		return hkv.Key{inLabelsBucket, binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, id), label)}
	}
	err = db.kv.write(ctx, func(tx hkv.Tx) error {
		if err := tx.Del(ctx, key(labels[0])); err != nil {
			return err
		}
		return tx.Put(ctx, key(1<<40), []byte{1})
	})
	if err != nil {
		t.Fatal(err)
	}
	p := problems()
	if len(p) != 2 || !strings.HasPrefix(p[0], "labels: ") || !strings.HasPrefix(p[1], "labels: ") {
		t.Errorf("a label dropped and one added: %q, want two problems of the labels", p)
	}
}

// checkedStore bulk-loads ten test documents into a new store that keeps
// their types' and names' keys, and gives the problems Check finds in it
// (each "kind: text") when asked; it fails the test if it finds any now.
func checkedStore(t *testing.T) (*DB, cayleygraph.QuadStore, func() []string) {
	t.Helper()
	ctx := context.Background()
	db, qs := openTestStore(t)
	db.KeepRestated(iri("type"), iri("name"))
	if _, ok, err := db.WriteNew(ctx, testDocs(0, 10)); err != nil || !ok {
		t.Fatalf("bulk write: ok %v, %v", ok, err)
	}
	problems := func() []string {
		var out []string
		if _, err := db.Check(ctx, func(kind, text string) { out = append(out, kind+": "+text) }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if p := problems(); len(p) > 0 {
		t.Fatalf("a bulk-loaded store: %q, want no problem", p)
	}
	return db, qs, problems
}

// openTestStore opens a bolt store in a temporary directory, closed when
// the test ends.
func openTestStore(t *testing.T) (*DB, cayleygraph.QuadStore) {
	t.Helper()
	db, qs, err := Open(Bolt, t.TempDir(), noBloom)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { qs.Close() })
	return db, qs
}

// The bulk writer keeps the keys of the restated facts: RestatedFacts
// gives every fact of those predicates out of an IRI, as the records say,
// without reading them, and the ids of the predicates. A write through
// Cayley's writer that only adds new quads, and says which, keeps them on;
// after an addition not said, or in a store kept for other predicates,
// RestatedFacts says they are not kept.
func TestBulkKeepsRestated(t *testing.T) {
	ctx := context.Background()
	db, qs := openTestStore(t)
	db.KeepRestated(iri("type"), iri("name"))
	docs := testDocs(0, 30)
	for i := 0; i < len(docs); i += 8 {
		if _, ok, err := db.WriteNew(ctx, docs[i:min(i+8, len(docs))]); err != nil || !ok {
			t.Fatalf("bulk write: ok %v, %v", ok, err)
		}
	}
	checkRestatedFacts(t, db, qs, docs)

	more := testDocs(30, 36)
	var added []quad.Quad
	for _, d := range cayleyDeltas(more) {
		added = append(added, d.Quad)
	}
	if _, err := db.Write(ctx, added, func() error { return qs.ApplyDeltas(cayleyDeltas(more), cayleygraph.IgnoreOpts{}) }); err != nil {
		t.Fatal(err)
	}
	checkRestatedFacts(t, db, qs, append(docs, more...))

	party, _ := qs.ValueOf(iri("party-1"))
	kept := func(db *DB) bool {
		t.Helper()
		_, _, ok, err := db.RestatedFacts(ctx, uint64(party.(ckv.Int64Value)))
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	// The same store, read for other predicates: not kept.
	other := &DB{kv: db.kv}
	other.KeepRestated(iri("type"))
	if kept(other) {
		t.Error("RestatedFacts for predicates other than those kept: ok")
	}
	if _, err := db.Write(ctx, nil, func() error { return qs.ApplyDeltas(cayleyDeltas(testDocs(36, 37)), cayleygraph.IgnoreOpts{}) }); err != nil {
		t.Fatal(err)
	}
	if kept(db) {
		t.Error("RestatedFacts after an addition not said to be one: the keys still in use")
	}
}

// checkRestatedFacts compares RestatedFacts with the records (AllQuads) for
// every IRI that is the subject of a quad of docs.
func checkRestatedFacts(t *testing.T, db *DB, qs cayleygraph.QuadStore, docs []Document) {
	t.Helper()
	ctx := context.Background()
	var restated []uint64
	for _, p := range []quad.Value{iri("type"), iri("name")} {
		r, err := qs.ValueOf(p)
		if err != nil || r == nil {
			t.Fatalf("ValueOf(%s): %v, %v", p, r, err)
		}
		restated = append(restated, uint64(r.(ckv.Int64Value)))
	}
	subjects := map[quad.IRI]bool{}
	for _, d := range docs {
		for _, q := range d.Quads {
			subjects[q.Subject.(quad.IRI)] = true
		}
	}
	sawMany := false
	for s := range subjects {
		ref, err := qs.ValueOf(s)
		if err != nil || ref == nil {
			t.Fatalf("ValueOf(%s): %v, %v", s, ref, err)
		}
		all, ok, err := db.AllQuads(ctx, map[quad.Direction]cayleygraph.Ref{quad.Subject: ref})
		if err != nil || !ok {
			t.Fatalf("AllQuads out of %s: ok %v, %v", s, ok, err)
		}
		var want [][4]uint64
		for _, q := range all {
			if slices.Contains(restated, q.Dir(quad.Predicate)) {
				want = append(want, q.Dirs)
			}
		}
		slices.SortFunc(want, func(a, b [4]uint64) int { return slices.Compare(a[:], b[:]) })
		got, preds, ok, err := db.RestatedFacts(ctx, uint64(ref.(ckv.Int64Value)))
		if err != nil || !ok {
			t.Fatalf("RestatedFacts(%s): ok %v, %v; want the keys kept", s, ok, err)
		}
		if !slices.Equal(preds, restated) {
			t.Errorf("RestatedFacts(%s): predicates %v, want %v", s, preds, restated)
		}
		var gotDirs [][4]uint64
		for _, q := range got {
			if q.ID != 0 {
				t.Errorf("RestatedFacts(%s): a fact with an id (%d)", s, q.ID)
			}
			gotDirs = append(gotDirs, q.Dirs)
		}
		if !slices.Equal(gotDirs, want) {
			t.Errorf("restated facts of %s:\n got %v\nwant %v", s, gotDirs, want)
		}
		sawMany = sawMany || len(want) > 4
	}
	if !sawMany {
		t.Error("no node restated its facts in several documents: the test checks less than it says")
	}
}

// Check reads the keys of the restated facts against the records: one
// dropped, or one of no fact, is a problem of kind "restated".
func TestCheckRestated(t *testing.T) {
	ctx := context.Background()
	db, qs, problems := checkedStore(t)
	party, _ := qs.ValueOf(iri("party-1"))
	facts, _, ok, err := db.RestatedFacts(ctx, uint64(party.(ckv.Int64Value)))
	if err != nil || !ok || len(facts) == 0 {
		t.Fatalf("restated facts of party-1: %v, %v, %v", facts, ok, err)
	}
	key := func(dirs [4]uint64) hkv.Key {
		var k []byte
		for _, id := range dirs {
			k = binary.BigEndian.AppendUint64(k, id)
		}
		return hkv.Key{restatedBucket, k}
	}
	bogus := facts[0].Dirs
	bogus[3] = 1 << 40
	err = db.kv.write(ctx, func(tx hkv.Tx) error {
		if err := tx.Del(ctx, key(facts[0].Dirs)); err != nil {
			return err
		}
		return tx.Put(ctx, key(bogus), []byte{1})
	})
	if err != nil {
		t.Fatal(err)
	}
	p := problems()
	if len(p) != 2 || !strings.HasPrefix(p[0], "restated: ") || !strings.HasPrefix(p[1], "restated: ") {
		t.Errorf("a restated fact dropped and one added: %q, want two problems of the restated facts", p)
	}
}
