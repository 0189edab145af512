/**
 * sysctl (sysctl.d(5)): `/etc/sysctl.d/90-dlan.conf`, applied with `sysctl -p FILE`.
 * - IPv4 and IPv6 forwarding: the router routes between LAN, WAN and the overlay.
 * - accept_ra = 2 on the WAN: with forwarding on, the kernel ignores router advertisements
 *   unless told otherwise, and the WAN would lose its IPv6 default route.
 * - rp_filter = 2 (loose): OSPF may route the two directions of a flow over different links
 *   (ECMP, failover); strict reverse-path filtering would drop such packets.
 * Keys naming an interface use `/` separators, so interface names with dots (eth0.100) work.
 */
import type { Rendered } from './rendered.js';
import type { RouterSlice } from '../model/slice.js';
import { banner, lines } from './text.js';

export const SYSCTL_PATH = '/etc/sysctl.d/90-dlan.conf';

export function sysctlConfig(s: RouterSlice): string {
  return lines(
    banner('#', 'kernel settings', s.router.name),
    'net.ipv4.ip_forward = 1',
    'net.ipv6.conf.all.forwarding = 1',
    `net/ipv6/conf/${s.router.wan.interface}/accept_ra = 2`,
    'net.ipv4.conf.all.rp_filter = 2',
    'net.ipv4.conf.default.rp_filter = 2',
  );
}

export function renderSysctl(s: RouterSlice): Rendered {
  return {
    files: [{ path: SYSCTL_PATH, content: sysctlConfig(s), mode: 0o644, service: 'sysctl' }],
    services: [{ name: 'sysctl', onChange: 'sysctl-apply', daemon: false }],
  };
}
