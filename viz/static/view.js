// view.js draws the graph on a <canvas>: the force layout runs in a Web
// Worker (layout-worker.js), render.js paints, hit.js finds the node under
// the pointer, and nodelist.js lists the nodes in view for the keyboard and
// a screen reader. view.js holds the state they share and the zoom.
/* global d3 */
import { el } from "./dom.js";
import { draw, toSVG as sceneSVG, paintFrame, radius, fontSize, MORE_TYPE } from "./render.js";
import { createHitTester } from "./hit.js";
import { createNodeList } from "./nodelist.js";

const PLACE_DELAY_MS = 250; // the view's place goes to the URL this long after the last move

// createGraphView draws into pane. onActivate(id): a node was chosen;
// onPlace(): the layout settled or the user zoomed, so the place of the
// view (placeOf) changed.
export function createGraphView(pane, { onActivate, onStats, onPlace = () => {} }) {
  const canvas = el("canvas", { id: "graph", tabindex: "-1", "aria-hidden": "true" });
  // The list of the nodes in view is folded away unless asked for, so the
  // canvas has the room; folded, it is not rendered (a list of thousands
  // of nodes costs more than drawing them).
  const listOpen = localStorage.getItem("pactgraph.list") === "open";
  const listBox = el("nav", { id: "visible", "aria-label": "Nodes in view", hidden: !listOpen },
    el("h2", { id: "visible-heading" }, "In view"),
    el("ul", { id: "node-list", role: "list", "aria-labelledby": "visible-heading" }));
  const toggle = el("button", {
    type: "button", id: "toggle-list", "aria-controls": "visible", "aria-expanded": String(listOpen),
    onclick: () => {
      const open = listBox.hidden;
      listBox.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "Hide the list" : "List the nodes in view";
      localStorage.setItem("pactgraph.list", open ? "open" : "closed");
      if (open) {
        nodeList.render(visibleNodes(), style.selected);
        const first = listBox.querySelector('button[tabindex="0"]');
        if (first) first.focus();
      }
    },
  }, listOpen ? "Hide the list" : "List the nodes in view");
  // The name of what the pointer is on: a node, or a relation.
  const tip = el("div", { id: "tip", hidden: true, "aria-hidden": "true" });
  pane.prepend(canvas);
  pane.append(listBox, toggle, tip);
  const ctx = canvas.getContext("2d");

  let nodes = []; // {id, name, type, degree, x, y, index}
  let byId = new Map();
  let links = []; // {source, target (node objects), key, predicate}
  let xy = new Float32Array(0);
  let gen = 0;
  let settled = true;
  let still = false; // the graph drawn has every node where it was: no layout runs, no fit
  let transform = d3.zoomIdentity;
  let userMoved = false; // the user zoomed or panned: no automatic fit
  const hits = createHitTester();
  let width = 0;
  let height = 0;
  let dpr = 1;
  let dirty = true;
  let style = { selected: null, near: new Set(), pathNodes: new Set(), pathEdges: new Set(), marked: new Set(), focus: null };
  const metrics = { firstDraw: null, frames: 0, setAt: 0, lastSetMs: 0, settledAt: null, labels: 0, ticks: 0, rafs: 0, layouts: 0 };
  let placed = { nodes: [], edges: [] }; // the labels of the last frame
  let placeTimer = null;
  function placeChanged() {
    clearTimeout(placeTimer);
    placeTimer = setTimeout(() => {
      placeTimer = null;
      onPlace();
    }, PLACE_DELAY_MS);
  }
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
      if (!userMoved && !still) fit(false);
      scheduleList();
      placeChanged();
    }
  };
  worker.onerror = (event) => {
    throw new Error(`layout worker: ${event.message}`);
  };

  let panning = 0; // zoom transitions under way (fit, focus)
  const zoom = d3.zoom().scaleExtent([0.05, 8])
    .filter((event) => !event.button && !(event.type === "mousedown" && hit(event)))
    .on("start", (event) => { if (!event.sourceEvent) panning++; })
    .on("end", (event) => {
      if (!event.sourceEvent) panning = Math.max(0, panning - 1);
      if (settled) placeChanged();
    })
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
  // linkAt is the link drawn within a few pixels of the pointer, or null.
  function linkAt(event) {
    const [x, y] = graphPoint(event);
    const reach = 5 / transform.k;
    let best = null;
    let bestD = reach;
    for (const l of links) {
      const { x: x1, y: y1 } = l.source;
      const { x: x2, y: y2 } = l.target;
      const dx = x2 - x1;
      const dy = y2 - y1;
      const len2 = dx * dx + dy * dy || 1;
      const u = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len2));
      const dist = Math.hypot(x1 + u * dx - x, y1 + u * dy - y);
      if (dist < bestD) [best, bestD] = [l, dist];
    }
    return best;
  }
  function showTip(event, text) {
    if (!text) {
      tip.hidden = true;
      return;
    }
    const r = pane.getBoundingClientRect();
    tip.textContent = text;
    tip.hidden = false;
    tip.style.left = `${Math.min(event.clientX - r.left + 12, r.width - tip.offsetWidth - 4)}px`;
    tip.style.top = `${event.clientY - r.top + 14}px`;
  }
  canvas.addEventListener("mousemove", (event) => {
    const d = hit(event);
    canvas.style.cursor = d ? "pointer" : "";
    if (d) return showTip(event, d.type === MORE_TYPE ? d.name : `${d.name || d.id} (${d.type})`);
    const l = linkAt(event);
    showTip(event, l ? `${l.source.name || l.source.id} — ${l.predicate} → ${l.target.name || l.target.id}` : "");
  });
  canvas.addEventListener("mouseleave", () => showTip(null, ""));

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
      placed = draw(ctx, scene(), width, height, dpr, transform);
      metrics.labels = placed.nodes.length;
      metrics.frames++;
      if (metrics.firstDraw === null && nodes.length > 0) {
        metrics.firstDraw = performance.now();
        metrics.lastSetMs = metrics.firstDraw - metrics.setAt;
      }
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);

  const scene = () => ({ nodes, links, style });

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
      if (listBox.hidden) nodeList.stale();
      else nodeList.render(visibleNodes(), style.selected);
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
  //
  // place ({positions: Map id → [x, y], zoom: d3 transform}, from a
  // shared URL) puts the nodes it knows where it says and zooms as it says.
  // When every node has a place already (a filter took some away or
  // brought back some drawn before), nothing moves: no layout runs.
  function setGraph(graph, { pinKnown = true, place = null } = {}) {
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
    if (place && place.positions) for (const [id, p] of place.positions) positions.set(id, p);
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
    if (place && place.zoom) {
      userMoved = true;
      d3.select(canvas).interrupt().call(zoom.transform, place.zoom);
    }
    still = known === nodes.length && pinKnown;
    if (!still) metrics.layouts++;
    worker.postMessage({
      type: "set", gen,
      nodes: nodes.map((d) => ({ id: d.id, x: d.x, y: d.y, known: !!d.known })),
      links: links.map((l) => ({ source: l.source.index, target: l.target.index })),
      radii: nodes.map(radius),
      pinKnown: pinKnown && known > 0,
      alpha: still ? 0 : known > 0 ? 0.5 : 1,
    });
    if (still) {
      // Nothing will move: the view is settled now, not when the worker
      // has answered, and stays zoomed where it was.
      settled = true;
      metrics.settledAt = performance.now();
      placeChanged();
    }
    scheduleList();
  }

  function setStyle(next) {
    style = { ...style, ...next };
    dirty = true;
    nodeList.stale();
    scheduleList();
  }

  // fit zooms to show every node and the labels drawn last: the largest
  // zoom (at most 2) at which both fit in the canvas with a margin.
  function fit(animate = true) {
    if (nodes.length === 0 || width === 0) return;
    const labelled = new Map(placed.nodes.map((p) => [p.id, p.text]));
    if (style.selected && !labelled.has(style.selected)) labelled.set(style.selected, byId.get(style.selected)?.name || style.selected);
    ctx.font = `10px system-ui, sans-serif`;
    const widths = nodes.map((d) => (labelled.has(d.id) ? ctx.measureText(labelled.get(d.id)).width / 10 : 0));
    const margin = 12;
    // extent is the box of everything in screen pixels at zoom k (origin
    // at the layout's origin).
    const extent = (k) => {
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      const size = fontSize(k);
      nodes.forEach((d, i) => {
        const r = radius(d) * k * 1.35;
        const lw = widths[i] ? widths[i] * size + 5 : 0;
        const half = widths[i] ? Math.max(r, size / 2 + 2) : r;
        x0 = Math.min(x0, d.x * k - r);
        x1 = Math.max(x1, d.x * k + r + lw);
        y0 = Math.min(y0, d.y * k - half);
        y1 = Math.max(y1, d.y * k + half);
      });
      return [x0, y0, x1, y1];
    };
    const fits = (k) => {
      const [x0, y0, x1, y1] = extent(k);
      return x1 - x0 <= width - 2 * margin && y1 - y0 <= height - 2 * margin;
    };
    let lo = 0.02;
    let hi = 2;
    if (fits(hi)) lo = hi;
    else for (let i = 0; i < 24; i++) {
      const mid = (lo + hi) / 2;
      if (fits(mid)) lo = mid;
      else hi = mid;
    }
    const k = lo;
    const [x0, y0, x1, y1] = extent(k);
    const t = d3.zoomIdentity.translate(width / 2 - (x0 + x1) / 2, height / 2 - (y0 + y1) / 2).scale(k);
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

  // toSVG draws the view as an SVG document: the whole graph, the labels
  // drawn on the canvas with their whole names, a title, a legend and a
  // citation (frame: {title, legend: [{type, count}], citation}).
  function toSVG(frame) {
    return sceneSVG(scene(), transform, ctx, { ...frame, only: new Set(placed.nodes.map((p) => p.id)) });
  }

  // toPNG draws the view at twice its size in pixels, with a title above,
  // the legend, and a citation below.
  function toPNG(frame) {
    const scale = 2;
    const head = 32;
    const foot = 24;
    const inner = document.createElement("canvas");
    inner.width = Math.round(width * scale);
    inner.height = Math.round(height * scale);
    draw(inner.getContext("2d"), scene(), width, height, scale, transform);
    const out = document.createElement("canvas");
    out.width = Math.round(width * scale);
    out.height = Math.round((height + head + foot) * scale);
    const c = out.getContext("2d");
    c.scale(scale, scale);
    c.drawImage(inner, 0, head, width, height);
    paintFrame(c, { w: width, h: height, head, foot, ...frame });
    return new Promise((resolve) => out.toBlob(resolve, "image/png"));
  }

  // placeOf is where the view is: its zoom, and the layout (the position
  // of each node drawn, by id).
  function placeOf() {
    return { zoom: transform, positions: new Map(nodes.map((d) => [d.id, [d.x, d.y]])) };
  }

  return {
    setGraph, setStyle, fit, focus, screenPoint, toSVG, toPNG, placeOf, metrics,
    labels: () => placed,
    transform: () => ({ x: transform.x, y: transform.y, k: transform.k }),
    visibleIds: () => visibleNodes().map((d) => d.id),
    position: (id) => {
      const d = byId.get(id);
      return d ? [d.x, d.y] : null;
    },
    settled: () => settled && panning === 0 && !dirty && listTimer === null && placeTimer === null,
    nodeCount: () => nodes.length,
    edgeCount: () => links.length,
  };
}
