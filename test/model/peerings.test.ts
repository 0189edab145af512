import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { derivePeerings, endpointFor } from '../../model/peerings.js';
import { topo } from '../support/topo.js';
import { loadTopology } from '../../model/load.js';
import { loadEdited, sampleTopology } from '../support/sample.js';
import { syntheticTopologyFiles } from '../../bench/synthetic.js';

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

const family = suite('endpointFor: dual-stack endpoints');
const dual = () => topo()
  .router('hub', { id: 1, endpoint: ['203.0.113.1:51820', '[2001:db8::1]:51820'] })
  .router('six', { id: 2, endpoint: '[2001:db8::2]:51820' })
  .router('nat', { id: 3 })
  .router('v4only', { id: 4, wan: { interface: 'eth0', families: ['ipv4'] } })
  .router('v6pref', { id: 5, endpoint: ['[2001:db8::5]:51820', '203.0.113.5:51820'] });
family('each router dials the first endpoint of a family it has: its own endpoints\' families, else IPv4', () => {
  const t = dual().build();
  const r = (n: string) => t.routers.find((x) => x.name === n)!;
  assert.is(endpointFor(r('six'), r('hub')), '[2001:db8::1]:51820');
  assert.is(endpointFor(r('nat'), r('hub')), '203.0.113.1:51820');
  assert.is(endpointFor(r('v6pref'), r('hub')), '203.0.113.1:51820', "the hub's order, among the families both have");
  assert.is(endpointFor(r('hub'), r('v6pref')), '[2001:db8::5]:51820');
});
family('without a fitting family a router still dials the first endpoint, unless it declared its families', () => {
  const t = dual().build();
  const r = (n: string) => t.routers.find((x) => x.name === n)!;
  assert.is(endpointFor(r('nat'), r('six')), '[2001:db8::2]:51820', 'a preference only');
  assert.is(endpointFor(r('v4only'), r('six')), undefined);
  assert.is(endpointFor(r('v4only'), r('hub')), '203.0.113.1:51820');
  const ps = pairs(derivePeerings(t.routers));
  assert.not.ok(ps.some((p) => p.startsWith('six-v4only')), 'an IPv4-only router and an IPv6-only hub do not peer');
  assert.ok(ps.includes('six-nat derived public'));
});
family('a host name fits any family', () => {
  const t = topo().router('hub', { id: 1, endpoint: ['vpn.example.net:51820', '203.0.113.1:51820'] })
    .router('six', { id: 2, endpoint: '[2001:db8::2]:51820', wan: { interface: 'eth0', families: ['ipv6'] } }).build();
  assert.is(endpointFor(t.routers[1]!, t.routers[0]!), 'vpn.example.net:51820');
});
family.run();
