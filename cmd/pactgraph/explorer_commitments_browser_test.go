package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Commitments: a commitment reads as what was committed (article,
// modality, the clause's words, bearer → beneficiary), its whole clause
// (a listed commitment's lead-in and its items) is marked in its article,
// no offsets are shown, and a party's commitments come in article order.
// A signature shows its words and is found by search.
func testCommitments(t *testing.T, p *page) {
	p.open(t, "#kgb")
	browserDo(p.ctx, t, "wait for the details", chromedp.WaitVisible(chromedp.CSS(`#details .edges.in button.entity[data-type="Commitment"]`)))
	// The commitments it bears, as listed under "← bearer".
	names := eval[[]string](t, p, "read the KGB's commitments", `(() => { const dt = [...document.querySelectorAll("#details .edges.in dt")].find(d => d.textContent.startsWith("← bearer "));
		const out = []; for (let n = dt.nextElementSibling; n && n.tagName === "DD"; n = n.nextElementSibling) out.push(n.textContent); return out; })()`)
	var articles []string
	for _, n := range names {
		if !strings.HasPrefix(n, "Art. ") || !strings.Contains(n, "“") || !strings.Contains(n, "(") {
			t.Errorf("commitment %q: want its article, modality, clause's words and parties", n)
			continue
		}
		articles = append(articles, strings.Fields(n)[1])
	}
	// The 1973 agreement's articles in order: I, II, …, IX, X, XI (not I,
	// II, …, IX, V, X as strings sort).
	seq := map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17}
	for i := 1; i < len(articles); i++ {
		if seq[articles[i]] < seq[articles[i-1]] {
			t.Errorf("the KGB's commitments are out of article order: %v", articles)
			break
		}
	}
	if len(articles) < 10 {
		t.Errorf("the KGB's commitments: %q, want its 1973 commitments", names)
	}
	// Art. XI: the KGB bears the costs of its Representation, for the MfS.
	if !slices.ContainsFunc(names, func(n string) bool {
		return strings.HasPrefix(n, "Art. XI obligation: “The KGB of the USSR will bear costs") && strings.HasSuffix(n, "(KGB → MfS)")
	}) {
		t.Errorf("no commitment reads as the KGB's costs of Art. XI, KGB → MfS: %q", names)
	}

	// Article I lists what is exchanged: the whole list is marked.
	p.open(t, "#wilson-115715-stasi-kgb-1973.commitment-1")
	const mark = "#details .provenance blockquote mark"
	browserDo(p.ctx, t, "wait for the clause", chromedp.WaitVisible(chromedp.CSS(mark)))
	clause := browserRun(p.ctx, t, "read the clause", chromedp.TextContent(chromedp.CSS(mark)))
	if !strings.HasPrefix(clause, "Both sides are committed to the mutual exchange of") || !strings.Contains(clause, "operative material and information") {
		t.Errorf("the clause marked is %q, want the lead-in and its listed items", clause)
	}
	props := eval[[]string](t, p, "read the properties", `[...document.querySelectorAll("#details dl.properties dt")].map(d => d.textContent)`)
	if slices.Contains(props, "start") || slices.Contains(props, "end") {
		t.Errorf("the details show offsets as properties: %v", props)
	}

	// A signature: found by "signature" and by the signatory's name, and
	// shows the words of its block.
	hits := p.searchNames(t, "signature")
	if !slices.Contains(hits, "wilson-115715-stasi-kgb-1973.signature-1") {
		t.Errorf("search “signature” lists %v, want the signatures of the 1973 agreement", hits)
	}
	if hits := p.searchNames(t, "Mielke"); len(hits) < 2 || hits[0] != "mielke" || !slices.Contains(hits, "wilson-115715-stasi-kgb-1973.signature-1") {
		t.Errorf("search “Mielke” lists %v, want Erich Mielke first, then his signature", hits)
	}
	p.open(t, "#wilson-115715-stasi-kgb-1973.signature-1")
	browserDo(p.ctx, t, "wait for the signature", chromedp.WaitVisible(chromedp.CSS("#details dl.properties")))
	details := browserRun(p.ctx, t, "read the details", chromedp.Text(chromedp.ID("details")))
	if !strings.Contains(details, "Signature of Erich Mielke") || !strings.Contains(details, "[Signed] Mielke") {
		t.Errorf("the signature's details do not show its words:\n%.600s", details)
	}
}

// searchNames types q into the search box and lists the ids of the name
// hits, in order.
func (p *page) searchNames(t *testing.T, q string) []string {
	t.Helper()
	browserDo(p.ctx, t, "search "+q,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("results").replaceChildren()`),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("search").value = ""`),
		chromedp.SendKeys(chromedp.ID("search"), q))
	browserRun(p.ctx, t, "wait for the hits of "+q, chromedp.Poll[bool](`document.querySelectorAll("#results li").length > 0`))
	return eval[[]string](t, p, "read the hits of "+q, `[...document.querySelectorAll("#results button.result:not(.passage)")].map(b => b.dataset.id)`)
}

// CommitmentTable: the table of an agreement's commitments is preselected
// from the selection, in article order, with full names and the clause
// visible, every column within the panel, the selected party marked by its
// role (in words too), the page's filters applied, and a CSV download.
func testCommitmentTable(t *testing.T, p *page) {
	p.open(t, "#ego=agreement-wilson-115715-stasi-kgb-1973&tab=matrix")
	browserDo(p.ctx, t, "wait for the table", chromedp.WaitVisible(chromedp.CSS("#matrix-table tbody tr")))
	if v := eval[string](t, p, "read the picker", `document.getElementById("matrix-agreement").dataset.value`); v != "agreement-wilson-115715-stasi-kgb-1973" {
		t.Errorf("the picker shows %q, want the selected agreement", v)
	}
	arts := eval[[]string](t, p, "read the articles", `[...document.querySelectorAll("#matrix-table tbody td.article")].map(td => td.textContent)`)
	if len(arts) < 10 || arts[0] != "Article I" || arts[len(arts)-1] != "Article XVII" {
		t.Errorf("the rows' articles %q: want Article I first, Article XVII last", arts)
	}
	full := eval[bool](t, p, "find the KGB's full name", `[...document.querySelectorAll("#matrix-table button.entity[data-id=kgb]")].every(b => b.textContent.startsWith("Committee for State Security with the Council of Ministers") && b.scrollWidth <= b.clientWidth + 1)`)
	if !full {
		t.Errorf("the KGB's name is cut in the table")
	}
	if c := eval[string](t, p, "read a clause", `document.querySelector("#matrix-table td.clause").textContent`); !strings.HasPrefix(c, "Both sides are committed") {
		t.Errorf("the first row's clause reads %q", c)
	}
	// Against whom, within the panel: no sideways scroll.
	fits := eval[string](t, p, "measure the table", `(() => { const box = document.getElementById("sidebar");
		const dt = [...document.querySelectorAll("#matrix-table dt")].find(d => d.textContent === "Against whom");
		const r = dt.getBoundingClientRect(), b = box.getBoundingClientRect();
		return r.right <= b.right + 1 && r.left >= b.left - 1 && box.scrollWidth <= box.clientWidth + 1 ? "" :
			JSON.stringify({dt: r.toJSON(), box: b.toJSON(), scroll: box.scrollWidth, client: box.clientWidth,
			widest: [...box.querySelectorAll("*")].filter(e => e.getBoundingClientRect().right > b.right + 1).slice(0, 3).map(e => e.tagName + "#" + e.id + "." + e.className)}); })()`)
	if fits != "" {
		t.Errorf("“Against whom” is not within the panel's width, or the panel scrolls sideways: %s", fits)
	}

	// The KGB selected: its rows are marked by its role, in words.
	p.act(t, "select the KGB", chromedp.Click(chromedp.CSS(`#matrix-table dd[data-role=bearer] button.entity[data-id=kgb]`)))
	roles := eval[map[string]string](t, p, "read the marks", `Object.fromEntries([...document.querySelectorAll("#matrix-table tbody tr.selected")].map(tr => [tr.dataset.id, (tr.dataset.role || "") + "|" + [...tr.querySelectorAll(".role-note")].map(n => n.textContent).join(",")]))`)
	if len(roles) == 0 {
		t.Fatalf("selecting the KGB marks no row")
	}
	sawBearer, sawBeneficiary := false, false
	for id, r := range roles {
		switch {
		case strings.HasPrefix(r, "bearer beneficiary|bears it,benefits"):
			sawBearer, sawBeneficiary = true, true
		case strings.HasPrefix(r, "bearer|bears it"):
			sawBearer = true
		case strings.HasPrefix(r, "beneficiary|benefits"):
			sawBeneficiary = true
		default:
			t.Errorf("row %s: role %q", id, r)
		}
	}
	if !sawBearer || !sawBeneficiary {
		t.Errorf("the KGB's rows %v: want rows it bears and rows it benefits from, told apart", roles)
	}

	// The filters apply: without obligations, only permissions and prohibitions.
	p.open(t, "#ego=agreement-wilson-115715-stasi-kgb-1973&tab=matrix&modality=obligation")
	browserDo(p.ctx, t, "wait for the table", chromedp.WaitVisible(chromedp.CSS("#matrix-table tbody tr")))
	mods := eval[[]string](t, p, "read the modalities", `[...document.querySelectorAll("#matrix-table tbody .modality")].map(m => m.textContent)`)
	if len(mods) == 0 || slices.Contains(mods, "obligation") {
		t.Errorf("with obligations filtered out the table lists %v", mods)
	}

	// CSV, with article, modality and clause.
	p.allowDownloads(t)
	browserDo(p.ctx, t, "download the CSV", chromedp.Click(chromedp.ID("matrix-csv")))
	file := filepath.Join(p.downloads, "pactgraph-commitments-agreement-wilson-115715-stasi-kgb-1973.csv")
	var data []byte
	for start := time.Now(); time.Since(start) < stepTimeout; time.Sleep(100 * time.Millisecond) {
		if b, err := os.ReadFile(file); err == nil && len(b) > 0 {
			data = b
			break
		}
	}
	recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil || len(recs) != len(mods)+1 {
		t.Fatalf("the CSV: %d records, %v; want a header and the %d rows shown", len(recs), err, len(mods))
	}
	if h := strings.Join(recs[0][:7], ","); h != "article,modality,type,bearers,beneficiaries,targets,clause" {
		t.Errorf("CSV header %q", h)
	}
	if recs[1][0] == "" || recs[1][1] == "" || recs[1][6] == "" {
		t.Errorf("CSV row %q: want its article, modality and clause", recs[1])
	}
	p.shot(t, "commitments.png")
}

// Datasets: the GDR's COW code is under Identifiers, linking out; the
// Warsaw Treaty's ATOP record is the Warsaw Pact, in ATOP's colour, its
// provisions in words; POCOM's chiefs of mission go by name.
func testDatasets(t *testing.T, p *page) {
	p.open(t, "#gdr")
	browserDo(p.ctx, t, "wait for the identifiers", chromedp.WaitVisible(chromedp.CSS("#details .identifiers li.dataset-key")))
	keys := eval[[]string](t, p, "read the identifiers", `[...document.querySelectorAll("#details .identifiers li.dataset-key a")].map(a => a.dataset.dataset + " " + a.textContent + " " + a.href)`)
	if !slices.Contains(keys, "cow-states COW: 265 https://correlatesofwar.org/data-sets/state-system-membership/") {
		t.Errorf("the GDR's identifiers %q: want COW 265 linking to the dataset", keys)
	}
	p.open(t, "#warsaw-treaty")
	browserDo(p.ctx, t, "wait for the identifiers", chromedp.WaitVisible(chromedp.CSS(`#details .identifiers li[data-dataset=atop]`)))
	rec := eval[[]string](t, p, "read the ATOP record", `[...document.querySelectorAll("#details .identifiers li[data-dataset=atop] button.entity")].map(b => b.dataset.id + " " + b.textContent)`)
	if !slices.Contains(rec, "atop.3285 Warsaw Pact") {
		t.Errorf("the Warsaw Treaty's ATOP record reads %q, want atop.3285 Warsaw Pact", rec)
	}
	p.act(t, "open the Warsaw Pact", chromedp.Click(chromedp.CSS(`#details .identifiers button.entity[data-id="atop.3285"]`)))
	browserDo(p.ctx, t, "wait for the record", chromedp.WaitVisible(chromedp.CSS(`#details .meta [data-dataset=atop]`)))
	title := browserRun(p.ctx, t, "read the title", chromedp.Text(chromedp.CSS("#details h2")))
	provisions := eval[[]string](t, p, "read the provisions", `[...document.querySelectorAll("#details dl.properties dt")].filter(d => d.textContent === "provision").flatMap(d => { const out = []; for (let n = d.nextElementSibling; n && n.tagName === "DD"; n = n.nextElementSibling) out.push(n.textContent); return out; })`)
	if title != "Warsaw Pact" || !slices.Contains(provisions, "military contact in peacetime: moderate (ATOP milcon = 2)") {
		t.Errorf("ATOP 3285 reads %q with provisions %q", title, provisions)
	}
	colours := eval[[]string](t, p, "read the colours", `[getComputedStyle(document.querySelector("#details .meta [data-dataset=atop] .swatch")).backgroundColor,
		getComputedStyle(document.querySelector('#details .identifiers [data-dataset=atop] .swatch')).backgroundColor]`)
	if colours[0] != colours[1] || colours[0] == "rgb(186, 176, 171)" {
		t.Errorf("ATOP's colours %q: want one colour for the dataset, not the grey of “other”", colours)
	}
	hits := p.searchNames(t, "Cooper")
	if !slices.Contains(hits, "pocom.xf-1974-coop-01") {
		t.Errorf("search “Cooper” lists %v, want POCOM's record of John Sherman Cooper", hits)
	}
	p.open(t, "#pocom.xf-1974-coop-01")
	browserDo(p.ctx, t, "wait for the record", chromedp.WaitVisible(chromedp.CSS("#details .identifiers li.dataset-key a")))
	if title := browserRun(p.ctx, t, "read the title", chromedp.Text(chromedp.CSS("#details h2"))); title != "John Sherman Cooper" {
		t.Errorf("the POCOM record is called %q, want John Sherman Cooper", title)
	}
}

// PeopleSearch: common English names of the gazetteer find their node
// first; the Stasi finds the MfS first; a Gizmo query of an id without
// angle brackets says how to write it.
func testPeopleSearch(t *testing.T, p *page) {
	p.open(t, "#ego=mfs")
	for q, want := range map[string]string{"Stasi": "mfs", "East Germany": "gdr", "Soviet Union": "ussr", "USSR": "ussr"} {
		if hits := p.searchNames(t, q); len(hits) == 0 || hits[0] != want {
			t.Errorf("search %q lists %v, want %s first", q, hits, want)
		}
	}
	p.open(t, "#ego=mfs&tab=query")
	p.act(t, "run a query without brackets",
		chromedp.SetValue(chromedp.ID("gizmo"), `g.V("kgb").Out().All()`),
		chromedp.Click(chromedp.ID("gizmo-run")))
	browserDo(p.ctx, t, "wait for the hint", chromedp.WaitVisible(chromedp.ID("gizmo-hint")))
	hint := browserRun(p.ctx, t, "read the hint", chromedp.Text(chromedp.ID("gizmo-hint")))
	if !strings.Contains(hint, `g.V("<https://w3id.org/pactgraph/id/kgb>").Out().All()`) {
		t.Errorf("the hint reads %q, want the query with the KGB's IRI in angle brackets", hint)
	}
}
