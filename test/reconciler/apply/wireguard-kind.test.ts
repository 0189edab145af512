/**
 * Apply's WireGuard branches on real links in a network namespace. This kernel has no WireGuard,
 * so the one command it cannot run, `ip link add dev wg-dlan type wireguard`, is stood in for by
 * starting wireguard-go on that name (a WireGuard interface `wg` and `ip` drive the same way);
 * every other command of the kernel branch runs for real, and the recorded commands show what a
 * kernel router runs. The service manager is the real process flavour.
 */
import { execFileSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { executePlan } from '../../../reconciler/apply/execute.js';
import { observe } from '../../../reconciler/apply/observe-router.js';
import { makeLogger } from '../../../reconciler/log.js';
import { emptyInventory } from '../../../reconciler/plan/observed.js';
import { makePlan } from '../../../reconciler/plan/plan.js';
import { stepSubject } from '../../../reconciler/plan/steps.js';
import { processServices } from '../../../reconciler/services/index.js';
import type { DesiredState } from '../../../renderers/state.js';
import { desiredState, vx } from '../../support/desired.js';
import { interceptHost } from '../../support/intercept-host.js';
import { makeNode, nodeName, removeNode, type NodeNs } from '../../support/ns-node.js';

const KERNEL_ADD = 'ip link add dev wg-dlan type wireguard';
const log = makeLogger({ format: 'json', write: () => undefined, now: () => new Date() });

function wireguardOnly(): DesiredState {
  const peerKey = execFileSync('sh', ['-c', 'wg genkey | wg pubkey']).toString().trim();
  const d = desiredState();
  const wireguard = { ...d.wireguard, peers: [{ ...d.wireguard.peers[0]!, publicKey: peerKey }] };
  return {
    ...d, wireguard, vxlans: [vx(4)], addresses: [],
    files: [{ path: '/etc/dlan/wg-dlan.conf', mode: 0o600, service: 'wireguard',
      content: `[Interface]\nListenPort = 51820\n\n[Peer]\nPublicKey = ${peerKey}\nAllowedIPs = 10.255.64.4/32\nEndpoint = 203.0.113.4:51820\nPersistentKeepalive = 25\n` },
    { path: '/etc/sysctl.d/90-dlan.conf', mode: 0o644, service: 'sysctl', content: 'net.ipv4.ip_forward = 1\n' }],
    services: [{ name: 'sysctl', onChange: 'sysctl-apply', daemon: false }, { name: 'wireguard', onChange: 'wg-sync', daemon: false }],
  };
}

type Ctx = { node: NodeNs; desired: DesiredState };
const kind = suite<Ctx>('apply: kernel and userspace WireGuard (real links)');
kind.before(async (ctx) => {
  ctx.node = await makeNode(nodeName('dlk', 'w'), { binds: ['/etc/dlan', '/etc/sysctl.d'] });
  ctx.desired = wireguardOnly();
  await ctx.node.host.writeFileAtomic('/etc/dlan/wireguard.key', execFileSync('wg', ['genkey']).toString(), 0o600);
});
kind.after(async (ctx) => { if (ctx.node) await removeNode(ctx.node); });

const wgShow = async (node: NodeNs, what: string): Promise<string> => (await node.host.run('wg', ['show', 'wg-dlan', what], { check: true })).stdout.trim();

kind('userspace: wireguard-go started by the service manager, then configured; observed as userspace', async ({ node, desired }) => {
  const host = interceptHost(node.host);
  const services = processServices({ host });
  const { observed } = await observe({ host: node.host, services }, desired, emptyInventory);
  const plan = makePlan(desired, observed, emptyInventory, { wireguard: 'userspace' });
  await executePlan(plan, desired, { host, services, log });
  assert.ok(host.calls.some((c) => /^sh -c setsid wireguard-go -f/.test(c)), host.calls.join('\n'));
  assert.not.ok(host.calls.includes(KERNEL_ADD));
  assert.is(await wgShow(node, 'listen-port'), '51820');
  assert.is((await services.status('wireguard')).running, true);
  const again = await observe({ host: node.host, services }, desired, plan.inventory);
  assert.is(again.observed.wireguard?.implementation, 'userspace');
  assert.equal(makePlan(desired, again.observed, plan.inventory, { wireguard: 'userspace' }).steps, []);
});

kind('switching to kernel: wireguard-go stopped, `ip link add … type wireguard`, the same wg/ip commands, links remade', async ({ node, desired }) => {
  const services = processServices({ host: node.host });
  const inventory = makePlan(desired, { files: new Map(), vxlans: [], addresses: new Map(), running: new Set(), links: new Map() }, emptyInventory).inventory;
  const { observed } = await observe({ host: node.host, services }, desired, inventory);
  const plan = makePlan(desired, observed, inventory, { wireguard: 'kernel' });
  assert.equal(plan.steps.map((s) => `${s.kind} ${s.op} ${stepSubject(s)}`), [
    'wireguard delete wg-dlan', 'wireguard create wg-dlan', 'service wg-sync wireguard', 'vxlan create dl4',
    'address add 10.255.64.1/32 on wg-dlan', 'address add 10.255.128.8/31 on dl4',
  ]);
  const host = interceptHost(node.host, async (cmd, args) => {
    if ([cmd, ...args].join(' ') !== KERNEL_ADD) return undefined;
    return node.host.run('wireguard-go', ['wg-dlan']); // the stand-in: this kernel cannot
  });
  // The kernel branch does not go through the service manager to make the interface.
  await executePlan(plan, desired, { host, services, log });
  const wgCalls = host.calls.filter((c) => /^(ip link|wg |sh -c setsid)/.test(c)).map((c) => c.replace(/private-key \S+/, 'private-key KEY'));
  assert.equal(wgCalls, [
    'ip link show dev wg-dlan',
    KERNEL_ADD,
    'wg set wg-dlan listen-port 51820 private-key KEY',
    'ip link set dev wg-dlan mtu 1420 up',
    'ip link add dl4 type vxlan id 4100 local 10.255.64.1 remote 10.255.64.4 dstport 4789 dev wg-dlan nolearning',
    'ip link set dev dl4 mtu 1370 up',
  ]);
  assert.is((await services.status('wireguard')).running, false, 'the supervised wireguard-go was stopped');
  assert.is(await wgShow(node, 'listen-port'), '51820');
  assert.match(await wgShow(node, 'peers'), desired.wireguard.peers[0]!.publicKey);
  const dl4 = (await node.host.run('ip', ['-d', 'link', 'show', 'dev', 'dl4'], { check: true })).stdout;
  assert.match(dl4, 'vxlan id 4100');
  assert.match((await node.host.run('ip', ['addr', 'show', 'dev', 'dl4'], { check: true })).stdout, '10.255.128.8/31');
});
kind.run();
