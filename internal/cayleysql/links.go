package cayleysql

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// Links reads, for each of nodes, the first max facts (0: all) that hold
// the node in direction dir (quad.Subject: the facts out of it;
// quad.Object: those into it) and join it to an IRI by a predicate none
// of skip, in the order they were written, in two queries where Cayley's
// iterator asks one a node and its values one a value. The map is keyed
// by the node's place in nodes; more says which of them have more such
// facts than max.
func Links(ctx context.Context, db *sql.DB, nodes []quad.Value, dir quad.Direction, skip []quad.Value, max int) (links map[int][]quad.Quad, more map[int]bool, err error) {
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
	rows, err := db.QueryContext(ctx, `
		SELECT `+at+`, subject_hash, predicate_hash, object_hash, label_hash FROM (
			SELECT q.*, row_number() OVER (PARTITION BY q.`+at+` ORDER BY q.horizon) AS n
			FROM quads q
			JOIN nodes o ON o.hash = q.`+other+` AND o.iri
			WHERE q.`+at+` = ANY($1) AND NOT q.predicate_hash = ANY($2)) AS ranked
		WHERE n <= $3
		ORDER BY `+at+`, n`, hashes, skipped, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("read the links of %d nodes: %w", len(nodes), err)
	}
	defer rows.Close()
	type fact struct {
		node         int
		s, p, o, lbl []byte
	}
	var facts []fact
	parts := map[string][]byte{}
	for rows.Next() {
		var node []byte
		var f fact
		if err := rows.Scan(&node, &f.s, &f.p, &f.o, &f.lbl); err != nil {
			return nil, nil, fmt.Errorf("read the links of %d nodes: %w", len(nodes), err)
		}
		f.node = place[string(node)]
		facts = append(facts, f)
		for _, h := range [][]byte{f.s, f.p, f.o, f.lbl} {
			if h != nil {
				parts[string(h)] = h
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read the links of %d nodes: %w", len(nodes), err)
	}
	list := make(pq.ByteaArray, 0, len(parts))
	for _, h := range parts {
		list = append(list, h)
	}
	vals, err := Values(ctx, db, list)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range facts {
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
