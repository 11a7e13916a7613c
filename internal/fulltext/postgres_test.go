package fulltext

import (
	"database/sql"
	"testing"

	_ "github.com/lib/pq" // the "postgres" driver

	"github.com/pactgraph/pactgraph/internal/pgtest"
)

// testDatabase connects to a database of t's own (pgtest.Database).
func testDatabase(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
