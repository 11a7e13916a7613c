package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/internal/cayleykv"
	"github.com/pactgraph/pactgraph/internal/cayleysql"
)

// The reads of the store are a file each (search.go, entity.go,
// neighbours.go, overview.go, documents.go, commitments.go, paths.go);
// this file holds what they share: a node's drawing form and its values,
// the caches of one request, provenance, paging.

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
	vals, err := s.objectsOf(ctx, iri, drawingPredicates[:], 1)
	if err != nil {
		return Node{}, err
	}
	var first [len(drawingPredicates)]quad.Value
	for i, v := range vals {
		if len(v) > 0 {
			first[i] = v[0]
		}
	}
	return s.drawnNode(ctx, iri, first)
}

// drawingPredicates are the facts a node is drawn from, in the order of
// drawnNode's values.
var drawingPredicates = [...]quad.IRI{Name, Label, Type}

// drawnNode is the drawing form of iri from the first object of each of
// its drawingPredicates (nil: none): its name, else its label, else its
// id, its API type, and for a dataset's record its dataset (datasetOf).
func (s *Store) drawnNode(ctx context.Context, iri quad.IRI, first [len(drawingPredicates)]quad.Value) (Node, error) {
	n, class := nodeDrawing(iri, first)
	if class != "" {
		d, err := s.datasetOf(ctx, iri, class)
		if err != nil {
			return n, err
		}
		n.Dataset = d
	}
	return n, nil
}

// nodeDrawing is drawnNode but for the dataset, and the class to read that
// under (datasetOf) when iri may be a dataset's record, else "".
func nodeDrawing(iri quad.IRI, first [len(drawingPredicates)]quad.Value) (Node, quad.IRI) {
	n := Node{ID: ID(iri), IRI: string(iri), Name: text(first[0])}
	if c, ok := first[2].(quad.IRI); ok && TypeName(c) != "" {
		n.Type = TypeName(c)
	}
	if n.Name == "" {
		n.Name = text(first[1])
	}
	if n.Name == "" {
		n.Name = n.ID
	}
	if class, ok := first[2].(quad.IRI); ok && recordLike[class] {
		return n, class
	}
	return n, ""
}

// recordLike are the classes whose nodes may be a dataset's records: its
// record classes, and Person (the Office of the Historian's people).
var recordLike = func() map[quad.IRI]bool {
	m := map[quad.IRI]bool{Person: true}
	for _, c := range irisOf(record) {
		m[c] = true
	}
	return m
}()

// datasetOf is the short name of the named graph that states iri's class,
// when it is a dataset's graph; else "".
func (s *Store) datasetOf(ctx context.Context, iri, class quad.IRI) (string, error) {
	if s.pg != nil {
		ds, err := s.datasetsSQL(ctx, []quad.IRI{iri}, []quad.IRI{class})
		if err != nil {
			return "", err
		}
		return ds[0], nil
	}
	refs := map[quad.Direction]graph.Ref{}
	for d, v := range map[quad.Direction]quad.Value{quad.Subject: iri, quad.Predicate: Type, quad.Object: class} {
		r, err := s.cayley().ValueOf(v)
		if err != nil || r == nil {
			return "", err
		}
		refs[d] = r
	}
	// On bolt and bbolt, from the nodes the store's named graphs type,
	// read once a version of the store (graphRecords): a person is typed
	// again by every document that names them, and the labels of those
	// facts were read for each person a page of hits drew (0.2 s a
	// one-letter search at 10M quads).
	if s.kv != nil {
		gr, err := s.graphRecords(ctx)
		if err != nil {
			return "", err
		}
		if gr.Indexed {
			return gr.Typed[[2]uint64{keyOf(refs[quad.Subject]).n, keyOf(refs[quad.Object]).n}], nil
		}
	}
	// Elsewhere, the labels of its type facts of that class, their values
	// read in one query on postgres (refValues.prefetch).
	var labels []graph.Ref
	err := s.eachQuad(ctx, map[quad.Direction]graph.Ref{quad.Subject: refs[quad.Subject]}, func(r graph.Ref) error {
		for _, d := range []quad.Direction{quad.Predicate, quad.Object} {
			v, err := s.cayley().QuadDirection(r, d)
			if err != nil || keyOf(v) != keyOf(refs[d]) {
				return err
			}
		}
		l, err := s.cayley().QuadDirection(r, quad.Label)
		if err == nil && l != nil {
			labels = append(labels, l)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	vals := s.refValues()
	if err := vals.prefetch(ctx, labels); err != nil {
		return "", err
	}
	values := make([]quad.Value, len(labels))
	for i, l := range labels {
		if values[i], err = vals.get(l); err != nil {
			return "", err
		}
	}
	return datasetIn(values), nil
}

// graphRecords is, on bolt and bbolt, what the store's named graphs type
// as one of the recordLike classes, read once a version of the store and
// written down with the store's other kept reads (`pactgraph load` reads
// it: WarmRecords), and the named graphs' labels it was read from.
type graphRecords struct {
	// Graphs are the labels that are named graphs (under GraphBase), by
	// id, with their short names, among those of ids up to UpTo: an id
	// names one value for the life of a store and a new label gets an id
	// above every one before, so after a write only the labels of the
	// label index above UpTo are read (the index of a store of 10M quads
	// is 0.4 s and 450 MB of pages to read whole).
	UpTo   uint64
	Graphs map[uint64]string
	// Typed is, for a node and class (their ids), the short name of the
	// graph of the first such fact written, as datasetOf reads it fact by
	// fact. Indexed is false when the store has no label index to read
	// them from.
	Typed   map[[2]uint64]string
	Indexed bool
}

// graphRecords gives what the named graphs type at the store's present
// version.
func (s *Store) graphRecords(ctx context.Context) (graphRecords, error) {
	gr, err := s.records.get(ctx, s, 0, func() (graphRecords, error) {
		s.recordsMu.Lock()
		defer s.recordsMu.Unlock()
		return s.readGraphRecords(ctx, s.lastRecords)
	})
	if err == nil {
		s.recordsMu.Lock()
		if gr.UpTo > s.lastRecords.UpTo {
			s.lastRecords = gr
		}
		s.recordsMu.Unlock()
	}
	return gr, err
}

// WarmRecords reads what the named graphs type (graphRecords), so that
// it is written down for a server to find; it does nothing on the other
// backends.
func (s *Store) WarmRecords(ctx context.Context) error {
	if s.kv == nil {
		return nil
	}
	_, err := s.graphRecords(ctx)
	return err
}

// readGraphRecords reads graphRecords, the labels above last.UpTo only.
func (s *Store) readGraphRecords(ctx context.Context, last graphRecords) (graphRecords, error) {
	ids, horizon, ok, err := s.kv.LabelsAfter(ctx, last.UpTo)
	if !ok || err != nil {
		return graphRecords{}, err
	}
	vals, err := s.kv.Values(ctx, ids)
	if err != nil {
		return graphRecords{}, err
	}
	gr := graphRecords{UpTo: max(last.UpTo, horizon), Graphs: maps.Clone(last.Graphs), Typed: map[[2]uint64]string{}, Indexed: true}
	if gr.Graphs == nil {
		gr.Graphs = map[uint64]string{}
	}
	for i, v := range vals {
		if g, ok := v.(quad.IRI); ok && graphName(g) != "" {
			gr.Graphs[ids[i]] = graphName(g)
		}
	}
	if len(gr.Graphs) == 0 {
		return gr, nil
	}
	var filters []map[quad.Direction]graph.Ref
	var names []string
	for id, name := range gr.Graphs {
		filters = append(filters, map[quad.Direction]graph.Ref{quad.Label: ckv.Int64Value(id)})
		names = append(names, name)
	}
	rs, err := graph.RefsOf(ctx, s.cayley(), append([]quad.Value{Type}, irisAsValues(slices.Collect(maps.Keys(recordLike)))...))
	if err != nil {
		return graphRecords{}, err
	}
	typeID, classes := keyOf(rs[0]).n, map[uint64]bool{}
	for _, r := range rs[1:] {
		if k := keyOf(r); k != (refKey{}) {
			classes[k.n] = true
		}
	}
	first := map[[2]uint64]uint64{} // the quad that says so
	ok, err = s.kv.ScanEach(ctx, filters, nil, func(f int, q cayleykv.Quad) error {
		if q.Dir(quad.Predicate) != typeID || !classes[q.Dir(quad.Object)] {
			return nil
		}
		k := [2]uint64{q.Dir(quad.Subject), q.Dir(quad.Object)}
		if at, seen := first[k]; !seen || q.ID < at {
			first[k], gr.Typed[k] = q.ID, names[f]
		}
		return nil
	})
	if !ok || err != nil {
		return graphRecords{}, err
	}
	return gr, nil
}

// datasetIn is the short name of the first of labels that is a dataset's
// graph, or "".
func datasetIn(labels []quad.Value) string {
	for _, v := range labels {
		if g, ok := v.(quad.IRI); ok && graphName(g) != "" {
			return graphName(g)
		}
	}
	return ""
}

// objects lists the distinct objects of the facts (subj, pred, ·), in the
// order of the store's index, reading each object once; at most max of
// them (0: all).
func (s *Store) objects(ctx context.Context, subj, pred quad.IRI, max int) ([]quad.Value, error) {
	sr, err := s.cayley().ValueOf(subj)
	if err != nil || sr == nil {
		return nil, err
	}
	pr, err := s.cayley().ValueOf(pred)
	if err != nil || pr == nil {
		return nil, err
	}
	seen := map[any]bool{}
	var out []quad.Value
	err = s.eachNode(ctx, quad.Object, map[quad.Direction]graph.Ref{quad.Subject: sr, quad.Predicate: pr}, func(r graph.Ref) error {
		k := refs.ToKey(r)
		if seen[k] {
			return nil
		}
		seen[k] = true
		v, err := s.cayley().NameOf(r)
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

// objectsOf is objects for several predicates of subj: the distinct
// objects of each of preds, in the order of the store's index, at most max
// of each (0: all), and all of those of every predicate in all (preds and
// all name each predicate once).
func (s *Store) objectsOf(ctx context.Context, subj quad.IRI, preds []quad.IRI, max int, all ...quad.IRI) ([][]quad.Value, error) {
	out, err := s.objectsOfEach(ctx, nil, []quad.IRI{subj}, preds, max, all...)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// objectsOfEachSQL is objectsOfEach on postgres, a thousand subjects at a
// time: the predicates read for one object in one query
// (Store.firstObjects), each other in one (cayleysql.Objects); each
// subject's objects in the order of their hashes, at most limit(j) of the
// j-th predicate's.
func (s *Store) objectsOfEachSQL(ctx context.Context, subjects, preds []quad.IRI, limit func(int) int) ([][][]quad.Value, error) {
	out := make([][][]quad.Value, len(subjects))
	for i := range out {
		out[i] = make([][]quad.Value, len(preds))
	}
	// The predicates read for their first object only, in one query.
	var firsts []quad.Value
	for j, p := range preds {
		if limit(j) == 1 {
			firsts = append(firsts, p)
		}
	}
	for from := 0; from < len(subjects); from += prefetchChunk {
		chunk := irisAsValues(subjects[from:min(from+prefetchChunk, len(subjects))])
		var first map[cayleysql.Pair]quad.Value
		if len(firsts) > 0 {
			var err error
			if first, err = s.firstObjects(ctx, chunk, firsts); err != nil {
				return nil, err
			}
		}
		for j, k := 0, 0; j < len(preds); j++ {
			if limit(j) != 1 {
				continue
			}
			for i := range chunk {
				if v, ok := first[cayleysql.Pair{Subject: i, Predicate: k}]; ok && v != nil {
					out[from+i][j] = []quad.Value{v}
				}
			}
			k++
		}
		for j, p := range preds {
			if limit(j) == 1 {
				continue
			}
			objs, err := cayleysql.Objects(ctx, s.pg, s.pgValues, chunk, p)
			if err != nil {
				return nil, err
			}
			for i, vals := range objs {
				if n := limit(j); n > 0 && len(vals) > n {
					vals = vals[:n]
				}
				out[from+i][j] = vals
			}
		}
	}
	return out, nil
}

// objectsOfEach is objectsOf for each of subjects. On bolt and bbolt it
// reads them in one pass of each subject's keys of the subject–predicate
// index, passing over the other predicates' facts unread, all in one read
// transaction, and resolves the subjects and the values found in one
// transaction each: a page of an entity's links draws a hundred nodes and
// describes as many sources, which were a dozen read transactions each.
// On postgres it reads them in a query a predicate (objectsOfEachSQL).
func (s *Store) objectsOfEach(ctx context.Context, known *refValues, subjects []quad.IRI, preds []quad.IRI, max int, all ...quad.IRI) ([][][]quad.Value, error) {
	preds = append(slices.Clip(preds), all...)
	limit := func(i int) int {
		if i >= len(preds)-len(all) {
			return 0
		}
		return max
	}
	out := make([][][]quad.Value, len(subjects))
	for i := range out {
		out[i] = make([][]quad.Value, len(preds))
	}
	each := func() ([][][]quad.Value, error) {
		for i, subj := range subjects {
			for j, p := range preds {
				vals, err := s.objects(ctx, subj, p, limit(j))
				if err != nil {
					return nil, err
				}
				out[i][j] = vals
			}
		}
		return out, nil
	}
	if len(subjects) == 0 {
		return out, nil
	}
	if s.pg != nil {
		return s.objectsOfEachSQL(ctx, subjects, preds, limit)
	}
	if s.kv == nil {
		return each()
	}
	rs, err := known.refsOf(ctx, s.cayley(), append(irisAsValues(preds), irisAsValues(subjects)...))
	if err != nil {
		return nil, err
	}
	want := map[uint64]int{} // a predicate's id → its place in preds
	for j, r := range rs[:len(preds)] {
		if k := keyOf(r); k != (refKey{}) {
			want[k.n] = j
		}
	}
	var filters []map[quad.Direction]graph.Ref
	var of []int // the subject of each filter
	for i, r := range rs[len(preds):] {
		if keyOf(r) != (refKey{}) {
			filters = append(filters, map[quad.Direction]graph.Ref{quad.Subject: r})
			of = append(of, i)
		}
	}
	ids := make([][][]graph.Ref, len(subjects))
	for i := range ids {
		ids[i] = make([][]graph.Ref, len(preds))
	}
	type seenKey struct {
		subj, pred int
		obj        uint64
	}
	seen := map[seenKey]bool{}
	ok, err := s.kv.ScanEach(ctx, filters, func(p uint64) bool {
		_, ok := want[p]
		return !ok
	}, func(f int, q cayleykv.Quad) error {
		i, j := of[f], want[q.Dir(quad.Predicate)]
		k := seenKey{i, j, q.Dir(quad.Object)}
		if seen[k] {
			return nil
		}
		seen[k] = true
		ids[i][j] = append(ids[i][j], ckv.Int64Value(k.obj))
		if m := limit(j); m > 0 && len(ids[i][j]) >= m {
			return cayleykv.ErrSkipKey
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return each()
	}
	var flat []graph.Ref
	for _, byPred := range ids {
		for _, r := range byPred {
			flat = append(flat, r...)
		}
	}
	vals, err := s.valuesOf(ctx, flat)
	if err != nil {
		return nil, err
	}
	for i, byPred := range ids {
		for j, r := range byPred {
			for _, v := range vals[:len(r)] {
				if v != nil {
					out[i][j] = append(out[i][j], v)
				}
			}
			vals = vals[len(r):]
		}
	}
	return out, nil
}

func irisAsValues(iris []quad.IRI) []quad.Value {
	out := make([]quad.Value, len(iris))
	for i, v := range iris {
		out[i] = v
	}
	return out
}

// nodes caches node reads for the length of one request.
type nodes struct {
	s    *Store
	seen map[quad.IRI]Node
	// known, when not nil, holds refs of nodes the request read already.
	known *refValues
}

func (s *Store) nodeCache() *nodes { return &nodes{s: s, seen: map[quad.IRI]Node{}} }

// prefetch reads the drawing form of those of iris not read yet, in two
// queries a thousand nodes on PostgreSQL (their first objects, then the
// datasets of those that may be records), where node's reads are a round
// trip to the server each (three a node): the hub of a thousand links was
// three thousand of them; on bolt and bbolt in one read transaction
// (objectsOfEach), where they were a dozen a node. On memstore a read is a
// lookup in memory, and prefetch does nothing.
func (c *nodes) prefetch(ctx context.Context, iris []quad.IRI) error {
	if c.s.pg == nil && c.s.kv == nil {
		return nil
	}
	var want []quad.Value
	for _, iri := range iris {
		if _, ok := c.seen[iri]; !ok {
			want = append(want, iri)
		}
	}
	if c.s.kv != nil {
		return c.prefetchKV(ctx, want)
	}
	preds := irisAsValues(drawingPredicates[:])
	for len(want) > 0 {
		chunk := want[:min(len(want), prefetchChunk)]
		want = want[len(chunk):]
		first, err := c.s.firstObjects(ctx, chunk, preds)
		if err != nil {
			return err
		}
		// The nodes, and the datasets of those that may be records in
		// one more query.
		drawn := make([]Node, len(chunk))
		var records, classes []quad.IRI
		var at []int
		for i, v := range chunk {
			var f [len(drawingPredicates)]quad.Value
			for j := range f {
				f[j] = first[cayleysql.Pair{Subject: i, Predicate: j}]
			}
			var class quad.IRI
			if drawn[i], class = nodeDrawing(v.(quad.IRI), f); class != "" {
				records, classes, at = append(records, v.(quad.IRI)), append(classes, class), append(at, i)
			}
		}
		datasets, err := c.s.datasetsSQL(ctx, records, classes)
		if err != nil {
			return err
		}
		for j, i := range at {
			drawn[i].Dataset = datasets[j]
		}
		for i, v := range chunk {
			c.seen[v.(quad.IRI)] = drawn[i]
		}
	}
	return nil
}

// prefetchKV reads the drawing forms of iris on bolt and bbolt, in one
// read transaction (objectsOfEach).
func (c *nodes) prefetchKV(ctx context.Context, iris []quad.Value) error {
	subjects := make([]quad.IRI, 0, len(iris))
	seen := map[quad.IRI]bool{}
	for _, v := range iris {
		if iri := v.(quad.IRI); !seen[iri] {
			seen[iri] = true
			subjects = append(subjects, iri)
		}
	}
	all, err := c.s.objectsOfEach(ctx, c.known, subjects, drawingPredicates[:], 1)
	if err != nil {
		return err
	}
	for i, vals := range all {
		var first [len(drawingPredicates)]quad.Value
		for j, v := range vals {
			if len(v) > 0 {
				first[j] = v[0]
			}
		}
		n, err := c.s.drawnNode(ctx, subjects[i], first)
		if err != nil {
			return err
		}
		c.seen[subjects[i]] = n
	}
	return nil
}

// prefetchChunk bounds the nodes of one prefetching query.
const prefetchChunk = 1000

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

// each calls fn with every result of it, and stops when ctx ends. Cayley's
// Chain.Each returns nil when ctx ends between two results, as though
// there were no more; each returns ctx's error then.
func each(ctx context.Context, it iterator.Shape, fn func(graph.Ref) error) error {
	if err := iterator.Iterate(ctx, it).Each(fn); err != nil {
		return err
	}
	return ctx.Err()
}

// eachQuad calls fn with each quad (as a ref) that matches filter, in the
// order of the store's index for it, until fn returns an error (errEnough
// to stop), which it returns. On bolt and bbolt it reads through
// cayleykv.Scan (which says what Cayley's own iterator costs), where fn
// may return cayleykv.ErrSkipKey to skip the other quads of one index key;
// elsewhere ErrSkipKey is taken as nil. It fails with errNoIndex on a backend
// that has no index for a filter of more than one direction (memstore) or
// answers it with a shape of its own (SQL).
func (s *Store) eachQuad(ctx context.Context, filter map[quad.Direction]graph.Ref, fn func(graph.Ref) error) error {
	if s.kv != nil {
		if ok, err := s.kv.Scan(ctx, filter, fn); ok {
			return err
		}
	}
	skip := func(r graph.Ref) error {
		if err := fn(r); !errors.Is(err, cayleykv.ErrSkipKey) {
			return err
		}
		return nil
	}
	if len(filter) == 1 {
		for d, r := range filter {
			return each(ctx, s.cayley().QuadIterator(d, r), skip)
		}
	}
	act := shape.QuadsAction{Result: quad.Subject, Filter: filter}
	var sh shape.Shape = act
	if o, ok := shape.Optimize(ctx, act, s.cayley()); ok {
		sh = o
	}
	if _, null := sh.(shape.Null); null {
		return nil
	}
	from, ok := sh.(shape.NodesFrom)
	if !ok || from.Quads == nil {
		return errNoIndex
	}
	return each(ctx, from.Quads.BuildIterator(s.cayley()), skip)
}

// eachNode calls fn with the node in direction result of each quad that
// matches filter, in the order of the store's index, repeats included:
// through eachQuad where it can, else through Cayley's shapes.
func (s *Store) eachNode(ctx context.Context, result quad.Direction, filter map[quad.Direction]graph.Ref, fn func(graph.Ref) error) error {
	err := s.eachQuad(ctx, filter, func(q graph.Ref) error {
		r, err := s.cayley().QuadDirection(q, result)
		if err != nil {
			return err
		}
		return fn(r)
	})
	if !errors.Is(err, errNoIndex) {
		return err
	}
	return each(ctx, shape.BuildIterator(ctx, s.cayley(), shape.QuadsAction{Result: result, Filter: filter}), fn)
}

// eachRef calls fn with the distinct refs in direction result of the
// quads that match filter, through the store's best index for it.
func (s *Store) eachRef(ctx context.Context, result quad.Direction, filter map[quad.Direction]graph.Ref, fn func(graph.Ref) error) error {
	seen := map[any]bool{}
	return s.eachNode(ctx, result, filter, func(r graph.Ref) error {
		k := refs.ToKey(r)
		if seen[k] {
			return nil
		}
		seen[k] = true
		return fn(r)
	})
}

// valuesChunk is how many refs valuesOf resolves between two looks at
// its context; kvValuesChunk how many it reads in one read transaction on
// bolt and bbolt (a long read transaction holds up a write that must grow
// the file's map).
const (
	valuesChunk   = 32
	kvValuesChunk = 4096
)

// valuesOf resolves refs to their values, and stops when ctx ends: on
// bolt and bbolt with cayleykv's DB.Values, a transaction for thousands,
// elsewhere valuesChunk at a time.
func (s *Store) valuesOf(ctx context.Context, refs []graph.Ref) ([]quad.Value, error) {
	out := make([]quad.Value, 0, len(refs))
	if ids, ok := s.kvIDs(refs); ok {
		for from := 0; from < len(ids); from += kvValuesChunk {
			vals, err := s.kv.Values(ctx, ids[from:min(from+kvValuesChunk, len(ids))])
			if err != nil {
				return nil, err
			}
			out = append(out, vals...)
		}
		return out, nil
	}
	for from := 0; from < len(refs); from += valuesChunk {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		vals, err := graph.ValuesOf(ctx, s.cayley(), refs[from:min(from+valuesChunk, len(refs))])
		if err != nil {
			return nil, err
		}
		out = append(out, vals...)
	}
	return out, nil
}

// kvIDs gives refs as the ids of cayleykv's DB (nil: 0) when the store is
// bolt or bbolt and each is one of its ids.
func (s *Store) kvIDs(refs []graph.Ref) ([]uint64, bool) {
	if s.kv == nil {
		return nil, false
	}
	ids := make([]uint64, len(refs))
	for i, r := range refs {
		switch r := r.(type) {
		case nil:
		case ckv.Int64Value:
			ids[i] = uint64(r)
		default:
			return nil, false
		}
	}
	return ids, true
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
	return distinctTexts(vals), nil
}

// distinctTexts is the text of each of vals, once each, sorted.
func distinctTexts(vals []quad.Value) []string {
	set := map[string]bool{}
	for _, v := range vals {
		set[text(v)] = true
	}
	return sortedKeys(set)
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// provenanceFacts are the facts of a label Provenance reads, in the order
// of provenances' values.
var provenanceFacts = [...]quad.IRI{PartOf, Number, Text, Start, End}

// provenances describes quad labels: each a document, or an article of
// one with its words and span, read through the subject–predicate index
// (never a document's whole text). On postgres it reads their facts in
// two queries (and their documents' names in one), not a dozen round
// trips a label: an entity's provenance lists hundreds of articles.
func (s *Store) provenances(ctx context.Context, cache *nodes, labels []quad.IRI) ([]Provenance, error) {
	type read struct {
		first   [len(provenanceFacts)]quad.Value
		article bool
	}
	reads := make([]read, len(labels))
	if s.pg != nil {
		subjects, preds := irisAsValues(labels), irisAsValues(provenanceFacts[:])
		for from := 0; from < len(subjects); from += prefetchChunk {
			to := min(from+prefetchChunk, len(subjects))
			first, err := s.firstObjects(ctx, subjects[from:to], preds)
			if err != nil {
				return nil, err
			}
			articles, err := cayleysql.Having(ctx, s.pg, subjects[from:to], Type, Article)
			if err != nil {
				return nil, err
			}
			for i := from; i < to; i++ {
				for j := range provenanceFacts {
					reads[i].first[j] = first[cayleysql.Pair{Subject: i - from, Predicate: j}]
				}
				reads[i].article = articles[i-from]
			}
		}
	} else {
		all, err := s.objectsOfEach(ctx, cache.known, labels, provenanceFacts[:], 1, Type)
		if err != nil {
			return nil, err
		}
		for i, vals := range all {
			for j := range provenanceFacts {
				if len(vals[j]) > 0 {
					reads[i].first[j] = vals[j][0]
				}
			}
			reads[i].article = slices.Contains(vals[len(provenanceFacts)], quad.Value(Article))
		}
	}
	docs := make([]quad.IRI, len(labels))
	for i, l := range labels {
		docs[i] = l
		if d, ok := reads[i].first[0].(quad.IRI); ok {
			docs[i] = d
		}
	}
	if err := cache.prefetch(ctx, docs); err != nil {
		return nil, err
	}
	out := make([]Provenance, len(labels))
	for i, l := range labels {
		p := Provenance{ID: LabelID(l)}
		r := reads[i]
		if r.first[1] != nil {
			p.Article = text(r.first[1])
		}
		if r.article {
			p.Text = text(r.first[2])
			p.Span = [2]int{atoi(text(r.first[3])), atoi(text(r.first[4]))}
		}
		n, err := cache.get(ctx, docs[i])
		if err != nil {
			return nil, err
		}
		p.Document, p.DocumentTitle = n.ID, n.Name
		if p.DocumentTitle == "" {
			p.DocumentTitle = p.ID // a named graph without a name
		}
		out[i] = p
	}
	return out, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// refValues resolves the store's refs to values, each once, for the length
// of one request: the facts of a hub repeat the same few predicates,
// labels and nodes.
type refValues struct {
	s    *Store // for prefetch
	qs   graph.QuadStore
	pg   *sql.DB
	vals map[any]quad.Value
	// refs holds the ref of each IRI read, which refsOf gives without a
	// search of the store's value index.
	refs map[quad.IRI]graph.Ref
	skip map[refKey]bool // the predicates drawable rejects
}

func (s *Store) refValues() *refValues {
	v := &refValues{s: s, qs: s.cayley(), pg: s.pg, vals: map[any]quad.Value{}, refs: map[quad.IRI]graph.Ref{}, skip: map[refKey]bool{}}
	for _, p := range undrawn {
		if r, err := s.cayley().ValueOf(p); err == nil && r != nil {
			v.skip[keyOf(r)] = true
		}
	}
	return v
}

// prefetch reads the values of those of rs not read yet, in one query a
// thousand refs on PostgreSQL, where Cayley's NameOf asks the server once a
// value it has not cached; elsewhere it does nothing.
func (v *refValues) prefetch(ctx context.Context, rs []graph.Ref) error {
	if v.s.kv != nil {
		var todo []graph.Ref
		for _, r := range rs {
			if k := refs.ToKey(r); r != nil {
				if _, seen := v.vals[k]; !seen {
					v.vals[k] = nil // once; set below
					todo = append(todo, r)
				}
			}
		}
		vals, err := v.s.valuesOf(ctx, todo)
		if err != nil {
			return err
		}
		for i, r := range todo {
			v.keep(r, vals[i])
		}
		return nil
	}
	if v.pg == nil {
		return nil
	}
	var hashes [][]byte
	var keys []any
	for _, r := range rs {
		h, ok := r.(interface{ SQLValue() any })
		if !ok {
			continue
		}
		b, ok := h.SQLValue().([]byte)
		k := refs.ToKey(r)
		if _, seen := v.vals[k]; !ok || seen {
			continue
		}
		v.vals[k] = nil // once; set below
		hashes, keys = append(hashes, b), append(keys, k)
	}
	for from := 0; from < len(hashes); from += prefetchChunk {
		to := min(from+prefetchChunk, len(hashes))
		vals, err := cayleysql.Values(ctx, v.pg, v.s.pgValues, hashes[from:to])
		if err != nil {
			return err
		}
		for i := from; i < to; i++ {
			v.vals[keys[i]] = vals[string(hashes[i])]
		}
	}
	return nil
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
	v.keep(r, val)
	return val, nil
}

// keep notes val as the value of r.
func (v *refValues) keep(r graph.Ref, val quad.Value) {
	v.vals[refs.ToKey(r)] = val
	if iri, ok := val.(quad.IRI); ok {
		v.refs[iri] = r
	}
}

// refsOf is graph.RefsOf for values, those of them read already not
// looked up again. A nil v looks every one up.
func (v *refValues) refsOf(ctx context.Context, qs graph.QuadStore, values []quad.Value) ([]graph.Ref, error) {
	if v == nil {
		return graph.RefsOf(ctx, qs, values)
	}
	out := make([]graph.Ref, len(values))
	var todo []quad.Value
	var at []int
	for i, val := range values {
		if iri, ok := val.(quad.IRI); ok && v.refs[iri] != nil {
			out[i] = v.refs[iri]
			continue
		}
		todo, at = append(todo, val), append(at, i)
	}
	if len(todo) == 0 {
		return out, nil
	}
	found, err := graph.RefsOf(ctx, qs, todo)
	if err != nil {
		return nil, err
	}
	for j, i := range at {
		out[i] = found[j]
	}
	return out, nil
}

// errEnough stops an iteration that has read what it needs.
var errEnough = errors.New("enough")

// quadOf reads the quad a ref names, its values through the request's cache.
func (s *Store) quadOf(r graph.Ref, vals *refValues) (quad.Quad, error) {
	var q quad.Quad
	for _, d := range quad.Directions {
		dr, err := s.cayley().QuadDirection(r, d)
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
