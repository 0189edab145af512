/** layout(graph): the pure layout function of both pictures. No fs, clock or randomness. */
import { layoutLogical } from './layout-logical.js';
import { layoutPhysical } from './layout-physical.js';
import type { LogicalGraph, PhysicalGraph } from './model.js';
import type { Scene } from './scene.js';

export function layout(g: LogicalGraph | PhysicalGraph): Scene {
  return g.view === 'logical' ? layoutLogical(g) : layoutPhysical(g);
}
