package graph_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pactgraph/pactgraph/graph"
)

// doubling is the query of issue 12: 60 bytes that ask for a string of
// 2^30 bytes.
const doubling = `var s="x"; for(var i=0;i<30;i++){s=s+s}; g.Emit(s.length)`

func limitedStore(t *testing.T, lim graph.QueryLimits) *graph.Store {
	t.Helper()
	s := open(t, graph.Config{Backend: graph.Memstore, Queries: lim})
	t.Cleanup(func() { s.Close() })
	if _, err := s.Replace(context.Background(), graph.IRI("doc"), sample("doc")); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestQueryMemoryBudget: a query that builds a huge string is stopped over
// its budget, with an error wrapping ErrInvalid, well before its deadline;
// a query that allocates little runs as before.
func TestQueryMemoryBudget(t *testing.T) {
	s := limitedStore(t, graph.QueryLimits{Memory: 32 << 20})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, q := range []string{doubling, `var a=[]; while(true){a.push({n: a.length})}`} {
		_, _, err := s.Query(ctx, graph.Query{Lang: "gizmo", Text: q, Limit: 10})
		if !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), "memory") {
			t.Errorf("%s: %v, want an error over the memory budget wrapping ErrInvalid", q, err)
		}
	}
	if res, _, err := s.Query(ctx, graph.Query{Lang: "gizmo", Text: `g.V().All()`, Limit: 100}); err != nil || len(res) == 0 {
		t.Errorf("a small query after them: %v, %v", res, err)
	}
}

// TestQueryConcurrencyCap: beyond Concurrent queries at once, a query is
// refused with ErrBusy; a place is free again once its query has stopped.
func TestQueryConcurrencyCap(t *testing.T) {
	s := limitedStore(t, graph.QueryLimits{Concurrent: 2})
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			for {
				// Refused while the probe below holds a place: again.
				_, _, err := s.Query(ctx, graph.Query{Lang: "gizmo", Text: `while (true) {}`, Limit: 10})
				if !errors.Is(err, graph.ErrBusy) {
					errs <- err
					return
				}
			}
		}()
	}
	// Wait until both run: a third is refused.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, _, err := s.Query(context.Background(), graph.Query{Lang: "gizmo", Text: `g.V().All()`, Limit: 1})
		if errors.Is(err, graph.ErrBusy) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a third query with two endless ones running: %v, want ErrBusy", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, _, err := s.GraphQL(context.Background(), `{ nodes { id } }`, 1); !errors.Is(err, graph.ErrBusy) {
		t.Errorf("graphql with two queries running: %v, want ErrBusy", err)
	}
	cancel()
	for range 2 {
		if err := <-errs; !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled endless query: %v, want Canceled", err)
		}
	}
	wait, done := context.WithTimeout(context.Background(), 10*time.Second)
	defer done()
	if err := s.WaitQueries(wait); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Query(context.Background(), graph.Query{Lang: "gizmo", Text: `g.V().All()`, Limit: 1}); err != nil {
		t.Errorf("a query once the others stopped: %v", err)
	}
}

// TestGraphQLLimit: GraphQL answers at most limit objects in every list
// and says when it cut one; a smaller first of the query's own stays.
func TestGraphQLLimit(t *testing.T) {
	s := limitedStore(t, graph.QueryLimits{})
	ctx := context.Background()
	data, more, err := s.GraphQL(ctx, `{ nodes { id } }`, 3)
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := data["nodes"].([]map[string]any); !ok || len(n) != 3 || !more {
		t.Errorf("{ nodes { id } } at limit 3: %v, more %v; want 3 nodes and more", data, more)
	}
	data, more, err = s.GraphQL(ctx, `{ nodes(first: 2) { id } }`, 3)
	if n, ok := data["nodes"].([]map[string]any); err != nil || !ok || len(n) != 2 || more {
		t.Errorf("first: 2 at limit 3: %v, more %v, %v; want 2 nodes, not more", data, more, err)
	}
	// Nested lists are cut too: the treaty has two parties.
	q := `{ nodes(id: <` + string(graph.IRI("pact")) + `>) { id <` + string(graph.Party) + `> { id } } }`
	data, more, err = s.GraphQL(ctx, q, 1)
	if err != nil {
		t.Fatal(err)
	}
	node, _ := data["nodes"].(map[string]any)
	if _, ok := node["<"+string(graph.Party)+">"].(map[string]any); !ok || !more {
		t.Errorf("parties at limit 1: %v, more %v; want one party object and more", data, more)
	}
	data, more, err = s.GraphQL(ctx, q, 5)
	node, _ = data["nodes"].(map[string]any)
	if p, ok := node["<"+string(graph.Party)+">"].([]map[string]any); err != nil || !ok || len(p) != 2 || more {
		t.Errorf("parties at limit 5: %v, more %v, %v; want both, not more", data, more, err)
	}
	if _, _, err := s.GraphQL(ctx, `{ nodes(first: "x") { id } }`, 3); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("first: \"x\": %v, want ErrInvalid", err)
	}
	if _, _, err := s.GraphQL(ctx, `{ nodes {`, 3); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("a query that does not parse: %v, want ErrInvalid", err)
	}
}

// TestMQLLimit: MQL answers at most limit results, and at most limit items
// in a result's nested lists.
func TestMQLLimit(t *testing.T) {
	s := limitedStore(t, graph.QueryLimits{})
	ctx := context.Background()
	res, more, err := s.Query(ctx, graph.Query{Lang: "mql", Text: `[{"id": null}]`, Limit: 2})
	if err != nil || len(res) != 2 || !more {
		t.Errorf("every node at limit 2: %v, more %v, %v", res, more, err)
	}
	q := `[{"id": "<` + string(graph.IRI("pact")) + `>", "<` + string(graph.Party) + `>": []}]`
	res, more, err = s.Query(ctx, graph.Query{Lang: "mql", Text: q, Limit: 1})
	if err != nil || len(res) != 1 || !more {
		t.Fatalf("the treaty's parties at limit 1: %v, more %v, %v", res, more, err)
	}
	if p, _ := res[0].(map[string]any)["<"+string(graph.Party)+">"].([]any); len(p) != 1 {
		t.Errorf("the treaty's parties at limit 1: %v; want one", res)
	}
}
