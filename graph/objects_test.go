package graph

import (
	"fmt"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"
)

// typedHub loads docs documents that each type, name and alias one hub
// and link it to a state, as a party of many agreements is.
func typedHub(t *testing.T, s *Store, docs int) {
	t.Helper()
	var all []Replacement
	hub := IRI("hub")
	for d := range docs {
		doc := IRI(fmt.Sprintf("doc-%d", d))
		all = append(all, Replacement{Doc: doc, Quads: []quad.Quad{
			quad.Make(doc, Type, Document, doc),
			quad.Make(hub, Type, Organisation, doc),
			quad.Make(hub, Name, "The Hub", doc),
			quad.Make(hub, Alias, fmt.Sprintf("Hub %d", d%3), doc),
			quad.Make(hub, SameAs, quad.IRI("http://www.wikidata.org/entity/Q1"), doc),
			quad.Make(hub, WithinByGazetteer, IRI(fmt.Sprintf("state-%d", d%2)), doc),
			quad.Make(doc, Party, hub, doc),
		}})
	}
	if _, err := s.ReplaceAll(t.Context(), all); err != nil {
		t.Fatal(err)
	}
	// The search index's update, which reads records too, runs behind the
	// write: counted, it made TestEdgesOfSkipsUndrawn fail under load.
	s.Settle()
}

// objectsOf gives, for several predicates at once, what objects gives
// for each, and objectsOfEach what objectsOf gives for each of several
// subjects (one named twice, one unknown), on the key-value stores (one
// pass of each subject's keys) and on memstore.
func TestObjectsOf(t *testing.T) {
	for _, backend := range []string{Bolt, BBolt, Memstore} {
		t.Run(backend, func(t *testing.T) {
			ctx := t.Context()
			cfg := Config{Backend: backend}
			if backend != Memstore {
				cfg.Path = t.TempDir()
			}
			s, err := Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			typedHub(t, s, 6)
			preds := []quad.IRI{Name, Alias, Label, WithinByGazetteer}
			subjects := []quad.IRI{IRI("hub"), IRI("doc-1"), IRI("nobody"), IRI("hub"), IRI("state-1")}
			for _, max := range []int{0, 1, 2} {
				each, err := s.objectsOfEach(ctx, nil, subjects, preds, max, Type, SameAs)
				if err != nil {
					t.Fatal(err)
				}
				for n, subj := range subjects {
					got, err := s.objectsOf(ctx, subj, preds, max, Type, SameAs)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(got, each[n]); diff != "" {
						t.Errorf("%v, at most %d (-objectsOf +objectsOfEach):\n%s", subj, max, diff)
					}
					for i, p := range append(preds[:4:4], Type, SameAs) {
						m := max
						if i >= 4 {
							m = 0
						}
						want, err := s.objects(ctx, subj, p, m)
						if err != nil {
							t.Fatal(err)
						}
						if diff := cmp.Diff(want, got[i]); diff != "" {
							t.Errorf("%v %v, at most %d (-objects +objectsOf):\n%s", subj, p, m, diff)
						}
					}
				}
			}
		})
	}
}

// edgesOf reads no record of the facts it never draws: a party's type,
// same_as, name and alias facts, one per document, are passed over by
// their index keys.
func TestEdgesOfSkipsUndrawn(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, Config{Backend: Bolt, Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const docs = 40
	typedHub(t, s, docs)
	before := s.kv.RecordsRead()
	edges, more, err := s.edgesOf(ctx, s.refValues(), quad.Subject, IRI("hub"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != docs || more {
		t.Errorf("%d edges out of the hub (more: %v), want %d", len(edges), more, docs)
	}
	// Only its links are read, and the four values they name (the hub,
	// the predicate, two states): not its type and same_as facts, nor its
	// names and aliases, whose predicates the vocabulary gives literals.
	if read := s.kv.RecordsRead() - before; read != docs+4 {
		t.Errorf("%d records read for the hub's edges out, want %d (its links and their four values)", read, docs+4)
	}
}
