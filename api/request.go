package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/graph"
)

// binder is a typed request: it reads its fields from the HTTP request and
// checks them, returning an error wrapping graph.ErrInvalid for bad input.
type binder interface {
	bind(r request) error
}

// request is what a binder reads from. It keeps *gin.Context inside this
// file's helpers.
type request struct {
	c   *gin.Context
	cfg *Config
}

func (r request) method() string          { return r.c.Request.Method }
func (r request) path(name string) string { return r.c.Param(name) }
func (r request) query(name string) string {
	return r.c.Query(name)
}

// integer reads the integer query parameter name: def when it is absent, an
// error when it is not an integer in [lo, hi].
func (r request) integer(name string, def, lo, hi int) (int, error) {
	s, ok := r.c.GetQuery(name)
	if !ok || s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, invalid("%s: want an integer from %d to %d, got %q", name, lo, hi, s)
	}
	return n, nil
}

// limit reads ?limit=: def when absent, else a positive integer; a value
// above Config.MaxQueryLimit is lowered to it.
func (r request) limit(def int) (int, error) {
	s, ok := r.c.GetQuery("limit")
	if !ok || s == "" {
		return min(def, r.cfg.MaxQueryLimit), nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, invalid("limit: want a positive integer, got %q", s)
	}
	return min(n, r.cfg.MaxQueryLimit), nil
}

// page reads ?offset= (default 0) and ?limit= (default def, see limit),
// and keeps the request's URL for the link to the next page.
func (r request) page(def int) (page, error) {
	off, err := r.integer("offset", 0, 0, math.MaxInt32)
	if err != nil {
		return page{}, err
	}
	lim, err := r.limit(def)
	if err != nil {
		return page{}, err
	}
	u := *r.c.Request.URL
	return page{Offset: off, Limit: lim, url: &u}, nil
}

// body reads the request body, at most max bytes; a longer body is an error
// wrapping *http.MaxBytesError.
func (r request) body(max int64) (string, error) {
	data, err := io.ReadAll(http.MaxBytesReader(r.c.Writer, r.c.Request.Body, max))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return "", fmt.Errorf("read body: %w", err)
		}
		return "", fmt.Errorf("read body: %v: %w", err, graph.ErrInvalid)
	}
	return string(data), nil
}

// invalid returns an error wrapping graph.ErrInvalid, worded like the
// store's: "what: why: invalid".
func invalid(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), graph.ErrInvalid)
}

// get adapts a read handler to gin. It binds the typed request, runs fn
// under the request's deadline and writes fn's response as JSON with status
// 200. The store's reads stop when their context ends and return its error,
// which fail answers with 504: no read goes on after its answer.
func get[Req any, PReq interface {
	*Req
	binder
}, Resp any](s *Server, fn func(context.Context, Req) (Resp, error)) gin.HandlerFunc {
	return handle[Req, PReq](s, http.StatusOK, fn)
}

// put adapts a write handler to gin, answering status on success. Like get
// it waits for fn to return, so that a client is never told a write failed
// that went on to succeed.
func put[Req any, PReq interface {
	*Req
	binder
}, Resp any](s *Server, status int, fn func(context.Context, Req) (Resp, error)) gin.HandlerFunc {
	return handle[Req, PReq](s, status, fn)
}

func handle[Req any, PReq interface {
	*Req
	binder
}, Resp any](s *Server, status int, fn func(context.Context, Req) (Resp, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req Req
		if err := PReq(&req).bind(request{c: c, cfg: &s.cfg}); err != nil {
			s.fail(c, err)
			return
		}
		resp, err := fn(c.Request.Context(), req)
		if err != nil {
			s.fail(c, err)
			return
		}
		if p, ok := any(resp).(paged); ok {
			p.header(c.Writer.Header())
			c.PureJSON(status, p.body())
			return
		}
		c.PureJSON(status, resp)
	}
}
