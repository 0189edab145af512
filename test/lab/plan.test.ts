import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderCables, renderNodeLinks, renderSysctls } from '../../lab/ip-batch.js';
import { renderHomeNat } from '../../lab/nat.js';
import { renderNodeSetup, nodeMounts } from '../../lab/node-setup.js';
import { derivedMac, planLab, type LabPlan } from '../../lab/plan.js';
import { parseLabSpec, type LabSpec } from '../../lab/spec.js';
import { sampleRepo } from '../support/paths.js';
import { renderedSample } from '../support/rendered.js';
import { sampleTopology } from '../support/sample.js';

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
  assert.equal(p.routers.find((r) => r.node === 'r1'), { node: 'r1', wanIf: 'eth0', wan: '192.168.1.10/24', lanIf: 'eth1', behind: 'h1' });
  assert.equal(p.routers.find((r) => r.node === 'r4'), { node: 'r4', wanIf: 'eth0', wan: '203.0.113.4/24' });
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
  assert.equal(p.servers.find((s) => s.node === 's6'), { node: 's6', router: 'r3', ifname: 'eth0', mac: derivedMac(3, 2) });
});
plan('only home routers do NAT, on their WAN; the internet and home routers forward', async () => {
  const p = await samplePlan();
  assert.equal(p.nat, [{ node: 'h1', wan: 'wan', lan: 'lan' }, { node: 'h2', wan: 'wan', lan: 'lan' }]);
  assert.equal(renderSysctls(p, 'inet'), ['net.ipv4.ip_forward=1']);
  assert.equal(renderSysctls(p, 'r1'), []);
  assert.equal(renderSysctls(p, 's1'), ['net.ipv6.conf.eth0.accept_ra=2']);
});
plan('the git server is on its host, at the URL routers get', async () => {
  const p = await samplePlan();
  assert.equal(p.git, { node: 'git', address: '203.0.113.80', port: 8080, url: 'http://203.0.113.80:8080/topology.git' });
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
render('a node makes its bridges, enslaves ports, then addresses and the default route', async () => {
  const text = renderNodeLinks(await samplePlan(), 'h2');
  const lines = text.trim().split('\n');
  assert.equal(lines, [
    'link set lo up', 'link add lan type bridge mcast_snooping 0', 'link set r2 master lan', 'link set r3 master lan',
    'link set lan up', 'link set wan up', 'link set r2 up', 'link set r3 up',
    'addr add 192.168.2.1/24 dev lan', 'addr add 192.0.2.2/24 dev wan', 'route add default via 192.0.2.254',
  ]);
});
render('the NAT masquerades on the WAN and lets in only replies', () => {
  const nft = renderHomeNat({ node: 'h1', wan: 'wan', lan: 'lan' });
  assert.match(nft, 'oifname "wan" masquerade');
  assert.match(nft, 'ct state established,related accept\n    iifname "wan" drop');
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
