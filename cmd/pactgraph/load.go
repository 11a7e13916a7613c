package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/internal/app"
	"github.com/pactgraph/pactgraph/loaders"
)

func loadCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("load", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl, stderr)
	verbose := fl.Bool("v", false, "print a line for every document")
	docTimeout := fl.Duration("doc-timeout", time.Minute, "the longest reading one document may take, as the server's load deadline (0: no limit)")
	strict := fl.Bool("strict", false, "make a warning an error: refuse a document that was not read as expected, instead of storing it marked as needing review")
	graphName := fl.String("graph", "", "the named graph an N-Quads or JSON-LD file goes into (default: the file's name without extension)")
	compact := fl.Bool("compact", true, "on bolt, compact the store (as pactgraph compact does) after a load that at least doubled it")
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return usageError{"load needs at least one FILE or DIR"}
	}
	all, err := listFiles(fl.Args())
	if err != nil {
		return err
	}
	// Quad files (N-Quads, JSON-LD) each become a named graph; the rest
	// are documents in the archive layout.
	var files, quadFiles []string
	for _, f := range all {
		if graph.FormatByFile(f) != "" {
			quadFiles = append(quadFiles, f)
		} else {
			files = append(files, f)
		}
	}
	if *graphName != "" && len(quadFiles) != 1 {
		return usageError{fmt.Sprintf("--graph names the graph of one N-Quads or JSON-LD file; got %d such files", len(quadFiles))}
	}
	cfg, err := sf.config()
	if err != nil {
		return err
	}
	store, err := graph.Open(ctx, cfg)
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			store.Close()
		}
	}()
	// Only a bolt store is compacted; the size of a PostgreSQL one is a
	// count of its rows.
	packs := *compact && cfg.Backend == graph.Bolt
	var before int64
	if packs {
		if before, err = store.Size(ctx); err != nil {
			return err
		}
	}
	for _, f := range quadFiles {
		if err := importFile(ctx, store, f, *graphName, stdout); err != nil {
			return err
		}
	}
	if len(files) > 0 {
		if err := loadFiles(ctx, store, files, *docTimeout, *strict, *verbose, stdout, stderr); err != nil {
			return err
		}
	}
	if !packs {
		return nil
	}
	after, err := store.Size(ctx)
	if err != nil || !graph.CompactsAfterLoad(before, after) {
		return err
	}
	closed = true
	if err := store.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "compacting the store, which the load took from %d to %d quads (--compact=false skips this)…\n", before, after)
	err = compactStore(ctx, cfg, stdout, stderr)
	switch {
	case err != nil && ctx.Err() != nil:
		return fmt.Errorf("compaction interrupted: the documents are loaded, and the store is as the load left it: %w", err)
	case err != nil:
		fmt.Fprintf(stderr, "pactgraph load: the documents are loaded, but compacting the store failed: %v; the store is as the load left it (pactgraph compact tries again)\n", err)
	}
	return nil
}

// loadFiles loads documents in the archive layout into store, showing
// how it goes on stderr, then reads and writes down what a server reads
// first.
func loadFiles(ctx context.Context, store *graph.Store, files []string, docTimeout time.Duration, strict, verbose bool, stdout, stderr io.Writer) error {
	l, err := app.NewLoader(store)
	if err != nil {
		return err
	}
	l.DocTimeout = docTimeout
	l.Strict = strict
	p := newProgress(stderr, len(files))
	report := func(r loaders.Result) {
		if len(r.Report.Warnings) > 0 {
			p.clear()
			printWarnings(stderr, r.Name, r.Report.Warnings)
		}
		if verbose {
			p.clear()
			fmt.Fprintf(stdout, "%s: %d quads added, %d removed (%d entities, %d articles, %d commitments)\n",
				r.Report.ID, r.Change.Added, r.Change.Removed, len(r.Report.Entities), len(r.Report.Articles), len(r.Report.Obligations))
		}
		p.add(r.Change.Added)
	}
	var readErr error
	src := func(yield func(name, text string) bool) {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				readErr = fmt.Errorf("load %s: %w", f, err)
				return
			}
			if !yield(f, string(data)) { // the path: errors name it, the id is its stem
				return
			}
		}
	}
	err = l.LoadDocs(ctx, src, report)
	p.done()
	if err == nil {
		err = readErr
	}
	if err != nil {
		return err
	}
	size, err := store.Size(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "loaded %d documents, %d quads added; store holds %d quads\n", p.docs, p.quads, size)
	// What a server starting on this store would read first (the corpus in
	// brief, the overview) is read and written down with the store now
	// (graph/kept.go), under serve's default limits.
	fmt.Fprintln(stderr, "reading the corpus's summary and overview for the server…")
	if err := api.Warm(ctx, store, api.Config{}); err != nil {
		fmt.Fprintf(stderr, "pactgraph load: %v (a server reads it as it starts)\n", err)
	}
	return nil
}

// importFile makes one N-Quads or JSON-LD file the named graph name (or
// the file's stem): all of it, or nothing when any line is malformed.
func importFile(ctx context.Context, store *graph.Store, file, name string, stdout io.Writer) error {
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	defer f.Close()
	ch, err := store.Import(ctx, name, file, "", f)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: named graph %s, %d quads added, %d removed\n", file, graph.GraphIRI(name), ch.Added, ch.Removed)
	return nil
}

// listFiles is each FILE argument, and every .txt file under each DIR in
// name order.
func listFiles(args []string) ([]string, error) {
	var files []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("load: %w", err)
		}
		if !info.IsDir() {
			files = append(files, arg)
			continue
		}
		var in []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
				in = append(in, p)
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", arg, err)
		}
		sort.Strings(in)
		files = append(files, in...)
	}
	return files, nil
}

// progress shows how a load goes: on a terminal a line redrawn in place
// (documents, quads, rate), elsewhere a log line every 10 s.
type progress struct {
	w          io.Writer
	tty        bool
	total      int
	docs       int
	quads      int
	start      time.Time
	last       time.Time
	every      time.Duration
	drawnWidth int
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, start: time.Now(), every: 10 * time.Second}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.every = true, 200*time.Millisecond
		}
	}
	p.last = p.start
	return p
}

func (p *progress) add(quads int) {
	p.docs++
	p.quads += quads
	if now := time.Now(); now.Sub(p.last) >= p.every {
		p.last = now
		p.draw()
	}
}

func (p *progress) line() string {
	s := time.Since(p.start).Seconds()
	if s <= 0 {
		s = 1e-9
	}
	pct := 100.0
	if p.total > 0 {
		pct = 100 * float64(p.docs) / float64(p.total)
	}
	return fmt.Sprintf("%d/%d documents (%.0f%%), %d quads, %.0f docs/s, %.0f quads/s",
		p.docs, p.total, pct, p.quads, float64(p.docs)/s, float64(p.quads)/s)
}

func (p *progress) draw() {
	if !p.tty {
		fmt.Fprintf(p.w, "pactgraph load: %s\n", p.line())
		return
	}
	l := p.line()
	fmt.Fprintf(p.w, "\r%-*s", p.drawnWidth, l)
	p.drawnWidth = len(l)
}

// clear wipes the redrawn line, so that other output starts on a clean one.
func (p *progress) clear() {
	if p.tty && p.drawnWidth > 0 {
		fmt.Fprintf(p.w, "\r%*s\r", p.drawnWidth, "")
		p.drawnWidth = 0
	}
}

// done draws the final state and ends the line.
func (p *progress) done() {
	if p.docs == 0 {
		return
	}
	p.draw()
	if p.tty {
		fmt.Fprintln(p.w)
	}
}
