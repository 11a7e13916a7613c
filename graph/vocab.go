package graph

import (
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
)

// Namespaces. Every IRI pactgraph writes is spelled here and nowhere else;
// docs/schema.md mirrors this file.
const (
	// Base is the namespace of every node pactgraph mints: entities,
	// documents, articles, signatures, commitments and commitment types.
	// A node's id is its IRI with Base removed; ids never contain "/".
	Base = "https://w3id.org/pactgraph/id/"
	// NS is pactgraph's own vocabulary, for what no standard vocabulary names.
	NS = "https://w3id.org/pactgraph/ns#"

	nsRDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsRDFS    = "http://www.w3.org/2000/01/rdf-schema#"
	nsOWL     = "http://www.w3.org/2002/07/owl#"
	nsSchema  = "http://schema.org/"
	nsDCTerms = "http://purl.org/dc/terms/"
	nsProv    = "http://www.w3.org/ns/prov#"
)

// Classes: the object of rdf:type.
const (
	Organisation   = quad.IRI(nsSchema + "Organization")
	Person         = quad.IRI(nsSchema + "Person")
	Territory      = quad.IRI(nsSchema + "Place")
	Treaty         = quad.IRI(nsSchema + "Legislation")
	Document       = quad.IRI(nsSchema + "ArchiveComponent")
	Article        = quad.IRI(NS + "Article")
	Signature      = quad.IRI(NS + "Signature")
	Commitment     = quad.IRI(NS + "Commitment")
	CommitmentType = quad.IRI(NS + "CommitmentType")
)

// Predicates.
const (
	// Any node.
	Type     = quad.IRI(nsRDF + "type")
	Name     = quad.IRI(nsSchema + "name")           // canonical name
	Alias    = quad.IRI(nsSchema + "alternateName")  // every other name a document uses
	SameAs   = quad.IRI(nsOWL + "sameAs")            // the same thing in another dataset
	Label    = quad.IRI(nsRDFS + "label")            // short display label (articles, commitments)
	Date     = quad.IRI(nsDCTerms + "date")          // xsd date literal "YYYY-MM-DD"
	Text     = quad.IRI(NS + "text")                 // words of the source
	Start    = quad.IRI(NS + "start")                // code-point offset into the document file
	End      = quad.IRI(NS + "end")                  // exclusive code-point offset
	PartOf   = quad.IRI(nsSchema + "isPartOf")       // article → document, signature → treaty
	Source   = quad.IRI(nsProv + "hadPrimarySource") // treaty → document it is read from
	Mentions = quad.IRI(nsSchema + "mentions")       // document → every entity it names

	// Documents.
	URL              = quad.IRI(nsSchema + "url")
	SourceID         = quad.IRI(NS + "sourceId")
	ArchiveReference = quad.IRI(NS + "archiveReference")
	Citation         = quad.IRI(nsSchema + "citation")
	Language         = quad.IRI(nsSchema + "inLanguage") // original language
	Translator       = quad.IRI(nsSchema + "translator")
	// Warning is what the loader could not read as expected in a
	// document, "line 12: expected …"; a document with any needs review.
	Warning = quad.IRI(NS + "warning")
	About   = quad.IRI(nsSchema + "about") // document → the agreement it records

	// Treaties.
	Party       = quad.IRI(NS + "party")
	HasArticle  = quad.IRI(NS + "article")
	Place       = quad.IRI(nsSchema + "locationCreated")
	HasSigning  = quad.IRI(NS + "signature")
	Signatory   = quad.IRI(NS + "signatory") // treaty → person, the short cut of a signature
	OnBehalfOf  = quad.IRI(NS + "onBehalfOf")
	Office      = quad.IRI(NS + "office")
	SignedBy    = quad.IRI(NS + "person")     // signature → person
	Number      = quad.IRI(NS + "number")     // article number as written
	Commits     = quad.IRI(NS + "commitment") // article → commitment
	Modality    = quad.IRI(NS + "modality")   // "obligation" | "permission" | "prohibition"
	OfType      = quad.IRI(NS + "commitmentType")
	Bearer      = quad.IRI(NS + "bearer")
	Beneficiary = quad.IRI(NS + "beneficiary")
	Target      = quad.IRI(NS + "target")
	Refers      = quad.IRI(NS + "references") // commitment → treaty it invokes
)

// Modalities are the values of Modality: must, may and must not.
var Modalities = [...]string{"obligation", "permission", "prohibition"}

// Datasets (loaders/datasets): records of Correlates of War, ATOP,
// Archigos and the Office of the Historian, each in its named graph, and
// the links from pactgraph's entities to them (docs/schema.md).
const (
	StateRecord   = quad.IRI(NS + "StateRecord")  // a COW state-system member
	Alliance      = quad.IRI(NS + "Alliance")     // an ATOP alliance
	Membership    = quad.IRI(NS + "Membership")   // one state's membership of an alliance, one phase
	LeaderSpell   = quad.IRI(NS + "LeaderSpell")  // an Archigos spell in power
	MissionChief  = quad.IRI(NS + "MissionChief") // a POCOM chief of mission
	Code          = quad.IRI(NS + "code")         // the record's key in its dataset (literal)
	StartDate     = quad.IRI(nsSchema + "startDate")
	EndDate       = quad.IRI(nsSchema + "endDate")
	Description   = quad.IRI(nsSchema + "description")
	Provision     = quad.IRI(NS + "provision")     // alliance or membership → ATOP obligation/provision set to 1
	AllianceOf    = quad.IRI(NS + "alliance")      // membership → alliance
	MemberState   = quad.IRI(NS + "memberState")   // membership, spell, chief of mission → state record
	License       = quad.IRI(nsSchema + "license") // named graph → licence
	SchemaSameAs  = quad.IRI(nsSchema + "sameAs")  // record → the dataset's own IRI (DBpedia, history.state.gov)
	ByIdentifier  = quad.IRI(NS + "matchByIdentifier")
	ByDateMembers = quad.IRI(NS + "matchByDateAndMembers")
	ByName        = quad.IRI(NS + "matchByName")
	// WithinByGazetteer links an organisation to the state it belongs to
	// (a pactgraph entity), as the gazetteer's "within" has it.
	WithinByGazetteer = quad.IRI(NS + "withinByGazetteer")
)

// Named graphs that are not documents: every quad pactgraph itself writes
// without reading it from a document (datasets, links, imported files)
// carries one of these labels (GraphIRI), so that loading a document again
// never touches it, and one such graph is replaced or exported whole.
// Quads sent to Cayley's /api/v2/write keep the label they are sent with.
const (
	// GraphBase is the namespace of named graphs: datasets, links and
	// imported files.
	GraphBase = "https://w3id.org/pactgraph/graph/"
)

// GraphIRI returns the IRI of the named graph called name.
func GraphIRI(name string) quad.IRI { return quad.IRI(GraphBase + name) }

// IRI returns the IRI of the node with the given id.
func IRI(id string) quad.IRI { return quad.IRI(Base + id) }

// IDPart makes s fit in an id: letters, digits, '-', '.' and '_' stay,
// anything else (a '/', a space) becomes '-'.
func IDPart(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.', r == '_':
			return r
		}
		return '-'
	}, s)
}

// LabelID names the source of a fact, its quad's label: the id of a
// document or article (ID), or for a named graph (a dataset's, the links')
// "graph:" and its short name, which no id minted by IDPart can be; ""
// for any other label.
func LabelID(label quad.IRI) string {
	if id := ID(label); id != "" {
		return id
	}
	if name := graphName(label); name != "" {
		return "graph:" + name
	}
	return ""
}

// graphName is the short name of a named graph's IRI (GraphIRI), or ""
// for any other IRI.
func graphName(iri quad.IRI) string {
	if s := string(iri); len(s) > len(GraphBase) && s[:len(GraphBase)] == GraphBase {
		return s[len(GraphBase):]
	}
	return ""
}

// ID returns the id of a node IRI minted by pactgraph, or "" for any other IRI.
func ID(iri quad.IRI) string {
	s := string(iri)
	if len(s) > len(Base) && s[:len(Base)] == Base {
		return s[len(Base):]
	}
	return ""
}

// A role is what pactgraph's reads do with an IRI of the vocabulary.
type role uint8

const (
	// Classes (the object of rdf:type).
	named    role = iota + 1 // nodes with names: an API type; Overview draws them, Search finds them
	labelled                 // nodes with labels, not names: an API type; Overview draws them
	record                   // a dataset's records: Search finds them; no API type, not in Overview
	// Predicates.
	link    // to another node: drawn (Overview, Neighbours, Paths), one of an entity's links
	literal // to a literal: one of an entity's properties
	naming  // a name of the node (name, alternateName): what Search reads, the entity's own
	own     // to a node, but the node's own fact (its type, owl:sameAs): never drawn
)

// vocabulary gives every class and predicate of this file its short name
// (a class's is its API type, a predicate's its local part) and its role.
// Every list the reads go by is made from it (below): a new class or
// predicate is its constant above, one line here and one in
// docs/schema.md. Its order is the
// order in which Overview reads classes (parties and treaties first, so
// that a limit cuts the details) and the link predicates of a node.
var vocabulary = []struct {
	iri  quad.IRI
	name string
	role role
}{
	{Organisation, "Organisation", named},
	{Territory, "Territory", named},
	{Treaty, "Treaty", named},
	{Person, "Person", named},
	{Document, "Document", named},
	{CommitmentType, "CommitmentType", named},
	{Signature, "Signature", named},
	{Article, "Article", labelled},
	{Commitment, "Commitment", labelled},
	{StateRecord, "StateRecord", record},
	{Alliance, "Alliance", record},
	{Membership, "Membership", record},
	{LeaderSpell, "LeaderSpell", record},
	{MissionChief, "MissionChief", record},

	{Type, "type", own},
	{Name, "name", naming},
	{Alias, "alternateName", naming},
	{SameAs, "sameAs", own},
	{Label, "label", literal},
	{Date, "date", literal},
	{Text, "text", literal},
	{Start, "start", literal},
	{End, "end", literal},
	{PartOf, "isPartOf", link},
	{Source, "hadPrimarySource", link},
	{Mentions, "mentions", link},
	{URL, "url", literal},
	{SourceID, "sourceId", literal},
	{ArchiveReference, "archiveReference", literal},
	{Citation, "citation", literal},
	{Language, "inLanguage", literal},
	{About, "about", link},
	{Translator, "translator", link},
	{Warning, "warning", literal},
	{Party, "party", link},
	{HasArticle, "article", link},
	{Place, "locationCreated", literal},
	{HasSigning, "signature", link},
	{Signatory, "signatory", link},
	{OnBehalfOf, "onBehalfOf", link},
	{Office, "office", literal},
	{SignedBy, "person", link},
	{Number, "number", literal},
	{Commits, "commitment", link},
	{Modality, "modality", literal},
	{OfType, "commitmentType", link},
	{Bearer, "bearer", link},
	{Beneficiary, "beneficiary", link},
	{Target, "target", link},
	{Refers, "references", link},
	{Code, "code", literal},
	{StartDate, "startDate", literal},
	{EndDate, "endDate", literal},
	{Description, "description", literal},
	{Provision, "provision", literal},
	{AllianceOf, "alliance", link},
	{MemberState, "memberState", link},
	{License, "license", literal},
	{SchemaSameAs, "sameAs", link},
	{ByIdentifier, "matchByIdentifier", link},
	{ByDateMembers, "matchByDateAndMembers", link},
	{ByName, "matchByName", link},
	{WithinByGazetteer, "withinByGazetteer", link},
}

// The lists the reads go by, made from vocabulary.
var (
	typeNames       = namesOf(named, labelled)     // class → API type (TypeName)
	drawnClasses    = irisOf(named, labelled)      // the classes Overview draws, in order
	labelledClasses = irisOf(labelled)             // the classes whose nodes have labels, which Search does not find
	nameClasses     = irisOf(named, record)        // the classes whose names Search finds
	links           = irisOf(link)                 // the predicates Overview draws, in order
	namePredicates  = irisOf(naming)               // the predicates Search reads
	ownPredicates   = irisOf(own, naming)          // a node's own facts, never one of its links
	undrawn         = irisOf(own, naming, literal) // never drawn: a node's own facts, and those to literals
	// restated: the facts every document that names a node states again,
	// each under its own label; bolt keeps their keys, and an entity reads
	// no value of them (its facts out).
	restated = []quad.Value{Type, Name}
)

// irisOf lists the IRIs of vocabulary that have one of roles, in its order.
func irisOf(roles ...role) []quad.IRI {
	var out []quad.IRI
	for _, v := range vocabulary {
		if slices.Contains(roles, v.role) {
			out = append(out, v.iri)
		}
	}
	return out
}

// namesOf maps the IRIs of vocabulary that have one of roles to their
// short names.
func namesOf(roles ...role) map[quad.IRI]string {
	out := map[quad.IRI]string{}
	for _, v := range vocabulary {
		if slices.Contains(roles, v.role) {
			out[v.iri] = v.name
		}
	}
	return out
}

// TypeName is the short name of a class IRI ("Organisation" for
// schema:Organization), or "" for a class pactgraph does not write.
func TypeName(class quad.IRI) string { return typeNames[class] }

// Class is the class IRI of a short type name, the inverse of TypeName.
func Class(name string) (quad.IRI, bool) {
	for iri, n := range typeNames {
		if strings.EqualFold(n, name) {
			return iri, true
		}
	}
	return "", false
}

// PredicateName is the short name of a predicate IRI: its local part.
func PredicateName(p quad.Value) string {
	s := text(p)
	if i := strings.LastIndexAny(s, "#/"); i >= 0 {
		return s[i+1:]
	}
	return s
}
