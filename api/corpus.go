package api

import (
	"context"

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
