/**
 * The agent's LocalInfo on a real network namespace (`dli<pid>`): its LAN is a veth eth1 with
 * neighbour entries, one peer's tunnel address answers pings (it is local), another's does not;
 * the lease file is read through the Host. Backends are real TCP listeners on 127.0.0.1.
 */
import { createServer, type Server } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { localInfo } from '../../../../reconciler/agent/local/local-info.js';
import { netnsHost } from '../../../../reconciler/host.js';
import { runCommand } from '../../../../reconciler/host/spawn.js';
import { slice } from '../../../../model/slice.js';
import { sampleTopology } from '../../../support/sample.js';
import { leaseFileOf } from '../../../support/page-fleet.js';

const NS = `dli${process.pid}`;
const sh = async (...args: string[]) => {
  const r = await runCommand('local', 'ip', args, { timeoutMs: 10_000 });
  if (r.code !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
};

const t = await sampleTopology();
const r1 = slice(t, 'r1');
const NOW = 1767258000;

const info = suite('localInfo on a real namespace');
let dir = '';
info.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dlan-local-'));
  await sh('netns', 'add', NS);
  await sh('-n', NS, 'link', 'set', 'lo', 'up');
  // A veth pair inside the namespace (containers often lack the dummy module).
  await sh('-n', NS, 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth1p');
  await sh('-n', NS, 'link', 'set', 'eth1', 'up');
  await sh('-n', NS, 'link', 'set', 'eth1p', 'up');
  await sh('-n', NS, 'addr', 'add', '10.1.0.1/24', 'dev', 'eth1');
  await sh('-n', NS, 'addr', 'add', 'fd00:1::1/64', 'dev', 'eth1', 'nodad');
  // s3's SLAAC address and a host with a fixed address, as the kernel would learn them.
  await sh('-n', NS, 'neigh', 'add', 'fd00:1::a8c0:ff:fe00:103', 'lladdr', '02:00:00:00:01:03', 'dev', 'eth1', 'nud', 'permanent');
  await sh('-n', NS, 'neigh', 'add', '10.1.0.77', 'lladdr', '02:00:00:00:01:77', 'dev', 'eth1', 'nud', 'permanent');
  // r1's link to r4 answers (its far end is made local here); the one to r5 leads nowhere.
  const toR4 = r1.peers.find((p) => p.name === 'r4')!.link.remote4;
  await sh('-n', NS, 'addr', 'add', `${toR4}/32`, 'dev', 'lo');
  await mkdir(join(dir, 'var/lib/misc'), { recursive: true });
  await writeFile(join(dir, 'var/lib/misc/dnsmasq.leases'), `${leaseFileOf(t, 'r1', NOW)}garbage line\n`);
});
info.after(async () => {
  await runCommand('local', 'ip', ['netns', 'del', NS], { timeoutMs: 10_000 });
  await rm(dir, { recursive: true, force: true });
});

const make = (over: Partial<Parameters<typeof localInfo>[0]> = {}) => localInfo({
  router: 'r1', host: netnsHost({ net: NS, rootDir: dir }), leaseFile: '/var/lib/misc/dnsmasq.leases',
  slice: async () => r1, now: () => new Date(NOW * 1000), ...over,
});

info('leases: static and dynamic leases, SLAAC and fixed neighbours; a bad lease line is a problem', async () => {
  const l = await make().leases();
  assert.equal(l.devices.map((d) => [d.name ?? d.mac, d.static, d.sources]), [
    ['s1', true, ['dhcp4', 'static']],
    ['s3', false, ['dhcp4', 'dhcp6', 'slaac']],
    ['02:00:00:00:01:77', false, ['neighbour']],
  ]);
  assert.equal(l.devices[1]!.ipv6, ['fd00:1::1f3a', 'fd00:1::a8c0:ff:fe00:103']);
  assert.equal(l.problems, ['/var/lib/misc/dnsmasq.leases:5: not a lease (expected expiry, mac or iaid, address, hostname): garbage line']);
});
info('links: the peer that answers has a round trip, the other an error', async () => {
  const l = await make().links();
  const by = new Map(l.links.map((x) => [x.peer, x]));
  assert.type(by.get('r4')!.rttMs, 'number');
  assert.is(by.get('r5')!.rttMs, undefined);
  assert.ok(by.get('r5')!.error);
});
info('forwards: a listening backend is up, a closed port down with why, UDP unknown; one probe per address and port', async () => {
  const servers: Server[] = [];
  let accepted = 0;
  const listen = () => new Promise<number>((ok) => {
    const s = createServer((c) => { accepted += 1; c.destroy(); });
    servers.push(s);
    s.listen(0, '127.0.0.1', () => ok((s.address() as { port: number }).port));
  });
  const up = await listen();
  const closed = await listen();
  await new Promise<void>((ok) => servers.pop()!.close(() => ok()));
  const backends = [{ name: 'box', address: '127.0.0.1' }];
  const s = { ...r1, forwards: [
    { service: 'a', port: 80, protocol: 'tcp' as const, to: up, proxyProtocol: false, backends },
    { service: 'b', port: 81, protocol: 'tcp' as const, to: up, proxyProtocol: true, backends },
    { service: 'c', port: 82, protocol: 'tcp' as const, to: closed, proxyProtocol: false, backends },
    { service: 'd', port: 83, protocol: 'udp' as const, to: up, proxyProtocol: false, backends },
  ] };
  try {
    const f = await make({ slice: async () => s }).forwards();
    assert.equal(f.forwards.map((x) => [x.service, x.backends[0]!.health, x.backends[0]!.error]), [
      ['a', 'up', undefined], ['b', 'up', undefined], ['c', 'down', 'ECONNREFUSED'], ['d', 'unknown', 'UDP: nothing to connect to'],
    ]);
    assert.is(accepted, 1, 'a and b share one probe of the same backend');
  } finally {
    for (const x of servers) await new Promise<void>((ok) => x.close(() => ok()));
  }
});
info('nothing applied yet: empty answers that say so', async () => {
  const i = make({ slice: async () => undefined });
  assert.equal((await i.leases()).problems, ['nothing applied yet']);
  assert.equal((await i.links()).links, []);
  assert.equal((await i.forwards()).forwards, []);
});
info.run();
