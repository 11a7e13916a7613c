package api

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/graph"
)

// GET /api/export?format=&doc=|query=&part=&limit=

type exportRequest struct {
	Format string
	Part   string
	Sel    graph.Selection
}

func (q *exportRequest) bind(r request) error {
	q.Format = strings.ToLower(r.query("format"))
	if q.Format == "" {
		q.Format = graph.NQuads
	}
	q.Part = r.query("part")
	q.Sel = graph.Selection{Doc: r.query("doc"), Query: r.query("query"), Label: r.query("graph")}
	if q.Sel.Doc != "" && q.Sel.Query != "" {
		return invalid("export: give doc or query, not both")
	}
	var err error
	q.Sel.Limit, err = r.limit(r.cfg.MaxQueryLimit)
	if err != nil {
		return err
	}
	return graph.CheckFormat(q.Format, q.Part)
}

// export answers with a file: the body is the export itself, not JSON.
func (s *Server) export(c *gin.Context) {
	var q exportRequest
	if err := q.bind(request{c: c, cfg: &s.cfg}); err != nil {
		s.fail(c, err)
		return
	}
	ex := s.read
	ctype, ext := graph.MediaType(q.Format, q.Part)
	name := "pactgraph"
	if q.Sel.Doc != "" {
		name = q.Sel.Doc
	} else if q.Sel.Query != "" {
		name = "pactgraph-query"
	}
	if q.Part != "" {
		name += "-" + q.Part
	}
	w := &lazyWriter{w: c.Writer, start: func() {
		c.Header("Content-Type", ctype)
		c.Header("Content-Disposition", fmt.Sprintf("inline; filename=%q", name+ext))
		c.Status(http.StatusOK)
	}}
	if err := ex.Export(c.Request.Context(), w, q.Format, q.Part, q.Sel); err != nil {
		if w.started {
			// Too late for an error answer: the client gets a cut file.
			s.log.Error("export", "path", c.Request.URL.String(), "error", err.Error())
			c.Abort()
			return
		}
		s.fail(c, err)
		return
	}
	if !w.started {
		w.start() // an empty export
	}
}

// lazyWriter sets the headers of a successful answer on the first write,
// so that an error before it can still be answered as JSON.
type lazyWriter struct {
	w       io.Writer
	start   func()
	started bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.start()
	}
	return l.w.Write(p)
}
