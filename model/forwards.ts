/**
 * Port forwards per exposing router: every forward of every service listed in its `exposeOn`,
 * with the backends resolved to addresses (a static host's IPv4 address when it has one, else
 * its IPv6 one). Built once per topology: `slice` reads one router's list, the network model
 * all of them.
 */
import { parseAddress } from './ip.js';
import type { Topology } from './model.js';

export interface ForwardSlice {
  readonly service: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly to: number;
  readonly proxyProtocol: boolean;
  /** Sorted; each has the IPv4 address when known, else the IPv6 one. */
  readonly backends: readonly { readonly name: string; readonly address: string }[];
}

export type HostAddresses = ReadonlyMap<string, { readonly ipv4?: string; readonly ipv6?: string }>;

export function staticHosts(t: Topology): HostAddresses {
  const hosts = new Map<string, { ipv4?: string; ipv6?: string }>();
  for (const r of t.routers) for (const h of r.lan?.hosts ?? []) hosts.set(h.name, { ipv4: h.ipv4, ipv6: h.ipv6 });
  return hosts;
}

/** Router name → its forwards, sorted by protocol and port. Routers exposing nothing are absent. */
export function forwardsByRouter(t: Topology, hosts: HostAddresses = staticHosts(t)): ReadonlyMap<string, readonly ForwardSlice[]> {
  const out = new Map<string, ForwardSlice[]>();
  for (const s of t.services) {
    const backends = s.backends.map((b) => {
      if (parseAddress(b)) return { name: b, address: b };
      const h = hosts.get(b);
      return { name: b, address: h?.ipv4 ?? h?.ipv6 ?? b };
    }).sort((a, b) => a.name.localeCompare(b.name));
    for (const router of new Set(s.exposeOn)) {
      const list = out.get(router) ?? [];
      for (const f of s.forwards) {
        list.push({
          service: s.name, port: f.port, protocol: f.protocol ?? 'tcp', to: f.to ?? f.port,
          proxyProtocol: f.proxyProtocol ?? false, backends,
        });
      }
      out.set(router, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
  return out;
}
