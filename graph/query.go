package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/cayley/query/graphql"
)

// This file runs queries in Cayley's languages under the store's
// QueryLimits (limits.go): each in a place of its own among the queries
// running, under a context that ends when the caller's does or the query
// goes over its memory budget, and at most limit results each, GraphQL and
// MQL included.

// limited runs fn as one query under the store's limits. A query cut by its
// context returns what stopped it (stopped) whatever fn returned.
//
// fn may return a channel closed when what the query left running has
// stopped (closeQuery: a Gizmo VM); the query keeps its place among those
// running until then. limited waits for it drainGrace at most: a VM
// interrupted stops at once, but one inside Cayley's query optimizer, which
// never looks at its context, runs on until the optimizer is done, and the
// caller is not kept waiting for it.
func (s *Store) limited(ctx context.Context, fn func(ctx context.Context) (<-chan struct{}, error)) error {
	qctx, end, err := s.gov.begin(ctx)
	if err != nil {
		return err
	}
	running, err := fn(qctx)
	if running != nil {
		grace := time.NewTimer(drainGrace)
		defer grace.Stop()
		select {
		case <-running:
		case <-grace.C:
			go func() {
				<-running
				end()
			}()
			if qctx.Err() != nil {
				return stopped(qctx, s.gov.budget())
			}
			return err
		}
	}
	if end() {
		return stopped(qctx, s.gov.budget())
	}
	return err
}

// guard bounds what one step of a Gizmo query may allocate, for the
// store's memory budget (gizmoguard.go).
func (s *Store) guard(lang, text string) (string, error) {
	if lang != "gizmo" {
		return text, nil
	}
	return guardGizmo(text, s.gov.budget())
}

func (g *governor) budget() int64 {
	if g == nil {
		return 0
	}
	return g.lim.Memory
}

// Query is a query in one of Cayley's languages.
type Query struct {
	Lang string // gizmo, graphql or mql
	Text string
	// Limit is the most results answered; it must be positive.
	Limit int
	// JSONLD answers a Gizmo or MQL query in Cayley's JSON-LD collation,
	// as Cayley's /api/v2/query does when asked for JSON-LD, not its JSON.
	JSONLD bool
}

// Query runs q and collects at most q.Limit results in Cayley's JSON (or
// JSON-LD) form, and says whether the query has more: it asks Cayley for
// one more than it returns. An MQL result's nested lists are cut at the
// limit too, and say so; a GraphQL query answers one result, its data
// (GraphQL). A query that does not parse or fails as it runs wraps
// ErrInvalid, as does one stopped over its memory budget; one refused
// because too many run wraps ErrBusy; one cut by ctx returns ctx's error.
func (s *Store) Query(ctx context.Context, q Query) ([]any, bool, error) {
	lang, text, limit := q.Lang, q.Text, q.Limit
	if limit <= 0 {
		return nil, false, errorf(ErrInvalid, "query: limit %d: must be positive", limit)
	}
	if lang == "graphql" {
		data, more, err := s.GraphQL(ctx, text, limit)
		if err != nil || len(data) == 0 {
			return []any{}, false, err
		}
		return []any{data}, more, nil
	}
	// Gizmo runs in the Raw collation, encoded by gizmoResult (gizmojson.go).
	col := query.JSON
	switch {
	case q.JSONLD:
		col = query.JSONLD
	case lang == "gizmo":
		col = query.Raw
	}
	out, more, err := s.collect(ctx, lang, text, limit, col)
	if err != nil {
		return nil, false, err
	}
	if lang == "mql" && !q.JSONLD {
		for i, r := range out {
			var cut bool
			out[i], cut = trimLists(r, limit, false)
			more = more || cut
		}
	}
	return out, more, nil
}

// closeQuery closes a query's iterator and, for Gizmo, waits until the VM
// running the query has stopped, at most drainTimeout. Cayley's Gizmo runs
// the VM in a goroutine of its own, and on Close or at the end of the
// context passed to Next interrupts it and returns at once; the VM stops
// after the instruction it is running, which may take long (one string
// concatenation of hundreds of MB), and until then it holds its memory.
// Waiting keeps the query's place among those running (QueryLimits) and
// charges its memory to it, not to the next query.
//
// It returns a channel closed once the VM has stopped (limited waits for
// it), at once for the other languages.
func closeQuery(lang string, it query.Iterator) <-chan struct{} {
	it.Close()
	done := make(chan struct{})
	if lang != "gizmo" {
		close(done) // MQL and GraphQL run in the caller's goroutine
		return done
	}
	go func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
		defer cancel()
		// After Close, Next starts nothing: it waits for the VM's
		// goroutine to end, and returns false then (or at drainTimeout).
		for it.Next(ctx) {
		}
	}()
	return done
}

// drainTimeout bounds how long closeQuery waits for a VM to stop;
// drainGrace how long a query's caller waits for it (limited).
const (
	drainTimeout = time.Minute
	drainGrace   = time.Second
)

// iterErr is the error of a query's iterator: ctx's when it ended, a
// QueryError (which is ErrInvalid) for any other.
func iterErr(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return fmt.Errorf("query: %w", err)
	}
	return &QueryError{err}
}

// collect runs a query in one of Cayley's languages as one query under the
// store's limits, and collects at most limit results in the collation col,
// saying whether there are more: it asks Cayley for one more than it
// returns. Gizmo's Raw results are encoded by gizmoResult.
func (s *Store) collect(ctx context.Context, lang, text string, limit int, col query.Collation) ([]any, bool, error) {
	ses := query.NewSession(s.cayley(), lang)
	if ses == nil {
		return nil, false, errorf(ErrInvalid, "query: unknown language %q (have gizmo, graphql, mql)", lang)
	}
	text, err := s.guard(lang, text)
	if err != nil {
		return nil, false, err
	}
	out := []any{}
	more := false
	err = s.limited(ctx, func(ctx context.Context) (running <-chan struct{}, err error) {
		it, err := ses.Execute(ctx, text, query.Options{Limit: limit + 1, Collation: col})
		if err != nil {
			return nil, &QueryError{err}
		}
		defer func() { running = closeQuery(lang, it) }()
		for it.Next(ctx) {
			r := it.Result()
			if raw, ok := r.(*gizmo.Result); ok {
				if r, err = s.gizmoResult(raw); err != nil {
					return nil, fmt.Errorf("query: %w", err)
				}
			}
			if m, ok := r.(map[string]any); ok && len(m) == 0 && col != query.JSONLD {
				// A result naming nothing: the SQL backends answer a node that
				// is not stored (g.V("<x>")) with one, the others nothing; and
				// every backend answers g.V().Labels() with one for the quads
				// that have no label. JSON-LD answers keep it, as Cayley's do.
				continue
			}
			if len(out) == limit {
				more = true
				break
			}
			out = append(out, r)
		}
		return nil, iterErr(ctx, it.Err())
	})
	if err != nil {
		return nil, false, err
	}
	return out, more, nil
}

// QueryError is a query that does not parse or fails as it runs, with
// Cayley's message; it wraps ErrInvalid.
type QueryError struct{ Err error }

func (e *QueryError) Error() string        { return "query: " + e.Err.Error() }
func (e *QueryError) Unwrap() error        { return e.Err }
func (e *QueryError) Is(target error) bool { return target == ErrInvalid }

// GraphQL runs a GraphQL query and returns its data, as Cayley's HTTP
// handler of graphql does, with at most limit objects in any list: the
// query's fields are given (first: limit+1) (limitGraphQL), and the lists
// that come back longer are cut, which the bool reports. A query that does
// not parse or run is an error wrapping ErrInvalid.
func (s *Store) GraphQL(ctx context.Context, text string, limit int) (map[string]any, bool, error) {
	if limit <= 0 {
		return nil, false, errorf(ErrInvalid, "query: limit %d: must be positive", limit)
	}
	limited, err := limitGraphQL(text, limit+1)
	if err != nil {
		return nil, false, err
	}
	q, err := graphql.Parse(strings.NewReader(limited))
	if err != nil {
		return nil, false, errorf(ErrInvalid, "%v", err)
	}
	var data map[string]any
	err = s.limited(ctx, func(ctx context.Context) (<-chan struct{}, error) {
		data, err = q.Execute(ctx, s.cayley())
		if err != nil && ctx.Err() == nil {
			return nil, errorf(ErrInvalid, "%v", err)
		}
		return nil, nil
	})
	if err != nil {
		return nil, false, err
	}
	cut := false
	for k, v := range data {
		var c bool
		data[k], c = trimLists(v, limit, true)
		cut = cut || c
	}
	return data, cut, nil
}
