package cayleysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/lib/pq"
)

// A batch large against the table is written as pg_restore writes a table:
// the quads table's indexes and foreign keys are dropped, the rows copied,
// and the indexes and keys created again, from the definitions the catalog
// gave before (pg_get_indexdef, pg_get_constraintdef), all in the batch's
// transaction. PostgreSQL's DDL being transactional, a failure, a
// cancellation or a crash rolls the drops back with the rows: the table
// and its schema are as before.
//
// Building an index from the whole table sorts it once; keeping it while
// COPY inserts is a random insertion for every quad and every index, and
// the foreign keys look up each quad's four nodes one by one. On the
// 2-core development machine, rebuilding the seven indexes and four keys
// of a table of 195k quads took 2.2 s (about 11 µs a quad), where keeping
// them cost 60–80 µs for each quad inserted (docs/benchmarks.md). A
// rebuild costs the whole table, so it pays only while the table holds
// fewer than a few times the batch's quads: rebuildFactor.
//
// Dropping an index takes an ACCESS EXCLUSIVE lock on the table, and
// dropping a foreign key one on the table it references, which hold until
// the transaction ends: every read of the quads or the nodes, from any
// process, waits for the batch (docs/scaling.md). The lock is asked for
// first, waiting at most lockTimeout for the reads holding the table; when
// it is not granted (or PostgreSQL finds a deadlock), the batch is written
// with the indexes kept.

// rebuildFactor: a batch of n quads is written with the quads table's
// indexes and foreign keys dropped and rebuilt when the table holds fewer
// than rebuildFactor × n quads.
const rebuildFactor = 3

// BatchQuads is how many quads the next batch of a bulk load should hold,
// the load having written written quads: as many as it wrote, from
// minBatch to maxBatch. A load into an empty table then writes every batch
// with a rebuild until the table holds three times maxBatch, and its
// rebuilds cost about twice its quads (batches of 200k, 200k, 400k, 400k
// rebuild tables of 200k, 400k, 800k, 1.2M), where batches of one size
// rebuild the whole table each, or keep the indexes once the table is
// three times their size (at 1,000 documents, batches of 50k: rebuilds of
// 50k, 100k and 150k, then the fourth, 47k quads into 150k, kept the
// indexes, 5 s of the 9-11 s PostgreSQL spent on the load). minBatch is
// large enough for a load of 1,000 documents (197k quads) to be one batch
// and one rebuild: it took 10.7-11.8 s against 12.1-13.9 s for batches of
// 50k, 50k and 97k, though the loader parses the whole load before the
// first write instead of while PostgreSQL writes (docs/benchmarks.md).
// maxBatch bounds the documents the loader holds (two batches: the one
// written and the next).
func (w *Writer) BatchQuads(written int) int {
	return min(max(written, minBatch), maxBatch)
}

// minBatch and maxBatch bound the batches BatchQuads asks for.
const (
	minBatch = 200_000
	maxBatch = 400_000
)

// lockTimeout is how long a batch waits for the locks of a rebuild.
const lockTimeout = "2s"

// errLocked says that the locks of a rebuild were not granted.
var errLocked = errors.New("the quads table is busy")

// rebuilds says whether a batch of n quads is written with a rebuild: the
// table holds fewer than rebuildFactor × n quads. It counts at most that
// many.
func rebuilds(ctx context.Context, db *sql.DB, n int) (bool, error) {
	limit := rebuildFactor * n
	var have int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT FROM quads LIMIT $1) AS q`, limit).Scan(&have)
	if err != nil {
		return false, fmt.Errorf("bulk load: count quads: %w", err)
	}
	return have < limit, nil
}

// schemaDDL is what a rebuild drops of the quads table and creates again:
// every index that backs no constraint (Cayley's unique and ordered
// indexes, pactgraph's label index) and every foreign key. The primary
// key stays: its index grows at its end, as the horizon does.
type schemaDDL struct {
	drop, create []string
}

// readSchemaDDL reads from the catalog the statements that drop the quads
// table's indexes and foreign keys and those that create them as they are.
// ok is false when an index or key is one a rebuild would not give back as
// it was: in a tablespace of its own, commented, the table's replica
// identity or clustered on; then the batch keeps them.
func readSchemaDDL(ctx context.Context, tx *sql.Tx) (ddl schemaDDL, ok bool, err error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT 'DROP INDEX ' || i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),
			c.reltablespace = 0 AND NOT i.indisreplident AND NOT i.indisclustered
				AND obj_description(i.indexrelid, 'pg_class') IS NULL
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indrelid = 'quads'::regclass
			AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
		UNION ALL
		SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass, k.conname),
			format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid)),
			obj_description(k.oid, 'pg_constraint') IS NULL
		FROM pg_constraint k
		WHERE k.conrelid = 'quads'::regclass AND k.contype = 'f'
		ORDER BY 1`)
	if err != nil {
		return schemaDDL{}, false, fmt.Errorf("bulk load: read the indexes: %w", err)
	}
	defer rows.Close()
	ok = true
	for rows.Next() {
		var drop, create string
		var same bool
		if err := rows.Scan(&drop, &create, &same); err != nil {
			return schemaDDL{}, false, fmt.Errorf("bulk load: read the indexes: %w", err)
		}
		ddl.drop = append(ddl.drop, drop)
		ddl.create = append(ddl.create, create)
		ok = ok && same
	}
	if err := rows.Err(); err != nil {
		return schemaDDL{}, false, fmt.Errorf("bulk load: read the indexes: %w", err)
	}
	return ddl, ok, nil
}

// dropSchema locks Cayley's tables for a rebuild, in the order Cayley's
// writer takes them (nodes, then quads), so that it waits for writers
// rather than deadlocking with them, and drops the quads table's indexes
// and foreign keys. Dropping a foreign key takes an ACCESS EXCLUSIVE lock
// on the table it references too, so both tables are locked so, up front,
// where lockTimeout holds. It gives what creates the indexes and keys
// again, or nil when a rebuild would not give them back as they were
// (readSchemaDDL: the batch is then written with them, the tables still
// locked); it fails with errLocked when the locks were not granted in
// lockTimeout.
func dropSchema(ctx context.Context, tx *sql.Tx) (*schemaDDL, error) {
	for _, q := range []string{
		`SET LOCAL lock_timeout = '` + lockTimeout + `'`,
		`LOCK TABLE nodes IN ACCESS EXCLUSIVE MODE`,
		`LOCK TABLE quads IN ACCESS EXCLUSIVE MODE`,
		`SET LOCAL lock_timeout = DEFAULT`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, lockError(fmt.Errorf("bulk load: lock the tables: %w", err))
		}
	}
	ddl, ok, err := readSchemaDDL(ctx, tx)
	if err != nil || !ok {
		return nil, err
	}
	for _, q := range ddl.drop {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("bulk load: %s: %w", q, err)
		}
	}
	return &ddl, nil
}

// restore creates again what dropSchema dropped, in the reverse order:
// the indexes, then the foreign keys, each checked with one query over
// the table. A quad stored twice fails its unique index here, as it fails
// COPY without a rebuild.
func (ddl *schemaDDL) restore(ctx context.Context, tx *sql.Tx) error {
	for _, q := range slices.Backward(ddl.create) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("bulk load: %s: %w", q, err)
		}
	}
	return nil
}

// lockError is err, or errLocked joined to it when PostgreSQL did not
// grant a lock in time or broke a deadlock.
func lockError(err error) error {
	var pe *pq.Error
	if errors.As(err, &pe) && (pe.Code == "55P03" || pe.Code == "40P01") { // lock_not_available, deadlock_detected
		return errors.Join(errLocked, err)
	}
	return err
}
