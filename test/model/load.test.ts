import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { loadTopology } from '../../model/load.js';
import { loadEdited, sampleFiles } from '../support/sample.js';

const lines = (ds: readonly { severity: string }[]) => (ds as Parameters<typeof formatDiagnostic>[0][]).map(formatDiagnostic);

const sample = suite('sample-repo');
sample('loads without error or warning', async () => {
  const r = loadTopology(await sampleFiles());
  assert.equal(lines(r.diagnostics), []);
  assert.equal(r.topology?.routers.map((x) => x.name), ['r1', 'r2', 'r3', 'r4', 'r5']);
  assert.equal(r.topology?.services.map((x) => x.name), ['game', 'ssh', 'web']);
});
sample('fills defaults the files leave out', async () => {
  const t = loadTopology(await sampleFiles()).topology!;
  assert.is(t.network.wireguard.keepalive, 25);
  assert.equal(t.network.dns.upstream, []);
  assert.is(t.network.sites['home']?.nat, true);
});
sample.run();

const schema = suite('schema errors');
schema('every schema error of every file at once, at the field', async () => {
  const files = (await sampleFiles()).map((f) => {
    if (f.path === 'routers/r1.yaml') return { ...f, text: f.text.replace('id: 1', 'id: one').replace('mac: "02:00:00:00:01:01"', 'mac: "02:00:00:00:01"') };
    if (f.path === 'services/web.yaml') return { ...f, text: f.text.replace('exposeOn', 'exposeOnn') };
    return f;
  });
  assert.equal(lines(loadTopology(files).diagnostics), [
    'routers/r1.yaml:2:5: id: must be a whole number, not "one" [Schema]',
    'routers/r1.yaml:13:24: lan.hosts[0].mac: must be a MAC address, six pairs of hex digits separated by colons, e.g. 02:00:00:00:01:01, not "02:00:00:00:01" [Schema]',
    'services/web.yaml:7:1: exposeOnn: is not a known field; did you mean exposeOn? (exposeOn is required) [Schema]',
  ]);
});
schema('a format error says what is expected', async () => {
  const r = await loadEdited('network.yaml', (t) => t.replace('ipv4: 10.255.0.0/16', 'ipv4: 10.255.0.0'));
  assert.equal(lines(r.diagnostics), ['network.yaml:7:9: overlay.ipv4: must be an IPv4 prefix, e.g. 10.1.0.0/24, not "10.255.0.0" [Schema]']);
});
schema('an endpoint is one host:port or a list of them: a bad one is reported once, at the item', async () => {
  const bad = await loadEdited('routers/r4.yaml', (t) => t.replace('endpoint: 203.0.113.4:51820', 'endpoint: [203.0.113.4:51820, "2001:db8::4:51820"]'));
  assert.equal(lines(bad.diagnostics), ['routers/r4.yaml:6:31: endpoint[1]: must be host:port, e.g. 203.0.113.10:51820 or [2001:db8::10]:51820, not "2001:db8::4:51820" [Schema]']);
  const wrongType = await loadEdited('routers/r4.yaml', (t) => t.replace('endpoint: 203.0.113.4:51820', 'endpoint: 51820'));
  assert.equal(lines(wrongType.diagnostics), ['routers/r4.yaml:6:11: endpoint: must be host:port or a list of them, one per family, e.g. [203.0.113.10:51820, "[2001:db8::10]:51820"], not 51820 [Schema]']);
  const dual = await loadEdited('routers/r4.yaml', (t) => t.replace('endpoint: 203.0.113.4:51820', 'endpoint: [203.0.113.4:51820, "[2001:db8::4]:51820"]'));
  assert.equal(lines(dual.diagnostics), []);
});
schema('YAML syntax errors name the line', async () => {
  const r = await loadEdited('routers/r4.yaml', (t) => t.replace('wan: { interface: eth0 }', 'wan: { interface: eth0'));
  assert.ok(r.diagnostics.length >= 1);
  assert.is(r.diagnostics[0]!.file, 'routers/r4.yaml');
  assert.is(r.diagnostics[0]!.code, 'YamlSyntax');
  assert.ok(r.diagnostics[0]!.line >= 6);
});
schema('a missing network.yaml is reported', async () => {
  const files = (await sampleFiles()).filter((f) => f.path !== 'network.yaml');
  assert.equal(lines(loadTopology(files).diagnostics), ['network.yaml:1:1: the repo has no network.yaml (run `dlan init` to start one) [MissingNetwork]']);
});
schema.run();

/** One semantic error injected into a copy of the sample → exactly one finding, at its place. */
const semantic = suite('semantic checks');
const cases: [string, string, (t: string) => string, string][] = [
  ['duplicate router name', 'routers/r4.yml', () => '', ''],
  ['duplicate router id', 'routers/r5.yaml', (t) => t.replace('id: 5', 'id: 4'),
    'routers/r5.yaml:2:5: id: id 4 is already used by router r4 [DuplicateRouterId]'],
  ['router id beyond the overlay', 'routers/r5.yaml', (t) => t.replace('id: 5', 'id: 200'),
    'routers/r5.yaml:2:5: id: id 200 does not fit the overlay 10.255.0.0/16 (ids up to 181); use a shorter overlay prefix [RouterIdTooLarge]'],
  ['overlapping LANs', 'routers/r2.yaml', (t) => t.replace('ipv4: 10.2.0.0/24', 'ipv4: 10.2.0.0/15'),
    "routers/r3.yaml:10:9: lan.ipv4: 10.3.0.0/24 overlaps router r2's LAN 10.2.0.0/15 [LanOverlap]"],
  ['LAN overlapping the overlay', 'network.yaml', (t) => t.replace('ipv4: 10.255.0.0/16', 'ipv4: 10.2.0.0/16'),
    'routers/r2.yaml:10:9: lan.ipv4: 10.2.0.0/24 overlaps the overlay prefix 10.2.0.0/16 [LanOverlapsOverlay]'],
  ['DHCP range outside its LAN', 'routers/r2.yaml', (t) => t.replace('range: 10.2.0.100-10.2.0.199', 'range: 10.2.0.100-10.2.1.20'),
    'routers/r2.yaml:12:18: lan.dhcp.range: 10.2.0.100-10.2.1.20 is not inside the LAN 10.2.0.0/24 [DhcpRangeOutsideLan]'],
  ['static lease outside the LAN', 'routers/r1.yaml', (t) => t.replace('ipv4: 10.1.0.10', 'ipv4: 10.9.0.10'),
    'routers/r1.yaml:13:51: lan.hosts[0].ipv4: 10.9.0.10 is not inside the LAN 10.1.0.0/24 [LeaseOutsideLan]'],
  ['duplicate MAC', 'routers/r2.yaml', (t) => t.replace('"02:00:00:00:02:02"', '"02:00:00:00:01:01"'),
    "routers/r2.yaml:14:24: lan.hosts[0].mac: 02:00:00:00:01:01 is already the MAC of r1's host s1 [DuplicateMac]"],
  ['duplicate address', 'routers/r1.yaml', (t) => t.replace('ipv4: 10.1.0.10, ipv6: "fd00:1::10" }', 'ipv4: 10.1.0.10, ipv6: "fd00:1::10" }\n    - { name: s3, mac: "02:00:00:00:01:03", ipv4: 10.1.0.10 }'),
    "routers/r1.yaml:14:51: lan.hosts[1].ipv4: 10.1.0.10 is already the address of r1's host s1 [DuplicateAddress]"],
  ['duplicate host name', 'routers/r3.yaml', (t) => `${t}    - { name: s2, mac: "02:00:00:00:03:06" }\n`,
    "routers/r3.yaml:14:15: lan.hosts[1].name: s2 is already the name of r2's host s2 [DuplicateHostName]"],
  ['peer naming an unknown router', 'routers/r1.yaml', (t) => `${t}peers: [r4, r9]\n`,
    'routers/r1.yaml:14:13: peers[1]: names unknown router r9 [UnknownPeer]'],
  ['backend naming an unknown host', 'services/web.yaml', (t) => t.replace('backends: [s1]', 'backends: [s1, s9]'),
    "services/web.yaml:3:16: backends[1]: s9 is neither an IP address nor a host in any router's lan.hosts [UnknownBackend]"],
  ['two forwards of one router, port and protocol', 'services/ssh.yaml', (t) => t.replace('port: 2222', 'port: 443'),
    'services/web.yaml:6:13: forwards[1].port: tcp port 443 on router r5 is already used by service ssh [DuplicateForward]'],
  ['PROXY protocol on a UDP forward', 'services/game.yaml', (t) => t.replace('protocol: udp }', 'protocol: udp, proxyProtocol: true }'),
    'services/game.yaml:5:50: forwards[0].proxyProtocol: PROXY protocol is for TCP forwards only: on UDP nginx prepends a text header to the first datagram of a session, which breaks the backend [ProxyProtocolOnUdp]'],
  ['malformed WireGuard public key', 'routers/r4.yaml', (t) => t.replace('publicKey: XEaZ56cpYXQdS+4lK+II2l5CpNMLpi4zuNykjTZjKxg=', 'publicKey: not-a-key'),
    'routers/r4.yaml:5:12: publicKey: is not a WireGuard public key (44 base64 characters, as printed by `dlan keygen`) [BadPublicKey]'],
  ['IPv4 prefix that is not a network address', 'routers/r2.yaml', (t) => t.replace('ipv4: 10.2.0.0/24', 'ipv4: 10.2.0.1/24'),
    'routers/r2.yaml:10:9: lan.ipv4: 10.2.0.1/24 has host bits set; the network address is 10.2.0.0/24 [NotNetworkAddress]'],
  ['IPv6 prefix that is not a network address', 'network.yaml', (t) => t.replace('ipv6: fd64:6c61:6e::/48', 'ipv6: fd64:6c61:6e::1/48'),
    'network.yaml:8:9: overlay.ipv6: fd64:6c61:6e::1/48 has host bits set; the network address is fd64:6c61:6e::/48 [NotNetworkAddress]'],
  ['unknown site', 'routers/r4.yaml', (t) => t.replace('site: cloud-a', 'site: cloud-z'),
    'routers/r4.yaml:4:7: site: site cloud-z is not defined in network.yaml; did you mean cloud-a? [UnknownSite]'],
  ['forward on the WireGuard port', 'services/game.yaml', (t) => t.replace('port: 27015', 'port: 51820'),
    'services/game.yaml:5:13: forwards[0].port: udp port 51820 on router r4 is already used by WireGuard [DuplicateForward]'],
];
for (const [name, file, edit, expected] of cases) {
  if (name === 'duplicate router name') continue;
  semantic(`${name} → ${expected.split(': ')[0]}`, async () => {
    const r = await loadEdited(file, edit);
    assert.equal(lines(r.diagnostics), [expected]);
    assert.is(r.topology, undefined);
  });
}
semantic('two endpoints of one family are an error; different ports a warning', async () => {
  const two = await loadEdited('routers/r4.yaml', (t) => t.replace('endpoint: 203.0.113.4:51820', 'endpoint: [203.0.113.4:51820, 203.0.113.44:51820]'));
  assert.equal(lines(two.diagnostics), ['routers/r4.yaml:6:31: endpoint[1]: a second IPv4 endpoint: list at most one per address family (peers dial the first of a family they have) [DuplicateEndpointFamily]']);
  const ports = await loadEdited('routers/r4.yaml', (t) => t.replace('endpoint: 203.0.113.4:51820', 'endpoint: [203.0.113.4:51820, "[2001:db8::4]:51999"]'));
  assert.equal(ports.diagnostics.map((d) => `${d.severity} ${d.code}`), ['warning EndpointPorts']);
  assert.ok(ports.topology);
});
semantic('duplicate router name (r4.yaml next to r4.yml)', async () => {
  const files = await sampleFiles();
  const r4 = files.find((f) => f.path === 'routers/r4.yaml')!;
  const r = loadTopology([...files, { path: 'routers/r4.yml', text: r4.text.replace('id: 4', 'id: 6').replace(/publicKey: .*/, `publicKey: ${'A'.repeat(43)}=`) }]);
  assert.equal(lines(r.diagnostics), ['routers/r4.yml:2:1: router name r4 is also defined by routers/r4.yaml [DuplicateRouterName]']);
});
semantic('a service exposed behind NAT is a warning, and the topology still loads', async () => {
  const r = await loadEdited('services/ssh.yaml', (t) => t.replace('exposeOn: [r5]', 'exposeOn: [r5, r1]'));
  assert.equal(lines(r.diagnostics), [
    "services/ssh.yaml:6:16: exposeOn[1]: warning: router r1 has no public endpoint; the forward only works if its upstream router forwards these ports to it [ExposedBehindNat]",
  ]);
  assert.ok(r.topology);
});
semantic('an overlay in several parts is a warning (dlan diff shows what it cuts off), and the topology still loads', async () => {
  const r = await loadEdited('routers/r1.yaml', (t) => `${t}noPeers: [r4, r5]\n`);
  assert.equal(lines(r.diagnostics), [
    'routers/r1.yaml:2:1: warning: the overlay falls apart into 2 parts that cannot reach each other: {r2, r3, r4, r5} and {r1}; give a router of each part a public endpoint, or add peers [OverlayPartitioned]',
  ]);
  assert.ok(r.topology);
});
semantic('a peering nobody can dial does not hold the overlay together', async () => {
  const r = await loadEdited('routers/r1.yaml', (t) => `${t}peers: [r2]\nnoPeers: [r4, r5]\n`);
  assert.equal(r.diagnostics.map((d) => d.code).sort(), ['OverlayPartitioned', 'PeerUnreachable']);
});
semantic.run();
