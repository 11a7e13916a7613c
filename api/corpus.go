package api

import (
	"context"
	"fmt"

	"github.com/pactgraph/pactgraph/graph"
)

// defaultActors is how many actors GET /api/corpus ranks unless told.
const defaultActors = 20

// GET /api/corpus?actors=

type corpusRequest struct {
	Actors int
}

func (q *corpusRequest) bind(r request) error {
	var err error
	q.Actors, err = r.integer("actors", defaultActors, 1, r.cfg.MaxQueryLimit)
	return err
}

func (s *Server) corpus(ctx context.Context, q corpusRequest) (*graph.Corpus, error) {
	return s.read.Corpus(ctx, q.Actors)
}

// GET /api/corpus/documents

type corpusDocumentsRequest struct{}

func (*corpusDocumentsRequest) bind(request) error { return nil }

func (s *Server) corpusDocuments(ctx context.Context, _ corpusDocumentsRequest) ([]graph.CorpusDocument, error) {
	return s.read.CorpusDocuments(ctx)
}

// Warm reads now what the first visitors would otherwise wait for
// (Warm, with the server's cap of limits).
func (s *Server) Warm(ctx context.Context) error { return Warm(ctx, s.read, s.cfg) }

// Warm reads through read what a server's first visitors ask for: the
// corpus's summary (the explorer's first view, and the order of GET
// /api/documents) and the overview GET /api/graph gives by default under
// cfg (its MaxQueryLimit). The store keeps both until it changes, and on
// bolt, bbolt and PostgreSQL writes them down (graph.Store.Corpus,
// Overview): `pactgraph load` warms the store it has written, so that a
// server starting on it finds them at once, and a server warms as it
// starts.
func Warm(ctx context.Context, read Reader, cfg Config) error {
	cfg = cfg.withDefaults()
	if _, err := read.Corpus(ctx, 1); err != nil {
		return fmt.Errorf("read the corpus's summary: %w", err)
	}
	if _, err := read.Overview(ctx, min(defaultOverviewLimit, cfg.MaxQueryLimit)); err != nil {
		return fmt.Errorf("read the overview: %w", err)
	}
	// A store that keeps what its named graphs type as datasets' records
	// (graph.Store on bolt and bbolt) reads it: every drawing of a person
	// asks it.
	if w, ok := read.(interface{ WarmRecords(context.Context) error }); ok {
		if err := w.WarmRecords(ctx); err != nil {
			return fmt.Errorf("read the datasets' records: %w", err)
		}
	}
	return nil
}
