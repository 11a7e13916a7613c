package cayleysql

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"sort"

	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// Links reads, for each of nodes, the first max facts (0: all) that hold
// the node in direction dir (quad.Subject: the facts out of it;
// quad.Object: those into it) and join it to an IRI by a predicate none
// of skip, in the order they were written, in two queries (four when a
// node must be read again, below) where Cayley's iterator asks one a node
// and its values one a value; values kept in vc are not read again. The map is keyed
// by the node's place in nodes; more says which of them have more such
// facts than max.
//
// The first query ranks the facts without looking at the other end;
// their values, read next, say which of those ends are IRIs. Only a node
// whose first facts hold one that is not is read again with each other
// end looked up as it is ranked: that look-up, a node's read for every
// fact of a party of 2,000, was 45 of its 48 ms.
func Links(ctx context.Context, db *sql.DB, vc *ValueCache, nodes []quad.Value, dir quad.Direction, skip []quad.Value, max int) (links map[int][]quad.Quad, more map[int]bool, err error) {
	links, more = map[int][]quad.Quad{}, map[int]bool{}
	if len(nodes) == 0 {
		return links, more, nil
	}
	// The other end must be an IRI; the nodes' own end is one of nodes.
	var at, other string
	switch dir {
	case quad.Subject:
		at, other = "subject_hash", "object_hash"
	case quad.Object:
		at, other = "object_hash", "subject_hash"
	default:
		return nil, nil, fmt.Errorf("links: direction %v: want subject or object", dir)
	}
	hashes, place := hashesOf(nodes)
	skipped, _ := hashesOf(skip)
	limit := int64(max) + 1 // one more, to know there are more
	if max <= 0 {
		limit = 1 << 62
	}
	facts, err := linkRows(ctx, db, at, other, hashes, place, skipped, limit, false)
	if err != nil {
		return nil, nil, err
	}
	vals, err := valuesOfFacts(ctx, db, vc, facts)
	if err != nil {
		return nil, nil, err
	}
	isIRI := func(f linkRow) bool {
		end := f.s
		if dir == quad.Subject {
			end = f.o
		}
		_, ok := vals[string(end)].(quad.IRI)
		return ok
	}
	// A node whose window was full and held a fact to leave out may have
	// facts to an IRI beyond it: read again, with the look-up.
	read, left := map[int]int64{}, map[int]bool{}
	for _, f := range facts {
		read[f.node]++
		if !isIRI(f) {
			left[f.node] = true
		}
	}
	var again pq.ByteaArray
	for n := range left {
		if read[n] >= limit {
			again = append(again, hashes[n])
		}
	}
	if len(again) > 0 {
		reread, err := linkRows(ctx, db, at, other, again, place, skipped, limit, true)
		if err != nil {
			return nil, nil, err
		}
		rereadVals, err := valuesOfFacts(ctx, db, vc, reread)
		if err != nil {
			return nil, nil, err
		}
		maps.Copy(vals, rereadVals)
		kept := facts[:0]
		for _, f := range facts {
			if !left[f.node] || read[f.node] < limit {
				kept = append(kept, f)
			}
		}
		facts = append(kept, reread...)
		sort.SliceStable(facts, func(i, j int) bool { return facts[i].node < facts[j].node })
	}
	for _, f := range facts {
		if !isIRI(f) {
			continue
		}
		if max > 0 && len(links[f.node]) == max {
			more[f.node] = true
			continue
		}
		q := quad.Quad{Subject: vals[string(f.s)], Predicate: vals[string(f.p)], Object: vals[string(f.o)]}
		if f.lbl != nil {
			q.Label = vals[string(f.lbl)]
		}
		links[f.node] = append(links[f.node], q)
	}
	return links, more, nil
}

// linkRow is a fact Links reads: the place in nodes of its node, and the
// hashes of its four parts (the label's nil when it has none).
type linkRow struct {
	node         int
	s, p, o, lbl []byte
}

// linkRows reads, for each node of hashes (place gives where in Links'
// nodes), its first limit facts with the node at the column at, by a
// predicate none of skipped, in the order they were written; with
// iriOnly, only those whose end at the column other is an IRI.
func linkRows(ctx context.Context, db *sql.DB, at, other string, hashes pq.ByteaArray, place map[string]int, skipped pq.ByteaArray, limit int64, iriOnly bool) ([]linkRow, error) {
	join := ""
	if iriOnly {
		join = `JOIN nodes o ON o.hash = q.` + other + ` AND o.iri`
	}
	rows, err := db.QueryContext(ctx, `
		SELECT `+at+`, subject_hash, predicate_hash, object_hash, label_hash FROM (
			SELECT q.*, row_number() OVER (PARTITION BY q.`+at+` ORDER BY q.horizon) AS n
			FROM quads q `+join+`
			WHERE q.`+at+` = ANY($1) AND NOT q.predicate_hash = ANY($2)) AS ranked
		WHERE n <= $3
		ORDER BY `+at+`, n`, hashes, skipped, limit)
	if err != nil {
		return nil, fmt.Errorf("read the links of %d nodes: %w", len(hashes), err)
	}
	defer rows.Close()
	var out []linkRow
	for rows.Next() {
		var node []byte
		var f linkRow
		if err := rows.Scan(&node, &f.s, &f.p, &f.o, &f.lbl); err != nil {
			return nil, fmt.Errorf("read the links of %d nodes: %w", len(hashes), err)
		}
		f.node = place[string(node)]
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the links of %d nodes: %w", len(hashes), err)
	}
	return out, nil
}

// valuesOfFacts reads the values of every part of facts not in vc, in
// one query.
func valuesOfFacts(ctx context.Context, db *sql.DB, vc *ValueCache, facts []linkRow) (map[string]quad.Value, error) {
	parts := map[string][]byte{}
	for _, f := range facts {
		for _, h := range [][]byte{f.s, f.p, f.o, f.lbl} {
			if h != nil {
				parts[string(h)] = h
			}
		}
	}
	list := make(pq.ByteaArray, 0, len(parts))
	for _, h := range parts {
		list = append(list, h)
	}
	return Values(ctx, db, vc, list)
}
