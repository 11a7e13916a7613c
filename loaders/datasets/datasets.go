// Package datasets loads the public datasets of corpus/data (Correlates of
// War states, ATOP alliances and members, the Office of the Historian's
// people and chiefs of mission, Archigos leaders) each into a named graph
// of its own, graph.GraphIRI(name), whose node carries the dataset's
// citation and licence; and it links pactgraph's entities to their
// records by rules (Link), each link's predicate naming its rule.
package datasets

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/graph"
)

// Store is what the datasets are written to; *graph.Store implements it.
type Store interface {
	ReplaceGraph(ctx context.Context, label quad.IRI, quads []quad.Quad) (graph.Change, error)
}

var _ Store = (*graph.Store)(nil)

// Dataset is one dataset: its named graph, its files and how to cite it.
type Dataset struct {
	Name     string // the named graph: graph.GraphIRI(Name)
	Title    string
	Citation string
	License  string
	Files    []string
	build    func(b *builder, tables map[string]*table) error
}

// All lists the datasets, in load order.
var All = []Dataset{
	{Name: "cow-states", Title: "Correlates of War: State System Membership v2016",
		Citation: "Correlates of War Project. 2017. State System Membership List, v2016. http://correlatesofwar.org (copy: globalgov/manystates, data-raw/states/COW/states2016.csv)",
		License:  "free with citation (manystates copy: CC BY 4.0)",
		Files:    []string{"cow_states2016.csv"}, build: buildCOW},
	{Name: "atop", Title: "Alliance Treaty Obligations and Provisions (ATOP) v4.01, East-bloc extract",
		Citation: "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. Alliance Treaty Obligations and Provisions, 1815-1944. International Interactions 28: 237-260. atopdata.org, v4.01 (copy: joshuaalley/arms-allies)",
		License:  "free with citation",
		Files:    []string{"atop401_alliances_eastbloc_focus.csv", "atop401_members_eastbloc_focus.csv"}, build: buildATOP},
	{Name: "hsg-people", Title: "Office of the Historian: people of the Foreign Relations of the United States",
		Citation: "U.S. Department of State, Office of the Historian, HistoryAtState/people (https://github.com/HistoryAtState/people)",
		License:  "public domain (work of the U.S. government)",
		Files:    []string{"hsg_people_eastbloc_subset.csv"}, build: buildHSG},
	{Name: "archigos", Title: "Archigos 4.1: leaders 1945-1991, selected states",
		Citation: "Goemans, Henk E., Kristian Skrede Gleditsch, and Giacomo Chiozza. 2009. Introducing Archigos: A Dataset of Political Leaders. Journal of Peace Research 46(2): 269-283. v4.1 (copy: globalgov/manystates)",
		License:  "free with citation (manystates copy: CC BY 4.0)",
		Files:    []string{"archigos41_leader_spells_selected_1945_1991.csv"}, build: buildArchigos},
	{Name: "pocom", Title: "Office of the Historian: U.S. chiefs of mission to the GDR",
		Citation: "U.S. Department of State, Office of the Historian, HistoryAtState/pocom (https://github.com/HistoryAtState/pocom)",
		License:  "public domain / CC0",
		Files:    []string{"pocom_gdr_chiefs_of_mission.csv"}, build: buildPOCOM},
}

// Result says what loading one dataset did.
type Result struct {
	Dataset string
	Quads   int
	Change  graph.Change
}

// Quads builds the quads of one dataset from the files of fsys.
func (d Dataset) Quads(fsys fs.FS) ([]quad.Quad, error) {
	tables := map[string]*table{}
	for _, f := range d.Files {
		t, err := readTable(fsys, f)
		if err != nil {
			return nil, err
		}
		tables[f] = t
	}
	k, err := readKnown(recordsJSON)
	if err != nil {
		return nil, err
	}
	g := graph.GraphIRI(d.Name)
	b := &builder{label: g, known: k}
	b.add(g, graph.Name, quad.String(d.Title))
	b.opt(g, graph.URL, k.page[d.Name])
	b.add(g, graph.Citation, quad.String(d.Citation))
	b.add(g, graph.License, quad.String(d.License))
	if err := d.build(b, tables); err != nil {
		return nil, err
	}
	return b.quads, nil
}

// Load loads every dataset of fsys (corpus/data) into its named graph,
// each replacing what its graph held, in one transaction per dataset.
func Load(ctx context.Context, s Store, fsys fs.FS, progress func(Result)) error {
	for _, d := range All {
		qs, err := d.Quads(fsys)
		if err != nil {
			return fmt.Errorf("dataset %s: %w", d.Name, err)
		}
		ch, err := s.ReplaceGraph(ctx, graph.GraphIRI(d.Name), qs)
		if err != nil {
			return fmt.Errorf("dataset %s: %w", d.Name, err)
		}
		if progress != nil {
			progress(Result{Dataset: d.Name, Quads: len(qs), Change: ch})
		}
	}
	return nil
}

// Node ids of the datasets' records.
func cowID(ccode string) string      { return "cow." + ccode }
func atopID(atopid string) string    { return "atop." + atopid }
func hsgID(personID string) string   { return "hsg." + personID }
func archigosID(obsid string) string { return "archigos." + graph.IDPart(obsid) }
func pocomID(id string) string       { return "pocom." + graph.IDPart(id) }
func membershipID(atopid, ccode, phase string) string {
	return "atop." + atopid + ".member-" + ccode + "-" + phase
}

type builder struct {
	label quad.IRI
	known *known
	quads []quad.Quad
}

func (b *builder) add(s, p quad.IRI, o quad.Value) {
	b.quads = append(b.quads, quad.Quad{Subject: s, Predicate: p, Object: o, Label: b.label})
}

func (b *builder) opt(s, p quad.IRI, o string) {
	if o != "" {
		b.add(s, p, quad.String(o))
	}
}

func (b *builder) date(s, p quad.IRI, d string) {
	if d != "" {
		b.add(s, p, quad.TypedString{Value: quad.String(d), Type: "http://www.w3.org/2001/XMLSchema#date"})
	}
}

// ymd joins year, month and day columns into an ISO date; "" when the year
// is missing or 0 (ATOP's "still in force"). Unknown months or days (0,
// -9) are left out.
func ymd(y, m, d string) string {
	ok := func(s string) bool { return s != "" && s != "0" && !strings.HasPrefix(s, "-") }
	if !ok(y) {
		return ""
	}
	out := fmt.Sprintf("%04s", y)
	if ok(m) {
		out += "-" + fmt.Sprintf("%02s", m)
		if ok(d) {
			out += "-" + fmt.Sprintf("%02s", d)
		}
	}
	return out
}

// table is a CSV file read whole, with its columns by name.
type table struct {
	file string
	cols map[string]int
	rows [][]string
}

func readTable(fsys fs.FS, file string) (*table, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s:1: header: %w", file, err)
	}
	t := &table{file: file, cols: map[string]int{}}
	for i, h := range header {
		t.cols[strings.TrimSpace(h)] = i
	}
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		t.rows = append(t.rows, row)
	}
	return t, nil
}

// need checks that the table has the columns the loader reads.
func (t *table) need(cols ...string) error {
	for _, c := range cols {
		if _, ok := t.cols[c]; !ok {
			return fmt.Errorf("%s:1: no column %q", t.file, c)
		}
	}
	return nil
}

func (t *table) get(row []string, col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

func buildCOW(b *builder, tables map[string]*table) error {
	t := tables["cow_states2016.csv"]
	if err := t.need("stateabb", "ccode", "statenme", "styear", "endyear"); err != nil {
		return err
	}
	for _, r := range t.rows {
		n := graph.IRI(cowID(t.get(r, "ccode")))
		b.add(n, graph.Type, graph.StateRecord)
		b.add(n, graph.Code, quad.String(t.get(r, "ccode")))
		b.add(n, graph.Name, quad.String(t.get(r, "statenme")))
		b.opt(n, graph.Alias, t.get(r, "stateabb"))
		// A state may have several spells of membership (e.g. Germany).
		b.date(n, graph.StartDate, ymd(t.get(r, "styear"), t.get(r, "stmonth"), t.get(r, "stday")))
		b.date(n, graph.EndDate, ymd(t.get(r, "endyear"), t.get(r, "endmonth"), t.get(r, "endday")))
	}
	return nil
}

// ATOP's obligation and provision flags written as pg:provision when 1.
var atopFlags = []string{"defense", "offense", "neutral", "nonagg", "consul", "milcon", "milaid", "intcom", "base", "ecaid", "specthrt", "organ1"}

func buildATOP(b *builder, tables map[string]*table) error {
	a := tables["atop401_alliances_eastbloc_focus.csv"]
	if err := a.need("atopid", "cowid", "begyr", "endyr", "bilat"); err != nil {
		return err
	}
	for _, r := range a.rows {
		n := graph.IRI(atopID(a.get(r, "atopid")))
		b.add(n, graph.Type, graph.Alliance)
		b.add(n, graph.Code, quad.String(a.get(r, "atopid")))
		if c := a.get(r, "cowid"); c != "" && c != "0" && !strings.HasPrefix(c, "-") {
			b.add(n, graph.Code, quad.String("cow-alliance:"+c))
		}
		b.add(n, graph.Label, quad.String("ATOP "+a.get(r, "atopid")))
		b.opt(n, graph.Name, b.known.alliance[a.get(r, "atopid")])
		b.date(n, graph.StartDate, ymd(a.get(r, "begyr"), a.get(r, "begmo"), a.get(r, "begday")))
		b.date(n, graph.EndDate, ymd(a.get(r, "endyr"), a.get(r, "endmo"), a.get(r, "endday")))
		for _, f := range atopFlags {
			if v := a.get(r, f); v != "" && v != "0" && !strings.HasPrefix(v, "-") {
				b.add(n, graph.Provision, quad.String(b.known.provisionWords(f, v)))
			}
		}
	}
	m := tables["atop401_members_eastbloc_focus.csv"]
	if err := m.need("atopid", "member", "yrent", "yrexit", "phase"); err != nil {
		return err
	}
	for _, r := range m.rows {
		id, cc, ph := m.get(r, "atopid"), m.get(r, "member"), m.get(r, "phase")
		n := graph.IRI(membershipID(id, cc, ph))
		b.add(n, graph.Type, graph.Membership)
		b.add(n, graph.AllianceOf, graph.IRI(atopID(id)))
		b.add(n, graph.MemberState, graph.IRI(cowID(cc)))
		alliance := "ATOP " + id
		if name := b.known.alliance[id]; name != "" {
			alliance = name + " (ATOP " + id + ")"
		}
		b.add(n, graph.Label, quad.String(fmt.Sprintf("%s, member %s, phase %s", alliance, cc, ph)))
		b.date(n, graph.StartDate, ymd(m.get(r, "yrent"), m.get(r, "moent"), m.get(r, "dayent")))
		b.date(n, graph.EndDate, ymd(m.get(r, "yrexit"), m.get(r, "moexit"), m.get(r, "dayexit")))
		for _, f := range []string{"defense", "offense", "neutral", "nonagg", "consul"} {
			if v := m.get(r, f); v != "" && v != "0" && !strings.HasPrefix(v, "-") {
				b.add(n, graph.Provision, quad.String(b.known.provisionWords(f, v)))
			}
		}
	}
	return nil
}

func buildHSG(b *builder, tables map[string]*table) error {
	t := tables["hsg_people_eastbloc_subset.csv"]
	if err := t.need("person_id", "preferred_name", "remarks", "source_urls"); err != nil {
		return err
	}
	for _, r := range t.rows {
		n := graph.IRI(hsgID(t.get(r, "person_id")))
		b.add(n, graph.Type, graph.Person)
		b.add(n, graph.Code, quad.String(t.get(r, "person_id")))
		b.add(n, graph.Name, quad.String(t.get(r, "preferred_name")))
		for _, rem := range strings.Split(t.get(r, "remarks"), "||") {
			b.opt(n, graph.Description, strings.TrimSpace(rem))
		}
		for i, u := range strings.Fields(t.get(r, "source_urls")) {
			b.add(n, graph.SchemaSameAs, quad.IRI(u))
			if i == 0 {
				b.add(n, graph.URL, quad.String(u)) // the record's own page
			}
		}
		if v := t.get(r, "viaf"); v != "" {
			b.add(n, graph.SameAs, quad.IRI("http://viaf.org/viaf/"+v))
		}
	}
	return nil
}

func buildArchigos(b *builder, tables map[string]*table) error {
	t := tables["archigos41_leader_spells_selected_1945_1991.csv"]
	if err := t.need("obsid", "ccode", "leader", "start", "end"); err != nil {
		return err
	}
	for _, r := range t.rows {
		n := graph.IRI(archigosID(t.get(r, "obsid")))
		b.add(n, graph.Type, graph.LeaderSpell)
		b.add(n, graph.Code, quad.String(t.get(r, "obsid")))
		b.add(n, graph.Name, quad.String(t.get(r, "leader")))
		b.add(n, graph.MemberState, graph.IRI(cowID(t.get(r, "ccode"))))
		b.date(n, graph.StartDate, t.get(r, "start"))
		b.date(n, graph.EndDate, t.get(r, "end"))
		b.opt(n, graph.Description, strings.TrimSpace("entry: "+t.get(r, "entry")+"; exit: "+t.get(r, "exit")))
		if u := t.get(r, "dbpedia_uri"); strings.HasPrefix(u, "http") {
			b.add(n, graph.SchemaSameAs, quad.IRI(u))
		}
	}
	return nil
}

func buildPOCOM(b *builder, tables map[string]*table) error {
	t := tables["pocom_gdr_chiefs_of_mission.csv"]
	if err := t.need("id", "person_id", "role_title_id", "started", "ended"); err != nil {
		return err
	}
	for _, r := range t.rows {
		n := graph.IRI(pocomID(t.get(r, "id")))
		b.add(n, graph.Type, graph.MissionChief)
		b.add(n, graph.Code, quad.String(t.get(r, "id")))
		person, role := t.get(r, "person_id"), t.get(r, "role_title_id")
		b.add(n, graph.Name, quad.String(or(b.known.person[person], person)))
		b.add(n, graph.Label, quad.String(or(b.known.role[role], role)+" to the GDR"))
		b.opt(n, graph.URL, b.known.recordPage("pocom", "person_id", person))
		b.add(n, graph.MemberState, graph.IRI(cowID("265")))
		b.date(n, graph.StartDate, t.get(r, "started"))
		b.date(n, graph.EndDate, t.get(r, "ended"))
		if u := b.known.recordPage("pocom", "person_id", person); u != "" {
			b.add(n, graph.SchemaSameAs, quad.IRI(u))
		}
	}
	return nil
}

// or is s, or else fallback when s is "".
func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
