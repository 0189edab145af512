/** One entry point for the command and the generators: topology + view + format → text. Pure. */
import { renderDot } from './dot.js';
import { layout } from './layout.js';
import { logicalGraph, physicalGraph } from './model.js';
import type { RouterStatus } from './status.js';
import { linkStates } from './status.js';
import { renderSvg } from './svg.js';
import type { Topology } from '../model/model.js';

export type GraphView = 'physical' | 'logical';
export type GraphFormat = 'svg' | 'dot' | 'json';

export const VIEWS: readonly GraphView[] = ['physical', 'logical'];
export const FORMATS: readonly GraphFormat[] = ['svg', 'dot', 'json'];

export function renderGraph(t: Topology, view: GraphView, format: GraphFormat, status?: readonly RouterStatus[]): string {
  const g = view === 'logical' ? logicalGraph(t, status && linkStates(status)) : physicalGraph(t);
  if (format === 'json') return `${JSON.stringify(g, null, 2)}\n`;
  if (format === 'dot') return renderDot(g);
  return renderSvg(layout(g));
}
