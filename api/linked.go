package api

import (
	"bytes"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/graph"
)

// GET /id/:id — every node's IRI, https://w3id.org/pactgraph/id/<id>,
// resolves here (w3id.org redirects to the server's /id/<id>).
//
// By the Accept header: application/n-quads (or application/n-triples,
// text/plain) gets the node's description as N-Quads, application/ld+json
// (or application/json) as JSON-LD; a browser (text/html, or no preference)
// is redirected (303) to the explorer focused on the node, /#<id>. The
// description is every quad whose subject the node is, its owl:sameAs
// links to Wikidata and the datasets among them.
func (s *Server) linked(c *gin.Context) {
	id := c.Param("id")
	format := negotiate(c.GetHeader("Accept"))
	ex := s.read
	// Write to a buffer first: a missing node is a 404 whatever was asked.
	var buf bytes.Buffer
	data := format
	if data == "" {
		data = graph.NQuads
	}
	if err := ex.Export(c.Request.Context(), &buf, data, "", graph.Selection{Node: id}); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Vary", "Accept")
	if format == "" {
		c.Redirect(http.StatusSeeOther, "/#"+url.PathEscape(id))
		return
	}
	ctype, _ := graph.MediaType(format, "")
	c.Data(http.StatusOK, ctype, buf.Bytes())
}

// negotiate picks the export format the Accept header prefers: nquads,
// jsonld, or "" for HTML. Types are taken by their q values, then in order.
func negotiate(accept string) string {
	best, bestQ := "", -1.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		var f string
		switch mt {
		case "application/n-quads", "application/n-triples", "text/plain":
			f = graph.NQuads
		case "application/ld+json", "application/json":
			f = graph.JSONLD
		case "text/html", "application/xhtml+xml":
			f = "html"
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = f, q
		}
	}
	if best == "html" {
		return ""
	}
	return best
}
