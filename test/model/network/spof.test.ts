import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTopology } from '../../../model/load.js';
import { NetworkModel, singlePointsOfFailure } from '../../../model/network/index.js';
import { generated } from '../../support/generated.js';
import { reference } from '../../support/network-reference.js';
import { hubs, topo } from '../../support/topo.js';
import { overlayGraph } from '../../../model/network/graph.js';

/** The pieces a failure leaves of the part it hit, the largest first (ties: first name), as the model ranks them. */
function cutOff(parts: string[][], hit: ReadonlySet<string>, before: string[][]): string[] {
  const home = before.find((p) => p.some((r) => hit.has(r)))!;
  const pieces = parts.filter((p) => p.every((r) => home.includes(r)));
  pieces.sort((x, y) => y.length - x.length || (x[0]! < y[0]! ? -1 : 1));
  return pieces.slice(1).flat().sort();
}

const s = suite('singlePointsOfFailure');
s('a chain a–b–c: b is a SPOF for the smaller side, both links are bridges', () => {
  const t = topo()
    .router('a', { id: 1, endpoint: '203.0.113.1:51820', noPeers: ['c'] })
    .router('b', { id: 2, endpoint: '203.0.113.2:51820' })
    .router('c', { id: 3, endpoint: '203.0.113.3:51820' })
    .build();
  const spofs = singlePointsOfFailure(overlayGraph(t));
  assert.equal(spofs.routers, [{ router: 'b', cutOff: ['c'] }]);
  assert.equal(spofs.peerings, [{ a: 'a', b: 'b', cutOff: ['a'] }, { a: 'b', b: 'c', cutOff: ['c'] }]);
});
s('a cut router with a ring behind it: the ring is cut off, the ring\'s links are not bridges', () => {
  // DFS starts at a (first name): h is reached later, and m–n close a cycle back to h.
  const t = topo({ sites: { x: {}, y: {} } })
    .router('a', { id: 1, site: 'x' })
    .router('h', { id: 2, endpoint: '203.0.113.2:51820' })
    .router('m', { id: 3, site: 'y', siteEndpoint: '192.168.1.3:51820' })
    .router('n', { id: 4, site: 'y', siteEndpoint: '192.168.1.4:51820' })
    .build();
  const spofs = singlePointsOfFailure(overlayGraph(t));
  assert.equal(spofs.routers, [{ router: 'h', cutOff: ['a'] }]);
  assert.equal(spofs.peerings, [{ a: 'a', b: 'h', cutOff: ['a'] }]);
});
s('two hubs give no single point of failure', () => {
  const t = hubs().router('n1', { id: 3, site: 'x' }).router('n2', { id: 4, site: 'y' }).with({ sites: { x: {}, y: {} } }).build();
  assert.equal(singlePointsOfFailure(overlayGraph(t)), { routers: [], peerings: [] });
});
s('equals removing each router and each peering in turn, on generated topologies', () => {
  let found = 0;
  for (let seed = 2000; seed < 2200; seed++) {
    const t = loadTopology(generated(seed).files).topology!;
    const ref = reference(t);
    const before = ref.components();
    const spofs = new NetworkModel(t).spofs();
    const routers = ref.routers.flatMap((r) => {
      const after = ref.components(new Set([r]));
      const grew = after.length > before.length - (before.some((p) => p.length === 1 && p[0] === r) ? 1 : 0);
      return grew ? [{ router: r, cutOff: cutOff(after, new Set([r]), before) }] : [];
    });
    const peerings = [...ref.edges].sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1)).flatMap((e) => {
      const after = ref.components(new Set(), `${e.a}–${e.b}`);
      return after.length > before.length ? [{ a: e.a, b: e.b, cutOff: cutOff(after, new Set([e.a]), before) }] : [];
    });
    assert.equal(spofs.routers, routers, `seed ${seed}: routers`);
    assert.equal(spofs.peerings, peerings, `seed ${seed}: peerings`);
    found += routers.length + peerings.length;
  }
  assert.ok(found > 20, `generated topologies had single points of failure (${found})`);
});
s.run();
