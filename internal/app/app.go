// Package app wires pactgraph's parts together: the archive-layout parser
// and the gazetteer into a loader, the loader into the API, the bundled
// corpus and datasets into an empty store, and the API into an HTTP server
// that shuts down gracefully. The command (cmd/pactgraph) parses flags and
// prints; the tests build the same wiring from here.
package app

import (
	"context"
	"fmt"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/corpus/data"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/loaders"
	"github.com/pactgraph/pactgraph/loaders/datasets"
	"github.com/pactgraph/pactgraph/loaders/wilson"
)

// NewLoader wires the archive-layout parser and the gazetteer to a store.
// The parser compiles the lexicon and the gazetteer's names once, not once
// a document as wilson.Parse does, and stops when the load's context ends
// (the server's load deadline, --doc-timeout).
func NewLoader(store *graph.Store) (*loaders.Loader, error) {
	gaz, err := loaders.DefaultGazetteer()
	if err != nil {
		return nil, err
	}
	p, err := wilson.NewParser(gaz)
	if err != nil {
		return nil, err
	}
	return &loaders.Loader{Parser: p, Store: store}, nil
}

// APILoader adapts the loaders' pipeline to the API's one write: the
// document's report, its warnings included, as the API answers it.
func APILoader(l *loaders.Loader) api.Loader {
	return api.LoaderFunc(func(ctx context.Context, name, text string) (api.LoadResult, error) {
		r, err := l.LoadText(ctx, name, text)
		if err != nil {
			return api.LoadResult{}, err
		}
		warnings := make([]api.Warning, len(r.Report.Warnings))
		for i, w := range r.Report.Warnings {
			warnings[i] = api.Warning{Line: w.Line, Message: w.Message}
		}
		return api.LoadResult{
			Warnings:    warnings,
			NeedsReview: len(warnings) > 0,
			Document:    r.Report.ID,
			Title:       r.Report.Document.Title,
			Entities:    len(r.Report.Entities),
			Articles:    len(r.Report.Articles),
			Commitments: len(r.Report.Obligations),
			Quads:       int64(r.Change.Added),
		}, nil
	})
}

// LoadBundled loads the bundled corpus through l, then the bundled
// datasets and the links to them, into l's store, telling progress about
// each document and each dataset.
func LoadBundled(ctx context.Context, l *loaders.Loader, store *graph.Store, doc func(loaders.Result), progress func(string)) error {
	if err := l.LoadFS(ctx, corpus.Files(), ".", doc); err != nil {
		return fmt.Errorf("load bundled corpus: %w", err)
	}
	if _, err := LoadDatasets(ctx, store, progress); err != nil {
		return fmt.Errorf("load bundled datasets: %w", err)
	}
	return nil
}

// Link applies the linking rules of datasets.Link to the bundled datasets
// and the treaties in the store, with their parties as the store has them:
// the treaties of every document loaded, bundled or not.
func Link(ctx context.Context, store *graph.Store) (*datasets.Links, error) {
	gaz, err := loaders.DefaultGazetteer()
	if err != nil {
		return nil, err
	}
	parties, err := store.Parties(ctx)
	if err != nil {
		return nil, err
	}
	links, err := datasets.Link(gaz, data.Files(), parties)
	if err != nil {
		return nil, err
	}
	links.Names, err = datasets.Names(ctx, gaz, store.Has)
	return links, err
}

// LoadDatasets loads the bundled datasets and the links to them.
func LoadDatasets(ctx context.Context, store *graph.Store, progress func(string)) (*datasets.Links, error) {
	if err := datasets.Load(ctx, store, data.Files(), func(r datasets.Result) {
		progress(fmt.Sprintf("dataset %s: %d quads (%d added, %d removed)", r.Dataset, r.Quads, r.Change.Added, r.Change.Removed))
	}); err != nil {
		return nil, err
	}
	links, err := Link(ctx, store)
	if err != nil {
		return nil, err
	}
	ch, err := datasets.LoadLinks(ctx, store, links)
	if err != nil {
		return nil, err
	}
	progress(fmt.Sprintf("links: %d (%d added, %d removed), %d for review", len(links.Quads), ch.Added, ch.Removed, len(links.Review)))
	return links, nil
}
