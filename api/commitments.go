package api

import (
	"context"

	"github.com/pactgraph/pactgraph/graph"
)

// GET /api/commitments?agreement=&id=&offset=&limit=

type commitmentsRequest struct {
	Agreement string
	IDs       []string
	Page      page
}

func (q *commitmentsRequest) bind(r request) error {
	var err error
	if q.Page, err = r.page(defaultCommitmentsLimit); err != nil {
		return err
	}
	q.Agreement = r.query("agreement")
	q.IDs = r.c.QueryArray("id")
	if len(q.IDs) > r.cfg.MaxQueryLimit {
		return invalid("id: %d ids; at most %d", len(q.IDs), r.cfg.MaxQueryLimit)
	}
	if len(q.IDs) > 0 && q.Agreement != "" {
		return invalid("id and agreement: give one or the other")
	}
	return nil
}

func (s *Server) commitments(ctx context.Context, q commitmentsRequest) (list[graph.CommitmentRow], error) {
	if len(q.IDs) > 0 {
		rows, _, err := s.read.Commitments(ctx, graph.CommitmentQuery{IDs: q.IDs})
		return list[graph.CommitmentRow]{items: rows, total: len(rows), page: page{Limit: len(q.IDs), url: q.Page.url}}, err
	}
	rows, total, err := s.read.Commitments(ctx, graph.CommitmentQuery{Agreement: q.Agreement, Offset: q.Page.Offset, Limit: q.Page.Limit})
	return list[graph.CommitmentRow]{items: rows, total: total, page: q.Page}, err
}
