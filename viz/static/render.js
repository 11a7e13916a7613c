// render.js draws a scene — the nodes, the links and the style that marks
// some of them — on a canvas context, or as an SVG document. It keeps no
// state of its own: view.js owns the scene and says when to draw it.
//
// Labels are placed in screen space, by priority (what the user pointed
// at, then organisations, people and treaties before documents, articles
// and commitments, better linked nodes first), each where it overlaps no
// label placed before it: beside its node, else on the other side, above
// or below; a label that fits nowhere is left out. The relations of the
// selection and of a path are named on their edges the same way.
import { typeColour, nodeColour, shorten } from "./dom.js";
import { shapeOf, trace, shapePath } from "./shapes.js";

export const MORE_TYPE = "More"; // the "+N more" handles
const LABEL_CHARS = 28; // node labels longer than this are cut on the canvas (never in the SVG)
const LABEL_ZOOM = 1.6; // from this zoom on, every node in view is a candidate for a label
const MAX_LABELS = 800; // candidates for a label per frame, at most
const OUTLINE_MAX = 2000; // nodes are outlined in graphs of at most this many
const FONT = "system-ui, sans-serif";
const LABEL_PAD = 2; // px kept free around a label
const CELL = 48; // px: the side of a cell of the grid that finds overlaps

// TYPE_RANK orders node labels: lower first.
const TYPE_RANK = { Organisation: 0, Person: 1, Treaty: 2, Territory: 3, Document: 4, Signature: 5, CommitmentType: 6, Article: 7, Commitment: 8 };
const rank = (type) => TYPE_RANK[type] ?? 5;

const EDGE_STYLES = {
  dim: ["rgba(170,170,170,0.15)", 1],
  plain: ["rgba(150,150,150,0.55)", 1],
  active: ["rgba(34,34,34,0.85)", 1.8],
  path: ["#c62f33", 3.5],
};

// radius is a node's size: larger for better linked nodes.
export function radius(d) {
  if (d.type === MORE_TYPE) return 9;
  return 4 + Math.min(10, Math.sqrt(d.degree || 0) * 1.5);
}

function fill(d) {
  return d.type === MORE_TYPE ? "#fff" : nodeColour(d);
}

export function edgeKind(style, l) {
  if (style.pathEdges.has(l.key)) return "path";
  const s = style.selected;
  if (s !== null && (l.source.id === s || l.target.id === s)) return "active";
  if (s !== null || style.pathNodes.size > 0) return "dim";
  return "plain";
}

function focused(style) {
  return style.selected !== null || style.pathNodes.size > 0 || style.marked.size > 0;
}

function nodeDim(style, d) {
  if (!focused(style)) return false;
  return d.id !== style.selected && !style.near.has(d.id) && !style.pathNodes.has(d.id) && !style.marked.has(d.id);
}

// fontSize is the size of node labels, in CSS pixels, at zoom k.
export function fontSize(k) {
  return Math.max(10, Math.min(14, 11 * Math.sqrt(k)));
}

// draw paints scene {nodes, links, style} on target, a canvas context of
// w × h CSS pixels at scale device pixels each, zoomed by transform t. It
// returns the labels it placed: {nodes: [{id, text, box}], edges: [{key,
// text, box}]}, boxes [x0, y0, x1, y1] in CSS pixels of the canvas.
export function draw(target, scene, w, h, scale, t) {
  const { nodes, links, style } = scene;
  target.save();
  target.setTransform(scale, 0, 0, scale, 0, 0);
  target.fillStyle = "#fff";
  target.fillRect(0, 0, w, h);
  target.translate(t.x, t.y);
  target.scale(t.k, t.k);
  const buckets = { dim: [], plain: [], active: [], path: [] };
  for (const l of links) buckets[edgeKind(style, l)].push(l);
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
  // Nodes, dimmed ones first, in one path per type: a canvas fills
  // thousands of shapes in one call much faster than one by one.
  const anyFocus = focused(style);
  const outline = 1.5 / Math.max(1, Math.sqrt(t.k));
  for (const dim of anyFocus ? [true, false] : [false]) {
    target.globalAlpha = dim ? 0.25 : 1;
    const byType = new Map();
    for (const d of nodes) {
      if (anyFocus && nodeDim(style, d) !== dim) continue;
      if (!byType.has(d.type)) byType.set(d.type, []);
      byType.get(d.type).push(d);
    }
    for (const [type, group] of byType) {
      const colour = fill(group[0]);
      const shape = type === MORE_TYPE ? "circle" : shapeOf(type);
      target.beginPath();
      for (const d of group) trace(target, shape, d.x, d.y, radius(d));
      target.fillStyle = colour;
      target.fill();
      // Outlines cost as much again on a software canvas: only for
      // graphs small enough to read node by node.
      if (nodes.length <= OUTLINE_MAX || colour === "#fff") {
        target.lineWidth = outline;
        target.strokeStyle = colour === "#fff" ? "#767676" : "#fff";
        target.stroke();
      }
    }
  }
  target.globalAlpha = 1;
  // Rings: the selection, the focused item of the list, paths and marks.
  for (const d of nodes) {
    const rings = [];
    if (d.id === style.selected) rings.push([2, "#222", 3]);
    if (d.id === style.focus) rings.push([2, "#1f5fa8", 4]);
    if (style.pathNodes.has(d.id)) rings.push([5, "#c62f33", 2]);
    else if (style.marked.has(d.id)) rings.push([5, "#1f5fa8", 2]);
    for (const [gap, colour, width] of rings) {
      target.beginPath();
      target.arc(d.x, d.y, radius(d) * 1.3 + gap, 0, 2 * Math.PI);
      target.strokeStyle = colour;
      target.lineWidth = width;
      target.stroke();
    }
  }
  target.setTransform(scale, 0, 0, scale, 0, 0);
  const placed = placeLabels(target, scene, t, { w, h, full: false });
  paintLabels(target, placed, style);
  target.restore();
  return placed;
}

// widths of label texts at 10px, by font and text: a label's width is
// measured once, not at every frame.
const widths = new Map();
function textWidth(measure, text, variant, size) {
  const key = `${variant}\u0000${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    if (widths.size > 50000) widths.clear();
    measure.font = `${variant}10px ${FONT}`;
    w = measure.measureText(text).width;
    widths.set(key, w);
  }
  return (w * size) / 10;
}

// A grid of the boxes placed so far, to find overlaps quickly.
function occupancy() {
  const cells = new Map();
  const keys = ([x0, y0, x1, y1]) => {
    const out = [];
    for (let i = Math.floor(x0 / CELL); i <= Math.floor(x1 / CELL); i++) {
      for (let j = Math.floor(y0 / CELL); j <= Math.floor(y1 / CELL); j++) out.push(i * 65536 + j);
    }
    return out;
  };
  return {
    free(b) {
      for (const k of keys(b)) {
        for (const o of cells.get(k) || []) {
          if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) return false;
        }
      }
      return true;
    },
    add(b) {
      for (const k of keys(b)) {
        if (!cells.has(k)) cells.set(k, []);
        cells.get(k).push(b);
      }
    },
  };
}

// placeLabels chooses and places the labels of scene at transform t, on
// a canvas of w × h (bounds: labels stay inside it; with w = 0, anywhere).
// full keeps whole names (the SVG export). measure is a canvas context.
export function placeLabels(measure, scene, t, { w, h, full, only = null }) {
  const { nodes, links, style } = scene;
  const always = (d) => d.type === MORE_TYPE || d.id === style.selected || d.id === style.focus ||
    style.near.has(d.id) || style.pathNodes.has(d.id) || style.marked.has(d.id);
  const size = fontSize(t.k);
  const bounded = w > 0;
  const inside = (b) => !bounded || (b[0] >= 0 && b[1] >= 0 && b[2] <= w && b[3] <= h);
  const grid = occupancy();
  const out = { nodes: [], edges: [] };

  // Nodes are obstacles for edge labels and for other labels: their
  // shapes are registered first.
  const screen = new Map();
  for (const d of nodes) {
    const [x, y] = t.apply([d.x, d.y]);
    screen.set(d, [x, y]);
  }
  const visible = (d) => {
    const [x, y] = screen.get(d);
    return !bounded || (x >= 0 && x <= w && y >= 0 && y <= h);
  };

  // The relations of the selection and of paths, named on their edges.
  const named = links.filter((l) => { const k = edgeKind(style, l); return k === "active" || k === "path"; });
  for (const l of named.slice(0, 200)) {
    const [sx, sy] = screen.get(l.source);
    const [tx, ty] = screen.get(l.target);
    if (Math.hypot(tx - sx, ty - sy) < 30) continue;
    const text = l.predicate;
    const th = Math.max(10, size - 1);
    const tw = textWidth(measure, text, "italic ", th);
    for (const f of [0.5, 0.35, 0.65]) {
      const cx = sx + (tx - sx) * f;
      const cy = sy + (ty - sy) * f;
      const box = [cx - tw / 2 - LABEL_PAD, cy - th / 2 - LABEL_PAD, cx + tw / 2 + LABEL_PAD, cy + th / 2 + LABEL_PAD];
      if (inside(box) && grid.free(box)) {
        grid.add(box);
        out.edges.push({ key: l.key, text, box, x: cx, y: cy, size: th });
        break;
      }
    }
  }

  // Node labels, by priority.
  let candidates = nodes.filter((d) => (only ? only.has(d.id) : visible(d)));
  if (!only && t.k < LABEL_ZOOM && candidates.length > MAX_LABELS) {
    candidates = candidates.filter((d) => always(d) || rank(d.type) <= 4 || d.degree >= 4);
  }
  candidates.sort((a, b) => always(b) - always(a) || rank(a.type) - rank(b.type) || b.degree - a.degree || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  candidates = candidates.slice(0, MAX_LABELS);
  for (const d of candidates) {
    const bold = d.id === style.selected;
    const text = d.type === MORE_TYPE || full ? d.name || d.id : shorten(d.name || d.id, LABEL_CHARS);
    const tw = textWidth(measure, text, bold ? "bold " : "", size);
    const [x, y] = screen.get(d);
    const r = radius(d) * t.k * 1.35;
    const spots = d.type === MORE_TYPE
      ? [[x - tw / 2, y + r + size / 2 + 2]]
      : [[x + r + 3, y], [x - r - 3 - tw, y], [x - tw / 2, y - r - size / 2 - 2], [x - tw / 2, y + r + size / 2 + 2]];
    for (const [lx, ly] of spots) {
      const box = [lx - LABEL_PAD, ly - size / 2 - LABEL_PAD, lx + tw + LABEL_PAD, ly + size / 2 + LABEL_PAD];
      if (!inside(box) || !grid.free(box)) continue;
      grid.add(box);
      out.nodes.push({ id: d.id, text, box, x: lx, y: ly, size, bold, dim: nodeDim(style, d) });
      break;
    }
  }
  return out;
}

function paintLabels(target, placed, style) {
  target.lineJoin = "round";
  target.textBaseline = "middle";
  for (const e of placed.edges) {
    target.font = `italic ${e.size}px ${FONT}`;
    target.lineWidth = 3;
    target.strokeStyle = "#fff";
    target.strokeText(e.text, e.x - (e.box[2] - e.box[0]) / 2 + LABEL_PAD, e.y);
    target.fillStyle = style.pathEdges.has(e.key) ? "#a3262a" : "#333";
    target.fillText(e.text, e.x - (e.box[2] - e.box[0]) / 2 + LABEL_PAD, e.y);
  }
  for (const n of placed.nodes) {
    target.font = `${n.bold ? "bold " : ""}${n.size}px ${FONT}`;
    target.lineWidth = 3;
    target.strokeStyle = "#fff";
    target.strokeText(n.text, n.x, n.y);
    target.fillStyle = n.dim ? "#767676" : "#222";
    target.fillText(n.text, n.x, n.y);
  }
}

// toSVG draws the whole scene as an SVG document at transform t: every
// node and link, the labels of the nodes in only (ids) with their whole
// names, the relations of the selection and of paths, a title, a legend
// and a citation; the drawing is as large as it needs to be for nothing
// to be cut. measure is a canvas context, to measure the labels.
export function toSVG(scene, t, measure, { only, title, legend, citation }) {
  const { nodes, links, style } = scene;
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const f = (v) => Math.round(v * 100) / 100;
  const placed = placeLabels(measure, scene, t, { w: 0, h: 0, full: true, only });
  const xy = (d) => t.apply([d.x, d.y]);
  // The extent of everything drawn.
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const grow = (a, b, c, d) => { x0 = Math.min(x0, a); y0 = Math.min(y0, b); x1 = Math.max(x1, c); y1 = Math.max(y1, d); };
  for (const d of nodes) {
    const [x, y] = xy(d);
    const r = radius(d) * t.k * 1.5;
    grow(x - r, y - r, x + r, y + r);
  }
  for (const l of [...placed.nodes, ...placed.edges]) grow(...l.box);
  if (!Number.isFinite(x0)) [x0, y0, x1, y1] = [0, 0, 100, 100];
  const pad = 16;
  const head = 40;
  measure.font = `12px ${FONT}`;
  const legendW = Math.max(0, ...legend.map(({ type, count }) => measure.measureText(`${type} ${count}`).width)) + 30;
  const width = Math.max(x1 - x0 + 2 * pad + legendW + pad, measure.measureText(citation).width + 2 * pad, 320);
  const height = Math.max(y1 - y0 + 2 * pad, legend.length * 18 + 2 * pad) + head + 30;
  const ox = pad - x0;
  const oy = head + pad - y0;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${f(width)}" height="${f(height)}" viewBox="0 0 ${f(width)} ${f(height)}" font-family="${FONT}">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text class="title" x="${pad}" y="24" font-size="16" font-weight="bold">${esc(title)}</text>`,
    `<g transform="translate(${f(ox)},${f(oy)})">`];
  for (const l of links) {
    const [c, lw] = EDGE_STYLES[edgeKind(style, l)];
    const [sx, sy] = xy(l.source);
    const [tx, ty] = xy(l.target);
    parts.push(`<line x1="${f(sx)}" y1="${f(sy)}" x2="${f(tx)}" y2="${f(ty)}" stroke="${c}" stroke-width="${f(lw * Math.sqrt(t.k))}"><title>${esc(l.source.name)} — ${esc(l.predicate)} → ${esc(l.target.name)}</title></line>`);
  }
  for (const d of nodes) {
    const [x, y] = xy(d);
    const shape = d.type === MORE_TYPE ? "circle" : shapeOf(d.type);
    parts.push(`<g class="node" data-id="${esc(d.id)}" opacity="${nodeDim(style, d) ? 0.25 : 1}"><path d="${shapePath(shape, x, y, radius(d) * t.k)}" fill="${fill(d)}" stroke="${d.id === style.selected ? "#222" : d.type === MORE_TYPE ? "#767676" : "#fff"}"/><title>${esc(d.name)} (${esc(d.type)})</title></g>`);
  }
  for (const e of placed.edges) {
    parts.push(`<text class="relation" x="${f((e.box[0] + e.box[2]) / 2)}" y="${f(e.y)}" font-size="${f(e.size)}" font-style="italic" text-anchor="middle" dominant-baseline="middle" paint-order="stroke" stroke="#fff" stroke-width="3" fill="#333">${esc(e.text)}</text>`);
  }
  for (const n of placed.nodes) {
    parts.push(`<text class="label" data-id="${esc(n.id)}" x="${f(n.x)}" y="${f(n.y)}" font-size="${f(n.size)}"${n.bold ? ' font-weight="bold"' : ""} dominant-baseline="middle" paint-order="stroke" stroke="#fff" stroke-width="3" fill="${n.dim ? "#767676" : "#222"}">${esc(n.text)}</text>`);
  }
  parts.push("</g>");
  // The legend, right of the drawing.
  const lx = width - legendW - pad;
  parts.push(`<g class="legend" transform="translate(${f(lx)},${head + pad})" font-size="12">`);
  legend.forEach(({ type, count }, i) => {
    parts.push(`<path d="${shapePath(shapeOf(type), 7, i * 18 + 6, 5)}" fill="${typeColour(type)}"/><text x="18" y="${i * 18 + 6}" dominant-baseline="middle">${esc(type)} ${count}</text>`);
  });
  parts.push("</g>");
  parts.push(`<text class="citation" x="${pad}" y="${f(height - 12)}" font-size="11" fill="#555">${esc(citation)}</text>`);
  parts.push("</svg>");
  return parts.join("\n");
}

// paintFrame paints a title above, a legend over the top right and a
// citation below a drawing of w × h CSS pixels that is on target at (0,
// head): the PNG export. The citation is cut to the width.
export function paintFrame(target, { w, h, head, foot, title, legend, citation }) {
  target.fillStyle = "#fff";
  target.fillRect(0, 0, w, head);
  target.fillRect(0, head + h, w, foot);
  target.fillStyle = "#222";
  target.textBaseline = "middle";
  target.font = `bold 16px ${FONT}`;
  target.fillText(title, 12, head / 2, w - 24);
  target.font = `12px ${FONT}`;
  const lw = Math.max(0, ...legend.map(({ type, count }) => target.measureText(`${type} ${count}`).width)) + 30;
  const lh = legend.length * 18 + 8;
  const lx = w - lw - 8;
  const ly = head + 8;
  target.fillStyle = "rgba(255,255,255,0.92)";
  target.fillRect(lx, ly, lw, lh);
  target.strokeStyle = "#d8d8d8";
  target.lineWidth = 1;
  target.strokeRect(lx, ly, lw, lh);
  legend.forEach(({ type, count }, i) => {
    target.beginPath();
    trace(target, shapeOf(type), lx + 11, ly + 13 + i * 18, 5);
    target.fillStyle = typeColour(type);
    target.fill();
    target.fillStyle = "#222";
    target.fillText(`${type} ${count}`, lx + 22, ly + 13 + i * 18);
  });
  target.fillStyle = "#555";
  target.font = `11px ${FONT}`;
  target.fillText(citation, 12, head + h + foot / 2, w - 24);
}
