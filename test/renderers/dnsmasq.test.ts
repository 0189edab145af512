import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DNSMASQ_CONFIG_PATH, dnsmasqConfig } from '../../renderers/dnsmasq.js';
import { hubs } from '../support/topo.js';
import { fileOf, renderedSample } from '../support/rendered.js';

const dns = suite('renderDnsmasq');
const sample = await renderedSample();
const conf = (router: string): string => fileOf(sample.get(router)!, DNSMASQ_CONFIG_PATH);
const has = (text: string, line: string): boolean => text.split('\n').includes(line);

dns('every other router\'s domain is forwarded to its loopback AND covered by rebind-domain-ok (stop-dns-rebind trap)', () => {
  for (const r of sample.keys()) {
    const text = conf(r);
    assert.ok(has(text, 'stop-dns-rebind'));
    const ok = text.split('\n').filter((l) => l.startsWith('rebind-domain-ok=')).map((l) => l.slice('rebind-domain-ok='.length).split('/').filter(Boolean)).flat();
    for (const other of [...sample.keys()].filter((x) => x !== r)) {
      const id = other.slice(1);
      assert.ok(has(text, `server=/${other}.lan/10.255.0.${id}`), `${r}: server for ${other}.lan`);
      assert.ok(ok.some((d) => `${other}.lan` === d || `${other}.lan`.endsWith(`.${d}`)), `${r}: rebind-domain-ok covers ${other}.lan`);
    }
    assert.not.ok(has(text, `server=/${r}.lan/10.255.0.${r.slice(1)}`), `${r} must not forward its own domain`);
  }
});
dns('reverse zones of other routers\' LANs (IPv4 and IPv6) go to their loopback', () => {
  const text = conf('r1');
  for (const l of ['rev-server=10.2.0.0/24,10.255.0.2', 'rev-server=fd00:2::/64,10.255.0.2', 'rev-server=10.3.0.0/24,10.255.0.3', 'rev-server=fd00:3::/64,10.255.0.3']) {
    assert.ok(has(text, l), l);
  }
  assert.not.match(text, 'rev-server=10.1.0.0');
});
dns('own domain and own reverse zones are answered locally, never forwarded', () => {
  const text = conf('r1');
  for (const l of ['domain=r1.lan', 'local=/r1.lan/', 'local=/0.1.10.in-addr.arpa/', 'local=/0.0.0.0.0.0.0.0.1.0.0.0.0.0.d.f.ip6.arpa/',
    'host-record=router.r1.lan,10.255.0.1,fd64:6c61:6e::1', 'host-record=s1.r1.lan,10.1.0.10,fd00:1::10']) assert.ok(has(text, l), l);
});
dns('listens on the LAN and the overlay loopback (voids Debian --local-service), with bind-dynamic', () => {
  const text = conf('r1');
  for (const l of ['bind-dynamic', 'interface=eth1', 'listen-address=10.255.0.1', 'listen-address=fd64:6c61:6e::1']) assert.ok(has(text, l), l);
  assert.not.ok(has(text, 'bind-interfaces'));
  const r4 = conf('r4');
  assert.not.match(r4, 'interface=');
  assert.ok(has(r4, 'listen-address=10.255.0.4'));
});
dns('DHCPv4 range and lease, DHCPv6 + SLAAC + RA, static lease with both addresses, DNS names from clients', () => {
  const text = conf('r1');
  for (const l of ['dhcp-range=10.1.0.100,10.1.0.199,12h', 'enable-ra', 'dhcp-range=fd00:1::1000,fd00:1::1fff,slaac,64,12h',
    'dhcp-host=02:00:00:00:01:01,s1,10.1.0.10,[fd00:1::10],12h', 'dhcp-fqdn', 'dhcp-authoritative']) assert.ok(has(text, l), l);
});
dns('a router without LAN (r4, r5) serves DNS but no DHCP or RA', () => {
  for (const r of ['r4', 'r5']) {
    assert.not.match(conf(r), 'dhcp-');
    assert.not.match(conf(r), 'enable-ra');
    assert.match(conf(r), `local=/${r}.lan/`);
  }
});
dns('IPv4-only LAN: no RA, no DHCPv6; IPv6-only LAN: RA and DHCPv6, no IPv4 pool', () => {
  const t = hubs().router('a', { id: 3, lan: { interface: 'br0', ipv4: '192.168.7.0/24' } }).router('b', { id: 4, lan: { interface: 'br0', ipv6: 'fd00:b::/64' } });
  const a = dnsmasqConfig(t.slice('a'));
  assert.ok(has(a, 'dhcp-range=192.168.7.128,192.168.7.254,12h'));
  assert.not.match(a, 'enable-ra');
  assert.not.match(a, 'slaac');
  const b = dnsmasqConfig(t.slice('b'));
  assert.ok(has(b, 'enable-ra'));
  assert.ok(has(b, 'dhcp-range=fd00:b::1000,fd00:b::1fff,slaac,64,12h'));
  assert.not.match(b, /dhcp-range=\d/);
  assert.ok(has(dnsmasqConfig(t.slice('h1')), 'rev-server=fd00:b::/64,10.255.0.4'));
});
dns('upstream resolvers from network.yaml replace resolv.conf', () => {
  const text = dnsmasqConfig(hubs({ dns: { upstream: ['192.0.2.53', '2001:db8::53'] } }).slice('h1'));
  assert.ok(has(text, 'no-resolv') && has(text, 'server=192.0.2.53') && has(text, 'server=2001:db8::53'));
  assert.not.match(conf('r1'), 'no-resolv');
});
dns('the lease file is a render option; a change restarts dnsmasq (SIGHUP does not re-read the config)', () => {
  assert.ok(has(conf('r1'), 'dhcp-leasefile=/var/lib/misc/dnsmasq.leases'));
  const t = hubs().router('a', { id: 3, lan: { interface: 'br0', ipv4: '192.168.7.0/24' } });
  assert.ok(has(dnsmasqConfig(t.slice('a'), { privateKeyFile: '', runDir: '', frrLogFile: '', dhcpLeaseFile: '/srv/a.leases' }), 'dhcp-leasefile=/srv/a.leases'));
  assert.equal(sample.get('r1')!.services.find((s) => s.name === 'dnsmasq'), { name: 'dnsmasq', onChange: 'restart', daemon: true });
});
dns('dlan.lan, the home page, is each router\'s own LAN address (v4 and v6), on routers with a LAN only', () => {
  assert.ok(has(conf('r1'), 'host-record=dlan.lan,10.1.0.1,fd00:1::1'));
  assert.ok(has(conf('r3'), 'host-record=dlan.lan,10.3.0.1,fd00:3::1'));
  assert.not.match(conf('r4'), 'dlan.lan,');
  const v4only = hubs().router('a', { id: 3, lan: { interface: 'br0', ipv4: '192.168.7.0/24' } });
  assert.ok(has(dnsmasqConfig(v4only.slice('a')), 'host-record=dlan.lan,192.168.7.1'));
  // No router forwards the name: it never appears in a server= line.
  for (const r of sample.keys()) assert.not.match(conf(r), /server=\/dlan\./);
});
dns.run();
