package loaders

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/graph"
)

// Store is what a Loader writes to: one document's quads at a time, each
// document in one transaction. *graph.Store implements it.
type Store interface {
	Replace(ctx context.Context, doc quad.IRI, quads []quad.Quad) (graph.Change, error)
}

var _ Store = (*graph.Store)(nil)

// Loader runs the pipeline: parse → report → quads → store.
type Loader struct {
	Parser Parser
	Store  Store
	// DocTimeout, when positive, bounds the parse of each document.
	DocTimeout time.Duration
	// Strict refuses a document whose report has warnings (graph.ErrInvalid),
	// as one the parser refused; otherwise it is stored, its warnings with
	// it, and marked as needing review.
	Strict bool
}

// Result is what loading one document did.
type Result struct {
	// Name is the name the document was loaded by (for a file, its path).
	Name   string
	Report *Report
	Change graph.Change
}

// LoadText loads one document given as text. A document that does not
// parse returns an error wrapping graph.ErrInvalid, and nothing is written;
// one whose parse the context stopped, an error wrapping the context's
// cause (context.DeadlineExceeded for a deadline) that names the document.
func (l *Loader) LoadText(ctx context.Context, name, text string) (Result, error) {
	r, err := l.parse(ctx, name, text)
	if err != nil {
		return Result{}, err
	}
	ch, err := l.Store.Replace(ctx, graph.IRI(r.ID), r.Quads())
	if err != nil {
		return Result{}, fmt.Errorf("load %s: %w", name, err)
	}
	return Result{Name: name, Report: r, Change: ch}, nil
}

// LoadFS loads the file root of fsys, or every .txt file under it when it
// is a directory, in name order, calling progress after each document. It
// stops at the first document that fails; the documents before it stay
// loaded, and nothing of the failed one is written.
func (l *Loader) LoadFS(ctx context.Context, fsys fs.FS, root string, progress func(Result)) error {
	var files []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (p == root || strings.HasSuffix(p, ".txt")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load %s: %w", root, err)
	}
	sort.Strings(files)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return fmt.Errorf("load %s: %w", f, err)
		}
		res, err := l.LoadText(ctx, f, string(data))
		if err != nil {
			return err
		}
		if progress != nil {
			progress(res)
		}
	}
	return nil
}

// invalid marks a document the parser refused: its message is the
// parser's own (naming the file, line and what was expected), and it
// matches graph.ErrInvalid.
type invalid struct{ err error }

func (e invalid) Error() string   { return e.err.Error() }
func (e invalid) Unwrap() []error { return []error{e.err, graph.ErrInvalid} }
