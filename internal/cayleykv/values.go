package cayleykv

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/hidal-go/hidalgo/kv"
	"google.golang.org/protobuf/proto"
)

// Values gives the values of the nodes with the given ids, as Cayley's
// ValuesOf does (nil for 0, for an id of no record and for a quad's), in
// one read transaction: the records are read in the order of their ids,
// on bolt stepping a cursor through the log (nearGetter), and only each
// record's value is decoded, by hand. Cayley's ValuesOf searches the
// log's tree from its root and unmarshals the whole record for each: the
// largest part of drawing a page of nodes at 1M quads.
func (db *DB) Values(ctx context.Context, ids []uint64) ([]quad.Value, error) {
	out := make([]quad.Value, len(ids))
	byID := make([]int, 0, len(ids)) // places in ids, in the order of the ids
	for i, id := range ids {
		if id != 0 {
			byID = append(byID, i)
		}
	}
	if len(byID) == 0 {
		return out, nil
	}
	slices.SortFunc(byID, func(a, b int) int { return cmp.Compare(ids[a], ids[b]) })
	err := kv.View(ctx, db.kv, func(tx kv.Tx) error {
		keys := newLogKeys()
		get := func(k kv.Key) (kv.Value, error) { return tx.Get(ctx, k) }
		if b, ok := tx.(*boltTx); ok {
			get = b.nearGetter()
		}
		db.records.Add(int64(len(byID)))
		for n, i := range byID {
			if n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if n > 0 && ids[i] == ids[byID[n-1]] {
				out[i] = out[byID[n-1]]
				continue
			}
			rec, err := get(keys.of(ids[i]))
			if errors.Is(err, kv.ErrNotFound) {
				continue
			} else if err != nil {
				return err
			}
			raw, err := recordValue(rec)
			if err != nil {
				return fmt.Errorf("node %d: %w", ids[i], err)
			}
			if len(raw) == 0 {
				continue // a quad's record
			}
			if out[i], err = decodeValue(raw); err != nil {
				return fmt.Errorf("node %d: %w", ids[i], err)
			}
		}
		return nil
	})
	return out, err
}

// recordValue is the value's bytes (pquads) of a record of Cayley's log
// (its proto.Primitive, field 8), empty for a quad's.
func recordValue(rec []byte) ([]byte, error) {
	for len(rec) > 0 {
		f, rest, err := nextField(rec)
		if err != nil {
			return nil, err
		}
		if f.num == 8 {
			return f.bytes, nil
		}
		rec = rest
	}
	return nil, nil
}

// decodeValue is pquads.UnmarshalValue, by hand for a value that is one
// string, IRI or blank node (the names and nodes that a drawing or an
// entity reads by the hundred, where protobuf's reflection took a tenth
// of the read), through protobuf for every other. A record of no kind of
// value is an error, where pquads panics.
func decodeValue(raw []byte) (quad.Value, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	if f, rest, err := nextField(raw); err == nil && len(rest) == 0 && f.bytes != nil && utf8.Valid(f.bytes) {
		switch f.num {
		case 2:
			return quad.String(f.bytes), nil
		case 3:
			return quad.IRI(f.bytes), nil
		case 4:
			return quad.BNode(f.bytes), nil
		}
	}
	var v pquads.Value
	if err := proto.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	if v.Value == nil {
		return nil, errNoKind
	}
	return v.ToNative(), nil
}

// errNoKind is a value's record that holds no value.
var errNoKind = errors.New("a value of no kind")
