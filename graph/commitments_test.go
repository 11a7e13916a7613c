package graph_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/graph"
)

func TestCommitments(t *testing.T) {
	ctx := context.Background()
	s := pactStore(t)

	rows, err := s.Commitments(ctx, "pact")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].ID != "d.commitment-2" || rows[1].ID != "d.commitment-1" {
		t.Fatalf("commitments of the pact: %+v; want commitment-2 then commitment-1, in the order of the text", rows)
	}
	c := rows[1]
	ids := func(ns []graph.Node) []string {
		out := []string{}
		for _, n := range ns {
			out = append(out, n.ID)
		}
		return out
	}
	got := []any{c.Label, c.Modality, c.Type.ID, ids(c.Bearers), ids(c.Beneficiaries), ids(c.Targets), c.ArticleNumber, c.Article.ID, c.Document, c.Agreement.ID, c.Text, c.Span}
	want := []any{"Art. I obligation: “shall recruit” (KGB → MfS)", "obligation", "commitment-type.recruitment", []string{"kgb"}, []string{"mfs"}, []string{}, "I", "d.article-I", "d", "pact", "shall recruit", [2]int{20, 33}}
	for i := range want {
		if g, w := got[i], want[i]; !cmp.Equal(g, w) {
			t.Errorf("commitment-1 field %d: got %v, want %v", i, g, w)
		}
	}
	if ids(rows[0].Targets)[0] != "west" || rows[0].Type != nil {
		t.Errorf("commitment-2: targets %v, type %v; want west, none", ids(rows[0].Targets), rows[0].Type)
	}

	all, err := s.Commitments(ctx, "")
	if err != nil || len(all) != 2 {
		t.Errorf("every commitment: %d, %v; want 2", len(all), err)
	}
	if _, err := s.Commitments(ctx, "kgb"); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("commitments of an organisation: %v, want ErrNotFound", err)
	}
}
