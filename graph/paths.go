package graph

import (
	"context"
	"fmt"
	"sort"

	"github.com/cayleygraph/quad"
)

// MaxPathLength is the longest path, in edges, that Paths looks for.
const MaxPathLength = 6

// Paths is the answer of [Store.Paths]: the shortest paths between two
// nodes, each a list of node ids from one end to the other, and the
// subgraph of their nodes and edges, ready to draw. Length is the number of
// edges of each path, 0 when none is found within the cap. Truncated says
// that more shortest paths exist than were listed.
type Paths struct {
	Subgraph
	From   string     `json:"from"`
	To     string     `json:"to"`
	Length int        `json:"length"`
	Paths  [][]string `json:"paths"`
}

// Paths finds the shortest paths between the nodes from and to over the
// edges that are drawn (either direction; not rdf:type or owl:sameAs), of
// at most maxLen edges (1 to MaxPathLength), and lists at most limit of
// them. No path within maxLen is not an error: the answer has no paths.
func (s *Store) Paths(ctx context.Context, from, to string, maxLen, limit int) (*Paths, error) {
	if maxLen < 1 || maxLen > MaxPathLength {
		return nil, errorf(ErrInvalid, "paths %s %s: length cap %d: want 1 to %d", from, to, maxLen, MaxPathLength)
	}
	for _, id := range []string{from, to} {
		if err := s.exists(ctx, IRI(id)); err != nil {
			return nil, fmt.Errorf("paths %s %s: %w", from, to, err)
		}
	}
	p := &Paths{From: from, To: to, Paths: [][]string{}}
	start, goal := IRI(from), IRI(to)
	// Breadth first, layer by layer, keeping every parent on the layer
	// before, so that every shortest path can be read back from the goal.
	depth := map[quad.IRI]int{start: 0}
	parents := map[quad.IRI][]quad.IRI{}
	edges := map[string]Edge{}
	between := map[[2]quad.IRI][]edge{} // (near, far) → the facts joining them
	vals := s.refValues()
	frontier := []quad.IRI{start}
	found := start == goal
	// The goal's own links, read once: a layer with a node linked to the
	// goal is the last, and is not read at all. Through the biggest
	// parties the last layer is thousands of nodes (1.6–3.5 s at 1M quads).
	var toGoal map[quad.IRI][]edge
	if !found {
		var err error
		if toGoal, err = s.linksTo(ctx, vals, goal); err != nil {
			return nil, fmt.Errorf("paths %s %s: %w", from, to, err)
		}
	}
	for d := 1; d <= maxLen && !found && len(frontier) > 0; d++ {
		for _, iri := range frontier {
			if facts, ok := toGoal[iri]; ok {
				depth[goal], found = d, true
				parents[goal] = append(parents[goal], iri)
				between[[2]quad.IRI{iri, goal}] = facts
			}
		}
		if found {
			break
		}
		// Every drawn link of the layer (frontierEdges: on postgres in a
		// few queries for the whole layer; elsewhere without reading the
		// facts that are never drawn).
		links, err := s.frontierEdges(ctx, vals, frontier, 0)
		if err != nil {
			return nil, fmt.Errorf("paths %s %s: %w", from, to, err)
		}
		var next []quad.IRI
		for i, iri := range frontier {
			for j, dir := range linkDirections {
				for _, f := range links[i][j].edges {
					q := f.quad
					other := q.Object.(quad.IRI)
					if dir == quad.Object {
						other = q.Subject.(quad.IRI)
					}
					od, seen := depth[other]
					if !seen {
						depth[other] = d
						next = append(next, other)
						od = d
					}
					if od != d {
						continue
					}
					pair := [2]quad.IRI{iri, other}
					if len(between[pair]) == 0 {
						parents[other] = append(parents[other], iri)
					}
					between[pair] = append(between[pair], f)
					if other == goal {
						found = true
					}
				}
			}
		}
		frontier = next
	}
	if !found {
		return p.finish(ctx, s, vals, edges)
	}
	p.Length = depth[goal]
	// Read the paths back from the goal, in a stable order.
	for _, ps := range parents {
		sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
	}
	var walkErr error
	var walk func(at quad.IRI, tail []quad.IRI)
	walk = func(at quad.IRI, tail []quad.IRI) {
		if walkErr != nil {
			return
		}
		if limit > 0 && len(p.Paths) >= limit {
			p.Truncated = true
			return
		}
		tail = append([]quad.IRI{at}, tail...)
		if at == start {
			ids := make([]string, len(tail))
			for i, iri := range tail {
				ids[i] = ID(iri)
			}
			p.Paths = append(p.Paths, ids)
			for i := 0; i+1 < len(tail); i++ {
				for _, f := range between[[2]quad.IRI{tail[i], tail[i+1]}] {
					if walkErr = addFirstEdge(edges, vals, f); walkErr != nil {
						return
					}
				}
			}
			return
		}
		for _, prev := range parents[at] {
			walk(prev, tail)
		}
	}
	walk(goal, nil)
	if walkErr != nil {
		return nil, fmt.Errorf("paths %s %s: %w", from, to, walkErr)
	}
	return p.finish(ctx, s, vals, edges)
}

// linksTo gives, for each node linked to goal by a drawn fact, those
// facts in the order the node's own links list them (frontierEdges):
// those out of the node, then those into it, each in the order written.
func (s *Store) linksTo(ctx context.Context, vals *refValues, goal quad.IRI) (map[quad.IRI][]edge, error) {
	links, err := s.frontierEdges(ctx, vals, []quad.IRI{goal}, 0)
	if err != nil {
		return nil, err
	}
	out := map[quad.IRI][]edge{}
	// The goal's links into it are the node's out of it, and the other way.
	for _, j := range []int{1, 0} {
		for _, f := range links[0][j].edges {
			other := f.quad.Subject
			if linkDirections[j] == quad.Subject {
				other = f.quad.Object
			}
			if iri, ok := other.(quad.IRI); ok {
				out[iri] = append(out[iri], f)
			}
		}
	}
	return out, nil
}

// finish fills the subgraph with the nodes of the paths, in path order.
func (p *Paths) finish(ctx context.Context, s *Store, vals *refValues, edges map[string]Edge) (*Paths, error) {
	in := map[quad.IRI]bool{}
	var order []quad.IRI
	add := func(id string) {
		if iri := IRI(id); !in[iri] {
			in[iri] = true
			order = append(order, iri)
		}
	}
	add(p.From)
	for _, path := range p.Paths {
		for _, id := range path {
			add(id)
		}
	}
	add(p.To)
	if _, err := s.subgraph(ctx, vals, &p.Subgraph, order, in, edges); err != nil {
		return nil, fmt.Errorf("paths %s %s: %w", p.From, p.To, err)
	}
	return p, nil
}

// exists returns an error wrapping ErrNotFound unless some quad names iri.
func (s *Store) exists(ctx context.Context, iri quad.IRI) error {
	for _, d := range []quad.Direction{quad.Subject, quad.Object} {
		facts, err := s.quadsWith(ctx, d, iri)
		if err != nil {
			return err
		}
		if len(facts) > 0 {
			return nil
		}
	}
	return errorf(ErrNotFound, "entity %s", ID(iri))
}
