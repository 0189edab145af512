import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPage, linkViews, type RouterAnswers } from '../../page/aggregate.js';
import { repoLinks } from '../../page/repo-links.js';
import { fleetRow } from '../../reconciler/fleet/view.js';
import type { AgentStatus } from '../../reconciler/api/types.js';
import type { PeerHealth } from '../../reconciler/health/types.js';
import { sampleTopology } from '../support/sample.js';

const t = await sampleTopology();
const NOW = 1767258000;
const peer = (name: string, up: boolean, ospf = up ? 'Full' : 'absent'): PeerHealth =>
  ({ name, wireguard: 'up', handshakeAgeS: 10, ospf, ospf6: ospf, bfd: up ? 'up' : 'down', up });
const status = (router: string, peers: PeerHealth[]): AgentStatus => ({
  router, now: NOW, agent: { pid: 1, startedAt: new Date((NOW - 7200) * 1000).toISOString(), version: '0.1.0' },
  state: { version: 1, router, applied: { commit: 'c0ffee', at: NOW - 60 }, health: { status: 'healthy', at: NOW, commit: { ok: true }, daemons: [], peers, peersUp: peers.filter((p) => p.up).length, problems: [] } },
});
const answer = (router: string, a: Partial<RouterAnswers> = {}): RouterAnswers => ({ router, problems: [], ...a });

const links = suite('linkViews: the worse of both ends\' reports and pings');
links('both ends up and Full with pings: full, the better round trip', () => {
  const ls = linkViews(t, [
    answer('r1', { status: status('r1', [peer('r4', true)]), links: { router: 'r1', now: NOW, links: [{ peer: 'r4', address: '10.255.128.1', rttMs: 12.5 }] } }),
    answer('r4', { status: status('r4', [peer('r1', true)]), links: { router: 'r4', now: NOW, links: [{ peer: 'r1', address: '10.255.128.0', rttMs: 11.9 }] } }),
  ]);
  const l = ls.find((x) => x.a === 'r1' && x.b === 'r4')!;
  assert.is(l.state, 'full');
  assert.is(l.rttMs, 11.9);
  assert.is(l.detail.length, 4);
});
links('a ping without reply makes the link down even when the last health report said Full', () => {
  const ls = linkViews(t, [answer('r4', { status: status('r4', [peer('r5', true)]), links: { router: 'r4', now: NOW, links: [{ peer: 'r5', address: '10.255.128.9', error: 'no reply within 1 s' }] } })]);
  assert.is(ls.find((x) => x.a === 'r4' && x.b === 'r5')!.state, 'down');
});
links('one end down wins over the other end up; links nobody reports on are unknown', () => {
  const ls = linkViews(t, [answer('r1', { status: status('r1', [peer('r5', false)]) }), answer('r5', { status: status('r5', [peer('r1', true)]) })]);
  assert.is(ls.find((x) => x.a === 'r1' && x.b === 'r5')!.state, 'down');
  const r2r3 = ls.find((x) => x.a === 'r2' && x.b === 'r3')!;
  assert.is(r2r3.state, 'unknown');
  assert.equal(r2r3.detail, ['no router reports on this link']);
  assert.is(ls.length, 8, 'every peering of the sample, answered or not');
});
links.run();

const page = suite('buildPage');
const link = repoLinks({ forge: { forge: 'github', url: 'https://api.github.com', repo: 'me/net' }, branch: 'main', commit: 'c0ffee' });
page('forwards of a router that did not answer come from the topology, health unknown and why', () => {
  const d = buildPage({ topology: t, servedBy: 'r1', now: NOW, rows: [], answers: [answer('r5', { problems: ['no answer'] })], link });
  const ssh = d.forwards.find((f) => f.service === 'ssh')!;
  assert.is(ssh.router, 'r5');
  assert.equal(ssh.backends.map((b) => [b.name, b.address, b.port, b.health, b.error]), [['s2', '10.2.0.10', 22, 'unknown', 'r5 did not answer'], ['s5', '10.3.0.10', 22, 'unknown', 'r5 did not answer']]);
  assert.equal(ssh.file, { path: 'services/ssh.yaml', view: 'https://github.com/me/net/blob/c0ffee/services/ssh.yaml', edit: 'https://github.com/me/net/edit/main/services/ssh.yaml' });
  assert.equal(d.forwards.map((f) => `${f.router}:${f.port}/${f.protocol}`), ['r4:80/tcp', 'r4:443/tcp', 'r4:27015/udp', 'r5:80/tcp', 'r5:443/tcp', 'r5:2222/tcp']);
});
page('history: every router\'s events, newest first, limited, with ages', () => {
  const ev = (router: string, at: number) => ({ time: new Date(at * 1000).toISOString(), router, kind: 'reconcile' as const, outcome: 'success' });
  const d = buildPage({ topology: t, servedBy: 'r1', now: NOW, rows: [], link, historyLimit: 3,
    answers: [answer('r1', { events: [ev('r1', NOW - 50), ev('r1', NOW - 10)] }), answer('r2', { events: [ev('r2', NOW - 30), ev('r2', NOW - 70)] })] });
  assert.equal(d.history.map((h) => [h.router, h.ageS]), [['r1', 10], ['r2', 30], ['r1', 50]]);
});
page('routers: uptime from the agent\'s start, peers in words, problems kept; static devices link to their router\'s file', () => {
  const d = buildPage({ topology: t, servedBy: 'r1', now: NOW, link, rows: [fleetRow({ router: 'r1', status: status('r1', [peer('r4', true)]) })],
    answers: [answer('r1', {
      status: status('r1', [peer('r4', true)]),
      leases: { router: 'r1', now: NOW, problems: ['/leases:3: expiry is not a number: x'], devices: [{ name: 's1', ipv4: ['10.1.0.10'], ipv6: [], router: 'r1', static: true, sources: ['static'], dnsNames: ['s1.r1.lan'] }] },
    }), answer('r2', { problems: ['agent: no answer'] })] });
  const r1 = d.routers.find((r) => r.router === 'r1')!;
  assert.is(r1.uptimeS, 7200);
  assert.is(r1.place, 'Home');
  assert.equal(r1.peers, [{ name: 'r4', up: true, detail: 'WireGuard up (10 s), OSPF Full/Full, BFD up' }]);
  assert.equal(r1.problems, ['leases: /leases:3: expiry is not a number: x']);
  assert.equal(d.routers.find((r) => r.router === 'r2')!.problems, ['agent: no answer']);
  assert.is(d.devices[0]!.file?.path, 'routers/r1.yaml');
  assert.is(d.rows.length, 1);
});
page('the map version changes when a link changes state, not otherwise', () => {
  const mk = (up: boolean) => buildPage({ topology: t, servedBy: 'r1', now: NOW, rows: [], link, answers: [answer('r1', { status: status('r1', [peer('r4', up)]) })] }).mapVersion;
  assert.is(mk(true), mk(true));
  assert.is.not(mk(true), mk(false));
});
page.run();
