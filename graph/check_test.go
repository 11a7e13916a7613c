package graph

import (
	"context"
	"errors"
	"strings"
	"testing"

	cayleygraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// checkDoc is a small document: its text, one article and its text.
func checkDoc(text, article string) []quad.Quad {
	d, a := IRI("doc"), IRI("doc.article-1")
	return []quad.Quad{
		{Subject: d, Predicate: Type, Object: Document, Label: d},
		{Subject: d, Predicate: Text, Object: quad.String(text), Label: d},
		{Subject: d, Predicate: Name, Object: quad.String("Agreement"), Label: d},
		{Subject: a, Predicate: PartOf, Object: d, Label: d},
		{Subject: a, Predicate: Text, Object: quad.String(article), Label: a},
	}
}

// Check finds nothing wrong in a store written by pactgraph, and finds
// what Cayley's kv writes get wrong when given batches pactgraph no longer
// gives it: a replacement in one batch, which leaves nodes counted wrong
// and kept without quads.
func TestCheck(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{Bolt, BBolt} {
		t.Run(backend, func(t *testing.T) {
			s, err := Open(ctx, Config{Backend: backend, Path: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, v := range [][2]string{{"A", "one"}, {"B", "two"}, {"A", "one"}} {
				if _, err := s.Replace(ctx, IRI("doc"), checkDoc(v[0], v[1])); err != nil {
					t.Fatal(err)
				}
			}
			r, err := s.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !r.OK() || r.Quads != 5 || strings.Join(r.Indexes, " ") != "sp ops l" {
				t.Fatalf("a sound store: %+v", r)
			}

			// What Replace did before: deletions and additions in one batch.
			var deltas []cayleygraph.Delta
			for _, q := range checkDoc("A", "one") {
				deltas = append(deltas, cayleygraph.Delta{Quad: q, Action: cayleygraph.Delete})
			}
			for _, q := range checkDoc("B", "one") {
				deltas = append(deltas, cayleygraph.Delta{Quad: q, Action: cayleygraph.Add})
			}
			if err := s.cayley().ApplyDeltas(deltas, cayleygraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}); err != nil {
				t.Fatal(err)
			}
			r, err = s.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK() {
				t.Errorf("a store after a replacement in one batch: %+v", r)
			}
		})
	}
}

// Check finds a node counted more often than quads name it.
func TestCheckFindsCounts(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Backend: Bolt, Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	qs := checkDoc("A", "one")
	if _, err := s.Replace(ctx, IRI("doc"), qs); err != nil {
		t.Fatal(err)
	}
	// Cayley counts the nodes of a quad it then finds there already.
	add := []cayleygraph.Delta{{Quad: qs[0], Action: cayleygraph.Add}}
	if err := s.cayley().ApplyDeltas(add, cayleygraph.IgnoreOpts{IgnoreDup: true}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || !strings.Contains(strings.Join(r.Problems, "\n"), "and its count says") {
		t.Errorf("a store with a node counted twice: %+v", r)
	}
	// Through pactgraph's own write path, the same write keeps the counts.
	s2, err := Open(ctx, Config{Backend: Bolt, Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.AddQuads(ctx, qs[:2]); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.AddQuads(ctx, qs[:1]); err != nil {
		t.Fatal(err)
	}
	if r, err := s2.Check(ctx); err != nil || !r.OK() {
		t.Errorf("after adding a quad that was there: %+v, %v", r, err)
	}
}

// A write that fails after Cayley did its part leaves the store as it was,
// and the writes after it are sound: Cayley's memory of the nodes the
// failed write created is dropped with it.
func TestFailedWriteForgotten(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{Bolt, BBolt} {
		t.Run(backend, func(t *testing.T) {
			s, err := Open(ctx, Config{Backend: backend, Path: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			qs := checkDoc("A", "one")
			failed := errors.New("the disk is full")
			err = s.writeKV(ctx, nil, func() error {
				var deltas []cayleygraph.Delta
				for _, q := range qs {
					deltas = append(deltas, cayleygraph.Delta{Quad: q, Action: cayleygraph.Add})
				}
				if err := s.cayley().ApplyDeltas(deltas, cayleygraph.IgnoreOpts{IgnoreDup: true}); err != nil {
					return err
				}
				return failed
			})
			if !errors.Is(err, failed) {
				t.Fatalf("write: %v, want %v", err, failed)
			}
			if size(t, s) != 0 {
				t.Fatalf("a failed write left %d quads", size(t, s))
			}
			if _, err := s.Replace(ctx, IRI("doc"), qs); err != nil {
				t.Fatal(err)
			}
			r, err := s.Check(ctx)
			if err != nil || !r.OK() || r.Quads != int64(len(qs)) {
				t.Errorf("after a failed write and a load: %+v, %v", r, err)
			}
		})
	}
}

// size is s's number of quads; it fails t when s cannot say.
func size(t testing.TB, s *Store) int64 {
	t.Helper()
	n, err := s.Size(t.Context())
	if err != nil {
		t.Fatalf("size: %v", err)
	}
	return n
}
