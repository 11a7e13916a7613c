// api.js: the JSON API of docs/api.md. Paths are relative so the page also
// works mounted below a prefix.

// getJSON fetches path and returns its JSON body, or throws an Error whose
// message says which request failed and why (the API's {"error": …} if any).
export async function getJSON(path, init = {}) {
  return (await request(path, init)).body;
}

// request is getJSON's work: the JSON body and the response, whose headers
// say how long a paged list is (X-Total-Count).
async function request(path, init = {}) {
  let res;
  try {
    res = await fetch(path, { ...init, headers: { Accept: "application/json", ...(init.headers || {}) } });
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
    const err = new Error(`${path.split("?")[0]}: ${why}`);
    err.status = res.status;
    err.detail = why;
    throw err;
  }
  if (body === null) throw new Error(`${path}: the answer is not JSON`);
  return { body, res };
}

// getAll reads every page of a list route (docs/api.md, "Paging"),
// NEIGHBOUR_LIMIT items at a time, until X-Total-Count are read.
async function getAll(path, params) {
  const items = [];
  for (;;) {
    const query = new URLSearchParams({ ...params, offset: String(items.length), limit: String(NEIGHBOUR_LIMIT) });
    const { body, res } = await request(`${path}?${query}`);
    items.push(...body);
    if (body.length === 0 || items.length >= Number(res.headers.get("X-Total-Count"))) return items;
  }
}

// byID asks a list route for the items named, as few requests as keep
// each address under URL_BUDGET characters (what proxies pass), at once.
const URL_BUDGET = 6000;
async function byID(path, ids) {
  const batches = [[]];
  let length = 0;
  for (const id of ids) {
    const part = `id=${enc(id)}&`.length;
    if (length + part > URL_BUDGET || batches.at(-1).length >= NEIGHBOUR_LIMIT) {
      batches.push([]);
      length = 0;
    }
    batches.at(-1).push(id);
    length += part;
  }
  const pages = await Promise.all(batches.filter((b) => b.length).map((b) => getJSON(`${path}?${new URLSearchParams(b.map((id) => ["id", id]))}`)));
  return pages.flat();
}

const enc = encodeURIComponent;

// Answers that do not change while the page is open are kept, so that
// rebuilding a view from the URL asks the server once per node; read
// makes the answer to path (a GET of it unless told).
const cache = new Map();
function cached(path, read = () => getJSON(path)) {
  if (!cache.has(path)) {
    const p = read();
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return cache.get(path);
}

export const NEIGHBOUR_LIMIT = 1000; // the server's maximum

// ENTITY_LINKS is how many links of each direction one page of an entity
// holds: the server's default, 100, or ?links=N in the page's address (at
// most the server's maximum), which shows the paging on a small corpus.
export const ENTITY_LINKS = (() => {
  const n = Number(new URLSearchParams(location.search).get("links"));
  return Number.isInteger(n) && n > 0 ? Math.min(n, NEIGHBOUR_LIMIT) : 100;
})();

export const api = {
  graph: (limit) => cached(`api/graph?limit=${limit}`),
  search(q, type, limit = 20) {
    const params = new URLSearchParams({ q, limit: String(limit) });
    if (type) params.set("type", type);
    // Read as a list: pagination headers, if any, are ignored.
    return getJSON(`api/search?${params}`);
  },
  // searchText finds articles and commitments by their words, with a
  // snippet and the marks of the matches in each; no facet is counted
  // (the type-ahead shows none, and counting them is most of a search of
  // a common word).
  searchText(q, limit = 5) {
    return getJSON(`api/search/text?${new URLSearchParams({ q, limit: String(limit), facets: "0" })}`);
  },
  // entity is one page of an entity: its own facts, ENTITY_LINKS links out
  // from outOffset and in from inOffset, their sources, and the totals.
  entity(id, { outOffset = 0, inOffset = 0 } = {}) {
    const params = new URLSearchParams({ limit: String(ENTITY_LINKS) });
    if (outOffset > 0) params.set("out_offset", String(outOffset));
    if (inOffset > 0) params.set("in_offset", String(inOffset));
    return cached(`api/entities/${enc(id)}?${params}`);
  },
  neighbours: (id) => cached(`api/entities/${enc(id)}/neighbours?depth=1&limit=${NEIGHBOUR_LIMIT}`),
  // corpus is the store in brief (documents by year, the main actors);
  // corpusDocuments every document, briefly, for the pickers;
  // documentsByID the full summaries (citations) of the documents named,
  // in as many requests as their ids need (byID).
  corpus: (actors = 20) => cached(`api/corpus?actors=${actors}`),
  corpusDocuments: () => cached("api/corpus/documents"),
  documentsByID: (ids) => cached(`api/documents?${new URLSearchParams(ids.map((id) => ["id", id]))}`, () => byID("api/documents", ids)),
  // commitments is every commitment of an agreement, page after page;
  // commitmentsByID those named (the commitments a view draws).
  commitments: (agreement) => cached(`api/commitments?agreement=${enc(agreement)}`, () => getAll("api/commitments", { agreement })),
  commitmentsByID: (ids) => byID("api/commitments", ids),
  paths: (from, to, max) => cached(`api/paths?${new URLSearchParams({ from, to, max: String(max) })}`),
  gizmo: (text, limit = 100) => getJSON(`api/v1/query/gizmo?limit=${limit}`, { method: "POST", body: text, headers: { "Content-Type": "text/plain" } }),
};

// ID_BASE is the IRI every entity id of pactgraph's graph is under.
const ID_BASE = "https://w3id.org/pactgraph/id/";
// pactgraphID is the id of a result value that is one of pactgraph's IRIs.
export function pactgraphID(v) {
  if (typeof v !== "string") return null;
  const iri = v.startsWith("<") && v.endsWith(">") ? v.slice(1, -1) : v;
  return iri.startsWith(ID_BASE) && !iri.slice(ID_BASE.length).includes("/") ? iri.slice(ID_BASE.length) : null;
}
