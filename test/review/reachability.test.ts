import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTopology } from '../../model/load.js';
import type { Topology } from '../../model/model.js';
import { NetworkModel } from '../../model/network/index.js';
import type { SourceFile } from '../../model/yaml-source.js';
import { diffReachability, sameOverlay } from '../../review/reachability.js';
import { generated } from '../support/generated.js';
import { random } from '../support/random.js';
import { reference } from '../support/network-reference.js';

/** A second version of a generated topology: one peering refused, one router gone, or another OSPF cost. */
function mutate(seed: number, files: readonly SourceFile[]): { files: SourceFile[]; what: string } {
  const rnd = random(seed * 7919);
  const routers = files.filter((f) => f.path.startsWith('routers/'));
  const kind = rnd.int(0, 2);
  // A router nobody names in peers/noPeers can go without breaking the topology.
  const free = routers.filter((r) => { const n = r.path.slice(8, -5); return !routers.some((o) => new RegExp(`- ${n}$`, 'm').test(o.text)); });
  if (kind === 0 && routers.length > 2 && free.length > 0) {
    const gone = rnd.pick(free).path;
    return { files: files.filter((f) => f.path !== gone), what: `without ${gone}` };
  }
  if (kind === 1) {
    return { files: files.map((f) => (f.path === 'network.yaml' ? { ...f, text: f.text.replace(/cost: \d+/, 'cost: 7') } : f)), what: 'cost 7' };
  }
  const [x, y] = [rnd.pick(routers), rnd.pick(routers)];
  const name = y!.path.replace(/^routers\/|\.yaml$/g, '');
  return { files: files.map((f) => (f === x && x !== y && !/noPeers/.test(f.text) ? { ...f, text: `${f.text}noPeers: [${name}]\n` } : f)), what: `${x!.path} refuses ${name}` };
}

type Kind = 'lost' | 'gained' | 'path';
/** Every changed pair by brute force: LAN pairs, and LAN to routers without a LAN of that family. */
function bruteForce(a: Topology, b: Topology) {
  const [ra, rb] = [reference(a), reference(b)];
  const lanOf = (t: Topology, r: string, f: 4 | 6) => { const x = t.routers.find((y) => y.name === r)?.lan; return f === 4 ? x?.ipv4 : x?.ipv6; };
  const both = ra.routers.filter((r) => rb.routers.includes(r));
  const out = { pairs: [] as string[], toRouter: [] as string[] };
  const kind = (x: string, y: string): Kind | undefined => {
    const [d1, d2] = [ra.dist(x, y), rb.dist(x, y)];
    if (d1 === Infinity && d2 === Infinity) return undefined;
    if (d2 === Infinity) return 'lost';
    if (d1 === Infinity) return 'gained';
    return d1 !== d2 || JSON.stringify(ra.paths(x, y)) !== JSON.stringify(rb.paths(x, y)) ? 'path' : undefined;
  };
  for (const f of [4, 6] as const) {
    const lans = both.filter((r) => lanOf(a, r, f) && lanOf(b, r, f));
    for (const x of lans) {
      for (const y of both) {
        if (x === y) continue;
        const k = kind(x, y);
        if (!k) continue;
        if (lans.includes(y)) { if (x < y) out.pairs.push(`${f} ${x} ${y} ${k}`); } else out.toRouter.push(`${f} ${x} ${y} ${k}`);
      }
    }
  }
  return out;
}

const r = suite('diffReachability');
r('matches a brute-force comparison of every pair, on 150 generated topologies and their mutations, both ways', () => {
  let changes = 0;
  const kinds = new Set<string>();
  for (let seed = 3000; seed < 3150; seed++) {
    const g = generated(seed);
    const m = mutate(seed, g.files);
    const [x, y] = [loadTopology(g.files).topology!, loadTopology(m.files).topology!];
    assert.ok(x && y, `seed ${seed} (${m.what}) loads`);
    // Odd seeds go back from the mutation to the original: that is where pairs are gained.
    const [a, b] = seed % 2 ? [y, x] : [x, y];
    const d = diffReachability(new NetworkModel(a), new NetworkModel(b), 100000);
    const flat = (p: typeof d.lanPairs) => p.changes.flatMap((c) => c.families.map((f) => `${f} ${c.from} ${c.to} ${c.change}`)).sort();
    const want = bruteForce(a, b);
    assert.equal(flat(d.lanPairs), want.pairs.sort(), `seed ${seed} (${m.what}): LAN pairs`);
    assert.equal(flat(d.lanToRouter), want.toRouter.sort(), `seed ${seed} (${m.what}): LAN to router`);
    assert.is(d.lanPairs.lost + d.lanPairs.gained + d.lanPairs.path, want.pairs.length);
    changes += want.pairs.length;
    for (const c of [...d.lanPairs.changes, ...d.lanToRouter.changes]) kinds.add(c.change);
  }
  assert.ok(changes > 200, `mutations changed pairs (${changes})`);
  assert.equal([...kinds].sort(), ['gained', 'lost', 'path']);
});
r('counts stay exact when the list is cut, and the cut says how much it left out', () => {
  const g = generated(3001);
  const a = loadTopology(g.files).topology!;
  const b = loadTopology(g.files.map((f) => (f.path === 'network.yaml' ? { ...f, text: f.text.replace(/cost: \d+/, 'cost: 7') } : f))).topology!;
  const all = diffReachability(new NetworkModel(a), new NetworkModel(b), 100000);
  const cut = diffReachability(new NetworkModel(a), new NetworkModel(b), 2);
  assert.ok(all.lanPairs.path > 4);
  assert.is(cut.lanPairs.path, all.lanPairs.path);
  assert.is(cut.lanPairs.changes.length, 2);
  const listed = cut.lanPairs.changes.reduce((n, c) => n + c.families.length, 0);
  assert.is(cut.lanPairs.omitted, all.lanPairs.path - listed);
});
r('the same overlay on both sides is recognised without any SPF', () => {
  const a = loadTopology(generated(3002).files).topology!;
  const m = new NetworkModel(a);
  assert.ok(sameOverlay(m.graph, new NetworkModel(a).graph));
  const d = diffReachability(m, new NetworkModel(a));
  assert.equal([d.lanPairs.changes, d.lanToRouter.changes], [[], []]);
});
r.run();
