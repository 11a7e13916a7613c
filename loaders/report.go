// Package loaders turns archival agreements into one plain value, the
// extraction report (see ../shared/eval/FORMAT.md), from which the graph's
// quads are built.
//
// The pipeline has four steps, each owned by one place:
//
//	parse   a layout package (loaders/wilson), behind the Parser interface,
//	        splits a file into its catalogue fields, title block, preamble,
//	        articles, closing and signatures;
//	extract the same package reads entities (from the Gazetteer and from the
//	        text's own definitions), signatures and commitments out of them;
//	report  the result is a *Report: the only value the rest of pactgraph reads
//	        (extract --json prints it, tests compare it, the quad builder maps it);
//	quads   Report.Quads (quads.go) builds the graph's quads from a Report, in
//	        the graph package's vocabulary; no second path re-derives facts
//	        from the text. The golden .nq files pin this mapping.
//
// World knowledge (names, aliases, identifiers in other datasets) is data in
// gazetteer.json; Go code holds only patterns of language.
package loaders

// Report is everything the loaders read out of one document.
type Report struct {
	// ID is the document id: the file name without its extension.
	ID          string       `json:"id"`
	Document    Document     `json:"document"`
	Agreement   Agreement    `json:"agreement"`
	Entities    []Entity     `json:"entities"`
	Signatures  []Signature  `json:"signatures"`
	Articles    []Article    `json:"articles"`
	Obligations []Obligation `json:"obligations"`
	// Warnings list what could not be read as expected; the report holds
	// everything that could.
	Warnings []Warning `json:"warnings,omitempty"`
	// Text is the whole input file; spans are code-point offsets into it.
	Text string `json:"-"`
}

// StoppedError is a parse its context stopped: it names the document and
// the line reached (0 when the parse stopped between two steps, at no
// line), and wraps the context's cause.
type StoppedError struct {
	Name string
	Line int
	Err  error // the parser's error, naming the layout, file and line
}

func (e *StoppedError) Error() string { return e.Err.Error() }
func (e *StoppedError) Unwrap() error { return e.Err }

// Where gives the document and the line reached.
func (e *StoppedError) Where() (string, int) { return e.Name, e.Line }

// Warning is something the loaders could not read as expected, at a line
// of the file (from 1).
type Warning struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Document holds the catalogue fields of the archival record.
type Document struct {
	Title            string  `json:"title"`
	Date             *string `json:"date"`
	SourceID         *string `json:"source_id"`
	URL              *string `json:"url"`
	ArchiveReference *string `json:"archive_reference"`
	OriginalLanguage *string `json:"original_language"`
	Translator       *string `json:"translator"`
	Citation         string  `json:"citation,omitempty"`
}

// Agreement is the agreement the document records.
type Agreement struct {
	Entity  string   `json:"entity"`
	Parties []string `json:"parties"`
	Date    *string  `json:"date"`
	Place   *string  `json:"place"`
}

// Entity types, as FORMAT.md defines them.
const (
	Organisation = "Organisation"
	Person       = "Person"
	Territory    = "Territory"
	Treaty       = "Treaty"
)

// Entity is an organisation, person, territory or treaty the document names.
type Entity struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	// SameAs holds full IRIs of the same thing in other datasets.
	SameAs []string `json:"same_as"`
	// Date is an ISO date for treaties, when the document gives one.
	Date string `json:"date,omitempty"`
}

// Signature is one signatory of the agreement.
type Signature struct {
	Person     string  `json:"person"`
	Office     string  `json:"office"`
	OnBehalfOf string  `json:"on_behalf_of,omitempty"`
	Date       *string `json:"date"`
	// Text is the signature block's words as the document writes them
	// (the paragraph of the signatory's name).
	Text string `json:"text,omitempty"`
}

// Article is one numbered article, as the document numbers it.
type Article struct {
	Number string `json:"number"`
	Text   string `json:"text"`
	// Span is [start, end) in code points of the file; the file's text there
	// is Text (layout debris inside an article is kept so that this holds).
	Span [2]int `json:"span"`
}

// Modalities of a commitment.
const (
	MustDo    = "obligation"
	MayDo     = "permission"
	MustNotDo = "prohibition"
)

// Obligation is one commitment: who must (or may, or must not) do what.
type Obligation struct {
	// Article is the article number as written, or "preamble".
	Article       string   `json:"article"`
	Modality      string   `json:"modality"`
	Type          string   `json:"type"`
	Bearers       []string `json:"bearers"`
	Beneficiaries []string `json:"beneficiaries"`
	Targets       []string `json:"targets"`
	References    []string `json:"references"`
	Text          string   `json:"text"`
	// Span is [start, end) in code points of the file; the file's text there
	// is Text.
	Span [2]int `json:"span"`
}
