package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/loaders"
	"github.com/pactgraph/pactgraph/viz"
)

func serveCmd(ctx context.Context, args []string, stderr io.Writer) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl)
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on (127.0.0.1:0 picks a free port)")
	tokenFile := fl.String("token-file", "", "file holding the bearer token that writes need (or set "+tokenEnv+"); none refuses every write")
	dev := fl.String("dev", "", "serve the front end from this directory (e.g. viz/static) instead of the embedded copy")
	timeout := fl.Duration("query-timeout", 10*time.Second, "deadline of every read and query")
	if err := refuseTokenFlag(args); err != nil {
		return err
	}
	memory := byteSize(256 << 20)
	fl.Var(&memory, "query-memory", "memory budget of one query: bytes, or a number with B, KiB, MiB, GiB or TiB; 0 for none")
	maxQueries := fl.Int("max-queries", 4, "most queries that run at once; more are answered 503; 0 for no cap")
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", fl.Args())}
	}
	token, err := readToken(*tokenFile, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	// gin's mode is process-wide; debug mode only prints the routes.
	gin.SetMode(gin.ReleaseMode)
	if *maxQueries < 0 {
		return usageError{fmt.Sprintf("--max-queries %d: want 0 or more", *maxQueries)}
	}
	cfg, err := sf.config()
	if err != nil {
		return err
	}
	cfg.Queries = graph.QueryLimits{Memory: int64(memory), Concurrent: *maxQueries}
	store, err := graph.Open(ctx, cfg)
	if err != nil {
		return err
	}
	loader, err := newLoader(store)
	if err != nil {
		store.Close()
		return err
	}
	assets := viz.Assets()
	if *dev != "" {
		assets = viz.Dir(*dev)
	}
	if err := viz.Check(assets); err != nil {
		store.Close()
		return err
	}
	a := &app{
		store:  store,
		loader: loader,
		log:    log,
		addr:   *addr,
		stderr: stderr,
		api:    api.Config{Token: token, QueryTimeout: *timeout, Dev: *dev != "", Logger: log},
		assets: assets,
	}
	defer a.Close()
	return a.Run(ctx)
}

// app is the running server: the store, the loader that fills it, and the
// HTTP server in front of both.
type app struct {
	store  *graph.Store
	loader *loaders.Loader
	log    *slog.Logger
	addr   string
	stderr io.Writer
	api    api.Config
	assets fs.FS
}

// Run loads the bundled corpus into an empty store, then serves until ctx
// is done, and shuts down gracefully: it stops listening, cancels the
// requests in flight (their queries stop and they are answered 503), waits
// for them and for the store's queries, at most shutdownGrace in all.
func (a *app) Run(ctx context.Context) error {
	if a.store.Size() == 0 {
		a.log.Info("empty store: loading the bundled corpus")
		if err := a.loader.LoadFS(ctx, corpus.Files(), ".", a.progress); err != nil {
			return fmt.Errorf("load bundled corpus: %w", err)
		}
		if _, err := loadDatasets(ctx, a.store, func(msg string) { a.log.Info(msg) }); err != nil {
			return fmt.Errorf("load bundled datasets: %w", err)
		}
	}
	// Every request's context derives from base, which shutting down
	// cancels.
	base, cancelBase := context.WithCancelCause(context.Background())
	defer cancelBase(nil)
	srv := &http.Server{
		BaseContext:       func(net.Listener) context.Context { return base },
		Handler:           api.NewServer(a.api, a.store, apiLoader(a.loader), a.assets).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	ln, err := net.Listen("tcp", a.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.addr, err)
	}
	// Tests read this line to find the port of --addr 127.0.0.1:0.
	fmt.Fprintf(a.stderr, "pactgraph: listening on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	a.log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	cancelBase(api.ErrShutdown)
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	// A request answered at its deadline may leave its query stopping.
	if err := a.store.WaitQueries(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// shutdownGrace bounds a graceful shutdown.
const shutdownGrace = 10 * time.Second

func (a *app) progress(r loaders.Result) {
	a.log.Info("loaded", "document", r.Report.ID, "added", r.Change.Added, "removed", r.Change.Removed,
		"entities", len(r.Report.Entities), "articles", len(r.Report.Articles), "commitments", len(r.Report.Obligations))
}

// Close closes the store.
func (a *app) Close() error { return a.store.Close() }

// apiLoader adapts the loaders' pipeline to the API's one write.
func apiLoader(l *loaders.Loader) api.Loader {
	return api.LoaderFunc(func(ctx context.Context, name, text string) (api.LoadResult, error) {
		r, err := l.LoadText(ctx, name, text)
		if err != nil {
			return api.LoadResult{}, err
		}
		return api.LoadResult{
			Document:    r.Report.ID,
			Title:       r.Report.Document.Title,
			Entities:    len(r.Report.Entities),
			Articles:    len(r.Report.Articles),
			Commitments: len(r.Report.Obligations),
			Quads:       int64(r.Change.Added),
			NeedsReview: len(r.Report.Warnings) > 0,
		}, nil
	})
}
