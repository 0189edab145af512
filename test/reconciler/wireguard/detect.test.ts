/**
 * The probe for real, in a network namespace of this machine, whose kernel has no WireGuard
 * (what the nspawn routers and CI see too): auto falls back to wireguard-go, kernel is refused,
 * and the probe leaves no link behind. Where the kernel has WireGuard, the first case says so.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { detectWireguard, probeWireguard, PROBE_IFNAME } from '../../../reconciler/wireguard/index.js';
import { interceptHost } from '../../support/intercept-host.js';
import { makeNode, nodeName, removeNode, type NodeNs } from '../../support/ns-node.js';

const links = async (node: NodeNs): Promise<string[]> =>
  (JSON.parse((await node.host.run('ip', ['-j', 'link', 'show'], { check: true })).stdout) as { ifname: string }[]).map((l) => l.ifname);

const probe = suite<{ node: NodeNs; kernel: boolean }>('probeWireguard (real, in a namespace)');
probe.before(async (ctx) => {
  ctx.node = await makeNode(nodeName('dlw', 'p'));
  ctx.kernel = (await ctx.node.host.run('unshare', ['--net', '--', 'ip', 'link', 'add', 'x', 'type', 'wireguard'])).code === 0;
});
probe.after(async (ctx) => { if (ctx.node) await removeNode(ctx.node); });

probe('this kernel: the probe agrees with ip, and leaves nothing behind', async ({ node, kernel }) => {
  const before = await links(node);
  const p = await probeWireguard(node.host);
  assert.is(p.kernel, kernel);
  if (!kernel) assert.match(p.kernelError ?? '', 'Unknown device type');
  assert.is(p.wireguardGo, true, 'wireguard-go is installed on this machine');
  assert.equal(await links(node), before);
});
probe('auto falls back to wireguard-go where the kernel has none; kernel is refused with the fix', async ({ node, kernel }) => {
  if (kernel) return; // (this kernel has WireGuard: the fallback cannot be seen here)
  const auto = await detectWireguard(node.host, 'auto');
  assert.equal([auto.implementation, auto.problem], ['userspace', undefined]);
  assert.match(auto.reason, 'auto: no WireGuard in this kernel');
  const k = await detectWireguard(node.host, 'kernel');
  assert.is(k.problem?.code, 'KernelWireguardMissing');
  assert.match(k.problem!.fix, 'wireguard: userspace');
});
probe('without the right to make a namespace, the probe runs in place under a fixed name and removes it', async ({ node, kernel }) => {
  // A leftover of a probe killed half-way is removed first.
  await node.host.run('ip', ['link', 'add', PROBE_IFNAME, 'type', 'bridge'], { check: true });
  const host = interceptHost(node.host, (cmd) =>
    (cmd === 'unshare' ? { code: 1, stdout: '', stderr: 'unshare: unshare failed: Operation not permitted\n' } : undefined));
  const p = await probeWireguard(host);
  assert.is(p.kernel, kernel);
  assert.ok(host.calls.includes(`ip link add ${PROBE_IFNAME} type wireguard`), host.calls.join('\n'));
  assert.not.ok((await links(node)).includes(PROBE_IFNAME));
});
probe.run();
