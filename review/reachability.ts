/**
 * How reachability and shortest paths change between two network models, pair by pair:
 * - LAN pairs: every two LANs of one family that exist on both sides (same router, same
 *   family; a new prefix is still the same LAN), unordered;
 * - LAN to router: every LAN to the loopback of each router without a LAN of that family
 *   (a router with one is already covered by its LAN), so no pair is counted twice.
 * A pair changes when it is lost (reachable at BASE, not at HEAD), gained, or keeps reachable
 * but its cost or its set of equal-cost shortest paths changes.
 *
 * Cost: when both overlays have the same routers, links and costs, no common pair can change,
 * and nothing is computed. Otherwise one SPF per LAN router and side, compared through path
 * fingerprints (model/network/signature.ts) in O(routers) per source; only changed pairs get
 * their paths listed. Counts are exact; the lists keep the first `limit` changes.
 */
import type { Family } from '../model/ip.js';
import { byName, FAMILIES, type NetworkModel, type OverlayGraph } from '../model/network/index.js';

export interface RouteSummary {
  readonly cost: number;
  /** At most `PATHS_SHOWN`, in name order. */
  readonly paths: readonly (readonly string[])[];
  readonly pathCount: number;
}

export type PairChangeKind = 'lost' | 'gained' | 'path';

export interface PairChange {
  /** The families this same change happens in (IPv4 and IPv6 usually move together). */
  readonly families: readonly Family[];
  /** LAN pair: the two routers, a < b. LAN to router: the LAN's router, then the router. */
  readonly from: string;
  readonly to: string;
  readonly change: PairChangeKind;
  readonly before?: RouteSummary;
  readonly after?: RouteSummary;
}

export interface PairChanges {
  readonly lost: number;
  readonly gained: number;
  readonly path: number;
  /** The first `limit` changes, LAN pairs by (from, to). */
  readonly changes: readonly PairChange[];
  /** How many changes the list leaves out. */
  readonly omitted: number;
}

export interface ReachabilityDiff {
  readonly lanPairs: PairChanges;
  readonly lanToRouter: PairChanges;
}

export const PATHS_SHOWN = 4;

/** Same routers, same links, same costs in both families: no pair can have changed. */
export function sameOverlay(a: OverlayGraph, b: OverlayGraph): boolean {
  if (a.routers.length !== b.routers.length || a.edges.length !== b.edges.length) return false;
  if (a.routers.some((r, i) => r !== b.routers[i])) return false;
  return a.edges.every((e, i) => {
    const f = b.edges[i]!;
    return e.a === f.a && e.b === f.b && e.cost[4] === f.cost[4] && e.cost[6] === f.cost[6];
  });
}

class Collector {
  private readonly counts: Record<PairChangeKind, number> = { lost: 0, gained: 0, path: 0 };
  private readonly raw: { family: Family; from: string; to: string; change: PairChangeKind; before?: RouteSummary; after?: RouteSummary }[] = [];
  private total = 0;
  constructor(private readonly limit: number) {}

  add(family: Family, from: string, to: string, change: PairChangeKind, details: () => { before?: RouteSummary; after?: RouteSummary }): void {
    this.counts[change]++;
    this.total++;
    // Two families per pair at most: keep twice the limit so merging cannot starve the list.
    if (this.raw.length < 2 * this.limit) this.raw.push({ family, from, to, change, ...details() });
  }

  result(): PairChanges {
    const merged = new Map<string, PairChange>();
    for (const c of this.raw) {
      const key = JSON.stringify([c.from, c.to, c.change, c.before, c.after]);
      const m = merged.get(key);
      merged.set(key, m ? { ...m, families: [...m.families, c.family] } : { families: [c.family], from: c.from, to: c.to, change: c.change, ...(c.before && { before: c.before }), ...(c.after && { after: c.after }) });
    }
    const list = [...merged.values()].sort((x, y) => byName(x.from, y.from) || byName(x.to, y.to) || x.families[0]! - y.families[0]!);
    const changes = list.slice(0, this.limit);
    const listed = changes.reduce((n, c) => n + c.families.length, 0);
    return { ...this.counts, changes, omitted: this.total - listed };
  }
}

function summary(m: NetworkModel, f: Family, from: string, to: string): RouteSummary | undefined {
  const r = m.route(f, from, to, PATHS_SHOWN);
  return r.reachable ? { cost: r.cost!, paths: r.paths, pathCount: r.pathCount } : undefined;
}

export function diffReachability(base: NetworkModel, head: NetworkModel, limit = 100): ReachabilityDiff {
  const pairs = new Collector(limit);
  const toRouter = new Collector(limit);
  if (sameOverlay(base.graph, head.graph)) return { lanPairs: pairs.result(), lanToRouter: toRouter.result() };

  const both = base.graph.routers.filter((r) => head.has(r));
  const lanRouters = (f: Family) => both.filter((r) => base.lan(r, f) && head.lan(r, f));
  const common = { 4: lanRouters(4), 6: lanRouters(6) };
  const isLan = { 4: new Set(common[4]), 6: new Set(common[6]) };
  const sources = [...new Set([...common[4], ...common[6]])].sort(byName);

  for (const a of sources) {
    for (const f of FAMILIES) {
      if (!isLan[f].has(a)) continue;
      const fb = base.fingerprints(f, a);
      const fh = head.fingerprints(f, a);
      const compare = (b: string, into: Collector) => {
        const i = base.graph.index.get(b)!;
        const j = head.graph.index.get(b)!;
        const was = fb.lo[i] !== 0;
        const is = fh.lo[j] !== 0;
        if (was && is && fb.lo[i] === fh.lo[j] && fb.hi[i] === fh.hi[j]) return;
        if (!was && !is) return;
        const change: PairChangeKind = was && !is ? 'lost' : !was && is ? 'gained' : 'path';
        into.add(f, a, b, change, () => {
          const before = summary(base, f, a, b);
          const after = summary(head, f, a, b);
          return { ...(before && { before }), ...(after && { after }) };
        });
      };
      for (const b of both) {
        if (b === a) continue;
        if (isLan[f].has(b)) { if (byName(a, b) < 0) compare(b, pairs); }
        else compare(b, toRouter);
      }
    }
    base.release(a);
    head.release(a);
  }
  return { lanPairs: pairs.result(), lanToRouter: toRouter.result() };
}
