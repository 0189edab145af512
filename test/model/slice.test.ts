import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadTopology } from '../../model/load.js';
import type { SourceFile } from '../../model/yaml-source.js';
import { slice, UnknownRouterError } from '../../model/slice.js';
import { fakeKey } from '../../bench/synthetic.js';
import { sampleFiles, sampleTopology } from '../support/sample.js';

const s = suite('slice');
s('r2 peers with r3 over the site and dials the hubs with keepalive', async () => {
  const r2 = slice(await sampleTopology(), 'r2');
  assert.equal(r2.peers.map((p) => [p.name, p.via, p.endpoint, p.keepalive]), [
    ['r3', 'site', '192.168.2.3:51820', 25],
    ['r4', 'public', '203.0.113.4:51820', 25],
    ['r5', 'public', '198.51.100.5:51820', 25],
  ]);
  assert.equal(r2.peers[0]!.link, { local4: '10.255.128.4', remote4: '10.255.128.5', local6: 'fd64:6c61:6e:2::4', remote6: 'fd64:6c61:6e:2::5' });
  assert.is(r2.peers[0]!.vni, 2 * 4096 + 3);
  assert.is(r2.router.lan?.ipv4?.address, '10.2.0.1');
  assert.equal(r2.router.lan?.dhcp.range6, ['fd00:2::1000', 'fd00:2::1fff']);
});
s('a hub has no endpoint for NATed peers (they dial it) and sends no keepalive', async () => {
  const r4 = slice(await sampleTopology(), 'r4');
  assert.equal(r4.peers.map((p) => [p.name, p.endpoint ?? null, p.keepalive ?? null]), [
    ['r1', null, null], ['r2', null, null], ['r3', null, null], ['r5', '198.51.100.5:51820', null],
  ]);
  assert.is(r4.router.lan, undefined);
  assert.equal(r4.forwards.map((f) => `${f.service} ${f.port}/${f.protocol}->${f.to} ${f.proxyProtocol}`), [
    'web 80/tcp->8080 true', 'web 443/tcp->8443 true', 'game 27015/udp->27015 false',
  ]);
  assert.equal(r4.forwards[0]!.backends, [{ name: 's1', address: '10.1.0.10' }]);
});
s('both ends of a peering agree on VNI and mirror the link addresses', async () => {
  const t = await sampleTopology();
  for (const r of t.routers) {
    for (const p of slice(t, r.name).peers) {
      const back = slice(t, p.name).peers.find((q) => q.name === r.name)!;
      assert.is(back.vni, p.vni);
      assert.is(back.link.local4, p.link.remote4);
      assert.is(back.link.remote6, p.link.local6);
      assert.is(back.wireguard4, slice(t, r.name).addresses.wireguard4);
    }
  }
});
s("holds nothing about the rest: no other router's hosts, no keys of non-peers, no foreign forwards", async () => {
  const t = await sampleTopology();
  const text = JSON.stringify(slice(t, 'r1'));
  for (const secret of ['02:00:00:00:02:02', '10.2.0.10', 's5', t.routers.find((r) => r.name === 'r2')!.publicKey, '2222', '27015']) {
    assert.not.ok(text.includes(secret), `r1's slice mentions ${secret}`);
  }
  assert.ok(text.includes('r2.lan'), 'but it knows where to forward r2.lan');
});
s('an unknown router is a typed error naming the known ones', async () => {
  try {
    slice(await sampleTopology(), 'r9');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, UnknownRouterError);
    assert.match((e as Error).message, 'r1, r2, r3, r4, r5');
  }
});
s.run();

/**
 * Property: adding a router (random id, site, endpoint) changes nothing in the existing routers'
 * slices except their new peering with it and its DNS domain; removing it restores them exactly.
 */
const prop = suite('address plan stability');
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}
prop('adding or removing a router changes no value derived for the others', async () => {
  const base = await sampleFiles();
  const before = loadTopology(base).topology!;
  const random = rng(42);
  for (let i = 0; i < 25; i++) {
    const id = 6 + Math.floor(random() * 170);
    const site = ['home', 'friend', 'cloud-a'][Math.floor(random() * 3)];
    const endpoint = random() < 0.5 ? `endpoint: 192.0.2.${id}:51820\n` : `siteEndpoint: 192.168.9.${id}:51820\n`;
    const extra: SourceFile = { path: `routers/x${id}.yaml`, text: `id: ${id}\nsite: ${site}\npublicKey: ${fakeKey(id)}\n${endpoint}wan: { interface: eth0 }\n` };
    const after = loadTopology([...base, extra]);
    assert.ok(after.topology, JSON.stringify(after.diagnostics));
    for (const r of before.routers) {
      const old = slice(before, r.name);
      const now = slice(after.topology!, r.name);
      const strip = (x: typeof now) => ({ ...x, peers: x.peers.filter((p) => p.name !== `x${id}`), domains: x.domains.filter((d) => d.router !== `x${id}`) });
      assert.equal(strip(now), old, `router ${r.name} changed when x${id} was added`);
    }
  }
});
prop.run();
