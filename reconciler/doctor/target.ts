/**
 * What the doctor checks the box against: this router's slice of the topology (when one is
 * known), the WireGuard chosen, the processes that are dlan's own, and the dates the clock must
 * not be before. `neededPorts` is pure.
 */
import type { RouterSlice } from '../../model/slice.js';
import { listenPort } from '../../renderers/wireguard.js';
import type { WireguardChoice } from '../wireguard/choice.js';
import { ANY } from './parse-ss.js';

export interface DoctorTarget {
  /** This router's part of the topology, and where it was read from (for messages). */
  readonly router?: { readonly slice: RouterSlice; readonly source: string };
  readonly wireguard: WireguardChoice;
  /** dlan's daemons that run now and their PIDs: their sockets are dlan's own. Asked when the ports are checked. */
  own(): Promise<OwnDaemons>;
  /** dlan's build time, the time of the commit it runs: a clock before them makes signatures look not yet valid. */
  readonly notBefore: readonly { readonly what: string; readonly at: Date }[];
}

export type PortDaemon = 'dnsmasq' | 'nginx' | 'wireguard';

export interface OwnDaemons {
  readonly pids: ReadonlySet<number>;
  readonly running: ReadonlySet<PortDaemon>;
}

export interface PortNeed {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  /** Which addresses dlan's daemon binds: a listener elsewhere does not collide ([ANY]: all). */
  readonly addresses: readonly string[];
  /** Who needs it, for people: `dnsmasq (DNS)`, `nginx (forward web)`. */
  readonly why: string;
  readonly daemon: PortDaemon;
  /** A port taken by another program is an error (needed now) or a warning (80/443 kept free for forwards to come). */
  readonly needed: boolean;
}

/**
 * The ports this router's daemons bind, as rendered: dnsmasq's DNS on its own addresses
 * (`bind-dynamic`, renderers/dnsmasq.ts) and DHCP on the wildcard, WireGuard's UDP port on the
 * wildcard, nginx on the wildcard for each forward; and 80/443, which web forwards use.
 */
export function neededPorts(s: RouterSlice): PortNeed[] {
  const lan = s.router.lan;
  const dns = ['127.0.0.1', '::1', s.addresses.loopback4, s.addresses.loopback6, ...[lan?.ipv4?.address, lan?.ipv6?.address].filter((a): a is string => a !== undefined)];
  const out: PortNeed[] = [
    { protocol: 'udp', port: 53, addresses: dns, why: 'dnsmasq (DNS)', daemon: 'dnsmasq', needed: true },
    { protocol: 'tcp', port: 53, addresses: dns, why: 'dnsmasq (DNS)', daemon: 'dnsmasq', needed: true },
    ...(lan?.dhcp.range4 ? [{ protocol: 'udp' as const, port: 67, addresses: [ANY], why: 'dnsmasq (DHCP)', daemon: 'dnsmasq' as const, needed: true }] : []),
    ...(lan?.dhcp.range6 ? [{ protocol: 'udp' as const, port: 547, addresses: [ANY], why: 'dnsmasq (DHCPv6)', daemon: 'dnsmasq' as const, needed: true }] : []),
    { protocol: 'udp', port: listenPort(s), addresses: [ANY], why: 'WireGuard', daemon: 'wireguard', needed: true },
    ...s.forwards.map((f) => ({ protocol: f.protocol, port: f.port, addresses: [ANY], why: `nginx (forward ${f.service})`, daemon: 'nginx' as const, needed: true })),
  ];
  for (const port of [80, 443]) {
    if (!out.some((n) => n.protocol === 'tcp' && n.port === port)) out.push({ protocol: 'tcp', port, addresses: [ANY], why: 'web forwards', daemon: 'nginx', needed: false });
  }
  return out;
}
