package api

import (
	"context"
	"io"

	"github.com/pactgraph/pactgraph/graph"
)

// Reader is what the API's read routes need of the graph, and the only
// store they use (Server.read): it has no writes. *graph.Store implements
// it. Every method stops when ctx ends and returns its error.
type Reader interface {
	// Size is the number of quads in the store.
	Size(ctx context.Context) (int64, error)
	// Search finds nodes whose name or alias contains q, ignoring case;
	// typ, when not "", keeps nodes of that type. It returns limit hits
	// from the offset-th, and the number of hits in all.
	Search(ctx context.Context, q, typ string, offset, limit int) ([]graph.Hit, int, error)
	// SearchText finds articles and commitments by their text, with
	// snippets and facets (graph.TextQuery says how).
	SearchText(ctx context.Context, q graph.TextQuery) (graph.TextResult, error)
	// Entity returns what is known about one node, with a page of its
	// links in each direction, or an error wrapping graph.ErrNotFound.
	Entity(ctx context.Context, id string, page graph.LinkPage) (*graph.Entity, error)
	// Neighbours returns the nodes within depth edges of a node.
	Neighbours(ctx context.Context, id string, depth, limit int) (*graph.Subgraph, error)
	// Overview returns the whole graph to draw, up to limit nodes.
	Overview(ctx context.Context, limit int) (*graph.Subgraph, error)
	// Documents lists limit loaded documents from the offset-th, and
	// gives the number of documents in all.
	Documents(ctx context.Context, offset, limit int) ([]graph.DocumentSummary, int, error)
	// DocumentsByID gives the summaries of the documents named, in order,
	// leaving out ids that name none.
	DocumentsByID(ctx context.Context, ids []string) ([]graph.DocumentSummary, error)
	// Corpus summarises the store: documents by year, agreements, and the
	// first actors of the agreements' parties.
	Corpus(ctx context.Context, actors int) (*graph.Corpus, error)
	// CorpusDocuments lists every document, briefly, by date.
	CorpusDocuments(ctx context.Context) ([]graph.CorpusDocument, error)
	// Document returns one document with its articles, or an error wrapping
	// graph.ErrNotFound.
	Document(ctx context.Context, id string) (*graph.DocumentView, error)
	// Paths finds the shortest paths between two nodes.
	Paths(ctx context.Context, from, to string, maxLen, limit int) (*graph.Paths, error)
	// Commitments lists a page of the commitments q picks (named, an
	// agreement's, or every one), and the number of them in all.
	Commitments(ctx context.Context, q graph.CommitmentQuery) ([]graph.CommitmentRow, int, error)
	// Query runs a Cayley query and returns at most its limit of results
	// in Cayley's JSON (or JSON-LD) collation, and whether there are more.
	// A query that does not parse or run is an error wrapping
	// graph.ErrInvalid.
	Query(ctx context.Context, q graph.Query) ([]any, bool, error)
	// GraphQL runs a GraphQL query and returns its data, with at most
	// limit objects in any list, and whether it cut any.
	GraphQL(ctx context.Context, text string, limit int) (map[string]any, bool, error)
	// ReadQuads writes the quads f selects in a quad format.
	ReadQuads(ctx context.Context, w io.Writer, format string, f graph.QuadFilter) error
	// Export writes the quads sel names in format (graph.ExportFormats);
	// part picks one table of csv. Errors of the request come before
	// anything is written.
	Export(ctx context.Context, w io.Writer, format, part string, sel graph.Selection) error
}

// Writer is what the write routes need of the graph besides the Loader;
// *graph.Store implements it.
type Writer interface {
	// Write adds the quads of a body as they are, labels included, and
	// returns how many the body held; or removes them, all or none, and
	// returns how many it removed (graph.ErrNotFound when some are not
	// there).
	Write(ctx context.Context, format string, r io.Reader, remove bool) (int, error)
	// Import makes the quads of a file, N-Quads or JSON-LD, the whole of
	// the named graph graph.GraphIRI(name).
	Import(ctx context.Context, name, file, format string, r io.Reader) (graph.Change, error)
}

var (
	_ Reader = (*graph.Store)(nil)
	_ Writer = (*graph.Store)(nil)
)
