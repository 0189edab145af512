/**
 * The servers behind the routers of the system test: a network namespace each, whose NIC is a
 * bridge (`eth0`, fixed MAC: the one its static lease names) with the router's cable as a port,
 * addressed by ISC dhclient from the router's dnsmasq, IPv4 and DHCPv6 (SLAAC and the IPv6
 * default route come from the router's RA). dhclient runs with a hook of ours that only sets
 * the address and the default route: Debian's dhclient-script would rewrite the host's
 * /etc/resolv.conf from a namespace that shares the host's files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../../lab/wait.js';
import { addBridge, addNetns, ipn } from './wiring.js';

export interface Server {
  readonly name: string;
  readonly netns: string;
  readonly mac: string;
  /** Where its DHCP leases, hook and logs are. */
  readonly dir: string;
  readonly processes: ChildProcess[];
}

/** The bridge that is the server's NIC; routers plug into it. */
export const SERVER_NIC = 'eth0';

const HOOK = `#!/bin/sh
# dhclient hook of the system test's servers: the leased address and the default route only.
case "$reason" in
BOUND|RENEW|REBIND|REBOOT)
  ip -4 addr replace "$new_ip_address/$new_subnet_mask" dev "$interface"
  if [ -n "$new_routers" ]; then ip -4 route replace default via "\${new_routers%% *}" dev "$interface"; fi ;;
BOUND6|RENEW6|REBIND6)
  ip -6 addr replace "$new_ip6_address/\${new_ip6_prefixlen:-128}" dev "$interface" ;;
esac
exit 0
`;

export async function addServer(netns: string, name: string, mac: string, dir: string): Promise<Server> {
  await addNetns(netns);
  await addBridge(netns, SERVER_NIC, { mac });
  return { name, netns, mac, dir, processes: [] };
}

interface IpAddr { family: string; local: string; prefixlen: number; scope: string; tentative?: boolean }

export async function addressesOf(netns: string, dev: string): Promise<IpAddr[]> {
  const [link] = JSON.parse((await ipn(netns, ['-j', 'addr', 'show', 'dev', dev])).stdout) as { addr_info?: IpAddr[] }[];
  return link?.addr_info ?? [];
}

export interface ServerAddresses {
  readonly ipv4: string;
  /** The DHCPv6 lease (its static one, when the router file names it). */
  readonly ipv6: string;
}

/** Starts dhclient -4 and -6 on the server's NIC; waits for both leases and both default routes. */
export async function startDhcp(s: Server, timeoutMs: number): Promise<ServerAddresses> {
  const hook = join(s.dir, `${s.name}-dhclient-hook.sh`);
  writeFileSync(hook, HOOK);
  chmodSync(hook, 0o755);
  const dhclient = (family: '-4' | '-6') => {
    const log = openSync(join(s.dir, `${s.name}-dhclient${family}.log`), 'a');
    try {
      const child = spawn('ip', ['netns', 'exec', s.netns, 'dhclient', family, '-d', '-v', '-sf', hook,
        '-lf', join(s.dir, `${s.name}${family}.leases`), '-pf', join(s.dir, `${s.name}${family}.pid`), SERVER_NIC],
      { stdio: ['ignore', log, log] });
      s.processes.push(child);
    } finally {
      closeSync(log);
    }
  };
  dhclient('-4');
  // dhclient -6 binds to the link-local address: it must have passed duplicate address detection.
  await waitFor(`${s.name}: a link-local address`, async () =>
    (await addressesOf(s.netns, SERVER_NIC)).some((a) => a.family === 'inet6' && a.scope === 'link' && !a.tentative), { timeoutMs });
  dhclient('-6');
  return waitFor(`${s.name}: addresses by DHCP and DHCPv6, default routes`, async () => {
    const addrs = (await addressesOf(s.netns, SERVER_NIC)).filter((a) => a.scope === 'global' && !a.tentative);
    const ipv4 = addrs.find((a) => a.family === 'inet')?.local;
    const ipv6 = addrs.find((a) => a.family === 'inet6' && a.prefixlen === 128)?.local;
    const routes = await Promise.all(['-4', '-6'].map(async (f) => JSON.parse((await ipn(s.netns, [f, '-j', 'route', 'show', 'default'])).stdout) as unknown[]));
    return ipv4 && ipv6 && routes.every((r) => r.length > 0) ? { ipv4, ipv6 } : undefined;
  }, { timeoutMs, intervalMs: 200 });
}

/** Ends the server's processes (by the PIDs it started). */
export async function stopServer(s: Server): Promise<void> {
  await Promise.all(s.processes.map((p) => new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  })));
}
