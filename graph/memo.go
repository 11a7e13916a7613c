package graph

import (
	"context"
	"sync"
)

// memo keeps a value read from the store while the store does not
// change: every write through the Store drops it, and a store whose size
// changed since it was read (a write through Cayley's own API) reads it
// again. Each value is read for a key (a limit, say): another key reads
// it again. Reads that arrive together wait for one read of the store.
type memo[T any] struct {
	read  sync.Mutex // held while the value is read from the store
	mu    sync.Mutex
	gen   int   // counts drops, so that a read raced by a write is not kept
	quads int64 // the store's size when read
	key   int
	val   T
	ok    bool
}

// drop forgets the value after a write; a nil memo (postgres, which other
// processes may write to) keeps nothing.
func (m *memo[T]) drop() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.gen++
	m.ok = false
	var zero T
	m.val = zero
	m.mu.Unlock()
}

// get gives the value for key at s's present size, reading it with read
// unless kept. A nil memo asks s for no size: on postgres that is a count.
func (m *memo[T]) get(ctx context.Context, s *Store, key int, read func() (T, error)) (T, error) {
	if m == nil {
		return read()
	}
	size, err := s.Size(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	if v, ok, _ := m.current(size, key); ok {
		return v, nil
	}
	m.read.Lock()
	defer m.read.Unlock()
	v, ok, gen := m.current(size, key)
	if ok {
		return v, nil
	}
	v, err = read()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	if m.gen == gen {
		m.val, m.quads, m.key, m.ok = v, size, key, true
	}
	m.mu.Unlock()
	return v, nil
}

// current gives the value if it was read at the store's present size for
// key, and the generation it was looked up in.
func (m *memo[T]) current(size int64, key int) (T, bool, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ok && m.quads == size && m.key == key {
		return m.val, true, m.gen
	}
	var zero T
	return zero, false, m.gen
}
