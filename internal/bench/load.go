package bench

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/gin-gonic/gin"

	"github.com/pactgraph/pactgraph/api"
	"github.com/pactgraph/pactgraph/graph"
	"github.com/pactgraph/pactgraph/internal/app"
	"github.com/pactgraph/pactgraph/loaders/synth"
)

// Result is what `pactgraph bench` prints (docs/benchmarks.md).
type Result struct {
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
	// On postgres: the same load with Cayley's SQL writer writing every
	// quad instead of COPY (internal/cayleysql), in a schema of its own
	// of the same database, and load_quads_per_s over its rate.
	SQLWriterS         float64 `json:"sql_writer_s,omitempty"`
	SQLWriterQuadsPerS float64 `json:"sql_writer_quads_per_s,omitempty"`
	CopyRatio          float64 `json:"copy_ratio,omitempty"`
	// With --resume-at: the documents loaded before the load stopped, the
	// time to load all of them again on that store, and that time over
	// load_s (a clean load of all).
	ResumeAt       int     `json:"resume_at,omitempty"`
	ResumeS        float64 `json:"resume_s,omitempty"`
	ResumeRatio    float64 `json:"resume_ratio,omitempty"`
	ReadRoundsEach int     `json:"read_rounds"`
}

// Config is what Run measures.
type Config struct {
	Store    graph.Config // an empty store to load into
	Docs     int          // synthetic documents
	Rounds   int          // rounds of the read mix
	ResumeAt int          // with bolt or bbolt: also measure resuming a load stopped after this many documents (0: not)
	Dir      string       // a directory for plain Cayley's store and the resumed one
	Log      *slog.Logger
}

// UsageError is a bench asked for what it cannot measure.
type UsageError string

func (e UsageError) Error() string { return string(e) }

// Run generates cfg.Docs synthetic documents, loads them through
// pactgraph's loader into cfg.Store (on postgres also with Cayley's SQL
// writer writing, in a schema of its own: cayleyWriter) and, as plain
// Cayley would, into a fresh bolt store (RawLoad), reopens the store, then times the read mix on
// the store directly and through the API on loopback.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	log := cfg.Log
	res := &Result{Docs: cfg.Docs, DB: cfg.Store.Backend, ReadRoundsEach: cfg.Rounds, RawBatchQuads: 10000}
	resetPeakRSS()

	// Generate.
	start := time.Now()
	texts := make([]synth.Doc, cfg.Docs)
	for i := range texts {
		texts[i] = synth.Document(i)
	}
	res.GenerateS = time.Since(start).Seconds()
	log.Info("bench: generated", "docs", cfg.Docs, "s", res.GenerateS)

	// Load through pactgraph, as `pactgraph load` does.
	store, err := graph.Open(ctx, cfg.Store)
	if err != nil {
		return nil, err
	}
	if n, err := store.Size(ctx); err != nil || n != 0 {
		store.Close()
		if err != nil {
			return nil, err
		}
		return nil, UsageError(fmt.Sprintf("bench needs an empty store; %s holds %d quads", cfg.Store.Path, n))
	}
	l, err := app.NewLoader(store)
	if err != nil {
		store.Close()
		return nil, err
	}
	start = time.Now()
	if err := l.LoadDocs(ctx, source(texts), nil); err != nil {
		store.Close()
		return nil, err
	}
	load := time.Since(start)
	if res.Quads, err = store.Size(ctx); err != nil {
		store.Close()
		return nil, err
	}
	res.LoadS = load.Seconds()
	res.LoadDocsPerS = float64(cfg.Docs) / load.Seconds()
	res.LoadQuadsPerS = float64(res.Quads) / load.Seconds()
	log.Info("bench: loaded", "quads", res.Quads, "s", res.LoadS)

	if cfg.Store.Backend == graph.Postgres {
		took, size, err := cayleyWriter(ctx, cfg.Store.Path, texts)
		if err != nil {
			store.Close()
			return nil, err
		}
		if size != res.Quads {
			store.Close()
			return nil, fmt.Errorf("cayley's writer: it wrote %d quads, the load %d", size, res.Quads)
		}
		res.SQLWriterS = took.Seconds()
		res.SQLWriterQuadsPerS = float64(size) / took.Seconds()
		res.CopyRatio = res.LoadQuadsPerS / res.SQLWriterQuadsPerS
		log.Info("bench: cayley's sql writer", "quads", size, "s", res.SQLWriterS)
	}

	// Raw Cayley: the same quads, into a fresh bolt store, 10k at a time.
	var all []quad.Quad
	var parties []string
	start = time.Now()
	for _, d := range texts {
		r, err := l.Parser.Parse(ctx, d.Name, d.Text)
		if err != nil {
			store.Close()
			return nil, err
		}
		all = append(all, r.Quads()...)
		parties = append(parties, r.Agreement.Parties...)
	}
	res.ParseS = time.Since(start).Seconds()
	raw, err := RawLoad(ctx, filepath.Join(cfg.Dir, "raw"), all, res.RawBatchQuads)
	if err != nil {
		store.Close()
		return nil, err
	}
	res.RawQuads = len(all)
	res.RawS = raw.Seconds()
	res.RawQuadsPerS = float64(len(all)) / raw.Seconds()
	res.LoadRatio = res.LoadQuadsPerS / res.RawQuadsPerS
	log.Info("bench: raw cayley", "quads", len(all), "s", res.RawS)

	if cfg.ResumeAt != 0 {
		took, size, err := resume(ctx, cfg.Store.Backend, cfg.Dir, texts, cfg.ResumeAt)
		if err != nil {
			store.Close()
			return nil, err
		}
		if size != res.Quads {
			store.Close()
			return nil, fmt.Errorf("resume: the store holds %d quads after resuming, a clean load %d", size, res.Quads)
		}
		res.ResumeAt, res.ResumeS = cfg.ResumeAt, took.Seconds()
		res.ResumeRatio = res.ResumeS / res.LoadS
		log.Info("bench: resumed", "at", cfg.ResumeAt, "s", res.ResumeS)
	}

	// Reopen: the time to open a store of this size.
	if err := store.Close(); err != nil {
		return nil, err
	}
	start = time.Now()
	store, err = graph.Open(ctx, cfg.Store)
	if err != nil {
		return nil, err
	}
	res.StoreOpenMs = ms(time.Since(start))
	defer store.Close()

	// Reads, directly on the store and over HTTP on loopback.
	mix := reads(parties, cfg.Rounds)
	res.Reads = len(mix)
	rawTimes, err := timeReads(ctx, mix, func(ctx context.Context, r read) error { return r.direct(ctx, store) })
	if err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	srv := &http.Server{Handler: api.NewServer(api.Config{Logger: slog.New(slog.DiscardHandler)}, store, nil, nil, nil).Handler()}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: time.Minute}
	apiTimes, err := timeReads(ctx, mix, func(ctx context.Context, r read) error { return r.http(ctx, client, base) })
	if err != nil {
		return nil, err
	}
	res.RawP50Ms, res.RawP99Ms = percentile(rawTimes, 50), percentile(rawTimes, 99)
	res.APIP50Ms, res.APIP99Ms = percentile(apiTimes, 50), percentile(apiTimes, 99)
	if res.RawP99Ms > 0 {
		res.QueryRatio = res.APIP99Ms / res.RawP99Ms
	}
	res.PeakRSSMB = peakRSSMB()
	return res, nil
}
