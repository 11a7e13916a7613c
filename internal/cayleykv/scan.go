package cayleykv

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/options"
	"google.golang.org/protobuf/proto"
)

// ErrSkipKey, returned by Scan's fn, skips the other quads listed under the
// same index key as the one fn was given (for the object–predicate–subject
// index, filtered on object and predicate: the other facts of one subject).
var ErrSkipKey = errors.New("skip the rest of this index key")

// Scan calls fn with each live quad of the store that matches filter (a
// value for each direction it names, as Cayley's refs), in the order of
// Cayley's own index scan, until fn returns an error, which Scan returns
// (but ErrSkipKey and nil). The quads are Cayley's records, refs that its quad
// store's QuadDirection reads. ok is false, and fn is not called, when no
// index of the store has the filter's directions first: then Cayley must
// answer it.
//
// Scan is what Cayley's kv quad iterator does, without two of its costs:
//
//   - Cayley uses an index only when the filter names every one of its
//     directions (optimizeQuadsAction), so (object, predicate), the nodes
//     of one class, the first two of the object–predicate–subject index,
//     was every quad with that object, each checked for its predicate: at
//     1M quads, hundreds of thousands for Commitment. Scan reads any
//     leading part of an index.
//   - Cayley's iterator reads the records of the next 100 quads of the
//     index at once (nextBatch), so a read that wants the first fact of a
//     node's name read 100 when a party states its name once an agreement.
//     Scan reads a record when fn is about to be given it, all in one read
//     transaction.
func (db *DB) Scan(ctx context.Context, filter map[quad.Direction]graph.Ref, fn func(graph.Ref) error) (ok bool, err error) {
	ind, vals, ok := db.indexFor(filter)
	if !ok {
		return false, nil
	}
	err = kv.View(ctx, db.kv, func(tx kv.Tx) error {
		it := tx.Scan(ctx, options.WithPrefixKV(ind.Key(vals)))
		defer it.Close()
		for it.Next(ctx) {
			ids := it.Val()
			for len(ids) > 0 {
				id, n := binary.Uvarint(ids)
				if n <= 0 {
					return fmt.Errorf("index %x: a list of quads that cannot be read", it.Key())
				}
				ids = ids[n:]
				rec, err := tx.Get(ctx, logKey(id))
				if errors.Is(err, kv.ErrNotFound) {
					continue
				} else if err != nil {
					return err
				}
				p := new(cproto.Primitive)
				if err := proto.Unmarshal(rec, p); err != nil {
					return fmt.Errorf("quad %d: %w", id, err)
				}
				if p.Deleted {
					continue
				}
				if err := fn(p); errors.Is(err, ErrSkipKey) {
					break
				} else if err != nil {
					return err
				}
			}
		}
		if err := it.Err(); err != nil {
			return err
		}
		return ctx.Err()
	})
	return true, err
}

// indexFor finds the store's first index whose leading directions are
// exactly filter's, and filter's values in its order.
func (db *DB) indexFor(filter map[quad.Direction]graph.Ref) (ckv.QuadIndex, []uint64, bool) {
	if len(filter) == 0 {
		return ckv.QuadIndex{}, nil, false
	}
	for _, ind := range db.indexes {
		if len(ind.Dirs) < len(filter) {
			continue
		}
		vals := make([]uint64, 0, len(filter))
		for _, d := range ind.Dirs[:len(filter)] {
			v, ok := filter[d].(ckv.Int64Value)
			if !ok {
				break
			}
			vals = append(vals, uint64(v))
		}
		if len(vals) == len(filter) {
			return ind, vals, true
		}
	}
	return ckv.QuadIndex{}, nil, false
}

// logKey is the key of record id in Cayley's log.
func logKey(id uint64) kv.Key {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, id)
	return kv.Key{[]byte("log"), k}
}
