package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/internal/app"
	"github.com/pactgraph/pactgraph/viz"
)

func serveCmd(ctx context.Context, args []string, stderr io.Writer) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl, stderr)
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on (127.0.0.1:0 picks a free port)")
	tokenFile := fl.String("token-file", "", "file holding the bearer token that writes need (or set "+tokenEnv+"); none refuses every write")
	dev := fl.String("dev", "", "serve the front end from this directory (e.g. viz/static) instead of the embedded copy")
	timeout := fl.Duration("query-timeout", 10*time.Second, "deadline of every read and query")
	docTimeout := fl.Duration("doc-timeout", api.DefaultLoadTimeout, "deadline of loading one document through the API (POST /api/documents) and of the other writes")
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
	if *docTimeout <= 0 {
		return usageError{fmt.Sprintf("--doc-timeout %v: want a positive duration", *docTimeout)}
	}
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
	assets := viz.Assets()
	if *dev != "" {
		assets = viz.Dir(*dev)
	}
	if err := viz.Check(assets); err != nil {
		store.Close()
		return err
	}
	srv, err := app.NewServer(app.Config{
		Addr:   *addr,
		API:    api.Config{Token: token, QueryTimeout: *timeout, LoadTimeout: *docTimeout, Dev: *dev != "", Logger: log},
		Assets: assets,
		Log:    log,
		Stderr: stderr,
	}, store)
	if err != nil {
		store.Close()
		return err
	}
	defer srv.Close()
	return srv.Run(ctx)
}
