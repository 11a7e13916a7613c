// view.js draws the graph on a <canvas>. The force layout runs in a Web
// Worker (layout-worker.js); pointer hits are found with a d3.quadtree of
// the node positions; labels show by zoom level; and a list of the nodes
// visible on the canvas, kept in sync with it, makes the graph usable with
// the keyboard and a screen reader.
/* global d3 */
import { el, typeColour, shorten } from "./dom.js";

const LABEL_CHARS = 28; // node labels longer than this are cut
const LABEL_ZOOM = 1.6; // from this zoom on, every node in view is labelled
const HUB_LABELS = 40; // below it, only this many of the best linked nodes
const MAX_LABELS = 800; // labels drawn per frame, at most
const LIST_MAX = 1000; // items of the visible-node list, at most
const MORE_TYPE = "More"; // the "+N more" handles
const OUTLINE_MAX = 2000; // nodes are outlined in graphs of at most this many

export function createGraphView(pane, { onActivate, onStats }) {
  const canvas = el("canvas", { id: "graph", tabindex: "-1", "aria-hidden": "true" });
  const listBox = el("nav", { id: "visible", "aria-label": "Nodes in view" },
    el("h2", { id: "visible-heading" }, "In view"),
    el("ul", { id: "node-list", role: "list", "aria-labelledby": "visible-heading" }));
  pane.prepend(canvas);
  pane.append(listBox);
  const list = listBox.querySelector("ul");
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
  let tree = null; // quadtree, rebuilt when positions change
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
    tree = null;
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

  function radius(d) {
    if (d.type === MORE_TYPE) return 9;
    return 4 + Math.min(10, Math.sqrt(d.degree || 0) * 1.5);
  }

  // --- Hit testing --------------------------------------------------------

  function graphPoint(event) {
    const r = canvas.getBoundingClientRect();
    return transform.invert([event.clientX - r.left, event.clientY - r.top]);
  }

  function hit(event) {
    if (nodes.length === 0) return null;
    if (!tree) tree = d3.quadtree(nodes, (d) => d.x, (d) => d.y);
    const [x, y] = graphPoint(event);
    const d = tree.find(x, y, (14 + 4) / Math.min(transform.k, 1));
    if (!d) return null;
    const reach = radius(d) + 4 / transform.k;
    return Math.hypot(d.x - x, d.y - y) <= Math.max(reach, 6 / transform.k) ? d : null;
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
      draw();
      metrics.frames++;
      if (metrics.firstDraw === null && nodes.length > 0) {
        metrics.firstDraw = performance.now();
        metrics.lastSetMs = metrics.firstDraw - metrics.setAt;
      }
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);

  function edgeKind(l) {
    if (style.pathEdges.has(l.key)) return "path";
    const s = style.selected;
    if (s !== null && (l.source.id === s || l.target.id === s)) return "active";
    if (s !== null || style.pathNodes.size > 0) return "dim";
    return "plain";
  }

  const EDGE_STYLES = {
    dim: ["rgba(170,170,170,0.15)", 1],
    plain: ["rgba(150,150,150,0.55)", 1],
    active: ["rgba(34,34,34,0.85)", 1.8],
    path: ["#d62728", 3.5],
  };

  function nodeDim(d) {
    const focused = style.selected !== null || style.pathNodes.size > 0 || style.marked.size > 0;
    if (!focused) return false;
    return d.id !== style.selected && !style.near.has(d.id) && !style.pathNodes.has(d.id) && !style.marked.has(d.id);
  }

  function draw(target = ctx, w = width, h = height, scale = dpr, t = transform) {
    target.save();
    target.setTransform(scale, 0, 0, scale, 0, 0);
    target.fillStyle = "#fff";
    target.fillRect(0, 0, w, h);
    target.translate(t.x, t.y);
    target.scale(t.k, t.k);
    const buckets = { dim: [], plain: [], active: [], path: [] };
    for (const l of links) buckets[edgeKind(l)].push(l);
    for (const kind of ["dim", "plain", "active", "path"]) {
      const [colour, lw] = EDGE_STYLES[kind];
      target.beginPath();
      for (const l of buckets[kind]) {
        target.moveTo(l.source.x, l.source.y);
        target.lineTo(l.target.x, l.target.y);
      }
      target.strokeStyle = colour;
      target.lineWidth = lw / Math.sqrt(t.k);
      target.stroke();
    }
    // Nodes, dimmed ones first, in one path per colour: a canvas fills
    // thousands of arcs in one call much faster than one by one.
    const focused = style.selected !== null || style.pathNodes.size > 0 || style.marked.size > 0;
    const outline = 1.5 / Math.max(1, Math.sqrt(t.k));
    for (const dim of focused ? [true, false] : [false]) {
      target.globalAlpha = dim ? 0.25 : 1;
      const byColour = new Map();
      for (const d of nodes) {
        if (focused && nodeDim(d) !== dim) continue;
        const colour = d.type === MORE_TYPE ? "#fff" : typeColour(d.type);
        if (!byColour.has(colour)) byColour.set(colour, []);
        byColour.get(colour).push(d);
      }
      for (const [colour, group] of byColour) {
        target.beginPath();
        for (const d of group) {
          const r = radius(d);
          target.moveTo(d.x + r, d.y);
          target.arc(d.x, d.y, r, 0, 2 * Math.PI);
        }
        target.fillStyle = colour;
        target.fill();
        // Outlines cost as much again on a software canvas: only for
        // graphs small enough to read node by node.
        if (nodes.length <= OUTLINE_MAX || colour === "#fff") {
          target.lineWidth = outline;
          target.strokeStyle = colour === "#fff" ? "#888" : "#fff";
          target.stroke();
        }
      }
    }
    target.globalAlpha = 1;
    // Rings: the selection, the focused item of the list, paths and marks.
    for (const d of nodes) {
      const rings = [];
      if (d.id === style.selected) rings.push([0, "#222", 3]);
      if (d.id === style.focus) rings.push([0, "#1f5fa8", 4]);
      if (style.pathNodes.has(d.id)) rings.push([3, "#d62728", 2]);
      else if (style.marked.has(d.id)) rings.push([3, "#1f5fa8", 2]);
      for (const [gap, colour, width] of rings) {
        target.beginPath();
        target.arc(d.x, d.y, radius(d) + gap, 0, 2 * Math.PI);
        target.strokeStyle = colour;
        target.lineWidth = width;
        target.stroke();
      }
    }
    target.globalAlpha = 1;
    drawLabels(target, w, h, t);
    target.restore();
  }

  // labelled chooses the nodes to label: all those in view from LABEL_ZOOM
  // on, else the best linked few and the selection with what is around it.
  function labelled(w, h, t) {
    const [x0, y0] = t.invert([0, 0]);
    const [x1, y1] = t.invert([w, h]);
    const inView = (d) => d.x >= x0 && d.x <= x1 && d.y >= y0 && d.y <= y1;
    const always = (d) => d.type === MORE_TYPE || d.id === style.selected || d.id === style.focus || style.near.has(d.id) || style.pathNodes.has(d.id) || style.marked.has(d.id);
    let chosen;
    if (t.k >= LABEL_ZOOM) chosen = nodes.filter(inView);
    else chosen = nodes.filter((d) => inView(d) && (always(d) || hubs.has(d)));
    return chosen.slice(0, MAX_LABELS);
  }

  function drawLabels(target, w, h, t) {
    const size = 11 / Math.sqrt(t.k);
    target.font = `${size}px system-ui, sans-serif`;
    target.lineJoin = "round";
    target.textBaseline = "middle";
    const chosen = labelled(w, h, t);
    if (target === ctx) metrics.labels = chosen.length;
    for (const d of chosen) {
      const text = d.type === MORE_TYPE ? d.name : shorten(d.name || d.id, LABEL_CHARS);
      const x = d.type === MORE_TYPE ? d.x - target.measureText(text).width / 2 : d.x + radius(d) + 3;
      const y = d.type === MORE_TYPE ? d.y + radius(d) + size : d.y;
      target.font = `${d.id === style.selected ? "bold " : ""}${size}px system-ui, sans-serif`;
      target.lineWidth = 3 / Math.sqrt(t.k);
      target.strokeStyle = "#fff";
      target.strokeText(text, x, y);
      target.fillStyle = nodeDim(d) ? "#999" : "#222";
      target.fillText(text, x, y);
    }
  }

  // --- The list of nodes in view -------------------------------------------

  let listTimer = null;
  function scheduleList() {
    if (listTimer !== null) return;
    listTimer = setTimeout(() => {
      listTimer = null;
      renderList();
    }, 150);
  }

  function visibleNodes() {
    const [x0, y0] = transform.invert([0, 0]);
    const [x1, y1] = transform.invert([width, height]);
    return nodes.filter((d) => d.x >= x0 && d.x <= x1 && d.y >= y0 && d.y <= y1);
  }

  let listed = "";
  function renderList() {
    const shown = visibleNodes().sort((a, b) => (a.type === MORE_TYPE) - (b.type === MORE_TYPE) || (a.name || "").localeCompare(b.name || ""));
    const key = shown.map((d) => d.id).join("\n") + "\u0000" + style.selected;
    if (key === listed) return;
    listed = key;
    const hadFocus = list.contains(document.activeElement) ? document.activeElement.dataset.id : null;
    const items = shown.slice(0, LIST_MAX).map((d) => el("li", {},
      el("button", {
        type: "button", class: "node-item", "data-id": d.id, "data-type": d.type, tabindex: "-1",
        "aria-current": d.id === style.selected ? "true" : null,
      }, el("span", { class: "swatch", style: `background:${d.type === MORE_TYPE ? "#fff" : typeColour(d.type)}` }), d.name || d.id,
      d.type !== MORE_TYPE ? el("span", { class: "visually-hidden" }, ` (${d.type})`) : null)));
    if (shown.length > LIST_MAX) items.push(el("li", { class: "hint" }, `…and ${shown.length - LIST_MAX} more: zoom in`));
    list.replaceChildren(...items);
    listBox.querySelector("h2").textContent = `In view (${shown.length})`;
    const first = list.querySelector(`button[data-id="${CSS.escape(hadFocus || style.selected || "")}"]`) || list.querySelector("button");
    if (first) first.tabIndex = 0;
    if (hadFocus && first && first.dataset.id === hadFocus) first.focus();
    onStats && onStats();
  }

  // Roving focus: arrows move through the list, Enter or Space selects.
  list.addEventListener("keydown", (event) => {
    const buttons = [...list.querySelectorAll("button.node-item")];
    const at = buttons.indexOf(document.activeElement);
    let to = -1;
    if (event.key === "ArrowDown") to = Math.min(buttons.length - 1, at + 1);
    else if (event.key === "ArrowUp") to = Math.max(0, at - 1);
    else if (event.key === "Home") to = 0;
    else if (event.key === "End") to = buttons.length - 1;
    if (to < 0) return;
    event.preventDefault();
    for (const b of buttons) b.tabIndex = -1;
    buttons[to].tabIndex = 0;
    buttons[to].focus();
  });
  list.addEventListener("focusin", (event) => {
    style.focus = event.target.dataset ? event.target.dataset.id || null : null;
    dirty = true;
  });
  list.addEventListener("focusout", () => {
    style.focus = null;
    dirty = true;
  });
  list.addEventListener("click", (event) => {
    const b = event.target.closest("button.node-item");
    if (b) onActivate(b.dataset.id);
  });

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
    tree = null;
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
    listed = "";
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
    const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
    const t = transform;
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
      `<rect width="100%" height="100%" fill="#fff"/>`, `<g transform="translate(${t.x},${t.y}) scale(${t.k})">`];
    for (const l of links) {
      const [c, w] = EDGE_STYLES[edgeKind(l)];
      parts.push(`<line x1="${l.source.x}" y1="${l.source.y}" x2="${l.target.x}" y2="${l.target.y}" stroke="${c}" stroke-width="${w / Math.sqrt(t.k)}"><title>${esc(l.predicate)}</title></line>`);
    }
    for (const d of nodes) {
      parts.push(`<g class="node" data-id="${esc(d.id)}" opacity="${nodeDim(d) ? 0.25 : 1}"><circle cx="${d.x}" cy="${d.y}" r="${radius(d)}" fill="${d.type === MORE_TYPE ? "#fff" : typeColour(d.type)}" stroke="${d.id === style.selected ? "#222" : "#fff"}"/><title>${esc(d.name)} (${esc(d.type)})</title></g>`);
    }
    const size = 11 / Math.sqrt(t.k);
    for (const d of labelled(width, height, t)) {
      parts.push(`<text x="${d.x + radius(d) + 3}" y="${d.y}" font-size="${size}" dominant-baseline="middle" paint-order="stroke" stroke="#fff" stroke-width="${3 / Math.sqrt(t.k)}">${esc(shorten(d.name || d.id, LABEL_CHARS))}</text>`);
    }
    parts.push("</g></svg>");
    return parts.join("\n");
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
