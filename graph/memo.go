package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"sync"
)

// memo keeps a value read from the store while the store does not
// change: every write through the Store drops it, and a store whose
// version (Store.version) changed since it was read (a write through
// Cayley's own API, or on postgres through another process) reads it
// again. Each value is read for a key (a limit, say): another key reads
// it again. Reads that arrive together wait for one read of the store.
//
// A memo with a keeper also writes each value it reads down, in gob
// under its name and key with the version it was read at, and looks
// there before reading the store (kept.go): a server that starts on a
// store unchanged since finds it at once. gob, not JSON: the summaries of
// 50,000 documents (54 MB in JSON) decode in 0.12 s, against 0.66 s, and
// a server's first page of documents waits for them.
type memo[T any] struct {
	name string
	keep keeper // nil: kept in memory only
	// encode and decode write the value down and read it back, when it
	// is not one gob message (nil: it is). decode may keep parts of data,
	// which is its own.
	encode func(T) ([]byte, error)
	decode func(data []byte) (T, error)
	read   sync.Mutex // held while the value is read from the store
	mu     sync.Mutex
	gen    int    // counts drops, so that a read raced by a write is not kept
	at     string // the store's version when read
	key    int
	val    T
	ok     bool
}

// drop forgets the value after a write.
func (m *memo[T]) drop() {
	m.mu.Lock()
	m.gen++
	m.ok = false
	var zero T
	m.val = zero
	m.mu.Unlock()
}

// get gives the value for key at s's present version, reading it with
// read unless kept.
func (m *memo[T]) get(ctx context.Context, s *Store, key int, read func() (T, error)) (T, error) {
	at, err := s.version(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	if v, ok, _ := m.current(at, key); ok {
		return v, nil
	}
	m.read.Lock()
	defer m.read.Unlock()
	v, ok, gen := m.current(at, key)
	if ok {
		return v, nil
	}
	v, found := m.load(ctx, s, at, key)
	if !found {
		if v, err = read(); err != nil {
			return v, err
		}
		m.save(ctx, s, at, key, v)
	}
	m.mu.Lock()
	if m.gen == gen {
		m.val, m.at, m.key, m.ok = v, at, key, true
	}
	m.mu.Unlock()
	return v, nil
}

// keptName names the value of key among those written down.
func (m *memo[T]) keptName(key int) string { return fmt.Sprintf("%s-%d", m.name, key) }

// load gives the value of key written down at the version at, if any. A
// value that cannot be read back is logged and read from the store.
func (m *memo[T]) load(ctx context.Context, s *Store, at string, key int) (T, bool) {
	var v T
	if m.keep == nil {
		return v, false
	}
	stamp, data, ok, err := m.keep.load(ctx, m.keptName(key))
	if err == nil && ok && stamp == keptStamp(at) {
		if m.decode != nil {
			v, err = m.decode(data)
		} else {
			err = gob.NewDecoder(bytes.NewReader(data)).Decode(&v)
		}
		if err == nil {
			return v, true
		}
	}
	if err != nil {
		s.log.Warn("read a kept value again from the store", "name", m.keptName(key), "err", err)
	}
	var zero T
	return zero, false
}

// save writes v down as read at the version at; a failure is logged, the
// value being kept in memory all the same.
func (m *memo[T]) save(ctx context.Context, s *Store, at string, key int, v T) {
	if m.keep == nil {
		return
	}
	var data []byte
	var err error
	if m.encode != nil {
		data, err = m.encode(v)
	} else {
		var b bytes.Buffer
		err = gob.NewEncoder(&b).Encode(v)
		data = b.Bytes()
	}
	if err == nil {
		err = m.keep.save(ctx, m.keptName(key), keptStamp(at), data)
	}
	if err != nil {
		s.log.Warn("write down a value read from the store", "name", m.keptName(key), "err", err)
	}
}

// discard forgets the value and what was written down of it, which was
// found unreadable after it was loaded (a lazy part of it): the next get
// reads the store again.
func (m *memo[T]) discard(ctx context.Context, s *Store) {
	m.mu.Lock()
	key := m.key
	m.gen++
	m.ok = false
	var zero T
	m.val = zero
	m.mu.Unlock()
	if m.keep == nil {
		return
	}
	if err := m.keep.save(ctx, m.keptName(key), "", nil); err != nil {
		s.log.Warn("discard a value written down", "name", m.keptName(key), "err", err)
	}
}

// lazy is a value written down in gob (data), read back on its first
// use; a value made in memory is its val, with no data.
type lazy[T any] struct {
	once sync.Once
	data []byte
	val  T
	err  error
}

// get reads the value back the first time it is asked for.
func (l *lazy[T]) get() (T, error) {
	l.once.Do(func() {
		if l.data != nil {
			l.err = gob.NewDecoder(bytes.NewReader(l.data)).Decode(&l.val)
			l.data = nil
		}
	})
	return l.val, l.err
}

// appendGob appends v in gob after its length (a uvarint), so that one
// value can be found in data holding several without reading the others
// (nextGob).
func appendGob(data []byte, v any) ([]byte, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		return nil, err
	}
	return append(binary.AppendUvarint(data, uint64(b.Len())), b.Bytes()...), nil
}

// nextGob cuts the first value appendGob wrote from data.
func nextGob(data []byte) (value, rest []byte, err error) {
	n, size := binary.Uvarint(data)
	if size <= 0 {
		return nil, nil, fmt.Errorf("no length where a value was expected, %d bytes before the end", len(data))
	}
	if n > uint64(len(data)-size) {
		return nil, nil, fmt.Errorf("a value of %d bytes cut off after %d", n, len(data)-size)
	}
	return data[size : size+int(n)], data[size+int(n):], nil
}

// current gives the value if it was read at the store's present version
// for key, and the generation it was looked up in.
func (m *memo[T]) current(at string, key int) (T, bool, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ok && m.at == at && m.key == key {
		return m.val, true, m.gen
	}
	var zero T
	return zero, false, m.gen
}

// version names the state of the store for the values kept in memory: its
// stamp (textindex.go) on bolt, bbolt and postgres, where it changes with
// every write, whichever process made it; on memstore, which only this
// process writes, its size.
func (s *Store) version(ctx context.Context) (string, error) {
	if s.kv != nil || s.pg != nil {
		return s.stamp(ctx)
	}
	n, err := s.Size(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("size %d", n), nil
}
