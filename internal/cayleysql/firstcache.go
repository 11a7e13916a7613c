package cayleysql

import (
	"sync"

	"github.com/cayleygraph/cayley/graph/refs"
)

// FirstCache keeps, across requests, which object FirstObjects found
// first for a subject and a predicate (or that there was none), while
// the database stays in one state. Which object is first changes with
// the facts, so, unlike a node's value (ValueCache), a first object is
// kept for one state of the database only: the caller numbers the states
// (a count that every writing transaction raises, whichever process
// writes; graph's pactgraph_stamp) and reads the number before the
// facts. A reader of a later state drops what was kept; a reader of an
// earlier one neither uses nor adds to it. What is kept for a state was
// read at that state or a later one, so no reader is given a first object
// older than its own state. It holds about its budget of bytes
// (generations). Its entries are hashes, held in the maps themselves: maps
// with no pointer in them, which the garbage collector does not scan (a
// map of strings was a third of a server's heap on PostgreSQL, marked at
// every collection). A nil FirstCache keeps nothing.
type FirstCache struct {
	mu     sync.Mutex
	writes int64 // the state what is kept was read at
	kept   generations[pairKey, refs.ValueHash]
}

// pairKey is the hashes of a subject and a predicate.
type pairKey [2]refs.ValueHash

// NewFirstCache returns a cache of about budget bytes of first objects.
func NewFirstCache(budget int) *FirstCache {
	size := func(pairKey, refs.ValueHash) int { return firstEntrySize }
	return &FirstCache{kept: newGenerations(budget, size)}
}

// At is the cache as seen by a reader of the database's state numbered
// writes, read before its facts.
func (c *FirstCache) At(writes int64) Firsts { return Firsts{c, writes} }

// Firsts is a FirstCache seen at one state of the database. The zero
// Firsts keeps nothing.
type Firsts struct {
	cache  *FirstCache
	writes int64
}

// firstEntrySize is about what a first object kept takes: the subject's
// and predicate's hashes, the object's, and a map entry's share.
const firstEntrySize = 3*20 + 20

// current locks the cache for a reader at f's state, moving the cache to
// that state when it is later; ok is false (and nothing locked) for a
// reader of an earlier state, or without a cache.
func (f Firsts) current() (ok bool) {
	if f.cache == nil {
		return false
	}
	f.cache.mu.Lock()
	if f.writes > f.cache.writes {
		f.cache.writes = f.writes
		f.cache.kept.clear()
	}
	if f.writes < f.cache.writes {
		f.cache.mu.Unlock()
		return false
	}
	return true
}

// get gives the hash of the first object of the subject and predicate
// of pair (the zero hash when there is none), if kept.
func (f Firsts) get(pair pairKey) (object refs.ValueHash, ok bool) {
	if !f.current() {
		return refs.ValueHash{}, false
	}
	defer f.cache.mu.Unlock()
	return f.cache.kept.get(pair)
}

// put keeps the first objects of pairs read, absent when there is none.
func (f Firsts) put(pairs []pairKey, objects map[pairKey]refs.ValueHash) {
	if !f.current() {
		return
	}
	defer f.cache.mu.Unlock()
	for _, p := range pairs {
		f.cache.kept.put(p, objects[p])
	}
}
