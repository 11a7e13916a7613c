package loaders

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/pactgraph/pactgraph/graph"
)

// Node ids the quads of a report mint, besides the entities' own ids.
// Document-scoped ids start with the document's id, so that the same
// article of two documents is two nodes.
func (r *Report) articleID(number string) string { return r.ID + ".article-" + graph.IDPart(number) }
func (r *Report) signatureID(i int) string       { return r.ID + ".signature-" + strconv.Itoa(i+1) }
func (r *Report) commitmentID(i int) string      { return r.ID + ".commitment-" + strconv.Itoa(i+1) }

// CommitmentTypeID is the id of the node of a commitment type slug.
func CommitmentTypeID(slug string) string { return "commitment-type." + graph.IDPart(slug) }

// classes maps the report's entity types to the graph's classes.
var classes = map[string]quad.IRI{
	Organisation: graph.Organisation,
	Person:       graph.Person,
	Territory:    graph.Territory,
	Treaty:       graph.Treaty,
}

// Quads builds the graph of a report. Facts stated by the document as a
// whole are labelled with the document's IRI; a commitment's facts with the
// IRI of the article it was read from.
func (r *Report) Quads() []quad.Quad {
	doc := graph.IRI(r.ID)
	b := &builder{}
	add := func(s quad.IRI, p quad.IRI, o quad.Value) { b.add(s, p, o, doc) }

	add(doc, graph.Type, graph.Document)
	add(doc, graph.Name, quad.String(r.Document.Title))
	addOpt(add, doc, graph.Date, date(r.Document.Date))
	addOpt(add, doc, graph.SourceID, str(r.Document.SourceID))
	addOpt(add, doc, graph.URL, str(r.Document.URL))
	addOpt(add, doc, graph.ArchiveReference, str(r.Document.ArchiveReference))
	addOpt(add, doc, graph.Language, str(r.Document.OriginalLanguage))
	if r.Document.Citation != "" {
		add(doc, graph.Citation, quad.String(r.Document.Citation))
	}
	add(doc, graph.Text, quad.String(r.Text))
	for _, w := range r.Warnings {
		add(doc, graph.Warning, quad.String("line "+strconv.Itoa(w.Line)+": "+w.Message))
	}
	if r.Document.Translator != nil {
		if id := r.entityNamed(*r.Document.Translator); id != "" {
			add(doc, graph.Translator, graph.IRI(id))
		}
	}

	for _, e := range r.Entities {
		iri := graph.IRI(e.ID)
		if c, ok := classes[e.Type]; ok {
			add(iri, graph.Type, c)
		}
		add(iri, graph.Name, quad.String(e.Name))
		for _, a := range e.Aliases {
			if a != e.Name {
				add(iri, graph.Alias, quad.String(a))
			}
		}
		for _, s := range e.SameAs {
			add(iri, graph.SameAs, quad.IRI(s))
		}
		if e.Date != "" {
			add(iri, graph.Date, isoDate(e.Date))
		}
		add(doc, graph.Mentions, iri)
	}

	treaty := graph.IRI(r.Agreement.Entity)
	add(doc, graph.About, treaty)
	add(treaty, graph.Source, doc)
	for _, p := range r.Agreement.Parties {
		add(treaty, graph.Party, graph.IRI(p))
	}
	addOpt(add, treaty, graph.Date, date(r.Agreement.Date))
	addOpt(add, treaty, graph.Place, str(r.Agreement.Place))

	for _, a := range r.Articles {
		art := graph.IRI(r.articleID(a.Number))
		add(art, graph.Type, graph.Article)
		add(art, graph.Label, quad.String("Article "+a.Number))
		add(art, graph.Number, quad.String(a.Number))
		add(art, graph.Text, quad.String(a.Text))
		add(art, graph.Start, quad.Int(a.Span[0]))
		add(art, graph.End, quad.Int(a.Span[1]))
		add(art, graph.PartOf, doc)
		add(treaty, graph.HasArticle, art)
	}

	for i, s := range r.Signatures {
		sig := graph.IRI(r.signatureID(i))
		person := graph.IRI(s.Person)
		add(sig, graph.Type, graph.Signature)
		add(sig, graph.Name, quad.String("Signature of "+r.nameOf(s.Person)))
		add(sig, graph.SignedBy, person)
		if s.OnBehalfOf != "" {
			add(sig, graph.OnBehalfOf, graph.IRI(s.OnBehalfOf))
		}
		if s.Office != "" {
			add(sig, graph.Office, quad.String(s.Office))
		}
		if s.Text != "" {
			add(sig, graph.Text, quad.String(s.Text))
		}
		addOpt(add, sig, graph.Date, date(s.Date))
		add(treaty, graph.HasSigning, sig)
		add(treaty, graph.Signatory, person)
	}

	// Commitments are numbered in the order of the text, whatever order
	// the report lists them in: GET /api/commitments lists them by id.
	inText := slices.Clone(r.Obligations)
	slices.SortStableFunc(inText, func(a, b Obligation) int { return a.Span[0] - b.Span[0] })
	types := map[string]bool{}
	for i, o := range inText {
		c := graph.IRI(r.commitmentID(i))
		label := doc
		if o.Article != "preamble" && r.hasArticle(o.Article) {
			label = graph.IRI(r.articleID(o.Article))
			b.add(label, graph.Commits, c, label)
		}
		at := func(p quad.IRI, v quad.Value) { b.add(c, p, v, label) }
		at(graph.Type, graph.Commitment)
		at(graph.Label, quad.String(r.commitmentLabel(o)))
		at(graph.Modality, quad.String(o.Modality))
		at(graph.OfType, graph.IRI(CommitmentTypeID(o.Type)))
		types[o.Type] = true
		for p, ids := range map[quad.IRI][]string{
			graph.Bearer: o.Bearers, graph.Beneficiary: o.Beneficiaries,
			graph.Target: o.Targets, graph.Refers: o.References,
		} {
			for _, id := range ids {
				at(p, graph.IRI(id))
			}
		}
		at(graph.Text, quad.String(o.Text))
		at(graph.Start, quad.Int(o.Span[0]))
		at(graph.End, quad.Int(o.Span[1]))
	}
	for t := range types {
		iri := graph.IRI(CommitmentTypeID(t))
		add(iri, graph.Type, graph.CommitmentType)
		add(iri, graph.Name, quad.String(t))
	}
	return b.quads
}

// commitmentLabel says what was committed, for a reader: the article, the
// modality, the clause's first words, and who owes whom ("Art. XI
// obligation: “The KGB of the USSR will bear costs for the…” (KGB → MfS)").
// Parties go by their shortest name.
func (r *Report) commitmentLabel(o Obligation) string {
	art := "Art. " + o.Article
	if o.Article == "preamble" {
		art = "Preamble"
	}
	label := art + " " + o.Modality
	if p := phrase(o.Text, labelPhrase); p != "" {
		label += ": “" + p + "”"
	}
	bearers, beneficiaries := r.shortNames(o.Bearers), r.shortNames(o.Beneficiaries)
	switch {
	case bearers == "":
	case beneficiaries == "":
		label += " (" + bearers + ")"
	case slices.Equal(sortedCopy(o.Bearers), sortedCopy(o.Beneficiaries)):
		label += " (" + bearers + ", mutually)"
	default:
		label += " (" + bearers + " → " + beneficiaries + ")"
	}
	return label
}

// labelPhrase is how many characters of a clause a commitment's label
// quotes at most.
const labelPhrase = 60

// labelParties is how many bearers or beneficiaries a label names at most.
const labelParties = 3

// phrase is the start of text, its spaces collapsed and its symbols (the
// archive's marks of illegible words, "□") left out, cut at a word
// boundary to at most max characters, with "…" where it is cut.
func phrase(text string, max int) string {
	words := strings.FieldsFunc(text, func(c rune) bool { return unicode.IsSpace(c) || unicode.Is(unicode.So, c) })
	out := ""
	for i, w := range words {
		next := out
		if i > 0 {
			next += " "
		}
		next += w
		if utf8.RuneCountInString(next) > max {
			return strings.TrimRight(out, ",;:.") + "…"
		}
		out = next
	}
	return out
}

// shortNames joins the shortest name of each of ids; more than
// labelParties are counted, not named.
func (r *Report) shortNames(ids []string) string {
	if len(ids) > labelParties {
		return strconv.Itoa(len(ids)) + " parties"
	}
	var names []string
	for _, id := range ids {
		names = append(names, r.shortName(id))
	}
	return strings.Join(names, ", ")
}

func (r *Report) shortName(id string) string {
	for _, e := range r.Entities {
		if e.ID != id {
			continue
		}
		short := e.Name
		for _, a := range e.Aliases {
			if utf8.RuneCountInString(a) < utf8.RuneCountInString(short) {
				short = a
			}
		}
		return short
	}
	return id
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// builder collects a report's quads, each once: a fact the report states
// twice (the agreement's date, as an entity's and as the agreement's) is
// one quad.
type builder struct {
	quads []quad.Quad
	seen  map[quad.Quad]bool
}

func (b *builder) add(s, p quad.IRI, o quad.Value, label quad.IRI) {
	q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: label}
	if b.seen[q] {
		return
	}
	if b.seen == nil {
		b.seen = map[quad.Quad]bool{}
	}
	b.seen[q] = true
	b.quads = append(b.quads, q)
}

func addOpt(add func(quad.IRI, quad.IRI, quad.Value), s, p quad.IRI, o quad.Value) {
	if o != nil {
		add(s, p, o)
	}
}

func str(s *string) quad.Value {
	if s == nil || *s == "" {
		return nil
	}
	return quad.String(*s)
}

func date(s *string) quad.Value {
	if s == nil || *s == "" {
		return nil
	}
	return isoDate(*s)
}

func isoDate(s string) quad.Value {
	return quad.TypedString{Value: quad.String(s), Type: "http://www.w3.org/2001/XMLSchema#date"}
}

func (r *Report) hasArticle(number string) bool {
	for _, a := range r.Articles {
		if a.Number == number {
			return true
		}
	}
	return false
}

func (r *Report) nameOf(id string) string {
	for _, e := range r.Entities {
		if e.ID == id {
			return e.Name
		}
	}
	return id
}

// entityNamed finds the entity one of whose names is name.
func (r *Report) entityNamed(name string) string {
	for _, e := range r.Entities {
		if strings.EqualFold(e.Name, name) {
			return e.ID
		}
		for _, a := range e.Aliases {
			if strings.EqualFold(a, name) {
				return e.ID
			}
		}
	}
	return ""
}
