package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/pactgraph/pactgraph/corpus"
	"github.com/pactgraph/pactgraph/corpus/data"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/loaders"
	"github.com/pactgraph/pactgraph/loaders/datasets"
	"github.com/pactgraph/pactgraph/loaders/wilson"
)

// corpusParties reads the parties of each treaty of the bundled corpus.
func corpusParties() (map[string][]string, error) {
	gaz, err := loaders.DefaultGazetteer()
	if err != nil {
		return nil, err
	}
	parties := map[string][]string{}
	files, err := fs.Glob(corpus.Files(), "*.txt")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		text, err := fs.ReadFile(corpus.Files(), f)
		if err != nil {
			return nil, err
		}
		r, err := wilson.Parse(strings.TrimSuffix(f, ".txt"), string(text), gaz)
		if err != nil {
			return nil, err
		}
		parties[r.Agreement.Entity] = append(parties[r.Agreement.Entity], r.Agreement.Parties...)
	}
	return parties, nil
}

// loadDatasets loads the bundled datasets and the links to them.
func loadDatasets(ctx context.Context, store *graph.Store, progress func(string)) (*datasets.Links, error) {
	if err := datasets.Load(ctx, store, data.Files(), func(r datasets.Result) {
		progress(fmt.Sprintf("dataset %s: %d quads (%d added, %d removed)", r.Dataset, r.Quads, r.Change.Added, r.Change.Removed))
	}); err != nil {
		return nil, err
	}
	gaz, err := loaders.DefaultGazetteer()
	if err != nil {
		return nil, err
	}
	parties, err := corpusParties()
	if err != nil {
		return nil, err
	}
	links, err := datasets.Link(gaz, data.Files(), parties)
	if err != nil {
		return nil, err
	}
	ch, err := datasets.LoadLinks(ctx, store, links)
	if err != nil {
		return nil, err
	}
	progress(fmt.Sprintf("links: %d (%d added, %d removed), %d for review", len(links.Quads), ch.Added, ch.Removed, len(links.Review)))
	return links, nil
}

func linksCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("links", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl)
	review := fl.Bool("review", false, "list the ambiguous matches the rules left for review (nothing is written)")
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Sprintf("links takes no arguments, got %q", fl.Args())}
	}
	if *review {
		gaz, err := loaders.DefaultGazetteer()
		if err != nil {
			return err
		}
		parties, err := corpusParties()
		if err != nil {
			return err
		}
		links, err := datasets.Link(gaz, data.Files(), parties)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d links made by rule; %d candidates for review:\n", len(links.Quads), len(links.Review))
		for _, c := range links.Review {
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", c.Entity, c.Record, c.Rule, c.Why)
		}
		return nil
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	_, err = loadDatasets(ctx, store, func(s string) { fmt.Fprintln(stdout, s) })
	return err
}
