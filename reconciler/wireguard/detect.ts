/**
 * The probe behind `wireguard: auto` (choice.ts), run once when the agent starts. The kernel is
 * asked to create a WireGuard interface (which also loads the module on demand, through its
 * `rtnl-link-wireguard` alias) inside a network namespace of its own, made for the probe and gone
 * with it, so nothing is left behind even if dlan is killed mid-probe. Where namespaces cannot be
 * made (no CAP_SYS_ADMIN), the interface is made under a fixed name in the router's namespace and
 * deleted at once; a leftover of a killed probe is deleted by the next one.
 */
import type { Host } from '../host.js';
import { chooseWireguard, type WireguardChoice, type WireguardProbe, type WireguardSetting } from './choice.js';

export const PROBE_IFNAME = 'dlan-wgprobe';

async function tryKernel(host: Host): Promise<{ ok: boolean; error?: string }> {
  const ns = await host.run('unshare', ['--net', '--', 'ip', 'link', 'add', PROBE_IFNAME, 'type', 'wireguard']);
  if (ns.code === 0) return { ok: true };
  // ip's own failure (exit 2, "Error: …") answers the question; unshare's does not.
  if (/^Error: /m.test(ns.stderr)) return { ok: false, error: ns.stderr.trim() };
  await host.run('ip', ['link', 'del', 'dev', PROBE_IFNAME]);
  const here = await host.run('ip', ['link', 'add', PROBE_IFNAME, 'type', 'wireguard']);
  if (here.code !== 0) return { ok: false, error: here.stderr.trim() };
  await host.run('ip', ['link', 'del', 'dev', PROBE_IFNAME], { check: true });
  return { ok: true };
}

export async function probeWireguard(host: Host): Promise<WireguardProbe> {
  const kernel = await tryKernel(host); // first: it may load the module
  const [mod, go] = await Promise.all([
    host.run('test', ['-d', '/sys/module/wireguard']),
    host.run('sh', ['-c', 'command -v wireguard-go']),
  ]);
  return { kernel: kernel.ok, ...(kernel.error && { kernelError: kernel.error }), moduleLoaded: mod.code === 0, wireguardGo: go.code === 0 };
}

export async function detectWireguard(host: Host, setting: WireguardSetting): Promise<WireguardChoice> {
  // userspace needs no kernel probe, but the probe is cheap and says whether wireguard-go is there.
  return chooseWireguard(setting, await probeWireguard(host));
}
