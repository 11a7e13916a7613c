package bench

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/internal/app"
	"github.com/pactgraph/pactgraph/loaders/synth"
)

// ServeResult is what `pactgraph bench --serve-rss` prints
// (docs/benchmarks.md): the memory of a real `pactgraph serve` process on
// a store of --docs synthetic documents while clients read from it.
type ServeResult struct {
	Docs    int     `json:"docs"`
	DB      string  `json:"db"`
	Quads   int64   `json:"quads"`
	StoreMB float64 `json:"store_file_mb"`
	LoadS   float64 `json:"load_s,omitempty"`
	// CompactS is the time the compaction after the load took (a bolt
	// store the bench loads is compacted, as `pactgraph load` compacts
	// it: graph.CompactsAfterLoad); StoreMB is the file's size after.
	CompactS float64 `json:"compact_s,omitempty"`
	// CachedMB is how much of the store's files (bolt, bbolt: the store,
	// its search index, its kept reads) the page cache held as serve
	// started, after dropping them with --cold. Of the files serve maps,
	// the kernel maps the cached pages around each page read, so the
	// peak file RSS grows with it: a store just loaded is wholly cached.
	CachedMB float64 `json:"store_cached_mb,omitempty"`
	Reads    int     `json:"reads"`
	Clients  int     `json:"clients"`
	ReadS    float64 `json:"read_s"`
	// FirstSearchMs is the first search, alone: it builds the store's
	// name index (a scan of every quad), which the mix's reads then use.
	FirstSearchMs float64 `json:"first_search_ms"`
	// The serve process's memory (/proc/PID/status): RSS once listening,
	// its peak (VmHWM) over the run, and the peaks of its two parts as
	// sampled every 10 ms: anonymous memory (the Go heap, stacks) and file
	// pages (the bolt file, which bolt maps into memory and reads in place).
	StartRSSMB  float64            `json:"start_rss_mb"`
	PeakRSSMB   float64            `json:"peak_rss_mb"`
	PeakAnonMB  float64            `json:"peak_anon_mb"`
	PeakFileMB  float64            `json:"peak_file_mb"`
	EndRSSMB    float64            `json:"end_rss_mb"`
	EndAnonMB   float64            `json:"end_anon_mb"`
	APIP50Ms    float64            `json:"api_p50_ms"`
	APIP99Ms    float64            `json:"api_p99_ms"`
	ByKindP50Ms map[string]float64 `json:"by_kind_p50_ms"`
	// ByKindP99Ms is each kind's 99th percentile by nearest rank: with
	// fewer than 100 reads of a kind (--rounds under 100), its slowest,
	// which is often one of the first reads of a server just started.
	ByKindP99Ms map[string]float64 `json:"by_kind_p99_ms"`
	ByKindMaxMs map[string]float64 `json:"by_kind_max_ms"`
	// Failed counts the reads of each kind that failed (times included
	// above), FirstFailure says why one did.
	Failed       map[string]int `json:"failed,omitempty"`
	FirstFailure string         `json:"first_failure,omitempty"`
}

// ServeConfig is what ServeRSS measures.
type ServeConfig struct {
	Store   graph.Config // bolt, bbolt or postgres; with bolt and bbolt, an empty Path: a temporary directory
	Docs    int          // synthetic documents loaded into an empty store
	Rounds  int          // rounds of the read mix
	Clients int          // concurrent HTTP clients
	Cold    bool         // drop the store's files from the page cache before serving it (bolt, bbolt)
	Log     *slog.Logger
}

// ServeRSS measures `pactgraph serve`'s memory on a store of docs
// synthetic documents: it loads them into cfg.Store unless the store
// already holds quads (then it is measured as it is), starts the running
// binary's `serve` on it (so only the pactgraph binary can call it), runs
// rounds of the read mix (search, entity, neighbours at depth 1 and 2, a
// page of documents, one document, a 2-hop Gizmo query; every tenth round
// also the whole graph, as the explorer asks on opening) from clients
// concurrent clients, and reads the serve process's memory. A bolt store
// it loads is compacted after the load (graph.Compact), as `pactgraph
// load` compacts one; with Cold, its files are dropped from the page
// cache (as after a restart of the machine) before it is served. One
// search runs alone first, timed as the first search after a start. On
// postgres the memory is serve's alone, not the database server's.
func ServeRSS(ctx context.Context, cfg ServeConfig) (*ServeResult, error) {
	sc, docs, rounds, clients := cfg.Store, cfg.Docs, cfg.Rounds, cfg.Clients
	switch {
	case sc.Backend == graph.Memstore:
		return nil, UsageError("--serve-rss measures a store serve can open again: bolt, bbolt or postgres")
	case sc.Backend == graph.Postgres && (sc.Path == "" || cfg.Cold):
		return nil, UsageError("--serve-rss on postgres needs --dbpath (a database's URL), and cannot --cold")
	}
	log := cfg.Log
	if sc.Path == "" {
		tmp, err := os.MkdirTemp("", "pactgraph-bench-rss-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		sc.Path = filepath.Join(tmp, "store")
	}
	res := &ServeResult{Docs: docs, DB: sc.Backend, Clients: clients}

	// The store: loaded here unless it holds quads already.
	store, err := graph.Open(ctx, sc)
	if err != nil {
		return nil, err
	}
	l, err := app.NewLoader(store)
	if err != nil {
		store.Close()
		return nil, err
	}
	if res.Quads, err = store.Size(ctx); err != nil {
		store.Close()
		return nil, err
	}
	loaded := res.Quads == 0
	if loaded {
		start := time.Now()
		src := func(yield func(name, text string) bool) {
			for i := range docs {
				d := synth.Document(i)
				if !yield(d.Name, d.Text) {
					return
				}
			}
		}
		if err := l.LoadDocs(ctx, src, nil); err != nil {
			store.Close()
			return nil, err
		}
		res.LoadS = time.Since(start).Seconds()
		// As `pactgraph load` leaves a store: what serve reads first, kept.
		if err := api.Warm(ctx, store, api.Config{}); err != nil {
			store.Close()
			return nil, err
		}
		if res.Quads, err = store.Size(ctx); err != nil {
			store.Close()
			return nil, err
		}
		log.Info("bench: loaded", "docs", docs, "quads", res.Quads, "s", res.LoadS)
	} else {
		log.Info("bench: measuring the store as it is", "path", sc.Path, "quads", res.Quads)
	}
	if err := store.Close(); err != nil {
		return nil, err
	}
	if loaded && sc.Backend == graph.Bolt && graph.CompactsAfterLoad(0, res.Quads) {
		c, err := graph.Compact(ctx, graph.Config{Backend: sc.Backend, Path: sc.Path}, nil)
		if err != nil {
			return nil, err
		}
		res.CompactS = float64(c.DurationNanos) / 1e9
		log.Info("bench: compacted", "mb_before", c.BytesBefore>>20, "mb_after", c.BytesAfter>>20, "s", res.CompactS)
	}
	if fi, err := os.Stat(filepath.Join(sc.Path, "indexes.bolt")); err == nil {
		res.StoreMB = float64(fi.Size()) / (1 << 20)
	}
	if sc.Backend != graph.Postgres {
		if cfg.Cold {
			if err := dropCached(sc.Path); err != nil {
				return nil, fmt.Errorf("bench: drop the store from the page cache: %w", err)
			}
		}
		if res.CachedMB, err = cachedMB(sc.Path); err != nil {
			log.Warn("bench: how much of the store is cached is unknown", "err", err)
		}
	}

	// What to read: the parties and documents of the first documents.
	var parties, ids []string
	for i := range min(docs, 200) {
		d := synth.Document(i)
		r, err := l.Parser.Parse(ctx, d.Name, d.Text)
		if err != nil {
			return nil, err
		}
		parties = append(parties, r.Agreement.Parties...)
		ids = append(ids, r.ID)
	}
	mix := serveReads(parties, ids, docs, rounds)
	res.Reads = len(mix)

	// The server: this binary's serve, on a free port.
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "serve", "--db", sc.Backend, "--dbpath", sc.Path, "--addr", "127.0.0.1:0")
	errPipe, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	// stop shuts the server down as Ctrl-C does, and waits for it.
	stopped := false
	var werr error
	stop := func() {
		if !stopped {
			stopped = true
			cmd.Process.Signal(syscall.SIGINT)
			werr = cmd.Wait()
		}
	}
	defer stop()
	base, err := listenAddr(errPipe)
	if err != nil {
		stop()
		return nil, fmt.Errorf("bench: serve: %w", err)
	}
	go io.Copy(io.Discard, errPipe)
	pid := cmd.Process.Pid
	st, _ := procMemory(pid)
	res.StartRSSMB = st.rss

	// Sample the server's memory while the clients read.
	var peak procMem
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			if m, err := procMemory(pid); err == nil {
				peak.anon, peak.file = max(peak.anon, m.anon), max(peak.file, m.file)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	client := &http.Client{Timeout: 2 * time.Minute}
	t := time.Now()
	if err := mix[0].http(ctx, client, base); err != nil {
		close(done)
		return nil, err
	}
	res.FirstSearchMs = ms(time.Since(t))
	// A read that fails (a 504 past serve's query deadline) is counted, and
	// the others go on: the memory is what is measured.
	times := make([]time.Duration, len(mix))
	failed := make([]error, len(mix))
	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := time.Now()
				failed[i] = mix[i].http(ctx, client, base)
				times[i] = time.Since(t)
			}
		}()
	}
	for i := range mix {
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	res.ReadS = time.Since(start).Seconds()
	close(done)
	<-sampled
	end, merr := procMemory(pid)
	stop()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if merr != nil {
		return nil, fmt.Errorf("bench: memory of serve: %w", merr)
	}
	if werr != nil {
		return nil, fmt.Errorf("bench: serve: %w", werr)
	}
	res.PeakRSSMB, res.EndRSSMB, res.EndAnonMB = end.hwm, end.rss, end.anon
	res.PeakAnonMB, res.PeakFileMB = peak.anon, peak.file
	res.APIP50Ms, res.APIP99Ms = percentile(times, 50), percentile(times, 99)
	res.ByKindP50Ms, res.ByKindP99Ms, res.ByKindMaxMs = map[string]float64{}, map[string]float64{}, map[string]float64{}
	byKind := map[string][]time.Duration{}
	for i, r := range mix {
		byKind[r.kind] = append(byKind[r.kind], times[i])
		if failed[i] != nil {
			if res.Failed == nil {
				res.Failed = map[string]int{}
			}
			res.Failed[r.kind]++
			res.FirstFailure = cmp.Or(res.FirstFailure, failed[i].Error())
		}
	}
	for k, ts := range byKind {
		res.ByKindP50Ms[k], res.ByKindP99Ms[k], res.ByKindMaxMs[k] = percentile(ts, 50), percentile(ts, 99), percentile(ts, 100)
	}
	return res, nil
}

// serveReads is rounds of the serve mix: the bench's reads, a page of the
// document list, one document, the rows of a hundred commitments by id
// (the first ten of ten documents: what the explorer asks for the
// commitments it draws), and every tenth round the whole graph.
func serveReads(parties, ids []string, docs, rounds int) []read {
	var out []read
	base := reads(parties, rounds)
	for i := range rounds {
		named := url.Values{}
		for d := range 10 {
			for c := range 10 {
				named.Add("id", fmt.Sprintf("%s.commitment-%d", ids[(i*7919+d*104729)%len(ids)], c+1))
			}
		}
		out = append(out, base[readsPerRound*i:readsPerRound*(i+1)]...)
		out = append(out,
			read{kind: "documents", arg: strconv.Itoa((i * 100 * 37) % max(docs, 1))},
			read{kind: "document", arg: ids[(i*7919)%len(ids)]},
			read{kind: "commitments", arg: named.Encode()},
		)
		if i%10 == 0 {
			out = append(out, read{kind: "graph"})
		}
	}
	return out
}

// listenAddr reads serve's stderr up to the line that says where it
// listens, and gives that URL.
func listenAddr(r io.Reader) (string, error) {
	const prefix = "pactgraph: listening on "
	sc := bufio.NewScanner(r)
	var last string
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, prefix) {
			return strings.TrimPrefix(line, prefix), nil
		} else {
			last = line
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("exited before listening: %s", last)
}

// procMem is a process's memory in MB: resident (rss), its peak (hwm),
// and the anonymous and file-backed parts of rss.
type procMem struct{ rss, hwm, anon, file float64 }

func procMemory(pid int) (procMem, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return procMem{}, err
	}
	var m procMem
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			m.rss = kb / 1024
		case "VmHWM:":
			m.hwm = kb / 1024
		case "RssAnon:":
			m.anon = kb / 1024
		case "RssFile:":
			m.file = kb / 1024
		}
	}
	return m, nil
}
