package cayleysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cayleygraph/cayley/graph/refs"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/lib/pq"
)

// Pair names a subject and a predicate by their places in the slices given
// to FirstObjects.
type Pair struct{ Subject, Predicate int }

// FirstObjects reads, for every subject of subjects and predicate of
// preds, the object of the first fact (subject, predicate, ·) in the order
// of Cayley's (subject, predicate, object) index, the order in which
// Cayley's own reads give them: the pairs not in kept in one query for
// what Cayley reads with a query a fact, then the objects' values not in
// vc with another (Values). A pair with no fact is absent from the map.
func FirstObjects(ctx context.Context, db *sql.DB, vc *ValueCache, kept Firsts, subjects, preds []quad.Value) (map[Pair]quad.Value, error) {
	out := map[Pair]quad.Value{}
	if len(subjects) == 0 || len(preds) == 0 {
		return out, nil
	}
	sh, ph := valueHashes(subjects), valueHashes(preds)
	objects := make(map[Pair]refs.ValueHash, len(sh)*len(ph)) // the zero hash: no fact
	var unread pq.ByteaArray                                  // subjects with a pair not kept, all of whose pairs are read
	isUnread := make([]bool, len(sh))
	for i, s := range sh {
		for j, p := range ph {
			o, ok := kept.get(pairKey{s, p})
			if !ok {
				unread, isUnread[i] = append(unread, s[:]), true
				break
			}
			objects[Pair{i, j}] = o
		}
	}
	if len(unread) > 0 {
		read, err := firstObjects(ctx, db, unread, ph)
		if err != nil {
			return nil, fmt.Errorf("read the first objects of %d nodes: %w", len(unread), err)
		}
		var pairs []pairKey
		for i, s := range sh {
			if !isUnread[i] {
				continue
			}
			for j, p := range ph {
				pairs = append(pairs, pairKey{s, p})
				objects[Pair{i, j}] = read[pairKey{s, p}]
			}
		}
		kept.put(pairs, read)
	}
	// The objects' hashes, one after another in one slice.
	all := make([]byte, 0, len(objects)*len(refs.ValueHash{}))
	for pair, o := range objects {
		if !o.Valid() {
			delete(objects, pair)
			continue
		}
		all = append(all, o[:]...)
	}
	hashes := make([][]byte, 0, len(objects))
	for n := len(refs.ValueHash{}); len(all) > 0; all = all[n:] {
		hashes = append(hashes, all[:n:n])
	}
	vals, err := Values(ctx, db, vc, hashes)
	if err != nil {
		return nil, err
	}
	for pair, o := range objects {
		if v := vals[string(o[:])]; v != nil {
			out[pair] = v
		}
	}
	return out, nil
}

// firstObjects reads the hash of the first object of each subject and
// predicate of the hashes given that has one: one probe of the (subject,
// predicate, object) index a pair, which stops at the first fact. A party
// is typed and named again by every document naming it, and reading all
// those facts to keep the first (DISTINCT ON) took 50 ms for a hundred
// nodes of a million quads.
func firstObjects(ctx context.Context, db *sql.DB, subjects pq.ByteaArray, preds []refs.ValueHash) (map[pairKey]refs.ValueHash, error) {
	ph := make(pq.ByteaArray, len(preds))
	for i := range preds {
		ph[i] = preds[i][:]
	}
	rows, err := db.QueryContext(ctx, `
		SELECT s.hash, p.hash, f.object_hash
		FROM unnest($1::bytea[]) AS s(hash) CROSS JOIN unnest($2::bytea[]) AS p(hash)
		CROSS JOIN LATERAL (
			SELECT q.object_hash FROM quads q
			WHERE q.subject_hash = s.hash AND q.predicate_hash = p.hash
			ORDER BY q.object_hash LIMIT 1) f`, subjects, ph)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[pairKey]refs.ValueHash{}
	for rows.Next() {
		var s, p, o []byte
		if err := rows.Scan(&s, &p, &o); err != nil {
			return nil, err
		}
		var k pairKey
		var h refs.ValueHash
		copy(k[0][:], s)
		copy(k[1][:], p)
		copy(h[:], o)
		out[k] = h
	}
	return out, rows.Err()
}

// valueHashes gives the hashes of vals as Cayley's SQL tables key them.
func valueHashes(vals []quad.Value) []refs.ValueHash {
	out := make([]refs.ValueHash, len(vals))
	for i, v := range vals {
		out[i] = refs.HashOf(v)
	}
	return out
}

// hashesOf gives valueHashes(vals) as query parameters, and each hash's
// place in vals.
func hashesOf(vals []quad.Value) (pq.ByteaArray, map[string]int) {
	hs := valueHashes(vals)
	hashes := make(pq.ByteaArray, len(hs))
	at := make(map[string]int, len(hs))
	for i := range hs {
		hashes[i] = hs[i][:]
		at[string(hs[i][:])] = i
	}
	return hashes, at
}

// nodeColumns are the columns of Cayley's nodes table (as n) that hold a
// value, in the order of nodeRow.columns.
const nodeColumns = `n.value, n.value_string, n.datatype, n.language, n.iri, n.bnode,
	n.value_int, n.value_bool, n.value_float, n.value_time`

// nodeRow is a row of Cayley's nodes table: a value is kept in the column
// of its kind, and in value (protocol buffers) when it has none.
type nodeRow struct {
	data              []byte
	str, typ, lang    sql.NullString
	iri, bnode, vbool sql.NullBool
	vint              sql.NullInt64
	vfloat            sql.NullFloat64
	vtime             sql.NullTime
}

// columns are where Scan puts nodeColumns.
func (n *nodeRow) columns() []any {
	return []any{&n.data, &n.str, &n.typ, &n.lang, &n.iri, &n.bnode, &n.vint, &n.vbool, &n.vfloat, &n.vtime}
}

// value decodes the row as Cayley's SQL store writes it (its NameOf reads
// it the same way); Cayley writes a NUL in a string as the four
// characters \x00.
func (n nodeRow) value() (quad.Value, error) {
	unescape := func(s string) string { return strings.ReplaceAll(s, `\x00`, "\x00") }
	switch {
	case n.str.Valid && n.iri.Bool:
		return quad.IRI(n.str.String), nil
	case n.str.Valid && n.bnode.Bool:
		return quad.BNode(n.str.String), nil
	case n.str.Valid && n.lang.Valid:
		return quad.LangString{Value: quad.String(unescape(n.str.String)), Lang: n.lang.String}, nil
	case n.str.Valid && n.typ.Valid:
		return quad.TypedString{Value: quad.String(unescape(n.str.String)), Type: quad.IRI(n.typ.String)}, nil
	case n.str.Valid:
		return quad.String(unescape(n.str.String)), nil
	case n.vint.Valid:
		return quad.Int(n.vint.Int64), nil
	case n.vbool.Valid:
		return quad.Bool(n.vbool.Bool), nil
	case n.vfloat.Valid:
		return quad.Float(n.vfloat.Float64), nil
	case n.vtime.Valid:
		return quad.Time(n.vtime.Time.UTC()), nil
	case len(n.data) > 0:
		v, err := pquads.UnmarshalValue(n.data)
		if err != nil {
			return nil, fmt.Errorf("read a node's value: %w", err)
		}
		return v, nil
	}
	return nil, nil
}

// Values reads the values of Cayley's nodes whose hashes are given, those
// not kept in vc in one query (where Cayley's NameOf asks one a node), and
// keeps them there; the map is keyed by the hash as a string. A hash no
// node has is absent.
func Values(ctx context.Context, db *sql.DB, vc *ValueCache, hashes [][]byte) (map[string]quad.Value, error) {
	out := make(map[string]quad.Value, len(hashes))
	var missing [][]byte
	for _, h := range hashes {
		if _, done := out[string(h)]; done {
			continue
		}
		if v, ok := vc.get(string(h)); ok {
			out[string(h)] = v
		} else {
			missing = append(missing, h)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	rows, err := db.QueryContext(ctx, `
		SELECT n.hash, `+nodeColumns+`
		FROM nodes n WHERE n.hash = ANY($1)`, pq.ByteaArray(missing))
	if err != nil {
		return nil, fmt.Errorf("read the values of %d nodes: %w", len(hashes), err)
	}
	defer rows.Close()
	for rows.Next() {
		var h []byte
		var n nodeRow
		if err := rows.Scan(append([]any{&h}, n.columns()...)...); err != nil {
			return nil, fmt.Errorf("read the values of %d nodes: %w", len(hashes), err)
		}
		v, err := n.value()
		if err != nil {
			return nil, err
		}
		if v != nil {
			out[string(h)] = v
			vc.put(string(h), v)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the values of %d nodes: %w", len(hashes), err)
	}
	return out, nil
}

// Having says which of subjects have the fact (subject, pred, obj), in one
// query: the map holds the places in subjects of those that do.
func Having(ctx context.Context, db *sql.DB, subjects []quad.Value, pred, obj quad.Value) (map[int]bool, error) {
	out := map[int]bool{}
	if len(subjects) == 0 {
		return out, nil
	}
	hashes, at := hashesOf(subjects)
	p, o := refs.HashOf(pred), refs.HashOf(obj)
	// One probe of the subject index a subject: given the filter
	// subject_hash = ANY($1), PostgreSQL's planner scans every fact
	// (·, pred, obj) instead (35k articles' types at 1M quads, 7 ms
	// against 1 ms), underestimating them.
	rows, err := db.QueryContext(ctx, `
		SELECT s.hash FROM unnest($1::bytea[]) AS s(hash)
		CROSS JOIN LATERAL (
			SELECT FROM quads q
			WHERE q.subject_hash = s.hash AND q.predicate_hash = $2 AND q.object_hash = $3
			LIMIT 1) AS found`, hashes, p[:], o[:])
	if err != nil {
		return nil, fmt.Errorf("read which of %d nodes have a fact: %w", len(subjects), err)
	}
	defer rows.Close()
	for rows.Next() {
		var h []byte
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("read which of %d nodes have a fact: %w", len(subjects), err)
		}
		if i, ok := at[string(h)]; ok {
			out[i] = true
		}
	}
	return out, rows.Err()
}

// Subjects lists the distinct subjects of the facts (·, pred, obj), with
// their values, in one query.
func Subjects(ctx context.Context, db *sql.DB, pred, obj quad.Value) ([]quad.Value, error) {
	p, o := refs.HashOf(pred), refs.HashOf(obj)
	rows, err := db.QueryContext(ctx, `
		SELECT `+nodeColumns+`
		FROM nodes n WHERE n.hash IN (
			SELECT subject_hash FROM quads WHERE predicate_hash = $1 AND object_hash = $2)`, p[:], o[:])
	if err != nil {
		return nil, fmt.Errorf("read the subjects of a fact: %w", err)
	}
	defer rows.Close()
	var out []quad.Value
	for rows.Next() {
		var n nodeRow
		if err := rows.Scan(n.columns()...); err != nil {
			return nil, fmt.Errorf("read the subjects of a fact: %w", err)
		}
		v, err := n.value()
		if err != nil {
			return nil, err
		}
		if v != nil {
			out = append(out, v)
		}
	}
	return out, rows.Err()
}

// NodeRef is the ref Cayley's SQL store gives the node of hash h.
func NodeRef(h refs.ValueHash) refs.Ref { return csql.NodeHash{ValueHash: h} }

// HashOfRef is the hash of the node of r, when r is a ref of Cayley's SQL
// store.
func HashOfRef(r refs.Ref) (refs.ValueHash, bool) {
	h, ok := r.(csql.NodeHash)
	return h.ValueHash, ok
}

// Facts lists the hashes (subject, predicate, object, label; the label's
// "" when the fact has none) of the facts that hold the node of hash node
// in direction dir (quad.Subject or quad.Object), in one query and in no
// particular order: what Cayley's iterator reads a row at a time, each
// through its iterator's machinery (half of an entity's time on a party
// of 2,000 facts). The facts come as one value, their hashes laid end to
// end (a label after a byte saying whether there is one): a row a fact,
// four values each, was most of the read's time in lib/pq. Each hash is
// a piece of one string holding that value: a party's facts name it,
// their few predicates and their labels thousands of times, and a string
// made for each hash (or looked up in a map of those made) was most of
// what reading them allocated.
func Facts(ctx context.Context, db *sql.DB, node []byte, dir quad.Direction) ([][4]string, error) {
	var at string
	switch dir {
	case quad.Subject:
		at = "subject_hash"
	case quad.Object:
		at = "object_hash"
	default:
		return nil, fmt.Errorf("facts: direction %v: want subject or object", dir)
	}
	var all string
	err := db.QueryRowContext(ctx, `SELECT coalesce(string_agg(subject_hash || predicate_hash || object_hash ||
		CASE WHEN label_hash IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || label_hash END, ''::bytea), ''::bytea)
		FROM quads WHERE `+at+` = $1`, node).Scan(&all)
	if err != nil {
		return nil, fmt.Errorf("read the facts of a node: %w", err)
	}
	const n = len(refs.ValueHash{})
	count := 0
	for rest := all; len(rest) > 0; count++ {
		if len(rest) < 3*n+1 {
			return nil, fmt.Errorf("read the facts of a node: %d bytes left of a fact, want at least %d", len(rest), 3*n+1)
		}
		labelled := rest[3*n] == 1
		rest = rest[3*n+1:]
		if labelled {
			if len(rest) < n {
				return nil, fmt.Errorf("read the facts of a node: %d bytes left of a label, want %d", len(rest), n)
			}
			rest = rest[n:]
		}
	}
	out := make([][4]string, count)
	for i := range out {
		f := &out[i]
		f[0], f[1], f[2] = all[:n], all[n:2*n], all[2*n:3*n]
		labelled := all[3*n] == 1
		all = all[3*n+1:]
		if labelled {
			f[3], all = all[:n], all[n:]
		}
	}
	return out, nil
}

// CountSubjects counts the distinct subjects of the facts (·, pred, obj)
// in one query, from the (predicate, object, subject) index.
func CountSubjects(ctx context.Context, db *sql.DB, pred, obj quad.Value) (int, error) {
	p, o := refs.HashOf(pred), refs.HashOf(obj)
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(DISTINCT subject_hash) FROM quads WHERE predicate_hash = $1 AND object_hash = $2`, p[:], o[:]).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count the subjects of a fact: %w", err)
	}
	return n, nil
}

// Objects reads every object of the facts (subject, pred, ·) of each of
// subjects, in one query: the map is keyed by the subject's place in
// subjects, its objects in the order of Cayley's index.
func Objects(ctx context.Context, db *sql.DB, vc *ValueCache, subjects []quad.Value, pred quad.Value) (map[int][]quad.Value, error) {
	return ends(ctx, db, vc, subjects, pred, "subject_hash", "object_hash")
}

// SubjectsOf reads every subject of the facts (·, pred, object) of each
// of objects, in one query: the map is keyed by the object's place in
// objects, its subjects in the order of their hashes.
func SubjectsOf(ctx context.Context, db *sql.DB, vc *ValueCache, objects []quad.Value, pred quad.Value) (map[int][]quad.Value, error) {
	return ends(ctx, db, vc, objects, pred, "object_hash", "subject_hash")
}

// ends reads the values at the other end (the column other) of the facts
// by pred whose end at (a column) is one of nodes: the facts in one query,
// the values not in vc in another (Values).
func ends(ctx context.Context, db *sql.DB, vc *ValueCache, nodes []quad.Value, pred quad.Value, at, other string) (map[int][]quad.Value, error) {
	out := map[int][]quad.Value{}
	if len(nodes) == 0 {
		return out, nil
	}
	hashes, place := hashesOf(nodes)
	p := refs.HashOf(pred)
	rows, err := db.QueryContext(ctx, `
		SELECT DISTINCT q.`+at+`, q.`+other+` FROM quads q
		WHERE q.`+at+` = ANY($1) AND q.predicate_hash = $2
		ORDER BY q.`+at+`, q.`+other, hashes, p[:])
	if err != nil {
		return nil, fmt.Errorf("read the facts of %d nodes: %w", len(nodes), err)
	}
	defer rows.Close()
	type end struct {
		node  int
		other []byte
	}
	var found []end
	var others [][]byte
	for rows.Next() {
		var h, o []byte
		if err := rows.Scan(&h, &o); err != nil {
			return nil, fmt.Errorf("read the facts of %d nodes: %w", len(nodes), err)
		}
		if i, ok := place[string(h)]; ok {
			found, others = append(found, end{i, o}), append(others, o)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the facts of %d nodes: %w", len(nodes), err)
	}
	vals, err := Values(ctx, db, vc, others)
	if err != nil {
		return nil, err
	}
	for _, e := range found {
		if v := vals[string(e.other)]; v != nil {
			out[e.node] = append(out[e.node], v)
		}
	}
	return out, nil
}

// FirstLabels reads, for each i, the label of the first fact written (in
// the order of Cayley's horizon) of (subjects[i], pred, objects[i]) whose
// label is one of the nodes that labels, a condition on Cayley's nodes
// table, selects; nil where there is none. In one query, each fact's
// label matched to the nodes labels selects, never read: a condition an
// index covers (a partial one) makes those a few rows.
func FirstLabels(ctx context.Context, db *sql.DB, subjects []quad.Value, pred quad.Value, objects []quad.Value, labels string) ([]quad.Value, error) {
	out := make([]quad.Value, len(subjects))
	if len(subjects) == 0 {
		return out, nil
	}
	sh, _ := hashesOf(subjects)
	oh, _ := hashesOf(objects)
	p := refs.HashOf(pred)
	rows, err := db.QueryContext(ctx, `
		SELECT w.i, `+nodeColumns+`
		FROM unnest($1::bytea[], $2::bytea[]) WITH ORDINALITY AS w(s, o, i)
		CROSS JOIN LATERAL (
			SELECT q.label_hash FROM quads q
			WHERE q.subject_hash = w.s AND q.predicate_hash = $3 AND q.object_hash = w.o
				AND q.label_hash IN (SELECT hash FROM nodes WHERE `+labels+`)
			ORDER BY q.horizon LIMIT 1) AS first
		JOIN nodes n ON n.hash = first.label_hash`, sh, oh, p[:])
	if err != nil {
		return nil, fmt.Errorf("read the first labels of %d facts: %w", len(subjects), err)
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		var n nodeRow
		if err := rows.Scan(append([]any{&i}, n.columns()...)...); err != nil {
			return nil, fmt.Errorf("read the first labels of %d facts: %w", len(subjects), err)
		}
		if out[i-1], err = n.value(); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// FirstTyped lists at most limit distinct subjects of the facts (·, pred,
// obj) stated under a label that is an IRI starting with labelPrefix, in
// the order of their IRIs, in one query.
func FirstTyped(ctx context.Context, db *sql.DB, pred, obj quad.Value, labelPrefix string, limit int) ([]quad.IRI, error) {
	p, o := refs.HashOf(pred), refs.HashOf(obj)
	rows, err := db.QueryContext(ctx, `
		SELECT DISTINCT s.value_string FROM quads q
		JOIN nodes s ON s.hash = q.subject_hash AND s.iri
		JOIN nodes l ON l.hash = q.label_hash AND l.iri
		WHERE q.predicate_hash = $1 AND q.object_hash = $2 AND starts_with(l.value_string, $3)
		ORDER BY s.value_string LIMIT $4`, p[:], o[:], labelPrefix, limit)
	if err != nil {
		return nil, fmt.Errorf("read the subjects of a fact: %w", err)
	}
	defer rows.Close()
	var out []quad.IRI
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("read the subjects of a fact: %w", err)
		}
		out = append(out, quad.IRI(s))
	}
	return out, rows.Err()
}

// Between lists the facts whose subject and object are both among nodes,
// whose predicate is one of preds (nil: any) and none of skip, in the
// order they were written, with their values, in one query.
func Between(ctx context.Context, db *sql.DB, vc *ValueCache, nodes, preds, skip []quad.Value) ([]quad.Quad, error) {
	if len(nodes) == 0 || (preds != nil && len(preds) == 0) {
		return nil, nil
	}
	nh, _ := hashesOf(nodes)
	var ph any // NULL: any predicate
	if preds != nil {
		ph, _ = hashesOf(preds)
	}
	sh, _ := hashesOf(skip)
	// The nodes as an array the planner does not see into
	// (ARRAY(SELECT unnest …)): given the array itself it weighed each of
	// a drawing's 200 hashes against both columns' statistics, 2.5–3.9
	// ms of planning for a query that runs in 6–12; now 0.2–0.3, the same
	// plan.
	rows, err := db.QueryContext(ctx, `
		SELECT q.subject_hash, q.predicate_hash, q.object_hash, q.label_hash FROM quads q
		WHERE q.subject_hash = ANY(ARRAY(SELECT unnest($1::bytea[])))
			AND q.object_hash = ANY(ARRAY(SELECT unnest($1::bytea[])))
			AND ($2::bytea[] IS NULL OR q.predicate_hash = ANY($2))
			AND NOT q.predicate_hash = ANY($3)
		ORDER BY q.horizon`, nh, ph, sh)
	if err != nil {
		return nil, fmt.Errorf("read the facts between %d nodes: %w", len(nodes), err)
	}
	var facts [][4][]byte
	seen := map[string]bool{}
	var want [][]byte
	for rows.Next() {
		var f [4][]byte
		if err := rows.Scan(&f[0], &f[1], &f[2], &f[3]); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read the facts between %d nodes: %w", len(nodes), err)
		}
		facts = append(facts, f)
		for _, h := range f {
			if h != nil && !seen[string(h)] {
				seen[string(h)] = true
				want = append(want, h)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the facts between %d nodes: %w", len(nodes), err)
	}
	vals, err := Values(ctx, db, vc, want)
	if err != nil {
		return nil, err
	}
	out := make([]quad.Quad, len(facts))
	for i, f := range facts {
		out[i] = quad.Quad{Subject: vals[string(f[0])], Predicate: vals[string(f[1])], Object: vals[string(f[2])]}
		if f[3] != nil {
			out[i].Label = vals[string(f[3])]
		}
	}
	return out, nil
}

// IsUndefinedTable says whether err is PostgreSQL's for a table that does
// not exist.
func IsUndefinedTable(err error) bool {
	e := (*pq.Error)(nil)
	return errors.As(err, &e) && e.Code == "42P01"
}
