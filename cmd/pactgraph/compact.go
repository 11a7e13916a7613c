package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/pactgraph/pactgraph/graph"
)

// compactCmd rewrites a bolt store with full pages and no free ones
// (graph.Compact): after a bulk load it takes about three quarters of the
// disk, and a server reading it maps as much less memory.
func compactCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("compact", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl, stderr)
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{fmt.Sprintf("compact takes no arguments, got %q", fl.Args())}
	}
	if sf.backend != graph.Bolt {
		return usageError{fmt.Sprintf("--db %s: only a bolt store can be compacted", sf.backend)}
	}
	cfg, err := sf.config()
	if err != nil {
		return err
	}
	return compactStore(ctx, cfg, stdout, stderr)
}

// compactStore compacts the closed bolt store of cfg (graph.Compact),
// saying how it goes on stderr every few seconds and what it did on
// stdout.
func compactStore(ctx context.Context, cfg graph.Config, stdout, stderr io.Writer) error {
	start := time.Now()
	last := start
	res, err := graph.Compact(ctx, cfg, func(keys int64) {
		if now := time.Now(); now.Sub(last) >= 2*time.Second {
			last = now
			fmt.Fprintf(stderr, "pactgraph compact: %d keys copied, %.0f s\n", keys, now.Sub(start).Seconds())
		}
	})
	if res.Leftover > 0 {
		fmt.Fprintf(stderr, "pactgraph compact: removed %s.compact (%.1f MB), left by an interrupted compaction\n", res.Path, float64(res.Leftover)/1e6)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compacted %s: %.1f MB → %.1f MB, %d keys", res.Path,
		float64(res.BytesBefore)/1e6, float64(res.BytesAfter)/1e6, res.Keys)
	if res.SearchMerged {
		fmt.Fprintf(stdout, "; search index merged: %.1f MB → %.1f MB", float64(res.SearchBytesBefore)/1e6, float64(res.SearchBytesAfter)/1e6)
	}
	fmt.Fprintf(stdout, "; %.1f s\n", time.Since(start).Seconds())
	return nil
}
