package graph

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/pactgraph/pactgraph/internal/cayleysql"
	"github.com/pactgraph/pactgraph/internal/fulltext"
)

// textIndex is the store's full-text index (internal/fulltext): the
// names and aliases Search finds and the article and commitment texts
// SearchText finds. On bolt and bbolt it is a bleve index in the store's
// directory (textDir); on memstore, one in memory; on postgres, tables in
// the store's database, which every server on it shares. It carries the
// stamp of the store it indexes (Store.stamp); every write through the
// Store updates it in the same call, under the store's write lock, but a
// bulk write's (ReplaceAll), which runs beside the caller's next steps
// (the load's next batch), and every search, write, rebuild and Close
// waits for that first (settle). An index whose stamp is not the store's
// (a crash between the two, a store written by another program or
// version, an index of another layout) is built again from the store
// when the store is opened.
type textIndex struct {
	ix searchIndex
	// stale is set when a write reached the store but not the index: the
	// next search builds the index again first.
	stale   atomic.Bool
	rebuild sync.Mutex
	// pending is closed when the update of the last bulk write ends; nil
	// when none ran.
	mu      sync.Mutex
	pending chan struct{}
}

// settle waits for the index update of the last bulk write, if it runs.
func (t *textIndex) settle() {
	t.settled()()
}

// settled returns what waits for the index update of the bulk write made
// last so far, if it runs, and not for any made after.
func (t *textIndex) settled() func() {
	t.mu.Lock()
	p := t.pending
	t.mu.Unlock()
	return func() {
		if p != nil {
			<-p
		}
	}
}

// behind runs update, a bulk write's index update, once the one before
// it ended, and returns without waiting for it: one at a time, in the
// order of the writes. The caller holds the store's write lock.
func (t *textIndex) behind(update func()) {
	t.settle()
	done := make(chan struct{})
	t.mu.Lock()
	t.pending = done
	t.mu.Unlock()
	go func() {
		defer close(done)
		update()
	}()
}

// searchIndex is what the store asks of its index: internal/fulltext's
// bleve Index, or its Postgres tables.
type searchIndex interface {
	Write(ctx context.Context, b fulltext.Batch) error
	Names(ctx context.Context, q, typ string, offset, limit int) ([]string, int, error)
	Passages(ctx context.Context, q fulltext.Query) (fulltext.Result, error)
	Stamp() (string, error)
	Clear(ctx context.Context) error
	Close() error
}

var (
	_ searchIndex = (*fulltext.Index)(nil)
	_ searchIndex = (*fulltext.Postgres)(nil)
)

// textDir is the directory of a bolt or bbolt store's index.
const textDir = "search"

// openText opens the store's full-text index in dir ("" in memory) and
// builds it from the store when it does not index the store as it is.
func (s *Store) openText(ctx context.Context, dir string) error {
	var (
		ix    searchIndex
		fresh bool
		err   error
	)
	if s.pg != nil {
		ix, fresh, err = fulltext.OpenPostgres(ctx, s.pg, s.readOnly)
	} else {
		ix, fresh, err = fulltext.Open(dir)
	}
	if err != nil {
		return err
	}
	s.text = &textIndex{ix: ix}
	stamp, err := s.stamp(ctx)
	if err != nil {
		return err
	}
	have, err := ix.Stamp()
	if err != nil {
		return fmt.Errorf("search index %s: %w", dir, err)
	}
	if !fresh && have == stamp {
		return nil
	}
	if s.readOnly {
		// A replica: the primary's server keeps the index, and replication
		// brings it here with the quads.
		s.log.Warn("the search index is behind the store, and the database is read-only: searches answer from it as the primary last wrote it", "index", have, "store", stamp)
		return nil
	}
	if fresh && stamp == "" {
		return nil // a new store in memory: nothing to index
	}
	s.log.Info("building the search index from the store", "dir", dir, "index", have, "store", stamp)
	return s.buildText(ctx)
}

// stamp names the store's state: on bolt and bbolt, cayleykv's DB.Stamp;
// on postgres, the last row of Cayley's quads table and their number
// (every insertion raises the one, every deletion lowers the other); ""
// on memstore, whose index lives and dies with it.
func (s *Store) stamp(ctx context.Context) (string, error) {
	switch {
	case s.kv != nil:
		return s.kv.Stamp(ctx)
	case s.pg != nil:
		return postgresStamp(ctx, s.pg)
	}
	return "", nil
}

// buildText indexes the whole store anew: every document's passages and
// every named node. The caller holds no lock; writes wait until it ends.
func (s *Store) buildText(ctx context.Context) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.text.settle()
	if err := s.text.ix.Clear(ctx); err != nil {
		return err
	}
	docs, err := s.documentIRIs(ctx)
	if err != nil {
		return fmt.Errorf("build the search index: %w", err)
	}
	const perBatch = 200
	for from := 0; from < len(docs); from += perBatch {
		var b fulltext.Batch
		for _, doc := range docs[from:min(from+perBatch, len(docs))] {
			quads, err := s.storedQuads(ctx, doc)
			if err != nil {
				return fmt.Errorf("build the search index: %w", err)
			}
			b.Passages = append(b.Passages, passagesOf(doc, quads)...)
		}
		if err := s.text.ix.Write(ctx, b); err != nil {
			return fmt.Errorf("build the search index: %w", err)
		}
		s.log.Info("building the search index", "documents", min(from+perBatch, len(docs)), "of", len(docs))
	}
	named, err := s.namedNodes(ctx)
	if err != nil {
		return fmt.Errorf("build the search index: %w", err)
	}
	const entitiesPerBatch = 2000
	for from := 0; from < len(named); from += entitiesPerBatch {
		b, err := s.entities(ctx, named[from:min(from+entitiesPerBatch, len(named))])
		if err != nil {
			return fmt.Errorf("build the search index: %w", err)
		}
		if err := s.text.ix.Write(ctx, b); err != nil {
			return fmt.Errorf("build the search index: %w", err)
		}
	}
	stamp, err := s.stamp(ctx)
	if err != nil {
		return err
	}
	if err := s.text.ix.Write(ctx, fulltext.Batch{Stamp: stamp}); err != nil {
		return fmt.Errorf("build the search index: %w", err)
	}
	s.text.stale.Store(false)
	if pg, ok := s.text.ix.(*fulltext.Postgres); ok {
		// Its tables were filled anew: without statistics the planner
		// chose plans that made a name search two to three times slower
		// until autovacuum's came.
		if err := pg.Analyze(ctx); err != nil {
			s.log.Warn("gather the planner's statistics of the search index", "err", err)
		}
	}
	s.log.Info("search index built", "documents", len(docs), "names", len(named))
	return nil
}

// indexWrite brings the index up to date with a write the store has just
// made, under the write lock: docs are documents whose quads are now
// exactly those given (fresh: none of them was in the store before);
// deltas the quads added or deleted (a write of
// Cayley's API names no document: the documents its labels belong to are
// read again from the store). A failure leaves the index stale, to be
// built again before the next search; the store's write stands.
func (s *Store) indexWrite(ctx context.Context, docs []Replacement, fresh bool, deltas []graph.Delta) {
	if s.text == nil {
		return
	}
	s.text.settle()
	s.noteIndexed(s.updateText(ctx, docs, fresh, deltas, "", nil))
}

// indexBehind is indexWrite for a bulk write of documents new to the
// store, run beside what the caller does next (textIndex.behind): the
// next batch of a load is parsed and written while this one is indexed,
// 1.7 of a load's 8 CPU-s at 1,000 documents. The index takes the stamp
// the store has now, after this write: by the time the update runs, the
// next batch may be in the store, and an index stamped with that one's
// stamp but without its documents would be taken for up to date after a
// crash. The update outlives the caller's context (a load's ends with
// its last batch): Close waits for it. beside, when not nil, holds the
// documents' passages, written during the store's write
// (passagesBeside): the update ends its transaction.
func (s *Store) indexBehind(ctx context.Context, docs []Replacement, beside *besideWrite) {
	if s.text == nil {
		return
	}
	stamp, err := s.stamp(ctx)
	if err != nil {
		if beside != nil {
			beside.abort()
		}
		s.text.settle()
		s.noteIndexed(err)
		return
	}
	ctx = context.WithoutCancel(ctx)
	s.text.behind(func() {
		if bulkIndexStarts != nil {
			bulkIndexStarts()
		}
		err := s.updateText(ctx, docs, true, nil, stamp, beside)
		if beside != nil {
			beside.abort() // after a failure; nothing once committed
		}
		s.noteIndexed(err)
	})
}

// besideWrite is the search index's write of a bulk batch's passages on
// PostgreSQL, begun beside the store's write of the batch, in a
// transaction of its own that the batch's index update commits after the
// store's (fulltext.PostgresWrite). At 1,000 documents PostgreSQL spent
// 1.3 s computing and indexing the passages' text vectors after the
// store's write had ended, on one core while the other waited; now the
// two writes run side by side.
type besideWrite struct {
	done chan struct{}
	w    *fulltext.PostgresWrite
	err  error
}

// passagesBeside starts writing docs' passages into the index, after the
// update of the bulk write before it; nil when the index is not
// PostgreSQL's. Its transaction ends with finish or abort.
func (s *Store) passagesBeside(ctx context.Context, docs []Replacement) *besideWrite {
	if s.text == nil {
		return nil
	}
	pg, ok := s.text.ix.(*fulltext.Postgres)
	if !ok {
		return nil
	}
	b := &besideWrite{done: make(chan struct{})}
	ctx = context.WithoutCancel(ctx)
	settle := s.text.settled() // not this write's own update, which waits for b
	go func() {
		defer close(b.done)
		settle()
		var passages []fulltext.Passage
		for _, d := range docs {
			passages = append(passages, passagesOf(d.Doc, d.Quads)...)
		}
		b.w, b.err = pg.BeginWrite(ctx, fulltext.Batch{Passages: passages})
	}()
	return b
}

// finish writes rest, the batch but its passages, and commits the whole.
func (b *besideWrite) finish(ctx context.Context, rest fulltext.Batch) error {
	<-b.done
	if b.err != nil {
		return fmt.Errorf("index the passages: %w", b.err)
	}
	return b.w.Finish(ctx, rest)
}

// abort rolls the passages back: the store's write failed, or the rest of
// the update did (after finish, it does nothing).
func (b *besideWrite) abort() {
	<-b.done
	if b.w != nil {
		b.w.Abort()
	}
}

// bulkIndexStarts, when tests set it, is called as each bulk write's index
// update starts.
var bulkIndexStarts func()

// Settle waits until the search index holds every write made so far: a
// bulk write's index update runs after ReplaceAll returns.
func (s *Store) Settle() {
	if s.text != nil {
		s.text.settle()
	}
}

// noteIndexed leaves the index stale when its update failed.
func (s *Store) noteIndexed(err error) {
	if err != nil {
		s.text.stale.Store(true)
		s.log.Error("search index not updated; it is built again before the next search", "err", err)
	}
}

// updateText writes the index's update for a write; stamp is the store's
// stamp after it ("": the store's now); beside, when not nil, holds docs'
// passages already (passagesBeside), and the update is its transaction's
// end.
func (s *Store) updateText(ctx context.Context, docs []Replacement, fresh bool, deltas []graph.Delta, stamp string, beside *besideWrite) error {
	var b fulltext.Batch
	named := map[quad.IRI]bool{}
	noteNamed := func(q quad.Quad) {
		subj, ok := q.Subject.(quad.IRI)
		if !ok {
			return
		}
		pred, _ := q.Predicate.(quad.IRI)
		switch {
		case slices.Contains(namePredicates, pred):
			named[subj] = true
		case pred == Type:
			if c, ok := q.Object.(quad.IRI); ok && slices.Contains(nameClasses, c) {
				named[subj] = true
			}
		}
	}
	known := map[quad.IRI]bool{}
	for _, d := range docs {
		known[d.Doc] = true
		if !fresh {
			b.Docs = append(b.Docs, idOf(d.Doc))
		}
		if beside == nil {
			b.Passages = append(b.Passages, passagesOf(d.Doc, d.Quads)...)
		}
		for _, q := range d.Quads {
			noteNamed(q)
		}
	}
	// Documents written through Cayley's API: those of the labels.
	labels := map[quad.IRI]bool{}
	for _, d := range deltas {
		noteNamed(d.Quad)
		if l, ok := d.Quad.Label.(quad.IRI); ok && !known[l] {
			labels[l] = true
		}
	}
	for l := range labels {
		doc, err := s.documentOf(ctx, l)
		if err != nil {
			return err
		}
		if doc == "" || known[doc] {
			continue
		}
		known[doc] = true
		quads, err := s.storedQuads(ctx, doc)
		if err != nil {
			return err
		}
		b.Docs = append(b.Docs, idOf(doc))
		b.Passages = append(b.Passages, passagesOf(doc, quads)...)
	}
	ents, err := s.entities(ctx, sortedIRIs(named))
	if err != nil {
		return err
	}
	b.Entities, b.RemovedEntities = ents.Entities, ents.RemovedEntities
	if b.Stamp = stamp; b.Stamp == "" {
		if b.Stamp, err = s.stamp(ctx); err != nil {
			return err
		}
	}
	if beside != nil {
		return beside.finish(ctx, b)
	}
	return s.text.ix.Write(ctx, b)
}

// searchText gives the index to search, built again first if a write
// left it stale.
func (s *Store) searchText(ctx context.Context) (searchIndex, error) {
	t := s.text
	t.settle()
	if t.stale.Load() {
		t.rebuild.Lock()
		defer t.rebuild.Unlock()
		if t.stale.Load() {
			if err := s.buildText(ctx); err != nil {
				return nil, err
			}
		}
	}
	return t.ix, nil
}

// entities reads the names, aliases and type of nodes from the store, as
// the index keeps them; a node with none is removed from it, as is a node
// the API cannot open (no id: a named graph's own node, which a dataset
// names), which a rebuild from the store never finds (namedNodes).
func (s *Store) entities(ctx context.Context, iris []quad.IRI) (fulltext.Batch, error) {
	var b fulltext.Batch
	facts, err := s.namingFacts(ctx, iris)
	if err != nil {
		return b, err
	}
	for i, iri := range iris {
		n, err := facts[i].node(ctx, s, iri)
		if err != nil {
			return b, err
		}
		all := facts[i].names
		if c, _ := Class(n.Type); len(all) == 0 || slices.Contains(labelledClasses, c) || ID(iri) == "" {
			b.RemovedEntities = append(b.RemovedEntities, string(iri))
			continue
		}
		// The name the node is shown by comes first: it sorts the hits.
		if i := slices.Index(all, n.Name); i > 0 {
			all[0], all[i] = all[i], all[0]
		}
		b.Entities = append(b.Entities, fulltext.Entity{IRI: string(iri), Type: n.Type, Names: all})
	}
	return b, nil
}

// namingFact is what entities reads of a node: its values of each of
// namePredicates in turn, each predicate's as values gives them (distinct
// texts, sorted), and, on PostgreSQL, its objects of drawingPredicates
// when it has at most one of each (ok).
type namingFact struct {
	names []string
	first [len(drawingPredicates)]quad.Value
	ok    bool
}

// node is the drawing form of iri: drawn from the objects read when
// there was at most one of each, else read as node reads it. Of several
// names, node takes the first Cayley's query gives, which on PostgreSQL is
// the first in the order the planner scans (without an ORDER BY: on this
// machine the table's, the order of insertion), not an order a batched
// query can ask for; those few nodes (33 of 4,120 at 1,000 documents) are
// read one by one, as before.
func (f namingFact) node(ctx context.Context, s *Store, iri quad.IRI) (Node, error) {
	if f.ok {
		return s.drawnNode(ctx, iri, f.first)
	}
	return s.node(ctx, iri)
}

// namingFacts reads entities' facts of iris. On PostgreSQL it reads them
// with one query a predicate and a thousand nodes: a load's batch of 50k
// quads names about 1,100 nodes, whose reads one by one (a round trip a
// node and predicate) took 3-7 s of the batch.
func (s *Store) namingFacts(ctx context.Context, iris []quad.IRI) ([]namingFact, error) {
	out := make([]namingFact, len(iris))
	if s.pg == nil {
		for i, iri := range iris {
			for _, p := range namePredicates {
				names, err := s.values(ctx, iri, p)
				if err != nil {
					return nil, err
				}
				out[i].names = append(out[i].names, names...)
			}
		}
		return out, nil
	}
	preds := slices.Clone(drawingPredicates[:])
	for _, p := range namePredicates {
		if !slices.Contains(preds, p) {
			preds = append(preds, p)
		}
	}
	for from := 0; from < len(iris); from += prefetchChunk {
		chunk := make([]quad.Value, 0, prefetchChunk)
		for _, iri := range iris[from:min(from+prefetchChunk, len(iris))] {
			chunk = append(chunk, iri)
		}
		objs := make(map[quad.IRI]map[int][]quad.Value, len(preds))
		for _, p := range preds {
			o, err := cayleysql.Objects(ctx, s.pg, s.pgValues, chunk, p)
			if err != nil {
				return nil, err
			}
			objs[p] = o
		}
		for i := range chunk {
			f := &out[from+i]
			f.ok = true
			for j, p := range drawingPredicates {
				switch vals := objs[p][i]; len(vals) {
				case 0:
				case 1:
					f.first[j] = vals[0]
				default:
					f.ok = false
				}
			}
			for _, p := range namePredicates {
				set := map[string]bool{}
				for _, v := range objs[p][i] {
					set[text(v)] = true
				}
				f.names = append(f.names, sortedKeys(set)...)
			}
		}
	}
	return out, nil
}

// passagesOf gives the articles and commitments of one document that have
// text, from the document's quads, with what a search narrows them by.
func passagesOf(doc quad.IRI, quads []quad.Quad) []fulltext.Passage {
	facts := map[quad.Value]map[quad.IRI][]quad.Value{}
	for _, q := range quads {
		p, ok := q.Predicate.(quad.IRI)
		if !ok {
			continue
		}
		if facts[q.Subject] == nil {
			facts[q.Subject] = map[quad.IRI][]quad.Value{}
		}
		facts[q.Subject][p] = append(facts[q.Subject][p], q.Object)
	}
	first := func(subj quad.Value, pred quad.IRI) quad.Value {
		if vs := facts[subj][pred]; len(vs) > 0 {
			return vs[0]
		}
		return nil
	}
	year := ""
	date := first(first(doc, About), Date)
	if date == nil {
		date = first(doc, Date)
	}
	if d := text(date); len(d) >= 4 {
		year = d[:4]
	}
	agreementParties := ids(facts[first(doc, About)][Party])
	articleOf := map[quad.Value]quad.Value{}
	for subj, f := range facts {
		for _, c := range f[Commits] {
			articleOf[c] = subj
		}
	}
	var out []fulltext.Passage
	for subj, f := range facts {
		iri, ok := subj.(quad.IRI)
		body := text(first(subj, Text))
		if !ok || body == "" {
			continue
		}
		p := fulltext.Passage{Node: string(iri), Doc: idOf(doc), Label: text(first(subj, Label)), Year: year, Text: body}
		switch {
		case slices.Contains(f[Type], quad.Value(Article)):
			p.Kind, p.Article = TypeName(Article), string(iri)
			var types, parties []quad.Value
			for _, c := range f[Commits] {
				types = append(types, facts[c][OfType]...)
				parties = append(parties, commitmentParties(facts[c])...)
			}
			p.Types, p.Parties = ids(types), ids(parties)
			if len(p.Parties) == 0 {
				p.Parties = agreementParties
			}
		case slices.Contains(f[Type], quad.Value(Commitment)):
			p.Kind = TypeName(Commitment)
			if a, ok := articleOf[subj].(quad.IRI); ok {
				p.Article = string(a)
			}
			p.Types, p.Parties = ids(f[OfType]), ids(commitmentParties(f))
		default:
			continue
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b fulltext.Passage) int { return cmpStrings(a.Node, b.Node) })
	return out
}

func commitmentParties(f map[quad.IRI][]quad.Value) []quad.Value {
	return slices.Concat(f[Bearer], f[Beneficiary], f[Target])
}

// ids gives the distinct ids of nodes (their IRIs when not pactgraph's),
// sorted: the values the index's facets count.
func ids(vs []quad.Value) []string {
	set := map[string]bool{}
	for _, v := range vs {
		if iri, ok := v.(quad.IRI); ok {
			set[idOf(iri)] = true
		}
	}
	return sortedKeys(set)
}

// idOf is a node's id, or its IRI when it is not one of pactgraph's.
func idOf(iri quad.IRI) string {
	if id := ID(iri); id != "" {
		return id
	}
	return string(iri)
}

func cmpStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func sortedIRIs(set map[quad.IRI]bool) []quad.IRI {
	out := make([]quad.IRI, 0, len(set))
	for iri := range set {
		out = append(out, iri)
	}
	slices.Sort(out)
	return out
}

// documentIRIs lists the documents in the store.
func (s *Store) documentIRIs(ctx context.Context) ([]quad.IRI, error) {
	out, err := s.typed(ctx, Document)
	slices.Sort(out)
	return out, err
}

// storedQuads reads what the store holds from one document: the quads
// labelled by it or by one of its articles.
func (s *Store) storedQuads(ctx context.Context, doc quad.IRI) ([]quad.Quad, error) {
	labels, err := s.documentLabels(ctx, doc)
	if err != nil {
		return nil, err
	}
	var out []quad.Quad
	for l := range labels {
		qs, err := s.quadsWith(ctx, quad.Label, l)
		if err != nil {
			return nil, err
		}
		out = append(out, qs...)
	}
	return out, nil
}

// documentOf is the document a label belongs to: the label itself when it
// is a document, the document an article label is part of, or "".
func (s *Store) documentOf(ctx context.Context, label quad.IRI) (quad.IRI, error) {
	types, err := s.objects(ctx, label, Type, 0)
	if err != nil {
		return "", err
	}
	if slices.Contains(types, quad.Value(Document)) {
		return label, nil
	}
	parts, err := s.objects(ctx, label, PartOf, 1)
	if err != nil || len(parts) == 0 {
		return "", err
	}
	doc, _ := parts[0].(quad.IRI)
	return doc, nil
}

// namedNodes lists the nodes Search finds: the nodes of nameClasses and
// every node a document mentions (an entity of a type pactgraph has no
// class for). Cayley's kv stores have no predicate index, so asking for
// every name fact would read the whole store.
func (s *Store) namedNodes(ctx context.Context) ([]quad.IRI, error) {
	set := map[quad.IRI]bool{}
	for _, c := range nameClasses {
		typed, err := s.typed(ctx, c)
		if err != nil {
			return nil, err
		}
		for _, iri := range typed {
			set[iri] = true
		}
	}
	men, err := s.cayley().ValueOf(Mentions)
	if err != nil || men == nil {
		return sortedIRIs(set), err
	}
	docs, err := s.documentIRIs(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[any]bool{}
	for _, d := range docs {
		dr, err := s.cayley().ValueOf(d)
		if err != nil {
			return nil, err
		}
		err = s.eachRef(ctx, quad.Object, map[quad.Direction]graph.Ref{quad.Subject: dr, quad.Predicate: men}, func(r graph.Ref) error {
			if k := refs.ToKey(r); seen[k] {
				return nil
			} else {
				seen[k] = true
			}
			v, err := s.cayley().NameOf(r)
			if iri, ok := v.(quad.IRI); ok {
				set[iri] = true
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return sortedIRIs(set), nil
}

// discard is the logger of a store given none.
var discard = slog.New(slog.DiscardHandler)
