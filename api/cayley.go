package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/graph"
)

// Cayley is what Cayley's HTTP API v2 needs of the store; *graph.Store
// implements it. The server answers /api/v2/… when its Reader is one.
type Cayley interface {
	// CayleyQuery runs a query in Cayley's JSON (or JSON-LD) collation.
	CayleyQuery(ctx context.Context, lang, text string, limit int, jsonLD bool) ([]any, error)
	// GraphQL runs a GraphQL query and returns its data, with at most
	// limit objects in any list, and whether it cut any.
	GraphQL(ctx context.Context, text string, limit int) (map[string]any, bool, error)
	// ReadQuads writes the quads f selects in a quad format.
	ReadQuads(ctx context.Context, w io.Writer, format string, f graph.QuadFilter) error
	// Write adds the quads of a body to graph.APIGraph, or removes them.
	Write(ctx context.Context, format string, r io.Reader, remove bool) (int, error)
}

var _ Cayley = (*graph.Store)(nil)

// cayleyJSON writes v as Cayley does: JSON without HTML escaping.
func cayleyJSON(c *gin.Context, status int, v any) { c.PureJSON(status, v) }

// queryText reads a query from ?qu= (GET) or the body (POST).
func (s *Server) queryText(c *gin.Context) (string, error) {
	r := request{c: c, cfg: &s.cfg}
	text := r.query("qu")
	if r.method() != http.MethodGet {
		var err error
		if text, err = r.body(s.cfg.MaxQuerySize); err != nil {
			return "", err
		}
	}
	if strings.TrimSpace(text) == "" {
		return "", invalid("query is empty")
	}
	return text, nil
}

// GET, POST /api/v2/query?lang=&limit=[&qu=]

// v2Query answers as Cayley's APIv2.ServeQuery: {"result": [...]} (null
// when nothing matches) in Cayley's JSON collation, or JSON-LD's with
// "Accept: application/ld+json"; graphql answers {"data": {...}}. A bad
// query is a 400 with {"error": "..."} (graphql: {"errors": [{"message"}]}).
func (s *Server) v2Query(c *gin.Context) {
	lang := c.Query("lang")
	if lang == "" {
		s.fail(c, invalid("query language not specified: ?lang=gizmo, graphql or mql"))
		return
	}
	s.cayleyQuery(c, lang)
}

// v1Query serves the v1 routes: graphql as Cayley answers it, every other
// language with next, the v1 handler.
func (s *Server) v1Query(next gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Param("lang") == "graphql" {
			s.cayleyQuery(c, "graphql")
			return
		}
		next(c)
	}
}

func (s *Server) cayleyQuery(c *gin.Context, lang string) {
	cs := s.store
	text, err := s.queryText(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	limit, err := request{c: c, cfg: &s.cfg}.limit(defaultQueryLimit)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	if lang == "graphql" {
		type answer struct {
			data map[string]any
			more bool
		}
		a, err := within(ctx, text, func(ctx context.Context, text string) (answer, error) {
			data, more, err := cs.GraphQL(ctx, text, limit)
			return answer{data, more}, err
		})
		if err != nil {
			if errors.Is(err, graph.ErrInvalid) && ctx.Err() == nil {
				c.Abort()
				cayleyJSON(c, http.StatusBadRequest, graphqlErrors{Errors: []graphqlError{{Message: err.Error()}}})
				return
			}
			s.fail(c, err)
			return
		}
		cayleyJSON(c, http.StatusOK, graphqlResponse{Data: a.data, Truncated: a.more})
		return
	}
	jsonLD := acceptsJSONLD(c.GetHeader("Accept"))
	res, err := within(ctx, text, func(ctx context.Context, text string) ([]any, error) {
		return cs.CayleyQuery(ctx, lang, text, limit, jsonLD)
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(res) == 0 {
		res = nil // Cayley answers {"result": null}
	}
	if jsonLD {
		c.Header("Content-Type", "application/ld+json")
	}
	cayleyJSON(c, http.StatusOK, v2Result{Result: res})
}

// v2Result is Cayley's answer to a query; Result is null when empty, as
// Cayley's is.
type v2Result struct {
	Result []any `json:"result"`
}

// graphqlResponse is Cayley's answer to a GraphQL query; Truncated says
// that a list was cut at the limit, which Cayley's never does.
type graphqlResponse struct {
	Data      map[string]any `json:"data"`
	Truncated bool           `json:"truncated,omitempty"`
}

type graphqlErrors struct {
	Errors []graphqlError `json:"errors"`
}

type graphqlError struct {
	Message string `json:"message"`
}

// mediaType is the first media type of an Accept or Content-Type header.
func mediaType(header string) string {
	first, _, _ := strings.Cut(header, ",")
	mt, _, err := mime.ParseMediaType(strings.TrimSpace(first))
	if err != nil {
		return ""
	}
	return mt
}

func acceptsJSONLD(accept string) bool { return mediaType(accept) == "application/ld+json" }

// GET, POST /api/v2/read?format=&sub=&pred=&obj=&label=

// v2Read answers as Cayley's APIv2.ServeRead: the quads that match the
// filters (each a comma-separated list of values), in ?format= or the
// format the Accept header names, N-Quads by default.
func (s *Server) v2Read(c *gin.Context) {
	cs := s.store
	format := c.Query("format")
	if format == "" {
		format = graph.FormatByMime(mediaType(c.GetHeader("Accept")))
	}
	if format == "" {
		format = "nquads"
	}
	var ctype string
	for _, f := range graph.QuadFormats() {
		if f.ID == format && len(f.Mime) > 0 {
			ctype = f.Mime[0]
		}
	}
	split := func(name string) []string {
		v := c.Query(name)
		if v == "" {
			return nil
		}
		return strings.Split(v, ",")
	}
	f := graph.QuadFilter{Subject: split("sub"), Predicate: split("pred"), Object: split("obj"), Label: split("label")}
	w := &lazyWriter{w: c.Writer, start: func() {
		if ctype != "" {
			c.Header("Content-Type", ctype)
		}
		c.Status(http.StatusOK)
	}}
	if err := cs.ReadQuads(c.Request.Context(), w, format, f); err != nil {
		if w.started {
			s.log.Error("read quads", "error", err.Error())
			c.Abort()
			return
		}
		s.fail(c, err)
		return
	}
	if !w.started {
		w.start()
	}
}

// GET /api/v2/formats

func (s *Server) v2Formats(c *gin.Context) {
	cayleyJSON(c, http.StatusOK, graph.QuadFormats())
}

// POST /api/v2/write, /api/v2/delete (bearer token)

// v2Write answers as Cayley's ServeWrite and ServeDelete: the body, in the
// format its Content-Type names (N-Quads by default), is added to (or
// removed from) the named graph graph.APIGraph, whatever labels its quads
// carry, so documents' quads are never touched. A malformed body writes
// nothing.
func (s *Server) v2Write(remove bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		cs := s.store
		format := graph.FormatByMime(mediaType(c.GetHeader("Content-Type")))
		if format == "" {
			format = "nquads"
		}
		body := http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBody)
		n, err := cs.Write(c.Request.Context(), format, body, remove)
		if err != nil {
			s.fail(c, err)
			return
		}
		verb := "wrote"
		if remove {
			verb = "deleted"
		}
		cayleyJSON(c, http.StatusOK, writeResponse{Result: fmt.Sprintf("Successfully %s %d quads.", verb, n), Count: n})
	}
}

type writeResponse struct {
	Result string `json:"result"`
	Count  int    `json:"count"`
}

// Importer replaces a named graph with a file of quads; *graph.Store
// implements it.
type Importer interface {
	Import(ctx context.Context, name, file, format string, r io.Reader) (graph.Change, error)
}

var _ Importer = (*graph.Store)(nil)

// POST /api/graphs/:name?format=nquads|jsonld (bearer token; body: the file)

// importGraph makes the body, N-Quads or JSON-LD (?format=, else the
// Content-Type), the whole of the named graph graph.GraphIRI(name). A
// malformed file is refused whole (400, naming the line and the reason)
// and nothing of it is written.
func (s *Server) importGraph(c *gin.Context) {
	im := s.store
	name := c.Param("name")
	if !stem.MatchString(name) || strings.Contains(name, ".") {
		s.fail(c, invalid("graph name: want letters, digits, '_' and '-', got %q", name))
		return
	}
	format := c.Query("format")
	if format == "" {
		format = graph.FormatByMime(mediaType(c.GetHeader("Content-Type")))
	}
	if format != "nquads" && format != "jsonld" {
		s.fail(c, invalid("format: want ?format=nquads or jsonld, or Content-Type application/n-quads or application/ld+json"))
		return
	}
	body := http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBody)
	ch, err := im.Import(c.Request.Context(), name, "body", format, body)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.PureJSON(http.StatusCreated, importResponse{Graph: string(graph.GraphIRI(name)), Change: ch})
}

type importResponse struct {
	Graph string `json:"graph"`
	graph.Change
}
