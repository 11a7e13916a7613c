package graph

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	cayleykv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/hidal-go/hidalgo/kv"
	"github.com/hidal-go/hidalgo/kv/options"
	"google.golang.org/protobuf/proto"
)

// CheckReport is what Check found: the store's counts and, when it is not
// sound, what is wrong, one sentence a problem.
type CheckReport struct {
	Quads    int64    `json:"quads"`
	Nodes    int64    `json:"nodes,omitempty"` // bolt and bbolt
	Indexes  []string `json:"indexes,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

// OK says whether Check found nothing wrong.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }

// maxProblems bounds the problems a report lists of each kind.
const maxProblems = 20

// Check verifies the store against its quads. On every backend: each quad
// reads back whole, and the store's count is the number of quads. On bolt
// and bbolt, Cayley's records too (the format of graph/kv at the version
// go.mod pins, as bulk.go writes it): the count of quads, every quad's
// nodes, every node's count of the quad directions naming it and its entry
// by hash, and every index, which must list each quad under its key.
func (s *Store) Check(ctx context.Context) (CheckReport, error) {
	var r CheckReport
	qs := s.cayley()
	problems := map[string]int{} // by kind, to keep each kind's list short
	add := func(kind, format string, args ...any) {
		problems[kind]++
		if problems[kind] <= maxProblems {
			r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
		}
	}
	err := each(ctx, qs.QuadsAllIterator(), func(ref refs.Ref) error {
		r.Quads++
		q, err := qs.Quad(ref)
		if err != nil {
			add("read", "a quad cannot be read: %v", err)
			return nil
		}
		if !q.IsValid() {
			add("read", "quad %s lacks its subject, predicate or object", q)
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("check: read every quad: %w", err)
	}
	size, err := s.Size(ctx)
	if err != nil {
		return r, fmt.Errorf("check: %w", err)
	}
	if size != r.Quads {
		add("size", "the store says it holds %d quads; it has %d", size, r.Quads)
	}
	if s.kv != nil {
		if err := s.kv.View(ctx, func(tx kv.Tx) error { return checkKV(ctx, tx, &r, add) }); err != nil {
			return r, fmt.Errorf("check: %w", err)
		}
	}
	for kind, n := range problems {
		if n > maxProblems {
			r.Problems = append(r.Problems, fmt.Sprintf("… and %d more problems of this kind (%s)", n-maxProblems, kind))
		}
	}
	return r, nil
}

// checkKV checks Cayley's kv records in tx.
func checkKV(ctx context.Context, tx kv.Tx, r *CheckReport, add func(kind, format string, args ...any)) error {
	data, err := tx.Get(ctx, keyMetaIndexes)
	if err != nil {
		return fmt.Errorf("the store's indexes: %w", err)
	}
	var indexes []cayleykv.QuadIndex
	if err := json.Unmarshal(data, &indexes); err != nil {
		return fmt.Errorf("the store's indexes %q: %w", data, err)
	}
	for _, ind := range indexes {
		name := ""
		for _, d := range ind.Dirs {
			name += d.String()[:1]
		}
		r.Indexes = append(r.Indexes, name)
	}

	// Every record of the log: nodes by id, with their hash; quads alive.
	nodes := map[uint64]refs.ValueHash{}
	var quads []*cproto.Primitive
	var horizon uint64
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
		case !p.Deleted:
			quads = append(quads, &p)
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
