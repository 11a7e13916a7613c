// app.js is pactgraph's explorer: it draws the corpus graph with a d3 force
// layout, searches entities and shows, for the one selected, its edges and the
// article text each fact was read from. It speaks the JSON API of docs/api.md
// and uses the global d3 that index.html loads from vendor/d3.min.js.

// Every node type the API returns, with a fixed colour (d3's Tableau10), so a
// type keeps its colour whatever subset of the graph is on screen.
const TYPE_COLOURS = {
  Organisation: "#4e79a7",
  Person: "#f28e2c",
  Territory: "#59a14f",
  Treaty: "#e15759",
  Document: "#9c755f",
  Article: "#76b7b2",
  Signature: "#edc949",
  Commitment: "#af7aa1",
  CommitmentType: "#ff9da7",
};
const UNKNOWN_COLOUR = "#bab0ab";
const GRAPH_LIMIT = 1000; // nodes asked of GET /api/graph
const SEARCH_DELAY_MS = 200; // debounce of search-as-you-type
const LABEL_CHARS = 28; // node labels longer than this are cut
const HUB_DEGREE = 4; // nodes with this many edges are labelled at any zoom
const LABEL_ZOOM = 1.6; // from this zoom on, every node is labelled
const SETTLE_TICKS = 300; // layout steps run before the first graph is shown

const $ = (selector) => document.querySelector(selector);

function typeColour(type) {
  return TYPE_COLOURS[type] || UNKNOWN_COLOUR;
}

// ---------------------------------------------------------------------------
// API

// getJSON fetches path and returns its JSON body, or throws an Error whose
// message says which request failed and why (the API's {"error": …} if any).
async function getJSON(path) {
  let res;
  try {
    res = await fetch(path, { headers: { Accept: "application/json" } });
  } catch (err) {
    throw new Error(`${path}: the server did not answer (${err.message})`);
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON; reported below.
  }
  if (!res.ok) {
    const why = body && body.error ? body.error : `${res.status} ${res.statusText}`;
    throw new Error(`${path}: ${why}`);
  }
  if (body === null) throw new Error(`${path}: the answer is not JSON`);
  return body;
}

// Paths are relative so the page also works mounted below a prefix.
const api = {
  graph: () => getJSON(`api/graph?limit=${GRAPH_LIMIT}`),
  search(q, type) {
    const params = new URLSearchParams({ q });
    if (type) params.set("type", type);
    return getJSON(`api/search?${params}`);
  },
  entity: (id) => getJSON(`api/entities/${encodeURIComponent(id)}`),
  neighbours: (id) => getJSON(`api/entities/${encodeURIComponent(id)}/neighbours?depth=1`),
};

// ---------------------------------------------------------------------------
// Small DOM helpers. Text always goes in as text nodes, never as HTML.

// el builds an element: attributes (on* keys add listeners) then children;
// null, undefined and false children are left out, arrays are flattened.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

function showError(err) {
  const box = $("#error");
  box.textContent = err instanceof Error ? err.message : String(err);
  box.hidden = false;
}

function clearError() {
  const box = $("#error");
  box.hidden = true;
  box.textContent = "";
}

function setStatus(text) {
  $("#status").textContent = text;
}

function shorten(text, max) {
  const chars = Array.from(text || "");
  return chars.length <= max ? chars.join("") : chars.slice(0, max - 1).join("") + "…";
}

function typeBadge(type) {
  return el("span", { class: "type" }, el("span", { class: "swatch", style: `background:${typeColour(type)}` }), type);
}

// entityButton is a button that selects the entity {id, name, type}.
function entityButton(node, select) {
  return el("button", { type: "button", class: "entity", "data-id": node.id, "data-type": node.type, onclick: () => select(node.id) },
    el("span", { class: "swatch", style: `background:${typeColour(node.type)}` }),
    node.name || node.id);
}

// ---------------------------------------------------------------------------
// The graph view

// createGraphView draws nodes and edges into svgElement and calls
// onSelect(id) when a node is clicked (or activated with the keyboard).
// Its state lives in this closure; the returned object is its only handle.
function createGraphView(svgElement, onSelect) {
  const svg = d3.select(svgElement);
  const viewport = svg.append("g").attr("class", "viewport");
  const linkLayer = viewport.append("g").attr("class", "links");
  const nodeLayer = viewport.append("g").attr("class", "nodes");

  const nodes = new Map(); // id → node datum; d3 adds x, y, vx, vy
  const links = new Map(); // key → link datum; d3 swaps source/target ids for nodes
  let nodeSel = nodeLayer.selectAll("g.node");
  let linkSel = linkLayer.selectAll("line.link");

  const zoom = d3.zoom().scaleExtent([0.1, 8]).on("zoom", (event) => {
    viewport.attr("transform", event.transform);
    svg.classed("all-labels", event.transform.k >= LABEL_ZOOM);
  });
  svg.call(zoom).on("dblclick.zoom", null);

  const simulation = d3.forceSimulation()
    .force("link", d3.forceLink().id((d) => d.id).distance(60).strength(0.3))
    .force("charge", d3.forceManyBody().strength(-140).distanceMax(500))
    .force("collide", d3.forceCollide((d) => radius(d) + 3))
    .force("x", d3.forceX().strength(0.03))
    .force("y", d3.forceY().strength(0.03))
    .on("tick", ticked);

  // The origin is the middle of the svg, whatever its size.
  new ResizeObserver(() => {
    const { width, height } = svgElement.getBoundingClientRect();
    svg.attr("viewBox", [-width / 2, -height / 2, width, height].join(" "));
  }).observe(svgElement);

  function radius(d) {
    return 4 + Math.min(10, Math.sqrt(d.degree || 0) * 1.5);
  }

  function endId(end) {
    return typeof end === "object" ? end.id : end;
  }

  function ticked() {
    linkSel
      .attr("x1", (d) => d.source.x).attr("y1", (d) => d.source.y)
      .attr("x2", (d) => d.target.x).attr("y2", (d) => d.target.y);
    nodeSel.attr("transform", (d) => `translate(${d.x},${d.y})`);
  }

  function drag() {
    return d3.drag()
      .on("start", (event, d) => {
        if (!event.active) simulation.alphaTarget(0.2).restart();
        d.fx = d.x;
        d.fy = d.y;
      })
      .on("drag", (event, d) => {
        d.fx = event.x;
        d.fy = event.y;
      })
      .on("end", (event, d) => {
        if (!event.active) simulation.alphaTarget(0);
        d.fx = null;
        d.fy = null;
      });
  }

  // addNode keeps an existing datum (and its position); a new node starts
  // next to a node it is linked to, so added neighbours grow out of it.
  function addNode(n, anchor) {
    if (nodes.has(n.id)) return;
    const datum = { id: n.id, iri: n.iri, name: n.name, type: n.type, degree: 0 };
    if (anchor && anchor.x !== undefined) {
      datum.x = anchor.x + (Math.random() - 0.5) * 30;
      datum.y = anchor.y + (Math.random() - 0.5) * 30;
    }
    nodes.set(n.id, datum);
  }

  function anchorFor(id, edges) {
    for (const e of edges) {
      if (e.source === id && nodes.has(e.target)) return nodes.get(e.target);
      if (e.target === id && nodes.has(e.source)) return nodes.get(e.source);
    }
    return undefined;
  }

  function countDegrees() {
    for (const n of nodes.values()) n.degree = 0;
    for (const l of links.values()) {
      nodes.get(endId(l.source)).degree++;
      nodes.get(endId(l.target)).degree++;
    }
  }

  function render() {
    linkSel = linkLayer.selectAll("line.link")
      .data([...links.values()], (d) => d.key)
      .join((enter) => enter.append("line").attr("class", "link")
        .call((line) => line.append("title").text((d) => d.predicate)));

    nodeSel = nodeLayer.selectAll("g.node")
      .data([...nodes.values()], (d) => d.id)
      .join(enterNodes);
    nodeSel.select("circle").attr("r", radius);
    nodeSel.classed("hub", (d) => d.degree >= HUB_DEGREE);

    simulation.nodes([...nodes.values()]);
    simulation.force("link").links([...links.values()]);
  }

  // settle lays the graph out before it is shown and fits it to the view,
  // so the first picture is still and readable.
  function settle() {
    simulation.stop();
    simulation.tick(SETTLE_TICKS);
    ticked();
    fit();
  }

  function fit() {
    const { width, height } = svgElement.getBoundingClientRect();
    const xs = [...nodes.values()].map((d) => d.x);
    const ys = [...nodes.values()].map((d) => d.y);
    if (xs.length === 0 || width === 0 || height === 0) return;
    const [x0, x1] = d3.extent(xs);
    const [y0, y1] = d3.extent(ys);
    const k = Math.min(2, 0.9 / Math.max((x1 - x0 + 1) / width, (y1 - y0 + 1) / height));
    svg.call(zoom.transform, d3.zoomIdentity.scale(k).translate(-(x0 + x1) / 2, -(y0 + y1) / 2));
  }

  function enterNodes(enter) {
    const g = enter.append("g")
      .attr("class", "node")
      .attr("data-id", (d) => d.id)
      .attr("data-type", (d) => d.type)
      .attr("tabindex", 0)
      .attr("role", "button")
      .attr("aria-label", (d) => `${d.name} (${d.type})`)
      .on("click", (event, d) => onSelect(d.id))
      .on("keydown", (event, d) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          onSelect(d.id);
        }
      })
      .call(drag());
    g.append("circle").attr("fill", (d) => typeColour(d.type));
    g.append("text").attr("x", 9).attr("y", 3).text((d) => shorten(d.name || d.id, LABEL_CHARS));
    g.append("title").text((d) => `${d.name}\n${d.type}`);
    return g;
  }

  // merge adds a graph answer ({nodes, edges}) to what is drawn. Edges to
  // nodes that are not drawn (a truncated graph) are left out.
  function merge(data) {
    const edges = data.edges || [];
    const before = nodes.size + links.size;
    const first = nodes.size === 0;
    for (const n of data.nodes || []) addNode(n, anchorFor(n.id, edges));
    for (const e of edges) {
      if (!nodes.has(e.source) || !nodes.has(e.target)) continue;
      const key = `${e.source}\u0000${e.predicate}\u0000${e.target}`;
      if (!links.has(key)) links.set(key, { ...e, key });
    }
    const grew = nodes.size + links.size > before;
    countDegrees();
    render();
    if (first) settle();
    else if (grew) simulation.alpha(0.3).restart();
  }

  // highlight marks the node id as selected and the ids in around as its
  // neighbours; everything else is dimmed. highlight(null) clears it.
  function highlight(id, around = []) {
    const near = new Set(around);
    const on = id !== null;
    nodeSel
      .classed("selected", (d) => d.id === id)
      .classed("neighbour", (d) => on && d.id !== id && near.has(d.id))
      .classed("dim", (d) => on && d.id !== id && !near.has(d.id));
    linkSel
      .classed("active", (d) => on && (endId(d.source) === id || endId(d.target) === id))
      .classed("dim", (d) => on && endId(d.source) !== id && endId(d.target) !== id);
    nodeSel.filter((d) => d.id === id).raise();
  }

  // focus pans the view to the node id, keeping the zoom level.
  function focus(id) {
    const d = nodes.get(id);
    if (!d || d.x === undefined) return;
    svg.transition().duration(600).call(zoom.translateTo, d.x, d.y);
  }

  function counts() {
    const byType = new Map();
    for (const n of nodes.values()) byType.set(n.type, (byType.get(n.type) || 0) + 1);
    return { nodes: nodes.size, links: links.size, byType };
  }

  return { merge, highlight, focus, counts };
}

function renderLegend(byType) {
  const known = Object.keys(TYPE_COLOURS).filter((t) => byType.has(t));
  const other = [...byType.keys()].filter((t) => !(t in TYPE_COLOURS)).sort();
  $("#legend").replaceChildren(...[...known, ...other].map((type) =>
    el("li", {}, typeBadge(type), el("span", { class: "count" }, String(byType.get(type))))));
}

// ---------------------------------------------------------------------------
// Search

// setupSearch lists the answers of GET /api/search in #results as the user
// types (debounced) or presses Enter; a late answer to an older query is
// dropped.
function setupSearch(select) {
  const form = $("#search-form");
  const input = $("#search");
  const type = $("#search-type");
  for (const t of Object.keys(TYPE_COLOURS)) type.append(el("option", { value: t }, t));

  let latest = 0;
  let timer;
  async function run() {
    clearTimeout(timer);
    const q = input.value.trim();
    const mine = ++latest;
    if (q === "") {
      $("#results").replaceChildren();
      return;
    }
    try {
      const hits = await api.search(q, type.value);
      if (mine === latest) renderResults(hits, q, select);
    } catch (err) {
      if (mine === latest) showError(err);
    }
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, SEARCH_DELAY_MS);
  });
  type.addEventListener("change", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
}

function renderResults(hits, q, select) {
  const list = $("#results");
  if (!hits || hits.length === 0) {
    list.replaceChildren(el("li", { class: "empty" }, `Nothing matches “${q}”.`));
    return;
  }
  list.replaceChildren(...hits.map((hit) => el("li", {},
    el("button", { type: "button", class: "result", "data-id": hit.id, title: hit.name, onclick: () => select(hit.id) },
      el("span", { class: "name" }, hit.name || hit.id),
      typeBadge(hit.type),
      matchingAlias(hit, q)))));
}

// matchingAlias shows the alias the query matched when the name does not
// contain it ("KGB" for "Committee for State Security …").
function matchingAlias(hit, q) {
  const needle = q.toLowerCase();
  if ((hit.name || "").toLowerCase().includes(needle)) return null;
  const alias = (hit.aliases || []).find((a) => a.toLowerCase().includes(needle));
  return alias ? el("span", { class: "alias" }, alias) : null;
}

// ---------------------------------------------------------------------------
// Details

function renderDetails(entity, select) {
  const sources = new Map((entity.provenance || []).map((p) => [p.id, p]));
  const parts = [
    el("h2", {}, entity.name || entity.id),
    el("p", { class: "meta" }, typeBadge(entity.type), " ", el("code", { title: entity.iri }, entity.id)),
    listSection("Also called", entity.aliases, (a) => a),
    listSection("Same as", entity.same_as, (iri) => sameAsLink(iri, select)),
    propertiesSection(entity.properties, entity.name),
    provenanceSection(entity),
    edgesSection("Outgoing", entity.out, "out", sources, select),
    edgesSection("Incoming", entity.in, "in", sources, select),
  ];
  const box = $("#details");
  box.replaceChildren(...parts.filter(Boolean));
  // A new entity starts at its top, also when the panel was scrolled down.
  if (box.getBoundingClientRect().top < $("#sidebar").getBoundingClientRect().top) box.scrollIntoView();
  // Scroll the article text, not the panel, to the highlighted clause.
  const mark = box.querySelector("mark");
  if (mark) mark.closest("blockquote").scrollTop = mark.offsetTop - 16;
}

function listSection(title, items, render) {
  if (!items || items.length === 0) return null;
  return el("section", {}, el("h3", {}, title), el("ul", { class: "plain" }, items.map((item) => el("li", {}, render(item)))));
}

// sameAsLink links out to another dataset, or selects the node when the IRI
// is one of pactgraph's own. Only http(s) IRIs become links.
function sameAsLink(iri, select) {
  const own = "https://w3id.org/pactgraph/id/";
  if (iri.startsWith(own)) {
    const id = iri.slice(own.length);
    return el("button", { type: "button", class: "entity", "data-id": id, onclick: () => select(id) }, id);
  }
  if (!/^https?:\/\//i.test(iri)) return el("code", {}, iri);
  return el("a", { href: iri, target: "_blank", rel: "noopener noreferrer" }, iri);
}

// propertiesSection lists the literal values; a label that only repeats the
// name is left out.
function propertiesSection(properties, name) {
  const repeatsName = (k) => k === "label" && [].concat(properties[k]).every((v) => v === name);
  const keys = Object.keys(properties || {}).filter((k) => !repeatsName(k)).sort();
  if (keys.length === 0) return null;
  return el("section", {}, el("h3", {}, "Properties"),
    el("dl", { class: "properties" }, keys.map((k) => [
      el("dt", {}, k),
      [].concat(properties[k]).map((v) => el("dd", {}, String(v))),
    ])));
}

// edgesSection lists edges grouped by predicate; each other end is a button
// that selects it, titled with the source the edge was read from.
function edgesSection(title, edges, direction, sources, select) {
  if (!edges || edges.length === 0) return null;
  const groups = d3.group(edges, (e) => e.predicate);
  const predicates = [...groups.keys()].sort();
  return el("section", { class: `edges ${direction}` },
    el("h3", {}, `${title} (${edges.length})`),
    el("dl", {}, predicates.map((p) => [
      el("dt", {}, direction === "out" ? `${p} →` : `← ${p}`),
      groups.get(p).map((e) => el("dd", { title: sourceTitle(sources.get(e.label)) }, entityButton(e.node, select))),
    ])));
}

function sourceTitle(source) {
  if (!source) return null;
  return [source.document_title || source.document, articleName(source.article)].filter(Boolean).join(", ");
}

function articleName(number) {
  if (!number) return "";
  return number === "preamble" ? "Preamble" : `Article ${number}`;
}

// provenanceSection lists the sources of the entity's facts: a document, or
// an article of one with its text, folded but for the first (or, for a
// commitment, with its clause marked, all of them).
function provenanceSection(entity) {
  const sources = entity.provenance || [];
  if (sources.length === 0) return null;
  const clause = clauseOf(entity);
  const first = sources.find((s) => s.text);
  return el("section", { class: "provenance" },
    el("h3", {}, `Comes from (${sources.length})`),
    sources.map((s) => {
      const title = [s.document_title || s.document, articleName(s.article)].filter(Boolean).join(" — ");
      if (!s.text) return el("p", { class: "source", "data-source": s.id }, title);
      return el("details", { class: "source", "data-source": s.id, open: clause !== null || s === first },
        el("summary", {}, title),
        el("blockquote", {}, highlightClause(s.text, s.span, clause)));
    }));
}

// clauseOf returns the clause of a Commitment as {text, start, end}, start
// and end being code-point offsets in the document file, or null.
function clauseOf(entity) {
  if (entity.type !== "Commitment") return null;
  const p = entity.properties || {};
  const first = (v) => (Array.isArray(v) ? v[0] : v);
  const start = Number(first(p.start));
  const end = Number(first(p.end));
  const text = first(p.text) || "";
  if (!Number.isInteger(start) || !Number.isInteger(end)) return text ? { text, start: NaN, end: NaN } : null;
  return { text, start, end };
}

// highlightClause returns the article text with the clause in a <mark>. The
// clause's offsets are moved into the article by the article's own span
// start; if they do not land on the clause's words, the words are looked up.
// The mark's data-located says which way it was found: "span" or "search".
function highlightClause(text, span, clause) {
  if (!clause) return [text];
  const chars = Array.from(text);
  let located = "span";
  let from = -1;
  let to = -1;
  if (Array.isArray(span) && Number.isInteger(clause.start)) {
    from = clause.start - span[0];
    to = clause.end - span[0];
  }
  const fits = from >= 0 && to > from && to <= chars.length;
  if (!fits || (clause.text && chars.slice(from, to).join("") !== clause.text)) {
    const at = clause.text ? text.indexOf(clause.text) : -1;
    if (at < 0) return [text];
    located = "search";
    from = Array.from(text.slice(0, at)).length;
    to = from + Array.from(clause.text).length;
  }
  return [chars.slice(0, from).join(""), el("mark", { "data-located": located }, chars.slice(from, to).join("")), chars.slice(to).join("")];
}

// ---------------------------------------------------------------------------
// Wiring. The selected entity is the URL's fragment (#kgb), so the back
// button and links work; selecting means setting the fragment.

function createExplorer(view) {
  let current = null;

  function select(id) {
    const hash = `#${encodeURIComponent(id)}`;
    if (location.hash === hash) show(id);
    else location.hash = hash;
  }

  async function show(id) {
    current = id;
    clearError();
    $("#details").setAttribute("aria-busy", "true");
    const hood = api.neighbours(id).catch((err) => {
      if (current === id) showError(err);
      return null;
    });
    try {
      const entity = await api.entity(id);
      if (current !== id) return;
      renderDetails(entity, select);
      const around = await hood;
      if (current !== id) return;
      if (around) {
        view.merge(around);
        updateOverview(view);
      }
      view.highlight(id, around ? around.nodes.map((n) => n.id) : []);
      view.focus(id);
    } catch (err) {
      if (current !== id) return;
      showError(err);
      $("#details").replaceChildren(el("p", { class: "hint" }, `Cannot show “${id}”.`));
      view.highlight(null);
    } finally {
      if (current === id) $("#details").removeAttribute("aria-busy");
    }
  }

  function fromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    if (id) show(id);
  }

  return { select, fromHash };
}

function updateOverview(view) {
  const c = view.counts();
  renderLegend(c.byType);
  setStatus(`${c.nodes} nodes, ${c.links} edges`);
}

async function main() {
  if (typeof d3 === "undefined") {
    showError("d3 did not load: vendor/d3.min.js is missing (run make viz before building).");
    return;
  }
  let explorer;
  const view = createGraphView($("#graph"), (id) => explorer.select(id));
  explorer = createExplorer(view);
  setupSearch(explorer.select);
  window.addEventListener("hashchange", explorer.fromHash);

  setStatus("Loading the graph…");
  try {
    const graph = await api.graph();
    view.merge(graph);
    updateOverview(view);
    if (graph.truncated) setStatus(`${$("#status").textContent} (the first ${GRAPH_LIMIT} nodes only)`);
  } catch (err) {
    setStatus("");
    showError(err);
  }
  explorer.fromHash();
}

main();
