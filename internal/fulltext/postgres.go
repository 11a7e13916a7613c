package fulltext

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Postgres is the index of a store on PostgreSQL: tables in the store's
// own database, searched with PostgreSQL's full-text search, so that every
// server on the database sees one index, written in the transactions of
// whichever server writes. It answers what Index answers: texts with
// PostgreSQL's English configuration, names by their words as words
// splits them (a text vector of those words, not of PostgreSQL's parser,
// which keeps "1.5" one word and makes "foo_bar" two).
type Postgres struct {
	db *sql.DB
	// readOnly: the database refuses writes (a replica); its transactions
	// must say so, as lib/pq begins the others READ WRITE.
	readOnly bool
}

// PostgresVersion names the layout of the tables below and what package
// graph puts in them; the tables are dropped and created anew when they
// hold another. (It was Version until the bleve index's layout changed
// without theirs.)
const PostgresVersion = "pactgraph-fulltext-pg-9"

// The tables, created when missing and dropped and created anew when they
// hold another PostgresVersion.
const pgSchema = `
CREATE TABLE IF NOT EXISTS pactgraph_search_state (key text PRIMARY KEY, value text NOT NULL);
-- id numbers the entity for pactgraph_name_parts. Each write of an
-- entity draws a number, even one that updates its row and keeps the
-- number it had: hence bigint.
CREATE TABLE IF NOT EXISTS pactgraph_names (
	iri text PRIMARY KEY,
	id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
	type text NOT NULL,
	names text[] NOT NULL,
	lower_names text[] NOT NULL,
	joined text NOT NULL,
	sort text NOT NULL,
	words tsvector GENERATED ALWAYS AS (array_to_tsvector(name_words)) STORED,
	name_words text[] NOT NULL
);
CREATE INDEX IF NOT EXISTS pactgraph_names_words ON pactgraph_names USING gin (words);
CREATE INDEX IF NOT EXISTS pactgraph_names_lower ON pactgraph_names USING gin (lower_names);
CREATE INDEX IF NOT EXISTS pactgraph_names_name_words ON pactgraph_names USING gin (name_words);
CREATE INDEX IF NOT EXISTS pactgraph_names_sort ON pactgraph_names (sort, iri);
CREATE TABLE IF NOT EXISTS pactgraph_name_words (word text PRIMARY KEY, entities int NOT NULL);
-- The words of each name, a row a name, with its entity's number and
-- type: the words of a search must start words of one name. They are
-- found through the index of the words themselves (name_words), then
-- matched to the search's prefixes (words).
CREATE TABLE IF NOT EXISTS pactgraph_name_parts (
	entity bigint NOT NULL,
	type text NOT NULL,
	name_words text[] NOT NULL,
	words tsvector GENERATED ALWAYS AS (array_to_tsvector(name_words)) STORED
);
CREATE INDEX IF NOT EXISTS pactgraph_name_parts_entity ON pactgraph_name_parts (entity);
CREATE INDEX IF NOT EXISTS pactgraph_name_parts_name_words ON pactgraph_name_parts USING gin (name_words);
CREATE TABLE IF NOT EXISTS pactgraph_passages (
	doc text NOT NULL,
	node text NOT NULL,
	kind text NOT NULL,
	article text NOT NULL,
	label text NOT NULL,
	year text NOT NULL,
	types text[] NOT NULL,
	parties text[] NOT NULL,
	body text NOT NULL,
	words tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED,
	PRIMARY KEY (doc, node)
);
CREATE INDEX IF NOT EXISTS pactgraph_passages_words ON pactgraph_passages USING gin (words);
`

// pgLock is the advisory lock that orders the index's writes and its
// creation between servers.
const pgLock = 7361_2024

// OpenPostgres opens the index in db, creating its tables when missing;
// fresh is true when it holds nothing yet (new, or of another PostgresVersion).
// On a read-only database (a replica) it creates nothing: the tables must
// be there, of this PostgresVersion, as a server on the primary made them.
func OpenPostgres(ctx context.Context, db *sql.DB, readOnly bool) (p *Postgres, fresh bool, err error) {
	p = &Postgres{db: db, readOnly: readOnly}
	err = p.inTx(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT to_regclass('pactgraph_search_state') IS NOT NULL`).Scan(&exists); err != nil {
			return err
		}
		var version string
		if exists {
			err := tx.QueryRowContext(ctx, `SELECT value FROM pactgraph_search_state WHERE key = 'version'`).Scan(&version)
			if err != nil && err != sql.ErrNoRows {
				return err
			}
			if version == PostgresVersion {
				return nil
			}
		}
		if readOnly {
			if version == "" {
				version = "none"
			}
			return fmt.Errorf("the database is read-only and its search index is not of this version (%s, want %s): start a server of this version on the primary first, which builds it", version, PostgresVersion)
		}
		fresh = true
		if _, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS pactgraph_names, pactgraph_name_words, pactgraph_name_parts, pactgraph_passages, pactgraph_search_state`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, pgSchema); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO pactgraph_search_state VALUES ('version', $1)`, PostgresVersion)
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("open the search index in PostgreSQL: %w", err)
	}
	return p, fresh, nil
}

// inTx runs fn in a transaction holding the index's advisory lock.
func (p *Postgres) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := p.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: p.readOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, pgLock); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Close does nothing: the database is the store's.
func (p *Postgres) Close() error { return nil }

// Stamp is the stamp of the last batch written.
func (p *Postgres) Stamp() (string, error) {
	var s string
	err := p.db.QueryRow(`SELECT value FROM pactgraph_search_state WHERE key = 'stamp'`).Scan(&s)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return s, err
}

// Clear removes everything, before the index is built again.
func (p *Postgres) Clear(ctx context.Context) error {
	return p.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `TRUNCATE pactgraph_names, pactgraph_name_words, pactgraph_name_parts, pactgraph_passages; DELETE FROM pactgraph_search_state WHERE key IN ('stamp', 'entities')`)
		return err
	})
}

// Analyze gathers the planner's statistics of the index's tables, as
// after they were filled anew.
func (p *Postgres) Analyze(ctx context.Context) error {
	_, err := p.db.ExecContext(ctx, `ANALYZE pactgraph_names, pactgraph_name_words, pactgraph_name_parts, pactgraph_passages`)
	return err
}

// Write applies b in one transaction. stamp, when b carries one, is
// computed in it (under the lock), from the store's tables.
func (p *Postgres) Write(ctx context.Context, b Batch) error {
	return p.inTx(ctx, func(tx *sql.Tx) error { return write(ctx, tx, b) })
}

// PostgresWrite is a batch begun before the store's write it indexes has
// ended (BeginWrite): its passages written in a transaction of its own,
// beside the store's, which holds the index's lock until Finish commits
// it with the rest of the batch or Abort rolls it back. Other servers see
// none of it before that.
type PostgresWrite struct {
	tx *sql.Tx
}

// BeginWrite writes b's passages (those of b.Docs replaced) in a
// transaction that the returned write's Finish or Abort ends; b carries
// nothing else.
func (p *Postgres) BeginWrite(ctx context.Context, b Batch) (*PostgresWrite, error) {
	if len(b.Entities) > 0 || len(b.RemovedEntities) > 0 || b.Stamp != "" {
		return nil, errors.New("begin a write of the search index: only passages are written first")
	}
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, pgLock); err != nil {
		tx.Rollback()
		return nil, err
	}
	if err := write(ctx, tx, b); err != nil {
		tx.Rollback()
		return nil, err
	}
	return &PostgresWrite{tx: tx}, nil
}

// Finish writes b, the rest of the batch, and commits the whole.
func (w *PostgresWrite) Finish(ctx context.Context, b Batch) error {
	defer w.tx.Rollback()
	if err := write(ctx, w.tx, b); err != nil {
		return err
	}
	return w.tx.Commit()
}

// Abort rolls the batch back.
func (w *PostgresWrite) Abort() {
	w.tx.Rollback()
}

// write writes b in tx.
func write(ctx context.Context, tx *sql.Tx, b Batch) error {
	// The dictionary of the names' words counts the entities bearing
	// each (what Names estimates its candidates by): the words of the
	// entities the batch removes or writes again are counted off
	// before, those of the entities it writes counted after.
	touched := slices.Clone(b.RemovedEntities)
	var written []string
	for _, e := range b.Entities {
		touched = append(touched, e.IRI)
		if len(e.Names) > 0 {
			written = append(written, e.IRI)
		}
	}
	if len(touched) > 0 {
		_, err := tx.ExecContext(ctx, `
			UPDATE pactgraph_name_words d SET entities = d.entities - c.n
			FROM (SELECT w, count(*) AS n FROM pactgraph_names, unnest(name_words) AS w
				WHERE iri = ANY($1::text[]) GROUP BY w) AS c
			WHERE d.word = c.w`, textArray(touched))
		if err != nil {
			return fmt.Errorf("index the names' words: %w", err)
		}
	}
	if len(touched) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pactgraph_name_parts WHERE entity IN (SELECT id FROM pactgraph_names WHERE iri = ANY($1::text[]))`, textArray(touched)); err != nil {
			return fmt.Errorf("remove the words of %d entities' names: %w", len(touched), err)
		}
	}
	if len(b.RemovedEntities) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pactgraph_names WHERE iri = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))`, jsonOf(b.RemovedEntities)); err != nil {
			return fmt.Errorf("remove %d names: %w", len(b.RemovedEntities), err)
		}
	}
	if len(b.Entities) > 0 {
		// One statement for the batch's entities (a load's batch names
		// about a thousand), the last of an IRI given twice standing,
		// as one statement a name would leave it.
		type row struct {
			IRI, Type, Joined, Sort string
			Names, Lower, Words     []string
			Parts                   [][]string // the words of each name
		}
		at := map[string]int{}
		var rows []row
		for _, e := range b.Entities {
			lower := make([]string, len(e.Names))
			for i, n := range e.Names {
				lower[i] = strings.ToLower(n)
			}
			joined := strings.Join(lower, "\n")
			ws := words(joined)
			slices.Sort(ws)
			ws = slices.Compact(ws)
			r := row{IRI: e.IRI, Type: e.Type, Names: e.Names, Lower: lower, Joined: joined, Sort: lower[0], Words: ws}
			for _, n := range lower {
				part := words(n)
				slices.Sort(part)
				r.Parts = append(r.Parts, slices.Compact(part))
			}
			if i, ok := at[e.IRI]; ok {
				rows[i] = r
				continue
			}
			at[e.IRI] = len(rows)
			rows = append(rows, r)
		}
		rowsJSON := jsonOf(rows)
		_, err := tx.ExecContext(ctx, `
			INSERT INTO pactgraph_names (iri, type, names, lower_names, joined, sort, name_words)
			SELECT e->>'IRI', e->>'Type', ARRAY(SELECT jsonb_array_elements_text(e->'Names')),
				ARRAY(SELECT jsonb_array_elements_text(e->'Lower')), e->>'Joined', e->>'Sort',
				ARRAY(SELECT jsonb_array_elements_text(coalesce(e->'Words', '[]')))
			FROM jsonb_array_elements($1::jsonb) AS e
			ON CONFLICT (iri) DO UPDATE SET type = EXCLUDED.type, names = EXCLUDED.names,
				lower_names = EXCLUDED.lower_names, joined = EXCLUDED.joined, sort = EXCLUDED.sort,
				name_words = EXCLUDED.name_words`, rowsJSON)
		if err != nil {
			return fmt.Errorf("index names: %w", err)
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO pactgraph_name_parts (entity, type, name_words)
			SELECT n.id, n.type, ARRAY(SELECT jsonb_array_elements_text(part))
			FROM jsonb_array_elements($1::jsonb) AS e
			JOIN pactgraph_names AS n ON n.iri = e->>'IRI', jsonb_array_elements(e->'Parts') AS part`, rowsJSON)
		if err != nil {
			return fmt.Errorf("index the words of each name: %w", err)
		}
		// A word no name bears any more stays, counting none, until
		// the index is built again.
		_, err = tx.ExecContext(ctx, `
			INSERT INTO pactgraph_name_words (word, entities)
			SELECT w, count(*) FROM pactgraph_names, unnest(name_words) AS w
			WHERE iri = ANY($1::text[]) GROUP BY w ORDER BY w
			ON CONFLICT (word) DO UPDATE SET entities = pactgraph_name_words.entities + EXCLUDED.entities`,
			textArray(written))
		if err != nil {
			return fmt.Errorf("index the names' words: %w", err)
		}
	}
	if len(touched) > 0 {
		_, err := tx.ExecContext(ctx, `INSERT INTO pactgraph_search_state VALUES ('entities', (SELECT count(*) FROM pactgraph_names)::text)
			ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`)
		if err != nil {
			return fmt.Errorf("count the names: %w", err)
		}
	}
	if len(b.Docs) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pactgraph_passages WHERE doc = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))`, jsonOf(b.Docs)); err != nil {
			return fmt.Errorf("remove the passages of %d documents: %w", len(b.Docs), err)
		}
	}
	if len(b.Passages) > 0 {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO pactgraph_passages (doc, node, kind, article, label, year, types, parties, body)
			SELECT p->>'Doc', p->>'Node', p->>'Kind', p->>'Article', p->>'Label', p->>'Year',
				ARRAY(SELECT jsonb_array_elements_text(coalesce(p->'Types', '[]'))),
				ARRAY(SELECT jsonb_array_elements_text(coalesce(p->'Parties', '[]'))),
				p->>'Text'
			FROM jsonb_array_elements($1::jsonb) AS p
			ON CONFLICT (doc, node) DO UPDATE SET kind = EXCLUDED.kind, article = EXCLUDED.article,
				label = EXCLUDED.label, year = EXCLUDED.year, types = EXCLUDED.types,
				parties = EXCLUDED.parties, body = EXCLUDED.body`, jsonOf(b.Passages))
		if err != nil {
			return fmt.Errorf("index passages: %w", err)
		}
	}
	if b.Stamp != "" {
		_, err := tx.ExecContext(ctx, `INSERT INTO pactgraph_search_state VALUES ('stamp', $1)
			ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, b.Stamp)
		return err
	}
	return nil
}

// arrayElement escapes a string for a double-quoted element of an
// array literal.
var arrayElement = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// textArray writes ws as a literal of PostgreSQL's text[] (the package
// reaches PostgreSQL through database/sql alone).
func textArray(ws []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		arrayElement.WriteString(&b, w)
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings only
	}
	return string(b)
}

// Names is Index.Names on PostgreSQL.
func (p *Postgres) Names(ctx context.Context, q, typ string, offset, limit int) ([]string, int, error) {
	needle := strings.ToLower(strings.TrimSpace(q))
	ws := words(needle)
	holding, entities, err := p.wordsHolding(ctx, ws)
	if err != nil {
		return nil, 0, fmt.Errorf("search names for %q: %w", q, err)
	}
	for _, h := range holding {
		if len(h.words) == 0 {
			return nil, 0, nil // a word no name holds
		}
	}
	switch {
	case len(ws) == 1 && ws[0] == needle && len(holding[0].words) <= maxHolding:
		return p.namesOfWord(ctx, needle, holding[0].words, typ, offset, limit)
	case len(ws) > 0 && len(holding[0].words) <= maxHolding:
		return p.namesOfWords(ctx, needle, holding, typ, offset, limit)
	}
	// Else every name holding q or matching the prefixes is ranked: the
	// exact name, the names in which each word of q starts a word, the
	// names holding q. A query of several words must be found in one
	// name, not across an entity's names: pactgraph_name_parts holds the
	// words of each name. A query of one word is found in one name
	// whenever it is found in the words of all of them.
	rank := `CASE WHEN lower_names @> ARRAY[$1] THEN 3
					WHEN words @@ $2::tsquery AND EXISTS (
						SELECT FROM pactgraph_name_parts AS part WHERE part.entity = pactgraph_names.id AND part.words @@ $2::tsquery) THEN 2
					WHEN EXISTS (SELECT FROM unnest(lower_names) AS name WHERE name LIKE $3 ESCAPE '\') THEN 1
					END`
	if len(ws) == 1 && ws[0] == needle {
		rank = `CASE WHEN lower_names @> ARRAY[$1] THEN 3
					WHEN words @@ $2::tsquery THEN 2
					ELSE 1
					END`
	}
	lim := any(nil)
	if limit > 0 {
		lim = limit
	}
	args := []any{needle, prefixes(ws), "%" + escapeLike(needle) + "%", typ, offset, lim}
	// Every name found holds each word of q inside one of its words (as
	// words splits them): inside the text when the name holds q, at the
	// start of a word of the text's when it matches the prefixes. So only
	// the entities bearing, for each word of q, one of the dictionary's
	// words that hold it are looked at, through the index of their words,
	// where every name was read ("bulgaria" at 1M quads: 2,091 of 20,727).
	// A word whose words are borne by many entities narrows too little to
	// be worth it: checked on each name found, the words cost more than
	// they spare ("s", borne by nearly all: 47 → 97 ms). The counts only
	// decide how the names are looked for, never what is found.
	var narrow []string
	for _, h := range holding {
		if len(h.words) <= maxHolding && float64(h.entities) <= narrowBelow*float64(entities) {
			args = append(args, textArray(h.words))
			narrow = append(narrow, fmt.Sprintf("name_words && $%d::text[]", len(args)))
		}
	}
	where := strings.Join(append([]string{`(joined LIKE $3 ESCAPE '\' OR words @@ $2::tsquery)`}, narrow...), " AND ")
	out, total, err := p.found(ctx, q, `
		SELECT iri, count(*) OVER () FROM (
			SELECT iri, sort, rank FROM (
				SELECT iri, sort, `+rank+` AS rank
				FROM pactgraph_names
				WHERE `+where+` AND ($4 = '' OR type = $4)
				OFFSET 0) AS ranked
			WHERE rank IS NOT NULL) AS found
		ORDER BY rank DESC, sort, iri OFFSET $5 LIMIT $6`,
		args)
	if err != nil {
		return nil, 0, err
	}
	if len(out) == 0 && offset > 0 {
		// The page is past the end: count the hits without it.
		_, total, err = p.Names(ctx, q, typ, 0, 1)
	}
	return out, total, err
}

// namesOfWord is Names of a query of one word, q, from the words of the
// names alone, never their text: the names holding q are those bearing
// one of the dictionary's words that hold it (holding), and its groups
// are the names equal to q, then those bearing a word that starts with q,
// then the others. Each group is counted through the index of the names'
// words, and the page read from the groups it falls in (pageOfGroups).
// At 1M quads, "republic" (10,371 of 20,727 entities) took 44 ms where
// every name found was ranked and sorted, 9 ms so.
func (p *Postgres) namesOfWord(ctx context.Context, q string, holding []string, typ string, offset, limit int) ([]string, int, error) {
	var starting []string
	for _, w := range holding {
		if strings.HasPrefix(w, q) {
			starting = append(starting, w)
		}
	}
	named := map[string]any{"@q": q, "@starting": textArray(starting), "@holding": textArray(holding), "@type": typ}
	// Each group is counted through the index of the names' words, given
	// its words through a subquery, which PostgreSQL does not estimate: a
	// word borne by half the names would otherwise have each row's words
	// tested (23 ms at 1M quads) where the index's bitmap counts them (7
	// ms). The names equal to q bear it, so they are among those whose
	// words start with q, and those among the names holding q.
	count := func(cond string) string {
		return `(SELECT count(*) FROM pactgraph_names WHERE ` + cond + ` AND (@type = '' OR type = @type))`
	}
	holdingAll := "NULL" // the names holding q: those whose words start with it
	if len(starting) < len(holding) {
		holdingAll = count(`name_words && (SELECT @holding::text[])`)
	}
	query := `SELECT ` + count(`lower_names @> ARRAY[@q]`) + `, ` + count(`name_words && (SELECT @starting::text[])`) + `, ` + holdingAll
	var exact, started int
	var all sql.NullInt64
	query, args := bind(query, named)
	err := p.db.QueryRowContext(ctx, query, args...).Scan(&exact, &started, &all)
	if err != nil {
		return nil, 0, fmt.Errorf("search names for %q: count: %w", q, err)
	}
	total := started
	if all.Valid {
		total = int(all.Int64)
	}
	out, err := p.pageOfGroups(ctx, q, named, []nameGroup{
		{where: `lower_names @> ARRAY[@q]`, n: exact},
		{where: `name_words && @starting::text[] AND NOT lower_names @> ARRAY[@q]`, n: started - exact},
		{where: `name_words && @holding::text[] AND NOT name_words && @starting::text[]`, n: total - started},
	}, offset, limit)
	return out, total, err
}

// namesOfWords is Names of a query q of several words, or of one word
// and other characters, of which held says what the dictionary holds.
// Its groups are the names equal to q, then those in which each word of
// q starts a word, then those holding q otherwise. The second are found
// through the words of each name (pactgraph_name_parts): the names
// bearing one of the dictionary's words that start with q's word borne by
// fewest entities, through the index of those words, then matched to all
// of q's words (an index asked for every word, "of" and "the" among
// them, read each one's entities). The third hold q's first word inside
// a word: only when q begins with that word, and then only among the
// entities bearing a word that holds it but does not start with it. The
// groups are counted in one statement, their entities by number, and the
// page read from the groups it falls in (pageOfGroups), a group of many
// by walking the names in order to the page's end. At 1M quads, "people
// republic" (8,041 entities, half of them of several names) took 41 ms
// over HTTP where every name found was ranked and sorted in one
// statement, 15 ms so (docs/benchmarks.md).
func (p *Postgres) namesOfWords(ctx context.Context, q string, held []held, typ string, offset, limit int) ([]string, int, error) {
	ws := words(q)
	rarest := 0
	for i, h := range held {
		if h.entities < held[rarest].entities {
			rarest = i
		}
	}
	var rarestStarts []string // the dictionary's words that start with it
	for _, w := range held[rarest].words {
		if strings.HasPrefix(w, ws[rarest]) {
			rarestStarts = append(rarestStarts, w)
		}
	}
	first := ws[0]
	var inside []string
	if strings.HasPrefix(q, first) {
		for _, w := range held[0].words {
			if !strings.HasPrefix(w, first) {
				inside = append(inside, w)
			}
		}
	}
	named := map[string]any{"@q": q, "@starts": prefixes(ws), "@rarest": textArray(rarestStarts), "@type": typ}
	within := "" // the names holding q inside a word, those of the second group among them
	if len(inside) > 0 {
		named["@inside"], named["@like"] = textArray(inside), "%"+escapeLike(q)+"%"
		within = `name_words && @inside::text[]
			AND joined LIKE @like ESCAPE '\'
			AND EXISTS (SELECT FROM unnest(lower_names) AS name WHERE name LIKE @like ESCAPE '\')`
		if len(ws) > 1 {
			// The words after the first start words there too, as in q.
			named["@tail"] = prefixes(ws[1:])
			within += ` AND words @@ @tail::tsquery`
		}
	}
	withinCount := "0"
	if within != "" {
		withinCount = `(SELECT count(*) FROM pactgraph_names
			WHERE ` + within + ` AND (@type = '' OR type = @type) AND id NOT IN (SELECT entity FROM started))`
	}
	query, args := bind(`WITH started AS MATERIALIZED (
			SELECT DISTINCT entity FROM pactgraph_name_parts
			WHERE name_words && @rarest::text[] AND words @@ @starts::tsquery AND (@type = '' OR type = @type))
		SELECT (SELECT count(*) FROM pactgraph_names WHERE lower_names @> ARRAY[@q] AND (@type = '' OR type = @type)),
			(SELECT count(*) FROM started), `+withinCount, named)
	var exact, started, others int
	if err := p.db.QueryRowContext(ctx, query, args...).Scan(&exact, &started, &others); err != nil {
		return nil, 0, fmt.Errorf("search names for %q: count: %w", q, err)
	}
	// The entities with a name bearing all of q's words: the second
	// group walks the names, testing each, as the planner would not (it
	// estimates the names matching all of q's prefixes far too few, and
	// sorts every hit); read whole, it reads them from the names' words.
	const oneStarts = `(SELECT true FROM pactgraph_name_parts AS part
		WHERE part.entity = pactgraph_names.id AND part.words @@ @starts::tsquery LIMIT 1)`
	const allStart = `id IN (SELECT entity FROM pactgraph_name_parts
		WHERE name_words && @rarest::text[] AND words @@ @starts::tsquery)`
	const notExact = ` AND NOT lower_names @> ARRAY[@q]`
	groups := []nameGroup{
		{where: `lower_names @> ARRAY[@q]`, n: exact},
		{where: allStart + notExact, walk: `name_words && @rarest::text[] AND ` + oneStarts + notExact, n: started - exact},
	}
	if within != "" {
		groups = append(groups, nameGroup{where: within + ` AND NOT EXISTS ` + oneStarts, n: others})
	}
	out, err := p.pageOfGroups(ctx, q, named, groups, offset, limit)
	return out, started + others, err
}

// nameGroup is one group of the names a search finds: the rows of
// pactgraph_names it holds (where; and walk, when a walk of the names in
// order tests them otherwise), and their number.
type nameGroup struct {
	where, walk string
	n           int
}

// pageOfGroups is the page from offset of a name search for q whose
// names are those of groups, in order, each group's in the order of
// their sort keys; named binds their parameters (@type among them). The
// page is read from each group it falls in, a statement each. A group of
// many names is looked for first by walking the index of the sort keys
// from its start, as far as walkLength names: its names found there
// when they fill its part of the page ("republic", 10,371 of 20,727
// names at 1M quads: 0.6 ms against 32). Else it is read whole, then
// sorted, which costs about 2 ms a thousand names at 1M quads whatever
// their order, where a walk passes every name that sorts before the
// page's end ("anton", 866 names sorting late: 11 → 2 ms; "of ivan",
// whose names sort late: 10,693 names walked to its first page, 42 ms).
func (p *Postgres) pageOfGroups(ctx context.Context, q string, named map[string]any, groups []nameGroup, offset, limit int) ([]string, error) {
	total := 0
	for _, g := range groups {
		total += g.n
	}
	end := total
	if limit > 0 {
		end = min(total, offset+limit)
	}
	var out []string
	for g, at := 0, 0; g < len(groups) && at < end; g++ {
		group := groups[g]
		from, to := max(offset, at)-at, min(end, at+group.n)-at
		at += group.n
		if from >= to {
			continue
		}
		if float64(group.n) >= walkFrom {
			walk := cmp.Or(group.walk, group.where)
			found, err := p.names(ctx, q, fmt.Sprintf(`SELECT iri FROM (
				SELECT * FROM pactgraph_names ORDER BY sort, iri LIMIT %d) AS pactgraph_names
				WHERE %s AND (@type = '' OR type = @type)
				ORDER BY sort, iri OFFSET %d LIMIT %d`, walkLength, walk, from, to-from), named)
			if err != nil {
				return nil, err
			}
			if len(found) == to-from {
				out = append(out, found...)
				continue
			}
		}
		found, err := p.names(ctx, q, fmt.Sprintf(`SELECT iri FROM (
			SELECT sort, iri FROM pactgraph_names WHERE %s AND (@type = '' OR type = @type) OFFSET 0) AS hits
			ORDER BY sort, iri OFFSET %d LIMIT %d`, group.where, from, to-from), named)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// names runs query, whose rows are IRIs, with named bound.
func (p *Postgres) names(ctx context.Context, q, query string, named map[string]any) ([]string, error) {
	query, args := bind(query, named)
	rows, err := p.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("search names for %q: %w", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var iri string
		if err := rows.Scan(&iri); err != nil {
			return nil, err
		}
		out = append(out, iri)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search names for %q: %w", q, err)
	}
	return out, nil
}

// found runs query, a search of names for q whose rows are the iri of
// each name of the page and the number of names found in all, and gives
// both.
func (p *Postgres) found(ctx context.Context, q, query string, args []any) ([]string, int, error) {
	rows, err := p.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("search names for %q: %w", q, err)
	}
	defer rows.Close()
	var (
		out   []string
		total int
	)
	for rows.Next() {
		var iri string
		if err := rows.Scan(&iri, &total); err != nil {
			return nil, 0, err
		}
		out = append(out, iri)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("search names for %q: %w", q, err)
	}
	return out, total, nil
}

// bind numbers the parameters named in query (each an @ and a name of
// named) in the order they first appear, and gives their values in that
// order: a statement is sent only the parameters it uses, as PostgreSQL
// refuses one whose type it cannot tell.
func bind(query string, named map[string]any) (string, []any) {
	var args []any
	at := map[string]int{}
	out := paramName.ReplaceAllStringFunc(query, func(name string) string {
		v, ok := named[name]
		if !ok {
			return name
		}
		if _, seen := at[name]; !seen {
			args = append(args, v)
			at[name] = len(args)
		}
		return fmt.Sprintf("$%d", at[name])
	})
	return out, args
}

var paramName = regexp.MustCompile(`@[a-z]+`)

// walkFrom is the number of names from which a group of the names a
// search finds is looked for by walking the index of their sort keys,
// and walkLength the most names that walk reads (pageOfGroups); a
// smaller group, or one whose page the walk did not fill, is read whole,
// then sorted. Tests change both.
var (
	walkFrom   = 1000.0
	walkLength = 1000
)

// A word of a name search narrows it to the entities bearing the words
// that hold it when those are at most maxHolding words borne by at most
// narrowBelow of the entities, in all; a query of one word held by at
// most maxHolding words is found from the names' words alone
// (namesOfWord). Tests change both.
var (
	maxHolding  = 1000
	narrowBelow = 0.25
)

// held is what the names' dictionary says of a word of a search: the
// words that hold it, and the entities bearing each, summed.
type held struct {
	words    []string
	entities int
}

// wordsHolding reads the names' dictionary for each of ws, and the
// number of entities the index holds.
func (p *Postgres) wordsHolding(ctx context.Context, ws []string) ([]held, int, error) {
	out := make([]held, len(ws))
	if len(ws) == 0 {
		return out, 0, nil
	}
	rows, err := p.db.QueryContext(ctx, `
		SELECT 0, '', coalesce((SELECT value::bigint FROM pactgraph_search_state WHERE key = 'entities'), 0)
		UNION ALL
		SELECT q.i, d.word, d.entities FROM unnest($1::text[]) WITH ORDINALITY AS q(w, i)
		JOIN pactgraph_name_words d ON strpos(d.word, q.w) > 0`, textArray(ws))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	total := 0
	for rows.Next() {
		var (
			i, n int
			word string
		)
		if err := rows.Scan(&i, &word, &n); err != nil {
			return nil, 0, err
		}
		if i == 0 {
			total = n
			continue
		}
		out[i-1].words = append(out[i-1].words, word)
		out[i-1].entities += n
	}
	return out, total, rows.Err()
}

// prefixes is a tsquery of words that start with each of ws. Of no word
// (a query "*") it is the empty tsquery, which matches nothing (an empty
// quoted lexeme is refused as a syntax error).
func prefixes(ws []string) string {
	starts := make([]string, len(ws))
	for i, w := range ws {
		starts[i] = quoteLexeme(w) + ":*"
	}
	return strings.Join(starts, " & ")
}

// quoteLexeme quotes a word for to_tsquery.
func quoteLexeme(w string) string { return "'" + strings.ReplaceAll(w, "'", "''") + "'" }

// likeEscapes escapes a string for a LIKE pattern.
var likeEscapes = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscapes.Replace(s) }

// tsQuery turns the query syntax of Query into a tsquery expression over
// the English configuration, with its parameters from the n-th on.
func tsQuery(s string, n int) (string, []any, error) {
	p, err := parseQuery(s)
	if err != nil {
		return "", nil, err
	}
	var (
		parts []string
		args  []any
	)
	arg := func(v string) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", n+len(args)-1)
	}
	for _, phrase := range p.phrases {
		parts = append(parts, "phraseto_tsquery('english', "+arg(phrase)+")")
	}
	for _, stem := range p.prefixes {
		parts = append(parts, "to_tsquery('english', "+arg(quoteLexeme(stem)+":*")+")")
	}
	if len(p.words) > 0 {
		parts = append(parts, "plainto_tsquery('english', "+arg(strings.Join(p.words, " "))+")")
	}
	if len(parts) == 0 {
		return "", nil, fmt.Errorf("%w: no word to search for", ErrQuery)
	}
	return strings.Join(parts, " && "), args, nil
}

// Passages is Index.Passages on PostgreSQL: ranked by ts_rank, marked by
// ts_headline.
func (p *Postgres) Passages(ctx context.Context, q Query) (Result, error) {
	tsq, args, err := tsQuery(q.Text, 6)
	if err != nil {
		return Result{}, err
	}
	// A query of stop words only is an empty tsquery: refused as the
	// index refuses it.
	alone, aloneArgs, _ := tsQuery(q.Text, 1)
	var empty bool
	if err := p.db.QueryRowContext(ctx, `SELECT numnode(`+alone+`) = 0`, aloneArgs...).Scan(&empty); err != nil {
		return Result{}, fmt.Errorf("search text for %q: %w", q.Text, err)
	}
	if empty {
		return Result{}, fmt.Errorf("%w: no word to search for", ErrQuery)
	}
	found := `
		WITH query AS (SELECT ` + tsq + ` AS q),
		found AS (
			SELECT doc, node, kind, article, label, year, types, parties, body, ts_rank(words, query.q) AS score
			FROM pactgraph_passages, query
			WHERE words @@ query.q
				AND ($1 = '' OR doc = $1) AND ($2 = '' OR year = $2) AND ($3 = '' OR $3 = ANY(types))
				AND ($4 = '' OR $4 = ANY(parties)) AND ($5 = '' OR kind = $5))`
	filters := append([]any{q.Doc, q.Year, q.Type, q.Party, q.Kind}, args...)
	lim := any(nil)
	if q.Limit > 0 {
		lim = q.Limit
	}
	n := len(filters)
	rows, err := p.db.QueryContext(ctx, found+`
		SELECT doc, node, kind, article, label, year, array_to_json(types)::text,
			ts_headline('english', body, (SELECT q FROM query), 'HighlightAll=true, StartSel=`+markStart+`, StopSel=`+markStop+`'),
			count(*) OVER ()
		FROM found ORDER BY score DESC, doc, node OFFSET $`+fmt.Sprint(n+1)+` LIMIT $`+fmt.Sprint(n+2),
		append(filters, q.Offset, lim)...)
	if err != nil {
		return Result{}, fmt.Errorf("search text for %q: %w", q.Text, err)
	}
	defer rows.Close()
	var out Result
	out.Hits = []Hit{}
	for rows.Next() {
		var h Hit
		var types, marked string
		if err := rows.Scan(&h.Doc, &h.Node, &h.Kind, &h.Article, &h.Label, &h.Year, &types, &marked, &out.Total); err != nil {
			return Result{}, err
		}
		if err := json.Unmarshal([]byte(types), &h.Types); err != nil {
			return Result{}, err
		}
		h.Text, h.Marks = unmark(marked)
		out.Hits = append(out.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return Result{}, fmt.Errorf("search text for %q: %w", q.Text, err)
	}
	if len(out.Hits) == 0 || q.Facets > 0 {
		out.Facets = map[string][]Count{}
		rows, err := p.db.QueryContext(ctx, found+`,
		facets AS (
			SELECT 'doc' AS facet, doc AS value FROM found
			UNION ALL SELECT 'year', year FROM found WHERE year <> ''
			UNION ALL SELECT 'ctype', unnest(types) FROM found
			UNION ALL SELECT 'party', unnest(parties) FROM found
			UNION ALL SELECT 'kind', kind FROM found),
		counted AS (
			SELECT facet, value, count(*) AS n,
				row_number() OVER (PARTITION BY facet ORDER BY count(*) DESC, value) AS place
			FROM facets GROUP BY facet, value)
		SELECT facet, value, n FROM counted WHERE place <= $`+fmt.Sprint(n+1)+` ORDER BY facet, place`,
			append(filters, max(q.Facets, 1))...)
		if err != nil {
			return Result{}, fmt.Errorf("search text for %q: facets: %w", q.Text, err)
		}
		defer rows.Close()
		total := map[string]int{}
		for rows.Next() {
			var c Count
			var facet string
			if err := rows.Scan(&facet, &c.Value, &c.Count); err != nil {
				return Result{}, err
			}
			total[facet] += c.Count
			if q.Facets > 0 {
				out.Facets[facet] = append(out.Facets[facet], c)
			}
		}
		if err := rows.Err(); err != nil {
			return Result{}, err
		}
		if len(out.Hits) == 0 {
			out.Total = total["kind"] // a page past the end still counts the hits
		}
		if q.Facets == 0 {
			out.Facets = nil
		}
	}
	return out, nil
}

// The marks ts_headline puts around matches: characters no text holds.
const (
	markStart = "\x02"
	markStop  = "\x03"
)

// unmark takes ts_headline's marks out of text and gives where they were,
// as code-point ranges.
func unmark(marked string) (string, [][2]int) {
	var (
		b     strings.Builder
		marks [][2]int
		at    int
		start = -1
	)
	for _, r := range marked {
		switch string(r) {
		case markStart:
			start = at
		case markStop:
			if start >= 0 {
				marks = append(marks, [2]int{start, at})
			}
			start = -1
		default:
			b.WriteRune(r)
			at++
		}
	}
	return b.String(), marks
}
