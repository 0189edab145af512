/**
 * Which routers peer. A peering between A and B is derived when one can reach the other:
 * B has a public `endpoint`, or A and B stand in the same site and B has a `siteEndpoint`.
 * `peers` adds peerings (kind `explicit`), `noPeers` removes them (either side's list counts), so both ends
 * always agree. Pure; the result is sorted and depends on nothing but the two routers.
 */
import type { RouterDef } from './model.js';

export type PeeringKind = 'derived' | 'explicit';

export interface Peering {
  /** The router with the lower id. */
  readonly a: string;
  readonly b: string;
  readonly kind: PeeringKind;
  /** How the link is set up: over the internet, or inside a site. */
  readonly via: 'public' | 'site' | 'none';
}

/** The endpoint `from` dials to reach `to`, if any: inside a site the local one is preferred. */
export function endpointFor(from: RouterDef, to: RouterDef): string | undefined {
  if (from.site !== undefined && from.site === to.site && to.siteEndpoint) return to.siteEndpoint;
  return to.endpoint;
}

export function peeringBetween(x: RouterDef, y: RouterDef): Peering | undefined {
  if (x.name === y.name) return undefined;
  const [a, b] = x.id < y.id || (x.id === y.id && x.name < y.name) ? [x, y] : [y, x];
  const denied = (a.noPeers ?? []).includes(b.name) || (b.noPeers ?? []).includes(a.name);
  if (denied) return undefined;
  const aToB = endpointFor(a, b);
  const bToA = endpointFor(b, a);
  const sameSite = a.site !== undefined && a.site === b.site && (aToB === b.siteEndpoint || bToA === a.siteEndpoint);
  const via = aToB || bToA ? (sameSite ? 'site' : 'public') : 'none';
  const listed = (a.peers ?? []).includes(b.name) || (b.peers ?? []).includes(a.name);
  if (!listed && via === 'none') return undefined;
  return { a: a.name, b: b.name, kind: listed ? 'explicit' : 'derived', via };
}

/** Every peering of the network, sorted by (a, b) ids. O(n²) pairs, each O(1)-ish. */
export function derivePeerings(routers: readonly RouterDef[]): Peering[] {
  const byId = [...routers].sort((p, q) => p.id - q.id || p.name.localeCompare(q.name));
  const out: Peering[] = [];
  for (let i = 0; i < byId.length; i++) {
    for (let j = i + 1; j < byId.length; j++) {
      const p = peeringBetween(byId[i]!, byId[j]!);
      if (p) out.push(p);
    }
  }
  return out;
}

/** Peerings of one router, without looking at every pair of the network. */
export function peeringsOf(router: RouterDef, routers: readonly RouterDef[]): Peering[] {
  const out: Peering[] = [];
  for (const other of routers) {
    const p = peeringBetween(router, other);
    if (p) out.push(p);
  }
  return out;
}
