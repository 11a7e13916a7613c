// details.js: the details panel of the selected entity: its names and
// properties, identifiers linking out to other datasets, its expansion
// (neighbours by predicate), its links a page at a time, and for every fact
// shown the article text with the clause marked and the archival citation.
/* global d3 */
import { $, el, link, webURL, showError, typeBadge, entityButton, articleName, DATASETS, nodeColour, kindOf } from "./dom.js";
import { compareParts } from "./order.js";
import { api, ENTITY_LINKS, pactgraphID } from "./api.js";
import { reviewBadge } from "./filters.js";

// Known datasets, by the start of their IRIs, for the identifiers' labels.
const IRI_DATASETS = [
  ["http://www.wikidata.org/entity/", "Wikidata"],
  ["https://www.wikidata.org/wiki/", "Wikidata"],
  ["http://www.wikidata.org/wiki/", "Wikidata"],
  ["https://correlatesofwar.org/", "COW"],
  ["http://correlatesofwar.org/", "COW"],
  ["https://www.atopdata.org/", "ATOP"],
  ["http://www.atopdata.org/", "ATOP"],
  ["https://atopdata.org/", "ATOP"],
  ["https://viaf.org/", "VIAF"],
  ["http://viaf.org/", "VIAF"],
  ["https://d-nb.info/gnd/", "GND"],
  ["http://d-nb.info/gnd/", "GND"],
  ["https://www.geonames.org/", "GeoNames"],
  ["http://sws.geonames.org/", "GeoNames"],
  ["https://id.loc.gov/", "LoC"],
  ["http://id.loc.gov/", "LoC"],
];

// shown is the entity in the panel with the pages of its links read so
// far ({first, out, in, totals, provenance, provenanceTotal}): the panel
// is drawn again whenever the view changes, and keeps what "more" fetched.
let shown = null;

// renderDetails fills #details with entity, the first page of an entity
// (api.entity). ctx: {select, expansion, expand, more, collapse, pathEnd,
// documents (id → summary)}.
export function renderDetails(entity, ctx) {
  if (!shown || shown.first !== entity) shown = firstPage(entity);
  const parts = [
    el("h2", { tabindex: "-1" }, entity.name || entity.id),
    el("p", { class: "meta" }, kindBadge(entity), " ", el("code", { title: entity.iri }, entity.id)),
    actions(entity, ctx),
    listSection("Also called", entity.aliases, (a) => a),
    identifiersSection(entity, ctx.select),
    passageSection(entity, ctx.passage),
    propertiesSection(entity.properties, entity.name),
    expansionSection(entity.id, ctx),
    ...pagedSections(shown, ctx),
  ];
  const box = $("#details");
  box.replaceChildren(...parts.filter(Boolean));
  box.scrollTop = 0;
  scrollQuotes(box);
}

// Scroll each article text, not the panel, to its first marked words.
function scrollQuotes(root) {
  for (const q of root.querySelectorAll("blockquote")) {
    const mark = q.querySelector("mark");
    if (mark) q.scrollTop = mark.offsetTop - 16;
  }
}

// kindBadge is the entity's type, or for a dataset's record its dataset,
// in its colour and in words.
function kindBadge(entity) {
  if (!DATASETS[entity.dataset]) return typeBadge(entity.type);
  return el("span", { class: "type", "data-dataset": entity.dataset },
    el("span", { class: "swatch", style: `background:${nodeColour(entity)}` }), kindOf(entity));
}

function firstPage(entity) {
  const out = entity.out || [];
  const inn = entity.in || [];
  const provenance = entity.provenance || [];
  return {
    first: entity,
    out,
    in: inn,
    totals: { out: entity.out_total ?? out.length, in: entity.in_total ?? inn.length },
    provenance,
    provenanceTotal: entity.provenance_total ?? provenance.length,
  };
}

// pagedSections are the parts of the panel that grow as pages of links are
// read: the sources, the links out and the links in. They come last in the
// panel, each marked data-part, so that "more" can draw them again alone.
function pagedSections(state, ctx) {
  const sources = new Map(state.provenance.map((p) => [p.id, p]));
  return [
    provenanceSection(state, ctx.documents),
    edgesSection("Outgoing", "out", state, sources, ctx),
    edgesSection("Incoming", "in", state, sources, ctx),
  ].filter(Boolean);
}

// more reads the next page of the links in direction ("out" or "in") of
// the entity shown, adds its links and their sources to the panel, and
// moves the focus to the first link it added.
async function more(direction, button, ctx) {
  const state = shown;
  const from = state[direction].length;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  let page;
  try {
    // The other direction's offset is past its end: the server reads
    // nothing there.
    page = await api.entity(state.first.id, direction === "out"
      ? { outOffset: from, inOffset: state.totals.in }
      : { inOffset: from, outOffset: state.totals.out });
  } catch (err) {
    showError(err);
    button.disabled = false;
    button.removeAttribute("aria-busy");
    return;
  }
  if (shown !== state || state[direction].length !== from) return; // another entity, or a second click
  state[direction] = state[direction].concat(page[direction] || []);
  state.totals = { out: page.out_total ?? state.totals.out, in: page.in_total ?? state.totals.in };
  const known = new Set(state.provenance.map((p) => p.id));
  state.provenance = state.provenance.concat((page.provenance || []).filter((p) => !known.has(p.id))).sort(bySource);
  const box = $("#details");
  for (const part of box.querySelectorAll(":scope > [data-part]")) part.remove();
  const parts = pagedSections(state, ctx);
  box.append(...parts);
  for (const part of parts) scrollQuotes(part);
  const added = box.querySelector(`.edges.${direction} dd[data-n="${from}"] button`);
  if (added) added.focus();
}

function actions(entity, ctx) {
  return el("p", { class: "actions" },
    el("button", { type: "button", class: "path-from", onclick: () => ctx.pathEnd("from", entity) }, "Path from here"),
    el("button", { type: "button", class: "path-to", onclick: () => ctx.pathEnd("to", entity) }, "Path to here"),
    el("button", { type: "button", class: "ego", onclick: () => ctx.ego(entity.id) }, "Ego view"));
}

// expansionSection counts the node's neighbours by predicate, with the
// handles to expand, show more, or collapse.
function expansionSection(id, ctx) {
  const x = ctx.expansion(id);
  if (!x) {
    return el("section", { class: "expansion" }, el("h3", {}, "Neighbours"),
      el("button", { type: "button", class: "expand", onclick: () => ctx.expand(id) }, "Expand"));
  }
  const groups = [...x.groups.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return el("section", { class: "expansion" },
    el("h3", {}, `Neighbours (${x.total}, ${x.shown} shown)`),
    el("ul", { class: "groups" }, groups.map(([label, n]) => el("li", { "data-predicate": label },
      el("span", { class: "predicate" }, label), " ", el("span", { class: "count" }, String(n))))),
    el("p", { class: "actions" },
      x.total > x.shown ? el("button", { type: "button", class: "more", onclick: () => ctx.more(id) }, `+${x.total - x.shown} more`) : null,
      el("button", { type: "button", class: "collapse", onclick: () => ctx.collapse(id) }, "Collapse")));
}

function listSection(title, items, render) {
  if (!items || items.length === 0) return null;
  return el("section", {}, el("h3", {}, title), el("ul", { class: "plain" }, items.map((item) => el("li", {}, render(item)))));
}

// identifiersSection lists the entity's keys in the linked datasets (COW,
// ATOP, Archigos, the Office of the Historian: entity.identifiers), each
// linking out to its record's page or its dataset's, then the other
// datasets' IRIs (owl:sameAs), naming the dataset when it is a known one.
function identifiersSection(entity, select) {
  const keys = entity.identifiers || [];
  const iris = [...(entity.same_as || [])];
  if (keys.length === 0 && iris.length === 0) return null;
  return el("section", { class: "identifiers" }, el("h3", {}, "Identifiers"),
    el("ul", { class: "plain" },
      keys.map((k) => el("li", { class: "dataset-key", "data-dataset": k.dataset },
        link(k.url, { class: "identifier", "data-dataset": k.dataset, title: k.dataset_title },
          el("span", { class: "swatch", style: `background:${nodeColour({ dataset: k.dataset })}` }),
          el("span", { class: "dataset" }, `${(DATASETS[k.dataset] || { name: k.dataset_title || k.dataset }).name}: `), k.code),
        k.record ? [" ", el("span", { class: "record" }, "record "), entityButton(k.record, select)] : null)),
      iris.map((iri) => el("li", {}, identifier(iri, select)))));
}

function identifier(iri, select) {
  const id = pactgraphID(iri);
  if (id) {
    return el("button", { type: "button", class: "entity", "data-id": id, onclick: () => select(id) }, id);
  }
  if (!webURL(iri)) return el("code", {}, iri);
  const known = IRI_DATASETS.find(([prefix]) => iri.startsWith(prefix));
  const local = known ? decodeURIComponent(iri.slice(known[0].length)) : iri;
  return link(iri, { class: "identifier", "data-dataset": known ? known[1] : "" },
    known ? el("span", { class: "dataset" }, `${known[1]}: `) : null, local);
}

// HIDDEN_PROPERTIES are read by the page, not by its reader: the offsets
// of a clause or article in its document file (its words are marked in
// the text instead), and the codes the Identifiers list shows.
const HIDDEN_PROPERTIES = new Set(["start", "end", "code"]);

function propertiesSection(properties, name) {
  const repeatsName = (k) => k === "label" && [].concat(properties[k]).every((v) => v === name);
  const keys = Object.keys(properties || {}).filter((k) => !repeatsName(k) && !HIDDEN_PROPERTIES.has(k)).sort();
  if (keys.length === 0) return null;
  return el("section", {}, el("h3", {}, "Properties"),
    el("dl", { class: "properties" }, keys.map((k) => [
      el("dt", {}, k),
      [].concat(properties[k]).map((v) => el("dd", {}, webURL(v) ? link(v, {}) : String(v))),
    ])));
}

// bySource orders sources as the server does: by document, then where
// they start in it.
function bySource(a, b) {
  const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  return cmp(a.document, b.document) || a.span[0] - b.span[0] || cmp(a.id, b.id);
}

// edgesSection lists the links read so far in direction, by predicate;
// when the node has more, it says "N of M" and offers the next page.
function edgesSection(title, direction, state, sources, ctx) {
  const edges = state[direction];
  const total = state.totals[direction];
  if (edges.length === 0) return null;
  // n: the link's place in the server's order, which is by predicate, so
  // that a page adds to the end of the groups.
  const groups = d3.group(edges.map((e, n) => ({ e, n })), ({ e }) => e.predicate);
  // Within a predicate, articles and commitments in the order of their
  // document (Article II before Article X), the rest as the server gave.
  for (const list of groups.values()) list.sort((a, b) => compareParts(a.e.node, b.e.node) || a.n - b.n);
  const predicates = [...groups.keys()].sort();
  const left = total - edges.length;
  const count = left > 0 ? `${edges.length} of ${total}` : String(edges.length);
  return el("section", { class: `edges ${direction}`, "data-part": direction },
    el("h3", {}, `${title} (${count})`),
    el("dl", {}, predicates.map((p) => [
      el("dt", {}, direction === "out" ? `${p} → (${groups.get(p).length})` : `← ${p} (${groups.get(p).length})`),
      groups.get(p).map(({ e, n }) => el("dd", { "data-n": n, title: sourceTitle(sources.get(e.label)) }, entityButton(e.node, ctx.select))),
    ])),
    left > 0 ? el("p", { class: "actions" },
      el("button", { type: "button", class: "more-links", "data-direction": direction, onclick: (ev) => more(direction, ev.currentTarget, ctx) },
        `Show ${Math.min(ENTITY_LINKS, left)} more ${direction === "out" ? "outgoing" : "incoming"} (${left} not shown)`)) : null);
}

function sourceTitle(source) {
  if (!source) return null;
  return [source.document_title || source.document, articleName(source.article)].filter(Boolean).join(", ");
}

// provenanceSection lists the sources of the entity's facts shown (its
// own, and the links read so far): the article text with the clause (a
// commitment's) or the entity's names marked, and the archival citation of
// the document. When its facts have more sources, it says how many.
function provenanceSection(state, documents) {
  const entity = state.first;
  const sources = state.provenance;
  if (sources.length === 0) return null;
  const clause = clauseOf(entity);
  const names = [entity.name, ...(entity.aliases || [])].filter((n) => n && Array.from(n).length >= 3);
  const more = state.provenanceTotal > sources.length;
  return el("section", { class: "provenance", "data-part": "provenance" },
    el("h3", {}, `Comes from (${more ? `${sources.length} of ${state.provenanceTotal}` : sources.length})`),
    more ? el("p", { class: "hint" }, "The sources of the facts shown here; showing more links shows theirs.") : null,
    sources.map((s, i) => {
      const title = [s.document_title || s.document, articleName(s.article)].filter(Boolean).join(" — ");
      const cite = citation(documents.get(s.document));
      if (!s.text) return el("div", { class: "source", "data-source": s.id }, el("p", { class: "source-title" }, title), cite);
      const marked = clause ? highlightClause(s.text, s.span, clause) : highlightNames(s.text, names);
      return el("details", { class: "source", "data-source": s.id, open: clause !== null || i < 3 },
        el("summary", {}, title),
        el("blockquote", { tabindex: "0" }, marked),
        cite);
    }));
}

// passageSection is the text of an article or commitment opened from a
// text search, with the search's matches marked (passage.marks: code
// points of the text).
function passageSection(entity, passage) {
  if (!passage) return null;
  const first = (v) => (Array.isArray(v) ? v[0] : v);
  const chars = Array.from(first((entity.properties || {}).text) || "");
  if (chars.length === 0) return null;
  const out = [];
  let at = 0;
  for (const [from, to] of passage.marks || []) {
    if (from < at || to > chars.length) continue;
    out.push(chars.slice(at, from).join(""), el("mark", { "data-located": "text-search" }, chars.slice(from, to).join("")));
    at = to;
  }
  out.push(chars.slice(at).join(""));
  return el("section", { class: "passage" },
    el("h3", {}, "Where the search found it"),
    el("blockquote", { tabindex: "0" }, out));
}

// citation is the archival reference of a document: its citation, the
// archive's reference and the URL of the source.
function citation(doc) {
  if (!doc) return null;
  return el("dl", { class: "citation" },
    doc.citation ? [el("dt", {}, "Source"), el("dd", { class: "cite-source" }, doc.citation)] : null,
    doc.archive_reference ? [el("dt", {}, "Archive reference"), el("dd", { class: "cite-archive" }, doc.archive_reference)] : null,
    doc.url ? [el("dt", {}, "URL"), el("dd", {}, link(doc.url, { class: "cite-url" }))] : null,
    doc.needs_review ? [el("dt", {}, "Review"), el("dd", {}, reviewBadge(doc), el("ul", { class: "cite-warnings" }, (doc.warnings || []).map((w) => el("li", {}, w))))] : null);
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

// highlightClause returns the article text with the clause in a <mark>,
// found by its span moved into the article, or else by its words. The
// mark's data-located says which: "span" or "search".
export function highlightClause(text, span, clause) {
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

// highlightNames marks every whole-word use of one of names in text.
function highlightNames(text, names) {
  if (names.length === 0) return [text];
  const escaped = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  const out = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push(text.slice(last, m.index), el("mark", { "data-located": "name" }, m[0]));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}
