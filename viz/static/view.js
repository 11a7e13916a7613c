// view.js draws the graph on a <canvas>: the force layout runs in a Web
// Worker (layout-worker.js), render.js paints, hit.js finds the node under
// the pointer, and nodelist.js lists the nodes in view for the keyboard and
// a screen reader. view.js holds the state they share and the zoom.
/* global d3 */
import { el } from "./dom.js";
import { draw, toSVG as sceneSVG, radius, MORE_TYPE } from "./render.js";
import { createHitTester } from "./hit.js";
import { createNodeList } from "./nodelist.js";

const HUB_LABELS = 40; // below LABEL_ZOOM, only this many of the best linked nodes are labelled

export function createGraphView(pane, { onActivate, onStats }) {
  const canvas = el("canvas", { id: "graph", tabindex: "-1", "aria-hidden": "true" });
  const listBox = el("nav", { id: "visible", "aria-label": "Nodes in view" },
    el("h2", { id: "visible-heading" }, "In view"),
    el("ul", { id: "node-list", role: "list", "aria-labelledby": "visible-heading" }));
  pane.prepend(canvas);
  pane.append(listBox);
  const ctx = canvas.getContext("2d");

  let nodes = []; // {id, name, type, degree, x, y, index}
  let byId = new Map();
  let links = []; // {source, target (node objects), key, predicate}
  let hubs = new Set(); // the best linked nodes, labelled at any zoom
  let xy = new Float32Array(0);
  let gen = 0;
  let settled = true;
  let transform = d3.zoomIdentity;
  let userMoved = false; // the user zoomed or panned: no automatic fit
  const hits = createHitTester();
  let width = 0;
  let height = 0;
  let dpr = 1;
  let dirty = true;
  let style = { selected: null, near: new Set(), pathNodes: new Set(), pathEdges: new Set(), marked: new Set(), focus: null };
  const metrics = { firstDraw: null, frames: 0, setAt: 0, lastSetMs: 0, settledAt: null, labels: 0, ticks: 0, rafs: 0 };
  const positions = new Map(); // id → [x, y], kept across graphs

  const worker = new Worker("layout-worker.js");
  worker.onmessage = (event) => {
    const m = event.data;
    if (m.gen !== gen) return;
    metrics.ticks++;
    xy = m.xy;
    for (const n of nodes) {
      n.x = xy[2 * n.index];
      n.y = xy[2 * n.index + 1];
      positions.set(n.id, [n.x, n.y]);
    }
    hits.moved();
    dirty = true;
    if (m.type === "end") {
      settled = true;
      metrics.settledAt = performance.now();
      if (!userMoved) fit(false);
      scheduleList();
    }
  };
  worker.onerror = (event) => {
    throw new Error(`layout worker: ${event.message}`);
  };

  let panning = 0; // zoom transitions under way (fit, focus)
  const zoom = d3.zoom().scaleExtent([0.05, 8])
    .filter((event) => !event.button && !(event.type === "mousedown" && hit(event)))
    .on("start", (event) => { if (!event.sourceEvent) panning++; })
    .on("end", (event) => { if (!event.sourceEvent) panning = Math.max(0, panning - 1); })
    .on("zoom", (event) => {
      transform = event.transform;
      if (event.sourceEvent) userMoved = true;
      dirty = true;
      scheduleList();
    });
  d3.select(canvas).call(zoom).on("dblclick.zoom", null);

  new ResizeObserver(() => {
    const r = canvas.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1;
    width = r.width;
    height = r.height;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    dirty = true;
    scheduleList();
  }).observe(canvas);

  // --- Hit testing --------------------------------------------------------

  function graphPoint(event) {
    const r = canvas.getBoundingClientRect();
    return transform.invert([event.clientX - r.left, event.clientY - r.top]);
  }

  function hit(event) {
    const [x, y] = graphPoint(event);
    return hits.find(nodes, x, y, transform.k);
  }

  canvas.addEventListener("click", (event) => {
    const d = hit(event);
    if (d) onActivate(d.id);
  });
  canvas.addEventListener("mousemove", (event) => {
    const d = hit(event);
    canvas.style.cursor = d ? "pointer" : "";
    canvas.title = d ? `${d.name}\n${d.type}` : "";
  });

  // Dragging a node moves it, and the layout follows.
  let dragging = null;
  canvas.addEventListener("mousedown", (event) => {
    const d = hit(event);
    if (!d || event.button) return;
    dragging = { d, moved: false };
  });
  window.addEventListener("mousemove", (event) => {
    if (!dragging) return;
    const [x, y] = graphPoint(event);
    dragging.moved = true;
    settled = false;
    worker.postMessage({ type: "drag", index: dragging.d.index, x, y });
  });
  window.addEventListener("mouseup", (event) => {
    if (!dragging) return;
    if (dragging.moved) {
      const [x, y] = graphPoint(event);
      worker.postMessage({ type: "drag", index: dragging.d.index, x, y, end: true });
    }
    dragging = null;
  });

  // --- Drawing -------------------------------------------------------------

  function frame() {
    metrics.rafs++;
    if (dirty && width > 0) {
      dirty = false;
      metrics.labels = draw(ctx, scene(), width, height, dpr, transform);
      metrics.frames++;
      if (metrics.firstDraw === null && nodes.length > 0) {
        metrics.firstDraw = performance.now();
        metrics.lastSetMs = metrics.firstDraw - metrics.setAt;
      }
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);

  const scene = () => ({ nodes, links, style, hubs });

  // --- The list of nodes in view -------------------------------------------

  const nodeList = createNodeList(listBox, {
    onActivate,
    onStats,
    onFocus: (id) => {
      style.focus = id;
      dirty = true;
    },
  });
  let listTimer = null;
  function scheduleList() {
    if (listTimer !== null) return;
    listTimer = setTimeout(() => {
      listTimer = null;
      nodeList.render(visibleNodes(), style.selected);
    }, 150);
  }

  function visibleNodes() {
    const [x0, y0] = transform.invert([0, 0]);
    const [x1, y1] = transform.invert([width, height]);
    return nodes.filter((d) => d.x >= x0 && d.x <= x1 && d.y >= y0 && d.y <= y1);
  }

  // --- The graph -----------------------------------------------------------

  // setGraph replaces what is drawn. Nodes drawn before keep their place
  // (and, with pinKnown, do not move while the new ones settle); a new node
  // starts next to a node it is linked to, so it grows out of it.
  function setGraph(graph, { pinKnown = true } = {}) {
    metrics.setAt = performance.now();
    metrics.firstDraw = null;
    const fresh = nodes.length === 0;
    byId = new Map();
    nodes = graph.nodes.map((n, index) => {
      const d = { id: n.id, iri: n.iri, name: n.name, type: n.type, degree: 0, index };
      byId.set(n.id, d);
      return d;
    });
    links = [];
    for (const e of graph.edges) {
      const s = byId.get(e.source);
      const t = byId.get(e.target);
      if (!s || !t) continue;
      s.degree++;
      t.degree++;
      links.push({ source: s, target: t, key: e.key, predicate: e.predicate });
    }
    hubs = new Set(nodes.filter((d) => d.type !== MORE_TYPE && d.degree >= 4).sort((a, b) => b.degree - a.degree).slice(0, HUB_LABELS));
    let known = 0;
    for (const d of nodes) {
      const p = positions.get(d.id);
      if (p) {
        [d.x, d.y] = p;
        d.known = true;
        known++;
      }
    }
    for (const d of nodes) {
      if (d.known) continue;
      const anchor = links.find((l) => (l.source === d && l.target.known) || (l.target === d && l.source.known));
      const a = anchor ? (anchor.source === d ? anchor.target : anchor.source) : null;
      if (a) {
        const angle = Math.random() * 2 * Math.PI;
        d.x = a.x + Math.cos(angle) * 40;
        d.y = a.y + Math.sin(angle) * 40;
      }
    }
    gen++;
    settled = false;
    metrics.settledAt = null;
    hits.moved();
    dirty = true;
    if (fresh || known === 0) userMoved = false;
    worker.postMessage({
      type: "set", gen,
      nodes: nodes.map((d) => ({ id: d.id, x: d.x, y: d.y, known: !!d.known })),
      links: links.map((l) => ({ source: l.source.index, target: l.target.index })),
      radii: nodes.map(radius),
      pinKnown: pinKnown && known > 0,
      alpha: known > 0 ? 0.5 : 1,
    });
    scheduleList();
  }

  function setStyle(next) {
    style = { ...style, ...next };
    dirty = true;
    nodeList.stale();
    scheduleList();
  }

  // fit zooms to show every node.
  function fit(animate = true) {
    if (nodes.length === 0 || width === 0) return;
    const [x0, x1] = d3.extent(nodes, (d) => d.x);
    const [y0, y1] = d3.extent(nodes, (d) => d.y);
    const k = Math.min(2, 0.9 / Math.max((x1 - x0 + 1) / width, (y1 - y0 + 1) / height));
    const t = d3.zoomIdentity.translate(width / 2, height / 2).scale(k).translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
    const sel = d3.select(canvas);
    (animate ? sel.transition().duration(400) : sel).call(zoom.transform, t);
  }

  // focus pans to the node id, keeping the zoom level.
  function focus(id) {
    const d = byId.get(id);
    if (!d || d.x === undefined || width === 0) return;
    d3.select(canvas).transition().duration(400).call(zoom.translateTo, d.x, d.y);
  }

  // screenPoint is where node id is drawn, in CSS pixels of the page.
  function screenPoint(id) {
    const d = byId.get(id);
    if (!d) return null;
    const r = canvas.getBoundingClientRect();
    const [x, y] = transform.apply([d.x, d.y]);
    return { x: r.left + x, y: r.top + y };
  }

  // toSVG draws the view as an SVG document (what is in view).
  function toSVG() {
    return sceneSVG(scene(), width, height, transform);
  }

  function toPNG() {
    return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  }

  return {
    setGraph, setStyle, fit, focus, screenPoint, toSVG, toPNG, metrics,
    visibleIds: () => visibleNodes().map((d) => d.id),
    position: (id) => {
      const d = byId.get(id);
      return d ? [d.x, d.y] : null;
    },
    settled: () => settled && panning === 0 && !dirty && listTimer === null,
    nodeCount: () => nodes.length,
    edgeCount: () => links.length,
  };
}
