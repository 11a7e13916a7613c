package graph

// The read model: plain values the store returns and the API serves as JSON.

// Node is a node of the graph as it is drawn: an id, its IRI, a name and a type.
type Node struct {
	ID   string `json:"id"`
	IRI  string `json:"iri"`
	Name string `json:"name"`
	// Type is the short name of the node's class: Organisation, Person,
	// Territory, Treaty, Document, Article, Signature, Commitment or
	// CommitmentType; "" when the node has no class pactgraph knows.
	Type string `json:"type"`
	// Dataset names the dataset a record comes from (the short name of
	// its named graph: cow-states, atop, hsg-people, archigos, pocom); ""
	// for the nodes of the documents.
	Dataset string `json:"dataset,omitempty"`
}

// Hit is a search result.
type Hit struct {
	Node
	Aliases []string `json:"aliases,omitempty"`
}

// Edge joins two nodes of a Subgraph by a predicate. Label is the id of the
// document or article the fact was read from.
type Edge struct {
	Source       string `json:"source"`
	Target       string `json:"target"`
	Predicate    string `json:"predicate"`
	PredicateIRI string `json:"predicate_iri"`
	Label        string `json:"label,omitempty"`
}

// Subgraph is a set of nodes and the edges among them, ready to draw.
// Truncated says that a limit left nodes or edges out.
type Subgraph struct {
	Nodes     []Node `json:"nodes"`
	Edges     []Edge `json:"edges"`
	Truncated bool   `json:"truncated"`
}

// Link is one edge seen from an entity: the predicate and the node at its
// other end.
type Link struct {
	Predicate    string `json:"predicate"`
	PredicateIRI string `json:"predicate_iri"`
	Node         Node   `json:"node"`
	Label        string `json:"label,omitempty"`
}

// Provenance names a document or article that states facts about a node,
// with the article's words and its span in the document file.
type Provenance struct {
	ID            string `json:"id"`
	Document      string `json:"document"`
	DocumentTitle string `json:"document_title"`
	Article       string `json:"article"`
	Text          string `json:"text"`
	Span          [2]int `json:"span"`
}

// Entity is what the graph says about one node: its own facts in full,
// and a page of its links in each direction (Store.Entity).
type Entity struct {
	Node
	Aliases    []string            `json:"aliases"`
	SameAs     []string            `json:"same_as"`
	Properties map[string][]string `json:"properties"`
	// Out holds the links out of the node from the OutOffset-th, of
	// OutTotal in all; In those into it, likewise.
	Out       []Link `json:"out"`
	OutOffset int    `json:"out_offset"`
	OutTotal  int    `json:"out_total"`
	In        []Link `json:"in"`
	InOffset  int    `json:"in_offset"`
	InTotal   int    `json:"in_total"`
	// Truncated says that Out and In do not hold every link of the node.
	Truncated bool `json:"truncated"`
	// Provenance describes the sources of the facts this answer holds:
	// the label of each link in Out and In, and one label of each of the
	// node's own facts. ProvenanceTotal counts the distinct labels of
	// every fact about the node, in and out.
	Provenance      []Provenance `json:"provenance"`
	ProvenanceTotal int          `json:"provenance_total"`
	// Identifiers are the node's keys in the datasets: its own, when it is
	// a record, and those of the records the link rules matched it to.
	Identifiers []Identifier `json:"identifiers"`
}

// Identifier is a key of a record in a dataset, with where to read it: the
// record's own page when the dataset has one, else the dataset's.
type Identifier struct {
	Dataset      string `json:"dataset"`       // short name of its named graph
	DatasetTitle string `json:"dataset_title"` // the dataset's name
	Code         string `json:"code"`
	URL          string `json:"url,omitempty"`
	// Record is the record that holds the key; nil when it is the node
	// itself.
	Record *Node `json:"record,omitempty"`
	// Rule is the link rule that matched the node to Record.
	Rule string `json:"rule,omitempty"`
}

// DocumentSummary is a document as listed.
type DocumentSummary struct {
	ID               string `json:"id"`
	IRI              string `json:"iri"`
	Title            string `json:"title"`
	Date             string `json:"date,omitempty"`
	SourceID         string `json:"source_id,omitempty"`
	URL              string `json:"url,omitempty"`
	ArchiveReference string `json:"archive_reference,omitempty"`
	Language         string `json:"original_language,omitempty"`
	Citation         string `json:"citation,omitempty"`
	Agreement        *Node  `json:"agreement,omitempty"`
	// NeedsReview marks a document read with warnings: parts of it were
	// not where the layout has them (Warnings says which, by line).
	NeedsReview bool     `json:"needs_review"`
	Warnings    []string `json:"warnings,omitempty"`
}

// ArticleView is one article of a document.
type ArticleView struct {
	ID     string `json:"id"`
	Number string `json:"number"`
	Text   string `json:"text"`
	Span   [2]int `json:"span"`
}

// DocumentView is a document with its parties, articles and full text.
type DocumentView struct {
	DocumentSummary
	Translator *Node         `json:"translator,omitempty"`
	Parties    []Node        `json:"parties"`
	Articles   []ArticleView `json:"articles"`
	Text       string        `json:"text"`
}
