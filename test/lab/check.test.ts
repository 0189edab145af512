import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkLab } from '../../lab/check.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { parseLabSpec } from '../../lab/spec.js';
import { sampleRepo } from '../support/paths.js';
import { sampleTopology } from '../support/sample.js';
import { generateLab } from '../support/generated-lab.js';
import { topo } from '../support/topo.js';
import { loadTopology } from '../../model/load.js';

const sampleLab = () => readFile(join(sampleRepo, 'lab.yaml'), 'utf8');

async function findings(edit: (t: string) => string): Promise<string[]> {
  const text = await sampleLab();
  const edited = edit(text);
  assert.is.not(edited, text, 'the edit changed nothing');
  const parsed = parseLabSpec({ path: 'lab.yaml', text: edited });
  if (!parsed.spec) return parsed.diagnostics.map(formatDiagnostic);
  return checkLab(parsed.spec, parsed.file!, await sampleTopology()).map(formatDiagnostic);
}

const check = suite('checkLab');
check('the sample lab.yaml fits the sample topology', async () => {
  const parsed = parseLabSpec({ path: 'lab.yaml', text: await sampleLab() });
  assert.equal(parsed.diagnostics, []);
  assert.equal(checkLab(parsed.spec!, parsed.file!, await sampleTopology()), []);
});
check('a router placed where its endpoint does not point is reported at its wan', async () => {
  assert.equal(await findings((t) => t.replace('r4: { wan: 203.0.113.4/24 }', 'r4: { wan: 203.0.113.9/24 }')),
    ['lab.yaml:14:14: routers.r4.wan: r4\'s endpoint 203.0.113.4:51820 (routers/r4.yaml) does not point at its WAN address 203.0.113.9 [EndpointMismatch]']);
});
check('a router of a NAT site put on the internet, and a missing router, are reported', async () => {
  const out = await findings((t) => t.replace('r1: { wan: 192.168.1.10/24 }    # behind h1', 'r1: { wan: 192.0.2.10/24 }').replace(/^ {2}r5: .*\n/m, ''));
  assert.equal(out, [
    'lab.yaml:10:1: routers: router r5 (routers/r5.yaml) is not placed: add routers.r5.wan [RouterNotPlaced]',
    "lab.yaml:11:14: routers.r1.wan: r1's site home is behind NAT (network.yaml) but 192.0.2.10/24 is on the internet [NatSiteOnInternet]",
  ]);
});
check('a MAC that would defeat a static lease, and a server on a router without LAN', async () => {
  const out = await findings((t) => t.replace('s1: { router: r1 }', 's1: { router: r1, mac: "02:00:00:00:01:99" }').replace('s7: { router: r3 }', 's7: { router: r4 }'));
  assert.equal(out, [
    "lab.yaml:17:26: servers.s1.mac: r1's static lease for s1 is for 02:00:00:00:01:01; with 02:00:00:00:01:99 it would not apply [MacMismatch]",
    'lab.yaml:23:17: servers.s7.router: r4 has no LAN to plug s7 into [NoLan]',
  ]);
});
check('schema errors come with line and column, all at once', async () => {
  const out = await findings((t) => t.replace('h1: { site: home,', 'h1: { colour: red, site: home,').replace('192.0.2.1/24, lan', '192.0.2.1, lan'));
  assert.equal(out, [
    'lab.yaml:8:3: homeRouters.h1: unknown field colour [Schema]',
    'lab.yaml:8:39: homeRouters.h1.wan: must be an address with its prefix length, like 192.0.2.1/24 or 2001:db8:1::1/64 [Schema]',
  ]);
});
check('a node name that is an interface name is refused', async () => {
  const out = await findings((t) => t.replace('client: { address', 'lan: { address'));
  assert.equal(out, ['lab.yaml:25:3: hosts.lan: lan is reserved (it names an interface or the internet node) [ReservedName]']);
});
check.run();

/** A small dual-stack lab: an IPv6-only hub, a dual-stack hub, a router with a long name behind a home router. */
const dualTopology = () => topo({ sites: { home: { nat: true }, cloud: { nat: false } } })
  .router('six', { id: 1, site: 'cloud', endpoint: '[2001:db8:0:3::10]:51820' })
  .router('dual', { id: 2, site: 'cloud', endpoint: ['203.0.113.20:51820', '[2001:db8:0:3::20]:51820'] })
  .router('a-router-with-a-long-name', { id: 3, site: 'home', lan: { interface: 'eth1', ipv6: 'fd00:3::/64' } })
  .build();
const dualLab = [
  'internet: { addresses: [[203.0.113.254/24, "2001:db8:0:3::1/64"], [192.0.2.254/24, "2001:db8:0:1::1/64"]] }',
  'homeRouters:',
  '  home-box: { site: home, wan: [192.0.2.1/24, "2001:db8:0:1::101/64"], lan: [192.168.1.1/24, "2001:db8:101::1/64"] }',
  'routers:',
  '  six: { wan: "2001:db8:0:3::10/64" }',
  '  dual: { wan: [203.0.113.20/24, "2001:db8:0:3::20/64"] }',
  '  a-router-with-a-long-name: { wan: [192.168.1.10/24, "2001:db8:101::10/64"] }',
  'servers:',
  '  a-server-with-a-long-name: { router: a-router-with-a-long-name }',
  '',
].join('\n');
const dualFindings = (edit: (t: string) => string = (t) => t): string[] => {
  const parsed = parseLabSpec({ path: 'lab.yaml', text: edit(dualLab) });
  if (!parsed.spec) return parsed.diagnostics.map(formatDiagnostic);
  return checkLab(parsed.spec, parsed.file!, dualTopology()).map(formatDiagnostic);
};

const dual = suite('checkLab: dual stack and long names');
dual('a dual-stack lab with an IPv6-only hub and names longer than an interface name is fine', () => {
  assert.equal(dualFindings(), []);
});
dual('a router that must dial an IPv6 endpoint without IPv6 on its WAN is reported at its wan, naming both routers', () => {
  assert.equal(dualFindings((t) => t.replace('[192.168.1.10/24, "2001:db8:101::10/64"]', '192.168.1.10/24')), [
    'lab.yaml:7:37: routers.a-router-with-a-long-name.wan: a-router-with-a-long-name dials six at [2001:db8:0:3::10]:51820 (routers/six.yaml) but has no IPv6 address on its WAN here, and six cannot dial it either (its home router needs an IPv6 wan and lan too) [CannotDial]',
  ]);
});
dual('a hub that cannot dial a peer is fine when the peer dials it (WireGuard answers where the handshake came from)', () => {
  // four has only IPv4: it cannot dial six's IPv6 endpoint, but six (dual-stack here) dials four.
  const t = topo({ sites: { cloud: { nat: false } } })
    .router('four', { id: 1, site: 'cloud', endpoint: '203.0.113.4:51820' })
    .router('six', { id: 2, site: 'cloud', endpoint: '[2001:db8:0:3::6]:51820' }).build();
  const text = (six: string) => `internet: { addresses: [[203.0.113.254/24, "2001:db8:0:3::1/64"]] }\nrouters:\n  four: { wan: 203.0.113.4/24 }\n  six: { wan: ${six} }\n`;
  const findings = (six: string) => {
    const parsed = parseLabSpec({ path: 'lab.yaml', text: text(six) });
    return checkLab(parsed.spec!, parsed.file!, t).map(formatDiagnostic);
  };
  assert.equal(findings('[203.0.113.6/24, "2001:db8:0:3::6/64"]'), []);
  assert.equal(findings('"2001:db8:0:3::6/64"'), [
    'lab.yaml:3:16: routers.four.wan: four dials six at [2001:db8:0:3::6]:51820 (routers/six.yaml) but has no IPv6 address on its WAN here, and six cannot dial it either [CannotDial]',
    'lab.yaml:4:15: routers.six.wan: six dials four at 203.0.113.4:51820 (routers/four.yaml) but has no IPv4 address on its WAN here, and four cannot dial it either [CannotDial]',
  ]);
});
dual('an endpoint of a family the WAN does not have, a second address of a family, an IPv6 LAN without uplink', () => {
  assert.equal(dualFindings((t) => t.replace('dual: { wan: [203.0.113.20/24, "2001:db8:0:3::20/64"] }', 'dual: { wan: [203.0.113.20/24, 203.0.113.21/24] }')
    .replace('wan: [192.0.2.1/24, "2001:db8:0:1::101/64"]', 'wan: 192.0.2.1/24')), [
    'lab.yaml:3:51: homeRouters.home-box.lan: home-box has an IPv6 LAN but no IPv6 wan address to route it over [NoIpv6Uplink]',
    "lab.yaml:6:16: routers.dual.wan: dual's endpoint [2001:db8:0:3::20]:51820 (routers/dual.yaml) is IPv6 but its WAN here has no IPv6 address [EndpointMismatch]",
    'lab.yaml:6:34: routers.dual.wan[1]: a second IPv4 address: an interface here has at most one per family [TwoOfAFamily]',
  ]);
});
dual('a badly formed node name is reported at its own line and named', () => {
  assert.equal(dualFindings((t) => t.replace('  a-server-with-a-long-name:', '  A_Server:')),
    ['lab.yaml:9:3: servers.A_Server: A_Server is not a valid node name (a DNS label: lower-case letters, digits and dashes, at most 63 characters) [Schema]']);
});
dual('every generated lab (100 seeds) passes the checks', () => {
  for (let seed = 1; seed <= 100; seed++) {
    const g = generateLab(seed);
    const loaded = loadTopology(g.files);
    assert.ok(loaded.topology, `seed ${seed}: ${loaded.diagnostics.map(formatDiagnostic).join('; ')}`);
    const parsed = parseLabSpec(g.files.find((f) => f.path === 'lab.yaml')!);
    assert.equal(checkLab(parsed.spec!, parsed.file!, loaded.topology).map(formatDiagnostic), [], `seed ${seed}`);
  }
});
dual.run();
