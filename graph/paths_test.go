package graph_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/graph"
)

// pactStore is a memstore holding one small agreement: a treaty between the
// KGB and the MfS, signed by Mielke, with one article of two commitments,
// recorded by a document that mentions Mielke and the KGB.
func pactStore(t *testing.T) *graph.Store {
	t.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.Memstore})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d, art := graph.IRI("d"), graph.IRI("d.article-I")
	c1, c2 := graph.IRI("d.commitment-1"), graph.IRI("d.commitment-2")
	pact, kgb, mfs, mielke, west := graph.IRI("pact"), graph.IRI("kgb"), graph.IRI("mfs"), graph.IRI("mielke"), graph.IRI("west")
	ct := graph.IRI("commitment-type.recruitment")
	str := func(s string) quad.Value { return quad.String(s) }
	qs := []quad.Quad{
		{Subject: d, Predicate: graph.Type, Object: graph.Document, Label: d},
		{Subject: d, Predicate: graph.Name, Object: str("The pact, 1973"), Label: d},
		{Subject: d, Predicate: graph.About, Object: pact, Label: d},
		{Subject: d, Predicate: graph.Mentions, Object: mielke, Label: d},
		{Subject: d, Predicate: graph.Mentions, Object: kgb, Label: d},
		{Subject: pact, Predicate: graph.Type, Object: graph.Treaty, Label: d},
		{Subject: pact, Predicate: graph.Name, Object: str("The pact"), Label: d},
		{Subject: pact, Predicate: graph.Party, Object: kgb, Label: d},
		{Subject: pact, Predicate: graph.Party, Object: mfs, Label: d},
		{Subject: pact, Predicate: graph.Signatory, Object: mielke, Label: d},
		{Subject: pact, Predicate: graph.HasArticle, Object: art, Label: d},
		{Subject: kgb, Predicate: graph.Type, Object: graph.Organisation, Label: d},
		{Subject: kgb, Predicate: graph.Name, Object: str("KGB"), Label: d},
		{Subject: mfs, Predicate: graph.Type, Object: graph.Organisation, Label: d},
		{Subject: mfs, Predicate: graph.Name, Object: str("MfS"), Label: d},
		{Subject: west, Predicate: graph.Type, Object: graph.Organisation, Label: d},
		{Subject: west, Predicate: graph.Name, Object: str("The West"), Label: d},
		{Subject: mielke, Predicate: graph.Type, Object: graph.Person, Label: d},
		{Subject: mielke, Predicate: graph.Name, Object: str("Erich Mielke"), Label: d},
		{Subject: ct, Predicate: graph.Type, Object: graph.CommitmentType, Label: d},
		{Subject: ct, Predicate: graph.Name, Object: str("recruitment"), Label: d},
		{Subject: art, Predicate: graph.Type, Object: graph.Article, Label: art},
		{Subject: art, Predicate: graph.PartOf, Object: d, Label: art},
		{Subject: art, Predicate: graph.Number, Object: str("I"), Label: art},
		{Subject: art, Predicate: graph.Start, Object: str("10"), Label: art},
		{Subject: art, Predicate: graph.End, Object: str("50"), Label: art},
		{Subject: art, Predicate: graph.Commits, Object: c1, Label: art},
		{Subject: art, Predicate: graph.Commits, Object: c2, Label: art},
		{Subject: c1, Predicate: graph.Type, Object: graph.Commitment, Label: art},
		{Subject: c1, Predicate: graph.Modality, Object: str("obligation"), Label: art},
		{Subject: c1, Predicate: graph.Label, Object: str("Art. I obligation: “shall recruit” (KGB → MfS)"), Label: art},
		{Subject: c1, Predicate: graph.OfType, Object: ct, Label: art},
		{Subject: c1, Predicate: graph.Bearer, Object: kgb, Label: art},
		{Subject: c1, Predicate: graph.Beneficiary, Object: mfs, Label: art},
		{Subject: c1, Predicate: graph.Text, Object: str("shall recruit"), Label: art},
		{Subject: c1, Predicate: graph.Start, Object: str("20"), Label: art},
		{Subject: c1, Predicate: graph.End, Object: str("33"), Label: art},
		{Subject: c2, Predicate: graph.Type, Object: graph.Commitment, Label: art},
		{Subject: c2, Predicate: graph.Modality, Object: str("permission"), Label: art},
		{Subject: c2, Predicate: graph.Bearer, Object: mfs, Label: art},
		{Subject: c2, Predicate: graph.Target, Object: west, Label: art},
		{Subject: c2, Predicate: graph.Start, Object: str("12"), Label: art},
		{Subject: c2, Predicate: graph.End, Object: str("18"), Label: art},
	}
	if _, err := s.Replace(ctx, d, qs); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPaths(t *testing.T) {
	ctx := context.Background()
	s := pactStore(t)

	p, err := s.Paths(ctx, "mielke", "kgb", 4, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"mielke", "d", "kgb"}, {"mielke", "pact", "kgb"}}
	if diff := cmp.Diff(want, p.Paths); diff != "" || p.Length != 2 || p.Truncated {
		t.Errorf("paths mielke → kgb (-want +got):\n%s\nlength %d, truncated %v", diff, p.Length, p.Truncated)
	}
	if len(p.Nodes) != 4 || len(p.Edges) != 4 {
		t.Errorf("the subgraph has %d nodes and %d edges, want the 4 nodes and 4 edges of both paths: %+v", len(p.Nodes), len(p.Edges), p.Subgraph)
	}

	// A limit cuts the list and says so.
	if p, err := s.Paths(ctx, "mielke", "kgb", 4, 1); err != nil || len(p.Paths) != 1 || !p.Truncated {
		t.Errorf("limit 1: %v paths, truncated %v, err %v; want one path, truncated", p.Paths, p.Truncated, err)
	}
	// Longer paths are found too: Mielke to a commitment goes through the
	// treaty and its article, or a party.
	if p, err := s.Paths(ctx, "mielke", "d.commitment-2", 6, 10); err != nil || p.Length != 3 {
		t.Errorf("mielke → d.commitment-2: %+v, %v; want paths of 3 steps", p, err)
	}
	// None within the cap is an empty answer.
	if p, err := s.Paths(ctx, "mielke", "kgb", 1, 10); err != nil || len(p.Paths) != 0 || p.Length != 0 {
		t.Errorf("cap 1: %+v, %v; want no path and no error", p, err)
	}
	// A node to itself is a path of no steps.
	if p, err := s.Paths(ctx, "kgb", "kgb", 3, 10); err != nil || len(p.Paths) != 1 || p.Length != 0 {
		t.Errorf("kgb → kgb: %+v, %v; want one path of no steps", p, err)
	}
	if _, err := s.Paths(ctx, "mielke", "nobody", 4, 10); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("to an unknown node: %v, want ErrNotFound", err)
	}
	if _, err := s.Paths(ctx, "mielke", "kgb", graph.MaxPathLength+1, 10); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("a cap over the maximum: %v, want ErrInvalid", err)
	}
}
