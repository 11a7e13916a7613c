package api

import (
	"context"

	"github.com/pactgraph/pactgraph/graph"
)

const (
	defaultPathLength = 4
	defaultPathLimit  = 20
)

// GET /api/paths?from=&to=&max=&limit=

type pathsRequest struct {
	From, To string
	Max      int
	Limit    int
}

func (q *pathsRequest) bind(r request) error {
	q.From, q.To = r.query("from"), r.query("to")
	if q.From == "" || q.To == "" {
		return invalid("from, to: want the ids of both ends, e.g. ?from=kgb&to=mielke")
	}
	var err error
	if q.Max, err = r.integer("max", defaultPathLength, 1, graph.MaxPathLength); err != nil {
		return err
	}
	q.Limit, err = r.limit(defaultPathLimit)
	return err
}

func (s *Server) paths(ctx context.Context, q pathsRequest) (*graph.Paths, error) {
	return s.read.Paths(ctx, q.From, q.To, q.Max, q.Limit)
}
