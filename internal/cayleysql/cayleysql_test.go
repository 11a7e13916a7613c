package cayleysql

import (
	"maps"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"
)

// newBatch counts a node once for each quad direction naming it, over
// the distinct quads of every document, as Cayley's SplitDeltas does, and
// refuses documents sharing a label.
func TestNewBatch(t *testing.T) {
	a, b := quad.IRI("a"), quad.IRI("b")
	docs := []Document{
		{IRI: a, Quads: []quad.Quad{
			{Subject: a, Predicate: quad.IRI("p"), Object: a, Label: a},
			{Subject: a, Predicate: quad.IRI("p"), Object: a, Label: a}, // again: one quad
			{Subject: a, Predicate: quad.IRI("p"), Object: quad.String("x"), Label: quad.IRI("a.1")},
		}},
		{IRI: b, Quads: []quad.Quad{{Subject: b, Predicate: quad.IRI("p"), Object: quad.String("x"), Label: b}}},
	}
	bt, ok := newBatch(docs)
	if !ok {
		t.Fatal("refused")
	}
	if want := []int{2, 1}; !slices.Equal(bt.added, want) {
		t.Errorf("added %v, want %v", bt.added, want)
	}
	want := map[quad.Value]int{a: 4, quad.IRI("p"): 3, quad.String("x"): 2, quad.IRI("a.1"): 1, b: 2}
	got := map[quad.Value]int{}
	for _, n := range bt.nodes {
		got[n.val] = n.refs
	}
	if !maps.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	docs[1].Quads = append(docs[1].Quads, quad.Quad{Subject: b, Predicate: quad.IRI("p"), Object: b, Label: quad.IRI("a.1")})
	if _, ok := newBatch(docs); ok {
		t.Error("two documents sharing a label made a batch")
	}
}

// A load's batches grow with what it wrote, from minBatch to maxBatch: a
// load into an empty table writes each batch while the table holds at
// most as many quads as the batch, so that each rebuilds the indexes
// (rebuildFactor), until the batches reach maxBatch.
func TestBatchQuads(t *testing.T) {
	var w Writer
	written := 0
	var sizes []int
	for range 8 {
		n := w.BatchQuads(written)
		sizes = append(sizes, n)
		if written >= rebuildFactor*n && n < maxBatch {
			t.Errorf("a batch of %d quads after %d written keeps the indexes", n, written)
		}
		written += n
	}
	want := []int{200_000, 200_000, 400_000, 400_000, 400_000, 400_000, 400_000, 400_000}
	if !slices.Equal(sizes, want) {
		t.Errorf("batches %v, want %v", sizes, want)
	}
}
