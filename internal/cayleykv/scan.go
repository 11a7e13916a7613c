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
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/options"
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
	return db.ScanQuads(ctx, filter, nil, func(q Quad) error { return fn(q.Ref()) })
}

// Quad is a live quad of the store as ScanQuads reads it from its record:
// its id and the ids of its values by direction (Dirs[d-1]; 0: none).
type Quad struct {
	ID   uint64
	Dirs [4]uint64
}

// Dir is the id of q's value in direction d (0: none).
func (q Quad) Dir(d quad.Direction) uint64 { return q.Dirs[d-1] }

// Ref is q as Cayley's ref to it, which its QuadDirection reads.
func (q Quad) Ref() graph.Ref {
	return &cproto.Primitive{ID: q.ID, Subject: q.Dirs[0], Predicate: q.Dirs[1], Object: q.Dirs[2], Label: q.Dirs[3]}
}

// ScanQuads is Scan giving each quad as its ids, read from its record
// without building Cayley's value of it. skip, when not nil, is asked
// about the predicate (its value's id) of each index key that holds one,
// before any record of the key is read, and passes the key over when it
// says so: a reader that has no use for a node's type facts (one per
// document that names a party) reads none of their records. The keys of
// the label index hold no predicate and are never skipped.
func (db *DB) ScanQuads(ctx context.Context, filter map[quad.Direction]graph.Ref, skip func(pred uint64) bool, fn func(Quad) error) (ok bool, err error) {
	return db.ScanEach(ctx, []map[quad.Direction]graph.Ref{filter}, skip, func(_ int, q Quad) error { return fn(q) })
}

// ScanEach is ScanQuads for several filters in turn, in one read
// transaction: fn is given the place of the filter in filters with each
// quad. ok is false, and fn is not called, when an index of the store has
// not the directions of every filter first.
func (db *DB) ScanEach(ctx context.Context, filters []map[quad.Direction]graph.Ref, skip func(pred uint64) bool, fn func(int, Quad) error) (ok bool, err error) {
	type scan struct {
		prefix kv.Key
		predAt int
	}
	scans := make([]scan, len(filters))
	for i, filter := range filters {
		ind, vals, ok := db.indexFor(filter)
		if !ok {
			return false, nil
		}
		scans[i] = scan{ind.Key(vals), slices.Index(ind.Dirs, quad.Predicate)}
		if skip == nil {
			scans[i].predAt = -1
		}
	}
	read := 0
	defer func() { db.records.Add(int64(read)) }()
	keys := newLogKeys()
	err = kv.View(ctx, db.kv, func(tx kv.Tx) error {
		// A node's facts lie near each other in the log when one document
		// wrote them (nearGetter).
		get := func(k kv.Key) (kv.Value, error) { return tx.Get(ctx, k) }
		if b, ok := tx.(*boltTx); ok {
			get = b.nearGetter()
		}
		for i, sc := range scans {
			err := func() error {
				it := tx.Scan(ctx, options.WithPrefixKV(sc.prefix))
				defer it.Close()
				for it.Next(ctx) {
					if sc.predAt >= 0 {
						k := keyTail(it)
						if len(k) >= 8*(sc.predAt+1) && skip(binary.BigEndian.Uint64(k[8*sc.predAt:])) {
							continue
						}
					}
					ids := it.Val()
					for len(ids) > 0 {
						id, n := binary.Uvarint(ids)
						if n <= 0 {
							return fmt.Errorf("index %x: a list of quads that cannot be read", it.Key())
						}
						ids = ids[n:]
						read++
						rec, err := get(keys.of(id))
						if errors.Is(err, kv.ErrNotFound) {
							continue
						} else if err != nil {
							return err
						}
						q, deleted, err := decodeQuad(rec)
						if err != nil {
							return fmt.Errorf("quad %d: %w", id, err)
						}
						if deleted {
							continue
						}
						q.ID = id
						if err := fn(i, q); errors.Is(err, ErrSkipKey) {
							break
						} else if err != nil {
							return err
						}
					}
				}
				return it.Err()
			}()
			if err != nil {
				return err
			}
		}
		return ctx.Err()
	})
	return true, err
}

// decodeQuad reads the ids of a quad's record (Cayley's proto.Primitive,
// which it writes with protobuf's wire format) and whether it is deleted,
// without allocating: a read of a party's facts decodes thousands. Fields
// it does not need (the timestamp, a value's bytes) are passed over.
func decodeQuad(rec []byte) (q Quad, deleted bool, err error) {
	for len(rec) > 0 {
		var f field
		if f, rec, err = nextField(rec); err != nil {
			return q, false, err
		}
		switch f.num {
		case 1:
			q.ID = f.varint
		case 2, 3, 4, 5: // Subject, Predicate, Object, Label
			q.Dirs[f.num-2] = f.varint
		case 9:
			deleted = f.varint != 0
		}
	}
	return q, deleted, nil
}

// field is one field of a record in protobuf's wire format: its number,
// and its value when a varint or its bytes when length-delimited.
type field struct {
	num    uint64
	varint uint64
	bytes  []byte
}

// errUnreadable is a record not in protobuf's wire format.
var errUnreadable = errors.New("a record that cannot be read")

// nextField reads the first field of rec, and gives the rest.
func nextField(rec []byte) (f field, rest []byte, err error) {
	tag, n := binary.Uvarint(rec)
	if n <= 0 {
		return f, nil, errUnreadable
	}
	rec = rec[n:]
	f.num = tag >> 3
	switch wire := tag & 7; wire {
	case 0: // varint
		if f.varint, n = binary.Uvarint(rec); n <= 0 {
			return f, nil, errUnreadable
		}
		return f, rec[n:], nil
	case 1: // 64 bits
		if len(rec) < 8 {
			return f, nil, errUnreadable
		}
		return f, rec[8:], nil
	case 2: // length-delimited
		l, n := binary.Uvarint(rec)
		if n <= 0 || uint64(len(rec)-n) < l {
			return f, nil, errUnreadable
		}
		f.bytes = rec[n : n+int(l)]
		return f, rec[n+int(l):], nil
	case 5: // 32 bits
		if len(rec) < 4 {
			return f, nil, errUnreadable
		}
		return f, rec[4:], nil
	default:
		return f, nil, fmt.Errorf("a record with wire type %d", wire)
	}
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

// logKeys makes the keys of records in Cayley's log, each in the place of
// the one before: for a read that gets one record at a time, which keeps
// no key.
type logKeys kv.Key

func newLogKeys() logKeys { return logKeys{[]byte("log"), make([]byte, 8)} }

func (k logKeys) of(id uint64) kv.Key {
	binary.BigEndian.PutUint64(k[1], id)
	return kv.Key(k)
}

// AllQuads is ScanQuads for a reader that wants every quad that matches
// filter: it lists their ids from the index first, reads the records in
// the order of their ids (the log's order, so that consecutive reads
// share its pages), and gives the live ones in the order of the index.
func (db *DB) AllQuads(ctx context.Context, filter map[quad.Direction]graph.Ref) (quads []Quad, ok bool, err error) {
	ind, vals, ok := db.indexFor(filter)
	if !ok {
		return nil, false, nil
	}
	err = kv.View(ctx, db.kv, func(tx kv.Tx) error {
		it := tx.Scan(ctx, options.WithPrefixKV(ind.Key(vals)))
		defer it.Close()
		var ids []uint64
		for it.Next(ctx) {
			for v := it.Val(); len(v) > 0; {
				id, n := binary.Uvarint(v)
				if n <= 0 {
					return fmt.Errorf("index %x: a list of quads that cannot be read", it.Key())
				}
				v = v[n:]
				ids = append(ids, id)
			}
		}
		if err := it.Err(); err != nil {
			return err
		}
		byID := make([]int, len(ids)) // places in ids, in the order of the ids
		for i := range byID {
			byID[i] = i
		}
		slices.SortFunc(byID, func(a, b int) int { return cmp.Compare(ids[a], ids[b]) })
		db.records.Add(int64(len(ids)))
		keys := newLogKeys()
		get := func(k kv.Key) (kv.Value, error) { return tx.Get(ctx, k) }
		if b, ok := tx.(*boltTx); ok {
			get = b.nearGetter()
		}
		read := make([]Quad, len(ids))
		live := make([]bool, len(ids))
		for n, i := range byID {
			if n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			rec, err := get(keys.of(ids[i]))
			if errors.Is(err, kv.ErrNotFound) {
				continue
			} else if err != nil {
				return err
			}
			q, deleted, err := decodeQuad(rec)
			if err != nil {
				return fmt.Errorf("quad %d: %w", ids[i], err)
			}
			q.ID = ids[i]
			read[i], live[i] = q, !deleted
		}
		quads = make([]Quad, 0, len(read))
		for i, q := range read {
			if live[i] {
				quads = append(quads, q)
			}
		}
		return ctx.Err()
	})
	return quads, true, err
}

// LabelsAfter lists the ids above after of the labels of the store's
// quads, from the keys of its label index, without reading a record, and
// the store's horizon (its last id) as of that read: the labels up to it
// are listed. ok is false when the store has no label index.
func (db *DB) LabelsAfter(ctx context.Context, after uint64) (ids []uint64, horizon uint64, ok bool, err error) {
	if !slices.ContainsFunc(db.indexes, func(ind ckv.QuadIndex) bool { return slices.Equal(ind.Dirs, labelIndex.Dirs) }) {
		return nil, 0, false, nil
	}
	err = kv.View(ctx, db.kv, func(tx kv.Tx) error {
		if horizon, err = metaUint(ctx, tx, "horizon"); err != nil {
			return err
		}
		from := labelIndex.Key([]uint64{after + 1})
		if b, ok := tx.(*boltTx); ok {
			// On bolt, from the first key after: the labels a write added
			// are at the end.
			bucket, err := b.bucket(from, false)
			if bucket == nil || err != nil {
				return err
			}
			c := bucket.Cursor()
			for k, _ := c.Seek(from[len(from)-1]); k != nil; k, _ = c.Next() {
				if len(k) == 8 {
					ids = append(ids, binary.BigEndian.Uint64(k))
				}
			}
			return nil
		}
		it := tx.Scan(ctx, options.WithPrefixKV(labelIndex.Key(nil)))
		defer it.Close()
		for it.Next(ctx) {
			if k := keyTail(it); len(k) == 8 && bytes.Compare(k, from[len(from)-1]) >= 0 {
				ids = append(ids, binary.BigEndian.Uint64(k))
			}
		}
		return it.Err()
	})
	return ids, horizon, true, err
}
