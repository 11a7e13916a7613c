package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/internal/cayleykv"
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
	if s.pg != nil {
		return s.overviewSQL(ctx, limit)
	}
	g := &Subgraph{}
	in := map[quad.IRI]bool{}
	var order []quad.IRI
	vals := s.refValues()
	typ, err := s.cayley().ValueOf(Type)
	if err != nil {
		return nil, fmt.Errorf("overview: %w", err)
	}
	// Class by class, parties and treaties first, so that a limit cuts the
	// details: the type facts (·, rdf:type, class) through the
	// object–predicate index, read one at a time and no further than the
	// limit (the kv stores have no predicate index, and a class such as
	// Commitment types hundreds of thousands of nodes at 1M quads).
classes:
	for _, c := range drawnClasses {
		if typ == nil {
			break
		}
		cr, err := s.cayley().ValueOf(c)
		if err != nil {
			return nil, fmt.Errorf("overview: %w", err)
		}
		if cr == nil {
			continue
		}
		add := func(sv, lv quad.Value) error {
			subj, ok := sv.(quad.IRI)
			label, _ := lv.(quad.IRI)
			// Only what a document says: a dataset's records (in named
			// graphs outside Base) join the drawing when the user
			// expands to them.
			if !ok || ID(label) == "" || in[subj] {
				return nil
			}
			if limit > 0 && len(order) >= limit {
				g.Truncated = true
				return errEnough
			}
			in[subj] = true
			order = append(order, subj)
			return nil
		}
		filter := map[quad.Direction]graph.Ref{quad.Object: cr, quad.Predicate: typ}
		err = s.eachQuad(ctx, filter, func(r graph.Ref) error {
			var v [2]quad.Value
			for i, d := range []quad.Direction{quad.Subject, quad.Label} {
				dr, err := s.cayley().QuadDirection(r, d)
				if err != nil {
					return err
				}
				if v[i], err = vals.get(dr); err != nil {
					return err
				}
				if iri, ok := v[0].(quad.IRI); ok && in[iri] {
					// A node typed again by another document: the index
					// lists a subject's type facts under one key.
					return cayleykv.ErrSkipKey
				}
			}
			return add(v[0], v[1])
		})
		if errors.Is(err, errNoIndex) {
			// No index scan to offer (memstore, SQL): every quad with the
			// class as object.
			var typed []quad.Quad
			typed, err = s.quadsWith(ctx, quad.Object, c)
			for _, q := range typed {
				if err != nil {
					break
				}
				if q.Predicate == Type {
					err = add(q.Subject, q.Label)
				}
			}
		}
		if errors.Is(err, errEnough) {
			break classes
		}
		if err != nil {
			return nil, fmt.Errorf("overview: %w", err)
		}
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	// Only the links between the nodes are drawn: each node's facts of the
	// link predicates, through the subject–predicate index, at most limit
	// of them a node; not every fact of a hub (a party states its name,
	// alias and type once in each agreement).
	edges := map[string]Edge{}
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
	return s.subgraph(ctx, vals, g, order, in, edges)
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
	var out []quad.Quad
	more := false
	err = s.eachQuad(ctx, map[quad.Direction]graph.Ref{quad.Subject: sr, quad.Predicate: pr}, func(r graph.Ref) error {
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
