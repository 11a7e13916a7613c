// corpus.js: the whole corpus, whatever its size. The first view (the
// agreements by year and the main actors, each opening its ego view),
// drawn from GET /api/corpus, a few kilobytes at any size; and the
// searchable pickers over every document and agreement, from GET
// /api/corpus/documents, which is asked for only when a panel needs it.
import { el } from "./dom.js";

// PICKER_SHOWN is how many entries a picker lists at once: typing narrows.
const PICKER_SHOWN = 50;

// metrics are the first view's figures, for the benchmark: when it was
// first drawn (performance.now()).
export const metrics = { firstDraw: null };

// count writes n with thousands separators (1,002), without the cost of
// loading a locale on the first draw.
const count = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const plural = (n, word) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;

// matcher is a test of a text against a query: every word of the query
// appears in the text, ignoring case.
function matcher(query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return (text) => {
    const t = text.toLowerCase();
    return words.every((w) => t.includes(w));
  };
}

// docLabel is how a document is named in lists: its title and date.
export function docLabel(d) {
  return `${d.title || d.id}${d.date && !(d.title || "").includes(d.date.slice(0, 4)) ? ` (${d.date})` : ""}`;
}

// --- The first view ------------------------------------------------------------

// renderHome fills box with the corpus in brief. ctx: {ego(id), graph()
// (draw the whole graph), documents() (a promise of every document)}.
export function renderHome(box, summary, ctx) {
  const first = summary.years.length ? summary.years[0].year : null;
  const last = summary.years.length ? summary.years[summary.years.length - 1].year : null;
  const span = first === null ? "" : first === last ? `, ${first}` : `, ${first}–${last}`;
  box.replaceChildren(
    el("h2", { id: "corpus-title" }, "What is in here"),
    el("p", { class: "corpus-counts" },
      `${plural(summary.documents, "document")} recording ${plural(summary.agreements, "agreement")}${span}.`,
      summary.undated ? ` ${plural(summary.undated, "document")} undated.` : "",
      " ",
      el("button", { type: "button", id: "draw-all", onclick: ctx.graph }, "Draw the whole graph")),
    el("div", { class: "corpus-parts" },
      el("section", { class: "corpus-timeline", "aria-labelledby": "timeline-title" },
        el("h3", { id: "timeline-title" }, "Agreements by year"),
        timeline(summary.years, ctx),
        el("div", { id: "year-list" })),
      el("section", { class: "corpus-actors", "aria-labelledby": "actors-title" },
        el("h3", { id: "actors-title" }, "Main actors"),
        el("p", { class: "hint" }, `Parties by the agreements they are party to, then the commitments they bear; ${summary.actors.length} of ${summary.actors_total}.`),
        actors(summary.actors, ctx))));
  if (metrics.firstDraw === null) metrics.firstDraw = performance.now();
}

// timeline is a bar per year from the first to the last dated document;
// a year with documents is a button that lists its agreements.
function timeline(years, ctx) {
  const list = el("ol", { id: "timeline", class: "timeline", "aria-label": "Agreements by year" });
  if (years.length === 0) return el("p", { class: "hint" }, "No dated documents.");
  const byYear = new Map(years.map((y) => [y.year, y]));
  const top = Math.max(...years.map((y) => y.agreements || y.documents));
  const first = years[0].year;
  const last = years[years.length - 1].year;
  // Years labelled: all of a short span, else every fifth or tenth, and
  // the first and the last unless one of those is near.
  const span = last - first + 1;
  const every = span <= 10 ? 1 : span <= 50 ? 5 : 10;
  const labelled = (year) => year % every === 0 ||
    (year === first && every - (first % every) >= 3) || (year === last && last % every >= 3);
  for (let year = first; year <= last; year++) {
    const y = byYear.get(year);
    const n = y ? y.agreements || y.documents : 0;
    const bar = el("span", { class: "bar", style: `height:${Math.max(n ? 4 : 0, (n / top) * 100)}%` });
    const label = el("span", { class: labelled(year) ? "year" : "year visually-hidden" }, String(year));
    if (!y) {
      list.append(el("li", { class: "empty" }, bar, label));
      continue;
    }
    list.append(el("li", {}, el("button", {
      type: "button", class: "year-button", "data-year": String(year), "aria-controls": "year-list", "aria-pressed": "false",
      title: `${year}: ${plural(n, "agreement")}`, "aria-label": `${year}: ${plural(n, "agreement")}`,
      onclick: (e) => showYear(year, e.currentTarget, ctx),
    }, bar, label)));
  }
  return list;
}

// showYear lists the agreements of one year, each opening its ego view.
async function showYear(year, button, ctx) {
  for (const b of document.querySelectorAll("#timeline button")) b.setAttribute("aria-pressed", String(b === button));
  const box = document.getElementById("year-list");
  box.replaceChildren(el("p", { class: "hint" }, `Loading the agreements of ${year}…`));
  const docs = (await ctx.documents()).filter((d) => (d.date || "").startsWith(String(year)));
  box.replaceChildren(
    el("h4", { id: "year-title" }, `${year}: ${plural(docs.length, "agreement")}`),
    el("ul", { class: "year-agreements", "aria-labelledby": "year-title" }, docs.map((d) => el("li", {},
      el("button", { type: "button", class: "entity", "data-id": d.agreement || d.id, onclick: () => ctx.ego(d.agreement || d.id) }, docLabel(d))))));
}

// actors ranks the main actors, each a button to its ego view.
function actors(list, ctx) {
  if (list.length === 0) return el("p", { class: "hint" }, "No agreement names its parties.");
  const top = Math.max(...list.map((a) => a.agreements));
  return el("ol", { id: "actors", class: "actors" }, list.map((a) => el("li", {},
    el("button", { type: "button", class: "entity actor", "data-id": a.id, onclick: () => ctx.ego(a.id) }, a.name || a.id),
    el("span", { class: "counts" }, `${plural(a.agreements, "agreement")} · ${plural(a.commitments, "commitment")} borne`),
    el("span", { class: "bar", "aria-hidden": "true", style: `width:${(a.agreements / top) * 100}%` }))));
}

// --- Searchable pickers ----------------------------------------------------------

// picker is a combobox over many entries (the ARIA combobox pattern): a
// text field that filters a list of options as one types; the arrow keys
// move through it, Enter or a click chooses; data-value holds the value
// chosen. opts: {id, label, items:
// [{value, text}], value (the chosen one), placeholder, choose(value)}.
export function picker(opts) {
  const listId = `${opts.id}-options`;
  const chosen = opts.items.find((it) => it.value === opts.value);
  const input = el("input", {
    id: opts.id, type: "text", role: "combobox", autocomplete: "off", spellcheck: "false",
    "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": listId,
    placeholder: opts.placeholder || "Type to search", value: chosen ? chosen.text : "",
    "data-value": chosen ? chosen.value : "",
  });
  const list = el("ul", { id: listId, role: "listbox", class: "picker-options", "aria-label": opts.label, hidden: true });
  const counter = el("span", { class: "hint picker-count" }, plural(opts.items.length, opts.noun || "entry"));
  let shown = [];
  let active = -1;
  const setActive = (i) => {
    active = i;
    [...list.querySelectorAll("[role=option]")].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0 && shown[i]) {
      input.setAttribute("aria-activedescendant", `${listId}-${i}`);
      list.children[i].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  };
  const choose = (item) => {
    close();
    input.value = item.text;
    opts.choose(item.value);
  };
  const open = () => {
    const q = input.value.trim();
    const match = matcher(chosen && q === chosen.text ? "" : q);
    const all = opts.items.filter((it) => match(it.text));
    shown = all.slice(0, PICKER_SHOWN);
    list.replaceChildren(...shown.map((it, i) => el("li", {
      id: `${listId}-${i}`, role: "option", "aria-selected": "false", "data-value": it.value,
      onmousedown: (e) => e.preventDefault(), // keep the focus in the field
      onclick: () => choose(it),
    }, it.text)),
    all.length > shown.length ? el("li", { class: "more", role: "presentation" }, `${plural(all.length - shown.length, "more")}: type to narrow`) : null,
    all.length === 0 ? el("li", { class: "empty", role: "presentation" }, `Nothing matches “${q}”.`) : null);
    counter.textContent = q ? `${count(all.length)} of ${plural(opts.items.length, opts.noun || "entry")}` : plural(opts.items.length, opts.noun || "entry");
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    setActive(-1);
  };
  input.addEventListener("input", open);
  input.addEventListener("focus", () => {
    input.select();
    open();
  });
  input.addEventListener("blur", () => {
    close();
    input.value = chosen ? chosen.text : "";
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") {
      if (list.hidden) open();
      setActive(Math.min(active + 1, shown.length - 1));
    } else if (e.key === "ArrowUp") {
      setActive(Math.max(active - 1, 0));
    } else if (e.key === "Enter") {
      const item = shown[active >= 0 ? active : 0];
      if (!list.hidden && item) choose(item);
    } else if (e.key === "Escape") {
      close();
      input.value = chosen ? chosen.text : "";
    } else return;
    e.preventDefault();
  });
  return el("div", { class: "picker" }, el("label", { for: opts.id }, opts.label), input, counter, list);
}

// docQuery is what the document filter was last narrowed by: it survives
// the panel being drawn again after a change.
let docQuery = "";

// documentFilter is the filters' list of documents: "All", a field that
// narrows the list, the documents left out first, then the first
// PICKER_SHOWN that match, each a checkbox (unticked: left out). badge(doc) marks one that
// needs review; change(key, value) sets the filter.
export function documentFilter(hidden, documents, change, badge) {
  const box = el("fieldset", { class: "filter filter-doc" }, el("legend", {}, `Documents (${count(documents.length)})`));
  const search = el("input", {
    type: "search", id: "doc-filter-search", autocomplete: "off", "aria-controls": "doc-filter-list",
    "aria-label": "Find documents by title or date", placeholder: "Find by title or date", value: docQuery,
  });
  const list = el("div", { id: "doc-filter-list" });
  // Not a live region: the page has one (#announce).
  const status = el("p", { class: "hint", id: "doc-filter-count" });
  const row = (d) => el("div", { class: "item" }, el("label", {},
    el("input", {
      type: "checkbox", name: "doc", value: d.id, checked: !hidden.has(d.id),
      onchange: () => {
        const next = new Set(hidden);
        if (next.has(d.id)) next.delete(d.id);
        else next.add(d.id);
        change("doc", [...next].sort().join(","));
      },
    }),
    " ", docLabel(d), badge(d)));
  const draw = () => {
    const match = matcher(docQuery);
    const out = documents.filter((d) => hidden.has(d.id));
    const matching = documents.filter((d) => !hidden.has(d.id) && match(`${d.title} ${d.date || ""}`));
    const shown = matching.slice(0, PICKER_SHOWN);
    list.replaceChildren(...out.map(row), ...shown.map(row));
    status.textContent = matching.length > shown.length
      ? `${plural(matching.length - shown.length, "more document")}${docQuery ? " match" : ""}: type to narrow.`
      : (docQuery ? `${plural(matching.length, "document")} match.` : "");
  };
  search.addEventListener("input", () => {
    docQuery = search.value.trim();
    draw();
  });
  draw();
  // "All" as the other groups have; no "None" nor "only": with thousands
  // of documents they would put thousands of ids in the URL.
  box.append(el("p", { class: "group-actions" },
    el("button", { type: "button", class: "all", "aria-label": "Documents: all", onclick: () => change("doc", "") }, "All")),
  search, list, status);
  return box;
}
