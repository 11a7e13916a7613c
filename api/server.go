package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/graph"
)

// Reader is the read side of the graph the API serves; *graph.Store
// implements it.
type Reader interface {
	// SearchPage finds nodes whose name or alias contains q, ignoring
	// case; typ, when not "", keeps nodes of that type. It returns limit
	// hits from the offset-th, and the number of hits in all.
	SearchPage(ctx context.Context, q, typ string, offset, limit int) ([]graph.Hit, int, error)
	// Entity returns what is known about one node, with a page of its
	// links in each direction, or an error wrapping graph.ErrNotFound.
	Entity(ctx context.Context, id string, page graph.LinkPage) (*graph.Entity, error)
	// Neighbours returns the nodes within depth edges of a node.
	Neighbours(ctx context.Context, id string, depth, limit int) (*graph.Subgraph, error)
	// Overview returns the whole graph to draw, up to limit nodes.
	Overview(ctx context.Context, limit int) (*graph.Subgraph, error)
	// DocumentsPage lists limit loaded documents from the offset-th, and
	// gives the number of documents in all.
	DocumentsPage(ctx context.Context, offset, limit int) ([]graph.DocumentSummary, int, error)
	// Document returns one document with its articles, or an error wrapping
	// graph.ErrNotFound.
	Document(ctx context.Context, id string) (*graph.DocumentView, error)
	// QueryMore runs a Cayley query in language lang and returns at most
	// limit results in Cayley's JSON collation, and whether there are more.
	// A query that does not parse or run is an error wrapping
	// graph.ErrInvalid.
	QueryMore(ctx context.Context, lang, text string, limit int) ([]any, bool, error)
	// Size is the number of quads in the store.
	Size() int64

	PathFinder
	CommitmentLister
	Exporter
	Importer
	Cayley
}

// Loader loads one document, given as the text of a file in the archive
// layout, into the graph. name is the file's stem. A document that does not
// parse is an error wrapping graph.ErrInvalid that names the line and what
// was expected; nothing is written then.
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
	store  Reader
	loader Loader // nil refuses writes
	assets fs.FS  // nil serves no static files
	files  http.Handler
	log    *slog.Logger
	engine *gin.Engine
}

// NewServer returns a Server that reads from store, loads documents with
// loader and serves the front end from assets, which has index.html at its
// root. loader and assets may be nil.
//
// The engine is built with gin.New; gin's mode (debug output) is gin's global
// state, which the caller sets (cmd calls gin.SetMode(gin.ReleaseMode)).
func NewServer(cfg Config, store Reader, loader Loader, assets fs.FS) *Server {
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:    cfg,
		store:  store,
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
