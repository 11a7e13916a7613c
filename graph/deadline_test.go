package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// countingStore is Cayley's store counting the quads and values read from
// it, and ending a read's context once stopAt of them were read.
type countingStore struct {
	graph.QuadStore
	reads  atomic.Int64
	stopAt int64
	stop   context.CancelFunc
}

func (c *countingStore) read() {
	if n := c.reads.Add(1); n == c.stopAt && c.stop != nil {
		c.stop()
	}
}

func (c *countingStore) Quad(r graph.Ref) (quad.Quad, error) {
	c.read()
	return c.QuadStore.Quad(r)
}

func (c *countingStore) NameOf(r graph.Ref) (quad.Value, error) {
	c.read()
	return c.QuadStore.NameOf(r)
}

// largeStore is a memstore of many documents, each naming many
// organisations linked in a ring and to one hub, and Cayley's store under
// it counted.
func largeStore(t *testing.T) (*Store, *countingStore) {
	t.Helper()
	ctx := t.Context()
	s, err := Open(ctx, Config{Backend: Memstore})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	const docs, orgs = 200, 20
	var all []Replacement
	for d := range docs {
		doc := IRI(fmt.Sprintf("doc-%d", d))
		qs := []quad.Quad{
			quad.Make(doc, Type, Document, doc),
			quad.Make(doc, Name, fmt.Sprintf("Document %d", d), doc),
		}
		for o := range orgs {
			org := IRI(fmt.Sprintf("org-%d-%d", d, o))
			next := IRI(fmt.Sprintf("org-%d-%d", d, (o+1)%orgs))
			qs = append(qs,
				quad.Make(org, Type, Organisation, doc),
				quad.Make(org, Name, fmt.Sprintf("Organisation %d of %d", o, d), doc),
				quad.Make(doc, Party, org, doc),
				quad.Make(org, Party, next, doc),
				quad.Make(org, Party, IRI("hub"), doc))
		}
		all = append(all, Replacement{Doc: doc, Quads: qs})
	}
	// A node no drawn link reaches: a search for a path to it reads all
	// the others.
	all[0].Quads = append(all[0].Quads, quad.Make(IRI("island"), Name, "An island", IRI("doc-0")))
	if _, err := s.ReplaceAll(ctx, all); err != nil {
		t.Fatal(err)
	}
	c := &countingStore{QuadStore: s.cayley()}
	var qs graph.QuadStore = c
	s.current.Store(&qs)
	return s, c
}

// reads are the store's reads of much of the store, each run to its end or
// to ctx's.
var reads = []struct {
	name string
	run  func(ctx context.Context, s *Store) error
}{
	{"ReadQuads", func(ctx context.Context, s *Store) error {
		return s.ReadQuads(ctx, io.Discard, "nquads", QuadFilter{})
	}},
	{"Export", func(ctx context.Context, s *Store) error {
		return s.Export(ctx, io.Discard, NQuads, "", Selection{})
	}},
	{"Search", func(ctx context.Context, s *Store) error {
		_, _, err := s.Search(ctx, "organisation", "", 0, 10)
		return err
	}},
	{"Overview", func(ctx context.Context, s *Store) error {
		_, err := s.Overview(ctx, 10000)
		return err
	}},
	{"Documents", func(ctx context.Context, s *Store) error {
		_, _, err := s.Documents(ctx, 0, 0)
		return err
	}},
	{"Neighbours", func(ctx context.Context, s *Store) error {
		_, err := s.Neighbours(ctx, "doc-0", 3, 10000)
		return err
	}},
	{"Paths", func(ctx context.Context, s *Store) error {
		_, err := s.Paths(ctx, "org-0-0", "island", MaxPathLength, 100)
		return err
	}},
	{"Size", func(ctx context.Context, s *Store) error {
		_, err := s.Size(ctx)
		return err
	}},
}

// TestReadsStopAtDeadline: a read whose deadline has passed reads nothing
// and says so; before reads took their context, ReadQuads read and wrote
// every quad, then reported the deadline.
func TestReadsStopAtDeadline(t *testing.T) {
	s, c := largeStore(t)
	for _, r := range reads {
		t.Run(r.name, func(t *testing.T) {
			ctx, cancel := context.WithDeadline(t.Context(), time.Unix(0, 0))
			defer cancel()
			c.reads.Store(0)
			err := r.run(ctx, s)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want context.DeadlineExceeded", err)
			}
			if n := c.reads.Load(); n != 0 {
				t.Errorf("read %d quads and values after the deadline, want 0", n)
			}
		})
	}
}

// TestReadsStopWhenCancelled: a read whose context ends while it runs
// stops within a few quads, where the whole read takes thousands.
func TestReadsStopWhenCancelled(t *testing.T) {
	s, c := largeStore(t)
	const stopAt, slack = 10, 40
	for _, r := range reads {
		if r.name == "Size" || r.name == "Search" {
			continue // reads no quad; asks the search index, and reads only the nodes of its hits
		}
		t.Run(r.name, func(t *testing.T) {
			c.reads.Store(0)
			c.stopAt, c.stop = 0, nil
			if err := r.run(t.Context(), s); err != nil {
				t.Fatal(err)
			}
			whole := c.reads.Load()
			if whole < 4*(stopAt+slack) {
				t.Fatalf("the whole read takes %d quads and values: too few to show it stops", whole)
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			s.forget() // reread what the store keeps
			c.reads.Store(0)
			c.stopAt, c.stop = stopAt, cancel
			defer func() { c.stopAt, c.stop = 0, nil }()
			err := r.run(ctx, s)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
			if n := c.reads.Load(); n > stopAt+slack {
				t.Errorf("read %d quads and values, %d after it was cancelled (the whole read: %d)", n, n-stopAt, whole)
			}
		})
	}
}
