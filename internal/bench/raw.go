// Package bench is what `pactgraph bench` measures pactgraph against:
// plain Cayley, used as its documentation shows. It lives apart from graph
// so that the server's packages never register Cayley's quad writers.
package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	// Cayley's own bolt backend and quad writers ("single"), which
	// RawLoad uses as a plain Cayley user would.
	_ "github.com/cayleygraph/cayley/graph/kv/bolt"
	_ "github.com/cayleygraph/cayley/writer"
)

// cayleyBolt is Cayley's own bolt backend; pactgraph's Bolt is its own
// layer over the same files (internal/cayleykv).
const cayleyBolt = "bolt"

// RawLoad writes quads into a new bolt store in dir the way a plain Cayley
// user would, for `pactgraph bench` to compare pactgraph's loader with:
// Cayley's defaults (no no_bloom, synced commits), its "single" quad
// writer, and graph.NewWriter fed batch quads at a time. It returns the
// time the writes took, opening and creating the store excluded, closing
// (the last flush) included.
func RawLoad(ctx context.Context, dir string, quads []quad.Quad, batch int) (time.Duration, error) {
	if err := graph.InitQuadStore(cayleyBolt, dir, nil); err != nil {
		return 0, fmt.Errorf("raw load: create bolt store at %s: %w", dir, err)
	}
	qs, err := graph.NewQuadStore(cayleyBolt, dir, nil)
	if err != nil {
		return 0, fmt.Errorf("raw load: open bolt store at %s: %w", dir, err)
	}
	qw, err := graph.NewQuadWriter("single", qs, graph.Options{"ignore_duplicate": true})
	if err != nil {
		qs.Close()
		return 0, fmt.Errorf("raw load: %w", err)
	}
	start := time.Now()
	w := graph.NewWriter(qw)
	for i := 0; i < len(quads); i += batch {
		if err := ctx.Err(); err != nil {
			qs.Close()
			return 0, err
		}
		if _, err := w.WriteQuads(quads[i:min(i+batch, len(quads))]); err != nil {
			qs.Close()
			return 0, fmt.Errorf("raw load: write: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		qs.Close()
		return 0, fmt.Errorf("raw load: %w", err)
	}
	if err := qs.Close(); err != nil {
		return 0, fmt.Errorf("raw load: close: %w", err)
	}
	return time.Since(start), nil
}
