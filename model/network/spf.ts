/**
 * Shortest paths from one router, as OSPF computes them (RFC 2328 §16.1, Dijkstra), with every
 * equal-cost predecessor: OSPF installs all equal-cost next hops (ECMP), so the set of shortest
 * paths, not one of them, is what the network may use.
 *
 * A binary heap over typed arrays: O((V + E) log V) per source. Predecessors are not stored:
 * u precedes v on a shortest path exactly when dist[u] + cost(u, v) = dist[v], and links cost
 * the same both ways, so `eachPred` finds them by scanning v's own links (an SPF from every
 * router of a large network then allocates nothing per router).
 */
import type { Adjacency } from './graph.js';
import { type Fingerprints, mix } from './signature.js';

export interface Spf {
  readonly source: number;
  readonly adj: Adjacency;
  /** Cost to each router; Infinity where it cannot be reached. */
  readonly dist: Float64Array;
  /** Routers in the order they were settled (non-decreasing cost): predecessors come first. */
  readonly order: Int32Array;
}

/** Calls `f` for each equal-cost predecessor of `v` (none for the source and the unreachable). */
export function eachPred(s: Spf, v: number, f: (u: number) => void): void {
  const d = s.dist[v]!;
  if (v === s.source || d === Infinity) return;
  const { start, to, cost } = s.adj;
  for (let e = start[v]!; e < start[v + 1]!; e++) if (s.dist[to[e]!]! + cost[e]! === d) f(to[e]!);
}

/** Mixing constants for predecessors' fingerprints (see signature.ts). */
const K_LO = 0x27d4eb2d;
const K_HI = 0x165667b1;

/**
 * The SPF from `source`; with `names` (each router's name hash, signature.ts), also the path
 * fingerprints, in the same pass: when a router is settled its predecessors are settled already
 * (costs are at least 1), and the scan of its links that relaxes its neighbours finds them too.
 * With one cost on every link the queue is a FIFO (a breadth-first search, no heap).
 */
export function spf(adj: Adjacency, n: number, source: number, names?: readonly (readonly [number, number])[]): Spf & { readonly prints?: Fingerprints } {
  const dist = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  const order = new Int32Array(n);
  const lo = names ? new Uint32Array(n) : undefined;
  const hi = names ? new Uint32Array(n) : undefined;
  const { start, to, cost, uniformCost } = adj;
  let settled = 0;
  // Lazy-deletion heap of (cost, router), or a FIFO when every link costs the same.
  let heapCost = new Float64Array(16);
  let heapNode = new Int32Array(uniformCost !== undefined ? n : 16);
  let size = 0;
  let head = 0;
  const push = (c: number, v: number) => {
    if (uniformCost !== undefined) { heapNode[size++] = v; return; }
    if (size === heapCost.length) {
      const nc = new Float64Array(size * 2); nc.set(heapCost); heapCost = nc;
      const nn = new Int32Array(size * 2); nn.set(heapNode); heapNode = nn;
    }
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapCost[p]! <= c) break;
      heapCost[i] = heapCost[p]!; heapNode[i] = heapNode[p]!; i = p;
    }
    heapCost[i] = c; heapNode[i] = v;
  };
  const pop = (): number => {
    if (uniformCost !== undefined) return heapNode[head++]!;
    const top = heapNode[0]!;
    const c = heapCost[--size]!;
    const v = heapNode[size]!;
    let i = 0;
    for (;;) {
      let k = 2 * i + 1;
      if (k >= size) break;
      if (k + 1 < size && heapCost[k + 1]! < heapCost[k]!) k++;
      if (heapCost[k]! >= c) break;
      heapCost[i] = heapCost[k]!; heapNode[i] = heapNode[k]!; i = k;
    }
    heapCost[i] = c; heapNode[i] = v;
    return top;
  };
  const pending = () => (uniformCost !== undefined ? head < size : size > 0);

  dist[source] = 0;
  push(0, source);
  while (pending()) {
    const u = pop();
    if (done[u]) continue;
    done[u] = 1;
    order[settled++] = u;
    const du = dist[u]!;
    let sumLo = 0;
    let sumHi = 0;
    for (let e = start[u]!; e < start[u + 1]!; e++) {
      const v = to[e]!;
      if (done[v]) {
        if (lo && dist[v]! + cost[e]! === du) { sumLo = (sumLo + mix(lo[v]!, K_LO)) >>> 0; sumHi = (sumHi + mix(hi![v]!, K_HI)) >>> 0; }
        continue;
      }
      const d = du + cost[e]!;
      if (d < dist[v]!) { dist[v] = d; push(d, v); }
    }
    // The fingerprint: the name and cost folded with the sum of the predecessors' (order-free).
    if (lo) {
      lo[u] = mix(mix(names![u]![0], sumLo), du | 0) || 1;
      hi![u] = mix(mix(names![u]![1], sumHi), du | 0) || 1;
    }
  }
  return { source, adj, dist, order: order.subarray(0, settled), ...(lo && { prints: { lo, hi: hi! } }) };
}

/**
 * Up to `limit` shortest paths from the source to `target`, each a list of router indexes from
 * source to target, in lexicographic order of `rank` (the caller's name order), so a limited list
 * is always the first paths of the full one. Empty when the target cannot be reached.
 */
export function pathsTo(s: Spf, target: number, limit: number, rank: (i: number) => number): number[][] {
  if (s.dist[target] === Infinity) return [];
  // The routers on some shortest path to the target, and each one's next hops towards it.
  const next = new Map<number, number[]>();
  const stack = [target];
  const seen = new Set([target]);
  while (stack.length > 0) {
    const v = stack.pop()!;
    eachPred(s, v, (p) => {
      const list = next.get(p);
      if (list) list.push(v); else next.set(p, [v]);
      if (!seen.has(p)) { seen.add(p); stack.push(p); }
    });
  }
  for (const list of next.values()) list.sort((x, y) => rank(x) - rank(y));
  const out: number[][] = [];
  const walk = (v: number, prefix: number[]) => {
    if (out.length >= limit) return;
    if (v === target) { out.push(prefix); return; }
    for (const w of next.get(v) ?? []) walk(w, [...prefix, w]);
  };
  walk(s.source, [s.source]);
  return out;
}

/** How many distinct shortest paths lead to each router (1 for the source, 0 when unreachable). */
export function pathCounts(s: Spf): Float64Array {
  const count = new Float64Array(s.dist.length);
  count[s.source] = 1;
  for (const v of s.order) eachPred(s, v, (p) => { count[v]! += count[p]!; });
  return count;
}
