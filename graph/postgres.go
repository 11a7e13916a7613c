package graph

import (
	"context"
	"database/sql"
	"fmt"
)

// Cayley's PostgreSQL schema indexes quads by subject, predicate and
// object in four orders, never by label, so the quads of one document
// (labelled by it or its articles) were a scan of the whole table for
// every replacement of a document. addPostgresIndexes adds the index
// (once: it is kept with the table).
func addPostgresIndexes(ctx context.Context, url string) error {
	// The lib/pq driver ("postgres") is registered by Cayley's postgres
	// backend, which graph compiles in.
	db, err := sql.Open("postgres", url)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS pactgraph_label_index ON quads (label_hash)`); err != nil {
		return fmt.Errorf("add the label index: %w", err)
	}
	return nil
}
