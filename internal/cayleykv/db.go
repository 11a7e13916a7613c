// Package cayleykv is the storage under pactgraph's bolt and bbolt stores:
// Cayley's kv quad store over a key-value file that this package opens
// itself, and the only code in pactgraph that reads or writes Cayley's kv
// records by hand. Package graph holds the domain and calls Open, Write,
// WriteNew, Check and Compact; it never sees a bucket or a record.
//
// Cayley writes its records in the format of graph/kv (indexing.go,
// quadstore.go) at CayleyVersion, and nothing pins that format but this
// package's tests: upgrading Cayley means reading those files again, and
// TestCayleyVersion fails until someone has.
//
// What this package does that Cayley's own registration cannot:
//
//   - One transaction for a write Cayley takes in several. Cayley's kv
//     ApplyDeltas, given a batch in which a node is named by more deleted
//     quads than added ones, writes the added quads that name it without
//     it (applyAddDeltas finds only the nodes whose count rises), so
//     replacing a document lost the parts of its new quads that it shared
//     with its stale ones: the document's text, an article's end. A
//     replacement is therefore two batches, its deletions and then its
//     additions, which Cayley gets right; Write makes them one
//     transaction (joinKV), so a crash or a failed write still leaves the
//     store as it was.
//   - A label index. Cayley's kv store indexes quads by subject–predicate
//     and object–predicate–subject only, so the quads of one document
//     (labelled by it or its articles) were a scan of the whole store,
//     for every replacement of a document. New stores list a third index,
//     by label, in their metadata, which Cayley's reads and writes then
//     keep and use as they do the others; stores written before it get it
//     once, when they are opened (addLabelIndex).
//   - Full pages: its own bolt layer (boltkv.go) and Compact.
//   - A bulk writer (bulk.go): documents written into an empty bolt store
//     go in below Cayley's write path, as the records Cayley would write.
//   - Check reads the records back and says what is wrong with them.
package cayleykv

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/hidal-go/hidalgo/kv"
	hbbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	"github.com/hidal-go/hidalgo/kv/options"
	bbolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// CayleyVersion is the version of github.com/cayleygraph/cayley whose kv
// records this package reads and writes by hand: the bulk writer, Check and
// the label index were checked against its graph/kv. go.mod must require
// it (TestCayleyVersion).
const CayleyVersion = "v0.7.7-0.20240706181042-81dcd7d73e45"

// dataVersion is the "version" Cayley's kv store keeps in its metadata at
// CayleyVersion (latestDataVersion in graph/kv/quadstore.go).
const dataVersion = 2

// The key-value files this package opens: pactgraph's own layer over
// github.com/boltdb/bolt (boltkv.go) and hidalgo's over etcd's bbolt.
const (
	Bolt  = "bolt"
	BBolt = "bbolt"
)

// File is the file Cayley's bolt and bbolt backends, and so this package,
// keep in a store's directory.
const File = "indexes.bolt"

// storeIndexes are the quad indexes of a store this package creates:
// Cayley's defaults and one by label.
var storeIndexes = append(append([]ckv.QuadIndex(nil), ckv.DefaultQuadIndexes...),
	ckv.QuadIndex{Dirs: []quad.Direction{quad.Label}})

// labelIndex is the label index of storeIndexes.
var labelIndex = storeIndexes[len(storeIndexes)-1]

// Keys of the store's metadata.
var (
	keyMetaIndexes = kv.Key{[]byte("meta"), []byte("indexes")}
	keyMetaVersion = kv.Key{[]byte("meta"), []byte("version")}
)

// DB is the key-value file of a bolt or bbolt store, under Cayley's quad
// store. Its writes (Write, WriteNew) must not run concurrently.
type DB struct {
	kv   *joinKV
	opts graph.Options
	// bolt: the file is boltKV's, which WriteNew writes directly.
	bolt bool
	// bulk is the state of the bulk load under way, if any (bulk.go).
	bulk *bulkLoad
	// refused says why WriteNew will not write this store, once it knows.
	refused string
	// indexes are the store's quad indexes, as its metadata lists them
	// once opened (Scan).
	indexes []ckv.QuadIndex
	// records counts the records of the log read (RecordsRead).
	records atomic.Int64
	// restated are the hashes of the predicates whose facts' keys the
	// bulk writer keeps (KeepRestated).
	restated []refs.ValueHash
}

// RecordsRead is the number of records of the store's log read since it
// was opened: those of quads ScanQuads, AllQuads and Scan read, and those of
// values Values reads. What a read costs, for the tests that show a read
// passing facts over unread.
func (db *DB) RecordsRead() int64 { return db.records.Load() }

// Open opens (creating when missing) the key-value file of a bolt or bbolt
// store in dir, sets a new store up with storeIndexes, gives an older one
// its label index, and opens Cayley's quad store over it. It fails at once
// when another process holds the file.
func Open(backend, dir string, opts graph.Options) (*DB, graph.QuadStore, error) {
	if err := checkUnlocked(filepath.Join(dir, File)); err != nil {
		return nil, nil, err
	}
	var (
		db  kv.KV
		err error
	)
	switch backend {
	case Bolt:
		db, err = openBoltKV(dir, opts)
	case BBolt:
		db, err = openBBoltKV(dir, opts)
	default:
		err = fmt.Errorf("open %s: not a key-value backend", backend)
	}
	if err != nil {
		return nil, nil, err
	}
	j := &joinKV{KV: db}
	qs, err := initKV(j, opts)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	var indexes []ckv.QuadIndex
	err = kv.View(context.Background(), j, func(tx kv.Tx) error {
		indexes, err = readIndexes(context.Background(), tx)
		return err
	})
	if err != nil {
		qs.Close()
		return nil, nil, err
	}
	return &DB{kv: j, opts: opts, bolt: backend == Bolt, indexes: indexes}, qs, nil
}

// checkUnlocked fails when another process holds the bolt file: bolt waits
// for the lock without end, and Cayley sets no timeout, so a second
// pactgraph on the same store would hang instead of saying why.
func checkUnlocked(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return fmt.Errorf("%s is in use by another process (is pactgraph serve running on it?): %w", path, err)
	}
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}

// openBBoltKV opens the bbolt file in dir, creating both when missing, as
// Cayley's bbolt backend does.
func openBBoltKV(dir string, opts graph.Options) (kv.KV, error) {
	if dir == "" {
		return nil, ckv.ErrEmptyPath
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	db, err := hbbolt.Open(filepath.Join(dir, File), &bbolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, err
	}
	if db.DB().NoSync, err = opts.BoolKey("nosync", false); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// initKV sets a new store up with storeIndexes, gives an older one its
// label index, and opens Cayley's quad store over db.
func initKV(db *joinKV, opts graph.Options) (graph.QuadStore, error) {
	ctx := context.Background()
	err := ckv.Init(db, opts)
	switch {
	case err == nil:
		data, err := json.Marshal(storeIndexes)
		if err != nil {
			return nil, err
		}
		if err := kv.Update(ctx, db.KV, func(tx kv.Tx) error { return tx.Put(ctx, keyMetaIndexes, data) }); err != nil {
			return nil, fmt.Errorf("write the store's indexes: %w", err)
		}
	case errors.Is(err, graph.ErrDatabaseExists):
		if err := addLabelIndex(ctx, db.KV); err != nil {
			return nil, fmt.Errorf("add the label index: %w", err)
		}
	default:
		return nil, err
	}
	return ckv.New(db, opts)
}

// Write runs fn, which writes through Cayley's quad store over db, in one
// transaction of the file: every write transaction Cayley opens while fn
// runs is that one, and it commits when fn returns nil. It ends a bulk
// load. When the write fails, Cayley's quad store is opened anew over the
// file and returned, for the caller to use from then on: Cayley keeps the
// ids of the nodes a write created in memory, and those of a rolled-back
// write name nothing, or later something else.
//
// added, when not nil, says that fn only adds quads, each new to the
// store: these. Then the labels the bulk writer keeps of the facts into
// each node and the keys of the restated facts, each if in use, are kept
// on, in the same transaction (keepInLabels),
// provided the store's count of quads grew by as many; after any other
// write they are no longer used.
func (db *DB) Write(ctx context.Context, added []quad.Quad, fn func() error) (graph.QuadStore, error) {
	db.bulk = nil
	err := db.kv.write(ctx, func(tx kv.Tx) error {
		kept, restating := false, false
		var before uint64
		if added != nil {
			var err error
			if kept, err = keptInLabels(ctx, tx); err != nil {
				return err
			}
			if restating, err = db.keptRestated(ctx, tx); err != nil {
				return err
			}
			if before, err = metaUint(ctx, tx, "size"); err != nil {
				return err
			}
		}
		if err := fn(); err != nil || !kept {
			return err
		}
		// Only additions, each new: the count grew by as many.
		if after, err := metaUint(ctx, tx, "size"); err != nil || after != before+uint64(len(added)) {
			return err
		}
		return db.keepInLabels(ctx, tx, added, restating)
	})
	if err == nil {
		return nil, nil
	}
	qs, rerr := ckv.New(db.kv, db.opts)
	if rerr != nil {
		return nil, errors.Join(err, fmt.Errorf("reopen the store after a failed write: %w", rerr))
	}
	return qs, err
}

// joinKV is a key-value store whose write transactions can be joined:
// while write runs, every write transaction opened through it (by
// Cayley's ApplyDeltas) is write's own, so that several of Cayley's writes
// commit together or not at all. Read transactions are the store's own
// and see the store as it was before write.
type joinKV struct {
	kv.KV
	mu sync.Mutex
	tx kv.Tx // the transaction write holds open, if any
}

func (j *joinKV) Tx(ctx context.Context, rw bool) (kv.Tx, error) {
	if rw {
		j.mu.Lock()
		tx := j.tx
		j.mu.Unlock()
		if tx != nil {
			return joinedTx{tx}, nil
		}
	}
	return j.KV.Tx(ctx, rw)
}

func (j *joinKV) View(ctx context.Context, fn func(tx kv.Tx) error) error {
	return kv.View(ctx, j, fn)
}

func (j *joinKV) Update(ctx context.Context, fn func(tx kv.Tx) error) error {
	return kv.Update(ctx, j, fn)
}

// write runs fn in one write transaction, which every write opened
// through j until fn returns joins, and commits it when fn returns nil.
// Writes must not run concurrently (DB says so).
func (j *joinKV) write(ctx context.Context, fn func(tx kv.Tx) error) error {
	tx, err := j.KV.Tx(ctx, true)
	if err != nil {
		return err
	}
	j.mu.Lock()
	j.tx = tx
	j.mu.Unlock()
	defer func() {
		j.mu.Lock()
		j.tx = nil
		j.mu.Unlock()
		tx.Close()
	}()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// joinedTx is a write transaction lent to a writer that does not own it:
// committing or closing it is its owner's.
type joinedTx struct{ kv.Tx }

func (joinedTx) Commit(context.Context) error { return nil }
func (joinedTx) Close() error                 { return nil }

// readIndexes reads the list of quad indexes in the store's metadata.
func readIndexes(ctx context.Context, tx kv.Tx) ([]ckv.QuadIndex, error) {
	data, err := tx.Get(ctx, keyMetaIndexes)
	if err != nil {
		return nil, fmt.Errorf("read the store's indexes: %w", err)
	}
	var list []ckv.QuadIndex
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("read the store's indexes %q: %w", data, err)
	}
	return list, nil
}

// addLabelIndex gives a store written without a label index one: it reads
// every quad's record in Cayley's log, in the order of their ids, and
// writes each label's quads, as Cayley's index does (the list of ids,
// uvarints, under the label's id), with the index's name in the store's
// metadata, in one transaction. A store that has the index is left as it
// is.
func addLabelIndex(ctx context.Context, db kv.KV) error {
	return kv.Update(ctx, db, func(tx kv.Tx) error {
		have, err := readIndexes(ctx, tx)
		if err != nil {
			return err
		}
		for _, ind := range have {
			if len(ind.Dirs) == 1 && ind.Dirs[0] == quad.Label {
				return nil
			}
		}
		lists := map[uint64][]byte{}
		err = eachQuadRecord(ctx, tx, func(p *cproto.Primitive) error {
			l := p.GetDirection(quad.Label)
			lists[l] = binary.AppendUvarint(lists[l], p.ID)
			return nil
		})
		if err != nil {
			return err
		}
		for l, ids := range lists {
			if err := tx.Put(ctx, labelIndex.KeyFor(&cproto.Primitive{Label: l}), ids); err != nil {
				return err
			}
		}
		data, err := json.Marshal(append(have, labelIndex))
		if err != nil {
			return err
		}
		return tx.Put(ctx, keyMetaIndexes, data)
	})
}

// eachQuadRecord calls fn with the record of every quad in Cayley's log
// that is not deleted, in the order of their ids.
func eachQuadRecord(ctx context.Context, tx kv.Tx, fn func(p *cproto.Primitive) error) error {
	it := tx.Scan(ctx, options.WithPrefixKV(kv.Key{[]byte("log")}))
	defer it.Close()
	for it.Next(ctx) {
		var p cproto.Primitive
		if err := proto.Unmarshal(it.Val(), &p); err != nil {
			return fmt.Errorf("the log's record %x: %w", it.Key(), err)
		}
		if p.Deleted || p.IsNode() {
			continue
		}
		if err := fn(&p); err != nil {
			return err
		}
	}
	return it.Err()
}

// NothingWritten reports err as the one Cayley's kv store answers a count
// with before anything was ever written to it: its buckets do not exist
// yet.
func NothingWritten(err error) bool { return errors.Is(err, ckv.ErrNoBucket) }
