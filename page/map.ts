/** The network map: `dlan graph`'s logical picture coloured with the links' live states and labelled with their round-trip times. Pure. */
import { layout } from '../graph/layout.js';
import { type LinkState, logicalGraph, peeringKey } from '../graph/model.js';
import { renderSvg } from '../graph/svg.js';
import type { Topology } from '../model/model.js';
import type { LinkView } from './types.js';

export function renderMap(t: Topology, links: readonly LinkView[]): string {
  const states = new Map<string, LinkState>(links.map((l) => [peeringKey(l.a, l.b), l.state]));
  const rtts = new Map(links.flatMap((l) => (l.rttMs === undefined ? [] : [[peeringKey(l.a, l.b), l.rttMs] as const])));
  return renderSvg(layout(logicalGraph(t, states, rtts)));
}
