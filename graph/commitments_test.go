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

	rows, total, err := s.Commitments(ctx, graph.CommitmentQuery{Agreement: "pact"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || total != 2 || rows[0].ID != "d.commitment-1" || rows[1].ID != "d.commitment-2" {
		t.Fatalf("commitments of the pact: %+v, %d in all; want commitment-1 then commitment-2, by id", rows, total)
	}
	c := rows[0]
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
	if ids(rows[1].Targets)[0] != "west" || rows[1].Type != nil {
		t.Errorf("commitment-2: targets %v, type %v; want west, none", ids(rows[1].Targets), rows[1].Type)
	}

	all, total, err := s.Commitments(ctx, graph.CommitmentQuery{})
	if err != nil || len(all) != 2 || total != 2 {
		t.Errorf("every commitment: %d, %d in all, %v; want 2", len(all), total, err)
	}
	if _, _, err := s.Commitments(ctx, graph.CommitmentQuery{Agreement: "kgb"}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("commitments of an organisation: %v, want ErrNotFound", err)
	}
	// Named: in the order asked, leaving out what is not a commitment.
	named, total, err := s.Commitments(ctx, graph.CommitmentQuery{IDs: []string{"d.commitment-2", "kgb", "nope", "d.commitment-1"}})
	if err != nil || !cmp.Equal(rowIDs(named), []string{"d.commitment-2", "d.commitment-1"}) || total != 2 {
		t.Errorf("commitments named: %v, %d in all, %v; want d.commitment-2, d.commitment-1", rowIDs(named), total, err)
	}
	if !cmp.Equal(named[1], c) {
		t.Errorf("commitment-1 named differs from commitment-1 listed:\n%s", cmp.Diff(c, named[1]))
	}
}

func rowIDs(rows []graph.CommitmentRow) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

// A page of the commitments is a window of the whole list, ordered by id
// with the numbers in ids compared as numbers, on every backend; the
// total counts them all.
func TestCommitmentsPaged(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, b.Config(t))
			defer s.Close()
			var want []string
			// write replaces document n with one of count commitments.
			write := func(n string, count int) {
				t.Helper()
				d, pact, art := graph.IRI(n), graph.IRI("pact-"+n), graph.IRI(n+".article-1")
				qs := []quad.Quad{
					{Subject: d, Predicate: graph.Type, Object: graph.Document, Label: d},
					{Subject: d, Predicate: graph.About, Object: pact, Label: d},
					{Subject: pact, Predicate: graph.Type, Object: graph.Treaty, Label: d},
					{Subject: art, Predicate: graph.Type, Object: graph.Article, Label: art},
					{Subject: art, Predicate: graph.PartOf, Object: d, Label: art},
				}
				for i := 1; i <= count; i++ {
					c := graph.IRI(fmt.Sprintf("%s.commitment-%d", n, i))
					qs = append(qs,
						quad.Quad{Subject: art, Predicate: graph.Commits, Object: c, Label: art},
						quad.Quad{Subject: c, Predicate: graph.Type, Object: graph.Commitment, Label: art})
				}
				if _, err := s.Replace(ctx, d, qs); err != nil {
					t.Fatal(err)
				}
			}
			for _, n := range []string{"a", "a-b"} {
				write(n, 12)
			}
			// "a-b" before "a.": '-' sorts before '.'.
			for _, n := range []string{"a-b", "a"} {
				for i := 1; i <= 12; i++ {
					want = append(want, fmt.Sprintf("%s.commitment-%d", n, i))
				}
			}
			var got []string
			for offset := 0; offset < 30; offset += 5 {
				rows, total, err := s.Commitments(ctx, graph.CommitmentQuery{Offset: offset, Limit: 5})
				if err != nil {
					t.Fatal(err)
				}
				if total != 24 {
					t.Errorf("page at %d: total %d, want 24", offset, total)
				}
				if wantLen := min(5, max(0, 24-offset)); len(rows) != wantLen {
					t.Errorf("page at %d: %d rows, want %d", offset, len(rows), wantLen)
				}
				got = append(got, rowIDs(rows)...)
			}
			if !cmp.Equal(got, want) {
				t.Errorf("pages of every commitment:\n%s", cmp.Diff(want, got))
			}
			rows, total, err := s.Commitments(ctx, graph.CommitmentQuery{Agreement: "pact-a", Offset: 9, Limit: 5})
			if err != nil || total != 12 || !cmp.Equal(rowIDs(rows), want[21:]) {
				t.Errorf("pact-a from the 9th: %v, %d in all, %v; want %v of 12", rowIDs(rows), total, err, want[21:])
			}
			// The list of every commitment, kept, is read again after a write.
			write("a", 3)
			rows, total, err = s.Commitments(ctx, graph.CommitmentQuery{Offset: 10})
			if want := append(want[10:12:12], "a.commitment-1", "a.commitment-2", "a.commitment-3"); err != nil || total != 15 || !cmp.Equal(rowIDs(rows), want) {
				t.Errorf("after a replace, from the 10th: %v, %d in all, %v; want %v of 15", rowIDs(rows), total, err, want)
			}
		})
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
				rows, _, err := s.Commitments(ctx, graph.CommitmentQuery{Agreement: agreement})
				if err != nil {
					t.Fatal(err)
				}
				if got := rowIDs(rows); !cmp.Equal(got, want) {
					t.Errorf("commitments of %q: %v, want %v", agreement, got, want)
				}
			}
		})
	}
}
