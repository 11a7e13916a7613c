package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/loaders"
)

// Config is what a Server needs besides its store.
type Config struct {
	Addr   string // address to listen on; 127.0.0.1:0 picks a free port
	API    api.Config
	Assets fs.FS // the front end
	Log    *slog.Logger
	// Stderr gets the line "pactgraph: listening on http://ADDR".
	Stderr io.Writer
}

// Server is the running server: the store, the loader that fills it, and
// the HTTP server in front of both.
type Server struct {
	cfg    Config
	store  *graph.Store
	loader *loaders.Loader
}

// NewServer makes a server of store, which it owns and closes, with the
// loader wired to it (NewLoader).
func NewServer(cfg Config, store *graph.Store) (*Server, error) {
	l, err := NewLoader(store)
	if err != nil {
		return nil, err
	}
	return &Server{cfg: cfg, store: store, loader: l}, nil
}

// ShutdownGrace bounds a graceful shutdown.
const ShutdownGrace = 10 * time.Second

// Run loads the bundled corpus into an empty store, then serves until ctx
// is done, and shuts down gracefully: it stops listening, cancels the
// requests in flight (their queries stop and they are answered 503), waits
// for them and for the store's queries, at most ShutdownGrace in all.
func (s *Server) Run(ctx context.Context) error {
	size, err := s.store.Size(ctx)
	if err != nil {
		return err
	}
	switch {
	case s.store.ReadOnly():
		s.cfg.Log.Info("the store's database is read-only (a replica): serving reads, refusing writes", "quads", size)
	case size == 0:
		s.cfg.Log.Info("empty store: loading the bundled corpus")
		if err := LoadBundled(ctx, s.loader, s.store, s.progress, func(msg string) { s.cfg.Log.Info(msg) }); err != nil {
			return err
		}
	}
	// Every request's context derives from base, which shutting down
	// cancels.
	base, cancelBase := context.WithCancelCause(context.Background())
	defer cancelBase(nil)
	handler := api.NewServer(s.cfg.API, s.store, s.store, APILoader(s.loader), s.cfg.Assets)
	srv := &http.Server{
		BaseContext:       func(net.Listener) context.Context { return base },
		Handler:           handler.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	// Tests read this line to find the port of --addr 127.0.0.1:0.
	fmt.Fprintf(s.cfg.Stderr, "pactgraph: listening on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	// What the first visitors would wait for is read now (api.Server.Warm).
	warm := make(chan struct{})
	go func() {
		defer close(warm)
		if err := handler.Warm(base); err != nil && base.Err() == nil {
			s.cfg.Log.Error("warm the server's reads", "err", err)
		}
	}()
	select {
	case err := <-errc:
		cancelBase(err)
		<-warm
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.cfg.Log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	cancelBase(api.ErrShutdown)
	<-warm
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	// A request answered at its deadline may leave its query stopping.
	if err := s.store.WaitQueries(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

func (s *Server) progress(r loaders.Result) {
	s.cfg.Log.Info("loaded", "document", r.Report.ID, "added", r.Change.Added, "removed", r.Change.Removed,
		"entities", len(r.Report.Entities), "articles", len(r.Report.Articles), "commitments", len(r.Report.Obligations))
}

// Close closes the store.
func (s *Server) Close() error { return s.store.Close() }
