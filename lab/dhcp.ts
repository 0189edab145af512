/**
 * The servers' DHCP clients: ISC dhclient, IPv4 (sends its host name, so dnsmasq makes a DNS
 * record) and DHCPv6 (sends its FQDN — dnsmasq only makes AAAA records for DHCPv6 leases that
 * carry one); SLAAC and the IPv6 default route come from the routers' RAs. Only the families
 * the server's LAN has: an IPv4-only LAN sends no RA and answers no DHCPv6, so a client or a
 * wait for them would never end. A separate step: servers only get addresses once the routers
 * run dnsmasq, so call it after the routers are up, and wait on the addresses with a deadline.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnInNode, type Lab } from './node.js';
import { run } from './run.js';
import type { ServerPlan } from './plan.js';
import { waitFor } from './wait.js';

export function renderDhclientConf(hostname: string): string {
  return [
    `# dhclient of lab server ${hostname} (written by dlan lab)`,
    'send host-name = gethostname();',
    `send fqdn.fqdn "${hostname}";`,
    'request subnet-mask, broadcast-address, time-offset, routers, domain-name, domain-name-servers,',
    '        domain-search, host-name, dhcp6.name-servers, dhcp6.domain-search, dhcp6.fqdn, interface-mtu;',
    '',
  ].join('\n');
}

interface IpAddr { family: string; local: string; prefixlen: number; scope: string; tentative?: boolean; dadfailed?: boolean }

/** The addresses on one interface of a node, from `ip -j addr`. */
export async function addressesOf(netns: string, dev: string): Promise<IpAddr[]> {
  const r = await run('ip', ['-n', netns, '-j', 'addr', 'show', 'dev', dev]);
  const [link] = JSON.parse(r.stdout) as { addr_info?: IpAddr[] }[];
  return link?.addr_info ?? [];
}

async function hasDefaultRoute(netns: string, family: '-4' | '-6'): Promise<boolean> {
  const r = await run('ip', ['-n', netns, family, '-j', 'route', 'show', 'default']);
  return (JSON.parse(r.stdout) as unknown[]).length > 0;
}

export interface ServerAddresses {
  readonly node: string;
  readonly mac: string;
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
  /** The DHCPv6 lease (a /128 among ipv6), if any. */
  readonly dhcp6?: string;
}

async function serverAddresses(lab: Lab, s: ServerPlan): Promise<ServerAddresses> {
  const netns = lab.plan.nodes.find((n) => n.name === s.node)!.netns;
  const addrs = (await addressesOf(netns, s.ifname)).filter((a) => a.scope === 'global' && !a.tentative);
  const dhcp6 = addrs.find((a) => a.family === 'inet6' && a.prefixlen === 128)?.local;
  return {
    node: s.node, mac: s.mac,
    ipv4: addrs.filter((a) => a.family === 'inet').map((a) => a.local),
    ipv6: addrs.filter((a) => a.family === 'inet6').map((a) => a.local),
    ...(dhcp6 && { dhcp6 }),
  };
}

export interface DhcpOptions {
  /** DHCPv6 (and the wait for its address and an IPv6 default route) where the LAN has IPv6. Default true. */
  readonly ipv6?: boolean;
  /** Deadline for every server to have its addresses. Default 30 s. */
  readonly timeoutMs?: number;
  /** Only these servers (default all). */
  readonly servers?: readonly string[];
  readonly signal?: AbortSignal;
}

/** Starts dhclient for each family of the server's LAN and waits until it has those addresses. */
export async function startDhcpClients(lab: Lab, opts: DhcpOptions = {}): Promise<ServerAddresses[]> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const servers = lab.plan.servers.filter((s) => !opts.servers || opts.servers.includes(s.node));
  return Promise.all(servers.map(async (s) => {
    const ipv4 = s.families.includes('ipv4');
    const ipv6 = s.families.includes('ipv6') && opts.ipv6 !== false;
    const netns = lab.plan.nodes.find((n) => n.name === s.node)!.netns;
    writeFileSync(join(lab.paths.nodeRoot(s.node), 'var/lib/dhcp/dhclient.conf'), renderDhclientConf(s.node));
    const common = ['-d', '-v', '-cf', '/var/lib/dhcp/dhclient.conf'];
    if (ipv4) await spawnInNode(lab, s.node, 'dhclient4', ['dhclient', '-4', ...common, '-lf', '/var/lib/dhcp/dhclient.leases', '-pf', '/run/dhclient.pid', s.ifname]);
    if (ipv6) {
      // dhclient -6 binds to the link-local address: it must have passed duplicate address detection.
      await waitFor(`${s.node}: link-local address`, async () =>
        (await addressesOf(netns, s.ifname)).some((a) => a.family === 'inet6' && a.scope === 'link' && !a.tentative), { timeoutMs, ...(opts.signal && { signal: opts.signal }) });
      await spawnInNode(lab, s.node, 'dhclient6', ['dhclient', '-6', ...common, '-lf', '/var/lib/dhcp/dhclient6.leases', '-pf', '/run/dhclient6.pid', s.ifname]);
    }
    // IPv6: the DHCPv6 lease (a /128, the address DNS and static leases name), not only the
    // SLAAC address, which the first RA gives before dnsmasq has answered DHCPv6.
    const what = [ipv4 && 'DHCP', ipv6 && 'DHCPv6 and RA'].filter(Boolean).join(', ');
    return waitFor(`${s.node} (on ${s.router}'s LAN) to get its addresses by ${what}`, async () => {
      const a = await serverAddresses(lab, s);
      const ok = (!ipv4 || (a.ipv4.length > 0 && (await hasDefaultRoute(netns, '-4'))))
        && (!ipv6 || (a.dhcp6 !== undefined && (await hasDefaultRoute(netns, '-6'))));
      return ok ? a : undefined;
    }, { timeoutMs, intervalMs: 100, ...(opts.signal && { signal: opts.signal }) });
  }));
}
