package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// Loader loads one document, given as the text of a file in the archive
// layout, into the graph. name is the file's stem. A document that does not
// parse is an error wrapping graph.ErrInvalid that names the line and what
// was expected; nothing is written then. A load its context stopped wraps
// the context's cause; when it can say where it stopped, the error has a
// method Where() (document string, line int) (line 0: at no line).
type Loader interface {
	LoadText(ctx context.Context, name, text string) (LoadResult, error)
}

// LoaderFunc adapts a function to a Loader.
type LoaderFunc func(ctx context.Context, name, text string) (LoadResult, error)

// LoadText calls f.
func (f LoaderFunc) LoadText(ctx context.Context, name, text string) (LoadResult, error) {
	return f(ctx, name, text)
}

// LoadResult says what loading a document added to the graph.
type LoadResult struct {
	Document    string `json:"document"` // id of the document node
	Title       string `json:"title"`
	Entities    int    `json:"entities"`
	Articles    int    `json:"articles"`
	Commitments int    `json:"commitments"`
	Quads       int64  `json:"quads"` // quads written
	// NeedsReview marks a document stored with warnings (GET
	// /api/documents lists them).
	NeedsReview bool `json:"needs_review"`
	// Warnings list what the loader could not read as expected, each at
	// its line; empty, never null, when there is nothing.
	Warnings []Warning `json:"warnings"`
}

// Warning is something the loader could not read as expected, at a line of
// the document (from 1).
type Warning struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Config configures a Server. The zero value serves reads and refuses writes.
type Config struct {
	// Token is the bearer token that writes need. Empty refuses every write.
	Token string
	// QueryTimeout bounds every read and query; default 10s.
	QueryTimeout time.Duration
	// LoadTimeout bounds loading one document; default 1m.
	LoadTimeout time.Duration
	// MaxQueryLimit caps the limit parameter of every route; default 1000.
	MaxQueryLimit int
	// MaxQuerySize bounds a query's text; default 1 MiB, as in Cayley.
	MaxQuerySize int64
	// MaxBody bounds the body of POST /api/documents; default 4 MiB.
	MaxBody int64
	// Dev marks the assets as served from disk: static files are sent
	// with "Cache-Control: no-cache" so edits show on reload.
	Dev bool
	// Logger receives request logs and internal errors; default
	// slog.Default().
	Logger *slog.Logger
}

// Defaults of Config's zero fields.
const (
	DefaultQueryTimeout  = 10 * time.Second
	DefaultLoadTimeout   = time.Minute
	DefaultMaxQueryLimit = 1000
	DefaultMaxQuerySize  = 1 << 20
	DefaultMaxBody       = 4 << 20
)

func (c Config) withDefaults() Config {
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = DefaultQueryTimeout
	}
	if c.LoadTimeout <= 0 {
		c.LoadTimeout = DefaultLoadTimeout
	}
	if c.MaxQueryLimit <= 0 {
		c.MaxQueryLimit = DefaultMaxQueryLimit
	}
	if c.MaxQuerySize <= 0 {
		c.MaxQuerySize = DefaultMaxQuerySize
	}
	if c.MaxBody <= 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Server is pactgraph's HTTP API. It is safe for concurrent use.
type Server struct {
	cfg    Config
	read   Reader // all the read routes are given
	write  Writer // nil refuses writes
	loader Loader // nil refuses writes
	assets fs.FS  // nil serves no static files
	files  http.Handler
	log    *slog.Logger
	engine *gin.Engine
}

// NewServer returns a Server that reads from read, writes quads with write,
// loads documents with loader and serves the front end from assets, which
// has index.html at its root. write, loader and assets may be nil; without
// write or loader every write is refused.
//
// The engine is built with gin.New; gin's mode (debug output) is gin's global
// state, which the caller sets (cmd calls gin.SetMode(gin.ReleaseMode)).
func NewServer(cfg Config, read Reader, write Writer, loader Loader, assets fs.FS) *Server {
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:    cfg,
		read:   read,
		write:  write,
		loader: loader,
		assets: assets,
		log:    cfg.Logger,
		engine: gin.New(),
	}
	if assets != nil {
		s.files = http.FileServer(http.FS(assets))
	}
	// Requests come straight from clients: never trust X-Forwarded-For.
	_ = s.engine.SetTrustedProxies(nil)
	s.routes()
	return s
}

// Handler returns the http.Handler that serves the API.
func (s *Server) Handler() http.Handler { return s.engine }
