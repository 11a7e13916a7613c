package graph

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/internal/cayleysql"
	"github.com/pactgraph/pactgraph/internal/pgtest"
)

// postgresURL creates a database of its own for t on the server
// PACTGRAPH_POSTGRES_URL names (as graphtest.Postgres does, which this
// package's tests cannot import), drops it when t ends, and returns its
// URL. It skips t when the variable is unset.
func postgresURL(t *testing.T) string {
	t.Helper()
	return pgtest.Database(t)
}

// oddDoc holds a value of every type Cayley's SQL schema keeps, and strings
// COPY's text format must escape.
func oddDoc() Replacement {
	doc := IRI("doc-odd")
	art := IRI("doc-odd.article-1")
	when := time.Date(1973, 3, 29, 12, 30, 0, 123456000, time.FixedZone("MSK", 3*3600))
	objs := []quad.Value{
		quad.String("tab\there, newline\nthere, back\\slash, NUL\x00, \\N, \"quoted\", ünïcödé"),
		quad.String(""),
		// Not `\x00`: Cayley writes a NUL as those four characters, so
		// reads them back as a NUL, whoever wrote the row.
		quad.LangString{Value: "Vereinbarung über die Zusammenarbeit", Lang: "de"},
		quad.TypedString{Value: "1973-03-29", Type: "http://www.w3.org/2001/XMLSchema#date"},
		quad.Int(-42),
		quad.Int(1 << 40),
		quad.Float(3.25),
		quad.Float(-0.1),
		quad.Bool(true),
		quad.Bool(false),
		quad.Time(when),
		quad.BNode("b0"),
		IRI("odd iri with space"),
	}
	qs := []quad.Quad{
		{Subject: art, Predicate: PartOf, Object: doc, Label: doc},
		{Subject: doc, Predicate: Type, Object: Document, Label: doc},
		{Subject: doc, Predicate: About, Object: doc, Label: art}, // one node in two directions
	}
	for i, o := range objs {
		qs = append(qs, quad.Quad{Subject: art, Predicate: IRI(fmt.Sprintf("odd-%d", i)), Object: o, Label: art})
	}
	return Replacement{Doc: doc, Quads: qs}
}

// pgSchema describes the indexes, constraints and triggers of Cayley's
// tables in the database at dbURL as the catalog defines them, one line
// each, sorted: what a load's rebuild of the quads table's indexes and
// foreign keys must leave as it found it. Triggers are named by their
// function and type: the names PostgreSQL gives a foreign key's triggers
// hold their ids.
func pgSchema(t *testing.T, dbURL string) []string {
	t.Helper()
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := textRows(t, db, `
		SELECT format('index %s: %s valid=%s ready=%s live=%s clustered=%s replident=%s tablespace=%s',
			i.indexrelid::regclass, pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisready, i.indislive,
			i.indisclustered, i.indisreplident, c.reltablespace)
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indrelid IN ('quads'::regclass, 'nodes'::regclass)
		UNION ALL
		SELECT format('constraint %s.%s: %s deferrable=%s deferred=%s validated=%s index=%s',
			conrelid::regclass, conname, pg_get_constraintdef(oid), condeferrable, condeferred, convalidated,
			conindid::regclass)
		FROM pg_constraint WHERE conrelid IN ('quads'::regclass, 'nodes'::regclass)
		UNION ALL
		SELECT format('trigger on %s: %s type=%s enabled=%s', tgrelid::regclass, tgfoid::regproc, tgtype, tgenabled)
		FROM pg_trigger WHERE tgrelid IN ('quads'::regclass, 'nodes'::regclass)
		ORDER BY 1`)
	if len(out) == 0 {
		t.Fatal("no index, constraint or trigger on Cayley's tables")
	}
	return out
}

// tables reads the rows of Cayley's tables in db as text: every column of
// nodes, in the order of their hashes, and every column of quads but the
// horizon and the time, in the order of their horizon (the order they
// were written in).
func tables(t *testing.T, dbURL string) (nodes, quads []string) {
	t.Helper()
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	nodes = textRows(t, db, `SELECT (hash, refs, value, value_string, datatype, language, iri, bnode, value_int, value_bool, value_float, value_time)::text FROM nodes ORDER BY hash`)
	quads = textRows(t, db, `SELECT (subject_hash, predicate_hash, object_hash, label_hash, ts IS NOT NULL)::text FROM quads ORDER BY horizon`)
	return nodes, quads
}

// textRows runs q, a query of one text column, and gives its rows.
func textRows(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTables fails t unless Cayley's tables hold the same rows in both
// databases, and Cayley reads the same quads from both stores.
func sameTables(t *testing.T, cayleyURL, copyURL string, cayley, copied *Store) {
	t.Helper()
	wantNodes, wantQuads := tables(t, cayleyURL)
	gotNodes, gotQuads := tables(t, copyURL)
	if len(wantQuads) == 0 {
		t.Fatal("Cayley's writer wrote no quads")
	}
	if diff := cmp.Diff(wantNodes, gotNodes); diff != "" {
		t.Errorf("nodes (-Cayley's writer +COPY):\n%s", diff)
	}
	if diff := cmp.Diff(wantQuads, gotQuads); diff != "" {
		t.Errorf("quads (-Cayley's writer +COPY):\n%s", diff)
	}
	if n, m := size(t, copied), size(t, cayley); n != m || n != int64(len(wantQuads)) {
		t.Errorf("Cayley counts %d quads written with COPY, %d written by its writer, the table %d", n, m, len(wantQuads))
	}
	if diff := cmp.Diff(exported(t, cayley), exported(t, copied)); diff != "" {
		t.Errorf("quads read through Cayley (-Cayley's writer +COPY):\n%s", diff)
	}
}

// pgPair opens two new stores on PostgreSQL: one writing through Cayley's
// writer only, one with COPY.
func pgPair(t *testing.T) (cayleyURL, copyURL string, cayley, copied *Store) {
	t.Helper()
	ctx := context.Background()
	cayleyURL, copyURL = postgresURL(t), postgresURL(t)
	cayley, err := Open(ctx, Config{Backend: Postgres, Path: cayleyURL, CayleyWriter: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cayley.Close() })
	copied, err = Open(ctx, Config{Backend: Postgres, Path: copyURL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { copied.Close() })
	return cayleyURL, copyURL, cayley, copied
}

// COPY writes the rows Cayley's SQL writer writes for the same documents,
// batch for batch: every node with its value columns and count, every
// quad, in the same order; and Cayley reads the same quads back.
func TestPostgresCopyIsCayleys(t *testing.T) {
	cayleyURL, copyURL, cayley, copied := pgPair(t)
	docs := append(bulkDocs(0, 300), oddDoc())
	schema := pgSchema(t, copyURL)
	want := writeAll(t, cayley, docs, 100)
	got := writeAll(t, copied, docs, 100)
	if n := copied.sqlw.Batches(); n != 4 {
		t.Fatalf("COPY wrote %d batches of 4", n)
	}
	// The first batches, large against the table, rebuild its indexes;
	// the last, of one document, keeps them.
	if n := copied.sqlw.Rebuilt(); n == 0 || n == 4 {
		t.Errorf("%d batches of 4 rebuilt the indexes: the test no longer takes both ways", n)
	}
	if diff := cmp.Diff(schema, pgSchema(t, copyURL)); diff != "" {
		t.Errorf("the schema (-before +after the load):\n%s", diff)
	}
	if diff := cmp.Diff(pgSchema(t, cayleyURL), pgSchema(t, copyURL)); diff != "" {
		t.Errorf("the schema (-Cayley's writer +COPY):\n%s", diff)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-Cayley's writer +COPY):\n%s", diff)
	}
	sameTables(t, cayleyURL, copyURL, cayley, copied)
	// Each writer gives the quads of a transaction its time.
	for _, u := range []string{cayleyURL, copyURL} {
		db, err := sql.Open("postgres", u)
		if err != nil {
			t.Fatal(err)
		}
		var times int
		err = db.QueryRow(`SELECT count(DISTINCT ts) FROM quads`).Scan(&times)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if times != 4 {
			t.Errorf("%d times in quads, 4 transactions wrote them", times)
		}
	}

	// Replacing documents COPY wrote goes through Cayley's writer and
	// keeps the counts true, down to an empty store.
	for _, s := range []*Store{cayley, copied} {
		for _, d := range docs {
			if _, err := s.Replace(context.Background(), d.Doc, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	nodes, quads := tables(t, copyURL)
	if len(nodes)+len(quads) != 0 {
		t.Errorf("after removing every document, %d nodes and %d quads are left:\n%q", len(nodes), len(quads), nodes)
	}
}

// A batch with a document already in the store, or whose article is, goes
// through Cayley's writer, and the store ends as Cayley's writer leaves it.
func TestPostgresCopyFallsBack(t *testing.T) {
	ctx := context.Background()
	cayleyURL, copyURL, cayley, copied := pgPair(t)
	first := bulkDocs(0, 40)
	writeAll(t, cayley, first, 40)
	writeAll(t, copied, first, 40)
	if n := copied.sqlw.Batches(); n != 1 {
		t.Fatalf("COPY wrote %d batches of 1", n)
	}

	// Documents 30 to 49 again, 35 changed: 30–39 are in the store.
	again := bulkDocs(30, 50)
	again[5].Quads = append(again[5].Quads[3:], quad.Quad{Subject: IRI("doc-35"), Predicate: Name, Object: quad.String("Renamed"), Label: IRI("doc-35")})
	// A document with fewer quads, new but for one quad made part of it
	// by a document in the store: its article 0.
	art := IRI("doc-0.article-0")
	part := []quad.Quad{{Subject: art, Predicate: PartOf, Object: IRI("doc-900"), Label: IRI("doc-1")}}
	newer := Replacement{Doc: IRI("doc-900"), Quads: []quad.Quad{{Subject: IRI("doc-900"), Predicate: Name, Object: quad.String("900"), Label: IRI("doc-900")}}}
	later := []Replacement{{Doc: IRI("doc-0"), Quads: bulkDocs(0, 1)[0].Quads[:4]}}
	for i, batch := range [][]Replacement{again, {{Doc: IRI("doc-1"), Quads: append(bulkDocs(1, 2)[0].Quads, part...)}}, {newer}, later} {
		want, err := cayley.ReplaceAll(ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		got, err := copied.ReplaceAll(ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("batch %d: changes (-Cayley's writer +COPY):\n%s", i, diff)
		}
		if n := copied.sqlw.Batches(); n != 1 {
			t.Fatalf("batch %d: COPY wrote %d batches, 1 before: a batch with an old document went below Cayley", i, n)
		}
		sameTables(t, cayleyURL, copyURL, cayley, copied)
	}

	// Two documents sharing a label are no batch for COPY; the same
	// document twice is refused.
	shared := bulkDocs(100, 102)
	shared[1].Quads = append(shared[1].Quads, quad.Quad{Subject: IRI("x"), Predicate: Name, Object: quad.String("x"), Label: IRI("doc-100")})
	if _, err := copied.ReplaceAll(ctx, shared); err != nil {
		t.Fatal(err)
	}
	if _, err := cayley.ReplaceAll(ctx, shared); err != nil {
		t.Fatal(err)
	}
	twice := bulkDocs(200, 201)
	if _, err := copied.ReplaceAll(ctx, append(twice, twice...)); !errors.Is(err, ErrInvalid) {
		t.Errorf("the same document twice in a batch: %v, want ErrInvalid", err)
	}
	if n := copied.sqlw.Batches(); n != 1 {
		t.Errorf("COPY wrote %d batches, 1 before", n)
	}
	sameTables(t, cayleyURL, copyURL, cayley, copied)
}

// openPostgresStore opens a store on a new database of the test's
// PostgreSQL, closed at the test's end, and gives its URL.
func openPostgresStore(t *testing.T) (*Store, string) {
	t.Helper()
	u := postgresURL(t)
	s, err := Open(context.Background(), Config{Backend: Postgres, Path: u})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, u
}

// COPY writes only the tables it was written for: with another column in
// quads, Cayley's writer writes.
func TestPostgresCopyRefusesOtherSchemas(t *testing.T) {
	s, _ := openPostgresStore(t)
	if _, err := s.pg.Exec(`ALTER TABLE quads ADD COLUMN note TEXT`); err != nil {
		t.Fatal(err)
	}
	docs := bulkDocs(0, 5)
	writeAll(t, s, docs, 5)
	if n := s.sqlw.Batches(); n != 0 {
		t.Errorf("COPY wrote %d batches into a table of another schema", n)
	}
	if size(t, s) == 0 {
		t.Error("nothing written")
	}
}

// A quad another writer stores while COPY writes the same document fails
// the unique index: the batch goes through Cayley's writer, which finds
// the quad there.
func TestPostgresCopyLosesARace(t *testing.T) {
	ctx := context.Background()
	s, u := openPostgresStore(t)
	docs := bulkDocs(0, 3)
	// The other writer's transaction: one quad of document 1, not yet
	// committed, so COPY's look for the documents does not see it.
	q := docs[1].Quads[0]
	db, err := sql.Open("postgres", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		h := refsHash(v)
		if _, err := tx.Exec(`INSERT INTO nodes (hash, refs, value_string, iri) VALUES ($1, 1, $2, true)
			ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + 1`, h, string(v.(quad.IRI))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Exec(`INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts) VALUES ($1, $2, $3, $4, now())`,
		refsHash(q.Subject), refsHash(q.Predicate), refsHash(q.Object), refsHash(q.Label)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	var changes []Change
	go func() {
		var err error
		changes, err = s.ReplaceAll(ctx, docs)
		done <- err
	}()
	// COPY waits on the other transaction's key; let it wait, then commit.
	time.Sleep(500 * time.Millisecond)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := s.sqlw.Batches(); n != 0 {
		t.Fatalf("COPY wrote %d batches over a quad stored meanwhile", n)
	}
	if changes[1].Added != len(uniqueQuads(docs[1].Quads))-1 {
		t.Errorf("document 1: %d quads added, want all but the one stored meanwhile (%d)", changes[1].Added, len(uniqueQuads(docs[1].Quads))-1)
	}
	ref, err := Open(ctx, Config{Backend: Memstore})
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	writeAll(t, ref, docs, 3)
	if diff := cmp.Diff(exported(t, ref), exported(t, s)); diff != "" {
		t.Errorf("stored quads (-memstore +postgres):\n%s", diff)
	}
	// Every node counted once for each quad direction naming it.
	var wrong int
	err = db.QueryRow(`WITH uses AS (SELECT h, count(*) AS n FROM (
			SELECT subject_hash AS h FROM quads UNION ALL SELECT predicate_hash FROM quads
			UNION ALL SELECT object_hash FROM quads UNION ALL SELECT label_hash FROM quads WHERE label_hash IS NOT NULL) AS d GROUP BY h)
		SELECT count(*) FROM nodes FULL JOIN uses ON nodes.hash = uses.h WHERE nodes.refs IS DISTINCT FROM uses.n`).Scan(&wrong)
	if err != nil {
		t.Fatal(err)
	}
	if wrong != 0 {
		t.Errorf("%d nodes counted wrong", wrong)
	}
}

// passageDocs counts the passages the search index holds of each
// document, once the store's index updates have ended.
func passageDocs(t *testing.T, s *Store, u string) map[string]int {
	t.Helper()
	s.Settle()
	db, err := sql.Open("postgres", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return pgtest.Counts(t, db, `SELECT doc, count(*) FROM pactgraph_passages GROUP BY doc`)
}

func refsHash(v quad.Value) []byte {
	h := refs.HashOf(v)
	return h[:]
}

func uniqueQuads(qs []quad.Quad) map[string]bool {
	m := map[string]bool{}
	for _, q := range qs {
		m[q.NQuad()] = true
	}
	return m
}

// A batch that fails after the quads table's indexes and foreign keys
// were dropped for it leaves the store, its schema and its search index
// (whose passages of the batch were being written beside it) as they
// were: a string PostgreSQL refuses (not UTF-8) in the middle of the
// batch, and a context cancelled while the batch writes its nodes.
func TestPostgresCopyFailsWhole(t *testing.T) {
	ctx := context.Background()
	s, u := openPostgresStore(t)
	writeAll(t, s, bulkDocs(0, 3), 3)
	if n := s.sqlw.Rebuilt(); n != 1 {
		t.Fatalf("the first batch into an empty store: %d rebuilds, want 1", n)
	}
	schema := pgSchema(t, u)
	nodes, quads := tables(t, u)
	passages := passageDocs(t, s, u)
	if len(passages) != 3 {
		t.Fatalf("the passages of %d documents indexed, want 3", len(passages))
	}
	same := func(what string) {
		t.Helper()
		if diff := cmp.Diff(schema, pgSchema(t, u)); diff != "" {
			t.Errorf("%s: the schema (-before +after):\n%s", what, diff)
		}
		n, q := tables(t, u)
		if diff := cmp.Diff(nodes, n); diff != "" {
			t.Errorf("%s: nodes (-before +after):\n%s", what, diff)
		}
		if diff := cmp.Diff(quads, q); diff != "" {
			t.Errorf("%s: quads (-before +after):\n%s", what, diff)
		}
		if diff := cmp.Diff(passages, passageDocs(t, s, u)); diff != "" {
			t.Errorf("%s: the search index's passages, by document (-before +after):\n%s", what, diff)
		}
	}

	bad := bulkDocs(10, 30)
	bad[10].Quads = append(bad[10].Quads, quad.Quad{Subject: IRI("doc-20"), Predicate: Name, Object: quad.String("not UTF-8: \xff\xfe"), Label: IRI("doc-20")})
	if _, err := s.ReplaceAll(ctx, bad); err == nil {
		t.Fatal("a string that is not UTF-8 was written")
	}
	same("a batch with a string PostgreSQL refuses")

	// A trigger makes the batch sleep when it writes the node "slow",
	// after the drops; its context is cancelled meanwhile.
	db, err := sql.Open("postgres", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN IF NEW.value_string = 'slow' THEN PERFORM pg_sleep(60); END IF; RETURN NEW; END $$;
		CREATE TRIGGER slow BEFORE INSERT ON nodes FOR EACH ROW EXECUTE FUNCTION slow()`); err != nil {
		t.Fatal(err)
	}
	schema = pgSchema(t, u)
	slow := bulkDocs(10, 30)
	slow[10].Quads = append(slow[10].Quads, quad.Quad{Subject: IRI("doc-20"), Predicate: Name, Object: quad.String("slow"), Label: IRI("doc-20")})
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := s.ReplaceAll(cctx, slow)
		done <- err
	}()
	for waiting := false; !waiting; {
		select {
		case err := <-done:
			t.Fatalf("the batch ended without sleeping: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
		err := db.QueryRow(`SELECT EXISTS (SELECT FROM pg_stat_activity WHERE datname = current_database()
			AND wait_event = 'PgSleep')`).Scan(&waiting)
		if err != nil {
			t.Fatal(err)
		}
	}
	var dropped bool
	if err := db.QueryRow(`SELECT NOT EXISTS (SELECT FROM pg_indexes WHERE indexname = 'spo_index')`).Scan(&dropped); err != nil {
		t.Fatal(err)
	}
	if dropped {
		t.Error("another transaction sees the indexes dropped before the batch commits")
	}
	var locked bool
	if err := db.QueryRow(`SELECT EXISTS (SELECT FROM pg_locks WHERE relation = 'quads'::regclass AND mode = 'AccessExclusiveLock' AND granted)`).Scan(&locked); err != nil {
		t.Fatal(err)
	}
	if !locked {
		t.Error("the batch sleeps without the lock of a rebuild")
	}
	// The batch's passages are being written beside it, in a transaction
	// of their own.
	for deadline := time.Now().Add(10 * time.Second); ; {
		var writing bool
		err := db.QueryRow(`SELECT EXISTS (SELECT FROM pg_locks WHERE relation = 'pactgraph_passages'::regclass
			AND mode = 'RowExclusiveLock' AND granted)`).Scan(&writing)
		if err != nil {
			t.Fatal(err)
		}
		if writing {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no passages written beside the batch")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	// lib/pq reports the server's cancellation, not ctx's error.
	if err := <-done; err == nil {
		t.Error("a cancelled batch was written")
	}
	same("a batch cancelled after the drops")
	if n := s.sqlw.Rebuilt(); n != 1 {
		t.Errorf("%d rebuilds, 1 before the failed batches", n)
	}

	// The store takes the same batch afterwards.
	writeAll(t, s, bulkDocs(10, 30), 20)
	if n := s.sqlw.Rebuilt(); n != 2 {
		t.Errorf("%d rebuilds, want 2", n)
	}
	if diff := cmp.Diff(schema, pgSchema(t, u)); diff != "" {
		t.Errorf("after a load: the schema (-before +after):\n%s", diff)
	}
}

// A batch finding the quads table read by another transaction for longer
// than it waits for its locks keeps the indexes instead, and writes.
func TestPostgresCopyBusyTable(t *testing.T) {
	s, u := openPostgresStore(t)
	db, err := sql.Open("postgres", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM quads`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	docs := bulkDocs(0, 5)
	writeAll(t, s, docs, 5)
	if b, r := s.sqlw.Batches(), s.sqlw.Rebuilt(); b != 1 || r != 0 {
		t.Errorf("%d batches written, %d with a rebuild; want 1, 0", b, r)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if size(t, s) == 0 {
		t.Error("nothing written")
	}
}

// On PostgreSQL the search index's names are read in a few queries a
// batch (namingFacts); they must be what the store's reads of one node at
// a time give: its type and shown name (node) and its names and aliases
// (values), the shown name first. Party 1 has two names and party 2 two
// types, which a batched read cannot order as Cayley's query does (they
// are read one by one); the others have one of each. The name and type
// written first hash above those written after them, so that the order
// of the hashes is not the order they were written in; and the database
// scans no index in order (enable_indexscan), as the planner chooses on a
// large table, so that Cayley's query gives them in the table's order.
func TestPostgresSearchNamesAsReadOneByOne(t *testing.T) {
	ctx := context.Background()
	u := postgresURL(t)
	db, err := sql.Open("postgres", u)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET enable_indexscan = off', current_database()); END $$`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, Config{Backend: Postgres, Path: u})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	above := func(later quad.Value, candidates ...quad.Value) quad.Value {
		for _, c := range candidates {
			if string(refsHash(c)) > string(refsHash(later)) {
				return c
			}
		}
		t.Fatalf("no candidate hashes above %v", later)
		return nil
	}
	second := above(quad.String("Ministry 1"), quad.String("Ministry One"), quad.String("Ministry Uno"),
		quad.String("Ministry Eins"), quad.String("Ministry Un"), quad.String("Ministry Jeden"))
	class := above(Organisation, Person, Territory, Treaty, Document)
	extra := Replacement{Doc: IRI("doc-extra"), Quads: []quad.Quad{
		{Subject: IRI("doc-extra"), Predicate: Type, Object: Document, Label: IRI("doc-extra")},
		{Subject: IRI("party-1"), Predicate: Name, Object: second, Label: IRI("doc-extra")},
		{Subject: IRI("party-1"), Predicate: Alias, Object: quad.String("The First Ministry"), Label: IRI("doc-extra")},
		{Subject: IRI("party-2"), Predicate: Type, Object: class, Label: IRI("doc-extra")},
		{Subject: IRI("party-3"), Predicate: Alias, Object: quad.String("Third"), Label: IRI("doc-extra")},
	}}
	writeAll(t, s, []Replacement{extra}, 1)
	writeAll(t, s, bulkDocs(0, 10), 10)
	writeAll(t, s, bulkDocs(10, 20), 10)
	if n := s.sqlw.Batches(); n != 3 {
		t.Fatalf("COPY wrote %d batches of 3", n)
	}
	var want []string
	for _, iri := range []quad.IRI{IRI("party-0"), IRI("party-1"), IRI("party-2"), IRI("party-3"),
		IRI("party-4"), IRI("party-5"), IRI("party-6")} {
		n, err := s.node(ctx, iri)
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, p := range namePredicates {
			names, err := s.values(ctx, iri, p)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, names...)
		}
		if i := slices.Index(all, n.Name); i > 0 {
			all[0], all[i] = all[i], all[0]
		}
		want = append(want, fmt.Sprintf("%s %s %q", string(iri), n.Type, all))
	}
	var got []string
	rows, err := s.pg.Query(`SELECT iri, type, array_to_json(names)::text FROM pactgraph_names WHERE iri LIKE '%party-%' ORDER BY iri`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var iri, typ, names string
		if err := rows.Scan(&iri, &typ, &names); err != nil {
			t.Fatal(err)
		}
		var all []string
		if err := json.Unmarshal([]byte(names), &all); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %q", iri, typ, all))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the index's names (-read one node at a time +the index):\n%s", diff)
	}
	if !strings.Contains(strings.Join(got, "\n"), text(second)) {
		t.Error("party-1's second name is not in the index")
	}
}

// On postgres with COPY a load's batches grow with what it wrote (the
// writer's BatchQuads); Cayley's writer and the other backends leave the
// size to the loader.
func TestPostgresBatchQuads(t *testing.T) {
	_, _, cayley, copied := pgPair(t)
	if a, b := copied.BatchQuads(0), copied.BatchQuads(300_000); a <= 0 || b <= a {
		t.Errorf("COPY asks for batches of %d quads into an empty store, %d after 300k", a, b)
	}
	if n := cayley.BatchQuads(300_000); n != 0 {
		t.Errorf("Cayley's writer asks for batches of %d quads", n)
	}
	mem, err := Open(context.Background(), Config{Backend: Memstore})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if n := mem.BatchQuads(300_000); n != 0 {
		t.Errorf("memstore asks for batches of %d quads", n)
	}
}

// A bulk batch of analyzeQuads quads or more leaves the planner's
// statistics gathered (ANALYZE); a small one leaves them to autovacuum.
func TestPostgresBulkLoadAnalyzes(t *testing.T) {
	s, _ := openPostgresStore(t)
	analyzed := func() bool {
		t.Helper()
		var n int
		err := s.pg.QueryRow(`SELECT count(*) FROM pg_stat_user_tables
			WHERE relname IN ('quads', 'nodes') AND last_analyze IS NOT NULL`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n == 2
	}
	writeAll(t, s, bulkDocs(0, 5), 5)
	if n := s.sqlw.Batches(); n != 1 {
		t.Fatalf("COPY wrote %d batches, want 1", n)
	}
	if analyzed() {
		t.Error("a batch of 5 documents ran ANALYZE")
	}
	docs := bulkDocs(5, 2105)
	writeAll(t, s, docs, len(docs))
	if n := s.sqlw.Batches(); n != 2 {
		t.Fatalf("COPY wrote %d batches, want 2", n)
	}
	if n := size(t, s); n < analyzeQuads {
		t.Fatalf("the store holds %d quads, fewer than analyzeQuads (%d)", n, analyzeQuads)
	}
	// pg_stat_user_tables is updated by the statistics collector,
	// which may lag behind the statement by a moment.
	deadline := time.Now().Add(5 * time.Second)
	for !analyzed() {
		if time.Now().After(deadline) {
			t.Fatal("a batch of 2,100 documents left quads or nodes unanalyzed")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// FirstObjects gives, of the facts (subject, predicate, ·), the object of
// least hash, as Cayley's (subject, predicate, object) index orders them,
// whatever order they were written in and however many there are; a pair
// without a fact is absent. What a server keeps of them across requests
// (values by their hashes, first objects while the database is
// unchanged) never gives an object another server's write dropped.
func TestPostgresFirstObjects(t *testing.T) {
	ctx := context.Background()
	s, url := openPostgresStore(t)
	var names []quad.Value
	for i := range 12 {
		names = append(names, quad.String(fmt.Sprintf("Ministry %d", i)))
	}
	least := slices.MinFunc(names, func(a, b quad.Value) int { return bytes.Compare(refsHash(a), refsHash(b)) })
	var qs []quad.Quad
	for i, n := range names {
		doc := IRI(fmt.Sprintf("doc-%d", i))
		qs = append(qs, quad.Quad{Subject: IRI("party"), Predicate: Name, Object: n, Label: doc})
	}
	qs = append(qs, quad.Quad{Subject: IRI("other"), Predicate: Type, Object: Organisation, Label: IRI("doc-0")},
		quad.Quad{Subject: IRI("third"), Predicate: Name, Object: quad.String("Third"), Label: IRI("doc-0")})
	if _, err := s.Replace(ctx, IRI("doc-0"), qs); err != nil {
		t.Fatal(err)
	}
	first, err := s.firstObjects(ctx, []quad.Value{IRI("other"), IRI("party")}, []quad.Value{Name, Type})
	if err != nil {
		t.Fatal(err)
	}
	want := map[cayleysql.Pair]quad.Value{{Subject: 0, Predicate: 1}: Organisation, {Subject: 1, Predicate: 0}: least}
	if !cmp.Equal(first, want) {
		t.Errorf("first objects %v, want %v (the name of least hash of %d)", first, want, len(names))
	}
	// The database unchanged, a read of nodes kept and a node not: each
	// pair in its place, whichever way it came.
	first, err = s.firstObjects(ctx, []quad.Value{IRI("party"), IRI("third"), IRI("other")}, []quad.Value{Name, Type})
	if err != nil {
		t.Fatal(err)
	}
	want = map[cayleysql.Pair]quad.Value{{Subject: 0, Predicate: 0}: least, {Subject: 1, Predicate: 0}: quad.String("Third"), {Subject: 2, Predicate: 1}: Organisation}
	if !cmp.Equal(first, want) {
		t.Errorf("nodes kept and not: first objects %v, want %v", first, want)
	}

	// Another server drops that name: what this one keeps (the values by
	// their hashes, the first objects read while the database was
	// unchanged) never makes it give a name no longer stated.
	other, err := Open(ctx, Config{Backend: Postgres, Path: url})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	rest := slices.DeleteFunc(slices.Clone(qs), func(q quad.Quad) bool { return q.Object == least })
	if _, err := other.Replace(ctx, IRI("doc-0"), rest); err != nil {
		t.Fatal(err)
	}
	names = slices.DeleteFunc(names, func(v quad.Value) bool { return v == least })
	next := slices.MinFunc(names, func(a, b quad.Value) int { return bytes.Compare(refsHash(a), refsHash(b)) })
	if first, err = s.firstObjects(ctx, []quad.Value{IRI("party")}, []quad.Value{Name}); err != nil {
		t.Fatal(err)
	}
	if got := first[cayleysql.Pair{}]; got != next {
		t.Errorf("after another server dropped %v: first name %v, want %v", least, got, next)
	}
}

// Links gives a node's first facts to an IRI in the order they were
// written, passing over facts to a literal or a blank node: also when
// those fill the first facts read (it reads the node again, looking each
// other end up), and says whether more follow.
func TestPostgresLinksPassOverLiterals(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Backend: Postgres, Path: postgresURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := quad.IRI("https://example.org/p")
	hub, other := IRI("hub"), IRI("other")
	write := func(doc string, objs ...quad.Value) {
		t.Helper()
		d := IRI(doc)
		qs := []quad.Quad{{Subject: d, Predicate: Type, Object: Document, Label: d}}
		for _, o := range objs {
			qs = append(qs, quad.Quad{Subject: hub, Predicate: p, Object: o, Label: d}, quad.Quad{Subject: other, Predicate: p, Object: o, Label: d})
		}
		if _, err := s.Replace(ctx, d, qs); err != nil {
			t.Fatal(err)
		}
	}
	write("d1", quad.String("one"), quad.BNode("b1"), quad.String("two"), quad.String("three"))
	write("d2", IRI("x1"), IRI("x2"))
	write("d3", IRI("x3"), quad.String("four"), IRI("x4"))
	nodes := []quad.Value{hub, other}
	for _, c := range []struct {
		max  int
		want []string
		more bool
	}{
		{2, []string{"x1", "x2"}, true},
		{3, []string{"x1", "x2", "x3"}, true},
		{4, []string{"x1", "x2", "x3", "x4"}, false},
		{0, []string{"x1", "x2", "x3", "x4"}, false},
	} {
		links, more, err := cayleysql.Links(ctx, s.pg, s.pgValues, nodes, quad.Subject, nil, c.max)
		if err != nil {
			t.Fatal(err)
		}
		for i := range nodes {
			var got []string
			for _, q := range links[i] {
				got = append(got, ID(q.Object.(quad.IRI)))
			}
			if !slices.Equal(got, c.want) || more[i] != c.more {
				t.Errorf("links of %v, at most %d: %v, more %v; want %v, more %v", nodes[i], c.max, got, more[i], c.want, c.more)
			}
		}
	}
}

// The facts of a node read in one value (cayleysql.Facts) are its rows of
// quads, a fact without a label among them.
func TestPostgresFactsAsRows(t *testing.T) {
	ctx := context.Background()
	s, u := openPostgresStore(t)
	writeAll(t, s, bulkDocs(0, 4), 4)
	if _, err := s.AddQuads(ctx, []quad.Quad{{Subject: IRI("party-1"), Predicate: Name, Object: quad.String("Unlabelled")}}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("postgres", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows := func(at string, node []byte) []string {
		t.Helper()
		r, err := db.Query(`SELECT encode(subject_hash, 'hex'), encode(predicate_hash, 'hex'), encode(object_hash, 'hex'),
			coalesce(encode(label_hash, 'hex'), 'none') FROM quads WHERE `+at+` = $1`, node)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var out []string
		for r.Next() {
			var f [4]string
			if err := r.Scan(&f[0], &f[1], &f[2], &f[3]); err != nil {
				t.Fatal(err)
			}
			out = append(out, strings.Join(f[:], " "))
		}
		slices.Sort(out)
		return out
	}
	unlabelled := false
	for _, v := range []quad.Value{IRI("party-1"), IRI("doc-2"), Name, quad.String("Ministry 1"), IRI("nowhere")} {
		h := refsHash(v)
		for _, c := range []struct {
			dir quad.Direction
			at  string
		}{{quad.Subject, "subject_hash"}, {quad.Object, "object_hash"}} {
			facts, err := cayleysql.Facts(ctx, s.pg, h, c.dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range facts {
				label := "none"
				if f[3] != "" {
					label = hex.EncodeToString([]byte(f[3]))
				} else {
					unlabelled = true
				}
				got = append(got, strings.Join([]string{hex.EncodeToString([]byte(f[0])), hex.EncodeToString([]byte(f[1])), hex.EncodeToString([]byte(f[2])), label}, " "))
			}
			slices.Sort(got)
			if diff := cmp.Diff(rows(c.at, h), got); diff != "" {
				t.Errorf("%v as %v: facts (-rows +read):\n%s", v, c.dir, diff)
			}
		}
	}
	if !unlabelled {
		t.Error("no fact without a label read")
	}
}

// The search index built anew from the store (here, its tables of
// another version) leaves the planner statistics of its tables: without
// them a name search took two to three times as long until autovacuum's
// came.
func TestPostgresSearchIndexBuiltAnalyzed(t *testing.T) {
	ctx := context.Background()
	first, url := openPostgresStore(t)
	if _, err := first.Replace(ctx, IRI("d1"), stampDoc("d1")); err != nil {
		t.Fatal(err)
	}
	if _, err := first.pg.ExecContext(ctx, `UPDATE pactgraph_search_state SET value = 'another version' WHERE key = 'version'`); err != nil {
		t.Fatal(err)
	}
	// Another server opened now builds the index anew.
	s, err := Open(ctx, Config{Backend: Postgres, Path: url})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.pg.QueryRowContext(ctx, `SELECT count(*) FROM pg_stats WHERE tablename = 'pactgraph_names'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("the search index built anew: no statistics of pactgraph_names")
	}
	if got, total, err := s.Search(ctx, "agreement", "", 0, 10); err != nil || total != 1 {
		t.Errorf("Search(agreement) after the build: %v of %d, %v", got, total, err)
	}
}
