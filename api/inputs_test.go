package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/graph/graphtest"
)

// The hardening of the write routes' input (docs/security.md), on
// the real server over HTTP, each backend's store as graphtest gives it.

// httpServer serves e over a real listener for the test.
func httpServer(t *testing.T, e *env) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(e.h)
	t.Cleanup(srv.Close)
	return srv
}

// send sends a request with the token and returns the status and the body.
func send(t *testing.T, method, url, ctype, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, string(data)
}

func errorOf(t *testing.T, body string) string {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
		t.Fatalf("not an error answer: %s", body)
	}
	return e.Error
}

// ssrfTarget is a local server that fails t if it is ever requested. It
// serves a valid JSON-LD context, so that a fetch would succeed.
func ssrfTarget(t *testing.T) string {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/ld+json")
		fmt.Fprint(w, `{"@context": {"name": "http://schema.org/name"}}`)
	}))
	t.Cleanup(func() {
		srv.Close()
		if n := hits.Load(); n > 0 {
			t.Errorf("the server sent %d requests to a URL named in an upload (SSRF)", n)
		}
	})
	return srv.URL
}

// writeRoute is a write route that takes quads, and the Content-Type of
// each format.
type writeRoute struct{ path, nquads, jsonld string }

var quadRoutes = []writeRoute{
	{"/api/v2/write", "application/n-quads", "application/ld+json"},
	{"/api/v2/delete", "application/n-quads", "application/ld+json"},
	{"/api/graphs/upload", "application/n-quads", "application/ld+json"},
}

// TestUploadsFetchNothing: a JSON-LD context named by URL or by a path on
// the server's disk is refused on every route that takes JSON-LD, with the
// same message whether the file exists or not; nothing is requested and
// nothing of the file is stored.
func TestUploadsFetchNothing(t *testing.T) {
	t.Parallel()
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			e := newEnvOn(t, b.Config(t), api.Config{Token: token}, nil)
			srv := httpServer(t, e)
			target := ssrfTarget(t)
			dir := t.TempDir()
			secret := filepath.Join(dir, "secret.jsonld")
			if err := os.WriteFile(secret, []byte(`{"@context": {"name": "http://example.org/SECRET"}}`), 0o600); err != nil {
				t.Fatal(err)
			}
			missing := filepath.Join(dir, "missing.jsonld")
			doc := func(ctx string) string {
				return `{"@context": "` + ctx + `", "@id": "http://example.org/a", "name": "x"}`
			}
			for _, r := range quadRoutes {
				var first string // the message, the context's name left out
				for _, ctx := range []string{target + "/ctx.jsonld", secret, missing, "file://" + secret} {
					status, _, body := send(t, http.MethodPost, srv.URL+r.path, r.jsonld, doc(ctx))
					msg := errorOf(t, body)
					if status != http.StatusBadRequest {
						t.Errorf("%s, context %s: %d %s, want 400", r.path, ctx, status, body)
					}
					if want := `JSON-LD context "` + ctx + `" is not fetched`; !strings.Contains(msg, want) {
						t.Errorf("%s: error %q, want %q", r.path, msg, want)
					}
					// One message, whatever the context names and whether it exists.
					if first == "" {
						first = strings.Replace(msg, ctx, "CTX", 1)
					} else if got := strings.Replace(msg, ctx, "CTX", 1); got != first {
						t.Errorf("%s: the messages tell contexts apart: %q and %q", r.path, got, first)
					}
				}
			}
			if n := graphtest.Size(t, e.store); n != 0 {
				t.Errorf("the store holds %d quads after refused uploads", n)
			}
		})
	}
}

// TestWriteBodyLimits: a body over the limit is 413 on every write route,
// whatever its format, and nothing of it is written; at the default limit
// (4 MiB) as at a smaller one.
func TestWriteBodyLimits(t *testing.T) {
	t.Parallel()
	line := "<http://example.org/a> <http://example.org/p> \"a literal of some length\" .\n"
	for _, limit := range []int64{0, 64 << 10} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			t.Parallel()
			e := newEnvOn(t, graphtest.Backends()[0].Config(t), api.Config{Token: token, MaxBody: limit}, nil)
			srv := httpServer(t, e)
			max := limit
			if max == 0 {
				max = api.DefaultMaxBody
			}
			nq := strings.Repeat(line, int(max)/len(line)+2) // cut mid-line by the limit
			ld := `{"@id": "http://example.org/a", "http://example.org/p": "` + strings.Repeat("x", int(max)) + `"}`
			check := func(path, ctype, body string) {
				status, _, answer := send(t, http.MethodPost, srv.URL+path, ctype, body)
				if status != http.StatusRequestEntityTooLarge || !strings.Contains(errorOf(t, answer), fmt.Sprintf("(%d bytes)", max)) {
					t.Errorf("POST %s (%s, %d bytes): %d %s, want 413", path, ctype, len(body), status, answer)
				}
			}
			for _, r := range quadRoutes {
				check(r.path, r.nquads, nq)
				check(r.path, r.jsonld, ld)
			}
			check("/api/graphs/upload?format=nquads", "", nq)
			check("/api/documents?name=big", "text/plain", strings.Repeat("Article 1\n", int(max)/10+1))
			if n := graphtest.Size(t, e.store); n != 0 {
				t.Errorf("the store holds %d quads after refused uploads", n)
			}
		})
	}
}

// TestUploadsNotUTF8: N-Quads or JSON-LD with bytes that are not UTF-8 are
// refused with their line, on every route, and nothing is written.
func TestUploadsNotUTF8(t *testing.T) {
	t.Parallel()
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			e := newEnvOn(t, b.Config(t), api.Config{Token: token}, nil)
			srv := httpServer(t, e)
			nq := "<http://example.org/a> <http://example.org/p> \"fine\" .\n<http://example.org/a> <http://example.org/p> \"Sta\xdfi\" .\n"
			ld := "{\"@id\": \"http://example.org/a\",\n \"http://example.org/p\": \"Sta\xdfi\"}"
			for _, r := range quadRoutes {
				for ctype, body := range map[string]string{r.nquads: nq, r.jsonld: ld} {
					status, _, answer := send(t, http.MethodPost, srv.URL+r.path, ctype, body)
					if msg := errorOf(t, answer); status != http.StatusBadRequest || !strings.Contains(msg, "body:2: byte") || !strings.Contains(msg, "not UTF-8") {
						t.Errorf("POST %s (%s): %d %q, want 400 naming line 2", r.path, ctype, status, msg)
					}
				}
			}
			if n := graphtest.Size(t, e.store); n != 0 {
				t.Errorf("the store holds %d quads after refused uploads", n)
			}
		})
	}
}
