// Command pactgraph turns archival agreements into a knowledge graph and
// serves it: an API, Cayley queries and a D3 explorer.
//
//	pactgraph [serve] [--addr A] [--db B] [--dbpath P] [--token-file F]
//	pactgraph load FILE|DIR…
//	pactgraph extract [--json] FILE
//	pactgraph query 'GIZMO'
//	pactgraph export [--format F] [--doc ID | --query Q | --graph IRI] [--out FILE]
//	pactgraph links [--review]
//	pactgraph compact [--dbpath P]
//	pactgraph check [--db B] [--dbpath P] [--json]
//	pactgraph bench [--docs N] [--db B] [--dbpath P]
//
// Every flag can also be set in the environment: --dbpath as
// PACTGRAPH_DBPATH, and so on (docs/config.md).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/pactgraph/pactgraph/graph"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage: pactgraph [command] [flags] [args]

commands:
  serve              open the store, load the bundled corpus into an empty one, serve API and UI (default)
  load FILE|DIR…     load documents in the archive layout into the store
  extract FILE       print what the loaders read from a document (--json: the extraction report)
  query 'QUERY'      run a Gizmo query (--lang for graphql or mql) and print the results as JSON
  links [--review]   load the bundled datasets and link the graph to them (--review: list ambiguous matches)
  export             write the graph, a document's (--doc) or a query's (--query) as nquads, jsonld, graphml, gml, dot, gexf or csv (--format)
  check              verify the store against its quads: counts, nodes, indexes (exit 1 with what is wrong)
  compact            rewrite a bolt store with full pages and no free ones (after a bulk load: smaller, less memory to serve)
  bench              load N synthetic documents (--docs) our way and plain Cayley's, time API and store reads, print JSON

Run 'pactgraph COMMAND -h' for a command's flags. Every flag can also be set
in the environment as PACTGRAPH_<FLAG>, e.g. PACTGRAPH_DBPATH.
`

// run runs one command and returns the process exit code: 0 on success,
// 2 for a usage error, 1 for any other failure.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd, rest := "serve", args
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, rest = args[0], args[1:]
	}
	graph.SetLogger(slog.New(slog.NewTextHandler(stderr, nil)))
	var err error
	switch cmd {
	case "serve":
		err = serveCmd(ctx, rest, stderr)
	case "load":
		err = loadCmd(ctx, rest, stdout, stderr)
	case "extract":
		err = extractCmd(rest, stdout, stderr)
	case "query":
		err = queryCmd(ctx, rest, stdout, stderr)
	case "bench":
		err = benchCmd(ctx, rest, stdout, stderr)
	case "export":
		err = exportCmd(ctx, rest, stdout, stderr)
	case "links":
		err = linksCmd(ctx, rest, stdout, stderr)
	case "compact":
		err = compactCmd(ctx, rest, stdout, stderr)
	case "check":
		err = checkCmd(ctx, rest, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "pactgraph: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "pactgraph %s: %v\n", cmd, err)
		return 2
	default:
		fmt.Fprintf(stderr, "pactgraph %s: %v\n", cmd, err)
		return 1
	}
}

// usageError is a mistake in the command line or the environment.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
