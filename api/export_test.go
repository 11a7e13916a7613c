package api_test

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/corpus"
)

func TestExport(t *testing.T) {
	e := newEnv(t, api.Config{}, corpus.Files())
	for _, tc := range []struct {
		target, ctype, has string
	}{
		{"/api/export", "application/n-quads", `<https://w3id.org/pactgraph/id/kgb> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q80919>`},
		{"/api/export?format=jsonld&doc=" + stasiKGB, "application/ld+json", `"@id"`},
		{"/api/export?format=graphml&doc=" + stasiKGB, "application/graphml+xml", "<graphml"},
		{"/api/export?format=gml", "text/plain", "graph ["},
		{"/api/export?format=dot", "text/vnd.graphviz", "digraph"},
		{"/api/export?format=gexf&doc=" + stasiKGB, "application/gexf+xml", "<gexf"},
		{"/api/export?format=csv", "application/zip", "PK"},
		{"/api/export?format=csv&part=nodes", "text/csv", "Id,Label,Type"},
		{"/api/export?format=csv&part=edges&doc=" + stasiKGB, "text/csv", "Source,Target,Label,Predicate,Provenance"},
		{"/api/export?format=nquads&query=" + url.QueryEscape(`g.V("`+kgbIRI+`").All()`), "application/n-quads", `<https://w3id.org/pactgraph/id/kgb> <http://schema.org/name>`},
	} {
		rec := e.do(http.MethodGet, tc.target, "")
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d: %s", tc.target, rec.Code, rec.Body)
			continue
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
			t.Errorf("%s: Content-Type %q, want %q", tc.target, ct, tc.ctype)
		}
		if !bytes.Contains(rec.Body.Bytes(), []byte(tc.has)) {
			t.Errorf("%s: no %q in %.300s", tc.target, tc.has, rec.Body)
		}
		if strings.Contains(tc.target, "gexf") {
			var v struct{ XMLName xml.Name }
			if err := xml.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Errorf("gexf: %v", err)
			}
		}
	}
	wantError(t, e.do(http.MethodGet, "/api/export?format=turtle", ""), http.StatusBadRequest, "unknown format")
	wantError(t, e.do(http.MethodGet, "/api/export?format=nquads&part=nodes", ""), http.StatusBadRequest, "part")
	wantError(t, e.do(http.MethodGet, "/api/export?doc=no-such-doc", ""), http.StatusNotFound, "no-such-doc")
	wantError(t, e.do(http.MethodGet, "/api/export?query="+url.QueryEscape("g.V(("), ""), http.StatusBadRequest, "query")
	wantError(t, e.do(http.MethodGet, "/api/export?doc=x&query=y", ""), http.StatusBadRequest, "not both")
}
