package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// errUnsound is check's answer for a store it found something wrong in,
// after printing what.
var errUnsound = errors.New("the store is not sound")

// checkCmd verifies a store against its quads (graph.Store.Check) and
// prints what it found: exit 0 when the store is sound, 1 with the problems
// when it is not.
func checkCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl, stderr)
	asJSON := fl.Bool("json", false, "print the report as JSON")
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Sprintf("check takes no arguments, got %q", fl.Args())}
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	r, err := store.Check(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "%d quads", r.Quads)
		if r.Nodes > 0 {
			fmt.Fprintf(stdout, ", %d nodes, indexes %s", r.Nodes, strings.Join(r.Indexes, " "))
		}
		if r.OK() {
			fmt.Fprintln(stdout, ": sound")
		} else {
			fmt.Fprintf(stdout, ": %d problems\n", len(r.Problems))
			for _, p := range r.Problems {
				fmt.Fprintln(stdout, "  "+p)
			}
		}
	}
	if !r.OK() {
		return errUnsound
	}
	return nil
}
