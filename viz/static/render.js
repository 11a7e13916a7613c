// render.js draws a scene — the nodes, the links and the style that marks
// some of them — on a canvas context, or as an SVG document. It keeps no
// state of its own: view.js owns the scene and says when to draw it.
import { nodeColour, shorten } from "./dom.js";

export const MORE_TYPE = "More"; // the "+N more" handles
const LABEL_CHARS = 28; // node labels longer than this are cut
const LABEL_ZOOM = 1.6; // from this zoom on, every node in view is labelled
const MAX_LABELS = 800; // labels drawn per frame, at most
const OUTLINE_MAX = 2000; // nodes are outlined in graphs of at most this many

const EDGE_STYLES = {
  dim: ["rgba(170,170,170,0.15)", 1],
  plain: ["rgba(150,150,150,0.55)", 1],
  active: ["rgba(34,34,34,0.85)", 1.8],
  path: ["#d62728", 3.5],
};

// radius is a node's size: larger for better linked nodes.
export function radius(d) {
  if (d.type === MORE_TYPE) return 9;
  return 4 + Math.min(10, Math.sqrt(d.degree || 0) * 1.5);
}

function fill(d) {
  return d.type === MORE_TYPE ? "#fff" : nodeColour(d);
}

function edgeKind(style, l) {
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

// draw paints scene {nodes, links, style, hubs} on target, a canvas context
// of w × h CSS pixels at scale device pixels each, zoomed by transform t.
// It returns how many labels it drew.
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
  // Nodes, dimmed ones first, in one path per colour: a canvas fills
  // thousands of arcs in one call much faster than one by one.
  const anyFocus = focused(style);
  const outline = 1.5 / Math.max(1, Math.sqrt(t.k));
  for (const dim of anyFocus ? [true, false] : [false]) {
    target.globalAlpha = dim ? 0.25 : 1;
    const byColour = new Map();
    for (const d of nodes) {
      if (anyFocus && nodeDim(style, d) !== dim) continue;
      const colour = fill(d);
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
  const labels = drawLabels(target, scene, w, h, t);
  target.restore();
  return labels;
}

// labelled chooses the nodes to label: all those in view from LABEL_ZOOM
// on, else the best linked few and the selection with what is around it.
function labelled({ nodes, style, hubs }, w, h, t) {
  const [x0, y0] = t.invert([0, 0]);
  const [x1, y1] = t.invert([w, h]);
  const inView = (d) => d.x >= x0 && d.x <= x1 && d.y >= y0 && d.y <= y1;
  const always = (d) => d.type === MORE_TYPE || d.id === style.selected || d.id === style.focus || style.near.has(d.id) || style.pathNodes.has(d.id) || style.marked.has(d.id);
  let chosen;
  if (t.k >= LABEL_ZOOM) chosen = nodes.filter(inView);
  else chosen = nodes.filter((d) => inView(d) && (always(d) || hubs.has(d)));
  return chosen.slice(0, MAX_LABELS);
}

function drawLabels(target, scene, w, h, t) {
  const { style } = scene;
  const size = 11 / Math.sqrt(t.k);
  target.font = `${size}px system-ui, sans-serif`;
  target.lineJoin = "round";
  target.textBaseline = "middle";
  const chosen = labelled(scene, w, h, t);
  for (const d of chosen) {
    const text = d.type === MORE_TYPE ? d.name : shorten(d.name || d.id, LABEL_CHARS);
    const x = d.type === MORE_TYPE ? d.x - target.measureText(text).width / 2 : d.x + radius(d) + 3;
    const y = d.type === MORE_TYPE ? d.y + radius(d) + size : d.y;
    target.font = `${d.id === style.selected ? "bold " : ""}${size}px system-ui, sans-serif`;
    target.lineWidth = 3 / Math.sqrt(t.k);
    target.strokeStyle = "#fff";
    target.strokeText(text, x, y);
    target.fillStyle = nodeDim(style, d) ? "#999" : "#222";
    target.fillText(text, x, y);
  }
  return chosen.length;
}

// toSVG draws the scene as an SVG document of w × h: what is in view
// through transform t.
export function toSVG(scene, w, h, t) {
  const { nodes, links, style } = scene;
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="system-ui, sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`, `<g transform="translate(${t.x},${t.y}) scale(${t.k})">`];
  for (const l of links) {
    const [c, lw] = EDGE_STYLES[edgeKind(style, l)];
    parts.push(`<line x1="${l.source.x}" y1="${l.source.y}" x2="${l.target.x}" y2="${l.target.y}" stroke="${c}" stroke-width="${lw / Math.sqrt(t.k)}"><title>${esc(l.predicate)}</title></line>`);
  }
  for (const d of nodes) {
    parts.push(`<g class="node" data-id="${esc(d.id)}" opacity="${nodeDim(style, d) ? 0.25 : 1}"><circle cx="${d.x}" cy="${d.y}" r="${radius(d)}" fill="${fill(d)}" stroke="${d.id === style.selected ? "#222" : "#fff"}"/><title>${esc(d.name)} (${esc(d.type)})</title></g>`);
  }
  const size = 11 / Math.sqrt(t.k);
  for (const d of labelled(scene, w, h, t)) {
    parts.push(`<text x="${d.x + radius(d) + 3}" y="${d.y}" font-size="${size}" dominant-baseline="middle" paint-order="stroke" stroke="#fff" stroke-width="${3 / Math.sqrt(t.k)}">${esc(shorten(d.name || d.id, LABEL_CHARS))}</text>`);
  }
  parts.push("</g></svg>");
  return parts.join("\n");
}
