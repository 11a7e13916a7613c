package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/internal/cayleykv"
	"github.com/pactgraph/pactgraph/internal/cayleysql"
)

// Neighbours, and the subgraph that Overview and Paths draw too.

// drawable says whether an edge belongs in a drawing: links between nodes,
// not a node's own facts (the rdf:type links to classes, sameAs), nor a
// fact of a predicate the vocabulary gives literals (undrawn), whatever
// its object.
func drawable(q quad.Quad) bool {
	_, subj := q.Subject.(quad.IRI)
	_, obj := q.Object.(quad.IRI)
	pred, _ := q.Predicate.(quad.IRI)
	return subj && obj && !slices.Contains(undrawn, pred)
}

// Neighbours is the subgraph within depth links of a node, in either
// direction, with at most limit nodes.
func (s *Store) Neighbours(ctx context.Context, id string, depth, limit int) (*Subgraph, error) {
	start := IRI(id)
	if depth < 1 {
		return nil, errorf(ErrInvalid, "neighbours %s: depth %d", id, depth)
	}
	if n, err := s.node(ctx, start); err != nil {
		return nil, fmt.Errorf("neighbours %s: %w", id, err)
	} else if n.Type == "" && n.Name == n.ID {
		if facts, err := s.quadsWith(ctx, quad.Subject, start); err != nil || len(facts) == 0 {
			return nil, errorf(ErrNotFound, "neighbours %s", id)
		}
	}
	seen := map[quad.IRI]bool{start: true}
	order := []quad.IRI{start}
	g := &Subgraph{}
	vals := s.refValues()
	frontier := []quad.IRI{start}
	for d := 0; d < depth && len(frontier) > 0; d++ {
		if limit > 0 && len(order) >= limit {
			// Full: the next level's links could add no node, only
			// edges between those in, which edgesAmong reads.
			g.Truncated = true
			break
		}
		// A hub (a commitment type, a document, a party of many
		// agreements) links to thousands of nodes: read at most limit of
		// its links in each direction, and say so.
		links, err := s.frontierEdges(ctx, vals, frontier, limit)
		if err != nil {
			return nil, fmt.Errorf("neighbours %s: %w", id, err)
		}
		var next []quad.IRI
		for i := range frontier {
			for j, dir := range linkDirections {
				facts, more := links[i][j].edges, links[i][j].more
				if more {
					g.Truncated = true
				}
				for _, f := range facts {
					q := f.quad
					other := q.Object.(quad.IRI)
					if dir == quad.Object {
						other = q.Subject.(quad.IRI)
					}
					if seen[other] {
						continue
					}
					if limit > 0 && len(order) >= limit {
						g.Truncated = true
						continue
					}
					seen[other] = true
					order = append(order, other)
					next = append(next, other)
				}
			}
		}
		frontier = next
	}
	edges, err := s.edgesAmong(ctx, vals, order, seen)
	if err != nil {
		return nil, fmt.Errorf("neighbours %s: %w", id, err)
	}
	return s.subgraph(ctx, vals, g, order, seen, edges)
}

// edgesAmong gives every drawable fact between the nodes of a subgraph
// (order, the set in), one an edge: the first in the store's order, whose
// label it names. On postgres in one query (cayleysql.Between); elsewhere
// from the facts out of each node (edgesOf), whose values vals keeps.
func (s *Store) edgesAmong(ctx context.Context, vals *refValues, order []quad.IRI, in map[quad.IRI]bool) (map[string]Edge, error) {
	edges := map[string]Edge{}
	if s.pg != nil {
		facts, err := cayleysql.Between(ctx, s.pg, s.pgValues, irisAsValues(order), nil, irisAsValues(undrawn))
		if err != nil {
			return nil, err
		}
		for _, q := range facts {
			if drawable(q) {
				addEdge(edges, q)
			}
		}
		return edges, nil
	}
	if s.kv != nil {
		if ok, err := s.edgesAmongKV(ctx, vals, order, edges); ok || err != nil {
			return edges, err
		}
	}
	for _, iri := range order {
		out, _, err := s.edgesOf(ctx, vals, quad.Subject, iri, 0)
		if err != nil {
			return nil, err
		}
		for _, f := range out {
			if !in[f.quad.Object.(quad.IRI)] {
				continue
			}
			if err := addFirstEdge(edges, vals, f); err != nil {
				return nil, err
			}
		}
	}
	return edges, nil
}

// edgesAmongKV is edgesAmong on bolt and bbolt: the facts out of every
// node in one read transaction (cayleykv.ScanEach), those of undrawn
// predicates passed over by their keys, and only those whose object is one
// of the nodes, told by its id, resolved. ok is false when the store's
// indexes cannot answer it.
func (s *Store) edgesAmongKV(ctx context.Context, vals *refValues, order []quad.IRI, edges map[string]Edge) (bool, error) {
	rs, err := vals.refsOf(ctx, s.cayley(), irisAsValues(order))
	if err != nil {
		return false, err
	}
	in := map[uint64]bool{}
	var filters []map[quad.Direction]graph.Ref
	for _, r := range rs {
		if k := keyOf(r); k != (refKey{}) {
			in[k.n] = true
			filters = append(filters, map[quad.Direction]graph.Ref{quad.Subject: r})
		}
	}
	var found []cayleykv.Quad
	ok, err := s.kv.ScanEach(ctx, filters, func(p uint64) bool { return vals.skip[refKey{n: p}] }, func(_ int, q cayleykv.Quad) error {
		if in[q.Dir(quad.Object)] {
			found = append(found, q)
		}
		return nil
	})
	if !ok || err != nil {
		return ok, err
	}
	// Their values in one read, then the labels of the first fact of each
	// edge in another.
	nodes := make([]graph.Ref, 0, 3*len(found))
	for _, f := range found {
		for _, d := range []quad.Direction{quad.Subject, quad.Predicate, quad.Object} {
			nodes = append(nodes, ckv.Int64Value(f.Dir(d)))
		}
	}
	if err := vals.prefetch(ctx, nodes); err != nil {
		return true, err
	}
	var firsts []edge
	var labels []graph.Ref
	taken := map[string]bool{}
	for _, f := range found {
		var e edge
		for _, d := range []quad.Direction{quad.Subject, quad.Predicate, quad.Object} {
			v, err := vals.get(ckv.Int64Value(f.Dir(d)))
			if err != nil {
				return true, err
			}
			e.quad.Set(d, v)
		}
		if !drawable(e.quad) || taken[edgeKey(e.quad)] {
			continue
		}
		taken[edgeKey(e.quad)] = true
		if l := f.Dir(quad.Label); l != 0 {
			e.label = ckv.Int64Value(l)
			labels = append(labels, e.label)
		}
		firsts = append(firsts, e)
	}
	if err := vals.prefetch(ctx, labels); err != nil {
		return true, err
	}
	for _, e := range firsts {
		if err := addFirstEdge(edges, vals, e); err != nil {
			return true, err
		}
	}
	return true, nil
}

// edge is a drawable fact as edgesOf gives it: its subject, predicate and
// object, and the ref of its label, unread (nil when the quad holds its
// label already).
type edge struct {
	quad  quad.Quad
	label graph.Ref
}

// linkDirections are the directions of a node's links Neighbours follows:
// out of it, then into it.
var linkDirections = [2]quad.Direction{quad.Subject, quad.Object}

// nodeEdges are the first drawable facts of a node in one direction, and
// whether it has more.
type nodeEdges struct {
	edges []edge
	more  bool
}

// frontierEdges gives, for each node of frontier and each of
// linkDirections, its first max drawable facts (edgesOf). On postgres
// they are read for the whole frontier in a few queries
// (cayleysql.Links), in the order they were written, instead of a few
// queries a node.
func (s *Store) frontierEdges(ctx context.Context, vals *refValues, frontier []quad.IRI, max int) ([][2]nodeEdges, error) {
	out := make([][2]nodeEdges, len(frontier))
	if s.pg == nil {
		for i, iri := range frontier {
			for j, dir := range linkDirections {
				var err error
				if out[i][j].edges, out[i][j].more, err = s.edgesOf(ctx, vals, dir, iri, max); err != nil {
					return nil, err
				}
			}
		}
		return out, nil
	}
	nodes, skip := irisAsValues(frontier), irisAsValues(undrawn)
	for j, dir := range linkDirections {
		links, more, err := cayleysql.Links(ctx, s.pg, s.pgValues, nodes, dir, skip, max)
		if err != nil {
			return nil, err
		}
		for i := range frontier {
			out[i][j].more = more[i]
			for _, q := range links[i] {
				out[i][j].edges = append(out[i][j].edges, edge{quad: q})
			}
		}
	}
	return out, nil
}

// edgesBatch is how many facts edgesOf lists before reading their values,
// when it wants want edges (0: all) and has found have: those still
// wanted and one more, to tell whether there are more, but never so few
// that a transaction reads only a handful.
func edgesBatch(want, have int) int {
	if want == 0 {
		return 1024
	}
	return max(64, want+1-have)
}

// edgesOf lists the drawable facts that have iri in direction dir, at most
// max of them (0: all), and says whether there are more; it reads no
// label. It passes over the facts of undrawn predicates (a party's type
// and name, once per document; a commitment's clause) unread on bolt and
// bbolt (eachFact), and resolves the parts of the others through vals.
func (s *Store) edgesOf(ctx context.Context, vals *refValues, dir quad.Direction, iri quad.IRI, max int) ([]edge, bool, error) {
	ref, err := s.cayley().ValueOf(iri)
	if err != nil || ref == nil {
		return nil, false, err
	}
	var out []edge
	more := false
	add := func(f fact) error {
		var q quad.Quad
		for _, d := range []quad.Direction{quad.Subject, quad.Predicate, quad.Object} {
			v, err := vals.get(f.ref(d))
			if err != nil {
				return err
			}
			q.Set(d, v)
		}
		if !drawable(q) {
			return nil
		}
		if max > 0 && len(out) >= max {
			more = true
			return errEnough
		}
		out = append(out, edge{q, f.ref(quad.Label)})
		return nil
	}
	// The facts are listed a batch at a time and the values of a batch read
	// together (refValues.prefetch): on bolt and bbolt in one read
	// transaction, in the order of their ids, where Cayley's NameOf reads
	// each in a transaction of its own from the root of the log's tree.
	var listed []fact
	flush := func() error {
		if err := vals.prefetch(ctx, nodeRefs(listed)); err != nil {
			return err
		}
		for _, f := range listed {
			if err := add(f); err != nil {
				return err
			}
		}
		listed = listed[:0]
		return nil
	}
	err = s.eachFact(ctx, map[quad.Direction]graph.Ref{dir: ref}, vals.skip, func(f fact) error {
		listed = append(listed, f)
		if len(listed) >= edgesBatch(max, len(out)) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if errors.Is(err, errEnough) {
		err = nil
	}
	return out, more, err
}

func addEdge(edges map[string]Edge, q quad.Quad) {
	e := Edge{
		Source:       ID(q.Subject.(quad.IRI)),
		Target:       ID(q.Object.(quad.IRI)),
		Predicate:    PredicateName(q.Predicate),
		PredicateIRI: text(q.Predicate),
	}
	if l, ok := q.Label.(quad.IRI); ok {
		e.Label = LabelID(l)
	}
	k := edgeKey(q)
	if _, dup := edges[k]; !dup {
		edges[k] = e
	}
}

// addFirstEdge adds the edge of the drawable fact f unless edges has one
// of the same ends and predicate already: the first fact of an edge names
// its label (read through vals when f's quad does not hold it).
func addFirstEdge(edges map[string]Edge, vals *refValues, f edge) error {
	if _, dup := edges[edgeKey(f.quad)]; dup {
		return nil
	}
	if f.label != nil {
		l, err := vals.get(f.label)
		if err != nil {
			return err
		}
		f.quad.Label = l
	}
	addEdge(edges, f.quad)
	return nil
}

// edgeKey names the edge of a drawable quad: its ends and predicate.
func edgeKey(q quad.Quad) string {
	return ID(q.Subject.(quad.IRI)) + " " + text(q.Predicate) + " " + ID(q.Object.(quad.IRI))
}

// subgraph fills g with the nodes in order and the edges between them;
// vals (nil: none) holds refs the request read already.
func (s *Store) subgraph(ctx context.Context, vals *refValues, g *Subgraph, order []quad.IRI, in map[quad.IRI]bool, edges map[string]Edge) (*Subgraph, error) {
	cache := s.nodeCache()
	cache.known = vals
	if err := cache.prefetch(ctx, order); err != nil {
		return nil, err
	}
	g.Nodes = make([]Node, 0, len(order))
	for _, iri := range order {
		n, err := cache.get(ctx, iri)
		if err != nil {
			return nil, err
		}
		g.Nodes = append(g.Nodes, n)
	}
	keys := make([]string, 0, len(edges))
	for k, e := range edges {
		if in[IRI(e.Source)] && in[IRI(e.Target)] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	g.Edges = make([]Edge, 0, len(keys))
	for _, k := range keys {
		g.Edges = append(g.Edges, edges[k])
	}
	return g, nil
}
