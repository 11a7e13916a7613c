// details.js: the details panel of the selected entity: its names and
// properties, identifiers linking out to other datasets, its expansion
// (neighbours by predicate), and for every fact the article text with the
// clause marked and the archival citation.
/* global d3 */
import { $, el, typeBadge, entityButton, articleName } from "./dom.js";

// Known datasets, by the start of their IRIs, for the identifiers' labels.
const DATASETS = [
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

// renderDetails fills #details. ctx: {select, expansion, expand, more,
// collapse, pathEnd, documents (id → summary)}.
export function renderDetails(entity, ctx) {
  const sources = new Map((entity.provenance || []).map((p) => [p.id, p]));
  const parts = [
    el("h2", {}, entity.name || entity.id),
    el("p", { class: "meta" }, typeBadge(entity.type), " ", el("code", { title: entity.iri }, entity.id)),
    actions(entity, ctx),
    listSection("Also called", entity.aliases, (a) => a),
    identifiersSection(entity, ctx.select),
    propertiesSection(entity.properties, entity.name),
    expansionSection(entity.id, ctx),
    provenanceSection(entity, ctx.documents),
    edgesSection("Outgoing", entity.out, "out", sources, ctx.select),
    edgesSection("Incoming", entity.in, "in", sources, ctx.select),
  ];
  const box = $("#details");
  box.replaceChildren(...parts.filter(Boolean));
  box.scrollTop = 0;
  // Scroll the article text, not the panel, to the first marked words.
  for (const q of box.querySelectorAll("blockquote")) {
    const mark = q.querySelector("mark");
    if (mark) q.scrollTop = mark.offsetTop - 16;
  }
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

// identifiersSection links out to other datasets (owl:sameAs and the
// properties holding IRIs), naming the dataset when it is a known one.
function identifiersSection(entity, select) {
  const iris = [...(entity.same_as || [])];
  if (iris.length === 0) return null;
  return el("section", { class: "identifiers" }, el("h3", {}, "Identifiers"),
    el("ul", { class: "plain" }, iris.map((iri) => el("li", {}, identifier(iri, select)))));
}

function identifier(iri, select) {
  const own = "https://w3id.org/pactgraph/id/";
  if (iri.startsWith(own)) {
    const id = iri.slice(own.length);
    return el("button", { type: "button", class: "entity", "data-id": id, onclick: () => select(id) }, id);
  }
  if (!/^https?:\/\//i.test(iri)) return el("code", {}, iri);
  const known = DATASETS.find(([prefix]) => iri.startsWith(prefix));
  const local = known ? decodeURIComponent(iri.slice(known[0].length)) : iri;
  return el("a", { href: iri, target: "_blank", rel: "noopener noreferrer", class: "identifier", "data-dataset": known ? known[1] : "" },
    known ? el("span", { class: "dataset" }, `${known[1]}: `) : null, local);
}

function propertiesSection(properties, name) {
  const repeatsName = (k) => k === "label" && [].concat(properties[k]).every((v) => v === name);
  const keys = Object.keys(properties || {}).filter((k) => !repeatsName(k)).sort();
  if (keys.length === 0) return null;
  return el("section", {}, el("h3", {}, "Properties"),
    el("dl", { class: "properties" }, keys.map((k) => [
      el("dt", {}, k),
      [].concat(properties[k]).map((v) => el("dd", {}, /^https?:\/\//.test(v) ? el("a", { href: v, target: "_blank", rel: "noopener noreferrer" }, v) : String(v))),
    ])));
}

function edgesSection(title, edges, direction, sources, select) {
  if (!edges || edges.length === 0) return null;
  const groups = d3.group(edges, (e) => e.predicate);
  const predicates = [...groups.keys()].sort();
  return el("section", { class: `edges ${direction}` },
    el("h3", {}, `${title} (${edges.length})`),
    el("dl", {}, predicates.map((p) => [
      el("dt", {}, direction === "out" ? `${p} → (${groups.get(p).length})` : `← ${p} (${groups.get(p).length})`),
      groups.get(p).map((e) => el("dd", { title: sourceTitle(sources.get(e.label)) }, entityButton(e.node, select))),
    ])));
}

function sourceTitle(source) {
  if (!source) return null;
  return [source.document_title || source.document, articleName(source.article)].filter(Boolean).join(", ");
}

// provenanceSection lists every source of the entity's facts: the article
// text with the clause (a commitment's) or the entity's names marked, and
// the archival citation of the document.
function provenanceSection(entity, documents) {
  const sources = entity.provenance || [];
  if (sources.length === 0) return null;
  const clause = clauseOf(entity);
  const names = [entity.name, ...(entity.aliases || [])].filter((n) => n && Array.from(n).length >= 3);
  return el("section", { class: "provenance" },
    el("h3", {}, `Comes from (${sources.length})`),
    sources.map((s, i) => {
      const title = [s.document_title || s.document, articleName(s.article)].filter(Boolean).join(" — ");
      const cite = citation(documents.get(s.document));
      if (!s.text) return el("div", { class: "source", "data-source": s.id }, el("p", { class: "source-title" }, title), cite);
      const marked = clause ? highlightClause(s.text, s.span, clause) : highlightNames(s.text, names);
      return el("details", { class: "source", "data-source": s.id, open: clause !== null || i < 3 },
        el("summary", {}, title),
        el("blockquote", {}, marked),
        cite);
    }));
}

// citation is the archival reference of a document: its citation, the
// archive's reference and the URL of the source.
function citation(doc) {
  if (!doc) return null;
  return el("dl", { class: "citation" },
    doc.citation ? [el("dt", {}, "Source"), el("dd", { class: "cite-source" }, doc.citation)] : null,
    doc.archive_reference ? [el("dt", {}, "Archive reference"), el("dd", { class: "cite-archive" }, doc.archive_reference)] : null,
    doc.url ? [el("dt", {}, "URL"), el("dd", {}, el("a", { class: "cite-url", href: doc.url, target: "_blank", rel: "noopener noreferrer" }, doc.url))] : null);
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
