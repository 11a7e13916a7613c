package fulltext

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/lib/pq" // the "postgres" driver
)

// testDatabase creates a database of its own for t on the server
// PACTGRAPH_POSTGRES_URL names, drops it when t ends, and returns a
// connection to it. It skips t when the variable is unset.
func testDatabase(t *testing.T) *sql.DB {
	t.Helper()
	base := os.Getenv("PACTGRAPH_POSTGRES_URL")
	if base == "" {
		t.Skip("PACTGRAPH_POSTGRES_URL is not set: no PostgreSQL to test on (scripts/postgres.sh start gives one)")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "pactgraph_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	u.Path = "/" + name
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		admin, err := sql.Open("postgres", base)
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return db
}
