package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pactgraph/pactgraph/viz"
)

// BenchmarkExplorerCorpus measures the explorer as a user meets it: the
// real binary serving a bolt store of 100, 1,000 or 10,000 generated
// documents and the bundled corpus (made by `pactgraph bench --write`
// and `pactgraph load`), in headless Chromium. For each store: the time
// from navigation to the first view drawn (the corpus in brief), and from
// typing "Stasi" in the search box to its results listed (the type-ahead's
// 150 ms wait included), first right after the server starts listening
// (cold-*: the server reads the corpus's summary meanwhile), then over
// b.N more loads of the page. It asserts nothing about the figures, which
// docs/benchmarks.md records with the command that reruns it:
//
//	PACTGRAPH_BENCH_STORES=/var/tmp/pactgraph-stores go test -run '^$' -bench ExplorerCorpus -benchtime 5x -timeout 30m ./cmd/pactgraph/
//
// The stores are made in $PACTGRAPH_BENCH_STORES, and kept there for the
// next run (the 10,000 documents take minutes to load), or in a temporary
// directory.
func BenchmarkExplorerCorpus(b *testing.B) {
	chromium := chromiumPath(b)
	if err := viz.Check(viz.Assets()); err != nil {
		b.Fatalf("the page is incomplete: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	dir := os.Getenv("PACTGRAPH_BENCH_STORES")
	if dir == "" {
		dir = b.TempDir()
	}
	bin := buildBinary(ctx, b, b.TempDir())
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			db := filepath.Join(dir, fmt.Sprintf("store-%d", n))
			if _, err := os.Stat(db); err != nil {
				buildCorpusStore(ctx, b, bin, n, filepath.Join(dir, fmt.Sprintf("synth-%d", n)), db)
			}
			base := startBinary(ctx, b, bin, db)
			browser := startBrowser(ctx, b, chromium)
			cold := measureCorpusView(b, browser, base)
			var sum corpusFigures
			b.ResetTimer()
			for range b.N {
				f := measureCorpusView(b, browser, base)
				sum.first += f.first
				sum.search += f.search
			}
			b.StopTimer()
			k := float64(b.N)
			b.ReportMetric(cold.first, "cold-ms-to-first-draw")
			b.ReportMetric(cold.search, "cold-ms-to-search")
			b.ReportMetric(sum.first/k, "ms-to-first-draw")
			b.ReportMetric(sum.search/k, "ms-to-search")
			b.ReportMetric(0, "ns/op") // the figures above are what counts
		})
	}
}

// corpusFigures are the figures of one load of the page: milliseconds
// from navigation to the first view drawn, and from typing a search to its
// results listed.
type corpusFigures struct{ first, search float64 }

func measureCorpusView(b *testing.B, ctx context.Context, base string) corpusFigures {
	browserDo(ctx, b, "open a blank page", chromedp.Navigate("about:blank"))
	browserDo(ctx, b, "open the page", chromedp.Navigate(base+"/"))
	first := browserRun(ctx, b, "wait for the first view", chromedp.Poll[float64](
		`window.pactgraph && pactgraph.home.firstDraw !== null ? pactgraph.home.firstDraw : null`))
	search := browserRun(ctx, b, "search", chromedp.Evaluate[float64](`new Promise((resolve) => {
		const list = document.getElementById("results");
		const input = document.getElementById("search");
		const t0 = performance.now();
		const watch = new MutationObserver(() => {
			if (list.querySelector("button.result")) {
				watch.disconnect();
				resolve(performance.now() - t0);
			}
		});
		watch.observe(list, { childList: true, subtree: true });
		input.value = "Stasi";
		input.dispatchEvent(new Event("input"));
	})`, chromedp.EvalAwaitPromise))
	return corpusFigures{first: first, search: search}
}
