package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// recovery turns a panic in a handler into a logged 500.
func (s *Server) recovery(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		err := fmt.Errorf("panic: %v\n%s", v, debug.Stack())
		if c.Writer.Written() {
			// Too late for an error answer; log it at least.
			s.log.Error("internal error", slog.String("path", c.Request.URL.Path), slog.String("error", err.Error()))
			c.Abort()
			return
		}
		s.fail(c, err)
	}()
	c.Next()
}

// logRequests logs every request once it is answered.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	status := c.Writer.Status()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelWarn
	}
	s.log.LogAttrs(c.Request.Context(), level, "request",
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", status),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", time.Since(start)),
		slog.String("remote", c.ClientIP()))
}

// deadline runs the rest of the chain under a context that ends after d.
func (s *Server) deadline(d time.Duration) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), d)
		defer cancel()
		c.Set(timeoutKey, d) // for fail's message
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// timeoutKey keys the deadline's duration among a request's values.
const timeoutKey = "pactgraph.timeout"

// requireToken lets a request through only with "Authorization: Bearer
// <Config.Token>". With no token configured every write is refused.
func (s *Server) requireToken(c *gin.Context) {
	if s.cfg.Token == "" || s.loader == nil || s.write == nil {
		s.fail(c, errWritesDisabled)
		return
	}
	scheme, token, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || !sameToken(strings.TrimSpace(token), s.cfg.Token) {
		s.fail(c, errUnauthorized)
		return
	}
	c.Next()
}

// sameToken compares two tokens in constant time, their lengths included.
func sameToken(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// static serves the front end for every path no route matched; under /api/
// and /query/, and for methods other than GET and HEAD, it answers a JSON 404.
func (s *Server) static(c *gin.Context) {
	p := c.Request.URL.Path
	apiPath := p == "/api" || strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/query/")
	if apiPath || s.assets == nil || (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) {
		s.fail(c, fmt.Errorf("%s %s: %w", c.Request.Method, p, errNoRoute))
		return
	}
	if s.cfg.Dev {
		c.Header("Cache-Control", "no-cache")
	}
	// NoRoute handlers start with status 404; let the file server set it.
	c.Status(http.StatusOK)
	s.files.ServeHTTP(c.Writer, c.Request)
}
