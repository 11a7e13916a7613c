// hit.js finds the node under a point of the graph, with a d3.quadtree of
// the node positions built when first needed after they moved.
/* global d3 */
import { radius } from "./render.js";

export function createHitTester() {
  let tree = null;
  return {
    // moved forgets the positions: the next find builds the tree anew.
    moved() { tree = null; },
    // find returns the node of nodes drawn at graph point (x, y) at zoom k,
    // or null: a click on the edge of a small node still reaches it.
    find(nodes, x, y, k) {
      if (nodes.length === 0) return null;
      if (!tree) tree = d3.quadtree(nodes, (d) => d.x, (d) => d.y);
      const d = tree.find(x, y, (14 + 4) / Math.min(k, 1));
      if (!d) return null;
      const reach = radius(d) + 4 / k;
      return Math.hypot(d.x - x, d.y - y) <= Math.max(reach, 6 / k) ? d : null;
    },
  };
}
