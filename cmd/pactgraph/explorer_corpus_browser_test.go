package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pactgraph/pactgraph/viz"
)

// The steps of the explorer over the whole corpus (issue 11, items 1 and
// 2): the first view, the corpus in brief, and the searchable pickers
// over every document and agreement. TestExplorer runs them on the
// bundled corpus, TestExplorerCorpus on 1,000 generated documents beside
// it.

const stasiAgreement = "agreement-wilson-115715-stasi-kgb-1973"

// corpusSummary is the part of GET /api/corpus the steps check.
type corpusSummary struct {
	Documents  int
	Agreements int
	Years      []struct{ Year, Documents, Agreements int }
	Actors     []struct {
		ID          string
		Name        string
		Agreements  int
		Commitments int
	}
}

// mustGet reads a route of the server into v.
func mustGet(ctx context.Context, t *testing.T, url string, v any) {
	t.Helper()
	if err := getJSON(ctx, url, v); err != nil {
		t.Fatal(err)
	}
}

// pick chooses value in the searchable picker id: it types query into the
// field and clicks the option of value.
func pick(id, query, value string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Click(chromedp.ID(id)),
		chromedp.SendKeys(chromedp.ID(id), query),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#%s-options li[data-value=%q]`, id, value))),
	}
}

// Home: the page opens on the corpus in brief, not on a graph: it asks
// neither for the graph nor for the commitments; its timeline has a bar
// for every year of the store's documents and counts each year's
// agreements; its actors are the server's ranking; a year lists its
// agreements, and an agreement or an actor opens its ego view.
func testHome(t *testing.T, p *page) {
	p.open(t, "")
	var want corpusSummary
	mustGet(p.ctx, t, p.base+"/api/corpus", &want)
	checkHome(t, p, want)
	if n := len(p.nodes(t)); n != 0 {
		t.Errorf("the first view draws %d nodes, want none", n)
	}
	p.shot(t, "home.png")

	// A year lists its agreements; one opens its ego view.
	browserDo(p.ctx, t, "open 1973", chromedp.Click(chromedp.CSS(`#timeline button[data-year="1973"]`)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#year-list button[data-id=%q]`, stasiAgreement))))
	hash := p.act(t, "open the 1973 agreement", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#year-list button[data-id=%q]`, stasiAgreement))))
	if !strings.Contains(hash, "ego="+stasiAgreement) || p.selected(t) != stasiAgreement {
		t.Errorf("opening the 1973 agreement from the timeline: URL %q, selected %q; want its ego view", hash, p.selected(t))
	}
	if eval[bool](t, p, "check the first view is hidden", `!document.getElementById("corpus-home").hidden`) {
		t.Errorf("the ego view still shows the corpus in brief over the graph")
	}

	// An actor opens its ego view.
	p.open(t, "")
	actor := want.Actors[0].ID
	hash = p.act(t, "open the first actor", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#actors button[data-id=%q]`, actor))))
	if !strings.Contains(hash, "ego="+actor) || p.selected(t) != actor || !slices.Contains(p.nodes(t), actor) {
		t.Errorf("opening actor %s: URL %q, selected %q; want its ego view", actor, hash, p.selected(t))
	}
}

// checkHome checks the first view against the server's summary, and that
// the page asked for nothing large before drawing it.
func checkHome(t *testing.T, p *page, want corpusSummary) {
	t.Helper()
	browserDo(p.ctx, t, "wait for the first view", chromedp.WaitVisible(chromedp.CSS(`#timeline`)))
	years := eval[[]int](t, p, "read the timeline", `[...document.querySelectorAll("#timeline button[data-year]")].map(b => Number(b.dataset.year))`)
	var wantYears []int
	for _, y := range want.Years {
		wantYears = append(wantYears, y.Year)
	}
	if !slices.Equal(years, wantYears) || len(years) == 0 {
		t.Errorf("the timeline has bars for %v, want every year of the store's documents %v", years, wantYears)
	}
	for _, y := range want.Years {
		label := eval[string](t, p, "read a bar", fmt.Sprintf(`document.querySelector('#timeline button[data-year="%d"]').getAttribute("aria-label")`, y.Year))
		if w := fmt.Sprintf("%d: %d agreement", y.Year, y.Agreements); !strings.HasPrefix(label, w) {
			t.Errorf("the bar of %d reads %q, want %q…", y.Year, label, w)
		}
	}
	actors := eval[[]string](t, p, "read the actors", `[...document.querySelectorAll("#actors button.actor")].map(b => b.dataset.id)`)
	var wantActors []string
	for _, a := range want.Actors {
		wantActors = append(wantActors, a.ID)
	}
	if !slices.Equal(actors, wantActors) || len(actors) == 0 {
		t.Errorf("the first view ranks the actors %v, want the server's %v", actors, wantActors)
	}
	counts := eval[string](t, p, "read the counts", `document.querySelector("#corpus-home .corpus-counts").textContent`)
	if w := fmt.Sprintf("%s document", thousands(want.Documents)); !strings.HasPrefix(counts, w) {
		t.Errorf("the first view says %q, want it to start %q", counts, w)
	}
	asked := eval[[]string](t, p, "list the requests", `performance.getEntriesByType("resource").map(e => new URL(e.name).pathname)`)
	for _, path := range asked {
		if path == "/api/commitments" || path == "/api/graph" || path == "/api/corpus/documents" {
			t.Errorf("the first view asked for %s; it needs none of the large lists", path)
		}
	}
}

// thousands writes n as the page does (en: 1,002).
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Pickers: the Commitments panel's agreement and the filters' documents
// are searchable: typing narrows them, the 1973 agreement is chosen by a
// word of its title, and its document is left out from the list found by
// typing.
func testPickers(t *testing.T, p *page) {
	choosePicked(t, p, "#tab=matrix", "Stasi")
	unpickDocument(t, p, "#ego=kgb&tab=filters", "Stasi 1973")
}

// choosePicked opens hash, chooses the 1973 agreement in the Commitments
// panel by typing query, and expects its commitments in the table; the
// keyboard chooses too.
func choosePicked(t *testing.T, p *page, hash, query string) {
	t.Helper()
	p.open(t, hash)
	total := eval[int](t, p, "count the agreements", `fetch("api/corpus").then(r => r.json()).then(c => c.agreements)`)
	browserDo(p.ctx, t, "type in the picker", chromedp.Click(chromedp.ID("matrix-agreement")), chromedp.SendKeys(chromedp.ID("matrix-agreement"), query))
	options := eval[[]string](t, p, "read the options", `[...document.querySelectorAll("#matrix-agreement-options li[role=option]")].map(li => li.textContent)`)
	if len(options) == 0 || len(options) >= total && total > 1 {
		t.Errorf("typing %q leaves %d options of %d agreements, want fewer but some", query, len(options), total)
	}
	for _, o := range options {
		if !strings.Contains(strings.ToLower(o), strings.ToLower(strings.Fields(query)[0])) {
			t.Errorf("typing %q lists %q", query, o)
		}
	}
	got := p.act(t, "choose the 1973 agreement", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#matrix-agreement-options li[data-value=%q]`, stasiAgreement))))
	if !strings.Contains(got, "matrix="+stasiAgreement) {
		t.Errorf("URL %q: want matrix=%s", got, stasiAgreement)
	}
	browserDo(p.ctx, t, "wait for the table", chromedp.WaitVisible(chromedp.CSS("#matrix-table tbody tr")))
	if v := eval[string](t, p, "read the picker", `document.getElementById("matrix-agreement").value`); !strings.Contains(v, "Stasi") {
		t.Errorf("the picker shows %q after the choice, want the agreement's title", v)
	}
	// The keyboard: the field is a combobox whose options the arrows walk,
	// and Enter chooses the active one.
	p.open(t, hash)
	browserDo(p.ctx, t, "type again", chromedp.Click(chromedp.ID("matrix-agreement")), chromedp.SendKeys(chromedp.ID("matrix-agreement"), query))
	first := eval[string](t, p, "read the first option", `document.querySelector("#matrix-agreement-options li[role=option]").dataset.value`)
	browserDo(p.ctx, t, "go down", chromedp.KeyEvent(kb.ArrowDown))
	active := eval[string](t, p, "read the active option", `(() => {
		const input = document.getElementById("matrix-agreement");
		const li = document.getElementById(input.getAttribute("aria-activedescendant") || "");
		return input.getAttribute("aria-expanded") + " " + (li && li.getAttribute("aria-selected") === "true" ? li.dataset.value : "");
	})()`)
	if active != "true "+first {
		t.Errorf("after ArrowDown: %q, want the list open and its first option, %s, active", active, first)
	}
	got = p.act(t, "choose with Enter", chromedp.KeyEvent(kb.Enter))
	if !strings.Contains(got, "matrix="+first) {
		t.Errorf("Enter on the active option: URL %q, want matrix=%s", got, first)
	}
}

// unpickDocument opens hash (the filters panel), finds the 1973 document
// by typing query in the list of documents, and leaves it out.
func unpickDocument(t *testing.T, p *page, hash, query string) {
	t.Helper()
	p.open(t, hash)
	browserDo(p.ctx, t, "find the 1973 document", chromedp.SendKeys(chromedp.ID("doc-filter-search"), query),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#filters input[name="doc"][value=%q]`, stasiDoc))))
	listed := eval[[]string](t, p, "read the list", `[...document.querySelectorAll("#filters input[name=doc]")].map(i => i.value)`)
	if !slices.Equal(listed, []string{stasiDoc}) {
		t.Errorf("typing %q lists the documents %v, want only %s", query, listed, stasiDoc)
	}
	got := p.act(t, "leave it out", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#filters input[name="doc"][value=%q]`, stasiDoc))))
	if !strings.Contains(got, "doc="+stasiDoc) {
		t.Errorf("URL %q: want doc=%s", got, stasiDoc)
	}
	if slices.Contains(p.nodes(t), stasiDoc) {
		t.Errorf("%s is still drawn when left out", stasiDoc)
	}
	if !eval[bool](t, p, "check it is listed unticked", fmt.Sprintf(`!document.querySelector('#filters input[name="doc"][value=%q]').checked`, stasiDoc)) {
		t.Errorf("the document left out is not listed unticked")
	}
}

// TestExplorerCorpus serves a store of 1,000 generated documents and the
// bundled corpus, made as a user makes one (`pactgraph bench --write`,
// then `pactgraph load`, both the real binary), and drives the explorer
// over it: the first view covers every year of the store and every
// actor's ego view opens from it; the 1973 agreement, far beyond the
// first page of documents, is chosen in the Commitments panel and left out
// in the filters; the date histogram has a bar for every year. It writes
// its screenshot (home-1000.png) where TestExplorer writes its own.
func TestExplorerCorpus(t *testing.T) {
	chromium := chromiumPath(t)
	if err := viz.Check(viz.Assets()); err != nil {
		t.Fatalf("the page is incomplete: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), e2eTimeout)
	defer cancel()
	dir := t.TempDir()
	bin := buildBinary(ctx, t, dir)
	db := filepath.Join(dir, "db")
	buildCorpusStore(ctx, t, bin, 1000, filepath.Join(dir, "synth"), db)
	base := startBinary(ctx, t, bin, db)
	browser := startBrowser(ctx, t, chromium)
	shots := os.Getenv("PACTGRAPH_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	p := &page{ctx: browser, base: base, shots: shots, downloads: t.TempDir()}

	var docs []struct{ ID, Date string }
	mustGet(ctx, t, base+"/api/corpus/documents", &docs)
	if len(docs) != 1002 {
		t.Fatalf("GET /api/corpus/documents lists %d documents, want 1,002", len(docs))
	}
	years := map[int]bool{}
	for _, d := range docs {
		var y int
		if _, err := fmt.Sscanf(d.Date, "%4d", &y); err == nil {
			years[y] = true
		}
	}
	var want corpusSummary
	mustGet(ctx, t, base+"/api/corpus", &want)
	if len(want.Years) != len(years) {
		t.Errorf("GET /api/corpus counts %d years, the documents have %d", len(want.Years), len(years))
	}
	for _, step := range []struct {
		name string
		run  func(*testing.T, *page)
	}{
		{"Home", func(t *testing.T, p *page) {
			p.open(t, "")
			checkHome(t, p, want)
			p.shot(t, "home-1000.png")
			actor := want.Actors[0].ID
			hash := p.act(t, "open the first actor", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#actors button[data-id=%q]`, actor))))
			if !strings.Contains(hash, "ego="+actor) || !slices.Contains(p.nodes(t), actor) {
				t.Errorf("opening actor %s: URL %q; want its ego view", actor, hash)
			}
		}},
		{"Matrix", func(t *testing.T, p *page) { choosePicked(t, p, "#tab=matrix", "Stasi KGB") }},
		{"Filters", func(t *testing.T, p *page) {
			unpickDocument(t, p, "#ego=kgb&tab=filters", "Stasi 1973")
			bars := eval[int](t, p, "count the bars", `document.querySelectorAll("#filters .histogram rect").length`)
			if bars != len(years) {
				t.Errorf("the date histogram has %d bars, want one for each of the store's %d years", bars, len(years))
			}
			checkCommitmentsAskedByID(t, p)
			// The citations of more documents than one request may name
			// (at most 1,000 ids, and addresses proxies pass) come in
			// several requests, all of them.
			ids := make([]string, len(docs))
			for i, d := range docs {
				ids[i] = d.ID
			}
			list, err := json.Marshal(ids)
			if err != nil {
				t.Fatal(err)
			}
			got := eval[[]string](t, p, "read the citations of every document", `import("./api.js").then((m) => m.api.documentsByID(`+string(list)+`)).then((ds) => ds.map((d) => d.id))`)
			if !slices.Equal(got, ids) {
				t.Errorf("the citations of the %d documents: %d, want them all, in order", len(ids), len(got))
			}
		}},
	} {
		if !t.Run(step.name, func(t *testing.T) { step.run(t, p) }) {
			break
		}
	}
	if msg := browserRun(browser, t, "read #error", chromedp.TextContent(chromedp.ID("error"))); msg != "" {
		t.Errorf("the page shows an error: %s", msg)
	}
}

// buildCorpusStore writes n generated documents to synth with `pactgraph
// bench --write` and loads them with the bundled corpus into a new bolt
// store at db with `pactgraph load`.
func buildCorpusStore(ctx context.Context, t testing.TB, bin string, n int, synth, db string) {
	t.Helper()
	corpusFiles, err := filepath.Glob(filepath.Join("..", "..", "corpus", "*.txt"))
	if err != nil || len(corpusFiles) == 0 {
		t.Fatalf("the bundled corpus: %v (%d files)", err, len(corpusFiles))
	}
	for _, args := range [][]string{
		{"bench", "--docs", fmt.Sprint(n), "--write", synth},
		append([]string{"load", "--db", "bolt", "--dbpath", db, synth}, corpusFiles...),
	} {
		if out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("pactgraph %s: %v\n%s", strings.Join(args[:3], " "), err, out)
		}
	}
}
