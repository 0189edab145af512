import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FRR_CONFIG_PATH, FRR_DAEMONS_PATH, frrConfig } from '../../renderers/frr.js';
import { render } from '../../renderers/render.js';
import { hubs } from '../support/topo.js';
import { fileOf, renderedSample } from '../support/rendered.js';

const frr = suite('renderFrr');
const sample = await renderedSample();
const conf = (router: string): string => fileOf(sample.get(router)!, FRR_CONFIG_PATH);
/** The lines of the `interface NAME` block. */
const block = (text: string, ifname: string): string[] => {
  const start = text.split('\n').indexOf(`interface ${ifname}`);
  if (start < 0) return [];
  const rest = text.split('\n').slice(start + 1);
  return rest.slice(0, rest.indexOf('exit'));
};

frr('router ospf and ospf6 with their router-id come before every interface block (ordering trap)', () => {
  for (const r of sample.keys()) {
    const text = conf(r);
    const firstInterface = text.indexOf('\ninterface ');
    assert.ok(text.indexOf('router ospf\n ospf router-id 10.255.0.') < firstInterface, r);
    assert.ok(text.indexOf('router ospf6\n ospf6 router-id 10.255.0.') < firstInterface, r);
  }
});
frr('every link is point-to-point for OSPFv2 and OSPFv3, in area 0, with BFD and the network timers', () => {
  for (const d of sample.values()) {
    for (const v of d.vxlans) {
      const b = block(conf(d.router), v.ifname);
      for (const line of [' ip ospf network point-to-point', ' ipv6 ospf6 network point-to-point', ' ip ospf area 0.0.0.0',
        ' ipv6 ospf6 area 0.0.0.0', ' ip ospf bfd profile dlan', ' ipv6 ospf6 bfd profile dlan', ' ip ospf hello-interval 1',
        ' ip ospf dead-interval 3', ' ipv6 ospf6 hello-interval 1', ' ipv6 ospf6 dead-interval 3', ' ip ospf cost 10']) {
        assert.ok(b.includes(line), `${d.router} ${v.ifname} lacks "${line}"`);
      }
      assert.not.ok(b.some((l) => l.includes('passive')));
    }
  }
});
frr('a link joins its area last, so its first hello already has the link\'s timers and network type', () => {
  for (const d of sample.values()) {
    for (const v of d.vxlans) {
      const b = block(conf(d.router), v.ifname);
      const v4 = b.filter((l) => l.startsWith(' ip ospf '));
      const v6 = b.filter((l) => l.startsWith(' ipv6 ospf6 '));
      assert.is(v4[v4.length - 1], ' ip ospf area 0.0.0.0', `${d.router} ${v.ifname}`);
      assert.is(v6[v6.length - 1], ' ipv6 ospf6 area 0.0.0.0', `${d.router} ${v.ifname}`);
    }
  }
});
frr('the BFD profile carries 100 ms × 3 (multiplier 3 is FRR\'s default, left out like FRR prints it)', () => {
  assert.match(conf('r1'), 'bfd\n profile dlan\n  transmit-interval 100\n  receive-interval 100\n exit\nexit');
  const d = render(hubs({ bfd: { interval: 50, multiplier: 5 } }).slice('h1'));
  assert.match(fileOf(d, FRR_CONFIG_PATH), ' profile dlan\n  detect-multiplier 5\n  transmit-interval 50\n  receive-interval 50\n');
});
frr('loopback and LAN are passive and announced; r4 and r5 have no LAN block', () => {
  assert.equal(block(conf('r1'), 'lo'), [' description dlan loopback', ' ip ospf area 0.0.0.0', ' ip ospf passive', ' ipv6 ospf6 area 0.0.0.0', ' ipv6 ospf6 passive']);
  assert.equal(block(conf('r1'), 'eth1'), [' description dlan LAN', ' ip ospf area 0.0.0.0', ' ip ospf passive', ' ipv6 ospf6 area 0.0.0.0', ' ipv6 ospf6 passive']);
  for (const r of ['r4', 'r5']) assert.is(conf(r).match(/^interface /gm)!.length, sample.get(r)!.vxlans.length + 1);
});
frr('IPv4-only LAN runs only OSPFv2 on it, IPv6-only only OSPFv3', () => {
  const t = hubs().router('a', { id: 3, lan: { interface: 'br0', ipv4: '192.168.7.0/24' } }).router('b', { id: 4, lan: { interface: 'br0', ipv6: 'fd00:b::/64' } });
  assert.equal(block(frrConfig(t.slice('a')), 'br0'), [' description dlan LAN', ' ip ospf area 0.0.0.0', ' ip ospf passive']);
  assert.equal(block(frrConfig(t.slice('b')), 'br0'), [' description dlan LAN', ' ipv6 ospf6 area 0.0.0.0', ' ipv6 ospf6 passive']);
});
frr('BFD off: no bfd block and no bfd line; FRR default timers are left out (frr-reload would see a change)', () => {
  const text = frrConfig(hubs({ bfd: { enabled: false }, ospf: { hello: 10, dead: 40, retransmit: 5, cost: 7 } }).slice('h1'));
  assert.not.match(text, 'bfd');
  assert.not.match(text, 'interval');
  assert.match(text, ' ip ospf cost 7\n');
  assert.match(text, ' ipv6 ospf6 cost 7\n');
});
frr('header for frr-reload, log to a file (no syslog), no network statements', () => {
  const text = conf('r1');
  assert.ok(text.startsWith('frr defaults traditional\n'));
  assert.match(text, '\nhostname r1\nlog file /var/log/frr/frr.log informational\n');
  assert.not.match(text, /log syslog|^\s*network /m);
  assert.match(frrConfig(hubs().slice('h1'), { privateKeyFile: '', runDir: '', dhcpLeaseFile: '', frrLogFile: '/srv/frr.log' }), 'log file /srv/frr.log informational');
});
frr('the daemons file enables zebra, ospfd, ospf6d and bfdd, and its change restarts FRR', () => {
  const d = sample.get('r1')!;
  const daemons = d.files.find((f) => f.path === FRR_DAEMONS_PATH)!;
  for (const l of ['zebra=yes', 'ospfd=yes', 'ospf6d=yes', 'bfdd=yes', 'bgpd=no']) assert.match(daemons.content, `\n${l}\n`);
  assert.is(daemons.onChange, 'restart');
  assert.is(d.files.find((f) => f.path === FRR_CONFIG_PATH)!.onChange, undefined);
  assert.equal(d.services.find((s) => s.name === 'frr'), { name: 'frr', onChange: 'frr-reload', daemon: true });
});
frr.run();
