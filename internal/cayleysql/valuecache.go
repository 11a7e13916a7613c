package cayleysql

import (
	"sync"

	"github.com/cayleygraph/quad"
)

// ValueCache keeps the values of nodes read by their hashes, across
// requests. A node's hash is the hash of its value (refs.HashOf), so the
// value a hash names never changes: a value kept is never stale, whoever
// writes the database, as for Cayley's own cache of them. It holds at
// most about its budget of bytes (generations). A nil ValueCache keeps
// nothing.
type ValueCache struct {
	mu   sync.Mutex
	kept generations[string, quad.Value]
}

// NewValueCache returns a cache of about budget bytes of values.
func NewValueCache(budget int) *ValueCache {
	size := func(h string, v quad.Value) int { return len(h) + valueSize(v) }
	return &ValueCache{kept: newGenerations(budget, size)}
}

// get gives the value of the node hash h, if kept.
func (c *ValueCache) get(h string) (quad.Value, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.kept.get(h)
}

// put keeps v as the value of the node hash h.
func (c *ValueCache) put(h string, v quad.Value) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kept.put(h, v)
}

// generations keeps about budget bytes of entries in two maps: entries go
// into the new one; when that holds half the budget it becomes the old
// one and the old one is dropped; an entry found in the old one moves to
// the new. size says about how many bytes an entry takes. The caller
// locks.
type generations[K comparable, V any] struct {
	budget   int
	size     func(K, V) int
	cur, old map[K]V
	curSize  int
}

func newGenerations[K comparable, V any](budget int, size func(K, V) int) generations[K, V] {
	return generations[K, V]{budget: budget, size: size, cur: map[K]V{}}
}

// get gives the entry of k, if kept.
func (g *generations[K, V]) get(k K) (V, bool) {
	if v, ok := g.cur[k]; ok {
		return v, true
	}
	v, ok := g.old[k]
	if ok {
		g.put(k, v)
	}
	return v, ok
}

// put keeps v for k.
func (g *generations[K, V]) put(k K, v V) {
	if _, ok := g.cur[k]; ok {
		return
	}
	if g.curSize >= g.budget/2 {
		g.old, g.cur, g.curSize = g.cur, map[K]V{}, 0
	}
	g.cur[k] = v
	g.curSize += g.size(k, v)
}

// clear drops every entry.
func (g *generations[K, V]) clear() { g.old, g.cur, g.curSize = nil, map[K]V{}, 0 }

// valueSize is about what v takes in memory, with a map entry's share.
func valueSize(v quad.Value) int {
	const overhead = 64
	switch v := v.(type) {
	case quad.IRI:
		return overhead + len(v)
	case quad.String:
		return overhead + len(v)
	case quad.BNode:
		return overhead + len(v)
	case quad.TypedString:
		return overhead + len(v.Value) + len(v.Type)
	case quad.LangString:
		return overhead + len(v.Value) + len(v.Lang)
	default:
		return overhead
	}
}
