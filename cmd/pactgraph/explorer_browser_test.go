package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The steps of TestExplorer, one per feature of the explorer (issue 4).
// They share one page, and each starts by opening the view it needs from
// its URL, so that a failure names the step it is in.

const stasiDoc = "wilson-115715-stasi-kgb-1973"

// reviewDoc is a document TestExplorer loads next to the bundled corpus
// (loadReviewDoc): reviewText, a memorandum written for this test, whose
// provisions are plain sentences after the preamble, not articles. The
// loader reads it in part, with a warning, and stores it as needing review.
const (
	reviewDoc   = "invented-lighthouse-memorandum-1962"
	reviewParty = "harbour-board-norvala"
	reviewText  = `March 3, 1962

Memorandum on Lighthouse Keeping between the Harbour Board of Norvala and the Coast Watch of Estmark, 3 March 1962

Citation:

"Memorandum on Lighthouse Keeping between the Harbour Board of Norvala and the Coast Watch of Estmark, 3 March 1962", March 3, 1962. Invented for pactgraph's browser test: a memorandum whose provisions are not in articles.

Summary:

Two coastal services share the keeping of the lights on their common strait.

Original Language:

English

Contents:

Translation - English

Memorandum

On Lighthouse Keeping

Between the Harbour Board of Norvala and the Coast Watch of Estmark

The Harbour Board of Norvala and the Coast Watch of Estmark, wishing to keep the strait safe for shipping, have agreed as follows:

The Harbour Board shall keep the northern lights burning from dusk to dawn.
The Coast Watch shall report every extinguished light to the Harbour Board within one day.
Either side may inspect the other's lights once a year.
`
)

// loadReviewDoc loads reviewText as reviewDoc through the server's POST
// /api/documents, as a user would, and expects it stored as needing review.
func loadReviewDoc(ctx context.Context, t *testing.T, base string) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/documents?name="+reviewDoc, strings.NewReader(reviewText))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e2eToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("load %s: %v", reviewDoc, err)
	}
	defer res.Body.Close()
	var got struct {
		NeedsReview bool `json:"needs_review"`
		Commitments int  `json:"commitments"`
	}
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil || res.StatusCode != http.StatusCreated || !got.NeedsReview || got.Commitments == 0 {
		t.Fatalf("load %s: %s %+v (%v); want 201, stored with its commitments and marked as needing review", reviewDoc, res.Status, got, err)
	}
}

// page is the browser tab the steps drive.
type page struct {
	ctx       context.Context
	base      string // the server's URL
	shots     string // where screenshots go
	downloads string // where exports are saved
}

// eval runs a JavaScript expression in the page and returns its value.
func eval[T any](t *testing.T, p *page, what, js string) T {
	t.Helper()
	return browserRun(p.ctx, t, what, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// open loads the page afresh with the view of the fragment hash ("#…") and
// waits until it is drawn and still.
func (p *page) open(t *testing.T, hash string) {
	t.Helper()
	browserDo(p.ctx, t, "open "+hash,
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(p.base+"/"+hash))
	p.idle(t, "draw "+hash)
}

// idle waits until the page shows the view its URL holds and the layout has
// settled.
func (p *page) idle(t *testing.T, what string) {
	t.Helper()
	// Right after a navigation Chromium may take the first evaluation to
	// the page's old execution context, which is gone ("Cannot find
	// context with specified id"), on a busy machine; the next one finds
	// the new page's.
	for try := 1; ; try++ {
		ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!(window.pactgraph && pactgraph.idle())`))
		cancel()
		if err == nil {
			return
		}
		if try < 3 && strings.Contains(err.Error(), "Cannot find context with specified id") {
			continue
		}
		t.Fatalf("%s: %v\n%s", what, err, pageState(p.ctx))
	}
}

// act runs steps that change the view and waits until the new view is
// drawn; it returns the new fragment.
func (p *page) act(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) string {
	t.Helper()
	before := p.hash(t)
	browserDo(p.ctx, t, what, steps...)
	browserRun(p.ctx, t, what+": wait for the new view",
		chromedp.Poll[bool](fmt.Sprintf(`location.hash !== %q && !!pactgraph.idle()`, before)))
	return p.hash(t)
}

func (p *page) hash(t *testing.T) string {
	t.Helper()
	return eval[string](t, p, "read the URL", `location.hash`)
}

// nodes is the ids of the nodes drawn, sorted.
func (p *page) nodes(t *testing.T) []string {
	t.Helper()
	ids := eval[[]string](t, p, "list the drawn nodes", `pactgraph.drawn().nodes.map(n => n.id)`)
	slices.Sort(ids)
	return ids
}

func (p *page) selected(t *testing.T) string {
	t.Helper()
	return eval[string](t, p, "read the selection", `pactgraph.model().selected || ""`)
}

// positions is where each drawn node is, in the layout's coordinates.
func (p *page) positions(t *testing.T) map[string][2]float64 {
	t.Helper()
	return eval[map[string][2]float64](t, p, "read the positions",
		`Object.fromEntries(pactgraph.drawn().nodes.map(n => [n.id, pactgraph.view.position(n.id)]))`)
}

// clickNode clicks the node id where the canvas draws it: the page finds it
// with its quadtree.
func (p *page) clickNode(t *testing.T, id string) string {
	t.Helper()
	pt := eval[struct{ X, Y float64 }](t, p, "find "+id+" on the canvas", fmt.Sprintf(`pactgraph.view.screenPoint(%q)`, id))
	rect := eval[struct{ Left, Top, Right, Bottom float64 }](t, p, "measure the canvas", `document.getElementById("graph").getBoundingClientRect().toJSON()`)
	if pt.X < rect.Left || pt.X > rect.Right || pt.Y < rect.Top || pt.Y > rect.Bottom {
		t.Fatalf("node %s is drawn at (%.0f, %.0f), outside the canvas %+v", id, pt.X, pt.Y, rect)
	}
	return p.act(t, "click "+id+" on the canvas", chromedp.MouseClickXY(pt.X, pt.Y))
}

func (p *page) shot(t *testing.T, name string) {
	t.Helper()
	browserScreenshot(p.ctx, t, filepath.Join(p.shots, name))
}

// allowDownloads has Chromium save the page's downloads in p.downloads.
func (p *page) allowDownloads(t *testing.T) {
	t.Helper()
	browserDo(p.ctx, t, "allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: p.downloads})
		return err
	}))
}

// moved returns the nodes of before that moved more than tolerance in after.
func moved(before, after map[string][2]float64, tolerance float64) []string {
	var out []string
	for id, a := range before {
		if strings.HasPrefix(id, "+more:") {
			continue
		}
		b, ok := after[id]
		if ok && math.Hypot(a[0]-b[0], a[1]-b[1]) > tolerance {
			out = append(out, fmt.Sprintf("%s (%.1f)", id, math.Hypot(a[0]-b[0], a[1]-b[1])))
		}
	}
	return out
}

// Overview: the page draws the whole graph on its canvas, and lists the
// nodes in view for the keyboard once the list is unfolded.
func testOverview(t *testing.T, p *page) {
	p.open(t, "#graph=all")
	openList(t, p)
	if n := len(p.nodes(t)); n < 100 {
		t.Errorf("the overview has %d nodes, want the corpus (over a hundred)", n)
	}
	listed := eval[int](t, p, "count the list", `document.querySelectorAll("#node-list button.node-item").length`)
	visible := eval[int](t, p, "count the nodes in view", `pactgraph.view.visibleIds().length`)
	if listed == 0 || listed != visible {
		t.Errorf("the list of nodes in view has %d items, the canvas shows %d nodes", listed, visible)
	}
	p.shot(t, "overview.png")
}

// Search: type-ahead across names and aliases finds the MfS as "Stasi" and
// the Stasi's ministry as "MfS"; a result opens its ego view.
func testSearch(t *testing.T, p *page) {
	p.open(t, "")
	for _, q := range []string{"Stasi", "MfS"} {
		browserDo(p.ctx, t, "type "+q,
			chromedp.Evaluate[chromedp.Void](`document.getElementById("search").value = ""`),
			chromedp.SendKeys(chromedp.ID("search"), q),
			chromedp.WaitVisible(chromedp.CSS(`#results button.result[data-id="mfs"]`)))
		text := browserRun(p.ctx, t, "read the result", chromedp.Text(chromedp.CSS(`#results button.result[data-id="mfs"]`)))
		if !strings.Contains(text, "Ministry for State Security") {
			t.Errorf("searching %q: the MfS's result reads %q, want its name", q, text)
		}
	}
	hash := p.act(t, "open the MfS", chromedp.Click(chromedp.CSS(`#results button.result[data-id="mfs"]`)))
	if !strings.Contains(hash, "ego=mfs") {
		t.Errorf("the URL after opening a result is %q, want an ego view (ego=mfs)", hash)
	}
	if s := p.selected(t); s != "mfs" {
		t.Errorf("selected %q, want mfs", s)
	}
	// An ego view: the MfS and the nodes linked to it, nothing else.
	neighbours := eval[[]string](t, p, "read the MfS's neighbours",
		`fetch("api/entities/mfs/neighbours?limit=1000").then(r => r.json()).then(g => g.nodes.map(n => n.id))`)
	slices.Sort(neighbours)
	if got := p.nodes(t); !slices.Equal(got, neighbours) {
		t.Errorf("the ego view draws %v, want the MfS and its neighbours %v", got, neighbours)
	}
	details := browserRun(p.ctx, t, "read the details", chromedp.Text(chromedp.ID("details")))
	if !strings.Contains(details, "Ministry for State Security") || !strings.Contains(details, "Stasi") {
		t.Errorf("#details does not name the MfS and its alias Stasi:\n%.300s", details)
	}
}

// SearchText: words of the articles, not names, find the passages that
// use them, with the words marked in a snippet; a passage opens its ego
// view with its text and the words marked.
func testSearchText(t *testing.T, p *page) {
	p.open(t, "")
	browserDo(p.ctx, t, "type counterintelligence adversary",
		chromedp.Evaluate[chromedp.Void](`document.getElementById("search").value = ""`),
		chromedp.SendKeys(chromedp.ID("search"), "counterintelligence adversary"),
		chromedp.WaitVisible(chromedp.CSS(`#results button.passage`)))
	hits := eval[[]struct {
		ID, Text string
		Marks    []string
	}](t, p, "read the passages", `[...document.querySelectorAll("#results button.passage")].map(b => ({
		ID: b.dataset.id, Text: b.textContent, Marks: [...b.querySelectorAll(".snippet mark")].map(m => m.textContent.toLowerCase())}))`)
	if len(hits) == 0 {
		t.Fatal("no passage found for counterintelligence adversary")
	}
	asked := func(m string) bool {
		return strings.HasPrefix(m, "counterintelligence") || strings.HasPrefix(m, "adversary")
	}
	for _, h := range hits {
		if !strings.HasPrefix(h.ID, "wilson-115715-stasi-kgb-1973.") || len(h.Marks) == 0 || slices.ContainsFunc(h.Marks, func(m string) bool { return !asked(m) }) {
			t.Errorf("passage %+v: want one of the 1973 agreement's, with the words asked for marked, and only those", h)
		}
	}
	// The type-ahead counts no facet: it shows none, and they are most of
	// a text search of a common word.
	for _, u := range eval[[]string](t, p, "list the text searches", `performance.getEntriesByType("resource").map(e => e.name).filter(n => n.includes("/api/search/text"))`) {
		if !strings.Contains(u, "facets=0") {
			t.Errorf("the type-ahead asked %s, want facets=0", u)
		}
	}
	group := browserRun(p.ctx, t, "read the group", chromedp.Text(chromedp.CSS(`#results li.group`)))
	if !strings.Contains(group, "In the texts") {
		t.Errorf("the passages are not headed as such: %q", group)
	}
	id := hits[0].ID
	hash := p.act(t, "open the first passage", chromedp.Click(chromedp.CSS(`#results button.passage`)))
	if !strings.Contains(hash, "ego="+id) {
		t.Errorf("the URL after opening a passage is %q, want its ego view (ego=%s)", hash, id)
	}
	browserDo(p.ctx, t, "wait for the passage", chromedp.WaitVisible(chromedp.CSS(`#details section.passage mark`)))
	marks := eval[[]string](t, p, "read the marks", `[...document.querySelectorAll("#details section.passage mark")].map(m => m.textContent.toLowerCase())`)
	if !slices.ContainsFunc(marks, func(m string) bool { return strings.HasPrefix(m, "counterintelligence") }) ||
		!slices.ContainsFunc(marks, func(m string) bool { return strings.HasPrefix(m, "adversary") }) {
		t.Errorf("the passage in the details marks %v, want counterintelligence and adversary", marks)
	}
}

// Expand: with at most 20 neighbours per expansion, the document's ego view
// shows 20 and a "+27 more" handle; clicking it shows 20 more; clicking a
// node expands it, and Collapse takes away what it added. Nodes drawn before
// do not move while new ones settle.
func testExpand(t *testing.T, p *page) {
	p.open(t, "#cap=20&ego="+stasiDoc)
	total := eval[int](t, p, "count the document's neighbours",
		`fetch("api/entities/`+stasiDoc+`/neighbours?limit=1000").then(r => r.json()).then(g => g.nodes.length - 1)`)
	if total <= 40 {
		t.Fatalf("the document has %d neighbours; the test needs more than 40", total)
	}
	handle := "+more:" + stasiDoc
	nodes := p.nodes(t)
	if len(nodes) != 1+20+1 || !slices.Contains(nodes, handle) {
		t.Fatalf("the ego view with cap=20 draws %d nodes %v, want the document, 20 neighbours and the handle %s", len(nodes), nodes, handle)
	}
	// The neighbours are counted by predicate, and the counts add up.
	groups := eval[map[string]int](t, p, "read the neighbours by predicate",
		`Object.fromEntries([...document.querySelectorAll("#details .expansion .groups li")].map(li => [li.dataset.predicate, +li.querySelector(".count").textContent]))`)
	sum := 0
	for _, n := range groups {
		sum += n
	}
	if len(groups) < 2 || sum != total {
		t.Errorf("neighbours by predicate %v add up to %d, want %d in two groups or more", groups, sum, total)
	}
	if label := eval[string](t, p, "read the handle", `pactgraph.drawn().nodes.find(n => n.id === "`+handle+`").name`); label != fmt.Sprintf("+%d more", total-20) {
		t.Errorf("the handle reads %q, want +%d more", label, total-20)
	}

	before := p.positions(t)
	p.clickNode(t, handle)
	if n := len(p.nodes(t)); n != 1+40+1 {
		t.Errorf("after +more: %d nodes, want the document, 40 neighbours and the handle", n)
	}
	if m := moved(before, p.positions(t), 0.5); len(m) > 0 {
		t.Errorf("showing more moved nodes drawn before: %v", m)
	}

	// Click a party: it is selected and expanded.
	const party = "kgb"
	if !slices.Contains(p.nodes(t), party) {
		t.Fatalf("%s is not among the document's first 40 neighbours", party)
	}
	shown := p.nodes(t)
	before = p.positions(t)
	hash := p.clickNode(t, party)
	if !strings.Contains(hash, "expand="+party) || p.selected(t) != party {
		t.Errorf("clicking %s: URL %q, selected %q; want it selected and expanded", party, hash, p.selected(t))
	}
	grown := p.nodes(t)
	if len(grown) <= len(shown) {
		t.Errorf("expanding %s added no nodes (%d before, %d after)", party, len(shown), len(grown))
	}
	if m := moved(before, p.positions(t), 0.5); len(m) > 0 {
		t.Errorf("expanding %s moved nodes drawn before: %v", party, m)
	}
	p.shot(t, "expand.png")

	p.act(t, "collapse "+party, chromedp.Click(chromedp.CSS(`#details .expansion button.collapse`)))
	if got := p.nodes(t); !slices.Equal(got, shown) {
		t.Errorf("after collapsing %s the graph has %d nodes, want the %d before it was expanded", party, len(got), len(shown))
	}
}

// Details: the KGB's identifiers link out, its sources show the article
// text with its names marked and the archival citation; a commitment shows
// its clause marked in its article.
//
// It opens the KGB by the bare fragment #kgb, where /id/kgb leads: that is
// the KGB's ego view.
func testDetails(t *testing.T, p *page) {
	p.open(t, "#kgb")
	if s := p.selected(t); s != "kgb" {
		t.Errorf("#kgb selected %q, want kgb", s)
	}
	browserDo(p.ctx, t, "wait for the details", chromedp.WaitVisible(chromedp.CSS("#details .provenance blockquote")))
	details := browserRun(p.ctx, t, "read the details", chromedp.Text(chromedp.ID("details")))
	if !strings.Contains(details, "Committee for State Security") {
		t.Errorf("#details does not name the KGB:\n%.300s", details)
	}
	links := eval[[]string](t, p, "read the identifiers", `[...document.querySelectorAll("#details .identifiers a")].map(a => a.dataset.dataset + " " + a.href)`)
	if !slices.ContainsFunc(links, func(s string) bool { return strings.HasPrefix(s, "Wikidata http://www.wikidata.org/entity/") }) {
		t.Errorf("identifiers %q: want a link to Wikidata", links)
	}
	quotes := eval[[]string](t, p, "read the sources", `[...document.querySelectorAll("#details .provenance blockquote")].map(q => q.textContent)`)
	checkQuotes(t, quotes, "KGB")
	marks := eval[[]string](t, p, "read the marked names", `[...document.querySelectorAll("#details .provenance blockquote mark")].map(m => m.textContent)`)
	if !slices.Contains(marks, "KGB") {
		t.Errorf("the sources mark %q, want the KGB's names", marks)
	}
	cite := eval[map[string]string](t, p, "read the citation", `(() => { const c = document.querySelector("#details .provenance .citation");
		return {source: c.querySelector(".cite-source").textContent, archive: c.querySelector(".cite-archive").textContent, url: c.querySelector("a.cite-url").href}; })()`)
	if !strings.Contains(cite["archive"], "ZAIG 13730") || !strings.Contains(cite["source"], "Wilson Center") || !strings.HasPrefix(cite["url"], "https://") {
		t.Errorf("citation %v: want the source, the BStU reference and the archive's URL", cite)
	}
	p.shot(t, "explorer.png")

	// A commitment the KGB bears shows its clause marked in its article.
	const mark = "#details .provenance blockquote mark"
	p.act(t, "select a commitment of the KGB", chromedp.Click(chromedp.CSS(`#details .edges.in button.entity[data-type="Commitment"]`)))
	clause := browserRun(p.ctx, t, "read the clause", chromedp.TextContent(chromedp.CSS(mark)))
	checkQuotes(t, []string{clause}, "")
	// "span": the API's offsets of the clause and of its article agree; the
	// page falls back to looking the words up ("search") when they do not.
	if located := eval[string](t, p, "read how the clause was found", `document.querySelector("`+mark+`").dataset.located`); located != "span" {
		t.Errorf("the clause was found by %q, want by its span (offsets of the commitment and its article disagree)", located)
	}
	if s := p.selected(t); !strings.Contains(s, ".commitment-") || !slices.Contains(p.nodes(t), s) {
		t.Errorf("selected %q, want the commitment, drawn", s)
	}
	testDetailsPages(t, p)
}

// testDetailsPages opens the KGB with 5 links a page (?links=5): the panel
// says "5 of N" and its "more" button adds the next pages, in the server's
// order, each link once, until every link is shown; the focus goes to the
// first link added.
func testDetailsPages(t *testing.T, p *page) {
	const links = 5
	p.open(t, fmt.Sprintf("?links=%d#kgb", links))
	const more = "#details .edges.in button.more-links"
	browserDo(p.ctx, t, "wait for the incoming links' more button", chromedp.WaitVisible(chromedp.CSS(more)))
	type panel struct {
		Heading string
		IDs     []string // by their place in the server's order
		Focused string
		Sources int
	}
	read := func() panel {
		return eval[panel](t, p, "read the incoming links", `(() => {
			const dds = [...document.querySelectorAll("#details .edges.in dd")].sort((a, b) => a.dataset.n - b.dataset.n);
			return {
				heading: document.querySelector("#details .edges.in h3").textContent,
				ids: dds.map(dd => dd.querySelector("button.entity").dataset.id),
				focused: document.activeElement.closest("#details .edges.in dd")?.dataset.n ?? "",
				sources: document.querySelectorAll("#details .provenance .source").length,
			};
		})()`)
	}
	type entity struct {
		InTotal int `json:"in_total"`
		In      []struct {
			Node struct{ ID string } `json:"node"`
		} `json:"in"`
	}
	all := eval[entity](t, p, "read the KGB's links from the API", `fetch("api/entities/kgb?limit=1000").then(r => r.json())`)
	if all.InTotal <= 2*links || len(all.In) != all.InTotal {
		t.Fatalf("the KGB has %d incoming links (%d read): too few to show the pages of %d", all.InTotal, len(all.In), links)
	}
	var want []string
	for _, l := range all.In {
		want = append(want, l.Node.ID)
	}
	first := read()
	if h := fmt.Sprintf("Incoming (%d of %d)", links, all.InTotal); first.Heading != h || !slices.Equal(first.IDs, want[:links]) {
		t.Errorf("the first page: %q, %q; want %q, %q", first.Heading, first.IDs, h, want[:links])
	}
	prev := first
	for shown := links; shown < all.InTotal; shown += links {
		browserDo(p.ctx, t, fmt.Sprintf("show more than %d incoming links", shown), chromedp.Click(chromedp.CSS(more)))
		browserRun(p.ctx, t, "wait for the next page", chromedp.Poll[bool](fmt.Sprintf(
			`document.querySelectorAll("#details .edges.in dd").length > %d`, shown)))
		next := read()
		n := min(shown+links, all.InTotal)
		if !slices.Equal(next.IDs, want[:n]) {
			t.Fatalf("after %d links, more shows %q; want %q", shown, next.IDs, want[:n])
		}
		if next.Focused != fmt.Sprint(shown) {
			t.Errorf("after more, the focus is on link %q, want the first one added (%d)", next.Focused, shown)
		}
		if next.Sources < prev.Sources {
			t.Errorf("more shows %d sources, fewer than the %d before", next.Sources, prev.Sources)
		}
		prev = next
	}
	if h := fmt.Sprintf("Incoming (%d)", all.InTotal); prev.Heading != h {
		t.Errorf("every link shown: the heading says %q, want %q", prev.Heading, h)
	}
	if n := eval[int](t, p, "count the more buttons", `document.querySelectorAll("`+more+`").length`); n != 0 {
		t.Errorf("every link shown, and still %d more buttons", n)
	}
}

// Paths: the shortest paths between Mielke and the KGB are found on the
// server, listed and drawn; a cap too short finds none.
func testPaths(t *testing.T, p *page) {
	p.open(t, "#ego=mielke&tab=paths")
	hash := p.act(t, "find the paths from Mielke to the KGB",
		chromedp.SetValue(chromedp.ID("path-from"), "mielke"),
		chromedp.SetValue(chromedp.ID("path-to"), "KGB"),
		chromedp.Click(chromedp.CSS(`#paths-form button[type=submit]`)))
	if !strings.Contains(hash, "path=mielke%2Ckgb%2C4") {
		t.Errorf("URL %q: want the path operation path=mielke,kgb,4", hash)
	}
	paths := eval[[][]string](t, p, "read the paths", `pactgraph.model().paths.paths`)
	listed := eval[int](t, p, "count the listed paths", `document.querySelectorAll("#paths-result li.path").length`)
	if len(paths) == 0 || listed != len(paths) {
		t.Fatalf("%d paths found, %d listed; want some, all listed", len(paths), listed)
	}
	drawn := p.nodes(t)
	for _, path := range paths {
		if path[0] != "mielke" || path[len(path)-1] != "kgb" {
			t.Errorf("path %v does not run from mielke to kgb", path)
		}
		for _, id := range path {
			if !slices.Contains(drawn, id) {
				t.Errorf("node %s of path %v is not drawn", id, path)
			}
		}
	}
	p.shot(t, "paths.png")

	p.act(t, "look for paths of one step",
		chromedp.SetValue(chromedp.ID("path-max"), "1"),
		chromedp.Click(chromedp.CSS(`#paths-form button[type=submit]`)))
	if msg := browserRun(p.ctx, t, "read the answer", chromedp.Text(chromedp.ID("paths-result"))); !strings.Contains(msg, "No path") {
		t.Errorf("paths of one step: %q, want No path", msg)
	}
}

// Shareable: the URL holds the view as operations; reloading it draws the
// same graph, and back and forward step through the views.
func testShareable(t *testing.T, p *page) {
	p.open(t, "#ego=mfs")
	first, firstNodes := p.hash(t), p.nodes(t)
	second := p.clickNode(t, "agreement-wilson-115715-stasi-kgb-1973")
	secondNodes := p.nodes(t)
	third := p.act(t, "hide the commitments", chromedp.Evaluate[chromedp.Void](`location.hash += "&hide=Commitment"`))
	thirdNodes := p.nodes(t)
	if slices.Equal(firstNodes, secondNodes) || slices.Equal(secondNodes, thirdNodes) {
		t.Fatalf("the three views draw the same nodes; the test needs them to differ")
	}
	for _, op := range []string{"ego=mfs", "select=agreement-wilson-115715-stasi-kgb-1973", "expand=agreement-wilson-115715-stasi-kgb-1973", "hide=Commitment"} {
		if !strings.Contains(third, op) {
			t.Errorf("URL %q does not hold %s", third, op)
		}
	}

	browserDo(p.ctx, t, "reload", chromedp.Reload())
	p.idle(t, "redraw after reload")
	if h, got := p.hash(t), p.nodes(t); h != third || !slices.Equal(got, thirdNodes) || p.selected(t) != "agreement-wilson-115715-stasi-kgb-1973" {
		t.Errorf("after reload: URL %q with %d nodes, selected %q; want %q with %d, agreement-wilson-115715-stasi-kgb-1973", h, len(got), p.selected(t), third, len(thirdNodes))
	}
	for _, step := range []struct {
		js, hash string
		nodes    []string
	}{
		{"history.back()", second, secondNodes},
		{"history.back()", first, firstNodes},
		{"history.forward()", second, secondNodes},
	} {
		p.act(t, step.js, chromedp.Evaluate[chromedp.Void](step.js))
		if h, got := p.hash(t), p.nodes(t); h != step.hash || !slices.Equal(got, step.nodes) {
			t.Errorf("after %s: URL %q with %d nodes, want %q with %d", step.js, h, len(got), step.hash, len(step.nodes))
		}
	}
}

// Filters: by entity type, commitment type, modality, document and date
// range, each kept in the URL.
func testFilters(t *testing.T, p *page) {
	p.open(t, "#graph=all&tab=filters")
	all := p.nodes(t)
	type row struct {
		ID       string
		Modality string
		Document string
		Type     struct{ ID string }
	}
	rows := eval[[]row](t, p, "read the commitments", `fetch("api/commitments?limit=1000").then(r => r.json())`)
	kinds := map[string]row{}
	for _, r := range rows {
		kinds[r.ID] = r
	}
	check := func(what string, gone func(id string) bool) {
		t.Helper()
		got := p.nodes(t)
		if len(got) == 0 || len(got) >= len(all) {
			t.Errorf("%s: %d nodes of %d drawn, want fewer but some", what, len(got), len(all))
		}
		for _, id := range got {
			if gone(id) {
				t.Errorf("%s: %s is still drawn", what, id)
			}
		}
	}
	box := func(name, value string) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(fmt.Sprintf(`#filters input[name=%q][value=%q]`, name, value)))
	}

	p.act(t, "hide documents", box("hide", "Document"))
	check("hide=Document", func(id string) bool { return id == stasiDoc || id == "fixture-warsaw-treaty-1955" })
	p.act(t, "show documents", box("hide", "Document"))

	p.act(t, "hide obligations", box("modality", "obligation"))
	check("modality", func(id string) bool { return kinds[id].Modality == "obligation" })
	p.act(t, "show obligations", box("modality", "obligation"))

	const recruitment = "commitment-type.recruitment"
	p.act(t, "hide recruitment", box("ctype", recruitment))
	check("ctype", func(id string) bool { return id == recruitment || kinds[id].Type.ID == recruitment })
	p.act(t, "show recruitment", box("ctype", recruitment))

	p.act(t, "hide the Warsaw Treaty's document", box("doc", "fixture-warsaw-treaty-1955"))
	check("doc", func(id string) bool {
		return kinds[id].Document == "fixture-warsaw-treaty-1955" || id == "fixture-warsaw-treaty-1955"
	})
	p.act(t, "show it again", box("doc", "fixture-warsaw-treaty-1955"))

	// The histogram has a bar per year with documents; the sliders keep the
	// documents of 1950 to 1960: the 1955 treaty, not the 1973 agreement.
	if bars := eval[int](t, p, "count the bars", `document.querySelectorAll("#filters .histogram rect").length`); bars != 3 {
		t.Errorf("the histogram has %d bars, want one for 1955, one for 1962 (%s) and one for 1973", bars, reviewDoc)
	}
	hash := p.act(t, "keep 1950 to 1960", chromedp.Evaluate[chromedp.Void](`(() => {
		const set = (id, v) => { const i = document.getElementById(id); i.value = v; i.dispatchEvent(new Event("input")); i.dispatchEvent(new Event("change")); };
		set("date-from", 1954); set("date-to", 1960); })()`))
	if !strings.Contains(hash, "dates=1954-1960") {
		t.Errorf("URL %q: want dates=1954-1960", hash)
	}
	check("dates", func(id string) bool {
		return kinds[id].Document == stasiDoc || id == stasiDoc || id == "agreement-wilson-115715-stasi-kgb-1973"
	})
	if !slices.Contains(p.nodes(t), "warsaw-treaty") {
		t.Errorf("the 1955 Warsaw Treaty is filtered out by 1954-1960")
	}
	p.shot(t, "filters.png")
	p.act(t, "show everything", chromedp.Click(chromedp.ID("filters-reset")))
	if got := p.nodes(t); len(got) != len(all) {
		t.Errorf("after Show everything: %d nodes, want %d", len(got), len(all))
	}

	// Each commitment type is offered with its number of commitments.
	perType := map[string]int{}
	for _, r := range rows {
		perType[r.Type.ID]++
	}
	offered := eval[[][2]string](t, p, "read the commitment types offered", `[...document.querySelectorAll('#filters .filter-ctype .item')].map(i => [i.querySelector("input").value, i.querySelector("label").textContent.trim()])`)
	if len(offered) != len(perType) {
		t.Errorf("%d commitment types offered, want the %d of the commitments: %v", len(offered), len(perType), offered)
	}
	for _, o := range offered {
		if want := fmt.Sprintf("(%d)", perType[o[0]]); !strings.HasSuffix(o[1], want) {
			t.Errorf("commitment type %s offered as %q, want it to end %s", o[0], o[1], want)
		}
	}
	checkCommitmentsAskedByID(t, p)
}

// checkCommitmentsAskedByID fails unless the page has asked for the
// commitments it draws by id, and never for every commitment of the
// store (but for the test's own read of them, ?limit=1000); the matrix
// asks for one agreement's.
func checkCommitmentsAskedByID(t *testing.T, p *page) {
	t.Helper()
	asked := eval[[]string](t, p, "list the requests for commitments", `performance.getEntriesByType("resource").map(e => e.name).filter(n => n.includes("/api/commitments"))`)
	byID := 0
	for _, u := range asked {
		switch {
		case strings.Contains(u, "?id="):
			byID++
		case strings.Contains(u, "?agreement="):
		case !strings.HasSuffix(u, "/api/commitments?limit=1000"):
			t.Errorf("the page asked for %s, want only the commitments it draws, by id", u)
		}
	}
	if byID == 0 {
		t.Errorf("the page never asked for the commitments it draws (requests %v)", asked)
	}
}

// Review: the document read with warnings (reviewDoc) has the "needs
// review" badge in the list of documents, with its warnings as the badge's
// title, and no other document has one; "Only documents that need review"
// keeps it, its agreement and its commitments, and leaves out the corpus's
// documents, their articles, agreements and commitments, and the nodes only
// their facts held; unticking it shows everything again. The citation in the details of its party has the
// badge and lists the warnings.
func testReview(t *testing.T, p *page) {
	p.open(t, "#graph=all&tab=filters")
	all := p.nodes(t)
	type document struct {
		ID          string
		NeedsReview bool `json:"needs_review"`
		Warnings    []string
	}
	docs := eval[[]document](t, p, "read the documents", `fetch("api/documents").then(r => r.json())`)
	var warnings []string
	for _, d := range docs {
		if d.NeedsReview != (d.ID == reviewDoc) {
			t.Errorf("document %s: needs_review %v, want it only for %s", d.ID, d.NeedsReview, reviewDoc)
		}
		if d.ID == reviewDoc {
			warnings = d.Warnings
		}
	}
	if len(warnings) == 0 || !slices.Contains(all, reviewDoc) {
		t.Fatalf("%s: warnings %q, drawn %v; want it drawn, with its warnings", reviewDoc, warnings, slices.Contains(all, reviewDoc))
	}

	type listed struct{ Doc, Badge, Title string }
	list := func() []listed {
		return eval[[]listed](t, p, "read the list of documents", `[...document.querySelectorAll("#filters .filter-doc label")].map(l => {
			const b = l.querySelector(".badge.review");
			return {doc: l.querySelector("input").value, badge: b ? b.textContent : "", title: b ? b.title : ""};
		})`)
	}
	badges := func(what string) {
		t.Helper()
		docs := list()
		if len(docs) != 3 {
			t.Errorf("%s: the filters list %d documents, want 3: %+v", what, len(docs), docs)
		}
		for _, d := range docs {
			want := listed{Doc: d.Doc}
			if d.Doc == reviewDoc {
				want = listed{Doc: d.Doc, Badge: "needs review", Title: strings.Join(warnings, "\n")}
			}
			if d != want {
				t.Errorf("%s: the list shows %+v, want %+v", what, d, want)
			}
		}
	}
	badges("all documents")

	// Every commitment and its document (those reviewDoc read from its
	// preamble, which have no article, too).
	commitment := map[string]string{}
	for _, r := range eval[[][2]string](t, p, "read the commitments", `fetch("api/commitments?limit=1000").then(r => r.json()).then(rs => rs.map(r => [r.id, r.document || ""]))`) {
		commitment[r[0]] = r[1]
	}
	hash := p.act(t, "keep only documents that need review", chromedp.Click(chromedp.CSS(`#filters input[name="review"]`)))
	if !strings.Contains(hash, "review=1") {
		t.Errorf("URL %q: want review=1", hash)
	}
	got := p.nodes(t)
	for _, id := range []string{reviewDoc, "agreement-" + reviewDoc, reviewParty} {
		if !slices.Contains(got, id) {
			t.Errorf("review=1: %s is not drawn", id)
		}
	}
	commitments := 0
	for _, id := range got {
		switch {
		case commitment[id] == reviewDoc:
			commitments++
		case commitment[id] != "":
			t.Errorf("review=1: %s, a commitment of %s, is drawn", id, commitment[id])
		}
		for _, other := range []string{stasiDoc, "fixture-warsaw-treaty-1955"} {
			if id == other || id == "agreement-"+other || strings.HasPrefix(id, other+".") {
				t.Errorf("review=1: %s, of %s, which needs no review, is drawn", id, other)
			}
		}
	}
	if commitments == 0 || len(got) >= len(all) {
		t.Errorf("review=1: %d nodes of %d drawn, %d commitments of %s; want fewer nodes, its commitments among them", len(got), len(all), commitments, reviewDoc)
	}
	// Nodes that only the facts of the documents left out held go with
	// them: every node drawn is linked to another.
	if alone := eval[[]string](t, p, "find the nodes drawn alone", `(() => {
		const linked = new Set(pactgraph.drawn().edges.flatMap(e => [e.source, e.target]));
		return pactgraph.drawn().nodes.map(n => n.id).filter(id => !linked.has(id));
	})()`); len(alone) > 0 {
		t.Errorf("review=1: nodes drawn with no link, held only by documents left out: %v", alone)
	}
	badges("review=1")

	hash = p.act(t, "keep all documents again", chromedp.Click(chromedp.CSS(`#filters input[name="review"]`)))
	if strings.Contains(hash, "review=") || !slices.Equal(p.nodes(t), all) {
		t.Errorf("the filter cleared: URL %q, %d nodes; want no review= and the %d nodes of before", hash, len(p.nodes(t)), len(all))
	}

	// The citation of the document, in the details of its party.
	p.open(t, "#"+reviewParty)
	const cite = "#details .provenance .citation"
	browserDo(p.ctx, t, "wait for the citation's badge", chromedp.WaitVisible(chromedp.CSS(cite+" .badge.review")))
	if badge := browserRun(p.ctx, t, "read the citation's badge", chromedp.TextContent(chromedp.CSS(cite+" .badge.review"))); badge != "needs review" {
		t.Errorf("the citation's badge reads %q, want needs review", badge)
	}
	shown := eval[[]string](t, p, "read the citation's warnings", `[...document.querySelectorAll("`+cite+` .cite-warnings li")].map(li => li.textContent)`)
	if !slices.Equal(shown, warnings) {
		t.Errorf("the citation lists the warnings %q, want %q", shown, warnings)
	}
}

// Matrix: the commitments of the 1973 agreement as a table; a row selects
// its commitment on the graph, and selecting a party marks its rows.
func testMatrix(t *testing.T, p *page) {
	p.open(t, "#ego=mfs&tab=matrix")
	p.act(t, "choose the 1973 agreement", pick("matrix-agreement", "1973", "agreement-wilson-115715-stasi-kgb-1973")...)
	browserDo(p.ctx, t, "wait for the table", chromedp.WaitVisible(chromedp.CSS("#matrix-table tbody tr")))
	rows := eval[int](t, p, "count the rows", `document.querySelectorAll("#matrix-table tbody tr").length`)
	want := eval[int](t, p, "count the commitments", `fetch("api/commitments?agreement=agreement-wilson-115715-stasi-kgb-1973&limit=1000").then(r => r.json()).then(rs => rs.length)`)
	if rows != want || rows < 10 {
		t.Errorf("the matrix has %d rows, want the agreement's %d commitments", rows, want)
	}
	// Table → graph.
	id := eval[string](t, p, "read the fifth row", `document.querySelectorAll("#matrix-table tbody tr")[4].dataset.id`)
	p.act(t, "click its commitment", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#matrix-table tr[data-id=%q] button.commitment`, id))))
	if s := p.selected(t); s != id || !slices.Contains(p.nodes(t), id) {
		t.Errorf("clicking the row of %s selected %q; want it selected and drawn", id, s)
	}
	if !eval[bool](t, p, "check the row is marked", fmt.Sprintf(`document.querySelector('#matrix-table tr[data-id=%q]').classList.contains("selected")`, id)) {
		t.Errorf("the row of the selected commitment is not marked")
	}
	// Graph → table: selecting the MfS on the canvas marks the rows it is in.
	p.clickNode(t, "mfs")
	marked := eval[[]string](t, p, "read the marked rows", `[...document.querySelectorAll("#matrix-table tr.selected")].map(tr => tr.dataset.parties)`)
	if len(marked) == 0 {
		t.Errorf("selecting the MfS marks no row of the matrix")
	}
	for _, parties := range marked {
		if !slices.Contains(strings.Fields(parties), "mfs") {
			t.Errorf("a marked row does not name the MfS: %q", parties)
		}
	}
	p.shot(t, "matrix.png")
}

// Console: an example query runs, its results are listed and drawn; a query
// that does not parse shows the server's error.
func testConsole(t *testing.T, p *page) {
	p.open(t, "#ego=mielke&tab=query")
	hash := p.act(t, "run the first example",
		chromedp.SetValue(chromedp.ID("gizmo-examples"), "0"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("gizmo-examples").dispatchEvent(new Event("change"))`),
		chromedp.Click(chromedp.ID("gizmo-run")))
	if !strings.Contains(hash, "query=") {
		t.Errorf("URL %q does not hold the query", hash)
	}
	cells := eval[[]string](t, p, "read the results", `[...document.querySelectorAll("#gizmo-table td button.entity")].map(b => b.dataset.id)`)
	slices.Sort(cells)
	if !slices.Equal(cells, []string{"kgb", "mfs"}) {
		t.Errorf("the results list %v, want the 1973 agreement's parties kgb and mfs", cells)
	}
	drawn := p.nodes(t)
	marked := eval[[]string](t, p, "read the drawn results", `pactgraph.model().query.ids`)
	for _, id := range []string{"kgb", "mfs"} {
		if !slices.Contains(drawn, id) || !slices.Contains(marked, id) {
			t.Errorf("result %s is not drawn and marked", id)
		}
	}
	p.shot(t, "console.png")

	p.act(t, "run a broken query",
		chromedp.SetValue(chromedp.ID("gizmo"), "g.V(.All("),
		chromedp.Click(chromedp.ID("gizmo-run")))
	msg := browserRun(p.ctx, t, "read the error", chromedp.Text(chromedp.ID("gizmo-error")))
	if !strings.Contains(msg, "SyntaxError") {
		t.Errorf("the console shows %q, want the server's SyntaxError", msg)
	}
	// The error is the console's, not the page's.
	if msg := browserRun(p.ctx, t, "read #error", chromedp.TextContent(chromedp.ID("error"))); msg != "" {
		t.Errorf("a query error is shown as the page's error: %s", msg)
	}
}

// Export: the buttons save the view as PNG and SVG and its data as JSON-LD
// and CSV.
func testExport(t *testing.T, p *page) {
	p.open(t, "#ego=mfs&tab=export")
	p.allowDownloads(t)
	nodes := p.nodes(t)
	for _, f := range []struct{ button, file, starts string }{
		{"export-png", "pactgraph-view.png", "\x89PNG"},
		{"export-svg", "pactgraph-view.svg", "<svg"},
		{"export-jsonld", "pactgraph-view.jsonld", "{"},
		{"export-nodes-csv", "pactgraph-nodes.csv", "id,iri,name,type"},
		{"export-edges-csv", "pactgraph-edges.csv", "source,source_name,predicate"},
	} {
		path := filepath.Join(p.downloads, f.file)
		browserDo(p.ctx, t, "click "+f.button, chromedp.Click(chromedp.ID(f.button)))
		var b []byte
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if b, _ = os.ReadFile(path); len(b) > 0 {
				break
			}
		}
		if !strings.HasPrefix(string(b), f.starts) {
			t.Errorf("%s: %s starts %.20q, want %q", f.button, f.file, b, f.starts)
			continue
		}
		switch f.file {
		case "pactgraph-view.jsonld":
			var doc struct {
				Graph []map[string]any `json:"@graph"`
			}
			if err := json.Unmarshal(b, &doc); err != nil || len(doc.Graph) != len(nodes)-countPrefix(nodes, "+more:") {
				t.Errorf("JSON-LD: %v, %d nodes; want the %d drawn", err, len(doc.Graph), len(nodes))
			}
		case "pactgraph-nodes.csv":
			if lines := strings.Count(string(b), "\r\n"); lines != 1+len(nodes)-countPrefix(nodes, "+more:") {
				t.Errorf("nodes CSV: %d lines, want a header and the %d nodes", lines, len(nodes))
			}
		case "pactgraph-view.svg":
			if c := strings.Count(string(b), `<g class="node"`); c != len(nodes) {
				t.Errorf("SVG: %d nodes, want %d", c, len(nodes))
			}
		}
	}
}

func countPrefix(ids []string, prefix string) int {
	n := 0
	for _, id := range ids {
		if strings.HasPrefix(id, prefix) {
			n++
		}
	}
	return n
}

// Canvas: the list of nodes in view follows the canvas as it zooms, labels
// show by zoom, and the keyboard selects from the list.
func testCanvas(t *testing.T, p *page) {
	p.open(t, "#graph=all")
	openList(t, p)
	all := eval[int](t, p, "count the nodes in view", `pactgraph.view.visibleIds().length`)
	labels := eval[int](t, p, "count the labels", `pactgraph.view.metrics.labels`)
	// Zoom in on the middle of the canvas with the wheel.
	rect := eval[struct{ Left, Top, Width, Height float64 }](t, p, "measure the canvas", `document.getElementById("graph").getBoundingClientRect().toJSON()`)
	x, y := rect.Left+rect.Width/2, rect.Top+rect.Height/2
	for range 3 {
		browserDo(p.ctx, t, "zoom in", chromedp.MouseEvent(chromedp.MouseWheel, x, y, func(m *input.DispatchMouseEventParams) { m.DeltaX, m.DeltaY = 0.01, -300 }))
	}
	browserRun(p.ctx, t, "wait for the list to follow", chromedp.Poll[bool](`document.querySelectorAll("#node-list button.node-item").length === pactgraph.view.visibleIds().length && pactgraph.view.visibleIds().length < `+fmt.Sprint(all)))
	zoomed := eval[int](t, p, "count the nodes in view", `pactgraph.view.visibleIds().length`)
	if zoomed < 2 {
		t.Fatalf("zoomed in on the middle, %d nodes are in view; the keyboard check needs two", zoomed)
	}
	// Labels never overlap (testCanvasLabels), so not every node in view
	// has one; zoomed in, a larger share of them does.
	if l := eval[int](t, p, "count the labels", `pactgraph.view.metrics.labels`); float64(l)/float64(zoomed) <= float64(labels)/float64(all) {
		t.Errorf("zoomed in: %d labels for %d nodes in view (%d labels for %d zoomed out); want a larger share labelled", l, zoomed, labels, all)
	}
	// The keyboard: focus the list, go down one, select with Enter.
	second := eval[string](t, p, "read the second item", `document.querySelectorAll("#node-list button.node-item")[1].dataset.id`)
	browserDo(p.ctx, t, "focus the list", chromedp.Focus(chromedp.CSS(`#node-list button.node-item[tabindex="0"]`)))
	browserDo(p.ctx, t, "go down", chromedp.KeyEvent(kb.ArrowDown))
	p.act(t, "select with Enter", chromedp.KeyEvent(kb.Enter))
	if s := p.selected(t); s != second {
		t.Errorf("Enter on the second item selected %q, want %q", s, second)
	}
}
