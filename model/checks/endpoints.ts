/**
 * Endpoints (`host:port`) as WireGuard will use them: a port in range, an IPv4 address, an IPv6
 * address in brackets, or a DNS name; and never an address inside the overlay, which the
 * tunnel itself carries (WireGuard's own packets would be routed into the tunnel). A router's
 * public endpoints (one, or a list) are at most one per address family; ports that differ are a
 * warning, since WireGuard listens on one.
 */
import { contains, parseIPv4, parseIPv6, parsePrefix } from '../ip.js';
import type { FieldPath } from '../diagnostic.js';
import { endpointFamily, endpointsOf, splitEndpoint } from '../model.js';
import type { Check } from './context.js';

/** RFC 1123 host name: dot-separated labels of letters, digits and dashes, 1-63 each, 253 in all. */
export function isHostName(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  return s.replace(/\.$/, '').split('.').every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
}

export const checkEndpoints: Check = ({ topology, report, networkFile }) => {
  const overlay = [parsePrefix(topology.network.overlay.ipv4), parsePrefix(topology.network.overlay.ipv6)];
  for (const r of topology.routers) {
    const endpoints = endpointsOf(r);
    const all: [FieldPath, string][] = [
      ...endpoints.map((ep, i): [FieldPath, string] => [typeof r.endpoint === 'string' ? ['endpoint'] : ['endpoint', i], ep]),
      ...(r.siteEndpoint !== undefined ? [[['siteEndpoint'], r.siteEndpoint] as [FieldPath, string]] : []),
    ];
    for (const [field, ep] of all) {
      const { host, port } = splitEndpoint(ep);
      if (!(port >= 1 && port <= 65535)) report.error('BadEndpoint', r.file, field, `port ${port} is out of range 1-65535`);
      let address: { family: 4 | 6; value: bigint } | undefined;
      if (ep.startsWith('[')) {
        const v6 = parseIPv6(host);
        if (v6 === undefined) report.error('BadEndpoint', r.file, field, `${host} is not an IPv6 address (write it like [2001:db8::10]:51820)`);
        else address = { family: 6, value: v6 };
      } else if (/^[0-9.]+$/.test(host)) {
        const v4 = parseIPv4(host);
        if (v4 === undefined) report.error('BadEndpoint', r.file, field, `${host} is not an IPv4 address (e.g. 203.0.113.10)`);
        else address = { family: 4, value: v4 };
      } else if (!isHostName(host)) {
        report.error('BadEndpoint', r.file, field, `${host} is not a valid host name (labels of letters, digits and dashes, at most 63 characters each)`);
      }
      if (address && overlay.some((p) => p && contains(p, address!))) {
        const which = address.family === 4 ? 'ipv4' : 'ipv6';
        report.error('EndpointInOverlay', r.file, field,
          `${host} is inside the overlay ${topology.network.overlay[which]}: WireGuard would send its own packets into the tunnel; use the router's address on its WAN or upstream LAN`,
          false, [report.place(networkFile, ['overlay', which], 'the overlay is defined here')]);
      }
    }
    const families = endpoints.map(endpointFamily);
    families.forEach((f, i) => {
      if (f !== undefined && families.indexOf(f) !== i) {
        report.error('DuplicateEndpointFamily', r.file, ['endpoint', i], `a second ${f === 'ipv4' ? 'IPv4' : 'IPv6'} endpoint: list at most one per address family (peers dial the first of a family they have)`);
      }
    });
    const ports = new Set(endpoints.map((ep) => splitEndpoint(ep).port));
    if (ports.size > 1 && r.siteEndpoint === undefined) {
      report.warning('EndpointPorts', r.file, ['endpoint'], `the endpoints name different ports; WireGuard listens on one, ${splitEndpoint(endpoints[0]!).port} (the first's): the others only work through a port forward`);
    }
  }
};
