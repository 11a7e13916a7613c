package graph

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"
)

// typeNames gives the short name of each class pactgraph writes.
var typeNames = map[quad.IRI]string{
	Organisation:   "Organisation",
	Person:         "Person",
	Territory:      "Territory",
	Treaty:         "Treaty",
	Document:       "Document",
	Article:        "Article",
	Signature:      "Signature",
	Commitment:     "Commitment",
	CommitmentType: "CommitmentType",
}

// TypeName is the short name of a class IRI ("Organisation" for
// schema:Organization), or "" for a class pactgraph does not write.
func TypeName(class quad.IRI) string { return typeNames[class] }

// Class is the class IRI of a short type name, the inverse of TypeName.
func Class(name string) (quad.IRI, bool) {
	for iri, n := range typeNames {
		if strings.EqualFold(n, name) {
			return iri, true
		}
	}
	return "", false
}

// PredicateName is the short name of a predicate IRI: its local part.
func PredicateName(p quad.Value) string {
	s := text(p)
	if i := strings.LastIndexAny(s, "#/"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// text renders a literal as the plain string a reader expects.
func text(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.LangString:
		return string(v.Value)
	case quad.TypedString:
		return string(v.Value)
	case quad.IRI:
		return string(v)
	case nil:
		return ""
	}
	return fmt.Sprint(quad.NativeOf(v))
}

// node reads the drawing form of one node: its name (or label) and type.
// It reads only the first of each of those facts, through the
// subject-predicate index, not every fact of the node: a party of many
// agreements states its name and type once in each.
func (s *Store) node(ctx context.Context, iri quad.IRI) (Node, error) {
	n := Node{ID: ID(iri), IRI: string(iri)}
	var label string
	for _, f := range []struct {
		pred quad.IRI
		set  func(quad.Value)
	}{
		{Name, func(v quad.Value) { n.Name = text(v) }},
		{Label, func(v quad.Value) { label = text(v) }},
		{Type, func(v quad.Value) {
			if c, ok := v.(quad.IRI); ok && TypeName(c) != "" {
				n.Type = TypeName(c)
			}
		}},
	} {
		vals, err := s.objects(ctx, iri, f.pred, 1)
		if err != nil {
			return n, err
		}
		for _, v := range vals {
			f.set(v)
		}
	}
	if n.Name == "" {
		n.Name = label
	}
	if n.Name == "" {
		n.Name = n.ID
	}
	return n, nil
}

// objects lists the distinct objects of the facts (subj, pred, ·), in the
// order of the store's index, reading each object once; at most max of
// them (0: all).
func (s *Store) objects(ctx context.Context, subj, pred quad.IRI, max int) ([]quad.Value, error) {
	sr, err := s.qs.ValueOf(subj)
	if err != nil || sr == nil {
		return nil, err
	}
	pr, err := s.qs.ValueOf(pred)
	if err != nil || pr == nil {
		return nil, err
	}
	it := shape.BuildIterator(ctx, s.qs, shape.QuadsAction{
		Result: quad.Object,
		Filter: map[quad.Direction]graph.Ref{quad.Subject: sr, quad.Predicate: pr},
	})
	seen := map[any]bool{}
	var out []quad.Value
	err = iterator.Iterate(ctx, it).Each(func(r graph.Ref) error {
		k := refs.ToKey(r)
		if seen[k] {
			return nil
		}
		seen[k] = true
		v, err := s.qs.NameOf(r)
		if err != nil {
			return err
		}
		if v != nil {
			out = append(out, v)
		}
		if max > 0 && len(out) >= max {
			return errEnough
		}
		return nil
	})
	if errors.Is(err, errEnough) {
		err = nil
	}
	return out, err
}

// nodes caches node reads for the length of one request.
type nodes struct {
	s    *Store
	seen map[quad.IRI]Node
}

func (s *Store) nodeCache() *nodes { return &nodes{s: s, seen: map[quad.IRI]Node{}} }

func (c *nodes) get(ctx context.Context, iri quad.IRI) (Node, error) {
	if n, ok := c.seen[iri]; ok {
		return n, nil
	}
	n, err := c.s.node(ctx, iri)
	if err != nil {
		return n, err
	}
	c.seen[iri] = n
	return n, nil
}

// Search finds nodes whose name or an alias contains q (ignoring case),
// optionally only of one type, best matches first: exact names, then
// prefixes, then the rest, each group by name. It gives at most limit hits
// (0: all); SearchPage says how many there are.
func (s *Store) Search(ctx context.Context, q, typ string, limit int) ([]Hit, error) {
	hits, _, err := s.SearchPage(ctx, q, typ, 0, limit)
	return hits, err
}

// SearchPage is Search from the offset-th hit on, with the number of hits
// in all, so that a caller can say whether more follow.
func (s *Store) SearchPage(ctx context.Context, q, typ string, offset, limit int) ([]Hit, int, error) {
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
	names, err := s.names.get(s.Size(), 0, func() (map[string][]quad.IRI, error) { return s.readNames(ctx) })
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

// memo keeps a value read from the store while the store does not
// change: every write through the Store drops it, and a store whose size
// changed since it was read (a write through Cayley's own API) reads it
// again. Each value is read for a key (a limit, say): another key reads
// it again. Reads that arrive together wait for one read of the store.
type memo[T any] struct {
	read  sync.Mutex // held while the value is read from the store
	mu    sync.Mutex
	gen   int   // counts drops, so that a read raced by a write is not kept
	quads int64 // the store's size when read
	key   int
	val   T
	ok    bool
}

// drop forgets the value after a write; a nil memo (postgres, which other
// processes may write to) keeps nothing.
func (m *memo[T]) drop() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.gen++
	m.ok = false
	var zero T
	m.val = zero
	m.mu.Unlock()
}

// get gives the value for key at the store's present size, reading it with
// read unless kept.
func (m *memo[T]) get(size int64, key int, read func() (T, error)) (T, error) {
	if m == nil {
		return read()
	}
	if v, ok, _ := m.current(size, key); ok {
		return v, nil
	}
	m.read.Lock()
	defer m.read.Unlock()
	v, ok, gen := m.current(size, key)
	if ok {
		return v, nil
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	if m.gen == gen {
		m.val, m.quads, m.key, m.ok = v, size, key, true
	}
	m.mu.Unlock()
	return v, nil
}

// current gives the value if it was read at the store's present size for
// key, and the generation it was looked up in.
func (m *memo[T]) current(size int64, key int) (T, bool, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ok && m.quads == size && m.key == key {
		return m.val, true, m.gen
	}
	var zero T
	return zero, false, m.gen
}

// nameClasses are the classes whose nodes bear names that Search finds:
// the parties, people, places, treaties and documents the loaders write,
// the commitment types, and the records of the datasets. Articles,
// signatures and commitments have labels, not names.
var nameClasses = []quad.IRI{
	Organisation, Person, Territory, Treaty, Document, CommitmentType,
	StateRecord, Alliance, Membership, LeaderSpell, MissionChief,
}

// readNames reads the names and aliases of the nodes Search can find: the
// nodes of nameClasses, found through the object index, and every node a
// document mentions (an entity of a type pactgraph has no class for),
// found through the subject–predicate index; and their names through the
// subject–predicate index. Cayley's kv stores have no predicate index, so
// asking for every name fact would read the whole store.
func (s *Store) readNames(ctx context.Context) (map[string][]quad.IRI, error) {
	typ, err := s.qs.ValueOf(Type)
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
		cr, err := s.qs.ValueOf(c)
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
	if men, err := s.qs.ValueOf(Mentions); err != nil {
		return nil, err
	} else if men != nil {
		for _, d := range docs {
			if err := s.eachRef(ctx, quad.Object, map[quad.Direction]graph.Ref{quad.Subject: d, quad.Predicate: men}, add); err != nil {
				return nil, err
			}
		}
	}
	var preds []graph.Ref
	for _, p := range []quad.IRI{Name, Alias} {
		pr, err := s.qs.ValueOf(p)
		if err != nil {
			return nil, err
		}
		if pr != nil {
			preds = append(preds, pr)
		}
	}
	set := map[string]map[quad.IRI]bool{}
	for _, n := range nodes {
		v, err := s.qs.NameOf(n)
		if err != nil {
			return nil, err
		}
		subj, ok := v.(quad.IRI)
		if !ok {
			continue
		}
		for _, pr := range preds {
			err := s.eachRef(ctx, quad.Object, map[quad.Direction]graph.Ref{quad.Subject: n, quad.Predicate: pr}, func(r graph.Ref) error {
				o, err := s.qs.NameOf(r)
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

// eachRef calls fn with the distinct refs in direction result of the
// quads that match filter, through the store's best index for it.
func (s *Store) eachRef(ctx context.Context, result quad.Direction, filter map[quad.Direction]graph.Ref, fn func(graph.Ref) error) error {
	it := shape.BuildIterator(ctx, s.qs, shape.QuadsAction{Result: result, Filter: filter})
	seen := map[any]bool{}
	return iterator.Iterate(ctx, it).Each(func(r graph.Ref) error {
		k := refs.ToKey(r)
		if seen[k] {
			return nil
		}
		seen[k] = true
		return fn(r)
	})
}

// window is the part of list from offset, at most limit long (0: all).
func window[T any](list []T, offset, limit int) []T {
	if offset >= len(list) {
		return list[:0]
	}
	list = list[offset:]
	if limit > 0 && len(list) > limit {
		list = list[:limit]
	}
	return list
}

// values lists the distinct literal values of one predicate of a node, sorted.
func (s *Store) values(ctx context.Context, subj quad.IRI, pred quad.IRI) ([]string, error) {
	vals, err := s.objects(ctx, subj, pred, 0)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, v := range vals {
		set[text(v)] = true
	}
	return sortedKeys(set), nil
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// DefaultLinks is how many links of each direction an entity view holds
// when its LinkPage does not say.
const DefaultLinks = 100

// LinkPage asks for a page of an entity's links: at most Limit links out
// of the node from the OutOffset-th, and at most Limit into it from the
// InOffset-th (Limit 0: DefaultLinks).
type LinkPage struct {
	OutOffset, InOffset, Limit int
}

// Entity reads what the graph says about the node with the given id:
// its own facts in full (names, aliases, same_as, properties), one page of
// its links in each direction with the number of links in all, and the
// provenance of the facts it returns.
//
// A node of many agreements (a party, a commitment type) has thousands of
// links. Entity reads every fact of the node only as refs, through the
// store's subject and object indexes, without resolving their values,
// except the predicates (a few) and the objects of the node's own facts
// (the facts out of it, which are few but for its name and type, stated
// once per document and told apart by their predicate); it resolves the
// nodes and reads the provenance of the page's links only.
//
// Order: links are sorted by predicate name, then by the node at the
// other end in the store's order of values (bolt, bbolt and memstore: the
// order in which the nodes were first written, so a party's commitments
// come document by document as they were loaded; PostgreSQL: by hash,
// arbitrary but fixed), then by label. It needs no value of the links, so
// pages are cut from the sorted refs, and are stable while the store does
// not change.
//
// Provenance describes the label of each link in the page and, for each
// distinct own fact (a name, an alias, a property value), one label of it,
// the first in the store's order; ProvenanceTotal counts the labels of
// every fact about the node, in and out.
func (s *Store) Entity(ctx context.Context, id string, p LinkPage) (*Entity, error) {
	if p.OutOffset < 0 || p.InOffset < 0 || p.Limit < 0 {
		return nil, errorf(ErrInvalid, "entity %s: out offset %d, in offset %d, limit %d: must not be negative", id, p.OutOffset, p.InOffset, p.Limit)
	}
	if p.Limit == 0 {
		p.Limit = DefaultLinks
	}
	e, err := s.entityPage(ctx, IRI(id), p)
	if err != nil {
		return nil, fmt.Errorf("entity %s: %w", id, err)
	}
	if e == nil {
		return nil, errorf(ErrNotFound, "entity %s", id)
	}
	return e, nil
}

// entityPage is Entity; nil when the store holds no fact of iri.
func (s *Store) entityPage(ctx context.Context, iri quad.IRI, p LinkPage) (*Entity, error) {
	ref, err := s.qs.ValueOf(iri)
	if err != nil || ref == nil {
		return nil, err
	}
	out, err := s.factsOf(ctx, quad.Subject, ref)
	if err != nil {
		return nil, err
	}
	in, err := s.factsOf(ctx, quad.Object, ref)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 && len(in) == 0 {
		return nil, nil
	}
	cache := s.nodeCache()
	self, err := cache.get(ctx, iri)
	if err != nil {
		return nil, err
	}
	e := &Entity{Node: self, Aliases: []string{}, SameAs: []string{}, Properties: map[string][]string{},
		Out: []Link{}, In: []Link{}, Provenance: []Provenance{}}
	vals := s.refValues()
	own, err := s.ownPredicates()
	if err != nil {
		return nil, err
	}
	// The node's own facts, and the facts out of it that are links.
	aliases, sameAs := map[string]bool{}, map[string]bool{}
	props := map[string]map[string]bool{}
	firstLabel := map[[2]refKey]fact{} // per distinct own fact, its first label
	var links []fact
	for _, f := range out {
		pred := own[f.pred]
		if pred != Type && pred != Name {
			obj, err := vals.get(f.ref(quad.Object))
			if err != nil {
				return nil, err
			}
			switch {
			case pred == Alias:
				aliases[text(obj)] = true
			case pred == SameAs:
				sameAs[text(obj)] = true
			default:
				if _, ok := obj.(quad.IRI); ok {
					links = append(links, f)
					continue
				}
				pv, err := vals.get(f.ref(quad.Predicate))
				if err != nil {
					return nil, err
				}
				k := PredicateName(pv)
				if props[k] == nil {
					props[k] = map[string]bool{}
				}
				props[k][text(obj)] = true
			}
		}
		k := [2]refKey{f.pred, f.other}
		if first, ok := firstLabel[k]; !ok || f.label.less(first.label) {
			firstLabel[k] = f
		}
	}
	e.Aliases, e.SameAs = sortedKeys(aliases), sortedKeys(sameAs)
	for k, set := range props {
		e.Properties[k] = sortedKeys(set)
	}
	labels := map[refKey]graph.Ref{}
	for _, f := range firstLabel {
		if f.label != (refKey{}) {
			labels[f.label] = f.ref(quad.Label)
		}
	}
	// The pages of links.
	e.OutOffset, e.OutTotal = p.OutOffset, len(links)
	e.InOffset, e.InTotal = p.InOffset, len(in)
	for _, side := range []struct {
		facts  []fact
		offset int
		dir    quad.Direction // of the node at the other end
		to     *[]Link
	}{{links, p.OutOffset, quad.Object, &e.Out}, {in, p.InOffset, quad.Subject, &e.In}} {
		if err := sortFacts(side.facts, vals); err != nil {
			return nil, err
		}
		for _, f := range window(side.facts, side.offset, p.Limit) {
			l, err := s.link(ctx, cache, vals, f, side.dir)
			if err != nil {
				return nil, err
			}
			*side.to = append(*side.to, l)
			if f.label != (refKey{}) {
				labels[f.label] = f.ref(quad.Label)
			}
		}
	}
	e.Truncated = len(e.Out) < e.OutTotal || len(e.In) < e.InTotal
	// Provenance: the labels of what the answer holds; a count of all.
	all := map[refKey]bool{}
	for _, facts := range [][]fact{out, in} {
		for _, f := range facts {
			if f.label != (refKey{}) {
				all[f.label] = true
			}
		}
	}
	e.ProvenanceTotal = len(all)
	for _, r := range labels {
		v, err := vals.get(r)
		if err != nil {
			return nil, err
		}
		l, ok := v.(quad.IRI)
		if !ok {
			continue
		}
		pr, err := s.provenance(ctx, cache, l)
		if err != nil {
			return nil, err
		}
		e.Provenance = append(e.Provenance, pr)
	}
	sort.Slice(e.Provenance, func(i, j int) bool {
		a, b := e.Provenance[i], e.Provenance[j]
		if a.Document != b.Document {
			return a.Document < b.Document
		}
		if a.Span[0] != b.Span[0] {
			return a.Span[0] < b.Span[0]
		}
		return a.ID < b.ID
	})
	return e, nil
}

// ownPredicates gives the keys of the predicates of a node's own facts,
// which are not links: its type, name, aliases and same_as.
func (s *Store) ownPredicates() (map[refKey]quad.IRI, error) {
	own := map[refKey]quad.IRI{}
	for _, p := range []quad.IRI{Type, Name, Alias, SameAs} {
		r, err := s.qs.ValueOf(p)
		if err != nil {
			return nil, err
		}
		if r != nil {
			own[keyOf(r)] = p
		}
	}
	return own, nil
}

// fact is one quad about an entity, as the refs the store's index gives:
// no value of it is read.
type fact struct {
	quad  graph.Ref
	refs  [4]graph.Ref // by quad.Direction - 1
	pred  refKey
	other refKey // the node at the other end
	label refKey
	order string // the predicate's name, once sorted
}

func (f fact) ref(d quad.Direction) graph.Ref { return f.refs[d-1] }

// factsOf lists the facts that have the value ref in direction d (Subject:
// the facts out of a node; Object: those into it), in the store's index
// order, as refs.
func (s *Store) factsOf(ctx context.Context, d quad.Direction, ref graph.Ref) ([]fact, error) {
	otherDir := quad.Object
	if d == quad.Object {
		otherDir = quad.Subject
	}
	var out []fact
	err := iterator.Iterate(ctx, s.qs.QuadIterator(d, ref)).Each(func(r graph.Ref) error {
		f := fact{quad: r}
		for _, dir := range quad.Directions {
			dr, err := s.qs.QuadDirection(r, dir)
			if err != nil {
				return err
			}
			f.refs[dir-1] = dr
		}
		f.pred, f.other, f.label = keyOf(f.ref(quad.Predicate)), keyOf(f.ref(otherDir)), keyOf(f.ref(quad.Label))
		out = append(out, f)
		return nil
	})
	return out, err
}

// sortFacts puts links in the order of Entity: by predicate name,
// then by the node at the other end, the label and the quad, in the
// store's order of refs. It reads each predicate's value once.
func sortFacts(facts []fact, vals *refValues) error {
	names := map[refKey]string{}
	for i, f := range facts {
		name, ok := names[f.pred]
		if !ok {
			v, err := vals.get(f.ref(quad.Predicate))
			if err != nil {
				return err
			}
			name = PredicateName(v) + " " + text(v)
			names[f.pred] = name
		}
		facts[i].order = name
	}
	sort.Slice(facts, func(i, j int) bool {
		a, b := facts[i], facts[j]
		if a.order != b.order {
			return a.order < b.order
		}
		if a.other != b.other {
			return a.other.less(b.other)
		}
		if a.label != b.label {
			return a.label.less(b.label)
		}
		return keyOf(a.quad).less(keyOf(b.quad))
	})
	return nil
}

// link resolves one fact of a page: its predicate, label and the node at
// its other end, in direction dir.
func (s *Store) link(ctx context.Context, cache *nodes, vals *refValues, f fact, dir quad.Direction) (Link, error) {
	var v [3]quad.Value
	for i, d := range []quad.Direction{quad.Predicate, dir, quad.Label} {
		var err error
		if v[i], err = vals.get(f.ref(d)); err != nil {
			return Link{}, err
		}
	}
	l := Link{Predicate: PredicateName(v[0]), PredicateIRI: text(v[0])}
	if other, ok := v[1].(quad.IRI); ok {
		n, err := cache.get(ctx, other)
		if err != nil {
			return Link{}, err
		}
		l.Node = n
	} else {
		// A blank node: shown by its name in the store, with no id.
		l.Node = Node{Name: text(v[1])}
	}
	if lab, ok := v[2].(quad.IRI); ok {
		l.Label = ID(lab)
	}
	return l, nil
}

// refKey orders the refs of one store: by number where the store numbers
// its values and quads (bolt, bbolt, memstore), else by the printed key
// (the hashes of the SQL stores). The zero refKey is no ref.
type refKey struct {
	n uint64
	s string
}

func keyOf(r graph.Ref) refKey {
	k := refs.ToKey(r)
	if k == nil {
		return refKey{}
	}
	v := reflect.ValueOf(k)
	if v.IsZero() {
		return refKey{}
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return refKey{n: uint64(v.Int())}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return refKey{n: v.Uint()}
	}
	return refKey{s: fmt.Sprintf("%x", k)}
}

func (a refKey) less(b refKey) bool {
	if a.n != b.n {
		return a.n < b.n
	}
	return a.s < b.s
}

// provenance describes a quad label: a document, or an article of one with
// its words and span. It reads the label's facts one predicate at a time,
// through the subject–predicate index: never a document's whole text.
func (s *Store) provenance(ctx context.Context, cache *nodes, label quad.IRI) (Provenance, error) {
	p := Provenance{ID: ID(label)}
	one := func(pred quad.IRI) (quad.Value, error) {
		vals, err := s.objects(ctx, label, pred, 1)
		if err != nil || len(vals) == 0 {
			return nil, err
		}
		return vals[0], nil
	}
	doc := label
	if v, err := one(PartOf); err != nil {
		return p, err
	} else if d, ok := v.(quad.IRI); ok {
		doc = d
	}
	if v, err := one(Number); err != nil {
		return p, err
	} else if v != nil {
		p.Article = text(v)
	}
	types, err := s.objects(ctx, label, Type, 0)
	if err != nil {
		return p, err
	}
	article := false
	for _, t := range types {
		article = article || t == Article
	}
	if article {
		for _, f := range []struct {
			pred quad.IRI
			set  func(quad.Value)
		}{
			{Text, func(v quad.Value) { p.Text = text(v) }},
			{Start, func(v quad.Value) { p.Span[0] = atoi(text(v)) }},
			{End, func(v quad.Value) { p.Span[1] = atoi(text(v)) }},
		} {
			v, err := one(f.pred)
			if err != nil {
				return p, err
			}
			if v != nil {
				f.set(v)
			}
		}
	}
	n, err := cache.get(ctx, doc)
	if err != nil {
		return p, err
	}
	p.Document, p.DocumentTitle = n.ID, n.Name
	return p, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// drawable says whether an edge belongs in a drawing: links between nodes,
// not the rdf:type links to classes.
func drawable(q quad.Quad) bool {
	_, subj := q.Subject.(quad.IRI)
	_, obj := q.Object.(quad.IRI)
	return subj && obj && q.Predicate != Type && q.Predicate != SameAs
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
	edges := map[string]Edge{}
	g := &Subgraph{}
	vals := s.refValues()
	frontier := []quad.IRI{start}
	for d := 0; d < depth && len(frontier) > 0; d++ {
		var next []quad.IRI
		for _, iri := range frontier {
			for _, dir := range []quad.Direction{quad.Subject, quad.Object} {
				// A hub (a commitment type, a document, a party of many
				// agreements) links to thousands of nodes: read at most
				// limit of its links in each direction, and say so.
				facts, more, err := s.edgesOf(ctx, vals, dir, iri, limit)
				if err != nil {
					return nil, fmt.Errorf("neighbours %s: %w", id, err)
				}
				if more {
					g.Truncated = true
				}
				for _, q := range facts {
					other := q.Object.(quad.IRI)
					if dir == quad.Object {
						other = q.Subject.(quad.IRI)
					}
					if !seen[other] {
						if limit > 0 && len(order) >= limit {
							g.Truncated = true
							continue
						}
						seen[other] = true
						order = append(order, other)
						next = append(next, other)
					}
					addEdge(edges, q)
				}
			}
		}
		frontier = next
	}
	return s.subgraph(ctx, g, order, seen, edges)
}

// refValues resolves the store's refs to values, each once, for the length
// of one request: the facts of a hub repeat the same few predicates,
// labels and nodes.
type refValues struct {
	qs   graph.QuadStore
	vals map[any]quad.Value
	skip map[any]bool // refs of the predicates drawable rejects
}

func (s *Store) refValues() *refValues {
	v := &refValues{qs: s.qs, vals: map[any]quad.Value{}, skip: map[any]bool{}}
	for _, p := range []quad.IRI{Type, SameAs} {
		if r, err := s.qs.ValueOf(p); err == nil && r != nil {
			v.skip[refs.ToKey(r)] = true
		}
	}
	return v
}

func (v *refValues) get(r graph.Ref) (quad.Value, error) {
	if r == nil {
		return nil, nil
	}
	k := refs.ToKey(r)
	if val, ok := v.vals[k]; ok {
		return val, nil
	}
	val, err := v.qs.NameOf(r)
	if err != nil {
		return nil, err
	}
	v.vals[k] = val
	return val, nil
}

// errEnough stops an iteration that has read what it needs.
var errEnough = errors.New("enough")

// errNoIndex says that a backend has no subject–predicate index scan to
// offer linksOf.
var errNoIndex = errors.New("no subject-predicate index")

// edgesOf lists the drawable facts that have iri in direction dir, at most
// max of them (0: all), and says whether there are more. It resolves the
// parts of each fact through vals, the predicate first, so that type facts
// quadOf reads the quad a ref names, its values through the request's cache.
func (s *Store) quadOf(r graph.Ref, vals *refValues) (quad.Quad, error) {
	var q quad.Quad
	for _, d := range quad.Directions {
		dr, err := s.qs.QuadDirection(r, d)
		if err != nil {
			return q, err
		}
		v, err := vals.get(dr)
		if err != nil {
			return q, err
		}
		q.Set(d, v)
	}
	return q, nil
}

// cost no reads of their values.
func (s *Store) edgesOf(ctx context.Context, vals *refValues, dir quad.Direction, iri quad.IRI, max int) ([]quad.Quad, bool, error) {
	ref, err := s.qs.ValueOf(iri)
	if err != nil || ref == nil {
		return nil, false, err
	}
	var out []quad.Quad
	more := false
	err = iterator.Iterate(ctx, s.qs.QuadIterator(dir, ref)).Each(func(r graph.Ref) error {
		pr, err := s.qs.QuadDirection(r, quad.Predicate)
		if err != nil {
			return err
		}
		if vals.skip[refs.ToKey(pr)] {
			return nil
		}
		q, err := s.quadOf(r, vals)
		if err != nil {
			return err
		}
		if !drawable(q) {
			return nil
		}
		if max > 0 && len(out) >= max {
			more = true
			return errEnough
		}
		out = append(out, q)
		return nil
	})
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
		e.Label = ID(l)
	}
	k := e.Source + " " + e.PredicateIRI + " " + e.Target
	if _, dup := edges[k]; !dup {
		edges[k] = e
	}
}

// subgraph fills g with the nodes in order and the edges between them.
func (s *Store) subgraph(ctx context.Context, g *Subgraph, order []quad.IRI, in map[quad.IRI]bool, edges map[string]Edge) (*Subgraph, error) {
	cache := s.nodeCache()
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

// Overview is the graph of every node the loaded documents give a type, at
// most limit nodes, for a first drawing of the corpus; the records of
// datasets in their own named graphs are left out. It is the same for
// every caller until the store changes, and kept: the caller must not
// change it.
func (s *Store) Overview(ctx context.Context, limit int) (*Subgraph, error) {
	return s.overview.get(s.Size(), limit, func() (*Subgraph, error) { return s.readOverview(ctx, limit) })
}

func (s *Store) readOverview(ctx context.Context, limit int) (*Subgraph, error) {
	g := &Subgraph{}
	in := map[quad.IRI]bool{}
	var order []quad.IRI
	// Class by class through the object index (the kv stores have no
	// predicate index, so asking for every rdf:type would scan the store),
	// parties and treaties first, so that a limit cuts the details.
classes:
	for _, c := range []quad.IRI{Organisation, Territory, Treaty, Person, Document, CommitmentType, Signature, Article, Commitment} {
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

// links are the predicates whose objects are nodes, in the loaders' and
// datasets' facts: what Overview draws.
var links = []quad.IRI{
	PartOf, Source, Mentions, About, Translator, Party, HasArticle, Place, HasSigning,
	Signatory, OnBehalfOf, SignedBy, Commits, OfType, Bearer, Beneficiary, Target, Refers,
	AllianceOf, MemberState, ByIdentifier, ByDateMembers, ByName, WithinByGazetteer,
}

// linksOf lists the facts (subj, pred, ·, ·), at most max of them (0: all),
// through the store's subject–predicate index, and says whether there
// are more.
func (s *Store) linksOf(ctx context.Context, vals *refValues, subj, pred quad.IRI, max int) ([]quad.Quad, bool, error) {
	sr, err := s.qs.ValueOf(subj)
	if err != nil || sr == nil {
		return nil, false, err
	}
	pr, err := s.qs.ValueOf(pred)
	if err != nil || pr == nil {
		return nil, false, err
	}
	act := shape.QuadsAction{Result: quad.Object, Filter: map[quad.Direction]graph.Ref{quad.Subject: sr, quad.Predicate: pr}}
	var sh shape.Shape = act
	if o, ok := shape.Optimize(ctx, act, s.qs); ok {
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
	err = iterator.Iterate(ctx, from.Quads.BuildIterator(s.qs)).Each(func(r graph.Ref) error {
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

// Documents lists every document in the store, by date then title.
func (s *Store) Documents(ctx context.Context) ([]DocumentSummary, error) {
	docs, _, err := s.DocumentsPage(ctx, 0, 0)
	return docs, err
}

// DocumentsPage lists at most limit documents (0: all) from the offset-th
// on, by date then title, with the number of documents in all. It sorts
// them on their date and title only (readDocumentList, kept while the store
// does not change), and reads the other fields of the page's documents.
func (s *Store) DocumentsPage(ctx context.Context, offset, limit int) ([]DocumentSummary, int, error) {
	if offset < 0 || limit < 0 {
		return nil, 0, errorf(ErrInvalid, "documents: offset %d, limit %d: must not be negative", offset, limit)
	}
	all, err := s.documents.get(s.Size(), 0, func() ([]DocumentSummary, error) { return s.readDocumentList(ctx) })
	if err != nil {
		return nil, 0, fmt.Errorf("documents: %w", err)
	}
	page := window(all, offset, limit)
	out := make([]DocumentSummary, len(page))
	for i, d := range page {
		out[i], err = s.documentSummary(ctx, quad.IRI(d.IRI))
		if err != nil {
			return nil, 0, fmt.Errorf("documents: %w", err)
		}
	}
	return out, len(all), nil
}

// readDocumentList lists every document with its date and title (its
// first date and name facts), sorted by date, title and id: what
// DocumentsPage pages through, kept while the store does not change.
func (s *Store) readDocumentList(ctx context.Context) ([]DocumentSummary, error) {
	all := []DocumentSummary{}
	err := s.typed(ctx, Document, func(iri quad.IRI) error {
		d := DocumentSummary{ID: ID(iri), IRI: string(iri)}
		for _, f := range []struct {
			pred quad.IRI
			to   *string
		}{{Date, &d.Date}, {Name, &d.Title}} {
			vals, err := s.objects(ctx, iri, f.pred, 1)
			if err != nil {
				return err
			}
			if len(vals) > 0 {
				*f.to = text(vals[0])
			}
		}
		all = append(all, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Date != all[j].Date {
			return all[i].Date < all[j].Date
		}
		if all[i].Title != all[j].Title {
			return all[i].Title < all[j].Title
		}
		return all[i].ID < all[j].ID
	})
	return all, nil
}

// typed calls fn with each node that has class as its rdf:type, once,
// found through the object index.
func (s *Store) typed(ctx context.Context, class quad.IRI, fn func(quad.IRI) error) error {
	typ, err := s.qs.ValueOf(Type)
	if err != nil || typ == nil {
		return err
	}
	cr, err := s.qs.ValueOf(class)
	if err != nil || cr == nil {
		return err
	}
	return s.eachRef(ctx, quad.Subject, map[quad.Direction]graph.Ref{quad.Object: cr, quad.Predicate: typ}, func(r graph.Ref) error {
		v, err := s.qs.NameOf(r)
		if err != nil {
			return err
		}
		if iri, ok := v.(quad.IRI); ok {
			return fn(iri)
		}
		return nil
	})
}

func (s *Store) documentSummary(ctx context.Context, iri quad.IRI) (DocumentSummary, error) {
	d, about, err := s.documentFields(ctx, iri)
	if err != nil || about == "" {
		return d, err
	}
	n, err := s.node(ctx, about)
	if err != nil {
		return d, err
	}
	d.Agreement = &n
	return d, nil
}

// documentFields reads a document's catalogue fields and the IRI of the
// agreement it records ("" when none), each through the subject–predicate
// index: not the document's text.
func (s *Store) documentFields(ctx context.Context, iri quad.IRI) (DocumentSummary, quad.IRI, error) {
	d := DocumentSummary{ID: ID(iri), IRI: string(iri)}
	var about quad.IRI
	for _, f := range []struct {
		pred quad.IRI
		to   *string
	}{
		{Name, &d.Title}, {Date, &d.Date}, {SourceID, &d.SourceID}, {URL, &d.URL},
		{ArchiveReference, &d.ArchiveReference}, {Language, &d.Language}, {Citation, &d.Citation},
		{About, nil},
	} {
		vals, err := s.objects(ctx, iri, f.pred, 1)
		if err != nil {
			return d, "", err
		}
		if len(vals) == 0 {
			continue
		}
		if f.to != nil {
			*f.to = text(vals[0])
		} else if a, ok := vals[0].(quad.IRI); ok {
			about = a
		}
	}
	return d, about, nil
}

// Document reads one document with its agreement's parties, its articles
// in order and its full text.
func (s *Store) Document(ctx context.Context, id string) (*DocumentView, error) {
	iri := IRI(id)
	facts, err := s.quadsWith(ctx, quad.Subject, iri)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	if !hasType(facts, Document) {
		return nil, errorf(ErrNotFound, "document %s", id)
	}
	sum, err := s.documentSummary(ctx, iri)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	v := &DocumentView{DocumentSummary: sum, Parties: []Node{}, Articles: []ArticleView{}}
	cache := s.nodeCache()
	for _, q := range facts {
		switch q.Predicate {
		case Text:
			v.Text = text(q.Object)
		case Translator:
			t, ok := q.Object.(quad.IRI)
			if !ok {
				continue
			}
			n, err := cache.get(ctx, t)
			if err != nil {
				return nil, fmt.Errorf("document %s: %w", id, err)
			}
			v.Translator = &n
		}
	}
	if sum.Agreement != nil {
		parties, err := s.quadsWith(ctx, quad.Subject, quad.IRI(sum.Agreement.IRI))
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", id, err)
		}
		for _, q := range parties {
			if p, ok := q.Object.(quad.IRI); ok && q.Predicate == Party {
				n, err := cache.get(ctx, p)
				if err != nil {
					return nil, fmt.Errorf("document %s: %w", id, err)
				}
				v.Parties = append(v.Parties, n)
			}
		}
		sort.Slice(v.Parties, func(i, j int) bool { return v.Parties[i].Name < v.Parties[j].Name })
	}
	parts, err := s.quadsWith(ctx, quad.Object, iri)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	for _, q := range parts {
		a, ok := q.Subject.(quad.IRI)
		if q.Predicate != PartOf || !ok {
			continue
		}
		p, err := s.provenance(ctx, cache, a)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", id, err)
		}
		if p.Article == "" {
			continue
		}
		v.Articles = append(v.Articles, ArticleView{ID: ID(a), Number: p.Article, Text: p.Text, Span: p.Span})
	}
	sort.Slice(v.Articles, func(i, j int) bool { return v.Articles[i].Span[0] < v.Articles[j].Span[0] })
	return v, nil
}

func hasType(facts []quad.Quad, class quad.IRI) bool {
	for _, q := range facts {
		if q.Predicate == Type && q.Object == class {
			return true
		}
	}
	return false
}

// Query runs a query in one of Cayley's languages (gizmo, graphql, mql) and
// collects at most limit results in Cayley's JSON form. A query that does
// not parse or fails as it runs wraps ErrInvalid; one cut by ctx returns
// ctx's error.
func (s *Store) Query(ctx context.Context, lang, text string, limit int) ([]any, error) {
	out, _, err := s.QueryMore(ctx, lang, text, limit)
	return out, err
}

// QueryMore is Query, and says whether the query has more results than
// limit: it asks Cayley for one more than it returns.
func (s *Store) QueryMore(ctx context.Context, lang, text string, limit int) ([]any, bool, error) {
	ses := query.NewSession(s.qs, lang)
	if ses == nil {
		return nil, false, errorf(ErrInvalid, "query: unknown language %q (have gizmo, graphql, mql)", lang)
	}
	if limit <= 0 {
		return nil, false, errorf(ErrInvalid, "query: limit %d: must be positive", limit)
	}
	// Gizmo runs in the Raw collation, encoded by gizmoResult (gizmojson.go).
	col := query.JSON
	if lang == "gizmo" {
		col = query.Raw
	}
	it, err := ses.Execute(ctx, text, query.Options{Limit: limit + 1, Collation: col})
	if err != nil {
		return nil, false, &QueryError{err}
	}
	defer it.Close()
	out := []any{}
	more := false
	for it.Next(ctx) {
		r := it.Result()
		if raw, ok := r.(*gizmo.Result); ok {
			if r, err = s.gizmoResult(raw); err != nil {
				return nil, false, fmt.Errorf("query: %w", err)
			}
		}
		if m, ok := r.(map[string]any); ok && len(m) == 0 {
			// A result naming nothing: the SQL backends answer a node that
			// is not stored (g.V("<x>")) with one, the others nothing; and
			// every backend answers g.V().Labels() with one for the quads
			// that have no label.
			continue
		}
		if len(out) == limit {
			more = true
			break
		}
		out = append(out, r)
	}
	if err := ctx.Err(); err != nil {
		return nil, false, fmt.Errorf("query: %w", err)
	}
	if err := it.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return nil, false, fmt.Errorf("query: %w", err)
		}
		return nil, false, &QueryError{err}
	}
	return out, more, nil
}
