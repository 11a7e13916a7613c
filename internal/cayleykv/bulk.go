package cayleykv

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/hidal-go/hidalgo/kv"
	"google.golang.org/protobuf/proto"

	"github.com/pactgraph/pactgraph/internal/valuehash"
)

// Document is one document's quads, for WriteNew: every quad valid and
// labelled, by the document or by a part of it.
type Document struct {
	IRI   quad.IRI
	Quads []quad.Quad
}

// WriteNew writes docs in one transaction below Cayley's write path
// (bulkLoad), when the store is bolt and either holds no quad or was
// written only by WriteNew since it did, and each document is new to it;
// added gives the number of quads of each document written. ok is false
// when it did not write them: then nothing is written, and the caller
// writes them through Cayley.
//
// It writes only a store whose data version and list of quad indexes are
// those the bulk writer was checked against, at CayleyVersion; of any
// other it says so once, in a log line, and leaves it to Cayley's writer,
// which knows its own format.
func (db *DB) WriteNew(ctx context.Context, docs []Document) (added []int, ok bool, err error) {
	if !db.bolt || len(docs) == 0 || db.refused != "" {
		return nil, false, nil
	}
	if db.bulk == nil {
		size, err := db.size(ctx)
		if err != nil || size != 0 {
			return nil, false, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	err = db.kv.write(ctx, func(ktx kv.Tx) error {
		tx := ktx.(*boltTx)
		if db.bulk == nil {
			var err error
			if db.bulk, err = newBulkLoad(ctx, tx, db.restated); err != nil {
				return err
			}
		}
		added, err = db.bulk.write(tx, docs)
		return err
	})
	var other *otherLayout
	if errors.As(err, &other) {
		db.refused = other.Error()
		slog.Warn("bulk load: "+db.refused+"; Cayley's writer writes the documents",
			"cayley", CayleyVersion)
		return nil, false, nil
	}
	if err != nil {
		db.bulk = nil // its state is ahead of the store's now
		if errors.Is(err, errDocumentAgain) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return added, true, nil
}

// Bulk says whether a bulk load is under way: every write since the store
// held no quad was WriteNew's.
func (db *DB) Bulk() bool { return db.bulk != nil }

// size is the store's count of quads, as Cayley keeps it.
func (db *DB) size(ctx context.Context) (uint64, error) {
	var size uint64
	err := db.kv.View(ctx, func(tx kv.Tx) (err error) {
		size, err = metaUint(ctx, tx, "size")
		return err
	})
	return size, err
}

// Stamp names the state of the store: it changes with every write that
// changes the store, through pactgraph or any other program writing
// Cayley's records. It is the store's last id ("horizon"), which every
// added node and quad raises, with its count of quads, which every
// deletion lowers; so no two states share a stamp.
func (db *DB) Stamp(ctx context.Context) (string, error) {
	var horizon, size uint64
	err := db.kv.View(ctx, func(tx kv.Tx) (err error) {
		if horizon, err = metaUint(ctx, tx, "horizon"); err != nil {
			return err
		}
		size, err = metaUint(ctx, tx, "size")
		return err
	})
	if err != nil {
		return "", fmt.Errorf("read the store's stamp: %w", err)
	}
	return fmt.Sprintf("kv %d %d", horizon, size), nil
}

// metaUint reads one of the counts Cayley keeps in "meta", 0 when unset.
func metaUint(ctx context.Context, tx kv.Tx, key string) (uint64, error) {
	v, err := tx.Get(ctx, kv.Key{[]byte("meta"), []byte(key)})
	if errors.Is(err, kv.ErrNotFound) || errors.Is(err, ckv.ErrNoBucket) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("the store's %s is %d bytes long, not 8", key, len(v))
	}
	return binary.LittleEndian.Uint64(v), nil
}

// bulkLoad writes documents into a bolt store that held nothing when the
// first of them came, below Cayley's write path: it writes the records
// Cayley's kv store would (graph/kv/indexing.go at CayleyVersion), but
// knows every node of the load from memory instead of looking each up,
// needs no check for quads already there (every document is new), and
// writes each bucket's keys in order. Cayley's ApplyDeltas, which does all
// that for any write, is what a bulk load spent its time in.
//
// What Cayley writes for new nodes and quads, and so bulkLoad:
//   - a node: its primitive (id, value as pquads, time) in the log bucket
//     under its id (8 bytes, big-endian); its id (uvarint) in bucket
//     'v'+hash[0:2] under its hash; the number of quad directions that
//     name it (uvarint) in bucket 'n'+hash[0:2] under its hash;
//   - a quad: its primitive (id, the four node ids, time) in the log; its
//     id appended (uvarint) to the value of its key in each quad index the
//     store's metadata lists (subject–predicate, object–predicate–subject,
//     label);
//   - the store's quad count ("size") and last id ("horizon") in "meta",
//     8 bytes little-endian.
//
// Ids are given as Cayley's ApplyDeltas gives them for the same batch of
// documents (their quads, each once, in order): first the batch's new
// nodes in the order of their hashes, then its quads; so the file holds the
// same records, byte for byte but for their times, as one written by
// Cayley batch for batch (TestBulkWritesCayleysRecords), and each index
// value stays sorted as Cayley's reads expect. The load's state (every node's id and count) lives
// as long as only bulk writes follow; any other write ends it (DB.Write).
type bulkLoad struct {
	indexes []ckv.QuadIndex
	nodes   map[refs.ValueHash]*bulkNode
	docs    map[quad.IRI]bool
	labels  map[quad.Value]quad.IRI // the document each label's quads came with
	horizon uint64
	size    uint64
	// keepInLabels: the store held no record when the load began, so the
	// labels of the facts into each node are kept (inLabelsBucket).
	keepInLabels bool
	// restated: the predicates whose facts' keys are kept (restatedBucket),
	// when keepInLabels.
	restated []refs.ValueHash
}

type bulkNode struct {
	id, refs uint64
	iri      bool // its value is an IRI
}

// errDocumentAgain is bulkLoad's answer to a document it wrote already or
// is given twice, or to quads labelled as another document's were:
// replacing what is there is Cayley's path, and refusing a batch that
// names a document twice is the caller's.
var errDocumentAgain = errors.New("bulk load: a document again")

// bulkIndexes are the quad indexes, in their order, of the stores the bulk
// writer was checked against: those Open sets up. A store that lists
// others is written by Cayley.
var bulkIndexes = []ckv.QuadIndex{
	{Dirs: []quad.Direction{quad.Subject, quad.Predicate}},
	{Dirs: []quad.Direction{quad.Object, quad.Predicate, quad.Subject}},
	{Dirs: []quad.Direction{quad.Label}},
}

// otherLayout is newBulkLoad's answer to a store whose records may not be
// those the bulk writer writes: its data version or its indexes are not
// those it was checked against.
type otherLayout struct{ what string }

func (e *otherLayout) Error() string {
	return "the store's " + e.what + " is not the one the bulk writer was checked against"
}

// newBulkLoad starts a bulk load of a store that holds no quad, when its
// data version and its indexes are those the bulk writer knows; it keeps
// the keys of the facts of the restated predicates.
func newBulkLoad(ctx context.Context, tx kv.Tx, restated []refs.ValueHash) (*bulkLoad, error) {
	v, err := tx.Get(ctx, keyMetaVersion)
	if err != nil {
		return nil, fmt.Errorf("bulk load: the store's data version: %w", err)
	}
	if len(v) != 8 || binary.LittleEndian.Uint64(v) != dataVersion {
		return nil, &otherLayout{fmt.Sprintf("data version (%x, not %d)", v, dataVersion)}
	}
	indexes, err := readIndexes(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("bulk load: %w", err)
	}
	if !reflect.DeepEqual(indexes, bulkIndexes) {
		return nil, &otherLayout{fmt.Sprintf("list of indexes (%s, not %s)", indexNames(indexes), indexNames(bulkIndexes))}
	}
	b := &bulkLoad{indexes: indexes, nodes: map[refs.ValueHash]*bulkNode{}, docs: map[quad.IRI]bool{}, labels: map[quad.Value]quad.IRI{}}
	// A store emptied by deletes keeps its deleted quads' records and index
	// entries under their ids: new ids start after them.
	if h, err := tx.Get(ctx, kv.Key{[]byte("meta"), []byte("horizon")}); err == nil && len(h) == 8 {
		b.horizon = binary.LittleEndian.Uint64(h)
	} else if err != nil && !errors.Is(err, kv.ErrNotFound) {
		return nil, err
	}
	// Those deleted quads' ids stay in the index lists: the labels of the
	// facts into a node are kept only from a store that never held any.
	b.keepInLabels = b.horizon == 0
	if b.keepInLabels {
		b.restated = restated
	}
	return b, nil
}

// write writes docs in tx and gives the number of quads of each it wrote.
// On an error the caller must roll tx back and drop b: its state has moved
// on.
func (b *bulkLoad) write(tx *boltTx, docs []Document) ([]int, error) {
	batch := make(map[quad.IRI]bool, len(docs))
	for _, d := range docs {
		if b.docs[d.IRI] || batch[d.IRI] {
			return nil, errDocumentAgain
		}
		batch[d.IRI] = true
	}
	now := time.Now().UnixNano()
	added := make([]int, len(docs))
	type put struct{ key, val []byte }
	// The log's records, ids increasing (in key order), encoded below on
	// every core: a node's value is held until then.
	type logRecord struct {
		p *cproto.Primitive
		v quad.Value
	}
	var logs []logRecord
	values := map[string][]put{}
	counted := map[refs.ValueHash]*bulkNode{}
	// Per quad index (as b.indexes), the ids to append to each key, the
	// key being the node ids of the index's directions.
	index := make([]map[[4]uint64][]uint64, len(b.indexes))
	for i := range index {
		index[i] = map[[4]uint64][]uint64{}
	}
	// First the nodes and quads of the batch, then their ids as Cayley's
	// ApplyDeltas gives them for the same batch: the new nodes, in the
	// order of their hashes, then the quads, in the order given.
	hashes := hashQuads(docs)
	type newNode struct {
		hash refs.ValueHash
		v    quad.Value
		n    *bulkNode
	}
	var fresh []newNode
	var links [][4]*bulkNode
	for i, d := range docs {
		b.docs[d.IRI] = true
		seen := make(map[[4]*bulkNode]bool, len(d.Quads))
		var label quad.Value // the last label checked
		for j, q := range d.Quads {
			if !q.IsValid() || q.Label == nil {
				return nil, fmt.Errorf("bulk load %s: quad %s has no label or a missing part", d.IRI, q)
			}
			if q.Label != label {
				if doc, ok := b.labels[q.Label]; ok && doc != d.IRI {
					return nil, errDocumentAgain
				}
				b.labels[q.Label], label = d.IRI, q.Label
			}
			var nodes [4]*bulkNode
			for k, dir := range quad.Directions {
				h := hashes[i][j][k]
				n := b.nodes[h]
				if n == nil {
					_, iri := q.Get(dir).(quad.IRI)
					n = &bulkNode{iri: iri}
					b.nodes[h] = n
					fresh = append(fresh, newNode{h, q.Get(dir), n})
				}
				nodes[k] = n
			}
			if seen[nodes] {
				continue // the same quad again
			}
			seen[nodes] = true
			for k, n := range nodes {
				n.refs++
				counted[hashes[i][j][k]] = n
			}
			links = append(links, nodes)
			b.size++
			added[i]++
		}
	}
	sort.Slice(fresh, func(i, j int) bool { return bytes.Compare(fresh[i].hash[:], fresh[j].hash[:]) < 0 })
	for _, f := range fresh {
		b.horizon++
		f.n.id = b.horizon
		logs = append(logs, logRecord{&cproto.Primitive{ID: f.n.id, Timestamp: now}, f.v})
		bucket := string([]byte{'v', f.hash[0], f.hash[1]})
		values[bucket] = append(values[bucket], put{append([]byte(nil), f.hash[:]...), binary.AppendUvarint(nil, f.n.id)})
	}
	inLabels := map[[2]uint64]bool{}   // (object, label) of the facts into IRIs
	restatedBy := map[*bulkNode]bool{} // the restated predicates' nodes
	for _, h := range b.restated {
		if n := b.nodes[h]; n != nil {
			restatedBy[n] = true
		}
	}
	var restated [][4]uint64 // the facts of those out of IRIs
	for _, nodes := range links {
		b.horizon++
		link := &cproto.Primitive{ID: b.horizon, Timestamp: now}
		for k, dir := range quad.Directions {
			link.SetDirection(dir, nodes[k].id)
		}
		logs = append(logs, logRecord{p: link})
		if b.keepInLabels && nodes[2].iri {
			inLabels[[2]uint64{link.Object, link.Label}] = true
		}
		if nodes[0].iri && restatedBy[nodes[1]] {
			restated = append(restated, [4]uint64{link.Subject, link.Predicate, link.Object, link.Label})
		}
		for x, ind := range b.indexes {
			var key [4]uint64
			for k, dir := range ind.Dirs {
				key[k] = link.GetDirection(dir)
			}
			index[x][key] = append(index[x][key], link.ID)
		}
	}
	for h, n := range counted {
		bucket := string([]byte{'n', h[0], h[1]})
		values[bucket] = append(values[bucket], put{append([]byte(nil), h[:]...), binary.AppendUvarint(nil, n.refs)})
	}

	// Every bucket's keys in order, straight into its bolt bucket.
	bucket := func(name string) (*boltBucket, error) {
		return tx.bucket(kv.Key{[]byte(name), nil}, true)
	}
	encoded := make([][]byte, len(logs))
	errs := make([]error, len(logs))
	onEveryCore(len(logs), func(i int) {
		r := logs[i]
		if r.v != nil {
			if r.p.Value, errs[i] = pquads.MarshalValue(r.v); errs[i] != nil {
				return
			}
		}
		encoded[i], errs[i] = proto.Marshal(r.p)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("bulk load: %w", err)
	}
	lb, err := bucket("log")
	if err != nil {
		return nil, err
	}
	for i, r := range logs {
		if err := lb.put(binary.BigEndian.AppendUint64(nil, r.p.ID), encoded[i]); err != nil {
			return nil, err
		}
	}
	for _, name := range sortedKeysOf(values) {
		bb, err := bucket(name)
		if err != nil {
			return nil, err
		}
		ps := values[name]
		sort.Slice(ps, func(i, j int) bool { return string(ps[i].key) < string(ps[j].key) })
		for _, p := range ps {
			if err := bb.put(p.key, p.val); err != nil {
				return nil, err
			}
		}
	}
	for x, ind := range b.indexes {
		name := ind.KeyFor(&cproto.Primitive{})[0] // the index's bucket
		bb, err := bucket(string(name))
		if err != nil {
			return nil, err
		}
		keys := make([][4]uint64, 0, len(index[x]))
		for key := range index[x] {
			keys = append(keys, key)
		}
		// In the order of their bytes: each id 8 bytes, big-endian.
		sort.Slice(keys, func(i, j int) bool {
			a, b := keys[i], keys[j]
			for k := range a {
				if a[k] != b[k] {
					return a[k] < b[k]
				}
			}
			return false
		})
		for _, key := range keys {
			k := make([]byte, 0, 8*len(ind.Dirs))
			for _, id := range key[:len(ind.Dirs)] {
				k = binary.BigEndian.AppendUint64(k, id)
			}
			val := append([]byte(nil), bb.Get(k)...)
			for _, id := range index[x][key] {
				val = binary.AppendUvarint(val, id)
			}
			if err := bb.put(k, val); err != nil {
				return nil, err
			}
		}
	}
	meta, err := bucket("meta")
	if err != nil {
		return nil, err
	}
	if err := meta.put([]byte("size"), binary.LittleEndian.AppendUint64(nil, b.size)); err != nil {
		return nil, err
	}
	if err := meta.put([]byte("horizon"), binary.LittleEndian.AppendUint64(nil, b.horizon)); err != nil {
		return nil, err
	}
	if b.keepInLabels {
		if err := writeInLabels(tx, inLabels, b.size, b.horizon); err != nil {
			return nil, err
		}
	}
	if len(b.restated) > 0 {
		if err := writeRestated(tx, restated, b.size, b.horizon, b.restated); err != nil {
			return nil, err
		}
	}
	return added, nil
}

// writeInLabels adds the keys of a batch's (object, label) pairs to
// inLabelsBucket, in order, and records the store's count of quads and
// last id after the batch beside them (keptInLabels).
func writeInLabels(tx *boltTx, pairs map[[2]uint64]bool, size, horizon uint64) error {
	bb, err := tx.bucket(kv.Key{inLabelsBucket, nil}, true)
	if err != nil {
		return err
	}
	keys := make([][]byte, 0, len(pairs))
	for p := range pairs {
		keys = append(keys, binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(make([]byte, 0, 16), p[0]), p[1]))
	}
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i], keys[j]) < 0 })
	for _, k := range keys {
		// A value of one byte: an empty one reads as a bucket's in places.
		if err := bb.put(k, []byte{1}); err != nil {
			return err
		}
	}
	meta, err := tx.bucket(kv.Key{inLabelsStamp[0], nil}, true)
	if err != nil {
		return err
	}
	return meta.put(inLabelsStamp[1], binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, size), horizon))
}

func sortedKeysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// hashQuads gives the hashes of the values of each document's quads, by
// quad.Directions, worked out on every core.
func hashQuads(docs []Document) [][][4]refs.ValueHash {
	out := make([][][4]refs.ValueHash, len(docs))
	onEveryCore(len(docs), func(i int) {
		hs := make([][4]refs.ValueHash, len(docs[i].Quads))
		hash := valuehash.Memo{}
		for j, q := range docs[i].Quads {
			for k, dir := range quad.Directions {
				hs[j][k] = hash.Of(q.Get(dir))
			}
		}
		out[i] = hs
	})
	return out
}

// onEveryCore calls fn(i) for i from 0 to n-1, on as many goroutines as
// there are cores, and returns when all calls have.
func onEveryCore(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
