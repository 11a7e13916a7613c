package graph

import (
	"context"
	"database/sql"
	"testing"

	"github.com/cayleygraph/quad"
)

// The stamp on PostgreSQL counts the transactions that write to Cayley's
// tables, whoever writes (pactgraph, Cayley's own writer, plain SQL), and
// only those: the values kept in memory (the overview, the documents)
// follow every writer, and reads or rolled-back writes keep them.
func TestPostgresStampCountsEveryWriter(t *testing.T) {
	ctx := context.Background()
	url := postgresURL(t)
	a, err := Open(ctx, Config{Backend: Postgres, Path: url})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	cayley, err := Open(ctx, Config{Backend: Postgres, Path: url, CayleyWriter: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cayley.Close()
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	stamp := func() string {
		t.Helper()
		s, err := a.stamp(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	documents := func() int {
		t.Helper()
		_, n, err := a.Documents(ctx, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	drawn := func(id string) bool {
		t.Helper()
		g, err := a.Overview(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range g.Nodes {
			if n.ID == id {
				return true
			}
		}
		return false
	}

	if _, err := a.Replace(ctx, IRI("d1"), stampDoc("d1")); err != nil {
		t.Fatal(err)
	}
	if documents() != 1 || !drawn("d1") {
		t.Fatal("after pactgraph's write: want one document, drawn")
	}
	before := stamp()
	documents()
	drawn("d1")
	if _, err := a.Entity(ctx, "d1", LinkPage{}); err != nil {
		t.Fatal(err)
	}
	if s := stamp(); s != before {
		t.Errorf("reads changed the stamp: %q, then %q", before, s)
	}

	// Cayley's own writer: a statement a node and a quad.
	if _, err := cayley.Replace(ctx, IRI("d2"), stampDoc("d2")); err != nil {
		t.Fatal(err)
	}
	if s := stamp(); s == before {
		t.Errorf("Cayley's writer left the stamp at %q", s)
	}
	if documents() != 2 || !drawn("d2") {
		t.Error("after Cayley's writer wrote d2: want two documents, d2 drawn, from the kept values read again")
	}

	// A write rolled back changes nothing, the stamp included.
	before = stamp()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM quads`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if s := stamp(); s != before {
		t.Errorf("a rolled-back delete changed the stamp: %q, then %q", before, s)
	}

	// Plain SQL from another process.
	if _, err := db.ExecContext(ctx, `TRUNCATE quads`); err != nil {
		t.Fatal(err)
	}
	if s := stamp(); s == before {
		t.Errorf("TRUNCATE left the stamp at %q", s)
	}
	if documents() != 0 || drawn("d1") {
		t.Error("after TRUNCATE quads: want no document, nothing drawn")
	}
}

// stampDoc is a document of three facts.
func stampDoc(doc string) []quad.Quad {
	d := IRI(doc)
	return []quad.Quad{
		{Subject: d, Predicate: Type, Object: Document, Label: d},
		{Subject: d, Predicate: Name, Object: quad.String("Agreement " + doc), Label: d},
		{Subject: d, Predicate: Date, Object: quad.String("1973-12-06"), Label: d},
	}
}
