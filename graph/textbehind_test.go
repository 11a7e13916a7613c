package graph

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
)

// A bulk write's index update runs beside the next write, and takes the
// store's stamp as its own write left it: an index holding the first of
// two batches must not carry the stamp of the second, or after a crash
// between the two updates it would be taken for up to date.
func TestBulkIndexUpdateTakesItsWritesStamp(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Backend: Bolt, Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	release := make(chan struct{})
	bulkIndexStarts = func() { <-release }
	defer func() { bulkIndexStarts = nil }()
	batch := func(n int) []Replacement {
		d := IRI(fmt.Sprintf("doc-%d", n))
		org := IRI(fmt.Sprintf("bureau-%d", n))
		return []Replacement{{Doc: d, Quads: []quad.Quad{
			{Subject: d, Predicate: Type, Object: Document, Label: d},
			{Subject: org, Predicate: Name, Object: quad.String(fmt.Sprintf("Alpha Bureau %d", n)), Label: d},
			{Subject: org, Predicate: Type, Object: Organisation, Label: d},
		}}}
	}
	if _, err := s.ReplaceAll(ctx, batch(1)); err != nil {
		t.Fatal(err)
	}
	first, err := s.stamp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The second batch is written while the first is not yet indexed.
	second := make(chan error, 1)
	go func() {
		_, err := s.ReplaceAll(ctx, batch(2))
		second <- err
	}()
	for now := first; now == first; {
		time.Sleep(time.Millisecond)
		if now, err = s.stamp(ctx); err != nil {
			t.Fatal(err)
		}
	}
	release <- struct{}{} // the first batch's update runs to its end
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if got, err := s.text.ix.Stamp(); err != nil || got != first {
		t.Errorf("the index holding the first batch is stamped %q (%v), want the first batch's %q", got, err, first)
	}
	release <- struct{}{}
	s.Settle()
	now, _ := s.stamp(ctx)
	if got, err := s.text.ix.Stamp(); err != nil || got != now {
		t.Errorf("settled, the index is stamped %q (%v), want the store's %q", got, err, now)
	}
	hits, _, err := s.Search(ctx, "alpha", "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	if want := []string{"bureau-1", "bureau-2"}; !slices.Equal(ids, want) {
		t.Errorf("alpha: %v, want %v", ids, want)
	}
}
