package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/internal/app"
	"github.com/pactgraph/pactgraph/internal/bench"
	"github.com/pactgraph/pactgraph/loaders"
	"github.com/pactgraph/pactgraph/loaders/synth"
)

// benchResult is what `pactgraph bench` prints (docs/benchmarks.md).
type benchResult struct {
	Docs          int     `json:"docs"`
	DB            string  `json:"db"`
	Quads         int64   `json:"quads"`
	GenerateS     float64 `json:"generate_s"`
	LoadS         float64 `json:"load_s"`
	ParseS        float64 `json:"parse_s"`
	LoadDocsPerS  float64 `json:"load_docs_per_s"`
	LoadQuadsPerS float64 `json:"load_quads_per_s"`
	RawQuads      int     `json:"raw_quads"`
	RawS          float64 `json:"raw_s"`
	RawQuadsPerS  float64 `json:"raw_quads_per_s"`
	LoadRatio     float64 `json:"load_ratio"`
	Reads         int     `json:"reads"`
	APIP50Ms      float64 `json:"api_p50_ms"`
	APIP99Ms      float64 `json:"api_p99_ms"`
	RawP50Ms      float64 `json:"raw_p50_ms"`
	RawP99Ms      float64 `json:"raw_p99_ms"`
	QueryRatio    float64 `json:"query_ratio"`
	StoreOpenMs   float64 `json:"store_open_ms"`
	PeakRSSMB     float64 `json:"peak_rss_mb"`
	RawBatchQuads int     `json:"raw_batch_quads"`
	// With --resume-at: the documents loaded before the load stopped, the
	// time to load all of them again on that store, and that time over
	// load_s (a clean load of all).
	ResumeAt       int     `json:"resume_at,omitempty"`
	ResumeS        float64 `json:"resume_s,omitempty"`
	ResumeRatio    float64 `json:"resume_ratio,omitempty"`
	ReadRoundsEach int     `json:"read_rounds"`
}

func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fl)
	fl.Lookup("dbpath").Usage = "store to load into (bolt, bbolt: a directory that does not exist yet; postgres: an empty database's URL); default: a temporary directory, removed afterwards"
	docs := fl.Int("docs", 1000, "number of synthetic documents")
	write := fl.String("write", "", "only write the --docs synthetic documents to this directory, as files to `pactgraph load`")
	rounds := fl.Int("rounds", 40, "rounds of the read mix (search, entity, neighbours depth 1 and 2, a 2-hop Gizmo query)")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the whole run to this file (go tool pprof)")
	memProfile := fl.String("memprofile", "", "write a heap profile (allocations) at the end of the run to this file (go tool pprof)")
	serveRSSFlag := fl.Bool("serve-rss", false, "instead: measure the memory of `pactgraph serve` on a bolt store of --docs documents (loaded into --dbpath unless it holds quads already) while --clients read --rounds rounds of a mix from it")
	clients := fl.Int("clients", 4, "with --serve-rss: concurrent HTTP clients")
	compact := fl.Bool("compact", false, "with --serve-rss: compact the store (`pactgraph compact`) before serving it")
	resumeAt := fl.Int("resume-at", 0, "also measure resuming a load stopped after this many documents: load them into a fresh bolt or bbolt store, close it, and time loading all --docs on it (resume_s)")
	if err := parse(fl, args, stderr); err != nil {
		return err
	}
	if fl.NArg() > 0 || *docs < 1 || *rounds < 1 {
		return usageError{"bench takes no arguments; --docs and --rounds must be positive"}
	}
	if *resumeAt != 0 {
		if err := checkResume(sf.backend, *docs, *resumeAt); err != nil {
			return err
		}
	}
	if *write != "" {
		return synth.WriteDir(*write, 0, *docs)
	}
	if *serveRSSFlag {
		if *clients < 1 {
			return usageError{"--clients must be positive"}
		}
		return serveRSS(ctx, sf, *docs, *rounds, *clients, *compact, stdout, stderr)
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
	res := benchResult{Docs: *docs, DB: sf.backend, ReadRoundsEach: *rounds, RawBatchQuads: 10000}

	// Generate.
	start := time.Now()
	texts := make([]synth.Doc, *docs)
	for i := range texts {
		texts[i] = synth.Document(i)
	}
	res.GenerateS = time.Since(start).Seconds()
	log.Info("bench: generated", "docs", *docs, "s", res.GenerateS)

	// Load through pactgraph, as `pactgraph load` does.
	cfg, err := sf.config()
	if err != nil {
		return err
	}
	store, err := graph.Open(ctx, cfg)
	if err != nil {
		return err
	}
	if n, err := store.Size(ctx); err != nil || n != 0 {
		store.Close()
		if err != nil {
			return err
		}
		return usageError{fmt.Sprintf("bench needs an empty store; %s holds %d quads", cfg.Path, n)}
	}
	l, err := app.NewLoader(store)
	if err != nil {
		store.Close()
		return err
	}
	start = time.Now()
	if err := l.LoadDocs(ctx, benchSource(texts), nil); err != nil {
		store.Close()
		return err
	}
	load := time.Since(start)
	if res.Quads, err = store.Size(ctx); err != nil {
		store.Close()
		return err
	}
	res.LoadS = load.Seconds()
	res.LoadDocsPerS = float64(*docs) / load.Seconds()
	res.LoadQuadsPerS = float64(res.Quads) / load.Seconds()
	log.Info("bench: loaded", "quads", res.Quads, "s", res.LoadS)

	// Raw Cayley: the same quads, into a fresh bolt store, 10k at a time.
	var all []quad.Quad
	var parties []string
	start = time.Now()
	for _, d := range texts {
		r, err := l.Parser.Parse(ctx, d.Name, d.Text)
		if err != nil {
			store.Close()
			return err
		}
		all = append(all, r.Quads()...)
		parties = append(parties, r.Agreement.Parties...)
	}
	res.ParseS = time.Since(start).Seconds()
	raw, err := bench.RawLoad(ctx, filepath.Join(tmp, "raw"), all, res.RawBatchQuads)
	if err != nil {
		store.Close()
		return err
	}
	res.RawQuads = len(all)
	res.RawS = raw.Seconds()
	res.RawQuadsPerS = float64(len(all)) / raw.Seconds()
	res.LoadRatio = res.LoadQuadsPerS / res.RawQuadsPerS
	log.Info("bench: raw cayley", "quads", len(all), "s", res.RawS)

	if *resumeAt != 0 {
		took, size, err := benchResume(ctx, sf.backend, tmp, texts, *resumeAt)
		if err != nil {
			store.Close()
			return err
		}
		if size != res.Quads {
			store.Close()
			return fmt.Errorf("resume: the store holds %d quads after resuming, a clean load %d", size, res.Quads)
		}
		res.ResumeAt, res.ResumeS = *resumeAt, took.Seconds()
		res.ResumeRatio = res.ResumeS / res.LoadS
		log.Info("bench: resumed", "at", *resumeAt, "s", res.ResumeS)
	}

	// Reopen: the time to open a store of this size.
	if err := store.Close(); err != nil {
		return err
	}
	start = time.Now()
	store, err = graph.Open(ctx, cfg)
	if err != nil {
		return err
	}
	res.StoreOpenMs = ms(time.Since(start))
	defer store.Close()

	// Reads, directly on the store and over HTTP on loopback.
	mix := benchReads(parties, *rounds)
	res.Reads = len(mix)
	rawTimes, err := timeReads(ctx, mix, func(ctx context.Context, r benchRead) error { return r.direct(ctx, store) })
	if err != nil {
		return err
	}
	gin.SetMode(gin.ReleaseMode)
	srv := &http.Server{Handler: api.NewServer(api.Config{Logger: slog.New(slog.DiscardHandler)}, store, nil, nil, nil).Handler()}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: time.Minute}
	apiTimes, err := timeReads(ctx, mix, func(ctx context.Context, r benchRead) error { return r.http(ctx, client, base) })
	if err != nil {
		return err
	}
	res.RawP50Ms, res.RawP99Ms = percentile(rawTimes, 50), percentile(rawTimes, 99)
	res.APIP50Ms, res.APIP99Ms = percentile(apiTimes, 50), percentile(apiTimes, 99)
	if res.RawP99Ms > 0 {
		res.QueryRatio = res.APIP99Ms / res.RawP99Ms
	}
	res.PeakRSSMB = peakRSSMB()
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// benchSource gives the generated documents to the loader.
func benchSource(docs []synth.Doc) loaders.Source {
	return func(yield func(name, text string) bool) {
		for _, d := range docs {
			if !yield(d.Name, d.Text) {
				return
			}
		}
	}
}

// benchRead is one read of the mix, which the store answers directly and
// the API over HTTP.
type benchRead struct {
	kind  string // search, entity, neighbours1, neighbours2, gizmo; over HTTP only: documents, document, graph
	arg   string
	gizmo string
}

// benchReads is rounds of the mix, each about a party of the corpus.
func benchReads(parties []string, rounds int) []benchRead {
	var out []benchRead
	for i := range rounds {
		party := parties[(i*7919)%len(parties)]
		words := strings.Split(party, "-")
		gz := fmt.Sprintf(`g.V("<%s>").In("<%s>").Out("<%s>").All()`, graph.IRI(party), graph.Bearer, graph.OfType)
		out = append(out,
			benchRead{kind: "search", arg: words[len(words)-1]},
			benchRead{kind: "entity", arg: party},
			benchRead{kind: "neighbours1", arg: party},
			benchRead{kind: "neighbours2", arg: party},
			benchRead{kind: "gizmo", gizmo: gz},
		)
	}
	return out
}

func (r benchRead) direct(ctx context.Context, s *graph.Store) error {
	var err error
	switch r.kind {
	case "search":
		_, _, err = s.Search(ctx, r.arg, "", 0, 20)
	case "entity":
		_, err = s.Entity(ctx, r.arg, graph.LinkPage{})
	case "neighbours1":
		_, err = s.Neighbours(ctx, r.arg, 1, 200)
	case "neighbours2":
		_, err = s.Neighbours(ctx, r.arg, 2, 200)
	case "gizmo":
		_, _, err = s.Query(ctx, graph.Query{Lang: "gizmo", Text: r.gizmo, Limit: 100})
	}
	return err
}

func (r benchRead) http(ctx context.Context, c *http.Client, base string) error {
	var req *http.Request
	var err error
	switch r.kind {
	case "search":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/search?limit=20&q="+url.QueryEscape(r.arg), nil)
	case "entity":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/entities/"+url.PathEscape(r.arg), nil)
	case "neighbours1", "neighbours2":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/entities/"+url.PathEscape(r.arg)+"/neighbours?limit=200&depth="+r.kind[len(r.kind)-1:], nil)
	case "gizmo":
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/query/gizmo?limit=100", strings.NewReader(r.gizmo))
	case "documents":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/documents?limit=100&offset="+r.arg, nil)
	case "document":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/documents/"+url.PathEscape(r.arg), nil)
	case "graph":
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/graph", nil)
	default:
		return fmt.Errorf("bench: no HTTP request for %q", r.kind)
	}
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("bench: %s %s: %s", req.Method, req.URL, resp.Status)
	}
	return nil
}

// timeReads runs the mix once to warm up, then again timing each read.
func timeReads(ctx context.Context, mix []benchRead, do func(context.Context, benchRead) error) ([]time.Duration, error) {
	for _, r := range mix {
		if err := do(ctx, r); err != nil {
			return nil, fmt.Errorf("bench: %s %s: %w", r.kind, r.arg, err)
		}
	}
	out := make([]time.Duration, 0, len(mix))
	for _, r := range mix {
		start := time.Now()
		if err := do(ctx, r); err != nil {
			return nil, fmt.Errorf("bench: %s %s: %w", r.kind, r.arg, err)
		}
		out = append(out, time.Since(start))
	}
	return out, nil
}

func percentile(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	return ms(s[max(i-1, 0)])
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// peakRSSMB is the process's peak resident set (VmHWM), in MB.
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
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
