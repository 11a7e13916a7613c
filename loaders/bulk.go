package loaders

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"sync"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/graph"
)

// Source yields documents as (name, text): name is the file's path or
// name, which errors and Result.Name give; the document's id is its stem.
type Source = iter.Seq2[string, string]

// BatchStore writes many documents' replacements in one transaction;
// *graph.Store implements it, and LoadDocs uses it when the store does.
type BatchStore interface {
	ReplaceAll(ctx context.Context, docs []graph.Replacement) ([]graph.Change, error)
}

var _ BatchStore = (*graph.Store)(nil)

// batchQuads is about how many quads LoadDocs writes in one transaction.
const batchQuads = 50000

// LoadDocs loads every document of src, in order, as a bulk load: the
// documents are parsed (and their quads built) in parallel ahead of one
// writer, which writes many documents in each transaction when the store is
// a BatchStore (else one each, as LoadText). While the writer writes one
// transaction the next is collected, so parsing and writing overlap.
// progress is called after each document is written, from one goroutine.
// It stops at the first document that does not parse or write; the
// transactions before it stay written, so a failed load may have written
// the documents before the failed one, not only those reported; nothing of
// the failed document is written.
func (l *Loader) LoadDocs(ctx context.Context, src Source, progress func(Result)) error {
	ctx, cancel := context.WithCancel(ctx)
	type parsed struct {
		name  string
		r     *Report
		quads []quad.Quad
		err   error
	}
	// Each document gets a channel for its result, queued in order: the
	// workers fill them in any order, the collector reads them in order.
	// The writer goroutine, when it writes, takes a core of its own only
	// part of the time, so there are as many workers as cores.
	workers := runtime.GOMAXPROCS(0)
	queue := make(chan chan parsed, 4*workers)
	jobs := make(chan func(), workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				job()
			}
		}()
	}
	go func() {
		defer close(queue)
		defer close(jobs)
		for name, text := range src {
			out := make(chan parsed, 1)
			select {
			case queue <- out:
			case <-ctx.Done():
				return
			}
			jobs <- func() {
				r, err := l.parse(ctx, name, text)
				p := parsed{name: name, r: r, err: err}
				if err == nil {
					p.quads = r.Quads()
				}
				out <- p
			}
		}
	}()
	// Stop the reader, then wait for the workers, however this returns.
	defer func() { cancel(); wg.Wait() }()

	bs, batched := l.Store.(BatchStore)
	if !batched {
		for out := range queue {
			p := <-out
			if p.err != nil {
				return p.err
			}
			ch, err := l.Store.Replace(ctx, graph.IRI(p.r.ID), p.quads)
			if err != nil {
				return fmt.Errorf("load %s: %w", p.name, err)
			}
			if progress != nil {
				progress(Result{Name: p.name, Report: p.r, Change: ch})
			}
		}
		return ctx.Err()
	}

	// The writer writes the batches the collector (below) sends it, one
	// transaction each, in order; on an error it cancels ctx and writes no
	// more.
	type batch struct {
		docs    []graph.Replacement
		names   []string
		reports []*Report
	}
	writes := make(chan batch, 1)
	written := make(chan error, 1)
	go func() {
		var werr error
		for b := range writes {
			if werr != nil {
				continue
			}
			changes, err := bs.ReplaceAll(ctx, b.docs)
			if err != nil {
				werr = fmt.Errorf("load %s…: %w", b.names[0], err)
				cancel()
				continue
			}
			if progress != nil {
				for i, r := range b.reports {
					progress(Result{Name: b.names[i], Report: r, Change: changes[i]})
				}
			}
		}
		written <- werr
	}()
	// The collector reads the documents in order into batches of about
	// batchQuads quads, a document at most once in each.
	err := func() error {
		var docs []graph.Replacement
		var names []string
		var reports []*Report
		inBatch := map[string]bool{}
		size := 0
		flush := func() error {
			if len(docs) == 0 {
				return nil
			}
			select {
			case writes <- batch{docs, names, reports}:
			case <-ctx.Done():
				return ctx.Err()
			}
			docs, names, reports, size = nil, nil, nil, 0
			clear(inBatch)
			return nil
		}
		for out := range queue {
			p := <-out
			if p.err != nil {
				return p.err
			}
			if inBatch[p.r.ID] {
				if err := flush(); err != nil {
					return err
				}
			}
			inBatch[p.r.ID] = true
			docs = append(docs, graph.Replacement{Doc: graph.IRI(p.r.ID), Quads: p.quads})
			names = append(names, p.name)
			reports = append(reports, p.r)
			size += len(p.quads)
			if size >= batchQuads {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return flush()
	}()
	close(writes)
	if werr := <-written; werr != nil {
		return werr
	}
	if err != nil {
		return err
	}
	return ctx.Err()
}
