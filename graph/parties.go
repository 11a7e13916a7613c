package graph

import (
	"context"
	"fmt"

	"github.com/cayleygraph/quad"
)

// Parties reads, for each treaty in the store, the ids of its parties
// (pg:party): every treaty a document loaded into the store names,
// whichever way it was loaded. A treaty without parties is left out.
func (s *Store) Parties(ctx context.Context) (map[string][]string, error) {
	out := map[string][]string{}
	treaties, err := s.typed(ctx, Treaty)
	if err != nil {
		return nil, fmt.Errorf("parties: %w", err)
	}
	for _, t := range treaties {
		facts, err := s.quadsWith(ctx, quad.Subject, t)
		if err != nil {
			return nil, fmt.Errorf("parties: %w", err)
		}
		for _, q := range facts {
			p, ok := q.Object.(quad.IRI)
			if q.Predicate != Party || !ok || ID(p) == "" {
				continue
			}
			out[ID(t)] = append(out[ID(t)], ID(p))
		}
	}
	return out, nil
}

// Has reports whether the store gives the node with the given id a class
// (an rdf:type): whether a document or a dataset holds it, rather than
// only a link to it.
func (s *Store) Has(ctx context.Context, id string) (bool, error) {
	types, err := s.objects(ctx, IRI(id), Type, 1)
	return len(types) > 0, err
}
