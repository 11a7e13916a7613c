package cayleykv

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/options"
)

// The facts a node's documents each state again, kept by the bulk writer
// as keys. Every agreement that names a party types and names it once
// more, under its own label: 3,442 such facts out of the biggest party at
// 10M quads, where an entity view shows each distinct one once, with a
// source, and counts the sources of them all (graph.Entity). Reading them
// is one search of the log for each record. The caller names the
// predicates of those facts (KeepRestated); for each fact of one of them
// whose subject is an IRI, the bulk writer keeps a key of its subject,
// predicate, object and label ids (8 bytes each, big-endian) in
// restatedBucket, and RestatedFacts lists a node's from the keys alone.
//
// The keys are true when the labels of the facts into each node are
// (inLabelsBucket: while no quad of the store was ever deleted), and are
// written beside them, by the bulk writer and by a write through Cayley's
// writer that only adds new quads and says which. Their stamp
// (restatedStamp) is the store's counts then and the hashes of the
// predicates kept: a store written before they were kept, or with other
// predicates, does not use them.
var (
	restatedBucket = []byte("pactgraph-restated")
	restatedStamp  = kv.Key{[]byte("meta"), []byte("pactgraph-restated")}
)

// KeepRestated names the predicates of the facts that a node's documents
// each state again, whose keys the bulk writer keeps from then on (see
// restatedBucket). Call it once, before the store is written or read.
func (db *DB) KeepRestated(preds ...quad.Value) {
	db.restated = db.restated[:0]
	for _, p := range preds {
		db.restated = append(db.restated, refs.HashOf(p))
	}
}

// restatedStampOf is the stamp of restated facts kept at the store's
// counts (storeCounts) for those predicates.
func restatedStampOf(counts []byte, preds []refs.ValueHash) []byte {
	out := bytes.Clone(counts)
	for _, h := range preds {
		out = append(out, h[:]...)
	}
	return out
}

// keptRestated says whether the keys of the restated facts are kept and
// true: written for db's predicates at the store's present counts.
func (db *DB) keptRestated(ctx context.Context, tx kv.Tx) (bool, error) {
	return keptRestated(ctx, tx, db.restated)
}

// keptRestated says whether the keys of the facts of preds are kept and
// true: written for those predicates at the store's present counts.
func keptRestated(ctx context.Context, tx kv.Tx, preds []refs.ValueHash) (bool, error) {
	if len(preds) == 0 {
		return false, nil
	}
	return stampedNow(ctx, tx, restatedStamp, func(counts []byte) []byte { return restatedStampOf(counts, preds) })
}

// RestatedFacts lists the facts out of node (a value's id: the quads
// whose subject it is) of the predicates KeepRestated named, from their
// keys alone, in the keys' order (by predicate, object and label), each
// with its subject, predicate, object and label and no id; and the ids of
// those predicates the store holds. ok is false, and nothing is read, when
// the keys are not kept or no longer true.
func (db *DB) RestatedFacts(ctx context.Context, node uint64) (quads []Quad, preds []uint64, ok bool, err error) {
	err = kv.View(ctx, db.kv, func(tx kv.Tx) error {
		if ok, err = db.keptRestated(ctx, tx); err != nil || !ok {
			return err
		}
		for _, h := range db.restated {
			id, found, err := idOfHash(ctx, tx, h)
			if err != nil {
				return err
			}
			if found {
				preds = append(preds, id)
			}
		}
		it := tx.Scan(ctx, options.WithPrefixKV(kv.Key{restatedBucket, binary.BigEndian.AppendUint64(nil, node)}))
		defer it.Close()
		for it.Next(ctx) {
			k := keyTail(it)
			if len(k) != 32 {
				return fmt.Errorf("restated facts of node %d: a key of %d bytes, want 32", node, len(k))
			}
			var q Quad
			for i := range q.Dirs {
				q.Dirs[i] = binary.BigEndian.Uint64(k[8*i:])
			}
			quads = append(quads, q)
		}
		return it.Err()
	})
	if err != nil || !ok {
		return nil, nil, ok, err
	}
	return quads, preds, true, nil
}

// idOfHash is the id of the value whose hash is h, if the store holds it.
func idOfHash(ctx context.Context, tx kv.Tx, h refs.ValueHash) (id uint64, found bool, err error) {
	v, err := tx.Get(ctx, kv.Key{{'v', h[0], h[1]}, h[:]})
	if errors.Is(err, kv.ErrNotFound) || errors.Is(err, ckv.ErrNoBucket) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	id, n := binary.Uvarint(v)
	if n <= 0 {
		return 0, false, fmt.Errorf("the entry of value %x: an id that cannot be read", h[:])
	}
	return id, true, nil
}

// writeRestated adds the keys of a batch's restated facts (subject,
// predicate, object and label ids) to restatedBucket, in order, and
// stamps them with the store's count of quads and last id after the batch
// and the predicates kept (keptRestated).
func writeRestated(tx *boltTx, facts [][4]uint64, size, horizon uint64, preds []refs.ValueHash) error {
	bb, err := tx.bucket(kv.Key{restatedBucket, nil}, true)
	if err != nil {
		return err
	}
	slices.SortFunc(facts, func(a, b [4]uint64) int { return slices.Compare(a[:], b[:]) })
	k := make([]byte, 32)
	for _, f := range facts {
		for i, id := range f {
			binary.BigEndian.PutUint64(k[8*i:], id)
		}
		// A value of one byte: an empty one reads as a bucket's in places.
		if err := bb.put(bytes.Clone(k), []byte{1}); err != nil {
			return err
		}
	}
	meta, err := tx.bucket(kv.Key{restatedStamp[0], nil}, true)
	if err != nil {
		return err
	}
	counts := binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, size), horizon)
	return meta.put(restatedStamp[1], restatedStampOf(counts, preds))
}
