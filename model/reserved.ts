/**
 * Names and ports that dlan itself uses on every router, in one place for the renderers that
 * use them and the checks that keep a topology from colliding with them.
 */
import { endpointsOf, type NetworkSettings, type RouterDef, splitEndpoint } from './model.js';

/** The WireGuard interface (renderers/wireguard.ts). */
export const WG_IFNAME = 'wg-dlan';

/** The IANA VXLAN port (RFC 7348), the same on every router; the kernel binds it on every address. */
export const VXLAN_PORT = 4789;

/** VXLAN links are named dl<peer id> (model/slice.ts). */
export const vxlanIfname = (peerId: number): string => `dl${peerId}`;

/** Interface names dlan creates or that every Linux has: a LAN or WAN must not take one. */
export function isReservedIfname(name: string): boolean {
  return name === WG_IFNAME || name === 'lo' || /^dl[0-9]+$/.test(name);
}

/** Host names dnsmasq is given by dlan itself: `router.<router>.<domain>` is the router. */
export const RESERVED_HOST_NAMES: ReadonlySet<string> = new Set(['router']);

/**
 * The UDP port a router listens on for WireGuard: the port of its site endpoint (its own address
 * on the upstream LAN, so no NAT changes it), else of its (first) public endpoint, else the network's.
 */
export function wireguardPort(router: Pick<RouterDef, 'endpoint' | 'siteEndpoint'>, network: Pick<NetworkSettings, 'wireguard'>): number {
  const own = router.siteEndpoint ?? endpointsOf(router)[0];
  return own === undefined ? network.wireguard.port : splitEndpoint(own).port;
}

export interface ReservedPort {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  /** Who holds it, for a message: "WireGuard". */
  readonly by: string;
}

/**
 * Every port something dlan runs on this router listens on (on all addresses), so a port
 * forward there cannot bind it: WireGuard, the kernel's VXLAN socket, dnsmasq's DNS and DHCP
 * servers, the WAN's DHCP clients, and FRR's bfdd (single hop, echo, multi hop; bfdd always runs).
 */
export function reservedPorts(router: RouterDef, network: NetworkSettings): ReservedPort[] {
  const out: ReservedPort[] = [
    { protocol: 'udp', port: wireguardPort(router, network), by: 'WireGuard' },
    { protocol: 'udp', port: VXLAN_PORT, by: 'VXLAN (the kernel binds it on every address)' },
    { protocol: 'udp', port: 53, by: 'DNS (dnsmasq)' },
    { protocol: 'tcp', port: 53, by: 'DNS (dnsmasq)' },
    { protocol: 'udp', port: 68, by: "the WAN's DHCP client" },
    { protocol: 'udp', port: 546, by: "the WAN's DHCPv6 client" },
    { protocol: 'udp', port: 3784, by: 'BFD (bfdd)' },
    { protocol: 'udp', port: 3785, by: 'BFD echo (bfdd)' },
    { protocol: 'udp', port: 4784, by: 'multi-hop BFD (bfdd)' },
    // A forward there would open the agents' status API (and the home page) to the WAN.
    { protocol: 'tcp', port: network.agentApi.port, by: "the agent's status API (network.yaml agentApi.port)" },
  ];
  if (router.lan?.ipv4) out.push({ protocol: 'udp', port: 67, by: 'the DHCP server (dnsmasq)' });
  if (router.lan?.ipv6) out.push({ protocol: 'udp', port: 547, by: 'the DHCPv6 server (dnsmasq)' });
  return out;
}
