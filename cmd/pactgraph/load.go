package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/loaders"
	"github.com/pactgraph/pactgraph/loaders/wilson"
)

// newLoader wires the archive-layout parser and the gazetteer to a store.
func newLoader(store *graph.Store) (*loaders.Loader, error) {
	gaz, err := loaders.DefaultGazetteer()
	if err != nil {
		return nil, err
	}
	return &loaders.Loader{Parse: wilson.Parse, Gazetteer: gaz, Store: store}, nil
}

func loadCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("load", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl)
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return usageError{"load needs at least one FILE or DIR"}
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	l, err := newLoader(store)
	if err != nil {
		return err
	}
	report := func(r loaders.Result) {
		fmt.Fprintf(stdout, "%s: %d quads added, %d removed (%d entities, %d articles, %d commitments)\n",
			r.Report.ID, r.Change.Added, r.Change.Removed, len(r.Report.Entities), len(r.Report.Articles), len(r.Report.Obligations))
	}
	for _, arg := range fl.Args() {
		info, err := os.Stat(arg)
		if err != nil {
			return fmt.Errorf("load: %w", err)
		}
		if info.IsDir() {
			err = l.LoadFS(ctx, os.DirFS(arg), ".", report)
		} else {
			err = l.LoadFS(ctx, os.DirFS(filepath.Dir(arg)), filepath.Base(arg), report)
		}
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "store holds %d quads\n", store.Size())
	return nil
}
