package graph

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/internal/cayleysql"
)

// openPostgres opens pactgraph's own connection to the database under
// Cayley's store, for what Cayley does not do or does without a context,
// and says whether the database refuses writes (postgresReadOnly).
//
// Cayley's PostgreSQL schema indexes quads by subject, predicate and
// object in four orders, never by label, so the quads of one document
// (labelled by it or its articles) were a scan of the whole table for
// every replacement of a document. openPostgres adds the index, with
// pactgraph's other tables (addOwnTables).
func openPostgres(ctx context.Context, url string) (db *sql.DB, readOnly bool, err error) {
	// The lib/pq driver ("postgres") is registered by Cayley's postgres
	// backend, which graph compiles in.
	db, err = sql.Open("postgres", url)
	if err != nil {
		return nil, false, err
	}
	db.SetMaxIdleConns(pgIdleConns)
	if readOnly, err = isReadOnly(ctx, db); err != nil || readOnly {
		if err != nil {
			db.Close()
			db = nil
		}
		return db, readOnly, err
	}
	if err := addOwnTables(ctx, db); err != nil {
		db.Close()
		return nil, false, err
	}
	return db, false, nil
}

// addOwnTables adds to Cayley's tables what pactgraph needs beside them,
// once per database, in one transaction under an advisory lock so that
// servers starting together do not race (a replica has them from its
// primary):
//
//   - the label index (openPostgres), and an index of the nodes that are
//     named graphs (graphNodes);
//   - a count of the transactions that write to Cayley's tables,
//     whichever process and writer (pactgraph's COPY path, Cayley's own
//     writer, psql) makes them: a row of pactgraph_stamp that a trigger on
//     nodes and quads raises once a transaction, before the transaction's
//     first statement on either writes anything. The count changes in the
//     writing transaction, so it is seen exactly when the rows are
//     (postgresStamp reads it in one indexed read, where counting the
//     quads took 160 ms at 1M quads). Taking the row's lock before any row
//     is written also orders writers: a second writing transaction waits
//     for the first to end before it writes, so two writers never wait on
//     each other's rows. The trigger runs once a statement; Cayley's
//     writer, a statement a node and a quad, pays a function call each;
//   - the table of reads kept with their stamps (kept.go).
func addOwnTables(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, stmt := range []string{
		`SELECT pg_advisory_xact_lock(` + fmt.Sprint(tablesLock) + `)`,
		`CREATE INDEX IF NOT EXISTS pactgraph_label_index ON quads (label_hash)`,
		`CREATE INDEX IF NOT EXISTS pactgraph_graph_nodes ON nodes (hash) WHERE ` + graphNodes,
		`CREATE TABLE IF NOT EXISTS pactgraph_stamp (one boolean PRIMARY KEY DEFAULT true CHECK (one), writes bigint NOT NULL)`,
		`INSERT INTO pactgraph_stamp (writes) VALUES (0) ON CONFLICT DO NOTHING`,
		`CREATE OR REPLACE FUNCTION pactgraph_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('pactgraph.counted', true) IS DISTINCT FROM 'yes' THEN
		UPDATE pactgraph_stamp SET writes = writes + 1;
		PERFORM set_config('pactgraph.counted', 'yes', true);
	END IF;
	RETURN NULL;
END $$`,
		`CREATE OR REPLACE TRIGGER pactgraph_count_quads BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON quads FOR EACH STATEMENT EXECUTE FUNCTION pactgraph_count_write()`,
		`CREATE OR REPLACE TRIGGER pactgraph_count_nodes BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON nodes FOR EACH STATEMENT EXECUTE FUNCTION pactgraph_count_write()`,
		keptTable,
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("add pactgraph's tables: %w", err)
		}
	}
	return tx.Commit()
}

// pgIdleConns is how many idle connections each of the store's two pools
// (Cayley's and pactgraph's own) keeps open to PostgreSQL once requests
// have opened them. database/sql keeps 2, so four clients, whose reads
// hold up to about ten connections at once, had a connection closed and
// another opened (a new server process on PostgreSQL's side, its caches
// empty) for one read in five: 144 in a run of the serve mix's 728
// reads, 0–5 with 8 (docs/benchmarks.md). The pools stay unbounded
// (docs/scaling.md, "Connections").
const pgIdleConns = 8

// tablesLock is the advisory lock under which addOwnTables adds them
// ("pgstamp" in ASCII).
const tablesLock = 0x7067_7374_616d_70

// postgresReadOnly says whether the database at url refuses writes: a hot
// standby (a read replica), or a database or role whose transactions are
// read-only by default (default_transaction_read_only). Cayley's store is
// then opened without creating its tables, which a replica has from its
// primary.
func postgresReadOnly(ctx context.Context, url string) (bool, error) {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return false, err
	}
	defer db.Close()
	return isReadOnly(ctx, db)
}

func isReadOnly(ctx context.Context, db *sql.DB) (bool, error) {
	var setting string
	if err := db.QueryRowContext(ctx, `SELECT current_setting('transaction_read_only')`).Scan(&setting); err != nil {
		return false, fmt.Errorf("ask whether the database is read-only: %w", err)
	}
	return setting == "on", nil
}

// countQuads counts the quads in the database under ctx. Cayley's own
// count (its Stats) runs without a context, so a deadline cannot stop it.
func countQuads(ctx context.Context, db *sql.DB) (int64, error) {
	var n int64
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM quads`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count quads: %w", err)
	}
	return n, nil
}

// postgresStamp names the state of the store on PostgreSQL, for its
// search index (textindex.go) and the values kept while it does not
// change (memo.go): the count of writing transactions (addOwnTables). A
// replica of a primary that never ran this version has no count: there
// it is the last id Cayley's quads table gave a row (horizon), which every
// insertion raises, and the number of rows, which every deletion lowers
// (a scan of the table).
func postgresStamp(ctx context.Context, db *sql.DB) (string, error) {
	var writes int64
	err := db.QueryRowContext(ctx, `SELECT writes FROM pactgraph_stamp`).Scan(&writes)
	if err == nil {
		return fmt.Sprintf("pg writes %d", writes), nil
	}
	if !cayleysql.IsUndefinedTable(err) {
		return "", fmt.Errorf("read the store's stamp: %w", err)
	}
	var horizon, n int64
	err = db.QueryRowContext(ctx, `SELECT coalesce(max(horizon), 0), count(*) FROM quads`).Scan(&horizon, &n)
	if err != nil {
		return "", fmt.Errorf("read the store's stamp: %w", err)
	}
	return fmt.Sprintf("pg %d %d", horizon, n), nil
}

// firstObjects is cayleysql.FirstObjects with the first objects kept
// across requests (cayleysql.FirstCache) at the state of the database
// now: the count of pactgraph_stamp, read before the facts. A database
// without it (a replica of a primary that never ran this version) keeps
// none.
func (s *Store) firstObjects(ctx context.Context, subjects, preds []quad.Value) (map[cayleysql.Pair]quad.Value, error) {
	var kept cayleysql.Firsts
	var writes int64
	err := s.pg.QueryRowContext(ctx, `SELECT writes FROM pactgraph_stamp`).Scan(&writes)
	switch {
	case err == nil:
		kept = s.pgFirsts.At(writes)
	case !cayleysql.IsUndefinedTable(err):
		return nil, fmt.Errorf("read the store's stamp: %w", err)
	}
	return cayleysql.FirstObjects(ctx, s.pg, s.pgValues, kept, subjects, preds)
}

// analyzeQuads is the size of a bulk batch after which the database's
// statistics are gathered again (analyzeAfter).
const analyzeQuads = 50_000

// analyzeAfter gathers the planner's statistics of every table (ANALYZE)
// after a bulk batch of added quads, when the batch held at least
// analyzeQuads of them. PostgreSQL's autovacuum would too, but up to a
// minute or more later: until then the planner knows nothing of the rows
// copied, and at 1M quads just loaded it chose plans that made entity
// reads take a second and a page of documents eight (docs/benchmarks.md).
// ANALYZE reads a sample of each table (0.25 s at 1M quads); a failure is
// logged, the batch being written all the same.
func (s *Store) analyzeAfter(ctx context.Context, added []int) {
	n := 0
	for _, a := range added {
		n += a
	}
	if n < analyzeQuads {
		return
	}
	if _, err := s.pg.ExecContext(ctx, `ANALYZE`); err != nil {
		s.log.Warn("gather the planner's statistics after a bulk load", "quads", n, "err", err)
	}
}

// overviewSQL is readOverview on postgres: the nodes class by class (the
// first by IRI of each, as far as limit goes) in one query a class, and
// the links between them in one more, where reading them through Cayley
// is a round trip a fact (the overview timed out at 1M quads).
func (s *Store) overviewSQL(ctx context.Context, limit int) (*Subgraph, error) {
	g := &Subgraph{}
	in := map[quad.IRI]bool{}
	var order []quad.IRI
	for _, c := range drawnClasses {
		left := limit - len(order)
		if limit <= 0 {
			left = maxOverviewSQL
		}
		if left <= 0 {
			g.Truncated = true
			break
		}
		// One more than is left, to know whether the limit cut the class.
		typed, err := cayleysql.FirstTyped(ctx, s.pg, Type, c, Base, left+1)
		if err != nil {
			return nil, fmt.Errorf("overview: %w", err)
		}
		for _, iri := range typed {
			if in[iri] {
				continue
			}
			if len(order) >= limit && limit > 0 {
				g.Truncated = true
				break
			}
			in[iri] = true
			order = append(order, iri)
		}
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	facts, err := cayleysql.Between(ctx, s.pg, s.pgValues, irisAsValues(order), irisAsValues(links), nil)
	if err != nil {
		return nil, fmt.Errorf("overview: %w", err)
	}
	edges := map[string]Edge{}
	for _, q := range facts {
		if drawable(q) {
			addEdge(edges, q)
		}
	}
	return s.subgraph(ctx, nil, g, order, in, edges)
}

// maxOverviewSQL bounds an overview asked for without a limit on postgres.
const maxOverviewSQL = 100000

// graphNodes is the condition, on Cayley's nodes table, of the named
// graphs: the IRIs under GraphBase (graphName). A partial index holds
// exactly those nodes, a few in a store (addOwnTables); a query with the
// same condition reads them from it alone, without the table.
const graphNodes = `iri AND starts_with(value_string, '` + GraphBase + `') AND value_string <> '` + GraphBase + `'`

// datasetsSQL is datasetOf on PostgreSQL for several nodes in one query:
// for each of iris, the short name of the named graph of the first fact
// written (in the order of Cayley's horizon) that types it as classes[i]
// under a named graph, or "". A person of the corpus is typed again by
// every document that names them, under the document's label (some 700
// times for the common names at 1M quads); reading those facts and their
// labels was 55–65 of the 70 ms of a search of a first name. Here they
// are read from the subject index and matched to the named graphs' few
// nodes (graphNodes), without their values.
func (s *Store) datasetsSQL(ctx context.Context, iris, classes []quad.IRI) ([]string, error) {
	labels, err := cayleysql.FirstLabels(ctx, s.pg, irisAsValues(iris), Type, irisAsValues(classes), graphNodes)
	if err != nil {
		return nil, fmt.Errorf("read the datasets of %d nodes: %w", len(iris), err)
	}
	out := make([]string, len(iris))
	for i, l := range labels {
		if g, ok := l.(quad.IRI); ok {
			out[i] = graphName(g)
		}
	}
	return out, nil
}
