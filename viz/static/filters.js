// filters.js: the filters of a view (entity type, commitment type,
// modality, document, date range) and the panel that sets them: checkboxes
// and a histogram of document dates with a range slider.
/* global d3 */
import { $, el, TYPE_COLOURS } from "./dom.js";
import { typeIcon } from "./shapes.js";
import { documentFilter } from "./corpus.js";

const list = (s) => new Set((s || "").split(",").filter(Boolean));

// documentOf is the document a quad label (a document or one of its
// articles, "<document>.article-…") belongs to: the label itself, or the
// part of it before one of its dots, that names a document.
export function documentOf(label, documents) {
  if (!label) return null;
  const ids = idsOf(documents);
  for (let at = label.length; at > 0; at = label.lastIndexOf(".", at - 1)) {
    if (ids.has(label.slice(0, at))) return label.slice(0, at);
  }
  return null;
}

// idsOf is the set of the documents' ids, made once per list: a corpus
// has thousands.
const idSets = new WeakMap();
function idsOf(documents) {
  if (!idSets.has(documents)) idSets.set(documents, new Set(documents.map((d) => d.id)));
  return idSets.get(documents);
}

function year(doc) {
  const y = parseInt((doc.date || "").slice(0, 4), 10);
  return Number.isInteger(y) ? y : null;
}

// hiddenDocuments is the set of documents the filters leave out: those
// unticked, those dated outside the range, and with review=1 those that
// need no review.
export function hiddenDocuments(filters, documents) {
  const hidden = list(filters.doc);
  if (filters.review === "1") {
    for (const d of documents) if (!d.needs_review) hidden.add(d.id);
  }
  const m = /^(\d{1,4})-(\d{1,4})$/.exec(filters.dates || "");
  if (m) {
    const [lo, hi] = [Number(m[1]), Number(m[2])];
    for (const d of documents) {
      const y = year(d);
      if (y !== null && (y < lo || y > hi)) hidden.add(d.id);
    }
  }
  return hidden;
}

// applyFilters returns the part of graph the filters keep. info holds the
// documents and the commitments drawn (id → row of GET /api/commitments).
export function applyFilters(graph, filters, info, keep) {
  const types = list(filters.hide);
  const ctypes = list(filters.ctype);
  const modalities = list(filters.modality);
  const docs = hiddenDocuments(filters, info.documents);
  const out = new Set();
  for (const n of graph.nodes) {
    if (n.id === keep) continue;
    if (types.has(n.type)) out.add(n.id);
    if (n.type === "CommitmentType" && ctypes.has(n.id)) out.add(n.id);
    if (n.type === "Commitment") {
      const row = info.commitments.get(n.id);
      if (row && ((row.type && ctypes.has(row.type.id)) || modalities.has(row.modality) || docs.has(row.document))) out.add(n.id);
    }
    if (docs.size > 0 && documentOf(n.id, info.documents) !== null && docs.has(documentOf(n.id, info.documents))) out.add(n.id);
  }
  let edges = graph.edges.filter((e) => !out.has(e.source) && !out.has(e.target));
  if (docs.size > 0) {
    // Facts read from a hidden document go, and nodes only they held. Held
    // is counted on every edge of the graph: a fact linking a node to the
    // hidden document or its commitments holds it no more than any other.
    const hiddenFact = (e) => e.predicate !== "more" && docs.has(documentOf(e.label, info.documents));
    const held = new Set(graph.edges.filter((e) => !hiddenFact(e)).flatMap((e) => [e.source, e.target]));
    for (const e of graph.edges.filter(hiddenFact)) {
      for (const id of [e.source, e.target]) if (!held.has(id) && id !== keep) out.add(id);
    }
    edges = edges.filter((e) => !hiddenFact(e));
  }
  const nodes = graph.nodes.filter((n) => !out.has(n.id) && !(n.type === "More" && out.has(n.id.replace(/^\+more:/, ""))));
  const ids = new Set(nodes.map((n) => n.id));
  return { nodes, edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)), hidden: graph.nodes.length - nodes.length };
}

// renderFilters draws the filters panel for the view's filters; change(key,
// value) sets one. setCap(n) sets how many neighbours an expansion shows.
export function renderFilters(filters, info, change, cap, setCap) {
  const box = $("#filters");
  const types = list(filters.hide);
  const ctypes = list(filters.ctype);
  const modalities = list(filters.modality);
  const docs = list(filters.doc);
  // checks is a group of checkboxes, one per item [value, text, type],
  // with "All" and "None" for the group and "only" for each item: the
  // filter lists what is left out.
  const checks = (name, items, hidden, label) => {
    const values = items.map(([value]) => value);
    const leaveOut = (kept) => change(name, values.filter((v) => !kept.includes(v)).sort().join(","));
    return el("fieldset", { class: `filter filter-${name}` },
      el("legend", {}, label),
      el("p", { class: "group-actions" },
        el("button", { type: "button", class: "all", "aria-label": `${label}: all`, onclick: () => change(name, "") }, "All"),
        el("button", { type: "button", class: "none", "aria-label": `${label}: none`, onclick: () => leaveOut([]) }, "None")),
      items.map(([value, text, type]) => el("div", { class: "item" },
        el("label", {},
          el("input", {
            type: "checkbox", name, value, checked: !hidden.has(value),
            onchange: () => {
              const next = new Set(hidden);
              if (next.has(value)) next.delete(value);
              else next.add(value);
              change(name, [...next].sort().join(","));
            },
          }),
          type ? typeIcon(type) : null,
          " ", text),
        el("button", {
          type: "button", class: "only", "data-value": value,
          "aria-label": `only ${Array.isArray(text) ? text[0] : text}`, onclick: () => leaveOut([value]),
        }, "only"))));
  };

  // The commitment types and modalities of the store, with how many
  // commitments each has (GET /api/corpus).
  const counted = (text, n) => `${text} (${n.toLocaleString("en")})`;
  const corpus = info.corpus || { commitment_types: [], modalities: [] };
  box.replaceChildren(
    checks("hide", Object.keys(TYPE_COLOURS).map((t) => [t, t, t]), types, "Entity types"),
    checks("ctype", corpus.commitment_types.map((c) => [c.id, counted(c.name, c.commitments)]), ctypes, "Commitment types"),
    checks("modality", corpus.modalities.map((m) => [m.modality, counted(m.modality, m.commitments)]), modalities, "Modality"),
    documentFilter(docs, info.documents, change, reviewBadge),
    el("label", { class: "filter-review" },
      el("input", { type: "checkbox", name: "review", value: "1", checked: filters.review === "1",
        onchange: (e) => change("review", e.target.checked ? "1" : "") }),
      " Only documents that need review"),
    dateRange(filters, info.documents, change),
    el("label", { class: "cap" }, "Neighbours shown per expansion ",
      el("input", { type: "number", id: "expand-cap", min: 1, max: 1000, value: cap, onchange: (e) => setCap(e.target.value) })),
    el("p", {}, el("button", { type: "button", id: "filters-reset", onclick: () => change(null) }, "Show everything")));
}

// reviewBadge marks a document the loader read with warnings (parts not
// where the layout has them), its warnings as the badge's title; null for
// one read as expected.
export function reviewBadge(doc) {
  if (!doc || !doc.needs_review) return null;
  return el("span", { class: "badge review", title: (doc.warnings || []).join("\n") }, "needs review");
}

// dateRange is a histogram of the documents by year with two sliders, the
// first and the last year kept.
function dateRange(filters, documents, change) {
  const years = documents.map(year).filter((y) => y !== null);
  const box = el("fieldset", { class: "filter filter-dates" }, el("legend", {}, "Document dates"));
  if (years.length === 0) {
    box.append(el("p", { class: "hint" }, "No dated documents."));
    return box;
  }
  const lo = Math.min(...years) - 1;
  const hi = Math.max(...years) + 1;
  const m = /^(\d{1,4})-(\d{1,4})$/.exec(filters.dates || "");
  const from = m ? Number(m[1]) : lo;
  const to = m ? Number(m[2]) : hi;
  const width = 280;
  const height = 60;
  const x = d3.scaleLinear().domain([lo, hi + 1]).range([0, width]);
  const counts = d3.rollup(years, (v) => v.length, (y) => y);
  const top = Math.max(...counts.values());
  const svg = d3.create("svg").attr("class", "histogram").attr("width", width).attr("height", height + 14).attr("role", "img")
    .attr("aria-label", `Documents by year, ${lo + 1} to ${hi - 1}`);
  svg.selectAll("rect").data([...counts]).join("rect")
    .attr("x", ([y]) => x(y) + 1).attr("width", Math.max(2, x(lo + 1) - x(lo) - 2))
    .attr("y", ([, n]) => height - (n / top) * height).attr("height", ([, n]) => (n / top) * height)
    .attr("class", ([y]) => (y >= from && y <= to ? "in" : "out"))
    .append("title").text(([y, n]) => `${y}: ${n} document${n === 1 ? "" : "s"}`);
  svg.append("g").attr("transform", `translate(0,${height})`).call(d3.axisBottom(x).ticks(5).tickFormat(d3.format("d")));
  const slider = (id, value, label) => el("label", {}, label, " ",
    el("input", { type: "range", id, min: lo, max: hi, step: 1, value, onchange: commit }),
    el("output", { for: id }, String(value)));
  function commit() {
    let a = Number($("#date-from").value);
    let b = Number($("#date-to").value);
    if (a > b) [a, b] = [b, a];
    change("dates", a <= lo && b >= hi ? "" : `${a}-${b}`);
  }
  box.append(svg.node(), slider("date-from", from, "From"), slider("date-to", to, "To"));
  for (const input of box.querySelectorAll("input[type=range]")) {
    input.addEventListener("input", () => {
      input.nextElementSibling.textContent = input.value;
    });
  }
  return box;
}
