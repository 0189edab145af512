import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTopology } from '../../../model/load.js';
import type { Topology } from '../../../model/model.js';
import { lanPairs, lanToRouters, NetworkModel } from '../../../model/network/index.js';
import { generated } from '../../support/generated.js';
import { reference } from '../../support/network-reference.js';
import { loadEdited, sampleTopology } from '../../support/sample.js';

const SEEDS = Array.from({ length: 150 }, (_, i) => 1000 + i);

function load(seed: number): Topology {
  const g = generated(seed);
  const r = loadTopology(g.files);
  if (!r.topology) throw new Error(`${g.summary} is invalid: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.topology;
}

const sample = suite('NetworkModel: the sample');
sample('r1 reaches r2 over either hub at cost 20 (ECMP), r2 reaches r3 directly', async () => {
  const m = new NetworkModel(await sampleTopology());
  const r12 = m.route(4, 'r1', 'r2');
  assert.equal(r12.paths, [['r1', 'r4', 'r2'], ['r1', 'r5', 'r2']]);
  assert.is(r12.cost, 20);
  assert.is(r12.pathCount, 2);
  assert.equal(m.route(6, 'r2', 'r3').paths, [['r2', 'r3']]);
  assert.equal(m.spofs(), { routers: [], peerings: [] });
});
sample('every LAN pair of the sample is reachable in both families; LANs to routers too', async () => {
  const m = new NetworkModel(await sampleTopology());
  const pairs = lanPairs(m);
  assert.equal(pairs.map((p) => `${p.family} ${p.from}-${p.to}`), ['4 r1-r2', '4 r1-r3', '4 r2-r3', '6 r1-r2', '6 r1-r3', '6 r2-r3']);
  assert.ok(pairs.every((p) => p.reachable));
  assert.is(lanToRouters(m).length, 3 * 2 * 4);
  assert.ok(lanToRouters(m).every((p) => p.reachable));
});
sample('without r5, r4 is a single point of failure for r1, and so is the peering r1–r4', async () => {
  const files = (await loadEdited('routers/r1.yaml', (t) => `${t}noPeers: [r5]\n`)).topology!;
  const m = new NetworkModel(files);
  assert.equal(m.spofs().routers, [{ router: 'r4', cutOff: ['r1'] }]);
  assert.equal(m.spofs().peerings, [{ a: 'r1', b: 'r4', cutOff: ['r1'] }]);
});
sample('a peering nobody can dial is not a link: it neither carries paths nor connects', async () => {
  const t = (await loadEdited('routers/r1.yaml', (x) => `${x}peers: [r2]\nnoPeers: [r4, r5]\n`)).topology!;
  const m = new NetworkModel(t);
  assert.equal(m.graph.down.map((p) => `${p.a}-${p.b}`), ['r1-r2']);
  assert.not.ok(m.reachable(4, 'r1', 'r2'));
  assert.equal(m.route(4, 'r1', 'r2'), { family: 4, from: 'r1', to: 'r2', reachable: false, paths: [], pathCount: 0 });
});

const props = suite('NetworkModel: generated topologies against brute force');
props('SPF costs equal Floyd–Warshall, and the listed paths are exactly the shortest ones', () => {
  for (const seed of SEEDS) {
    const t = load(seed);
    const m = new NetworkModel(t);
    const ref = reference(t);
    for (const a of ref.routers) for (const b of ref.routers) {
      const route = m.route(4, a, b, 1000);
      const want = ref.dist(a, b);
      assert.is(route.reachable, want !== Infinity, `seed ${seed}: ${a}→${b} reachable`);
      if (want === Infinity) continue;
      assert.is(route.cost, want, `seed ${seed}: ${a}→${b} cost`);
      const paths = ref.paths(a, b);
      assert.equal(route.paths, paths, `seed ${seed}: ${a}→${b} paths`);
      assert.is(route.pathCount, paths.length, `seed ${seed}: ${a}→${b} count`);
      assert.equal(m.route(6, a, b, 1000).paths, paths, `seed ${seed}: IPv6 sees the same links`);
    }
  }
});
props('reachability is symmetric and equals connectivity', () => {
  for (const seed of SEEDS) {
    const t = load(seed);
    const m = new NetworkModel(t);
    const ref = reference(t);
    const part = new Map(ref.components().flatMap((p, i) => p.map((r) => [r, i] as const)));
    for (const a of ref.routers) for (const b of ref.routers) {
      assert.is(m.reachable(4, a, b), part.get(a) === part.get(b), `seed ${seed}: ${a}~${b}`);
      assert.is(m.reachable(6, a, b), m.reachable(6, b, a));
    }
  }
});
props('limited path lists are a prefix of the full list, and the count stays exact', () => {
  for (const seed of SEEDS.slice(0, 40)) {
    const t = load(seed);
    const m = new NetworkModel(t);
    for (const a of m.graph.routers) for (const b of m.graph.routers) {
      const all = m.route(4, a, b, 1000);
      const two = m.route(4, a, b, 2);
      assert.equal(two.paths, all.paths.slice(0, 2), `seed ${seed}`);
      assert.is(two.pathCount, all.pathCount);
    }
  }
});
props('fingerprints of two versions agree exactly when cost and shortest paths agree', () => {
  let differing = 0;
  for (const seed of SEEDS) {
    const t = load(seed);
    // The second version: one more refused peering (or the same network when none can go).
    const edge = reference(t).edges[seed % Math.max(1, reference(t).edges.length)];
    const t2 = edge ? loadTopology(generatedWith(seed, edge.a, edge.b)).topology! : t;
    const [m1, m2] = [new NetworkModel(t), new NetworkModel(t2)];
    const [r1, r2] = [reference(t), reference(t2)];
    for (const a of r1.routers) {
      const f1 = m1.fingerprints(4, a);
      const f2 = m2.fingerprints(4, a);
      for (const b of r1.routers) {
        const same = r1.dist(a, b) === r2.dist(a, b) && JSON.stringify(r1.paths(a, b)) === JSON.stringify(r2.paths(a, b));
        const i1 = m1.graph.index.get(b)!;
        const i2 = m2.graph.index.get(b)!;
        const fp = f1.lo[i1] === f2.lo[i2] && f1.hi[i1] === f2.hi[i2];
        assert.is(fp, same, `seed ${seed}: ${a}→${b} without ${edge?.a}–${edge?.b}`);
        if (!same) differing++;
      }
    }
  }
  assert.ok(differing > 100, `the mutations changed paths (${differing})`);
});

/** The generated topology of `seed` with x refusing y. */
function generatedWith(seed: number, x: string, y: string) {
  return generated(seed).files.map((f) => (f.path === `routers/${x}.yaml` ? { ...f, text: addNoPeer(f.text, y) } : f));
}
function addNoPeer(text: string, y: string): string {
  return /^noPeers:/m.test(text) ? text.replace(/^noPeers:\n/m, `noPeers:\n  - ${y}\n`) : `${text}noPeers: [${y}]\n`;
}

sample.run();
props.run();
