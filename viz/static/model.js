// model.js: the view as the URL holds it, and the graph it stands for.
//
// The URL's fragment is the view: a sequence of operations, then filters
// and the open panel, as URL-encoded pairs, e.g.
//
//   #ego=kgb&expand=mfs&more=mfs&select=mfs&hide=Document&tab=details
//
// Operations, replayed in order: ego=ID (start afresh from ID and what is
// around it), expand=ID (add its neighbours, at most EXPAND_CAP), more=ID
// (EXPAND_CAP more of them), collapse=ID (take them away again), select=ID
// (show its details; add it if it is not drawn), path=FROM,TO,MAX (draw the
// shortest paths), query=TEXT (run a Gizmo query, draw what it finds),
// graph=all (the whole graph). A view with no operation is the corpus in
// brief (corpus.js), with nothing drawn; one that starts with none of ego,
// path or query starts from the whole graph. Filters: hide=TYPE,… ctype=ID,… modality=…,… doc=ID,…
// dates=FROM-TO (years); each but dates lists what is left out; review=1
// keeps only the documents that need review. Settings:
// tab=NAME (the open panel), matrix=AGREEMENT, cap=N (neighbours shown per
// expansion, EXPAND_CAP unless set). Place: zoom=… and layout=…, where the
// view was zoomed and its nodes laid out (place.js); they describe the
// graph of the rest of the URL and are dropped when it changes.
//
// A bare id (#kgb, as /id/kgb redirects to) means ego=kgb.
import { api, pactgraphID } from "./api.js";

export const EXPAND_CAP = 50;
export const GRAPH_LIMIT = 5000; // nodes asked of GET /api/graph (the server caps it)
export const OPS = ["graph", "ego", "expand", "more", "collapse", "select", "path", "query"];
export const FILTERS = ["hide", "ctype", "modality", "doc", "dates", "review"];
const PANELS = ["tab", "matrix", "cap"];
const PLACE = ["zoom", "layout"];
const MORE_PREFIX = "+more:";

// parseHash reads a fragment into {ops: [{op, arg}], filters: {}, panels: {}}.
export function parseHash(hash) {
  const s = (hash || "").replace(/^#/, "");
  const view = { ops: [], filters: {}, panels: {}, place: {} };
  if (!s) return view;
  if (!s.includes("=")) {
    view.ops.push({ op: "ego", arg: decodeURIComponent(s) });
    return view;
  }
  for (const [k, v] of new URLSearchParams(s)) {
    if (OPS.includes(k)) view.ops.push({ op: k, arg: v });
    else if (FILTERS.includes(k) && v !== "") view.filters[k] = v;
    else if (PANELS.includes(k) && v !== "") view.panels[k] = v;
    else if (PLACE.includes(k) && v !== "") view.place[k] = v;
  }
  return view;
}

export function formatHash(view) {
  const p = new URLSearchParams();
  for (const { op, arg } of view.ops) p.append(op, arg);
  for (const k of FILTERS) if (view.filters[k]) p.append(k, view.filters[k]);
  for (const k of PANELS) if (view.panels[k]) p.append(k, view.panels[k]);
  for (const k of PLACE) if (view.place && view.place[k]) p.append(k, view.place[k]);
  const s = p.toString();
  return s ? `#${s}` : "#";
}

export function isMoreHandle(id) {
  return id.startsWith(MORE_PREFIX);
}
export function moreHandleOf(id) {
  return id.slice(MORE_PREFIX.length);
}

export function edgeKey(e) {
  return `${e.source}\u0000${e.predicate_iri || e.predicate}\u0000${e.target}`;
}

// The graph a view stands for. Nodes record who brought them ("base", an
// expansion's node id, "root"), so that a collapse takes away only what
// nothing else holds.
export class Model {
  constructor(cap = EXPAND_CAP) {
    this.cap = cap;
    this.nodes = new Map(); // id → Node
    this.owners = new Map(); // id → Set of owners
    this.known = new Map(); // edge key → Edge, every edge any answer told
    this.expanded = new Map(); // id → {shown, total, groups, order}
    this.selected = null;
    this.paths = null; // the answer of GET /api/paths, or an error
    this.query = null; // {text, result, ids, error}
    this.base = false;
    this.home = false; // the view of no operation: corpus.js draws it
    this.problems = []; // errors of operations, shown to the user
  }

  clear() {
    this.nodes.clear();
    this.owners.clear();
    this.expanded.clear();
    this.selected = null;
  }

  addNode(n, owner) {
    if (!this.nodes.has(n.id)) this.nodes.set(n.id, n);
    if (!this.owners.has(n.id)) this.owners.set(n.id, new Set());
    this.owners.get(n.id).add(owner);
  }

  learn(edges) {
    for (const e of edges || []) this.known.set(edgeKey(e), e);
  }

  // edges are the known edges between drawn nodes.
  edges() {
    return [...this.known.values()].filter((e) => this.nodes.has(e.source) && this.nodes.has(e.target));
  }

  async apply({ op, arg }) {
    switch (op) {
      case "ego":
        this.clear();
        this.paths = null;
        this.query = null;
        await this.place(arg, "root");
        this.selected = arg;
        await this.expand(arg, this.cap);
        break;
      case "expand":
        await this.place(arg, "root");
        await this.expand(arg, this.cap);
        break;
      case "more": {
        const x = this.expanded.get(arg);
        await this.expand(arg, (x ? x.shown : 0) + this.cap);
        break;
      }
      case "collapse":
        this.collapse(arg);
        break;
      case "select":
        await this.place(arg, "root");
        this.selected = arg;
        break;
      case "path":
        await this.path(arg);
        break;
      case "query":
        await this.runQuery(arg);
        break;
    }
  }

  // place adds node id, with its edges to what is drawn, if it is not drawn.
  async place(id, owner) {
    if (this.nodes.has(id)) {
      this.owners.get(id).add(owner);
      return;
    }
    const hood = await api.neighbours(id);
    this.learn(hood.edges);
    const self = hood.nodes.find((n) => n.id === id);
    if (self) this.addNode(self, owner);
  }

  // expand shows the first `shown` neighbours of id, in the order of their
  // predicate and name, and counts them by predicate.
  async expand(id, shown) {
    const hood = await api.neighbours(id);
    this.learn(hood.edges);
    const byId = new Map(hood.nodes.map((n) => [n.id, n]));
    const via = new Map(); // neighbour → "predicate →" / "← predicate"
    const groups = new Map();
    for (const e of hood.edges) {
      let other = null;
      let label = null;
      if (e.source === id && e.target !== id) [other, label] = [e.target, `${e.predicate} →`];
      else if (e.target === id && e.source !== id) [other, label] = [e.source, `← ${e.predicate}`];
      if (other === null || via.has(other)) continue;
      via.set(other, label);
      groups.set(label, (groups.get(label) || 0) + 1);
    }
    const order = [...via.keys()].sort((a, b) => via.get(a).localeCompare(via.get(b)) ||
      (byId.get(a)?.name || a).localeCompare(byId.get(b)?.name || b));
    const x = { shown: Math.min(shown, order.length), total: order.length, groups, via, truncated: hood.truncated };
    this.expanded.set(id, x);
    for (const other of order.slice(0, x.shown)) {
      const n = byId.get(other);
      if (n) this.addNode(n, id);
    }
  }

  collapse(id) {
    this.expanded.delete(id);
    for (const [nid, owners] of this.owners) {
      if (!owners.delete(id) || owners.size > 0 || nid === this.selected) continue;
      this.nodes.delete(nid);
      this.owners.delete(nid);
      this.collapse(nid);
    }
  }

  async path(arg) {
    const [from, to, max] = arg.split(",");
    try {
      const p = await api.paths(from, to, Number(max) || 4);
      this.paths = p;
      this.learn(p.edges);
      for (const n of p.nodes) this.addNode(n, "root");
    } catch (err) {
      this.paths = { from, to, error: err.detail || err.message, paths: [] };
      this.problems.push(err);
    }
  }

  async runQuery(text) {
    this.query = { text, result: [], ids: [], error: null };
    try {
      const answer = await queryCached(text);
      this.query.result = answer.result || [];
    } catch (err) {
      this.query.error = err.detail || err.message;
      return;
    }
    const ids = new Set();
    for (const row of this.query.result) {
      for (const v of Object.values(row)) {
        const id = pactgraphID(v);
        if (id) ids.add(id);
      }
    }
    this.query.ids = [...ids].slice(0, 100);
    await Promise.all(this.query.ids.map((id) => api.neighbours(id).catch(() => null)));
    for (const id of this.query.ids) {
      try {
        await this.place(id, "root");
      } catch {
        // Not a node (e.g. a class): listed, not drawn.
      }
    }
  }

  // graph is the drawn graph with the "+N more" handles of cut expansions.
  graph() {
    const nodes = [...this.nodes.values()];
    const edges = this.edges().map((e) => ({ ...e, key: edgeKey(e) }));
    for (const [id, x] of this.expanded) {
      if (x.total <= x.shown || !this.nodes.has(id)) continue;
      const handle = `${MORE_PREFIX}${id}`;
      nodes.push({ id: handle, name: `+${x.total - x.shown} more`, type: "More" });
      edges.push({ source: id, target: handle, predicate: "more", key: `${handle}\u0000more` });
    }
    return { nodes, edges };
  }
}

const queries = new Map();
function queryCached(text) {
  if (!queries.has(text)) {
    const p = api.gizmo(text);
    p.catch(() => queries.delete(text));
    queries.set(text, p);
  }
  return queries.get(text);
}

// build replays a view's operations into a new Model.
export async function build(view) {
  const cap = Number(view.panels.cap);
  const m = new Model(Number.isInteger(cap) && cap >= 1 && cap <= 1000 ? cap : EXPAND_CAP);
  const first = view.ops[0];
  if (!first) {
    m.home = true; // the corpus in brief: no graph is asked for
    return m;
  }
  if (!["ego", "path", "query"].includes(first.op)) {
    const g = await api.graph(GRAPH_LIMIT);
    m.base = true;
    m.truncated = g.truncated;
    m.learn(g.edges);
    for (const n of g.nodes) m.addNode(n, "base");
  }
  for (const op of view.ops) {
    try {
      await m.apply(op);
    } catch (err) {
      m.problems.push(err);
    }
  }
  return m;
}
