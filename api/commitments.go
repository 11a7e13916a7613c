package api

import (
	"context"

	"github.com/pactgraph/pactgraph/graph"
)

// CommitmentLister lists the commitments of an agreement; *graph.Store
// implements it. It is kept apart from Reader so that a store without it
// still serves every other route.
type CommitmentLister interface {
	Commitments(ctx context.Context, agreement string) ([]graph.CommitmentRow, error)
}

var _ CommitmentLister = (*graph.Store)(nil)

// GET /api/commitments?agreement=

type commitmentsRequest struct {
	Agreement string
}

func (q *commitmentsRequest) bind(r request) error {
	q.Agreement = r.query("agreement")
	return nil
}

func (s *Server) commitments(ctx context.Context, q commitmentsRequest) ([]graph.CommitmentRow, error) {
	return s.store.Commitments(ctx, q.Agreement)
}
