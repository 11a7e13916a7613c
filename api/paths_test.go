package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/graph"
)

func TestPaths(t *testing.T) {
	e := newEnv(t, api.Config{}, corpus.Files())

	p := get[graph.Paths](e, "/api/paths?from=mielke&to=kgb&max=4", http.StatusOK)
	if p.Length < 1 || len(p.Paths) == 0 {
		t.Fatalf("no path from mielke to kgb: %+v", p)
	}
	ids := map[string]bool{}
	for _, n := range p.Nodes {
		ids[n.ID] = true
	}
	for _, path := range p.Paths {
		if len(path) != p.Length+1 || path[0] != "mielke" || path[len(path)-1] != "kgb" {
			t.Errorf("path %v: want %d nodes from mielke to kgb", path, p.Length+1)
		}
		for i, id := range path {
			if !ids[id] {
				t.Errorf("path node %s is not in the subgraph", id)
			}
			if i > 0 && !joined(p.Edges, path[i-1], id) {
				t.Errorf("no edge between %s and %s in the subgraph", path[i-1], id)
			}
		}
	}

	// A cap too short for any path is an empty answer, not an error.
	if p := get[graph.Paths](e, "/api/paths?from=mielke&to=kgb&max=1", http.StatusOK); len(p.Paths) != 0 || p.Length != 0 {
		t.Errorf("max=1: got paths %v, want none (mielke and kgb are not adjacent)", p.Paths)
	}
	wantError(t, e.do(http.MethodGet, "/api/paths?from=mielke", ""), http.StatusBadRequest, "from, to")
	wantError(t, e.do(http.MethodGet, "/api/paths?from=mielke&to=kgb&max=99", ""), http.StatusBadRequest, "max")
	wantError(t, e.do(http.MethodGet, "/api/paths?from=mielke&to=nobody", ""), http.StatusNotFound, "nobody")
}

func joined(edges []graph.Edge, a, b string) bool {
	for _, e := range edges {
		if (e.Source == a && e.Target == b) || (e.Source == b && e.Target == a) {
			return true
		}
	}
	return false
}

func TestCommitments(t *testing.T) {
	e := newEnv(t, api.Config{}, corpus.Files())

	rows := get[[]graph.CommitmentRow](e, "/api/commitments?agreement=agreement-wilson-115715-stasi-kgb-1973&limit=1000", http.StatusOK)
	if len(rows) < 10 {
		t.Fatalf("agreement-wilson-115715-stasi-kgb-1973 has %d commitments, want the corpus's (about 30)", len(rows))
	}
	for _, r := range rows {
		if r.Agreement == nil || r.Agreement.ID != "agreement-wilson-115715-stasi-kgb-1973" {
			t.Errorf("%s: agreement %v, want agreement-wilson-115715-stasi-kgb-1973", r.ID, r.Agreement)
		}
		if r.Article == nil || r.ArticleNumber == "" || r.Document != stasiKGB {
			t.Errorf("%s: article %v %q of %q, want an article of %s", r.ID, r.Article, r.ArticleNumber, r.Document, stasiKGB)
		}
		switch r.Modality {
		case "obligation", "permission", "prohibition":
		default:
			t.Errorf("%s: modality %q", r.ID, r.Modality)
		}
		if r.Text == "" || r.Span[1] <= r.Span[0] {
			t.Errorf("%s: clause %q at %v", r.ID, r.Text, r.Span)
		}
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Span[0] < rows[i-1].Span[0] {
			t.Errorf("rows out of text order: %s before %s", rows[i-1].ID, rows[i].ID)
		}
	}
	whole := e.do(http.MethodGet, "/api/commitments?limit=1000", "")
	all := decode[[]graph.CommitmentRow](t, whole, http.StatusOK)
	if got := whole.Header().Get("X-Total-Count"); got != strconv.Itoa(len(all)) {
		t.Errorf("all commitments: X-Total-Count %q, %d rows", got, len(all))
	}
	if len(all) <= len(rows) {
		t.Errorf("all commitments: %d, want more than agreement-wilson-115715-stasi-kgb-1973's %d (the Warsaw Treaty's too)", len(all), len(rows))
	}
	// Each agreement's commitments are those of the whole list that name
	// it, in the same order.
	byAgreement := map[string][]graph.CommitmentRow{}
	for _, r := range all {
		if r.Agreement != nil {
			byAgreement[r.Agreement.ID] = append(byAgreement[r.Agreement.ID], r)
		}
	}
	if len(byAgreement) < 2 {
		t.Errorf("all commitments name %d agreements, want the corpus's two or more", len(byAgreement))
	}
	for id, want := range byAgreement {
		got := get[[]graph.CommitmentRow](e, "/api/commitments?limit=1000&agreement="+id, http.StatusOK)
		if !cmp.Equal(got, want) {
			t.Errorf("commitments of %s: %d rows, want the %d of the whole list that name it\n%s", id, len(got), len(want), cmp.Diff(want, got))
		}
	}
	// The pages, followed by their Link, are the whole list.
	var walked []graph.CommitmentRow
	for next := "/api/commitments?limit=7"; next != ""; {
		rec := e.do(http.MethodGet, next, "")
		page := decode[[]graph.CommitmentRow](t, rec, http.StatusOK)
		if len(page) == 0 || len(page) > 7 || len(walked) > len(all) {
			t.Fatalf("%s: %d rows after %d", next, len(page), len(walked))
		}
		walked = append(walked, page...)
		next = ""
		if m := nextLink.FindStringSubmatch(rec.Header().Get("Link")); m != nil {
			next = m[1]
		}
	}
	if !cmp.Equal(walked, all) {
		t.Errorf("the pages of 7 differ from the whole list:\n%s", cmp.Diff(all, walked))
	}
	// Named, in the order asked; what names no commitment is left out.
	named := get[[]graph.CommitmentRow](e, "/api/commitments?id="+all[3].ID+"&id=kgb&id=nope&id="+all[0].ID, http.StatusOK)
	if !cmp.Equal(named, []graph.CommitmentRow{all[3], all[0]}) {
		t.Errorf("commitments named: %v, want %s and %s as listed", rowIDs(named), all[3].ID, all[0].ID)
	}
	wantError(t, e.do(http.MethodGet, "/api/commitments?agreement=kgb", ""), http.StatusNotFound, "kgb")
	wantError(t, e.do(http.MethodGet, "/api/commitments?agreement=kgb&id="+all[0].ID, ""), http.StatusBadRequest, "one or the other")
	wantError(t, e.do(http.MethodGet, "/api/commitments?limit=0", ""), http.StatusBadRequest, "limit")
	wantError(t, e.do(http.MethodGet, "/api/commitments?"+strings.Repeat("id=a&", 1001), ""), http.StatusBadRequest, "at most 1000")
}

func rowIDs(rows []graph.CommitmentRow) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}
