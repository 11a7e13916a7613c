package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pactgraph/pactgraph/viz"
)

// BenchmarkExplorer measures the explorer on synthetic graphs of 1,000 and
// 5,000 nodes in headless Chromium: the time from navigation to the first
// drawing of the graph, and the frames drawn per second while the force
// layout runs (over its first layoutWindow, or until it settles), and the
// time from applying a filter (hiding a type, then showing it again) to
// the drawing of the filtered graph. It is a
// benchmark, not a test: it asserts nothing about the figures, which
// docs/benchmarks.md records with the command that reruns it:
//
//	go test -run '^$' -bench 'Explorer$' -benchtime 3x ./cmd/pactgraph/
//
// The page is the embedded one; the server answers GET /api/graph with the
// synthetic graph and the other reads the page makes at start with nothing.
func BenchmarkExplorer(b *testing.B) {
	chromium := chromiumPath(b)
	if err := viz.Check(viz.Assets()); err != nil {
		b.Fatalf("the page is incomplete: %v", err)
	}
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			srv := httptest.NewServer(syntheticSite(n))
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			browser := startBrowser(ctx, b, chromium)
			var sum layoutFigures
			b.ResetTimer()
			for range b.N {
				f := measureLayout(b, browser, srv.URL)
				sum.first += f.first
				sum.fps += f.fps
				sum.rafs += f.rafs
				sum.ticks += f.ticks
				sum.settle += f.settle
				sum.filter += f.filter
			}
			b.StopTimer()
			k := float64(b.N)
			b.ReportMetric(sum.first/k, "ms-to-first-draw")
			b.ReportMetric(sum.fps/k, "fps-during-layout")
			b.ReportMetric(sum.rafs/k, "main-thread-fps")
			b.ReportMetric(sum.ticks/k, "layout-steps/s")
			b.ReportMetric(sum.settle/k, "ms-to-settle")
			b.ReportMetric(sum.filter/k, "ms-to-filter")
			b.ReportMetric(0, "ns/op") // the figures above are what counts
		})
	}
}

// layoutWindow is how long frames are counted while the layout runs.
const layoutWindow = 4 * time.Second

// layoutFigures are the figures of one load of the page: milliseconds from
// navigation to the first drawing; frames drawn per second while the layout
// ran; animation frames per second the main thread ran (how free it stays
// for the user); positions per second the layout worker sent; milliseconds
// from navigation until the layout settled (0: not within layoutWindow);
// milliseconds from a change of filter to its drawing (the mean of hiding
// a type and showing it again; negative if it ran a layout).
type layoutFigures struct{ first, fps, rafs, ticks, settle, filter float64 }

func measureLayout(b *testing.B, ctx context.Context, base string) layoutFigures {
	browserDo(ctx, b, "open a blank page", chromedp.Navigate("about:blank"))
	browserDo(ctx, b, "open the page", chromedp.Navigate(base+"/"))
	type sample struct{ First, Frames, Rafs, Ticks, Now, Settled float64 }
	read := func() sample {
		return browserRun(ctx, b, "read the metrics", chromedp.Poll[sample](`(() => {
			const m = window.pactgraph && pactgraph.view.metrics;
			if (!m || m.firstDraw === null) return null;
			return {First: m.firstDraw, Frames: m.frames, Rafs: m.rafs, Ticks: m.ticks, Now: performance.now(), Settled: m.settledAt || 0};
		})()`))
	}
	s0 := read()
	browserDo(ctx, b, "let the layout run", chromedp.Sleep(layoutWindow))
	s1 := read()
	end := s1.Now
	if s1.Settled > 0 {
		end = s1.Settled
	}
	f := layoutFigures{first: s0.First, settle: s1.Settled}
	if secs := (end - s0.Now) / 1000; secs > 0 {
		f.fps = (s1.Frames - s0.Frames) / secs
		f.ticks = (s1.Ticks - s0.Ticks) / secs
	}
	f.rafs = (s1.Rafs - s0.Rafs) / ((s1.Now - s0.Now) / 1000)
	var filter float64
	for _, hash := range []string{"#hide=Document", "#"} {
		// From the change of the URL to the first frame that draws the
		// filtered graph, once the page has built it and nothing moves.
		filter += browserRun(ctx, b, "filter "+hash, chromedp.Evaluate[float64](`new Promise((done) => {
			const t0 = performance.now();
			const layouts = pactgraph.view.metrics.layouts;
			location.hash = `+strconv.Quote(hash)+`;
			const drawn = () => {
				const m = pactgraph.view.metrics;
				if (document.body.dataset.built === location.hash && m.firstDraw !== null && m.firstDraw > t0 && m.settledAt !== null && m.settledAt > t0) {
					done(m.layouts === layouts ? m.firstDraw - t0 : -1);
				} else requestAnimationFrame(drawn);
			};
			requestAnimationFrame(drawn);
		})`, chromedp.EvalAwaitPromise))
	}
	f.filter = filter / 2
	return f
}

// syntheticSite serves the embedded page and a random graph of n nodes
// (a tree plus n/2 more edges, every type of node), seeded so every run
// draws the same graph.
func syntheticSite(n int) http.Handler {
	types := []string{"Organisation", "Person", "Territory", "Treaty", "Document", "Article", "Signature", "Commitment", "CommitmentType"}
	type node struct {
		ID   string `json:"id"`
		IRI  string `json:"iri"`
		Name string `json:"name"`
		Type string `json:"type"`
	}
	type edge struct {
		Source       string `json:"source"`
		Target       string `json:"target"`
		Predicate    string `json:"predicate"`
		PredicateIRI string `json:"predicate_iri"`
		Label        string `json:"label"`
	}
	rnd := rand.New(rand.NewPCG(1, uint64(n)))
	g := struct {
		Nodes     []node `json:"nodes"`
		Edges     []edge `json:"edges"`
		Truncated bool   `json:"truncated"`
	}{}
	id := func(i int) string { return fmt.Sprintf("n%d", i) }
	for i := range n {
		g.Nodes = append(g.Nodes, node{ID: id(i), IRI: "https://w3id.org/pactgraph/id/" + id(i),
			Name: fmt.Sprintf("Synthetic node %d", i), Type: types[i%len(types)]})
		if i > 0 {
			g.Edges = append(g.Edges, edge{Source: id(i), Target: id(rnd.IntN(i)), Predicate: "link", PredicateIRI: "https://example.org/link", Label: "doc"})
		}
	}
	for range n / 2 {
		g.Edges = append(g.Edges, edge{Source: id(rnd.IntN(n)), Target: id(rnd.IntN(n)), Predicate: "other", PredicateIRI: "https://example.org/other", Label: "doc"})
	}
	graph, err := json.Marshal(g)
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/graph", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(graph)
	})
	empty := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[]"))
	}
	mux.HandleFunc("GET /api/documents", empty)
	mux.HandleFunc("GET /api/commitments", empty)
	mux.Handle("/", http.FileServerFS(viz.Assets()))
	return mux
}
