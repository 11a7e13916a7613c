package graph

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/internal/cayleykv"
	"github.com/pactgraph/pactgraph/internal/cayleysql"
)

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
// nodes and reads the provenance of the page's links only. On bolt and
// bbolt a fact is the ids in its record (cayleykv.AllQuads, the records
// read in the log's order), and each linked node and source is one pass of
// its subject's index keys (objectsOf). The totals and ProvenanceTotal
// need every fact's record: a deleted quad stays in Cayley's index lists,
// so a list's length is not a count of live facts, and a fact's label is
// only in its record. So the read grows with the facts of the node, at
// about two microseconds a fact at 10M quads; but on a bolt store from
// which no quad was ever deleted, where the bulk writer keeps the labels
// of the facts into each node, those facts come from the index alone, and
// only the page's records are read (factsInto).
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
	ref, err := s.cayley().ValueOf(iri)
	if err != nil || ref == nil {
		return nil, err
	}
	out, err := s.factsOutOf(ctx, ref)
	if err != nil {
		return nil, err
	}
	in, inLabels, err := s.factsInto(ctx, ref)
	if err != nil {
		return nil, err
	}
	defer releaseFacts(in) // the pages' facts are copies
	if len(out) == 0 && len(in) == 0 {
		return nil, nil
	}
	vals := s.refValues()
	cache := s.nodeCache()
	cache.known = vals
	self, err := cache.get(ctx, iri)
	if err != nil {
		return nil, err
	}
	own, err := s.ownKeys()
	if err != nil {
		return nil, err
	}
	// The values read below in one query (postgres) or transaction (bolt,
	// bbolt) each: the predicate and object of the facts out of the node
	// but its types and names (those are one a document, and only their
	// keys are read), and the predicates of those into it; then those of
	// the pages' links and the sources'. Not every value of every fact: a
	// party's are thousands.
	var read []graph.Ref
	for _, f := range out {
		if p := own[f.key(quad.Predicate)]; !slices.Contains(restated, quad.Value(p)) {
			read = append(read, f.ref(quad.Predicate), f.ref(quad.Object))
		}
	}
	if err := vals.prefetch(ctx, append(read, predicateRefs(in)...)); err != nil {
		return nil, err
	}
	e := &Entity{Node: self, Aliases: []string{}, SameAs: []string{}, Properties: map[string][]string{},
		Out: []Link{}, In: []Link{}, Provenance: []Provenance{}, Identifiers: []Identifier{}}
	// The node's own facts, and the facts out of it that are links.
	aliases, sameAs := map[string]bool{}, map[string]bool{}
	props := map[string]map[string]bool{}
	firstLabel := map[[2]refKey]fact{} // per distinct own fact, its first label
	var links []fact
	for _, f := range out {
		pred := own[f.key(quad.Predicate)]
		if !slices.Contains(restated, quad.Value(pred)) { // a type or name: its keys say all
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
		k := [2]refKey{f.key(quad.Predicate), f.key(quad.Object)}
		if first, ok := firstLabel[k]; !ok || f.key(quad.Label).compare(first.key(quad.Label)) < 0 {
			firstLabel[k] = f
		}
	}
	e.Aliases, e.SameAs = sortedKeys(aliases), sortedKeys(sameAs)
	for k, set := range props {
		e.Properties[k] = sortedKeys(set)
	}
	labels := map[refKey]graph.Ref{}
	for _, f := range firstLabel {
		if l := f.key(quad.Label); l != (refKey{}) {
			labels[l] = f.ref(quad.Label)
		}
	}
	// The pages of links.
	e.OutOffset, e.OutTotal = p.OutOffset, len(links)
	e.InOffset, e.InTotal = p.InOffset, len(in)
	sides := []struct {
		facts []fact
		page  []fact
		dir   quad.Direction // of the node at the other end
		to    *[]Link
	}{{facts: links, dir: quad.Object, to: &e.Out}, {facts: in, dir: quad.Subject, to: &e.In}}
	var pageRefs []graph.Ref
	for i, offset := range []int{p.OutOffset, p.InOffset} {
		side := &sides[i]
		var err error
		if side.page, err = pageOf(side.facts, side.dir, vals, offset, p.Limit); err != nil {
			return nil, err
		}
		if err := s.readLabels(ctx, side.page); err != nil {
			return nil, err
		}
		pageRefs = append(pageRefs, factRefs(side.page)...)
	}
	if err := vals.prefetch(ctx, pageRefs); err != nil {
		return nil, err
	}
	var others []quad.IRI
	for _, side := range sides {
		for _, f := range side.page {
			if v, err := vals.get(f.ref(side.dir)); err != nil {
				return nil, err
			} else if o, ok := v.(quad.IRI); ok {
				others = append(others, o)
			}
		}
	}
	if err := cache.prefetch(ctx, others); err != nil {
		return nil, err
	}
	for _, side := range sides {
		for _, f := range side.page {
			l, err := s.link(ctx, cache, vals, f, side.dir)
			if err != nil {
				return nil, err
			}
			*side.to = append(*side.to, l)
			if l := f.key(quad.Label); l != (refKey{}) {
				labels[l] = f.ref(quad.Label)
			}
		}
	}
	e.Truncated = len(e.Out) < e.OutTotal || len(e.In) < e.InTotal
	if e.Identifiers, err = s.identifiers(ctx, cache, vals, e, links); err != nil {
		return nil, err
	}
	// Provenance: the labels of what the answer holds; a count of all.
	if inLabels != nil { // the labels of the facts into the node
		e.ProvenanceTotal = countLabels(inLabels, out)
	} else {
		e.ProvenanceTotal = countLabels(nil, out, in)
	}
	sourceRefs := make([]graph.Ref, 0, len(labels))
	for _, r := range labels {
		sourceRefs = append(sourceRefs, r)
	}
	if err := vals.prefetch(ctx, sourceRefs); err != nil {
		return nil, err
	}
	var sources []quad.IRI
	for _, r := range labels {
		v, err := vals.get(r)
		if err != nil {
			return nil, err
		}
		if l, ok := v.(quad.IRI); ok {
			sources = append(sources, l)
		}
	}
	if e.Provenance, err = s.provenances(ctx, cache, sources); err != nil {
		return nil, err
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

// countLabels counts the distinct labels of facts and of labels (sorted
// and distinct, as factsInto gives them), merged in order: a map of them
// was a tenth of the entity view of a party of thousands of documents.
func countLabels(labels []refKey, facts ...[]fact) int {
	var of []refKey
	for _, fs := range facts {
		for _, f := range fs {
			if l := f.key(quad.Label); l != (refKey{}) {
				of = append(of, l)
			}
		}
	}
	slices.SortFunc(of, refKey.compare)
	of = slices.Compact(of)
	n, i, j := 0, 0, 0
	for ; i < len(of) && j < len(labels); n++ {
		c := of[i].compare(labels[j])
		if c <= 0 {
			i++
		}
		if c >= 0 {
			j++
		}
	}
	return n + len(of) - i + len(labels) - j
}

// ownKeys gives the keys of the predicates of a node's own facts, which
// are not links (ownPredicates: its type, name, aliases and same_as).
func (s *Store) ownKeys() (map[refKey]quad.IRI, error) {
	own := map[refKey]quad.IRI{}
	for _, p := range ownPredicates {
		r, err := s.cayley().ValueOf(p)
		if err != nil {
			return nil, err
		}
		if r != nil {
			own[keyOf(r)] = p
		}
	}
	return own, nil
}

// fact is one quad about an entity, as the keys of its values in the
// store's order (no value of it is read) and the refs that read them.
type fact struct {
	quad refKey
	keys [4]refKey // by quad.Direction - 1
	// refs are the refs of the keys where they cannot be made again from
	// them (memstore's); nil on bolt and bbolt, whose refs are the keys'
	// ids, and on postgres, whose are the keys' hashes. A party's facts
	// are tens of thousands at 10M quads, each read: the smaller a fact
	// and the fewer its pointers, the less the collector marks.
	refs *[4]graph.Ref
	rank int // of its predicate by name, once sorted
	// unread: its label is not read yet (factsInto); readLabels reads it.
	unread bool
}

func (f fact) key(d quad.Direction) refKey { return f.keys[d-1] }

func (f fact) ref(d quad.Direction) graph.Ref {
	if f.refs != nil {
		return f.refs[d-1]
	}
	switch k := f.keys[d-1]; {
	case k == refKey{}:
		return nil
	case k.s == "":
		return ckv.Int64Value(k.n)
	case len(k.s) == len(refs.ValueHash{}):
		var h refs.ValueHash
		copy(h[:], k.s)
		return cayleysql.NodeRef(h)
	}
	return nil
}

// eachFact calls fn with each quad that matches filter as a fact, in the
// order of the store's index for it, until fn returns an error (errEnough
// to stop), which it returns. The facts of the predicates in skip are
// passed over: on bolt and bbolt before their records are read
// (cayleykv.ScanQuads, which reads the rest without building Cayley's
// refs), elsewhere once read.
func (s *Store) eachFact(ctx context.Context, filter map[quad.Direction]graph.Ref, skip map[refKey]bool, fn func(fact) error) error {
	if s.kv != nil {
		var skipPred func(uint64) bool
		if len(skip) > 0 {
			skipPred = func(p uint64) bool { return skip[refKey{n: p}] }
		}
		ok, err := s.kv.ScanQuads(ctx, filter, skipPred, func(q cayleykv.Quad) error {
			return fn(factOf(q))
		})
		if ok {
			return err
		}
	}
	return s.eachQuad(ctx, filter, func(r graph.Ref) error {
		f := fact{quad: keyOf(r), refs: new([4]graph.Ref)}
		for _, d := range quad.Directions {
			dr, err := s.cayley().QuadDirection(r, d)
			if err != nil {
				return err
			}
			f.refs[d-1], f.keys[d-1] = dr, keyOf(dr)
		}
		if skip[f.key(quad.Predicate)] {
			return nil
		}
		return fn(f)
	})
}

// factsOf lists the facts that have the value ref in direction d (Subject:
// the facts out of a node; Object: those into it), in the store's index
// order (on postgres, in one query of their hashes, in no order: the
// entity sorts them).
func (s *Store) factsOf(ctx context.Context, d quad.Direction, ref graph.Ref) ([]fact, error) {
	var out []fact
	if h, ok := cayleysql.HashOfRef(ref); ok && s.pg != nil {
		facts, err := cayleysql.Facts(ctx, s.pg, h[:], d)
		if err != nil {
			return nil, err
		}
		// The keys are the hashes (no label: ""). No key of the quad: its
		// four hashes are what tell one fact from another, and the order
		// of links ends with them.
		out = make([]fact, len(facts))
		for i, f := range facts {
			for j, h := range f {
				out[i].keys[j] = refKey{s: h}
			}
		}
		return out, nil
	}
	if s.kv != nil {
		quads, ok, err := s.kv.AllQuads(ctx, map[quad.Direction]graph.Ref{d: ref})
		if ok {
			out = make([]fact, len(quads))
			for i, q := range quads {
				out[i] = factOf(q)
			}
			return out, err
		}
	}
	err := s.eachFact(ctx, map[quad.Direction]graph.Ref{d: ref}, nil, func(f fact) error {
		out = append(out, f)
		return nil
	})
	return out, err
}

// factOf is a quad of a bolt or bbolt store, as the ids in its record, as
// a fact.
func factOf(q cayleykv.Quad) fact {
	f := fact{quad: refKey{n: q.ID}}
	for i, id := range q.Dirs {
		f.keys[i] = refKey{n: id}
	}
	return f
}

// factsOutOf is factsOf(quad.Subject, ref), but on a bolt store that
// keeps the keys of the facts each document that names a node states
// again (its type and name: restated; cayleykv.RestatedFacts): there
// those facts come from the keys, each with no quad of its own, and only
// the records of the others are read. The biggest party at 10M quads has
// 3,442 of the first and a handful of the others.
func (s *Store) factsOutOf(ctx context.Context, ref graph.Ref) ([]fact, error) {
	if id, ok := ref.(ckv.Int64Value); ok && s.kv != nil {
		quads, preds, kept, err := s.kv.RestatedFacts(ctx, uint64(id))
		if err != nil {
			return nil, err
		}
		if kept {
			out := make([]fact, len(quads))
			for i, q := range quads {
				out[i] = factOf(q)
			}
			skip := map[refKey]bool{}
			for _, p := range preds {
				skip[refKey{n: p}] = true
			}
			err := s.eachFact(ctx, map[quad.Direction]graph.Ref{quad.Subject: ref}, skip, func(f fact) error {
				out = append(out, f)
				return nil
			})
			return out, err
		}
	}
	return s.factsOf(ctx, quad.Subject, ref)
}

// factsInto is factsOf(quad.Object, ref), but on a bolt store from which
// no quad was ever deleted, where the bulk writer keeps the labels of the
// facts into each node (cayleykv.FactsInto): there the facts come from
// the index alone, their labels unread but where one fact is stated under
// several labels (which the order of links needs), and labels are the
// distinct labels of them all. A party named by 1,751 agreements has
// 17,465 facts into it at 10M quads; the page of them an entity shows
// needs the records of its own facts only (readLabels). labels is nil when
// the facts carry their labels.
//
// The facts are in a list kept between reads (factLists): give it back
// with releaseFacts once done with it.
func (s *Store) factsInto(ctx context.Context, ref graph.Ref) (facts []fact, labels []refKey, err error) {
	if id, ok := ref.(ckv.Int64Value); ok && s.kv != nil {
		buf := quadLists.Get().(*[]cayleykv.Quad)
		defer quadLists.Put(buf)
		quads, ids, kept, err := s.kv.FactsInto(ctx, uint64(id), *buf)
		if err != nil {
			return nil, nil, err
		}
		*buf = quads[:0]
		if kept {
			facts = slices.Grow((*factLists.Get().(*[]fact))[:0], len(quads))[:len(quads)]
			for i, q := range quads {
				facts[i] = factOf(q)
				facts[i].unread = q.Dir(quad.Label) == 0
			}
			labels = make([]refKey, len(ids))
			for i, id := range ids {
				labels[i] = refKey{n: id}
			}
			return facts, labels, nil
		}
	}
	facts, err = s.factsOf(ctx, quad.Object, ref)
	return facts, nil, err
}

// quadLists and factLists keep, between reads, the lists that the facts
// into a node are read into and made facts in (factsInto): a party's are
// tens of thousands at 10M quads, and making those lists anew was most of
// what its entity view allocated (4.8 of 8.1 MB), for the collector to
// mark and sweep.
var (
	quadLists = sync.Pool{New: func() any { return new([]cayleykv.Quad) }}
	factLists = sync.Pool{New: func() any { return new([]fact) }}
)

// releaseFacts gives a list of facts back to factLists, cleared (a fact
// of PostgreSQL's holds strings, one of memstore's refs).
func releaseFacts(facts []fact) {
	clear(facts)
	facts = facts[:0]
	factLists.Put(&facts)
}

// readLabels reads the labels of those of facts whose labels are unread
// (factsInto), in place.
func (s *Store) readLabels(ctx context.Context, facts []fact) error {
	var quads []cayleykv.Quad
	var at []int
	for i, f := range facts {
		if f.unread {
			quads = append(quads, cayleykv.Quad{ID: f.quad.n})
			at = append(at, i)
		}
	}
	if len(quads) == 0 {
		return nil
	}
	if err := s.kv.ReadLabels(ctx, quads); err != nil {
		return err
	}
	for j, i := range at {
		facts[i].keys[quad.Label-1] = refKey{n: quads[j].Dir(quad.Label)}
		facts[i].unread = false
	}
	return nil
}

// factRefs lists every ref of facts, for refValues.prefetch.
func factRefs(facts []fact) []graph.Ref {
	out := make([]graph.Ref, 0, 4*len(facts))
	for _, f := range facts {
		for _, d := range quad.Directions {
			out = append(out, f.ref(d))
		}
	}
	return out
}

// nodeRefs lists the subject, predicate and object of each of facts, not
// their labels, for refValues.prefetch.
func nodeRefs(facts []fact) []graph.Ref {
	out := make([]graph.Ref, 0, 3*len(facts))
	for _, f := range facts {
		out = append(out, f.ref(quad.Subject), f.ref(quad.Predicate), f.ref(quad.Object))
	}
	return out
}

// predicateRefs lists the predicates of facts, each once, for
// refValues.prefetch.
func predicateRefs(facts []fact) []graph.Ref {
	seen := map[refKey]bool{}
	var out []graph.Ref
	for i, f := range facts {
		if k := f.key(quad.Predicate); (i == 0 || k != facts[i-1].key(quad.Predicate)) && !seen[k] {
			seen[k] = true
			out = append(out, f.ref(quad.Predicate))
		}
	}
	return out
}

// pageOf gives the page of facts from offset, at most limit of them, in
// the order of Entity's links: by predicate name, then by the node at the
// other end, the label and the quad, in the store's order of refs. It
// reads each predicate's value once, and ranks the predicates by name
// once: a party's links are thousands, of a few predicates.
//
// facts are not moved: the order is a list of their places. A party has
// thousands of facts (17,465 into the biggest at 10M quads), each over a
// hundred bytes; a sort of them all was a quarter of its entity view's
// time, and a sorted copy of them most of what it allocated after that.
func pageOf(facts []fact, other quad.Direction, vals *refValues, offset, limit int) ([]fact, error) {
	names := map[refKey]string{}
	for i, f := range facts {
		k := f.key(quad.Predicate)
		if i > 0 && k == facts[i-1].key(quad.Predicate) {
			continue // as the fact before: grouped by predicate
		}
		if _, ok := names[k]; ok {
			continue
		}
		v, err := vals.get(f.ref(quad.Predicate))
		if err != nil {
			return nil, err
		}
		names[k] = PredicateName(v) + " " + text(v)
	}
	preds := make([]refKey, 0, len(names))
	for k := range names {
		preds = append(preds, k)
	}
	sort.Slice(preds, func(i, j int) bool { return names[preds[i]] < names[preds[j]] })
	rank := make(map[refKey]int, len(preds))
	for i, k := range preds {
		rank[k] = i
	}
	// By predicate first, counted into place (a node's facts have a few
	// predicates, and come from the store's index grouped by them), in the
	// order given; then each predicate's facts by the node at the other
	// end, label and quad, where the index's order is not that already.
	starts := make([]int, len(preds)+1)
	last, r := refKey{}, -1
	for i, f := range facts {
		if k := f.key(quad.Predicate); r < 0 || k != last {
			last, r = k, rank[k]
		}
		facts[i].rank = r
		starts[r+1]++
	}
	for i := 1; i < len(starts); i++ {
		starts[i] += starts[i-1]
	}
	order := make([]int32, len(facts))
	next := slices.Clone(starts[:len(preds)])
	for i, f := range facts {
		order[next[f.rank]] = int32(i)
		next[f.rank]++
	}
	within := func(i, j int32) int {
		a, b := &facts[i], &facts[j]
		if c := a.key(other).compare(b.key(other)); c != 0 {
			return c
		}
		if c := a.key(quad.Label).compare(b.key(quad.Label)); c != 0 {
			return c
		}
		return a.quad.compare(b.quad)
	}
	page := window(order, offset, limit)
	from := min(offset, len(order))
	for r := range preds {
		lo, hi := starts[r], starts[r+1]
		if hi <= from || lo >= from+len(page) {
			continue // no fact of this predicate in the page
		}
		if group := order[lo:hi]; !slices.IsSortedFunc(group, within) {
			slices.SortFunc(group, within)
		}
	}
	out := make([]fact, len(page))
	for i, at := range page {
		out[i] = facts[at]
	}
	return out, nil
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
		l.Label = LabelID(lab)
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
	// The keys of bolt's and PostgreSQL's values first, without reflect:
	// a hub's facts are thousands. A hash's bytes sort as its hex does.
	switch k := k.(type) {
	case nil:
		return refKey{}
	case ckv.Int64Value:
		return refKey{n: uint64(k)}
	case refs.ValueHash:
		if !k.Valid() {
			return refKey{}
		}
		return refKey{s: string(k[:])}
	case refs.QuadHash: // a quad of PostgreSQL's: a party's facts are thousands
		b := make([]byte, 0, 4*len(k.Subject))
		for _, h := range []refs.ValueHash{k.Subject, k.Predicate, k.Object, k.Label} {
			b = append(b, h[:]...)
		}
		return refKey{s: string(b)}
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

func (a refKey) compare(b refKey) int {
	if a.n != b.n {
		return cmp.Compare(a.n, b.n)
	}
	return strings.Compare(a.s, b.s)
}

// matchRules are the link rules that say a node is a dataset's record.
var matchRules = []quad.IRI{ByIdentifier, ByDateMembers, ByName}

// identifiers lists e's keys in the datasets: its own codes when it is a
// record, then those of the records the link rules matched it to (links,
// the facts out of it that are links), by dataset and code.
func (s *Store) identifiers(ctx context.Context, cache *nodes, vals *refValues, e *Entity, links []fact) ([]Identifier, error) {
	out := []Identifier{}
	pages := map[string][2]string{} // dataset → its title and page
	add := func(n Node, rule string) error {
		if n.Dataset == "" {
			return nil
		}
		iri := quad.IRI(n.IRI)
		codes, err := s.values(ctx, iri, Code)
		if err != nil {
			return err
		}
		urls, err := s.values(ctx, iri, URL)
		if err != nil {
			return err
		}
		page, ok := pages[n.Dataset]
		if !ok {
			g := GraphIRI(n.Dataset)
			for i, p := range []quad.IRI{Name, URL} {
				v, err := s.objects(ctx, g, p, 1)
				if err != nil {
					return err
				}
				if len(v) > 0 {
					page[i] = text(v[0])
				}
			}
			pages[n.Dataset] = page
		}
		for _, c := range codes {
			id := Identifier{Dataset: n.Dataset, DatasetTitle: page[0], Code: c, URL: page[1], Rule: rule}
			if len(urls) > 0 {
				id.URL = urls[0]
			}
			if n.ID != e.ID {
				rec := n
				id.Record = &rec
			}
			out = append(out, id)
		}
		return nil
	}
	if err := add(e.Node, ""); err != nil {
		return nil, err
	}
	rules := map[refKey]string{}
	for _, p := range matchRules {
		r, err := s.cayley().ValueOf(p)
		if err != nil {
			return nil, err
		}
		if r != nil {
			rules[keyOf(r)] = PredicateName(p)
		}
	}
	for _, f := range links {
		rule, ok := rules[f.key(quad.Predicate)]
		if !ok {
			continue
		}
		v, err := vals.get(f.ref(quad.Object))
		if err != nil {
			return nil, err
		}
		rec, ok := v.(quad.IRI)
		if !ok {
			continue
		}
		n, err := cache.get(ctx, rec)
		if err != nil {
			return nil, err
		}
		if err := add(n, rule); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Record == nil) != (b.Record == nil) {
			return a.Record == nil
		}
		if a.Dataset != b.Dataset {
			return a.Dataset < b.Dataset
		}
		return a.Code < b.Code
	})
	return out, nil
}
