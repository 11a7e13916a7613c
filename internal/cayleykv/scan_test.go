package cayleykv

import (
	"context"
	"errors"
	"testing"

	cayleygraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/protobuf/proto"
)

// Scan gives the quads Cayley's own iterators give, in their order, for a
// filter on one direction and on the two leading directions of an index,
// never a deleted quad; ErrSkipKey skips the rest of one index key only.
func TestScanAsCayley(t *testing.T) {
	ctx := context.Background()
	db, qs := openTestStore(t)
	typ, class := quad.IRI("type"), quad.IRI("Class")
	var quads []quad.Quad
	for i := range 30 {
		s := quad.IRI(string(rune('a' + i%7)))
		quads = append(quads,
			quad.Quad{Subject: s, Predicate: typ, Object: class, Label: quad.IRI(string(rune('A' + i)))},
			quad.Quad{Subject: s, Predicate: quad.IRI("name"), Object: quad.String(string(rune('A' + i))), Label: quad.IRI("doc")},
			quad.Quad{Subject: quad.IRI("x"), Predicate: quad.IRI("links"), Object: s},
		)
	}
	var deltas []cayleygraph.Delta
	for _, q := range quads {
		deltas = append(deltas, cayleygraph.Delta{Quad: q, Action: cayleygraph.Add})
	}
	if err := qs.ApplyDeltas(deltas, cayleygraph.IgnoreOpts{IgnoreDup: true}); err != nil {
		t.Fatal(err)
	}
	// Deleted quads stay in the log and the index: Scan must skip them.
	if err := qs.ApplyDeltas([]cayleygraph.Delta{{Quad: quads[3], Action: cayleygraph.Delete}, {Quad: quads[4], Action: cayleygraph.Delete}}, cayleygraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	ref := func(v quad.Value) cayleygraph.Ref {
		r, err := qs.ValueOf(v)
		if err != nil || r == nil {
			t.Fatalf("ValueOf(%v): %v, %v", v, r, err)
		}
		return r
	}
	scan := func(filter map[quad.Direction]cayleygraph.Ref, skip bool) []quad.Quad {
		var out []quad.Quad
		seen := map[any]bool{}
		ok, err := db.Scan(ctx, filter, func(r cayleygraph.Ref) error {
			q, err := qs.Quad(r)
			if err != nil {
				return err
			}
			out = append(out, q)
			if skip {
				if seen[q.Subject] {
					t.Errorf("after ErrSkipKey, %v again", q)
				}
				seen[q.Subject] = true
				return ErrSkipKey
			}
			return nil
		})
		if err != nil || !ok {
			t.Fatalf("Scan(%v): %v, %v", filter, ok, err)
		}
		return out
	}
	cayley := func(it iterator.Shape, keep func(quad.Quad) bool) []quad.Quad {
		var out []quad.Quad
		err := iterator.Iterate(ctx, it).Each(func(r cayleygraph.Ref) error {
			q, err := qs.Quad(r)
			if keep(q) {
				out = append(out, q)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	all := func(quad.Quad) bool { return true }
	for _, d := range []quad.Direction{quad.Subject, quad.Object, quad.Label} {
		for _, v := range []quad.Value{quad.IRI("a"), class, quad.IRI("doc"), quad.IRI("x")} {
			r, _ := qs.ValueOf(v)
			if r == nil {
				continue
			}
			filter := map[quad.Direction]cayleygraph.Ref{d: r}
			if diff := cmp.Diff(cayley(qs.QuadIterator(d, r), all), scan(filter, false)); diff != "" {
				t.Errorf("%s %v (-cayley +scan):\n%s", d, v, diff)
			}
		}
	}
	// AllQuads gives what ScanQuads gives, deleted quads left out.
	for _, d := range []quad.Direction{quad.Subject, quad.Object, quad.Label} {
		for _, v := range []quad.Value{quad.IRI("a"), quad.IRI("b"), class, quad.IRI("doc"), quad.IRI("x")} {
			r, _ := qs.ValueOf(v)
			if r == nil {
				continue
			}
			filter := map[quad.Direction]cayleygraph.Ref{d: r}
			var want []Quad
			if _, err := db.ScanQuads(ctx, filter, nil, func(q Quad) error { want = append(want, q); return nil }); err != nil {
				t.Fatal(err)
			}
			got, ok, err := db.AllQuads(ctx, filter)
			if err != nil || !ok {
				t.Fatalf("AllQuads(%s %v): %v, %v", d, v, ok, err)
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("AllQuads(%s %v) (-ScanQuads +AllQuads):\n%s", d, v, diff)
			}
		}
	}
	// The nodes of a class: (object, predicate), the leading two of the
	// object–predicate–subject index.
	want := cayley(qs.QuadIterator(quad.Object, ref(class)), func(q quad.Quad) bool { return q.Predicate == typ })
	got := scan(map[quad.Direction]cayleygraph.Ref{quad.Object: ref(class), quad.Predicate: ref(typ)}, false)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(object, predicate) (-cayley +scan):\n%s", diff)
	}
	if len(got) != 29 {
		t.Errorf("(object, predicate): %d quads, want 29 (30 written, 1 deleted)", len(got))
	}
	if got := scan(map[quad.Direction]cayleygraph.Ref{quad.Object: ref(class), quad.Predicate: ref(typ)}, true); len(got) != 7 {
		t.Errorf("with ErrSkipKey: %d quads, want one a subject (7): %v", len(got), got)
	}
	// No index leads with the predicate.
	if ok, _ := db.Scan(ctx, map[quad.Direction]cayleygraph.Ref{quad.Predicate: ref(typ)}, func(cayleygraph.Ref) error { return nil }); ok {
		t.Error("Scan by predicate alone: ok, but no index has the predicate first")
	}
	// fn's error ends the scan and is returned.
	stop := errors.New("stop")
	if _, err := db.Scan(ctx, map[quad.Direction]cayleygraph.Ref{quad.Object: ref(class)}, func(cayleygraph.Ref) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Scan returned %v, want fn's error", err)
	}
}

// decodeQuad reads what protobuf reads from Cayley's records: quads, live
// and deleted, with and without a label, and a value's record (whose bytes
// it passes over).
func TestDecodeQuad(t *testing.T) {
	for _, p := range []*cproto.Primitive{
		{ID: 1, Subject: 2, Predicate: 3, Object: 4, Label: 5, Timestamp: 1700000000000000000},
		{ID: 300, Subject: 1 << 40, Predicate: 7, Object: 1<<63 + 5, Deleted: true, Timestamp: -3},
		{ID: 9, Value: []byte("a value's bytes"), Timestamp: 12},
		{ID: 10, Subject: 1, Predicate: 2, Object: 3, Replaces: 8},
	} {
		rec, err := proto.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, deleted, err := decodeQuad(rec)
		want := Quad{ID: p.ID, Dirs: [4]uint64{p.Subject, p.Predicate, p.Object, p.Label}}
		if err != nil || q != want || deleted != p.Deleted {
			t.Errorf("decodeQuad(%v) = %+v, %v, %v; want %+v, %v", p, q, deleted, err, want, p.Deleted)
		}
		if _, _, err := decodeQuad(rec[:len(rec)-1]); err == nil && len(p.Value) > 0 {
			t.Errorf("decodeQuad of a cut record of %v: no error", p)
		}
	}
}

// ScanQuads passes over the keys of the predicates skip names without
// reading their records, and gives the others' quads as Scan does.
func TestScanQuadsSkip(t *testing.T) {
	ctx := context.Background()
	db, qs := openTestStore(t)
	s, typ, name := quad.IRI("s"), quad.IRI("type"), quad.IRI("name")
	var deltas []cayleygraph.Delta
	for i := range 5 {
		l := quad.IRI(string(rune('A' + i)))
		deltas = append(deltas,
			cayleygraph.Delta{Quad: quad.Quad{Subject: s, Predicate: typ, Object: quad.IRI("Class"), Label: l}, Action: cayleygraph.Add},
			cayleygraph.Delta{Quad: quad.Quad{Subject: s, Predicate: name, Object: quad.String("S"), Label: l}, Action: cayleygraph.Add},
			cayleygraph.Delta{Quad: quad.Quad{Subject: quad.IRI("o"), Predicate: typ, Object: s, Label: l}, Action: cayleygraph.Add})
	}
	if err := qs.ApplyDeltas(deltas, cayleygraph.IgnoreOpts{IgnoreDup: true}); err != nil {
		t.Fatal(err)
	}
	ref := func(v quad.Value) cayleygraph.Ref {
		r, err := qs.ValueOf(v)
		if err != nil || r == nil {
			t.Fatalf("ValueOf(%v): %v, %v", v, r, err)
		}
		return r
	}
	typID := uint64(ref(typ).(ckv.Int64Value))
	for _, d := range []quad.Direction{quad.Subject, quad.Object} {
		var scanned, kept []uint64
		filter := map[quad.Direction]cayleygraph.Ref{d: ref(s)}
		if _, err := db.Scan(ctx, filter, func(r cayleygraph.Ref) error {
			if p, _ := qs.QuadDirection(r, quad.Predicate); uint64(p.(ckv.Int64Value)) != typID {
				scanned = append(scanned, r.(*cproto.Primitive).ID)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		asked, before := 0, db.RecordsRead()
		if _, err := db.ScanQuads(ctx, filter, func(p uint64) bool { asked++; return p == typID }, func(q Quad) error {
			if q.Dir(quad.Predicate) == typID {
				t.Errorf("%s: quad %+v of a skipped predicate", d, q)
			}
			if q.Dir(d) != uint64(ref(s).(ckv.Int64Value)) {
				t.Errorf("%s: quad %+v is not about s", d, q)
			}
			kept = append(kept, q.ID)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(scanned, kept); diff != "" {
			t.Errorf("%s: the quads of other predicates (-scan +skipping):\n%s", d, diff)
		}
		if asked == 0 {
			t.Errorf("%s: skip was never asked", d)
		}
		if read := db.RecordsRead() - before; read != int64(len(kept)) {
			t.Errorf("%s: %d records read for %d quads kept: the skipped ones were read", d, read, len(kept))
		}
	}
}
