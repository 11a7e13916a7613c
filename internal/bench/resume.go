package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/internal/app"
	"github.com/pactgraph/pactgraph/loaders/synth"
)

// resume measures resuming a load that stopped partway: it loads the
// first at of docs into a fresh store of the backend at dir (bolt or
// bbolt), closes it there — what a crash between two of the loader's
// transactions leaves, every transaction being all or nothing — reopens
// it, and times the load of all of docs again, as re-running `pactgraph
// load` on the same directory does. It returns that time and the quads the
// store holds after it. Each run starts from a fresh store, so it can be
// rerun.
func resume(ctx context.Context, backend, dir string, docs []synth.Doc, at int) (time.Duration, int64, error) {
	if err := CheckResume(backend, len(docs), at); err != nil {
		return 0, 0, err
	}
	cfg := graph.Config{Backend: backend, Path: filepath.Join(dir, "resume")}
	load := func(docs []synth.Doc) (int64, error) {
		store, err := graph.Open(ctx, cfg)
		if err != nil {
			return 0, err
		}
		l, err := app.NewLoader(store)
		if err == nil {
			err = l.LoadDocs(ctx, source(docs), nil)
		}
		var size int64
		if err == nil {
			size, err = store.Size(ctx)
		}
		if cerr := store.Close(); err == nil {
			err = cerr
		}
		return size, err
	}
	if _, err := load(docs[:at]); err != nil {
		return 0, 0, fmt.Errorf("resume: the first %d documents: %w", at, err)
	}
	start := time.Now()
	size, err := load(docs)
	if err != nil {
		return 0, 0, fmt.Errorf("resume: all %d documents: %w", len(docs), err)
	}
	return time.Since(start), size, nil
}

// CheckResume refuses a --resume-at the bench cannot measure.
func CheckResume(backend string, docs, at int) error {
	if backend != graph.Bolt && backend != graph.BBolt {
		return UsageError(fmt.Sprintf("--resume-at needs --db bolt or bbolt, a store that can be closed and reopened; got %s", backend))
	}
	if at < 1 || at >= docs {
		return UsageError(fmt.Sprintf("--resume-at %d: want a number of documents from 1 to %d", at, docs-1))
	}
	return nil
}
