import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderCables, renderNodeLinks, renderNodeRoutes, renderSysctls } from '../../lab/ip-batch.js';
import { renderHomeNat } from '../../lab/nat.js';
import { renderNodeSetup, nodeMounts } from '../../lab/node-setup.js';
import { derivedMac, planLab, repoUrlFor, type LabPlan } from '../../lab/plan.js';
import { parseLabSpec, type LabSpec } from '../../lab/spec.js';
import { sampleRepo } from '../support/paths.js';
import { renderedSample } from '../support/rendered.js';
import { sampleTopology } from '../support/sample.js';
import { generateLab } from '../support/generated-lab.js';
import { loadTopology } from '../../model/load.js';
import { portName } from '../../lab/ifnames.js';

async function samplePlan(prefix = 'dlan'): Promise<LabPlan> {
  const parsed = parseLabSpec({ path: 'lab.yaml', text: await readFile(join(sampleRepo, 'lab.yaml'), 'utf8') });
  return planLab(parsed.spec as LabSpec, await sampleTopology(), prefix);
}

const plan = suite('planLab');
plan('the sample makes 17 nodes named <prefix>-<node>, the internet first', async () => {
  const p = await samplePlan('dll1');
  assert.equal(p.nodes.map((n) => n.name), ['inet', 'h1', 'h2', 'r1', 'r2', 'r3', 'r4', 'r5', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 'client', 'git']);
  assert.is(p.nodes.find((n) => n.name === 'r1')!.netns, 'dll1-r1');
  assert.equal(p.nodes.filter((n) => n.kind === 'server').length, 7);
});
plan('cascaded routers hang off their home router\'s LAN, public ones off the internet', async () => {
  const p = await samplePlan();
  assert.equal(p.routers.find((r) => r.node === 'r1'), { node: 'r1', wanIf: 'eth0', wan: ['192.168.1.10/24'], lanIf: 'eth1', behind: 'h1' });
  assert.equal(p.routers.find((r) => r.node === 'r4'), { node: 'r4', wanIf: 'eth0', wan: ['203.0.113.4/24'] });
  assert.is(p.net.r1!.defaultVia, '192.168.1.1');
  assert.is(p.net.r2!.defaultVia, '192.168.2.1');
  assert.is(p.net.r4!.defaultVia, '203.0.113.254');
  assert.is(p.net.h2!.defaultVia, '192.0.2.254');
  assert.ok(p.veths.some((v) => v.a.node === 'r3' && v.b.node === 'h2' && v.b.master === 'lan'));
  assert.ok(p.veths.some((v) => v.a.node === 'r5' && v.b.node === 'inet' && v.b.master === 'seg1'));
});
plan('servers with a static lease take its MAC, the others a derived unique one', async () => {
  const p = await samplePlan();
  const mac = (s: string) => p.servers.find((x) => x.node === s)!.mac;
  assert.is(mac('s1'), '02:00:00:00:01:01');
  assert.is(mac('s2'), '02:00:00:00:02:02');
  assert.is(mac('s5'), '02:00:00:00:03:05');
  assert.is(mac('s3'), derivedMac(1, 2));
  assert.is(new Set(p.servers.map((s) => s.mac)).size, 7);
  assert.equal(p.servers.find((s) => s.node === 's6'), { node: 's6', router: 'r3', ifname: 'eth0', mac: derivedMac(3, 2), families: ['ipv4', 'ipv6'] });
});
plan('only home routers do NAT, on their WAN; the internet and home routers forward', async () => {
  const p = await samplePlan();
  assert.equal(p.nat, [{ node: 'h1', wan: 'wan', lan: 'lan', openings: [] }, { node: 'h2', wan: 'wan', lan: 'lan', openings: [] }]);
  assert.equal(renderSysctls(p, 'inet'), ['net.ipv4.ip_forward=1']);
  assert.equal(renderSysctls(p, 'r1'), []);
  assert.equal(renderSysctls(p, 's1'), ['net.ipv6.conf.eth0.accept_ra=2']);
});
plan('the git server is on its host, at the URL routers get', async () => {
  const p = await samplePlan();
  assert.equal(p.git, { node: 'git', listen: '203.0.113.80', address: '203.0.113.80', port: 8080, url: 'http://203.0.113.80:8080/topology.git', urls: { ipv4: 'http://203.0.113.80:8080/topology.git' } });
});
plan('a bad prefix is refused', async () => {
  try {
    await samplePlan('Bad_Prefix');
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code?: string }).code, 'InvalidLab');
  }
});
plan.run();

const render = suite('ip batches, NAT and node setup');
render('every cable is created directly between two namespaces, MACs on the server end', async () => {
  const text = renderCables(await samplePlan('dll1'));
  assert.match(text, 'link add eth0 address 02:00:00:00:01:01 netns dll1-s1 type veth peer name s1 netns dll1-r1\n');
  assert.match(text, 'link add eth0 netns dll1-r1 type veth peer name r1 netns dll1-h1\n');
  assert.is(text.trim().split('\n').length, 16);
});
render('a node makes its bridges, enslaves ports, then addresses; its routes come in a second batch', async () => {
  const p = await samplePlan();
  const lines = renderNodeLinks(p, 'h2').trim().split('\n');
  assert.equal(lines, [
    'link set lo up', 'link add lan type bridge mcast_snooping 0', 'link set r2 master lan', 'link set r3 master lan',
    'link set lan up', 'link set wan up', 'link set r2 up', 'link set r3 up',
    'addr add 192.168.2.1/24 dev lan', 'addr add 192.0.2.2/24 dev wan',
  ]);
  assert.is(renderNodeRoutes(p, 'h2'), 'route add default via 192.0.2.254\n');
  assert.is(renderNodeRoutes(p, 's1'), '');
});
render('the NAT masquerades IPv4 on the WAN and lets in only replies, and the IPv6 ports opened for routers behind it', () => {
  const nft = renderHomeNat({ node: 'h1', wan: 'wan', lan: 'lan', openings: [{ address: '2001:db8:1::10', port: 51820 }] });
  assert.match(nft, 'meta nfproto ipv4 oifname "wan" masquerade');
  assert.match(nft, 'ct state established,related accept\n    iifname "wan" ip6 daddr 2001:db8:1::10 udp dport 51820 accept\n    iifname "wan" drop');
  assert.not.match(renderHomeNat({ node: 'h1', wan: 'wan', lan: 'lan', openings: [] }), 'ip6 daddr');
});
render('the node setup binds every folder before the private /run hides the lab folder', () => {
  const script = renderNodeSetup('r1', '/run/dlan-lab/x/nodes/r1');
  const tmpfs = script.indexOf('mount -t tmpfs');
  for (const m of nodeMounts.filter((x) => x.kind === 'dir')) {
    const at = script.indexOf(`mount --bind '/run/dlan-lab/x/nodes/r1${m.target}' '${m.target}'`);
    assert.ok(at >= 0 && at < tmpfs, m.target);
  }
  assert.ok(script.indexOf('nsfs') < tmpfs, 'other namespaces\' pins are dropped first');
  assert.match(script, "hostname 'r1'");
});
render('every file dlan renders on a router lands in that node\'s own folders, never in the host\'s', async () => {
  const inNode = (path: string) => nodeMounts.some((m) => path === m.target || path.startsWith(`${m.target}/`));
  for (const [router, d] of await renderedSample()) {
    for (const f of d.files) assert.ok(inNode(f.path), `${router}: ${f.path}`);
  }
});
render.run();

/** The plan of generated lab `seed` (test/support/generated-lab.ts). */
function generatedPlan(seed: number): { plan: LabPlan; g: ReturnType<typeof generateLab> } {
  const g = generateLab(seed);
  const parsed = parseLabSpec(g.files.find((f) => f.path === 'lab.yaml')!);
  return { g, plan: planLab(parsed.spec!, loadTopology(g.files).topology!, 'dlg') };
}

const dual = suite('planLab: dual stack, single-family LANs, long names');
dual('a name longer than an interface name gets a short, stable port name, listed in the plan', () => {
  const { plan } = generatedPlan(1);
  const hub = plan.routers.find((r) => r.node.startsWith('public-gateway-'))!.node;
  assert.ok(hub.length > 15, hub);
  const port = plan.ifnames[hub]!;
  assert.is(port.length, 15);
  assert.is(port, portName(hub));
  assert.ok(port.startsWith(hub.slice(0, 10)));
  assert.ok(plan.veths.some((v) => v.a.node === hub && v.b.node === 'inet' && v.b.ifname === port));
  assert.is(portName('r1'), 'r1');
  assert.is.not(portName('branch-office-a'), portName('branch-office-b'));
  for (const { a, b } of plan.veths) for (const e of [a, b]) assert.ok(e.ifname.length <= 15, e.ifname);
});
dual('the internet routes each home router\'s IPv6 prefix to it; routers behind get IPv6 default routes; servers ask for their LAN\'s families', () => {
  const { plan, g } = generatedPlan(1);
  assert.ok(plan.net.inet!.routes.some((r) => r.to === '2001:db8:101::/64' && r.via === '2001:db8:0:1::101'), JSON.stringify(plan.net.inet!.routes));
  assert.equal(renderSysctls(plan, 'inet'), ['net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1']);
  assert.equal(plan.net.r3!.routes, [{ to: '::/0', via: '2001:db8:101::1' }]);
  assert.is(plan.net.r3!.defaultVia, '192.168.1.1');
  for (const s of g.servers) assert.equal(plan.servers.find((x) => x.node === s.name)!.families, s.families, s.name);
  assert.ok(plan.servers.some((s) => s.families.length === 1 && s.families[0] === 'ipv4'));
  assert.ok(plan.servers.some((s) => s.families.length === 1 && s.families[0] === 'ipv6'));
  // Only servers with IPv6 take RAs.
  for (const s of plan.servers) assert.is(plan.net[s.node]!.sysctls['net.ipv6.conf.eth0.accept_ra'] !== undefined, s.families.includes('ipv6'), s.node);
  assert.match(renderNodeLinks(plan, 'r3'), 'addr add 2001:db8:101::10/64 dev eth0 nodad\n');
});
dual('the git URL brackets an IPv6-only host', () => {
  const text = `internet: { addresses: ["2001:db8:0:3::1/64"] }\nrouters: {}\nhosts: { git: { address: "2001:db8:0:3::80/64" } }\ngit: { host: git }\n`;
  const p = planLab(parseLabSpec({ path: 'lab.yaml', text }).spec!, loadTopology([{ path: 'network.yaml', text: 'name: t\ndomain: lan\noverlay: { ipv4: 10.255.0.0/16, ipv6: "fd64:6c61:6e::/48" }\n' }]).topology!, 'x');
  assert.is(p.git!.url, 'http://[2001:db8:0:3::80]:8080/topology.git');
});
dual('a router fetches the repo at an address of a family its WAN has', () => {
  const { plan } = generatedPlan(1); // hub1 is IPv6-only there
  assert.equal(plan.git!.urls, { ipv4: 'http://203.0.113.80:8080/topology.git', ipv6: 'http://[2001:db8:0:3::80]:8080/topology.git' });
  assert.is(plan.git!.listen, '::');
  assert.is(repoUrlFor(plan, 'hub1'), 'http://[2001:db8:0:3::80]:8080/topology.git');
  assert.is(repoUrlFor(plan, 'r3'), 'http://203.0.113.80:8080/topology.git');
});
dual('two names that would be one interface on a node are refused, naming both', () => {
  const text = `internet: { addresses: [192.0.2.254/24] }\nrouters: {}\nhosts: { eth0x: { address: 192.0.2.10/24 }, seg0: { address: 192.0.2.11/24 } }\n`;
  try {
    planLab(parseLabSpec({ path: 'lab.yaml', text }).spec!, loadTopology([{ path: 'network.yaml', text: 'name: t\ndomain: lan\noverlay: { ipv4: 10.255.0.0/16, ipv6: "fd64:6c61:6e::/48" }\n' }]).topology!, 'x');
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code?: string }).code, 'InvalidLab');
    assert.match((e as Error).message, 'inet would have two interfaces named seg0');
  }
});
dual.run();
