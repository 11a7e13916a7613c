package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pactgraph/pactgraph/graph"
)

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("export", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl, stderr)
	format := fl.String("format", graph.NQuads, "output format: "+strings.Join(graph.ExportFormats, ", "))
	doc := fl.String("doc", "", "export one document's graph (its id, e.g. wilson-115715-stasi-kgb-1973)")
	q := fl.String("query", "", "export the subgraph of the nodes a Gizmo query returns")
	label := fl.String("graph", "", "export one named graph (the IRI of its label), e.g. a dataset's")
	part := fl.String("part", "", "csv only: nodes or edges as one CSV file (default: a zip of both)")
	out := fl.String("out", "", "write to this file instead of standard output")
	timeout := fl.Duration("timeout", 5*time.Minute, "deadline of the export")
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Sprintf("export takes no arguments, got %q", fl.Args())}
	}
	if *doc != "" && *q != "" {
		return usageError{"export: give --doc or --query, not both"}
	}
	if err := graph.CheckFormat(*format, *part); err != nil {
		return usageError{err.Error()}
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	var w io.Writer = stdout
	var f *os.File
	if *out != "" {
		// Written next to the target and renamed, so a failed export
		// leaves no half file behind.
		f, err = os.CreateTemp(dirOf(*out), ".pactgraph-export-*")
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer os.Remove(f.Name())
		w = f
	}
	bw := bufio.NewWriter(w)
	sel := graph.Selection{Doc: *doc, Query: *q, Label: *label}
	err = store.Export(ctx, bw, *format, *part, sel)
	if err == nil {
		err = bw.Flush()
	}
	if f != nil {
		err = errors.Join(err, f.Close())
		if err == nil {
			err = os.Rename(f.Name(), *out)
		}
	}
	return err
}

func dirOf(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[:i+1]
	}
	return "."
}
