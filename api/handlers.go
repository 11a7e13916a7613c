package api

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/pactgraph/pactgraph/graph"
)

// Default limits, each capped by Config.MaxQueryLimit.
const (
	defaultSearchLimit      = 20
	defaultDocumentsLimit   = 100
	defaultCommitmentsLimit = 100
	defaultNeighboursLimit  = 200
	defaultOverviewLimit    = 500
	defaultQueryLimit       = 100
	maxDepth                = 3
)

// The store's errors name the operation and the id, so handlers return them
// as they are.

// GET /healthz

type healthRequest struct{}

func (*healthRequest) bind(request) error { return nil }

type healthResponse struct {
	Status string `json:"status"`
	Quads  int64  `json:"quads"`
}

func (s *Server) health(ctx context.Context, _ healthRequest) (healthResponse, error) {
	n, err := s.read.Size(ctx)
	if err != nil {
		return healthResponse{}, err
	}
	return healthResponse{Status: "ok", Quads: n}, nil
}

// GET /api/search?q=&type=&offset=&limit=

type searchRequest struct {
	Q    string
	Type string
	Page page
}

func (q *searchRequest) bind(r request) error {
	q.Q = strings.TrimSpace(r.query("q"))
	if q.Q == "" {
		return invalid("q: missing; say what to search for, e.g. ?q=KGB")
	}
	q.Type = r.query("type") // the store checks it
	var err error
	q.Page, err = r.page(defaultSearchLimit)
	return err
}

func (s *Server) search(ctx context.Context, q searchRequest) (list[graph.Hit], error) {
	hits, total, err := s.read.Search(ctx, q.Q, q.Type, q.Page.Offset, q.Page.Limit)
	if err != nil {
		return list[graph.Hit]{}, err
	}
	return list[graph.Hit]{items: hits, total: total, page: q.Page}, nil
}

// GET /api/search/text?q=&document=&year=&commitment_type=&party=&kind=&facets=&offset=&limit=

// maxTextOffset bounds how deep text hits are paged: a deeper page costs
// the index every hit before it.
const maxTextOffset = 10000

type textSearchRequest struct {
	Query graph.TextQuery
}

func (q *textSearchRequest) bind(r request) error {
	q.Query.Q = strings.TrimSpace(r.query("q"))
	if q.Query.Q == "" {
		return invalid(`q: missing; say what to search the texts for, e.g. ?q="radio counterintelligence"`)
	}
	if n := len([]rune(q.Query.Q)); n > maxTextQuery {
		return invalid("q: %d characters; at most %d", n, maxTextQuery)
	}
	q.Query.Document = r.query("document")
	q.Query.Year = r.query("year")
	q.Query.CommitmentType = r.query("commitment_type")
	q.Query.Party = r.query("party")
	q.Query.Kind = r.query("kind") // the store checks it
	var err error
	if q.Query.Facets, err = r.integer("facets", defaultFacets, 0, maxFacets); err != nil {
		return err
	}
	if q.Query.Offset, err = r.integer("offset", 0, 0, maxTextOffset); err != nil {
		return err
	}
	q.Query.Limit, err = r.limit(defaultSearchLimit)
	return err
}

// maxTextQuery bounds the length of a text query.
const maxTextQuery = 500

// defaultFacets is how many values of each facet a text search counts
// unless it says (facets=0: none, what a type-ahead that shows a few hits
// asks); maxFacets bounds it.
const (
	defaultFacets = 10
	maxFacets     = 100
)

func (s *Server) searchText(ctx context.Context, q textSearchRequest) (graph.TextResult, error) {
	return s.read.SearchText(ctx, q.Query)
}

// GET /api/entities/:id?out_offset=&in_offset=&limit=

type entityRequest struct {
	ID   string
	Page graph.LinkPage
}

func (q *entityRequest) bind(r request) error {
	q.ID = r.path("id")
	var err error
	if q.Page.OutOffset, err = r.integer("out_offset", 0, 0, math.MaxInt32); err != nil {
		return err
	}
	if q.Page.InOffset, err = r.integer("in_offset", 0, 0, math.MaxInt32); err != nil {
		return err
	}
	q.Page.Limit, err = r.limit(graph.DefaultLinks)
	return err
}

// entity answers one node with a page of its links in each direction;
// being one object, not a list, it says its totals in its body.
func (s *Server) entity(ctx context.Context, q entityRequest) (*graph.Entity, error) {
	return s.read.Entity(ctx, q.ID, q.Page)
}

// GET /api/entities/:id/neighbours?depth=&limit=

type neighboursRequest struct {
	ID    string
	Depth int
	Limit int
}

func (q *neighboursRequest) bind(r request) error {
	q.ID = r.path("id")
	var err error
	if q.Depth, err = r.integer("depth", 1, 1, maxDepth); err != nil {
		return err
	}
	q.Limit, err = r.limit(defaultNeighboursLimit)
	return err
}

func (s *Server) neighbours(ctx context.Context, q neighboursRequest) (*graph.Subgraph, error) {
	return s.read.Neighbours(ctx, q.ID, q.Depth, q.Limit)
}

// GET /api/graph?limit=

type overviewRequest struct {
	Limit int
}

func (q *overviewRequest) bind(r request) error {
	var err error
	q.Limit, err = r.limit(defaultOverviewLimit)
	return err
}

func (s *Server) overview(ctx context.Context, q overviewRequest) (*graph.Subgraph, error) {
	return s.read.Overview(ctx, q.Limit)
}

// GET /api/documents?offset=&limit=, or ?id=&id=… for those documents

type documentsRequest struct {
	Page page
	IDs  []string
}

func (q *documentsRequest) bind(r request) error {
	var err error
	if q.Page, err = r.page(defaultDocumentsLimit); err != nil {
		return err
	}
	q.IDs = r.c.QueryArray("id")
	if len(q.IDs) > r.cfg.MaxQueryLimit {
		return invalid("id: %d ids; at most %d", len(q.IDs), r.cfg.MaxQueryLimit)
	}
	return nil
}

func (s *Server) documents(ctx context.Context, q documentsRequest) (list[graph.DocumentSummary], error) {
	if len(q.IDs) > 0 {
		docs, err := s.read.DocumentsByID(ctx, q.IDs)
		if err != nil {
			return list[graph.DocumentSummary]{}, err
		}
		return list[graph.DocumentSummary]{items: docs, total: len(docs), page: page{Limit: len(q.IDs), url: q.Page.url}}, nil
	}
	docs, total, err := s.read.Documents(ctx, q.Page.Offset, q.Page.Limit)
	if err != nil {
		return list[graph.DocumentSummary]{}, err
	}
	return list[graph.DocumentSummary]{items: docs, total: total, page: q.Page}, nil
}

// GET /api/documents/:id

type documentRequest struct {
	ID string
}

func (q *documentRequest) bind(r request) error {
	q.ID = r.path("id")
	return nil
}

func (s *Server) document(ctx context.Context, q documentRequest) (*graph.DocumentView, error) {
	return s.read.Document(ctx, q.ID)
}

// POST /api/documents?name= (body: the document)

type loadRequest struct {
	Name string
	Text string
}

// stem is what a document's name may look like: a file name without its
// directory and extension.
var stem = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$`)

func (q *loadRequest) bind(r request) error {
	q.Name = strings.TrimSuffix(r.query("name"), ".txt")
	if !stem.MatchString(q.Name) {
		return invalid("name: want the document's file stem (letters, digits, '.', '_', '-'), e.g. ?name=wilson-115715-stasi-kgb-1973, got %q", q.Name)
	}
	var err error
	if q.Text, err = r.body(r.cfg.MaxBody); err != nil {
		return err
	}
	if strings.TrimSpace(q.Text) == "" {
		return invalid("%s: the body is empty; send the document's text", q.Name)
	}
	// A body that is not UTF-8 is the loader's to read (as Latin-1, with
	// a warning) or refuse (a binary file), as for a file.
	return nil
}

func (s *Server) load(ctx context.Context, q loadRequest) (LoadResult, error) {
	res, err := s.loader.LoadText(ctx, q.Name, q.Text)
	if err != nil {
		return LoadResult{}, &loadError{name: q.Name, err: fmt.Errorf("load %s: %w", q.Name, err)}
	}
	if res.Warnings == nil {
		res.Warnings = []Warning{}
	}
	return res, nil
}
