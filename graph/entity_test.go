package graph_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/graph/graphtest"
)

// hubDocs is how many documents name the hub of hubCorpus.
const hubDocs = 6

// hubDoc is document i of hubCorpus: like a party of many agreements, the
// hub is named, typed and aliased again in each, is a party of its treaty,
// and bears three commitments, each labelled by an article of its own. It
// also states facts out of itself: a link to a state per document (and a
// second in the first document), a literal property, and its Wikidata
// IRI.
func hubDoc(i int) (quad.IRI, []quad.Quad) {
	doc := fmt.Sprintf("hubdoc-%d", i)
	d, pact, hub := graph.IRI(doc), graph.IRI(doc+".pact"), graph.IRI("hub")
	qs := []quad.Quad{
		{Subject: d, Predicate: graph.Type, Object: graph.Document, Label: d},
		{Subject: d, Predicate: graph.Name, Object: quad.String("Agreement " + doc), Label: d},
		{Subject: d, Predicate: graph.About, Object: pact, Label: d},
		{Subject: d, Predicate: graph.Mentions, Object: hub, Label: d},
		{Subject: pact, Predicate: graph.Type, Object: graph.Treaty, Label: d},
		{Subject: pact, Predicate: graph.Party, Object: hub, Label: d},
		{Subject: hub, Predicate: graph.Type, Object: graph.Organisation, Label: d},
		{Subject: hub, Predicate: graph.Name, Object: quad.String("The Hub"), Label: d},
		{Subject: hub, Predicate: graph.Alias, Object: quad.String("Hub"), Label: d},
		{Subject: hub, Predicate: graph.Alias, Object: quad.String(fmt.Sprintf("Hub of %s", doc)), Label: d},
		{Subject: hub, Predicate: graph.WithinByGazetteer, Object: graph.IRI(fmt.Sprintf("state-%d", i)), Label: d},
		{Subject: hub, Predicate: graph.Description, Object: quad.String("a body"), Label: d},
	}
	if i == 0 {
		qs = append(qs,
			quad.Quad{Subject: hub, Predicate: graph.WithinByGazetteer, Object: graph.IRI("state-x"), Label: d},
			quad.Quad{Subject: hub, Predicate: graph.SameAs, Object: quad.IRI("http://www.wikidata.org/entity/Q1"), Label: d})
	}
	for a := 1; a <= 3; a++ {
		art := graph.IRI(fmt.Sprintf("%s.article-%d", doc, a))
		c := graph.IRI(fmt.Sprintf("%s.commitment-%d", doc, a))
		qs = append(qs,
			quad.Quad{Subject: art, Predicate: graph.Type, Object: graph.Article, Label: d},
			quad.Quad{Subject: art, Predicate: graph.Number, Object: quad.String(fmt.Sprint(a)), Label: d},
			quad.Quad{Subject: art, Predicate: graph.Text, Object: quad.String(fmt.Sprintf("The Hub shall do %d.", a)), Label: d},
			quad.Quad{Subject: art, Predicate: graph.Start, Object: quad.Int(100 * a), Label: d},
			quad.Quad{Subject: art, Predicate: graph.End, Object: quad.Int(100*a + 20), Label: d},
			quad.Quad{Subject: art, Predicate: graph.PartOf, Object: d, Label: d},
			quad.Quad{Subject: art, Predicate: graph.Commits, Object: c, Label: art},
			quad.Quad{Subject: c, Predicate: graph.Type, Object: graph.Commitment, Label: art},
			quad.Quad{Subject: c, Predicate: graph.Label, Object: quad.String(fmt.Sprintf("Art. %d of %s", a, doc)), Label: art},
			quad.Quad{Subject: c, Predicate: graph.Bearer, Object: hub, Label: art})
	}
	return d, qs
}

// hubCorpus loads hubDocs documents into s and returns their quads.
func hubCorpus(t *testing.T, s *graph.Store) []quad.Quad {
	t.Helper()
	var all []quad.Quad
	for i := range hubDocs {
		d, qs := hubDoc(i)
		if _, err := s.Replace(context.Background(), d, qs); err != nil {
			t.Fatal(err)
		}
		all = append(all, qs...)
	}
	return all
}

// linkKey names one link as the quads say it: predicate, the node at the
// other end, label.
func linkKey(pred quad.IRI, other, label quad.IRI) string {
	return fmt.Sprintf("%s %s %s", graph.PredicateName(pred), graph.ID(other), graph.ID(label))
}

// wantLinks are the links of hub in the quads, worked out apart from the
// store: out, the facts of hub whose object is a node (not its type, name,
// aliases or same_as); in, every fact whose object is hub.
func wantLinks(quads []quad.Quad, hub quad.IRI) (out, in []string, labels map[string]bool) {
	labels = map[string]bool{}
	for _, q := range quads {
		switch {
		case q.Subject == hub:
			labels[graph.ID(q.Label.(quad.IRI))] = true
			if _, ok := q.Object.(quad.IRI); ok && !slices.Contains([]quad.IRI{graph.Type, graph.Name, graph.Alias, graph.SameAs}, q.Predicate.(quad.IRI)) {
				out = append(out, linkKey(q.Predicate.(quad.IRI), q.Object.(quad.IRI), q.Label.(quad.IRI)))
			}
		case q.Object == hub:
			labels[graph.ID(q.Label.(quad.IRI))] = true
			in = append(in, linkKey(q.Predicate.(quad.IRI), q.Subject.(quad.IRI), q.Label.(quad.IRI)))
		}
	}
	sort.Strings(out)
	sort.Strings(in)
	return out, in, labels
}

func keys(links []graph.Link) []string {
	out := make([]string, len(links))
	for i, l := range links {
		out[i] = fmt.Sprintf("%s %s %s", l.Predicate, l.Node.ID, l.Label)
	}
	return out
}

func TestEntities(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) { testEntities(t, b) })
	}
}

func testEntities(t *testing.T, b graphtest.Backend) {
	ctx := context.Background()
	s := open(t, b.Config(t))
	defer s.Close()
	quads := hubCorpus(t, s)
	hub := graph.IRI("hub")
	wantOut, wantIn, wantLabels := wantLinks(quads, hub)
	if len(wantOut) != hubDocs+1 || len(wantIn) != 5*hubDocs {
		t.Fatalf("the corpus has %d links out and %d in; the test expects %d and %d", len(wantOut), len(wantIn), hubDocs+1, 5*hubDocs)
	}

	// The first page: totals, the node's own facts in full, and provenance
	// for what it holds, not for the links it leaves out.
	const limit = 4
	e, err := s.Entity(ctx, "hub", graph.LinkPage{Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	if e.OutTotal != len(wantOut) || e.InTotal != len(wantIn) || len(e.Out) != limit || len(e.In) != limit || !e.Truncated {
		t.Errorf("first page: %d of %d out, %d of %d in, truncated %v; want %d of %d, %d of %d, true",
			len(e.Out), e.OutTotal, len(e.In), e.InTotal, e.Truncated, limit, len(wantOut), limit, len(wantIn))
	}
	if e.Name != "The Hub" || e.Type != "Organisation" {
		t.Errorf("hub is %+v", e.Node)
	}
	wantAliases := []string{"Hub"}
	for i := range hubDocs {
		wantAliases = append(wantAliases, fmt.Sprintf("Hub of hubdoc-%d", i))
	}
	sort.Strings(wantAliases)
	if diff := cmp.Diff(wantAliases, e.Aliases); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"http://www.wikidata.org/entity/Q1"}, e.SameAs); diff != "" {
		t.Errorf("same_as (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][]string{"description": {"a body"}}, e.Properties); diff != "" {
		t.Errorf("properties (-want +got):\n%s", diff)
	}
	if e.ProvenanceTotal != len(wantLabels) {
		t.Errorf("provenance_total %d, want %d (every label of hub's facts)", e.ProvenanceTotal, len(wantLabels))
	}
	checkProvenance(t, e, quads, hub)

	// Every page in turn: each link once, in one order, whatever the
	// limit, which is the documented one (by predicate name).
	whole, err := s.Entity(ctx, "hub", graph.LinkPage{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, lim := range []int{1, 3, 7, 1000} {
		var out, in []graph.Link
		for off := 0; off < max(len(wantOut), len(wantIn))+lim; off += lim {
			p, err := s.Entity(ctx, "hub", graph.LinkPage{OutOffset: off, InOffset: off, Limit: lim})
			if err != nil {
				t.Fatal(err)
			}
			if p.OutOffset != off || p.InOffset != off || p.OutTotal != len(wantOut) || p.InTotal != len(wantIn) {
				t.Fatalf("limit %d, offset %d: offsets %d, %d, totals %d, %d", lim, off, p.OutOffset, p.InOffset, p.OutTotal, p.InTotal)
			}
			if len(p.Out) > lim || len(p.In) > lim {
				t.Fatalf("limit %d, offset %d: %d out, %d in", lim, off, len(p.Out), len(p.In))
			}
			if all := off == 0 && lim >= len(wantOut) && lim >= len(wantIn); p.Truncated == all {
				t.Errorf("limit %d, offset %d: truncated %v with %d of %d out and %d of %d in", lim, off, p.Truncated, len(p.Out), p.OutTotal, len(p.In), p.InTotal)
			}
			checkProvenance(t, p, quads, hub)
			out, in = append(out, p.Out...), append(in, p.In...)
		}
		for _, side := range []struct {
			name        string
			got, whole  []graph.Link
			want, first []string
		}{{"out", out, whole.Out, wantOut, keys(e.Out)}, {"in", in, whole.In, wantIn, keys(e.In)}} {
			got := keys(side.got)
			if diff := cmp.Diff(keys(side.whole), got); diff != "" {
				t.Errorf("limit %d: the %s links of the pages in turn are not those of one page (-one +pages):\n%s", lim, side.name, diff)
			}
			if !slices.Equal(side.first, got[:min(limit, len(got))]) {
				t.Errorf("limit %d: the first page's %s links %q do not begin the pages' %q", lim, side.name, side.first, got)
			}
			if !sort.SliceIsSorted(side.got, func(i, j int) bool { return side.got[i].Predicate < side.got[j].Predicate }) {
				t.Errorf("limit %d: the %s links are not in order of predicate: %q", lim, side.name, got)
			}
			sort.Strings(got)
			if diff := cmp.Diff(side.want, got); diff != "" {
				t.Errorf("limit %d: the pages' %s links, each once (-want +got):\n%s", lim, side.name, diff)
			}
		}
	}

	// Past the end, and bad pages.
	if p, err := s.Entity(ctx, "hub", graph.LinkPage{OutOffset: 1000, InOffset: 1000}); err != nil || len(p.Out) != 0 || len(p.In) != 0 || p.InTotal != len(wantIn) || !p.Truncated {
		t.Errorf("offset past the end: %+v, %v", p, err)
	}
	for _, p := range []graph.LinkPage{{OutOffset: -1}, {InOffset: -1}, {Limit: -1}} {
		if _, err := s.Entity(ctx, "hub", p); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("page %+v: %v, want ErrInvalid", p, err)
		}
	}
	if _, err := s.Entity(ctx, "nobody", graph.LinkPage{}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("unknown entity: %v, want ErrNotFound", err)
	}

	// A document that drops its facts about hub: the totals count live
	// facts only (the key-value stores keep deleted quads in their
	// indexes).
	d, qs := hubDoc(2)
	var kept []quad.Quad
	for _, q := range qs {
		if q.Subject != hub && q.Object != hub {
			kept = append(kept, q)
		}
	}
	if _, err := s.Replace(ctx, d, kept); err != nil {
		t.Fatal(err)
	}
	var rest []quad.Quad
	for _, q := range quads {
		if q.Label != d && !(q.Label != nil && isArticleOf(q.Label.(quad.IRI), d)) {
			rest = append(rest, q)
		}
	}
	rest = append(rest, kept...)
	wantOut, wantIn, wantLabels = wantLinks(rest, hub)
	e, err = s.Entity(ctx, "hub", graph.LinkPage{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if e.OutTotal != len(wantOut) || e.InTotal != len(wantIn) || e.ProvenanceTotal != len(wantLabels) || e.Truncated {
		t.Errorf("after the replace: totals %d out, %d in, %d sources, truncated %v; want %d, %d, %d, false",
			e.OutTotal, e.InTotal, e.ProvenanceTotal, e.Truncated, len(wantOut), len(wantIn), len(wantLabels))
	}
	got := keys(e.In)
	sort.Strings(got)
	if diff := cmp.Diff(wantIn, got); diff != "" {
		t.Errorf("after the replace, the in links (-want +got):\n%s", diff)
	}
	if slices.Contains(e.Aliases, "Hub of hubdoc-2") {
		t.Errorf("after the replace, aliases %q keep the dropped one", e.Aliases)
	}
}

func isArticleOf(label, doc quad.IRI) bool {
	return len(label) > len(doc) && label[:len(doc)+1] == doc+"."
}

// checkProvenance checks that e's provenance describes exactly the sources
// of what e holds: the label of every link in e.Out and e.In, and one
// label of each of hub's own facts (its name, type, aliases, same_as and
// properties), which may be any of the labels stating it.
func checkProvenance(t *testing.T, e *graph.Entity, quads []quad.Quad, hub quad.IRI) {
	t.Helper()
	got := map[string]bool{}
	for _, p := range e.Provenance {
		if got[p.ID] {
			t.Errorf("provenance lists %s twice", p.ID)
		}
		got[p.ID] = true
		if p.Article != "" && (p.Text == "" || p.Span[1] <= p.Span[0]) {
			t.Errorf("provenance %+v: an article without its text and span", p)
		}
	}
	need := map[string]bool{}
	for _, l := range append(slices.Clone(e.Out), e.In...) {
		need[l.Label] = true
		if !got[l.Label] {
			t.Errorf("the link %s %s is labelled %s, which the provenance lacks", l.Predicate, l.Node.ID, l.Label)
		}
	}
	// Each own fact: one of its labels is listed, and may explain why it is.
	own := map[string][]string{}
	for _, q := range quads {
		if q.Subject != hub {
			continue
		}
		if _, ok := q.Object.(quad.IRI); ok && !slices.Contains([]quad.IRI{graph.Type, graph.Name, graph.Alias, graph.SameAs}, q.Predicate.(quad.IRI)) {
			continue
		}
		k := fmt.Sprint(q.Predicate, " ", q.Object)
		own[k] = append(own[k], graph.ID(q.Label.(quad.IRI)))
	}
	for fact, labels := range own {
		listed := 0
		for _, l := range labels {
			if got[l] {
				listed++
				need[l] = true
			}
		}
		if listed == 0 {
			t.Errorf("no source of hub's fact %s (%q) is listed", fact, labels)
		}
	}
	for id := range got {
		if !need[id] {
			t.Errorf("provenance lists %s, the source of no fact in the answer", id)
		}
	}
	// One source an own fact: no more sources than links and own facts.
	if len(got) > len(e.Out)+len(e.In)+len(own) {
		t.Errorf("provenance lists %d sources for %d links and %d own facts", len(got), len(e.Out)+len(e.In), len(own))
	}
}

// Neighbours of a hub: every drawable link, none of its own facts (types,
// same_as, literals), each edge with its label; a limit cuts the nodes
// and a hub's links in each direction, and says so. On every backend
// (postgres reads a level's links in a few queries: cayleysql.Links).
func TestNeighboursOfAHub(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, b.Config(t))
			defer s.Close()
			all := hubCorpus(t, s)
			for _, c := range []struct {
				depth, limit, nodes int
				truncated           bool
			}{
				// The hub, 7 states, and 6 documents, 6 treaties and 18
				// commitments naming it.
				{1, 0, 38, false},
				{1, 40, 38, false},
				{1, 10, 10, true}, // 30 links into it: more than 10
				{1, 5, 5, true},
				// And their 18 articles.
				{2, 0, 56, false},
				{2, 40, 40, true},
				{2, 10, 10, true},
			} {
				g, err := s.Neighbours(ctx, "hub", c.depth, c.limit)
				if err != nil {
					t.Fatal(err)
				}
				if len(g.Nodes) != c.nodes || g.Truncated != c.truncated {
					t.Errorf("depth %d, limit %d: %d nodes, truncated %v; want %d, %v", c.depth, c.limit, len(g.Nodes), g.Truncated, c.nodes, c.truncated)
				}
				// The nodes within depth of the hub, and every link between
				// those drawn, as the quads say apart from the store.
				in := map[string]bool{}
				for _, n := range g.Nodes {
					in[n.ID] = true
				}
				near := drawnWithin(all, "hub", c.depth)
				for id := range in {
					if !near[id] {
						t.Errorf("depth %d, limit %d: %s is not within %d links of the hub", c.depth, c.limit, id, c.depth)
					}
				}
				if c.limit == 0 && len(in) != len(near) {
					t.Errorf("depth %d: %d nodes, want the %d within %d links", c.depth, len(in), len(near), c.depth)
				}
				got := map[string]bool{}
				for _, e := range g.Edges {
					got[e.Source+" "+e.Target+" "+e.Predicate] = true
				}
				if want := drawnBetween(all, in); !cmp.Equal(got, want) {
					t.Errorf("depth %d, limit %d: edges\n%s", c.depth, c.limit, cmp.Diff(want, got))
				}
				for _, n := range g.Nodes {
					if n.ID == "" {
						t.Errorf("depth %d, limit %d: a node outside the documents: %+v (the hub's same_as?)", c.depth, c.limit, n)
					}
				}
				for _, e := range g.Edges {
					if e.Label == "" || e.Predicate == "type" || e.Predicate == "same_as" {
						t.Errorf("depth %d, limit %d: edge %+v; want a drawn link with its label", c.depth, c.limit, e)
					}
				}
			}
		})
	}
}

// drawnLink says whether the quads draw q: a link between two nodes, not
// a node's type or same_as.
func drawnLink(q quad.Quad) (sub, obj string, ok bool) {
	s, sok := q.Subject.(quad.IRI)
	o, ook := q.Object.(quad.IRI)
	if !sok || !ook || q.Predicate == graph.Type || q.Predicate == graph.SameAs {
		return "", "", false
	}
	return graph.ID(s), graph.ID(o), true
}

// drawnWithin gives the ids of the nodes within depth drawn links of
// from, either direction, worked out from quads.
func drawnWithin(quads []quad.Quad, from string, depth int) map[string]bool {
	near := map[string]bool{from: true}
	frontier := []string{from}
	for range depth {
		var next []string
		for _, q := range quads {
			sub, obj, ok := drawnLink(q)
			if !ok {
				continue
			}
			for _, f := range frontier {
				var other string
				switch f {
				case sub:
					other = obj
				case obj:
					other = sub
				default:
					continue
				}
				if !near[other] {
					near[other] = true
					next = append(next, other)
				}
			}
		}
		frontier = next
	}
	return near
}

// drawnBetween names the drawn links between the nodes of in, as
// "source target predicate", worked out from quads.
func drawnBetween(quads []quad.Quad, in map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, q := range quads {
		if sub, obj, ok := drawnLink(q); ok && in[sub] && in[obj] {
			out[sub+" "+obj+" "+graph.PredicateName(q.Predicate)] = true
		}
	}
	return out
}
