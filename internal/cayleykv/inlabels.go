package cayleykv

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/options"
)

// The labels of the facts into each node, kept by the bulk writer beside
// Cayley's records: a key of a node's id and a label's id (8 bytes each,
// big-endian) for each distinct label of the facts whose object is the
// node, an IRI, in the bucket inLabelsBucket. An entity view counts the
// sources of a node's facts (graph.Entity's provenance_total) and pages
// its links into it; without these keys both read the record of every
// fact into the node, because a fact's label is only in its record: a
// party named by 1,751 agreements has 17,465 such facts at 10M quads, and
// reading them was most of its entity view's time (docs/benchmarks.md).
//
// The keys are true only while no quad of the store was ever deleted,
// from an empty store: then Cayley's index lists (which keep a deleted
// quad's id) hold live facts only. The bulk writer writes them, and
// records the store's count of quads and last id beside them
// (inLabelsStamp, in "meta"); so does a write through Cayley's writer
// that only adds new quads and says which (DB.Write, keepInLabels). Any
// other write — a deletion, a write that does not say, another program —
// changes the count or the last id without the record, and the keys are
// no longer used (FactsInto says so), nor written again.
var (
	inLabelsBucket = []byte("pactgraph-in-labels")
	inLabelsStamp  = kv.Key{[]byte("meta"), []byte("pactgraph-in-labels")}
)

// FactsInto lists the facts into node (a value's id: the quads whose
// object it is) from the object–predicate–subject index alone, in its
// order, and the distinct labels of them all, when the store keeps those
// (ok; see inLabelsBucket); ok is false, and nothing is read, otherwise.
// Each quad has its id, subject, predicate and object; its label (Dir
// Label) only where its index key lists several facts (the same fact
// stated under several labels), so that a reader can order those by
// label, and 0 elsewhere: ReadLabels reads the others' when wanted. Every
// quad of such a store is labelled (the bulk writer writes no other), so 0
// is never a fact's own label (keepInLabels stops keeping them at an
// unlabelled quad). The quads are appended to buf, which may be a list
// a read before gave back: a party's are tens of thousands.
func (db *DB) FactsInto(ctx context.Context, node uint64, buf []Quad) (quads []Quad, labels []uint64, ok bool, err error) {
	ind, vals, found := db.indexFor(map[quad.Direction]graph.Ref{quad.Object: ckv.Int64Value(node)})
	if !found || !slices.Equal(ind.Dirs, []quad.Direction{quad.Object, quad.Predicate, quad.Subject}) {
		return nil, nil, false, nil
	}
	quads = buf[:0]
	err = kv.View(ctx, db.kv, func(tx kv.Tx) error {
		if ok, err = keptInLabels(ctx, tx); err != nil || !ok {
			return err
		}
		var tied []int // places in quads whose label is read here
		it := tx.Scan(ctx, options.WithPrefixKV(ind.Key(vals)))
		defer it.Close()
		for it.Next(ctx) {
			k := keyTail(it)
			if len(k) != 24 {
				return fmt.Errorf("object–predicate–subject index: a key of %d bytes, want 24", len(k))
			}
			q := Quad{Dirs: [4]uint64{binary.BigEndian.Uint64(k[16:]), binary.BigEndian.Uint64(k[8:]), node, 0}}
			first := len(quads)
			for v := it.Val(); len(v) > 0; {
				id, n := binary.Uvarint(v)
				if n <= 0 {
					return fmt.Errorf("index %x: a list of quads that cannot be read", k)
				}
				v = v[n:]
				q.ID = id
				if len(quads) == cap(quads) {
					// Doubled: appended, a party's tens of thousands
					// grew by a quarter at a time, four times their size
					// allocated.
					quads = slices.Grow(quads, max(len(quads), 256))
				}
				quads = append(quads, q)
			}
			if len(quads)-first > 1 {
				for i := first; i < len(quads); i++ {
					tied = append(tied, i)
				}
			}
		}
		if err := it.Err(); err != nil {
			return err
		}
		if err := readLabels(ctx, tx, quads, tied); err != nil {
			return err
		}
		db.records.Add(int64(len(tied)))
		prefix := binary.BigEndian.AppendUint64(nil, node)
		lt := tx.Scan(ctx, options.WithPrefixKV(kv.Key{inLabelsBucket, prefix}))
		defer lt.Close()
		for lt.Next(ctx) {
			k := keyTail(lt)
			if len(k) != 16 {
				return fmt.Errorf("labels of the facts into node %d: a key of %d bytes, want 16", node, len(k))
			}
			labels = append(labels, binary.BigEndian.Uint64(k[8:]))
		}
		return lt.Err()
	})
	if err != nil || !ok {
		return nil, nil, ok, err
	}
	return quads, labels, true, nil
}

// ReadLabels reads the label of each of quads (as FactsInto gives them)
// from its record.
func (db *DB) ReadLabels(ctx context.Context, quads []Quad) error {
	all := make([]int, len(quads))
	for i := range all {
		all[i] = i
	}
	db.records.Add(int64(len(quads)))
	return kv.View(ctx, db.kv, func(tx kv.Tx) error { return readLabels(ctx, tx, quads, all) })
}

// readLabels sets the label of quads[i] for each i of places, from the
// records, read in the order of their ids (the log's).
func readLabels(ctx context.Context, tx kv.Tx, quads []Quad, places []int) error {
	places = slices.Clone(places)
	slices.SortFunc(places, func(a, b int) int { return cmp.Compare(quads[a].ID, quads[b].ID) })
	keys := newLogKeys()
	get := func(k kv.Key) (kv.Value, error) { return tx.Get(ctx, k) }
	if b, ok := tx.(*boltTx); ok {
		get = b.nearGetter()
	}
	for _, i := range places {
		rec, err := get(keys.of(quads[i].ID))
		if err != nil {
			return fmt.Errorf("quad %d: %w", quads[i].ID, err)
		}
		q, _, err := decodeQuad(rec)
		if err != nil {
			return fmt.Errorf("quad %d: %w", quads[i].ID, err)
		}
		quads[i].Dirs[3] = q.Dirs[3]
	}
	return nil
}

// keptInLabels says whether the labels of the facts into each node are
// kept and true: written by the bulk writer at the store's present count
// of quads and last id.
func keptInLabels(ctx context.Context, tx kv.Tx) (bool, error) {
	return stampedNow(ctx, tx, inLabelsStamp, func(counts []byte) []byte { return counts })
}

// stampedNow says whether the stamp under key is the one stampOf makes of
// the store's present counts (storeCounts): whether what it stamps was
// written at the store's present count of quads and last id.
func stampedNow(ctx context.Context, tx kv.Tx, key kv.Key, stampOf func(counts []byte) []byte) (bool, error) {
	kept, err := tx.Get(ctx, key)
	if errors.Is(err, kv.ErrNotFound) || errors.Is(err, ckv.ErrNoBucket) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	now, err := storeCounts(ctx, tx)
	if err != nil {
		return false, err
	}
	return bytes.Equal(kept, stampOf(now)), nil
}

// storeCounts is the store's count of quads and last id, as the bulk
// writer records them beside the labels it keeps.
func storeCounts(ctx context.Context, tx kv.Tx) ([]byte, error) {
	size, err := metaUint(ctx, tx, "size")
	if err != nil {
		return nil, err
	}
	horizon, err := metaUint(ctx, tx, "horizon")
	if err != nil {
		return nil, err
	}
	return binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, size), horizon), nil
}

// keepInLabels adds to the labels kept of the facts into each node those
// of added, quads a write through Cayley's writer has just added in tx,
// each new to the store, and records the store's counts after it: the
// labels stay in use, as after a bulk write. So with the keys of the
// restated facts (restatedBucket) when restating: when those were kept
// before the write. Cayley gave the quads' nodes their ids in tx, which
// its entries by hash give.
func (db *DB) keepInLabels(ctx context.Context, tx kv.Tx, added []quad.Quad, restating bool) error {
	b, ok := tx.(*boltTx)
	if !ok {
		return nil // only the bolt bulk writer keeps them
	}
	var err error
	idOf := func(v quad.Value) (uint64, error) {
		id, found, err := idOfHash(ctx, tx, refs.HashOf(v))
		if err == nil && !found {
			err = kv.ErrNotFound
		}
		if err != nil {
			return 0, fmt.Errorf("keep the labels of the facts into %v: its id: %w", v, err)
		}
		return id, nil
	}
	pairs := map[[2]uint64]bool{}
	var restated [][4]uint64
	for _, q := range added {
		if q.Label == nil {
			return nil // a fact the keys cannot hold: no longer in use
		}
		_, fromIRI := q.Subject.(quad.IRI)
		restates := restating && fromIRI && slices.Contains(db.restated, refs.HashOf(q.Predicate))
		if _, ok := q.Object.(quad.IRI); !ok && !restates {
			continue
		}
		var ids [4]uint64
		for i, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			if ids[i], err = idOf(v); err != nil {
				return err
			}
		}
		if _, ok := q.Object.(quad.IRI); ok {
			pairs[[2]uint64{ids[2], ids[3]}] = true
		}
		if restates {
			restated = append(restated, ids)
		}
	}
	size, err := metaUint(ctx, tx, "size")
	if err != nil {
		return err
	}
	horizon, err := metaUint(ctx, tx, "horizon")
	if err != nil {
		return err
	}
	if restating {
		if err := writeRestated(b, restated, size, horizon, db.restated); err != nil {
			return err
		}
	}
	return writeInLabels(b, pairs, size, horizon)
}
