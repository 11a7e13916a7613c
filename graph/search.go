package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// Search finds nodes whose name or an alias contains q (ignoring case),
// optionally only of one type, best matches first: exact names, then
// prefixes, then the rest, each group by name. It gives at most limit hits
// (0: all) from the offset-th on, and the number of hits in all, so that a
// caller can say whether more follow.
func (s *Store) Search(ctx context.Context, q, typ string, offset, limit int) ([]Hit, int, error) {
	if offset < 0 || limit < 0 {
		return nil, 0, errorf(ErrInvalid, "search: offset %d, limit %d: must not be negative", offset, limit)
	}
	needle := strings.ToLower(strings.TrimSpace(q))
	if needle == "" {
		return nil, 0, errorf(ErrInvalid, "search: empty query")
	}
	if typ != "" {
		if _, ok := Class(typ); !ok {
			return nil, 0, errorf(ErrInvalid, "search: unknown type %q", typ)
		}
	}
	names, err := s.names.get(ctx, s, 0, func() (map[string][]quad.IRI, error) { return s.readNames(ctx) })
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	rank := map[quad.IRI]int{}
	for name, subjects := range names {
		r := 0
		switch {
		case name == needle:
			r = 3
		case strings.HasPrefix(name, needle):
			r = 2
		case strings.Contains(name, needle):
			r = 1
		}
		if r == 0 {
			continue
		}
		for _, subj := range subjects {
			if r > rank[subj] {
				rank[subj] = r
			}
		}
	}
	cache := s.nodeCache()
	var hits []Hit
	for iri := range rank {
		n, err := cache.get(ctx, iri)
		if err != nil {
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		if typ != "" && !strings.EqualFold(n.Type, typ) {
			continue
		}
		hits = append(hits, Hit{Node: n})
	}
	sort.Slice(hits, func(i, j int) bool {
		ri, rj := rank[quad.IRI(hits[i].IRI)], rank[quad.IRI(hits[j].IRI)]
		if ri != rj {
			return ri > rj
		}
		return hits[i].Name < hits[j].Name
	})
	total := len(hits)
	hits = window(hits, offset, limit)
	for i := range hits {
		aliases, err := s.values(ctx, quad.IRI(hits[i].IRI), Alias)
		if err != nil {
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		hits[i].Aliases = aliases
	}
	return hits, total, nil
}

// readNames reads the names and aliases of the nodes Search can find: the
// nodes of nameClasses, found through the object index, and every node a
// document mentions (an entity of a type pactgraph has no class for),
// found through the subject–predicate index; and their names through the
// subject–predicate index. Cayley's kv stores have no predicate index, so
// asking for every name fact would read the whole store.
func (s *Store) readNames(ctx context.Context) (map[string][]quad.IRI, error) {
	typ, err := s.cayley().ValueOf(Type)
	if err != nil || typ == nil {
		return nil, err
	}
	seen := map[any]bool{}
	var nodes []graph.Ref
	add := func(r graph.Ref) error {
		if k := refs.ToKey(r); !seen[k] {
			seen[k] = true
			nodes = append(nodes, r)
		}
		return nil
	}
	var docs []graph.Ref
	for _, c := range nameClasses {
		from := len(nodes)
		cr, err := s.cayley().ValueOf(c)
		if err != nil {
			return nil, err
		}
		if cr == nil {
			continue
		}
		if err := s.eachRef(ctx, quad.Subject, map[quad.Direction]graph.Ref{quad.Object: cr, quad.Predicate: typ}, add); err != nil {
			return nil, err
		}
		if c == Document {
			docs = nodes[from:]
		}
	}
	if men, err := s.cayley().ValueOf(Mentions); err != nil {
		return nil, err
	} else if men != nil {
		for _, d := range docs {
			if err := s.eachRef(ctx, quad.Object, map[quad.Direction]graph.Ref{quad.Subject: d, quad.Predicate: men}, add); err != nil {
				return nil, err
			}
		}
	}
	var preds []graph.Ref
	for _, p := range namePredicates {
		pr, err := s.cayley().ValueOf(p)
		if err != nil {
			return nil, err
		}
		if pr != nil {
			preds = append(preds, pr)
		}
	}
	set := map[string]map[quad.IRI]bool{}
	for _, n := range nodes {
		v, err := s.cayley().NameOf(n)
		if err != nil {
			return nil, err
		}
		subj, ok := v.(quad.IRI)
		if !ok {
			continue
		}
		for _, pr := range preds {
			err := s.eachRef(ctx, quad.Object, map[quad.Direction]graph.Ref{quad.Subject: n, quad.Predicate: pr}, func(r graph.Ref) error {
				o, err := s.cayley().NameOf(r)
				if err != nil || o == nil {
					return err
				}
				name := strings.ToLower(text(o))
				if set[name] == nil {
					set[name] = map[quad.IRI]bool{}
				}
				set[name][subj] = true
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	out := make(map[string][]quad.IRI, len(set))
	for name, subjects := range set {
		for subj := range subjects {
			out[name] = append(out[name], subj)
		}
	}
	return out, nil
}
