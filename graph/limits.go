package graph

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// This file bounds what the queries a Store runs may take: a memory budget
// each, and how many run at once. Cayley gives no hold on either: Gizmo
// runs in a goja VM that has no memory limit, which Cayley builds and keeps
// to itself (so its call stack cannot be bounded either), and GraphQL and
// MQL allocate what their results need. What graph can do is watch the Go
// heap while a query runs and stop the query through its context, which
// interrupts the VM (Cayley's Gizmo iterator calls goja's Interrupt when
// the context passed to Next ends) and ends the iterators of GraphQL and
// MQL between results.

// QueryLimits bound the queries a Store runs: Query, GraphQL and Export's
// queries. The zero value bounds nothing.
type QueryLimits struct {
	// Memory is a query's memory budget in bytes. Go keeps no account of
	// memory per goroutine, so the budget is kept on the process's heap:
	// a query is stopped, with an error wrapping ErrInvalid, when the live
	// heap has grown by more than Memory since it started, times the
	// number of queries running then (n queries at once share n budgets).
	// 0: no budget.
	Memory int64
	// Concurrent is the most queries that run at once; one more is
	// refused with an error wrapping ErrBusy. A query holds its place
	// until it has stopped, not until its caller gave up on it. 0: no cap.
	Concurrent int
}

// ErrBusy: the store runs as many queries as it allows; try again later.
var ErrBusy = errors.New("busy")

// errOverBudget is the cause a query's context is cancelled with when the
// query goes over its memory budget.
var errOverBudget = errors.New("over its memory budget")

// watchEvery is how often the heap is read while a query runs; forceGCEvery
// bounds how often a query over its budget by the heap's size (live and
// dead objects) forces a collection to learn the live size.
const (
	watchEvery   = time.Millisecond
	forceGCEvery = 50 * time.Millisecond
)

// governor enforces QueryLimits for one Store.
type governor struct {
	lim   QueryLimits
	slots chan struct{} // nil: no cap

	mu      sync.Mutex
	running int
	// Returning memory to the OS after a stopped query: freeing is set
	// while a goroutine does it, again when another query stopped since.
	freeing, again bool
	// stale is set when a query stopped or went over its budget: the live
	// heap of the last collection may count its garbage, and the next
	// query collects before it takes it as its start.
	stale bool
}

func newGovernor(lim QueryLimits) *governor {
	g := &governor{lim: lim}
	if lim.Concurrent > 0 {
		g.slots = make(chan struct{}, lim.Concurrent)
	}
	return g
}

// begin admits a query: it returns the context to run it under, cancelled
// when the query goes over its budget, and end, to call once the query has
// stopped, which says whether the query was stopped (by its budget, or its
// context's end). It refuses the query with ErrBusy when Concurrent run
// already.
func (g *governor) begin(ctx context.Context) (context.Context, func() bool, error) {
	if g == nil {
		return ctx, func() bool { return ctx.Err() != nil }, nil
	}
	if g.slots != nil {
		select {
		case g.slots <- struct{}{}:
		default:
			return nil, nil, errorf(ErrBusy, "query: the server runs %d queries at once, its most; try again shortly", g.lim.Concurrent)
		}
	}
	g.mu.Lock()
	g.running++
	stale := g.stale && g.lim.Memory > 0
	g.stale = false
	g.mu.Unlock()
	if stale {
		runtime.GC()
	}
	qctx, cancel := context.WithCancelCause(ctx)
	h := newHeap()
	done := make(chan struct{})
	watched := make(chan struct{})
	if g.lim.Memory > 0 {
		go func() {
			defer close(watched)
			g.watch(qctx, cancel, done, h)
		}()
	} else {
		close(watched)
	}
	end := func() bool {
		close(done)
		<-watched
		grew := false
		if g.lim.Memory > 0 && qctx.Err() == nil {
			// The watcher may have missed the query's last steps: while
			// one big allocation is copied, Go stops every goroutine for
			// its collections, the watcher too.
			v := h.verdict(g.allowed())
			if v == over {
				cancel(errOverBudget)
			}
			grew = v != under
		}
		stopped := qctx.Err() != nil
		cancel(nil)
		g.mu.Lock()
		g.running--
		g.stale = g.stale || stopped || grew
		g.mu.Unlock()
		if g.slots != nil {
			<-g.slots
		}
		if stopped || grew {
			// A query stopped by its budget, its deadline or its caller,
			// or one that took more than its budget, may have left much
			// garbage; give it back to the OS.
			g.returnMemory()
		}
		return stopped
	}
	return qctx, end, nil
}

// allowed is the heap a query may have added: the budget times the queries
// running.
func (g *governor) allowed() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.lim.Memory * int64(max(g.running, 1))
}

// heap reads the Go heap's sizes, and keeps the live heap and the heap's
// objects when a query started.
type heap struct {
	samples      []metrics.Sample
	start        int64 // the live heap
	startObjects int64 // live and dead objects: what an earlier query left unswept counts here
}

func newHeap() *heap {
	h := &heap{samples: []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/goal:bytes"},
	}}
	h.start, h.startObjects, _ = h.read()
	return h
}

// read gives the live heap at the last collection, the heap's objects now
// (live and dead), and the heap's goal, the size at which the next
// collection is due.
func (h *heap) read() (live, objects, goal int64) {
	metrics.Read(h.samples)
	return int64(h.samples[0].Value.Uint64()), int64(h.samples[1].Value.Uint64()), int64(h.samples[2].Value.Uint64())
}

// Verdicts of heap.verdict.
const (
	under = iota // within the budget
	maybe        // over it, unless dead objects make up the difference
	over         // over it
)

// verdict says whether the heap has grown by more than allowed since the
// query started.
func (h *heap) verdict(allowed int64) int {
	live, objects, goal := h.read()
	switch {
	case objects-h.start <= allowed:
		// Under budget even counting dead objects.
		return under
	case live-h.start > allowed:
		// Over budget at the last collection already.
		return over
	case objects > goal+goal/8 && objects-h.startObjects > allowed:
		// Over budget, and past the heap's goal: allocating faster than
		// the collector frees, as one big allocation does. Stop now, not
		// after a collection, which waits for that allocation's copy to
		// end while the query goes on. Only what was allocated since the
		// query started counts: dead objects an earlier query left, not
		// yet swept, are not this query's.
		return over
	}
	return maybe
}

// watch reads the heap until done closes or ctx ends, and cancels ctx with
// errOverBudget when the live heap has grown by more than the budget (times
// the queries running) since the query started.
func (g *governor) watch(ctx context.Context, cancel context.CancelCauseFunc, done <-chan struct{}, h *heap) {
	var lastGC time.Time
	t := time.NewTicker(watchEvery)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			return
		case <-t.C:
		}
		allowed := g.allowed()
		switch h.verdict(allowed) {
		case under:
			continue
		case maybe:
			// Collect to know.
			if time.Since(lastGC) < forceGCEvery {
				continue
			}
			runtime.GC()
			lastGC = time.Now()
			if live, _, _ := h.read(); live-h.start <= allowed {
				continue
			}
		}
		cancel(errOverBudget)
		return
	}
}

// returnMemory collects the garbage and returns the heap's free pages to
// the OS, twice: soon, and once the VM of a stopped Gizmo query, which
// stops only after the instruction it was running, has surely let go.
// Go's own scavenger would return them over minutes, and the next
// collection may be far off when the stopped query raised the heap's goal.
func (g *governor) returnMemory() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.again = true
	if g.freeing {
		return
	}
	g.freeing = true
	go func() {
		for {
			g.mu.Lock()
			if !g.again {
				g.freeing = false
				g.mu.Unlock()
				return
			}
			g.again = false
			g.mu.Unlock()
			time.Sleep(100 * time.Millisecond)
			debug.FreeOSMemory()
			time.Sleep(time.Second)
			debug.FreeOSMemory()
		}
	}()
}

// stopped wraps the error of a query cut by its context: over its budget
// (ErrInvalid), or ctx's own error.
func stopped(ctx context.Context, budget int64) error {
	if errors.Is(context.Cause(ctx), errOverBudget) {
		return errorf(ErrInvalid, "query: stopped: it took more memory than a query may (%s)", bytesString(budget))
	}
	return fmt.Errorf("query: %w", ctx.Err())
}

// bytesString writes n bytes in the largest binary unit that divides it
// ("256 MiB"), else in bytes.
func bytesString(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// WaitQueries waits until no query runs, or ctx ends: a server shutting
// down cancels its requests, then waits for their queries to stop before it
// closes the store.
func (s *Store) WaitQueries(ctx context.Context) error {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		s.gov.mu.Lock()
		n := s.gov.running
		s.gov.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for %d queries to stop: %w", n, ctx.Err())
		case <-t.C:
		}
	}
}
