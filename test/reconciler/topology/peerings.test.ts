import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { derivePeerings } from '../../../reconciler/topology/peerings.js';
import { loadTopology } from '../../../reconciler/topology/load.js';
import { loadEdited, sampleTopology } from '../../support/sample.js';
import { syntheticTopologyFiles } from '../../../bench/synthetic.js';

const pairs = (ps: readonly { a: string; b: string; kind: string; via: string }[]) => ps.map((p) => `${p.a}-${p.b} ${p.kind} ${p.via}`);

const derive = suite('derivePeerings');
derive("the owner's example: hubs R4 and R5, R2–R3 inside their site, no R1–R2", async () => {
  assert.equal(pairs(derivePeerings((await sampleTopology()).routers)), [
    'r1-r4 derived public', 'r1-r5 derived public',
    'r2-r3 derived site', 'r2-r4 derived public', 'r2-r5 derived public',
    'r3-r4 derived public', 'r3-r5 derived public',
    'r4-r5 derived public',
  ]);
});
derive('noPeers on either side removes a derived peering', async () => {
  const r = await loadEdited('routers/r5.yaml', (t) => `${t}noPeers: [r4]\n`);
  assert.not.ok(pairs(r.peerings!).some((p) => p.startsWith('r4-r5')));
});
derive('peers adds an explicit peering, told apart from derived ones', async () => {
  const r = await loadEdited('routers/r1.yaml', (t) => `${t}peers: [r2, r4]\n`);
  const ps = pairs(r.peerings!);
  assert.ok(ps.includes('r1-r2 explicit none'));
  assert.ok(ps.includes('r1-r4 explicit public'));
  assert.equal(r.diagnostics.map((d) => d.code), ['PeerUnreachable']);
});
derive('matches a brute-force check of every pair on a synthetic network', () => {
  const t = loadTopology(syntheticTopologyFiles(120)).topology!;
  const fast = pairs(derivePeerings(t.routers));
  const reach = (x: (typeof t.routers)[number], y: (typeof t.routers)[number]) => y.endpoint !== undefined || (x.site === y.site && y.siteEndpoint !== undefined);
  const slow: string[] = [];
  for (const x of t.routers) for (const y of t.routers) {
    if (x.id < y.id && (reach(x, y) || reach(y, x))) slow.push(`${x.name}-${y.name}`);
  }
  assert.equal(fast.map((p) => p.split(' ')[0]).sort(), slow.sort());
});
derive.run();
