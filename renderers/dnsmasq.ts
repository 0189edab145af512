/**
 * dnsmasq (2.89/2.90, dnsmasq(8)): DHCPv4, DHCPv6 and router advertisements on the LAN, DNS for
 * the router's own domain, forwarding of every other router's domain. One standalone file,
 * `/etc/dnsmasq.d/dlan.conf`: Debian's unit reads it from /etc/dnsmasq.d, and the process
 * service manager runs `dnsmasq --keep-in-foreground --conf-file=/etc/dnsmasq.d/dlan.conf`.
 *
 * Traps (each has a test in test/renderers/dnsmasq.test.ts):
 * - `stop-dns-rebind` (on, against DNS rebinding from upstream) silently empties answers that
 *   carry private addresses, which is every answer for another router's domain: the network's
 *   parent domain is listed in `rebind-domain-ok`, which covers every router's subdomain (one
 *   line instead of one per router: with a thousand routers the file is mostly forwards).
 * - Debian's init adds `--local-service`, which answers only clients on a directly connected
 *   subnet, so the other routers (which query our loopback over the overlay) would be refused.
 *   It has no effect once `interface=` or `listen-address=` is given, and we give both.
 * - `bind-dynamic`: the LAN and loopback addresses may appear after dnsmasq starts (dlan adds
 *   them in the same apply); `bind-interfaces` would miss them.
 * - SIGHUP re-reads only hosts and lease files, not this file: a change needs a restart.
 *
 * Answers for the own domain come from local data only (`local=/r1.lan/`, static leases,
 * `host-record`, DHCP client names via `dhcp-fqdn`), which is what makes it authoritative for
 * its clients; other routers ask it through `server=/r1.lan/<its loopback>`.
 */
import { ownRecords } from '../model/dns.js';
import { parsePrefix, reverseZone } from '../model/ip.js';
import { defaultRenderOptions, type RenderOptions } from './options.js';
import type { Rendered } from './rendered.js';
import type { RouterSlice } from '../model/slice.js';
import { banner, lines } from './text.js';

export const DNSMASQ_CONFIG_PATH = '/etc/dnsmasq.d/dlan.conf';

const v6 = (address: string): string => `[${address}]`;

function listening(s: RouterSlice): string[] {
  const lan = s.router.lan;
  return [
    '# Listen on the LAN and on the loopback addresses the other routers forward to (this also',
    "# voids Debian's --local-service), and on localhost for the router itself.",
    'bind-dynamic',
    ...(lan ? [`interface=${lan.interface}`] : []),
    `listen-address=${s.addresses.loopback4}`,
    `listen-address=${s.addresses.loopback6}`,
    'listen-address=127.0.0.1',
    'listen-address=::1',
  ];
}

/** The home page's name: every router answers it with its own LAN address (page/, docs/guide.md). */
export const pageName = (networkDomain: string): string => `dlan.${networkDomain}`;

/**
 * `dlan.<network domain>` → this router's LAN addresses. Each router's dnsmasq holds the record
 * for itself and no router forwards that name (only `r2.lan`-style domains go to their router),
 * so a LAN client, which asks its own router, always gets its own router's page. `host-record`
 * rather than `address=/dlan.lan/...`: an exact name (address= would also answer every
 * `*.dlan.lan`) with A and AAAA together, and a PTR naming the LAN address after the page.
 */
function pageRecord(s: RouterSlice): string[] {
  const lan = s.router.lan;
  const addrs = [lan?.ipv4?.address, lan?.ipv6?.address].filter((a) => a !== undefined);
  if (addrs.length === 0) return [];
  return [`# ${pageName(s.network.domain)}: the home page, on this router's LAN address.`, `host-record=${pageName(s.network.domain)},${addrs.join(',')}`];
}

function ownDomain(s: RouterSlice): string[] {
  const { domain } = s.router;
  const lan = s.router.lan;
  const reverse = [lan?.ipv4?.prefix, lan?.ipv6?.prefix].filter((p) => p !== undefined)
    .map((p) => `local=/${reverseZone(parsePrefix(p)!)}/`);
  return [
    `# ${domain} is answered from local data only, never forwarded.`,
    `domain=${domain}`,
    `local=/${domain}/`,
    ...reverse,
    ...ownRecords({ domain, loopback4: s.addresses.loopback4, loopback6: s.addresses.loopback6, hosts: lan?.hosts ?? [] })
      .map((r) => `host-record=${r.name},${r.addresses.join(',')}`),
    ...pageRecord(s),
  ];
}

/**
 * Where every other router's domain and LAN reverse zones go: its loopback, over the overlay.
 * One string per router (a thousand routers make a thousand lines per file, and a million in all).
 */
function otherDomains(s: RouterSlice): string[] {
  return s.domains.map((d) => {
    let block = `server=/${d.domain}/${d.server4}`;
    for (const p of d.reverse) block += `\nrev-server=${p},${d.server4}`;
    return block;
  });
}

function dhcp(s: RouterSlice, opts: RenderOptions): string[] {
  const lan = s.router.lan;
  if (!lan || (!lan.dhcp.range4 && !lan.dhcp.range6)) return [];
  const { range4, range6, lease } = lan.dhcp;
  const out = [
    '# DHCP on the LAN. dlan is the only DHCP server there.',
    'dhcp-authoritative',
    'dhcp-fqdn',
    `dhcp-leasefile=${opts.dhcpLeaseFile}`,
  ];
  if (range4 && lan.ipv4) out.push(`dhcp-range=${range4[0]},${range4[1]},${lease}`);
  if (range6 && lan.ipv6) {
    out.push(
      '# DHCPv6 from the pool and SLAAC (router advertisements with the A flag) on the same /64.',
      'enable-ra',
      `dhcp-range=${range6[0]},${range6[1]},slaac,${lan.ipv6.length},${lease}`,
    );
  }
  for (const h of lan.hosts) {
    const addrs = [h.ipv4, h.ipv6 && v6(h.ipv6)].filter((a) => a !== undefined);
    out.push(`dhcp-host=${[h.mac, h.name, ...addrs, lease].join(',')}`);
  }
  return out;
}

export function dnsmasqConfig(s: RouterSlice, opts: RenderOptions = defaultRenderOptions): string {
  const upstream = s.network.dns.upstream;
  const dhcpLines = dhcp(s, opts);
  return lines(
    banner('#', 'dnsmasq configuration', s.router.name),
    '',
    'no-hosts',
    'domain-needed',
    'bogus-priv',
    'stop-dns-rebind',
    '',
    listening(s),
    '',
    ownDomain(s),
    '',
    '# Every other router answers for its own domain and LAN reverse zones, over the overlay.',
    '# Their answers carry private addresses, which stop-dns-rebind would silently drop:',
    `# allow them for the whole network domain (${s.network.domain} and every router's subdomain).`,
    `rebind-domain-ok=/${s.network.domain}/`,
    otherDomains(s),
    '',
    upstream.length
      ? ['# Upstream resolvers for everything else.', 'no-resolv', ...upstream.map((u) => `server=${u}`)]
      : "# Upstream: the resolvers of the router's WAN (resolv.conf).",
    dhcpLines.length > 0 && ['', ...dhcpLines],
  );
}

export function renderDnsmasq(s: RouterSlice, opts: RenderOptions = defaultRenderOptions): Rendered {
  return {
    files: [{ path: DNSMASQ_CONFIG_PATH, content: dnsmasqConfig(s, opts), mode: 0o644, service: 'dnsmasq' }],
    services: [{ name: 'dnsmasq', onChange: 'restart', daemon: true }],
  };
}
