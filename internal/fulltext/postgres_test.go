package fulltext

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	_ "github.com/lib/pq" // the "postgres" driver

	"github.com/pactgraph/pactgraph/internal/pgtest"
)

// testPostgres opens the index in a database of t's own
// (pgtest.Database), and gives the database too.
func testPostgres(t *testing.T) (*Postgres, *sql.DB) {
	t.Helper()
	db, err := sql.Open("postgres", pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ix, _, err := OpenPostgres(context.Background(), db, false)
	if err != nil {
		t.Fatal(err)
	}
	return ix, db
}

// The names' dictionary counts the entities bearing each word through
// writes, rewrites and removals, as a count of the names' words gives.
func TestPostgresNameWordsCounted(t *testing.T) {
	ctx := context.Background()
	ix, db := testPostgres(t)
	renamed := Entity{IRI: "kgb", Type: "Organisation", Names: []string{"Committee for State Security", "KGB", "KGB of the USSR"}}
	odd := Entity{IRI: `odd "iri", {x} \ y`, Type: "Person", Names: []string{"Odd Committee"}} // quoted in a text[]
	for i, b := range []Batch{
		{Entities: append(slices.Clone(entities), odd)},
		{Entities: []Entity{renamed, renamed}}, // written twice in one batch
		{RemovedEntities: []string{"somoza", "nobody", odd.IRI}},
		{Entities: []Entity{{IRI: "gdr", Type: "Territory", Names: []string{"East Germany"}}}, RemovedEntities: []string{"stasi-museum"}},
	} {
		if err := ix.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		want := pgtest.Counts(t, db, `SELECT w, count(*) FROM pactgraph_names, unnest(name_words) AS w GROUP BY w`)
		got := pgtest.Counts(t, db, `SELECT word, entities FROM pactgraph_name_words WHERE entities <> 0`)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("after batch %d, the words' counts (-names +dictionary):\n%s", i, diff)
		}
		var total int
		if err := db.QueryRowContext(ctx, `SELECT value::int FROM pactgraph_search_state WHERE key = 'entities'`).Scan(&total); err != nil {
			t.Fatal(err)
		}
		if want := len(pgtest.Counts(t, db, `SELECT iri, 1 FROM pactgraph_names`)); total != want {
			t.Errorf("after batch %d: %d entities counted, want %d", i, total, want)
		}
	}
}

// A write begun beside the store's (BeginWrite) shows nothing until it
// is finished, then all of its batch; aborted, it leaves the index as it
// was.
func TestPostgresWriteBegunBeside(t *testing.T) {
	ctx := context.Background()
	ix, _ := testPostgres(t)
	seen := func() (passages, names int, stamp string) {
		t.Helper()
		res, err := ix.Passages(ctx, Query{Text: "information", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		_, names, err = ix.Names(ctx, "kgb", "", 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if stamp, err = ix.Stamp(); err != nil {
			t.Fatal(err)
		}
		return res.Total, names, stamp
	}
	if _, err := ix.BeginWrite(ctx, Batch{Passages: passages, Stamp: "s1"}); err == nil {
		t.Error("BeginWrite took a stamp: only passages are written first")
	}

	aborted, err := ix.BeginWrite(ctx, Batch{Passages: passages})
	if err != nil {
		t.Fatal(err)
	}
	if p, n, s := seen(); p != 0 || n != 0 || s != "" {
		t.Errorf("a write begun: %d passages, %d names, stamp %q seen; want none", p, n, s)
	}
	aborted.Abort()
	if p, n, s := seen(); p != 0 || n != 0 || s != "" {
		t.Errorf("a write aborted: %d passages, %d names, stamp %q seen; want none", p, n, s)
	}

	w, err := ix.BeginWrite(ctx, Batch{Passages: passages})
	if err != nil {
		t.Fatal(err)
	}
	if p, _, _ := seen(); p != 0 {
		t.Errorf("a write begun: %d passages seen; want none", p)
	}
	if err := w.Finish(ctx, Batch{Entities: entities, Stamp: "s1"}); err != nil {
		t.Fatal(err)
	}
	p, n, s := seen()
	if p == 0 || n == 0 || s != "s1" {
		t.Errorf("a write finished: %d passages, %d names, stamp %q seen; want some, some, s1", p, n, s)
	}
	w.Abort() // after Finish, nothing
	if p2, n2, s2 := seen(); p2 != p || n2 != n || s2 != s {
		t.Errorf("Abort after Finish changed the index: %d, %d, %q", p2, n2, s2)
	}
}
