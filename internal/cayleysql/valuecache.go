package cayleysql

import (
	"sync"

	"github.com/cayleygraph/quad"
)

// ValueCache keeps the values of nodes read by their hashes, across
// requests. A node's hash is the hash of its value (refs.HashOf), so the
// value a hash names never changes: a value kept is never stale, whoever
// writes the database, as for Cayley's own cache of them. It holds at
// most about its budget of bytes, in two generations: values go into the
// new one; when that holds half the budget it becomes the old one and the
// old one is dropped; a value found in the old one moves to the new. A nil
// ValueCache keeps nothing.
type ValueCache struct {
	mu       sync.Mutex
	budget   int
	cur, old map[string]quad.Value
	curSize  int
}

// NewValueCache returns a cache of about budget bytes of values.
func NewValueCache(budget int) *ValueCache {
	return &ValueCache{budget: budget, cur: map[string]quad.Value{}}
}

// get gives the value of the node hash h, if kept.
func (c *ValueCache) get(h string) (quad.Value, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cur[h]; ok {
		return v, true
	}
	v, ok := c.old[h]
	if ok {
		c.putLocked(h, v)
	}
	return v, ok
}

// put keeps v as the value of the node hash h.
func (c *ValueCache) put(h string, v quad.Value) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(h, v)
}

func (c *ValueCache) putLocked(h string, v quad.Value) {
	if _, ok := c.cur[h]; ok {
		return
	}
	if c.curSize >= c.budget/2 {
		c.old, c.cur, c.curSize = c.cur, map[string]quad.Value{}, 0
	}
	c.cur[h] = v
	c.curSize += len(h) + valueSize(v)
}

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
