package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/corpus"
)

func TestLinkedData(t *testing.T) {
	e := newEnv(t, api.Config{}, corpus.Files())
	sameAs := `<https://w3id.org/pactgraph/id/kgb> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q80919>`

	nq := e.do(http.MethodGet, "/id/kgb", "", "Accept", "application/n-quads")
	if nq.Code != http.StatusOK || !strings.HasPrefix(nq.Header().Get("Content-Type"), "application/n-quads") || !strings.Contains(nq.Body.String(), sameAs) {
		t.Errorf("n-quads: %d %q\n%s", nq.Code, nq.Header().Get("Content-Type"), nq.Body)
	}
	for _, l := range strings.Split(strings.TrimSpace(nq.Body.String()), "\n") {
		if !strings.HasPrefix(l, "<https://w3id.org/pactgraph/id/kgb> ") {
			t.Errorf("not about the KGB: %s", l)
		}
	}

	ld := e.do(http.MethodGet, "/id/kgb", "", "Accept", "application/ld+json")
	var doc any
	if ld.Code != http.StatusOK || ld.Header().Get("Content-Type") != "application/ld+json" || json.Unmarshal(ld.Body.Bytes(), &doc) != nil ||
		!strings.Contains(ld.Body.String(), "http://www.wikidata.org/entity/Q80919") {
		t.Errorf("json-ld: %d %q\n%s", ld.Code, ld.Header().Get("Content-Type"), ld.Body)
	}

	for _, accept := range []string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ""} {
		html := e.do(http.MethodGet, "/id/kgb", "", "Accept", accept)
		if html.Code != http.StatusSeeOther || html.Header().Get("Location") != "/#kgb" {
			t.Errorf("browser (Accept %q): %d Location %q", accept, html.Code, html.Header().Get("Location"))
		}
	}
	if q := e.do(http.MethodGet, "/id/kgb", "", "Accept", "text/html;q=0.5, application/n-quads"); q.Code != http.StatusOK {
		t.Errorf("q values: %d", q.Code)
	}
	wantError(t, e.do(http.MethodGet, "/id/no-such-thing", "", "Accept", "application/n-quads"), http.StatusNotFound, "no-such-thing")
}
