package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"time"

	"github.com/pactgraph/pactgraph/graph"
)

func queryCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("query", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl, stderr)
	lang := fl.String("lang", "gizmo", "query language: gizmo, graphql or mql")
	limit := fl.Int("limit", 100, "most results to print")
	timeout := fl.Duration("timeout", 30*time.Second, "deadline of the query")
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return usageError{"query needs exactly one argument: the query text, e.g. 'g.V().Limit(5).All()'"}
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	res, _, err := store.Query(ctx, graph.Query{Lang: *lang, Text: fl.Arg(0), Limit: *limit})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(map[string]any{"result": res})
}
