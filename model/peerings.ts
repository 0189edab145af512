/**
 * Which routers peer. A peering between A and B is derived when one can reach the other:
 * B has a public `endpoint`, or A and B stand in the same site and B has a `siteEndpoint`.
 * `peers` adds peerings (kind `explicit`), `noPeers` removes them (either side's list counts), so both ends
 * always agree. Pure; the result is sorted and depends on nothing but the two routers.
 */
import { endpointFamily, endpointsOf, type RouterDef, wanFamilies } from './model.js';

export type PeeringKind = 'derived' | 'explicit';

export interface Peering {
  /** The router with the lower id. */
  readonly a: string;
  readonly b: string;
  readonly kind: PeeringKind;
  /** How the link is set up: over the internet, or inside a site. */
  readonly via: 'public' | 'site' | 'none';
}

/**
 * The endpoint `from` dials to reach `to`, if any: inside a site the local one is preferred;
 * else the first of `to`'s public endpoints of a family `from` has (a host name fits any
 * family). Without a match, the first endpoint, unless `from` declared its families.
 */
export function endpointFor(from: RouterDef, to: RouterDef): string | undefined {
  if (from.site !== undefined && from.site === to.site && to.siteEndpoint) return to.siteEndpoint;
  const endpoints = endpointsOf(to);
  const { families, strict } = wanFamilies(from);
  const fits = endpoints.find((ep) => {
    const f = endpointFamily(ep);
    return f === undefined || families.includes(f);
  });
  return fits ?? (strict ? undefined : endpoints[0]);
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

/**
 * Candidates for peering with each router, so deriving peerings costs O(routers × hubs) rather
 * than O(routers²): a peering needs a public endpoint, a shared site, or a `peers` entry.
 */
export class PeeringIndex {
  private readonly publicRouters: readonly RouterDef[];
  private readonly bySite = new Map<string, RouterDef[]>();
  private readonly listedBy = new Map<string, RouterDef[]>();
  private readonly byName: ReadonlyMap<string, RouterDef>;

  constructor(routers: readonly RouterDef[]) {
    this.publicRouters = routers.filter((r) => r.endpoint !== undefined);
    this.byName = new Map(routers.map((r) => [r.name, r]));
    for (const r of routers) {
      if (r.site !== undefined) this.bySite.set(r.site, [...(this.bySite.get(r.site) ?? []), r]);
      for (const p of r.peers ?? []) this.listedBy.set(p, [...(this.listedBy.get(p) ?? []), r]);
    }
  }

  /** Peerings of one router, sorted by the other router's id. */
  of(router: RouterDef): Peering[] {
    const candidates = new Set<RouterDef>();
    if (router.endpoint !== undefined) for (const r of this.byName.values()) candidates.add(r);
    else {
      for (const r of this.publicRouters) candidates.add(r);
      for (const r of router.site !== undefined ? this.bySite.get(router.site) ?? [] : []) candidates.add(r);
      for (const r of this.listedBy.get(router.name) ?? []) candidates.add(r);
      for (const n of router.peers ?? []) {
        const r = this.byName.get(n);
        if (r) candidates.add(r);
      }
    }
    const out: { p: Peering; id: number }[] = [];
    for (const other of candidates) {
      const p = peeringBetween(router, other);
      if (p) out.push({ p, id: other.id });
    }
    return out.sort((x, y) => x.id - y.id).map((x) => x.p);
  }
}

/** Every peering of the network, sorted by (a, b) ids. */
export function derivePeerings(routers: readonly RouterDef[]): Peering[] {
  const index = new PeeringIndex(routers);
  const ids = new Map(routers.map((r) => [r.name, r.id]));
  const out: Peering[] = [];
  for (const r of routers) for (const p of index.of(r)) if (p.a === r.name) out.push(p);
  return out.sort((x, y) => ids.get(x.a)! - ids.get(y.a)! || ids.get(x.b)! - ids.get(y.b)!);
}
