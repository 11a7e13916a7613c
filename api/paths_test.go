package api_test

import (
	"net/http"
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

	rows := get[[]graph.CommitmentRow](e, "/api/commitments?agreement=agreement-wilson-115715-stasi-kgb-1973", http.StatusOK)
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
	all := get[[]graph.CommitmentRow](e, "/api/commitments", http.StatusOK)
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
		got := get[[]graph.CommitmentRow](e, "/api/commitments?agreement="+id, http.StatusOK)
		if !cmp.Equal(got, want) {
			t.Errorf("commitments of %s: %d rows, want the %d of the whole list that name it\n%s", id, len(got), len(want), cmp.Diff(want, got))
		}
	}
	wantError(t, e.do(http.MethodGet, "/api/commitments?agreement=kgb", ""), http.StatusNotFound, "kgb")
}
