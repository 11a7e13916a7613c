package loaders_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
	"github.com/pactgraph/pactgraph/loaders"
)

// small is a parser that makes a report of a title and a treaty of every
// document, and refuses a text that says "bad", after a while when it also
// says "slow".
var small = parserFunc(func(ctx context.Context, name, text string) (*loaders.Report, error) {
	if strings.Contains(text, "slow") {
		time.Sleep(50 * time.Millisecond)
	}
	if strings.Contains(text, "bad") {
		return nil, fmt.Errorf("test: %s:1: expected a good text", name)
	}
	return &loaders.Report{ID: name, Document: loaders.Document{Title: text}, Agreement: loaders.Agreement{Entity: name + "-treaty"}}, nil
})

// docs is a source of n documents d0, d1 …; texts gives some of them
// their text ("text" otherwise).
func docs(n int, texts map[int]string) loaders.Source {
	return func(yield func(string, string) bool) {
		for i := range n {
			text, ok := texts[i]
			if !ok {
				text = "text"
			}
			if !yield(fmt.Sprintf("d%d", i), text) {
				return
			}
		}
	}
}

// load bulk-loads src into st and returns the names progress was given.
func load(t *testing.T, st loaders.Store, src loaders.Source) ([]string, error) {
	t.Helper()
	var names []string
	l := &loaders.Loader{Parser: small, Store: st}
	err := l.LoadDocs(t.Context(), src, func(r loaders.Result) { names = append(names, r.Name) })
	return names, err
}

func memstore(t *testing.T) *graph.Store {
	t.Helper()
	s, err := graph.Open(t.Context(), graph.Config{Backend: graph.Memstore})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// oneByOne is a store that writes one document a transaction: it hides
// ReplaceAll.
type oneByOne struct{ s *graph.Store }

func (o oneByOne) Replace(ctx context.Context, doc quad.IRI, quads []quad.Quad) (graph.Change, error) {
	return o.s.Replace(ctx, doc, quads)
}

// TestLoadDocsOneByOne loads into a store that is not a BatchStore: every
// document is written, reported in order, as into one that is.
func TestLoadDocsOneByOne(t *testing.T) {
	want := []string{"d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9"}
	batched, one := memstore(t), memstore(t)
	for _, st := range []loaders.Store{batched, oneByOne{one}} {
		names, err := load(t, st, docs(len(want), nil))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(names, want) {
			t.Errorf("%T: reported %v, want %v", st, names, want)
		}
	}
	if b, o := graphtest.Size(t, batched), graphtest.Size(t, one); b == 0 || b != o {
		t.Errorf("batched store holds %d quads, one by one %d", b, o)
	}
}

// TestLoadDocsFirstError loads documents of which the fourth fails late
// and the seventh at once: the load stops with the fourth's error, in
// either kind of store, and reports no document after the third.
func TestLoadDocsFirstError(t *testing.T) {
	for _, st := range []loaders.Store{memstore(t), oneByOne{memstore(t)}} {
		names, err := load(t, st, docs(10, map[int]string{3: "bad slow", 6: "bad"}))
		if !errors.Is(err, graph.ErrInvalid) || err.Error() != "test: d3:1: expected a good text" {
			t.Errorf("%T: err %v, want d3's", st, err)
		}
		if len(names) > 3 || !slices.Equal(names, []string{"d0", "d1", "d2"}[:len(names)]) {
			t.Errorf("%T: reported %v, want d0 to d2 at most, in order", st, names)
		}
	}
}

// failing is a BatchStore whose writes fail.
type failing struct{ oneByOne }

func (failing) ReplaceAll(context.Context, []graph.Replacement) ([]graph.Change, error) {
	return nil, errors.New("disk full")
}

func (failing) Settle() {}

// TestLoadDocsWriteError loads into a store whose write fails: the load
// stops with the store's error, naming the batch's first document, and
// reports nothing.
func TestLoadDocsWriteError(t *testing.T) {
	names, err := load(t, failing{oneByOne{memstore(t)}}, docs(10, nil))
	if err == nil || err.Error() != "load d0…: disk full" {
		t.Errorf("err %v, want the store's, naming d0", err)
	}
	if len(names) != 0 {
		t.Errorf("reported %v, want none", names)
	}
}

// TestLoadDocsCancelled loads under a context that has ended: nothing is
// written and the error is the context's.
func TestLoadDocsCancelled(t *testing.T) {
	s := memstore(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	l := &loaders.Loader{Parser: small, Store: s}
	if err := l.LoadDocs(ctx, docs(10, nil), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if n := graphtest.Size(t, s); n != 0 {
		t.Errorf("a cancelled load wrote %d quads", n)
	}
}

// sized is a store that asks for batches of as many quads as it holds,
// at least min, and records the batches it writes.
type sized struct {
	*graph.Store
	min     int
	written int
	batches [][2]int // the size asked for and the quads of each batch
	last    []int    // the quads of each batch's last document
}

func (s *sized) BatchQuads(written int) int { return max(written, s.min) }

func (s *sized) ReplaceAll(ctx context.Context, docs []graph.Replacement) ([]graph.Change, error) {
	n := 0
	for _, d := range docs {
		n += len(d.Quads)
	}
	s.batches = append(s.batches, [2]int{s.BatchQuads(s.written), n})
	s.last = append(s.last, len(docs[len(docs)-1].Quads))
	s.written += n
	return s.Store.ReplaceAll(ctx, docs)
}

// TestLoadDocsBatchSizer loads into a store that chooses the size of the
// batches: each batch but the last reaches the size the store asked for
// before it, and stops at the first document that reaches it.
func TestLoadDocsBatchSizer(t *testing.T) {
	st := &sized{Store: memstore(t), min: 20}
	names, err := load(t, st, docs(200, nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 200 {
		t.Fatalf("reported %d documents of 200", len(names))
	}
	if len(st.batches) < 3 {
		t.Fatalf("%d batches: %v", len(st.batches), st.batches)
	}
	for i, b := range st.batches[:len(st.batches)-1] {
		if asked, got := b[0], b[1]; got < asked || got-st.last[i] >= asked {
			t.Errorf("batch %d: %d quads, asked for %d", i, got, asked)
		}
	}
	if first, second := st.batches[1][1], st.batches[2][1]; second < 2*first-st.last[2] {
		t.Errorf("the batches did not grow with the store: %v", st.batches)
	}
	if n := graphtest.Size(t, st.Store); n != int64(st.written) {
		t.Errorf("the store holds %d quads, the batches were %d", n, st.written)
	}
}
