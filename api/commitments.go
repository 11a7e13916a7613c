package api

import (
	"context"

	"github.com/pactgraph/pactgraph/graph"
)

// GET /api/commitments?agreement=

type commitmentsRequest struct {
	Agreement string
}

func (q *commitmentsRequest) bind(r request) error {
	q.Agreement = r.query("agreement")
	return nil
}

func (s *Server) commitments(ctx context.Context, q commitmentsRequest) ([]graph.CommitmentRow, error) {
	return s.read.Commitments(ctx, q.Agreement)
}
