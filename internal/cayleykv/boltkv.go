package cayleykv

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/boltdb/bolt"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/hidal-go/hidalgo/kv"

	"github.com/cayleygraph/cayley/graph"
)

// pactgraph's Bolt backend is its own key-value layer under Cayley's kv
// quad store: boltKV, hidalgo's kv.KV over a bolt file (openBolt).
//
// Cayley's own bolt backend (hidalgo's kv/bolt) leaves every page of the
// file half empty: bolt splits a full page at its bucket's FillPercent,
// which it does not keep and hidalgo never sets, so it is bolt's 0.5, and
// Cayley's log of quads and values is written in key order, where every
// page but the last stays as the split left it. A 1M-quad store was a 362
// MB file with 165 MB in use, and every read that touches the whole corpus
// maps the whole file into the serving process. boltKV lays the file out
// exactly as hidalgo does (each key part but the last names a nested
// bucket), so stores written by either open with the other; it differs in
// filling pages fuller (appendFill, randomFill) and in keeping the buckets
// a transaction opened. Bulk loads write through it directly (bulk.go).

// How full boltKV fills a page before splitting it. bolt splits a
// page that overflows into pages of this size and a remainder, at commit,
// with the bucket's fill of that transaction. A bucket whose keys the
// transaction mostly appended (Cayley's log, keyed by increasing ids, and
// its subject–predicate index, whose subjects are mostly new nodes) gets
// appendFill: the pages left behind are never written again. A bucket
// written at random (the object–predicate–subject index) gets randomFill:
// a page split fuller takes more inserts before it splits again, but one
// split too full leaves a small remainder that fills slowly (measured on
// synthetic corpora of 1,000 documents: 0.5 leaves index pages 57% full,
// 0.7 69%, 0.9 66%).
const (
	appendFill = 0.95
	randomFill = 0.7
)

// boltMmap is the address space boltKV maps the file into from the start.
// bolt maps the file anew each time it outgrows the mapping, copying every
// page a write transaction holds out of the old mapping first (a tenth of
// a bulk load's time). Address space is not memory: only the pages read
// count.
const boltMmap = 1 << 30

// openBoltKV opens the bolt file in dir, creating both when missing.
func openBoltKV(dir string, opts graph.Options) (*boltKV, error) {
	if dir == "" {
		return nil, ckv.ErrEmptyPath
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	// A second process would wait for bolt's lock without end; Open
	// checks it first (checkUnlocked), and this bounds the race after.
	db, err := bolt.Open(filepath.Join(dir, File), 0o644, &bolt.Options{Timeout: time.Second, InitialMmapSize: boltMmap})
	if err != nil {
		return nil, err
	}
	if db.NoSync, err = opts.BoolKey("nosync", false); err != nil {
		db.Close()
		return nil, err
	}
	return &boltKV{db: db}, nil
}

// boltKV is hidalgo's kv.KV over a bolt file.
type boltKV struct{ db *bolt.DB }

var _ kv.KV = (*boltKV)(nil)

func (d *boltKV) Close() error { return d.db.Close() }

func (d *boltKV) Tx(ctx context.Context, rw bool) (kv.Tx, error) {
	tx, err := d.db.Begin(rw)
	if err != nil {
		return nil, err
	}
	return &boltTx{tx: tx, buckets: map[string]*boltBucket{}, top: map[string]*boltBucket{}}, nil
}

func (d *boltKV) View(ctx context.Context, fn func(tx kv.Tx) error) error {
	return kv.View(ctx, d, fn)
}

func (d *boltKV) Update(ctx context.Context, fn func(tx kv.Tx) error) error {
	return kv.Update(ctx, d, fn)
}

type boltTx struct {
	tx *bolt.Tx
	// buckets holds the buckets opened so far, by bucketPath: bolt seeks
	// the parent for every lookup otherwise. top holds those of them
	// directly under the root again, by name, which a lookup finds
	// without building a path: a read of a party's facts gets thousands
	// of records from Cayley's log.
	buckets map[string]*boltBucket
	top     map[string]*boltBucket
}

// boltBucket is a bucket as a transaction uses it.
type boltBucket struct {
	*bolt.Bucket
	// Of a writable transaction: the largest key so far (at first the
	// bucket's last), the keys put, and how many of those were larger
	// than every key before them.
	last          []byte
	puts, appends int
}

// put puts a key, counting appends.
func (b *boltBucket) put(k, v []byte) error {
	if b.puts == 0 {
		last, _ := b.Cursor().Last()
		b.last = append([]byte(nil), last...)
	}
	b.puts++
	if bytes.Compare(k, b.last) > 0 {
		b.appends++
		b.last = append(b.last[:0], k...)
	}
	return b.Put(k, v)
}

// bucketPath is a map key for the bucket that names: each name, length
// first (a name may hold any byte).
func bucketPath(names [][]byte) string {
	var p []byte
	for _, n := range names {
		p = binary.AppendUvarint(p, uint64(len(n)))
		p = append(p, n...)
	}
	return string(p)
}

// root is bolt's root bucket, where a one-part key lives.
func (tx *boltTx) root() *boltBucket {
	if b, ok := tx.buckets[""]; ok {
		return b
	}
	b := &boltBucket{Bucket: tx.tx.Cursor().Bucket()}
	tx.buckets[""] = b
	return b
}

// bucket gives the bucket that key's parts but the last name, creating the
// missing ones when create is set; nil when one is missing.
func (tx *boltTx) bucket(key kv.Key, create bool) (*boltBucket, error) {
	if len(key) <= 1 {
		return tx.root(), nil
	}
	if len(key) == 2 {
		if b, ok := tx.top[string(key[0])]; ok {
			return b, nil
		}
	}
	path := bucketPath(key[:len(key)-1])
	if b, ok := tx.buckets[path]; ok {
		return b, nil
	}
	parent, err := tx.bucket(key[:len(key)-1], create)
	if parent == nil || err != nil {
		return nil, err
	}
	name := key[len(key)-2]
	b := parent.Bucket.Bucket(name)
	if b == nil && create {
		if b, err = parent.CreateBucket(name); err != nil {
			return nil, err
		}
	}
	if b == nil {
		return nil, nil
	}
	child := &boltBucket{Bucket: b}
	tx.buckets[path] = child
	if len(key) == 2 {
		tx.top[string(key[0])] = child
	}
	return child, nil
}

func (tx *boltTx) Get(ctx context.Context, key kv.Key) (kv.Value, error) {
	if len(key) == 0 {
		return nil, kv.ErrNotFound
	}
	b, err := tx.bucket(key, false)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, kv.ErrNotFound
	}
	v := b.Get(key[len(key)-1])
	if v == nil {
		return nil, kv.ErrNotFound
	}
	return v, nil
}

// nearGetter is Get for keys asked in increasing order, as a read of many
// records of Cayley's log asks them: it keeps a cursor in the bucket and
// steps from the last key to the next when it is a few keys on (the
// records of one document lie together), rather than searching the
// bucket's tree again from its root. A key asked out of order is searched
// for.
func (tx *boltTx) nearGetter() func(kv.Key) (kv.Value, error) {
	const near = 8 // steps before a search from the root
	var (
		c      *bolt.Cursor
		bucket *boltBucket
		k, v   []byte
		last   []byte // the key asked before
	)
	return func(key kv.Key) (kv.Value, error) {
		if len(key) < 2 {
			return tx.Get(context.Background(), key)
		}
		b, err := tx.bucket(key, false)
		if b == nil || err != nil {
			return nil, cmpErr(err, kv.ErrNotFound)
		}
		if b != bucket {
			bucket, c, k = b, b.Cursor(), nil
		}
		want := key[len(key)-1]
		if k != nil && bytes.Compare(want, last) < 0 {
			k = nil // asked out of order: search
		}
		last = append(last[:0], want...)
		for step := 0; k != nil && step < near && bytes.Compare(k, want) < 0; step++ {
			k, v = c.Next()
		}
		if k == nil || bytes.Compare(k, want) < 0 {
			k, v = c.Seek(want)
		}
		if k == nil || !bytes.Equal(k, want) || v == nil {
			return nil, kv.ErrNotFound
		}
		return v, nil
	}
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

func (tx *boltTx) GetBatch(ctx context.Context, keys []kv.Key) ([]kv.Value, error) {
	vals := make([]kv.Value, len(keys))
	for i, k := range keys {
		v, err := tx.Get(ctx, k)
		if err != nil && !errors.Is(err, kv.ErrNotFound) {
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

func (tx *boltTx) Put(ctx context.Context, key kv.Key, val kv.Value) error {
	if !tx.tx.Writable() {
		return kv.ErrReadOnly
	}
	if len(key) == 0 {
		return errors.New("bolt: put with an empty key")
	}
	b, err := tx.bucket(key, true)
	if err != nil {
		return err
	}
	k := key[len(key)-1]
	if len(k) == 0 && len(val) == 0 {
		return nil // the key only names its buckets: they exist now
	}
	return b.put(k, val)
}

func (tx *boltTx) Del(ctx context.Context, key kv.Key) error {
	if !tx.tx.Writable() {
		return kv.ErrReadOnly
	}
	if len(key) == 0 {
		return nil
	}
	b, err := tx.bucket(key, false)
	if b == nil || err != nil {
		return err
	}
	return b.Delete(key[len(key)-1])
}

func (tx *boltTx) Commit(ctx context.Context) error {
	for _, b := range tx.buckets {
		switch {
		case b.puts == 0:
		case b.appends*10 >= b.puts*9:
			b.FillPercent = appendFill
		default:
			b.FillPercent = randomFill
		}
	}
	return tx.tx.Commit()
}

func (tx *boltTx) Close() error {
	err := tx.tx.Rollback()
	if errors.Is(err, bolt.ErrTxClosed) {
		return nil // committed already
	}
	return err
}

func (tx *boltTx) Scan(ctx context.Context, opts ...kv.IteratorOption) kv.Iterator {
	it := &boltIter{tx: tx, top: tx.root().Bucket}
	return kv.ApplyIteratorOptions(it, opts)
}

// boltIter walks the keys under one bucket (top, whose path is base) in
// order, depth first: a nested bucket's keys come where its name sorts.
// Only keys of top's level are held to prefix.
type boltIter struct {
	tx     *boltTx
	base   kv.Key
	top    *bolt.Bucket
	prefix []byte

	cursors []*bolt.Cursor // from top down to the current bucket
	names   kv.Key         // the buckets below top, one per cursor after the first
	k, v    []byte
	done    bool
}

var _ kv.PrefixIterator = (*boltIter)(nil)

// WithPrefix keeps the keys that have pref as a prefix: the parts of pref
// but the last name buckets, and the last begins the key in the bucket.
func (it *boltIter) WithPrefix(pref kv.Key) kv.Iterator {
	it.Reset()
	if len(pref) == 0 {
		return it
	}
	b, err := it.tx.bucket(pref, false)
	if b == nil || err != nil {
		it.top = nil
		return it
	}
	it.base = pref[:len(pref)-1].Clone()
	it.top = b.Bucket
	it.prefix = append([]byte(nil), pref[len(pref)-1]...)
	return it
}

func (it *boltIter) Reset() {
	it.cursors, it.names, it.k, it.v, it.done = nil, nil, nil, nil, false
}

func (it *boltIter) Next(ctx context.Context) bool {
	if it.done || it.top == nil {
		return false
	}
	if it.cursors == nil {
		c := it.top.Cursor()
		it.cursors = []*bolt.Cursor{c}
		if len(it.prefix) > 0 {
			it.k, it.v = c.Seek(it.prefix)
		} else {
			it.k, it.v = c.First()
		}
	} else {
		it.k, it.v = it.cursors[len(it.cursors)-1].Next()
	}
	for {
		depth := len(it.cursors) - 1
		switch {
		case it.k == nil: // this bucket is done: back to its parent
			it.cursors = it.cursors[:depth]
			if depth == 0 {
				it.done = true
				return false
			}
			it.names = it.names[:depth-1]
			it.k, it.v = it.cursors[depth-1].Next()
		case depth == 0 && !bytes.HasPrefix(it.k, it.prefix):
			it.done = true
			return false
		case it.v == nil: // a nested bucket: its keys come next
			b := it.cursors[depth].Bucket().Bucket(it.k)
			if b == nil {
				return true
			}
			c := b.Cursor()
			it.cursors = append(it.cursors, c)
			it.names = append(it.names, it.k)
			it.k, it.v = c.First()
		default:
			return true
		}
	}
}

func (it *boltIter) Key() kv.Key {
	if it.done || it.k == nil {
		return nil
	}
	k := make(kv.Key, 0, len(it.base)+len(it.names)+1)
	k = append(k, it.base...)
	k = append(k, it.names...)
	return append(k, it.k)
}

// keyTail is the last part of it's present key (the key within its
// bucket), without the copy of the whole path Key makes for each key.
func keyTail(it kv.Iterator) []byte {
	if b, ok := it.(*boltIter); ok {
		if b.done {
			return nil
		}
		return b.k
	}
	k := it.Key()
	if len(k) == 0 {
		return nil
	}
	return k[len(k)-1]
}

func (it *boltIter) Val() kv.Value {
	if it.done {
		return nil
	}
	return it.v
}

func (it *boltIter) Err() error   { return nil }
func (it *boltIter) Close() error { it.done = true; return nil }
