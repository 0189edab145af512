import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makePlan, type Plan } from '../../../reconciler/plan/plan.js';
import { planJson, renderPlan } from '../../../reconciler/plan/render-plan.js';
import { assertComplete } from '../../../reconciler/plan/guard.js';
import { emptyInventory, type Observed } from '../../../reconciler/plan/observed.js';
import { stepSubject } from '../../../reconciler/plan/steps.js';
import { assertPortsExist, missingPorts } from '../../../reconciler/plan/ports.js';
import { desiredState, inventoryOf, observedFrom, vx, withFile } from '../../support/desired.js';

const steps = (p: Plan) => p.steps.map((s) => `${s.kind} ${s.op} ${stepSubject(s)}`);
const base = desiredState();
const live = observedFrom(base);
const inv = inventoryOf(base);

const noop = suite('no change');
noop('a router that matches gets an empty plan', () => {
  const p = makePlan(base, live, inv);
  assert.equal(steps(p), []);
  assert.equal(p.summary, { add: 0, change: 0, destroy: 0 });
  assert.match(renderPlan(p), 'No changes. r1 matches the desired state.');
});
noop('a roamed WireGuard endpoint is not drift', () => {
  const roamed: Observed = { ...live, wireguard: { ...live.wireguard!, peers: live.wireguard!.peers.map((p) => ({ ...p, endpoint: '192.0.2.77:40000' })) } };
  assert.equal(steps(makePlan(base, roamed, inv)), []);
});
noop.run();

const change = suite('each change → exactly its steps');
change('nginx config: write it and reload nginx, nothing else', () => {
  const p = makePlan(withFile(base, '/etc/nginx/dlan.conf', 'stream { server { listen 443; } }\n'), live, inv);
  assert.equal(steps(p), ['file update /etc/nginx/dlan.conf', 'service reload nginx']);
  assert.equal(p.summary, { add: 0, change: 2, destroy: 0 });
});
change('dnsmasq config: restart (SIGHUP does not re-read the main config)', () => {
  assert.equal(steps(makePlan(withFile(base, '/etc/dnsmasq.d/dlan.conf', 'domain=r1.lan\nlocal=/r1.lan/\n'), live, inv)),
    ['file update /etc/dnsmasq.d/dlan.conf', 'service restart dnsmasq']);
});
change("frr.conf: incremental reload; FRR's daemons file: restart wins", () => {
  assert.equal(steps(makePlan(withFile(base, '/etc/frr/frr.conf', 'router ospf\n'), live, inv)), ['file update /etc/frr/frr.conf', 'service frr-reload frr']);
  const both = withFile(withFile(base, '/etc/frr/frr.conf', 'router ospf\n'), '/etc/frr/daemons', 'ospfd=yes\nbfdd=yes\n');
  assert.equal(steps(makePlan(both, live, inv)), ['file update /etc/frr/daemons', 'file update /etc/frr/frr.conf', 'service restart frr']);
});
change('a new peer: WireGuard peers synced, one link created with its address, no other link touched', () => {
  const d = withFile({ ...base, vxlans: [vx(4), vx(5)], wireguard: { ...base.wireguard, peers: [...base.wireguard.peers, { name: 'r5', publicKey: 'K5', allowedIps: ['10.255.64.5/32'] }] } },
    '/etc/dlan/wg-dlan.conf', '[Interface]\nListenPort = 51820\n[Peer]\n');
  assert.equal(steps(makePlan(d, live, inv)), [
    'file update /etc/dlan/wg-dlan.conf', 'service wg-sync wireguard', 'vxlan create dl5', 'address add 10.255.128.10/31 on dl5',
  ]);
});
change('a removed peer: its link goes last, its address with it', () => {
  const two = { ...base, vxlans: [vx(4), vx(5)] };
  const p = makePlan(base, observedFrom(two), inventoryOf(two));
  assert.equal(steps(p), ['vxlan delete dl5']);
  assert.equal(p.summary, { add: 0, change: 0, destroy: 1 });
});
change('an MTU change is made in place, never by recreating the link', () => {
  assert.equal(steps(makePlan({ ...base, vxlans: [vx(4, { mtu: 1400 })] }, live, inv)), ['vxlan update dl4']);
  const p = makePlan({ ...base, vxlans: [vx(4, { mtu: 1400 })] }, live, inv);
  assert.equal(p.steps[0]!.kind === 'vxlan' && p.steps[0]!.op === 'update' && p.steps[0]!.changes, ['mtu 1370 → 1400']);
});
change('a changed VNI recreates the link (delete before create)', () => {
  assert.equal(steps(makePlan({ ...base, vxlans: [vx(4, { vni: 99 })] }, live, inv)),
    ['vxlan delete dl4', 'vxlan create dl4', 'address add 10.255.128.8/31 on dl4']);
});
change('a stopped daemon is started, not reloaded', () => {
  const down: Observed = { ...live, running: new Set([...live.running].filter((s) => s !== 'dnsmasq')) };
  assert.equal(steps(makePlan(withFile(base, '/etc/dnsmasq.d/dlan.conf', 'x\n'), down, inv)), ['file update /etc/dnsmasq.d/dlan.conf', 'service start dnsmasq']);
});
change('first apply on an empty router: everything created, in dependency order', () => {
  const empty: Observed = { files: new Map(), vxlans: [], addresses: new Map(), running: new Set(), links: new Map() };
  const p = makePlan(base, empty, emptyInventory);
  const order = steps(p);
  assert.is(order.filter((s) => s.startsWith('file create')).length, base.files.length);
  const at = (x: string) => order.indexOf(x);
  assert.ok(at('service sysctl-apply sysctl') < at('wireguard create wg-dlan'));
  assert.ok(at('wireguard create wg-dlan') < at('vxlan create dl4'));
  assert.ok(at('vxlan create dl4') < at('address add 10.255.128.8/31 on dl4'));
  assert.ok(at('address add 10.1.0.1/24 on eth1') < at('service start dnsmasq'));
  assert.ok(at('service nft-apply nftables') >= 0 && at('service start frr') > at('vxlan create dl4'));
});
change('after an interrupted apply, the actions it meant to run come again although the files match', () => {
  const p = makePlan(base, live, inv, { interrupted: ['nginx', 'nftables', 'wireguard'] });
  assert.equal(steps(p), ['service wg-sync wireguard', 'service nft-apply nftables', 'service reload nginx']);
  assert.ok(p.steps.every((s) => s.kind === 'service' && s.reason === 'an interrupted apply may not have applied it'));
  assert.equal(steps(makePlan(withFile(base, '/etc/nginx/dlan.conf', 'x\n'), live, inv, { interrupted: ['nginx'] })),
    ['file update /etc/nginx/dlan.conf', 'service reload nginx']);
});
change.run();

const own = suite('inventory');
own('never removes a file, link or address dlan did not make', () => {
  const foreign: Observed = {
    ...live,
    files: new Map([...live.files, ['/etc/nginx/sites-enabled/default', { content: 'x', mode: 0o644 }]]),
    vxlans: [...live.vxlans, { ifname: 'vxlan-other', up: true, vni: 7, mtu: 1450, addresses: [] }],
    addresses: new Map([...live.addresses, ['eth1', ['10.1.0.1/24', '192.168.50.2/24']]]),
  };
  assert.equal(steps(makePlan(base, foreign, inv)), []);
});
own('removes what dlan made and no longer wants: a service file, the daemon stopped', () => {
  const d = { ...base, files: base.files.filter((f) => f.service !== 'nginx'), services: base.services.filter((s) => s.name !== 'nginx') };
  const p = makePlan(d, live, inv);
  assert.equal(steps(p), ['service stop nginx', 'file delete /etc/nginx/dlan.conf']);
  assert.not.ok(p.inventory.files.includes('/etc/nginx/dlan.conf'));
});
own.run();

const safety = suite('safety');
safety('an empty or partial render is refused before planning', () => {
  for (const d of [{ ...base, files: [] }, { ...base, files: base.files.filter((f) => f.service !== 'frr') }]) {
    try {
      assertComplete(d);
      assert.unreachable();
    } catch (e) {
      assert.is((e as { code: string }).code, 'PartialRender');
      assert.is((e as { kind: string }).kind, 'Stalled');
    }
  }
  assertComplete(base);
});
safety('diffs never show a private key, whatever the file holds', () => {
  const p = makePlan(withFile(base, '/etc/dlan/wg-dlan.conf', '[Interface]\nPrivateKey = c2VjcmV0\n'), live, inv);
  const text = renderPlan(p) + JSON.stringify(planJson(p));
  assert.not.match(text, 'c2VjcmV0');
  assert.match(text, 'PrivateKey = (redacted)');
});
safety('the plan records its basis: the commit and a digest of what was observed', () => {
  const p = makePlan(base, live, inv, { commit: 'a'.repeat(40) });
  assert.is(p.basedOn.commit, 'a'.repeat(40));
  const q = makePlan(base, { ...live, running: new Set() }, inv);
  assert.is.not(p.basedOn.liveDigest, q.basedOn.liveDigest);
});
safety.run();

const render = suite('renderPlan');
render('reads like terraform plan: signs, diffs, a summary line', () => {
  const text = renderPlan(makePlan(withFile(base, '/etc/nginx/dlan.conf', 'stream { }\n'), live, inv, { commit: '1a2b3c4d5e' }));
  assert.fixture(text, [
    'dlan will make these changes on r1 for commit 1a2b3c4:',
    '',
    '  ~ file /etc/nginx/dlan.conf (nginx)',
    '      @@ -1,1 +1,1 @@',
    '      -stream {}',
    '      +stream { }',
    '  ~ service nginx: reload (configuration changed)',
    '',
    'Plan: 0 to add, 2 to change, 0 to destroy.',
    '',
  ].join('\n'));
});
render.run();

const wgImpl = suite('the WireGuard implementation');
wgImpl('a kernel router creates its interface as a kernel link; the plan says which', () => {
  const empty: Observed = { files: new Map(), vxlans: [], addresses: new Map(), running: new Set(), links: new Map() };
  const p = makePlan(base, empty, emptyInventory, { wireguard: 'kernel' });
  const create = p.steps.find((s) => s.kind === 'wireguard');
  assert.equal(create && create.op === 'create' && [create.implementation, create.changes], ['kernel', ['create']]);
  assert.match(renderPlan(p), '+ wireguard wg-dlan (kernel): create');
  assert.match(JSON.stringify(planJson(p)), '"implementation":"kernel"');
  assert.match(renderPlan(makePlan(base, empty, emptyInventory)), '+ wireguard wg-dlan (userspace): create');
});
wgImpl('a live interface of the same implementation is left alone', () => {
  const kernelLive: Observed = { ...live, wireguard: { ...live.wireguard!, implementation: 'kernel' } };
  assert.equal(steps(makePlan(base, kernelLive, inv, { wireguard: 'kernel' })), []);
});
wgImpl('switching implementation replaces the interface and remakes the links and addresses the kernel removes with it', () => {
  const goLive: Observed = { ...live, wireguard: { ...live.wireguard!, implementation: 'userspace' } };
  const p = makePlan(base, goLive, inv, { wireguard: 'kernel' });
  assert.equal(steps(p), [
    'wireguard delete wg-dlan', 'wireguard create wg-dlan', 'service wg-sync wireguard', 'vxlan create dl4',
    'address add 10.255.64.1/32 on wg-dlan', 'address add 10.255.128.8/31 on dl4',
  ]);
  assert.match(renderPlan(p), '- wireguard wg-dlan (userspace)');
  assert.match(renderPlan(p), '+ wireguard wg-dlan (kernel): replace userspace with kernel');
});
wgImpl.run();

const ports = suite('ports of the router file');
const withPorts = desiredState({ ports: [
  { ifname: 'eth0', role: 'wan', file: 'routers/r1.yaml', field: 'wan.interface', up: false },
  { ifname: 'eth1', role: 'lan', file: 'routers/r1.yaml', field: 'lan.interface', up: true },
] });
const portsLive = observedFrom(withPorts);
const linksWith = (changes: Record<string, { up: boolean } | undefined>): Observed => {
  const links = new Map(portsLive.links);
  for (const [k, v] of Object.entries(changes)) { if (v) links.set(k, v); else links.delete(k); }
  return { ...portsLive, links };
};
ports('a LAN port that is down is set up; a WAN port that is down is left to its own manager', () => {
  const p = makePlan(withPorts, linksWith({ eth0: { up: false }, eth1: { up: false } }), inventoryOf(withPorts));
  assert.equal(steps(p), ['link up eth1']);
  assert.match(renderPlan(p), '~ link eth1: up (lan.interface)');
  assert.equal(steps(makePlan(withPorts, portsLive, inventoryOf(withPorts))), []);
});
ports('a missing port is InterfaceMissing naming the router file, the field and what there is', () => {
  const live = linksWith({ eth1: undefined });
  assert.equal(missingPorts(withPorts, live).map((p) => p.field), ['lan.interface']);
  try {
    assertPortsExist(withPorts, live);
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code?: string }).code, 'InterfaceMissing');
    assert.match((e as Error).message, 'routers/r1.yaml: lan.interface: eth1 does not exist on this router (it has: dl4, eth0, lo, wg-dlan). Nothing was changed.');
  }
  assertPortsExist(withPorts, portsLive);
  assertPortsExist(desiredState(), linksWith({ eth1: undefined })); // a state saved before ports were rendered checks nothing
});
ports.run();
