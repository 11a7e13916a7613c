package api

import (
	"context"

	"github.com/pactgraph/pactgraph/graph"
)

// PathFinder finds the shortest paths between two nodes; *graph.Store
// implements it. It is kept apart from Reader so that a store without it
// still serves every other route.
type PathFinder interface {
	Paths(ctx context.Context, from, to string, maxLen, limit int) (*graph.Paths, error)
}

var _ PathFinder = (*graph.Store)(nil)

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
	return s.store.Paths(ctx, q.From, q.To, q.Max, q.Limit)
}
