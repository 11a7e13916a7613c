package loaders

import (
	"context"
	"fmt"
	"iter"
	"runtime"

	"github.com/cayleygraph/quad"
	"golang.org/x/sync/errgroup"

	"github.com/pactgraph/pactgraph/graph"
)

// Source yields documents as (name, text): name is the file's path or
// name, which errors and Result.Name give; the document's id is its stem.
type Source = iter.Seq2[string, string]

// BatchStore writes many documents' replacements in one transaction;
// *graph.Store implements it, and LoadDocs uses it when the store does.
// What ReplaceAll writes may be indexed for search after it returns,
// beside the load's next batch: Settle waits until it is.
type BatchStore interface {
	ReplaceAll(ctx context.Context, docs []graph.Replacement) ([]graph.Change, error)
	Settle()
}

var _ BatchStore = (*graph.Store)(nil)

// BatchSizer is a BatchStore that chooses how many quads a bulk load
// writes in its next transaction, having written written quads so far: 0
// leaves it to the loader (batchQuads). *graph.Store implements it.
type BatchSizer interface {
	BatchQuads(written int) int
}

var _ BatchSizer = (*graph.Store)(nil)

// batchQuads is about how many quads LoadDocs writes in one transaction,
// unless the store is a BatchSizer that says otherwise.
const batchQuads = 50000

// LoadDocs loads every document of src, in order, as a bulk load: the
// documents are parsed (and their quads built) in parallel ahead of one
// writer, which writes many documents in each transaction when the store is
// a BatchStore (else one each, as LoadText). While the writer writes one
// transaction the next is collected, so parsing and writing overlap, and
// the store may index one batch for search while it writes the next; the
// documents written are found by search when LoadDocs returns.
// progress is called after each document is written, from one goroutine.
// It stops at the first document that does not parse or write; the
// transactions before it stay written, so a failed load may have written
// the documents before the failed one, not only those reported; nothing of
// the failed document is written.
//
// Three stages run under one errgroup: the parse pool, the batcher, which
// reads the parsed documents in order into batches, and the writer. A
// document that does not parse travels to the writer as the last batch,
// so the batches before it are written first and the error returned is
// that of the first document, in order, that failed.
func (l *Loader) LoadDocs(ctx context.Context, src Source, progress func(Result)) error {
	g, ctx := errgroup.WithContext(ctx)
	// The pool starts as many parses as there are cores: the writer, when
	// it writes, takes a core of its own only part of the time.
	workers := runtime.GOMAXPROCS(0)
	queue := make(chan (<-chan parsed), 4*workers)
	batches := make(chan batch, 1)
	limit := func(written int) int {
		if _, ok := l.Store.(BatchStore); !ok {
			return 1 // one document a batch, one Replace each
		}
		if bs, ok := l.Store.(BatchSizer); ok {
			if n := bs.BatchQuads(written); n > 0 {
				return n
			}
		}
		return batchQuads
	}
	g.Go(func() error { return l.parseAll(ctx, src, workers, queue) })
	g.Go(func() error { return collect(ctx, queue, limit, batches) })
	g.Go(func() error { return l.write(ctx, batches, progress) })
	err := g.Wait()
	if bs, ok := l.Store.(BatchStore); ok {
		bs.Settle()
	}
	return err
}

// parsed is one document read and its quads built, or why it was not.
type parsed struct {
	name  string
	r     *Report
	quads []quad.Quad
	err   error
}

// parseAll is the parse pool: it parses the documents of src, at most
// workers at once, and queues each document's result, in src's order, as
// a channel the result arrives on. It stops reading src when ctx ends.
func (l *Loader) parseAll(ctx context.Context, src Source, workers int, queue chan<- <-chan parsed) error {
	defer close(queue)
	var pool errgroup.Group
	pool.SetLimit(workers)
	defer pool.Wait() // before close(queue): deferred calls run last first
	for name, text := range src {
		out := make(chan parsed, 1)
		select {
		case queue <- out:
		case <-ctx.Done():
			return nil // the batcher returns the context's error
		}
		pool.Go(func() error {
			r, err := l.parse(ctx, name, text)
			p := parsed{name: name, r: r, err: err}
			if err == nil {
				p.quads = r.Quads()
			}
			out <- p
			return nil
		})
	}
	return nil
}

// batch is the documents one transaction writes, or the error of a
// document that did not parse.
type batch struct {
	docs    []graph.Replacement
	names   []string
	reports []*Report
	err     error
}

// collect is the batcher: it reads the queued documents in order into
// batches of about limit(quads sent before the batch) quads, a document
// at most once in each, and sends them to the writer. A document that
// does not parse is the last batch.
func collect(ctx context.Context, queue <-chan <-chan parsed, limit func(written int) int, batches chan<- batch) error {
	defer close(batches)
	var b batch
	size, sent := 0, 0
	want := limit(0)
	inBatch := map[string]bool{}
	send := func() error {
		select {
		case batches <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
		sent += size
		want = limit(sent)
		b, size = batch{}, 0
		clear(inBatch)
		return nil
	}
	for out := range queue {
		p := <-out
		if p.err != nil {
			// The documents collected so far are not written, as those
			// of a failed transaction would not be.
			b = batch{err: p.err}
			return send()
		}
		if inBatch[p.r.ID] {
			if err := send(); err != nil {
				return err
			}
		}
		inBatch[p.r.ID] = true
		b.docs = append(b.docs, graph.Replacement{Doc: graph.IRI(p.r.ID), Quads: p.quads})
		b.names = append(b.names, p.name)
		b.reports = append(b.reports, p.r)
		size += len(p.quads)
		if size >= want {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err // the pool stopped reading src
	}
	if len(b.docs) == 0 {
		return nil
	}
	return send()
}

// write is the writer: it writes each batch in one transaction (with
// ReplaceAll, or Replace when the store is no BatchStore), in order, and
// calls progress for each document written.
func (l *Loader) write(ctx context.Context, batches <-chan batch, progress func(Result)) error {
	for b := range batches {
		changes, err := l.writeBatch(ctx, b)
		if err != nil {
			return err
		}
		if progress != nil {
			for i, r := range b.reports {
				progress(Result{Name: b.names[i], Report: r, Change: changes[i]})
			}
		}
		if b.err != nil {
			return b.err
		}
	}
	return nil
}

func (l *Loader) writeBatch(ctx context.Context, b batch) ([]graph.Change, error) {
	if len(b.docs) == 0 {
		return nil, nil
	}
	if bs, ok := l.Store.(BatchStore); ok {
		changes, err := bs.ReplaceAll(ctx, b.docs)
		if err != nil {
			return nil, fmt.Errorf("load %s…: %w", b.names[0], err)
		}
		return changes, nil
	}
	changes := make([]graph.Change, len(b.docs))
	for i, d := range b.docs {
		ch, err := l.Store.Replace(ctx, d.Doc, d.Quads)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", b.names[i], err)
		}
		changes[i] = ch
	}
	return changes, nil
}
