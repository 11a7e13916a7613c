package api_test

import (
	"strings"
	"testing"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/graph/graphtest"
)

// TestSecurityHeaders: every answer, the page, its scripts, the API's and
// errors, carries the Content-Security-Policy (no inline script, no
// framing) and nosniff.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnvOn(t, graphtest.Backends()[0].Config(t), api.Config{Token: token}, nil)
	srv := httpServer(t, e)
	for _, c := range []struct{ method, path string }{
		{"GET", "/"}, {"GET", "/app.js"}, {"GET", "/missing.js"}, {"GET", "/api/search?q=kgb"},
		{"GET", "/api/nothing"}, {"POST", "/api/v2/write"}, {"GET", "/healthz"},
	} {
		_, h, _ := send(t, c.method, srv.URL+c.path, "", "")
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s %s: Content-Security-Policy %q lacks %q", c.method, c.path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s %s: Content-Security-Policy %q allows inline script or eval", c.method, c.path, csp)
		}
		if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s %s: X-Content-Type-Options %q", c.method, c.path, got)
		}
	}
}

// TestReadsAreNotCached: every read answers "Cache-Control: no-cache", so
// that no cache between the client and the servers (a proxy, a load
// balancer, a CDN) serves an answer that a write through another server
// has made stale; the front end's files may be kept.
func TestReadsAreNotCached(t *testing.T) {
	t.Parallel()
	e := newEnvOn(t, graphtest.Backends()[0].Config(t), api.Config{Token: token}, nil)
	srv := httpServer(t, e)
	for _, path := range []string{
		"/healthz", "/api/search?q=kgb", "/api/entities/kgb", "/api/entities/kgb/neighbours", "/api/graph",
		"/api/documents", "/api/documents/wilson-115715-stasi-kgb-1973", "/api/export", "/api/paths?from=kgb&to=mfs",
		"/api/v2/read", "/id/kgb", "/api/entities/nothing-here",
	} {
		code, h, _ := send(t, "GET", srv.URL+path, "", "")
		if got := h.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s (%d): Cache-Control %q, want no-cache", path, code, got)
		}
	}
}
