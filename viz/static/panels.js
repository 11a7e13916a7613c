// panels.js: the commitment matrix, the paths form, the Gizmo console and
// the exports.
import { $, el, entityButton, articleName, download } from "./dom.js";
import { api, pactgraphID } from "./api.js";
import { compareRows } from "./order.js";
import { picker } from "./corpus.js";

// --- Commitment matrix -------------------------------------------------------

// renderMatrix lists the commitments of one agreement: who owes what to whom
// under which article, in article order, with the clause's words. ctx:
// {agreements, agreement, rows, select, choose, mark, keep (row → whether
// the page's filters keep it)}. Rows are linked both ways with the graph: a
// click selects the commitment, hovering marks its parties, and the
// selection marks its rows (markMatrix). The rows shown download as CSV.
export function renderMatrix(ctx) {
  const box = $("#matrix");
  const parts = [picker({
    id: "matrix-agreement", label: "Agreement", noun: "agreement", placeholder: "Choose an agreement: type a title or a year",
    items: ctx.agreements.map((a) => ({ value: a.id, text: a.name })), value: ctx.agreement, choose: ctx.choose,
  })];
  if (ctx.error) parts.push(el("p", { class: "problem", role: "alert" }, ctx.error));
  if (ctx.rows) {
    const all = [...ctx.rows].sort(compareRows);
    const rows = all.filter((r) => !ctx.keep || ctx.keep(r));
    const agreement = ctx.agreements.find((a) => a.id === ctx.agreement);
    const parties = (label, role, nodes) => nodes.length === 0 ? null : [
      el("dt", {}, label),
      el("dd", { "data-role": role }, nodes.map((n) => entityButton(n, ctx.select))),
    ];
    parts.push(
      el("p", { class: "actions" },
        el("button", {
          type: "button", id: "matrix-csv",
          onclick: () => download(new Blob([matrixCSV(rows)], { type: "text/csv" }), `pactgraph-commitments-${ctx.agreement}.csv`),
        }, "Download CSV")),
      el("table", { id: "matrix-table", class: "matrix" },
        el("caption", {}, `${rows.length} commitments` + (rows.length < all.length ? ` (${all.length - rows.length} filtered out)` : "") +
          (agreement ? ` of ${agreement.name}` : "")),
        el("thead", {}, el("tr", {}, ["Article", "Commitment", "Who, for whom, against whom", "Clause"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, rows.map((r) => el("tr", {
          "data-id": r.id,
          "data-parties": [...r.bearers, ...r.beneficiaries, ...r.targets].map((n) => n.id).join(" "),
          onmouseenter: () => ctx.mark([r.id, ...r.bearers.map((n) => n.id), ...r.beneficiaries.map((n) => n.id), ...r.targets.map((n) => n.id)]),
          onmouseleave: () => ctx.mark([]),
        },
        el("td", { class: "article" }, r.article ? entityButton({ ...r.article, name: articleName(r.article_number) || r.article.name }, ctx.select) : "–"),
        el("td", { class: "what" },
          el("span", { class: `modality ${r.modality}` }, r.modality), " ",
          el("button", { type: "button", class: "commitment", "data-id": r.id, title: r.label || null, onclick: () => ctx.select(r.id) }, r.type ? r.type.name : r.id)),
        el("td", { class: "parties" }, el("dl", {},
          parties("Who", "bearer", r.bearers), parties("For whom", "beneficiary", r.beneficiaries), parties("Against whom", "target", r.targets))),
        el("td", { class: "clause" }, el("div", { class: "clause-text", tabindex: "0" }, r.text)))))));
  }
  box.replaceChildren(...parts);
}

// matrixCSV is the commitments as a table: article, modality, type, the
// parties by role, the clause, and where it comes from.
export function matrixCSV(rows) {
  const names = (ns) => ns.map((n) => n.name).join("; ");
  return toCSV([["article", "modality", "type", "bearers", "beneficiaries", "targets", "clause", "label", "document", "commitment"],
    ...rows.map((r) => [articleName(r.article_number), r.modality, r.type ? r.type.name : "", names(r.bearers), names(r.beneficiaries),
      names(r.targets), r.text, r.label, r.document, r.id])]);
}

const ROLE_WORDS = { bearer: "bears it", beneficiary: "benefits", target: "is its target" };

// markMatrix marks the rows of the selected commitment, or of the
// commitments the selected entity bears, benefits from or is aimed at: the
// row, and the entity in it by its role, in colour and in words.
export function markMatrix(id) {
  let first = null;
  for (const note of document.querySelectorAll("#matrix-table .role-note")) note.remove();
  for (const tr of document.querySelectorAll("#matrix-table tbody tr")) {
    const on = id !== null && (tr.dataset.id === id || tr.dataset.parties.split(" ").includes(id));
    tr.classList.toggle("selected", on);
    const roles = [];
    for (const dd of tr.querySelectorAll("dd[data-role]")) {
      const mine = id !== null && [...dd.querySelectorAll("button.entity")].some((b) => b.dataset.id === id);
      dd.classList.toggle("chosen", mine);
      for (const b of dd.querySelectorAll("button.entity")) b.classList.toggle("chosen", b.dataset.id === id);
      if (!mine) continue;
      roles.push(dd.dataset.role);
      dd.append(el("span", { class: "role-note" }, ROLE_WORDS[dd.dataset.role]));
    }
    if (roles.length) tr.dataset.role = roles.join(" ");
    else delete tr.dataset.role;
    if (on && !first) first = tr;
  }
  if (first && !$("#panel-matrix").hidden) first.scrollIntoView({ block: "nearest" });
}

// --- Paths ---------------------------------------------------------------------

// renderPaths shows the answer of GET /api/paths: each shortest path as a
// chain of entities.
export function renderPaths(paths, nodes, select) {
  const box = $("#paths-result");
  if (!paths) {
    box.replaceChildren();
    return;
  }
  if (paths.error) {
    box.replaceChildren(el("p", { class: "problem", role: "alert" }, paths.error));
    return;
  }
  if (paths.paths.length === 0) {
    box.replaceChildren(el("p", { class: "empty" }, `No path from ${paths.from} to ${paths.to} within the length cap.`));
    return;
  }
  const byId = new Map(paths.nodes.map((n) => [n.id, n]));
  box.replaceChildren(
    el("p", {}, `${paths.paths.length}${paths.truncated ? "+" : ""} shortest path${paths.paths.length === 1 ? "" : "s"} of ${paths.length} step${paths.length === 1 ? "" : "s"}`),
    el("ol", { class: "paths" }, paths.paths.map((p) => el("li", { class: "path" },
      p.map((id, i) => [i > 0 ? relation(paths.edges, p[i - 1], id) : null, entityButton(byId.get(id) || nodes.get(id) || { id, name: id }, select)])))));
}

// relation names the step from a to b of a path: the predicate of an
// edge between them, its arrow pointing the way the fact reads ("a —
// party → b", or "a ← party — b" when the fact is b's).
function relation(edges, a, b) {
  const e = (edges || []).find((x) => (x.source === a && x.target === b) || (x.source === b && x.target === a));
  if (!e) return el("span", { class: "relation unknown" }, " — ");
  const forward = e.source === a;
  return el("span", { class: "relation", "data-predicate": e.predicate, "data-direction": forward ? "forward" : "backward" },
    forward ? ` — ${e.predicate} → ` : ` ← ${e.predicate} — `);
}

// --- Gizmo console -------------------------------------------------------------

export const EXAMPLES = [
  ["The parties of the 1973 agreement",
    `g.V("<https://w3id.org/pactgraph/id/agreement-wilson-115715-stasi-kgb-1973>")
 .Out("<https://w3id.org/pactgraph/ns#party>").All()`],
  ["Every commitment the KGB bears, with its modality",
    `g.V("<https://w3id.org/pactgraph/id/kgb>").In("<https://w3id.org/pactgraph/ns#bearer>").Tag("commitment")
 .Save("<https://w3id.org/pactgraph/ns#modality>", "modality").All()`],
  ["Who signed which agreement, on whose behalf",
    `g.V().Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/pactgraph/ns#Signature>")
 .Save("<https://w3id.org/pactgraph/ns#person>", "person")
 .Save("<https://w3id.org/pactgraph/ns#onBehalfOf>", "for").All()`],
  ["Prohibitions, and who bears them",
    `g.V().Has("<https://w3id.org/pactgraph/ns#modality>", "prohibition").Tag("commitment")
 .Out("<https://w3id.org/pactgraph/ns#bearer>").All()`],
];

// setupConsole wires the query form; run(text) adds the query to the view.
export function setupConsole(run) {
  const text = $("#gizmo");
  const examples = $("#gizmo-examples");
  examples.append(...EXAMPLES.map(([name], i) => el("option", { value: String(i) }, name)));
  examples.addEventListener("change", () => {
    if (examples.value !== "") text.value = EXAMPLES[Number(examples.value)][1];
  });
  $("#gizmo-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (text.value.trim() !== "") run(text.value.trim());
  });
}

// renderQuery lists a query's results as a table; pactgraph's IRIs are
// buttons that select the node. An error is shown as the server said it.
export function renderQuery(q, select) {
  const box = $("#gizmo-result");
  if (!q) {
    box.replaceChildren();
    return;
  }
  if ($("#gizmo").value.trim() === "") $("#gizmo").value = q.text;
  if (q.error) {
    box.replaceChildren(el("p", { id: "gizmo-error", class: "problem", role: "alert" }, q.error));
    return;
  }
  if (q.result.length === 0) {
    box.replaceChildren(el("p", { class: "empty" }, "The query found nothing."));
    bracketHint(q.text).then((hint) => {
      if (hint && box.isConnected && $("#gizmo-result") === box && box.querySelector(".empty")) box.append(hint);
    });
    return;
  }
  const cols = [...new Set(q.result.flatMap((r) => Object.keys(r)))];
  const value = (v) => {
    const id = pactgraphID(v);
    if (id) return el("button", { type: "button", class: "entity", "data-id": id, onclick: () => select(id) }, id);
    return typeof v === "string" ? v : JSON.stringify(v);
  };
  box.replaceChildren(
    el("p", {}, `${q.result.length} result${q.result.length === 1 ? "" : "s"}; ${q.ids.length} node${q.ids.length === 1 ? "" : "s"} drawn`),
    el("table", { id: "gizmo-table" },
      el("thead", {}, el("tr", {}, cols.map((c) => el("th", { scope: "col" }, c)))),
      el("tbody", {}, q.result.map((r) => el("tr", {}, cols.map((c) => el("td", {}, r[c] === undefined ? "" : value(r[c]))))))));
}

// bracketHint: a quoted string of a query that found nothing, written
// without angle brackets, which is the id of a node ("kgb"), is the
// likeliest cause: IRIs are written <…> in Gizmo. It says so, with the
// query as it should be; null when no quoted string is a known id.
async function bracketHint(text) {
  const quoted = [...new Set([...text.matchAll(/"([^"<>\s]+)"|'([^'<>\s]+)'/g)].map((m) => m[1] || m[2]))].slice(0, 5);
  for (const id of quoted) {
    try {
      await api.entity(id);
    } catch {
      continue;
    }
    const iri = `<https://w3id.org/pactgraph/id/${id}>`;
    return el("p", { id: "gizmo-hint", class: "hint", role: "status" },
      `“${id}” is the id of a node, but Gizmo reads a quoted string without angle brackets as a literal. Did you mean `,
      el("code", {}, text.split(`"${id}"`).join(`"${iri}"`).split(`'${id}'`).join(`"${iri}"`)), "?");
  }
  return null;
}

// --- Export ----------------------------------------------------------------------

function csvCell(v) {
  const s = v === undefined || v === null ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCSV(rows) {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

// EXPORT_QUERY_MAX is how many nodes the GEXF and GraphML exports ask
// the server for by name; a larger view exports the whole graph.
const EXPORT_QUERY_MAX = 1500;
const NS = "https://w3id.org/pactgraph/ns#";
// The classes of the API's types (docs/schema.md).
const CLASSES = {
  Organisation: "schema:Organization", Person: "schema:Person", Territory: "schema:Place", Treaty: "schema:Legislation",
  Document: "schema:ArchiveComponent", Article: "pg:Article", Signature: "pg:Signature", Commitment: "pg:Commitment",
  CommitmentType: "pg:CommitmentType",
};

// exportsOf builds the files of a view: graph is {nodes, edges} as drawn,
// info the documents and commitments the page read, frame the title,
// legend and citation of the pictures.
export function exportsOf(graph, view, info, frame) {
  const nodes = graph.nodes.filter((n) => n.type !== "More");
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = graph.edges.filter((e) => byId.has(e.source) && byId.has(e.target));
  const row = (n) => (n.type === "Commitment" && info ? info.commitments.get(n.id) : null) || {};
  const serverQuery = nodes.length <= EXPORT_QUERY_MAX
    ? `g.V(${nodes.map((n) => JSON.stringify(`<${n.iri}>`)).join(", ")}).All()`
    : null;
  const server = (format) => fetch(`api/export?${new URLSearchParams(serverQuery ? { format, query: serverQuery, limit: String(nodes.length) } : { format })}`)
    .then(async (res) => {
      if (!res.ok) throw new Error(`export ${format}: ${res.status} ${(await res.json().catch(() => ({}))).error || res.statusText}`);
      return res.blob();
    });
  return {
    nodesCSV: () => toCSV([["id", "iri", "name", "type", "article", "modality", "clause"], ...nodes.map((n) => {
      const r = row(n);
      return [n.id, n.iri, n.name, n.type, r.article_number || "", r.modality || "", r.text || ""];
    })]),
    edgesCSV: () => toCSV([["source", "source_name", "predicate", "predicate_iri", "target", "target_name", "source_of_fact"],
      ...edges.map((e) => [e.source, byId.get(e.source).name, e.predicate, e.predicate_iri, e.target, byId.get(e.target).name, e.label])]),
    jsonld: () => {
      const out = new Map(nodes.map((n) => {
        const o = { "@id": n.iri, "@type": CLASSES[n.type] || `pg:${n.type}`, name: n.name };
        const r = row(n);
        if (r.text) o.text = r.text;
        if (r.modality) o.modality = r.modality;
        if (r.article_number) o.articleNumber = r.article_number;
        return [n.id, o];
      }));
      for (const e of edges) {
        const s = out.get(e.source);
        (s[e.predicate_iri] = s[e.predicate_iri] || []).push({ "@id": byId.get(e.target).iri });
      }
      return JSON.stringify({
        "@context": {
          schema: "http://schema.org/", pg: NS,
          name: "schema:name", text: `${NS}text`, modality: `${NS}modality`, articleNumber: `${NS}number`,
        },
        "@graph": [...out.values()],
      }, null, 2);
    },
    svg: () => view.toSVG(frame),
    png: () => view.toPNG(frame),
    gexf: () => server("gexf"),
    graphml: () => server("graphml"),
    whole: serverQuery === null,
  };
}

// setupExport wires the export buttons; current() is the exports of the
// view shown. Each export says what it saved, or why it could not.
export function setupExport(current) {
  const files = {
    "export-png": async (x) => [await x.png(), "pactgraph-view.png"],
    "export-svg": (x) => [new Blob([x.svg()], { type: "image/svg+xml" }), "pactgraph-view.svg"],
    "export-jsonld": (x) => [new Blob([x.jsonld()], { type: "application/ld+json" }), "pactgraph-view.jsonld"],
    "export-nodes-csv": (x) => [new Blob([x.nodesCSV()], { type: "text/csv" }), "pactgraph-nodes.csv"],
    "export-edges-csv": (x) => [new Blob([x.edgesCSV()], { type: "text/csv" }), "pactgraph-edges.csv"],
    "export-gexf": async (x) => [await x.gexf(), x.whole ? "pactgraph.gexf" : "pactgraph-view.gexf"],
    "export-graphml": async (x) => [await x.graphml(), x.whole ? "pactgraph.graphml" : "pactgraph-view.graphml"],
  };
  const status = $("#export-status");
  for (const [id, save] of Object.entries(files)) {
    $(`#${id}`).addEventListener("click", async () => {
      status.className = "";
      status.textContent = "Preparing…";
      try {
        const x = current();
        const [blob, name] = await save(x);
        download(blob, name);
        const whole = x.whole && /gexf|graphml/.test(id) ? " (the whole graph: the view is too large to ask for by name)" : "";
        status.className = "saved";
        status.textContent = `Saved ${name}, ${size(blob.size)}${whole}.`;
      } catch (err) {
        status.className = "problem";
        status.textContent = `Not saved: ${err.message}`;
      }
    });
  }
}

function size(bytes) {
  return bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
