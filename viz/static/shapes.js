// shapes.js: the shape of each node type, so that a type is told by its
// shape as well as by its colour (on the canvas, in the SVG export, the
// legend and the lists). trace draws a shape on anything with moveTo,
// lineTo and arc: a canvas context or a builder of SVG path data.
import { typeColour } from "./dom.js";

const SHAPES = {
  Organisation: "circle",
  Person: "triangle",
  Territory: "square",
  Treaty: "diamond",
  Document: "pentagon",
  Article: "hexagon",
  Signature: "star",
  Commitment: "triangle-down",
  CommitmentType: "cross",
};

export function shapeOf(type) {
  return SHAPES[type] || "circle";
}

// A shape is closed by a line back to its first corner, not closePath:
// on a canvas path of thousands of shapes closePath costs far more.

// polygon traces a regular polygon of n corners around (x, y), its
// corners at distance r, the first at angle a0.
function polygon(p, n, x, y, r, a0) {
  for (let i = 0; i <= n; i++) {
    const a = a0 + (2 * Math.PI * (i % n)) / n;
    const [px, py] = [x + r * Math.cos(a), y + r * Math.sin(a)];
    if (i === 0) p.moveTo(px, py);
    else p.lineTo(px, py);
  }
}

// trace adds shape to path p at (x, y), of about the area of a circle of
// radius r.
export function trace(p, shape, x, y, r) {
  const up = -Math.PI / 2;
  switch (shape) {
    case "triangle": return polygon(p, 3, x, y + r * 0.2, r * 1.35, up);
    case "triangle-down": return polygon(p, 3, x, y - r * 0.2, r * 1.35, Math.PI / 2);
    case "square": return polygon(p, 4, x, y, r * 1.25, Math.PI / 4);
    case "diamond": return polygon(p, 4, x, y, r * 1.3, up);
    case "pentagon": return polygon(p, 5, x, y, r * 1.15, up);
    case "hexagon": return polygon(p, 6, x, y, r * 1.1, 0);
    case "star": {
      for (let i = 0; i <= 10; i++) {
        const a = up + (Math.PI * (i % 10)) / 5;
        const rr = i % 2 === 0 ? r * 1.45 : r * 0.65;
        const [px, py] = [x + rr * Math.cos(a), y + rr * Math.sin(a)];
        if (i === 0) p.moveTo(px, py);
        else p.lineTo(px, py);
      }
      return;
    }
    case "cross": {
      const a = r * 1.2;
      const b = r * 0.42;
      const pts = [[-b, -a], [b, -a], [b, -b], [a, -b], [a, b], [b, b], [b, a], [-b, a], [-b, b], [-a, b], [-a, -b], [-b, -b]];
      [...pts, pts[0]].forEach(([dx, dy], i) => (i === 0 ? p.moveTo(x + dx, y + dy) : p.lineTo(x + dx, y + dy)));
      return;
    }
    default:
      p.moveTo(x + r, y);
      p.arc(x, y, r, 0, 2 * Math.PI);
  }
}

// shapePath is the SVG path data of shape at (x, y).
export function shapePath(shape, x, y, r) {
  // A small path builder with the canvas methods trace uses.
  const out = [];
  const f = (v) => Math.round(v * 100) / 100;
  trace({
    moveTo: (a, b) => out.push(`M${f(a)},${f(b)}`),
    lineTo: (a, b) => out.push(`L${f(a)},${f(b)}`),
    arc: (cx, cy, rr) => out.push(`M${f(cx + rr)},${f(cy)}A${f(rr)},${f(rr)} 0 1,1 ${f(cx - rr)},${f(cy)}A${f(rr)},${f(rr)} 0 1,1 ${f(cx + rr)},${f(cy)}`),
  }, shape, x, y, r);
  return out.join("");
}

const SVG_NS = "http://www.w3.org/2000/svg";

// typeIcon is a small SVG of a type's shape in its colour, hidden from
// screen readers: the type is always written next to it, or in the
// element's accessible name.
const icons = new Map(); // one of each, cloned: lists have thousands
export function typeIcon(type, { colour = typeColour(type), size = 12 } = {}) {
  const key = `${type}\u0000${colour}\u0000${size}`;
  if (!icons.has(key)) icons.set(key, makeIcon(type, colour, size));
  return icons.get(key).cloneNode(true);
}

function makeIcon(type, colour, size) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("class", "type-icon");
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("viewBox", "-8 -8 16 16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.dataset.shape = shapeOf(type);
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", shapePath(shapeOf(type), 0, 0, 5));
  path.setAttribute("fill", colour);
  path.setAttribute("stroke", colour === "#fff" ? "#767676" : "none");
  svg.append(path);
  return svg;
}
