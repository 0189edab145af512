/**
 * The network model: what the topology makes of the network as a whole, computed from the
 * files alone. Which LAN reaches which (per address family), over which shortest paths and at
 * what OSPF cost (ECMP: every equal-cost path), the single points of failure, the port forwards
 * exposed on public routers and the DNS names. Pure; SPFs are computed on demand per source and
 * kept, so asking about a few pairs of a large network costs a few SPFs.
 */
import { Internal } from '../errors.js';
import type { Family } from '../ip.js';
import type { Topology } from '../model.js';
import { derivePeerings, type Peering } from '../peerings.js';
import { byName, FAMILIES, type OverlayGraph, overlayGraph } from './graph.js';
import { type Lan, lansOf } from './lans.js';
import { type Fingerprints, nameHash } from './signature.js';
import { pathCounts, pathsTo, type Spf, spf } from './spf.js';
import { singlePointsOfFailure, type Spofs } from './spof.js';

/** How one router (or its LAN) reaches another in one family. */
export interface Route {
  readonly family: Family;
  readonly from: string;
  readonly to: string;
  readonly reachable: boolean;
  /** Sum of the OSPF link costs; absent when unreachable. */
  readonly cost?: number;
  /** Shortest paths as router names, source first, at most `limit` of them, in name order. */
  readonly paths: readonly (readonly string[])[];
  /** How many equal-cost shortest paths there are (may exceed `paths.length`). */
  readonly pathCount: number;
}

export class NetworkModel {
  readonly graph: OverlayGraph;
  readonly lans: readonly Lan[];
  private readonly spfs = new Map<string, Spf>();
  private readonly prints = new Map<string, Fingerprints>();
  private readonly counts = new Map<string, Float64Array>();
  private readonly hashes: readonly (readonly [number, number])[];
  private readonly rank: Int32Array;
  private readonly lanIndex: ReadonlyMap<string, Lan>;
  private components?: Record<Family, Int32Array>;
  private spofMemo?: Spofs;

  constructor(readonly topology: Topology, readonly peerings: readonly Peering[] = derivePeerings(topology.routers)) {
    this.graph = overlayGraph(topology, peerings);
    this.lans = lansOf(topology);
    this.lanIndex = new Map(this.lans.map((l) => [`${l.router}/${l.family}`, l]));
    this.hashes = this.graph.routers.map(nameHash);
    this.rank = Int32Array.from(this.graph.routers.map((_, i) => i)); // routers are sorted by name
  }

  lan(router: string, family: Family): Lan | undefined {
    return this.lanIndex.get(`${router}/${family}`);
  }

  has(router: string): boolean {
    return this.graph.index.has(router);
  }

  /** The SPF of `family` rooted at `router` (one computation serves both families when they agree). */
  spf(family: Family, router: string): Spf {
    const f = this.graph.familiesAgree ? 4 : family;
    const key = `${f}/${router}`;
    let s = this.spfs.get(key);
    if (!s) {
      const i = this.index(router);
      s = spf(this.graph.adjacency[f], this.graph.routers.length, i);
      this.spfs.set(key, s);
    }
    return s;
  }

  /** Fingerprints of the shortest paths from `router` to every router (see signature.ts). */
  fingerprints(family: Family, router: string): Fingerprints {
    const f = this.graph.familiesAgree ? 4 : family;
    const key = `${f}/${router}`;
    let p = this.prints.get(key);
    if (!p) {
      const s = spf(this.graph.adjacency[f], this.graph.routers.length, this.index(router), this.hashes);
      this.spfs.set(key, s);
      this.prints.set(key, (p = s.prints!));
    }
    return p;
  }

  /** Forget the SPFs of one source (a caller walking every source keeps memory flat). */
  release(router: string): void {
    for (const f of FAMILIES) for (const memo of [this.spfs, this.prints, this.counts]) memo.delete(`${f}/${router}`);
  }

  /** Whether `from` reaches `to` in `family` (one connected-components pass, then O(1)). */
  reachable(family: Family, from: string, to: string): boolean {
    const c = this.componentIds()[family];
    return c[this.index(from)] === c[this.index(to)];
  }

  route(family: Family, from: string, to: string, limit = 8): Route {
    const s = this.spf(family, from);
    const t = this.index(to);
    const cost = s.dist[t]!;
    if (cost === Infinity) return { family, from, to, reachable: false, paths: [], pathCount: 0 };
    const paths = pathsTo(s, t, limit, (i) => this.rank[i]!).map((p) => p.map((i) => this.graph.routers[i]!));
    const key = `${this.graph.familiesAgree ? 4 : family}/${from}`;
    let counts = this.counts.get(key);
    if (!counts) this.counts.set(key, (counts = pathCounts(s)));
    return { family, from, to, reachable: true, cost, paths, pathCount: counts[t]! };
  }

  spofs(): Spofs {
    return (this.spofMemo ??= singlePointsOfFailure(this.graph));
  }

  private index(router: string): number {
    const i = this.graph.index.get(router);
    if (i === undefined) throw new Internal('UnknownRouter', `router ${router} is not in the network model`, { router });
    return i;
  }

  private componentIds(): Record<Family, Int32Array> {
    if (this.components) return this.components;
    const label = (f: Family) => {
      const { start, to } = this.graph.adjacency[f];
      const n = this.graph.routers.length;
      const id = new Int32Array(n).fill(-1);
      for (let root = 0, c = 0; root < n; root++) {
        if (id[root] !== -1) continue;
        const stack = [root];
        id[root] = c;
        while (stack.length) {
          const v = stack.pop()!;
          for (let e = start[v]!; e < start[v + 1]!; e++) if (id[to[e]!] === -1) { id[to[e]!] = c; stack.push(to[e]!); }
        }
        c++;
      }
      return id;
    };
    const four = label(4);
    return (this.components = { 4: four, 6: this.graph.familiesAgree ? four : label(6) });
  }
}

/** Every pair of LANs of one family (unordered, a < b by router name) with its route. For small networks. */
export function lanPairs(m: NetworkModel, limit = 8): Route[] {
  const out: Route[] = [];
  for (const f of FAMILIES) {
    const lans = m.lans.filter((l) => l.family === f);
    for (let i = 0; i < lans.length; i++) {
      for (let j = i + 1; j < lans.length; j++) out.push(m.route(f, lans[i]!.router, lans[j]!.router, limit));
    }
  }
  return out;
}

/** Every LAN to every other router's loopback. For small networks. */
export function lanToRouters(m: NetworkModel, limit = 8): Route[] {
  const out: Route[] = [];
  for (const l of m.lans) {
    for (const r of m.graph.routers) if (r !== l.router) out.push(m.route(l.family, l.router, r, limit));
  }
  return out.sort((a, b) => byName(a.from, b.from) || a.family - b.family || byName(a.to, b.to));
}
