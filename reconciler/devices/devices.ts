/**
 * One router's devices: its static leases (from the topology), dnsmasq's DHCPv4/DHCPv6 leases
 * and the LAN's neighbour table (SLAAC addresses from router advertisements never appear in a
 * lease file; the kernel sees them as neighbours), joined by MAC. Pure: `now` is an argument.
 *
 * Lease age: dnsmasq keeps only the expiry, so the age is the time since the client last got or
 * renewed its lease (expiry − lease time), which is what "connected since" means for a client
 * that stays: it renews at half the lease time (RFC 2131 §4.4.5).
 */
import type { Lease } from './leases.js';

export type DeviceSource = 'static' | 'dhcp4' | 'dhcp6' | 'slaac' | 'neighbour';

export interface Device {
  /** The static lease's name, else the hostname the client sent, else undefined. */
  readonly name?: string;
  readonly mac?: string;
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
  readonly router: string;
  readonly site?: string;
  /** A static lease in the router's file of the topology repo. */
  readonly static: boolean;
  /** Where its addresses were seen, sorted. */
  readonly sources: readonly DeviceSource[];
  /** Seconds since the last DHCP grant or renewal (newest of its leases); absent without a timed lease. */
  readonly leaseAgeS?: number;
  /** Seconds until its lease expires (the soonest of its leases). */
  readonly expiresInS?: number;
  /** Names the router's dnsmasq answers with its addresses (host-record or dhcp-fqdn). */
  readonly dnsNames: readonly string[];
}

export interface Neighbour {
  readonly address: string;
  readonly mac: string;
}

export interface DeviceInputs {
  readonly router: string;
  readonly site?: string;
  /** The router's DNS domain, e.g. r1.lan. */
  readonly domain: string;
  readonly hosts: readonly { readonly name: string; readonly mac: string; readonly ipv4?: string; readonly ipv6?: string }[];
  /** Seconds, from lan.dhcp.lease; undefined when infinite. */
  readonly leaseSeconds?: number;
  readonly leases: readonly Lease[];
  readonly neighbours: readonly Neighbour[];
  /** Unix seconds. */
  readonly now: number;
}

interface Building {
  name?: string;
  mac?: string;
  ipv4: Set<string>;
  ipv6: Set<string>;
  static: boolean;
  sources: Set<DeviceSource>;
  renewedAt?: number;
  expiry?: number;
  hostname?: string;
}

const isLinkLocal = (a: string) => /^fe[89ab][0-9a-f]:/i.test(a);
const byAddress = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export function routerDevices(d: DeviceInputs): Device[] {
  const byMac = new Map<string, Building>();
  const anonymous: Building[] = [];
  const get = (mac: string | undefined): Building => {
    const fresh = (): Building => ({ ...(mac && { mac }), ipv4: new Set(), ipv6: new Set(), static: false, sources: new Set() });
    if (mac === undefined) { const b = fresh(); anonymous.push(b); return b; }
    let b = byMac.get(mac);
    if (!b) byMac.set(mac, (b = fresh()));
    return b;
  };
  for (const h of d.hosts) {
    const b = get(h.mac.toLowerCase());
    b.name = h.name;
    b.static = true;
    b.sources.add('static');
    if (h.ipv4) b.ipv4.add(h.ipv4);
    if (h.ipv6) b.ipv6.add(h.ipv6);
  }
  for (const l of d.leases) {
    // A DHCPv6 lease of a client whose DUID holds no MAC joins a device by its hostname, or stands alone.
    const byName = l.mac === undefined && l.hostname !== undefined ? [...byMac.values()].find((b) => (b.name ?? b.hostname) === l.hostname) : undefined;
    const b = byName ?? get(l.mac);
    (l.family === 4 ? b.ipv4 : b.ipv6).add(l.address);
    b.sources.add(l.family === 4 ? 'dhcp4' : 'dhcp6');
    if (l.hostname && !b.hostname) b.hostname = l.hostname;
    if (l.expiry !== undefined) {
      b.expiry = Math.min(b.expiry ?? Infinity, l.expiry);
      if (d.leaseSeconds !== undefined) b.renewedAt = Math.max(b.renewedAt ?? -Infinity, l.expiry - d.leaseSeconds);
    }
  }
  for (const n of d.neighbours) {
    if (isLinkLocal(n.address)) continue;
    const mac = n.mac.toLowerCase();
    const known = byMac.get(mac);
    const b = known ?? get(mac);
    const v6 = n.address.includes(':');
    const set = v6 ? b.ipv6 : b.ipv4;
    if (set.has(n.address)) continue;
    set.add(n.address);
    b.sources.add(v6 && known ? 'slaac' : 'neighbour');
  }
  const devices = [...byMac.values(), ...anonymous].map((b): Device => {
    const name = b.name ?? b.hostname;
    const dnsNames = name !== undefined && (b.static || b.sources.has('dhcp4') || b.sources.has('dhcp6')) ? [`${name}.${d.domain}`] : [];
    return {
      ...(name !== undefined && { name }),
      ...(b.mac && { mac: b.mac }),
      ipv4: [...b.ipv4].sort(byAddress),
      ipv6: [...b.ipv6].sort(byAddress),
      router: d.router,
      ...(d.site !== undefined && { site: d.site }),
      static: b.static,
      sources: [...b.sources].sort(),
      ...(b.renewedAt !== undefined && { leaseAgeS: Math.max(0, d.now - b.renewedAt) }),
      ...(b.expiry !== undefined && { expiresInS: Math.max(0, b.expiry - d.now) }),
      dnsNames,
    };
  });
  return devices.sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') || (a.mac ?? '').localeCompare(b.mac ?? ''));
}
