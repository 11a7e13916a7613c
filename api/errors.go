package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/graph"
)

// Errors of the API itself; fail maps them with graph's sentinels.
var (
	errUnauthorized   = errors.New("missing or wrong bearer token: send \"Authorization: Bearer <token>\"")
	errWritesDisabled = errors.New("writes are disabled: start the server with a token (--token-file or PACTGRAPH_TOKEN) to allow them")
	errNoRoute        = fmt.Errorf("no such route: %w", graph.ErrNotFound)
)

// ErrShutdown is the cause the server's owner cancels the requests in
// flight with when it shuts down (http.Server's BaseContext): they are
// answered 503 with Retry-After.
var ErrShutdown = errors.New("the server is shutting down")

// retryAfter is the Retry-After of a 503, in seconds.
const retryAfter = "1"

// loadError is the error of loading a document through the API: whatever
// its status, the answer names the document.
type loadError struct {
	name string
	err  error
}

func (e *loadError) Error() string { return e.err.Error() }
func (e *loadError) Unwrap() error { return e.err }

// where names the document of a load err stopped, and the line reached when
// the loader says (an error with a method Where, the loaders' parse stopped
// by its context): "load NAME:LINE", or "load NAME".
func (e *loadError) where(err error) string {
	var at interface{ Where() (string, int) }
	if errors.As(err, &at) {
		if _, line := at.Where(); line > 0 {
			return fmt.Sprintf("load %s:%d", e.name, line)
		}
	}
	return "load " + e.name
}

// errorResponse is the body of every error.
type errorResponse struct {
	Error string `json:"error"`
}

// fail answers err as pactgraph's routes do: {"error": "…"} with the
// status problem gives.
func (s *Server) fail(c *gin.Context, err error) {
	status, msg := s.problem(c, err)
	c.Abort()
	c.PureJSON(status, errorResponse{Error: msg})
}

// problem is the one place that turns an error into an HTTP status and the
// message users see; fail and cayleyFail (cayley.go) write them. Errors the
// client caused are shown as they are; anything else is logged and shown as
// "internal error".
func (s *Server) problem(c *gin.Context, err error) (int, string) {
	status, msg := http.StatusInternalServerError, "internal error"
	var tooLarge *http.MaxBytesError
	switch {
	case errors.Is(err, errUnauthorized):
		status, msg = http.StatusUnauthorized, err.Error()
		c.Header("WWW-Authenticate", `Bearer realm="pactgraph"`)
	case errors.Is(err, errWritesDisabled), errors.Is(err, graph.ErrReadOnly):
		status, msg = http.StatusForbidden, err.Error()
	case errors.As(err, &tooLarge):
		status = http.StatusRequestEntityTooLarge
		msg = fmt.Sprintf("request body is larger than the server accepts (%d bytes)", tooLarge.Limit)
	case errors.Is(err, graph.ErrBusy):
		status, msg = http.StatusServiceUnavailable, err.Error()
		c.Header("Retry-After", retryAfter)
	case errors.Is(context.Cause(c.Request.Context()), ErrShutdown):
		status, msg = http.StatusServiceUnavailable, ErrShutdown.Error()+"; try again shortly"
		c.Header("Retry-After", retryAfter)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(c.Request.Context().Err(), context.DeadlineExceeded):
		// Checked before ErrInvalid, and by the request's context too: a
		// read cut by the deadline may come back as a failed one.
		status = http.StatusGatewayTimeout
		msg = "deadline exceeded: the request took longer than the server allows"
		if d := c.GetDuration(timeoutKey); d > 0 {
			msg = fmt.Sprintf("deadline exceeded: the request took longer than the server allows (%v)", d)
		}
		var load *loadError
		if errors.As(err, &load) {
			msg = load.where(err) + ": " + msg
		}
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads the answer.
		status, msg = 499, "request canceled"
	case errors.Is(err, graph.ErrNotFound):
		status, msg = http.StatusNotFound, err.Error()
	case errors.Is(err, graph.ErrInvalid):
		status, msg = http.StatusBadRequest, err.Error()
	default:
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "internal error",
			slog.String("method", c.Request.Method),
			slog.String("path", c.Request.URL.Path),
			slog.String("error", err.Error()))
	}
	return status, msg
}
