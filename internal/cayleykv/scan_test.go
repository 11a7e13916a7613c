package cayleykv

import (
	"context"
	"errors"
	"testing"

	cayleygraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"
)

// Scan gives the quads Cayley's own iterators give, in their order, for a
// filter on one direction and on the two leading directions of an index,
// never a deleted quad; ErrSkipKey skips the rest of one index key only.
func TestScanAsCayley(t *testing.T) {
	ctx := context.Background()
	db, qs, err := Open(Bolt, t.TempDir(), noBloom)
	if err != nil {
		t.Fatal(err)
	}
	defer qs.Close()
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
