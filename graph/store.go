// Package graph stores pactgraph's quads in Cayley and reads them back as
// the plain values the API serves.
//
// It owns the vocabulary (vocab.go, mirrored in docs/schema.md) and every
// dealing with Cayley: which backends are compiled in, how a store is
// created and opened (Open), how one document's quads replace its earlier
// ones in a single transaction (Replace), and the reads (their values in
// view.go; read.go names the file of each). Under bolt and bbolt, Cayley's
// kv records themselves are internal/cayleykv's: graph calls it, and never
// reads a record.
// The label of every quad names the document or article the fact was read
// from, so that provenance survives any query.
package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/cayleygraph/cayley/clog"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/internal/cayleykv"
	"github.com/pactgraph/pactgraph/internal/cayleysql"

	// The Cayley backends pactgraph supports besides bolt and bbolt
	// (internal/cayleykv). Cayley registers its stores from init
	// functions, and on Go ≥ 1.21 the kv backends that Cayley lists
	// through hidalgo never register unless imported here by name.
	_ "github.com/cayleygraph/cayley/graph/memstore"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"

	// Query languages served by Query.
	_ "github.com/cayleygraph/cayley/query/gizmo"
	_ "github.com/cayleygraph/cayley/query/graphql"
	_ "github.com/cayleygraph/cayley/query/mql"
)

// Sentinel errors; other errors wrap them with %w.
var (
	// ErrNotFound: no node, document or article has the id asked for.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: the request itself is wrong (a bad query, an unknown
	// backend, a malformed id).
	ErrInvalid = errors.New("invalid")
	// ErrReadOnly: a write to a store opened on a read-only database (a
	// PostgreSQL replica): writes go to a server on the primary.
	ErrReadOnly = errors.New("the store's database is read-only (a replica, or default_transaction_read_only): send writes to a server on the primary")
)

// kindError is an error of one of the sentinel kinds, worded for the user:
// errors.Is matches the sentinel without its text being appended.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string        { return e.msg }
func (e *kindError) Is(target error) bool { return target == e.kind }

func errorf(kind error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if kind == ErrNotFound {
		msg += ": not found"
	}
	return &kindError{kind: kind, msg: msg}
}

// Backends pactgraph is built and tested with. Bolt is the default.
const (
	Bolt     = "bolt"
	BBolt    = "bbolt"
	Memstore = "memstore"
	Postgres = "postgres"
)

// cayleyBackends names the Cayley store memstore and postgres open; bolt
// and bbolt are Cayley's kv store over a file pactgraph opens
// (internal/cayleykv).
var cayleyBackends = map[string]string{
	Memstore: "memstore",
	Postgres: "postgres",
}

// Config says which Cayley backend to open and where.
type Config struct {
	// Backend is one of Bolt, BBolt, Memstore or Postgres; "" means Bolt.
	Backend string
	// Path is the data directory for bolt and bbolt, the connection URL
	// (postgres://…) for postgres, and empty for memstore.
	Path string
	// Queries bound the queries the store runs (limits.go).
	Queries QueryLimits
	// Log receives what the store reports on its own: building its
	// search index, and a write the index missed. nil: nothing.
	Log *slog.Logger
	// CayleyWriter writes every document through Cayley's own writer,
	// never below it (internal/cayleykv, internal/cayleysql): for the
	// benchmarks and tests that compare the two.
	CayleyWriter bool
}

// Store is an open Cayley quad store with pactgraph's reads and writes.
type Store struct {
	// current is Cayley's quad store (cayley gives it): after a failed
	// write on bolt or bbolt, a new one over the same file replaces it, as
	// Cayley keeps in memory what the rolled-back transaction wrote.
	current atomic.Pointer[graph.QuadStore]
	// kv is the key-value file under Cayley's store on bolt and bbolt, nil
	// on the others (internal/cayleykv): each write is one transaction of
	// it, and on bolt, documents written into an empty store go in below
	// Cayley's write path. writeMu orders every write.
	kv      *cayleykv.DB
	writeMu sync.Mutex
	// Reads kept while the store does not change, on every backend: each
	// is read again whenever the store's stamp changed, so that a server
	// never answers from one after another server's write on postgres
	// (memo.go): Overview, the corpus, whose sorted list of documents
	// Documents pages through, and the sorted ids of every commitment,
	// which Commitments pages through.
	overview    *memo[*Subgraph]
	corpus      *memo[*corpusIndex]
	commitments *memo[[]quad.IRI]
	// records is, on bolt and bbolt, what the named graphs type as
	// records, for datasetOf (graphRecords); lastRecords the last read of
	// it, from which the next reads only the labels written since.
	records     *memo[graphRecords]
	recordsMu   sync.Mutex
	lastRecords graphRecords
	// gov enforces Config.Queries.
	gov *governor
	// pg is pactgraph's own connection to the database on postgres, nil
	// on the others (postgres.go); sqlw writes documents new to it below
	// Cayley's write path (internal/cayleysql), nil with
	// Config.CayleyWriter.
	pg   *sql.DB
	sqlw *cayleysql.Writer
	// pgValues keeps the values of node hashes read on postgres across
	// requests (a hash names one value for ever: never stale).
	pgValues *cayleysql.ValueCache
	// pgFirsts keeps the first objects read on postgres across
	// requests while the database's stamp is unchanged (firsts).
	pgFirsts *cayleysql.FirstCache
	// readOnly: the database refuses writes (a PostgreSQL replica).
	// Every write is refused with ErrReadOnly, and the search index is
	// read as the primary keeps it, never built here.
	readOnly bool
	// cayleyWriter is Config.CayleyWriter.
	cayleyWriter bool
	// text is the full-text index (textindex.go).
	text *textIndex
	log  *slog.Logger
}

// Open opens the store cfg names, creating it when it does not exist yet.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	backend := cfg.Backend
	if backend == "" {
		backend = Bolt
	}
	cayleyName, ok := cayleyBackends[backend]
	if !ok && backend != Bolt && backend != BBolt {
		return nil, errorf(ErrInvalid, "open store: unknown backend %q (have %s, %s, %s, %s)",
			backend, Bolt, BBolt, Memstore, Postgres)
	}
	opts := graph.Options{}
	switch backend {
	case Bolt, BBolt:
		// Without no_bloom every kv store scans all its data on open to
		// fill a bloom filter of existing quads; with it, duplicates are
		// checked against the index instead.
		opts["no_bloom"] = true
	case Postgres:
		opts["maxidleconnections"] = pgIdleConns
	}
	persistent := backend == Bolt || backend == BBolt || graph.IsPersistent(cayleyName)
	if !persistent && cfg.Path != "" {
		return nil, errorf(ErrInvalid, "open store: backend %q keeps nothing on disk, so takes no path", backend)
	}
	if persistent && cfg.Path == "" {
		return nil, errorf(ErrInvalid, "open store: backend %q needs a path", backend)
	}
	var (
		qs  graph.QuadStore
		kv  *cayleykv.DB
		err error
	)
	if backend == Bolt || backend == BBolt {
		kv, qs, err = cayleykv.Open(backend, cfg.Path, opts)
		if err == nil {
			kv.KeepRestated(restated...)
		}
	} else {
		var readOnly bool
		if backend == Postgres {
			if readOnly, err = postgresReadOnly(ctx, cfg.Path); err != nil {
				return nil, fmt.Errorf("open %s store at %s: %w", backend, cfg.Path, err)
			}
		}
		if persistent && !readOnly {
			// Creating an existing store is refused with ErrDatabaseExists
			// (postgres also logs it: see SetLogger).
			err := graph.InitQuadStore(cayleyName, cfg.Path, opts)
			if err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
				return nil, fmt.Errorf("create %s store at %s: %w", backend, cfg.Path, err)
			}
		}
		qs, err = graph.NewQuadStore(cayleyName, cfg.Path, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s store at %s: %w", backend, cfg.Path, err)
	}
	st := &Store{kv: kv, gov: newGovernor(cfg.Queries), cayleyWriter: cfg.CayleyWriter, log: cfg.Log}
	if st.log == nil {
		st.log = discard
	}
	if backend == Postgres {
		if st.pg, st.readOnly, err = openPostgres(ctx, cfg.Path); err != nil {
			qs.Close()
			return nil, fmt.Errorf("open %s store at %s: %w", backend, cfg.Path, err)
		}
		if !cfg.CayleyWriter {
			st.sqlw = cayleysql.New(st.pg, PartOf)
		}
		st.pgValues = cayleysql.NewValueCache(pgValuesBudget)
		st.pgFirsts = cayleysql.NewFirstCache(pgFirstsBudget)
	}
	st.current.Store(&qs)
	st.overview, st.corpus = &memo[*Subgraph]{name: "overview"}, &memo[*corpusIndex]{name: "corpus", encode: encodeCorpus, decode: decodeCorpus}
	st.commitments = &memo[[]quad.IRI]{name: "commitments"}
	st.records = &memo[graphRecords]{name: "graph-records"}
	switch {
	case backend == Postgres:
		st.overview.keep = pgKeeper{st.pg, st.readOnly}
	case persistent:
		st.overview.keep = fileKeeper{filepath.Join(cfg.Path, keptDir)}
	}
	st.corpus.keep, st.commitments.keep, st.records.keep = st.overview.keep, st.overview.keep, st.overview.keep
	if backend == Postgres {
		if err := st.openText(ctx, ""); err != nil {
			st.Close()
			return nil, fmt.Errorf("open %s store at %s: search index: %w", backend, cfg.Path, err)
		}
	} else {
		dir := ""
		if persistent {
			dir = filepath.Join(cfg.Path, textDir)
		}
		if err := st.openText(ctx, dir); err != nil {
			st.Close()
			return nil, fmt.Errorf("open %s store at %s: search index: %w", backend, cfg.Path, err)
		}
	}
	return st, nil
}

// SetLogger sends Cayley's own log lines to l, at debug level: Cayley logs
// errors that it also returns, and pactgraph reports those where they
// happen. Cayley's log is process-wide, so this is too; cmd calls it once.
func SetLogger(l *slog.Logger) { clog.SetLogger(cayleyLog{l}) }

type cayleyLog struct{ l *slog.Logger }

func (c cayleyLog) Infof(format string, args ...any) {
	c.l.Debug("cayley: " + fmt.Sprintf(format, args...))
}
func (c cayleyLog) Warningf(format string, args ...any) {
	c.l.Debug("cayley: " + fmt.Sprintf(format, args...))
}
func (c cayleyLog) Errorf(format string, args ...any) {
	c.l.Debug("cayley: " + fmt.Sprintf(format, args...))
}
func (c cayleyLog) Fatalf(format string, args ...any) {
	c.l.Error("cayley: " + fmt.Sprintf(format, args...))
	os.Exit(1)
}
func (c cayleyLog) V(level int) bool { return false }
func (c cayleyLog) SetV(level int)   {}

// pgValuesBudget is about how many bytes of values a store on postgres
// keeps by their hashes (cayleysql.ValueCache): the nodes drawn and the
// sources of a few hundred entities, article texts and all.
const pgValuesBudget = 32 << 20

// pgFirstsBudget is about how many bytes of first objects a store on
// postgres keeps (cayleysql.FirstCache): about 420,000 pairs of a node
// and a predicate: the nodes drawn and the sources of a few hundred
// entities (a big party's page reads about 800 first objects, its
// sources' article, number, text and span among them). At a quarter of it
// the pages of the 60 biggest parties, read in turn, pushed each other's
// out.
const pgFirstsBudget = 32 << 20

// Close flushes and closes the store.
func (s *Store) Close() error {
	s.Settle()
	err := s.cayley().Close()
	if s.text != nil {
		err = errors.Join(err, s.text.ix.Close())
	}
	if s.pg != nil {
		err = errors.Join(err, s.pg.Close())
	}
	return err
}

// ReadOnly says whether the store's database refuses writes (a
// PostgreSQL replica): every write then fails with ErrReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// QuadStore gives the underlying Cayley store, for Cayley's own tools.
func (s *Store) QuadStore() graph.QuadStore { return s.cayley() }

// cayley is Cayley's quad store.
func (s *Store) cayley() graph.QuadStore { return *s.current.Load() }

// Size is the number of quads stored. On bolt, bbolt and memstore Cayley
// keeps it; on postgres it is counted, under ctx (an exact count of a
// large table takes a while, so the reads that keep values while the
// store does not change ask for it only where they keep them: not on
// postgres).
func (s *Store) Size(ctx context.Context) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if s.pg != nil {
		return countQuads(ctx, s.pg)
	}
	st, err := s.cayley().Stats(ctx, false)
	if cayleykv.NothingWritten(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("count quads: %w", err)
	}
	return st.Quads.Value, nil
}

// Change counts what a write did.
type Change struct {
	Added   int `json:"added"`
	Removed int `json:"removed"`
}

// Replacement is one document's quads for ReplaceAll.
type Replacement struct {
	Doc   quad.IRI
	Quads []quad.Quad
}

// ReplaceAll is Replace for many documents in one transaction, which a
// bulk load writes much faster than one transaction a document. Each
// document must appear once. It fails, writing nothing, if any document's
// quads are invalid. On bolt, documents written into a store that was
// empty, and new to it, are written below Cayley's write path
// (internal/cayleykv); on postgres, documents new to the store are, with
// COPY (internal/cayleysql). Those documents may be indexed for search
// after ReplaceAll returns (Settle waits; every search, write and Close
// does first).
func (s *Store) ReplaceAll(ctx context.Context, docs []Replacement) ([]Change, error) {
	if changes, ok, err := s.writeBulk(ctx, docs); ok || err != nil {
		return changes, err
	}
	changes := make([]Change, len(docs))
	var deltas []graph.Delta
	seen := make(map[quad.IRI]bool, len(docs))
	for i, d := range docs {
		if seen[d.Doc] {
			return nil, errorf(ErrInvalid, "replace %s: the document is twice in one batch", d.Doc)
		}
		seen[d.Doc] = true
		ds, ch, err := s.replaceDeltas(ctx, d.Doc, d.Quads)
		if err != nil {
			return nil, err
		}
		deltas = append(deltas, ds...)
		changes[i] = ch
	}
	if len(deltas) == 0 {
		return changes, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.apply(ctx, deltas, true, docs); err != nil {
		return nil, fmt.Errorf("replace %d documents from %s: write: %w", len(docs), docs[0].Doc, err)
	}
	return changes, nil
}

// Replace makes quads the whole of what the store holds from one document:
// quads labelled by doc, or by an article that is part of doc, that are not
// in quads are removed, and the new ones added, in one transaction. Loading
// the same document twice therefore changes nothing, and a failed write
// leaves the store as it was.
func (s *Store) Replace(ctx context.Context, doc quad.IRI, quads []quad.Quad) (Change, error) {
	deltas, ch, err := s.replaceDeltas(ctx, doc, quads)
	if err != nil || len(deltas) == 0 {
		return ch, err
	}
	if err := ctx.Err(); err != nil {
		return Change{}, err
	}
	if err := s.apply(ctx, deltas, true, []Replacement{{Doc: doc, Quads: quads}}); err != nil {
		return Change{}, fmt.Errorf("replace %s: write: %w", doc, err)
	}
	return ch, nil
}

// replaceDeltas computes the deltas that make quads the whole of what the
// store holds from doc.
func (s *Store) replaceDeltas(ctx context.Context, doc quad.IRI, quads []quad.Quad) ([]graph.Delta, Change, error) {
	labels, err := s.documentLabels(ctx, doc)
	if err != nil {
		return nil, Change{}, fmt.Errorf("replace %s: %w", doc, err)
	}
	want := make(map[string]quad.Quad, len(quads))
	for _, q := range quads {
		if err := checkQuad(doc, q); err != nil {
			return nil, Change{}, err
		}
		want[q.NQuad()] = q
		if l, ok := q.Label.(quad.IRI); ok {
			labels[l] = true
		}
	}
	have := make(map[string]bool)
	var deltas []graph.Delta
	for l := range labels {
		old, err := s.quadsWith(ctx, quad.Label, l)
		if err != nil {
			return nil, Change{}, fmt.Errorf("replace %s: %w", doc, err)
		}
		for _, q := range old {
			k := q.NQuad()
			have[k] = true
			if _, keep := want[k]; !keep {
				deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
			}
		}
	}
	var ch Change
	ch.Removed = len(deltas)
	keys := make([]string, 0, len(want))
	for k := range want {
		if !have[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys) // deterministic order, whatever the backend does with it
	for _, k := range keys {
		deltas = append(deltas, graph.Delta{Quad: want[k], Action: graph.Add})
	}
	ch.Added = len(keys)
	return deltas, ch, nil
}

// checkQuad fails when q, one of doc's quads, lacks a part or a label.
func checkQuad(doc quad.IRI, q quad.Quad) error {
	if !q.IsValid() || q.Label == nil {
		return errorf(ErrInvalid, "replace %s: quad %s has no label or a missing part", doc, q)
	}
	return nil
}

// documentLabels gives the labels a document's quads carry in the store:
// the document itself and each of its articles.
func (s *Store) documentLabels(ctx context.Context, doc quad.IRI) (map[quad.IRI]bool, error) {
	labels := map[quad.IRI]bool{doc: true}
	parts, err := s.quadsWith(ctx, quad.Object, doc)
	if err != nil {
		return nil, err
	}
	for _, q := range parts {
		if q.Predicate == PartOf {
			if a, ok := q.Subject.(quad.IRI); ok {
				labels[a] = true
			}
		}
	}
	return labels, nil
}

// quadsWith lists the quads that have v in direction d.
func (s *Store) quadsWith(ctx context.Context, d quad.Direction, v quad.Value) ([]quad.Quad, error) {
	qs := s.cayley()
	ref, err := qs.ValueOf(v)
	if err != nil {
		return nil, err
	}
	if ref == nil {
		return nil, nil
	}
	var out []quad.Quad
	err = each(ctx, qs.QuadIterator(d, ref), func(r refs.Ref) error {
		q, err := qs.Quad(r)
		if err != nil {
			return err
		}
		out = append(out, q)
		return nil
	})
	return out, err
}

// apply writes deltas in one transaction, skipping quads already there and
// missing ones, as every write of pactgraph's does, forgets the reads
// kept and updates the search index. It ends a bulk load. Replace's
// deltas are checked: each quad once, added only when not there and
// deleted only when there, and docs are the documents they make whole;
// Cayley's write API's are not, and name none.
func (s *Store) apply(ctx context.Context, deltas []graph.Delta, checked bool, docs []Replacement) (err error) {
	if s.readOnly {
		return ErrReadOnly
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	defer s.forget()
	defer func() {
		if err == nil {
			s.indexWrite(ctx, docs, false, deltas)
		}
	}()
	ignore := graph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	if s.kv == nil {
		return s.cayley().ApplyDeltas(deltas, ignore)
	}
	// On bolt and bbolt, the deletions and the additions are two of
	// Cayley's writes in one transaction (internal/cayleykv says why).
	var dels, adds []graph.Delta
	seen := map[string]bool{}
	for _, d := range deltas {
		if !checked {
			// Cayley's kv store counts a quad given twice in one batch
			// twice.
			k := fmt.Sprint(d.Action, d.Quad.NQuad())
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		if d.Action == graph.Delete {
			dels = append(dels, d)
			continue
		}
		adds = append(adds, d)
		if !checked {
			// Cayley's kv store counts the nodes of an added quad before
			// it finds the quad there already, and never uncounts them:
			// such a node would outlive its last quad. Deleting the quad
			// first keeps the counts true.
			dels = append(dels, graph.Delta{Quad: d.Quad, Action: graph.Delete})
		}
	}
	// Replace's additions of documents new to the store, and nothing else:
	// the labels the bulk writer keeps stay in use (cayleykv.DB.Write).
	var added []quad.Quad
	if checked && len(dels) == 0 {
		added = make([]quad.Quad, len(adds))
		for i, d := range adds {
			added[i] = d.Quad
		}
	}
	return s.writeKV(ctx, added, func() error {
		qs := s.cayley()
		if len(dels) > 0 {
			if err := qs.ApplyDeltas(dels, ignore); err != nil {
				return err
			}
		}
		if len(adds) > 0 {
			return qs.ApplyDeltas(adds, ignore)
		}
		return nil
	})
}

// BatchQuads is how many quads a bulk load should write in its next
// transaction (ReplaceAll), having written written quads: on postgres,
// what internal/cayleysql's writer asks for (batches that grow with the
// load, each rebuilding the table's indexes while they are large against
// it); 0 on the other backends, whose writes cost the same in any batch:
// the loader's own size.
func (s *Store) BatchQuads(written int) int {
	if s.sqlw == nil || s.cayleyWriter {
		return 0
	}
	return s.sqlw.BatchQuads(written)
}

// writeKV runs fn, which writes through Cayley's quad store, in one
// transaction of the key-value file, and ends a bulk load. When it fails,
// Cayley's quad store is the one opened anew over the file (DB.Write says
// why). added, when not nil, are the quads fn adds, each new to the store,
// when it only adds (DB.Write keeps the labels of the facts into each node
// on then).
func (s *Store) writeKV(ctx context.Context, added []quad.Quad, fn func() error) error {
	qs, err := s.kv.Write(ctx, added, fn)
	if qs != nil {
		s.current.Store(&qs)
	}
	return err
}

// writeBulk writes docs below Cayley's write path when each document is
// new to the store and the store is either bolt, empty or written only
// that way so far (cayleykv's WriteNew), or postgres (cayleysql's
// WriteNew); ok is false when it did not (then nothing is written, and
// Cayley's path must).
func (s *Store) writeBulk(ctx context.Context, docs []Replacement) (changes []Change, ok bool, err error) {
	if s.readOnly {
		return nil, false, ErrReadOnly
	}
	if (s.kv == nil && s.sqlw == nil) || s.cayleyWriter || len(docs) == 0 {
		return nil, false, nil
	}
	for _, d := range docs {
		for _, q := range d.Quads {
			if err := checkQuad(d.Doc, q); err != nil {
				return nil, false, err
			}
		}
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	var added []int
	var beside *besideWrite
	if s.sqlw != nil {
		news := make([]cayleysql.Document, len(docs))
		for i, d := range docs {
			news[i] = cayleysql.Document{IRI: d.Doc, Quads: d.Quads}
		}
		added, ok, err = s.sqlw.WriteNew(ctx, news, func() { beside = s.passagesBeside(ctx, docs) })
		if (err != nil || !ok) && beside != nil {
			beside.abort()
		}
	} else {
		news := make([]cayleykv.Document, len(docs))
		for i, d := range docs {
			news[i] = cayleykv.Document{IRI: d.Doc, Quads: d.Quads}
		}
		added, ok, err = s.kv.WriteNew(ctx, news)
	}
	if err != nil {
		return nil, false, fmt.Errorf("replace %d documents from %s: write: %w", len(docs), docs[0].Doc, err)
	}
	if !ok {
		return nil, false, nil
	}
	s.forget()
	s.indexBehind(ctx, docs, beside)
	if s.sqlw != nil {
		s.analyzeAfter(ctx, added)
	}
	changes = make([]Change, len(docs))
	for i, n := range added {
		changes[i].Added = n
	}
	return changes, true, nil
}

// forget drops the reads kept, after a write.
func (s *Store) forget() {
	s.overview.drop()
	s.corpus.drop()
	s.commitments.drop()
	s.records.drop()
}
