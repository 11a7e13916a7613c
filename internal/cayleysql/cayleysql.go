// Package cayleysql writes Cayley's SQL records on PostgreSQL itself, below
// Cayley's write path, for bulk loads: the rows of the tables `nodes` and
// `quads` that Cayley's SQL writer (graph/sql and graph/sql/postgres at
// CayleyVersion) writes for the same quads, sent with COPY.
//
// Cayley's writer sends one INSERT a node and one a quad, each a round
// trip to the server; a load of 1,000 documents spends its time in them.
// WriteNew sends a batch's nodes with COPY into a temporary table and
// merges them into Cayley's with one statement, then its quads with COPY
// straight into Cayley's, in one transaction. A batch large against the
// table (the first of a load into an empty store) is written as pg_restore
// writes a table: the quads table's indexes and foreign keys dropped, the
// rows copied, the indexes and keys created again as the catalog defined
// them, in the same transaction (rebuild.go).
//
// What Cayley's writer writes for a batch of added quads (ApplyDeltas with
// IgnoreDup, RunTxPostgres), and so WriteNew:
//   - a node: a row of `nodes` with its hash (refs.HashOf, 20 bytes), its
//     value in the columns csql.NodeValues gives for its type, and refs,
//     the number of quad directions of the batch that name it; a node
//     already there keeps its row and gets refs added (INSERT … ON
//     CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs);
//   - a quad: a row of `quads` with the hashes of its four nodes, the time
//     of the transaction (now()) as ts, and the next horizon of the table's
//     sequence.
//
// Cayley counts a node once for each quad of the batch naming it, even a
// quad already stored, which it then skips; WriteNew writes only quads
// that are not there (every document is new to the store), so the counts
// are the same as Cayley's.
//
// Cayley's quad store over the same database keeps nothing WriteNew would
// have to update: its cache maps hashes to values, which never change, and
// it keeps a count of quads only after an exact Stats, which pactgraph
// never asks for on PostgreSQL (graph.Store.Size counts with its own
// connection), as other processes may write too.
package cayleysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph/refs"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
	"golang.org/x/sync/errgroup"

	"github.com/pactgraph/pactgraph/internal/valuehash"
)

// CayleyVersion is the version of Cayley whose SQL schema and writer
// (graph/sql/database.go, quadstore.go and postgres/postgres.go) WriteNew
// was checked against: the one go.mod pins.
const CayleyVersion = "v0.7.7-0.20240706181042-81dcd7d73e45"

// Document is one document's quads, for WriteNew: every quad valid and
// labelled, by the document or by a part of it.
type Document struct {
	IRI   quad.IRI
	Quads []quad.Quad
}

// Writer writes new documents into the Cayley store of one PostgreSQL
// database. Its methods are not safe for concurrent use; the store orders
// its writes.
type Writer struct {
	db *sql.DB
	// partOf is the predicate linking a part (an article) to its
	// document: a document with a part in the store is not new.
	partOf quad.IRI
	// schema is "" before the first write, "ok" once the tables were
	// found to be Cayley's, else why they were not.
	schema string
	// batches counts the batches written, rebuilt those of them written
	// with a rebuild of the quads table's indexes (rebuild.go).
	batches, rebuilt int
}

// New returns a writer of db, a connection to a database holding Cayley's
// tables, whose documents' parts are linked to them by partOf.
func New(db *sql.DB, partOf quad.IRI) *Writer {
	return &Writer{db: db, partOf: partOf}
}

// Batches is the number of batches WriteNew wrote.
func (w *Writer) Batches() int { return w.batches }

// Rebuilt is the number of batches WriteNew wrote with a rebuild of the
// quads table's indexes and foreign keys.
func (w *Writer) Rebuilt() int { return w.rebuilt }

// WriteNew writes docs in one transaction with COPY, when each document is
// new to the store (when the table holds few quads against the batch's,
// with the quads table's indexes and foreign keys dropped and created
// again: rebuild.go): no quad is labelled by it or by a label of its quads,
// and no quad makes anything part of it; added gives the number of quads
// of each document written (each distinct quad once). ok is false when it
// did not write them: then nothing is written, and the caller writes them
// through Cayley. That is so when a document is not new, when two of docs
// are the same document or share a label, when another writer stored one
// of the quads first (the unique index refuses it), and when the tables
// are not those of the schema WriteNew was checked against
// (CayleyVersion): then it says so once, in a log line. beside, when not
// nil, is called once the documents are known to be new, before their
// rows are written: what the caller does beside the write starts there
// (at most once a call).
func (w *Writer) WriteNew(ctx context.Context, docs []Document, beside func()) (added []int, ok bool, err error) {
	if len(docs) == 0 || (w.schema != "" && w.schema != "ok") {
		return nil, false, nil
	}
	b, ok := newBatch(docs)
	if !ok {
		return nil, false, nil
	}
	if w.schema == "" {
		why, err := checkSchema(ctx, w.db)
		if err != nil {
			return nil, false, err
		}
		if why != "" {
			w.schema = why
			slog.Warn("bulk load: "+why+"; Cayley's writer writes the documents", "cayley", CayleyVersion)
			return nil, false, nil
		}
		w.schema = "ok"
	}
	rebuild, err := rebuilds(ctx, w.db, len(b.quads))
	if err != nil {
		return nil, false, err
	}
	if rebuild {
		ok, err = w.write(ctx, b, true, beside)
		if errors.Is(err, errLocked) {
			slog.Info("bulk load: the quads table is busy; the batch is written with its indexes kept", "err", err)
			rebuild = false
		}
	}
	if !rebuild {
		ok, err = w.write(ctx, b, false, beside)
	}
	if err != nil || !ok {
		return nil, false, err
	}
	return b.added, true, nil
}

// write writes b in one transaction, with a rebuild of the quads table's
// indexes and foreign keys (rebuild.go) or not, calling beside (when not
// nil) once the documents are known new; ok is false when a document is
// not new or another writer stored one of its quads first.
func (w *Writer) write(ctx context.Context, b *batch, rebuild bool, beside func()) (ok bool, err error) {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("bulk load: %w", err)
	}
	defer tx.Rollback()
	var ddl *schemaDDL
	if rebuild {
		if ddl, err = dropSchema(ctx, tx); err != nil {
			return false, err
		}
	}
	fresh, err := b.new(ctx, tx, w.partOf)
	if err != nil || !fresh {
		return false, err
	}
	if beside != nil {
		beside()
	}
	err = b.write(ctx, tx)
	if err == nil && ddl != nil {
		err = ddl.restore(ctx, tx)
	}
	if err != nil {
		var pe *pq.Error
		if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
			return false, nil
		}
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("bulk load: commit: %w", err)
	}
	w.batches++
	if ddl != nil {
		w.rebuilt++
	}
	return true, nil
}

// batch is what WriteNew writes: every node with its count, every quad.
type batch struct {
	added  []int
	docs   [][]byte // the documents' hashes
	labels [][]byte // the hashes of the labels of their quads, each once
	nodes  []node   // in the order of their hashes, as Cayley writes them
	quads  []refs.QuadHash
}

type node struct {
	hash refs.ValueHash
	val  quad.Value
	refs int
}

// newBatch lays out docs as Cayley's path writes them: each document's
// distinct quads (by their N-Quads text) in the order of that text,
// document after document; ok is false when a document or a label is in
// two of them. Each document is laid out on a core of its own (its
// quads' texts, their order and their hashes: a second of a load's CPU at
// 1,000 documents), then the documents are joined in order.
func newBatch(docs []Document) (*batch, bool) {
	parts := make([]docPart, len(docs))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range docs {
		g.Go(func() error {
			parts[i] = layOut(docs[i])
			return nil
		})
	}
	g.Wait()
	b := &batch{added: make([]int, len(docs))}
	labelDoc := map[quad.Value]int{}
	nodes := map[refs.ValueHash]*node{}
	for i, d := range docs {
		p := parts[i]
		for k, l := range p.labels {
			if j, seen := labelDoc[l]; seen && j != i {
				return nil, false
			}
			labelDoc[l] = i
			b.labels = append(b.labels, p.labelHashes[k][:])
		}
		h := refs.HashOf(d.IRI)
		b.docs = append(b.docs, h[:])
		for j, q := range p.quads {
			qh := p.hashes[j]
			for _, dir := range quad.Directions {
				v := q.Get(dir)
				if v == nil {
					continue
				}
				h := qh.Get(dir)
				n := nodes[h]
				if n == nil {
					n = &node{hash: h, val: v}
					nodes[h] = n
				}
				n.refs++
			}
			b.quads = append(b.quads, qh)
		}
		b.added[i] = len(p.quads)
	}
	b.nodes = make([]node, 0, len(nodes))
	for _, n := range nodes {
		b.nodes = append(b.nodes, *n)
	}
	slices.SortFunc(b.nodes, func(x, y node) int { return strings.Compare(string(x.hash[:]), string(y.hash[:])) })
	return b, true
}

// docPart is one document laid out for a batch: its labels (the document
// itself among them) and their hashes, its distinct quads in the order of
// their N-Quads text, and their hashes.
type docPart struct {
	labels      []quad.Value
	labelHashes []refs.ValueHash
	quads       []quad.Quad
	hashes      []refs.QuadHash
}

func layOut(d Document) docPart {
	var p docPart
	hash := valuehash.Memo{}
	labels := map[quad.Value]bool{d.IRI: true}
	want := make(map[string]quad.Quad, len(d.Quads))
	for _, q := range d.Quads {
		want[q.NQuad()] = q
		labels[q.Label] = true
	}
	for l := range labels {
		p.labels = append(p.labels, l)
		p.labelHashes = append(p.labelHashes, hash.Of(l))
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	p.quads = make([]quad.Quad, len(keys))
	p.hashes = make([]refs.QuadHash, len(keys))
	for i, k := range keys {
		q := want[k]
		p.quads[i] = q
		for _, dir := range quad.Directions {
			if v := q.Get(dir); v != nil {
				p.hashes[i].Set(dir, hash.Of(v))
			}
		}
	}
	return p
}

// new says whether every document of b is new to the store tx reads.
func (b *batch) new(ctx context.Context, tx *sql.Tx, partOf quad.IRI) (bool, error) {
	p := refs.HashOf(partOf)
	var old bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM quads WHERE label_hash = ANY($1))
		OR EXISTS (SELECT 1 FROM quads WHERE predicate_hash = $2 AND object_hash = ANY($3))`,
		pq.ByteaArray(b.labels), p[:], pq.ByteaArray(b.docs)).Scan(&old)
	if err != nil {
		return false, fmt.Errorf("bulk load: look for the documents: %w", err)
	}
	return !old, nil
}

// valueColumns are the columns of a node's value in `nodes`, as
// csql.NodeValues fills them (each type some of them, the rest NULL).
var valueColumns = []string{"value", "value_string", "datatype", "language", "iri", "bnode", "value_int", "value_bool", "value_float", "value_time"}

// write copies b's nodes into a temporary table and merges them into
// Cayley's, then copies b's quads into Cayley's.
func (b *batch) write(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE pactgraph_nodes (
		hash BYTEA, refs INT, value BYTEA, value_string TEXT, datatype TEXT, language TEXT,
		iri BOOLEAN, bnode BOOLEAN, value_int BIGINT, value_bool BOOLEAN,
		value_float double precision, value_time timestamp with time zone
	) ON COMMIT DROP`); err != nil {
		return fmt.Errorf("bulk load: create the staging table: %w", err)
	}
	cols := append([]string{"hash", "refs"}, valueColumns...)
	row := make([]any, len(cols))
	err := copyRows(ctx, tx, "pactgraph_nodes", cols, len(b.nodes), func(i int) ([]any, error) {
		n := b.nodes[i]
		typ, vals, err := csql.NodeValues(csql.NodeHash{ValueHash: n.hash}, n.val)
		if err != nil {
			return nil, err
		}
		clear(row)
		row[0], row[1] = vals[0], n.refs
		for j, c := range typ.Columns() {
			row[2+slices.Index(valueColumns, c)] = vals[1+j]
		}
		return row, nil
	})
	if err != nil {
		return fmt.Errorf("bulk load: copy nodes: %w", err)
	}
	list := strings.Join(cols, ", ")
	if _, err := tx.ExecContext(ctx, `INSERT INTO nodes (`+list+`) SELECT `+list+` FROM pactgraph_nodes
		ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs`); err != nil {
		return fmt.Errorf("bulk load: write nodes: %w", err)
	}
	// The quads go straight into Cayley's table, with the time Cayley's
	// writer gives them (now(), the transaction's start, as the column's
	// type keeps it). Every document being new, none of them is there; one
	// another writer stored since fails the unique index (WriteNew then
	// leaves the batch to Cayley's writer).
	var ts string
	if err := tx.QueryRowContext(ctx, `SELECT now()::timestamp without time zone::text`).Scan(&ts); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	qcols := []string{"subject_hash", "predicate_hash", "object_hash", "label_hash", "ts"}
	qrow := make([]any, len(qcols))
	qrow[4] = ts
	err = copyRows(ctx, tx, "quads", qcols, len(b.quads), func(i int) ([]any, error) {
		for j, h := range b.quads[i].Dirs() {
			qrow[j] = csql.NodeHash{ValueHash: h}.SQLValue()
		}
		return qrow, nil
	})
	if err != nil {
		return fmt.Errorf("bulk load: write quads: %w", err)
	}
	return nil
}

// copyRows sends n rows, row(i) for each, into table's columns with COPY.
func copyRows(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row func(i int) ([]any, error)) error {
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(table, cols...))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i := range n {
		vals, err := row(i)
		if err != nil {
			return err
		}
		if _, err := stmt.ExecContext(ctx, vals...); err != nil {
			return err
		}
	}
	_, err = stmt.ExecContext(ctx)
	return err
}

// schema is Cayley's, as graph/sql/database.go creates it for postgres:
// each table's columns in order, with their types.
var schema = map[string][]string{
	"nodes": {"hash bytea", "refs integer", "value bytea", "value_string text", "datatype text", "language text",
		"iri boolean", "bnode boolean", "value_int bigint", "value_bool boolean", "value_float double precision",
		"value_time timestamp with time zone"},
	"quads": {"horizon bigint", "subject_hash bytea", "predicate_hash bytea", "object_hash bytea", "label_hash bytea",
		"ts timestamp without time zone"},
}

// checkSchema says why the tables `nodes` and `quads` of db's current
// schema are not those WriteNew writes, or "" when they are.
func checkSchema(ctx context.Context, db *sql.DB) (string, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name IN ('nodes', 'quads')
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		return "", fmt.Errorf("bulk load: read the schema: %w", err)
	}
	defer rows.Close()
	have := map[string][]string{}
	for rows.Next() {
		var table, col, typ string
		if err := rows.Scan(&table, &col, &typ); err != nil {
			return "", fmt.Errorf("bulk load: read the schema: %w", err)
		}
		have[table] = append(have[table], col+" "+typ)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("bulk load: read the schema: %w", err)
	}
	for _, t := range []string{"nodes", "quads"} {
		if !slices.Equal(have[t], schema[t]) {
			return fmt.Sprintf("the table %s has the columns (%s), not Cayley's (%s)",
				t, strings.Join(have[t], ", "), strings.Join(schema[t], ", ")), nil
		}
	}
	return "", nil
}
