// layout-worker.js runs the force layout off the main thread. The page
// sends the graph ({type: "set"}) and drags ({type: "drag"}); the worker
// answers with every node's position after each batch of ticks
// ({type: "tick", xy}, a Float32Array of x, y pairs in the order of the
// nodes it was sent) and once when the layout has settled ({type: "end"}).
// Each "set" carries a generation number, echoed in every answer, so the
// page can drop answers about a graph it has since replaced.
/* global d3, importScripts */
importScripts("vendor/d3.min.js");

const FRAME_MS = 12; // time spent ticking between two answers

let sim = null;
let nodes = [];
let gen = 0;
let timer = null;

function post(type) {
  const xy = new Float32Array(nodes.length * 2);
  for (let i = 0; i < nodes.length; i++) {
    xy[2 * i] = nodes[i].x;
    xy[2 * i + 1] = nodes[i].y;
  }
  self.postMessage({ type, gen, xy, alpha: sim ? sim.alpha() : 0 }, [xy.buffer]);
}

// step ticks for about FRAME_MS, answers, and goes on until the layout
// has cooled; then it lets go of the nodes pinned while it ran.
function step() {
  timer = null;
  const t0 = performance.now();
  do {
    sim.tick();
  } while (performance.now() - t0 < FRAME_MS && sim.alpha() >= sim.alphaMin());
  if (sim.alpha() < sim.alphaMin()) {
    for (const n of nodes) {
      if (n.pinned) {
        n.fx = null;
        n.fy = null;
        n.pinned = false;
      }
    }
    post("end");
    return;
  }
  post("tick");
  timer = setTimeout(step, 0);
}

function restart(alpha) {
  sim.alpha(Math.max(sim.alpha(), alpha));
  if (timer === null) timer = setTimeout(step, 0);
}

self.onmessage = (event) => {
  const m = event.data;
  if (m.type === "set") {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    gen = m.gen;
    // Nodes already placed keep their place; with pinKnown they do not move
    // at all while the new ones find theirs.
    nodes = m.nodes.map((n) => {
      const d = { id: n.id, x: n.x, y: n.y };
      if (n.known && m.pinKnown) {
        d.fx = n.x;
        d.fy = n.y;
        d.pinned = true;
      }
      return d;
    });
    const big = nodes.length > 1500;
    sim = d3.forceSimulation(nodes)
      .stop()
      .force("link", d3.forceLink(m.links).distance(m.linkDistance || 60).strength(0.3))
      .force("charge", d3.forceManyBody().strength(big ? -60 : -140).distanceMax(big ? 250 : 500).theta(big ? 1.2 : 0.9))
      .force("collide", d3.forceCollide((d, i) => m.radii[i] + 3).iterations(big ? 1 : 2))
      .force("x", d3.forceX().strength(0.03))
      .force("y", d3.forceY().strength(0.03));
    post("tick");
    if (nodes.length === 0) {
      post("end");
      return;
    }
    sim.alpha(m.alpha);
    timer = setTimeout(step, 0);
  } else if (m.type === "drag" && sim) {
    const n = nodes[m.index];
    if (!n) return;
    n.fx = m.x;
    n.fy = m.y;
    n.pinned = !m.end;
    if (m.end) {
      n.fx = null;
      n.fy = null;
    }
    restart(m.end ? 0.05 : 0.2);
  }
};
