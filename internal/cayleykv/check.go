package cayleykv

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/options"
	"google.golang.org/protobuf/proto"
)

// Counts is what Check counted in the store's records.
type Counts struct {
	Nodes   int64
	Indexes []string // each index by its directions' initials: "sp", "ops", "l"
}

// Check reads Cayley's records (the format of graph/kv at CayleyVersion)
// and calls problem with each thing wrong in them, by kind, one sentence
// each: the count of quads, every quad's nodes, every node's count of the
// quad directions naming it and its entry by hash, and every index, which
// must list each quad under its key.
func (db *DB) Check(ctx context.Context, problem func(kind, text string)) (Counts, error) {
	var c Counts
	add := func(kind, format string, args ...any) { problem(kind, fmt.Sprintf(format, args...)) }
	err := db.kv.View(ctx, func(tx kv.Tx) error { return checkKV(ctx, tx, &c, db.restated, add) })
	return c, err
}

// indexNames names each index by its directions' initials: "sp ops l".
func indexNames(indexes []ckv.QuadIndex) string {
	var b strings.Builder
	for i, ind := range indexes {
		if i > 0 {
			b.WriteByte(' ')
		}
		for _, d := range ind.Dirs {
			b.WriteString(d.String()[:1])
		}
	}
	return b.String()
}

// checkKV checks Cayley's kv records in tx, and the keys kept beside
// them, those of restated facts for the predicates restated.
func checkKV(ctx context.Context, tx kv.Tx, r *Counts, restated []refs.ValueHash, add func(kind, format string, args ...any)) error {
	indexes, err := readIndexes(ctx, tx)
	if err != nil {
		return err
	}
	r.Indexes = strings.Fields(indexNames(indexes))

	// Every record of the log: nodes by id, with their hash; quads alive.
	nodes := map[uint64]refs.ValueHash{}
	iris := map[uint64]bool{} // the nodes that are IRIs
	var quads []*cproto.Primitive
	var horizon, deleted uint64
	it := tx.Scan(ctx, options.WithPrefixKV(kv.Key{[]byte("log")}))
	for it.Next(ctx) {
		var p cproto.Primitive
		if err := proto.Unmarshal(it.Val(), &p); err != nil {
			add("log", "the log's record %x cannot be read: %v", it.Key(), err)
			continue
		}
		horizon = max(horizon, p.ID)
		switch {
		case p.IsNode():
			v, err := pquads.UnmarshalValue(p.Value)
			if err != nil {
				add("log", "node %d: its value cannot be read: %v", p.ID, err)
				continue
			}
			nodes[p.ID] = refs.HashOf(v)
			if _, ok := v.(quad.IRI); ok {
				iris[p.ID] = true
			}
		case !p.Deleted:
			quads = append(quads, &p)
		default:
			deleted++
		}
	}
	it.Close()
	if err := it.Err(); err != nil {
		return err
	}
	r.Nodes = int64(len(nodes))

	meta := func(key string) uint64 {
		v, err := tx.Get(ctx, kv.Key{[]byte("meta"), []byte(key)})
		if err != nil || len(v) != 8 {
			return 0
		}
		return binary.LittleEndian.Uint64(v)
	}
	if size := meta("size"); size != uint64(len(quads)) {
		add("size", "the store's count says %d quads; its log holds %d", size, len(quads))
	}
	if h := meta("horizon"); h < horizon {
		add("horizon", "the last id given is %d, but the log holds id %d: new records would overwrite old ones", h, horizon)
	}

	// Each quad's nodes exist; count the directions naming each node.
	named := map[uint64]uint64{}
	for _, q := range quads {
		for _, d := range quad.Directions {
			id := q.GetDirection(d)
			if id == 0 {
				if d != quad.Label {
					add("quad", "quad %d has no %s", q.ID, d)
				}
				continue
			}
			if _, ok := nodes[id]; !ok {
				add("quad", "quad %d names node %d as its %s, and there is no such node", q.ID, id, d)
			}
			named[id]++
		}
	}
	ids := make([]uint64, 0, len(nodes))
	for id := range nodes {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		h := nodes[id]
		got, err := tx.Get(ctx, kv.Key{{'v', h[0], h[1]}, h[:]})
		if err != nil && !errors.Is(err, kv.ErrNotFound) {
			return err
		}
		if byHash, _ := binary.Uvarint(got); byHash != id {
			add("node", "node %d cannot be found by its value (its entry by hash gives %d)", id, byHash)
		}
		cnt, err := tx.Get(ctx, kv.Key{{'n', h[0], h[1]}, h[:]})
		if err != nil && !errors.Is(err, kv.ErrNotFound) {
			return err
		}
		count, _ := binary.Uvarint(cnt)
		switch {
		case named[id] == 0:
			add("orphan", "node %d is named by no quad but kept (its count says %d)", id, count)
		case count != named[id]:
			add("count", "node %d is named %d times, and its count says %d", id, named[id], count)
		}
	}

	if err := checkInLabels(ctx, tx, quads, iris, deleted, add); err != nil {
		return err
	}
	if err := checkRestated(ctx, tx, quads, iris, nodes, restated, add); err != nil {
		return err
	}

	// Every index lists every quad under its key.
	for i, ind := range indexes {
		listed := map[string]map[uint64]bool{}
		for _, q := range quads {
			k := ind.KeyFor(q)
			key := string(k[1])
			if listed[key] == nil {
				v, err := tx.Get(ctx, k)
				if err != nil && !errors.Is(err, kv.ErrNotFound) {
					return err
				}
				listed[key] = map[uint64]bool{}
				for len(v) > 0 {
					x, n := binary.Uvarint(v)
					if n <= 0 {
						add("index", "index %s: the list under key %x cannot be read", r.Indexes[i], k[1])
						break
					}
					listed[key][x] = true
					v = v[n:]
				}
			}
			if !listed[key][q.ID] {
				add("index", "index %s does not list quad %d", r.Indexes[i], q.ID)
			}
		}
	}
	return nil
}

// checkInLabels checks the labels the bulk writer keeps of the facts into
// each node (inLabelsBucket), when they are in use: a key for each
// distinct label of the live facts into each IRI, and none other; and no
// deleted quad in the log, whose id would still be in the index lists
// FactsInto reads as live.
func checkInLabels(ctx context.Context, tx kv.Tx, quads []*cproto.Primitive, iris map[uint64]bool, deleted uint64, add func(kind, format string, args ...any)) error {
	if kept, err := keptInLabels(ctx, tx); err != nil || !kept {
		return err
	}
	if deleted > 0 {
		add("labels", "the labels of the facts into each node are in use, and the log holds %d deleted quads", deleted)
	}
	want := map[[4]uint64]bool{}
	for _, q := range quads {
		if iris[q.Object] {
			want[[4]uint64{q.Object, q.Label}] = true
		}
	}
	return checkKeys(ctx, tx, inLabelsBucket, 2, want, "labels", func(k [4]uint64) string {
		return fmt.Sprintf("node %d is kept as the object of a fact labelled %d, and no fact is", k[0], k[1])
	}, func(k [4]uint64) string {
		return fmt.Sprintf("node %d is the object of a fact labelled %d, and its labels do not keep it", k[0], k[1])
	}, add)
}

// checkRestated checks the keys the bulk writer keeps of the restated
// facts (restatedBucket), when they are in use: a key for each live fact
// of a restated predicate out of an IRI, and none other.
func checkRestated(ctx context.Context, tx kv.Tx, quads []*cproto.Primitive, iris map[uint64]bool, nodes map[uint64]refs.ValueHash, restated []refs.ValueHash, add func(kind, format string, args ...any)) error {
	if kept, err := keptRestated(ctx, tx, restated); err != nil || !kept {
		return err
	}
	want := map[[4]uint64]bool{}
	for _, q := range quads {
		if iris[q.Subject] && slices.Contains(restated, nodes[q.Predicate]) {
			want[[4]uint64{q.Subject, q.Predicate, q.Object, q.Label}] = true
		}
	}
	return checkKeys(ctx, tx, restatedBucket, 4, want, "restated", func(k [4]uint64) string {
		return fmt.Sprintf("node %d is kept as restating %d %d under label %d, and no fact says so", k[0], k[1], k[2], k[3])
	}, func(k [4]uint64) string {
		return fmt.Sprintf("node %d restates %d %d under label %d, and the keys do not keep it", k[0], k[1], k[2], k[3])
	}, add)
}

// checkKeys reads the keys of bucket, each n ids of 8 bytes big-endian,
// against want (their ids in its first n places): a key of another
// length, a key wanted by no fact (extra) and a fact whose key is missing
// (missing) are each a problem of kind.
func checkKeys(ctx context.Context, tx kv.Tx, bucket []byte, n int, want map[[4]uint64]bool, kind string, extra, missing func([4]uint64) string, add func(kind, format string, args ...any)) error {
	it := tx.Scan(ctx, options.WithPrefixKV(kv.Key{bucket}))
	defer it.Close()
	for it.Next(ctx) {
		k := keyTail(it)
		if len(k) != 8*n {
			add(kind, "a key of %s is %d bytes long, not %d", bucket, len(k), 8*n)
			continue
		}
		var ids [4]uint64
		for i := range n {
			ids[i] = binary.BigEndian.Uint64(k[8*i:])
		}
		if !want[ids] {
			add(kind, "%s", extra(ids))
		}
		delete(want, ids)
	}
	if err := it.Err(); err != nil {
		return err
	}
	for ids := range want {
		add(kind, "%s", missing(ids))
	}
	return nil
}
