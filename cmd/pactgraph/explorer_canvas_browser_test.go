package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The steps of TestExplorer for issue 11's canvas, filters, sharing,
// exports and accessibility (items 5, 7, 9 and 10).

// withWidth runs f with the page laid out at w × h CSS pixels.
func withWidth(t *testing.T, p *page, w, h int64, f func()) {
	t.Helper()
	browserDo(p.ctx, t, fmt.Sprintf("lay the page out at %d×%d", w, h), chromedp.EmulateViewport(w, h))
	defer browserDo(p.ctx, t, "lay the page out as the window", chromedp.EmulateReset())
	f()
}

// openList unfolds the list of the nodes in view, if it is folded.
func openList(t *testing.T, p *page) {
	t.Helper()
	if eval[bool](t, p, "check whether the list is folded", `document.getElementById("visible").hidden`) {
		browserDo(p.ctx, t, "open the list", chromedp.Click(chromedp.ID("toggle-list")))
	}
	// The canvas narrows as the list opens: wait for the list to follow.
	browserRun(p.ctx, t, "wait for the list to follow the canvas", chromedp.Poll[bool](`pactgraph.idle() &&
		document.querySelectorAll("#node-list button.node-item").length === Math.min(1000, pactgraph.view.visibleIds().length)`))
}

type box struct {
	ID, Text string
	Box      [4]float64
}

type placedLabels struct {
	Nodes []box
	Edges []struct {
		Key, Text string
		Box       [4]float64
	}
}

func (p *page) labels(t *testing.T) placedLabels {
	t.Helper()
	return eval[placedLabels](t, p, "read the labels", `(() => { const l = pactgraph.view.labels();
		return {nodes: l.nodes.map(n => ({id: n.id, text: n.text, box: n.box})), edges: l.edges.map(e => ({key: e.key, text: e.text, box: e.box}))}; })()`)
}

func overlap(a, b [4]float64) bool {
	return a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1]
}

// CanvasRoom: at 1440×900 and at 1024×768 the canvas has at least 60% of
// the width, the list of nodes in view folded away; the list opens and folds with its
// button, which says so.
func testCanvasRoom(t *testing.T, p *page) {
	// As for a new user: the list's state is kept in localStorage.
	p.open(t, "")
	browserDo(p.ctx, t, "forget the list's state", chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("pactgraph.list")`))
	withWidth(t, p, 1440, 900, func() {
		p.open(t, "#graph=all")
		if w := eval[float64](t, p, "measure the canvas", `document.getElementById("graph").getBoundingClientRect().width`); w < 0.6*1440 {
			t.Errorf("at 1440 px the canvas is %.0f px wide, want at least 60%% (864 px)", w)
		}
		if !eval[bool](t, p, "check the list is folded", `document.getElementById("visible").hidden && document.getElementById("toggle-list").getAttribute("aria-expanded") === "false"`) {
			t.Errorf("the list of nodes in view is open at first, or its button does not say it is folded")
		}
		browserDo(p.ctx, t, "open the list", chromedp.Click(chromedp.ID("toggle-list")))
		if !eval[bool](t, p, "check the list is open", `!document.getElementById("visible").hidden && document.getElementById("toggle-list").getAttribute("aria-expanded") === "true" &&
			document.activeElement.closest("#node-list") !== null`) {
			t.Errorf("the button did not open the list and move the focus into it")
		}
		browserDo(p.ctx, t, "fold the list", chromedp.Click(chromedp.ID("toggle-list")))
	})
	withWidth(t, p, 1024, 768, func() {
		p.open(t, "#graph=all")
		if w := eval[float64](t, p, "measure the canvas", `document.getElementById("graph").getBoundingClientRect().width`); w < 0.6*1024 {
			t.Errorf("at 1024 px the canvas is %.0f px wide, want at least 60%% (614 px)", w)
		}
	})
}

// CanvasLabels: labels never overlap; organisations, people and treaties
// are labelled before commitments; every type has a shape of its own in
// the legend; zoom-to-fit leaves room for the labels; relations are named
// on hover, on the edges of the selection and on each step of a path, in
// the list of paths too.
func testCanvasLabels(t *testing.T, p *page) {
	p.open(t, "#graph=all")
	l := p.labels(t)
	if len(l.Nodes) < 10 {
		t.Fatalf("the overview has %d labels, want some", len(l.Nodes))
	}
	for i, a := range l.Nodes {
		for _, b := range l.Nodes[i+1:] {
			if overlap(a.Box, b.Box) {
				t.Errorf("the labels of %s and %s overlap: %v %v", a.ID, b.ID, a.Box, b.Box)
			}
		}
	}
	type share struct{ InView, Labelled int }
	byType := eval[map[string]share](t, p, "count the labels by type", `(() => {
		const labelled = new Set(pactgraph.view.labels().nodes.map(n => n.id));
		const out = {};
		for (const id of pactgraph.view.visibleIds()) {
			const type = pactgraph.drawn().nodes.find(n => n.id === id).type;
			out[type] = out[type] || {inView: 0, labelled: 0};
			out[type].inView++;
			if (labelled.has(id)) out[type].labelled++;
		}
		return out; })()`)
	frac := func(s share) float64 { return float64(s.Labelled) / math.Max(1, float64(s.InView)) }
	for _, typ := range []string{"Organisation", "Person", "Treaty"} {
		if frac(byType[typ]) < frac(byType["Commitment"]) || byType[typ].Labelled == 0 {
			t.Errorf("%s: %d of %d labelled, fewer in proportion than commitments (%d of %d)", typ, byType[typ].Labelled, byType[typ].InView, byType["Commitment"].Labelled, byType["Commitment"].InView)
		}
	}
	labelled := map[string]bool{}
	for _, n := range l.Nodes {
		labelled[n.ID] = true
	}
	for _, id := range []string{"kgb", "mfs"} {
		if !labelled[id] {
			t.Errorf("the overview does not label %s", id)
		}
	}
	// The legend shows each type's shape, each different.
	shapes := eval[map[string]string](t, p, "read the legend's shapes", `Object.fromEntries([...document.querySelectorAll("#legend li")].map(li => [li.textContent.replace(/\d+$/, "").trim(), li.querySelector("svg.type-icon")?.dataset.shape || ""]))`)
	seen := map[string]string{}
	for typ, shape := range shapes {
		if shape == "" {
			t.Errorf("the legend shows no shape for %s", typ)
		} else if other, ok := seen[shape]; ok {
			t.Errorf("%s and %s have the same shape, %s", typ, other, shape)
		}
		seen[shape] = typ
	}
	if len(shapes) < 5 {
		t.Errorf("the legend lists %d types: %v", len(shapes), shapes)
	}

	// A path: each step named on the canvas and in the list, and the
	// view zoomed so that the right-most node's label fits on its right.
	p.open(t, "#path=mielke%2Ckgb%2C4&tab=paths")
	steps := eval[[]string](t, p, "read the steps of the paths", `[...document.querySelectorAll("#paths-result li.path .relation")].map(s => s.textContent)`)
	if len(steps) == 0 {
		t.Fatal("the list of paths names no step")
	}
	for _, s := range steps {
		if strings.Contains(s, "?") || strings.TrimSpace(strings.Trim(s, " —→←")) == "" {
			t.Errorf("a step of a path reads %q, want its relation", s)
		}
	}
	pathEdges := eval[[]string](t, p, "read the path's edges", `[...pactgraph.model().paths.paths.length ? pactgraph.drawn().edges.filter(e => {
		const steps = new Set(pactgraph.model().paths.paths.flatMap(p => p.slice(1).flatMap((id, i) => [p[i] + " " + id, id + " " + p[i]])));
		return steps.has(e.source + " " + e.target); }).map(e => e.key) : []]`)
	named := map[string]bool{}
	for _, e := range p.labels(t).Edges {
		named[e.Key] = true
	}
	for _, k := range pathEdges {
		if !named[k] {
			t.Errorf("the path's edge %q is not named on the canvas", strings.ReplaceAll(k, "\x00", " "))
		}
	}
	right := eval[struct {
		ID      string
		X, Left float64
		Width   float64
	}](t, p, "find the right-most node and its label", `(() => {
		const r = document.getElementById("graph").getBoundingClientRect();
		const ids = pactgraph.drawn().nodes.map(n => n.id);
		const id = ids.reduce((a, b) => pactgraph.view.screenPoint(a).x >= pactgraph.view.screenPoint(b).x ? a : b);
		const label = pactgraph.view.labels().nodes.find(n => n.id === id);
		return {id, x: pactgraph.view.screenPoint(id).x - r.left, left: label ? label.box[0] : -1, width: r.width}; })()`)
	if right.Left < right.X {
		t.Errorf("the right-most node %s (at %.0f of %.0f px) has its label at %.0f, not on its right: zoom-to-fit left no room for it", right.ID, right.X, right.Width, right.Left)
	}
	p.shot(t, "paths-named.png")

	// Hovering an edge names its relation.
	pt := eval[struct {
		X, Y      float64
		Predicate string
	}](t, p, "find the middle of an edge", `(() => {
		const e = pactgraph.drawn().edges.find(e => pactgraph.model().paths.paths[0].includes(e.source) && pactgraph.model().paths.paths[0].includes(e.target));
		const a = pactgraph.view.screenPoint(e.source), b = pactgraph.view.screenPoint(e.target);
		return {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, predicate: e.predicate}; })()`)
	browserDo(p.ctx, t, "hover the edge", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, pt.X+0.5, pt.Y+0.5))
	tip := browserRun(p.ctx, t, "read the tip", chromedp.Poll[string](`(() => { const t = document.getElementById("tip"); return t.hidden ? null : t.textContent; })()`))
	if !strings.Contains(tip, pt.Predicate) {
		t.Errorf("hovering an edge of predicate %q shows %q", pt.Predicate, tip)
	}

	// The selection's relations are named on its edges.
	p.open(t, "#ego=mielke")
	want := eval[[]string](t, p, "read the predicates of Mielke's edges", `[...new Set(pactgraph.drawn().edges.filter(e => e.source === "mielke" || e.target === "mielke").map(e => e.predicate))]`)
	var got []string
	for _, e := range p.labels(t).Edges {
		got = append(got, e.Text)
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("the selection's relation %q is not named on the canvas (named: %q)", w, got)
		}
	}
}

// CanvasFilters: "only" keeps one commitment type, "None" and "All" a
// whole group; a filter moves no node and runs no layout.
func testCanvasFilters(t *testing.T, p *page) {
	p.open(t, "#graph=all&tab=filters")
	all := p.nodes(t)
	before := p.positions(t)
	layouts := eval[int](t, p, "count the layouts", `pactgraph.view.metrics.layouts`)
	const recruitment = "commitment-type.recruitment"
	hash := p.act(t, "only recruitment", chromedp.Evaluate[chromedp.Void](`document.querySelector('#filters .filter-ctype button.only[data-value="`+recruitment+`"]').click()`))
	types := eval[[]string](t, p, "list the commitment types", `[...document.querySelectorAll('#filters .filter-ctype input')].map(i => i.value)`)
	if len(types) < 5 {
		t.Fatalf("the filters list %d commitment types", len(types))
	}
	checked := eval[[]string](t, p, "read the ticked types", `[...document.querySelectorAll('#filters .filter-ctype input:checked')].map(i => i.value)`)
	if !slices.Equal(checked, []string{recruitment}) || !strings.Contains(hash, "ctype=") {
		t.Errorf("after only: ticked %v, URL %q; want only %s", checked, hash, recruitment)
	}
	kinds := map[string]string{}
	for _, r := range eval[[][2]string](t, p, "read the commitments", `fetch("api/commitments?limit=1000").then(r => r.json()).then(rs => rs.map(r => [r.id, r.type ? r.type.id : ""]))`) {
		kinds[r[0]] = r[1]
	}
	got := p.nodes(t)
	kept := 0
	for _, id := range got {
		if k, ok := kinds[id]; ok {
			if k != recruitment {
				t.Errorf("only recruitment: %s, of type %s, is drawn", id, k)
			}
			kept++
		}
	}
	if kept == 0 {
		t.Errorf("only recruitment draws no commitment")
	}
	if m := moved(before, p.positions(t), 0.01); len(m) > 0 {
		t.Errorf("the filter moved nodes: %v", m)
	}
	if n := eval[int](t, p, "count the layouts", `pactgraph.view.metrics.layouts`); n != layouts {
		t.Errorf("the filter ran the layout %d times", n-layouts)
	}
	p.act(t, "no entity type", chromedp.Evaluate[chromedp.Void](`document.querySelector('#filters .filter-hide button.none').click()`))
	if n := len(p.nodes(t)); n > 1 {
		t.Errorf("None of the entity types leaves %d nodes drawn", n)
	}
	hash = p.act(t, "all entity types", chromedp.Evaluate[chromedp.Void](`document.querySelector('#filters .filter-hide button.all').click()`))
	if strings.Contains(hash, "hide=") {
		t.Errorf("All leaves %q in the URL", hash)
	}
	p.act(t, "all commitment types", chromedp.Evaluate[chromedp.Void](`document.querySelector('#filters .filter-ctype button.all').click()`))
	if got := p.nodes(t); !slices.Equal(got, all) {
		t.Errorf("every filter cleared: %d nodes, want the %d of before", len(got), len(all))
	}
	if m := moved(before, p.positions(t), 0.01); len(m) > 0 {
		t.Errorf("taking the filters away moved nodes: %v", m)
	}
}

// CanvasShare: the URL keeps the zoom and the layout, so a reload (or a
// shared link) shows the graph as it was; a query replaces the one before
// in the URL.
func testCanvasShare(t *testing.T, p *page) {
	p.open(t, "#ego=mfs")
	rect := eval[struct{ Left, Top, Width, Height float64 }](t, p, "measure the canvas", `document.getElementById("graph").getBoundingClientRect().toJSON()`)
	browserDo(p.ctx, t, "zoom in", chromedp.MouseEvent(chromedp.MouseWheel, rect.Left+rect.Width/3, rect.Top+rect.Height/3, func(m *input.DispatchMouseEventParams) { m.DeltaX, m.DeltaY = 0.01, -200 }))
	browserRun(p.ctx, t, "wait for the URL to hold the zoom", chromedp.Poll[bool](`location.hash.includes("zoom=") && location.hash.includes("layout=") && pactgraph.idle()`))
	hash, where := p.hash(t), p.positions(t)
	zoom := eval[[3]float64](t, p, "read the zoom", `(() => { const z = pactgraph.view.transform(); return [z.x, z.y, z.k]; })()`)
	browserDo(p.ctx, t, "open the URL in a fresh page", chromedp.Navigate("about:blank"), chromedp.Navigate(p.base+"/"+hash))
	p.idle(t, "draw the shared URL")
	// The URL keeps positions in whole layout units: half a unit each way.
	if m := moved(where, p.positions(t), math.Sqrt2/2+0.01); len(m) > 0 {
		t.Errorf("the shared URL draws nodes elsewhere: %v", m)
	}
	again := eval[[3]float64](t, p, "read the zoom", `(() => { const z = pactgraph.view.transform(); return [z.x, z.y, z.k]; })()`)
	if math.Abs(again[0]-zoom[0]) > 0.1 || math.Abs(again[1]-zoom[1]) > 0.1 || math.Abs(again[2]/zoom[2]-1) > 0.001 {
		t.Errorf("the shared URL zooms to %v, want %v", again, zoom)
	}
	if h := p.hash(t); h != hash {
		t.Errorf("drawing the shared URL changed it from %q to %q", hash, h)
	}

	// Queries replace each other.
	p.open(t, "#ego=mielke&tab=query")
	for _, q := range []string{`g.V("<https://w3id.org/pactgraph/id/kgb>").All()`, `g.V("<https://w3id.org/pactgraph/id/mfs>").All()`} {
		p.act(t, "run "+q, chromedp.SetValue(chromedp.ID("gizmo"), q), chromedp.Click(chromedp.ID("gizmo-run")))
	}
	if n := strings.Count(p.hash(t), "query="); n != 1 {
		t.Errorf("after two queries the URL holds %d: %q", n, p.hash(t))
	}
	if ids := eval[[]string](t, p, "read the query's results", `pactgraph.model().query.ids`); !slices.Equal(ids, []string{"mfs"}) {
		t.Errorf("the view shows the results %v, want the last query's (mfs)", ids)
	}
}

// CanvasExport: the PNG is drawn at twice the canvas's size with a band
// for the title and the citation; the SVG has every label whole, inside
// its drawing, with a title, legend and citation; JSON-LD has a context,
// types and the clauses; CSV has article, modality and clause; GEXF and
// GraphML come from the server; each export says what it saved.
func testCanvasExport(t *testing.T, p *page) {
	p.open(t, "#ego=kgb&tab=export")
	p.allowDownloads(t)
	save := func(button, file string) []byte {
		t.Helper()
		path := filepath.Join(p.downloads, file)
		os.Remove(path)
		browserDo(p.ctx, t, "click "+button, chromedp.Click(chromedp.ID(button)))
		status := browserRun(p.ctx, t, "wait for the confirmation", chromedp.Poll[string](`(() => { const s = document.getElementById("export-status").textContent; return s.startsWith("Saved") || s.startsWith("Not") ? s : null; })()`))
		if !strings.HasPrefix(status, "Saved "+file) {
			t.Errorf("%s: the page says %q, want Saved %s", button, status, file)
		}
		var b []byte
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if b, _ = os.ReadFile(path); len(b) > 0 {
				break
			}
		}
		if len(b) == 0 {
			t.Fatalf("%s: nothing saved as %s", button, file)
		}
		return b
	}
	canvas := eval[struct{ Width, Height float64 }](t, p, "measure the canvas", `document.getElementById("graph").getBoundingClientRect().toJSON()`)
	img, err := png.DecodeConfig(bytes.NewReader(save("export-png", "pactgraph-view.png")))
	if err != nil {
		t.Errorf("the PNG: %v", err)
	} else if math.Abs(float64(img.Width)-2*canvas.Width) > 1 || float64(img.Height) < 2*canvas.Height+40 {
		t.Errorf("the PNG is %d×%d, want twice the canvas (%.0f×%.0f) and a band for title and citation", img.Width, img.Height, canvas.Width, canvas.Height)
	}

	// The SVG, drawn by the browser: every label whole and inside it.
	svg := save("export-svg", "pactgraph-view.svg")
	names := eval[map[string]string](t, p, "read the names", `Object.fromEntries(pactgraph.drawn().nodes.map(n => [n.id, n.name]))`)
	type svgLabel struct {
		ID, Text string
		Inside   bool
	}
	read := eval[struct {
		Labels                  []svgLabel
		Title, Citation, Legend string
	}](t, p, "lay out the SVG", fmt.Sprintf(`(() => {
		const doc = new DOMParser().parseFromString(%q, "image/svg+xml");
		const svg = document.importNode(doc.documentElement, true);
		document.body.append(svg);
		const [, , w, h] = svg.getAttribute("viewBox").split(" ").map(Number);
		const labels = [...svg.querySelectorAll("text.label")].map(t => {
			const b = t.getBoundingClientRect(), s = svg.getBoundingClientRect();
			return {id: t.dataset.id, text: t.textContent, inside: b.left >= s.left - 0.5 && b.right <= s.left + w + 0.5 && b.top >= s.top - 0.5 && b.bottom <= s.top + h + 0.5};
		});
		const out = {labels, title: svg.querySelector("text.title")?.textContent || "", citation: svg.querySelector("text.citation")?.textContent || "", legend: svg.querySelector("g.legend")?.textContent || ""};
		svg.remove();
		return out; })()`, string(svg)))
	if len(read.Labels) < 5 {
		t.Errorf("the SVG has %d labels", len(read.Labels))
	}
	for _, l := range read.Labels {
		if l.Text != names[l.ID] || !l.Inside {
			t.Errorf("the SVG labels %s %q (inside: %v), want its whole name %q inside the drawing", l.ID, l.Text, l.Inside, names[l.ID])
		}
	}
	if !strings.Contains(read.Title, "Committee for State Security") || !strings.Contains(read.Citation, p.base) || !strings.Contains(read.Legend, "Organisation") {
		t.Errorf("the SVG's title %q, citation %q, legend %q: want the view's name, the page's address and the types", read.Title, read.Citation, read.Legend)
	}

	// JSON-LD: a context, types, and the clauses of commitments.
	clauses := map[string]string{}
	for _, r := range eval[[][2]string](t, p, "read the clauses", `fetch("api/commitments?limit=1000").then(r => r.json()).then(rs => rs.map(r => [r.id, r.text]))`) {
		clauses["https://w3id.org/pactgraph/id/"+r[0]] = r[1]
	}
	var ld struct {
		Context map[string]any   `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(save("export-jsonld", "pactgraph-view.jsonld"), &ld); err != nil {
		t.Fatalf("JSON-LD: %v", err)
	}
	commitments := 0
	for _, n := range ld.Graph {
		id, _ := n["@id"].(string)
		if n["@type"] == nil {
			t.Errorf("JSON-LD: %s has no @type", id)
		}
		if clause, ok := clauses[id]; ok {
			commitments++
			if n["@type"] != "pg:Commitment" || n["text"] != clause {
				t.Errorf("JSON-LD: commitment %s is %v with text %q, want pg:Commitment with its clause %q", id, n["@type"], n["text"], clause)
			}
		}
	}
	if ld.Context["pg"] != "https://w3id.org/pactgraph/ns#" || ld.Context["text"] == nil || commitments == 0 {
		t.Errorf("JSON-LD: context %v, %d commitments; want pg: and text defined, and the KGB's commitments", ld.Context, commitments)
	}

	// CSV: article, modality and clause of each commitment.
	csv := string(save("export-nodes-csv", "pactgraph-nodes.csv"))
	if !strings.HasPrefix(csv, "id,iri,name,type,article,modality,clause\r\n") {
		t.Errorf("the nodes CSV starts %.80q", csv)
	}
	found := false
	for iri, clause := range clauses {
		if strings.Contains(csv, iri) && strings.Contains(csv, clause) {
			found = true
		}
	}
	if !found {
		t.Errorf("the nodes CSV has no commitment with its clause")
	}

	// GEXF and GraphML, of the nodes drawn.
	for _, f := range []struct{ button, file, root string }{{"export-gexf", "pactgraph-view.gexf", "<gexf"}, {"export-graphml", "pactgraph-view.graphml", "<graphml"}} {
		b := string(save(f.button, f.file))
		if !strings.Contains(b, f.root) || !strings.Contains(b, "https://w3id.org/pactgraph/id/kgb") {
			t.Errorf("%s: %.200q, want a %s document with the KGB", f.file, b, f.root)
		}
		if strings.Contains(b, "https://w3id.org/pactgraph/id/fixture-warsaw-treaty-1955") {
			t.Errorf("%s holds the Warsaw Treaty's document, which is not drawn", f.file)
		}
	}
}

// axeJS is axe-core, installed by `make viz` from the npm registry (pinned
// by viz/package-lock.json) and never served by the page.
func axeJS(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "viz", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is missing (%v): run `make viz`", err)
	}
	return string(b)
}

// axe runs axe-core's WCAG 2.1 A and AA rules on the page as it is and
// fails on every serious or critical violation.
func (p *page) axe(t *testing.T, view, script string) {
	t.Helper()
	type violation struct {
		ID, Impact, Help string
		Nodes            []struct{ Target []any }
	}
	res := eval[struct {
		Passes     int
		Violations []violation
	}](t, p, "run axe-core on "+view, `(() => {
		if (!window.axe) { (0, eval)(`+strconv.Quote(script)+`); }
		return axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
			.then(r => ({passes: r.passes.length, violations: r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
				.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => ({target: n.target}))}))})); })()`)
	if res.Passes < 10 {
		t.Errorf("%s: axe-core passed %d rules: it did not check the page", view, res.Passes)
	}
	for _, v := range res.Violations {
		t.Errorf("%s: axe-core: %s (%s): %s, at %v", view, v.ID, v.Impact, v.Help, v.Nodes)
	}
}

// Access: axe-core finds no serious or critical violation in any view;
// choosing a search result moves the focus to the entity opened; the tabs
// follow the ARIA tabs pattern; the one live region says one line; every
// type's colour has a contrast of 3:1 or more against white.
func testAccess(t *testing.T, p *page) {
	script := axeJS(t)
	p.open(t, "")
	p.axe(t, "the first view", script)
	p.open(t, "#graph=all")
	p.axe(t, "the overview", script)
	p.open(t, "#ego=kgb")
	browserDo(p.ctx, t, "wait for the details", chromedp.WaitVisible(chromedp.CSS("#details .provenance blockquote")))
	p.axe(t, "the KGB's details", script)
	p.open(t, "#ego=kgb&matrix=agreement-wilson-115715-stasi-kgb-1973")
	for _, tab := range []string{"filters", "matrix", "paths", "query", "export"} {
		p.act(t, "open the "+tab+" tab", chromedp.Click(chromedp.ID("tab-"+tab)))
		if tab == "matrix" {
			browserDo(p.ctx, t, "wait for the table", chromedp.WaitVisible(chromedp.CSS("#matrix-table tbody tr")))
		}
		p.axe(t, "the "+tab+" tab", script)
	}
	p.open(t, "#path=mielke%2Ckgb%2C4&tab=paths")
	p.axe(t, "the paths", script)
	p.open(t, "#ego=mielke&tab=query&query="+strings.ReplaceAll(`g.V("<https://w3id.org/pactgraph/id/kgb>").All()`, `"`, "%22"))
	p.axe(t, "a query's results", script)

	// The focus follows the search result chosen.
	p.open(t, "")
	browserDo(p.ctx, t, "type KGB",
		chromedp.SendKeys(chromedp.ID("search"), "KGB"),
		chromedp.WaitVisible(chromedp.CSS(`#results button.result[data-id="kgb"]`)),
		chromedp.Focus(chromedp.CSS(`#results button.result[data-id="kgb"]`)))
	p.act(t, "open the KGB with Enter", chromedp.KeyEvent(kb.Enter))
	focus := browserRun(p.ctx, t, "wait for the focus", chromedp.Poll[string](`document.activeElement.matches("#details h2") ? document.activeElement.textContent : null`))
	if !strings.Contains(focus, "Committee for State Security") {
		t.Errorf("after opening the KGB the focus is on %q", focus)
	}

	// The live region: one, saying one line.
	live := eval[[]string](t, p, "list the live regions", `[...document.querySelectorAll("[aria-live], [role=status], [role=log]")].filter(e => !e.closest("#panel-export")).map(e => e.id)`)
	if !slices.Equal(live, []string{"announce"}) {
		t.Errorf("the live regions are %v, want #announce alone", live)
	}
	said := browserRun(p.ctx, t, "read the announcement", chromedp.TextContent(chromedp.ID("announce")))
	if !strings.Contains(said, "Committee for State Security") || strings.Contains(said, "\n") || len(said) > 200 {
		t.Errorf("the live region says %q, want one line naming the KGB", said)
	}

	// The tabs: arrows, Home and End move and open; one tab in the tab order.
	type tabs struct {
		Focused, Selected string
		Tabbable          []string
		Shown             string
	}
	readTabs := func() tabs {
		return eval[tabs](t, p, "read the tabs", `(() => {
			const all = [...document.querySelectorAll("#tabs [role=tab]")];
			return {focused: document.activeElement.id, selected: all.find(b => b.getAttribute("aria-selected") === "true")?.id || "",
				tabbable: all.filter(b => b.tabIndex === 0).map(b => b.id),
				shown: [...document.querySelectorAll("[role=tabpanel]")].filter(p => !p.hidden).map(p => p.getAttribute("aria-labelledby")).join(",")}; })()`)
	}
	browserDo(p.ctx, t, "focus the Details tab", chromedp.Focus(chromedp.ID("tab-details")))
	for _, step := range []struct {
		key  string
		want string
	}{{kb.ArrowRight, "tab-filters"}, {kb.End, "tab-export"}, {kb.ArrowRight, "tab-details"}, {kb.ArrowLeft, "tab-export"}, {kb.Home, "tab-details"}} {
		p.act(t, "press "+step.key, chromedp.KeyEvent(step.key))
		got := readTabs()
		if got.Focused != step.want || got.Selected != step.want || !slices.Equal(got.Tabbable, []string{step.want}) || got.Shown != step.want {
			t.Errorf("after %q: %+v, want %s focused, selected, alone tabbable and shown", step.key, got, step.want)
		}
	}

	// Contrast of the types' colours against white.
	colours := eval[map[string]string](t, p, "read the types' colours", `Object.fromEntries([...document.querySelectorAll("#filters .filter-hide .item, #legend li")].map(e => [e.textContent.replace(/only$|\d+$/, "").trim(), e.querySelector("svg.type-icon path")?.getAttribute("fill")]))`)
	if len(colours) < 9 {
		t.Errorf("read %d types' colours: %v", len(colours), colours)
	}
	for typ, c := range colours {
		if r := contrast(t, c); r < 3 {
			t.Errorf("%s's colour %s has a contrast of %.2f:1 against white, want 3:1 or more", typ, c, r)
		}
	}
}

// contrast is WCAG 2.1's contrast ratio of colour "#rrggbb" against white.
func contrast(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Errorf("colour %q is not #rrggbb", hex)
		return 0
	}
	var lum float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Errorf("colour %q: %v", hex, err)
			return 0
		}
		c := float64(v) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		lum += w * c
	}
	return 1.05 / (lum + 0.05)
}
