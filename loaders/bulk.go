package loaders

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"sync"

	"github.com/pactgraph/pactgraph/graph"
)

// Source yields documents as (name, text): name is the file's stem.
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
// documents are parsed in parallel ahead of one writer, which writes many
// documents in each transaction when the store is a BatchStore (else one
// each, as LoadText). progress is called after each document is written.
// It stops at the first document that does not parse or write; the
// transactions before it stay written, so a failed load may have written
// the documents before the failed one, not only those reported.
func (l *Loader) LoadDocs(ctx context.Context, src Source, progress func(Result)) error {
	ctx, cancel := context.WithCancel(ctx)
	type parsed struct {
		name string
		r    *Report
		err  error
	}
	// Each document gets a channel for its result, queued in order: the
	// workers fill them in any order, the writer reads them in order.
	workers := max(runtime.GOMAXPROCS(0)-1, 1)
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
				r, err := l.Parse(name, text, l.Gazetteer)
				out <- parsed{name, r, err}
			}
		}
	}()
	// Stop the reader, then wait for the workers, however this returns.
	defer func() { cancel(); wg.Wait() }()

	bs, batched := l.Store.(BatchStore)
	var batch []graph.Replacement
	var reports []*Report
	inBatch := map[string]bool{}
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		changes, err := bs.ReplaceAll(ctx, batch)
		if err != nil {
			return fmt.Errorf("load %s…: %w", reports[0].ID, err)
		}
		if progress != nil {
			for i, r := range reports {
				progress(Result{Report: r, Change: changes[i]})
			}
		}
		batch, reports, size = batch[:0], reports[:0], 0
		clear(inBatch)
		return nil
	}
	for out := range queue {
		p := <-out
		if p.err != nil {
			return invalid{p.err}
		}
		quads := p.r.Quads()
		if !batched {
			ch, err := l.Store.Replace(ctx, graph.IRI(p.r.ID), quads)
			if err != nil {
				return fmt.Errorf("load %s: %w", p.name, err)
			}
			if progress != nil {
				progress(Result{Report: p.r, Change: ch})
			}
			continue
		}
		if inBatch[p.r.ID] {
			if err := flush(); err != nil {
				return err
			}
		}
		inBatch[p.r.ID] = true
		batch = append(batch, graph.Replacement{Doc: graph.IRI(p.r.ID), Quads: quads})
		reports = append(reports, p.r)
		size += len(quads)
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
}
