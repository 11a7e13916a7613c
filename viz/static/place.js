// place.js: where a view is — its zoom and the position of each node —
// written into the URL, so that a shared or reloaded URL shows the graph
// laid out and zoomed as it was. The page writes it with
// history.replaceState when the layout settles or the user stops zooming,
// so it makes no history entry of its own.
//
//   zoom=X,Y,K            the pan (CSS pixels) and the zoom factor
//   layout=N.BASE64URL    N nodes' positions, whole layout units as 16-bit
//                         integers, x then y, in the order of their sorted ids
/* global d3 */

export const LAYOUT_MAX = 2000; // views of more nodes keep only their zoom in the URL

// encodePlace is {zoom, layout} for the view's place ({zoom: transform,
// positions: Map id → [x, y]}); layout is "" for a large view.
export function encodePlace({ zoom, positions }) {
  const out = { zoom: `${zoom.x.toFixed(1)},${zoom.y.toFixed(1)},${zoom.k.toFixed(4)}`, layout: "" };
  const ids = [...positions.keys()].sort();
  if (ids.length === 0 || ids.length > LAYOUT_MAX) return out;
  const xy = new Int16Array(ids.length * 2);
  ids.forEach((id, i) => {
    const [x, y] = positions.get(id);
    xy[2 * i] = Math.max(-32768, Math.min(32767, Math.round(x || 0)));
    xy[2 * i + 1] = Math.max(-32768, Math.min(32767, Math.round(y || 0)));
  });
  const bytes = new Uint8Array(xy.buffer);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  out.layout = `${ids.length}.${btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
  return out;
}

// decodePlace reads place {zoom, layout} back for the nodes ids: {zoom:
// a d3 transform or null, positions: Map or null}. A layout written for
// another set of nodes (not as many) is left out.
export function decodePlace(place, ids) {
  const out = { zoom: null, positions: null };
  const z = /^(-?[\d.]+),(-?[\d.]+),([\d.]+)$/.exec(place.zoom || "");
  if (z && Number(z[3]) > 0) out.zoom = d3.zoomIdentity.translate(Number(z[1]), Number(z[2])).scale(Number(z[3]));
  const m = /^(\d+)\.([A-Za-z0-9_-]*)$/.exec(place.layout || "");
  if (!m || Number(m[1]) !== ids.length) return out;
  let bin;
  try {
    bin = atob(m[2].replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return out;
  }
  if (bin.length !== ids.length * 4) return out;
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const xy = new Int16Array(bytes.buffer);
  const sorted = [...ids].sort();
  out.positions = new Map(sorted.map((id, i) => [id, [xy[2 * i], xy[2 * i + 1]]]));
  return out;
}
