package bench

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"time"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/internal/app"
	"github.com/pactgraph/pactgraph/loaders/synth"
)

// sqlWriterSchema is the schema of the bench's database that cayleyWriter
// loads into, dropped afterwards.
const sqlWriterSchema = "pactgraph_bench_cayley_writer"

// cayleyWriter times loading docs through pactgraph's loader into the
// PostgreSQL database at dbURL (a postgres:// URL) as the load before
// it, but into a schema of its own and with Cayley's SQL writer writing
// every quad (graph.Config.CayleyWriter): what the load costs without
// COPY (internal/cayleysql), on the same server and database. It returns
// that time and the quads the store holds after it.
func cayleyWriter(ctx context.Context, dbURL string, docs []synth.Doc) (time.Duration, int64, error) {
	u, err := url.Parse(dbURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return 0, 0, UsageError("bench on postgres needs --dbpath as a postgres:// URL, to compare with Cayley's writer in a schema of its own")
	}
	db, err := sql.Open("postgres", dbURL) // lib/pq, which graph compiles in
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+sqlWriterSchema); err != nil {
		return 0, 0, fmt.Errorf("cayley's writer: create schema %s: %w", sqlWriterSchema, err)
	}
	defer db.ExecContext(context.WithoutCancel(ctx), "DROP SCHEMA "+sqlWriterSchema+" CASCADE")
	q := u.Query()
	q.Set("search_path", sqlWriterSchema) // lib/pq passes it to the server
	u.RawQuery = q.Encode()
	store, err := graph.Open(ctx, graph.Config{Backend: graph.Postgres, Path: u.String(), CayleyWriter: true})
	if err != nil {
		return 0, 0, err
	}
	defer store.Close()
	l, err := app.NewLoader(store)
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	if err := l.LoadDocs(ctx, source(docs), nil); err != nil {
		return 0, 0, fmt.Errorf("cayley's writer: %w", err)
	}
	took := time.Since(start)
	size, err := store.Size(ctx)
	return took, size, err
}
