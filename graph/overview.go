package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"
)

// Overview is the graph of every node the loaded documents give a type, at
// most limit nodes, for a first drawing of the corpus; the records of
// datasets in their own named graphs are left out. It is the same for
// every caller until the store changes, and kept: the caller must not
// change it.
func (s *Store) Overview(ctx context.Context, limit int) (*Subgraph, error) {
	return s.overview.get(ctx, s, limit, func() (*Subgraph, error) { return s.readOverview(ctx, limit) })
}

func (s *Store) readOverview(ctx context.Context, limit int) (*Subgraph, error) {
	g := &Subgraph{}
	in := map[quad.IRI]bool{}
	var order []quad.IRI
	// Class by class through the object index (the kv stores have no
	// predicate index, so asking for every rdf:type would scan the store),
	// parties and treaties first, so that a limit cuts the details.
classes:
	for _, c := range drawnClasses {
		typed, err := s.quadsWith(ctx, quad.Object, c)
		if err != nil {
			return nil, fmt.Errorf("overview: %w", err)
		}
		for _, q := range typed {
			subj, ok := q.Subject.(quad.IRI)
			label, _ := q.Label.(quad.IRI)
			// Only what a document says: a dataset's records (in named
			// graphs outside Base) join the drawing when the user
			// expands to them.
			if !ok || q.Predicate != Type || ID(label) == "" || in[subj] {
				continue
			}
			if limit > 0 && len(order) >= limit {
				g.Truncated = true
				break classes
			}
			in[subj] = true
			order = append(order, subj)
		}
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	// Only the links between the nodes are drawn: each node's facts of the
	// link predicates, through the subject–predicate index, at most limit
	// of them a node; not every fact of a hub (a party states its name,
	// alias and type once in each agreement).
	edges := map[string]Edge{}
	vals := s.refValues()
	for _, iri := range order {
		n := 0
		for _, p := range links {
			facts, more, err := s.linksOf(ctx, vals, iri, p, limit-n)
			if errors.Is(err, errNoIndex) {
				// No subject–predicate index to read (PostgreSQL, which
				// indexes by subject): every fact of the node.
				facts, err = s.quadsWith(ctx, quad.Subject, iri)
				for _, q := range facts {
					if drawable(q) {
						addEdge(edges, q)
					}
				}
				if err != nil {
					return nil, fmt.Errorf("overview: %w", err)
				}
				break
			}
			if err != nil {
				return nil, fmt.Errorf("overview: %w", err)
			}
			if more {
				g.Truncated = true
			}
			for _, q := range facts {
				if drawable(q) {
					addEdge(edges, q)
				}
			}
			n += len(facts)
			if limit > 0 && n >= limit {
				break
			}
		}
	}
	return s.subgraph(ctx, g, order, in, edges)
}

// errNoIndex says that a backend has no subject–predicate index scan to
// offer linksOf.
var errNoIndex = errors.New("no subject-predicate index")

// linksOf lists the facts (subj, pred, ·, ·), at most max of them (0: all),
// through the store's subject–predicate index, and says whether there
// are more.
func (s *Store) linksOf(ctx context.Context, vals *refValues, subj, pred quad.IRI, max int) ([]quad.Quad, bool, error) {
	sr, err := s.cayley().ValueOf(subj)
	if err != nil || sr == nil {
		return nil, false, err
	}
	pr, err := s.cayley().ValueOf(pred)
	if err != nil || pr == nil {
		return nil, false, err
	}
	act := shape.QuadsAction{Result: quad.Object, Filter: map[quad.Direction]graph.Ref{quad.Subject: sr, quad.Predicate: pr}}
	var sh shape.Shape = act
	if o, ok := shape.Optimize(ctx, act, s.cayley()); ok {
		sh = o
	}
	if _, null := sh.(shape.Null); null {
		return nil, false, nil
	}
	from, ok := sh.(shape.NodesFrom)
	if !ok || from.Quads == nil {
		// A backend that optimizes the action into its own shape (SQL).
		return nil, false, errNoIndex
	}
	var out []quad.Quad
	more := false
	err = each(ctx, from.Quads.BuildIterator(s.cayley()), func(r graph.Ref) error {
		if max > 0 && len(out) >= max {
			more = true
			return errEnough
		}
		q, err := s.quadOf(r, vals)
		if err != nil {
			return err
		}
		out = append(out, q)
		return nil
	})
	if errors.Is(err, errEnough) {
		err = nil
	}
	return out, more, err
}
