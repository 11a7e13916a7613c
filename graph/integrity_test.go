package graph_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
)

// version is one transcription of a document: its title, its full text
// and its articles, each with its text; articles and commitments are
// numbered by their position, as the loader numbers them.
type version struct {
	title    string
	articles []string
}

// quads maps a version to the quads the loader would give: the document
// labelled by itself, each article and its commitment labelled by the
// article, with code-point offsets into the full text.
func (v version) quads(doc string) []quad.Quad {
	d := graph.IRI(doc)
	text := v.title + "\n" + strings.Join(v.articles, "\n")
	qs := []quad.Quad{
		{Subject: d, Predicate: graph.Type, Object: graph.Document, Label: d},
		{Subject: d, Predicate: graph.Name, Object: quad.String(v.title), Label: d},
		{Subject: d, Predicate: graph.Text, Object: quad.String(text), Label: d},
		{Subject: d, Predicate: graph.About, Object: graph.IRI(doc + ".treaty"), Label: d},
		{Subject: graph.IRI(doc + ".treaty"), Predicate: graph.Party, Object: graph.IRI("kgb"), Label: d},
		{Subject: graph.IRI("kgb"), Predicate: graph.Name, Object: quad.String("Committee for State Security"), Label: d},
	}
	start := len([]rune(v.title)) + 1
	for i, a := range v.articles {
		art := graph.IRI(fmt.Sprintf("%s.article-%d", doc, i+1))
		c := graph.IRI(fmt.Sprintf("%s.commitment-%d", doc, i+1))
		end := start + len([]rune(a))
		qs = append(qs,
			quad.Quad{Subject: art, Predicate: graph.Type, Object: graph.Article, Label: d},
			quad.Quad{Subject: art, Predicate: graph.PartOf, Object: d, Label: d},
			quad.Quad{Subject: art, Predicate: graph.Number, Object: quad.String(fmt.Sprint(i + 1)), Label: d},
			quad.Quad{Subject: art, Predicate: graph.Text, Object: quad.String(a), Label: art},
			quad.Quad{Subject: art, Predicate: graph.Start, Object: quad.Int(start), Label: art},
			quad.Quad{Subject: art, Predicate: graph.End, Object: quad.Int(end), Label: art},
			quad.Quad{Subject: art, Predicate: graph.Commits, Object: c, Label: art},
			quad.Quad{Subject: c, Predicate: graph.Type, Object: graph.Commitment, Label: art},
			quad.Quad{Subject: c, Predicate: graph.Bearer, Object: graph.IRI("kgb"), Label: art},
		)
		start = end + 1
	}
	return qs
}

// TestReplaceVersions loads versions of one document in turn, beside a
// second document that shares entities with it, and checks after each
// load that the store exports exactly what a fresh load of the same two
// documents exports: an inserted, a removed and a changed article, a
// changed title, and the text of the whole document changing with them.
func TestReplaceVersions(t *testing.T) {
	a := version{"Agreement on Cooperation", []string{"The sides will exchange information.", "The sides will train officers.", "This agreement enters into force on signature."}}
	b := version{"Agreement on Cooperation", []string{"The sides will exchange information.", "The sides will meet every year.", "The sides will train officers.", "This agreement enters into force on signature."}}
	c := version{"Agreement on Co-operation (corrected)", []string{"The sides will exchange information and files.", "This agreement enters into force on signature."}}
	other := version{"Protocol", []string{"The sides will train officers."}}
	sequence := []version{a, b, a, b, c, a, c, b}
	for _, be := range backends() {
		t.Run(be.Name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, be.Config(t))
			defer s.Close()
			if _, err := s.Replace(ctx, graph.IRI("other"), other.quads("other")); err != nil {
				t.Fatal(err)
			}
			for i, v := range sequence {
				if _, err := s.Replace(ctx, graph.IRI("doc"), v.quads("doc")); err != nil {
					t.Fatalf("load %d: %v", i, err)
				}
				want := freshExport(t, be, map[string][]quad.Quad{"other": other.quads("other"), "doc": v.quads("doc")})
				if diff := cmp.Diff(want, dump(t, s)); diff != "" {
					t.Fatalf("after load %d (%q, %d articles), the store differs from a fresh load (-want +got):\n%s", i, v.title, len(v.articles), diff)
				}
				if got, want := graphtest.Size(t, s), int64(len(strings.Split(strings.TrimSpace(want), "\n"))); got != want {
					t.Fatalf("after load %d: size %d, export has %d quads", i, got, want)
				}
			}
		})
	}
}

// freshExport loads docs into a new store of the same backend and exports it.
func freshExport(t *testing.T, be graphtest.Backend, docs map[string][]quad.Quad) string {
	t.Helper()
	s := open(t, be.Config(t))
	defer s.Close()
	for id, qs := range docs {
		if _, err := s.Replace(context.Background(), graph.IRI(id), qs); err != nil {
			t.Fatal(err)
		}
	}
	return dump(t, s)
}

// dump is the whole store as sorted N-Quads.
func dump(t *testing.T, s *graph.Store) string {
	t.Helper()
	return string(export(t, s, graph.Selection{}, "nquads", ""))
}

// TestRandomWrites applies random sequences of document loads and
// replacements and of Cayley API writes and deletes (of quads there and not
// there, twice in one write, naming the documents' nodes, into a graph of
// their own, none, or a document's) to every
// backend, and after each compares the store with memstore given the same
// sequence.
func TestRandomWrites(t *testing.T) {
	for _, be := range backends() {
		if be.Name == graph.Memstore {
			continue
		}
		t.Run(be.Name, func(t *testing.T) {
			steps := 120
			if be.Name == graph.Postgres {
				steps = 40 // a database each step's check would be slow; one store is not
			}
			for seed := range uint64(3) {
				ctx := context.Background()
				r := rand.New(rand.NewPCG(seed, 1973))
				s := open(t, be.Config(t))
				ref := open(t, graph.Config{Backend: graph.Memstore})
				for i := range steps {
					op := randomWrite(r)
					err, want := op.apply(ctx, s), op.apply(ctx, ref)
					if (err == nil) != (want == nil) || err != nil && !errors.Is(err, graph.ErrNotFound) {
						t.Fatalf("seed %d step %d (%s): %v; memstore: %v", seed, i, op, err, want)
					}
					if diff := cmp.Diff(dump(t, ref), dump(t, s)); diff != "" {
						t.Fatalf("seed %d step %d (%s): the store differs from memstore (-memstore +%s):\n%s", seed, i, op, be.Name, diff)
					}
					if graphtest.Size(t, s) != graphtest.Size(t, ref) {
						t.Fatalf("seed %d step %d (%s): size %d, memstore %d", seed, i, op, graphtest.Size(t, s), graphtest.Size(t, ref))
					}
					if r, err := s.Check(ctx); err != nil || !r.OK() {
						t.Fatalf("seed %d step %d (%s): check: %v\n%s", seed, i, op, err, strings.Join(r.Problems, "\n"))
					}
				}
				s.Close()
				ref.Close()
			}
		})
	}
}

// write is one random write of TestRandomWrites.
type write struct {
	doc    string // a document to load, or "" for a Cayley API write
	v      version
	quads  []quad.Quad
	delete bool
}

func (w write) String() string {
	switch {
	case w.doc != "":
		return fmt.Sprintf("load %s with %d articles", w.doc, len(w.v.articles))
	case w.delete:
		return fmt.Sprintf("delete %d quads", len(w.quads))
	}
	return fmt.Sprintf("add %d quads", len(w.quads))
}

func (w write) apply(ctx context.Context, s *graph.Store) error {
	var err error
	switch {
	case w.doc != "":
		_, err = s.Replace(ctx, graph.IRI(w.doc), w.v.quads(w.doc))
	case w.delete:
		_, err = s.DeleteQuads(ctx, w.quads)
	default:
		_, err = s.AddQuads(ctx, w.quads)
	}
	return err
}

// The words random writes are made of: few, so that documents and API
// writes share nodes (a party, a title, an article's text).
var (
	randomTitles   = []string{"Agreement on Cooperation", "Protocol", "Plan of Measures"}
	randomArticles = []string{
		"The sides will exchange information.",
		"The sides will train officers.",
		"The sides will meet every year.",
		"Committee for State Security",
		"This agreement enters into force on signature.",
	}
)

func randomWrite(r *rand.Rand) write {
	if r.IntN(3) > 0 {
		v := version{title: randomTitles[r.IntN(len(randomTitles))]}
		for range r.IntN(5) {
			v.articles = append(v.articles, randomArticles[r.IntN(len(randomArticles))])
		}
		return write{doc: fmt.Sprintf("doc-%d", r.IntN(3)), v: v}
	}
	w := write{delete: r.IntN(2) == 0}
	nodes := []quad.Value{graph.IRI("kgb"), graph.IRI("doc-0"), graph.IRI("doc-1.article-1"), graph.IRI("api-node")}
	preds := []quad.IRI{graph.Name, graph.Text, graph.Party}
	// Cayley's API writes quads as they come: into a graph of its own,
	// with no label, or into a document's.
	labels := []quad.Value{graph.GraphIRI("api"), nil, graph.IRI("doc-0")}
	for range 1 + r.IntN(6) {
		o := quad.Value(quad.String(randomArticles[r.IntN(len(randomArticles))]))
		if r.IntN(3) == 0 {
			o = nodes[r.IntN(len(nodes))]
		}
		w.quads = append(w.quads, quad.Quad{Subject: nodes[r.IntN(len(nodes))], Predicate: preds[r.IntN(len(preds))], Object: o, Label: labels[r.IntN(len(labels))]})
	}
	if r.IntN(4) == 0 {
		w.quads = append(w.quads, w.quads[0]) // twice in one write
	}
	return w
}
