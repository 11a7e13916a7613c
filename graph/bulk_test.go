package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"testing"

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
				quad.Quad{Subject: art, Predicate: Type, Object: Article, Label: doc},
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
	if !bulk.kv.Bulk() {
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

	// Every node once, counted once for each quad direction that names it,
	// found by its hash: Check reads the records.
	all, err := bulk.allQuads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	nodes := map[refs.ValueHash]bool{}
	for _, q := range all {
		for _, d := range quad.Directions {
			nodes[refs.HashOf(q.Get(d))] = true
		}
	}
	if r, err := bulk.Check(ctx); err != nil || !r.OK() || r.Nodes != int64(len(nodes)) {
		t.Errorf("the bulk load's records: %+v, %v; want %d nodes and no problem", r, err, len(nodes))
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
	if bulk.kv.Bulk() {
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
	if r, err := bulk.Check(ctx); err != nil || !r.OK() || r.Nodes != 0 {
		t.Errorf("an empty store's records: %+v, %v", r, err)
	}
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
	if !s.kv.Bulk() {
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

// A batch that names a document twice is refused, as Cayley's path refuses
// it, and writes nothing: the bulk load wrote such a document's quads twice.
func TestBulkLoadDocumentTwice(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Backend: Bolt, Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs := bulkDocs(0, 2)
	if _, err := s.ReplaceAll(ctx, append(docs, docs[0])); !errors.Is(err, ErrInvalid) {
		t.Errorf("a batch with a document twice: %v, want %v", err, ErrInvalid)
	}
	if n, err := s.Size(ctx); err != nil || n != 0 {
		t.Errorf("a refused batch wrote %d quads", n)
	}
}

// An entity read on a bulk-loaded store, which lists the facts into the
// node from its index alone (factsInto), is the one read from every
// fact's record: the same documents written by Cayley's writer into
// another bolt store, which gives the same ids, give the same answer for
// every node, at several pages; so after new documents are added through
// Cayley's writer, which keeps the labels on. After a replacement the
// bulk-loaded store reads the records again, and still answers as the
// other.
func TestEntityFromKeptLabels(t *testing.T) {
	ctx := context.Background()
	docs := bulkDocs(0, 40)
	// A fact stated under several labels: its order among the links is by
	// label, which the index does not give.
	for i, d := range docs[:5] {
		pact := quad.IRI(string(d.Doc) + ".agreement")
		for a := range 3 {
			docs[i].Quads = append(docs[i].Quads, quad.Quad{Subject: pact, Predicate: Party, Object: IRI("party-0"), Label: quad.IRI(fmt.Sprintf("%s.article-%d", d.Doc, a))})
		}
	}
	bulk, err := Open(ctx, Config{Backend: Bolt, Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer bulk.Close()
	cayley, err := Open(ctx, Config{Backend: Bolt, Path: t.TempDir(), CayleyWriter: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cayley.Close()
	writeAll(t, bulk, docs, 15)
	writeAll(t, cayley, docs, 15)

	nodes := map[quad.IRI]bool{}
	for _, d := range docs {
		for _, q := range d.Quads {
			for _, v := range []quad.Value{q.Subject, q.Object} {
				if iri, ok := v.(quad.IRI); ok && ID(iri) != "" {
					nodes[iri] = true // a node with an id (not a class of schema.org's)
				}
			}
		}
	}
	pages := []LinkPage{{}, {InOffset: 3, Limit: 2}, {InOffset: 20, OutOffset: 1, Limit: 7}}
	compare := func(when string, wantKept bool) {
		t.Helper()
		kept, tied := 0, 0
		for n := range nodes {
			ref, err := bulk.cayley().ValueOf(n)
			if err != nil || ref == nil {
				continue // a node the replacement below removed
			}
			facts, ids, err := bulk.factsInto(ctx, ref)
			if err != nil {
				t.Fatal(err)
			}
			if ids != nil {
				kept++
			}
			for _, f := range facts {
				if !f.unread && ids != nil {
					tied++
				}
			}
			for _, p := range pages {
				want, werr := cayley.Entity(ctx, ID(n), p)
				got, gerr := bulk.Entity(ctx, ID(n), p)
				if werr != nil || gerr != nil {
					t.Fatalf("%s: entity %s, page %+v: %v; %v", when, n, p, werr, gerr)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("%s: entity %s, page %+v (-records +kept labels):\n%s", when, n, p, diff)
				}
			}
		}
		if wantKept != (kept > 0) || wantKept && kept < len(nodes) {
			t.Errorf("%s: the facts into %d of %d nodes read from the index alone; want all: %v", when, kept, len(nodes), wantKept)
		}
		if wantKept && tied == 0 {
			t.Errorf("%s: no fact stated under several labels had its label read with the index", when)
		}
	}
	compare("bulk-loaded", true)
	// New documents one by one through Replace, which is Cayley's writer:
	// only additions, which keep the labels in use.
	more := bulkDocs(40, 46)
	for _, s := range []*Store{bulk, cayley} {
		for _, d := range more {
			if _, err := s.Replace(ctx, d.Doc, d.Quads); err != nil {
				t.Fatal(err)
			}
		}
	}
	if bulk.kv.Bulk() {
		t.Fatal("the bulk load runs on; the test wants Cayley's writer")
	}
	for _, d := range more {
		for _, q := range d.Quads {
			for _, v := range []quad.Value{q.Subject, q.Object} {
				if iri, ok := v.(quad.IRI); ok && ID(iri) != "" {
					nodes[iri] = true
				}
			}
		}
	}
	compare("new documents added through Cayley's writer", true)
	again := bulkDocs(3, 4)
	again[0].Quads = again[0].Quads[:7]
	for _, s := range []*Store{bulk, cayley} {
		if _, err := s.ReplaceAll(ctx, again); err != nil {
			t.Fatal(err)
		}
	}
	compare("after a document replaced", false)
}

// On a bulk-loaded store an entity view reads the records of the facts
// into the node that its page shows, not of all of them, and none of its
// type and name, which each document restates: against the same documents
// written by Cayley's writer (which reads every one), a party's page of
// two links in reads all but two of the first fewer, and every one of the
// second.
func TestEntityReadsItsPageOnly(t *testing.T) {
	ctx := context.Background()
	read := func(cayleyWriter bool) (int64, *Entity) {
		s, err := Open(ctx, Config{Backend: Bolt, Path: t.TempDir(), CayleyWriter: cayleyWriter})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		writeAll(t, s, bulkDocs(0, 60), 20)
		// The search index's update of the last batch, which reads records
		// too, runs behind the write (indexBehind): counted, it made this
		// test fail one run in three.
		s.text.settle()
		before := s.kv.RecordsRead()
		e, err := s.Entity(ctx, "party-0", LinkPage{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		return s.kv.RecordsRead() - before, e
	}
	bulk, e := read(false)
	every, _ := read(true)
	if e.InTotal < 20 || len(e.In) != 2 {
		t.Fatalf("entity party-0: %d links in of %d; want a page of 2 of many", len(e.In), e.InTotal)
	}
	typedNamed := 0
	for _, d := range bulkDocs(0, 60) {
		for _, q := range d.Quads {
			if q.Subject == IRI("party-0") && slices.Contains(restated, q.Predicate) {
				typedNamed++
			}
		}
	}
	if typedNamed < 20 {
		t.Fatalf("party-0 is typed and named %d times; want once each a document that names it", typedNamed)
	}
	if saved := every - bulk; saved != int64(e.InTotal-2+typedNamed) {
		t.Errorf("entity party-0, a page of 2 of %d links in, typed and named %d times: %d records read, %d with every fact's; want %d fewer",
			e.InTotal, typedNamed, bulk, every, e.InTotal-2+typedNamed)
	}
}
