package loaders_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
	"github.com/pactgraph/pactgraph/loaders"
)

// parserFunc is a loaders.Parser made of a function.
type parserFunc func(ctx context.Context, name, text string) (*loaders.Report, error)

func (f parserFunc) Parse(ctx context.Context, name, text string) (*loaders.Report, error) {
	return f(ctx, name, text)
}

// untilDone is a parser that reads nothing until its context ends, then
// stops as wilson's does: it shows which context a parse runs under
// without timing it (a parse under no deadline would never return).
func untilDone(ctx context.Context, name, _ string) (*loaders.Report, error) {
	<-ctx.Done()
	return nil, fmt.Errorf("test: %s:1: stopped reading at this line: %w", name, context.Cause(ctx))
}

// TestLoadTextDeadline loads a document under a request's deadline: the
// parse runs under it, and the error names the document, matches
// context.DeadlineExceeded (not ErrInvalid: the document is not at fault)
// and writes nothing.
func TestLoadTextDeadline(t *testing.T) {
	s, err := graph.Open(t.Context(), graph.Config{Backend: graph.Memstore})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The request's deadline passes once the parse has begun.
	ctx, cancel := context.WithCancelCause(t.Context())
	defer cancel(nil)
	parse := func(ctx context.Context, name, text string) (*loaders.Report, error) {
		cancel(context.DeadlineExceeded)
		return untilDone(ctx, name, text)
	}
	l := &loaders.Loader{Parser: parserFunc(parse), Store: s}
	_, err = l.LoadText(ctx, "big", "text")
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), "big:1:") {
		t.Errorf("err %v, want a deadline naming the document and its line, not ErrInvalid", err)
	}
	if graphtest.Size(t, s) != 0 {
		t.Errorf("a stopped load wrote %d quads", graphtest.Size(t, s))
	}
}

// TestLoadDocsDocTimeout bulk-loads a document that would never finish
// under DocTimeout: the load stops with an error that names it and says
// the deadline of a document.
func TestLoadDocsDocTimeout(t *testing.T) {
	s, err := graph.Open(t.Context(), graph.Config{Backend: graph.Memstore})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l := &loaders.Loader{Parser: parserFunc(untilDone), Store: s, DocTimeout: 10 * time.Millisecond}
	src := func(yield func(string, string) bool) { yield("dir/slow.txt", "text") }
	err = l.LoadDocs(t.Context(), src, nil)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("err %v, want a deadline, not ErrInvalid", err)
	}
	if want := "test: dir/slow.txt:1: stopped reading at this line: context deadline exceeded: a document may take at most 10ms"; err.Error() != want {
		t.Errorf("err %q,\nwant %q", err, want)
	}
}
