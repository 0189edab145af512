/**
 * observeLive: read the router as it is, through a Host and a ServiceManager: one shell
 * (kernel.ts: `ip -j -d addr show` for links, VXLAN details and addresses together, `wg show IF
 * dump` when the interface exists, dlan's nftables table, forwarding), one `show ... json` on the
 * VTY socket of each FRR daemon that runs, and the files asked for with their mode. A failing
 * command throws (HostError): an observation that could not be made is not an empty one.
 */
import type { Host } from '../host.js';
import { commandFailed } from '../host/errors.js';
import type { DaemonStatus, ServiceManager } from '../services/types.js';
import { parseBfdPeers, parseOspf6Neighbors, parseOspfNeighbors } from './parse-frr.js';
import type { ParsedLinks } from './parse-ip.js';
import { parseWgDump } from './parse-wg.js';
import type { LiveFile, LiveFrr, LiveQuery, LiveState, LiveWireguard } from '../plan/live-state.js';
import { readKernel } from './kernel.js';
import { vtyShow } from './vty.js';

export async function readFiles(host: Host, paths: readonly string[]): Promise<LiveFile[]> {
  const files = await Promise.all(paths.map(async (path): Promise<LiveFile> => {
    const [content, stat] = await Promise.all([host.readFile(path), host.stat(path)]);
    return content === undefined ? { path } : { path, content, ...(stat ? { mode: stat.mode } : {}) };
  }));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The WireGuard interface (undefined when `ip` does not list it), from the one kernel shell (kernel.ts). */
export async function observeWireguard(host: Host, ifname: string): Promise<LiveWireguard | undefined> {
  const kernel = await readKernel(host, ifname);
  return wireguardFrom(ifname, kernel.links, kernel.wgDump);
}

/** The interface as `ip` and `wg show IF dump` describe it; undefined when `ip` does not list it. */
function wireguardFrom(ifname: string, links: ParsedLinks, dump: string | undefined): LiveWireguard | undefined {
  const link = links.links.find((l) => l.ifname === ifname);
  if (!link || dump === undefined) return undefined;
  const d = parseWgDump(dump);
  return {
    ifname, kind: link.kind, listenPort: d.listenPort, ...(d.publicKey ? { publicKey: d.publicKey } : {}),
    ...(d.fwmark !== undefined ? { fwmark: d.fwmark } : {}),
    up: link.up, mtu: link.mtu, addresses: link.addresses, peers: d.peers,
  };
}

/**
 * Neighbours and BFD sessions from the FRR daemons that run, asked on their VTY sockets (vty.ts):
 * at their path when FRR sees the agent's files (systemd), else through /proc/<pid>/root of one
 * of FRR's processes. Under systemd the hardened agent may not open another process's
 * /proc/<pid>/root (EACCES: ptrace access needs the target's capabilities), so that path is for
 * the process flavour only. Without any PID (a service manager that does not give one), vtysh
 * is run through the host instead (~30 ms of CPU per call).
 */
export async function readFrr(host: Host, status: DaemonStatus, pathspace?: string): Promise<LiveFrr | undefined> {
  if (!status.running && !status.parts?.some((p) => p.running)) return undefined;
  const runs = (d: string): boolean => status.parts === undefined || status.parts.some((p) => p.name === d && p.running);
  const pid = status.pid ?? status.parts?.find((p) => p.pid !== undefined)?.pid;
  // /run, not FRR's /var/run: that symlink is absolute, and an absolute link under /proc/PID/root
  // resolves in *our* mount namespace, not the daemon's.
  const dir = `/run/frr${pathspace ? `/${pathspace}` : ''}`;
  const ask = async (daemon: string, cmd: string): Promise<string> => {
    if (!runs(daemon)) return '';
    if (status.sameRoot) return vtyShow(`${dir}/${daemon}.vty`, cmd);
    if (pid !== undefined) return vtyShow(`/proc/${pid}/root${dir}/${daemon}.vty`, cmd);
    const r = await host.run('vtysh', [...(pathspace ? ['-N', pathspace] : []), '-d', daemon, '-c', cmd], { timeoutMs: 10_000 });
    if (r.code !== 0 && /is not running/.test(r.stderr)) return '';
    if (r.code !== 0) throw commandFailed(host.describe, 'vtysh', ['-d', daemon, '-c', cmd], r.code, r.signal, r.stderr);
    return r.stdout;
  };
  const [ospf, ospf6, bfd] = await Promise.all([
    ask('ospfd', 'show ip ospf neighbor json'),
    ask('ospf6d', 'show ipv6 ospf6 neighbor json'),
    ask('bfdd', 'show bfd peers json'),
  ]);
  return { ospf: parseOspfNeighbors(ospf), ospf6: parseOspf6Neighbors(ospf6), bfd: parseBfdPeers(bfd) };
}

export async function observeLive(host: Host, services: ServiceManager, q: LiveQuery): Promise<LiveState> {
  return (await observeRouter(host, services, q)).live;
}

/** observeLive, plus the kernel facts the planner also compares (dlan's nftables table, forwarding). */
export async function observeRouter(host: Host, services: ServiceManager, q: LiveQuery): Promise<{ live: LiveState; nftTable: boolean; forwarding: boolean }> {
  const [kernel, files, statuses] = await Promise.all([
    readKernel(host, q.wireguard),
    readFiles(host, q.files),
    Promise.all([...q.daemons].sort().map((d) => services.status(d))),
  ]);
  const { links } = kernel;
  const frrStatus = statuses.find((s) => s.name === 'frr');
  const wireguard = q.wireguard ? wireguardFrom(q.wireguard, links, kernel.wgDump) : undefined;
  const frr = q.frr && frrStatus ? await readFrr(host, frrStatus, q.frr.pathspace) : undefined;
  const addresses = [...q.interfaces].sort().map((ifname) => ({
    ifname, addresses: links.links.find((l) => l.ifname === ifname)?.addresses ?? [],
  }));
  const live: LiveState = {
    files, ...(wireguard ? { wireguard } : {}), vxlans: links.vxlans, addresses, links: links.links,
    services: statuses, ...(frr ? { frr } : {}),
  };
  return { live, nftTable: kernel.nftTable, forwarding: kernel.forwarding };
}
