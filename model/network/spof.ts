/**
 * Single points of failure of the overlay: routers (articulation points) and peerings (bridges)
 * whose loss splits it, each with the routers it would cut off. Hopcroft–Tarjan: one depth-first
 * search, O(V + E), iterative so a long chain of routers cannot overflow the stack.
 *
 * When a failure splits a connected part of the network into pieces, the largest piece is "the
 * network" and the others are cut off (a tie keeps the piece holding the alphabetically first
 * router). "r4 is a single point of failure for r1" means: without r4, r1 is in a cut-off piece.
 */
import { byName, type OverlayGraph } from './graph.js';

export interface RouterSpof {
  readonly router: string;
  /** Sorted. */
  readonly cutOff: readonly string[];
}

export interface PeeringSpof {
  /** a < b by name. */
  readonly a: string;
  readonly b: string;
  readonly cutOff: readonly string[];
}

export interface Spofs {
  /** Sorted by router. */
  readonly routers: readonly RouterSpof[];
  /** Sorted by (a, b). */
  readonly peerings: readonly PeeringSpof[];
}

/** Neighbours over any family (a link lost is lost for both). */
function neighbours(g: OverlayGraph): number[][] {
  const out: number[][] = g.routers.map(() => []);
  for (const e of g.edges) {
    const a = g.index.get(e.a)!;
    const b = g.index.get(e.b)!;
    out[a]!.push(b);
    out[b]!.push(a);
  }
  return out;
}

export function singlePointsOfFailure(g: OverlayGraph): Spofs {
  const n = g.routers.length;
  const adj = neighbours(g);
  const tin = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const size = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const byTin = new Int32Array(n);
  const component = new Int32Array(n);
  const componentSize: number[] = [];
  const next = new Int32Array(n); // per-router position in its neighbour list
  let timer = 0;

  for (let root = 0; root < n; root++) {
    if (tin[root] !== -1) continue;
    const c = componentSize.length;
    const first = timer;
    const stack: number[] = [root];
    tin[root] = low[root] = timer; byTin[timer++] = root;
    while (stack.length > 0) {
      const v = stack[stack.length - 1]!;
      const list = adj[v]!;
      if (next[v]! < list.length) {
        const w = list[next[v]!++]!;
        if (tin[w] === -1) {
          parent[w] = v; tin[w] = low[w] = timer; byTin[timer++] = w; stack.push(w);
        } else if (w !== parent[v]) low[v] = Math.min(low[v]!, tin[w]!);
      } else {
        stack.pop();
        size[v] = 1 + (size[v] ?? 0);
        component[v] = c;
        const p = parent[v]!;
        if (p !== -1) { low[p] = Math.min(low[p]!, low[v]!); size[p]! += size[v]!; }
      }
    }
    componentSize.push(timer - first);
  }

  // Subtree of w = the routers with tin in [tin[w], tin[w] + size[w]).
  const subtree = (w: number): number[] => Array.from(byTin.subarray(tin[w]!, tin[w]! + size[w]!));
  const name = (i: number) => g.routers[i]!;
  const cutOffOf = (pieces: number[][]): string[] => {
    const named = pieces.map((p) => p.map(name).sort(byName));
    named.sort((x, y) => y.length - x.length || byName(x[0]!, y[0]!));
    return named.slice(1).flat().sort(byName);
  };
  const restOf = (root: number, excluded: ReadonlySet<number>): number[] => {
    const out: number[] = [];
    const c = component[root]!;
    for (let i = 0; i < n; i++) if (component[i] === c && !excluded.has(i)) out.push(i);
    return out;
  };

  const routers: RouterSpof[] = [];
  const peerings: PeeringSpof[] = [];
  const children: number[][] = g.routers.map(() => []);
  for (let w = 0; w < n; w++) if (parent[w] !== -1) children[parent[w]!]!.push(w);
  for (let v = 0; v < n; v++) {
    const separated = children[v]!.filter((w) => parent[v] === -1 || low[w]! >= tin[v]!);
    const isRoot = parent[v] === -1;
    if (isRoot ? separated.length >= 2 : separated.length >= 1) {
      const pieces = separated.map(subtree);
      const inPieces = pieces.reduce((s, p) => s + p.length, 0);
      if (componentSize[component[v]!]! - 1 - inPieces > 0) pieces.push(restOf(v, new Set([v, ...pieces.flat()])));
      routers.push({ router: name(v), cutOff: cutOffOf(pieces) });
    }
    for (const w of children[v]!) {
      if (low[w]! > tin[v]!) {
        const below = subtree(w);
        const [a, b] = byName(name(v), name(w)) < 0 ? [name(v), name(w)] : [name(w), name(v)];
        peerings.push({ a, b, cutOff: cutOffOf([below, restOf(w, new Set(below))]) });
      }
    }
  }
  routers.sort((x, y) => byName(x.router, y.router));
  peerings.sort((x, y) => byName(x.a, y.a) || byName(x.b, y.b));
  return { routers, peerings };
}
