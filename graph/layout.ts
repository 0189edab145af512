/**
 * layout(graph): the pure layout function of both pictures. No fs, clock or randomness.
 *
 * Hand-written rather than a general layered layout (elkjs, dagre): both pictures have a fixed,
 * known structure (internet → sites → routers → LANs → hosts; hubs in a middle row with the NAT'd
 * routers around them), which a row layout draws without crossings through boxes by construction.
 * The properties that matter are tested on the sample and on a 50-router network
 * (test/graph/layout.test.ts): no two labels or boxes overlap, no line runs through a box, every
 * label found a spot. A general layout library would add a dependency and give none of these
 * guarantees for free.
 */
import { layoutLogical } from './layout-logical.js';
import { layoutPhysical } from './layout-physical.js';
import type { LogicalGraph, PhysicalGraph } from './model.js';
import type { Scene } from './scene.js';

export function layout(g: LogicalGraph | PhysicalGraph): Scene {
  return g.view === 'logical' ? layoutLogical(g) : layoutPhysical(g);
}
