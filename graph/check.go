package graph

import (
	"context"
	"fmt"

	"github.com/cayleygraph/cayley/graph/refs"
)

// CheckReport is what Check found: the store's counts and, when it is not
// sound, what is wrong, one sentence a problem.
type CheckReport struct {
	Quads    int64    `json:"quads"`
	Nodes    int64    `json:"nodes,omitempty"` // bolt and bbolt
	Indexes  []string `json:"indexes,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

// OK says whether Check found nothing wrong.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }

// maxProblems bounds the problems a report lists of each kind.
const maxProblems = 20

// Check verifies the store against its quads. On every backend: each quad
// reads back whole, and the store's count is the number of quads. On bolt
// and bbolt, Cayley's records too (internal/cayleykv's Check): the count of
// quads, every quad's nodes, every node's count of the quad directions
// naming it and its entry by hash, and every index, which must list each
// quad under its key.
func (s *Store) Check(ctx context.Context) (CheckReport, error) {
	var r CheckReport
	qs := s.cayley()
	problems := map[string]int{} // by kind, to keep each kind's list short
	add := func(kind, format string, args ...any) {
		problems[kind]++
		if problems[kind] <= maxProblems {
			r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
		}
	}
	err := each(ctx, qs.QuadsAllIterator(), func(ref refs.Ref) error {
		r.Quads++
		q, err := qs.Quad(ref)
		if err != nil {
			add("read", "a quad cannot be read: %v", err)
			return nil
		}
		if !q.IsValid() {
			add("read", "quad %s lacks its subject, predicate or object", q)
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("check: read every quad: %w", err)
	}
	size, err := s.Size(ctx)
	if err != nil {
		return r, fmt.Errorf("check: %w", err)
	}
	if size != r.Quads {
		add("size", "the store says it holds %d quads; it has %d", size, r.Quads)
	}
	if s.kv != nil {
		c, err := s.kv.Check(ctx, func(kind, text string) { add(kind, "%s", text) })
		if err != nil {
			return r, fmt.Errorf("check: %w", err)
		}
		r.Nodes, r.Indexes = c.Nodes, c.Indexes
	}
	for kind, n := range problems {
		if n > maxProblems {
			r.Problems = append(r.Problems, fmt.Sprintf("… and %d more problems of this kind (%s)", n-maxProblems, kind))
		}
	}
	return r, nil
}
