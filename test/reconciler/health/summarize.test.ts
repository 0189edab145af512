import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { summarizeHealth, type HealthExpectations, type HealthObservations } from '../../../reconciler/health/index.js';
import type { LiveFrr, LiveWireguardPeer } from '../../../reconciler/live/index.js';

const NOW = 1_800_000_000;
const KEY = { r4: 'r4Key4444444444444444444444444444444444444=', r5: 'r5Key5555555555555555555555555555555555555=' };

/** Observation builder: every peer handshaked `age` s ago, Full in both families, BFD up. */
function world(o: { age?: Partial<Record<'r4' | 'r5', number | null>>; ospf?: Partial<Record<'r4' | 'r5', string>>; bfd?: Partial<Record<'r4' | 'r5', string>>; down?: string[]; applied?: string } = {}): HealthObservations {
  const names = ['r4', 'r5'] as const;
  const peer = (n: 'r4' | 'r5'): LiveWireguardPeer => {
    const age = o.age?.[n] === undefined ? 5 : o.age[n];
    return { publicKey: KEY[n], allowedIps: [], rxBytes: n === 'r4' ? 4096 : 1, txBytes: n === 'r4' ? 512 : 1, hasPresharedKey: false, ...(age === null ? {} : { latestHandshake: NOW - age! }) };
  };
  const frr: LiveFrr = {
    ospf: names.map((n) => ({ routerId: n, state: o.ospf?.[n] ?? 'Full', ifname: `vx-${n}` })),
    ospf6: names.map((n) => ({ routerId: n, state: 'Full', ifname: `vx-${n}` })),
    bfd: names.flatMap((n) => [{ peer: `a-${n}`, ifname: `vx-${n}`, status: o.bfd?.[n] ?? 'up', multihop: false }]),
  };
  return {
    wireguard: { ifname: 'wg-dlan', kind: 'tun', listenPort: 51820, up: true, mtu: 1420, addresses: [], peers: names.map(peer) },
    frr,
    services: ['dnsmasq', 'frr', 'nginx', 'wireguard'].map((name) => ({ name: name as 'frr', running: !(o.down ?? []).includes(name) })),
    appliedCommit: o.applied ?? 'c0ffee0000',
  };
}
const EXPECT: HealthExpectations = {
  peers: [
    { name: 'r5', publicKey: KEY.r5, ifname: 'vx-r5', endpoint: '198.51.100.5:51820' },
    { name: 'r4', publicKey: KEY.r4, ifname: 'vx-r4', endpoint: '203.0.113.4:51820' },
  ],
  daemons: ['wireguard', 'nginx', 'frr', 'dnsmasq'],
  commit: 'c0ffee0000',
};

const sum = suite('summarizeHealth');
sum('everything up is healthy, peers sorted by name, with handshake ages and traffic counters', () => {
  const h = summarizeHealth(EXPECT, world({ age: { r4: 12 } }), NOW);
  assert.is(h.status, 'healthy');
  assert.equal(h.problems, []);
  assert.is(h.peersUp, 2);
  assert.equal(h.peers[0], { name: 'r4', endpoint: '203.0.113.4:51820', handshakeAgeS: 12, rxBytes: 4096, txBytes: 512, wireguard: 'up', ospf: 'Full', ospf6: 'Full', bfd: 'up', up: true });
  assert.equal(h.commit, { expected: 'c0ffee0000', applied: 'c0ffee0000', ok: true });
  assert.is(h.at, NOW);
});
sum('a handshake older than 180 s is a stale session: that peer is down, the router degraded', () => {
  const h = summarizeHealth(EXPECT, world({ age: { r4: 181 } }), NOW);
  assert.is(h.status, 'degraded');
  assert.is(h.peers[0]!.wireguard, 'stale');
  assert.equal(h.problems, ['peer r4: last WireGuard handshake 181 s ago']);
  assert.is(summarizeHealth(EXPECT, world({ age: { r4: 180 } }), NOW).status, 'healthy');
});
sum('OSPF not Full or BFD down makes the peer down and says which', () => {
  const h = summarizeHealth(EXPECT, world({ ospf: { r5: 'Init' }, bfd: { r5: 'down' } }), NOW);
  assert.is(h.status, 'degraded');
  assert.equal(h.problems, ['peer r5: OSPF Init, BFD down']);
});
sum('no peer up, or a daemon not running, is down', () => {
  const none = summarizeHealth(EXPECT, world({ age: { r4: null, r5: null } }), NOW);
  assert.is(none.status, 'down');
  assert.equal(none.problems, ['peer r4: no WireGuard handshake yet', 'peer r5: no WireGuard handshake yet']);
  const d = summarizeHealth(EXPECT, world({ down: ['dnsmasq'] }), NOW);
  assert.is(d.status, 'down');
  assert.equal(d.problems, ['daemon dnsmasq is not running']);
});
sum('the expected commit not applied is degraded; a router without peers can be healthy', () => {
  const h = summarizeHealth(EXPECT, world({ applied: 'beef000000' }), NOW);
  assert.is(h.status, 'degraded');
  assert.equal(h.problems, ['commit c0ffee0 is not applied (running beef000)']);
  assert.is(summarizeHealth({ ...EXPECT, peers: [] }, world(), NOW).status, 'healthy');
});
sum('a peer missing from WireGuard or FRR is absent; OSPFv3 and BFD can be not expected', () => {
  const obs = world();
  const h = summarizeHealth({ ...EXPECT, ospf6: false, bfd: false }, { ...obs, frr: { ospf: obs.frr!.ospf, ospf6: [], bfd: [] } }, NOW);
  assert.is(h.status, 'healthy');
  assert.equal([h.peers[0]!.ospf6, h.peers[0]!.bfd], ['off', 'off']);
  const gone = summarizeHealth(EXPECT, { ...obs, wireguard: undefined, frr: undefined }, NOW);
  assert.equal(gone.peers[0], { name: 'r4', endpoint: '203.0.113.4:51820', wireguard: 'absent', ospf: 'absent', ospf6: 'absent', bfd: 'absent', up: false });
});
sum.run();
