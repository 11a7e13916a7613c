package fulltext

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// namesByHand is what Names must answer, worked out from the entities
// themselves: each entity in the first group one of its names is in
// (equal to the query; a word starting with the query's one word; the
// query inside a word, or inside the name when the query is not one
// word), or, for a query of several words, by the best rank of its
// names; each group by the entity's first name in lower case, then IRI.
func namesByHand(es map[string]Entity, q, typ string) []string {
	needle := strings.ToLower(strings.TrimSpace(q))
	ws := words(needle)
	var ranked [3][]string
	for _, e := range es {
		if typ != "" && e.Type != typ {
			continue
		}
		best := -1
		for _, n := range e.Names {
			n = strings.ToLower(n)
			g := -1
			switch {
			case len(ws) > 1:
				g = newPhrase(needle).rank([]byte(n))
			case n == needle:
				g = 0
			case len(ws) == 1 && slices.ContainsFunc(words(n), func(w string) bool { return strings.HasPrefix(w, ws[0]) }):
				g = 1
			case len(ws) == 1 && ws[0] == needle && slices.ContainsFunc(words(n), func(w string) bool { return strings.Index(w, needle) > 0 }):
				g = 2
			case (len(ws) != 1 || ws[0] != needle) && strings.Contains(n, needle):
				g = 2
			}
			if g >= 0 && (best < 0 || g < best) {
				best = g
			}
		}
		if best >= 0 {
			ranked[best] = append(ranked[best], strings.ToLower(e.Names[0])+"\x00e "+e.IRI)
		}
	}
	var out []string
	for _, keys := range ranked {
		slices.Sort(keys)
		for _, k := range keys {
			out = append(out, iriOfSortKey(k))
		}
	}
	return out
}

// A name search of an index of several segments, with entities renamed
// and removed (their old records deleted in segments written before),
// answers as worked out by hand, every page of it, whether its pages are
// found by walking the sort keys in order or by reading each match's; and
// PostgreSQL's answers the same, whether a word's names are found from
// their words alone or read.
func TestNamesPagesWalkedOrRead(t *testing.T) {
	budget := walkBudget
	defer func() { walkBudget = budget }()
	for _, c := range []struct {
		name   string
		budget func(n, size, all int) int
	}{
		{"walked", func(int, int, int) int { return math.MaxInt }},
		{"read", func(int, int, int) int { return 0 }},
		// A walk cut short (its page not full after as many keys as the
		// page holds, and one more) reads the matches' keys instead.
		{"walked, then read", func(_, size, _ int) int { return size + 1 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			walkBudget = c.budget
			testNamesByHand(t, testIndex(t, t.TempDir()))
		})
	}
	walkBudget = budget
	nameIndexes(t, testNamesByHand)
}

func testNamesByHand(t *testing.T, ix nameIndex) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 13))
	vocabulary := []string{"republic", "people's", "democratic", "of", "cuba", "publication", "state", "security", "committee", "treaty", "re", "union"}
	types := []string{"Organisation", "Territory", "Treaty"}
	name := func() string {
		ws := make([]string, 1+rng.IntN(4))
		for i := range ws {
			ws[i] = vocabulary[rng.IntN(len(vocabulary))]
		}
		if rng.IntN(3) == 0 {
			ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
		}
		return strings.Join(ws, " ")
	}
	es := map[string]Entity{}
	for batch := range 6 { // a segment each
		var b Batch
		for i := range 150 {
			e := Entity{IRI: fmt.Sprintf("e%d-%d", batch, i), Type: types[rng.IntN(len(types))]}
			if batch > 0 && i < 30 { // renamed: the same IRI as in a batch before
				e.IRI = fmt.Sprintf("e%d-%d", rng.IntN(batch), rng.IntN(150))
			}
			for range 1 + rng.IntN(2) {
				e.Names = append(e.Names, name())
			}
			b.Entities = append(b.Entities, e)
			es[e.IRI] = e
		}
		if batch == 0 {
			// Its names in the index's order ("a…" first) rank 1 and 0:
			// it ranks by the better.
			e := Entity{IRI: "both", Type: "Territory", Names: []string{"Republic of Cuba", "A Republic of Cuba Union"}}
			b.Entities = append(b.Entities, e)
			es[e.IRI] = e
		}
		for range 10 {
			iri := fmt.Sprintf("e%d-%d", rng.IntN(batch+1), rng.IntN(150))
			b.RemovedEntities = append(b.RemovedEntities, iri)
		}
		// A removed entity written again in the same batch stays.
		b.RemovedEntities = slices.DeleteFunc(b.RemovedEntities, func(iri string) bool {
			return slices.ContainsFunc(b.Entities, func(e Entity) bool { return e.IRI == iri })
		})
		for _, iri := range b.RemovedEntities {
			delete(es, iri)
		}
		if err := ix.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	queries := []struct{ q, typ string }{
		{"republic", ""}, {"re", ""}, {"re", "Treaty"}, {"publi", ""}, {"e", ""}, {"of", "Territory"},
		{"cuba", ""}, {"people's republic", ""}, {"republic of", ""}, {"state security", "Organisation"},
		{"ublic of", ""}, {"public of", ""}, {"union", "Treaty"}, {"republic of cuba", ""}, {"zzz", ""}, {"'s", ""},
	}
	for _, c := range queries {
		want := namesByHand(es, c.q, c.typ)
		got, total, err := ix.Names(ctx, c.q, c.typ, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" || total != len(want) {
			t.Errorf("Names(%q, %q): total %d, want %d (-want +got)\n%s", c.q, c.typ, total, len(want), diff)
			continue
		}
		for _, limit := range []int{1, 7, 50} {
			for off := 0; off < min(len(want)+limit, 30*limit); off += limit {
				got, total, err := ix.Names(ctx, c.q, c.typ, off, limit)
				if err != nil {
					t.Fatal(err)
				}
				page := want[min(off, len(want)):min(off+limit, len(want))]
				if !slices.Equal(page, got) || total != len(want) {
					t.Fatalf("Names(%q, %q) from %d, %d: total %d, want %d (-want +got)\n%s", c.q, c.typ, off, limit, total, len(want), cmp.Diff(page, got))
				}
			}
		}
	}
	if len(namesByHand(es, "republic", "")) < 100 {
		t.Fatalf("the index holds too few matches of republic to test pages of: %d", len(namesByHand(es, "republic", "")))
	}
}
