// Package graphtest opens fresh stores for the tests of packages that use
// graph: the same backends the conformance suite runs on, PostgreSQL
// included when a server is given.
package graphtest

import (
	"path/filepath"
	"testing"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/internal/pgtest"
)

// PostgresEnv names the environment variable holding the URL of a
// PostgreSQL server the tests may create databases on, e.g.
// postgres://postgres@127.0.0.1:5432/pactgraph?sslmode=disable
// (scripts/postgres.sh start prints one). The tests on PostgreSQL skip
// when it is unset.
const PostgresEnv = pgtest.Env

// Backend is a kind of store a test can open fresh, again and again.
type Backend struct {
	Name string
	// Config returns the configuration of a new, empty store, removed at
	// the end of t.
	Config func(t testing.TB) graph.Config
}

// Backends lists every backend pactgraph supports: memstore, bolt, bbolt,
// and postgres (whose Config skips the test when PostgresEnv is unset).
func Backends() []Backend {
	dir := func(b string) Backend {
		return Backend{b, func(t testing.TB) graph.Config {
			return graph.Config{Backend: b, Path: filepath.Join(t.TempDir(), "db")}
		}}
	}
	return []Backend{
		{graph.Memstore, func(testing.TB) graph.Config { return graph.Config{Backend: graph.Memstore} }},
		dir(graph.Bolt),
		dir(graph.BBolt),
		{graph.Postgres, Postgres},
	}
}

// Postgres creates a database of its own for t on the server PostgresEnv
// names, drops it when t ends, and returns its configuration. It skips t
// when PostgresEnv is unset.
func Postgres(t testing.TB) graph.Config {
	t.Helper()
	return graph.Config{Backend: graph.Postgres, Path: pgtest.Database(t)}
}

// Size is s's number of quads; it fails t when s cannot say.
func Size(t testing.TB, s *graph.Store) int64 {
	t.Helper()
	n, err := s.Size(t.Context())
	if err != nil {
		t.Fatalf("size: %v", err)
	}
	return n
}
