// app.js is pactgraph's explorer. It keeps the view in the URL's fragment
// (model.js), rebuilds the graph from it on every change, so that reload,
// back and forward work, draws it on a canvas (view.js), and fills the
// panels: search, details, filters, commitment matrix, paths, the Gizmo
// console and the exports. It speaks the JSON API of docs/api.md and uses
// the global d3 that index.html loads from vendor/d3.min.js.
import { $, el, showError, clearError, setStatus, typeBadge, TYPE_COLOURS } from "./dom.js";
import { api } from "./api.js";
import { parseHash, formatHash, build, isMoreHandle, moreHandleOf } from "./model.js";
import { createGraphView } from "./view.js";
import { renderDetails } from "./details.js";
import { applyFilters, renderFilters, hiddenDocuments, documentOf } from "./filters.js";
import { renderMatrix, markMatrix, renderPaths, setupConsole, renderQuery, exportsOf, setupExport } from "./panels.js";
import { encodePlace, decodePlace } from "./place.js";
import { renderHome, docLabel, metrics as homeMetrics } from "./corpus.js";

const SEARCH_DELAY_MS = 150; // debounce of type-ahead
const TABS = ["details", "filters", "matrix", "paths", "query", "export"];

let view;
let model = null;
let current = parseHash(location.hash);
// The first view, the corpus in brief, is asked for before anything else
// is set up.
if (current.ops.length === 0) api.corpus().catch(() => {});
let drawn = { nodes: [], edges: [] };
let info = { documents: [], corpus: null, commitments: new Map() };
let generation = 0;
let focusDetails = false; // the next view moves the focus to the details of its selection

// navigate puts a new view in the URL (a new history entry); the
// hashchange that follows rebuilds the page.
function navigate(next) {
  const hash = formatHash(next);
  if (hash === (location.hash || "#")) rebuild();
  else location.hash = hash;
}

function withOps(...ops) {
  const next = { ops: [...current.ops], filters: { ...current.filters }, panels: { ...current.panels } };
  for (const op of ops) {
    const last = next.ops[next.ops.length - 1];
    // Selecting again replaces a selection that did nothing else.
    if (op.op === "select" && last && last.op === "select") next.ops.pop();
    // A query replaces the query before it, and paths the paths before
    // them: the view shows one of each.
    if (op.op === "query" || op.op === "path") next.ops = next.ops.filter((o) => o.op !== op.op);
    next.ops.push(op);
  }
  return next;
}

// writePlace puts where the view is (its zoom and layout, place.js) into
// the URL without a new history entry, once the page shows the view the
// URL holds.
let building = false;
let placePending = false;
function writePlace() {
  if (building) {
    placePending = true;
    return;
  }
  placePending = false;
  current.place = encodePlace(view.placeOf());
  const hash = formatHash(current);
  if (hash !== location.hash) {
    history.replaceState(history.state, "", hash);
    document.body.dataset.built = hash;
  }
}

const actions = {
  select(id) {
    if (model && model.selected === id) return;
    navigate(withOps({ op: "select", arg: id }));
  },
  // activate is a click on a node: select it and, the first time, expand it.
  activate(id) {
    if (isMoreHandle(id)) return actions.more(moreHandleOf(id));
    const ops = [{ op: "select", arg: id }];
    if (model && !model.expanded.has(id)) ops.push({ op: "expand", arg: id });
    if (model && model.selected === id && ops.length === 1) return;
    navigate(withOps(...ops));
  },
  // open is a search result chosen: its ego view, the focus on its details.
  open(id) {
    focusDetails = true;
    actions.ego(id);
  },
  // graph draws the whole graph (the heading's link goes back to the
  // corpus in brief).
  graph: () => navigate({ ops: [{ op: "graph", arg: "all" }], filters: current.filters, panels: current.panels }),
  ego(id) {
    navigate({ ops: [{ op: "ego", arg: id }], filters: current.filters, panels: { ...current.panels, tab: "details" } });
  },
  expand: (id) => navigate(withOps({ op: "expand", arg: id })),
  more: (id) => navigate(withOps({ op: "more", arg: id })),
  collapse: (id) => navigate(withOps({ op: "collapse", arg: id })),
  path(from, to, max) {
    const next = withOps({ op: "path", arg: `${from},${to},${max}` });
    next.panels.tab = "paths";
    navigate(next);
  },
  query(text) {
    const next = withOps({ op: "query", arg: text });
    next.panels.tab = "query";
    navigate(next);
  },
  filter(key, value) {
    const next = { ops: current.ops, filters: key === null ? {} : { ...current.filters, [key]: value }, panels: { ...current.panels } };
    navigate(next);
  },
  panel(key, value) {
    navigate({ ops: current.ops, filters: current.filters, panels: { ...current.panels, [key]: value } });
  },
};

// What the filters, the Commitments panel and the exports need is asked
// for when a view needs it, never before the first view is drawn: every
// document (GET /api/corpus/documents, briefly) for the filters, the
// Commitments panel and the exports (their citation); the corpus in brief
// for the filters (the commitment types and modalities there are); and the
// rows of the commitments the view draws (GET /api/commitments?id=…) for
// the filters and the exports (their columns), each read once.
const DOC_FILTERS = ["doc", "dates", "review"];
async function needInfo(view, m) {
  const tab = view.panels.tab;
  const docs = ["filters", "matrix", "export"].includes(tab) || DOC_FILTERS.some((k) => view.filters[k]);
  const rows = ["filters", "matrix", "export"].includes(tab) || ["ctype", "modality", ...DOC_FILTERS].some((k) => view.filters[k]);
  const missing = rows ? m.graph().nodes.filter((n) => n.type === "Commitment" && !info.commitments.has(n.id)).map((n) => n.id) : [];
  try {
    const [documents, corpus, commitments] = await Promise.all([
      docs ? api.corpusDocuments() : null,
      tab === "filters" ? api.corpus() : null,
      missing.length ? api.commitmentsByID(missing) : null,
    ]);
    if (documents) info.documents = documents;
    if (corpus) info.corpus = corpus;
    if (commitments) info = { ...info, commitments: new Map([...info.commitments, ...commitments.map((r) => [r.id, r])]) };
  } catch (err) {
    showError(err);
  }
}

// showHome shows the corpus in brief in the view of no operation, over the
// (empty) canvas, and hides it in every other view.
async function showHome(m, mine) {
  const box = $("#corpus-home");
  box.hidden = !m.home;
  if (!m.home) return;
  try {
    const summary = await api.corpus();
    if (mine !== generation) return;
    renderHome(box, summary, { ego: actions.ego, graph: actions.graph, documents: () => api.corpusDocuments() });
  } catch (err) {
    if (mine === generation) showError(err);
  }
}

// rebuild reads the URL, replays its operations and draws the result.
async function rebuild() {
  const mine = ++generation;
  building = true;
  try {
    await rebuildView(mine);
  } finally {
    if (mine === generation) {
      building = false;
      if (placePending) writePlace();
    }
  }
}

async function rebuildView(mine) {
  const next = parseHash(location.hash);
  const sameOps = model && JSON.stringify(next.ops) === JSON.stringify(current.ops) && next.panels.cap === current.panels.cap;
  current = next;
  clearError();
  showTab(current.panels.tab || "details");
  let m = model;
  if (!sameOps) {
    setStatus("Loading…");
    try {
      m = await build(current);
    } catch (err) {
      if (mine === generation) {
        setStatus("");
        showError(err);
      }
      return;
    }
    if (mine !== generation) return;
    model = m;
  }
  await needInfo(current, m);
  if (mine !== generation) return;
  for (const err of m.problems) showError(err);
  await showHome(m, mine);
  if (mine !== generation) return;
  const shown = applyFilters(m.graph(), current.filters, info, m.selected);
  drawn = shown;
  const place = decodePlace(current.place, shown.nodes.map((n) => n.id));
  view.setGraph(shown, { place: place.zoom || place.positions ? place : null });
  const around = new Set();
  if (m.selected) {
    for (const e of shown.edges) {
      if (e.source === m.selected) around.add(e.target);
      if (e.target === m.selected) around.add(e.source);
    }
  }
  view.setStyle({
    selected: m.selected,
    near: around,
    pathNodes: new Set(m.paths && m.paths.paths ? m.paths.paths.flat() : []),
    pathEdges: pathEdgeKeys(m.paths),
    marked: new Set(m.query ? m.query.ids : []),
  });
  if (m.home) setStatus("");
  else setStatus(`${shown.nodes.filter((n) => n.type !== "More").length} nodes, ${shown.edges.length} edges` +
    (shown.hidden ? `, ${shown.hidden} filtered out` : "") + (m.truncated ? " (the graph is cut at the server's limit)" : ""));
  renderLegend(shown.nodes);
  renderFilters(current.filters, info, actions.filter, m.cap, (n) => actions.panel("cap", String(n)));
  renderPaths(m.paths, m.nodes, actions.select);
  renderQuery(m.query, actions.select);
  await renderMatrixPanel(mine);
  if (mine !== generation) return;
  markMatrix(m.selected);
  await showDetails(m, mine);
  if (mine !== generation) return;
  if (m.selected && !sameOps && !place.zoom) view.focus(m.selected);
  if (focusDetails && m.selected) {
    focusDetails = false;
    const heading = $("#details h2");
    if (heading) heading.focus();
  }
  document.body.dataset.built = location.hash;
}

function pathEdgeKeys(paths) {
  const keys = new Set();
  if (!paths || !paths.paths) return keys;
  const steps = new Set();
  for (const p of paths.paths) for (let i = 1; i < p.length; i++) steps.add(`${p[i - 1]} ${p[i]}`).add(`${p[i]} ${p[i - 1]}`);
  for (const e of drawn.edges) if (steps.has(`${e.source} ${e.target}`)) keys.add(e.key);
  return keys;
}

let shownDetails = null;

async function showDetails(m, mine) {
  const box = $("#details");
  // A new entity starts at the top of the panel.
  if (m.selected !== shownDetails) $("#sidebar").scrollTop = 0;
  shownDetails = m.selected;
  if (!m.selected) {
    box.replaceChildren(el("p", { class: "hint" }, "Search, or click a node, to see an entity and the article it comes from."));
    announce("");
    return;
  }
  box.setAttribute("aria-busy", "true");
  try {
    const entity = await api.entity(m.selected);
    // The citations of the documents its facts come from.
    const ids = [...new Set((entity.provenance || []).map((p) => p.document).filter(Boolean))].sort();
    // Without them the details are shown all the same, and the error too.
    const documents = ids.length ? await api.documentsByID(ids).catch((err) => {
      showError(err);
      return [];
    }) : [];
    if (mine !== generation) return;
    announceEntity(entity);
    renderDetails(entity, {
      select: actions.select,
      ego: actions.ego,
      expand: actions.expand,
      more: actions.more,
      collapse: actions.collapse,
      expansion: (id) => m.expanded.get(id),
      pathEnd: (end, entity) => {
        $(`#path-${end}`).value = entity.id;
        actions.panel("tab", "paths");
      },
      documents: new Map(documents.map((d) => [d.id, d])),
      passage: passage && passage.id === entity.id ? passage : null,
    });
  } catch (err) {
    if (mine !== generation) return;
    showError(err);
    box.replaceChildren(el("p", { class: "hint" }, `Cannot show “${m.selected}”.`));
  } finally {
    box.removeAttribute("aria-busy");
  }
}

async function renderMatrixPanel(mine) {
  const agreements = [...new Map(info.documents.filter((d) => d.agreement).map((d) => [d.agreement, { id: d.agreement, name: docLabel(d) }])).values()];
  // The agreement chosen, or else the selection's, or else the one shown.
  const agreement = current.panels.matrix || agreementOf(model && model.selected) || matrixShown;
  matrixShown = agreement;
  const ctx = {
    agreements, agreement, rows: null, error: null,
    select: actions.select,
    choose: (id) => actions.panel("matrix", id),
    mark: (ids) => view.setStyle({ marked: new Set(ids.length ? ids : model && model.query ? model.query.ids : []) }),
    keep: keepRow(current.filters),
  };
  if (agreement) {
    try {
      ctx.rows = await api.commitments(agreement);
    } catch (err) {
      ctx.error = err.message;
    }
  }
  if (mine === generation) renderMatrix(ctx);
}

let matrixShown = "";

// agreementOf is the agreement of the selected node, when it is one, a
// document of one, or a commitment of one.
function agreementOf(id) {
  if (!id) return null;
  for (const d of info.documents) {
    if (!d.agreement) continue;
    if (d.agreement === id || d.id === id || id.startsWith(`${d.id}.`)) return d.agreement;
  }
  const row = info.commitments.get(id);
  return row && row.agreement ? row.agreement.id : null;
}

// keepRow says whether the page's filters keep a commitment row: its
// commitment type, modality and document not filtered out.
function keepRow(filters) {
  const list = (s) => new Set((s || "").split(",").filter(Boolean));
  const ctypes = list(filters.ctype);
  const modalities = list(filters.modality);
  const docs = hiddenDocuments(filters, info.documents);
  return (r) => !(r.type && ctypes.has(r.type.id)) && !modalities.has(r.modality) && !docs.has(r.document);
}

// announce says text in the page's live region: one line, never the
// details themselves.
let announced = "";
function announce(text) {
  if (text === announced) return;
  announced = text;
  $("#announce").textContent = text;
}

// announceEntity is the one line said when an entity is shown: its name,
// type and how many links it has.
function announceEntity(entity) {
  const links = (entity.out_total ?? (entity.out || []).length) + (entity.in_total ?? (entity.in || []).length);
  announce(`${entity.name || entity.id}, ${entity.type || "entity"}: ${links} link${links === 1 ? "" : "s"}. Details shown.`);
}

function renderLegend(nodes) {
  const byType = new Map();
  for (const n of nodes) if (n.type !== "More") byType.set(n.type, (byType.get(n.type) || 0) + 1);
  const known = Object.keys(TYPE_COLOURS).filter((t) => byType.has(t));
  const other = [...byType.keys()].filter((t) => !(t in TYPE_COLOURS)).sort();
  $("#legend").replaceChildren(...[...known, ...other].map((type) =>
    el("li", {}, typeBadge(type), el("span", { class: "count" }, String(byType.get(type))))));
}

// The tabs follow the ARIA tabs pattern: the selected tab alone is in the
// tab order (roving tabindex); the arrow keys, Home and End move between
// tabs and open the tab they reach.
function showTab(name) {
  if (!TABS.includes(name)) name = "details";
  for (const t of TABS) {
    const tab = $(`#tab-${t}`);
    tab.setAttribute("aria-selected", String(t === name));
    tab.tabIndex = t === name ? 0 : -1;
    $(`#panel-${t}`).hidden = t !== name;
  }
}

function setupTabs() {
  for (const t of TABS) $(`#tab-${t}`).addEventListener("click", () => actions.panel("tab", t));
  $("#tabs").addEventListener("keydown", (event) => {
    const at = TABS.findIndex((t) => $(`#tab-${t}`) === document.activeElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const t = TABS[(to + TABS.length) % TABS.length];
    $(`#tab-${t}`).focus();
    actions.panel("tab", t);
  });
}

// --- Search: type-ahead over names and aliases; a result opens an ego view.

function setupSearch() {
  const input = $("#search");
  const type = $("#search-type");
  const results = $("#results");
  for (const t of Object.keys(TYPE_COLOURS)) type.append(el("option", { value: t }, t));
  let latest = 0;
  let timer;
  async function run() {
    clearTimeout(timer);
    const q = input.value.trim();
    const mine = ++latest;
    if (q === "") {
      results.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      return;
    }
    try {
      // Names, and (with no type chosen) the words of the texts; a query
      // the text search refuses (a stop word, one letter and *) still
      // finds names.
      const [hits, text] = await Promise.all([
        api.search(q, type.value, 12),
        type.value ? null : api.searchText(q, 5).catch(() => null),
      ]);
      if (mine !== latest) return;
      renderResults(Array.isArray(hits) ? hits : [], text, q);
      input.setAttribute("aria-expanded", "true");
    } catch (err) {
      if (mine === latest) showError(err);
    }
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, SEARCH_DELAY_MS);
  });
  type.addEventListener("change", run);
  // Arrow keys move through the results; Enter opens the first or the one
  // chosen; Escape closes the list.
  input.addEventListener("keydown", (event) => {
    const buttons = [...results.querySelectorAll("button.result")];
    if (event.key === "ArrowDown" && buttons.length) {
      event.preventDefault();
      buttons[0].focus();
    } else if (event.key === "Escape") {
      results.replaceChildren();
    }
  });
  results.addEventListener("keydown", (event) => {
    const buttons = [...results.querySelectorAll("button.result")];
    const at = buttons.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < buttons.length - 1) buttons[at + 1].focus();
    else if (event.key === "ArrowUp") (at > 0 ? buttons[at - 1] : input).focus();
    else if (event.key === "Escape") input.focus();
    else return;
    event.preventDefault();
  });
  $("#search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    await run();
    const first = results.querySelector("button.result");
    if (first) first.click();
  });
}

function renderResults(hits, text, q) {
  const list = $("#results");
  const passages = text && Array.isArray(text.hits) ? text.hits : [];
  if (hits.length === 0 && passages.length === 0) {
    list.replaceChildren(el("li", { class: "empty" }, `Nothing matches “${q}”.`));
    return;
  }
  list.replaceChildren(...hits.map((hit) => el("li", { role: "option" },
    el("button", {
      type: "button", class: "result", "data-id": hit.id, title: hit.name,
      onclick: () => {
        list.replaceChildren();
        actions.open(hit.id);
      },
    },
    el("span", { class: "name" }, hit.name || hit.id),
    typeBadge(hit.type),
    matchingAlias(hit, q)))),
  passages.length ? el("li", { class: "group", role: "presentation" }, `In the texts: ${text.total} passage${text.total === 1 ? "" : "s"}`) : null,
  ...passages.map((hit) => el("li", { role: "option" },
    el("button", {
      type: "button", class: "result passage", "data-id": hit.id, title: hit.document_title || hit.document,
      onclick: () => {
        list.replaceChildren();
        passage = { id: hit.id, marks: hit.marks };
        actions.open(hit.id);
      },
    },
    el("span", { class: "name" }, `${hit.name} · ${hit.document_title || hit.document}`),
    typeBadge(hit.type),
    el("span", { class: "snippet" }, marked(hit.snippet))))));
}

// passage is the text hit opened last: the details of that article or
// commitment mark its matches.
let passage = null;

// marked is a snippet with its matches in <mark>s; marks are code points.
function marked(snippet) {
  const chars = Array.from(snippet.text);
  const out = [];
  let at = 0;
  for (const [from, to] of snippet.marks || []) {
    out.push(chars.slice(at, from).join(""), el("mark", {}, chars.slice(from, to).join("")));
    at = to;
  }
  out.push(chars.slice(at).join(""));
  return out;
}

// matchingAlias shows the alias the query matched when the name does not
// contain it ("Stasi" for the Ministry for State Security).
function matchingAlias(hit, q) {
  const needle = q.toLowerCase();
  if ((hit.name || "").toLowerCase().includes(needle)) return null;
  const alias = (hit.aliases || []).find((a) => a.toLowerCase().includes(needle));
  return alias ? el("span", { class: "alias" }, `also “${alias}”`) : null;
}

// frame is what an exported picture says around the graph: a title naming
// the view, the legend, and a citation of the page and of the documents
// the view's facts come from.
function frame() {
  const nodes = drawn.nodes.filter((n) => n.type !== "More");
  const selected = model && model.selected ? model.nodes.get(model.selected) : null;
  const first = current.ops[0];
  let title = "pactgraph: the corpus";
  if (first && first.op === "ego") title = `pactgraph: ${nameOf(first.arg)} and what is linked to it`;
  else if (first && first.op === "path" && model && model.paths) title = `pactgraph: paths from ${nameOf(model.paths.from)} to ${nameOf(model.paths.to)}`;
  else if (first && first.op === "query") title = "pactgraph: the result of a Gizmo query";
  if (selected && !(first && first.op === "ego" && first.arg === selected.id)) title += `, ${selected.name || selected.id} selected`;
  const byType = new Map();
  for (const n of nodes) byType.set(n.type, (byType.get(n.type) || 0) + 1);
  const legend = [...byType].sort((a, b) => b[1] - a[1]).map(([type, count]) => ({ type, count }));
  const ids = new Set(nodes.map((n) => documentOf(n.id, info.documents)).filter(Boolean));
  const agreements = new Set(nodes.map((n) => n.id));
  const docs = info.documents.filter((d) => ids.has(d.id) || (d.agreement && agreements.has(d.agreement)));
  const cited = docs.slice(0, 2).map((d) => d.citation || d.title).join("; ");
  const citation = `${location.href.split("#")[0]} (pactgraph explorer, ${new Date().toISOString().slice(0, 10)})` +
    (cited ? `. Sources: ${cited}${docs.length > 2 ? `; and ${docs.length - 2} more documents` : ""}` : "");
  return { title, legend, citation };
}

function nameOf(id) {
  const n = model && model.nodes.get(id);
  return n ? n.name || id : id;
}

function setupPaths() {
  $("#paths-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const from = await resolve($("#path-from").value);
      const to = await resolve($("#path-to").value);
      actions.path(from, to, $("#path-max").value);
    } catch (err) {
      showError(err);
    }
  });
}

// resolve turns what was typed in a path field into an id: an id as it is,
// else the best search hit.
async function resolve(text) {
  const q = text.trim();
  if (q === "") throw new Error("paths: say where the path starts and ends");
  if (model && model.nodes.has(q)) return q;
  const hits = await api.search(q, "", 1);
  if (!Array.isArray(hits) || hits.length === 0) throw new Error(`paths: nothing is called “${q}”`);
  return hits[0].id;
}

async function main() {
  if (typeof d3 === "undefined") {
    showError("d3 did not load: vendor/d3.min.js is missing (run make viz before building).");
    return;
  }
  view = createGraphView($("#graph-pane"), { onActivate: (id) => actions.activate(id), onPlace: writePlace });
  setupTabs();
  setupSearch();
  setupPaths();
  setupConsole(actions.query);
  setupExport(() => exportsOf(drawn, view, info, frame()));
  $("#graph-pane").append(el("section", { id: "corpus-home", "aria-labelledby": "corpus-title", hidden: true }));
  window.addEventListener("hashchange", rebuild);
  // For the browser tests and the benchmark.
  window.pactgraph = {
    view, model: () => model, drawn: () => drawn, exports: () => exportsOf(drawn, view, info, frame()), home: homeMetrics,
    // idle: the page shows the view its URL holds, and the layout is still.
    idle: () => document.body.dataset.built === location.hash && view.settled(),
  };
  await rebuild();
}

main();
