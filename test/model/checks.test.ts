/**
 * The semantic checks for values a daemon or the kernel would refuse: each rule injected into a
 * copy of the sample, one finding expected, at its place (as test/model/load.test.ts does).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDiagnostic, formatRelated } from '../../model/diagnostic.js';
import { loadTopology } from '../../model/load.js';
import { loadEdited, sampleFiles } from '../support/sample.js';

const lines = (ds: readonly Parameters<typeof formatDiagnostic>[0][]) => ds.map(formatDiagnostic);
const long = (n: number) => 'a'.repeat(n);

const rules = suite('values the daemons and the kernel refuse');
const cases: [string, string, (t: string) => string, string[]][] = [
  ['DHCP range with the LAN network address', 'routers/r2.yaml', (t) => t.replace('range: 10.2.0.100-10.2.0.199', 'range: 10.2.0.0-10.2.0.0'),
    ["routers/r2.yaml:12:18: lan.dhcp.range: includes the LAN's network address 10.2.0.0, which no host can have; start the range higher [DhcpRangeHasReserved]"]],
  ['DHCP range with the LAN broadcast address', 'routers/r2.yaml', (t) => t.replace('range: 10.2.0.100-10.2.0.199', 'range: 10.2.0.100-10.2.0.255'),
    ["routers/r2.yaml:12:18: lan.dhcp.range: includes the LAN's broadcast address 10.2.0.255, which no host can have; end the range lower [DhcpRangeHasReserved]"]],
  ['static lease on the broadcast address', 'routers/r1.yaml', (t) => t.replace('ipv4: 10.1.0.10', 'ipv4: 10.1.0.255'),
    ["routers/r1.yaml:13:51: lan.hosts[0].ipv4: 10.1.0.255 is the LAN's broadcast address, which no host can have [LeaseOnReserved]"]],
  ['static lease on the network address', 'routers/r1.yaml', (t) => t.replace('ipv4: 10.1.0.10', 'ipv4: 10.1.0.0'),
    ["routers/r1.yaml:13:51: lan.hosts[0].ipv4: 10.1.0.0 is the LAN's network address, which no host can have [LeaseOnReserved]"]],
  ['multicast MAC', 'routers/r1.yaml', (t) => t.replace('"02:00:00:00:01:01"', '"03:00:00:00:01:01"'),
    ["routers/r1.yaml:13:24: lan.hosts[0].mac: 03:00:00:00:01:01 is a multicast (group) address: the first byte 03 is odd; a host's port has an even first byte, e.g. 02 [BadMac]"]],
  ['broadcast MAC', 'routers/r1.yaml', (t) => t.replace('"02:00:00:00:01:01"', '"ff:ff:ff:ff:ff:ff"'),
    ["routers/r1.yaml:13:24: lan.hosts[0].mac: ff:ff:ff:ff:ff:ff is the broadcast address, not a host's [BadMac]"]],
  ['DNS label over 63 characters', 'network.yaml', (t) => t.replace('domain: lan ', `domain: ${long(64)} `),
    [`network.yaml:5:9: domain: the label aaaaaaaaaaaaaaaaaaaa… has 64 characters; a DNS label has at most 63 [DnsLabelTooLong]`]],
  ['DNS name over 253 characters', 'routers/r1.yaml', (t) => t.replace('name: s1,', `name: ${long(63)},`).replace('hosts:', 'hosts:\n    - { name: s1, mac: "02:00:00:00:01:02" }'),
    []],
  ['router name over 63 characters', `routers/r${long(63)}.yaml`, () => 'id: 9\npublicKey: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA9=\nwan: { interface: eth0 }\n',
    [`routers/r${long(63)}.yaml:1:1: r${long(63)} is not a valid router name: 1 to 63 lower-case letters, digits and dashes, not starting or ending with a dash (it becomes a DNS label), e.g. r1 [BadFileName]`]],
  ['site name over 63 characters', 'network.yaml', (t) => `${t}  ${long(64)}: {}\n`,
    [`network.yaml:29:3: sites.${long(64)}: is too long: a name here has at most 63 characters [Schema]`]],
  ["endpoint port equal to a forward's port on that router", 'routers/r4.yaml', (t) => t.replace('203.0.113.4:51820', '203.0.113.4:27015'),
    ['services/game.yaml:5:13: forwards[0].port: udp port 27015 on router r4 is already used by WireGuard [DuplicateForward]']],
  ['forward on the VXLAN port', 'services/game.yaml', (t) => t.replace('port: 27015', 'port: 4789'),
    ['services/game.yaml:5:13: forwards[0].port: udp port 4789 on router r4 is already used by VXLAN (the kernel binds it on every address) [DuplicateForward]']],
  ['forward on the DNS port', 'services/ssh.yaml', (t) => t.replace('port: 2222', 'port: 53'),
    ['services/ssh.yaml:5:13: forwards[0].port: tcp port 53 on router r5 is already used by DNS (dnsmasq) [DuplicateForward]']],
  ["forward on the WAN's DHCP client port", 'services/game.yaml', (t) => t.replace('port: 27015', 'port: 68'),
    ["services/game.yaml:5:13: forwards[0].port: udp port 68 on router r4 is already used by the WAN's DHCP client [DuplicateForward]"]],
  ['forward on the DHCP server port of a router with a LAN', 'services/game.yaml', (t) => t.replace('port: 27015', 'port: 67').replace('exposeOn: [r4]', 'exposeOn: [r4, r1]'),
    ['services/game.yaml:5:13: forwards[0].port: udp port 67 on router r1 is already used by the DHCP server (dnsmasq) [DuplicateForward]',
      'services/game.yaml:6:16: exposeOn[1]: warning: router r1 has no public endpoint; the forward only works if its upstream router forwards these ports to it [ExposedBehindNat]']],
  ['forward on the BFD port', 'services/game.yaml', (t) => t.replace('port: 27015', 'port: 3784'),
    ['services/game.yaml:5:13: forwards[0].port: udp port 3784 on router r4 is already used by BFD (bfdd) [DuplicateForward]']],
  ['invalid IPv6 endpoint', 'routers/r4.yaml', (t) => t.replace('203.0.113.4:51820', '"[2001:db8::1::2]:51820"'),
    ['routers/r4.yaml:6:11: endpoint: 2001:db8::1::2 is not an IPv6 address (write it like [2001:db8::10]:51820) [BadEndpoint]']],
  ['invalid IPv4 endpoint', 'routers/r4.yaml', (t) => t.replace('203.0.113.4:51820', '203.0.113.400:51820'),
    ['routers/r4.yaml:6:11: endpoint: 203.0.113.400 is not an IPv4 address (e.g. 203.0.113.10) [BadEndpoint]']],
  ['invalid endpoint host name', 'routers/r4.yaml', (t) => t.replace('203.0.113.4:51820', 'bad-.example.org:51820'),
    ['routers/r4.yaml:6:11: endpoint: bad-.example.org is not a valid host name (labels of letters, digits and dashes, at most 63 characters each) [BadEndpoint]']],
  ['endpoint inside the overlay', 'routers/r4.yaml', (t) => t.replace('203.0.113.4:51820', '10.255.0.9:51820'),
    ["routers/r4.yaml:6:11: endpoint: 10.255.0.9 is inside the overlay 10.255.0.0/16: WireGuard would send its own packets into the tunnel; use the router's address on its WAN or upstream LAN [EndpointInOverlay]"]],
  ['LAN interface = WAN interface', 'routers/r1.yaml', (t) => t.replace('interface: eth1', 'interface: eth0'),
    ['routers/r1.yaml:8:14: lan.interface: eth0 is also the WAN interface: the LAN needs a port (or bridge) of its own, or DHCP would answer on the WAN [LanIsWan]']],
  ['interface named ..', 'routers/r1.yaml', (t) => t.replace('wan: { interface: eth0 }', 'wan: { interface: .. }'),
    ['routers/r1.yaml:6:19: wan.interface: .. is not a name Linux accepts for an interface (it would be a path in /sys/class/net); e.g. eth0 [BadInterfaceName]']],
  ['interface with a slash (the schema)', 'routers/r1.yaml', (t) => t.replace('wan: { interface: eth0 }', 'wan: { interface: eth/0 }'),
    ['routers/r1.yaml:6:19: wan.interface: must be a Linux interface name: 1 to 15 letters, digits, _, . or -, e.g. eth0, not "eth/0" [Schema]']],
  ['interface name of 16 characters (the schema)', 'routers/r1.yaml', (t) => t.replace('interface: eth1', `interface: ${long(16)}`),
    [`routers/r1.yaml:8:14: lan.interface: must be a Linux interface name: 1 to 15 letters, digits, _, . or -, e.g. eth0, not "${long(16)}" [Schema]`]],
  ['interface dlan creates itself', 'routers/r1.yaml', (t) => t.replace('interface: eth1', 'interface: wg-dlan'),
    ["routers/r1.yaml:8:14: lan.interface: wg-dlan is an interface dlan creates itself (wg-dlan, dl<id> for the VXLAN links) or the loopback; name the router's LAN port [ReservedInterfaceName]"]],
  ['OSPF dead not above hello', 'network.yaml', (t) => t.replace('dead: 3', 'dead: 1'),
    ["network.yaml:12:25: ospf.dead: 1 s is not longer than the hello interval (1 s): neighbours would be declared dead between two hellos; make it longer, e.g. 4 (4 × hello, the ratio of FRR's defaults) [OspfDeadNotAboveHello]"]],
  ['backend host without an address', 'routers/r1.yaml', (t) => t.replace('hosts:', 'hosts:\n    - { name: s3, mac: "02:00:00:00:01:03" }'),
    []],
  ['static host named router', 'routers/r1.yaml', (t) => `${t}    - { name: router, mac: "02:00:00:00:01:09", ipv4: 10.1.0.9 }\n`,
    ['routers/r1.yaml:14:15: lan.hosts[1].name: router is the name dlan gives the router itself (router.r1.lan); dnsmasq would answer two addresses for it; choose another name [ReservedHostName]']],
];
for (const [name, file, edit, expected] of cases) {
  if (expected.length === 0) continue;
  rules(`${name} → ${expected[0]!.split(' [')[1]!.slice(0, -1)}`, async () => {
    const r = await loadEdited(file, edit);
    assert.equal(lines(r.diagnostics), expected);
    assert.is(r.topology, undefined);
  });
}
rules('DNS name over 253 characters → DnsNameTooLong', async () => {
  const domain = [long(63), long(63), long(63)].join('.');
  const files = (await sampleFiles()).map((f) => {
    if (f.path === 'network.yaml') return { ...f, text: f.text.replace('domain: lan ', `domain: ${domain} `) };
    if (f.path === 'routers/r1.yaml') return { ...f, text: f.text.replace('name: s1,', `name: ${long(62)},`) };
    if (f.path === 'services/web.yaml') return { ...f, text: f.text.replace('backends: [s1]', `backends: [${long(62)}]`) };
    return f;
  });
  assert.equal(lines(loadTopology(files).diagnostics), [
    `routers/r1.yaml:13:15: lan.hosts[0].name: ${long(40)}… has 257 characters; a DNS name has at most 253 [DnsNameTooLong]`,
  ]);
});
rules('backend host without an address → BackendWithoutAddress, and where the host is', async () => {
  const files = (await sampleFiles()).map((f) => {
    if (f.path === 'routers/r1.yaml') return { ...f, text: `${f.text}    - { name: s3, mac: "02:00:00:00:01:03" }\n` };
    if (f.path === 'services/web.yaml') return { ...f, text: f.text.replace('backends: [s1]', 'backends: [s1, s3]') };
    return f;
  });
  const [d, ...rest] = loadTopology(files).diagnostics;
  assert.equal(rest, []);
  assert.is(formatDiagnostic(d!), 'services/web.yaml:3:16: backends[1]: host s3 has no fixed address, so nginx has nothing to forward to; give it ipv4 (or ipv6) in routers/r1 [BackendWithoutAddress]');
  assert.equal(formatRelated(d!), ['routers/r1.yaml:14:7: host s3']);
});
rules.run();

const valid = suite('valid input that must not be refused');
valid("a forward on another router's WireGuard port", async () => {
  // r4 listens on 51821 (its endpoint's port); r5 and the network default use 51820.
  const files = (await sampleFiles()).map((f) => {
    if (f.path === 'routers/r4.yaml') return { ...f, text: f.text.replace('203.0.113.4:51820', '203.0.113.4:51821') };
    if (f.path === 'services/game.yaml') return { ...f, text: f.text.replace('port: 27015', 'port: 51820') };
    return f;
  });
  const r = loadTopology(files);
  assert.equal(lines(r.diagnostics), []);
  assert.ok(r.topology);
});
valid('a TCP forward on the WireGuard port number (WireGuard is UDP)', async () => {
  const r = await loadEdited('services/ssh.yaml', (t) => t.replace('port: 2222', 'port: 51820'));
  assert.equal(lines(r.diagnostics), []);
});
valid('an IPv6 endpoint in brackets and a host name endpoint', async () => {
  const r4 = await loadEdited('routers/r4.yaml', (t) => t.replace('203.0.113.4:51820', '"[2001:db8::4]:51820"'));
  assert.equal(lines(r4.diagnostics), []);
  const r5 = await loadEdited('routers/r5.yaml', (t) => t.replace('198.51.100.5:51820', 'r5.example.org:51820'));
  assert.equal(lines(r5.diagnostics), []);
});
valid.run();

const related = suite('a conflict names its second place');
related('a duplicate router id points at the router that has it', async () => {
  const r = await loadEdited('routers/r5.yaml', (t) => t.replace('id: 5', 'id: 4'));
  assert.equal(formatRelated(r.diagnostics[0]!), ['routers/r4.yaml:2:5: router r4 has it']);
});
related('the WireGuard port a forward collides with is shown where it is set', async () => {
  const r = await loadEdited('routers/r4.yaml', (t) => t.replace('203.0.113.4:51820', '203.0.113.4:27015'));
  assert.equal(formatRelated(r.diagnostics[0]!), ["routers/r4.yaml:6:11: router r4's WireGuard port"]);
});
related('a duplicate MAC points at the first host that has it', async () => {
  const r = await loadEdited('routers/r2.yaml', (t) => t.replace('"02:00:00:00:02:02"', '"02:00:00:00:01:01"'));
  assert.equal(formatRelated(r.diagnostics[0]!), ["routers/r1.yaml:13:24: r1's host s1 is defined here"]);
});
related.run();
