package graph_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/cayleygraph/quad"
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

// An agreement's commitments are those its documents state, in an article
// or in the preamble (labelled by the document itself), and none of
// another agreement's, on every backend.
func TestCommitmentsOfEachAgreement(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, b.Config(t))
			defer s.Close()
			doc := func(n string, preamble bool) {
				d, pact, art := graph.IRI(n), graph.IRI("pact-"+n), graph.IRI(n+".article-1")
				c := func(i int) quad.IRI { return graph.IRI(fmt.Sprintf("%s.commitment-%d", n, i)) }
				qs := []quad.Quad{
					{Subject: d, Predicate: graph.Type, Object: graph.Document, Label: d},
					{Subject: d, Predicate: graph.About, Object: pact, Label: d},
					{Subject: pact, Predicate: graph.Type, Object: graph.Treaty, Label: d},
					{Subject: art, Predicate: graph.Type, Object: graph.Article, Label: art},
					{Subject: art, Predicate: graph.PartOf, Object: d, Label: art},
					{Subject: art, Predicate: graph.Number, Object: quad.String("1"), Label: art},
					{Subject: art, Predicate: graph.Commits, Object: c(1), Label: art},
					{Subject: c(1), Predicate: graph.Type, Object: graph.Commitment, Label: art},
					{Subject: c(1), Predicate: graph.Start, Object: quad.String("20"), Label: art},
				}
				if preamble {
					qs = append(qs,
						quad.Quad{Subject: c(0), Predicate: graph.Type, Object: graph.Commitment, Label: d},
						quad.Quad{Subject: c(0), Predicate: graph.Start, Object: quad.String("5"), Label: d})
				}
				if _, err := s.Replace(ctx, d, qs); err != nil {
					t.Fatal(err)
				}
			}
			doc("a", true)
			doc("b", false)
			for agreement, want := range map[string][]string{
				"pact-a": {"a.commitment-0", "a.commitment-1"},
				"pact-b": {"b.commitment-1"},
				"":       {"a.commitment-0", "a.commitment-1", "b.commitment-1"},
			} {
				rows, err := s.Commitments(ctx, agreement)
				if err != nil {
					t.Fatal(err)
				}
				got := []string{}
				for _, r := range rows {
					got = append(got, r.ID)
				}
				if !cmp.Equal(got, want) {
					t.Errorf("commitments of %q: %v, want %v", agreement, got, want)
				}
			}
		})
	}
}
