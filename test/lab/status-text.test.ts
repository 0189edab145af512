import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { LabStatus, NodeStatus } from '../../lab/status.js';
import { fitTable, renderLabStatus } from '../../lab/status-text.js';

const proc = (pid: number, role: string, exe: string) => ({ pid, role, exe, rssKiB: 1000, pssKiB: 500 });
const router = (name: string, wan: string[], pid: number): NodeStatus => ({
  name, kind: 'router', netns: `dlan-${name}`, present: true,
  uplink: wan.map((a) => a.split('/')[0]!),
  addresses: ['lo 10.255.0.1/32', 'lo fd64:6c61:6e::1/128', ...wan.map((a) => `eth0 ${a}`), 'eth1 10.1.0.1/24', 'eth1 fd00:1::1/64', 'wg-dlan 10.255.64.1/18', 'dl2 10.255.128.0/31', 'dl2 fd64:6c61:6e:2::/127'],
  processes: [proc(pid, 'agent', '/usr/bin/node'), proc(pid + 1, '-', '/usr/bin/wireguard-go'), proc(pid + 2, '-', '/usr/lib/frr/zebra'), proc(pid + 3, '-', '/usr/lib/frr/ospfd'),
    proc(pid + 4, '-', '/usr/lib/frr/ospf6d'), proc(pid + 5, '-', '/usr/lib/frr/bfdd'), proc(pid + 6, '-', '/usr/sbin/dnsmasq'), proc(pid + 7, '-', 'nginx')],
});
const STATUS: LabStatus = {
  prefix: 'dlan', dir: '/run/dlan-lab/dlan', phase: 'up', gitUrl: 'http://203.0.113.80:8080/topology.git',
  ifnames: { 'branch-office-lantern-5': 'branch-off-4213', 'public-gateway-thistle': 'public-gat-02b9' },
  nodes: [
    { name: 'inet', kind: 'internet', netns: 'dlan-inet', present: true, addresses: ['seg0 192.0.2.254/24', 'seg0 2001:db8:0:1::1/64', 'seg1 198.51.100.254/24', 'seg1 2001:db8:0:2::1/64'], uplink: ['192.0.2.254', '2001:db8:0:1::1', '198.51.100.254', '2001:db8:0:2::1'], processes: [] },
    router('public-gateway-thistle', ['203.0.113.10/24', '2001:db8:0:3::10/64'], 1000),
    router('branch-office-lantern-5', ['192.168.2.10/24', '2001:db8:102::10/64'], 2000),
    { name: 's5', kind: 'server', netns: 'dlan-s5', present: false, addresses: [], uplink: [], processes: [] },
  ],
  timings: { load: 117, nodes: 2149, converge: 12466 }, rssKiB: 717 * 1024, pssKiB: 333 * 1024,
  routers: [
    { router: 'public-gateway-thistle', applied: 'cdc6709aaaa', health: 'healthy', peersUp: 4, peers: 4, lastAttempt: { commit: 'cdc6709aaaa', outcome: 'success', description: 'applied' } },
    { router: 'branch-office-lantern-5', applied: 'cdc6709aaaa', health: 'healthy', peersUp: 2, peers: 2,
      lastAttempt: { commit: 'c0ffee0bbbb', outcome: 'failure', description: `refused c0ffee0: Unsigned: commit c0ffee0 carries no signature (${'x'.repeat(300)}); running cdc6709, healthy` } },
  ],
};

const text = suite('renderLabStatus');
text('fits 80 columns: the addresses a node is plugged in with, its processes counted, routers\' reports cut with …, long names mapped', () => {
  const out = renderLabStatus(STATUS);
  for (const l of out.split('\n')) assert.ok(l.length <= 80, `${l.length}: ${l}`);
  assert.match(out, /^public-gateway-thistle +router +203\.0\.113\.10, 2001:db8:0:3::10 +8$/m);
  assert.not.match(out, '10.255.64.1', 'overlay addresses only with --wide');
  assert.match(out, /^s5 +server +\(namespace missing\) +0$/m);
  assert.match(out, /^branch-office-lantern-5 +cdc6709 +healthy 2\/2 +refused c0ffee0: Unsigned: .*…$/m);
  assert.match(out, /^ {2}public-gat-02b9 {2}public-gateway-thistle$/m);
  assert.match(out, 'more: dlan lab status --wide');
});
text('a wider terminal gets wider lines, never more than asked', () => {
  const out = renderLabStatus(STATUS, { width: 100 });
  assert.ok(out.split('\n').some((l) => l.length > 80));
  for (const l of out.split('\n')) assert.ok(l.length <= 100, `${l.length}: ${l}`);
});
text('--wide shows every address with its interface, every process with its PID, whole descriptions', () => {
  const out = renderLabStatus(STATUS, { wide: true });
  assert.match(out, 'wg-dlan 10.255.64.1/18');
  assert.match(out, 'agent:node[1000]');
  assert.match(out, 'healthy, 2/2 peers up');
  assert.match(out, `${'x'.repeat(300)}); running cdc6709, healthy`);
  assert.match(out, 'bring-up: load 117 ms, nodes 2149 ms, converge 12466 ms');
});
text('a failed lab up says where it failed and where the logs are', () => {
  const out = renderLabStatus({ ...STATUS, phase: 'failed', failure: { step: 'converge', message: 'routers did not converge\nkept for reading: …' } });
  assert.match(out, 'lab dlan (failed), 4 nodes');
  assert.match(out, 'lab up failed during converge: routers did not converge\nlogs: /run/dlan-lab/dlan/logs/');
});
text.run();

const fit = suite('fitTable');
fit('flexible columns give up room, the last first, down to their minimum', () => {
  const rows = [['a', 'x'.repeat(40), 'y'.repeat(40)]];
  assert.equal(fitTable(['A', 'B', 'C'], rows, 60, [1, 2]).map((l) => l.length), [46, 60]);
  assert.is(fitTable(['A', 'B', 'C'], rows, 60, [1, 2])[1], `a  ${'x'.repeat(40)}  ${'y'.repeat(14)}…`);
  assert.equal(fitTable(['A', 'B', 'C'], rows, 200, [1, 2])[1], `a  ${'x'.repeat(40)}  ${'y'.repeat(40)}`);
});
fit.run();
