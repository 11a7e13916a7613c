package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/corpus"
)

// TestDeadlineLeavesNothingRunning: when a query's deadline passes the
// answer is a 504, and it comes only once the query has stopped: right
// after it the store runs no query. Before, the 504 was sent while the
// query still ran, and the store still counted it.
func TestDeadlineLeavesNothingRunning(t *testing.T) {
	t.Parallel()
	e := newEnv(t, api.Config{}, corpus.Files())
	hasty := e.serve(api.Config{QueryTimeout: 50 * time.Millisecond})
	loop := `while (true) {}`
	for _, target := range []string{"/query/gizmo", "/api/v1/query/gizmo", "/api/v2/query?lang=gizmo"} {
		t.Run(target, func(t *testing.T) {
			rec := hasty.do("POST", target, loop)
			if rec.Code != http.StatusGatewayTimeout {
				t.Fatalf("an endless query: %d %s, want 504", rec.Code, rec.Body)
			}
			// A context already ended: WaitQueries only says whether any
			// query runs.
			ended, cancel := context.WithCancel(t.Context())
			cancel()
			if err := e.store.WaitQueries(ended); err != nil {
				t.Errorf("after the 504: %v", err)
			}
		})
	}
}
