package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/graph"
)

// Cayley's servers write their answers as these functions do, byte for
// byte: server/http (API v2) and internal/http (v1) of the module, at the
// pinned version. Their errors are written by hand, in three shapes.
const (
	// A bad request (no language, an empty query, a body too large…), on
	// either API: server/http's and internal/http's jsonResponse.
	cayleyRequestError = `{"error": %s}`
	// A query that does not parse or fails as it runs, on API v2.
	cayleyV2QueryError = `{"error": %s}` + "\n"
	// The same on v1 (internal/http's defaultErrorFunc).
	cayleyV1QueryError = `{"error" : %s}`
)

// cayleyJSON writes v as Cayley's servers write an answer: encoding/json's
// Encoder, so a newline ends it; v2 sets no HTML escaping and
// Content-Type ctype, v1 (escapeHTML) escapes <, > and & as Go does by
// default (IRIs read "\u003chttp://…\u003e") and sets no Content-Type, for
// which pactgraph sends application/json.
func (s *Server) cayleyJSON(c *gin.Context, status int, ctype string, escapeHTML bool, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(v); err != nil {
		s.fail(c, fmt.Errorf("encode answer: %w", err))
		return
	}
	c.Data(status, ctype, buf.Bytes())
}

// cayleyFail writes err in one of Cayley's error shapes, with the status
// problem gives it; a query that Cayley refuses reads as Cayley words it,
// without pactgraph's "query: ".
func (s *Server) cayleyFail(c *gin.Context, err error, shape string) {
	status, msg := s.problem(c, err)
	var qe *graph.QueryError
	if status == http.StatusBadRequest && errors.As(err, &qe) {
		msg = qe.Err.Error()
	} else if shape != cayleyRequestError {
		shape = cayleyRequestError // only Cayley's own refusals take the query shapes
	}
	data, _ := json.Marshal(msg)
	c.Abort()
	c.Data(status, contentJSON, fmt.Appendf(nil, shape, data))
}

const contentJSON = "application/json"

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
		return "", invalid("query is empty: send it as the request body (POST) or ?qu= (GET)")
	}
	return text, nil
}

// GET, POST /api/v2/query?lang=&limit=[&qu=]

// v2Query answers as Cayley's APIv2.ServeQuery: {"result": [...]} (null
// when nothing matches) in Cayley's JSON collation, or JSON-LD's with
// "Accept: application/ld+json"; graphql answers {"data": {...}}. A bad
// query is a 400 with {"error": "..."} (graphql: {"errors": [{"message"}]}).
// Unlike Cayley's, it heeds ?limit= (Cayley's v2 cuts at 100).
func (s *Server) v2Query(c *gin.Context) {
	lang := c.Query("lang")
	if lang == "" {
		s.cayleyFail(c, invalid("query language not specified: ?lang=gizmo, graphql or mql"), cayleyRequestError)
		return
	}
	if lang == "graphql" {
		s.graphQL(c)
		return
	}
	text, limit, err := s.cayleyRequest(c)
	if err != nil {
		s.cayleyFail(c, err, cayleyRequestError)
		return
	}
	jsonLD := acceptsJSONLD(c.GetHeader("Accept"))
	res, _, err := s.read.Query(c.Request.Context(), graph.Query{Lang: lang, Text: text, Limit: limit, JSONLD: jsonLD})
	if err != nil {
		s.cayleyFail(c, err, cayleyV2QueryError)
		return
	}
	if len(res) == 0 {
		res = nil // Cayley answers {"result":null}
	}
	ctype := contentJSON
	if jsonLD {
		ctype = "application/ld+json"
	}
	s.cayleyJSON(c, http.StatusOK, ctype, false, v2Result{Result: res})
}

// POST, GET /api/v1/query/:lang, /query/:lang

// v1Query answers as Cayley's ServeV1Query: {"result": [...]} (null when
// nothing matches), HTML-escaped; graphql as on v2. Unlike Cayley's it
// says "truncated": true when the limit cut the answer.
func (s *Server) v1Query(c *gin.Context) {
	lang := c.Param("lang")
	if lang == "graphql" {
		s.graphQL(c)
		return
	}
	text, limit, err := s.cayleyRequest(c)
	if err != nil {
		s.cayleyFail(c, err, cayleyRequestError)
		return
	}
	res, more, err := s.read.Query(c.Request.Context(), graph.Query{Lang: lang, Text: text, Limit: limit})
	if err != nil {
		s.cayleyFail(c, err, cayleyV1QueryError)
		return
	}
	if len(res) == 0 {
		res = nil
	}
	s.cayleyJSON(c, http.StatusOK, contentJSON, true, queryResponse{Result: res, Truncated: more})
}

// cayleyRequest reads a query and ?limit= (default 100, as Cayley's).
func (s *Server) cayleyRequest(c *gin.Context) (string, int, error) {
	text, err := s.queryText(c)
	if err != nil {
		return "", 0, err
	}
	limit, err := request{c: c, cfg: &s.cfg}.limit(defaultQueryLimit)
	return text, limit, err
}

// graphQL answers a GraphQL query as Cayley's graphql language does over
// HTTP: {"data": …}, or a 400 with {"errors": [{"message": …}]}.
func (s *Server) graphQL(c *gin.Context) {
	text, err := s.queryText(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	limit, err := request{c: c, cfg: &s.cfg}.limit(defaultQueryLimit)
	if err != nil {
		s.fail(c, err)
		return
	}
	data, more, err := s.read.GraphQL(ctx, text, limit)
	if err != nil {
		if errors.Is(err, graph.ErrInvalid) && ctx.Err() == nil {
			c.Abort()
			c.PureJSON(http.StatusBadRequest, graphqlErrors{Errors: []graphqlError{{Message: err.Error()}}})
			return
		}
		s.fail(c, err)
		return
	}
	c.PureJSON(http.StatusOK, graphqlResponse{Data: data, Truncated: more})
}

// v2Result is Cayley's answer to a query; Result is null when empty, as
// Cayley's is.
type v2Result struct {
	Result []any `json:"result"`
}

// queryResponse is Cayley's v1 answer to a query, and whether the limit
// cut it short (Cayley's own server cuts it without saying so).
type queryResponse struct {
	Result    []any `json:"result"`
	Truncated bool  `json:"truncated,omitempty"`
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
	cs := s.read
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
	s.cayleyJSON(c, http.StatusOK, contentJSON, true, graph.QuadFormats())
}

// POST /api/v2/write, /api/v2/delete (bearer token)

// v2Write answers as Cayley's ServeWrite and ServeDelete: the body, in the
// format its Content-Type names (N-Quads by default), is added to the store
// as it is, labels included, or removed from it. A malformed body writes
// nothing; a delete removes all its quads or, when some are not in the
// store, none (404, saying how many are missing and naming the first).
func (s *Server) v2Write(remove bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		format := graph.FormatByMime(mediaType(c.GetHeader("Content-Type")))
		if format == "" {
			format = "nquads"
		}
		body := http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBody)
		n, err := s.write.Write(c.Request.Context(), format, body, remove)
		if err != nil {
			s.cayleyFail(c, err, cayleyRequestError)
			return
		}
		if remove {
			// ServeDelete writes its answer by hand, spaces and all.
			c.Data(http.StatusOK, contentJSON, fmt.Appendf(nil, `{"result": "Successfully deleted %d quads.", "count": %d}`+"\n", n, n))
			return
		}
		s.cayleyJSON(c, http.StatusOK, contentJSON, true, writeResponse{Result: fmt.Sprintf("Successfully wrote %d quads.", n), Count: n})
	}
}

type writeResponse struct {
	Result string `json:"result"`
	Count  int    `json:"count"`
}

// POST /api/graphs/:name?format=nquads|jsonld (bearer token; body: the file)

// importGraph makes the body, N-Quads or JSON-LD (?format=, else the
// Content-Type), the whole of the named graph graph.GraphIRI(name). A
// malformed file is refused whole (400, naming the line and the reason)
// and nothing of it is written.
func (s *Server) importGraph(c *gin.Context) {
	im := s.write
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
