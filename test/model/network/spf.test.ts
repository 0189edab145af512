import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Adjacency } from '../../../model/network/graph.js';
import { nameHash } from '../../../model/network/signature.js';
import { pathCounts, pathsTo, spf } from '../../../model/network/spf.js';
import { random } from '../../support/random.js';

/** A random undirected graph as CSR, with costs from `costs` (one value: the BFS path). */
function graph(seed: number, costs: readonly number[], drop = -1) {
  const rnd = random(seed);
  const n = rnd.int(2, 9);
  const edges: [number, number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (rnd.chance(0.4)) edges.push([a, b, rnd.pick(costs)]);
  if (drop >= 0 && edges.length > 0) edges.splice(drop % edges.length, 1);
  const start = new Int32Array(n + 1);
  for (const [a, b] of edges) { start[a + 1]!++; start[b + 1]!++; }
  for (let i = 1; i <= n; i++) start[i]! += start[i - 1]!;
  const fill = start.slice(0, n);
  const to = new Int32Array(start[n]!);
  const cost = new Float64Array(start[n]!);
  for (const [a, b, c] of edges) { to[fill[a]!] = b; cost[fill[a]!++] = c; to[fill[b]!] = a; cost[fill[b]!++] = c; }
  const adj: Adjacency = { start, to, cost, ...(costs.length === 1 && edges.length > 0 && { uniformCost: costs[0] }) };
  return { n, edges, adj };
}

/** Every simple path a → b with its cost, by exhaustive search. */
function allPaths(edges: readonly [number, number, number][], a: number, b: number): { path: number[]; cost: number }[] {
  const out: { path: number[]; cost: number }[] = [];
  const walk = (v: number, path: number[], c: number) => {
    if (v === b) { out.push({ path, cost: c }); return; }
    for (const [x, y, w] of edges) {
      const u = x === v ? y : y === v ? x : -1;
      if (u >= 0 && !path.includes(u)) walk(u, [...path, u], c + w);
    }
  };
  walk(a, [a], 0);
  return out;
}

const s = suite('spf');
for (const [what, costs] of [['Dijkstra (several costs)', [1, 2, 3, 5]], ['BFS (one cost)', [10]]] as const) {
  s(`${what}: costs, equal-cost paths and their count equal an exhaustive search`, () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { n, edges, adj } = graph(seed * 31 + costs.length, costs);
      for (let a = 0; a < n; a++) {
        const r = spf(adj, n, a);
        for (let b = 0; b < n; b++) {
          const all = allPaths(edges, a, b);
          if (all.length === 0) { assert.is(r.dist[b], Infinity); continue; }
          const best = Math.min(...all.map((p) => p.cost));
          const shortest = all.filter((p) => p.cost === best).map((p) => p.path.join()).sort();
          assert.is(r.dist[b], best, `seed ${seed} ${a}→${b}`);
          assert.equal(pathsTo(r, b, 1000, (i) => i).map((p) => p.join()).sort(), shortest, `seed ${seed} ${a}→${b} paths`);
          assert.is(pathCounts(r)[b], shortest.length);
        }
      }
    }
  });
  s(`${what}: fingerprints of a graph and of it without one link agree exactly where cost and paths agree`, () => {
    let differ = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const g1 = graph(seed * 17 + costs.length, costs);
      const g2 = graph(seed * 17 + costs.length, costs, seed);
      const names = Array.from({ length: g1.n }, (_, i) => nameHash(`r${i}`));
      for (let a = 0; a < g1.n; a++) {
        const [p1, p2] = [spf(g1.adj, g1.n, a, names).prints!, spf(g2.adj, g2.n, a, names).prints!];
        for (let b = 0; b < g1.n; b++) {
          const key = (edges: readonly [number, number, number][]) => {
            const all = allPaths(edges, a, b);
            const best = Math.min(...all.map((p) => p.cost));
            return `${best} ${all.filter((p) => p.cost === best).map((p) => p.path.join()).sort().join(' ')}`;
          };
          const same = key(g1.edges) === key(g2.edges);
          assert.is(p1.lo[b] === p2.lo[b] && p1.hi[b] === p2.hi[b], same, `seed ${seed} ${a}→${b}`);
          if (!same) differ++;
        }
      }
    }
    assert.ok(differ > 100, `dropping links changed paths (${differ})`);
  });
}
s.run();
