/**
 * Slow, obviously-right versions of the network model's algorithms, for property tests:
 * Floyd–Warshall costs, shortest paths by exhaustive search bounded by those costs, and single
 * points of failure by removing each router and peering in turn and counting components.
 */
import type { Topology } from '../../model/model.js';
import { derivePeerings } from '../../model/peerings.js';

export interface Reference {
  readonly routers: string[];
  readonly edges: { a: string; b: string; cost: number }[];
  dist(a: string, b: string): number;
  /** Every shortest path a → b, as router names, sorted. */
  paths(a: string, b: string): string[][];
  /** Components of the overlay without the given routers / peering. */
  components(withoutRouters?: ReadonlySet<string>, withoutEdge?: string): string[][];
}

export function reference(t: Topology): Reference {
  const routers = t.routers.map((r) => r.name).sort();
  const cost = t.network.ospf.cost;
  const edges = derivePeerings(t.routers).filter((p) => p.via !== 'none').map((p) => ({ a: p.a < p.b ? p.a : p.b, b: p.a < p.b ? p.b : p.a, cost }));
  const n = routers.length;
  const at = new Map(routers.map((r, i) => [r, i]));
  const d: number[][] = routers.map((_, i) => routers.map((__, j) => (i === j ? 0 : Infinity)));
  for (const e of edges) { d[at.get(e.a)!]![at.get(e.b)!] = e.cost; d[at.get(e.b)!]![at.get(e.a)!] = e.cost; }
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (d[i]![k]! + d[k]![j]! < d[i]![j]!) d[i]![j] = d[i]![k]! + d[k]![j]!;
  }
  const dist = (a: string, b: string) => d[at.get(a)!]![at.get(b)!]!;
  const nbrs = new Map<string, { to: string; cost: number }[]>(routers.map((r) => [r, []]));
  for (const e of edges) { nbrs.get(e.a)!.push({ to: e.b, cost: e.cost }); nbrs.get(e.b)!.push({ to: e.a, cost: e.cost }); }
  return {
    routers, edges, dist,
    paths(a, b) {
      const target = dist(a, b);
      if (target === Infinity) return [];
      const out: string[][] = [];
      const walk = (v: string, spent: number, path: string[]) => {
        if (v === b) { if (spent === target) out.push(path); return; }
        for (const { to, cost: c } of nbrs.get(v)!) {
          if (!path.includes(to) && spent + c + dist(to, b) === target) walk(to, spent + c, [...path, to]);
        }
      };
      walk(a, 0, [a]);
      return out.map((p) => p.join(' ')).sort().map((p) => p.split(' '));
    },
    components(withoutRouters = new Set(), withoutEdge) {
      const left = routers.filter((r) => !withoutRouters.has(r));
      const seen = new Set<string>();
      const parts: string[][] = [];
      for (const r of left) {
        if (seen.has(r)) continue;
        const part: string[] = [];
        const stack = [r];
        seen.add(r);
        while (stack.length) {
          const v = stack.pop()!;
          part.push(v);
          for (const { to } of nbrs.get(v)!) {
            if (withoutRouters.has(to) || seen.has(to) || `${v < to ? v : to}–${v < to ? to : v}` === withoutEdge) continue;
            seen.add(to);
            stack.push(to);
          }
        }
        parts.push(part.sort());
      }
      return parts;
    },
  };
}
