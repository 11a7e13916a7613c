package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/internal/bench"
	"github.com/pactgraph/pactgraph/loaders/synth"
)

func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl, stderr)
	fl.Lookup("dbpath").Usage = "store to load into (bolt, bbolt: a directory that does not exist yet; postgres: an empty database's URL); default: a temporary directory, removed afterwards"
	docs := fl.Int("docs", 1000, "number of synthetic documents")
	write := fl.String("write", "", "only write the --docs synthetic documents to this directory, as files to `pactgraph load`")
	rounds := fl.Int("rounds", 40, "rounds of the read mix (search, entity, neighbours depth 1 and 2, a 2-hop Gizmo query)")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the whole run to this file (go tool pprof)")
	memProfile := fl.String("memprofile", "", "write a heap profile (allocations) at the end of the run to this file (go tool pprof)")
	serveRSSFlag := fl.Bool("serve-rss", false, "instead: measure `pactgraph serve`'s memory and read latency on a store (bolt, bbolt or postgres) of --docs documents (loaded into --dbpath unless it holds quads already) while --clients read --rounds rounds of a mix from it")
	clients := fl.Int("clients", 4, "with --serve-rss: concurrent HTTP clients")
	cold := fl.Bool("cold", false, "with --serve-rss on bolt or bbolt: drop the store's files from the page cache before serving it, as after a restart of the machine")
	compare := fl.String("compare", "", "instead: run the bench on bolt (a temporary store) and then on the empty PostgreSQL database at this URL, and print both side by side as a Markdown table")
	resumeAt := fl.Int("resume-at", 0, "also measure resuming a load stopped after this many documents: load them into a fresh bolt or bbolt store, close it, and time loading all --docs on it (resume_s)")
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() > 0 || *docs < 1 || *rounds < 1 {
		return usageError{"bench takes no arguments; --docs and --rounds must be positive"}
	}
	if *cold && !*serveRSSFlag {
		return usageError{"--cold measures a store served: it goes with --serve-rss"}
	}
	if *resumeAt != 0 {
		if err := bench.CheckResume(sf.backend, *docs, *resumeAt); err != nil {
			return benchError(err)
		}
	}
	if *write != "" {
		return synth.WriteDir(*write, 0, *docs)
	}
	if *serveRSSFlag {
		if *clients < 1 {
			return usageError{"--clients must be positive"}
		}
		res, err := bench.ServeRSS(ctx, bench.ServeConfig{Store: graph.Config{Backend: sf.backend, Path: sf.path}, Docs: *docs, Rounds: *rounds, Clients: *clients, Cold: *cold, Log: slog.New(slog.NewTextHandler(stderr, nil))})
		if err != nil {
			return benchError(err)
		}
		return printJSON(stdout, res)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer writeHeapProfile(*memProfile, stderr)
	}
	tmp, err := os.MkdirTemp("", "pactgraph-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if sf.path == "" && sf.backend != graph.Memstore && sf.backend != graph.Postgres {
		sf.path = filepath.Join(tmp, "store")
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if *compare != "" {
		return benchCompare(ctx, stdout, tmp, *compare, bench.Config{Docs: *docs, Rounds: *rounds, Log: log})
	}
	cfg, err := sf.config()
	if err != nil {
		return err
	}
	res, err := bench.Run(ctx, bench.Config{Store: cfg, Docs: *docs, Rounds: *rounds, ResumeAt: *resumeAt, Dir: tmp, Log: log})
	if err != nil {
		return benchError(err)
	}
	return printJSON(stdout, res)
}

// benchCompare runs the bench on a bolt store in tmp and on the empty
// PostgreSQL database at url, one after the other, and prints the two
// side by side (bench.Table).
func benchCompare(ctx context.Context, stdout io.Writer, tmp, url string, cfg bench.Config) error {
	var runs []*bench.Result
	for i, store := range []graph.Config{
		{Backend: graph.Bolt, Path: filepath.Join(tmp, "compare-bolt")},
		{Backend: graph.Postgres, Path: url},
	} {
		run := cfg
		run.Store = store
		run.Dir = filepath.Join(tmp, fmt.Sprintf("compare-%d", i))
		if err := os.Mkdir(run.Dir, 0o700); err != nil {
			return err
		}
		res, err := bench.Run(ctx, run)
		if err != nil {
			return fmt.Errorf("bench on %s: %w", store.Backend, benchError(err))
		}
		runs = append(runs, res)
	}
	return bench.Table(stdout, runs)
}

// benchError makes the bench's usage errors the command's.
func benchError(err error) error {
	var ue bench.UsageError
	if errors.As(err, &ue) {
		return usageError{string(ue)}
	}
	return err
}

// printJSON prints v indented, as the bench always has.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeHeapProfile writes the heap profile (what the run allocated, and
// what is live) to path; a failure is reported, not returned, as the
// benchmark's figures are already printed.
func writeHeapProfile(path string, stderr io.Writer) {
	f, err := os.Create(path)
	if err == nil {
		runtime.GC()
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "bench: memprofile: %v\n", err)
	}
}
