import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { observeLive, readFrr, type LiveState } from '../../../reconciler/live/index.js';
import { waitFor } from '../../support/ns-node.js';
import { makePair, removePair, type RouterPair } from '../../support/router-pair.js';

const QUERY = {
  files: ['/etc/frr/frr.conf', '/etc/frr/absent.conf'],
  wireguard: 'wg-dlan',
  interfaces: ['lo', 'eth9'],
  daemons: ['wireguard', 'frr'] as const,
  frr: {},
};

const obs = suite<{ pair: RouterPair; live: LiveState }>('observeLive');
obs.before(async (ctx) => {
  ctx.pair = await makePair();
  const { a } = ctx.pair;
  // Converged: both OSPF families Full and every BFD session up (fast timers: a few seconds).
  ctx.live = await waitFor('adjacencies and BFD up', async () => {
    const l = await observeLive(a.node.host, a.sm, { ...QUERY, daemons: [...QUERY.daemons] });
    const f = l.frr;
    return f && f.ospf[0]?.state === 'Full' && f.ospf6[0]?.state === 'Full' && f.bfd.length === 2 && f.bfd.every((b) => b.status === 'up') ? l : undefined;
  }, 30_000, 200);
});
obs.after(async (ctx) => { await removePair(ctx.pair); });

obs('WireGuard: port, own public key, the peer with endpoint, allowed IPs, keepalive and a handshake', ({ pair, live }) => {
  const wg = live.wireguard!;
  assert.is(wg.ifname, 'wg-dlan');
  assert.is(wg.listenPort, 51820);
  assert.is(wg.publicKey, pair.a.publicKey);
  assert.equal(wg.addresses, ['10.255.64.1/32']);
  assert.is(wg.mtu, 1420);
  assert.ok(wg.up);
  assert.is(wg.peers.length, 1);
  const p = wg.peers[0]!;
  assert.equal({ ...p, latestHandshake: undefined, rxBytes: 0, txBytes: 0 }, {
    publicKey: pair.b.publicKey, endpoint: '192.0.2.2:51820', allowedIps: ['10.255.64.2/32'], keepalive: 25,
    hasPresharedKey: false, latestHandshake: undefined, rxBytes: 0, txBytes: 0,
  });
  assert.ok(p.latestHandshake! > 1_600_000_000);
});
obs('no private key anywhere in the observation', async ({ pair, live }) => {
  const key = (await pair.a.node.host.readFile('/etc/wireguard/dlan.key'))!.trim();
  assert.ok(key.length === 44);
  assert.not.ok(JSON.stringify(live).includes(key));
});
obs('VXLAN over wg-dlan: VNI, underlay ends, port, lower device and the MTU it inherits', ({ live }) => {
  assert.equal(live.vxlans, [{
    ifname: 'vx-b', vni: 4098, local: '10.255.64.1', remote: '10.255.64.2', dstPort: 4789, dev: 'wg-dlan',
    mtu: 1370, up: true, addresses: ['10.255.128.0/31', 'fd64:6c61:6e:2::/127'],
  }]);
});
obs('addresses of the asked interfaces; an absent one has none', ({ live }) => {
  assert.equal(live.addresses, [{ ifname: 'eth9', addresses: [] }, { ifname: 'lo', addresses: ['10.255.0.1/32', 'fd64:6c61:6e::1/128'] }]);
  assert.equal(live.links.map((l) => [l.ifname, l.kind]), [['dlx' + process.pid + 'va', 'veth'], ['lo', ''], ['vx-b', 'vxlan'], ['wg-dlan', 'tun']]);
});
obs('files with content and mode; an absent file has neither', async ({ pair, live }) => {
  assert.equal(live.files[0], { path: '/etc/frr/absent.conf' });
  assert.is(live.files[1]!.path, '/etc/frr/frr.conf');
  assert.is(live.files[1]!.mode, 0o640);
  assert.is(live.files[1]!.content, await pair.a.node.host.readFile('/etc/frr/frr.conf'));
});
obs('daemons running, with FRR\'s parts', ({ live }) => {
  assert.equal(live.services.map((s) => [s.name, s.running]), [['frr', true], ['wireguard', true]]);
  assert.equal(live.services[0]!.parts!.map((p) => p.name), ['zebra', 'ospfd', 'ospf6d', 'staticd', 'bfdd']);
});
obs('FRR: the peer is a Full neighbour in both families over the VXLAN, BFD up for each', ({ live }) => {
  assert.equal(live.frr!.ospf, [{ routerId: '10.255.0.2', state: 'Full', ifname: 'vx-b', address: '10.255.128.1' }]);
  assert.equal(live.frr!.ospf6, [{ routerId: '10.255.0.2', state: 'Full', ifname: 'vx-b' }]);
  assert.equal(live.frr!.bfd.map((b) => [b.ifname, b.status, b.peer.includes(':') ? 'v6' : b.peer]), [['vx-b', 'up', '10.255.128.1'], ['vx-b', 'up', 'v6']]);
});
obs('without a PID from the service manager, FRR is asked through vtysh and says the same', async ({ pair, live }) => {
  const viaVtysh = await readFrr(pair.a.node.host, { name: 'frr', running: true });
  assert.equal(viaVtysh!.ospf, live.frr!.ospf);
  assert.equal(viaVtysh!.ospf6, live.frr!.ospf6);
  assert.equal(viaVtysh!.bfd.map((b) => [b.ifname, b.status]), live.frr!.bfd.map((b) => [b.ifname, b.status]));
});
obs('stopping the peer\'s FRR shows in the next observation (nothing cached)', async ({ pair }) => {
  await pair.b.sm.stop('frr');
  const frr = await waitFor('no Full neighbour and no BFD session up', async () => {
    const f = (await observeLive(pair.a.node.host, pair.a.sm, { ...QUERY, daemons: [...QUERY.daemons] })).frr!;
    return [...f.ospf, ...f.ospf6].every((n) => n.state !== 'Full') && f.bfd.every((b) => b.status !== 'up') ? f : undefined;
  }, 10_000, 50);
  // A graceful shutdown tells the neighbour at once: the adjacency and its BFD sessions are gone.
  assert.equal(frr, { ospf: [], ospf6: [], bfd: [] });
});
obs.run();
