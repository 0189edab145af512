/**
 * `ip -j -d addr show` (iproute2's JSON: link details and addresses in one call) → links and
 * VXLANs. Pure. IPv6 addresses are normalised to RFC 5952 (as the address plan writes them).
 */
import { formatIPv6, parseIPv6 } from '../../model/ip.js';
import type { LiveLink, LiveVxlan } from '../plan/live-state.js';

interface IpAddrInfo { family?: string; local?: string; prefixlen?: number; scope?: string }
interface IpLink {
  ifname?: string; flags?: string[]; mtu?: number;
  linkinfo?: { info_kind?: string; info_data?: { id?: number; local?: string; remote?: string; link?: string; port?: number } };
  addr_info?: IpAddrInfo[];
}

export function normalizeAddress(addr: string): string {
  if (!addr.includes(':')) return addr;
  const v = parseIPv6(addr);
  return v === undefined ? addr : formatIPv6(v);
}

const globalAddresses = (infos: readonly IpAddrInfo[] | undefined): string[] =>
  (infos ?? [])
    .filter((a) => a.local && a.prefixlen !== undefined && a.scope !== 'host' && a.scope !== 'link')
    .map((a) => `${normalizeAddress(a.local!)}/${a.prefixlen}`)
    .sort();

export interface ParsedLinks {
  readonly links: LiveLink[];
  readonly vxlans: LiveVxlan[];
}

export function parseIpAddrDetails(json: string): ParsedLinks {
  const raw = JSON.parse(json) as IpLink[];
  const links: LiveLink[] = [];
  const vxlans: LiveVxlan[] = [];
  for (const l of raw) {
    if (!l.ifname) continue;
    const up = (l.flags ?? []).includes('UP');
    const mtu = l.mtu ?? 0;
    const addresses = globalAddresses(l.addr_info);
    const kind = l.linkinfo?.info_kind ?? '';
    links.push({ ifname: l.ifname, kind, up, mtu, addresses });
    const d = l.linkinfo?.info_data;
    if (kind === 'vxlan' && d) {
      vxlans.push({
        ifname: l.ifname, vni: d.id ?? 0,
        ...(d.local ? { local: normalizeAddress(d.local) } : {}),
        ...(d.remote ? { remote: normalizeAddress(d.remote) } : {}),
        dstPort: d.port ?? 0, ...(d.link ? { dev: d.link } : {}), mtu, up, addresses,
      });
    }
  }
  const byName = (a: { ifname: string }, b: { ifname: string }): number => (a.ifname < b.ifname ? -1 : a.ifname > b.ifname ? 1 : 0);
  return { links: links.sort(byName), vxlans: vxlans.sort(byName) };
}
