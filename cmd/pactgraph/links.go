package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/pactgraph/pactgraph/internal/app"
)

func linksCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("links", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl, stderr)
	review := fl.Bool("review", false, "list the ambiguous matches the rules left for review (nothing is written)")
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Sprintf("links takes no arguments, got %q", fl.Args())}
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if *review {
		links, err := app.Link(ctx, store)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d links made by rule; %d candidates for review:\n", len(links.Quads), len(links.Review))
		for _, c := range links.Review {
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", c.Entity, c.Record, c.Rule, c.Why)
		}
		return nil
	}
	_, err = app.LoadDatasets(ctx, store, func(s string) { fmt.Fprintln(stdout, s) })
	return err
}
