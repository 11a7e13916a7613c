package datasets

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/loaders"
)

// LinksGraph is the named graph of the links from pactgraph's entities to
// the datasets' records.
const LinksGraph = "links"

// NamesGraph is the named graph of the gazetteer's names of the entities
// the store holds: the common names a document may not use ("East
// Germany", "Soviet Union"), which search then finds.
const NamesGraph = "gazetteer"

// Candidate is a possible link no rule could decide: listed for review,
// never written.
type Candidate struct {
	Entity string `json:"entity"` // pactgraph id
	Record string `json:"record"` // dataset record id
	Rule   string `json:"rule"`
	Why    string `json:"why"`
}

// Links are the links the rules made and the candidates left for review.
type Links struct {
	Quads  []quad.Quad
	Review []Candidate
	// Names are the gazetteer's names of the entities the store holds
	// (Names), written into NamesGraph.
	Names []quad.Quad
}

// Names gives the gazetteer's name and aliases of each of its entries that
// has(id) says the store holds, as schema:alternateName facts in
// NamesGraph, whose node cites the gazetteer.
func Names(ctx context.Context, gaz *loaders.Gazetteer, has func(ctx context.Context, id string) (bool, error)) ([]quad.Quad, error) {
	label := graph.GraphIRI(NamesGraph)
	out := []quad.Quad{
		{Subject: label, Predicate: graph.Name, Object: quad.String("pactgraph's gazetteer: names of organisations, states, people and treaties"), Label: label},
		{Subject: label, Predicate: graph.Citation, Object: quad.String("loaders/gazetteer.json (pactgraph), the names as the sources it lists give them"), Label: label},
	}
	for _, e := range gaz.Entries {
		ok, err := has(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			out = append(out, quad.Quad{Subject: graph.IRI(e.ID), Predicate: graph.Alias, Object: quad.String(n), Label: label})
		}
	}
	return out, nil
}

// Link applies the linking rules; parties gives, per treaty id, the ids of
// its parties (from the loaded documents' reports). The rules, each its own
// predicate (docs/schema.md):
//
//   - pg:matchByIdentifier: the gazetteer lists the entity's key in the
//     dataset (COW state code, Office of the Historian id), with its source,
//     and the dataset has a record with that key.
//   - pg:matchByDateAndMembers: an ATOP alliance begins on the treaty's date
//     of signature and every party of the treaty that has a COW code is among
//     its members; linked only when exactly one alliance passes.
//   - pg:matchByName: a person's surname is an Archigos leader's name;
//     linked (to each of the leader's spells) only when one leader has it.
//   - pg:withinByGazetteer: the gazetteer says which state an organisation
//     belongs to (its "within"): the organisation is linked to that state's
//     entity, from which pg:matchByIdentifier leads to the state's records.
//     A "within" naming no state the gazetteer knows is a Review candidate.
//
// Anything ambiguous, and name matches in the Office of the Historian's
// people for persons without an identifier, are Review candidates.
func Link(gaz *loaders.Gazetteer, fsys fs.FS, parties map[string][]string) (*Links, error) {
	load := func(f string) (*table, error) { return readTable(fsys, f) }
	cow, err := load("cow_states2016.csv")
	if err != nil {
		return nil, err
	}
	hsg, err := load("hsg_people_eastbloc_subset.csv")
	if err != nil {
		return nil, err
	}
	alliances, err := load("atop401_alliances_eastbloc_focus.csv")
	if err != nil {
		return nil, err
	}
	members, err := load("atop401_members_eastbloc_focus.csv")
	if err != nil {
		return nil, err
	}
	spells, err := load("archigos41_leader_spells_selected_1945_1991.csv")
	if err != nil {
		return nil, err
	}
	has := func(t *table, col, v string) bool {
		for _, r := range t.rows {
			if t.get(r, col) == v {
				return true
			}
		}
		return false
	}
	out := &Links{}
	label := graph.GraphIRI(LinksGraph)
	link := func(entity string, p quad.IRI, record string) {
		out.Quads = append(out.Quads, quad.Quad{Subject: graph.IRI(entity), Predicate: p, Object: graph.IRI(record), Label: label})
	}
	cowCode := map[string]string{}
	for _, e := range gaz.Entries {
		for _, id := range e.Identifiers {
			switch {
			case id.Scheme == "cow" && has(cow, "ccode", id.Value):
				link(e.ID, graph.ByIdentifier, cowID(id.Value))
				cowCode[e.ID] = id.Value
			case id.Scheme == "hsg" && has(hsg, "person_id", id.Value):
				link(e.ID, graph.ByIdentifier, hsgID(id.Value))
			}
		}
	}

	// Organisations → their states, as the gazetteer has them.
	for _, e := range gaz.Entries {
		if e.Type != loaders.Organisation || e.Within == "" {
			continue
		}
		if st, ok := gaz.Entry(e.Within); ok && st.Type == loaders.Territory {
			link(e.ID, graph.WithinByGazetteer, st.ID)
			continue
		}
		out.Review = append(out.Review, Candidate{e.ID, e.Within, "withinByGazetteer",
			fmt.Sprintf("the gazetteer puts %q within %q, which is no state it knows", e.Name, e.Within)})
	}

	// Treaties ↔ ATOP alliances, by date and members.
	memberOf := map[string]map[string]bool{}
	for _, r := range members.rows {
		id := members.get(r, "atopid")
		if memberOf[id] == nil {
			memberOf[id] = map[string]bool{}
		}
		memberOf[id][members.get(r, "member")] = true
	}
	for _, e := range gaz.Entries {
		if e.Type != loaders.Treaty || e.Date == "" {
			continue
		}
		var pass []string
		for _, r := range alliances.rows {
			id := alliances.get(r, "atopid")
			if ymd(alliances.get(r, "begyr"), alliances.get(r, "begmo"), alliances.get(r, "begday")) != e.Date {
				continue
			}
			ps := parties[e.ID]
			if len(ps) == 0 {
				out.Review = append(out.Review, Candidate{e.ID, atopID(id), "matchByDateAndMembers",
					"begins on the treaty's date, but no loaded document names the treaty's parties"})
				continue
			}
			ok, checked := true, 0
			for _, p := range ps {
				if cc, known := cowCode[p]; known {
					checked++
					ok = ok && memberOf[id][cc]
				}
			}
			if ok && checked > 0 {
				pass = append(pass, id)
			}
		}
		switch len(pass) {
		case 0:
		case 1:
			link(e.ID, graph.ByDateMembers, atopID(pass[0]))
		default:
			for _, id := range pass {
				out.Review = append(out.Review, Candidate{e.ID, atopID(id), "matchByDateAndMembers",
					fmt.Sprintf("%d alliances begin on %s with these members", len(pass), e.Date)})
			}
		}
	}

	// Persons ↔ Archigos leaders by name; Office of the Historian people
	// by name for review.
	hsgKnown := map[string]bool{}
	for _, e := range gaz.Entries {
		for _, id := range e.Identifiers {
			if id.Scheme == "hsg" {
				hsgKnown[e.ID] = true
			}
		}
	}
	for _, e := range gaz.Entries {
		if e.Type != loaders.Person {
			continue
		}
		surname := surnameOf(e.Name)
		leaders := map[string][]string{} // leadid → spells
		for _, r := range spells.rows {
			if surnameOf(spells.get(r, "leader")) == surname {
				lid := spells.get(r, "leadid")
				leaders[lid] = append(leaders[lid], spells.get(r, "obsid"))
			}
		}
		if len(leaders) == 1 {
			for _, ss := range leaders {
				for _, s := range ss {
					link(e.ID, graph.ByName, archigosID(s))
				}
			}
		} else {
			for _, ss := range leaders {
				for _, s := range ss {
					out.Review = append(out.Review, Candidate{e.ID, archigosID(s), "matchByName",
						fmt.Sprintf("%d Archigos leaders are called %q", len(leaders), surname)})
				}
			}
		}
		if hsgKnown[e.ID] {
			continue
		}
		for _, r := range hsg.rows {
			if surnameOf(hsg.get(r, "preferred_name")) == surname {
				out.Review = append(out.Review, Candidate{e.ID, hsgID(hsg.get(r, "person_id")), "name in the Office of the Historian's people",
					fmt.Sprintf("%q is called %q there; the gazetteer has no identifier to confirm it", e.Name, hsg.get(r, "preferred_name"))})
			}
		}
	}
	sort.Slice(out.Review, func(i, j int) bool {
		a, b := out.Review[i], out.Review[j]
		if a.Entity != b.Entity {
			return a.Entity < b.Entity
		}
		return a.Record < b.Record
	})
	return out, nil
}

// surnameOf is the family name of "Family, Given" or of "Given Family",
// lower-cased.
func surnameOf(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.IndexByte(name, ','); i >= 0 {
		return strings.ToLower(strings.TrimSpace(name[:i]))
	}
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	return strings.ToLower(f[len(f)-1])
}

// LoadLinks writes the links into their named graph, replacing the links
// made before.
func LoadLinks(ctx context.Context, s Store, l *Links) (graph.Change, error) {
	ch, err := s.ReplaceGraph(ctx, graph.GraphIRI(LinksGraph), l.Quads)
	if err != nil {
		return ch, err
	}
	names, err := s.ReplaceGraph(ctx, graph.GraphIRI(NamesGraph), l.Names)
	ch.Added += names.Added
	ch.Removed += names.Removed
	return ch, err
}
